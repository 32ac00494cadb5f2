//! Structures: the struct, `Default`, `Debug` (with redaction) and the awsJson1_0 wire codec.

use proc_macro2::TokenStream;
use quote::quote;

use super::{
    default_expr, deprecated_attr, doc_attrs, field_type, ident, needs_explicit_zero,
    timestamp_format, REDACTED,
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
    let codec = render_codec(s);
    quote! {
        #docs
        #deprecated
        #[derive(#(#derives),*)]
        pub struct #name {
            #(#fields)*
        }
        #default_impl
        #debug_impl
        #codec
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

/// How an absent non-optional field gets its value.
enum Fallback {
    /// `Default::default()` of the type is the value.
    TypeDefault,
    /// The model's default (or the Smithy zero value), spelled out.
    Other,
}

fn fallback_kind(ty: &RustType, default: Option<&DefaultValue>) -> Fallback {
    match default {
        _ if matches!(ty, RustType::Boxed(_)) && (default.is_some() || needs_explicit_zero(ty)) => {
            Fallback::Other
        }
        None if needs_explicit_zero(ty) => Fallback::Other,
        None | Some(DefaultValue::EmptyList | DefaultValue::EmptyMap) => Fallback::TypeDefault,
        Some(d) if is_type_default(d) => Fallback::TypeDefault,
        Some(_) => Fallback::Other,
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

/// The wire codec, as a `wire_structure!` call listing each member's wire name and kind.
fn render_codec(s: &Structure) -> TokenStream {
    let name = ident(s.path.name());
    let entries = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let wire_name = &f.wire_name;
        let alternatives = accepted_wire_names(s, f).into_iter().skip(1);
        let kind = if f.optional {
            quote!(opt)
        } else {
            match fallback_kind(&f.ty, f.default.as_ref()) {
                Fallback::TypeDefault => quote!(req),
                Fallback::Other => {
                    let value = default_expr(&f.ty, f.default.as_ref());
                    quote!(req(#value))
                }
            }
        };
        let format =
            if f.timestamp_format == TimestampFormat::EpochSeconds || !holds_timestamps(&f.ty) {
                quote!()
            } else {
                let format = match f.timestamp_format {
                    TimestampFormat::DateTime => quote!(DateTime),
                    TimestampFormat::HttpDate => quote!(HttpDate),
                    TimestampFormat::EpochSeconds => quote!(EpochSeconds),
                };
                quote!(as #format)
            };
        quote!(#fname = #wire_name #(| #alternatives)* #kind #format)
    });
    quote! {
        ::awsjson_runtime::wire_structure!(#name; #(#entries),*);
    }
}
