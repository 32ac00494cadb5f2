//! Waiters (`smithy.waiters#waitable`): each waiter of an operation becomes a `wait_until_*`
//! client method. The acceptors' JMESPath `path`s are compiled here, at generation time, into
//! direct (typed) field access on the operation's output; the supported subset is a chain of
//! member names (`Table.TableStatus`) with at most one list projection (`Items[].Status`). A
//! waiter whose path is outside that subset is not generated: [`compile_waiters`] returns it with
//! the reason (naming the waiter and the path), and the crate documents it.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::ir::{Ir, ItemPath, OperationIr, RustType, Structure};
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
            let test =
                output_matcher(ir, &op.output, path, expected, comparator).map_err(|reason| {
                    Problem::Unsupported(format!(
                        "acceptor path `{path}` ({comparator} `{expected}`): {reason}"
                    ))
                })?;
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

/// A path segment: a member name, optionally followed by `[]` (flatten the list).
fn segments(path: &str) -> Result<Vec<(&str, bool)>, String> {
    const SUPPORTED: &str =
        "only member names joined by `.`, with an optional `[]` projection, are supported";
    if let Some(c) = path
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']')))
    {
        return Err(format!("{SUPPORTED} (found `{c}`)"));
    }
    let mut out = Vec::new();
    for part in path.split('.') {
        let (name, flatten) = match part.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (part, false),
        };
        let simple = !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !name.starts_with(|c: char| c.is_ascii_digit());
        if !simple {
            return Err(format!("{SUPPORTED} (not `{part}`)"));
        }
        out.push((name, flatten));
    }
    if out.iter().filter(|(_, f)| *f).count() > 1 {
        return Err("at most one `[]` projection is supported".into());
    }
    Ok(out)
}

/// The boolean expression testing `output` (a `&Output`) against the matcher.
fn output_matcher(
    ir: &Ir,
    output: &Structure,
    path: &str,
    expected: &str,
    comparator: &str,
) -> Result<TokenStream, String> {
    let segs = segments(path)?;
    let projected = segs.iter().any(|(_, f)| *f);
    // Walk the types, building `Option<&T>` steps (`.and_then(..)`/`.map(..)`).
    let mut structure = output;
    let mut before = TokenStream::new(); // steps before the projection (on Option<&T>)
    let mut after = TokenStream::new(); // steps after it (on each element)
    let mut in_projection = false;
    let mut leaf: Option<RustType> = None;
    for (i, (name, flatten)) in segs.iter().enumerate() {
        let field = structure
            .fields
            .iter()
            .find(|f| f.wire_name == *name)
            .ok_or_else(|| format!("`{}` has no member `{name}`", structure.shape_id))?;
        let rust = ident(&field.rust_name);
        let step = if field.optional {
            quote!(.and_then(|v| v.#rust.as_ref()))
        } else {
            quote!(.map(|v| &v.#rust))
        };
        let mut ty = unbox(&field.ty);
        if in_projection {
            after.extend(step);
        } else {
            before.extend(step);
        }
        if *flatten {
            match ty {
                RustType::List {
                    element,
                    sparse: false,
                } => ty = unbox(&element),
                _ => return Err(format!("`{name}[]` projects a member that is not a list")),
            }
            in_projection = true;
        }
        let last = i + 1 == segs.len();
        if last {
            leaf = Some(ty);
        } else {
            structure = match &ty {
                RustType::Named(p) => {
                    find_structure(ir, p).ok_or_else(|| format!("`{name}` is not a structure"))?
                }
                _ => return Err(format!("`{name}` is not a structure")),
            };
        }
    }
    let leaf = leaf.expect("a path has a segment");
    let compare = match (comparator, &leaf) {
        ("booleanEquals", RustType::Bool) => {
            let want: bool = expected
                .parse()
                .map_err(|_| format!("`{expected}` is not true or false"))?;
            if want {
                quote!(*v)
            } else {
                quote!(!*v)
            }
        }
        ("stringEquals" | "allStringEquals" | "anyStringEquals", RustType::String) => {
            quote!(v.as_str() == #expected)
        }
        ("stringEquals" | "allStringEquals" | "anyStringEquals", RustType::Named(p))
            if ir.enums.iter().any(|e| &e.path == p) =>
        {
            quote!(v.as_str() == #expected)
        }
        (c, t) => return Err(format!("comparator {c} on a {t:?} value is not supported")),
    };
    Ok(match (comparator, projected) {
        ("stringEquals" | "booleanEquals", false) => {
            quote!(Some(output) #before .is_some_and(|v| #compare))
        }
        ("allStringEquals" | "anyStringEquals", true) => {
            let values = quote! {
                Some(output) #before .into_iter().flatten()
                    .filter_map(|v| Some(v) #after)
            };
            if comparator == "anyStringEquals" {
                quote!(#values .any(|v| #compare))
            } else {
                // Smithy: an empty list does not match allStringEquals.
                quote!({
                    let values: Vec<_> = #values .collect();
                    !values.is_empty() && values.into_iter().all(|v| #compare)
                })
            }
        }
        (c, p) => {
            return Err(format!(
                "comparator {c} {} a `[]` projection is not supported",
                if p { "with" } else { "without" }
            ))
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

/// The (async) client method of one waiter.
pub fn render_waiter(w: &Waiter) -> TokenStream {
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
