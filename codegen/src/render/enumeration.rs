//! Enums and intEnums: a Rust enum with a catch-all variant that keeps (and re-sends) values this
//! SDK does not know yet, conversions from and to the wire value, and the wire codec.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{deprecated_attr, doc_attrs, ident, REDACTED};
use crate::ir::Enumeration;
use crate::model::EnumValue;

/// Docs of the catch-all variant.
const UNKNOWN_DOC: &str =
    "A value this version of the SDK does not know; it is kept as received and sent back unchanged.";

/// The enum and all its impls.
pub fn render_enum(e: &Enumeration) -> TokenStream {
    if e.is_int {
        render_int_enum(e)
    } else {
        render_string_enum(e)
    }
}

fn debug_attr_and_impl(e: &Enumeration) -> (TokenStream, TokenStream) {
    let name = ident(e.path.name());
    if e.sensitive {
        let imp = quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(#REDACTED)
                }
            }
        };
        (quote!(), imp)
    } else {
        (quote!(Debug,), quote!())
    }
}

/// `, redacted` for a `@sensitive` enum: its `Display` shows the placeholder, not the value.
fn redacted_marker(e: &Enumeration) -> TokenStream {
    if e.sensitive {
        quote!(, redacted)
    } else {
        TokenStream::new()
    }
}

fn variant_decls(e: &Enumeration) -> Vec<TokenStream> {
    e.variants
        .iter()
        .map(|v| {
            let vname = ident(&v.rust_name);
            let value_doc = match &v.value {
                EnumValue::String(s) => format!("`{}`", s.replace('`', "\u{2018}")),
                EnumValue::Int(i) => format!("`{i}`"),
            };
            let docs = match &v.docs {
                Some(d) => format!("Wire value {value_doc}.\n\n{d}"),
                None => format!("Wire value {value_doc}."),
            };
            let docs = doc_attrs(Some(&docs));
            let deprecated = deprecated_attr(v.deprecated.as_deref());
            quote! { #docs #deprecated #vname, }
        })
        .collect()
}

fn render_string_enum(e: &Enumeration) -> TokenStream {
    let name = ident(e.path.name());
    let docs = doc_attrs(e.docs.as_deref());
    let deprecated = deprecated_attr(e.deprecated.as_deref());
    let unknown = ident(&e.unknown_variant);
    let variants = variant_decls(e);
    let (debug_derive, debug_impl) = debug_attr_and_impl(e);
    let value_of = |v: &EnumValue| match v {
        EnumValue::String(s) => s.clone(),
        EnumValue::Int(i) => i.to_string(),
    };
    let entries = e.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let value = value_of(&v.value);
        quote!(#vname = #value)
    });
    let unknown_doc_attr = doc_attrs(Some(UNKNOWN_DOC));
    let redacted = redacted_marker(e);
    quote! {
        #docs
        #deprecated
        #[derive(Clone, #debug_derive PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unknown_doc_attr
            #unknown(String),
        }
        #debug_impl
        ::awsjson_runtime::string_enum!(#name, #unknown #redacted; #(#entries),*);
    }
}

fn render_int_enum(e: &Enumeration) -> TokenStream {
    let name = ident(e.path.name());
    let docs = doc_attrs(e.docs.as_deref());
    let deprecated = deprecated_attr(e.deprecated.as_deref());
    let unknown = ident(&e.unknown_variant);
    let variants = variant_decls(e);
    let (debug_derive, debug_impl) = debug_attr_and_impl(e);
    let int_of = |v: &EnumValue| match v {
        EnumValue::Int(i) => *i as i32,
        EnumValue::String(_) => unreachable!("the resolver gives intEnums integer values"),
    };
    let entries = e.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let value = Literal::i32_unsuffixed(int_of(&v.value));
        quote!(#vname = #value)
    });
    let unknown_doc_attr = doc_attrs(Some(UNKNOWN_DOC));
    let redacted = redacted_marker(e);
    quote! {
        #docs
        #deprecated
        #[derive(Clone, Copy, #debug_derive PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unknown_doc_attr
            #unknown(i32),
        }
        #debug_impl
        ::awsjson_runtime::int_enum!(#name, #unknown #redacted; #(#entries),*);
    }
}
