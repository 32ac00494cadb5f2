//! The client: one async method per operation, each a thin call into the runtime.

use proc_macro2::TokenStream;
use quote::quote;

use super::operation::{errors_section, DocsScope};
use super::{doc_attrs, ident, item_path};
use crate::ir::{Ir, OperationIr};

/// `src/client.rs`.
pub fn render_client(ir: &Ir) -> TokenStream {
    let s = &ir.service;
    let target_prefix = &s.target_prefix;
    let signing_name = &s.signing_name;
    let endpoint_template = &s.endpoint_template;
    let title = s.title.as_deref().unwrap_or(&s.sdk_id);
    let client_doc = format!(
        "Client for {title}. Cheap to clone: clones share configuration and connections.\n\n\
         Every method sends one operation (awsJson1_0 over HTTPS, SigV4-signed, retried in \
         standard mode) and returns its output or an [`SdkError`](awsjson_runtime::SdkError) \
         holding the operation's error enum."
    );
    let client_doc = doc_attrs(Some(&client_doc));
    let query_compatible = s.query_compatible;
    let methods = ir.operations.iter().map(render_method);
    let resolve_endpoint = if s.endpoint_rules.is_some() {
        quote!(Some(crate::endpoint::resolve_for_client))
    } else {
        quote!(None)
    };
    let endpoint_doc = if s.endpoint_rules.is_some() {
        "The endpoint URL requests go to, resolved by the service's endpoint rules \
         ([`crate::endpoint`]) when the client was made; empty when they gave an error (see \
         [`Client::resolved_endpoint`])."
    } else {
        "The endpoint URL requests go to: the endpoint override, else the service's regional \
         endpoint."
    };
    let endpoint_doc = doc_attrs(Some(endpoint_doc));
    quote! {
        //! The client that calls the service.

        const SERVICE: ::awsjson_runtime::client::ServiceSpec = ::awsjson_runtime::client::ServiceSpec {
            target_prefix: #target_prefix,
            signing_name: #signing_name,
            endpoint_template: #endpoint_template,
            resolve_endpoint: #resolve_endpoint,
            query_compatible: #query_compatible,
        };

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: ::awsjson_runtime::client::ServiceClient,
        }

        impl Client {
            /// A client with a finished configuration (see [`Client::config_builder`]).
            pub fn new(config: ::awsjson_runtime::Config) -> Self {
                Self {
                    inner: ::awsjson_runtime::client::ServiceClient::new(SERVICE, config),
                }
            }

            /// A client configured from the environment, as the AWS CLI does: region from
            /// `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile; credentials from
            /// `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`, then the shared
            /// profile files (`AWS_PROFILE`).
            pub fn from_env() -> Result<Self, ::awsjson_runtime::ConfigError> {
                Ok(Self::new(::awsjson_runtime::Config::builder().build()?))
            }

            /// Starts a configuration: region, credentials, endpoint override, retries, timeouts,
            /// transport.
            pub fn config_builder() -> ::awsjson_runtime::ConfigBuilder {
                ::awsjson_runtime::Config::builder()
            }

            /// The configuration this client was made with.
            pub fn config(&self) -> &::awsjson_runtime::Config {
                self.inner.config()
            }

            #endpoint_doc
            pub fn endpoint(&self) -> &str {
                self.inner.endpoint()
            }

            /// The resolved endpoint (URL, headers, properties), or why there is none: then every
            /// call fails with [`SdkError::Configuration`](awsjson_runtime::SdkError::Configuration).
            pub fn resolved_endpoint(
                &self,
            ) -> Result<&::awsjson_runtime::endpoint::Endpoint, &::awsjson_runtime::endpoint::EndpointError> {
                self.inner.resolved_endpoint()
            }

            #(#methods)*
        }
    }
}

fn render_method(op: &OperationIr) -> TokenStream {
    let method = ident(&op.method);
    let input = item_path(&op.input.path);
    let output = item_path(&op.output.path);
    let module = ident(&op.module);
    let error = ident(&op.error_enum.name);
    let wire_name = &op.wire_name;
    let mut docs = format!("Calls `{wire_name}`.");
    if let Some(model_docs) = &op.docs {
        docs.push_str("\n\n");
        docs.push_str(model_docs);
    }
    let tokens: Vec<&str> = op
        .input
        .fields
        .iter()
        .filter(|f| f.idempotency_token)
        .map(|f| f.wire_name.as_str())
        .collect();
    if !tokens.is_empty() {
        docs.push_str(&format!(
            "\n\n`{}` is filled with a fresh UUID when left empty; retries of the call send the same value.",
            tokens.join("`, `")
        ));
    }
    docs.push_str(&errors_section(op, DocsScope::Elsewhere));
    let docs = doc_attrs(Some(&docs));
    let deprecated = super::deprecated_attr(op.deprecated.as_deref());
    let fill_tokens = op
        .input
        .fields
        .iter()
        .filter(|f| f.idempotency_token)
        .map(|f| {
            let field = ident(&f.rust_name);
            quote! {
                if input.#field.is_none() {
                    input.#field = Some(::awsjson_runtime::client::idempotency_token());
                }
            }
        });
    let call = match &op.host_prefix {
        None => quote!(self.inner.call(&OPERATION, &input).await),
        Some(prefix) => {
            let template = &prefix.template;
            let labels = prefix.labels.iter().map(|l| {
                let label = &l.label;
                let field = ident(&l.field);
                if l.optional {
                    quote!((#label, input.#field.as_deref().unwrap_or_default()))
                } else {
                    quote!((#label, input.#field.as_str()))
                }
            });
            quote! {
                let host_prefix = ::awsjson_runtime::client::HostPrefix {
                    template: #template,
                    labels: &[#(#labels),*],
                };
                self.inner
                    .call_with_host_prefix(&OPERATION, &input, host_prefix)
                    .await
            }
        }
    };
    let gzip_request = op.gzip_request;
    let has_tokens = !tokens.is_empty();
    let mut_kw = if has_tokens { quote!(mut) } else { quote!() };
    quote! {
        #docs
        #deprecated
        pub async fn #method(
            &self,
            #mut_kw input: #input,
        ) -> Result<#output, ::awsjson_runtime::SdkError<crate::operation::#module::#error>> {
            #(#fill_tokens)*
            const OPERATION: ::awsjson_runtime::client::OperationSpec =
                ::awsjson_runtime::client::OperationSpec {
                    name: #wire_name,
                    gzip_request: #gzip_request,
                };
            #call
        }
    }
}
