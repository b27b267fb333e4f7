//! `filters.rs` of a generation: per action whose `Filters` member documents its filters (the
//! spec's `filters`), a typed filter: one constructor per documented name, taking a value of the
//! documented type and making the wire `Filter {Name, Values}`.
//!
//! `DescribeVpcsFilter::vpc_name("x")` sends `Filters.0.Name=vpc-name`,
//! `Filters.0.Values.0=x`; `::is_default(true)` sends `true`. A name the docs template with a
//! placeholder (`tag:tag-key`) gets no constructor; the untyped filter object covers it.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{self, Doc};
use super::naming::{self, ident};
use super::plan::{ActionPlan, ModulePlan, RustType};
use crate::spec::{FilterSpec, FilterType};

/// The typed filter type of an action.
pub(crate) fn type_name(action: &ActionPlan<'_>) -> String {
    format!("{}Filter", super::fluent::base(action))
}

/// The documented filters that get a constructor, with their function names, in doc order.
pub(crate) fn typed<'a>(action: &'a ActionPlan<'_>) -> Vec<(&'a FilterSpec, String)> {
    let mut out: Vec<(&FilterSpec, String)> = Vec::new();
    for filter in &action.action.filters {
        if filter.name.contains(':') {
            continue;
        }
        let Ok(name) = naming::snake_name(&filter.name.replace(['.', '-'], "_")) else {
            continue;
        };
        if name == "into_filter" || out.iter().any(|(_, taken)| *taken == name) {
            continue;
        }
        out.push((filter, name));
    }
    out
}

/// The filter object type of the action's `Filters` member, when its `new` takes exactly the
/// required `Name` and `Values`.
pub(crate) fn object<'a>(plan: &ModulePlan<'_>, action: &'a ActionPlan<'_>) -> Option<&'a str> {
    let field = action
        .request
        .fields
        .iter()
        .find(|field| field.member.name == "Filters")?;
    match &field.ty {
        RustType::List(inner) => match &**inner {
            RustType::Object { name, .. } => {
                let object = plan.objects.iter().find(|object| &object.name == name)?;
                let required: Vec<&str> =
                    object.required().map(|f| f.member.name.as_str()).collect();
                (required == ["Name", "Values"]).then_some(name.as_str())
            }
            _ => None,
        },
        _ => None,
    }
}

/// The actions that get a typed filter.
pub(crate) fn has_any(plan: &ModulePlan<'_>) -> bool {
    plan.actions
        .iter()
        .any(|action| object(plan, action).is_some() && !typed(action).is_empty())
}

pub(crate) fn file(plan: &ModulePlan<'_>) -> TokenStream {
    let items = plan.actions.iter().filter_map(|action| {
        let object = object(plan, action)?;
        let filters = typed(action);
        (!filters.is_empty()).then(|| action_filter(action, object, &filters))
    });
    quote! {
        use super::models::*;

        #(#items)*
    }
}

fn action_filter(
    action: &ActionPlan<'_>,
    object: &str,
    filters: &[(&FilterSpec, String)],
) -> TokenStream {
    let name = ident(&type_name(action));
    let object_ident = ident(object);
    let wire = docs::code(&action.action.name);
    let constructors = filters.iter().map(|(filter, fn_name)| {
        let fn_ident = ident(fn_name);
        let filter_name = &filter.name;
        let (param, value, ty) = match filter.ty {
            FilterType::String => (
                quote!(impl Into<String>),
                quote!(Into::<String>::into(value)),
                "String",
            ),
            FilterType::Boolean => (quote!(bool), quote!(value.to_string()), "Boolean"),
            FilterType::Integer => (quote!(i64), quote!(value.to_string()), "Integer"),
        };
        let doc = Doc::new()
            .markdown(format!(
                "`{filter_name}` ({ty}), as the documentation lists it:"
            ))
            .text(&filter.description)
            .outer();
        quote! {
            #doc
            pub fn #fn_ident(value: #param) -> Self {
                Self(#object_ident::new(#filter_name, [#value]))
            }
        }
    });
    let listed: Vec<String> = filters
        .iter()
        .map(|(filter, fn_name)| format!("`{fn_name}` (`{}`)", filter.name))
        .collect();
    let doc = Doc::new()
        .markdown(format!(
            "The filters the documentation lists for {wire}, typed: each constructor makes the wire \
             [`{object}`] of one name with one value. Pass it to the fluent call's `filter`, or \
             convert it with `into()`; an untyped [`{object}`] still sends names the docs do not list."
        ))
        .markdown(format!("Filters: {}.", listed.join(", ")))
        .outer();
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name(#object_ident);

        impl #name {
            #(#constructors)*

            /// The wire filter.
            pub fn into_filter(self) -> #object_ident {
                self.0
            }
        }

        impl From<#name> for #object_ident {
            fn from(filter: #name) -> Self {
                filter.0
            }
        }
    }
}
