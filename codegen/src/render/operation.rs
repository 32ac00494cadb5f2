//! Operations: one module per operation holding its synthesized input (with a constructor taking
//! the required members) and output structures, and its error enum.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, inner_doc_attrs, item_path, rust_type, structure::render_structure};
use crate::ir::{ItemPath, OperationIr, RustType, Structure};

/// The whole file of one operation module.
pub fn render_operation(op: &OperationIr) -> TokenStream {
    let docs = inner_doc_attrs(&module_docs(op));
    let input = render_structure(&with_io_docs(&op.input, op, "input"));
    let output = render_structure(&with_io_docs(&op.output, op, "output"));
    let constructor = render_input_constructor(&op.input);
    let errors = render_error_enum(op);
    let support = super::builder::render_operation_support(op);
    let serde = super::serde_impls([op.input.path.name(), op.output.path.name()]);
    quote! {
        #docs
        #input
        #constructor
        #support
        #output
        #errors
        #serde
    }
}

/// `Input::new(required members...)`, so the members a call needs are the constructor's
/// arguments; optional members start empty and model defaults apply. Inputs without required
/// members have `Default` only.
fn render_input_constructor(input: &Structure) -> TokenStream {
    let required: Vec<_> = input
        .fields
        .iter()
        .filter(|f| !f.optional && f.default.is_none())
        .collect();
    if required.is_empty() {
        return TokenStream::new();
    }
    let name = ident(input.path.name());
    let params = required.iter().map(|f| {
        let fname = ident(&f.rust_name);
        if f.ty == RustType::String {
            quote!(#fname: impl Into<String>)
        } else {
            let ty = rust_type(&f.ty);
            quote!(#fname: #ty)
        }
    });
    let inits = required.iter().map(|f| {
        let fname = ident(&f.rust_name);
        if f.ty == RustType::String {
            quote!(#fname: #fname.into(),)
        } else {
            quote!(#fname,)
        }
    });
    let all_set = required.len() == input.fields.len();
    let rest = if all_set {
        quote!()
    } else {
        quote!(..Self::default())
    };
    let doc = format!(
        "An input with its required members ({}); the others start empty or at their model defaults.",
        required
            .iter()
            .map(|f| format!("`{}`", f.wire_name))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let doc = doc_attrs(Some(&doc));
    // One argument per required member is the point, however many there are.
    let allow = if required.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    quote! {
        impl #name {
            #doc
            #allow
            pub fn new(#(#params),*) -> Self {
                Self {
                    #(#inits)*
                    #rest
                }
            }
        }
    }
}

/// The operation's error enum: one variant per declared error plus the unhandled catch-all, and
/// the runtime's `OperationError` so the client can build it from a response.
pub fn render_error_enum(op: &OperationIr) -> TokenStream {
    let e = &op.error_enum;
    let name = ident(&e.name);
    let unhandled = ident(&e.unhandled_variant);
    let doc = doc_attrs(Some(&format!(
        "Errors of the `{}` operation: each error it declares, or an unhandled one.",
        op.wire_name
    )));
    let variants = e.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let path = item_path(&v.path);
        let doc = doc_attrs(Some(&format!(
            "The service answered with [`{0}`]({1}).",
            v.path.name(),
            path_text(&v.path)
        )));
        quote! {
            #doc
            #vname(#path),
        }
    });
    let display_arms = e.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        quote!(Self::#vname(e) => ::std::fmt::Display::fmt(e, f),)
    });
    let source_arms = e.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        quote!(Self::#vname(e) => Some(e),)
    });
    let from_arms = e.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let code = &v.code;
        quote!(Some(#code) => Self::#vname(::awsjson_runtime::codec::from_json_slice(body)?),)
    });
    // An operation without declared errors only has the catch-all.
    let (code_param, body_param, from_body) = if e.variants.is_empty() {
        (
            quote!(_code),
            quote!(_body),
            quote!(Ok(Self::#unhandled(unhandled))),
        )
    } else {
        (
            quote!(code),
            quote!(body),
            quote! {
                Ok(match code {
                    #(#from_arms)*
                    _ => Self::#unhandled(unhandled),
                })
            },
        )
    };
    let code_arms = e.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let path = item_path(&v.path);
        quote!(Self::#vname(_) => Some(#path::CODE),)
    });
    quote! {
        #doc
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An error code this operation does not declare (or none): code, message, HTTP
            /// status and request id as received.
            #unhandled(::awsjson_runtime::UnhandledError),
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#display_arms)*
                    Self::#unhandled(e) => ::std::fmt::Display::fmt(e, f),
                }
            }
        }
        impl ::std::error::Error for #name {
            fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #(#source_arms)*
                    Self::#unhandled(e) => Some(e),
                }
            }
        }
        impl ::awsjson_runtime::OperationError for #name {
            fn from_service_error(
                #code_param: Option<&str>,
                #body_param: &[u8],
                unhandled: ::awsjson_runtime::UnhandledError,
            ) -> Result<Self, ::awsjson_runtime::serde_json::Error> {
                #from_body
            }
            fn code(&self) -> Option<&str> {
                match self {
                    #(#code_arms)*
                    Self::#unhandled(e) => e.code.as_deref(),
                }
            }
        }
    }
}

/// An item path as intra-doc link text.
pub(crate) fn path_text(path: &ItemPath) -> String {
    match path {
        ItemPath::Types(n) => format!("crate::types::{n}"),
        ItemPath::Error(n) => format!("crate::error::{n}"),
        ItemPath::Operation { module, name } => format!("crate::operation::{module}::{name}"),
    }
}

fn module_docs(op: &OperationIr) -> String {
    let mut docs = format!("The `{}` operation.", op.wire_name);
    if let Some(model_docs) = &op.docs {
        docs.push_str("\n\n");
        docs.push_str(model_docs);
    }
    if let Some(note) = &op.deprecated {
        docs.push_str("\n\n**Deprecated.** ");
        docs.push_str(note);
    }
    docs.push_str(&errors_section(op, DocsScope::OperationModule));
    if let Some(p) = &op.paginated {
        docs.push_str(&format!(
            "\n\n# Pagination\n\nPaginated: the input member `{}` takes the output member `{}` of the previous page",
            p.input_token, p.output_token
        ));
        if let Some(size) = &p.page_size {
            docs.push_str(&format!("; `{size}` sets the page size"));
        }
        if let Some(items) = &p.items {
            docs.push_str(&format!("; the items are in `{items}`"));
        }
        docs.push('.');
    }
    docs
}

/// Where an `# Errors` section is written: in the operation's own module (where the error enum is
/// in scope) or elsewhere (the client).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum DocsScope {
    OperationModule,
    Elsewhere,
}

/// The `# Errors` section shared by the module and the client method.
pub(crate) fn errors_section(op: &OperationIr, scope: DocsScope) -> String {
    let error_enum = &op.error_enum.name;
    // Intra-doc links cannot name raw identifiers (`r#type`); such a module gets plain text.
    let link = match scope {
        DocsScope::OperationModule => format!("[`{error_enum}`]"),
        DocsScope::Elsewhere if op.module.starts_with("r#") => format!("`{error_enum}`"),
        DocsScope::Elsewhere => format!(
            "[`{error_enum}`](crate::operation::{}::{error_enum})",
            op.module
        ),
    };
    let mut docs = format!(
        "\n\n# Errors\n\nFails with {link} inside [`SdkError::Service`](awsjson_runtime::SdkError::Service) when the service answers with an error"
    );
    let other = "the other [`SdkError`](awsjson_runtime::SdkError) kinds when no usable answer \
                 arrives (transport, timeout, credentials, signing, serialization, \
                 deserialization).";
    if op.errors.is_empty() {
        docs.push_str(&format!(", and with {other}"));
    } else {
        docs.push_str(" it declares:\n");
        for e in &op.errors {
            docs.push_str(&format!("\n- [`{0}`]({1})", e.name(), path_text(e)));
        }
        docs.push_str(&format!("\n\nIt also fails with {other}"));
    }
    docs
}

fn with_io_docs(s: &Structure, op: &OperationIr, what: &str) -> Structure {
    let mut s = s.clone();
    let mut docs = format!("The {what} of the `{}` operation.", op.wire_name);
    if let Some(model_docs) = &s.docs {
        docs.push_str("\n\n");
        docs.push_str(model_docs);
    }
    s.docs = Some(docs);
    s
}
