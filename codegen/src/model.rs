//! Parse stage: the Smithy 2.0 JSON AST into typed Rust values.
//!
//! Every shape kind of the specification is represented, member order is kept, `apply` statements are
//! folded into their targets, mixins are flattened, and the prelude (`smithy.api#String`, `Unit`, ...)
//! is added. Traits the generator acts on become typed fields of [`Traits`]; every other trait stays
//! as raw JSON in [`Traits::other`]. Every error names the shape and what is wrong with it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::error::ModelError;

/// A Smithy identifier: a letter or `_`, then letters, digits and `_`.
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// An absolute shape id: `namespace#Name`, optionally with a `$member` part.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId {
    namespace: String,
    name: String,
    member: Option<String>,
}

impl ShapeId {
    /// Parses `namespace#Name` or `namespace#Name$member`.
    pub fn parse(text: &str) -> Option<ShapeId> {
        let (namespace, rest) = text.split_once('#')?;
        let (name, member) = match rest.split_once('$') {
            Some((name, member)) => (name, Some(member)),
            None => (rest, None),
        };
        let namespace_ok = !namespace.is_empty() && namespace.split('.').all(is_identifier);
        if !namespace_ok || !is_identifier(name) || !member.is_none_or(is_identifier) {
            return None;
        }
        Some(ShapeId {
            namespace: namespace.to_string(),
            name: name.to_string(),
            member: member.map(str::to_string),
        })
    }

    /// The namespace, e.g. `com.amazonaws.partnercentralselling`.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The shape name, e.g. `Opportunity`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The member name of a member id.
    pub fn member(&self) -> Option<&str> {
        self.member.as_deref()
    }

    /// The id of the shape that holds this member (or the id itself).
    pub fn root(&self) -> ShapeId {
        ShapeId {
            namespace: self.namespace.clone(),
            name: self.name.clone(),
            member: None,
        }
    }

    /// The id of a member of this shape.
    pub fn with_member(&self, member: &str) -> ShapeId {
        ShapeId {
            namespace: self.namespace.clone(),
            name: self.name.clone(),
            member: Some(member.to_string()),
        }
    }

    fn prelude(name: &str) -> ShapeId {
        ShapeId {
            namespace: PRELUDE_NAMESPACE.to_string(),
            name: name.to_string(),
            member: None,
        }
    }

    /// True for `smithy.api#Unit`.
    pub fn is_unit(&self) -> bool {
        self.namespace == PRELUDE_NAMESPACE && self.name == "Unit" && self.member.is_none()
    }
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.namespace, self.name)?;
        if let Some(member) = &self.member {
            write!(f, "${member}")?;
        }
        Ok(())
    }
}

const PRELUDE_NAMESPACE: &str = "smithy.api";

/// How deep lists and maps may nest in each other (a `Vec<Vec<..>>` this deep is already absurd);
/// it bounds the recursion of every later stage that follows element types.
pub const MAX_COLLECTION_DEPTH: usize = 64;

/// A parsed model: every shape by id (sorted, so iteration is deterministic).
#[derive(Debug, Clone)]
pub struct Model {
    /// The Smithy IDL version the file declares (`"2.0"`, `"2"` or `"1.0"`).
    pub version: String,
    /// All shapes, including the prelude shapes the model refers to.
    pub shapes: BTreeMap<ShapeId, Shape>,
}

/// One shape with its traits.
#[derive(Debug, Clone)]
pub struct Shape {
    /// The shape's id.
    pub id: ShapeId,
    /// What kind of shape it is, with its kind-specific parts.
    pub kind: ShapeKind,
    /// Its traits.
    pub traits: Traits,
}

/// A member of an aggregate shape (structure, union, list, map, enum).
#[derive(Debug, Clone)]
pub struct Member {
    /// The member name as written in the model (the wire name for awsJson1_0).
    pub name: String,
    /// The shape the member targets.
    pub target: ShapeId,
    /// The member's own traits.
    pub traits: Traits,
}

/// Shape kinds of the Smithy 2.0 specification.
#[derive(Debug, Clone)]
// Map and list variants hold their members inline; a model has a few thousand shapes at most, so
// the size spread costs nothing worth an indirection on every access.
#[allow(clippy::large_enum_variant)]
pub enum ShapeKind {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
    /// A string enum; each member carries `enum_value`.
    Enum(IndexMap<String, Member>),
    /// An integer enum; each member carries `enum_value`.
    IntEnum(IndexMap<String, Member>),
    List(Member),
    Map {
        key: Member,
        value: Member,
    },
    Structure(IndexMap<String, Member>),
    Union(IndexMap<String, Member>),
    Operation(Operation),
    Service(Service),
    Resource(Resource),
}

impl ShapeKind {
    /// The Smithy name of the kind, as in the JSON AST `type` field.
    pub fn type_name(&self) -> &'static str {
        match self {
            ShapeKind::Blob => "blob",
            ShapeKind::Boolean => "boolean",
            ShapeKind::String => "string",
            ShapeKind::Byte => "byte",
            ShapeKind::Short => "short",
            ShapeKind::Integer => "integer",
            ShapeKind::Long => "long",
            ShapeKind::Float => "float",
            ShapeKind::Double => "double",
            ShapeKind::BigInteger => "bigInteger",
            ShapeKind::BigDecimal => "bigDecimal",
            ShapeKind::Timestamp => "timestamp",
            ShapeKind::Document => "document",
            ShapeKind::Enum(_) => "enum",
            ShapeKind::IntEnum(_) => "intEnum",
            ShapeKind::List(_) => "list",
            ShapeKind::Map { .. } => "map",
            ShapeKind::Structure(_) => "structure",
            ShapeKind::Union(_) => "union",
            ShapeKind::Operation(_) => "operation",
            ShapeKind::Service(_) => "service",
            ShapeKind::Resource(_) => "resource",
        }
    }
}

/// An operation shape.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Input structure (`smithy.api#Unit` when absent).
    pub input: ShapeId,
    /// Output structure (`smithy.api#Unit` when absent).
    pub output: ShapeId,
    /// Error structures the operation declares.
    pub errors: Vec<ShapeId>,
}

/// A service shape.
#[derive(Debug, Clone)]
pub struct Service {
    pub version: String,
    pub operations: Vec<ShapeId>,
    pub resources: Vec<ShapeId>,
    /// Errors every operation of the service can return.
    pub errors: Vec<ShapeId>,
    /// Shape renames for name conflicts (`rename` property).
    pub rename: BTreeMap<ShapeId, String>,
}

/// A resource shape; only the operation-bearing parts matter to a client.
#[derive(Debug, Clone)]
pub struct Resource {
    pub identifiers: IndexMap<String, ShapeId>,
    /// Lifecycle operations (`create`, `put`, `read`, `update`, `delete`, `list`) in that order.
    pub lifecycle: Vec<ShapeId>,
    pub operations: Vec<ShapeId>,
    pub collection_operations: Vec<ShapeId>,
    pub resources: Vec<ShapeId>,
}

/// `@timestampFormat` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    EpochSeconds,
    DateTime,
    HttpDate,
}

/// `@error` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorFault {
    Client,
    Server,
}

/// The value of `@enumValue`.
#[derive(Debug, Clone, PartialEq)]
pub enum EnumValue {
    String(String),
    Int(i64),
}

/// `@paginated` members (absent members are inherited from the service by the resolver).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paginated {
    pub input_token: Option<String>,
    pub output_token: Option<String>,
    pub items: Option<String>,
    pub page_size: Option<String>,
}

/// `@length` (also used for collection sizes).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Length {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

/// `@range`; bounds are kept as JSON numbers (they may be decimals).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Range {
    pub min: Option<serde_json::Number>,
    pub max: Option<serde_json::Number>,
}

/// `aws.api#service` values the generator uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwsService {
    pub sdk_id: String,
    pub endpoint_prefix: Option<String>,
}

/// Traits of a shape or member. The ones the generator acts on are typed; all others are kept raw.
#[derive(Debug, Clone, Default)]
pub struct Traits {
    pub documentation: Option<String>,
    pub required: bool,
    /// `@default`, as JSON. `Some(Value::Null)` means an explicit `null` default (no default).
    pub default: Option<Value>,
    pub added_default: bool,
    pub client_optional: bool,
    pub sensitive: bool,
    pub enum_value: Option<EnumValue>,
    pub error: Option<ErrorFault>,
    pub http_error: Option<u16>,
    pub timestamp_format: Option<TimestampFormat>,
    pub idempotency_token: bool,
    pub json_name: Option<String>,
    pub paginated: Option<Paginated>,
    pub input: bool,
    pub output: bool,
    pub length: Option<Length>,
    pub range: Option<Range>,
    pub pattern: Option<String>,
    pub sparse: bool,
    pub deprecated: Option<Deprecated>,
    pub streaming: bool,
    pub unit_type: bool,
    pub mixin: bool,
    pub idempotent: bool,
    pub readonly: bool,
    pub title: Option<String>,
    pub aws_service: Option<AwsService>,
    /// `aws.auth#sigv4` signing name.
    pub sigv4_name: Option<String>,
    pub aws_json_1_0: bool,
    pub aws_json_1_1: bool,
    /// Every trait not listed above, by absolute trait id, as raw JSON.
    pub other: BTreeMap<String, Value>,
}

/// `@deprecated` values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deprecated {
    pub message: Option<String>,
    pub since: Option<String>,
}

impl Traits {
    /// Builds typed traits from raw `trait id -> value` pairs found on `owner`.
    fn from_raw(owner: &ShapeId, raw: IndexMap<String, Value>) -> Result<Traits, ModelError> {
        let mut traits = Traits::default();
        for (id, value) in raw {
            traits.set(owner, id, value)?;
        }
        Ok(traits)
    }

    /// Sets one trait; a later value replaces an earlier one (as `apply` does).
    fn set(&mut self, owner: &ShapeId, id: String, value: Value) -> Result<(), ModelError> {
        let bad = |problem: &str| ModelError::InvalidTrait {
            shape: owner.to_string(),
            trait_id: id.clone(),
            problem: problem.to_string(),
        };
        let string = |v: &Value| v.as_str().map(str::to_string);
        match id.as_str() {
            "smithy.api#documentation" => {
                self.documentation = Some(string(&value).ok_or_else(|| bad("expected a string"))?)
            }
            "smithy.api#required" => self.required = true,
            "smithy.api#default" => self.default = Some(value),
            "smithy.api#addedDefault" => self.added_default = true,
            "smithy.api#clientOptional" => self.client_optional = true,
            "smithy.api#sensitive" => self.sensitive = true,
            "smithy.api#enumValue" => {
                self.enum_value = Some(match &value {
                    Value::String(s) => EnumValue::String(s.clone()),
                    Value::Number(n) => EnumValue::Int(
                        n.as_i64()
                            .ok_or_else(|| bad("expected a string or an integer"))?,
                    ),
                    _ => return Err(bad("expected a string or an integer")),
                })
            }
            "smithy.api#error" => {
                self.error = Some(match value.as_str() {
                    Some("client") => ErrorFault::Client,
                    Some("server") => ErrorFault::Server,
                    _ => return Err(bad("expected \"client\" or \"server\"")),
                })
            }
            "smithy.api#httpError" => {
                let code = value
                    .as_u64()
                    .filter(|c| (100..=599).contains(c))
                    .ok_or_else(|| bad("expected an HTTP status code between 100 and 599"))?;
                self.http_error = Some(code as u16);
            }
            "smithy.api#timestampFormat" => {
                self.timestamp_format = Some(match value.as_str() {
                    Some("epoch-seconds") => TimestampFormat::EpochSeconds,
                    Some("date-time") => TimestampFormat::DateTime,
                    Some("http-date") => TimestampFormat::HttpDate,
                    _ => {
                        return Err(bad(
                            "expected \"epoch-seconds\", \"date-time\" or \"http-date\"",
                        ))
                    }
                })
            }
            "smithy.api#idempotencyToken" => self.idempotency_token = true,
            "smithy.api#jsonName" => {
                self.json_name = Some(string(&value).ok_or_else(|| bad("expected a string"))?)
            }
            "smithy.api#paginated" => {
                let field = |name: &str| -> Result<Option<String>, ModelError> {
                    match value.get(name) {
                        None | Some(Value::Null) => Ok(None),
                        Some(Value::String(s)) => Ok(Some(s.clone())),
                        Some(_) => Err(bad(&format!("`{name}` must be a string"))),
                    }
                };
                if !value.is_object() {
                    return Err(bad("expected an object"));
                }
                self.paginated = Some(Paginated {
                    input_token: field("inputToken")?,
                    output_token: field("outputToken")?,
                    items: field("items")?,
                    page_size: field("pageSize")?,
                });
            }
            "smithy.api#input" => self.input = true,
            "smithy.api#output" => self.output = true,
            "smithy.api#length" => {
                let bound = |name: &str| -> Result<Option<u64>, ModelError> {
                    match value.get(name) {
                        None | Some(Value::Null) => Ok(None),
                        Some(v) => v.as_u64().map(Some).ok_or_else(|| {
                            bad(&format!("`{name}` must be a non-negative integer"))
                        }),
                    }
                };
                if !value.is_object() {
                    return Err(bad("expected an object"));
                }
                let length = Length {
                    min: bound("min")?,
                    max: bound("max")?,
                };
                if let (Some(min), Some(max)) = (length.min, length.max) {
                    if min > max {
                        return Err(bad("`min` is greater than `max`"));
                    }
                }
                self.length = Some(length);
            }
            "smithy.api#range" => {
                let bound = |name: &str| -> Result<Option<serde_json::Number>, ModelError> {
                    match value.get(name) {
                        None | Some(Value::Null) => Ok(None),
                        Some(Value::Number(n)) => Ok(Some(n.clone())),
                        Some(_) => Err(bad(&format!("`{name}` must be a number"))),
                    }
                };
                if !value.is_object() {
                    return Err(bad("expected an object"));
                }
                self.range = Some(Range {
                    min: bound("min")?,
                    max: bound("max")?,
                });
            }
            "smithy.api#pattern" => {
                self.pattern = Some(string(&value).ok_or_else(|| bad("expected a string"))?)
            }
            "smithy.api#sparse" => self.sparse = true,
            "smithy.api#deprecated" => {
                self.deprecated = Some(Deprecated {
                    message: value.get("message").and_then(string),
                    since: value.get("since").and_then(string),
                })
            }
            "smithy.api#streaming" => self.streaming = true,
            "smithy.api#unitType" => self.unit_type = true,
            "smithy.api#mixin" => self.mixin = true,
            "smithy.api#idempotent" => self.idempotent = true,
            "smithy.api#readonly" => self.readonly = true,
            "smithy.api#title" => {
                self.title = Some(string(&value).ok_or_else(|| bad("expected a string"))?)
            }
            "aws.api#service" => {
                let sdk_id = value
                    .get("sdkId")
                    .and_then(string)
                    .ok_or_else(|| bad("`sdkId` must be a string"))?;
                self.aws_service = Some(AwsService {
                    sdk_id,
                    endpoint_prefix: value.get("endpointPrefix").and_then(string),
                });
            }
            "aws.auth#sigv4" => {
                self.sigv4_name = Some(
                    value
                        .get("name")
                        .and_then(string)
                        .ok_or_else(|| bad("`name` must be a string"))?,
                )
            }
            "aws.protocols#awsJson1_0" => self.aws_json_1_0 = true,
            "aws.protocols#awsJson1_1" => self.aws_json_1_1 = true,
            _ => {
                self.other.insert(id, value);
            }
        }
        Ok(())
    }
}

type RawTraits = IndexMap<String, Value>;

// --- JSON AST (serde) -------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel<'a> {
    smithy: String,
    #[serde(default)]
    #[allow(dead_code)] // read so that a model with metadata is accepted; not used yet
    metadata: Option<Value>,
    #[serde(default, borrow)]
    shapes: IndexMap<String, &'a RawValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawShape {
    #[serde(rename = "type")]
    ty: String,
    #[serde(default)]
    traits: RawTraits,
    #[serde(default)]
    members: Option<IndexMap<String, RawMember>>,
    member: Option<RawMember>,
    key: Option<RawMember>,
    value: Option<RawMember>,
    #[serde(default)]
    mixins: Vec<RawRef>,
    input: Option<RawRef>,
    output: Option<RawRef>,
    #[serde(default)]
    errors: Vec<RawRef>,
    version: Option<String>,
    #[serde(default)]
    operations: Vec<RawRef>,
    #[serde(default)]
    resources: Vec<RawRef>,
    #[serde(default)]
    rename: BTreeMap<String, String>,
    #[serde(default)]
    identifiers: IndexMap<String, RawRef>,
    #[serde(default)]
    #[allow(dead_code)] // resource properties do not affect a client
    properties: Option<Value>,
    create: Option<RawRef>,
    put: Option<RawRef>,
    read: Option<RawRef>,
    update: Option<RawRef>,
    delete: Option<RawRef>,
    list: Option<RawRef>,
    #[serde(default)]
    collection_operations: Vec<RawRef>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawMember {
    target: String,
    #[serde(default)]
    traits: RawTraits,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawRef {
    target: String,
}

/// Parses a Smithy JSON AST document.
pub fn parse_model(json: &str) -> Result<Model, ModelError> {
    let raw: RawModel<'_> = serde_json::from_str(json).map_err(|e| ModelError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    if !matches!(raw.smithy.as_str(), "2.0" | "2" | "1.0" | "1") {
        return Err(ModelError::UnsupportedVersion(raw.smithy));
    }

    let mut parsed: BTreeMap<ShapeId, RawShape> = BTreeMap::new();
    let mut applies: Vec<(ShapeId, RawTraits)> = Vec::new();
    for (id_text, raw_value) in &raw.shapes {
        let id = ShapeId::parse(id_text).ok_or_else(|| ModelError::InvalidShapeId {
            id: id_text.clone(),
        })?;
        let shape: RawShape =
            serde_json::from_str(raw_value.get()).map_err(|e| ModelError::InvalidShape {
                shape: id_text.clone(),
                problem: e.to_string(),
            })?;
        if shape.ty == "apply" {
            applies.push((id, shape.traits));
            continue;
        }
        if id.member().is_some() {
            return Err(ModelError::InvalidShapeId {
                id: id_text.clone(),
            });
        }
        if parsed.insert(id.clone(), shape).is_some() {
            return Err(ModelError::InvalidShape {
                shape: id.to_string(),
                problem: "defined twice".to_string(),
            });
        }
    }

    flatten_mixins(&mut parsed)?;

    let mut shapes = BTreeMap::new();
    for (id, mut raw_shape) in parsed {
        let traits = Traits::from_raw(&id, std::mem::take(&mut raw_shape.traits))?;
        let kind = build_kind(&id, raw_shape)?;
        shapes.insert(id.clone(), Shape { id, kind, traits });
    }

    for (target, traits) in applies {
        apply_traits(&mut shapes, &target, traits)?;
    }

    add_prelude(&mut shapes);
    let model = Model {
        version: raw.smithy,
        shapes,
    };
    model.check_targets()?;
    model.check_collection_nesting()?;
    Ok(model)
}

/// Folds each shape's mixins into it: mixin members come first, then the shape's own, and traits of
/// the shape win over the mixin's. Cycles are reported.
fn flatten_mixins(parsed: &mut BTreeMap<ShapeId, RawShape>) -> Result<(), ModelError> {
    let ids: Vec<ShapeId> = parsed.keys().cloned().collect();
    let mut done: BTreeSet<ShapeId> = BTreeSet::new();
    for id in ids {
        flatten_one(parsed, &id, &mut done, &mut Vec::new())?;
    }
    Ok(())
}

fn flatten_one(
    parsed: &mut BTreeMap<ShapeId, RawShape>,
    id: &ShapeId,
    done: &mut BTreeSet<ShapeId>,
    stack: &mut Vec<ShapeId>,
) -> Result<(), ModelError> {
    if done.contains(id) {
        return Ok(());
    }
    if stack.contains(id) {
        return Err(ModelError::InvalidShape {
            shape: id.to_string(),
            problem: "mixins form a cycle".to_string(),
        });
    }
    let mixins: Vec<String> = parsed[id].mixins.iter().map(|m| m.target.clone()).collect();
    stack.push(id.clone());
    let mut inherited_members: IndexMap<String, RawMember> = IndexMap::new();
    let mut inherited_traits: RawTraits = IndexMap::new();
    for mixin_text in &mixins {
        let mixin_id = parse_target(id, mixin_text)?;
        if !parsed.contains_key(&mixin_id) {
            return Err(ModelError::DanglingTarget {
                shape: id.to_string(),
                target: mixin_text.clone(),
            });
        }
        flatten_one(parsed, &mixin_id, done, stack)?;
        let mixin_shape = &parsed[&mixin_id];
        if !mixin_shape.traits.contains_key("smithy.api#mixin") {
            return Err(ModelError::InvalidShape {
                shape: id.to_string(),
                problem: format!("uses `{mixin_text}` as a mixin, but it has no @mixin trait"),
            });
        }
        for (name, member) in mixin_shape.members.iter().flatten() {
            inherited_members.insert(name.clone(), member.clone());
        }
        for (t, v) in &mixin_shape.traits {
            if t != "smithy.api#mixin" {
                inherited_traits.insert(t.clone(), v.clone());
            }
        }
    }
    if !mixins.is_empty() {
        let shape = parsed.get_mut(id).expect("id comes from the map");
        let own = shape.members.take().unwrap_or_default();
        let mut members = inherited_members;
        for (name, member) in own {
            match members.get_mut(&name) {
                // A shape may re-declare a mixin member only to add traits to it.
                Some(existing) => existing.traits.extend(member.traits),
                None => {
                    members.insert(name, member);
                }
            }
        }
        if shape.members.is_none() && members.is_empty() {
            shape.members = None;
        } else {
            shape.members = Some(members);
        }
        // The shape's own traits win over the mixins'.
        let own_traits = std::mem::take(&mut shape.traits);
        inherited_traits.extend(own_traits);
        shape.traits = inherited_traits;
    }
    stack.pop();
    parsed.get_mut(id).expect("present").mixins.clear();
    done.insert(id.clone());
    Ok(())
}

fn parse_target(owner: &ShapeId, text: &str) -> Result<ShapeId, ModelError> {
    ShapeId::parse(text)
        .filter(|id| id.member().is_none())
        .ok_or_else(|| ModelError::InvalidTrait {
            shape: owner.to_string(),
            trait_id: "target".to_string(),
            problem: format!("`{text}` is not a valid shape id"),
        })
}

fn build_member(owner: &ShapeId, name: &str, raw: RawMember) -> Result<Member, ModelError> {
    let member_id = owner.with_member(name);
    if !is_identifier(name) {
        return Err(ModelError::InvalidShape {
            shape: owner.to_string(),
            problem: format!("member name `{name}` is not a valid identifier"),
        });
    }
    Ok(Member {
        name: name.to_string(),
        target: parse_target(&member_id, &raw.target)?,
        traits: Traits::from_raw(&member_id, raw.traits)?,
    })
}

fn build_members(
    owner: &ShapeId,
    raw: Option<IndexMap<String, RawMember>>,
) -> Result<IndexMap<String, Member>, ModelError> {
    raw.unwrap_or_default()
        .into_iter()
        .map(|(name, m)| Ok((name.clone(), build_member(owner, &name, m)?)))
        .collect()
}

fn required_member(
    owner: &ShapeId,
    name: &str,
    raw: Option<RawMember>,
) -> Result<Member, ModelError> {
    let raw = raw.ok_or_else(|| ModelError::InvalidShape {
        shape: owner.to_string(),
        problem: format!("missing `{name}`"),
    })?;
    build_member(owner, name, raw)
}

fn build_kind(id: &ShapeId, raw: RawShape) -> Result<ShapeKind, ModelError> {
    let refs = |list: Vec<RawRef>| -> Result<Vec<ShapeId>, ModelError> {
        list.iter().map(|r| parse_target(id, &r.target)).collect()
    };
    let opt_ref = |r: Option<RawRef>| -> Result<ShapeId, ModelError> {
        match r {
            Some(r) => parse_target(id, &r.target),
            None => Ok(ShapeId::prelude("Unit")),
        }
    };
    Ok(match raw.ty.as_str() {
        "blob" => ShapeKind::Blob,
        "boolean" => ShapeKind::Boolean,
        "string" => ShapeKind::String,
        "byte" => ShapeKind::Byte,
        "short" => ShapeKind::Short,
        "integer" => ShapeKind::Integer,
        "long" => ShapeKind::Long,
        "float" => ShapeKind::Float,
        "double" => ShapeKind::Double,
        "bigInteger" => ShapeKind::BigInteger,
        "bigDecimal" => ShapeKind::BigDecimal,
        "timestamp" => ShapeKind::Timestamp,
        "document" => ShapeKind::Document,
        "enum" => ShapeKind::Enum(build_members(id, raw.members)?),
        "intEnum" => ShapeKind::IntEnum(build_members(id, raw.members)?),
        "list" | "set" => ShapeKind::List(required_member(id, "member", raw.member)?),
        "map" => ShapeKind::Map {
            key: required_member(id, "key", raw.key)?,
            value: required_member(id, "value", raw.value)?,
        },
        "structure" => ShapeKind::Structure(build_members(id, raw.members)?),
        "union" => ShapeKind::Union(build_members(id, raw.members)?),
        "operation" => ShapeKind::Operation(Operation {
            input: opt_ref(raw.input)?,
            output: opt_ref(raw.output)?,
            errors: refs(raw.errors)?,
        }),
        "service" => ShapeKind::Service(Service {
            version: raw.version.unwrap_or_default(),
            operations: refs(raw.operations)?,
            resources: refs(raw.resources)?,
            errors: refs(raw.errors)?,
            rename: raw
                .rename
                .into_iter()
                .map(|(k, v)| Ok((parse_target(id, &k)?, v)))
                .collect::<Result<_, ModelError>>()?,
        }),
        "resource" => {
            let lifecycle = [
                raw.create, raw.put, raw.read, raw.update, raw.delete, raw.list,
            ]
            .into_iter()
            .flatten()
            .map(|r| parse_target(id, &r.target))
            .collect::<Result<_, _>>()?;
            ShapeKind::Resource(Resource {
                identifiers: raw
                    .identifiers
                    .into_iter()
                    .map(|(k, r)| Ok((k, parse_target(id, &r.target)?)))
                    .collect::<Result<_, ModelError>>()?,
                lifecycle,
                operations: refs(raw.operations)?,
                collection_operations: refs(raw.collection_operations)?,
                resources: refs(raw.resources)?,
            })
        }
        other => {
            return Err(ModelError::UnknownShapeType {
                shape: id.to_string(),
                shape_type: other.to_string(),
            })
        }
    })
}

fn apply_traits(
    shapes: &mut BTreeMap<ShapeId, Shape>,
    target: &ShapeId,
    traits: RawTraits,
) -> Result<(), ModelError> {
    let dangling = || ModelError::DanglingTarget {
        shape: format!("apply {target}"),
        target: target.to_string(),
    };
    let shape = shapes.get_mut(&target.root()).ok_or_else(dangling)?;
    let owner = shape.id.clone();
    let slot: &mut Traits = match target.member() {
        None => &mut shape.traits,
        Some(member) => {
            let members = match &mut shape.kind {
                ShapeKind::Enum(m)
                | ShapeKind::IntEnum(m)
                | ShapeKind::Structure(m)
                | ShapeKind::Union(m) => m,
                ShapeKind::List(m) if member == "member" => {
                    return set_all(&owner, &mut m.traits, traits)
                }
                ShapeKind::Map { key, .. } if member == "key" => {
                    return set_all(&owner, &mut key.traits, traits)
                }
                ShapeKind::Map { value, .. } if member == "value" => {
                    return set_all(&owner, &mut value.traits, traits)
                }
                _ => return Err(dangling()),
            };
            &mut members.get_mut(member).ok_or_else(dangling)?.traits
        }
    };
    set_all(&owner, slot, traits)
}

fn set_all(owner: &ShapeId, slot: &mut Traits, traits: RawTraits) -> Result<(), ModelError> {
    for (id, value) in traits {
        slot.set(owner, id, value)?;
    }
    Ok(())
}

/// Adds the prelude shapes (`smithy.api#String` and friends) that are not defined by the model.
fn add_prelude(shapes: &mut BTreeMap<ShapeId, Shape>) {
    let simple = [
        ("Blob", ShapeKind::Blob, None),
        ("Boolean", ShapeKind::Boolean, None),
        ("String", ShapeKind::String, None),
        ("Byte", ShapeKind::Byte, None),
        ("Short", ShapeKind::Short, None),
        ("Integer", ShapeKind::Integer, None),
        ("Long", ShapeKind::Long, None),
        ("Float", ShapeKind::Float, None),
        ("Double", ShapeKind::Double, None),
        ("BigInteger", ShapeKind::BigInteger, None),
        ("BigDecimal", ShapeKind::BigDecimal, None),
        ("Timestamp", ShapeKind::Timestamp, None),
        ("Document", ShapeKind::Document, None),
        (
            "PrimitiveBoolean",
            ShapeKind::Boolean,
            Some(Value::Bool(false)),
        ),
        ("PrimitiveByte", ShapeKind::Byte, Some(Value::from(0))),
        ("PrimitiveShort", ShapeKind::Short, Some(Value::from(0))),
        ("PrimitiveInteger", ShapeKind::Integer, Some(Value::from(0))),
        ("PrimitiveLong", ShapeKind::Long, Some(Value::from(0))),
        ("PrimitiveFloat", ShapeKind::Float, Some(Value::from(0))),
        ("PrimitiveDouble", ShapeKind::Double, Some(Value::from(0))),
    ];
    for (name, kind, default) in simple {
        let id = ShapeId::prelude(name);
        shapes.entry(id.clone()).or_insert_with(|| Shape {
            id,
            kind,
            traits: Traits {
                default,
                ..Traits::default()
            },
        });
    }
    let unit = ShapeId::prelude("Unit");
    shapes.entry(unit.clone()).or_insert_with(|| Shape {
        id: unit,
        kind: ShapeKind::Structure(IndexMap::new()),
        traits: Traits {
            unit_type: true,
            ..Traits::default()
        },
    });
}

impl Model {
    /// Looks a shape up by id.
    pub fn shape(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// Every reference in the model must name a shape that exists.
    fn check_targets(&self) -> Result<(), ModelError> {
        for shape in self.shapes.values() {
            let check = |owner: String, target: &ShapeId| {
                if self.shapes.contains_key(target) {
                    Ok(())
                } else {
                    Err(ModelError::DanglingTarget {
                        shape: owner,
                        target: target.to_string(),
                    })
                }
            };
            let id = &shape.id;
            match &shape.kind {
                ShapeKind::Enum(m)
                | ShapeKind::IntEnum(m)
                | ShapeKind::Structure(m)
                | ShapeKind::Union(m) => {
                    for member in m.values() {
                        check(id.with_member(&member.name).to_string(), &member.target)?;
                    }
                }
                ShapeKind::List(member) => {
                    check(id.with_member("member").to_string(), &member.target)?
                }
                ShapeKind::Map { key, value } => {
                    check(id.with_member("key").to_string(), &key.target)?;
                    check(id.with_member("value").to_string(), &value.target)?;
                }
                ShapeKind::Operation(op) => {
                    check(id.to_string(), &op.input)?;
                    check(id.to_string(), &op.output)?;
                    for e in &op.errors {
                        check(id.to_string(), e)?;
                    }
                }
                ShapeKind::Service(s) => {
                    for t in s.operations.iter().chain(&s.resources).chain(&s.errors) {
                        check(id.to_string(), t)?;
                    }
                }
                ShapeKind::Resource(r) => {
                    for t in r
                        .identifiers
                        .values()
                        .chain(&r.lifecycle)
                        .chain(&r.operations)
                        .chain(&r.collection_operations)
                        .chain(&r.resources)
                    {
                        check(id.to_string(), t)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// No list or map contains itself without a structure or union in between (Smithy forbids it:
    /// the type would be infinite), and none nests more than [`MAX_COLLECTION_DEPTH`] collections.
    fn check_collection_nesting(&self) -> Result<(), ModelError> {
        let mut depths = BTreeMap::new();
        for id in self.shapes.keys() {
            self.collection_depth(id, &mut depths, &mut Vec::new())?;
        }
        Ok(())
    }

    /// How many lists and maps `id` nests, itself included (0 for any other shape), memoized in
    /// `depths`; `stack` holds the collections being walked, outermost first.
    fn collection_depth<'m>(
        &'m self,
        id: &'m ShapeId,
        depths: &mut BTreeMap<&'m ShapeId, usize>,
        stack: &mut Vec<&'m ShapeId>,
    ) -> Result<usize, ModelError> {
        if let Some(&depth) = depths.get(id) {
            return Ok(depth);
        }
        let elements: &[&Member] = match self.shapes.get(id).map(|s| &s.kind) {
            Some(ShapeKind::List(member)) => &[member],
            Some(ShapeKind::Map { key, value }) => &[key, value],
            _ => return Ok(0),
        };
        if stack.contains(&id) {
            return Err(ModelError::InvalidShape {
                shape: id.to_string(),
                problem: "a list or map may only contain itself through a structure or union"
                    .to_string(),
            });
        }
        let too_deep = |shape: &ShapeId| ModelError::Unsupported {
            shape: shape.to_string(),
            problem: format!(
                "lists and maps nested more than {MAX_COLLECTION_DEPTH} deep are not supported"
            ),
        };
        // Bounds the recursion; the depth check below covers depths found memoized.
        if stack.len() == MAX_COLLECTION_DEPTH {
            return Err(too_deep(stack[0]));
        }
        stack.push(id);
        let mut inner = 0;
        for member in elements {
            inner = inner.max(self.collection_depth(&member.target, depths, stack)?);
        }
        stack.pop();
        let depth = inner + 1;
        if depth > MAX_COLLECTION_DEPTH {
            return Err(too_deep(id));
        }
        depths.insert(id, depth);
        Ok(depth)
    }

    /// The services the model defines.
    pub fn services(&self) -> impl Iterator<Item = &Shape> {
        self.shapes
            .values()
            .filter(|s| matches!(s.kind, ShapeKind::Service(_)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> ShapeId {
        ShapeId::parse(s).expect("valid id")
    }

    const EVERY_KIND: &str = r##"{
      "smithy": "2.0",
      "metadata": {"suppressions": []},
      "shapes": {
        "ex#Svc": {"type": "service", "version": "v1", "operations": [{"target": "ex#Op"}],
                   "resources": [{"target": "ex#Res"}], "errors": [{"target": "ex#Oops"}],
                   "rename": {"other#Thing": "OtherThing"},
                   "traits": {"aws.api#service": {"sdkId": "Ex", "endpointPrefix": "ex"},
                              "aws.auth#sigv4": {"name": "ex"}, "aws.protocols#awsJson1_0": {},
                              "smithy.rules#endpointRuleSet": {"version": "1.0"}}},
        "ex#Res": {"type": "resource", "identifiers": {"Id": {"target": "ex#Str"}},
                   "read": {"target": "ex#Op"}, "list": {"target": "ex#Op"},
                   "operations": [{"target": "ex#Op"}], "collectionOperations": [],
                   "resources": []},
        "ex#Op": {"type": "operation", "input": {"target": "ex#In"}, "errors": [{"target": "ex#Oops"}],
                  "traits": {"smithy.api#paginated": {"inputToken": "T", "outputToken": "T"},
                             "smithy.api#readonly": {}}},
        "ex#In": {"type": "structure", "members": {
            "B": {"target": "ex#Bl"}, "Z": {"target": "ex#Bo"}, "S": {"target": "ex#Str"},
            "I8": {"target": "ex#By"}, "I16": {"target": "ex#Sh"}, "I32": {"target": "ex#In32"},
            "I64": {"target": "ex#Lo"}, "F32": {"target": "ex#Fl"}, "F64": {"target": "ex#Do"},
            "BI": {"target": "ex#BigI"}, "BD": {"target": "ex#BigD"}, "Ts": {"target": "ex#Ts"},
            "Doc": {"target": "ex#Doc"}, "E": {"target": "ex#E"}, "IE": {"target": "ex#IE"},
            "L": {"target": "ex#L"}, "Set": {"target": "ex#Set"}, "M": {"target": "ex#M"},
            "U": {"target": "ex#U"},
            "T": {"target": "smithy.api#String", "traits": {"smithy.api#required": {},
                  "smithy.api#idempotencyToken": {}, "custom#note": {"x": 1}}}}},
        "ex#Oops": {"type": "structure", "members": {"Message": {"target": "smithy.api#String"}},
                    "traits": {"smithy.api#error": "client", "smithy.api#httpError": 429}},
        "ex#Bl": {"type": "blob"}, "ex#Bo": {"type": "boolean"},
        "ex#Str": {"type": "string", "traits": {"smithy.api#pattern": "^a+$",
                   "smithy.api#length": {"min": 1, "max": 5}, "smithy.api#sensitive": {}}},
        "ex#By": {"type": "byte"}, "ex#Sh": {"type": "short"},
        "ex#In32": {"type": "integer", "traits": {"smithy.api#range": {"min": -1, "max": 1.5}}},
        "ex#Lo": {"type": "long"}, "ex#Fl": {"type": "float"}, "ex#Do": {"type": "double"},
        "ex#BigI": {"type": "bigInteger"}, "ex#BigD": {"type": "bigDecimal"},
        "ex#Ts": {"type": "timestamp", "traits": {"smithy.api#timestampFormat": "http-date"}},
        "ex#Doc": {"type": "document"},
        "ex#E": {"type": "enum", "members": {"A": {"target": "smithy.api#Unit",
                 "traits": {"smithy.api#enumValue": "a"}}}},
        "ex#IE": {"type": "intEnum", "members": {"ONE": {"target": "smithy.api#Unit",
                  "traits": {"smithy.api#enumValue": 1}}}},
        "ex#L": {"type": "list", "member": {"target": "ex#Str"}, "traits": {"smithy.api#sparse": {}}},
        "ex#Set": {"type": "set", "member": {"target": "ex#Str"}},
        "ex#M": {"type": "map", "key": {"target": "ex#Str"}, "value": {"target": "ex#In32"}},
        "ex#U": {"type": "union", "members": {"X": {"target": "ex#Str"}, "Y": {"target": "ex#In"}}},
        "other#Thing": {"type": "structure", "members": {}},
        "ex#In$S": {"type": "apply", "traits": {"smithy.api#documentation": "applied"}}
      }
    }"##;

    #[test]
    fn parses_every_shape_kind() {
        let model = parse_model(EVERY_KIND).expect("parses");
        let kind = |s: &str| model.shape(&id(s)).expect("present").kind.type_name();
        let expected = [
            ("ex#Svc", "service"),
            ("ex#Res", "resource"),
            ("ex#Op", "operation"),
            ("ex#In", "structure"),
            ("ex#Bl", "blob"),
            ("ex#Bo", "boolean"),
            ("ex#Str", "string"),
            ("ex#By", "byte"),
            ("ex#Sh", "short"),
            ("ex#In32", "integer"),
            ("ex#Lo", "long"),
            ("ex#Fl", "float"),
            ("ex#Do", "double"),
            ("ex#BigI", "bigInteger"),
            ("ex#BigD", "bigDecimal"),
            ("ex#Ts", "timestamp"),
            ("ex#Doc", "document"),
            ("ex#E", "enum"),
            ("ex#IE", "intEnum"),
            ("ex#L", "list"),
            ("ex#Set", "list"),
            ("ex#M", "map"),
            ("ex#U", "union"),
            ("smithy.api#String", "string"),
            ("smithy.api#Unit", "structure"),
        ];
        for (shape, kind_name) in expected {
            assert_eq!(kind(shape), kind_name, "{shape}");
        }
        // Member order is the model's.
        let ShapeKind::Structure(members) = &model.shape(&id("ex#In")).unwrap().kind else {
            panic!("structure")
        };
        let names: Vec<&str> = members.keys().map(String::as_str).collect();
        assert_eq!(&names[..4], ["B", "Z", "S", "I8"]);
        assert_eq!(names.last(), Some(&"T"));
    }

    #[test]
    fn typed_and_raw_traits() {
        let model = parse_model(EVERY_KIND).expect("parses");
        let svc = model.shape(&id("ex#Svc")).unwrap();
        assert_eq!(svc.traits.sigv4_name.as_deref(), Some("ex"));
        assert!(svc.traits.aws_json_1_0);
        assert_eq!(svc.traits.aws_service.as_ref().unwrap().sdk_id, "Ex");
        assert!(svc
            .traits
            .other
            .contains_key("smithy.rules#endpointRuleSet"));
        let ShapeKind::Service(service) = &svc.kind else {
            panic!("service")
        };
        assert_eq!(
            service.rename.get(&id("other#Thing")).map(String::as_str),
            Some("OtherThing")
        );
        let s = model.shape(&id("ex#Str")).unwrap();
        assert_eq!(s.traits.pattern.as_deref(), Some("^a+$"));
        assert_eq!(
            s.traits.length,
            Some(Length {
                min: Some(1),
                max: Some(5)
            })
        );
        assert!(s.traits.sensitive);
        let range = model
            .shape(&id("ex#In32"))
            .unwrap()
            .traits
            .range
            .clone()
            .unwrap();
        assert_eq!(range.min.unwrap().as_i64(), Some(-1));
        assert_eq!(range.max.unwrap().as_f64(), Some(1.5));
        let ts = model.shape(&id("ex#Ts")).unwrap();
        assert_eq!(ts.traits.timestamp_format, Some(TimestampFormat::HttpDate));
        let oops = model.shape(&id("ex#Oops")).unwrap();
        assert_eq!(
            (oops.traits.error, oops.traits.http_error),
            (Some(ErrorFault::Client), Some(429))
        );
        let op = model.shape(&id("ex#Op")).unwrap();
        assert!(op.traits.readonly);
        assert_eq!(
            op.traits.paginated.as_ref().unwrap().input_token.as_deref(),
            Some("T")
        );
        let ShapeKind::Structure(members) = &model.shape(&id("ex#In")).unwrap().kind else {
            panic!("structure")
        };
        let t = &members["T"].traits;
        assert!(t.required && t.idempotency_token);
        assert_eq!(
            t.other.get("custom#note"),
            Some(&serde_json::json!({"x": 1}))
        );
        // `apply` reached the member.
        assert_eq!(
            members["S"].traits.documentation.as_deref(),
            Some("applied")
        );
        let ShapeKind::Resource(res) = &model.shape(&id("ex#Res")).unwrap().kind else {
            panic!("resource")
        };
        assert_eq!(res.lifecycle, vec![id("ex#Op"), id("ex#Op")]);
        assert_eq!(res.identifiers["Id"], id("ex#Str"));
    }

    #[test]
    fn mixins_are_flattened_in_order_and_own_traits_win() {
        let model = parse_model(
            r#"{"smithy": "2.0", "shapes": {
              "ex#A": {"type": "structure", "members": {"A1": {"target": "smithy.api#String"}},
                       "traits": {"smithy.api#mixin": {}, "smithy.api#documentation": "from A",
                                  "smithy.api#sensitive": {}}},
              "ex#B": {"type": "structure", "members": {"B1": {"target": "smithy.api#String"}},
                       "traits": {"smithy.api#mixin": {}}},
              "ex#C": {"type": "structure", "mixins": [{"target": "ex#A"}, {"target": "ex#B"}],
                       "members": {"C1": {"target": "smithy.api#String"},
                                   "A1": {"target": "smithy.api#String",
                                          "traits": {"smithy.api#required": {}}}},
                       "traits": {"smithy.api#documentation": "own"}}
            }}"#,
        )
        .expect("parses");
        let c = model.shape(&id("ex#C")).unwrap();
        let ShapeKind::Structure(members) = &c.kind else {
            panic!("structure")
        };
        let names: Vec<&str> = members.keys().map(String::as_str).collect();
        assert_eq!(names, ["A1", "B1", "C1"]);
        assert!(members["A1"].traits.required);
        assert_eq!(c.traits.documentation.as_deref(), Some("own"));
        assert!(c.traits.sensitive);
        assert!(!c.traits.mixin);
    }

    /// A service whose input holds `ex#Top`, with `shapes` (JSON object entries) added.
    fn with_shapes(shapes: &str) -> Result<Model, ModelError> {
        parse_model(&format!(
            r#"{{"smithy": "2.0", "shapes": {{
              "ex#Svc": {{"type": "service", "version": "1", "operations": [{{"target": "ex#Op"}}]}},
              "ex#Op": {{"type": "operation", "input": {{"target": "ex#In"}}}},
              "ex#In": {{"type": "structure", "members": {{"A": {{"target": "ex#Top"}}}}}},
              {shapes}}}}}"#
        ))
    }

    #[test]
    fn a_list_or_map_containing_itself_is_rejected() {
        // Found by fuzzing: resolving the element type recursed until the stack overflowed.
        let cycles = [
            r#""ex#Top": {"type": "list", "member": {"target": "ex#Top"}}"#,
            r#""ex#Top": {"type": "map", "key": {"target": "smithy.api#String"},
                          "value": {"target": "ex#L"}},
               "ex#L": {"type": "list", "member": {"target": "ex#Top"}}"#,
            r#""ex#Top": {"type": "map", "key": {"target": "ex#L"},
                          "value": {"target": "smithy.api#String"}},
               "ex#L": {"type": "list", "member": {"target": "ex#Top"}}"#,
        ];
        for shapes in cycles {
            let err = with_shapes(shapes).expect_err(shapes);
            assert!(
                matches!(&err, ModelError::InvalidShape { problem, .. }
                    if problem.contains("only contain itself through a structure or union")),
                "{err}"
            );
        }
        // Through a structure, recursion is fine (the structure is boxed).
        with_shapes(
            r#""ex#Top": {"type": "list", "member": {"target": "ex#S"}},
               "ex#S": {"type": "structure", "members": {"Next": {"target": "ex#Top"}}}"#,
        )
        .expect("recursion through a structure");
    }

    #[test]
    fn collections_nest_at_most_max_collection_depth() {
        let nested = |depth: usize| {
            let mut shapes = vec![r#""ex#L0": {"type": "string"}"#.to_string()];
            for i in 1..=depth {
                shapes.push(format!(
                    r#""ex#L{i}": {{"type": "list", "member": {{"target": "ex#L{}"}}}}"#,
                    i - 1
                ));
            }
            shapes.push(format!(
                r#""ex#Top": {{"type": "list", "member": {{"target": "ex#L{depth}"}}}}"#
            ));
            with_shapes(&shapes.join(","))
        };
        nested(MAX_COLLECTION_DEPTH - 1).expect("deep but allowed");
        let err = nested(MAX_COLLECTION_DEPTH).expect_err("too deep");
        assert!(
            err.to_string().contains("nested more than 64 deep"),
            "{err}"
        );
    }

    #[test]
    fn shape_ids() {
        let member = id("a.b#Shape$member");
        assert_eq!(
            (member.namespace(), member.name(), member.member()),
            ("a.b", "Shape", Some("member"))
        );
        assert_eq!(member.root().to_string(), "a.b#Shape");
        assert_eq!(member.to_string(), "a.b#Shape$member");
        for bad in [
            "Shape", "#Shape", "a#", "a#1Shape", "a..b#S", "a#S$", "a#S$m$n", "a b#S",
        ] {
            assert!(ShapeId::parse(bad).is_none(), "{bad}");
        }
    }
}
