//! `client.rs` of a generation: the `API` description and the `Client` with one async method per
//! action.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{self, Doc};
use super::naming::{self, ident, NameAllocator};
use super::plan::{ActionPlan, ModulePlan};
use super::EmitError;
use crate::spec::{ApiSpec, Generation};

pub(crate) fn file(plan: &ModulePlan<'_>) -> Result<TokenStream, EmitError> {
    let spec = plan.spec;
    let hosts = action_hosts(plan)?;

    let imports: Vec<String> = plan
        .actions
        .iter()
        .map(|action| action.request.name.clone())
        .collect();
    let imports = (!imports.is_empty()).then(|| {
        let names = super::sorted_unique(imports)
            .into_iter()
            .map(|name| ident(&name));
        quote!(use super::requests::{#(#names),*};)
    });

    let api = api_info(spec, &spec.host);
    let api_doc = Doc::new()
        .markdown(format!(
            "Where and how the actions of this generation are called: {}, `https://{}{}`.",
            generation_label(spec),
            spec.host,
            spec.path
        ))
        .outer();
    let host_consts = hosts.consts.iter().map(|(host, name)| {
        let name = ident(name);
        let doc = Doc::new()
            .markdown(format!(
                "[`API`] for the actions the documentation sends to `{host}`."
            ))
            .outer();
        quote! {
            #doc
            pub const #name: tcgen_runtime::ApiInfo = tcgen_runtime::ApiInfo { host: #host, ..API };
        }
    });

    let client_doc = Doc::new()
        .markdown(format!("The client of {}: one method per action.", generation_label(spec)))
        .markdown(
            "Each action method starts a fluent call (`client.describe_vpcs().limit(20).send().await`); \
             a request built beforehand is sent with [`Client::send`].",
        )
        .markdown(
            "It wraps a configured `tcgen_runtime::Client`, which signs, sends, retries and decodes; \
             cloning is cheap and clones share the connection pool.",
        )
        .outer();
    let operations = plan.actions.iter().map(|action| {
        let request = ident(&action.request.name);
        let api = ident(hosts.constant_for(action).unwrap_or("API"));
        quote! {
            impl Operation for #request {
                const API: &'static tcgen_runtime::ApiInfo = &#api;
            }
        }
    });
    let methods = plan
        .actions
        .iter()
        .map(|action| method(plan, action, &hosts));

    let deprecated = super::legacy::deprecated(plan);
    Ok(quote! {
        use super::errors::Error;
        #imports

        #api_doc
        pub const API: tcgen_runtime::ApiInfo = #api;

        #(#host_consts)*

        #client_doc
        #deprecated
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: tcgen_runtime::Client,
        }

        impl Client {
            /// Wraps a configured runtime client.
            #deprecated
            pub fn new(inner: tcgen_runtime::Client) -> Self {
                Self { inner }
            }

            /// The runtime client this client calls through.
            #deprecated
            pub fn inner(&self) -> &tcgen_runtime::Client {
                &self.inner
            }

            /// Sends a request built beforehand (`DescribeVpcsRequest::builder()...build()`), or
            /// one of an own [`Operation`] for an action this SDK lacks.
            ///
            /// # Errors
            ///
            /// Fails with an [`Error`]: a service error, a transport failure, a timeout or an
            /// undecodable response; the action's method documents its codes.
            #deprecated
            pub async fn send<R: Operation>(&self, request: &R) -> Result<R::Response, Error> {
                self.inner.call(R::API, request).await
            }

            /// [`Client::send`] with settings of this call overriding the client's (a fluent
            /// call's `customize()` gives them).
            ///
            /// # Errors
            ///
            /// As [`Client::send`].
            #deprecated
            pub async fn send_with<R: Operation>(&self, request: &R, options: &tcgen_runtime::CallOptions) -> Result<R::Response, Error> {
                self.inner.call_with(R::API, request, options).await
            }

            #(#methods)*
        }

        /// A request of this generation: where [`Client::send`] sends it.
        pub trait Operation: tcgen_runtime::Request {
            /// The generation's [`API`], or the host the documentation names for the action.
            const API: &'static tcgen_runtime::ApiInfo;
        }

        #(#operations)*
    })
}

/// "API 3.0 (`2017-03-12`)" or "the legacy v2 API".
fn generation_label(spec: &ApiSpec) -> String {
    match spec.generation {
        Generation::V3 => format!("API 3.0 (version `{}`)", spec.version),
        Generation::V2 => "the legacy v2 API".to_string(),
    }
}

fn api_info(spec: &ApiSpec, host: &str) -> TokenStream {
    let generation = match spec.generation {
        Generation::V3 => {
            let version = &spec.version;
            quote!(tcgen_runtime::ApiGeneration::V3 { version: #version })
        }
        Generation::V2 => quote!(tcgen_runtime::ApiGeneration::V2),
    };
    let service = &spec.service;
    let path = &spec.path;
    quote! {
        tcgen_runtime::ApiInfo {
            generation: #generation,
            service: #service,
            host: #host,
            path: #path,
        }
    }
}

/// The `ApiInfo` constants of actions documented at a host other than the generation's.
struct ActionHosts {
    /// Host → constant name, for each extra host.
    consts: BTreeMap<String, String>,
}

impl ActionHosts {
    fn constant_for(&self, action: &ActionPlan<'_>) -> Option<&str> {
        self.consts.get(&action.action.host).map(String::as_str)
    }
}

fn action_hosts(plan: &ModulePlan<'_>) -> Result<ActionHosts, EmitError> {
    let mut hosts: Vec<&str> = plan
        .actions
        .iter()
        .map(|action| action.action.host.as_str())
        .filter(|host| !host.is_empty() && *host != plan.spec.host)
        .collect();
    hosts.sort_unstable();
    hosts.dedup();
    let mut bases = Vec::with_capacity(hosts.len());
    for host in &hosts {
        let snake = naming::snake_name(host).map_err(|reason| EmitError::InvalidName {
            module: plan.module,
            location: "an action's endpoint host".to_string(),
            name: host.to_string(),
            reason: reason.to_string(),
        })?;
        bases.push(format!(
            "API_{}",
            snake.trim_start_matches('_').to_uppercase()
        ));
    }
    let mut names = NameAllocator::new("_", bases.iter().map(String::as_str));
    names.reserve("API", "the generation's `API`");
    let consts = hosts
        .iter()
        .zip(&bases)
        .map(|(host, base)| (host.to_string(), names.claim(base, host).0))
        .collect();
    Ok(ActionHosts { consts })
}

fn method(plan: &ModulePlan<'_>, action_plan: &ActionPlan<'_>, hosts: &ActionHosts) -> TokenStream {
    let action = action_plan.action;
    let title = docs::first_line(&action.title);
    let summary = if title.is_empty() {
        format!("Calls {}.", docs::code(&action.name))
    } else {
        format!("{title} ({}).", docs::code(&action.name))
    };
    let mut doc = Doc::new().markdown(summary).text(&action.description);
    if let Some(see_also) = super::fluent::see_also(plan, action_plan) {
        doc = doc.markdown(see_also);
    }
    if let Some(task) = &action.task {
        doc = doc.markdown(format!(
            "The action is asynchronous: it starts a task and returns before the task is done. \
             `send_and_wait` on the fluent call polls {} until the task ends.",
            docs::code(&task.action)
        ));
    } else if action.is_async {
        doc = doc.markdown(
            "The action is asynchronous: it starts a task and returns before the task is done; \
             poll for the task's result.",
        );
    }
    if hosts.constant_for(action_plan).is_some() {
        doc = doc.markdown(format!(
            "Sent to `{}`, which the documentation names for this action.",
            action.host
        ));
    }
    if let Some(renamed) = &action_plan.method_renamed {
        doc = doc.markdown(format!(
            "Named `{}` because `{}` is taken by {}.",
            action_plan.method, renamed.natural, renamed.holder
        ));
    }
    doc = doc.markdown(format!(
        "Returns the fluent call: set members, then `send().await`; a request built beforehand goes \
         through [`Client::send`]. See [`{0}`](super::fluent::{0}).",
        super::fluent::builder_name(action_plan)
    ));
    doc = doc.markdown("# Errors").markdown(
        "`send` fails with an [`Error`]: a request missing a required member, a service error, a \
         transport failure, a timeout or an undecodable response.",
    );
    if action_plan.errors.is_empty() {
        doc = doc.markdown(
            "The documentation lists no codes of this action's own; service errors carry one of the \
             common codes of [`ErrorCode`](super::ErrorCode).",
        );
    } else {
        doc = doc.markdown(
            "Service errors carry one of the common codes of [`ErrorCode`](super::ErrorCode) or one \
             documented for this action:",
        );
        for &index in &action_plan.errors {
            let variant = &plan.error_codes[index];
            // The action's own description of the code says most about this action.
            let own = action
                .errors
                .iter()
                .find(|error| error.code == variant.code && docs::has_content(&error.description))
                .map_or(variant.description.as_str(), |error| {
                    error.description.as_str()
                });
            let description = docs::first_line(own);
            let link = format!(
                "[`ErrorCode::{0}`](super::ErrorCode::{0}) ({1})",
                variant.name,
                docs::code(&variant.code)
            );
            doc = doc.bullet(if description.is_empty() {
                link
            } else {
                format!("{link}: {description}")
            });
        }
    }
    let doc = doc.outer();

    let name = ident(&action_plan.method);
    let fluent = ident(&super::fluent::builder_name(action_plan));
    let deprecated = super::legacy::deprecated(plan);
    quote! {
        #doc
        #deprecated
        pub fn #name(&self) -> super::fluent::#fluent {
            super::fluent::#fluent::new(self.clone())
        }
    }
}
