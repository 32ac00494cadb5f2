//! Test data for the benchmarks, generated from the model's shapes rather than written by hand:
//! [`example_value`] fills every member of a shape with a plausible wire value (the first enum
//! value, a timestamp, a short string that respects `@length`), so a response holds every field
//! a real one can.

use serde_json::{json, Map, Value};

/// The Smithy model (JSON AST) at `path`.
pub fn load_model(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {path}: {e}"))
}

/// A wire (awsJson1_0) value for shape `id`, with every member set. `salt` varies strings so
/// items of a list differ; `depth` stops recursive shapes.
pub fn example_value(model: &Value, id: &str, salt: usize, depth: usize) -> Value {
    let shapes = &model["shapes"];
    let Some(shape) = shapes.get(id) else {
        // Prelude shapes (`smithy.api#String`, ...).
        return prelude_value(id, salt);
    };
    let traits = shape.get("traits").cloned().unwrap_or(Value::Null);
    match shape["type"].as_str().unwrap_or_default() {
        "structure" | "union" => {
            let mut out = Map::new();
            if depth > 4 {
                return Value::Object(out);
            }
            if let Some(members) = shape["members"].as_object() {
                for (name, member) in members {
                    let target = member["target"].as_str().unwrap_or_default();
                    let date_time = [&member["traits"], &shapes[target]["traits"]]
                        .iter()
                        .any(|t| t["smithy.api#timestampFormat"] == "date-time");
                    let value = if date_time {
                        json!(format!("2023-11-{:02}T22:13:20Z", 1 + salt % 28))
                    } else {
                        example_value(model, target, salt, depth + 1)
                    };
                    out.insert(name.clone(), value);
                    if shape["type"] == "union" {
                        break;
                    }
                }
            }
            Value::Object(out)
        }
        "list" | "set" => {
            let target = shape["member"]["target"].as_str().unwrap_or_default();
            Value::Array(
                (0..2)
                    .map(|i| example_value(model, target, salt + i, depth + 1))
                    .collect(),
            )
        }
        "map" => {
            let target = shape["value"]["target"].as_str().unwrap_or_default();
            json!({ format!("key{salt}"): example_value(model, target, salt, depth + 1) })
        }
        "enum" => {
            let members = shape["members"].as_object().expect("enum members");
            let first = members.values().next().expect("an enum value");
            first["traits"]["smithy.api#enumValue"].clone()
        }
        "string" => {
            if let Some(values) = traits.get("smithy.api#enum").and_then(Value::as_array) {
                return values[0]["value"].clone();
            }
            let max = traits["smithy.api#length"]["max"].as_u64().unwrap_or(40) as usize;
            let text = format!("example text {salt} for {}", short_name(id));
            Value::String(text.chars().take(max.max(1)).collect())
        }
        other => prelude_value(other, salt),
    }
}

fn short_name(id: &str) -> &str {
    id.rsplit('#').next().unwrap_or(id)
}

fn prelude_value(kind: &str, salt: usize) -> Value {
    match short_name(kind).to_ascii_lowercase().as_str() {
        "timestamp" => json!(1_700_000_000 + salt as i64),
        "boolean" | "primitiveboolean" => json!(salt % 2 == 0),
        "integer" | "long" | "short" | "byte" | "intenum" | "primitiveinteger"
        | "primitivelong" => json!(salt % 1000),
        "float" | "double" | "bigdecimal" | "biginteger" => json!(salt as f64 + 0.5),
        "blob" => json!("ZXhhbXBsZQ=="),
        "document" => json!({"k": salt}),
        _ => json!(format!("value-{salt}")),
    }
}

/// A `ListOpportunities` response with `count` fully populated summaries.
pub fn list_opportunities_response(model: &Value, count: usize) -> Vec<u8> {
    let summaries: Vec<Value> = (0..count)
        .map(|i| {
            example_value(
                model,
                "com.amazonaws.partnercentralselling#OpportunitySummary",
                i,
                0,
            )
        })
        .collect();
    serde_json::to_vec(&json!({
        "OpportunitySummaries": summaries,
        "NextToken": "next-page-token",
    }))
    .expect("serializable")
}

/// A fully populated `GetOpportunity` response.
pub fn get_opportunity_response(model: &Value) -> Vec<u8> {
    serde_json::to_vec(&example_value(
        model,
        "com.amazonaws.partnercentralselling#GetOpportunityResponse",
        7,
        0,
    ))
    .expect("serializable")
}
