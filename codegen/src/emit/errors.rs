//! `errors.rs` of a generation: the `ErrorCode` enum of every documented code, with an
//! `Other(String)` fallback, and the generation's `Error` alias.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{self, Doc};
use super::naming::ident;
use super::plan::{ErrorVariant, ModulePlan, OTHER_VARIANT};

pub(crate) fn file(plan: &ModulePlan<'_>) -> TokenStream {
    let other = ident(OTHER_VARIANT);
    let variants = plan.error_codes.iter().map(variant_declaration);
    let as_str_arms = plan.error_codes.iter().map(|variant| {
        let name = ident(&variant.name);
        let code = &variant.code;
        quote!(Self::#name => #code,)
    });
    let description_arms = plan.error_codes.iter().map(|variant| {
        let name = ident(&variant.name);
        let description = plain_text(&variant.description);
        quote!(Self::#name => Some(#description),)
    });
    let from_code_arms = plan.error_codes.iter().map(|variant| {
        let name = ident(&variant.name);
        let code = &variant.code;
        quote!(#code => Self::#name,)
    });

    let enum_doc = Doc::new()
        .markdown(format!(
            "The error codes documented for this API generation (`{}`): the common codes and those of each action.",
            plan.spec.version
        ))
        .markdown(
            "A service error carries one of these in [`tcgen_runtime::ServiceError::code`]; a code the \
             documentation does not list arrives as [`ErrorCode::Other`]. `Display` shows the wire code.",
        )
        .outer();
    let other_doc = Doc::new()
        .markdown("A code the documentation does not list, exactly as the service sent it.")
        .markdown(
            "Never holds one of the documented codes above: those always map to their own variant.",
        )
        .outer();
    let as_str_doc = Doc::new()
        .markdown("The code as sent on the wire, e.g. `InvalidParameter`.")
        .outer();
    let description_doc = Doc::new()
        .markdown("The documentation's description of the code; `None` for [`ErrorCode::Other`].")
        .outer();
    let alias_doc = Doc::new()
        .markdown(
            "The error of every call in this generation, with service codes as [`ErrorCode`].",
        )
        .outer();

    quote! {
        #enum_doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            #(#variants)*
            #other_doc
            #other(String),
        }

        impl ErrorCode {
            #as_str_doc
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str_arms)*
                    Self::#other(code) => code,
                }
            }

            #description_doc
            pub fn description(&self) -> Option<&'static str> {
                match self {
                    #(#description_arms)*
                    Self::#other(_) => None,
                }
            }
        }

        impl tcgen_runtime::ErrorCode for ErrorCode {
            fn from_code(code: &str) -> Self {
                match code {
                    #(#from_code_arms)*
                    other => Self::#other(other.to_owned()),
                }
            }

            fn as_str(&self) -> &str {
                ErrorCode::as_str(self)
            }

            fn is_documented(&self) -> bool {
                !matches!(self, Self::#other(_))
            }
        }

        impl std::fmt::Display for ErrorCode {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #alias_doc
        pub type Error = tcgen_runtime::Error<ErrorCode>;
    }
}

fn variant_declaration(variant: &ErrorVariant) -> TokenStream {
    let name = ident(&variant.name);
    let mut doc = Doc::new().text_or(
        &variant.description,
        format!(
            "The {} error (the documentation gives no description).",
            docs::code(&variant.code)
        ),
    );
    let mut wire = format!("Wire code {}", docs::code(&variant.code));
    if variant.common {
        wire.push_str("; a common code that every action may return.");
    } else {
        let actions: Vec<String> = variant
            .actions
            .iter()
            .map(|action| docs::code(action))
            .collect();
        wire.push_str(&format!("; documented for {}.", actions.join(", ")));
    }
    doc = doc.markdown(wire);
    if let Some(renamed) = &variant.renamed {
        doc = doc.markdown(format!(
            "Named `{}` because `{}` is taken by {}.",
            variant.name, renamed.natural, renamed.holder
        ));
    }
    let doc = doc.outer();
    quote! {
        #doc
        #name,
    }
}

/// A description as a plain string: lines trimmed and joined, characters that are not text dropped.
fn plain_text(description: &str) -> String {
    docs::plain_lines(description).join("\n")
}
