//! The client: one async method per operation, each a thin call into the runtime.

use proc_macro2::TokenStream;
use quote::quote;

use super::operation::{errors_section, DocsScope};
use super::{doc_attrs, ident};
use crate::ir::{Ir, OperationIr};

/// `src/client.rs`.
pub fn render_client(ir: &Ir) -> TokenStream {
    let s = &ir.service;
    let target_prefix = &s.target_prefix;
    let sdk_id = &s.sdk_id;
    let signing_name = &s.signing_name;
    let endpoint_template = &s.endpoint_template;
    let title = s.title.as_deref().unwrap_or(&s.sdk_id);
    let client_doc = format!(
        "Client for {title}. Cheap to clone: clones share configuration and connections.\n\n\
         Each operation has a method returning its builder: set the input's members, then \
         `.send().await`; [`Client::send`] takes an input built as a struct instead. A call is \
         one operation (awsJson1_0 over HTTPS, SigV4-signed, retried in standard mode) and \
         returns its output or an [`SdkError`](awsjson_runtime::SdkError) holding the \
         operation's error enum."
    );
    let client_doc = doc_attrs(Some(&client_doc));
    let query_compatible = s.query_compatible;
    let methods = ir.operations.iter().map(render_method);
    let task_helpers = crate::tasks::task_helpers(ir);
    let task_methods = task_helpers.iter().map(|h| render_task_helper(h, false));
    let waiter_methods = ir
        .waiters
        .iter()
        .map(|w| crate::waiters::render_waiter(w, false));
    let paginate = if ir.operations.iter().any(|op| op.paginated.is_some()) {
        quote! {
            /// Every page of a paginated operation, starting from `input` (see
            /// [`Paginator`](::awsjson_runtime::Paginator)).
            pub fn paginate<O>(&self, input: O) -> ::awsjson_runtime::Paginator<O>
            where
                O: crate::operation::OperationInput + ::awsjson_runtime::Paginated,
            {
                ::awsjson_runtime::Paginator::new(self.inner.clone(), input)
            }

            pub(crate) fn paginator<O>(
                &self,
                input: Result<O, ::awsjson_runtime::SdkError<O::Error>>,
            ) -> ::awsjson_runtime::Paginator<O>
            where
                O: crate::operation::OperationInput + ::awsjson_runtime::Paginated,
            {
                match input {
                    Ok(input) => ::awsjson_runtime::Paginator::new(self.inner.clone(), input),
                    Err(error) => ::awsjson_runtime::Paginator::failed(self.inner.clone(), error),
                }
            }
        }
    } else {
        TokenStream::new()
    };
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
            sdk_id: #sdk_id,
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
            /// profile files (`AWS_PROFILE`); endpoint from the service's `AWS_ENDPOINT_URL_<SERVICE>`
            /// or `AWS_ENDPOINT_URL` when set.
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

            /// Sends an operation's input built as a struct (with its `new` or a struct literal)
            /// instead of with the operation's builder.
            pub async fn send<O: crate::operation::OperationInput>(
                &self,
                input: O,
            ) -> Result<O::Output, ::awsjson_runtime::SdkError<O::Error>> {
                self.inner.send(input).await
            }

            #paginate

            #(#methods)*

            #(#task_methods)*
            #(#waiter_methods)*
        }
    }
}

/// The docs of an operation's client method (async and blocking alike).
fn method_docs(op: &OperationIr) -> String {
    let wire_name = &op.wire_name;
    let builder = format!("{}Builder", op.rust_name);
    let builder_link = if op.module.starts_with("r#") {
        format!("`{builder}`")
    } else {
        format!("[`{builder}`](crate::operation::{}::{builder})", op.module)
    };
    let mut docs = format!(
        "Calls `{wire_name}`: returns a {builder_link} to set the input's members on, then \
         `.send()`."
    );
    if let Some(model_docs) = &op.docs {
        docs.push_str("\n\n");
        docs.push_str(model_docs);
    }
    let required: Vec<String> = op
        .input
        .fields
        .iter()
        .filter(|f| !f.optional && f.default.is_none())
        .map(|f| format!("`{}`", f.wire_name))
        .collect();
    if !required.is_empty() {
        docs.push_str(&format!(
            "\n\nRequired members: {}; `send` fails without them, before anything is sent.",
            required.join(", ")
        ));
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
    if let Some(p) = &op.paginated {
        docs.push_str(&format!(
            "\n\n# Pagination\n\n`.into_paginator()` fetches every page, passing each page's \
             `{}` as the next request's `{}`",
            p.output_token, p.input_token
        ));
        if let Some(items) = &p.items {
            docs.push_str(&format!(
                "; `.items()` on it yields the `{items}` of every page"
            ));
        }
        docs.push('.');
    }
    docs.push_str(&errors_section(op, DocsScope::Elsewhere));
    docs
}

/// The operation's method: a builder bound to this client.
fn render_method(op: &OperationIr) -> TokenStream {
    let method = ident(&op.method);
    let module = ident(&op.module);
    let builder = ident(&format!("{}Builder", op.rust_name));
    let docs = doc_attrs(Some(&method_docs(op)));
    let deprecated = super::deprecated_attr(op.deprecated.as_deref());
    quote! {
        #docs
        #deprecated
        pub fn #method(&self) -> crate::operation::#module::#builder<Client> {
            crate::operation::#module::#builder::new(self.clone())
        }
    }
}

/// `src/blocking.rs` (feature `blocking`): the same operations without `async`.
pub fn render_blocking(ir: &Ir) -> TokenStream {
    let task_helpers = crate::tasks::task_helpers(ir);
    let task_methods = task_helpers.iter().map(|h| render_task_helper(h, true));
    let waiter_methods = ir
        .waiters
        .iter()
        .map(|w| crate::waiters::render_waiter(w, true));
    let methods = ir.operations.iter().map(|op| {
        let method = ident(&op.method);
        let module = ident(&op.module);
        let builder = ident(&format!("{}Builder", op.rust_name));
        let async_method = if op.method.starts_with("r#") {
            format!("`crate::Client::{}`", op.method)
        } else {
            format!("[`crate::Client::{}`]", op.method)
        };
        let docs = doc_attrs(Some(&format!(
            "Calls `{}`: returns its builder, whose `.send()` blocks. Required members, errors \
             and pagination are as for {async_method}.",
            op.wire_name,
        )));
        let deprecated = super::deprecated_attr(op.deprecated.as_deref());
        quote! {
            #docs
            #deprecated
            pub fn #method(&self) -> crate::operation::#module::#builder<Client> {
                crate::operation::#module::#builder::new(self.clone())
            }
        }
    });
    let paginate = if ir.operations.iter().any(|op| op.paginated.is_some()) {
        quote! {
            /// Every page of a paginated operation, starting from `input`, as an iterator.
            pub fn paginate<O>(&self, input: O) -> ::awsjson_runtime::blocking::BlockingPaginator<O>
            where
                O: crate::operation::OperationInput + ::awsjson_runtime::Paginated,
            {
                self.paginator(Ok(input))
            }

            pub(crate) fn paginator<O>(
                &self,
                input: Result<O, ::awsjson_runtime::SdkError<O::Error>>,
            ) -> ::awsjson_runtime::blocking::BlockingPaginator<O>
            where
                O: crate::operation::OperationInput + ::awsjson_runtime::Paginated,
            {
                ::awsjson_runtime::blocking::BlockingPaginator::new(
                    self.runtime.clone(),
                    self.inner.paginator(input),
                )
            }
        }
    } else {
        TokenStream::new()
    };
    quote! {
        //! A blocking client (feature `blocking`): the same operations and builders as
        //! [`crate::Client`], with `send()` returning the result instead of a future, and
        //! paginators as iterators. Each call runs on a current-thread tokio runtime the client
        //! owns, so no async runtime is needed; calling it from inside one is refused with
        //! [`SdkError::Configuration`](awsjson_runtime::SdkError::Configuration).

        /// Blocking client. Cheap to clone: clones share configuration, connections and the
        /// runtime calls run on.
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: crate::Client,
            runtime: ::awsjson_runtime::blocking::BlockingRuntime,
        }

        // `SdkError` is as large as the async API's; see the builders' `send`.
        #[allow(clippy::result_large_err)]
        impl Client {
            /// A client with a finished configuration (see [`crate::Client::config_builder`]).
            pub fn new(config: ::awsjson_runtime::Config) -> Result<Self, ::awsjson_runtime::ConfigError> {
                Self::from_async(crate::Client::new(config))
            }

            /// A client configured from the environment, as [`crate::Client::from_env`].
            pub fn from_env() -> Result<Self, ::awsjson_runtime::ConfigError> {
                Self::from_async(crate::Client::from_env()?)
            }

            /// Wraps an async client (sharing its configuration and connections).
            pub fn from_async(client: crate::Client) -> Result<Self, ::awsjson_runtime::ConfigError> {
                Ok(Self {
                    inner: client,
                    runtime: ::awsjson_runtime::blocking::BlockingRuntime::new()?,
                })
            }

            /// The async client this one wraps.
            pub fn as_async(&self) -> &crate::Client {
                &self.inner
            }

            /// Sends an operation's input built as a struct, and waits for the answer.
            pub fn send<O: crate::operation::OperationInput>(
                &self,
                input: O,
            ) -> Result<O::Output, ::awsjson_runtime::SdkError<O::Error>> {
                self.runtime.run(O::SPEC.name, self.inner.send(input))
            }

            #paginate

            #(#methods)*

            #(#task_methods)*
            #(#waiter_methods)*
        }
    }
}

/// `wait_for_{x}_task`: polls the listing operation until the task has ended.
/// With `blocking`, the blocking client's method: the same parameters, run on its runtime.
fn render_task_helper(h: &crate::tasks::TaskHelper, blocking: bool) -> TokenStream {
    let method = ident(&h.method);
    let module = ident(&h.list_module);
    let input = ident(h.list_input.name());
    let error = ident(&h.list_error);
    let summary = super::item_path(&h.summary);
    let params = h.params.iter().map(|f| {
        let name = ident(&f.rust_name);
        if f.ty == crate::ir::RustType::String {
            quote!(#name: impl Into<String>,)
        } else {
            let ty = super::rust_type(&f.ty);
            quote!(#name: #ty,)
        }
    });
    let sets = h.params.iter().map(|f| {
        let name = ident(&f.rust_name);
        if f.ty == crate::ir::RustType::String {
            quote!(#name: #name.into(),)
        } else {
            quote!(#name,)
        }
    });
    let filter = ident(&h.id_filter.rust_name);
    let filter_value = if h.id_filter.optional {
        quote!(Some(vec![task_id.clone()]))
    } else {
        quote!(vec![task_id.clone()])
    };
    let items = ident(&h.items.rust_name);
    let items_expr = if h.items.optional {
        quote!(output.#items.unwrap_or_default())
    } else {
        quote!(output.#items)
    };
    let id = ident(&h.summary_id.rust_name);
    let id_matches = if h.summary_id.optional {
        quote!(t.#id.as_deref() == Some(task_id.as_str()))
    } else {
        quote!(t.#id == task_id)
    };
    let status = ident(&h.summary_status.rust_name);
    let status_expr = if h.summary_status.optional {
        quote!(t.#status.as_ref().map(|s| s.as_str().to_string()))
    } else {
        quote!(Some(t.#status.as_str().to_string()))
    };
    let running = &h.running;
    let start = &h.start_operation;
    let list = &h.list_operation;
    let doc = format!(
        "Waits until a `{start}` task has ended: polls `{list}` for `task_id` (backing off as \
         `wait` says) until the task's `{status_wire}` is no longer {running_list}, and returns \
         its last summary (whatever the final status: check it for failure).\n\n\
         A task not listed yet, or without a status, counts as running.\n\n\
         # Errors\n\n\
         [`TaskWaitError::Sdk`](awsjson_runtime::task::TaskWaitError::Sdk) when a poll fails; \
         [`TaskWaitError::TimedOut`](awsjson_runtime::task::TaskWaitError::TimedOut), with the \
         last status, when `wait.timeout` passes first.",
        status_wire = h.summary_status.wire_name,
        running_list = h
            .running
            .iter()
            .map(|r| format!("`{r}`"))
            .collect::<Vec<_>>()
            .join(" or "),
    );
    let doc = doc_attrs(Some(&doc));
    let result = quote! {
        Result<#summary, ::awsjson_runtime::task::TaskWaitError<crate::operation::#module::#error>>
    };
    if blocking {
        let args = h.params.iter().map(|f| ident(&f.rust_name));
        return quote! {
            #doc
            pub fn #method(
                &self,
                #(#params)*
                task_id: impl Into<String>,
                wait: &::awsjson_runtime::task::TaskWait,
            ) -> #result {
                self.runtime.run_task_wait(#start, self.inner.#method(#(#args,)* task_id, wait))
            }
        };
    }
    quote! {
        #doc
        pub async fn #method(
            &self,
            #(#params)*
            task_id: impl Into<String>,
            wait: &::awsjson_runtime::task::TaskWait,
        ) -> #result {
            let task_id = task_id.into();
            let input = crate::operation::#module::#input {
                #(#sets)*
                #filter: #filter_value,
                ..Default::default()
            };
            ::awsjson_runtime::task::wait_for_task(wait, #start, &task_id, || {
                let input = input.clone();
                let task_id = &task_id;
                async move {
                    let output = self.send(input).await?;
                    Ok(#items_expr
                        .into_iter()
                        .find(|t| #id_matches)
                        .map(|t| {
                            let status = #status_expr;
                            let running = status.as_deref().is_none_or(|s| [#(#running),*].contains(&s));
                            (t, status, running)
                        }))
                }
            })
            .await
        }
    }
}
