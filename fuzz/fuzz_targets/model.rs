//! The model parser, resolver and renderer on hostile input: arbitrary bytes, and structure-aware
//! mutations of a small valid model. Whatever the input, the generator returns a value or an error;
//! it never panics, overflows the stack or hangs.
//!
//! Rendering and formatting a whole crate takes milliseconds, so the stages are split by cost:
//!
//! - every input goes through the analysis stages: `model::parse_model`, `ir::resolve` (names,
//!   types, validation constraints and patterns, endpoint rules) and `waiters::compile_waiters`;
//! - a model that resolves also has its smoke tests rendered (`protocol_tests::render_smoke_tests`)
//!   and, for one input in [`RENDER_ONE_IN`], every file rendered to tokens (`write::render_files`);
//! - one resolved input in [`GENERATE_ONE_IN`] goes through the whole pipeline,
//!   `codegen::generate` (render, then `syn` parse and `prettyplease` format of every file).
//!
//! Which inputs are picked depends only on a hash of the input bytes, so a crash reproduces.
#![no_main]

use std::sync::OnceLock;

use codegen::{ir, model, protocol_tests, waiters, write};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// A small valid model with every shape kind (the `all-kinds` fixture).
const SEED: &str = include_str!("../../tests/fixtures/models/all-kinds.json");

/// At most this many mutations of the seed (each walks the whole tree; the rest of a longer input
/// is ignored).
const MAX_MUTATIONS: usize = 16;
/// Mutations that make the tree larger stop at this many JSON nodes (the seed has 170).
const MAX_NODES: usize = 2048;

/// One resolved input in this many is rendered to tokens (without formatting).
const RENDER_ONE_IN: u64 = 8;
/// One resolved input in this many goes through `codegen::generate`.
const GENERATE_ONE_IN: u64 = 64;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = if mode % 4 == 0 {
        // Arbitrary bytes as the model text.
        String::from_utf8_lossy(rest).into_owned()
    } else {
        // The seed model with mutations the bytes choose.
        let mut model = seed().clone();
        for step in rest.chunks(4).take(MAX_MUTATIONS) {
            mutate(&mut model, step);
        }
        model.to_string()
    };

    // The analysis stages, on every input.
    let Ok(model) = model::parse_model(&text) else {
        return;
    };
    let Ok(mut ir) = ir::resolve(&model, None) else {
        return;
    };
    match waiters::compile_waiters(&ir) {
        Ok((compiled, skipped)) => {
            ir.waiters = compiled;
            ir.skipped_waiters = skipped;
        }
        Err(_) => return,
    }
    let _ = protocol_tests::render_smoke_tests(&model, &ir);

    let config = codegen::CrateConfig {
        package_name: "fuzzed-sdk".to_string(),
        version: "0.1.0".to_string(),
        runtime_dependency: "{ path = \"../runtime\" }".to_string(),
    };
    let hash = fnv1a(data);
    if hash % GENERATE_ONE_IN == 0 {
        // The whole pipeline, as the generator runs it.
        let _ = codegen::generate(&text, None, &config);
    } else if hash % RENDER_ONE_IN == 0 {
        drop(write::render_files(&ir, &config));
    }
});

/// The seed model, parsed once.
fn seed() -> &'static Value {
    static SEED_VALUE: OnceLock<Value> = OnceLock::new();
    SEED_VALUE.get_or_init(|| serde_json::from_str(SEED).expect("the seed is JSON"))
}

/// FNV-1a, 64 bits: a fixed hash (the standard library's may change between releases).
fn fnv1a(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Values a mutation puts somewhere: names and shapes that resolve, and ones that should not.
const REPLACEMENTS: &[&str] = &[
    "null",
    "0",
    "-1",
    "4294967296",
    "1.7976931348623157e308",
    "\"\"",
    "\"smithy.api#String\"",
    "\"smithy.api#Unit\"",
    "\"fixture.allkinds#Missing\"",
    "\"not a shape id\"",
    "\"Self\"",
    "\"structure\"",
    "\"union\"",
    "\"enum\"",
    "\"list\"",
    "\"map\"",
    "\"operation\"",
    "[]",
    "{}",
    "{\"target\": \"smithy.api#Integer\"}",
    "{\"type\": \"structure\", \"members\": {}}",
    "{\"smithy.api#required\": {}}",
    "{\"smithy.api#default\": \"x\"}",
    "{\"smithy.api#sensitive\": {}}",
    "{\"smithy.api#timestampFormat\": \"nonsense\"}",
    "{\"smithy.api#paginated\": {\"inputToken\": \"Nope\"}}",
];

/// One mutation: `step[0]` picks the kind, `step[1..]` where and what.
fn mutate(model: &mut Value, step: &[u8]) {
    let pick = |i: usize| step.get(i).copied().unwrap_or(0) as usize;
    let total = count_nodes(model);
    let kind = pick(0) % 5;
    if total >= MAX_NODES && matches!(kind, 2 | 3) {
        return;
    }
    let Some(node) = nth_node(model, (pick(1) * 256 + pick(2)) % total) else {
        return;
    };
    match kind {
        // Replace the node with a value from the list.
        0 => *node = serde_json::from_str(REPLACEMENTS[pick(3) % REPLACEMENTS.len()]).unwrap(),
        // Remove a key of an object.
        1 => {
            if let Value::Object(map) = node {
                if let Some(key) = map.keys().nth(pick(3) % map.len().max(1)).cloned() {
                    map.remove(&key);
                }
            }
        }
        // Copy a key under another name (member names that differ by case, duplicated shapes).
        2 => {
            if let Value::Object(map) = node {
                if let Some((key, value)) = map.iter().nth(pick(3) % map.len().max(1)) {
                    let renamed = match pick(3) % 3 {
                        0 => key.to_lowercase(),
                        1 => key.to_uppercase(),
                        _ => format!("{key}#"),
                    };
                    let value = value.clone();
                    map.insert(renamed, value);
                }
            }
        }
        // Nest the node in itself (deep or cyclic-looking structures).
        3 => {
            let inner = node.take();
            *node = serde_json::json!({ "type": "structure", "members": { "m": inner } });
        }
        // Change a string in place.
        _ => {
            if let Value::String(s) = node {
                match pick(3) % 4 {
                    0 => s.push('#'),
                    1 => s.insert(0, '1'),
                    2 => *s = s.to_uppercase(),
                    _ => s.truncate(pick(3) % (s.len() + 1)),
                }
            }
        }
    }
}

/// The number of nodes of `value` (itself included).
fn count_nodes(value: &Value) -> usize {
    1 + match value {
        Value::Array(a) => a.iter().map(count_nodes).sum(),
        Value::Object(o) => o.values().map(count_nodes).sum(),
        _ => 0,
    }
}

/// The `n`-th node of `value` in depth-first order, mutable (`None` past the last one).
fn nth_node(value: &mut Value, n: usize) -> Option<&mut Value> {
    fn find(v: &mut Value, n: usize) -> Result<&mut Value, usize> {
        let Some(mut n) = n.checked_sub(1) else {
            return Ok(v);
        };
        match v {
            Value::Array(a) => {
                for child in a {
                    match find(child, n) {
                        Ok(found) => return Ok(found),
                        Err(left) => n = left,
                    }
                }
            }
            Value::Object(o) => {
                for child in o.values_mut() {
                    match find(child, n) {
                        Ok(found) => return Ok(found),
                        Err(left) => n = left,
                    }
                }
            }
            _ => {}
        }
        Err(n)
    }
    find(value, n).ok()
}
