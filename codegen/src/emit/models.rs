//! `models.rs` of a generation: the data structures (objects), shared by requests and responses.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{self, Doc};
use super::naming::ident;
use super::plan::{ModulePlan, StructPlan};
use super::structs::{self, Kind};
use crate::spec::Object;

/// The origin of documented objects; anything else names what a derived object came from.
const DOCUMENTED_ORIGIN: &str = "documented";

pub(crate) fn file(plan: &ModulePlan<'_>) -> TokenStream {
    let objects = plan
        .objects
        .iter()
        .zip(&plan.spec.objects)
        .map(|(object, spec)| item(object, spec));
    quote! {
        #(#objects)*
    }
}

fn item(plan: &StructPlan<'_>, object: &Object) -> TokenStream {
    let mut doc = Doc::new().text_or(
        &object.description,
        format!(
            "The {} data structure (the documentation gives no description).",
            docs::code(&object.name)
        ),
    );
    if object.origin != DOCUMENTED_ORIGIN {
        doc = doc.markdown(format!(
            "Not a documented data structure: named by tcgen for the nested members of {}.",
            docs::code(&object.origin)
        ));
    }
    let declaration = structs::declaration(plan, Kind::Object, &doc);
    let constructors = structs::constructors(plan, Kind::Object);
    let builder = structs::builder(plan, Kind::Object);
    let form = plan
        .writes_form
        .then(|| structs::form(plan, Kind::Object, None, None));
    let name = ident(&plan.name);
    quote! {
        #declaration
        #constructors
        #builder
        #form
        tcgen_runtime::impl_lenient_via_deserialize!(#name);
    }
}
