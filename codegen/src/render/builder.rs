//! Per operation: the runtime's `Operation` (and `Paginated`) traits on the input, and the
//! builder that sets the input member by member and, made by a client, sends it.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, rust_type};
use crate::ir::{OperationIr, RustType};

/// Everything this module adds to an operation's module.
pub fn render_operation_support(op: &OperationIr) -> TokenStream {
    let operation = render_operation_impl(op);
    let paginated = render_paginated_impl(op);
    let builder = render_builder(op);
    quote! {
        #operation
        #paginated
        #builder
    }
}

fn names(op: &OperationIr) -> (proc_macro2::Ident, proc_macro2::Ident, proc_macro2::Ident) {
    (
        ident(op.input.path.name()),
        ident(op.output.path.name()),
        ident(&op.error_enum.name),
    )
}

fn builder_name(op: &OperationIr) -> proc_macro2::Ident {
    ident(&format!("{}Builder", op.rust_name))
}

/// `impl Operation for XInput` (+ the crate's sealed `OperationInput`).
fn render_operation_impl(op: &OperationIr) -> TokenStream {
    let (input, output, error) = names(op);
    let wire_name = &op.wire_name;
    let gzip_request = op.gzip_request;
    let host_prefix = match &op.host_prefix {
        Some(prefix) => {
            let template = &prefix.template;
            quote!(Some(#template))
        }
        None => quote!(None),
    };
    let tokens: Vec<_> = op
        .input
        .fields
        .iter()
        .filter(|f| f.idempotency_token)
        .map(|f| {
            let field = ident(&f.rust_name);
            quote! {
                if self.#field.is_none() {
                    self.#field = Some(::awsjson_runtime::client::idempotency_token());
                }
            }
        })
        .collect();
    let fill = if tokens.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            fn fill_idempotency_tokens(&mut self) {
                #(#tokens)*
            }
        }
    };
    let host_labels = match &op.host_prefix {
        Some(prefix) if !prefix.labels.is_empty() => {
            let labels = prefix.labels.iter().map(|l| {
                let label = &l.label;
                let field = ident(&l.field);
                if l.optional {
                    quote!((#label, self.#field.as_deref().unwrap_or_default()))
                } else {
                    quote!((#label, self.#field.as_str()))
                }
            });
            quote! {
                fn host_labels(&self) -> Vec<(&'static str, &str)> {
                    vec![#(#labels),*]
                }
            }
        }
        _ => TokenStream::new(),
    };
    let validate = if op.validated {
        quote! {
            #[cfg(feature = "validation")]
            fn validate(&self, violations: &mut ::awsjson_runtime::validation::Violations) {
                ::awsjson_runtime::validation::Validate::validate(self, violations)
            }
        }
    } else {
        TokenStream::new()
    };
    quote! {
        impl ::awsjson_runtime::Operation for #input {
            type Output = #output;
            type Error = #error;
            const SPEC: ::awsjson_runtime::client::OperationSpec =
                ::awsjson_runtime::client::OperationSpec {
                    name: #wire_name,
                    gzip_request: #gzip_request,
                    host_prefix: #host_prefix,
                };
            #fill
            #host_labels
            #validate
        }
        impl super::sealed::Sealed for #input {}
        impl super::OperationInput for #input {}
    }
}

/// Strings, lists and maps can be empty, which ends pagination like an absent token.
fn can_be_empty(ty: &RustType) -> bool {
    matches!(
        ty,
        RustType::String | RustType::List { .. } | RustType::Map { .. }
    )
}

/// `impl Paginated for XInput`.
fn render_paginated_impl(op: &OperationIr) -> TokenStream {
    let Some(p) = &op.paginated else {
        return TokenStream::new();
    };
    let (input, output, _) = names(op);
    let field = |fields: &[crate::ir::Field], wire: &str| {
        fields
            .iter()
            .find(|f| f.wire_name == wire)
            .cloned()
            .expect("the resolver checked that pagination members exist")
    };
    let in_token = field(&op.input.fields, &p.input_token);
    let out_token = field(&op.output.fields, &p.output_token);
    let token_ty = rust_type(&in_token.ty);
    let in_field = ident(&in_token.rust_name);
    let out_field = ident(&out_token.rust_name);
    let non_empty = if can_be_empty(&out_token.ty) {
        quote!(.filter(|token| !token.is_empty()))
    } else {
        TokenStream::new()
    };
    let next_token = if out_token.optional {
        quote!(output.#out_field.as_ref() #non_empty)
    } else {
        quote!(Some(&output.#out_field) #non_empty)
    };
    let (set_token, token) = if in_token.optional {
        (
            quote!(self.#in_field = token;),
            quote!(self.#in_field.as_ref()),
        )
    } else {
        let non_empty = if can_be_empty(&in_token.ty) {
            quote!(.filter(|token| !token.is_empty()))
        } else {
            TokenStream::new()
        };
        (
            quote!(self.#in_field = token.unwrap_or_default();),
            quote!(Some(&self.#in_field) #non_empty),
        )
    };
    let items = p
        .items
        .as_deref()
        .map(|w| field(&op.output.fields, w))
        .and_then(|items| {
            let f = ident(&items.rust_name);
            let taken = if items.optional {
                quote!(output.#f.take().unwrap_or_default())
            } else {
                quote!(::std::mem::take(&mut output.#f))
            };
            let optional = |ty: TokenStream, sparse: bool| {
                if sparse {
                    quote!(Option<#ty>)
                } else {
                    ty
                }
            };
            match &items.ty {
                RustType::List { element, sparse } => {
                    Some((optional(rust_type(element), *sparse), taken))
                }
                RustType::Map { value, sparse } => {
                    let value = optional(rust_type(value), *sparse);
                    Some((
                        quote!((String, #value)),
                        quote!(#taken.into_iter().collect()),
                    ))
                }
                _ => None,
            }
        });
    let (item_ty, take_items, output_param) = match items {
        Some((ty, take)) => (ty, take, quote!(output)),
        // No `items` member: pages have no items to flatten.
        None => (quote!(()), quote!(Vec::new()), quote!(_output)),
    };
    quote! {
        impl ::awsjson_runtime::Paginated for #input {
            type Token = #token_ty;
            type Item = #item_ty;
            fn set_token(&mut self, token: Option<#token_ty>) {
                #set_token
            }
            fn token(&self) -> Option<&#token_ty> {
                #token
            }
            fn next_token(output: &#output) -> Option<&#token_ty> {
                #next_token
            }
            fn take_items(#output_param: &mut #output) -> Vec<#item_ty> {
                #take_items
            }
        }
    }
}

/// The builder: `XInput::builder()`, `Client::x()` and (with `blocking`) the blocking client's.
fn render_builder(op: &OperationIr) -> TokenStream {
    let (input, output, error) = names(op);
    let builder = builder_name(op);
    let input_name = op.input.path.name();
    let wire_name = &op.wire_name;
    let method = &op.method;
    // Required members without a default are `Option`s here until `build` checks them.
    let required: Vec<_> = op
        .input
        .fields
        .iter()
        .filter(|f| !f.optional && f.default.is_none())
        .collect();
    let required_decls = required.iter().map(|f| {
        let name = ident(&f.rust_name);
        let ty = rust_type(&f.ty);
        quote!(#name: Option<#ty>,)
    });
    let required_inits = required.iter().map(|f| {
        let name = ident(&f.rust_name);
        quote!(#name: None,)
    });
    let required_checks = required.iter().map(|f| {
        let name = ident(&f.rust_name);
        let wire = &f.wire_name;
        quote! {
            input.#name = self.#name.ok_or(::awsjson_runtime::BuildError::missing(#input_name, #wire))?;
        }
    });
    let setters = op.setters.iter().map(|s| {
        let f = op
            .input
            .fields
            .iter()
            .find(|f| f.rust_name == s.field)
            .expect("setters are made from the input's fields");
        let field = ident(&f.rust_name);
        let name = ident(&s.name);
        let ty = rust_type(&f.ty);
        // Intra-doc links cannot name raw identifiers.
        let link = if f.rust_name.starts_with("r#") {
            format!("`{}`", f.wire_name)
        } else {
            format!("[`{}`]({input_name}::{})", f.wire_name, f.rust_name)
        };
        let is_required = !f.optional && f.default.is_none();
        let doc = doc_attrs(Some(&format!(
            "Sets {link}{}.",
            if is_required { " (required)" } else { "" }
        )));
        let target = if is_required {
            quote!(self.#field)
        } else {
            quote!(self.input.#field)
        };
        let value = if f.optional || is_required {
            quote!(Some(value.into()))
        } else {
            quote!(value.into())
        };
        let deprecated = super::deprecated_attr(f.deprecated.as_deref());
        let plain = quote! {
            #doc
            #deprecated
            pub fn #name(mut self, value: impl Into<#ty>) -> Self {
                #target = #value;
                self
            }
        };
        let set = s.set_name.as_ref().map(|set_name| {
            let set_name = ident(set_name);
            let doc = doc_attrs(Some(&format!("Sets or clears {link}.")));
            quote! {
                #doc
                #deprecated
                pub fn #set_name(mut self, value: Option<#ty>) -> Self {
                    self.input.#field = value;
                    self
                }
            }
        });
        quote!(#plain #set)
    });
    let client_link = if method.starts_with("r#") {
        "`Client`".to_string()
    } else {
        format!("[`Client::{method}`](crate::Client::{method})")
    };
    let doc = doc_attrs(Some(&format!(
        "Builds a [`{input_name}`] member by member. Made by [`{input_name}::builder`] it only \
         builds; made by {client_link} it also sends the request (`send`{}).",
        if op.paginated.is_some() {
            ", or `into_paginator` for every page"
        } else {
            ""
        }
    )));
    let mut_input = if required.is_empty() {
        quote!(let input = self.input;)
    } else {
        quote!(let mut input = self.input;)
    };
    let (async_paginator, blocking_paginator) = if op.paginated.is_some() {
        (
            quote! {
                /// Every page of the operation, starting from this input (see
                /// [`Paginator`](::awsjson_runtime::Paginator)); a missing required member is
                /// the first and only item.
                pub fn into_paginator(self) -> ::awsjson_runtime::Paginator<#input> {
                    let client = self.client.clone();
                    client.paginator(self.build().map_err(|e| e.into_sdk_error(#wire_name)))
                }
            },
            quote! {
                /// Every page of the operation, as an iterator (see
                /// [`BlockingPaginator`](::awsjson_runtime::blocking::BlockingPaginator)).
                pub fn into_paginator(self) -> ::awsjson_runtime::blocking::BlockingPaginator<#input> {
                    let client = self.client.clone();
                    client.paginator(self.build().map_err(|e| e.into_sdk_error(#wire_name)))
                }
            },
        )
    } else {
        (TokenStream::new(), TokenStream::new())
    };
    let result = quote!(Result<#output, ::awsjson_runtime::SdkError<#error>>);
    let builder_doc = doc_attrs(Some(&format!(
        "A builder for this input, member by member (see [`{builder}`])."
    )));
    quote! {
        impl #input {
            #builder_doc
            pub fn builder() -> #builder {
                #builder::new(())
            }
        }

        #doc
        #[derive(Clone)]
        #[must_use]
        pub struct #builder<C = ()> {
            client: C,
            input: #input,
            #(#required_decls)*
        }

        impl<C> ::std::fmt::Debug for #builder<C> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                // Members may be `@sensitive`; the built input's `Debug` redacts them.
                f.debug_struct(stringify!(#builder)).finish_non_exhaustive()
            }
        }

        impl<C> #builder<C> {
            pub(crate) fn new(client: C) -> Self {
                Self {
                    client,
                    input: #input::default(),
                    #(#required_inits)*
                }
            }

            #(#setters)*

            /// The input, or which required member is not set.
            pub fn build(self) -> Result<#input, ::awsjson_runtime::BuildError> {
                #mut_input
                #(#required_checks)*
                Ok(input)
            }
        }

        impl #builder<crate::Client> {
            /// Sends the request (a missing required member fails before anything is sent).
            pub async fn send(self) -> #result {
                let client = self.client.clone();
                let input = self.build().map_err(|e| e.into_sdk_error(#wire_name))?;
                client.send(input).await
            }
            #async_paginator
        }

        #[cfg(feature = "blocking")]
        // `SdkError` is as large as the async API's; boxing it only for blocking calls would
        // make the two APIs differ.
        #[allow(clippy::result_large_err)]
        impl #builder<crate::blocking::Client> {
            /// Sends the request and waits for the answer (a missing required member fails
            /// before anything is sent).
            pub fn send(self) -> #result {
                let client = self.client.clone();
                let input = self.build().map_err(|e| e.into_sdk_error(#wire_name))?;
                client.send(input)
            }
            #blocking_paginator
        }
    }
}
