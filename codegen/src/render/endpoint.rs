//! `src/endpoint.rs`: the service's endpoint rules as plain Rust.
//!
//! Renders the compiled rule set ([`EndpointRules`]): `Params` (one field per parameter), the
//! resolver as nested `if` / `if let` blocks that return at each endpoint or error rule, the entry
//! point the client uses, and one `#[test]` per endpoint test case. Every decision (types,
//! bindings, simplifications, names) was made in `crate::endpoints`; this module only spells it.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{doc_attrs, document_value, ident, inner_doc_attrs};
use crate::endpoints::{
    CCond, CEndpoint, CExpr, COutcome, CProperty, CRule, ConfigValue, EndpointRules, FormatPart,
    ParamIr, ParamType, ParamValue, RequiredCheck, RtFn, TestExpect, TestIr, VType,
    NO_RULE_MATCHED,
};
use crate::ir::Ir;

/// `src/endpoint.rs`.
pub fn render_endpoint(ir: &Ir, rules: &EndpointRules) -> TokenStream {
    let service = &ir.service.shape_id;
    let module_docs = inner_doc_attrs(&format!(
        "Endpoint resolution: the endpoint rules of `{service}` (`smithy.rules#endpointRuleSet`), \
         compiled to Rust.\n\n\
         [`Params`] holds the rule set's parameters and [`resolve_endpoint`] runs the rules on \
         them. The [`Client`](crate::Client) resolves its endpoint once, when it is made, with \
         [`resolve_for_client`]: the parameters its configuration provides (region, FIPS, \
         dual-stack, endpoint override) and the others' defaults."
    ));
    let params = render_params(rules);
    let resolver = render_resolver(rules);
    let tests = render_tests(rules);
    let runtime = if rules.uses_runtime {
        quote!(
            use ::awsjson_runtime::endpoint as rt;
        )
    } else {
        TokenStream::new()
    };
    quote! {
        #module_docs

        pub use ::awsjson_runtime::endpoint::{BuiltIns, Endpoint, EndpointError};
        #runtime

        #params
        #resolver
        #tests
    }
}

// ---------------------------------------------------------------------------------------------
// Params
// ---------------------------------------------------------------------------------------------

fn render_params(rules: &EndpointRules) -> TokenStream {
    let fields = rules.params.iter().map(|p| {
        let docs = doc_attrs(Some(&param_docs(p)));
        let field = ident(&p.field);
        let ty = param_type(p.ty, p.optional);
        quote! {
            #docs
            pub #field: #ty,
        }
    });
    let (derive_default, default_impl) = if rules.derive_default {
        (quote!(, Default), TokenStream::new())
    } else {
        let values = rules.params.iter().map(|p| {
            let field = ident(&p.field);
            let value = match &p.default {
                Some(v) => param_value(v),
                None => quote!(None),
            };
            quote!(#field: #value)
        });
        (
            TokenStream::new(),
            quote! {
                impl Default for Params {
                    fn default() -> Self {
                        Params { #(#values),* }
                    }
                }
            },
        )
    };
    let from_config: Vec<&ParamIr> = rules
        .params
        .iter()
        .filter(|p| p.from_config.is_some())
        .collect();
    let built_ins = if from_config.is_empty() {
        quote!(_built_ins)
    } else {
        quote!(built_ins)
    };
    let assignments = from_config.iter().map(|p| {
        let field = ident(&p.field);
        let config = p.from_config.expect("filtered");
        let source = ident(config.field());
        let value = match (config, p.optional, &p.default) {
            (ConfigValue::UseFips | ConfigValue::UseDualStack, false, _) => {
                quote!(built_ins.#source)
            }
            (ConfigValue::UseFips | ConfigValue::UseDualStack, true, _) => {
                quote!(Some(built_ins.#source))
            }
            (ConfigValue::Region | ConfigValue::Endpoint, true, _) => {
                quote!(built_ins.#source.clone())
            }
            (ConfigValue::Region | ConfigValue::Endpoint, false, default) => {
                let default = default.as_ref().map(param_value).unwrap_or_default();
                quote!(built_ins.#source.clone().unwrap_or_else(|| #default))
            }
        };
        quote!(#field: #value)
    });
    let rest = if from_config.len() == rules.params.len() {
        TokenStream::new()
    } else if from_config.is_empty() {
        quote!(..Default::default())
    } else {
        quote!(, ..Default::default())
    };
    let from_config_docs = if from_config.is_empty() {
        "The parameters for a client configuration: none of the parameters is a built-in it \
         provides, so all keep their defaults."
            .to_string()
    } else {
        let names: Vec<String> = from_config
            .iter()
            .map(|p| format!("`{}`", p.name))
            .collect();
        format!(
            "The parameters for a client configuration: {} from it, the others at their defaults.",
            names.join(", ")
        )
    };
    let from_config_docs = doc_attrs(Some(&from_config_docs));
    quote! {
        /// The parameters of the endpoint rules, one field per parameter. Unset parameters are
        /// `None`; parameters with a default start at it ([`Params::default`]).
        #[derive(Debug, Clone, PartialEq, Eq #derive_default)]
        pub struct Params {
            #(#fields)*
        }

        #default_impl

        impl Params {
            #from_config_docs
            pub fn from_built_ins(#built_ins: &BuiltIns) -> Self {
                Params { #(#assignments),* #rest }
            }
        }
    }
}

fn param_docs(p: &ParamIr) -> String {
    let mut docs = p.docs.clone().unwrap_or_default();
    if !docs.is_empty() {
        docs.push_str("\n\n");
    }
    docs.push_str(&format!("The `{}` parameter", p.name));
    match (&p.built_in, p.from_config) {
        (Some(b), Some(_)) => docs.push_str(&format!(
            " (built-in `{b}`, set from the client configuration)"
        )),
        (Some(b), None) => docs.push_str(&format!(
            " (built-in `{b}`, which the client configuration does not provide)"
        )),
        (None, _) => {}
    }
    docs.push('.');
    match (&p.default, p.required) {
        (Some(default), _) => docs.push_str(&format!(" Default: `{}`.", value_text(default))),
        (None, true) => docs.push_str(" Required: resolution fails when it is `None`."),
        (None, false) => {}
    }
    if let Some(note) = &p.deprecated {
        docs.push_str(&format!("\n\nDeprecated: {note}"));
    }
    docs
}

fn value_text(v: &ParamValue) -> String {
    match v {
        ParamValue::String(s) => format!("{s:?}"),
        ParamValue::Bool(b) => b.to_string(),
        ParamValue::StringArray(items) => format!("{items:?}"),
    }
}

fn param_type(ty: ParamType, optional: bool) -> TokenStream {
    let inner = match ty {
        ParamType::String => quote!(String),
        ParamType::Boolean => quote!(bool),
        ParamType::StringArray => quote!(Vec<String>),
    };
    if optional {
        quote!(Option<#inner>)
    } else {
        inner
    }
}

fn param_value(v: &ParamValue) -> TokenStream {
    match v {
        ParamValue::String(s) if s.is_empty() => quote!(String::new()),
        ParamValue::String(s) => quote!(String::from(#s)),
        ParamValue::Bool(b) => quote!(#b),
        ParamValue::StringArray(items) if items.is_empty() => quote!(Vec::new()),
        ParamValue::StringArray(items) => quote!(vec![#(String::from(#items)),*]),
    }
}

// ---------------------------------------------------------------------------------------------
// The resolver
// ---------------------------------------------------------------------------------------------

/// Where rendered rules end up.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pos {
    /// The end of the function: the last statement is the result expression.
    Tail,
    /// Inside a block that must `return`.
    Nested,
}

fn render_resolver(rules: &EndpointRules) -> TokenStream {
    let unused = if rules.uses_params {
        TokenStream::new()
    } else {
        quote!(let _ = params;)
    };
    let checks = rules.required_checks.iter().map(render_required_check);
    let body = render_rules(&rules.rules, Pos::Tail);
    quote! {
        /// Runs the endpoint rules on `params`.
        ///
        /// # Errors
        ///
        /// [`EndpointError`] with the message of the error rule that matched (for example an
        /// invalid combination of parameters), or when no rule matches.
        pub fn resolve_endpoint(params: &Params) -> Result<Endpoint, EndpointError> {
            #unused
            #(#checks)*
            #body
        }

        /// The endpoint of a client: [`resolve_endpoint`] with [`Params::from_built_ins`].
        ///
        /// # Errors
        ///
        /// As [`resolve_endpoint`].
        pub fn resolve_for_client(built_ins: &BuiltIns) -> Result<Endpoint, EndpointError> {
            resolve_endpoint(&Params::from_built_ins(built_ins))
        }
    }
}

fn render_required_check(check: &RequiredCheck) -> TokenStream {
    let field = ident(&check.field);
    let message = format!(
        "Invalid Configuration: the required parameter `{}` is not set",
        check.name
    );
    let fail = quote!(return Err(EndpointError::new(#message)););
    match &check.binding {
        Some(binding) => {
            let binding = ident(binding);
            let value = match check.ty {
                ParamType::Boolean => quote!(params.#field),
                ParamType::String | ParamType::StringArray => quote!(params.#field.as_deref()),
            };
            quote!(let Some(#binding) = #value else { #fail };)
        }
        None => quote!(if params.#field.is_none() { #fail }),
    }
}

fn render_rules(rules: &[CRule], pos: Pos) -> TokenStream {
    let mut out = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        if rule.always_matches() {
            // Only `let`s: no block needed, and nothing after it can run.
            out.push(render_conditions(
                &rule.conditions,
                render_outcome(&rule.outcome, pos),
            ));
            return quote!(#(#out)*);
        }
        let rendered =
            render_conditions(&rule.conditions, render_outcome(&rule.outcome, Pos::Nested));
        // A rule that starts with `let` gets its own block so the binding stays inside it.
        let scoped =
            matches!(rule.conditions.first(), Some(CCond::Let { .. })) && i + 1 < rules.len();
        out.push(if scoped {
            quote!({ #rendered })
        } else {
            rendered
        });
    }
    let no_match = quote!(Err(EndpointError::new(#NO_RULE_MATCHED)));
    out.push(match pos {
        Pos::Tail => no_match,
        Pos::Nested => quote!(return #no_match;),
    });
    quote!(#(#out)*)
}

fn render_conditions(conditions: &[CCond], body: TokenStream) -> TokenStream {
    match conditions.first() {
        None => body,
        Some(CCond::Test(_)) => {
            let n = conditions
                .iter()
                .take_while(|c| matches!(c, CCond::Test(_)))
                .count();
            let mut test = TokenStream::new();
            for (i, c) in conditions[..n].iter().enumerate() {
                let CCond::Test(e) = c else {
                    unreachable!("counted above")
                };
                let e = bool_expr(e);
                if i > 0 {
                    test.extend(quote!(&&));
                }
                test.extend(e);
            }
            let inner = render_conditions(&conditions[n..], body);
            quote!(if #test { #inner })
        }
        Some(CCond::IfLet { binding, value }) => {
            let binding = ident(binding);
            let value = opt_expr(value);
            let inner = render_conditions(&conditions[1..], body);
            quote!(if let Some(#binding) = #value { #inner })
        }
        Some(CCond::Let { binding, value }) => {
            let binding = ident(binding);
            let value = any_value(value);
            let inner = render_conditions(&conditions[1..], body);
            quote!(let #binding = #value; #inner)
        }
    }
}

fn render_outcome(outcome: &COutcome, pos: Pos) -> TokenStream {
    let result = match outcome {
        COutcome::Tree(rules) => return render_rules(rules, pos),
        COutcome::Endpoint(e) => {
            let e = endpoint_expr(e);
            quote!(Ok(#e))
        }
        COutcome::Error(message) => {
            let message = str_value(message);
            quote!(Err(EndpointError::new(#message)))
        }
    };
    match pos {
        Pos::Tail => result,
        Pos::Nested => quote!(return #result;),
    }
}

fn endpoint_expr(e: &CEndpoint) -> TokenStream {
    let url = str_value(&e.url);
    let headers = e.headers.iter().map(|(name, values)| {
        let values = values.iter().map(string_expr);
        quote!(.with_header(#name, vec![#(#values),*]))
    });
    let properties = e.properties.iter().map(|(key, value)| {
        let value = property_expr(value);
        quote!(.with_property(#key, #value))
    });
    quote!(Endpoint::new(#url) #(#headers)* #(#properties)*)
}

fn property_expr(p: &CProperty) -> TokenStream {
    let doc = quote!(rt::Document);
    match p {
        CProperty::Value(CExpr::Bool(b)) => quote!(#doc::Bool(#b)),
        CProperty::Value(e) if e.ty().ty == VType::Bool => {
            let e = bool_expr(e);
            quote!(#doc::Bool(#e))
        }
        CProperty::Value(e) => {
            let e = str_value(e);
            quote!(#doc::from(#e))
        }
        CProperty::Number(n) => {
            let n = if let Some(i) = n.as_i64() {
                Literal::i64_suffixed(i)
            } else if let Some(u) = n.as_u64() {
                Literal::u64_suffixed(u)
            } else {
                Literal::f64_suffixed(n.as_f64().unwrap_or_default())
            };
            quote!(#doc::from(#n))
        }
        // `Vec::from([..])` rather than `vec![..]`: the formatter lays out calls, not macros.
        CProperty::Array(items) => {
            let items = items.iter().map(property_expr);
            quote!(#doc::Array(Vec::from([#(#items),*])))
        }
        CProperty::Object(entries) => {
            let entries = entries.iter().map(|(k, v)| {
                let v = property_expr(v);
                quote!((String::from(#k), #v))
            });
            quote!(#doc::Object(rt::Map::from_iter([#(#entries),*])))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Expressions, by the Rust type a context needs
// ---------------------------------------------------------------------------------------------

fn runtime_fn(func: RtFn) -> TokenStream {
    let name = ident(func.rust_name());
    quote!(rt::#name)
}

/// A `bool`.
fn bool_expr(e: &CExpr) -> TokenStream {
    match e {
        CExpr::Bool(b) => quote!(#b),
        CExpr::Param { field, .. } => {
            let field = ident(field);
            quote!(params.#field)
        }
        CExpr::Local { ident: name, .. } => {
            let name = ident(name);
            quote!(#name)
        }
        CExpr::Not(inner) => {
            let inner = atom(inner);
            quote!(!#inner)
        }
        CExpr::Equals {
            left,
            right,
            negated,
        } => equals(left, right, *negated),
        CExpr::IsSet { value, negated } => {
            let value = match value.as_ref() {
                CExpr::Param { field, .. } => {
                    let field = ident(field);
                    quote!(params.#field)
                }
                other => opt_expr(other),
            };
            if *negated {
                quote!(#value.is_none())
            } else {
                quote!(#value.is_some())
            }
        }
        CExpr::Call { func, args } => call(*func, args),
        CExpr::Attr { base, attr } => {
            let base = object(base);
            let method = ident(attr.method);
            quote!(#base.#method())
        }
        other => unreachable!("not a boolean expression: {other:?}"),
    }
}

/// A boolean in parentheses unless it is one term.
fn atom(e: &CExpr) -> TokenStream {
    let tokens = bool_expr(e);
    if matches!(e, CExpr::Equals { .. }) {
        quote!((#tokens))
    } else {
        tokens
    }
}

fn equals(left: &CExpr, right: &CExpr, negated: bool) -> TokenStream {
    let op = if negated { quote!(!=) } else { quote!(==) };
    let (lt, rt) = (left.ty(), right.ty());
    let plain = |e: &CExpr| match e {
        CExpr::Param {
            field,
            ty: ParamType::String,
            optional: false,
        } => {
            // `String == &str` compares without `as_str()`.
            let field = ident(field);
            quote!(params.#field)
        }
        _ if e.ty().ty == VType::Bool => atom(e),
        _ => str_value(e),
    };
    let in_some = |e: &CExpr| {
        let v = if e.ty().ty == VType::Bool {
            atom(e)
        } else {
            str_ref(e)
        };
        quote!(Some(#v))
    };
    match (lt.optional, rt.optional) {
        (false, false) => {
            let (l, r) = (plain(left), plain(right));
            quote!(#l #op #r)
        }
        (true, false) => {
            let (l, r) = (opt_expr(left), in_some(right));
            quote!(#l #op #r)
        }
        (false, true) => {
            let (l, r) = (in_some(left), opt_expr(right));
            quote!(#l #op #r)
        }
        (true, true) => {
            let (l, r) = (opt_expr(left), opt_expr(right));
            quote!(#l #op #r)
        }
    }
}

fn call(func: RtFn, args: &[CExpr]) -> TokenStream {
    let path = runtime_fn(func);
    let args = args.iter().map(|a| match a.ty().ty {
        VType::Bool => bool_expr(a),
        _ => str_ref(a),
    });
    quote!(#path(#(#args),*))
}

/// A `&str`.
fn str_ref(e: &CExpr) -> TokenStream {
    match e {
        CExpr::Str(s) => quote!(#s),
        CExpr::Param { field, .. } => {
            let field = ident(field);
            quote!(params.#field.as_str())
        }
        CExpr::Local {
            ident: name, owned, ..
        } => {
            let name = ident(name);
            if *owned {
                quote!(#name.as_str())
            } else {
                quote!(#name)
            }
        }
        CExpr::Format(_) | CExpr::Call { .. } => {
            let owned = str_value(e);
            quote!(#owned.as_str())
        }
        CExpr::Attr { base, attr } => {
            let base = object(base);
            let method = ident(attr.method);
            quote!(#base.#method())
        }
        other => unreachable!("not a string expression: {other:?}"),
    }
}

/// A `&str` or a `String` (for comparisons and `impl Into<String>` arguments).
fn str_value(e: &CExpr) -> TokenStream {
    match e {
        CExpr::Format(parts) => format_expr(parts),
        CExpr::Call { func, args } => call(*func, args),
        other => str_ref(other),
    }
}

/// A `String`.
fn string_expr(e: &CExpr) -> TokenStream {
    match e {
        CExpr::Str(s) => quote!(String::from(#s)),
        CExpr::Format(_) | CExpr::Call { .. } => str_value(e),
        other => {
            let r = str_ref(other);
            quote!(#r.to_string())
        }
    }
}

fn format_expr(parts: &[FormatPart]) -> TokenStream {
    if let [FormatPart::Value(v)] = parts {
        // A lone boolean placeholder.
        let v = bool_expr(v);
        return quote!(#v.to_string());
    }
    let mut format = String::new();
    let mut args = Vec::new();
    for part in parts {
        match part {
            FormatPart::Text(text) => format.push_str(&text.replace('{', "{{").replace('}', "}}")),
            FormatPart::Value(CExpr::Local { ident: name, .. }) if !name.starts_with("r#") => {
                format.push('{');
                format.push_str(name);
                format.push('}');
            }
            FormatPart::Value(v) => {
                format.push_str("{}");
                args.push(if v.ty().ty == VType::Bool {
                    bool_expr(v)
                } else {
                    str_ref(v)
                });
            }
        }
    }
    let format = Literal::string(&format);
    quote!(format!(#format #(, #args)*))
}

/// An `Option`.
fn opt_expr(e: &CExpr) -> TokenStream {
    match e {
        CExpr::Param { field, ty, .. } => {
            let field = ident(field);
            match ty {
                ParamType::Boolean => quote!(params.#field),
                ParamType::String | ParamType::StringArray => quote!(params.#field.as_deref()),
            }
        }
        CExpr::Call { func, args } => call(*func, args),
        CExpr::Substring {
            value,
            start,
            stop,
            reverse,
        } => {
            let path = quote!(rt::substring);
            let value = str_ref(value);
            let (start, stop) = (
                Literal::usize_unsuffixed(*start),
                Literal::usize_unsuffixed(*stop),
            );
            quote!(#path(#value, #start, #stop, #reverse))
        }
        CExpr::Index { base, index } => {
            let base = array(base);
            if *index == 0 {
                quote!(#base.first().map(String::as_str))
            } else {
                let index = Literal::usize_unsuffixed(*index);
                quote!(#base.get(#index).map(String::as_str))
            }
        }
        other => unreachable!("not an optional expression: {other:?}"),
    }
}

/// A `&[String]`.
fn array(e: &CExpr) -> TokenStream {
    match e {
        CExpr::Param { field, .. } => {
            let field = ident(field);
            quote!(params.#field.as_slice())
        }
        CExpr::Local { ident: name, .. } => {
            let name = ident(name);
            quote!(#name)
        }
        CExpr::Attr { base, attr } => {
            let base = object(base);
            let method = ident(attr.method);
            quote!(#base.#method())
        }
        other => unreachable!("not a string array: {other:?}"),
    }
}

/// A partition, ARN or URL (always a local).
fn object(e: &CExpr) -> TokenStream {
    match e {
        CExpr::Local { ident: name, .. } => {
            let name = ident(name);
            quote!(#name)
        }
        other => unreachable!("not a bound object: {other:?}"),
    }
}

/// The value of a `let` binding (never optional).
fn any_value(e: &CExpr) -> TokenStream {
    match e.ty().ty {
        VType::Str => str_value(e),
        VType::Bool => bool_expr(e),
        VType::StrArray => array(e),
        VType::Partition | VType::Arn | VType::Url => {
            let o = object(e);
            quote!(&#o)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

fn render_tests(rules: &EndpointRules) -> TokenStream {
    if rules.tests.is_empty() && rules.skipped_tests.is_empty() {
        return TokenStream::new();
    }
    let mut docs = format!(
        "The service's endpoint test cases (`smithy.rules#endpointTests`): {} generated test{}, \
         each resolving its parameters and comparing the endpoint (URL, headers, properties) or \
         the error message.",
        rules.tests.len(),
        if rules.tests.len() == 1 { "" } else { "s" }
    );
    // Parameters the client configuration does not provide (operation context parameters,
    // credential-sourced built-ins): those cases run the rules through `Params` directly.
    let others: Vec<&ParamIr> = rules
        .params
        .iter()
        .filter(|p| p.from_config.is_none())
        .filter(|p| {
            rules
                .tests
                .iter()
                .any(|t| t.params.iter().any(|(field, _, _)| *field == p.field))
        })
        .collect();
    if !others.is_empty() {
        let cases = rules
            .tests
            .iter()
            .filter(|t| {
                t.params
                    .iter()
                    .any(|(field, _, _)| others.iter().any(|p| p.field == *field))
            })
            .count();
        let names: Vec<String> = others.iter().map(|p| format!("`{}`", p.name)).collect();
        docs.push_str(&format!(
            "\n\n{cases} of them set parameters a client configuration does not provide ({}): \
             they test the rules with those values set on [`Params`] directly.",
            names.join(", ")
        ));
    }
    if rules.skipped_tests.is_empty() {
        docs.push_str("\n\nNo case is skipped.");
    } else {
        docs.push_str(&format!(
            "\n\nSkipped cases ({}):\n",
            rules.skipped_tests.len()
        ));
        for s in &rules.skipped_tests {
            docs.push_str(&format!("\n- {:?}: {}", s.documentation, s.reason));
        }
    }
    let docs = inner_doc_attrs(&docs);
    let tests = rules.tests.iter().map(render_test);
    quote! {
        #[cfg(test)]
        mod tests {
            #docs

            use super::{resolve_endpoint, Endpoint, EndpointError, Params};

            #(#tests)*
        }
    }
}

fn render_test(t: &TestIr) -> TokenStream {
    let name = ident(&t.name);
    let docs = doc_attrs(t.documentation.as_deref());
    let fields: Vec<TokenStream> = t
        .params
        .iter()
        .map(|(field, optional, value)| {
            let field = ident(field);
            let value = param_value(value);
            if *optional {
                quote!(#field: Some(#value))
            } else {
                quote!(#field: #value)
            }
        })
        .collect();
    let params = if fields.is_empty() {
        quote!(Params::default())
    } else if t.sets_every_field {
        quote!(Params { #(#fields),* })
    } else {
        quote!(Params { #(#fields,)* ..Default::default() })
    };
    let expected = match &t.expect {
        TestExpect::Endpoint {
            url,
            headers,
            properties,
        } => {
            let headers = headers.iter().map(
                |(name, values)| quote!(.with_header(#name, vec![#(String::from(#values)),*])),
            );
            let properties = properties.iter().map(|(key, value)| {
                let value = document_value(value);
                quote!(.with_property(#key, #value))
            });
            quote!(Ok(Endpoint::new(#url) #(#headers)* #(#properties)*))
        }
        TestExpect::Error(message) => quote!(Err(EndpointError::new(#message))),
    };
    quote! {
        #docs
        #[test]
        fn #name() {
            let params = #params;
            let expected = #expected;
            let resolved = resolve_endpoint(&params);
            assert_eq!(resolved, expected);
        }
    }
}
