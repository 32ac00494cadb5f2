//! Property tests of the wire codec of every generated type, driven by the model.
//!
//! The test resolves the real model with the generator (`codegen::ir`) and, for each structure,
//! enum and union of the SDK (plain types, errors, operation inputs and outputs), builds a
//! `proptest` strategy of arbitrary awsJson1_0 JSON for that shape: every member kind, optional
//! members present or absent, unknown enum values, unknown union members, unknown structure
//! members, sparse and dense collections, the three timestamp formats, NaN and infinities. Each
//! generated document is decoded into the generated Rust type and encoded again with the codec the
//! client uses (`from_json_slice` / `to_json_vec`); the test then checks that
//!
//! 1. the re-encoded JSON follows the awsJson1_0 rules for that shape ([`check_wire_rules`]): no
//!    `null` for absent members, only the model's member names, integers as integers in range,
//!    timestamps in the member's format (epoch seconds as numbers), blobs as canonical base64,
//!    exactly one member per union;
//! 2. decoding and encoding is the identity, up to what the protocol lets differ
//!    ([`normalize`]): unknown structure members are dropped (clients must ignore them), a
//!    timestamp is compared as an instant (the text of a date or the digits of an epoch number may
//!    differ: `5` and `5.0`, `...05.100Z` and `...05.1Z`), and a `float` as an `f32` (it is written
//!    with the shortest text that reads back as the same `f32`);
//! 3. the value's `Debug` output never shows a string from a `@sensitive` position: every string
//!    generated there (in a redacted member, a sensitive structure, enum or union, at any depth)
//!    carries the marker [`SENSITIVE`], which no other generated string contains.
//!
//! The types are reached through a table of every generated type (`support/wire_shape_table.rs`),
//! itself generated from the model and kept current by [`shape_table_is_current`]; the property
//! test asserts that it covers every shape of the model and nothing else.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use awsjson_runtime::codec::{from_json_slice, to_json_vec, WireDeserialize, WireSerialize};
use base64::Engine as _;
use codegen::ir::{Enumeration, Ir, ItemPath, RustType, Structure, Union};
use codegen::model::{EnumValue, TimestampFormat};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Map, Value};

#[path = "support/wire_shape_table.rs"]
mod wire_shape_table;

/// Every string generated in a `@sensitive` position starts with this; no other one contains it.
const SENSITIVE: &str = "S3NS1T1VE";
/// Strategies stop nesting optional members, collections and unions below this depth.
const MAX_DEPTH: u32 = 5;
/// Generated documents per shape (override with `WIRE_PROPERTY_CASES`).
const DEFAULT_CASES: u32 = 48;

/// JSON in, `(JSON written, Debug output)` out, or what failed.
type RoundTrip = fn(&[u8]) -> Result<(Vec<u8>, String), String>;

/// Decodes JSON into one generated type and encodes it again; also gives its `Debug` output.
#[derive(Clone, Copy)]
pub struct Codec {
    round_trip: RoundTrip,
}

impl Codec {
    fn of<T: WireSerialize + WireDeserialize + std::fmt::Debug>() -> Codec {
        Codec {
            round_trip: |json| {
                let value: T = from_json_slice(json).map_err(|e| format!("decode: {e}"))?;
                let encoded = to_json_vec(&value).map_err(|e| format!("encode: {e}"))?;
                Ok((encoded, format!("{value:?} {value:#?}")))
            },
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// The real model's IR, or `None` (with the reason printed) when the model is not on this
/// machine; in CI a missing model is a failure.
fn model_ir() -> Option<Ir> {
    let (_, json) = sdk_tests::manifest_model("partnercentral-selling-sdk")?;
    let model = codegen::model::parse_model(&json).expect("the model parses");
    Some(codegen::ir::resolve(&model, None).expect("the model resolves"))
}

/// One shape of the generated crate.
#[derive(Clone, Copy)]
enum ShapeDef<'a> {
    Structure(&'a Structure),
    Enum(&'a Enumeration),
    Union(&'a Union),
}

/// The Rust path of an item below the crate root, as the table writes it.
fn rust_path(path: &ItemPath) -> String {
    match path {
        ItemPath::Types(name) => format!("types::{name}"),
        ItemPath::Error(name) => format!("error::{name}"),
        ItemPath::Operation { module, name } => format!("operation::{module}::{name}"),
    }
}

/// Every structure, enum and union the SDK has, by Rust path.
fn all_shapes(ir: &Ir) -> BTreeMap<String, ShapeDef<'_>> {
    let mut shapes = BTreeMap::new();
    for s in ir.structures.iter().chain(&ir.errors) {
        shapes.insert(rust_path(&s.path), ShapeDef::Structure(s));
    }
    for op in &ir.operations {
        for s in [&op.input, &op.output] {
            if !s.shape_id.is_unit() {
                shapes.insert(rust_path(&s.path), ShapeDef::Structure(s));
            }
        }
    }
    for e in &ir.enums {
        shapes.insert(rust_path(&e.path), ShapeDef::Enum(e));
    }
    for u in &ir.unions {
        shapes.insert(rust_path(&u.path), ShapeDef::Union(u));
    }
    shapes
}

/// The text of `support/wire_shape_table.rs` for these shapes.
fn shape_table_text(shapes: &BTreeMap<String, ShapeDef<'_>>) -> String {
    let mut text = String::from(
        "// Every structure, enum and union of the generated SDK, for `wire_properties.rs`.\n\
         // Generated from the model by its test `shape_table_is_current`; do not edit. After a\n\
         // model change run `UPDATE_SHAPE_TABLE=1 cargo test -p sdk-tests --test wire_properties`\n\
         // (remove the entries of types that no longer exist first if it does not compile).\n\
         \n\
         use partnercentral_selling_sdk::{error, operation, types};\n\
         \n\
         use super::Codec;\n\
         \n\
         macro_rules! shape_table {\n    \
             ($($t:ty),* $(,)?) => {\n        \
                 /// `(Rust path, codec)` of every shape.\n        \
                 pub(crate) fn shapes() -> Vec<(String, Codec)> {\n            \
                     vec![$((stringify!($t).replace(' ', \"\"), Codec::of::<$t>())),*]\n        \
                 }\n    \
             };\n\
         }\n\
         \n\
         shape_table! {\n",
    );
    for path in shapes.keys() {
        text.push_str(&format!("    {path},\n"));
    }
    text.push_str("}\n");
    text
}

#[test]
fn shape_table_is_current() {
    let Some(ir) = model_ir() else { return };
    let expected = shape_table_text(&all_shapes(&ir));
    let file = workspace_root().join("tests/tests/support/wire_shape_table.rs");
    let actual = std::fs::read_to_string(&file).unwrap_or_default();
    if actual != expected {
        if std::env::var_os("UPDATE_SHAPE_TABLE").is_some() {
            std::fs::write(&file, &expected).expect("write the shape table");
            panic!("{} was rewritten; run the tests again", file.display());
        }
        panic!(
            "{} is out of date with the model: run \
             `UPDATE_SHAPE_TABLE=1 cargo test -p sdk-tests --test wire_properties`",
            file.display()
        );
    }
}

/// Builds (and caches) the strategies of arbitrary wire JSON for the shapes of one IR.
struct Strategies<'a> {
    by_path: BTreeMap<ItemPath, ShapeDef<'a>>,
    cache: BTreeMap<(ItemPath, u32, bool), BoxedStrategy<Value>>,
}

impl<'a> Strategies<'a> {
    fn new(shapes: &BTreeMap<String, ShapeDef<'a>>) -> Self {
        let by_path = shapes
            .values()
            .map(|def| {
                let path = match def {
                    ShapeDef::Structure(s) => s.path.clone(),
                    ShapeDef::Enum(e) => e.path.clone(),
                    ShapeDef::Union(u) => u.path.clone(),
                };
                (path, *def)
            })
            .collect();
        Strategies {
            by_path,
            cache: BTreeMap::new(),
        }
    }

    fn def(&self, path: &ItemPath) -> ShapeDef<'a> {
        *self
            .by_path
            .get(path)
            .unwrap_or_else(|| panic!("no shape for {path:?}"))
    }

    /// Arbitrary JSON for the named shape; `sensitive` when it sits in a `@sensitive` position.
    fn shape(&mut self, path: &ItemPath, depth: u32, sensitive: bool) -> BoxedStrategy<Value> {
        let key = (path.clone(), depth, sensitive);
        if let Some(s) = self.cache.get(&key) {
            return s.clone();
        }
        let strategy = match self.def(path) {
            ShapeDef::Structure(s) => self.structure(s, depth, sensitive),
            ShapeDef::Enum(e) => enumeration(e, sensitive || e.sensitive),
            ShapeDef::Union(u) => self.union(u, depth, sensitive),
        };
        self.cache.insert(key, strategy.clone());
        strategy
    }

    fn structure(&mut self, s: &Structure, depth: u32, sensitive: bool) -> BoxedStrategy<Value> {
        let sensitive = sensitive || s.sensitive;
        let mut members: Vec<BoxedStrategy<Option<(String, Value)>>> = Vec::new();
        for field in &s.fields {
            if field.optional && depth >= MAX_DEPTH {
                members.push(Just(None).boxed());
                continue;
            }
            let value = self.value(
                &field.ty,
                field.timestamp_format,
                depth + 1,
                sensitive || field.redacted,
            );
            let name = field.wire_name.clone();
            let member = if field.optional {
                prop::option::of(value)
                    .prop_map(move |v| v.map(|v| (name.clone(), v)))
                    .boxed()
            } else {
                value.prop_map(move |v| Some((name.clone(), v))).boxed()
            };
            members.push(member);
        }
        // Members this SDK does not know (a newer service): ignored when reading.
        let unknown = prop::collection::vec(document(1), 0..2);
        (members, unknown)
            .prop_map(|(members, unknown)| {
                let mut object: Map<String, Value> = members.into_iter().flatten().collect();
                for (i, value) in unknown.into_iter().enumerate() {
                    object.insert(format!("ZzUnknownMember{i}"), value);
                }
                Value::Object(object)
            })
            .boxed()
    }

    fn union(&mut self, u: &Union, depth: u32, sensitive: bool) -> BoxedStrategy<Value> {
        let sensitive = sensitive || u.sensitive;
        // A member this SDK does not know, kept as `Unknown { name, value }`.
        let unknown = document(1)
            .prop_filter("a union member is not null", |v| !v.is_null())
            .prop_map(|v| single("ZzUnknownVariant".to_string(), v))
            .boxed();
        if depth >= MAX_DEPTH {
            return unknown;
        }
        let mut choices = vec![unknown];
        for variant in &u.variants {
            let name = variant.wire_name.clone();
            choices.push(
                self.value(
                    &variant.ty,
                    variant.timestamp_format,
                    depth + 1,
                    sensitive || variant.redacted,
                )
                .prop_map(move |v| single(name.clone(), v))
                .boxed(),
            );
        }
        prop::strategy::Union::new(choices).boxed()
    }

    fn value(
        &mut self,
        ty: &RustType,
        timestamps: TimestampFormat,
        depth: u32,
        sensitive: bool,
    ) -> BoxedStrategy<Value> {
        match ty {
            RustType::Bool => any::<bool>().prop_map(Value::from).boxed(),
            RustType::I8 => any::<i8>().prop_map(Value::from).boxed(),
            RustType::I16 => any::<i16>().prop_map(Value::from).boxed(),
            RustType::I32 => any::<i32>().prop_map(Value::from).boxed(),
            RustType::I64 => any::<i64>().prop_map(Value::from).boxed(),
            RustType::F32 => any::<f32>().prop_map(|f| float(f as f64)).boxed(),
            RustType::F64 => any::<f64>().prop_map(float).boxed(),
            RustType::String => string(sensitive),
            RustType::Blob => prop::collection::vec(any::<u8>(), 0..24)
                .prop_map(|bytes| {
                    Value::from(base64::engine::general_purpose::STANDARD.encode(bytes))
                })
                .boxed(),
            RustType::DateTime => timestamp(timestamps),
            RustType::Document => document(2),
            RustType::BigInteger | RustType::BigDecimal => {
                any::<i64>().prop_map(Value::from).boxed()
            }
            RustType::Named(path) => self.shape(path, depth, sensitive),
            RustType::Boxed(inner) => self.value(inner, timestamps, depth, sensitive),
            RustType::List { element, sparse } => {
                let element = self.element(element, *sparse, timestamps, depth, sensitive);
                let max = if depth >= MAX_DEPTH { 0 } else { 3 };
                prop::collection::vec(element, 0..=max)
                    .prop_map(Value::Array)
                    .boxed()
            }
            RustType::Map { value, sparse } => {
                let value = self.element(value, *sparse, timestamps, depth, sensitive);
                let max = if depth >= MAX_DEPTH { 0 } else { 3 };
                prop::collection::btree_map(text(false), value, 0..=max)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect()))
                    .boxed()
            }
        }
    }

    /// A list element or map value: `null` is allowed only in sparse collections.
    fn element(
        &mut self,
        ty: &RustType,
        sparse: bool,
        timestamps: TimestampFormat,
        depth: u32,
        sensitive: bool,
    ) -> BoxedStrategy<Value> {
        let value = self.value(ty, timestamps, depth + 1, sensitive);
        if sparse {
            prop::option::of(value)
                .prop_map(|v| v.unwrap_or(Value::Null))
                .boxed()
        } else {
            value
        }
    }
}

fn single(name: String, value: Value) -> Value {
    Value::Object(Map::from_iter([(name, value)]))
}

/// A number, or `"NaN"`, `"Infinity"`, `"-Infinity"` as awsJson1_0 writes those.
fn float(f: f64) -> Value {
    if f.is_nan() {
        Value::from("NaN")
    } else if f.is_infinite() {
        Value::from(if f > 0.0 { "Infinity" } else { "-Infinity" })
    } else {
        Value::from(f)
    }
}

/// Any Unicode text; in a sensitive position it carries the marker.
fn text(sensitive: bool) -> BoxedStrategy<String> {
    prop::collection::vec(any::<char>(), 0..12)
        .prop_map(move |chars| {
            let text = String::from_iter(chars);
            if sensitive {
                format!("{SENSITIVE}{text}")
            } else {
                text
            }
        })
        .boxed()
}

/// A JSON string of [`text`].
fn string(sensitive: bool) -> BoxedStrategy<Value> {
    text(sensitive).prop_map(Value::from).boxed()
}

fn enumeration(e: &Enumeration, sensitive: bool) -> BoxedStrategy<Value> {
    let known: Vec<Value> = e
        .variants
        .iter()
        .map(|v| match &v.value {
            EnumValue::String(s) => Value::from(s.clone()),
            EnumValue::Int(i) => Value::from(*i),
        })
        .collect();
    // Values this SDK does not know (a newer service): kept and sent back as they came.
    let unknown = if e.is_int {
        any::<i32>().prop_map(Value::from).boxed()
    } else {
        string(sensitive)
    };
    if known.is_empty() {
        return unknown;
    }
    prop_oneof![3 => prop::sample::select(known), 1 => unknown].boxed()
}

/// A timestamp within the years 1900..9999 with millisecond precision, in `format`.
fn timestamp(format: TimestampFormat) -> BoxedStrategy<Value> {
    (-2_208_988_800i64..253_402_300_800, 0i64..1000)
        .prop_map(move |(seconds, millis)| {
            let at = awsjson_runtime::time::OffsetDateTime::from_unix_timestamp_nanos(
                (seconds as i128 * 1000 + millis as i128) * 1_000_000,
            )
            .expect("in range");
            match format {
                TimestampFormat::EpochSeconds if millis == 0 => Value::from(seconds),
                TimestampFormat::EpochSeconds => {
                    // The exact decimal text, e.g. `1398796238.123` or `-4.500`.
                    let total = seconds * 1000 + millis;
                    let sign = if total < 0 { "-" } else { "" };
                    let text = format!("{sign}{}.{:03}", total.abs() / 1000, total.abs() % 1000);
                    serde_json::from_str(&text).expect("a JSON number")
                }
                TimestampFormat::DateTime => Value::from(
                    at.format(&awsjson_runtime::time::format_description::well_known::Rfc3339)
                        .expect("RFC 3339"),
                ),
                TimestampFormat::HttpDate => {
                    let text = at
                        .format(&awsjson_runtime::time::format_description::well_known::Rfc2822)
                        .expect("RFC 2822");
                    let mut text = text.replace(" +0000", " GMT");
                    if millis != 0 {
                        text = text.replace(" GMT", &format!(".{millis:03} GMT"));
                    }
                    Value::from(text)
                }
            }
        })
        .boxed()
}

/// Arbitrary JSON (documents and unknown members), nested up to `depth`.
fn document(depth: u32) -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        string(false),
    ];
    leaf.prop_recursive(depth, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::collection::vec(any::<char>(), 0..6).prop_map(String::from_iter),
                inner,
                0..3
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
    .boxed()
}

/// Milliseconds since the epoch of a timestamp in any wire form.
fn instant_millis(value: &Value) -> Option<i128> {
    match value {
        Value::Number(n) => Some((n.as_f64()? * 1000.0).round() as i128),
        Value::String(_) => {
            let text = serde_json::to_vec(value).ok()?;
            let at: awsjson_runtime::DateTime = from_json_slice(&text).ok()?;
            Some(at.unix_timestamp_nanos() / 1_000_000)
        }
        _ => None,
    }
}

/// `value` with what the protocol lets differ made equal (see the module docs).
fn normalize(ty: &RustType, value: &Value, strategies: &Strategies<'_>) -> Value {
    match (ty, value) {
        (RustType::Named(path), _) => normalize_shape(path, value, strategies),
        (RustType::Boxed(inner), _) => normalize(inner, value, strategies),
        (RustType::DateTime, _) => instant_millis(value)
            .map(|ms| Value::from(ms as i64))
            .unwrap_or_else(|| value.clone()),
        (RustType::F32, Value::Number(n)) => {
            Value::from(n.as_f64().map(|f| f as f32 as f64).unwrap_or(f64::NAN))
        }
        (RustType::List { element, .. }, Value::Array(items)) => Value::Array(
            items
                .iter()
                .map(|v| normalize(element, v, strategies))
                .collect(),
        ),
        (RustType::Map { value: ty, .. }, Value::Object(entries)) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), normalize(ty, v, strategies)))
                .collect(),
        ),
        _ => value.clone(),
    }
}

fn normalize_shape(path: &ItemPath, value: &Value, strategies: &Strategies<'_>) -> Value {
    match (strategies.def(path), value) {
        (ShapeDef::Structure(s), Value::Object(members)) => Value::Object(
            s.fields
                .iter()
                .filter_map(|f| {
                    let v = members.get(&f.wire_name)?;
                    Some((f.wire_name.clone(), normalize(&f.ty, v, strategies)))
                })
                .collect(),
        ),
        (ShapeDef::Union(u), Value::Object(members)) => Value::Object(
            members
                .iter()
                .map(
                    |(name, v)| match u.variants.iter().find(|x| &x.wire_name == name) {
                        Some(variant) => (name.clone(), normalize(&variant.ty, v, strategies)),
                        None => (name.clone(), v.clone()),
                    },
                )
                .collect(),
        ),
        _ => value.clone(),
    }
}

/// Checks that `value`, written by the SDK for a member of type `ty`, follows the awsJson1_0
/// rules; `Err` says where and what is wrong.
fn check_wire_rules(
    ty: &RustType,
    timestamps: TimestampFormat,
    value: &Value,
    strategies: &Strategies<'_>,
    at: &str,
) -> Result<(), String> {
    let fail = |what: &str| Err(format!("{at}: {what}, got {value}"));
    let integer_in = |min: i64, max: i64| match value.as_i64() {
        Some(i) if (min..=max).contains(&i) => Ok(()),
        _ => fail(&format!("expected an integer in {min}..={max}")),
    };
    match ty {
        RustType::Bool if value.is_boolean() => Ok(()),
        RustType::Bool => fail("expected a boolean"),
        RustType::I8 => integer_in(i8::MIN.into(), i8::MAX.into()),
        RustType::I16 => integer_in(i16::MIN.into(), i16::MAX.into()),
        RustType::I32 => integer_in(i32::MIN.into(), i32::MAX.into()),
        RustType::I64 => integer_in(i64::MIN, i64::MAX),
        RustType::F32 | RustType::F64 => match value {
            Value::Number(_) => Ok(()),
            Value::String(s) if ["NaN", "Infinity", "-Infinity"].contains(&s.as_str()) => Ok(()),
            _ => fail("expected a number, \"NaN\", \"Infinity\" or \"-Infinity\""),
        },
        RustType::String if value.is_string() => Ok(()),
        RustType::String => fail("expected a string"),
        RustType::Blob => {
            let engine = base64::engine::general_purpose::STANDARD;
            match value.as_str().map(|s| (s, engine.decode(s))) {
                Some((s, Ok(bytes))) if engine.encode(&bytes) == s => Ok(()),
                _ => fail("expected canonical padded base64"),
            }
        }
        RustType::DateTime => match (timestamps, value) {
            (TimestampFormat::EpochSeconds, Value::Number(_)) => Ok(()),
            (TimestampFormat::DateTime, Value::String(s))
                if s.ends_with('Z') && s.as_bytes().get(10) == Some(&b'T') =>
            {
                Ok(())
            }
            (TimestampFormat::HttpDate, Value::String(s))
                if s.ends_with(" GMT") && s.as_bytes().get(3) == Some(&b',') =>
            {
                Ok(())
            }
            _ => fail(&format!("expected a {timestamps:?} timestamp")),
        },
        RustType::Document => Ok(()),
        RustType::BigInteger | RustType::BigDecimal => match value {
            Value::Number(_) | Value::String(_) => Ok(()),
            _ => fail("expected a number or a numeric string"),
        },
        RustType::Boxed(inner) => check_wire_rules(inner, timestamps, value, strategies, at),
        RustType::List { element, sparse } => {
            let Value::Array(items) = value else {
                return fail("expected an array");
            };
            for (i, item) in items.iter().enumerate() {
                let at = format!("{at}[{i}]");
                if item.is_null() && *sparse {
                    continue;
                }
                check_wire_rules(element, timestamps, item, strategies, &at)?;
            }
            Ok(())
        }
        RustType::Map { value: ty, sparse } => {
            let Value::Object(entries) = value else {
                return fail("expected an object");
            };
            for (key, item) in entries {
                let at = format!("{at}.{key}");
                if item.is_null() && *sparse {
                    continue;
                }
                check_wire_rules(ty, timestamps, item, strategies, &at)?;
            }
            Ok(())
        }
        RustType::Named(path) => check_shape_rules(path, value, strategies, at),
    }
}

fn check_shape_rules(
    path: &ItemPath,
    value: &Value,
    strategies: &Strategies<'_>,
    at: &str,
) -> Result<(), String> {
    match strategies.def(path) {
        ShapeDef::Structure(s) => {
            let Value::Object(members) = value else {
                return Err(format!("{at}: expected an object, got {value}"));
            };
            for (name, member) in members {
                let Some(field) = s.fields.iter().find(|f| &f.wire_name == name) else {
                    return Err(format!("{at}: `{name}` is not a member of {}", s.shape_id));
                };
                let at = format!("{at}.{name}");
                if member.is_null() {
                    return Err(format!("{at}: null written for a member"));
                }
                check_wire_rules(&field.ty, field.timestamp_format, member, strategies, &at)?;
            }
            for field in s.fields.iter().filter(|f| !f.optional) {
                if !members.contains_key(&field.wire_name) {
                    return Err(format!(
                        "{at}: `{}` is not optional but absent",
                        field.wire_name
                    ));
                }
            }
            Ok(())
        }
        ShapeDef::Enum(e) => match value {
            Value::Number(n)
                if e.is_int && n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) =>
            {
                Ok(())
            }
            Value::String(_) if !e.is_int => Ok(()),
            _ => Err(format!("{at}: not a value of enum {}: {value}", e.shape_id)),
        },
        ShapeDef::Union(u) => {
            let Some((name, member)) = value
                .as_object()
                .filter(|m| m.len() == 1)
                .and_then(|m| m.iter().next())
            else {
                return Err(format!(
                    "{at}: a union needs exactly one member, got {value}"
                ));
            };
            match u.variants.iter().find(|v| &v.wire_name == name) {
                Some(v) => check_wire_rules(
                    &v.ty,
                    v.timestamp_format,
                    member,
                    strategies,
                    &format!("{at}.{name}"),
                ),
                // An unknown member is sent back as it came.
                None => Ok(()),
            }
        }
    }
}

fn cases() -> u32 {
    std::env::var("WIRE_PROPERTY_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

#[test]
fn every_generated_type_round_trips_through_the_wire_codec() {
    let Some(ir) = model_ir() else { return };
    let shapes = all_shapes(&ir);
    let table: BTreeMap<String, Codec> = wire_shape_table::shapes().into_iter().collect();
    // Every shape of the model has its type in the table, and nothing else is there.
    let model_paths: BTreeSet<&String> = shapes.keys().collect();
    let table_paths: BTreeSet<&String> = table.keys().collect();
    assert_eq!(
        model_paths, table_paths,
        "the shape table is out of date (see shape_table_is_current)"
    );
    // 74 plain structures, 7 errors, 42 inputs and 33 outputs, 48 enums and 5 unions.
    assert_eq!(shapes.len(), 209);

    let mut strategies = Strategies::new(&shapes);
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    };
    let mut checked = 0;
    let mut sensitive_seen = 0;
    for (path, def) in &shapes {
        let item = match def {
            ShapeDef::Structure(s) => s.path.clone(),
            ShapeDef::Enum(e) => e.path.clone(),
            ShapeDef::Union(u) => u.path.clone(),
        };
        let strategy = strategies.shape(&item, 0, false);
        let codec = table[path];
        let ty = RustType::Named(item);
        let saw_sensitive = std::cell::Cell::new(false);
        let ran = std::cell::Cell::new(0u32);
        // A runner per shape: a runner counts its cases across runs.
        let result = TestRunner::new(config.clone()).run(&strategy, |input| {
            ran.set(ran.get() + 1);
            let json = serde_json::to_vec(&input).expect("JSON");
            let (encoded, debug) = (codec.round_trip)(&json).map_err(TestCaseError::fail)?;
            let output: Value = serde_json::from_slice(&encoded)
                .map_err(|e| TestCaseError::fail(format!("the SDK wrote invalid JSON: {e}")))?;
            check_wire_rules(
                &ty,
                TimestampFormat::EpochSeconds,
                &output,
                &strategies,
                "$",
            )
            .map_err(|e| TestCaseError::fail(format!("wire rules: {e}\nwritten: {output}")))?;
            let (expected, actual) = (
                normalize(&ty, &input, &strategies),
                normalize(&ty, &output, &strategies),
            );
            prop_assert_eq!(&expected, &actual, "not the identity; wrote {}", output);
            if json
                .windows(SENSITIVE.len())
                .any(|w| w == SENSITIVE.as_bytes())
            {
                saw_sensitive.set(true);
            }
            prop_assert!(
                !debug.contains(SENSITIVE),
                "Debug shows a sensitive value: {}",
                debug
            );
            Ok(())
        });
        if let Err(e) = result {
            panic!("{path}: {e}");
        }
        assert!(ran.get() >= config.cases, "{path}: {} cases ran", ran.get());
        checked += 1;
        sensitive_seen += usize::from(saw_sensitive.get());
    }
    assert_eq!(checked, shapes.len());
    // Sensitive values were generated (so the Debug check had something to find) for the
    // shapes that hold them.
    assert!(sensitive_seen > 0, "no sensitive value was generated");
    eprintln!(
        "{checked} shapes, {} documents each; {sensitive_seen} shapes held sensitive values",
        cases()
    );
}
