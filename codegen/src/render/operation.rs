//! Operations: one module per operation holding its synthesized input and output structures.

use proc_macro2::TokenStream;
use quote::quote;

use super::{codec_imports, inner_doc_attrs, structure::render_structure};
use crate::ir::{OperationIr, Structure};

/// The whole file of one operation module.
pub fn render_operation(op: &OperationIr) -> TokenStream {
    let docs = inner_doc_attrs(&module_docs(op));
    let input = render_structure(&with_io_docs(&op.input, op, "input"));
    let output = render_structure(&with_io_docs(&op.output, op, "output"));
    let imports = codec_imports();
    quote! {
        #docs
        #imports
        #input
        #output
    }
}

fn module_docs(op: &OperationIr) -> String {
    let mut docs = format!("The `{}` operation.", op.wire_name);
    if let Some(model_docs) = &op.docs {
        docs.push_str("\n\n");
        docs.push_str(model_docs);
    }
    if let Some(note) = &op.deprecated {
        docs.push_str("\n\n**Deprecated.** ");
        docs.push_str(note);
    }
    if !op.errors.is_empty() {
        docs.push_str("\n\n# Errors\n\nThe service may answer with:\n");
        for e in &op.errors {
            docs.push_str(&format!("\n- [`{0}`](crate::error::{0})", e.name()));
        }
    }
    if let Some(p) = &op.paginated {
        docs.push_str(&format!(
            "\n\n# Pagination\n\nPaginated: the input member `{}` takes the output member `{}` of the previous page",
            p.input_token, p.output_token
        ));
        if let Some(size) = &p.page_size {
            docs.push_str(&format!("; `{size}` sets the page size"));
        }
        if let Some(items) = &p.items {
            docs.push_str(&format!("; the items are in `{items}`"));
        }
        docs.push('.');
    }
    docs
}

fn with_io_docs(s: &Structure, op: &OperationIr, what: &str) -> Structure {
    let mut s = s.clone();
    let mut docs = format!("The {what} of the `{}` operation.", op.wire_name);
    if let Some(model_docs) = &s.docs {
        docs.push_str("\n\n");
        docs.push_str(model_docs);
    }
    s.docs = Some(docs);
    s
}
