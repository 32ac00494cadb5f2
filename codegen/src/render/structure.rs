//! Structures: the struct, `Default`, `Debug` (with redaction) and the awsJson1_0 wire codec.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{
    default_expr, deprecated_attr, doc_attrs, field_type, ident, needs_explicit_zero, rust_type,
    timestamp_format, wire_deserialize_map_impl, wire_serialize_impl, REDACTED,
};
use crate::ir::{DefaultValue, Field, RustType, Structure};
use crate::model::TimestampFormat;

/// `wire::ser(value)`, or `wire::Ser(value, format)` when the value holds timestamps whose format
/// is not the default.
pub(crate) fn ser_adapter(
    ty: &RustType,
    format: TimestampFormat,
    value: TokenStream,
) -> TokenStream {
    if format == TimestampFormat::EpochSeconds || !holds_timestamps(ty) {
        quote!(wire::ser(#value))
    } else {
        let format = timestamp_format(format);
        quote!(wire::Ser(#value, #format))
    }
}

fn holds_timestamps(ty: &RustType) -> bool {
    match ty {
        RustType::DateTime => true,
        RustType::List { element: inner, .. }
        | RustType::Map { value: inner, .. }
        | RustType::Boxed(inner) => holds_timestamps(inner),
        _ => false,
    }
}

/// The struct and all its impls.
pub fn render_structure(s: &Structure) -> TokenStream {
    let name = ident(s.path.name());
    let docs = doc_attrs(s.docs.as_deref());
    let deprecated = deprecated_attr(s.deprecated.as_deref());
    let fields = s.fields.iter().map(|f| {
        let docs = doc_attrs(f.docs.as_deref());
        let deprecated = deprecated_attr(f.deprecated.as_deref());
        let fname = ident(&f.rust_name);
        let ty = field_type(&f.ty, f.optional);
        quote! {
            #docs
            #deprecated
            pub #fname: #ty,
        }
    });
    // `#[derive(Default)]` unless some field's default differs from its type's `Default`.
    let manual_default = s.fields.iter().any(|f| {
        !f.optional
            && (f.default.as_ref().is_some_and(|d| !is_type_default(d))
                || needs_explicit_zero(&f.ty))
    });
    let manual_debug = s.sensitive || s.fields.iter().any(|f| f.redacted);
    let mut derives = vec![quote!(Clone), quote!(PartialEq)];
    if !manual_debug {
        derives.push(quote!(Debug));
    }
    if !manual_default {
        derives.push(quote!(Default));
    }
    let default_impl = if manual_default {
        render_default(s)
    } else {
        TokenStream::new()
    };
    let debug_impl = if manual_debug {
        render_debug(s)
    } else {
        TokenStream::new()
    };
    let ser = render_serialize(s);
    let de = render_deserialize(s);
    quote! {
        #docs
        #deprecated
        #[derive(#(#derives),*)]
        pub struct #name {
            #(#fields)*
        }
        #default_impl
        #debug_impl
        #ser
        #de
    }
}

fn render_default(s: &Structure) -> TokenStream {
    let name = ident(s.path.name());
    let inits = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let value = if f.optional {
            quote!(None)
        } else {
            default_expr(&f.ty, f.default.as_ref())
        };
        quote!(#fname: #value,)
    });
    quote! {
        impl Default for #name {
            fn default() -> Self {
                Self { #(#inits)* }
            }
        }
    }
}

fn render_debug(s: &Structure) -> TokenStream {
    let name = ident(s.path.name());
    let name_str = s.path.name();
    if s.sensitive {
        return quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(#REDACTED)
                }
            }
        };
    }
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let label = f.rust_name.trim_start_matches("r#");
        if f.redacted {
            quote!(.field(#label, &#REDACTED))
        } else {
            quote!(.field(#label, &self.#fname))
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name_str) #(#fields)* .finish()
            }
        }
    }
}

fn render_serialize(s: &Structure) -> TokenStream {
    let name = ident(s.path.name());
    let entries = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let wire_name = &f.wire_name;
        let value = if f.optional {
            quote!(value)
        } else {
            quote!(&self.#fname)
        };
        let adapter = ser_adapter(&f.ty, f.timestamp_format, value);
        if f.optional {
            quote! {
                if let Some(value) = &self.#fname {
                    map.serialize_entry(#wire_name, &#adapter)?;
                }
            }
        } else {
            quote! {
                map.serialize_entry(#wire_name, &#adapter)?;
            }
        }
    });
    let mut_kw = if s.fields.is_empty() {
        quote!()
    } else {
        quote!(mut)
    };
    wire_serialize_impl(
        &name,
        quote! {
            use wire::serde::ser::SerializeMap as _;
            let #mut_kw map = serializer.serialize_map(None)?;
            #(#entries)*
            map.end()
        },
    )
}

/// True when a model default equals `Default::default()` of the field's Rust type.
fn is_type_default(value: &DefaultValue) -> bool {
    match value {
        DefaultValue::Bool(b) => !b,
        DefaultValue::Int(i) => *i == 0,
        DefaultValue::Float(f) => *f == 0.0 && f.is_sign_positive(),
        DefaultValue::String(s) => s.is_empty(),
        DefaultValue::EmptyList | DefaultValue::EmptyMap => true,
        DefaultValue::Blob(b) => b.is_empty(),
        DefaultValue::Document(d) => d.is_null(),
        // Enums default to their unknown variant and timestamps have no `Default`.
        DefaultValue::EnumVariant { .. } | DefaultValue::Timestamp(_) => false,
    }
}

/// How an absent non-optional field gets its value (spelled the way clippy prefers).
enum Fallback {
    /// `Default::default()` of the type is the value.
    TypeDefault,
    /// A constant: `unwrap_or(value)`.
    Cheap,
    /// Needs code to build: `unwrap_or_else(|| value)`.
    Computed,
}

fn fallback_kind(ty: &RustType, default: Option<&DefaultValue>) -> Fallback {
    if matches!(ty, RustType::Boxed(_)) && (default.is_some() || needs_explicit_zero(ty)) {
        return Fallback::Computed;
    }
    match default {
        None if needs_explicit_zero(ty) => Fallback::Cheap,
        None => Fallback::TypeDefault,
        Some(DefaultValue::EmptyList | DefaultValue::EmptyMap) => Fallback::TypeDefault,
        Some(DefaultValue::String(s)) if s.is_empty() => Fallback::TypeDefault,
        Some(DefaultValue::Timestamp(t)) if *t == 0.0 => Fallback::Cheap,
        Some(DefaultValue::Bool(_) | DefaultValue::Int(_) | DefaultValue::Float(_)) => {
            Fallback::Cheap
        }
        Some(DefaultValue::EnumVariant { .. }) => Fallback::Cheap,
        Some(_) => Fallback::Computed,
    }
}

/// Wire names a field also accepts when reading (error shapes receive `message` or `Message`).
fn accepted_wire_names(s: &Structure, f: &Field) -> Vec<String> {
    let mut names = vec![f.wire_name.clone()];
    let is_error = matches!(s.role, crate::ir::StructRole::Error { .. });
    if is_error && f.wire_name.eq_ignore_ascii_case("message") {
        for alt in ["message", "Message"] {
            if !s.fields.iter().any(|other| other.wire_name == alt) {
                names.push(alt.to_string());
            }
        }
    }
    names
}

fn render_deserialize(s: &Structure) -> TokenStream {
    let name = ident(s.path.name());
    let expecting = format!("structure {}", s.path.name());
    // Locals get a prefix so no field name can shadow `map` or `key`.
    let local = |f: &Field| format_ident!("field_{}", f.rust_name.trim_start_matches("r#"));
    let locals = s.fields.iter().map(|f| {
        let local = local(f);
        let ty = rust_type(&f.ty);
        quote!(let mut #local: Option<#ty> = None;)
    });
    let arms = s.fields.iter().map(|f| {
        let local = local(f);
        let names = accepted_wire_names(s, f);
        quote! {
            #(#names)|* => #local = map.next_value_seed(wire::De::new())?,
        }
    });
    let inits = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let local = local(f);
        if f.optional {
            return quote!(#fname: #local,);
        }
        let value = default_expr(&f.ty, f.default.as_ref());
        match fallback_kind(&f.ty, f.default.as_ref()) {
            Fallback::TypeDefault => quote!(#fname: #local.unwrap_or_default(),),
            Fallback::Cheap => quote!(#fname: #local.unwrap_or(#value),),
            Fallback::Computed => quote!(#fname: #local.unwrap_or_else(|| #value),),
        }
    });
    let body = if s.fields.is_empty() {
        quote! {
            while map
                .next_entry::<wire::serde::de::IgnoredAny, wire::serde::de::IgnoredAny>()?
                .is_some()
            {}
            Ok(#name {})
        }
    } else {
        quote! {
            #(#locals)*
            while let Some(key) = map.next_key::<wire::Key<'de>>()? {
                match key.as_str() {
                    #(#arms)*
                    _ => {
                        map.next_value::<wire::serde::de::IgnoredAny>()?;
                    }
                }
            }
            Ok(#name { #(#inits)* })
        }
    };
    wire_deserialize_map_impl(&name, "StructVisitor", &expecting, body)
}
