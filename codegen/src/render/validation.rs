//! `src/validation.rs` (behind the crate's `validation` feature): the model's patterns, compiled
//! once each on first use, and one `Validate` impl per input, structure and union with checks,
//! one line per constrained member, calling `awsjson_runtime::validation`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, item_path, rt};
use crate::ir::Ir;
use crate::validation::{Nested, Rule, ShapeChecks, ValueCheck};

/// The module, or `None` when nothing in the model has a check.
pub fn render_validation(ir: &Ir) -> Option<TokenStream> {
    let validation = &ir.validation;
    if validation.shapes.is_empty() {
        return None;
    }
    let rt = rt();
    let patterns = validation.patterns.iter().map(|p| {
        let model = &p.model;
        let regex = match &p.regex {
            Some(r) => quote!(Some(#r)),
            None => quote!(None),
        };
        let chars = match p.chars {
            Some((min, max)) => {
                let (min, max) = (Literal::u64_unsuffixed(min), bound(max));
                quote!(Some((#min, #max)))
            }
            None => quote!(None),
        };
        let single_line = p.single_line;
        match (&p.regex, p.chars) {
            (Some(r), None) if r == model => quote!(Pattern::regex(#model)),
            _ => quote!(Pattern::new(#model, #regex, #chars, #single_line)),
        }
    });
    let count = Literal::usize_unsuffixed(validation.patterns.len());
    let impls = validation.shapes.iter().map(validate_impl);
    let patterns_static = if validation.patterns.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            /// The model's patterns (sorted), as the generator lowered them to `regex` syntax.
            static P: [Pattern; #count] = [#(#patterns),*];
        }
    };
    let uses = if validation.patterns.is_empty() {
        quote!(use #rt::validation::{Rule, Validate, Violations};)
    } else {
        quote!(use #rt::validation::{Pattern, Rule, Validate, Violations};)
    };
    Some(quote! {
        //! Client-side validation of inputs against the model's constraint traits (crate feature
        //! `validation`, switched on per client with `ConfigBuilder::validate_inputs`).
        #uses
        #patterns_static
        #(#impls)*
    })
}

fn bound(max: u64) -> TokenStream {
    if max == u64::MAX {
        quote!(u64::MAX)
    } else {
        let lit = Literal::u64_unsuffixed(max);
        quote!(#lit)
    }
}

fn rules(rules: &[Rule]) -> TokenStream {
    let rules = rules.iter().map(|rule| match rule {
        Rule::Required => quote!(Rule::Required),
        Rule::Length(min, max) => {
            let (min, max) = (Literal::u64_unsuffixed(*min), bound(*max));
            quote!(Rule::Length(#min, #max))
        }
        Rule::RangeInt(min, max) => {
            let int = |v: i64| match v {
                i64::MIN => quote!(i64::MIN),
                i64::MAX => quote!(i64::MAX),
                v => {
                    let lit = Literal::i64_unsuffixed(v);
                    quote!(#lit)
                }
            };
            let (min, max) = (int(*min), int(*max));
            quote!(Rule::RangeInt(#min, #max))
        }
        Rule::RangeFloat(min, max) => {
            let float = |v: f64| {
                if v == f64::INFINITY {
                    quote!(f64::INFINITY)
                } else if v == f64::NEG_INFINITY {
                    quote!(f64::NEG_INFINITY)
                } else {
                    let lit = Literal::f64_unsuffixed(v);
                    quote!(#lit)
                }
            };
            let (min, max) = (float(*min), float(*max));
            quote!(Rule::RangeFloat(#min, #max))
        }
        Rule::Pattern(index) => {
            let index = Literal::usize_unsuffixed(*index);
            quote!(Rule::Pattern(&P[#index]))
        }
    });
    quote!(&[#(#rules),*])
}

/// Statements checking the value `expr` (a reference, never an `Option` unless `sparse` made it
/// one) at the current path.
fn nested_statements(expr: TokenStream, nested: &Nested) -> TokenStream {
    match nested {
        Nested::None => TokenStream::new(),
        Nested::Validate => quote!(#expr.validate(v);),
        Nested::List { sparse, element } => {
            let check = element_statements(*sparse, &element.rules, &element.nested);
            quote!(v.each(#expr, |v, e| { #check });)
        }
        Nested::Map { sparse, key, value } => {
            let key = rules(key);
            let check = element_statements(*sparse, &value.rules, &value.nested);
            quote!(v.entries(#expr, #key, |v, e| { #check });)
        }
    }
}

/// Checks of a list element or map value `e`.
fn element_statements(sparse: bool, element_rules: &[Rule], nested: &Nested) -> TokenStream {
    let check = if element_rules.is_empty() {
        TokenStream::new()
    } else {
        let element_rules = rules(element_rules);
        quote!(v.check(e, #element_rules);)
    };
    let inner = nested_statements(quote!(e), nested);
    if sparse && !inner.is_empty() {
        quote!(#check if let Some(e) = e { #inner })
    } else {
        quote!(#check #inner)
    }
}

fn validate_impl(shape: &ShapeChecks) -> TokenStream {
    let path = item_path(&shape.path);
    let body = if shape.is_union {
        let arms: Vec<_> = shape
            .members
            .iter()
            .map(|m| {
                let variant = ident(&m.rust_name);
                let statements = member_statements(&m.wire_name, quote!(value), &m.check);
                (quote!(Self::#variant(value)), statements)
            })
            .collect();
        match arms.as_slice() {
            [(pattern, statements)] => quote!(if let #pattern = self { #statements }),
            _ => {
                let arms = arms.iter().map(|(p, s)| quote!(#p => { #s }));
                quote! {
                    match self {
                        #(#arms)*
                        _ => {}
                    }
                }
            }
        }
    } else {
        let statements = shape.members.iter().map(|m| {
            let field = ident(&m.rust_name);
            let name = &m.wire_name;
            if m.optional && is_complex(&m.check.nested) {
                // Rules see the `Option` (for `Required`); nested checks need the value.
                let rules = (!m.check.rules.is_empty()).then(|| {
                    let r = rules(&m.check.rules);
                    quote!(v.member(#name, &self.#field, #r);)
                });
                let nested = nested_statements(quote!(value), &m.check.nested);

                quote! {
                    #rules
                    if let Some(value) = &self.#field {
                        v.at(#name, |v| { #nested });
                    }
                }
            } else {
                member_statements(name, quote!(&self.#field), &m.check)
            }
        });
        quote!(#(#statements)*)
    };
    quote! {
        impl Validate for #path {
            fn validate(&self, v: &mut Violations) {
                #body
            }
        }
    }
}

/// Whether the nested checks need a closure (not one runtime call).
fn is_complex(nested: &Nested) -> bool {
    match nested {
        Nested::None | Nested::Validate => false,
        Nested::List { element, .. } => element.nested != Nested::None,
        Nested::Map { .. } => true,
    }
}

/// Checks of member `name` whose value is `expr` (a reference).
fn member_statements(name: &str, expr: TokenStream, check: &ValueCheck) -> TokenStream {
    let rules_call = (!check.rules.is_empty()).then(|| {
        let r = rules(&check.rules);
        quote!(v.member(#name, #expr, #r);)
    });
    let nested = match &check.nested {
        Nested::None => None,
        Nested::Validate => Some(quote!(v.nested(#name, #expr);)),
        Nested::List { element, .. } if element.nested == Nested::None => {
            let r = rules(&element.rules);
            Some(quote!(v.elements(#name, #expr, #r);))
        }
        other => {
            let statements = nested_statements(quote!(#expr), other);
            Some(quote!(v.at(#name, |v| { #statements });))
        }
    };
    quote!(#rules_call #nested)
}
