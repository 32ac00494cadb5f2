//! Broken models never panic: each fixture under `fixtures/hostile/` gives an error that names the
//! shape (or position) and the problem.

use std::path::Path;

/// (fixture, substrings the error message must contain)
const CASES: &[(&str, &[&str])] = &[
    (
        "truncated.json",
        &["not a valid Smithy JSON AST", "line 1", "EOF"],
    ),
    (
        "not-an-object.json",
        &["not a valid Smithy JSON AST", "invalid type"],
    ),
    (
        "dangling-target.json",
        &["ex#OpInput$A", "ex#Missing", "not defined"],
    ),
    (
        "unknown-shape-type.json",
        &["ex#Weird", "unknown shape type `quaternion`"],
    ),
    (
        "member-collision.json",
        &["ex#OpInput", "`fooBar`", "`FooBar`", "`foo_bar`"],
    ),
    ("operation-collision.json", &["ex#Op", "other#Op", "`op`"]),
    (
        "shape-collision.json",
        &["ex#Thing", "other#Thing", "`Thing`"],
    ),
    (
        "enum-variant-collision.json",
        &["ex#E", "`FOO_BAR`", "`FooBar`"],
    ),
    (
        "bad-trait-value.json",
        &["ex#S", "smithy.api#length", "`min`"],
    ),
    (
        "bad-default.json",
        &["ex#OpInput$A", "smithy.api#default", "\"zero\""],
    ),
    (
        "invalid-shape-id.json",
        &["`not a shape id`", "not a valid absolute shape id"],
    ),
    ("error-without-trait.json", &["ex#NotAnError", "@error"]),
    (
        "map-with-integer-key.json",
        &["ex#M", "map keys", "integer"],
    ),
    ("mixin-cycle.json", &["ex#", "mixins form a cycle"]),
    // Found by fuzzing: resolving the element type recursed until the stack overflowed.
    (
        "list-cycle.json",
        &["ex#", "only contain itself through a structure or union"],
    ),
    ("missing-input-shape.json", &["ex#OpInput", "not defined"]),
    ("empty-union.json", &["ex#U", "at least one member"]),
    (
        "paginated-missing-member.json",
        &["ex#Op", "outputToken", "`Next`"],
    ),
    ("no-service.json", &["no service"]),
    (
        "endpoint-discovery-required.json",
        &[
            "ex#Op",
            "aws.api#clientDiscoveredEndpoint",
            "requires endpoint discovery",
        ],
    ),
    (
        "waiter-bad-delays.json",
        &[
            "ex#Op",
            "smithy.waiters#waitable",
            "`Ready`",
            "maxDelay 5 is less than minDelay 30",
        ],
    ),
    (
        "waiter-bad-path.json",
        &[
            "ex#Op",
            "smithy.waiters#waitable",
            "`Ready`",
            "`Items[?State == 'OK'`",
            "expected `]`, found the end",
        ],
    ),
    ("int-enum-overflow.json", &["ex#I$BIG", "32 bits"]),
    (
        "pattern-look-behind.json",
        &[
            "ex#S",
            "smithy.api#pattern",
            "`^(?<!a)b$`",
            "look-around `(?<!",
        ],
    ),
    (
        "pattern-backreference.json",
        &[
            "ex#OpInput$A",
            "smithy.api#pattern",
            "`^(a)\\1$`",
            "cannot compile",
        ],
    ),
    (
        "endpoint-rules-unknown-function.json",
        &[
            "ex#Svc",
            "smithy.rules#endpointRuleSet",
            "`rules[0].rules[1].conditions[0]`",
            "unsupported function `aws.frobnicate`",
        ],
    ),
    (
        "endpoint-rules-unset-template.json",
        &[
            "ex#Svc",
            "smithy.rules#endpointRuleSet",
            "`rules[0].endpoint.url`",
            "`Region`",
            "unset",
        ],
    ),
];

fn fixtures_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/hostile"))
}

#[test]
fn every_hostile_fixture_gives_a_clear_error() {
    let config = codegen::CrateConfig {
        package_name: "hostile".to_string(),
        version: "0.0.0".to_string(),
        runtime_dependency: "{ path = \"../runtime\" }".to_string(),
    };
    let mut failures = Vec::new();
    for (file, expected) in CASES {
        let json = std::fs::read_to_string(fixtures_dir().join(file)).expect("fixture exists");
        match codegen::generate(&json, None, &config) {
            Ok(_) => failures.push(format!("{file}: generated without error")),
            Err(e) => {
                let message = e.to_string();
                for needle in *expected {
                    if !message.contains(needle) {
                        failures.push(format!("{file}: `{message}` lacks `{needle}`"));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_fixture_file_is_in_the_table() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|(f, _)| f.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
    assert!(listed.len() >= 10);
}
