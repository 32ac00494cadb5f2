//! Smithy protocol compliance tests (`smithy.test#httpRequestTests` / `httpResponseTests`) turned
//! into Rust tests for a generated client.
//!
//! Each client-side case of the service's operations and errors becomes one `#[tokio::test]` in a
//! test file of the generated crate: request cases call the operation through a
//! `MockTransport` and compare method, URI, headers and the JSON body; response cases feed the
//! canned response through the client's decoder and compare the output (or the typed error) with
//! the expected params. Cases the generator cannot pass yet are listed by the caller with a
//! reason and become `#[ignore = "reason"]` tests, so none is silently dropped.

use std::collections::BTreeMap;
use std::str::FromStr;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use crate::ir::{Enumeration, Ir, ItemPath, OperationIr, RustType, Structure, Union};
use crate::model::Model;
use crate::naming;
use crate::render::{doc_attrs, ident, item_path};

/// What kind of case it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseKind {
    Request,
    Response,
    ErrorResponse,
}

/// One generated case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSummary {
    pub id: String,
    pub kind: CaseKind,
    /// `Some(reason)` when the case is listed as not supported yet.
    pub not_supported: Option<String>,
}

/// The generated test file and what it holds.
#[derive(Debug, Clone)]
pub struct ProtocolSuite {
    pub tokens: TokenStream,
    pub cases: Vec<CaseSummary>,
}

/// Lookup from item paths to IR items.
struct Items<'a> {
    structures: BTreeMap<&'a ItemPath, &'a Structure>,
    enums: BTreeMap<&'a ItemPath, &'a Enumeration>,
    unions: BTreeMap<&'a ItemPath, &'a Union>,
}

impl<'a> Items<'a> {
    fn new(ir: &'a Ir) -> Self {
        let mut structures: BTreeMap<&ItemPath, &Structure> = BTreeMap::new();
        for s in ir.structures.iter().chain(&ir.errors) {
            structures.insert(&s.path, s);
        }
        for op in &ir.operations {
            structures.insert(&op.input.path, &op.input);
            structures.insert(&op.output.path, &op.output);
        }
        Items {
            structures,
            enums: ir.enums.iter().map(|e| (&e.path, e)).collect(),
            unions: ir.unions.iter().map(|u| (&u.path, u)).collect(),
        }
    }
}

/// Builds the protocol test file for the service in `ir`. `not_supported` lists case ids with the
/// reason they cannot pass yet.
pub fn render_protocol_tests(
    model: &Model,
    ir: &Ir,
    crate_name: &str,
    not_supported: &[(&str, &str)],
) -> Result<ProtocolSuite, String> {
    let items = Items::new(ir);
    let krate_ident = format_ident!("{}", crate_name.replace('-', "_"));
    let krate = quote!(#krate_ident);
    let mut tests = Vec::new();
    let mut cases = Vec::new();
    let skip_reason = |id: &str| {
        not_supported
            .iter()
            .find(|(case, _)| *case == id)
            .map(|(_, reason)| reason.to_string())
    };
    let mut push = |id: &str, kind: CaseKind, body: Result<TokenStream, String>| {
        let reason = skip_reason(id);
        // Request and response cases may share an id; the kind keeps test names apart.
        let prefix = match kind {
            CaseKind::Request => "request",
            CaseKind::Response => "response",
            CaseKind::ErrorResponse => "error",
        };
        let name = format_ident!("{prefix}_{}", naming::to_snake_case(id));
        let test = match (&reason, body) {
            (Some(reason), _) => quote! {
                #[tokio::test]
                #[ignore = #reason]
                async fn #name() {}
            },
            (None, Ok(body)) => quote! {
                #[tokio::test]
                async fn #name() { #body }
            },
            (None, Err(problem)) => {
                let message = format!("the generator could not build case {id}: {problem}");
                quote! {
                    #[tokio::test]
                    async fn #name() { panic!(#message); }
                }
            }
        };
        tests.push(test);
        cases.push(CaseSummary {
            id: id.to_string(),
            kind,
            not_supported: reason,
        });
    };

    for op in &ir.operations {
        let Some(shape) = model.shape(&op.shape_id) else {
            continue;
        };
        for case in client_cases(shape.traits.other.get("smithy.test#httpRequestTests")) {
            let id = case_id(case);
            push(
                &id,
                CaseKind::Request,
                request_case(&items, &krate, op, case),
            );
        }
        for case in client_cases(shape.traits.other.get("smithy.test#httpResponseTests")) {
            let id = case_id(case);
            push(
                &id,
                CaseKind::Response,
                response_case(&items, &krate, op, case),
            );
        }
    }
    for error in &ir.errors {
        let Some(shape) = model.shape(&error.shape_id) else {
            continue;
        };
        let cases_here = client_cases(shape.traits.other.get("smithy.test#httpResponseTests"));
        if cases_here.is_empty() {
            continue;
        }
        // Call an operation that declares the error (the first by name).
        let op = ir
            .operations
            .iter()
            .find(|op| op.errors.contains(&error.path));
        for case in cases_here {
            let id = case_id(case);
            let body = match op {
                Some(op) => error_case(&items, &krate, op, error, case),
                None => Err(format!("no operation declares {}", error.shape_id)),
            };
            push(&id, CaseKind::ErrorResponse, body);
        }
    }
    let tokens = quote! {
        //! Smithy protocol compliance tests for this client (generated; see the generator's
        //! `protocol_tests` module).
        #![allow(clippy::needless_update, clippy::bool_assert_comparison, clippy::approx_constant)]

        use #krate::Client;

        fn client(mock: &awsjson_runtime::MockTransport, host: &str) -> Client {
            Client::new(
                Client::config_builder()
                    .region("us-east-1")
                    .endpoint_url(format!("https://{host}"))
                    .credentials(awsjson_runtime::Credentials::new("AKID", "SECRET", None))
                    .transport(mock.clone())
                    .max_attempts(1)
                    .build()
                    .expect("test client config"),
            )
        }

        /// A value's wire JSON, for comparisons that treat NaN like NaN and maps as maps.
        fn wire<T: awsjson_runtime::codec::WireSerialize>(value: &T) -> awsjson_runtime::serde_json::Value {
            awsjson_runtime::serde_json::from_slice(
                &awsjson_runtime::codec::to_json_vec(value).expect("serializes"),
            )
            .expect("valid JSON")
        }

        fn assert_json_body(actual: &[u8], expected: &str) {
            if expected.trim().is_empty() {
                assert!(actual.is_empty(), "expected an empty body, got {}", String::from_utf8_lossy(actual));
                return;
            }
            let actual: awsjson_runtime::serde_json::Value =
                awsjson_runtime::serde_json::from_slice(actual).expect("request body is JSON");
            let expected: awsjson_runtime::serde_json::Value =
                awsjson_runtime::serde_json::from_str(expected).expect("expected body is JSON");
            assert_eq!(actual, expected);
        }

        fn response(status: u16, headers: &[(&str, &str)], body: &str) -> awsjson_runtime::http::HttpResponse {
            awsjson_runtime::http::HttpResponse {
                status,
                headers: headers
                    .iter()
                    .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
                    .collect(),
                body: body.as_bytes().to_vec(),
            }
        }

        #(#tests)*
    };
    Ok(ProtocolSuite { tokens, cases })
}

fn client_cases(tests: Option<&Value>) -> Vec<&Value> {
    tests
        .and_then(Value::as_array)
        .map(|cases| {
            cases
                .iter()
                .filter(|c| {
                    c.get("appliesTo").and_then(Value::as_str) != Some("server")
                        && c.get("protocol").and_then(Value::as_str)
                            == Some("aws.protocols#awsJson1_0")
                })
                .collect()
        })
        .unwrap_or_default()
}

fn case_id(case: &Value) -> String {
    case.get("id")
        .and_then(Value::as_str)
        .unwrap_or("unnamed")
        .to_string()
}

fn str_field<'a>(case: &'a Value, name: &str) -> Option<&'a str> {
    case.get(name).and_then(Value::as_str)
}

fn headers(case: &Value, name: &str) -> Vec<(String, String)> {
    case.get(name)
        .and_then(Value::as_object)
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

fn header_names(case: &Value, name: &str) -> Vec<String> {
    case.get(name)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn request_case(
    items: &Items<'_>,
    krate: &TokenStream,
    op: &OperationIr,
    case: &Value,
) -> Result<TokenStream, String> {
    let input = struct_literal(
        items,
        krate,
        &op.input,
        case.get("params").unwrap_or(&Value::Null),
    )?;
    let host = str_field(case, "host").unwrap_or("example.com");
    let expected_method = str_field(case, "method").unwrap_or("POST");
    let uri = str_field(case, "uri").unwrap_or("/");
    let resolved_host = str_field(case, "resolvedHost").unwrap_or(host);
    // The host part of `host` (which may carry a path) decides the request URI prefix.
    let host_only = resolved_host.split('/').next().unwrap_or(resolved_host);
    let expected_uri = format!("https://{host_only}{uri}");
    let header_checks = headers(case, "headers").into_iter().map(|(name, value)| {
        quote! {
            assert_eq!(request.header(#name), Some(#value), "header {}", #name);
        }
    });
    let forbidden = header_names(case, "forbidHeaders").into_iter().map(|name| {
        quote! { assert!(request.header(#name).is_none(), "header {} must not be sent", #name); }
    });
    let required = header_names(case, "requireHeaders")
        .into_iter()
        .map(|name| {
            quote! { assert!(request.header(#name).is_some(), "header {} must be sent", #name); }
        });
    let body_check = match str_field(case, "body") {
        Some(body) => quote! { assert_json_body(&request.body, #body); },
        None => quote! {},
    };
    Ok(quote! {
        let mock = awsjson_runtime::MockTransport::new();
        mock.push_json(200, "{}");
        let input = #input;
        let _ = client(&mock, #host).send(input).await;
        let requests = mock.requests();
        assert_eq!(requests.len(), 1, "one request is sent");
        let request = &requests[0];
        assert_eq!(request.method, #expected_method);
        assert_eq!(request.uri, #expected_uri);
        #(#header_checks)*
        #(#forbidden)*
        #(#required)*
        #body_check
    })
}

fn canned_response(case: &Value) -> TokenStream {
    let status = case.get("code").and_then(Value::as_u64).unwrap_or(200) as u16;
    let hs = headers(case, "headers");
    let names = hs.iter().map(|(n, _)| n);
    let values = hs.iter().map(|(_, v)| v);
    let body = str_field(case, "body").unwrap_or("");
    quote! {
        mock.push_response(response(#status, &[#((#names, #values)),*], #body));
    }
}

fn response_case(
    items: &Items<'_>,
    krate: &TokenStream,
    op: &OperationIr,
    case: &Value,
) -> Result<TokenStream, String> {
    let expected = struct_literal(
        items,
        krate,
        &op.output,
        case.get("params").unwrap_or(&Value::Null),
    )?;
    let canned = canned_response(case);
    let input = item_path_in(krate, &op.input.path);
    Ok(quote! {
        let mock = awsjson_runtime::MockTransport::new();
        #canned
        let output = client(&mock, "example.com")
            .send(#input::default())
            .await
            .expect("the response decodes");
        let expected = #expected;
        assert_eq!(wire(&output), wire(&expected));
    })
}

fn error_case(
    items: &Items<'_>,
    krate: &TokenStream,
    op: &OperationIr,
    error: &Structure,
    case: &Value,
) -> Result<TokenStream, String> {
    let expected = struct_literal(
        items,
        krate,
        error,
        case.get("params").unwrap_or(&Value::Null),
    )?;
    let canned = canned_response(case);
    let input = item_path_in(krate, &op.input.path);
    let module = ident(&op.module);
    let error_enum = ident(&op.error_enum.name);
    let variant = op
        .error_enum
        .variants
        .iter()
        .find(|v| v.path == error.path)
        .map(|v| ident(&v.rust_name))
        .ok_or_else(|| {
            format!(
                "{} has no variant for {}",
                op.error_enum.name, error.shape_id
            )
        })?;
    // Query-compatible cases also name the error code the client must report.
    let code_check = match case
        .get("vendorParams")
        .and_then(|v| v.get("code"))
        .and_then(Value::as_str)
    {
        Some(code) => quote! { assert_eq!(err.code(), Some(#code), "error code"); },
        None => quote! {},
    };
    Ok(quote! {
        let mock = awsjson_runtime::MockTransport::new();
        #canned
        let err = client(&mock, "example.com")
            .send(#input::default())
            .await
            .expect_err("the response is an error");
        #code_check
        match err.into_service_error() {
            Some(#krate::operation::#module::#error_enum::#variant(actual)) => {
                let expected = #expected;
                assert_eq!(wire(&actual), wire(&expected));
            }
            other => panic!("expected the {} error, got {:?}", stringify!(#variant), other),
        }
    })
}

/// An item path under `krate` (a crate name from outside, or `crate` from inside).
fn item_path_in(krate: &TokenStream, path: &ItemPath) -> TokenStream {
    let inner = item_path(path);
    // `item_path` starts with `crate`; swap it for the crate's name.
    let mut tokens = inner.into_iter();
    let _crate_kw = tokens.next();
    let rest: TokenStream = tokens.collect();
    quote!(#krate #rest)
}

fn struct_literal(
    items: &Items<'_>,
    krate: &TokenStream,
    s: &Structure,
    params: &Value,
) -> Result<TokenStream, String> {
    let path = item_path_in(krate, &s.path);
    let empty = serde_json::Map::new();
    let object = match params {
        Value::Object(o) => o,
        Value::Null => &empty,
        other => {
            return Err(format!(
                "{} params must be an object, got {other}",
                s.shape_id
            ))
        }
    };
    let mut inits = Vec::new();
    let mut set = 0;
    for (key, value) in object {
        // A null param leaves the member unset (its default, or the Smithy zero value).
        if value.is_null() {
            continue;
        }
        set += 1;
        let field = s
            .fields
            .iter()
            .find(|f| &f.wire_name == key)
            .ok_or_else(|| format!("{} has no member `{key}`", s.shape_id))?;
        let fname = ident(&field.rust_name);
        let literal = value_literal(items, krate, &field.ty, value)?;
        if field.optional {
            inits.push(quote!(#fname: Some(#literal),));
        } else {
            inits.push(quote!(#fname: #literal,));
        }
    }
    let rest = if set == s.fields.len() {
        quote!()
    } else {
        quote!(..::std::default::Default::default())
    };
    Ok(quote!(#path { #(#inits)* #rest }))
}

fn value_literal(
    items: &Items<'_>,
    krate: &TokenStream,
    ty: &RustType,
    value: &Value,
) -> Result<TokenStream, String> {
    let rt = quote!(awsjson_runtime);
    let bad = || format!("value {value} does not fit {ty:?}");
    Ok(match ty {
        RustType::Bool => {
            let b = value.as_bool().ok_or_else(bad)?;
            quote!(#b)
        }
        RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64 => {
            let i = value.as_i64().ok_or_else(bad)?;
            let lit = Literal::i64_unsuffixed(i);
            quote!(#lit)
        }
        RustType::F32 | RustType::F64 => {
            let float = if matches!(ty, RustType::F32) {
                quote!(f32)
            } else {
                quote!(f64)
            };
            match value {
                Value::String(s) if s == "NaN" => quote!(#float::NAN),
                Value::String(s) if s == "Infinity" => quote!(#float::INFINITY),
                Value::String(s) if s == "-Infinity" => quote!(#float::NEG_INFINITY),
                Value::Number(n) => {
                    let lit = Literal::f64_unsuffixed(n.as_f64().ok_or_else(bad)?);
                    quote!(#lit)
                }
                _ => return Err(bad()),
            }
        }
        RustType::String => {
            let s = value.as_str().ok_or_else(bad)?;
            quote!(String::from(#s))
        }
        RustType::Blob => {
            let s = value.as_str().ok_or_else(bad)?;
            let bytes = Literal::byte_string(s.as_bytes());
            quote!(#rt::Blob::new(#bytes.to_vec()))
        }
        RustType::DateTime => {
            let seconds = value.as_f64().ok_or_else(bad)?;
            let nanos = Literal::i128_suffixed((seconds * 1e9).round() as i128);
            quote!(#rt::DateTime::from_unix_timestamp_nanos(#nanos).expect("valid timestamp"))
        }
        RustType::Document => {
            let tokens = TokenStream::from_str(&value.to_string()).map_err(|e| e.to_string())?;
            quote!(#rt::serde_json::json!(#tokens))
        }
        RustType::BigInteger | RustType::BigDecimal => {
            let text = match value {
                Value::Number(n) => n.to_string(),
                Value::String(s) => s.clone(),
                _ => return Err(bad()),
            };
            quote!(#text.parse().expect("valid number"))
        }
        RustType::Boxed(inner) => {
            let inner = value_literal(items, krate, inner, value)?;
            quote!(Box::new(#inner))
        }
        RustType::List { element, sparse } => {
            let elements = value
                .as_array()
                .ok_or_else(bad)?
                .iter()
                .map(|v| match (sparse, v) {
                    (true, Value::Null) => Ok(quote!(None)),
                    (true, v) => {
                        let e = value_literal(items, krate, element, v)?;
                        Ok(quote!(Some(#e)))
                    }
                    (false, v) => value_literal(items, krate, element, v),
                })
                .collect::<Result<Vec<_>, String>>()?;
            quote!(vec![#(#elements),*])
        }
        RustType::Map {
            value: inner,
            sparse,
        } => {
            let entries = value
                .as_object()
                .ok_or_else(bad)?
                .iter()
                .map(|(k, v)| {
                    let v = match (sparse, v) {
                        (true, Value::Null) => quote!(None),
                        (true, v) => {
                            let e = value_literal(items, krate, inner, v)?;
                            quote!(Some(#e))
                        }
                        (false, v) => value_literal(items, krate, inner, v)?,
                    };
                    Ok(quote!((String::from(#k), #v)))
                })
                .collect::<Result<Vec<_>, String>>()?;
            quote!(::std::collections::HashMap::from([#(#entries),*]))
        }
        RustType::Named(path) => {
            if let Some(s) = items.structures.get(path) {
                struct_literal(items, krate, s, value)?
            } else if let Some(e) = items.enums.get(path) {
                let p = item_path_in(krate, &e.path);
                if e.is_int {
                    let i = value.as_i64().ok_or_else(bad)?;
                    let lit = Literal::i64_unsuffixed(i);
                    quote!(#p::from(#lit))
                } else {
                    let s = value.as_str().ok_or_else(bad)?;
                    quote!(#p::from(#s))
                }
            } else if let Some(u) = items.unions.get(path) {
                let p = item_path_in(krate, &u.path);
                let object = value.as_object().ok_or_else(bad)?;
                let (key, inner) = object
                    .iter()
                    .next()
                    .ok_or_else(|| format!("{} params set no member", u.shape_id))?;
                let variant = u
                    .variants
                    .iter()
                    .find(|v| &v.wire_name == key)
                    .ok_or_else(|| format!("{} has no member `{key}`", u.shape_id))?;
                let vname = ident(&variant.rust_name);
                let inner = value_literal(items, krate, &variant.ty, inner)?;
                quote!(#p::#vname(#inner))
            } else {
                return Err(format!("no generated item {path:?}"));
            }
        }
    })
}

/// The model's `smithy.test#smokeTests` as a `smoke_tests` module of the generated crate: one
/// async function per case that runs it with a given client, `SMOKE_TESTS` (ids with their
/// region), and `run(id, client)`. Tests call them against a local server; users and an opt-in
/// live test call them against the service.
pub fn render_smoke_tests(model: &Model, ir: &Ir) -> Result<Option<TokenStream>, String> {
    let items = Items::new(ir);
    let krate = quote!(crate);
    let mut fns = Vec::new();
    let mut table = Vec::new();
    let mut arms = Vec::new();
    for op in &ir.operations {
        let Some(shape) = model.shape(&op.shape_id) else {
            continue;
        };
        let Some(cases) = shape
            .traits
            .other
            .get("smithy.test#smokeTests")
            .and_then(Value::as_array)
        else {
            continue;
        };
        for case in cases {
            let id = case_id(case);
            let fn_name = format_ident!("{}", naming::field_ident(&id));
            let input = struct_literal(
                &items,
                &krate,
                &op.input,
                case.get("params").unwrap_or(&Value::Null),
            )?;
            let expect = case.get("expect").unwrap_or(&Value::Null);
            let check = if let Some(failure) = expect.get("failure") {
                match failure.get("errorId").and_then(Value::as_str) {
                    Some(error_id) => {
                        let code = error_id.rsplit('#').next().unwrap_or(error_id);
                        quote! {
                            match result {
                                Ok(_) => Err(format!("{}: expected {}, the call succeeded", #id, #code)),
                                Err(e) if e.code() == Some(#code) => Ok(()),
                                Err(e) => Err(format!("{}: expected {}, got {}", #id, #code, e)),
                            }
                        }
                    }
                    None => quote! {
                        match result {
                            Ok(_) => Err(format!("{}: expected a failure, the call succeeded", #id)),
                            Err(_) => Ok(()),
                        }
                    },
                }
            } else {
                quote! {
                    result.map(|_| ()).map_err(|e| format!("{}: expected success, got {}", #id, e))
                }
            };
            let region = case
                .get("vendorParams")
                .and_then(|v| v.get("region"))
                .and_then(Value::as_str);
            let region = match region {
                Some(r) => quote!(Some(#r)),
                None => quote!(None),
            };
            let expected_error = match expect
                .get("failure")
                .and_then(|f| f.get("errorId"))
                .and_then(Value::as_str)
            {
                Some(error_id) => {
                    let code = error_id.rsplit('#').next().unwrap_or(error_id);
                    quote!(Some(#code))
                }
                None => quote!(None),
            };
            let expects_failure = expect.get("failure").is_some();
            let operation = &op.wire_name;
            let doc = format!(
                "Smoke test `{id}` of `{}`: calls it with the model's params and checks the expected outcome.",
                op.wire_name
            );
            let doc = doc_attrs(Some(&doc));
            fns.push(quote! {
                #doc
                pub async fn #fn_name(client: &crate::Client) -> Result<(), String> {
                    let result = client.send(#input).await;
                    #check
                }
            });
            table.push(quote! {
                SmokeTest {
                    id: #id,
                    operation: #operation,
                    region: #region,
                    expects_failure: #expects_failure,
                    expected_error: #expected_error,
                },
            });
            arms.push(quote!(#id => #fn_name(client).await,));
        }
    }
    if fns.is_empty() {
        return Ok(None);
    }
    Ok(Some(quote! {
        //! The model's smoke tests (`smithy.test#smokeTests`), runnable against any endpoint.
        #![allow(clippy::needless_update)]

        /// One smoke test of the model.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct SmokeTest {
            /// The test's id in the model.
            pub id: &'static str,
            /// The operation it calls.
            pub operation: &'static str,
            /// The region it is meant for.
            pub region: Option<&'static str>,
            /// The call must fail.
            pub expects_failure: bool,
            /// The error code the failure must have, if the model names one.
            pub expected_error: Option<&'static str>,
        }

        /// Every smoke test of the model.
        pub const SMOKE_TESTS: &[SmokeTest] = &[#(#table)*];

        /// Runs the smoke test `id` with `client`.
        pub async fn run(id: &str, client: &crate::Client) -> Result<(), String> {
            match id {
                #(#arms)*
                other => Err(format!("no smoke test named {other}")),
            }
        }

        #(#fns)*
    }))
}
