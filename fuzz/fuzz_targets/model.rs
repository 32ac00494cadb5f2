//! The model parser, resolver and renderer on hostile input: arbitrary bytes, and structure-aware
//! mutations of a small valid model. Whatever the input, `codegen::generate` returns a value or an
//! error; it never panics, overflows the stack or hangs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// A small valid model with every shape kind (the `all-kinds` fixture).
const SEED: &str = include_str!("../../tests/fixtures/models/all-kinds.json");

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = if mode % 4 == 0 {
        // Arbitrary bytes as the model text.
        String::from_utf8_lossy(rest).into_owned()
    } else {
        // The seed model with mutations the bytes choose.
        let mut model: Value = serde_json::from_str(SEED).expect("the seed is JSON");
        for step in rest.chunks(4) {
            mutate(&mut model, step);
        }
        model.to_string()
    };
    let config = codegen::CrateConfig {
        package_name: "fuzzed-sdk".to_string(),
        version: "0.1.0".to_string(),
        runtime_dependency: "{ path = \"../runtime\" }".to_string(),
    };
    let _ = codegen::generate(&text, None, &config);
});

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
    let Some(node) = nth_node(model, pick(1) * 256 + pick(2)) else {
        return;
    };
    match pick(0) % 5 {
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

/// The `n`-th node of `value` in depth-first order (wrapping around), mutable.
fn nth_node(value: &mut Value, n: usize) -> Option<&mut Value> {
    fn count(v: &Value) -> usize {
        1 + match v {
            Value::Array(a) => a.iter().map(count).sum(),
            Value::Object(o) => o.values().map(count).sum(),
            _ => 0,
        }
    }
    fn find(v: &mut Value, mut n: usize) -> Result<&mut Value, usize> {
        if n == 0 {
            return Ok(v);
        }
        n -= 1;
        let children: Vec<&mut Value> = match v {
            Value::Array(a) => a.iter_mut().collect(),
            Value::Object(o) => o.values_mut().collect(),
            _ => Vec::new(),
        };
        for child in children {
            match find(child, n) {
                Ok(found) => return Ok(found),
                Err(left) => n = left,
            }
        }
        Err(n)
    }
    let total = count(value);
    find(value, n % total).ok()
}
