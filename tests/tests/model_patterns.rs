//! Every `@pattern` of the Partner Central model, lowered by the generator
//! (`codegen::pattern::lower`) and checked by the runtime's `Pattern` (the path generated
//! validation takes), against values it must accept and values it must reject. The examples
//! follow ECMA 262 semantics (as Smithy specifies): search, not an implicit full match; `.` stops
//! at line terminators unless `(?s)`; `\d` and `\w` are ASCII; a leading look-ahead bounds the
//! whole value. A pattern the model gains and this table lacks fails the test.

use std::collections::BTreeSet;

use awsjson_runtime::validation::Pattern;

fn rep(s: &str, n: usize) -> String {
    s.repeat(n)
}

fn strs(values: &[&str]) -> Vec<String> {
    values.iter().map(|s| s.to_string()).collect()
}

/// (pattern, accepted, rejected)
fn table() -> Vec<(&'static str, Vec<String>, Vec<String>)> {
    let role_arn = "arn:aws:iam::123456789012:role/";
    let offer = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/";
    let estimate = "https://calculator.aws/#/estimate?id=";
    let taggable = "arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/";
    // `^(?s).{m,n}$`: any characters, newlines included, counted as Unicode scalar values.
    let length = |min: usize, max: usize| {
        let mut accepted = vec![rep("é", max), rep("a\n", max / 2)];
        let mut rejected = vec![rep("x", max + 1)];
        if min == 0 {
            accepted.push(String::new());
        } else {
            accepted.push(rep("日", min));
            rejected.push(rep("x", min - 1));
        }
        (accepted, rejected)
    };
    let mut rows = vec![
        (
            r"^((0|([1-9][0-9]{0,30}))(\.[0-9]{0,2})?)?$",
            strs(&["", "0", "12.5", "100.25", "7."]),
            strs(&["01", "1.234", "-1", "1,5", "٣"]),
        ),
        (
            r"^(0|([1-9][0-9]{0,30}))(\.[0-9]{0,2})?$",
            strs(&["0", "1234.56"]),
            strs(&["", "01", "1.234", "1\n"]),
        ),
        (
            r"^(?=.{0,2048}$)(arn:aws:iam::\d{12}:role/([-+=,.@_a-zA-Z0-9]+/)*)?[-+=,.@_a-zA-Z0-9]{1,64}$",
            vec![
                "MyRole".into(),
                format!("{role_arn}path/MyRole"),
                format!("{role_arn}{}x", rep("a/", 1000)),
            ],
            vec![
                String::new(),
                "My Role".into(),
                rep("a", 65),
                "arn:aws:iam::١٢٣٤٥٦٧٨٩٠١٢:role/x".into(),
                // Matches the rest of the pattern, but is longer than the look-ahead allows.
                format!("{role_arn}{}x", rep("a/", 1010)),
            ],
        ),
        (
            r"^(?=.{0,2048}$)arn:aws:iam::\d{12}:role/([-+=,.@_a-zA-Z0-9]+/)*[-+=,.@_a-zA-Z0-9]{1,64}$",
            vec![format!("{role_arn}MyRole"), format!("{role_arn}a/b/MyRole")],
            vec![
                "MyRole".into(),
                "arn:aws:iam::12345678901:role/x".into(),
                format!("{role_arn}{}x", rep("a/", 1010)),
            ],
        ),
        (
            r"^(?=.{0,256}$)([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$",
            vec![
                String::new(),
                "env prod".into(),
                "Ünïcødé 日本 ٣".into(),
                "a-b_c.d:e/f=g+h@i".into(),
                rep("v", 256),
            ],
            vec!["a!b".into(), "tab\there".into(), rep("v", 257)],
        ),
        (
            r"^(?=.{0,80}$)[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$",
            vec![
                "jane.doe@example.com".into(),
                "a&b~c@x.io".into(),
                format!("{}@x.io", rep("a", 75)),
            ],
            vec![
                "Jane@example.com".into(),
                "jane@localhost".into(),
                "jane@@example.com".into(),
                format!("{}@x.io", rep("a", 76)),
            ],
        ),
        (
            r"^(?=.{1,1000}$)arn:[\w+=/,.@-]+:partnercentral:[\w+=/,.@-]*:[0-9]{12}:catalog/([a-zA-Z]+)/[\w+=,.@-]+(/[\w+=,.@-]+)*$",
            vec![
                format!("{taggable}engagement/eng-1"),
                "arn:aws:partnercentral::123456789012:catalog/Sandbox/x".into(),
            ],
            vec![
                "arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS".into(),
                format!("{taggable}é"),
                format!("{taggable}{}", rep("a", 1000)),
            ],
        ),
        (
            r"^(?=.{1,128}$)([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$",
            strs(&["env", "Kostenstelle 1", "ключ"]),
            vec![String::new(), "a#b".into(), rep("k", 129)],
        ),
        (
            r"^(?=.{1,255}$)(arn:.*|engi-[0-9a-z]{13})$",
            strs(&["engi-0123456789abc", "arn:aws:anything at all"]),
            vec![
                String::new(),
                "engi-0123".into(),
                "arn:a\nb".into(),
                format!("arn:{}", rep("x", 252)),
            ],
        ),
        (
            r"^(?=.{1,80}$)[a-zA-Z0-9.!#$%&'*+/=?^_{|}~-]+@[a-zA-Z0-9-]+(?:.[a-zA-Z0-9-]+)*$",
            // The unescaped `.` of the model matches any character but a line terminator.
            strs(&["Jane.Doe@Example.com", "a@b", "a@b_c"]),
            vec![
                "a b@c".into(),
                "@b".into(),
                "a@".into(),
                "a@b\nc".into(),
                format!("{}@b.c", rep("a", 77)),
            ],
        ),
        (
            r"^(?=.{4,255}$)((http|https)://)??(www[.])??([a-zA-Z0-9]|-)+?([.][a-zA-Z0-9(-|/|=|?)??]+?)+?$",
            strs(&["https://www.example.com", "example.com/path?x=1", "a.io"]),
            vec![
                "a.i".into(),
                "example".into(),
                "exa mple.com".into(),
                "ftp://x.com".into(),
                format!("{}.com", rep("a", 252)),
            ],
        ),
        (
            r"^([0-9]{12}|\w{1,12})$",
            strs(&["123456789012", "abc_123"]),
            strs(&["", "1234567890123", "ab-c", "héllo"]),
        ),
        (
            r"^(arn:.*|eng-[0-9a-z]{14})$",
            strs(&["eng-0123456789abcd", "arn:x"]),
            strs(&["eng-0123", "arn:x\ny", "xarn:"]),
        ),
        (
            r"^(arn:.*|task-[0-9a-z]{13})$",
            strs(&["task-0123456789abc", "arn:"]),
            // ECMA's `.` excludes `\r` (the `regex` crate's would not).
            strs(&["task-0123456789ab", "arn:\r", "arn:\u{2028}"]),
        ),
        (
            r"^.{1,255}$",
            vec![
                "x".into(),
                "c0a8f9e2-1b3d-4e5f-8a7b-9c0d1e2f3a4b".into(),
                rep("é", 255),
            ],
            vec![String::new(), rep("x", 256), "a\nb".into(), "a\rb".into()],
        ),
        (
            r"^O[0-9]{1,19}$",
            strs(&["O1234", "O1234567890123456789"]),
            strs(&["O", "o123", "O12345678901234567890", "XO1"]),
        ),
        (r"^S-[0-9]{1,19}$", strs(&["S-1"]), strs(&["S-", "S1"])),
        (
            r"^[0-9]{9}$",
            strs(&["123456789"]),
            strs(&["12345678", "1234567890", "١٢٣٤٥٦٧٨٩"]),
        ),
        (r"^[1-9][0-9]*$", strs(&["1", "10"]), strs(&["0", "01", ""])),
        (
            r"^[1-9][0-9]{3}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$",
            strs(&["2025-12-31", "1999-01-01"]),
            strs(&["2025-13-01", "0999-01-01", "2025-1-1", "2025-12-32"]),
        ),
        (
            r"^[\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD]{1,80}$",
            vec!["Not a fit".into(), "café".into(), rep("x", 80)],
            vec![String::new(), "tab\t".into(), "😀".into(), rep("x", 81)],
        ),
        (
            r"^[a-zA-Z0-9]{3,80}$",
            strs(&["abc", "Template01"]),
            strs(&["ab", "a-b-c"]),
        ),
        (
            r"^[a-zA-Z]+$",
            strs(&["AWS", "Sandbox"]),
            strs(&["", "AWS1"]),
        ),
        (
            r"^\+[1-9]\d{1,14}$",
            strs(&["+14155550100", "+12"]),
            strs(&["14155550100", "+0123", "+1٢٣", "+1234567890123456"]),
        ),
        // Not anchored at the end: anything may follow, line terminators included.
        (
            r"^arn:.*",
            strs(&["arn:aws:x", "arn:\nmore"]),
            strs(&["aws:arn:x", ""]),
        ),
        (
            r"^arn:.*$",
            strs(&["arn:aws", "arn:"]),
            strs(&["arn:a\nb", "xarn:"]),
        ),
        (
            r"^arn:aws:aws-marketplace:[a-z]{1,2}-[a-z]*-\d+:\d{12}:AWSMarketplace/Offer/.*$",
            vec![format!("{offer}Offer/offer-abc")],
            vec![
                format!("{offer}OfferSet/offerset-abc"),
                "arn:aws:aws-marketplace:use-east-1:123456789012:AWSMarketplace/Offer/x".into(),
            ],
        ),
        (
            r"^arn:aws:aws-marketplace:[a-z]{1,2}-[a-z]*-\d+:\d{12}:AWSMarketplace/OfferSet/offerset-.*",
            vec![format!("{offer}OfferSet/offerset-abc")],
            vec![format!("{offer}Offer/offer-abc")],
        ),
        (
            r"^arn:aws:partnercentral::[0-9]{12}:[a-zA-Z]+/engagement-invitation/engi-[0-9,a-z]{13}$",
            strs(&[
                "arn:aws:partnercentral::123456789012:AWS/engagement-invitation/engi-0123456789abc",
            ]),
            strs(&[
                "arn:aws:partnercentral::123456789012:AWS/engagement-invitation/engi-0123456789ab",
            ]),
        ),
        (
            r"^eng-[0-9a-z]{14}$",
            strs(&["eng-0123456789abcd"]),
            strs(&["eng-0123456789ABCD"]),
        ),
        (
            r"^engi-[0-9,a-z]{13}$",
            strs(&["engi-0123456789abc", "engi-,,,,,,,,,,,,,"]),
            strs(&["engi-0123456789ab"]),
        ),
        (
            r"^https://(calculator\.aws|pricing\.calculator\.aws\.eu)/#/estimate\?id=[a-f0-9]{32,64}$",
            vec![
                format!("{estimate}{}", rep("a", 32)),
                format!(
                    "https://pricing.calculator.aws.eu/#/estimate?id={}",
                    rep("0", 64)
                ),
            ],
            vec![
                format!("{estimate}{}", rep("a", 31)),
                format!("http://calculator.aws/#/estimate?id={}", rep("a", 32)),
                format!("https://calculatorXaws/#/estimate?id={}", rep("a", 32)),
            ],
        ),
        (
            r"^job-[0-9a-z]{13}$",
            strs(&["job-0123456789abc"]),
            strs(&["job-0123456789ab"]),
        ),
        // Not anchored at the start: a prefix is allowed.
        (
            r"task-[0-9a-z]{13}$",
            strs(&["task-0123456789abc", "mytask-0123456789abc"]),
            strs(&["task-0123456789ab", "task-0123456789abc\n"]),
        ),
    ];
    for (pattern, min, max) in [
        (r"^(?s).{0,120}$", 0, 120),
        (r"^(?s).{0,20}$", 0, 20),
        (r"^(?s).{0,255}$", 0, 255),
        (r"^(?s).{0,64}$", 0, 64),
        (r"^(?s).{0,80}$", 0, 80),
        (r"^(?s).{1,120}$", 1, 120),
        (r"^(?s).{1,2048}$", 1, 2048),
        (r"^(?s).{1,20}$", 1, 20),
        (r"^(?s).{1,255}$", 1, 255),
        (r"^(?s).{1,3}$", 1, 3),
        (r"^(?s).{1,40}$", 1, 40),
        (r"^(?s).{1,80}$", 1, 80),
        (r"^(?s).{20,2000}$", 20, 2000),
        (r"^(?s).{4,255}$", 4, 255),
    ] {
        let (accepted, rejected) = length(min, max);
        rows.push((pattern, accepted, rejected));
    }
    rows
}

/// Every `smithy.api#pattern` value in the manifest's model (on shapes and on members), with the
/// number of uses; `None` (with the reason printed) when the model is not on this machine, which
/// fails in CI.
fn model_patterns() -> Option<(BTreeSet<String>, usize)> {
    let (_, json) = sdk_tests::manifest_model("partnercentral-selling-sdk")?;
    let model: serde_json::Value = serde_json::from_str(&json).expect("model JSON");
    let mut patterns = BTreeSet::new();
    let mut uses = 0;
    let pattern_of = |traits: &serde_json::Value| {
        traits
            .get("smithy.api#pattern")
            .and_then(|p| p.as_str())
            .map(str::to_string)
    };
    for shape in model["shapes"].as_object().expect("shapes").values() {
        let members = shape["members"]
            .as_object()
            .into_iter()
            .flat_map(|m| m.values());
        let own = std::iter::once(shape);
        for traits in own.chain(members).map(|s| &s["traits"]) {
            if let Some(p) = pattern_of(traits) {
                uses += 1;
                patterns.insert(p);
            }
        }
    }
    Some((patterns, uses))
}

#[test]
fn the_table_covers_every_pattern_of_the_model() {
    let Some((in_model, uses)) = model_patterns() else {
        return;
    };
    let in_table: BTreeSet<String> = table().iter().map(|r| r.0.to_string()).collect();
    let missing: Vec<_> = in_model.difference(&in_table).collect();
    let extra: Vec<_> = in_table.difference(&in_model).collect();
    assert!(
        missing.is_empty(),
        "patterns without examples: {missing:#?}"
    );
    assert!(
        extra.is_empty(),
        "examples for patterns not in the model: {extra:#?}"
    );
    assert_eq!(
        table().len(),
        in_table.len(),
        "a pattern is in the table twice"
    );
    // 98 uses of 48 distinct patterns when this was written.
    println!("{uses} @pattern uses, {} distinct patterns", in_model.len());
}

#[test]
fn every_pattern_accepts_and_rejects_its_examples() {
    let mut failures = Vec::new();
    for (model_pattern, accepted, rejected) in table() {
        assert!(
            !accepted.is_empty() && !rejected.is_empty(),
            "{model_pattern}: needs examples of both kinds"
        );
        let lowered = codegen::pattern::lower(model_pattern)
            .unwrap_or_else(|e| panic!("{model_pattern} does not lower: {e}"));
        let regex: Option<&'static str> = lowered.regex.map(|r| &*Box::leak(r.into_boxed_str()));
        let pattern = Pattern::new(model_pattern, regex, lowered.chars, lowered.single_line);
        for (values, expected) in [(&accepted, true), (&rejected, false)] {
            for value in values {
                match pattern.matches(value) {
                    Ok(found) if found == expected => {}
                    other => failures.push(format!(
                        "{model_pattern}: {value:?} should be {}, got {other:?}",
                        if expected { "accepted" } else { "rejected" }
                    )),
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
