//! Unions: a Rust enum with one variant per member plus a catch-all that keeps an unknown member's
//! name and raw JSON value (and sends them back unchanged), and the wire codec.

use proc_macro2::TokenStream;
use quote::quote;

use super::{
    deprecated_attr, doc_attrs, ident, rust_type, structure::ser_adapter,
    wire_deserialize_map_impl, wire_serialize_impl, REDACTED,
};
use crate::ir::Union;

/// The enum and all its impls.
pub fn render_union(u: &Union) -> TokenStream {
    let name = ident(u.path.name());
    let name_str = u.path.name();
    let docs = doc_attrs(u.docs.as_deref());
    let deprecated = deprecated_attr(u.deprecated.as_deref());
    let unknown = ident(&u.unknown_variant);
    let variants = u.variants.iter().map(|v| {
        let docs = doc_attrs(v.docs.as_deref());
        let deprecated = deprecated_attr(v.deprecated.as_deref());
        let vname = ident(&v.rust_name);
        let ty = rust_type(&v.ty);
        quote! { #docs #deprecated #vname(#ty), }
    });
    let debug_impl = {
        let arms = u.variants.iter().map(|v| {
            let vname = ident(&v.rust_name);
            let label = &v.rust_name;
            if v.redacted || u.sensitive {
                quote!(Self::#vname(_) => f.debug_tuple(#label).field(&#REDACTED).finish(),)
            } else {
                quote!(Self::#vname(value) => f.debug_tuple(#label).field(value).finish(),)
            }
        });
        let unknown_label = &u.unknown_variant;
        let unknown_arm = if u.sensitive {
            quote! {
                Self::#unknown { name, .. } => f
                    .debug_struct(#unknown_label)
                    .field("name", name)
                    .field("value", &#REDACTED)
                    .finish(),
            }
        } else {
            quote! {
                Self::#unknown { name, value } => f
                    .debug_struct(#unknown_label)
                    .field("name", name)
                    .field("value", value)
                    .finish(),
            }
        };
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(#arms)*
                        #unknown_arm
                    }
                }
            }
        }
    };
    let ser_arms = u.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let wire = &v.wire_name;
        let adapter = ser_adapter(&v.ty, v.timestamp_format, quote!(value));
        quote!(Self::#vname(value) => map.serialize_entry(#wire, &#adapter)?,)
    });
    let de_arms = u.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let wire = &v.wire_name;
        let ty = rust_type(&v.ty);
        quote! {
            #wire => map
                .next_value_seed(wire::De::<Option<#ty>>::new())?
                .map(#name::#vname),
        }
    });
    let expecting = format!("union {name_str}");
    let unknown_doc = "A member this version of the SDK does not know: its name and raw JSON value, sent back unchanged.";
    let unknown_doc_attr = doc_attrs(Some(unknown_doc));
    let default_doc = format!(
        "The Smithy zero value: an unknown member with an empty name, used when a required `{name_str}` is absent."
    );
    let default_doc_attr = doc_attrs(Some(&default_doc));
    let ser_impl = wire_serialize_impl(
        &name,
        quote! {
            use wire::serde::ser::SerializeMap as _;
            let mut map = serializer.serialize_map(Some(1))?;
            match self {
                #(#ser_arms)*
                Self::#unknown { name, value } => map.serialize_entry(name, value)?,
            }
            map.end()
        },
    );
    let de_impl = wire_deserialize_map_impl(
        &name,
        "UnionVisitor",
        &expecting,
        quote! {
                        let mut found: Option<#name> = None;
                        while let Some(key) = map.next_key::<wire::Key<'de>>()? {
                            // A `__type` member carries the shape name, not a union member.
                            let value = match key.as_str() {
                                "__type" => {
                                    map.next_value::<wire::serde::de::IgnoredAny>()?;
                                    None
                                }
                                #(#de_arms)*
                                other => {
                                    let value = map.next_value::<wire::Document>()?;
                                    (!value.is_null()).then(|| #name::#unknown {
                                        name: other.to_owned(),
                                        value,
                                    })
                                }
                            };
                            if let Some(value) = value {
                                if found.is_some() {
                                    return Err(<A::Error as wire::serde::de::Error>::custom(
                                        concat!("more than one member of ", #expecting, " is set"),
                                    ));
                                }
                                found = Some(value);
                            }
                        }
                        found.ok_or_else(|| {
                            <A::Error as wire::serde::de::Error>::custom(
                                concat!("no member of ", #expecting, " is set"),
                            )
                        })

        },
    );
    quote! {
        #docs
        #deprecated
        #[derive(Clone, PartialEq)]
        #[non_exhaustive]
        // Variants hold the member values directly, as the model defines them; boxing the larger
        // ones would make matching and construction clumsier for little gain.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            #unknown_doc_attr
            #unknown {
                /// The member name as received.
                name: String,
                /// The member value as received.
                value: wire::Document,
            },
        }
        #debug_impl
        #default_doc_attr
        impl Default for #name {
            fn default() -> Self {
                Self::#unknown { name: String::new(), value: wire::Document::Null }
            }
        }
        #ser_impl
        #de_impl
    }
}
