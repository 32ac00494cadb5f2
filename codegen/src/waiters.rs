//! Waiters (`smithy.waiters#waitable`): each waiter of an operation becomes a `wait_until_*`
//! client method. The acceptors' JMESPath `path`s are parsed ([`crate::jmespath`]) and compiled
//! here, at generation time, into typed Rust over the operation's output; nothing interprets
//! JMESPath at run time.
//!
//! The compiled subset: member access (`Table.TableStatus`), list projections (`Items[].Status`,
//! flattening as JMESPath does), filter projections (`Items[?Size > `10` && Name != 'x']`), the
//! comparisons `==` `!=` `<` `<=` `>` `>=`, `&&`, `||`, `!`, parentheses, `@`, raw string and JSON
//! literals, and `length()` of strings, lists and maps. Every value keeps JMESPath's null:
//! a missing member is null, an ordering comparison with null is null, null equals only null.
//! An expression JMESPath cannot evaluate (`length(null)`, when a list is missing) makes the
//! acceptor not match that response.
//!
//! Valid JMESPath outside the subset, or a path whose types do not fit it (a comparison of a
//! string with a number, a member of a list, ...), leaves the waiter out: [`compile_waiters`]
//! returns it with the reason (naming the waiter and the path), and the crate documents it. A path
//! that is not JMESPath, or a malformed trait, is a generation error.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::ir::{Ir, ItemPath, OperationIr, RustType, Structure};
use crate::jmespath::{self, Ast, Comparison};
use crate::naming;
use crate::render::ident;

/// Smithy's default delays, in seconds.
const DEFAULT_MIN_DELAY: u64 = 2;
const DEFAULT_MAX_DELAY: u64 = 120;

/// One generated waiter.
#[derive(Debug, Clone)]
pub struct Waiter {
    /// The waiter's name in the model (`TableExists`).
    pub name: String,
    /// The client method, `wait_until_{name}`.
    pub method: String,
    /// The operation's name in the model.
    pub operation: String,
    /// The operation's module and type names.
    pub module: String,
    pub input: String,
    pub error_enum: String,
    pub docs: Option<String>,
    pub min_delay: u64,
    pub max_delay: u64,
    /// One statement per acceptor, in model order, each returning its state when it matches:
    /// the first that matches wins.
    pub acceptors: Vec<TokenStream>,
}

/// A waiter the generator could not compile, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedWaiter {
    pub operation: String,
    pub name: String,
    pub reason: String,
}

/// The compiled waiters of every operation (sorted by method name) and the ones left out.
pub fn compile_waiters(ir: &Ir) -> Result<(Vec<Waiter>, Vec<SkippedWaiter>), String> {
    let mut waiters = Vec::new();
    let mut skipped = Vec::new();
    for op in &ir.operations {
        let Some(Value::Object(defs)) = &op.waitable else {
            continue;
        };
        for (name, def) in defs {
            match compile_one(ir, op, name, def) {
                Ok(w) => waiters.push(w),
                Err(Problem::Unsupported(reason)) => skipped.push(SkippedWaiter {
                    operation: op.wire_name.clone(),
                    name: name.clone(),
                    reason,
                }),
                Err(Problem::Invalid(reason)) => {
                    return Err(format!(
                        "operation {}: waiter `{name}`: {reason}",
                        op.shape_id
                    ))
                }
            }
        }
    }
    waiters.sort_by(|a, b| a.method.cmp(&b.method));
    for pair in waiters.windows(2) {
        if pair[0].method == pair[1].method {
            return Err(format!(
                "waiters `{}` and `{}` both become the method `{}`",
                pair[0].name, pair[1].name, pair[0].method
            ));
        }
    }
    Ok((waiters, skipped))
}

enum Problem {
    /// Valid Smithy the generator does not support (the waiter is left out).
    Unsupported(String),
    /// A malformed trait (generation fails).
    Invalid(String),
}

fn compile_one(ir: &Ir, op: &OperationIr, name: &str, def: &Value) -> Result<Waiter, Problem> {
    let delay = |key: &str, default: u64| match def.get(key) {
        None => Ok(default),
        Some(v) => v
            .as_u64()
            .filter(|d| *d >= 1)
            .ok_or_else(|| Problem::Invalid(format!("`{key}` must be a positive integer"))),
    };
    let min_delay = delay("minDelay", DEFAULT_MIN_DELAY)?;
    let max_delay = delay("maxDelay", DEFAULT_MAX_DELAY)?;
    if max_delay < min_delay {
        return Err(Problem::Invalid(format!(
            "maxDelay {max_delay} is less than minDelay {min_delay}"
        )));
    }
    let acceptors = def
        .get("acceptors")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| Problem::Invalid("`acceptors` must be a non-empty list".into()))?;
    let acceptors = acceptors
        .iter()
        .map(|a| acceptor(ir, op, a))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Waiter {
        name: name.to_string(),
        method: format!("wait_until_{}", naming::to_snake_case(name)),
        operation: op.wire_name.clone(),
        module: op.module.clone(),
        input: op.input.path.name().to_string(),
        error_enum: op.error_enum.name.clone(),
        docs: def
            .get("documentation")
            .and_then(Value::as_str)
            .map(str::to_string),
        min_delay,
        max_delay,
        acceptors,
    })
}

fn acceptor(ir: &Ir, op: &OperationIr, a: &Value) -> Result<TokenStream, Problem> {
    let rt = crate::render::rt();
    let state = match a.get("state").and_then(Value::as_str) {
        Some("success") => quote!(#rt::waiter::AcceptorState::Success),
        Some("failure") => quote!(#rt::waiter::AcceptorState::Failure),
        Some("retry") => quote!(#rt::waiter::AcceptorState::Retry),
        _ => {
            return Err(Problem::Invalid(
                "an acceptor's `state` must be success, failure or retry".into(),
            ))
        }
    };
    let matcher = a
        .get("matcher")
        .and_then(Value::as_object)
        .filter(|m| m.len() == 1)
        .ok_or_else(|| Problem::Invalid("an acceptor needs exactly one matcher".into()))?;
    let (kind, value) = matcher.iter().next().expect("one entry");
    let condition = match kind.as_str() {
        "success" => {
            let ok = value
                .as_bool()
                .ok_or_else(|| Problem::Invalid("`success` matcher must be a boolean".into()))?;
            let test = if ok {
                quote!(response.is_ok())
            } else {
                quote!(response.is_err())
            };
            quote!(if #test {
                return Some(#state);
            })
        }
        "errorType" => {
            let code = value
                .as_str()
                .ok_or_else(|| Problem::Invalid("`errorType` must be a string".into()))?;
            let code = code.rsplit('#').next().unwrap_or(code);
            let error_enum = ident(&op.error_enum.name);
            let module = ident(&op.module);
            match op.error_enum.variants.iter().find(|v| v.code == code) {
                Some(v) => {
                    let variant = ident(&v.rust_name);
                    quote!(if let Err(e) = response {
                        if let Some(crate::operation::#module::#error_enum::#variant(_)) =
                            e.service_error()
                        {
                            return Some(#state);
                        }
                    })
                }
                None => {
                    let unhandled = ident(&op.error_enum.unhandled_variant);
                    quote!(if let Err(e) = response {
                        if let Some(crate::operation::#module::#error_enum::#unhandled(u)) =
                            e.service_error()
                        {
                            if u.code.as_deref() == Some(#code) {
                                return Some(#state);
                            }
                        }
                    })
                }
            }
        }
        "output" => {
            let path = value
                .get("path")
                .and_then(Value::as_str)
                .ok_or_else(|| Problem::Invalid("an `output` matcher needs a `path`".into()))?;
            let expected = value
                .get("expected")
                .and_then(Value::as_str)
                .ok_or_else(|| Problem::Invalid("an `output` matcher needs `expected`".into()))?;
            let comparator = value
                .get("comparator")
                .and_then(Value::as_str)
                .ok_or_else(|| Problem::Invalid("an `output` matcher needs `comparator`".into()))?;
            let test = output_matcher(ir, &op.output, path, expected, comparator)?;
            quote!(if let Ok(output) = response {
                let matched = #test;
                if matched {
                    return Some(#state);
                }
            })
        }
        "inputOutput" => {
            return Err(Problem::Unsupported(
                "`inputOutput` matcher: not supported".to_string(),
            ))
        }
        other => return Err(Problem::Invalid(format!("unknown matcher `{other}`"))),
    };
    Ok(condition)
}

/// The boolean expression (of type `bool`) testing `output` (a `&Output`) against an `output`
/// matcher.
fn output_matcher(
    ir: &Ir,
    output: &Structure,
    path: &str,
    expected: &str,
    comparator: &str,
) -> Result<TokenStream, Problem> {
    let unsupported = |reason: String| {
        Problem::Unsupported(format!(
            "acceptor path `{path}` ({comparator} `{expected}`): {reason}"
        ))
    };
    let ast = jmespath::parse(path).map_err(|e| match e {
        jmespath::ParseError::Unsupported(reason) => unsupported(reason),
        jmespath::ParseError::Invalid(reason) => {
            Problem::Invalid(format!("acceptor path `{path}` is not JMESPath: {reason}"))
        }
    })?;
    let compiler = Compiler { ir };
    let root = Compiled {
        code: quote!(Some(output)),
        kind: Kind::Struct(output),
        fallible: false,
    };
    let mut value = compiler.value(&ast, &root).map_err(unsupported)?;
    if comparator == "booleanEquals" && expected == "true" && value.kind == Kind::Bool {
        // For a boolean-valued path (where `&&` and `||` join booleans only), being `true` is
        // being truthy, which compiles to plain `bool` logic.
        let truthy = compiler.truthy(&ast, &root, true).map_err(unsupported)?;
        return Ok(if truthy.fallible {
            let rt = crate::render::rt();
            let code = &truthy.code;
            quote!(#rt::waiter::jmespath::matches(|| Ok(#code)))
        } else {
            truthy.code
        });
    }
    let v = &value.code;
    let test = match (comparator, &value.kind) {
        ("booleanEquals", Kind::Bool) => {
            let want: bool = expected.parse().map_err(|_| {
                Problem::Invalid(format!(
                    "booleanEquals expects `true` or `false`, not `{expected}`"
                ))
            })?;
            quote!(#v == Some(#want))
        }
        ("stringEquals", Kind::String) => quote!(#v == Some(#expected)),
        ("anyStringEquals", Kind::List(e)) if **e == Kind::String => {
            quote!(#v.is_some_and(|l| l.contains(&#expected)))
        }
        // Smithy: an empty list does not match allStringEquals.
        ("allStringEquals", Kind::List(e)) if **e == Kind::String => {
            quote!(#v.is_some_and(|l| !l.is_empty() && l.iter().all(|s| *s == #expected)))
        }
        ("booleanEquals" | "stringEquals" | "anyStringEquals" | "allStringEquals", kind) => {
            return Err(unsupported(format!(
                "{comparator} on {} is not supported",
                kind.describe()
            )))
        }
        (other, _) => return Err(Problem::Invalid(format!("unknown comparator `{other}`"))),
    };
    value.code = test;
    Ok(if value.fallible {
        let rt = crate::render::rt();
        let test = &value.code;
        quote!(#rt::waiter::jmespath::matches(|| Ok(#test)))
    } else {
        value.code
    })
}

/// What a compiled JMESPath value is, at generation time. Each kind has one Rust form, always an
/// `Option` (`None` is JMESPath's null): `Option<bool>`, `Option<f64>` (every number type),
/// `Option<&str>` (strings and enums), `Option<&T>` (a structure or map), `Option<Vec<E>>` (a list
/// of the element kind's non-null form: `bool`, `f64`, `&str`, `&T`, `Vec<..>`).
#[derive(Debug, Clone)]
enum Kind<'a> {
    /// The literal `null`.
    Null,
    Bool,
    Number,
    String,
    Struct(&'a Structure),
    List(Box<Kind<'a>>),
    Map,
    /// A value the subset cannot test (blob, timestamp, document, union, big number, intEnum).
    Opaque(&'static str),
}

impl PartialEq for Kind<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Kind::Struct(a), Kind::Struct(b)) => a.shape_id == b.shape_id,
            (Kind::List(a), Kind::List(b)) => a == b,
            (Kind::Opaque(_), _) | (_, Kind::Opaque(_)) | (Kind::Map, Kind::Map) => false,
            (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
        }
    }
}

impl Kind<'_> {
    fn describe(&self) -> String {
        match self {
            Kind::Null => "null".into(),
            Kind::Bool => "a boolean".into(),
            Kind::Number => "a number".into(),
            Kind::String => "a string".into(),
            Kind::Struct(s) => format!("a structure (`{}`)", s.shape_id),
            Kind::List(e) => format!("a list of {}", e.describe().trim_start_matches("a ")),
            Kind::Map => "a map".into(),
            Kind::Opaque(what) => format!("a {what}"),
        }
    }
}

/// A compiled expression: Rust code of the [`Kind`]'s form, and whether it may fail (`?`).
struct Compiled<'a> {
    code: TokenStream,
    kind: Kind<'a>,
    /// Uses `?` on the runtime's `jmespath::EvalError` (`length(null)`), so it must run inside
    /// `jmespath::matches`.
    fallible: bool,
}

struct Compiler<'a> {
    ir: &'a Ir,
}

impl<'a> Compiler<'a> {
    /// The value of `ast` evaluated on `current`.
    fn value(&self, ast: &Ast, current: &Compiled<'a>) -> Result<Compiled<'a>, String> {
        let rt = crate::render::rt();
        let jp = quote!(#rt::waiter::jmespath);
        Ok(match ast {
            Ast::Current => Compiled {
                code: current.code.clone(),
                kind: current.kind.clone(),
                fallible: current.fallible,
            },
            Ast::Field(name) => self.field(current, name)?,
            Ast::Sub(left, right) => {
                let left = self.value(left, current)?;
                self.value(right, &left)?
            }
            Ast::Flatten(list) => {
                let list = self.value(list, current)?;
                match list.kind {
                    Kind::List(element) => match *element {
                        Kind::List(inner) => {
                            let code = &list.code;
                            Compiled {
                                code: quote!(#jp::flatten(#code)),
                                kind: Kind::List(inner),
                                fallible: list.fallible,
                            }
                        }
                        element => Compiled {
                            kind: Kind::List(Box::new(element)),
                            ..list
                        },
                    },
                    other => return Err(format!("`[]` on {}, not a list", other.describe())),
                }
            }
            Ast::Projection(list, each) => {
                let list = self.value(list, current)?;
                let Kind::List(element) = &list.kind else {
                    return Err(format!(
                        "a projection of {}, not a list",
                        list.kind.describe()
                    ));
                };
                self.project(list.code.clone(), list.fallible, element, each)?
            }
            Ast::Filter {
                list,
                condition,
                then,
            } => {
                let list = self.value(list, current)?;
                let Kind::List(element) = &list.kind else {
                    return Err(format!("a filter on {}, not a list", list.kind.describe()));
                };
                if matches!(**element, Kind::List(_)) {
                    return Err("filters on lists of lists are not supported".into());
                }
                let e = Compiled {
                    code: quote!(Some(e)),
                    kind: (**element).clone(),
                    fallible: false,
                };
                let keep = self.truthy(condition, &e, true)?;
                let code = &list.code;
                let test = &keep.code;
                let filtered = quote!(#jp::filter(#code, |e| Ok(#test))?);
                self.project(filtered, true, element, then)?
            }
            Ast::Literal(v) => match v {
                serde_json::Value::Null => Compiled {
                    code: quote!(None::<()>),
                    kind: Kind::Null,
                    fallible: false,
                },
                serde_json::Value::Bool(b) => Compiled {
                    code: quote!(Some(#b)),
                    kind: Kind::Bool,
                    fallible: false,
                },
                serde_json::Value::Number(n) => {
                    let n = n
                        .as_f64()
                        .filter(|n| n.is_finite())
                        .ok_or_else(|| format!("the number {n} is out of range"))?;
                    let n = proc_macro2::Literal::f64_unsuffixed(n);
                    Compiled {
                        code: quote!(Some(#n)),
                        kind: Kind::Number,
                        fallible: false,
                    }
                }
                serde_json::Value::String(s) => Compiled {
                    code: quote!(Some(#s)),
                    kind: Kind::String,
                    fallible: false,
                },
                other => return Err(format!("the literal {other} is not supported")),
            },
            Ast::Compare(op, left, right) => {
                let l = self.value(left, current)?;
                let r = self.value(right, current)?;
                let fallible = l.fallible || r.fallible;
                let (lc, rc) = (&l.code, &r.code);
                let code = match (op, &l.kind, &r.kind) {
                    (Comparison::Eq | Comparison::Ne, _, _) => {
                        let same = equality(*op, &l, &r)?;
                        quote!(Some(#same))
                    }
                    (
                        Comparison::Lt | Comparison::Le | Comparison::Gt | Comparison::Ge,
                        Kind::Number,
                        Kind::Number,
                    ) => {
                        let is = match op {
                            Comparison::Lt => quote!(is_lt),
                            Comparison::Le => quote!(is_le),
                            Comparison::Gt => quote!(is_gt),
                            _ => quote!(is_ge),
                        };
                        quote!(#jp::order(#lc, #rc).map(::std::cmp::Ordering::#is))
                    }
                    (op, a, b) => {
                        return Err(format!(
                            "`{}` between {} and {} is not supported",
                            op.symbol(),
                            a.describe(),
                            b.describe()
                        ))
                    }
                };
                Compiled {
                    code,
                    kind: Kind::Bool,
                    fallible,
                }
            }
            Ast::Not(inner) => {
                let falsy = self.truthy(inner, current, false)?;
                let code = &falsy.code;
                Compiled {
                    code: quote!(Some(#code)),
                    kind: Kind::Bool,
                    fallible: falsy.fallible,
                }
            }
            Ast::And(left, right) | Ast::Or(left, right) => {
                // JMESPath: `a && b` is `b` when `a` is truthy, else `a`; `a || b` is `a` when `a`
                // is truthy, else `b`. Typed, both sides must be of one kind.
                let l = self.value(left, current)?;
                let r = self.value(right, current)?;
                if l.kind != r.kind || !matches!(l.kind, Kind::Bool | Kind::Number | Kind::String) {
                    return Err(format!(
                        "`&&` or `||` between {} and {} is not supported as a value",
                        l.kind.describe(),
                        r.kind.describe()
                    ));
                }
                let held = Compiled {
                    code: quote!(l),
                    kind: l.kind.clone(),
                    fallible: false,
                };
                let l_truthy = truthiness(&held, true)?;
                let (lc, rc) = (&l.code, &r.code);
                let code = if matches!(ast, Ast::And(..)) {
                    quote!({
                        let l = #lc;
                        if #l_truthy { #rc } else { l }
                    })
                } else {
                    quote!({
                        let l = #lc;
                        if #l_truthy { l } else { #rc }
                    })
                };
                Compiled {
                    code,
                    kind: l.kind,
                    fallible: l.fallible || r.fallible,
                }
            }
            Ast::Length(inner) => {
                let v = self.value(inner, current)?;
                if !matches!(v.kind, Kind::String | Kind::List(_) | Kind::Map) {
                    return Err(format!(
                        "length() of {} (only strings, lists and maps)",
                        v.kind.describe()
                    ));
                }
                let code = &v.code;
                Compiled {
                    code: quote!(#jp::length(#code)?),
                    kind: Kind::Number,
                    fallible: true,
                }
            }
        })
    }

    /// `each` applied to every element of `list` (code of an `Option<Vec<_>>`), nulls dropped.
    fn project(
        &self,
        list: TokenStream,
        fallible: bool,
        element: &Kind<'a>,
        each: &Ast,
    ) -> Result<Compiled<'a>, String> {
        if *each == Ast::Current {
            return Ok(Compiled {
                code: list,
                kind: Kind::List(Box::new(element.clone())),
                fallible,
            });
        }
        let e = Compiled {
            code: quote!(Some(e)),
            kind: element.clone(),
            fallible: false,
        };
        let v = self.value(each, &e)?;
        if v.kind == Kind::Null {
            return Err("a projection of null".into());
        }
        let rt = crate::render::rt();
        let code = &v.code;
        Ok(Compiled {
            code: quote!(#rt::waiter::jmespath::project(#list, |e| Ok(#code))?),
            kind: Kind::List(Box::new(v.kind)),
            fallible: true,
        })
    }

    /// A `bool` that is whether `ast` is truthy (`want`) or falsy (`!want`) in JMESPath terms,
    /// keeping the short-circuit order of `&&` and `||`.
    fn truthy(
        &self,
        ast: &Ast,
        current: &Compiled<'a>,
        want: bool,
    ) -> Result<Compiled<'a>, String> {
        match ast {
            Ast::Not(inner) => self.truthy(inner, current, !want),
            Ast::And(left, right) | Ast::Or(left, right) => {
                let l = self.truthy(left, current, want)?;
                let r = self.truthy(right, current, want)?;
                // !(a && b) == !a || !b, with `a` still evaluated first.
                let and = matches!(ast, Ast::And(..)) == want;
                // `||` inside `&&` needs parentheses; nothing else does.
                let group = |side: &Ast, code: &TokenStream| {
                    if and && is_or(side, want) {
                        quote!((#code))
                    } else {
                        code.clone()
                    }
                };
                let (lc, rc) = (group(left, &l.code), group(right, &r.code));
                Ok(Compiled {
                    code: if and {
                        quote!(#lc && #rc)
                    } else {
                        quote!(#lc || #rc)
                    },
                    kind: Kind::Bool,
                    fallible: l.fallible || r.fallible,
                })
            }
            Ast::Compare(op @ (Comparison::Eq | Comparison::Ne), l, r) => {
                // A definite bool: no need to go through `Option`.
                let op = match (op, want) {
                    (op, true) => *op,
                    (Comparison::Eq, false) => Comparison::Ne,
                    (_, false) => Comparison::Eq,
                };
                let l = self.value(l, current)?;
                let r = self.value(r, current)?;
                Ok(Compiled {
                    code: equality(op, &l, &r)?,
                    kind: Kind::Bool,
                    fallible: l.fallible || r.fallible,
                })
            }
            _ => {
                let v = self.value(ast, current)?;
                let code = truthiness(&v, want)?;
                Ok(Compiled {
                    code,
                    kind: Kind::Bool,
                    fallible: v.fallible,
                })
            }
        }
    }

    /// A member of the current structure, in its kind's form.
    fn field(&self, current: &Compiled<'a>, name: &str) -> Result<Compiled<'a>, String> {
        let Kind::Struct(structure) = current.kind else {
            return Err(format!(
                "`{name}` is a member access on {}",
                current.kind.describe()
            ));
        };
        let field = structure
            .fields
            .iter()
            .find(|f| f.wire_name == name)
            .ok_or_else(|| format!("`{}` has no member `{name}`", structure.shape_id))?;
        let rust = ident(&field.rust_name);
        let ty = unbox(&field.ty);
        let base = &current.code;
        let copy = matches!(
            ty,
            RustType::Bool
                | RustType::I8
                | RustType::I16
                | RustType::I32
                | RustType::I64
                | RustType::F32
                | RustType::F64
        );
        let boxed = matches!(field.ty, RustType::Boxed(_));
        // `Option<T>` for copied scalars, `Option<&T>` otherwise.
        let access = match (field.optional, copy, boxed) {
            (true, true, _) => quote!(#base.and_then(|v| v.#rust)),
            (false, true, _) => quote!(#base.map(|v| v.#rust)),
            (true, false, true) => quote!(#base.and_then(|v| v.#rust.as_deref())),
            (false, false, true) => quote!(#base.map(|v| &*v.#rust)),
            (true, false, false) => quote!(#base.and_then(|v| v.#rust.as_ref())),
            (false, false, false) => quote!(#base.map(|v| &v.#rust)),
        };
        let (normalize, kind) = match &ty {
            RustType::Bool => (TokenStream::new(), Kind::Bool),
            RustType::I64 => (quote!(.map(|v| v as f64)), Kind::Number),
            RustType::F64 => (TokenStream::new(), Kind::Number),
            RustType::I8 | RustType::I16 | RustType::I32 | RustType::F32 => {
                (quote!(.map(f64::from)), Kind::Number)
            }
            _ => {
                let (map, kind) = self.element(&ty, quote!(v))?;
                let normalize = match map {
                    Some(map) => quote!(.map(|v| #map)),
                    None => TokenStream::new(),
                };
                (normalize, kind)
            }
        };
        Ok(Compiled {
            code: quote!(#access #normalize),
            kind,
            fallible: current.fallible,
        })
    }

    /// How a reference `v` (`&T`) to a non-copied value becomes its kind's non-null form (`None`:
    /// it already is), and the kind.
    fn element(
        &self,
        ty: &RustType,
        v: TokenStream,
    ) -> Result<(Option<TokenStream>, Kind<'a>), String> {
        Ok(match ty {
            RustType::Bool => (Some(quote!(*#v)), Kind::Bool),
            RustType::I64 => (Some(quote!(*#v as f64)), Kind::Number),
            RustType::F64 => (Some(quote!(*#v)), Kind::Number),
            RustType::I8 | RustType::I16 | RustType::I32 | RustType::F32 => {
                (Some(quote!(f64::from(*#v))), Kind::Number)
            }
            RustType::String => (Some(quote!(#v.as_str())), Kind::String),
            RustType::Boxed(inner) => {
                let (map, kind) = self.element(inner, quote!((&**#v)))?;
                (Some(map.unwrap_or(quote!(&**#v))), kind)
            }
            RustType::Named(p) => {
                if let Some(s) = find_structure(self.ir, p) {
                    (None, Kind::Struct(s))
                } else if let Some(e) = self.ir.enums.iter().find(|e| &e.path == p) {
                    if e.is_int {
                        return Err(format!(
                            "`{}` is an intEnum, which is not supported",
                            e.shape_id
                        ));
                    }
                    (Some(quote!(#v.as_str())), Kind::String)
                } else {
                    (None, Kind::Opaque("union"))
                }
            }
            RustType::List {
                element,
                sparse: false,
            } => {
                let (map, kind) = self.element(&unbox(element), quote!(e))?;
                let copied = matches!(unbox(element), RustType::Bool | RustType::F64);
                let iter = match map {
                    Some(_) if copied => quote!(#v.iter().copied().collect::<Vec<_>>()),
                    Some(map) => quote!(#v.iter().map(|e| #map).collect::<Vec<_>>()),
                    None => quote!(#v.iter().collect::<Vec<_>>()),
                };
                (Some(iter), Kind::List(Box::new(kind)))
            }
            RustType::List { sparse: true, .. } => {
                return Err("sparse lists are not supported".into())
            }
            RustType::Map { .. } => (None, Kind::Map),
            RustType::Blob => (None, Kind::Opaque("blob")),
            RustType::DateTime => (None, Kind::Opaque("timestamp")),
            RustType::Document => (None, Kind::Opaque("document")),
            RustType::BigInteger | RustType::BigDecimal => (None, Kind::Opaque("big number")),
        })
    }
}

/// Whether [`Compiler::truthy`] of `ast` is a Rust `||` at the top.
fn is_or(ast: &Ast, want: bool) -> bool {
    match ast {
        Ast::Or(..) => want,
        Ast::And(..) => !want,
        Ast::Not(inner) => is_or(inner, !want),
        _ => false,
    }
}

/// `l == r` or `l != r` as a `bool`: JMESPath equality, where null equals only null.
fn equality(op: Comparison, l: &Compiled<'_>, r: &Compiled<'_>) -> Result<TokenStream, String> {
    let (lc, rc) = (&l.code, &r.code);
    let eq = op == Comparison::Eq;
    Ok(match (&l.kind, &r.kind) {
        (Kind::Null, Kind::Null) => quote!(#eq),
        (Kind::Null, _) if eq => quote!(#rc.is_none()),
        (Kind::Null, _) => quote!(#rc.is_some()),
        (_, Kind::Null) if eq => quote!(#lc.is_none()),
        (_, Kind::Null) => quote!(#lc.is_some()),
        (a, b) if a == b && matches!(a, Kind::Bool | Kind::Number | Kind::String) => {
            if eq {
                quote!(#lc == #rc)
            } else {
                quote!(#lc != #rc)
            }
        }
        (a, b) => {
            return Err(format!(
                "`{}` between {} and {} is not supported",
                op.symbol(),
                a.describe(),
                b.describe()
            ))
        }
    })
}

/// Whether a value is truthy (`want`) or falsy in JMESPath terms: null, `false`, `""`, `[]` and
/// `{}` are falsy, every number is truthy.
fn truthiness(v: &Compiled<'_>, want: bool) -> Result<TokenStream, String> {
    let code = &v.code;
    Ok(match (&v.kind, want) {
        (Kind::Null, _) => {
            let null_is = !want;
            quote!(#null_is)
        }
        (Kind::Bool, true) => quote!(#code == Some(true)),
        (Kind::Bool, false) => quote!(#code != Some(true)),
        (Kind::Number, true) => quote!(#code.is_some()),
        (Kind::Number, false) => quote!(#code.is_none()),
        (Kind::String | Kind::List(_) | Kind::Map, true) => {
            quote!(#code.is_some_and(|v| !v.is_empty()))
        }
        (Kind::String | Kind::List(_) | Kind::Map, false) => {
            quote!(#code.is_none_or(|v| v.is_empty()))
        }
        (kind @ (Kind::Struct(_) | Kind::Opaque(_)), _) => {
            return Err(format!("the truth of {} is not supported", kind.describe()))
        }
    })
}

fn unbox(ty: &RustType) -> RustType {
    match ty {
        RustType::Boxed(inner) => unbox(inner),
        other => other.clone(),
    }
}

fn find_structure<'a>(ir: &'a Ir, path: &ItemPath) -> Option<&'a Structure> {
    ir.structures.iter().find(|s| &s.path == path)
}

/// The client method of one waiter: on the async client, or (`blocking`) the blocking client's,
/// which runs the async one on its runtime.
pub fn render_waiter(w: &Waiter, blocking: bool) -> TokenStream {
    let rt = crate::render::rt();
    let method = ident(&w.method);
    let module = ident(&w.module);
    let input = ident(&w.input);
    let error_enum = ident(&w.error_enum);
    let name = &w.name;
    let (min, max) = (w.min_delay, w.max_delay);
    let mut doc = format!(
        "Waiter `{name}`: calls the operation until the model's acceptors say the wait is over, \
         waiting {min} s to {max} s between attempts (exponential backoff with jitter) and at \
         most `max_wait` in all. Returns the response a success acceptor matched; a failure \
         acceptor, an error no acceptor expects, or `max_wait` running out is an error."
    );
    if let Some(d) = &w.docs {
        doc = format!("{}\n\n{doc}", crate::docs::html_to_markdown(d));
    }
    let docs = crate::render::doc_attrs(Some(&doc));
    let ret = quote! {
        Result<
            #rt::waiter::WaiterOutcome<
                <crate::operation::#module::#input as #rt::Operation>::Output,
                crate::operation::#module::#error_enum,
            >,
            #rt::waiter::WaiterError<crate::operation::#module::#error_enum>,
        >
    };
    let checks = &w.acceptors;
    if blocking {
        let operation = &w.operation;
        return quote! {
            #docs
            pub fn #method(
                &self,
                input: crate::operation::#module::#input,
                max_wait: ::std::time::Duration,
            ) -> #ret {
                self.runtime.run_waiter(#operation, self.inner.#method(input, max_wait))
            }
        };
    }
    quote! {
        #docs
        pub async fn #method(
            &self,
            input: crate::operation::#module::#input,
            max_wait: ::std::time::Duration,
        ) -> #ret {
            let config = #rt::waiter::WaiterConfig {
                min_delay: ::std::time::Duration::from_secs(#min),
                max_delay: ::std::time::Duration::from_secs(#max),
                max_wait,
            };
            #rt::waiter::wait(
                #name,
                &config,
                || self.send(input.clone()),
                |response| {
                    #(#checks)*
                    None
                },
            )
            .await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The waiters of a one-operation model whose output has the members below, each waiter with
    /// one `booleanEquals true` acceptor on the given path.
    fn compile(paths: &[&str]) -> Result<(Vec<Waiter>, Vec<SkippedWaiter>), String> {
        let waiters: serde_json::Map<String, Value> = paths
            .iter()
            .enumerate()
            .map(|(i, path)| {
                let acceptor = serde_json::json!({"state": "success", "matcher": {"output": {
                    "path": path, "expected": "true", "comparator": "booleanEquals"}}});
                (
                    format!("W{i:02}"),
                    serde_json::json!({"acceptors": [acceptor]}),
                )
            })
            .collect();
        let model = serde_json::json!({"smithy": "2.0", "shapes": {
            "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Op"}]},
            "ex#Op": {"type": "operation", "input": {"target": "smithy.api#Unit"},
                "output": {"target": "ex#Out"},
                "traits": {"smithy.waiters#waitable": waiters}},
            "ex#Out": {"type": "structure", "members": {
                "Name": {"target": "smithy.api#String"},
                "Count": {"target": "smithy.api#Long"},
                "On": {"target": "smithy.api#Boolean"},
                "Data": {"target": "smithy.api#Blob"},
                "Items": {"target": "ex#Items"}}},
            "ex#Items": {"type": "list", "member": {"target": "ex#Item"}},
            "ex#Item": {"type": "structure", "members": {"Size": {"target": "smithy.api#Integer"}}}
        }});
        let model = crate::model::parse_model(&model.to_string()).expect("model");
        let ir = crate::ir::resolve(&model, None).expect("ir");
        compile_waiters(&ir)
    }

    #[test]
    fn typed_paths_compile() {
        let (waiters, skipped) = compile(&[
            "On",
            "!On && Count >= `3`",
            "Name == 'x' || length(Items[?Size > `1`]) == `2`",
            "Items[?Size != `null`] == `null`",
            "(Count < `1`) == `false`",
            "length(Name) <= Count",
            "On || Name == `\"y\"`",
        ])
        .expect("compiles");
        assert_eq!(skipped, []);
        assert_eq!(waiters.len(), 7);
    }

    #[test]
    fn paths_whose_types_do_not_fit_are_left_out_with_the_reason() {
        let cases = [
            ("Name == `1`", "`==` between a string and a number"),
            ("Count > Name", "`>` between a number and a string"),
            ("Items.Size", "member access on a list of structure"),
            ("length(Count) > `1`", "length() of a number"),
            ("Name", "booleanEquals on a string"),
            ("Name && On", "`&&` or `||` between a string and a boolean"),
            ("Data == Data", "a blob"),
            ("Items[?@]", "the truth of a structure"),
            ("On.Flag", "member access on a boolean"),
            ("Missing", "has no member `Missing`"),
            ("On[]", "`[]` on a boolean"),
        ];
        let paths: Vec<&str> = cases.iter().map(|(p, _)| *p).collect();
        let (waiters, skipped) = compile(&paths).expect("only unsupported paths");
        assert!(waiters.is_empty());
        assert_eq!(skipped.len(), cases.len());
        for (s, (path, why)) in skipped.iter().zip(cases) {
            assert!(s.reason.contains(&format!("`{path}`")), "{s:?}");
            assert!(s.reason.contains(why), "{path}: {}", s.reason);
        }
    }

    #[test]
    fn a_path_that_is_not_jmespath_fails_generation() {
        let err = compile(&["Name =="]).expect_err("invalid");
        assert!(err.contains("`W00`") && err.contains("`Name ==`"), "{err}");
    }
}
