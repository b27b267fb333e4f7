//! `requests.rs` of a generation: per action, the request type (with constructor, builder and
//! `tcgen_runtime::Request` impl) and the response type.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{self, Doc};
use super::naming::{self, ident};
use super::plan::{ActionPlan, ModulePlan, RustType};
use super::structs::{self, Kind};

pub(crate) fn file(plan: &ModulePlan<'_>) -> TokenStream {
    let mut used = BTreeSet::new();
    for action in &plan.actions {
        for field in action.request.fields.iter().chain(&action.response.fields) {
            collect_objects(&field.ty, &mut used);
        }
    }
    let imports = (!used.is_empty()).then(|| {
        let used = super::sorted_unique(used)
            .into_iter()
            .map(|name| ident(&name));
        quote!(use super::models::{#(#used),*};)
    });
    let actions = plan.actions.iter().map(action_items);
    quote! {
        #imports
        #(#actions)*
    }
}

/// The generated object types a field type mentions.
pub(crate) fn collect_objects(ty: &RustType, into: &mut BTreeSet<String>) {
    match ty {
        RustType::Object { name, .. } => {
            into.insert(name.clone());
        }
        RustType::List(inner) => collect_objects(inner, into),
        _ => {}
    }
}

fn action_items(plan: &ActionPlan<'_>) -> TokenStream {
    let action = plan.action;
    // Intra-doc links cannot name raw identifiers; such a method is only named.
    let method_link = if naming::is_keyword(&plan.method) {
        format!("`Client::r#{}`", plan.method)
    } else {
        format!("[`Client::{0}`](super::Client::{0})", plan.method)
    };
    let title = docs::first_line(&action.title);
    let titled = if title.is_empty() {
        String::new()
    } else {
        format!(" ({title})")
    };

    let request_doc = Doc::new().markdown(format!(
        "Parameters of {}{titled}, sent with {method_link}.",
        docs::code(&action.name)
    ));
    let request = structs::declaration(&plan.request, Kind::Request, &request_doc);
    let constructors = structs::constructors(&plan.request, Kind::Request);
    let builder = structs::builder(&plan.request, Kind::Request);
    let form = structs::form(
        &plan.request,
        Kind::Request,
        Some(&plan.response.name),
        Some(action),
    );

    let response_doc = Doc::new().markdown(format!(
        "Result of {}{titled}, returned by {method_link}.",
        docs::code(&action.name)
    ));
    let response = structs::declaration(&plan.response, Kind::Response, &response_doc);
    quote! {
        #request
        #constructors
        #builder
        #form
        #response
    }
}
