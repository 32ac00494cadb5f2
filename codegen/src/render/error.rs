//! Error shapes: a structure (see [`super::structure`]) that also implements `Display` and
//! `std::error::Error`, with its wire error code and HTTP status as constants.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, structure::render_structure, REDACTED};
use crate::ir::{RustType, StructRole, Structure};

/// The error struct and all its impls.
pub fn render_error(s: &Structure) -> TokenStream {
    let name = ident(s.path.name());
    let code = s.shape_id.name();
    let body = render_structure(s);
    let StructRole::Error { fault, http_status } = &s.role else {
        unreachable!("render_error is called for error structures only")
    };
    let is_server = matches!(fault, crate::model::ErrorFault::Server);
    let status = match http_status {
        Some(code) => quote!(Some(#code)),
        None => quote!(None),
    };
    let message_field = s
        .fields
        .iter()
        .find(|f| f.wire_name.eq_ignore_ascii_case("message") && f.ty == RustType::String);
    let (message_fn, display) = match message_field {
        Some(f) => {
            let fname = ident(&f.rust_name);
            let get = if f.optional {
                quote!(self.#fname.as_deref())
            } else {
                quote!(Some(self.#fname.as_str()))
            };
            // A `@sensitive` message is shown as the placeholder `Debug` uses; `message()` still
            // returns it.
            let shown = if f.redacted || s.sensitive {
                quote!(#REDACTED)
            } else {
                quote!(message)
            };
            (
                quote! {
                    /// The message the service sent with the error, if any.
                    pub fn message(&self) -> Option<&str> {
                        #get
                    }
                },
                quote! {
                    match self.message() {
                        Some(message) if !message.is_empty() => write!(f, "{}: {}", Self::CODE, #shown),
                        _ => f.write_str(Self::CODE),
                    }
                },
            )
        }
        None => (
            quote! {
                /// The model declares no message member for this error.
                pub fn message(&self) -> Option<&str> {
                    None
                }
            },
            quote!(f.write_str(Self::CODE)),
        ),
    };
    quote! {
        #body
        impl #name {
            /// The error code the service sends (`__type` / `x-amzn-errortype`).
            pub const CODE: &'static str = #code;
            /// The HTTP status the model gives this error.
            pub const HTTP_STATUS: Option<u16> = #status;
            /// True for errors the model marks as the service's fault (`@error("server")`).
            pub const IS_SERVER_FAULT: bool = #is_server;
            #message_fn
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #display
            }
        }
        impl ::std::error::Error for #name {}
    }
}
