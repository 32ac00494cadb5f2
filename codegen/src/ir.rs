//! Resolve stage: every decision about the generated Rust code is made here, none in the renderers.
//!
//! From a parsed [`Model`] and the service to generate, [`resolve`] builds an [`Ir`]: which shapes
//! are reachable, each Rust item's name and module, each field's Rust type, which fields are
//! `Option`, which need a `Box` (recursion), defaults, redaction in `Debug`, timestamp formats,
//! documentation as Markdown, and the synthesized input/output of every operation. Items are sorted
//! by Rust name so the output never depends on model order or hash order.

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine as _;
use serde_json::Value;

use crate::docs::html_to_markdown;
use crate::endpoints::{self, EndpointRules};
use crate::error::ModelError;
use crate::model::{
    EnumValue, ErrorFault, Member, Model, Paginated, Shape, ShapeId, ShapeKind, TimestampFormat,
};
use crate::naming;

/// Everything the renderers need, with every name and type decided.
#[derive(Debug, Clone)]
pub struct Ir {
    pub service: ServiceIr,
    /// Structures that live in `crate::types`, sorted by Rust name.
    pub structures: Vec<Structure>,
    /// Enums and intEnums that live in `crate::types`, sorted by Rust name.
    pub enums: Vec<Enumeration>,
    /// Unions that live in `crate::types`, sorted by Rust name.
    pub unions: Vec<Union>,
    /// Error structures that live in `crate::error`, sorted by Rust name.
    pub errors: Vec<Structure>,
    /// Operations, sorted by Rust name; each lives in `crate::operation::<module>`.
    pub operations: Vec<OperationIr>,
    /// Client-side validation: the checks of inputs and of what they reach.
    pub validation: crate::validation::Validation,
    /// Waiters compiled from `smithy.waiters#waitable` (filled by [`crate::waiters`] after
    /// resolution), sorted by method name.
    pub waiters: Vec<crate::waiters::Waiter>,
    /// Waiters left out, with the reason.
    pub skipped_waiters: Vec<crate::waiters::SkippedWaiter>,
}

/// The service being generated.
#[derive(Debug, Clone)]
pub struct ServiceIr {
    pub shape_id: ShapeId,
    /// The service shape name: the prefix of `X-Amz-Target` for awsJson1_0.
    pub target_prefix: String,
    pub sdk_id: String,
    pub version: String,
    pub title: Option<String>,
    /// SigV4 signing name (`aws.auth#sigv4`, else the endpoint prefix).
    pub signing_name: String,
    pub endpoint_prefix: Option<String>,
    /// Default endpoint, with a `{region}` placeholder: used only when the service has no
    /// endpoint rules.
    pub endpoint_template: String,
    /// The service's `smithy.rules#endpointRuleSet` (and its tests), compiled.
    pub endpoint_rules: Option<EndpointRules>,
    /// Some operation carries `smithy.test#smokeTests` (rendered as the `smoke_tests` module).
    pub has_smoke_tests: bool,
    /// `aws.protocols#awsQueryCompatible`.
    pub query_compatible: bool,
    pub docs: Option<String>,
}

/// Where an item lives in the generated crate.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemPath {
    /// `crate::types::Name`
    Types(String),
    /// `crate::error::Name`
    Error(String),
    /// `crate::operation::module::Name`
    Operation { module: String, name: String },
}

impl ItemPath {
    /// The item's own name.
    pub fn name(&self) -> &str {
        match self {
            ItemPath::Types(n) | ItemPath::Error(n) => n,
            ItemPath::Operation { name, .. } => name,
        }
    }
}

/// The Rust type of a field, union variant, list element or map value (without the field's own
/// `Option`).
#[derive(Debug, Clone, PartialEq)]
pub enum RustType {
    Bool,
    I8,
    I16,
    I32,
    I64,
    F32,
    F64,
    String,
    Blob,
    DateTime,
    Document,
    BigInteger,
    BigDecimal,
    /// A generated structure, enum or union.
    Named(ItemPath),
    /// `Vec<T>`, or `Vec<Option<T>>` when sparse.
    List {
        element: Box<RustType>,
        sparse: bool,
    },
    /// `HashMap<String, T>`, or `HashMap<String, Option<T>>` when sparse.
    Map {
        value: Box<RustType>,
        sparse: bool,
    },
    /// `Box<T>`: breaks a recursive cycle.
    Boxed(Box<RustType>),
}

/// A default value from the model's `@default` trait, typed for the field it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    /// A variant of a generated enum (by variant name).
    EnumVariant {
        enum_path: ItemPath,
        variant: String,
    },
    EmptyList,
    EmptyMap,
    Blob(Vec<u8>),
    /// Epoch seconds.
    Timestamp(f64),
    Document(Value),
}

/// A structure (plain, operation input/output, or error).
#[derive(Debug, Clone)]
pub struct Structure {
    pub shape_id: ShapeId,
    pub path: ItemPath,
    pub docs: Option<String>,
    pub deprecated: Option<String>,
    pub fields: Vec<Field>,
    pub role: StructRole,
    /// The whole structure is `@sensitive`: `Debug` prints nothing of it.
    pub sensitive: bool,
}

/// What a structure is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StructRole {
    Plain,
    Input,
    Output,
    Error {
        fault: ErrorFault,
        http_status: Option<u16>,
    },
}

/// One field of a structure.
#[derive(Debug, Clone)]
pub struct Field {
    /// The member name on the wire (awsJson1_0 uses the model name as is).
    pub wire_name: String,
    /// The field identifier text (may be a raw identifier).
    pub rust_name: String,
    pub ty: RustType,
    /// The field is `Option<ty>`.
    pub optional: bool,
    pub docs: Option<String>,
    pub deprecated: Option<String>,
    /// `Debug` prints a placeholder instead of the value.
    pub redacted: bool,
    /// The model's `@default`, for non-optional fields that have one.
    pub default: Option<DefaultValue>,
    pub required: bool,
    pub idempotency_token: bool,
    /// Timestamp format for timestamps in this field (directly or inside lists and maps).
    pub timestamp_format: TimestampFormat,
}

/// A Smithy enum or intEnum.
#[derive(Debug, Clone)]
pub struct Enumeration {
    pub shape_id: ShapeId,
    pub path: ItemPath,
    pub docs: Option<String>,
    pub deprecated: Option<String>,
    pub variants: Vec<EnumVariant>,
    /// Name of the catch-all variant that keeps unknown values.
    pub unknown_variant: String,
    /// An intEnum (`i32` values) rather than a string enum.
    pub is_int: bool,
    pub sensitive: bool,
}

/// One known value of an enum.
#[derive(Debug, Clone)]
pub struct EnumVariant {
    pub rust_name: String,
    pub value: EnumValue,
    pub docs: Option<String>,
    pub deprecated: Option<String>,
}

/// A Smithy union.
#[derive(Debug, Clone)]
pub struct Union {
    pub shape_id: ShapeId,
    pub path: ItemPath,
    pub docs: Option<String>,
    pub deprecated: Option<String>,
    pub variants: Vec<UnionVariant>,
    /// Name of the catch-all variant that keeps an unknown member's name and raw JSON.
    pub unknown_variant: String,
    pub sensitive: bool,
}

/// One member of a union.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: RustType,
    pub docs: Option<String>,
    pub deprecated: Option<String>,
    pub redacted: bool,
    pub timestamp_format: TimestampFormat,
}

/// One operation with its synthesized input and output.
#[derive(Debug, Clone)]
pub struct OperationIr {
    pub shape_id: ShapeId,
    /// The operation name as in the model (the `X-Amz-Target` suffix).
    pub wire_name: String,
    /// Module name (snake case) under `crate::operation`.
    pub module: String,
    /// The PascalCase name used for the operation's items.
    pub rust_name: String,
    pub docs: Option<String>,
    pub deprecated: Option<String>,
    pub input: Structure,
    pub output: Structure,
    /// Errors the operation can return (its own and the service's), sorted by name.
    pub errors: Vec<ItemPath>,
    /// The operation's error enum: its name and one variant per declared error.
    pub error_enum: ErrorEnum,
    /// Name of the client method that calls the operation.
    pub method: String,
    pub paginated: Option<Pagination>,
    /// The raw `smithy.waiters#waitable` trait (compiled by [`crate::waiters`]).
    pub waitable: Option<Value>,
    /// The builder's setters, one per input member.
    pub setters: Vec<Setter>,
    /// The `@endpoint` host prefix, with the input fields that fill its labels.
    pub host_prefix: Option<HostPrefix>,
    /// `@requestCompression` lists gzip.
    pub gzip_request: bool,
    pub idempotent: bool,
    pub readonly: bool,
    /// The input has client-side validation checks (it implements `Validate`).
    pub validated: bool,
}

/// The error enum generated for an operation.
#[derive(Debug, Clone)]
pub struct ErrorEnum {
    pub name: String,
    pub variants: Vec<ErrorVariant>,
    /// Name of the variant for codes the operation does not declare.
    pub unhandled_variant: String,
}

/// One declared error of an operation.
#[derive(Debug, Clone)]
pub struct ErrorVariant {
    pub rust_name: String,
    pub path: ItemPath,
    /// The code the service sends for it (the shape name).
    pub code: String,
}

/// Methods every generated client has; an operation method that would take one of these names
/// gets the `_operation` suffix.
const RESERVED_CLIENT_METHODS: &[&str] = &[
    "new",
    "from_env",
    "config",
    "config_builder",
    "endpoint",
    "resolved_endpoint",
    "clone",
    "fmt",
    "send",
    "paginate",
    "from_async",
];

/// Names of the methods every operation builder has besides its setters.
const RESERVED_BUILDER_METHODS: &[&str] = &["build", "send", "into_paginator", "fmt", "clone"];

/// One setter of an operation builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setter {
    /// The input field it sets (`rust_name`).
    pub field: String,
    /// `name(value)`: sets the member.
    pub name: String,
    /// `set_name(Option<value>)`, for optional members.
    pub set_name: Option<String>,
}

/// An operation's `@endpoint` host prefix (`foo.{Label}.`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPrefix {
    pub template: String,
    /// For each `{label}` of the template: the label and the input field (a `@hostLabel`
    /// string member) that fills it.
    pub labels: Vec<HostLabel>,
}

/// One `{label}` of a host prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostLabel {
    pub label: String,
    pub field: String,
    pub optional: bool,
}

/// `@paginated`, merged with the service's defaults and resolved to field names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    pub input_token: String,
    pub output_token: String,
    pub items: Option<String>,
    pub page_size: Option<String>,
}

/// Setter names for an input's builder: the field name, and `set_` + it for optional members.
/// A name taken by a builder method, or by another setter (`set_foo` for a member `SetFoo` next to
/// `Foo`), gets the suffix `_member`.
fn builder_setters(input: &Structure) -> Vec<Setter> {
    let fields: BTreeSet<&str> = input.fields.iter().map(|f| f.rust_name.as_str()).collect();
    input
        .fields
        .iter()
        .map(|f| {
            let plain = f.rust_name.trim_start_matches("r#");
            let name = if RESERVED_BUILDER_METHODS.contains(&plain) {
                format!("{plain}_member")
            } else {
                f.rust_name.clone()
            };
            let set_name = f.optional.then(|| {
                let set = format!("set_{plain}");
                if fields.contains(set.as_str()) {
                    format!("{set}_member")
                } else {
                    set
                }
            });
            Setter {
                field: f.rust_name.clone(),
                name,
                set_name,
            }
        })
        .collect()
}

/// Names that generated code uses unqualified in `crate::types`; a shape that would take one gets
/// this suffix so it never shadows them.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Result",
    "Box",
    "String",
    "Vec",
    "HashMap",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Debug",
    "Clone",
    "PartialEq",
    "Eq",
    "Hash",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Fn",
    "From",
    "Into",
    "Iterator",
    "ToString",
    "ToOwned",
    "AsRef",
];
const RESERVED_SUFFIX: &str = "Value";

/// Name of the catch-all variant of enums and unions.
const UNKNOWN_VARIANT: &str = "Unknown";

/// Resolves the model into the IR for one service. With `service = None` the model must define
/// exactly one service.
pub fn resolve(model: &Model, service: Option<&str>) -> Result<Ir, ModelError> {
    let service_shape = select_service(model, service)?;
    let mut ir = Resolver::new(model, service_shape)?.run()?;
    ir.validation = crate::validation::resolve(model, &ir)?;
    for op in &mut ir.operations {
        op.validated = ir.validation.has_checks(&op.input.path);
    }
    Ok(ir)
}

fn select_service<'m>(model: &'m Model, wanted: Option<&str>) -> Result<&'m Shape, ModelError> {
    let services: Vec<&Shape> = model.services().collect();
    match wanted {
        Some(w) => services
            .iter()
            .find(|s| s.id.to_string() == w || s.id.name() == w)
            .copied()
            .ok_or_else(|| {
                ModelError::Service(format!(
                    "service `{w}` is not in the model (services: {})",
                    list_ids(&services)
                ))
            }),
        None => match services.as_slice() {
            [one] => Ok(one),
            [] => Err(ModelError::Service(
                "the model defines no service shape".to_string(),
            )),
            many => Err(ModelError::Service(format!(
                "the model defines {} services ({}); choose one",
                many.len(),
                list_ids(many)
            ))),
        },
    }
}

fn list_ids(shapes: &[&Shape]) -> String {
    shapes
        .iter()
        .map(|s| s.id.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

struct Resolver<'m> {
    model: &'m Model,
    service: &'m Shape,
    renames: BTreeMap<ShapeId, String>,
    operations: Vec<ShapeId>,
    /// Shapes reachable from operation members, excluding operation inputs/outputs that are only
    /// used as such.
    type_shapes: BTreeSet<ShapeId>,
    error_shapes: BTreeSet<ShapeId>,
    /// Rust path for each generated named shape.
    paths: BTreeMap<ShapeId, ItemPath>,
    /// Inputs of operations (for the `@input` default rule).
    input_shapes: BTreeSet<ShapeId>,
}

impl<'m> Resolver<'m> {
    fn new(model: &'m Model, service: &'m Shape) -> Result<Self, ModelError> {
        let ShapeKind::Service(svc) = &service.kind else {
            unreachable!("select_service returns services only")
        };
        let mut resolver = Resolver {
            model,
            service,
            renames: svc.rename.clone(),
            operations: Vec::new(),
            type_shapes: BTreeSet::new(),
            error_shapes: BTreeSet::new(),
            paths: BTreeMap::new(),
            input_shapes: BTreeSet::new(),
        };
        resolver.collect_operations()?;
        resolver.collect_shapes()?;
        resolver.assign_paths()?;
        Ok(resolver)
    }

    fn shape(&self, id: &ShapeId) -> Result<&'m Shape, ModelError> {
        self.model
            .shape(id)
            .ok_or_else(|| ModelError::DanglingTarget {
                shape: self.service.id.to_string(),
                target: id.to_string(),
            })
    }

    fn operation(&self, id: &ShapeId) -> Result<&'m crate::model::Operation, ModelError> {
        match &self.shape(id)?.kind {
            ShapeKind::Operation(op) => Ok(op),
            other => Err(ModelError::InvalidShape {
                shape: id.to_string(),
                problem: format!(
                    "is bound as an operation but is a {} shape",
                    other.type_name()
                ),
            }),
        }
    }

    /// Operations bound to the service directly or through (nested) resources.
    fn collect_operations(&mut self) -> Result<(), ModelError> {
        let ShapeKind::Service(svc) = &self.service.kind else {
            unreachable!()
        };
        let mut ops = BTreeSet::new();
        ops.extend(svc.operations.iter().cloned());
        let mut pending: Vec<ShapeId> = svc.resources.clone();
        let mut seen = BTreeSet::new();
        while let Some(rid) = pending.pop() {
            if !seen.insert(rid.clone()) {
                continue;
            }
            match &self.shape(&rid)?.kind {
                ShapeKind::Resource(r) => {
                    ops.extend(
                        r.lifecycle
                            .iter()
                            .chain(&r.operations)
                            .chain(&r.collection_operations)
                            .cloned(),
                    );
                    pending.extend(r.resources.iter().cloned());
                }
                other => {
                    return Err(ModelError::InvalidShape {
                        shape: rid.to_string(),
                        problem: format!(
                            "is bound as a resource but is a {} shape",
                            other.type_name()
                        ),
                    })
                }
            }
        }
        for op in &ops {
            self.operation(op)?;
        }
        self.operations = ops.into_iter().collect();
        Ok(())
    }

    fn collect_shapes(&mut self) -> Result<(), ModelError> {
        let ShapeKind::Service(svc) = &self.service.kind else {
            unreachable!()
        };
        let mut roots: Vec<ShapeId> = Vec::new();
        for op_id in &self.operations {
            let op = self.operation(op_id)?;
            for io in [&op.input, &op.output] {
                if io.is_unit() {
                    continue;
                }
                let shape = self.shape(io)?;
                let ShapeKind::Structure(members) = &shape.kind else {
                    return Err(ModelError::InvalidShape {
                        shape: op_id.to_string(),
                        problem: format!(
                            "input/output `{io}` must be a structure, found a {}",
                            shape.kind.type_name()
                        ),
                    });
                };
                if *io == op.input {
                    self.input_shapes.insert(io.clone());
                }
                roots.extend(members.values().map(|m| m.target.clone()));
            }
            for e in op.errors.iter().chain(&svc.errors) {
                self.error_shapes.insert(e.clone());
            }
        }
        for e in &self.error_shapes {
            let shape = self.shape(e)?;
            match &shape.kind {
                ShapeKind::Structure(members) if shape.traits.error.is_some() => {
                    roots.extend(members.values().map(|m| m.target.clone()))
                }
                _ => {
                    return Err(ModelError::InvalidShape {
                        shape: e.to_string(),
                        problem: "is used as an error but is not a structure with the @error trait"
                            .to_string(),
                    })
                }
            }
        }
        let mut seen = BTreeSet::new();
        while let Some(id) = roots.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            let shape = self.shape(&id)?;
            match &shape.kind {
                ShapeKind::Structure(m) | ShapeKind::Union(m) => {
                    if shape.traits.mixin {
                        return Err(ModelError::InvalidShape {
                            shape: id.to_string(),
                            problem: "a mixin cannot be targeted by a member".to_string(),
                        });
                    }
                    if !self.error_shapes.contains(&id) {
                        self.type_shapes.insert(id.clone());
                    }
                    roots.extend(m.values().map(|m| m.target.clone()));
                }
                ShapeKind::Enum(_) | ShapeKind::IntEnum(_) => {
                    self.type_shapes.insert(id.clone());
                }
                ShapeKind::List(m) => roots.push(m.target.clone()),
                ShapeKind::Map { key, value } => {
                    roots.push(key.target.clone());
                    roots.push(value.target.clone());
                }
                ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_) => {
                    return Err(ModelError::InvalidShape {
                        shape: id.to_string(),
                        problem: format!(
                            "a member targets this {} shape; members may only target data shapes",
                            shape.kind.type_name()
                        ),
                    })
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The name a shape has in this service (after the service's `rename`).
    fn shape_name(&self, id: &ShapeId) -> String {
        self.renames
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.name().to_string())
    }

    fn assign_paths(&mut self) -> Result<(), ModelError> {
        let mut taken: BTreeMap<(u8, String), ShapeId> = BTreeMap::new();
        let mut assign = |id: &ShapeId, name: String, space: u8| -> Result<String, ModelError> {
            if let Some(first) = taken.get(&(space, name.clone())) {
                return Err(ModelError::NameCollision {
                    shape: self.service.id.to_string(),
                    first: first.to_string(),
                    second: id.to_string(),
                    rust_name: name,
                });
            }
            taken.insert((space, name.clone()), id.clone());
            Ok(name)
        };
        for id in self.type_shapes.clone() {
            let mut name = naming::type_ident(&self.shape_name(&id));
            if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
                name.push_str(RESERVED_SUFFIX);
            }
            let name = assign(&id, name, 0)?;
            self.paths.insert(id, ItemPath::Types(name));
        }
        for id in self.error_shapes.clone() {
            let mut name = naming::type_ident(&self.shape_name(&id));
            if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
                name.push_str(RESERVED_SUFFIX);
            }
            let name = assign(&id, name, 1)?;
            self.paths.insert(id, ItemPath::Error(name));
        }
        for id in self.operations.clone() {
            let module = naming::field_ident(id.name());
            assign(&id, module, 2)?;
        }
        Ok(())
    }

    fn run(self) -> Result<Ir, ModelError> {
        let boxed = self.boxed_members();
        let mut structures = Vec::new();
        let mut enums = Vec::new();
        let mut unions = Vec::new();
        for id in &self.type_shapes {
            let shape = self.shape(id)?;
            let path = self.paths[id].clone();
            match &shape.kind {
                ShapeKind::Structure(members) => structures.push(self.structure(
                    shape,
                    members,
                    path,
                    StructRole::Plain,
                    &boxed,
                )?),
                ShapeKind::Union(members) => unions.push(self.union(shape, members, path, &boxed)?),
                ShapeKind::Enum(members) | ShapeKind::IntEnum(members) => {
                    enums.push(self.enumeration(shape, members, path)?)
                }
                _ => unreachable!("only aggregates and enums are type shapes"),
            }
        }
        let mut errors = Vec::new();
        for id in &self.error_shapes {
            let shape = self.shape(id)?;
            let ShapeKind::Structure(members) = &shape.kind else {
                unreachable!("checked in collect_shapes")
            };
            let role = StructRole::Error {
                fault: shape.traits.error.expect("checked in collect_shapes"),
                http_status: shape.traits.http_error,
            };
            errors.push(self.structure(shape, members, self.paths[id].clone(), role, &boxed)?);
        }
        let mut operations = Vec::new();
        for id in &self.operations {
            operations.push(self.operation_ir(id, &boxed)?);
        }
        structures.sort_by(|a, b| a.path.cmp(&b.path));
        enums.sort_by(|a, b| a.path.cmp(&b.path));
        unions.sort_by(|a, b| a.path.cmp(&b.path));
        errors.sort_by(|a, b| a.path.cmp(&b.path));
        operations.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        Ok(Ir {
            service: self.service_ir()?,
            structures,
            enums,
            unions,
            errors,
            operations,
            validation: Default::default(),
            waiters: Vec::new(),
            skipped_waiters: Vec::new(),
        })
    }

    fn service_ir(&self) -> Result<ServiceIr, ModelError> {
        let ShapeKind::Service(svc) = &self.service.kind else {
            unreachable!()
        };
        let traits = &self.service.traits;
        let endpoint_prefix = traits
            .aws_service
            .as_ref()
            .and_then(|s| s.endpoint_prefix.clone());
        let host_prefix = endpoint_prefix
            .clone()
            .unwrap_or_else(|| naming::to_snake_case(self.service.id.name()).replace('_', "-"));
        // For a service without endpoint rules: the documented regional pattern, on `api.aws`
        // for services that only have dual-stack endpoints.
        let dual_stack_only = traits
            .other
            .contains_key("aws.endpoints#dualStackOnlyEndpoints");
        let endpoint_template = if dual_stack_only {
            format!("https://{host_prefix}.{{region}}.api.aws")
        } else {
            format!("https://{host_prefix}.{{region}}.amazonaws.com")
        };
        let endpoint_rules =
            endpoints::compile_service(&self.service.id.to_string(), &traits.other)?;
        Ok(ServiceIr {
            shape_id: self.service.id.clone(),
            target_prefix: self.service.id.name().to_string(),
            sdk_id: traits
                .aws_service
                .as_ref()
                .map(|s| s.sdk_id.clone())
                .unwrap_or_else(|| self.service.id.name().to_string()),
            version: svc.version.clone(),
            title: traits.title.clone(),
            signing_name: traits
                .sigv4_name
                .clone()
                .unwrap_or_else(|| host_prefix.clone()),
            endpoint_prefix,
            endpoint_template,
            endpoint_rules,
            query_compatible: traits
                .other
                .contains_key("aws.protocols#awsQueryCompatible"),
            has_smoke_tests: self.operations.iter().any(|op| {
                self.model.shape(op).is_some_and(|shape| {
                    shape
                        .traits
                        .other
                        .get("smithy.test#smokeTests")
                        .and_then(Value::as_array)
                        .is_some_and(|cases| !cases.is_empty())
                })
            }),
            docs: docs(&traits.documentation),
        })
    }

    /// Members (container id, member name) that must be boxed so every recursive type has a finite
    /// size. A depth-first walk over direct structure/union members (lists and maps already add
    /// indirection), in sorted shape order and model member order, boxes each edge that returns to
    /// a shape still on the walk's stack: that breaks every cycle with one box, deterministically.
    fn boxed_members(&self) -> BTreeSet<(ShapeId, String)> {
        let mut boxed = BTreeSet::new();
        let mut visited = BTreeSet::new();
        let mut on_stack = BTreeSet::new();
        for id in self.type_shapes.iter().chain(&self.error_shapes) {
            self.box_walk(id, &mut visited, &mut on_stack, &mut boxed);
        }
        boxed
    }

    fn box_walk(
        &self,
        id: &ShapeId,
        visited: &mut BTreeSet<ShapeId>,
        on_stack: &mut BTreeSet<ShapeId>,
        boxed: &mut BTreeSet<(ShapeId, String)>,
    ) {
        if !visited.insert(id.clone()) {
            return;
        }
        on_stack.insert(id.clone());
        if let Some(ShapeKind::Structure(members) | ShapeKind::Union(members)) =
            self.model.shape(id).map(|s| &s.kind)
        {
            for member in members.values() {
                let direct = matches!(
                    self.model.shape(&member.target).map(|s| &s.kind),
                    Some(ShapeKind::Structure(_) | ShapeKind::Union(_))
                );
                if !direct {
                    continue;
                }
                if on_stack.contains(&member.target) {
                    boxed.insert((id.clone(), member.name.clone()));
                } else {
                    self.box_walk(&member.target, visited, on_stack, boxed);
                }
            }
        }
        on_stack.remove(id);
    }

    fn operation_ir(
        &self,
        id: &ShapeId,
        boxed: &BTreeSet<(ShapeId, String)>,
    ) -> Result<OperationIr, ModelError> {
        let shape = self.shape(id)?;
        let op = self.operation(id)?;
        let ShapeKind::Service(svc) = &self.service.kind else {
            unreachable!()
        };
        let rust_name = naming::type_ident(id.name());
        let module = naming::field_ident(id.name());
        let io =
            |io_id: &ShapeId, suffix: &str, role: StructRole| -> Result<Structure, ModelError> {
                let path = ItemPath::Operation {
                    module: module.clone(),
                    name: format!("{rust_name}{suffix}"),
                };
                let io_shape = self.shape(io_id)?;
                let empty = indexmap::IndexMap::new();
                let members = match &io_shape.kind {
                    ShapeKind::Structure(m) => m,
                    _ => &empty,
                };
                let mut s = self.structure(io_shape, members, path, role, boxed)?;
                if io_id.is_unit() {
                    s.docs = None;
                }
                Ok(s)
            };
        let input = io(&op.input, "Input", StructRole::Input)?;
        let output = io(&op.output, "Output", StructRole::Output)?;
        let mut error_ids: Vec<&ShapeId> = op.errors.iter().chain(&svc.errors).collect();
        error_ids.sort_by(|a, b| self.paths[*a].cmp(&self.paths[*b]));
        error_ids.dedup();
        let errors: Vec<ItemPath> = error_ids.iter().map(|e| self.paths[*e].clone()).collect();
        let unhandled_variant = "Unhandled".to_string();
        let error_enum = ErrorEnum {
            name: format!("{rust_name}Error"),
            variants: error_ids
                .iter()
                .map(|e| {
                    let name = self.paths[*e].name().to_string();
                    ErrorVariant {
                        // An error shape named like the catch-all gets a suffix.
                        rust_name: if name == unhandled_variant {
                            format!("{name}{RESERVED_SUFFIX}")
                        } else {
                            name
                        },
                        path: self.paths[*e].clone(),
                        code: e.name().to_string(),
                    }
                })
                .collect(),
            unhandled_variant,
        };
        let host_prefix = self.host_prefix(id, shape, &input)?;
        // Endpoint discovery (`aws.api#clientEndpointDiscovery` on the service) is optional for
        // DynamoDB's operations, so calls to the resolved endpoint work without it; an operation
        // that requires a discovered endpoint would not, so it is refused rather than ignored.
        if let Some(discovered) = shape.traits.other.get("aws.api#clientDiscoveredEndpoint") {
            if discovered.get("required").and_then(Value::as_bool) == Some(true) {
                return Err(ModelError::InvalidTrait {
                    shape: id.to_string(),
                    trait_id: "aws.api#clientDiscoveredEndpoint".to_string(),
                    problem: "the operation requires endpoint discovery, which the generator \
                              does not support"
                        .to_string(),
                });
            }
        }
        let method = if RESERVED_CLIENT_METHODS.contains(&module.as_str()) {
            format!("{module}_operation")
        } else {
            module.clone()
        };
        let paginated = match &shape.traits.paginated {
            Some(p) => Some(self.pagination(id, p, &input, &output)?),
            None => None,
        };
        let setters = builder_setters(&input);
        Ok(OperationIr {
            shape_id: id.clone(),
            wire_name: id.name().to_string(),
            module,
            rust_name,
            docs: docs(&shape.traits.documentation),
            deprecated: deprecation(shape),
            input,
            output,
            errors,
            error_enum,
            method,
            paginated,
            waitable: shape.traits.other.get("smithy.waiters#waitable").cloned(),
            setters,
            host_prefix,
            gzip_request: shape
                .traits
                .other
                .get("smithy.api#requestCompression")
                .and_then(|t| t.get("encodings"))
                .and_then(Value::as_array)
                .is_some_and(|e| e.iter().any(|v| v.as_str() == Some("gzip"))),
            idempotent: shape.traits.idempotent,
            readonly: shape.traits.readonly,
            validated: false,
        })
    }

    /// `smithy.api#endpoint`'s `hostPrefix`, each `{label}` bound to the `@hostLabel` input member
    /// of that name.
    fn host_prefix(
        &self,
        id: &ShapeId,
        shape: &Shape,
        input: &Structure,
    ) -> Result<Option<HostPrefix>, ModelError> {
        let Some(endpoint) = shape.traits.other.get("smithy.api#endpoint") else {
            return Ok(None);
        };
        let bad = |problem: String| ModelError::InvalidTrait {
            shape: id.to_string(),
            trait_id: "smithy.api#endpoint".to_string(),
            problem,
        };
        let template = endpoint
            .get("hostPrefix")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("`hostPrefix` must be a string".to_string()))?;
        let mut labels = Vec::new();
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            let after = &rest[start + 1..];
            let end = after
                .find('}')
                .ok_or_else(|| bad(format!("unclosed label in `{template}`")))?;
            let label = &after[..end];
            let field = input
                .fields
                .iter()
                .find(|f| f.wire_name == label && f.ty == RustType::String)
                .ok_or_else(|| {
                    bad(format!(
                        "label `{{{label}}}` has no string input member of that name"
                    ))
                })?;
            labels.push(HostLabel {
                label: label.to_string(),
                field: field.rust_name.clone(),
                optional: field.optional,
            });
            rest = &after[end + 1..];
        }
        Ok(Some(HostPrefix {
            template: template.to_string(),
            labels,
        }))
    }

    fn pagination(
        &self,
        id: &ShapeId,
        op: &Paginated,
        input: &Structure,
        output: &Structure,
    ) -> Result<Pagination, ModelError> {
        let service = self.service.traits.paginated.clone().unwrap_or_default();
        let pick = |a: &Option<String>, b: &Option<String>| a.clone().or_else(|| b.clone());
        let missing = |what: &str| ModelError::InvalidTrait {
            shape: id.to_string(),
            trait_id: "smithy.api#paginated".to_string(),
            problem: format!("no `{what}` on the operation or the service"),
        };
        let input_token =
            pick(&op.input_token, &service.input_token).ok_or_else(|| missing("inputToken"))?;
        let output_token =
            pick(&op.output_token, &service.output_token).ok_or_else(|| missing("outputToken"))?;
        let has = |s: &Structure, path: &str| s.fields.iter().any(|f| f.wire_name == path);
        let not_member = |what: &str, name: &str| ModelError::InvalidTrait {
            shape: id.to_string(),
            trait_id: "smithy.api#paginated".to_string(),
            problem: format!("`{what}` names `{name}`, which is not a member"),
        };
        for (what, path) in [
            ("inputToken", Some(&input_token)),
            ("outputToken", Some(&output_token)),
            ("items", op.items.as_ref().or(service.items.as_ref())),
            (
                "pageSize",
                op.page_size.as_ref().or(service.page_size.as_ref()),
            ),
        ] {
            if let Some(path) = path.filter(|p| p.contains('.')) {
                return Err(ModelError::InvalidTrait {
                    shape: id.to_string(),
                    trait_id: "smithy.api#paginated".to_string(),
                    problem: format!(
                        "`{what}` is the nested path `{path}`; only top-level members are \
                         supported"
                    ),
                });
            }
        }
        if !has(input, &input_token) {
            return Err(not_member("inputToken", &input_token));
        }
        if !has(output, &output_token) {
            return Err(not_member("outputToken", &output_token));
        }
        let items = pick(&op.items, &service.items);
        if let Some(items) = &items {
            if !has(output, items) {
                return Err(not_member("items", items));
            }
        }
        let page_size = pick(&op.page_size, &service.page_size);
        if let Some(page_size) = &page_size {
            if !has(input, page_size) {
                return Err(not_member("pageSize", page_size));
            }
        }
        Ok(Pagination {
            input_token,
            output_token,
            items,
            page_size,
        })
    }

    fn structure(
        &self,
        shape: &Shape,
        members: &indexmap::IndexMap<String, Member>,
        path: ItemPath,
        role: StructRole,
        boxed: &BTreeSet<(ShapeId, String)>,
    ) -> Result<Structure, ModelError> {
        let mut fields = Vec::new();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        for member in members.values() {
            let rust_name = naming::field_ident(&member.name);
            if let Some(first) = names.insert(rust_name.clone(), member.name.clone()) {
                return Err(ModelError::NameCollision {
                    shape: shape.id.to_string(),
                    first,
                    second: member.name.clone(),
                    rust_name,
                });
            }
            let target = self.shape(&member.target)?;
            let mut ty = self.rust_type(&member.target)?;
            if boxed.contains(&(shape.id.clone(), member.name.clone())) {
                ty = RustType::Boxed(Box::new(ty));
            }
            let member_id = shape.id.with_member(&member.name);
            let default = match &member.traits.default {
                Some(v) if !v.is_null() => Some(self.default_value(&member_id, target, &ty, v)?),
                _ => None,
            };
            let is_input = role == StructRole::Input;
            let optional = if member.traits.idempotency_token || member.traits.client_optional {
                true
            } else if member.traits.required {
                false
            } else {
                default.is_none() || member.traits.added_default || is_input
            };
            fields.push(Field {
                wire_name: member.name.clone(),
                rust_name,
                ty,
                optional,
                docs: docs(&member.traits.documentation)
                    .or_else(|| docs(&target.traits.documentation).filter(|_| is_simple(target))),
                deprecated: member_deprecation(member),
                redacted: member.traits.sensitive || self.is_redacted(&member.target),
                default: if optional { None } else { default },
                required: member.traits.required,
                idempotency_token: member.traits.idempotency_token,
                timestamp_format: self.timestamp_format(member)?,
            });
        }
        let docs = match role {
            // Operation inputs and outputs get their docs from the operation (see render).
            StructRole::Input | StructRole::Output => docs(&shape.traits.documentation),
            _ => item_docs(shape),
        };
        Ok(Structure {
            shape_id: shape.id.clone(),
            path,
            docs,
            deprecated: deprecation(shape),
            fields,
            role,
            sensitive: shape.traits.sensitive,
        })
    }

    fn union(
        &self,
        shape: &Shape,
        members: &indexmap::IndexMap<String, Member>,
        path: ItemPath,
        boxed: &BTreeSet<(ShapeId, String)>,
    ) -> Result<Union, ModelError> {
        if members.is_empty() {
            return Err(ModelError::InvalidShape {
                shape: shape.id.to_string(),
                problem: "a union needs at least one member".to_string(),
            });
        }
        let mut variants = Vec::new();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        for member in members.values() {
            let rust_name = variant_name(&member.name);
            if let Some(first) = names.insert(rust_name.clone(), member.name.clone()) {
                return Err(ModelError::NameCollision {
                    shape: shape.id.to_string(),
                    first,
                    second: member.name.clone(),
                    rust_name,
                });
            }
            let mut ty = self.rust_type(&member.target)?;
            if boxed.contains(&(shape.id.clone(), member.name.clone())) {
                ty = RustType::Boxed(Box::new(ty));
            }
            variants.push(UnionVariant {
                wire_name: member.name.clone(),
                rust_name,
                ty,
                docs: docs(&member.traits.documentation),
                deprecated: member_deprecation(member),
                redacted: member.traits.sensitive || self.is_redacted(&member.target),
                timestamp_format: self.timestamp_format(member)?,
            });
        }
        Ok(Union {
            shape_id: shape.id.clone(),
            path,
            docs: item_docs(shape),
            deprecated: deprecation(shape),
            variants,
            unknown_variant: UNKNOWN_VARIANT.to_string(),
            sensitive: shape.traits.sensitive,
        })
    }

    fn enumeration(
        &self,
        shape: &Shape,
        members: &indexmap::IndexMap<String, Member>,
        path: ItemPath,
    ) -> Result<Enumeration, ModelError> {
        let is_int = matches!(shape.kind, ShapeKind::IntEnum(_));
        let mut variants = Vec::new();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        for member in members.values() {
            let rust_name = variant_name(&member.name);
            if let Some(first) = names.insert(rust_name.clone(), member.name.clone()) {
                return Err(ModelError::NameCollision {
                    shape: shape.id.to_string(),
                    first,
                    second: member.name.clone(),
                    rust_name,
                });
            }
            let value = match (&member.traits.enum_value, is_int) {
                (Some(EnumValue::String(s)), false) => EnumValue::String(s.clone()),
                (None, false) => EnumValue::String(member.name.clone()),
                (Some(EnumValue::Int(i)), true) if i32::try_from(*i).is_ok() => EnumValue::Int(*i),
                _ => {
                    return Err(ModelError::InvalidTrait {
                        shape: shape.id.with_member(&member.name).to_string(),
                        trait_id: "smithy.api#enumValue".to_string(),
                        problem: if is_int {
                            "an intEnum member needs an integer value that fits in 32 bits"
                                .to_string()
                        } else {
                            "an enum member needs a string value".to_string()
                        },
                    })
                }
            };
            variants.push(EnumVariant {
                rust_name,
                value,
                docs: docs(&member.traits.documentation),
                deprecated: member_deprecation(member),
            });
        }
        Ok(Enumeration {
            shape_id: shape.id.clone(),
            path,
            docs: item_docs(shape),
            deprecated: deprecation(shape),
            variants,
            unknown_variant: UNKNOWN_VARIANT.to_string(),
            is_int,
            sensitive: shape.traits.sensitive,
        })
    }

    fn rust_type(&self, target: &ShapeId) -> Result<RustType, ModelError> {
        let shape = self.shape(target)?;
        Ok(match &shape.kind {
            ShapeKind::Blob => {
                if shape.traits.streaming {
                    return Err(ModelError::Unsupported {
                        shape: target.to_string(),
                        problem: "streaming blobs are not supported by awsJson1_0".to_string(),
                    });
                }
                RustType::Blob
            }
            ShapeKind::Boolean => RustType::Bool,
            ShapeKind::String => RustType::String,
            ShapeKind::Byte => RustType::I8,
            ShapeKind::Short => RustType::I16,
            ShapeKind::Integer => RustType::I32,
            ShapeKind::Long => RustType::I64,
            ShapeKind::Float => RustType::F32,
            ShapeKind::Double => RustType::F64,
            ShapeKind::BigInteger => RustType::BigInteger,
            ShapeKind::BigDecimal => RustType::BigDecimal,
            ShapeKind::Timestamp => RustType::DateTime,
            ShapeKind::Document => RustType::Document,
            ShapeKind::Enum(_)
            | ShapeKind::IntEnum(_)
            | ShapeKind::Structure(_)
            | ShapeKind::Union(_) => RustType::Named(self.paths[target].clone()),
            ShapeKind::List(member) => RustType::List {
                element: Box::new(self.rust_type(&member.target)?),
                sparse: shape.traits.sparse,
            },
            ShapeKind::Map { key, value } => {
                let key_shape = self.shape(&key.target)?;
                if !matches!(key_shape.kind, ShapeKind::String | ShapeKind::Enum(_)) {
                    return Err(ModelError::InvalidShape {
                        shape: target.to_string(),
                        problem: format!(
                            "map keys must target a string or enum shape, found a {}",
                            key_shape.kind.type_name()
                        ),
                    });
                }
                RustType::Map {
                    value: Box::new(self.rust_type(&value.target)?),
                    sparse: shape.traits.sparse,
                }
            }
            ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_) => {
                return Err(ModelError::InvalidShape {
                    shape: target.to_string(),
                    problem: "members may only target data shapes".to_string(),
                })
            }
        })
    }

    /// A value is redacted when its shape is `@sensitive` or it is a collection of such values.
    fn is_redacted(&self, target: &ShapeId) -> bool {
        let Some(shape) = self.model.shape(target) else {
            return false;
        };
        if shape.traits.sensitive {
            return true;
        }
        match &shape.kind {
            ShapeKind::List(m) => m.traits.sensitive || self.is_redacted(&m.target),
            ShapeKind::Map { key, value } => {
                key.traits.sensitive
                    || value.traits.sensitive
                    || self.is_redacted(&key.target)
                    || self.is_redacted(&value.target)
            }
            _ => false,
        }
    }

    /// The timestamp format that applies to timestamps held by this member, directly or as list
    /// elements or map values.
    fn timestamp_format(&self, member: &Member) -> Result<TimestampFormat, ModelError> {
        let mut format = member.traits.timestamp_format;
        let mut target = self.shape(&member.target)?;
        let mut depth = 0;
        loop {
            match &target.kind {
                ShapeKind::Timestamp => {
                    return Ok(format
                        .or(target.traits.timestamp_format)
                        .unwrap_or(TimestampFormat::EpochSeconds))
                }
                ShapeKind::List(inner) | ShapeKind::Map { value: inner, .. } if depth < 64 => {
                    format = inner.traits.timestamp_format;
                    target = self.shape(&inner.target)?;
                    depth += 1;
                }
                _ => return Ok(TimestampFormat::EpochSeconds),
            }
        }
    }

    fn default_value(
        &self,
        member_id: &ShapeId,
        target: &Shape,
        ty: &RustType,
        value: &Value,
    ) -> Result<DefaultValue, ModelError> {
        let bad = |problem: String| ModelError::InvalidTrait {
            shape: member_id.to_string(),
            trait_id: "smithy.api#default".to_string(),
            problem,
        };
        let kind = target.kind.type_name();
        let mismatch = || bad(format!("`{value}` is not a valid default for a {kind}"));
        Ok(match (&target.kind, value) {
            (ShapeKind::Boolean, Value::Bool(b)) => DefaultValue::Bool(*b),
            (
                ShapeKind::Byte | ShapeKind::Short | ShapeKind::Integer | ShapeKind::Long,
                Value::Number(n),
            ) => {
                let i = n.as_i64().ok_or_else(mismatch)?;
                let fits = match ty {
                    RustType::I8 => i8::try_from(i).is_ok(),
                    RustType::I16 => i16::try_from(i).is_ok(),
                    RustType::I32 => i32::try_from(i).is_ok(),
                    _ => true,
                };
                if !fits {
                    return Err(mismatch());
                }
                DefaultValue::Int(i)
            }
            (ShapeKind::Float | ShapeKind::Double, Value::Number(n)) => {
                DefaultValue::Float(n.as_f64().ok_or_else(mismatch)?)
            }
            (ShapeKind::String, Value::String(s)) => DefaultValue::String(s.clone()),
            (ShapeKind::Enum(members), Value::String(s)) => {
                let member = members
                    .values()
                    .find(|m| match &m.traits.enum_value {
                        Some(EnumValue::String(v)) => v == s,
                        None => &m.name == s,
                        _ => false,
                    })
                    .ok_or_else(|| bad(format!("`{s}` is not a value of the enum")))?;
                DefaultValue::EnumVariant {
                    enum_path: self.paths[&target.id].clone(),
                    variant: variant_name(&member.name),
                }
            }
            (ShapeKind::IntEnum(members), Value::Number(n)) => {
                let i = n.as_i64().ok_or_else(mismatch)?;
                let member = members
                    .values()
                    .find(|m| m.traits.enum_value == Some(EnumValue::Int(i)))
                    .ok_or_else(|| bad(format!("`{i}` is not a value of the intEnum")))?;
                DefaultValue::EnumVariant {
                    enum_path: self.paths[&target.id].clone(),
                    variant: variant_name(&member.name),
                }
            }
            (ShapeKind::List(_), Value::Array(a)) if a.is_empty() => DefaultValue::EmptyList,
            (ShapeKind::Map { .. }, Value::Object(o)) if o.is_empty() => DefaultValue::EmptyMap,
            (ShapeKind::Blob, Value::String(s)) => DefaultValue::Blob(
                base64::engine::general_purpose::STANDARD
                    .decode(s)
                    .map_err(|e| bad(format!("`{s}` is not valid base64: {e}")))?,
            ),
            (ShapeKind::Timestamp, Value::Number(n)) => {
                DefaultValue::Timestamp(n.as_f64().ok_or_else(mismatch)?)
            }
            (ShapeKind::Document, v) => DefaultValue::Document(v.clone()),
            _ => return Err(mismatch()),
        })
    }
}

/// Variant name for an enum or union member; a member that would take the catch-all's name is
/// renamed with a `Value` suffix, so the catch-all is always free.
fn variant_name(member: &str) -> String {
    let name = naming::variant_ident(member);
    if name == UNKNOWN_VARIANT {
        format!("{UNKNOWN_VARIANT}{RESERVED_SUFFIX}")
    } else {
        name
    }
}

fn is_simple(shape: &Shape) -> bool {
    !matches!(
        shape.kind,
        ShapeKind::Structure(_)
            | ShapeKind::Union(_)
            | ShapeKind::Enum(_)
            | ShapeKind::IntEnum(_)
            | ShapeKind::List(_)
            | ShapeKind::Map { .. }
    ) && shape.id.namespace() != "smithy.api"
}

/// An item's docs: the model's, or a line naming the shape when the model has none.
fn item_docs(shape: &Shape) -> Option<String> {
    docs(&shape.traits.documentation).or_else(|| {
        (!shape.id.is_unit()).then(|| {
            format!(
                "The `{}` shape of the model (the model documents it no further).",
                shape.id
            )
        })
    })
}

fn docs(html: &Option<String>) -> Option<String> {
    html.as_deref()
        .map(html_to_markdown)
        .filter(|md| !md.trim().is_empty())
}

fn deprecation(shape: &Shape) -> Option<String> {
    shape.traits.deprecated.as_ref().map(deprecation_note)
}

fn member_deprecation(member: &Member) -> Option<String> {
    member.traits.deprecated.as_ref().map(deprecation_note)
}

fn deprecation_note(d: &crate::model::Deprecated) -> String {
    match (&d.message, &d.since) {
        (Some(m), Some(s)) => format!("{m} (since {s})"),
        (Some(m), None) => m.clone(),
        (None, Some(s)) => format!("deprecated since {s}"),
        (None, None) => String::new(),
    }
}
