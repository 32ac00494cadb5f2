//! The crate's skeleton: `lib.rs`, the module files that hold the rendered items, and `Cargo.toml`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{
    codec_imports, enumeration::render_enum, error::render_error, ident, inner_doc_attrs,
    structure::render_structure, union::render_union,
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

/// `src/lib.rs`.
pub fn render_lib(ir: &Ir) -> TokenStream {
    let s = &ir.service;
    let mut docs = format!("# {}\n", s.title.as_deref().unwrap_or(&s.sdk_id));
    if let Some(service_docs) = &s.docs {
        docs.push('\n');
        docs.push_str(service_docs);
        docs.push('\n');
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
    let docs = inner_doc_attrs(&docs);
    quote! {
        #docs
        #![forbid(unsafe_code)]

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
    let imports = codec_imports();
    quote! {
        //! Structures of the model.
        #imports
        #(#items)*
    }
}

/// `src/types/enums.rs`.
pub fn render_enums(ir: &Ir) -> TokenStream {
    let items = ir.enums.iter().map(render_enum);
    let imports = codec_imports();
    quote! {
        //! Enums of the model.
        #imports
        #(#items)*
    }
}

/// `src/types/unions.rs`.
pub fn render_unions(ir: &Ir) -> TokenStream {
    let items = ir.unions.iter().map(render_union);
    let imports = codec_imports();
    quote! {
        //! Unions of the model.
        #imports
        #(#items)*
    }
}

/// `src/error.rs`.
pub fn render_errors(ir: &Ir) -> TokenStream {
    let items = ir.errors.iter().map(render_error);
    let imports = if ir.errors.is_empty() {
        TokenStream::new()
    } else {
        codec_imports()
    };
    quote! {
        //! The errors the service declares.
        #imports
        #(#items)*
    }
}

/// `src/operation/mod.rs`.
pub fn render_operation_mod(ir: &Ir) -> TokenStream {
    let mods = ir.operations.iter().map(|op| {
        let module = ident(&op.module);
        quote!(pub mod #module;)
    });
    quote! {
        //! One module per operation, with its input and output.
        #(#mods)*
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
        features = if ir.service.has_smoke_tests {
            "\n[features]\n# The model's smoke tests as the `smoke_tests` module.\nsmoke-tests = []\n"
        } else {
            ""
        },
    )
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
