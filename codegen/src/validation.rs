//! Resolve stage for client-side validation: which constraint traits (`@required`, `@length`,
//! `@range`, `@pattern`) each operation input, and each structure and union reachable from one,
//! checks, as data the renderer turns into `Validate` impls.
//!
//! Smithy's rules, as applied here:
//! - a member's own constraint trait replaces the same trait of its target;
//! - `@length` counts Unicode scalar values of strings, bytes of blobs, entries of lists and maps;
//! - `@range` bounds integers (decimal bounds are rounded inwards) and floats; bounds on
//!   `bigInteger` and `bigDecimal` are not checked (the runtime keeps them as text);
//! - `@required` is checked only where the Rust type can still be absent (`Option` members, from
//!   `@clientOptional`); other required members cannot be missing, and `@idempotencyToken`
//!   members are filled in before validation;
//! - enums are closed by their Rust type; their values are not checked again.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Field, Ir, ItemPath, RustType, Structure};
use crate::model::{Member, Model, ShapeId, ShapeKind, Traits};
use crate::pattern::{self, LoweredPattern};
use crate::ModelError;

/// Everything client-side validation generates for a service.
#[derive(Debug, Clone, Default)]
pub struct Validation {
    /// Every pattern used by a check, sorted by model text (a [`Rule::Pattern`] indexes it).
    pub patterns: Vec<LoweredPattern>,
    /// Inputs, structures and unions with something to check, sorted by path.
    pub shapes: Vec<ShapeChecks>,
}

impl Validation {
    /// Whether the item at `path` has checks (and so implements `Validate`).
    pub fn has_checks(&self, path: &ItemPath) -> bool {
        self.shapes.iter().any(|s| &s.path == path)
    }
}

/// The checks of one structure or union.
#[derive(Debug, Clone)]
pub struct ShapeChecks {
    pub path: ItemPath,
    pub is_union: bool,
    /// Members with checks, in model order.
    pub members: Vec<MemberChecks>,
}

/// The checks of one member.
#[derive(Debug, Clone)]
pub struct MemberChecks {
    /// As in the model: the path segment in violations.
    pub wire_name: String,
    /// The field (structure) or variant (union) name.
    pub rust_name: String,
    /// The field is an `Option`.
    pub optional: bool,
    pub check: ValueCheck,
}

/// What to check on one value.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueCheck {
    pub rules: Vec<Rule>,
    pub nested: Nested,
}

/// One constraint (see `awsjson_runtime::validation::Rule`).
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    Required,
    Length(u64, u64),
    RangeInt(i64, i64),
    RangeFloat(f64, f64),
    /// An index into [`Validation::patterns`].
    Pattern(usize),
}

/// Checks inside the value.
#[derive(Debug, Clone, PartialEq)]
pub enum Nested {
    None,
    /// A structure or union (or a list, map, `Box` or `Option` of them) that implements
    /// `Validate`.
    Validate,
    /// A list whose elements have their own rules.
    List {
        sparse: bool,
        element: Box<ValueCheck>,
    },
    /// A map whose keys or values have their own rules.
    Map {
        sparse: bool,
        key: Vec<Rule>,
        value: Box<ValueCheck>,
    },
}

impl ValueCheck {
    fn is_empty(&self) -> bool {
        self.rules.is_empty() && self.nested == Nested::None
    }
}

/// A check before the patterns are numbered and before it is known which named items have
/// checks of their own.
#[derive(Debug, Clone)]
struct RawCheck {
    rules: Vec<RawRule>,
    nested: RawNested,
}

#[derive(Debug, Clone)]
enum RawRule {
    Rule(Rule),
    Pattern(String),
}

#[derive(Debug, Clone)]
enum RawNested {
    None,
    Named(ItemPath),
    List {
        sparse: bool,
        element: Box<RawCheck>,
    },
    Map {
        sparse: bool,
        key: Vec<RawRule>,
        value: Box<RawCheck>,
    },
}

struct RawShape {
    is_union: bool,
    members: Vec<(String, String, bool, RawCheck)>,
}

/// Finds the checks of every operation input and of what it reaches.
pub fn resolve(model: &Model, ir: &Ir) -> Result<Validation, ModelError> {
    let mut items: BTreeMap<ItemPath, (&ShapeId, ItemKind)> = BTreeMap::new();
    for s in &ir.structures {
        items.insert(s.path.clone(), (&s.shape_id, ItemKind::Structure(s)));
    }
    for u in &ir.unions {
        items.insert(u.path.clone(), (&u.shape_id, ItemKind::Union));
    }
    let mut patterns: BTreeMap<String, LoweredPattern> = BTreeMap::new();
    let mut raw: BTreeMap<ItemPath, RawShape> = BTreeMap::new();
    let mut pending: Vec<ItemPath> = Vec::new();
    for op in &ir.operations {
        let shape = structure_checks(model, &op.input, &mut patterns)?;
        pending.extend(shape.members.iter().flat_map(|m| named(&m.3)));
        raw.insert(op.input.path.clone(), shape);
    }
    while let Some(path) = pending.pop() {
        if raw.contains_key(&path) {
            continue;
        }
        let Some((shape_id, kind)) = items.get(&path) else {
            continue;
        };
        let shape = match kind {
            ItemKind::Structure(s) => structure_checks(model, s, &mut patterns)?,
            ItemKind::Union => union_checks(model, shape_id, ir, &path, &mut patterns)?,
        };
        pending.extend(shape.members.iter().flat_map(|m| named(&m.3)));
        raw.insert(path, shape);
    }
    // Which items have checks: those with a rule, and, to a fixed point, those that reach one.
    let mut with_checks: BTreeSet<ItemPath> = BTreeSet::new();
    loop {
        let before = with_checks.len();
        for (path, shape) in &raw {
            if shape.members.iter().any(|m| has_checks(&m.3, &with_checks)) {
                with_checks.insert(path.clone());
            }
        }
        if with_checks.len() == before {
            break;
        }
    }
    let pattern_index: BTreeMap<&str, usize> = patterns
        .keys()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i))
        .collect();
    let mut shapes = Vec::new();
    for (path, shape) in &raw {
        if !with_checks.contains(path) {
            continue;
        }
        let members = shape
            .members
            .iter()
            .map(|(wire_name, rust_name, optional, check)| MemberChecks {
                wire_name: wire_name.clone(),
                rust_name: rust_name.clone(),
                optional: *optional,
                check: finish(check, &with_checks, &pattern_index),
            })
            .filter(|m| !m.check.is_empty())
            .collect();
        shapes.push(ShapeChecks {
            path: path.clone(),
            is_union: shape.is_union,
            members,
        });
    }
    Ok(Validation {
        patterns: patterns.into_values().collect(),
        shapes,
    })
}

enum ItemKind<'a> {
    Structure(&'a Structure),
    Union,
}

fn named(check: &RawCheck) -> Vec<ItemPath> {
    match &check.nested {
        RawNested::None => Vec::new(),
        RawNested::Named(path) => vec![path.clone()],
        RawNested::List { element, .. } => named(element),
        RawNested::Map { value, .. } => named(value),
    }
}

fn has_checks(check: &RawCheck, with_checks: &BTreeSet<ItemPath>) -> bool {
    !check.rules.is_empty()
        || match &check.nested {
            RawNested::None => false,
            RawNested::Named(path) => with_checks.contains(path),
            RawNested::List { element, .. } => has_checks(element, with_checks),
            RawNested::Map { key, value, .. } => !key.is_empty() || has_checks(value, with_checks),
        }
}

fn finish_rules(rules: &[RawRule], patterns: &BTreeMap<&str, usize>) -> Vec<Rule> {
    rules
        .iter()
        .map(|r| match r {
            RawRule::Rule(rule) => rule.clone(),
            RawRule::Pattern(p) => Rule::Pattern(patterns[p.as_str()]),
        })
        .collect()
}

/// The final check; a list or map that only needs `Validate` on its items becomes
/// [`Nested::Validate`] (the runtime implements it for lists and maps of `Validate` items).
fn finish(
    check: &RawCheck,
    with_checks: &BTreeSet<ItemPath>,
    patterns: &BTreeMap<&str, usize>,
) -> ValueCheck {
    let only_validate = |c: &ValueCheck| c.rules.is_empty() && c.nested == Nested::Validate;
    let nested = match &check.nested {
        RawNested::None => Nested::None,
        RawNested::Named(path) if with_checks.contains(path) => Nested::Validate,
        RawNested::Named(_) => Nested::None,
        RawNested::List { sparse, element } => {
            let element = finish(element, with_checks, patterns);
            if element.is_empty() {
                Nested::None
            } else if only_validate(&element) {
                Nested::Validate
            } else {
                Nested::List {
                    sparse: *sparse,
                    element: Box::new(element),
                }
            }
        }
        RawNested::Map { sparse, key, value } => {
            let key = finish_rules(key, patterns);
            let value = finish(value, with_checks, patterns);
            if key.is_empty() && value.is_empty() {
                Nested::None
            } else if key.is_empty() && only_validate(&value) {
                Nested::Validate
            } else {
                Nested::Map {
                    sparse: *sparse,
                    key,
                    value: Box::new(value),
                }
            }
        }
    };
    ValueCheck {
        rules: finish_rules(&check.rules, patterns),
        nested,
    }
}

fn model_members<'m>(
    model: &'m Model,
    id: &ShapeId,
) -> Option<&'m indexmap::IndexMap<String, Member>> {
    match &model.shape(id)?.kind {
        ShapeKind::Structure(m) | ShapeKind::Union(m) => Some(m),
        _ => None,
    }
}

fn structure_checks(
    model: &Model,
    structure: &Structure,
    patterns: &mut BTreeMap<String, LoweredPattern>,
) -> Result<RawShape, ModelError> {
    let mut members = Vec::new();
    if let Some(model_members) = model_members(model, &structure.shape_id) {
        for field in &structure.fields {
            let Some(member) = model_members.get(&field.wire_name) else {
                continue;
            };
            let member_id = structure.shape_id.with_member(&member.name);
            let mut check = value_check(
                model,
                &member_id,
                &member.traits,
                &member.target,
                &field.ty,
                patterns,
            )?;
            if required_can_be_missing(field) {
                check.rules.insert(0, RawRule::Rule(Rule::Required));
            }
            members.push((
                field.wire_name.clone(),
                field.rust_name.clone(),
                field.optional,
                check,
            ));
        }
    }
    Ok(RawShape {
        is_union: false,
        members,
    })
}

fn required_can_be_missing(field: &Field) -> bool {
    field.required && field.optional && !field.idempotency_token
}

fn union_checks(
    model: &Model,
    shape_id: &ShapeId,
    ir: &Ir,
    path: &ItemPath,
    patterns: &mut BTreeMap<String, LoweredPattern>,
) -> Result<RawShape, ModelError> {
    let mut members = Vec::new();
    let union = ir.unions.iter().find(|u| &u.path == path);
    if let (Some(union), Some(model_members)) = (union, model_members(model, shape_id)) {
        for variant in &union.variants {
            let Some(member) = model_members.get(&variant.wire_name) else {
                continue;
            };
            let member_id = shape_id.with_member(&member.name);
            let check = value_check(
                model,
                &member_id,
                &member.traits,
                &member.target,
                &variant.ty,
                patterns,
            )?;
            members.push((
                variant.wire_name.clone(),
                variant.rust_name.clone(),
                false,
                check,
            ));
        }
    }
    Ok(RawShape {
        is_union: true,
        members,
    })
}

/// The checks of a value of Rust type `ty` for a member (or list/map member) `member_id` with
/// `member_traits` targeting `target`.
fn value_check(
    model: &Model,
    member_id: &ShapeId,
    member_traits: &Traits,
    target: &ShapeId,
    ty: &RustType,
    patterns: &mut BTreeMap<String, LoweredPattern>,
) -> Result<RawCheck, ModelError> {
    let ty = match ty {
        RustType::Boxed(inner) => inner.as_ref(),
        other => other,
    };
    let Some(target_shape) = model.shape(target) else {
        return Ok(RawCheck {
            rules: Vec::new(),
            nested: RawNested::None,
        });
    };
    let traits = &target_shape.traits;
    // The member's trait replaces the target's.
    let length = member_traits.length.or(traits.length);
    let range = member_traits.range.as_ref().or(traits.range.as_ref());
    let (pattern, pattern_owner) = match (&member_traits.pattern, &traits.pattern) {
        (Some(p), _) => (Some(p), member_id),
        (None, Some(p)) => (Some(p), target),
        (None, None) => (None, target),
    };
    let length_rule =
        length.map(|l| RawRule::Rule(Rule::Length(l.min.unwrap_or(0), l.max.unwrap_or(u64::MAX))));
    let mut rules = Vec::new();
    let mut nested = RawNested::None;
    match (ty, &target_shape.kind) {
        (RustType::String, ShapeKind::String) => {
            rules.extend(length_rule);
            if let Some(p) = pattern {
                if !patterns.contains_key(p) {
                    let lowered =
                        pattern::lower(p).map_err(|problem| ModelError::InvalidTrait {
                            shape: pattern_owner.to_string(),
                            trait_id: "smithy.api#pattern".to_string(),
                            problem: format!("the pattern `{p}` cannot be checked: {problem}"),
                        })?;
                    patterns.insert(p.clone(), lowered);
                }
                rules.push(RawRule::Pattern(p.clone()));
            }
        }
        (RustType::Blob, _) => rules.extend(length_rule),
        (RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64, _) => {
            if let Some(r) = range {
                let min = r.min.as_ref().map_or(i64::MIN, |n| int_bound(n, true));
                let max = r.max.as_ref().map_or(i64::MAX, |n| int_bound(n, false));
                rules.push(RawRule::Rule(Rule::RangeInt(min, max)));
            }
        }
        (RustType::F32 | RustType::F64, _) => {
            if let Some(r) = range {
                let min = r.min.as_ref().and_then(|n| n.as_f64());
                let max = r.max.as_ref().and_then(|n| n.as_f64());
                rules.push(RawRule::Rule(Rule::RangeFloat(
                    min.unwrap_or(f64::NEG_INFINITY),
                    max.unwrap_or(f64::INFINITY),
                )));
            }
        }
        (RustType::List { element, sparse }, ShapeKind::List(list_member)) => {
            rules.extend(length_rule);
            let element = value_check(
                model,
                &target.with_member(&list_member.name),
                &list_member.traits,
                &list_member.target,
                element,
                patterns,
            )?;
            nested = RawNested::List {
                sparse: *sparse,
                element: Box::new(element),
            };
        }
        (
            RustType::Map { value, sparse },
            ShapeKind::Map {
                key,
                value: value_member,
            },
        ) => {
            rules.extend(length_rule);
            let key_check = value_check(
                model,
                &target.with_member(&key.name),
                &key.traits,
                &key.target,
                &RustType::String,
                patterns,
            )?;
            let value = value_check(
                model,
                &target.with_member(&value_member.name),
                &value_member.traits,
                &value_member.target,
                value,
                patterns,
            )?;
            nested = RawNested::Map {
                sparse: *sparse,
                key: key_check.rules,
                value: Box::new(value),
            };
        }
        (RustType::Named(path), ShapeKind::Structure(_) | ShapeKind::Union(_)) => {
            nested = RawNested::Named(path.clone());
        }
        _ => {}
    }
    Ok(RawCheck { rules, nested })
}

/// An integer bound from a JSON number: decimals round inwards (`min` up, `max` down).
fn int_bound(n: &serde_json::Number, is_min: bool) -> i64 {
    if let Some(i) = n.as_i64() {
        return i;
    }
    if n.as_u64().is_some() {
        return i64::MAX;
    }
    let f = n.as_f64().unwrap_or(0.0);
    let rounded = if is_min { f.ceil() } else { f.floor() };
    // `as` saturates at the i64 bounds.
    rounded as i64
}
