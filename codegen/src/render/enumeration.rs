//! Enums and intEnums: a Rust enum with a catch-all variant that keeps (and re-sends) values this
//! SDK does not know yet, conversions from and to the wire value, and the wire codec.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{
    deprecated_attr, doc_attrs, ident, wire_deserialize_impl, wire_serialize_impl, REDACTED,
};
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

/// `Display`: the wire value, or for a `@sensitive` enum the placeholder that `Debug` shows too
/// (the value stays available from `as_str` / `as_i32`).
fn display_impl(e: &Enumeration, value: TokenStream) -> TokenStream {
    let name = ident(e.path.name());
    if e.sensitive {
        let doc = if e.is_int {
            " `@sensitive`: shows a placeholder, never the value (use `as_i32`)."
        } else {
            " `@sensitive`: shows a placeholder, never the value (use `as_str`)."
        };
        quote! {
            #[doc = #doc]
            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(#REDACTED)
                }
            }
        }
    } else {
        quote! {
            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    #value
                }
            }
        }
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
    let as_str_arms = e.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let value = value_of(&v.value);
        quote!(Self::#vname => #value,)
    });
    // Two members may share a wire value; the first one is what that value parses to.
    let mut seen = BTreeSet::new();
    let from_arms: Vec<TokenStream> = e
        .variants
        .iter()
        .filter(|v| seen.insert(value_of(&v.value)))
        .map(|v| {
            let vname = ident(&v.rust_name);
            let value = value_of(&v.value);
            quote!(#value => Self::#vname,)
        })
        .collect();
    let values: Vec<String> = e.variants.iter().map(|v| value_of(&v.value)).collect();
    let unknown_doc_attr = doc_attrs(Some(UNKNOWN_DOC));
    let allow_deprecated = if e.variants.iter().any(|v| v.deprecated.is_some()) {
        quote!(#[allow(deprecated)])
    } else {
        quote!()
    };
    let ser = wire_serialize_impl(&name, quote!(serializer.serialize_str(self.as_str())));
    let de = wire_deserialize_impl(
        &name,
        quote! {
            let key = <wire::Key<'de> as wire::serde::Deserialize<'de>>::deserialize(deserializer)?;
            Ok(Self::from(key.as_str()))
        },
    );
    let display = display_impl(e, quote!(f.write_str(self.as_str())));
    let codec = quote! {
        #ser
        #de
    };
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
        #allow_deprecated
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str_arms)*
                    Self::#unknown(value) => value,
                }
            }
            /// Every value this version of the SDK knows, in model order.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }
        #allow_deprecated
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_arms)*
                    other => Self::#unknown(other.to_owned()),
                }
            }
        }
        impl From<String> for #name {
            fn from(value: String) -> Self {
                match Self::from(value.as_str()) {
                    Self::#unknown(_) => Self::#unknown(value),
                    known => known,
                }
            }
        }
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }
        impl AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
        #display
        /// The Smithy zero value (an empty, unknown value), used when a required member is absent.
        impl Default for #name {
            fn default() -> Self {
                Self::#unknown(String::new())
            }
        }
        #codec
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
    let as_i32_arms = e.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let value = Literal::i32_unsuffixed(int_of(&v.value));
        quote!(Self::#vname => #value,)
    });
    let mut seen = BTreeSet::new();
    let from_arms: Vec<TokenStream> = e
        .variants
        .iter()
        .filter(|v| seen.insert(int_of(&v.value)))
        .map(|v| {
            let vname = ident(&v.rust_name);
            let value = Literal::i32_unsuffixed(int_of(&v.value));
            quote!(#value => Self::#vname,)
        })
        .collect();
    let values = e
        .variants
        .iter()
        .map(|v| Literal::i32_unsuffixed(int_of(&v.value)));
    let unknown_doc_attr = doc_attrs(Some(UNKNOWN_DOC));
    let allow_deprecated = if e.variants.iter().any(|v| v.deprecated.is_some()) {
        quote!(#[allow(deprecated)])
    } else {
        quote!()
    };
    let ser = wire_serialize_impl(&name, quote!(serializer.serialize_i32(self.as_i32())));
    let de = wire_deserialize_impl(
        &name,
        quote!(<i32 as wire::WireDeserialize>::wire_deserialize(deserializer).map(Self::from)),
    );
    let display = display_impl(e, quote!(::std::fmt::Display::fmt(&self.as_i32(), f)));
    let codec = quote! {
        #ser
        #de
    };
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
        #allow_deprecated
        impl #name {
            /// The value as sent on the wire.
            pub fn as_i32(&self) -> i32 {
                match self {
                    #(#as_i32_arms)*
                    Self::#unknown(value) => *value,
                }
            }
            /// Every value this version of the SDK knows, in model order.
            pub const fn values() -> &'static [i32] {
                &[#(#values),*]
            }
        }
        #allow_deprecated
        impl From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#from_arms)*
                    other => Self::#unknown(other),
                }
            }
        }
        #display
        /// The Smithy zero value (`0`), used when a required member is absent.
        impl Default for #name {
            fn default() -> Self {
                Self::from(0)
            }
        }
        #codec
    }
}
