//! `dynamic.rs` of a generation: the actions by wire name, for tools that take calls as data
//! (command-line tools, replayers of recorded calls, the example-replay tests).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::Doc;
use super::naming::ident;
use super::plan::{ModulePlan, RustType, StructPlan};

/// The `tcgen_runtime::strict::Kind` a member of `ty` holds (its elements', for a list);
/// `count` marks an action's numeric string.
fn kind(ty: &RustType, count: bool) -> TokenStream {
    match ty {
        RustType::Object { name, .. } => quote!(tcgen_runtime::strict::Kind::Object(#name)),
        RustType::List(inner) => kind(inner, count),
        RustType::String if count => quote!(tcgen_runtime::strict::Kind::Count),
        RustType::String => quote!(tcgen_runtime::strict::Kind::Text),
        RustType::I64 | RustType::U64 => quote!(tcgen_runtime::strict::Kind::Integer),
        RustType::F64 => quote!(tcgen_runtime::strict::Kind::Float),
        RustType::Bool => quote!(tcgen_runtime::strict::Kind::Boolean),
        RustType::Json => quote!(tcgen_runtime::strict::Kind::Json),
    }
}

/// `&[("Wire", Kind::Text), ...]`: the members a strict check allows in `plan`, and what each
/// holds; `numeric` names the action's numeric strings (none for an object).
fn member_table(plan: &StructPlan<'_>, numeric: &[String]) -> TokenStream {
    let rows = plan.fields.iter().map(|field| {
        let wire = field.member.name.as_str();
        let kind = kind(&field.ty, numeric.contains(&field.member.name));
        quote! { (#wire, #kind) }
    });
    quote! { &[#(#rows),*] }
}

pub(crate) fn file(plan: &ModulePlan<'_>) -> TokenStream {
    let module_doc = Doc::new()
        .markdown(
            "The actions of this generation by wire name, for tools that take calls as data \
             (command-line tools, replayers of recorded calls). Each function goes through the \
             typed request or response of the action, so it checks and normalises exactly as the \
             typed API does.",
        )
        .inner();
    let mut names: Vec<(&str, String, String)> = plan
        .actions
        .iter()
        .map(|a| {
            (
                a.action.name.as_str(),
                a.request.name.clone(),
                a.response.name.clone(),
            )
        })
        .collect();
    names.sort();
    let wire: Vec<&str> = names.iter().map(|(w, _, _)| *w).collect();
    let visit_arms = names.iter().map(|(w, req, _)| {
        let req = ident(req);
        quote! {
            #w => serde_json::from_value::<super::#req>(input).map(|r| visitor.visit(&r)),
        }
    });
    // Objects a request can hold, sorted by name for the binary search of the strict check.
    let mut sent_objects: Vec<&StructPlan<'_>> =
        plan.objects.iter().filter(|o| o.writes_form).collect();
    sent_objects.sort_by(|a, b| a.name.cmp(&b.name));
    let object_rows = sent_objects.iter().map(|object| {
        let name = object.name.as_str();
        let table = member_table(object, &[]);
        quote! { (#name, #table), }
    });
    let mut requests: Vec<(&str, TokenStream)> = plan
        .actions
        .iter()
        .map(|a| {
            (
                a.action.name.as_str(),
                member_table(&a.request, &a.action.numeric_strings),
            )
        })
        .collect();
    requests.sort_by(|a, b| a.0.cmp(b.0));
    let member_arms = requests.iter().map(|(wire, table)| {
        quote! { #wire => #table, }
    });
    let response_arms = names.iter().map(|(w, _, resp)| {
        let resp = ident(resp);
        quote! {
            #w => serde_json::from_value::<super::#resp>(output).and_then(|r| serde_json::to_value(&r)),
        }
    });
    let actions_doc = Doc::new()
        .markdown("The wire names of every action of this generation, sorted.")
        .outer();
    let visit_doc = Doc::new()
        .markdown(
            "Reads `input` (the request's members as JSON, by wire name) into the typed request of \
             `action` and hands it to `visitor`: a \
             [`tcgen_runtime::request::FormParams`] gives the form parameters it would send, a \
             [`tcgen_runtime::request::JsonBody`] its TC3 JSON body.",
        )
        .markdown("`None` when this generation has no action of that name.")
        .markdown(
            "Unlike the typed request's lenient decoding, members the request does not have are \
             rejected at any depth, so that a misspelt member fails instead of vanishing, and so \
             is a value of the wrong kind (a boolean or number for a text member, text that is \
             no number for a numeric one), named with its path and the action.",
        )
        .markdown(
            "# Errors\n\nThe JSON error when `input` does not fit the request type (an unknown \
             member or a value of the wrong kind, named with its path and the action; a missing \
             required member).",
        )
        .outer();
    let form_doc = Doc::new()
        .markdown(
            "The form parameters the request of `action` read from `input` would send: the \
             `.N`-flattened pairs, without the common parameters \
             ([`visit_request_from_json`] with [`tcgen_runtime::request::FormParams`]).",
        )
        .markdown("`None` when this generation has no action of that name.")
        .markdown(
            "# Errors\n\nAs [`visit_request_from_json`]: `input` does not fit the request type.",
        )
        .outer();
    let response_doc = Doc::new()
        .markdown(
            "Decodes `output` (what the envelope holds) as the typed response of `action` and \
             encodes it again: what a caller of the typed API sees of that response.",
        )
        .markdown("`None` when this generation has no action of that name.")
        .markdown(
            "# Errors\n\nThe JSON error when `output` cannot be decoded as the response type.",
        )
        .outer();
    let fluent = super::fluent::dynamic_items(plan);
    quote! {
        #module_doc

        #actions_doc
        pub const ACTIONS: &[&str] = &[#(#wire),*];

        /// The members of the objects a request can hold, by object name (sorted).
        const OBJECT_MEMBERS: tcgen_runtime::strict::Objects = &[#(#object_rows)*];

        /// The members of the request of `action`; `None` when there is no such action.
        fn request_members(action: &str) -> Option<tcgen_runtime::strict::Members> {
            Some(match action {
                #(#member_arms)*
                _ => return None,
            })
        }

        #visit_doc
        pub fn visit_request_from_json<V: tcgen_runtime::RequestVisitor>(
            action: &str,
            input: serde_json::Value,
            visitor: V,
        ) -> Option<Result<V::Output, serde_json::Error>> {
            let members = request_members(action)?;
            if let Err(err) =
                tcgen_runtime::strict::check_members(action, &input, members, OBJECT_MEMBERS)
            {
                return Some(Err(err));
            }
            Some(match action {
                #(#visit_arms)*
                _ => return None,
            })
        }

        #form_doc
        pub fn form_params_from_json(
            action: &str,
            input: serde_json::Value,
        ) -> Option<Result<Vec<(String, String)>, serde_json::Error>> {
            visit_request_from_json(action, input, tcgen_runtime::request::FormParams)
        }

        #response_doc
        pub fn reencode_response_json(
            action: &str,
            output: serde_json::Value,
        ) -> Option<Result<serde_json::Value, serde_json::Error>> {
            Some(match action {
                #(#response_arms)*
                _ => return None,
            })
        }

        #fluent
    }
}
