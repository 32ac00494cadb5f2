//! The crate's skeleton: `lib.rs`, the module files that hold the rendered items, and `Cargo.toml`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{
    codec_imports, enumeration::render_enum, error::render_error, ident, inner_doc_attrs,
    serde_impls, structure::render_structure, union::render_union,
};
use crate::ir::Ir;

/// What the generated crate is called and how it finds the runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateConfig {
    /// Cargo package name, e.g. `partnercentral-selling-sdk`.
    pub package_name: String,
    /// Package version.
    pub version: String,
    /// The runtime dependency as a TOML value, e.g. `{ path = "../runtime" }`.
    pub runtime_dependency: String,
}

/// A quick-start example for the crate docs: the first paginated operation (else the first
/// operation) whose required members are all strings, called through its builder.
fn quick_start(ir: &Ir, crate_name: &str) -> Option<String> {
    let all_strings = |op: &&crate::ir::OperationIr| {
        op.input
            .fields
            .iter()
            .filter(|f| !f.optional && f.default.is_none())
            .all(|f| f.ty == crate::ir::RustType::String)
    };
    let op = ir
        .operations
        .iter()
        .filter(all_strings)
        .find(|op| op.paginated.is_some())
        .or_else(|| ir.operations.iter().find(all_strings))?;
    if op.method.starts_with("r#") {
        return None;
    }
    let setters: String = op
        .input
        .fields
        .iter()
        .filter(|f| !f.optional && f.default.is_none())
        .filter_map(|f| op.setters.iter().find(|s| s.field == f.rust_name))
        .map(|s| format!(".{}(\"...\")", s.name))
        .collect();
    let call = format!("client.{}(){setters}", op.method);
    let mut example = format!(
        "# Quick start\n\n\
         ```no_run\n\
         use {crate_name}::Client;\n\n\
         # async fn example() -> Result<(), Box<dyn std::error::Error>> {{\n\
         // Region and credentials as the AWS CLI finds them (environment, then profiles).\n\
         let client = Client::from_env()?;\n\
         let output = {call}.send().await?;\n\
         println!(\"{{output:?}}\");\n"
    );
    if op.paginated.is_some() {
        example.push_str(&format!(
            "\n// Every page, one request at a time.\n\
             let mut pages = {call}.into_paginator();\n\
             while let Some(page) = pages.next_page().await {{\n    \
             println!(\"{{:?}}\", page?);\n\
             }}\n"
        ));
    }
    example.push_str(
        "# Ok(())\n# }\n```\n\n[`Client::config_builder`] sets region, credentials, endpoint, retries and \
         timeouts; every call fails with an [`SdkError`] holding the operation's error enum.\n",
    );
    Some(example)
}

/// `src/lib.rs`.
pub fn render_lib(ir: &Ir, config: &CrateConfig) -> TokenStream {
    let s = &ir.service;
    let mut docs = format!("# {}\n", s.title.as_deref().unwrap_or(&s.sdk_id));
    if let Some(service_docs) = &s.docs {
        docs.push('\n');
        docs.push_str(service_docs);
        docs.push('\n');
    }
    if let Some(example) = quick_start(ir, &config.package_name.replace('-', "_")) {
        docs.push('\n');
        docs.push_str(&example);
    }
    docs.push_str(&format!(
        "\nGenerated from the Smithy model of `{}` (API version `{}`, protocol awsJson1_0).\n\n\
         - [`Client`]: one async method per operation.\n\
         - [`types`]: the structures, enums and unions of the model.\n\
         - [`operation`]: one module per operation with its input, output and error enum.\n\
         - [`error`]: the errors the service declares.",
        s.shape_id, s.version
    ));
    let endpoint_mod = if s.endpoint_rules.is_some() {
        docs.push_str(
            "\n- [`endpoint`]: the service's endpoint rules compiled to Rust \
             ([`endpoint::resolve_endpoint`]).",
        );
        quote! {
            #[rustfmt::skip]
            pub mod endpoint;
        }
    } else {
        TokenStream::new()
    };
    let smoke_mod = if s.has_smoke_tests {
        docs.push_str(
            "\n- `smoke_tests` (feature `smoke-tests`): the model's smoke tests, runnable against \
             any endpoint.",
        );
        quote! {
            #[cfg(feature = "smoke-tests")]
            #[rustfmt::skip]
            pub mod smoke_tests;
        }
    } else {
        TokenStream::new()
    };
    if !ir.waiters.is_empty() || !ir.skipped_waiters.is_empty() {
        let names: Vec<String> = ir
            .waiters
            .iter()
            .map(|w| format!("[`Client::{}`]", w.method))
            .collect();
        docs.push_str(&format!(
            "\n- Waiters (`smithy.waiters#waitable`), also on the blocking client: {}.",
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        ));
        for skipped in &ir.skipped_waiters {
            docs.push_str(&format!(
                "\n  Not generated: `{}` of `{}`, whose {}.",
                skipped.name,
                skipped.operation,
                // The path is quoted with `'` (it may hold backticks), and markdown syntax in it
                // is escaped so rustdoc shows it as written.
                skipped
                    .reason
                    .replace('`', "'")
                    .replace('[', "\\[")
                    .replace(']', "\\]")
                    .replace('<', "\\<")
                    .replace('>', "\\>")
                    .replace('*', "\\*")
            ));
        }
    }
    docs.push_str(
        "\n- `blocking` (feature `blocking`): a client whose calls block instead of returning \
         futures.\n\nWith the `serde` feature every public type also implements `serde`'s \
         `Serialize` and `Deserialize`, in the service's JSON form.",
    );
    let validation_mod = if ir.validation.shapes.is_empty() {
        TokenStream::new()
    } else {
        docs.push_str(
            "\n\nWith the `validation` feature, `Config::builder().validate_inputs(true)` checks \
             each input against the model's `@required`, `@length`, `@range` and `@pattern` \
             before sending it, and fails with `SdkError::Validation` listing every violating \
             member.",
        );
        quote! {
            #[cfg(feature = "validation")]
            #[rustfmt::skip]
            mod validation;
        }
    };
    let docs = inner_doc_attrs(&docs);
    quote! {
        #docs
        #![forbid(unsafe_code)]

        #[cfg(feature = "blocking")]
        #[rustfmt::skip]
        pub mod blocking;

        // The modules are formatted by the generator (prettyplease); `cargo fmt` leaves them as
        // they are so that the drift check and `cargo fmt --check` agree.
        #[rustfmt::skip]
        mod client;
        #endpoint_mod
        #[rustfmt::skip]
        pub mod error;
        #[rustfmt::skip]
        pub mod operation;
        #smoke_mod
        #[rustfmt::skip]
        pub mod types;
        #validation_mod

        // In the order and widths rustfmt keeps, so `cargo fmt --check` passes on this file.
        pub use ::awsjson_runtime::{BigDecimal, BigInteger, Blob, DateTime, Document};
        pub use ::awsjson_runtime::{Config, ConfigBuilder, ConfigError, SdkError};
        pub use client::Client;
    }
}

/// `src/types/mod.rs`: module docs and the re-exports of the per-kind files.
pub fn render_types_mod(ir: &Ir) -> TokenStream {
    let mut mods = Vec::new();
    if !ir.structures.is_empty() {
        mods.push(quote! { mod structures; pub use structures::*; });
    }
    if !ir.enums.is_empty() {
        mods.push(quote! { mod enums; pub use enums::*; });
    }
    if !ir.unions.is_empty() {
        mods.push(quote! { mod unions; pub use unions::*; });
    }
    quote! {
        //! The structures, enums and unions of the model.
        #(#mods)*
    }
}

/// `src/types/structures.rs`.
pub fn render_structures(ir: &Ir) -> TokenStream {
    let items = ir.structures.iter().map(render_structure);
    let serde = serde_impls(ir.structures.iter().map(|s| s.path.name()));
    quote! {
        //! Structures of the model.
        #(#items)*
        #serde
    }
}

/// `src/types/enums.rs`.
pub fn render_enums(ir: &Ir) -> TokenStream {
    let items = ir.enums.iter().map(render_enum);
    let serde = serde_impls(ir.enums.iter().map(|s| s.path.name()));
    quote! {
        //! Enums of the model.
        #(#items)*
        #serde
    }
}

/// `src/types/unions.rs`.
pub fn render_unions(ir: &Ir) -> TokenStream {
    let items = ir.unions.iter().map(render_union);
    let serde = serde_impls(ir.unions.iter().map(|s| s.path.name()));
    let imports = codec_imports();
    quote! {
        //! Unions of the model.
        #imports
        #(#items)*
        #serde
    }
}

/// `src/error.rs`.
pub fn render_errors(ir: &Ir) -> TokenStream {
    let items = ir.errors.iter().map(render_error);
    let serde = serde_impls(ir.errors.iter().map(|s| s.path.name()));
    quote! {
        //! The errors the service declares.
        #(#items)*
        #serde
    }
}

/// `src/operation/mod.rs`.
pub fn render_operation_mod(ir: &Ir) -> TokenStream {
    let mods = ir.operations.iter().map(|op| {
        let module = ident(&op.module);
        quote!(pub mod #module;)
    });
    quote! {
        //! One module per operation: its input, the input's builder, its output and its error
        //! enum.
        #(#mods)*

        /// The input of one of this service's operations: what [`Client::send`](crate::Client::send)
        /// accepts. Implemented by the generated inputs only.
        pub trait OperationInput: ::awsjson_runtime::Operation + sealed::Sealed {}

        pub(crate) mod sealed {
            /// Keeps [`OperationInput`](super::OperationInput) to this crate's inputs.
            pub trait Sealed {}
        }
    }
}

/// `Cargo.toml` of the generated crate (TOML, not Rust, so it is written as text).
pub fn render_cargo_toml(ir: &Ir, config: &CrateConfig) -> String {
    let description = format!(
        "Rust SDK for {} (generated from its Smithy model)",
        ir.service.title.as_deref().unwrap_or(&ir.service.sdk_id)
    );
    format!(
        "# @generated by the awsJson1_0 SDK generator (`cargo xtask codegen`). Do not edit by hand.\n\
         [package]\n\
         name = {name}\n\
         version = {version}\n\
         edition = \"2021\"\n\
         description = {description}\n\
         license = \"Apache-2.0\"\n\
         publish = false\n\
         \n\
         [dependencies]\n\
         awsjson-runtime = {runtime}\n{features}",
        name = toml_string(&config.package_name),
        version = toml_string(&config.version),
        description = toml_string(&description),
        runtime = runtime_dependency(ir, config),
        features = features(ir),
    )
}

/// The crate's features.
fn features(ir: &Ir) -> String {
    let mut out = String::from(
        "\n[features]\n\
         # `blocking::Client`: calls that block instead of returning futures.\n\
         blocking = [\"awsjson-runtime/blocking\"]\n\
         # `serde::Serialize` and `serde::Deserialize` on every public type, in the wire form.\n\
         serde = []\n\
         # Client-side validation of inputs (`ConfigBuilder::validate_inputs`).\n\
         validation = [\"awsjson-runtime/validation\"]\n",
    );
    if ir.service.has_smoke_tests {
        out.push_str("# The model's smoke tests as the `smoke_tests` module.\nsmoke-tests = []\n");
    }
    out
}

/// The runtime dependency, with the `request-compression` feature when an operation has
/// `@requestCompression` (the configured value is an inline table; the feature goes inside it).
fn runtime_dependency(ir: &Ir, config: &CrateConfig) -> String {
    let dependency = config.runtime_dependency.trim();
    if !ir.operations.iter().any(|op| op.gzip_request) {
        return dependency.to_string();
    }
    match dependency.strip_suffix('}') {
        Some(table) => format!(
            "{}, features = [\"request-compression\"] }}",
            table.trim_end().trim_end_matches(',')
        ),
        None => dependency.to_string(),
    }
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
