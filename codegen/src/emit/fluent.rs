//! `fluent.rs` of a generation: per action a fluent builder (`client.describe_vpcs().limit(20)
//! .send()`), a paginator for the actions the spec says page (`paging`), and `send_and_wait` for
//! those whose task the spec says how to poll (`task`).
//!
//! Everything here is thin glue: setters forward to the request builder, `send` builds the
//! request (a missing required member is an `Error::InvalidRequest` before anything is sent) and
//! calls `Client::send`; the paging loop lives in `tcgen_runtime::paginate` and the polling loop
//! in `tcgen_runtime::waiter`.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use super::docs::{self, Doc};
use super::naming::{self, ident};
use super::plan::{ActionPlan, FieldPlan, ModulePlan, RustType, StructPlan};
use super::EmitError;
use crate::spec::{Paging, TaskPolling};

/// Methods of a fluent builder that no setter may shadow.
const FLUENT_METHODS: &[&str] = &[
    "new",
    "build",
    "send",
    "filter",
    "customize",
    "into_paginator",
    "send_and_wait",
];

/// `DescribeVpcs`: the type-name base of an action (valid: the plan made its request from it).
pub(crate) fn base(action: &ActionPlan<'_>) -> String {
    naming::type_name(&action.action.name).unwrap_or_else(|_| action.request.name.clone())
}

/// The name of an action's fluent builder.
pub(crate) fn builder_name(action: &ActionPlan<'_>) -> String {
    format!("{}FluentBuilder", base(action))
}

pub(crate) fn file(plan: &ModulePlan<'_>) -> Result<TokenStream, EmitError> {
    let acceptors = Acceptors::of(plan)?;
    let mut items = Vec::with_capacity(plan.actions.len());
    for action in &plan.actions {
        items.push(action_items(plan, action, &acceptors)?);
    }
    let acceptor_fns = &acceptors.items;
    let doc = Doc::new()
        .markdown(
            "Fluent calls: `client.<action>()` returns a builder of the action's members that \
             ends in `send()`; list actions also have `into_paginator()`, asynchronous actions \
             whose task the documentation says how to poll `send_and_wait()`.",
        )
        .inner();
    Ok(quote! {
        #doc
        #[allow(unused_imports)]
        use super::*;

        #(#items)*
        #(#acceptor_fns)*
    })
}

/// The typed acceptors of a generation's waiters: one function per polling action and
/// documented states (`describe_vpc_task_result_report`), which every action polled the same
/// way shares, so the glue is not repeated per action.
struct Acceptors {
    names: Vec<(AcceptorKey, String)>,
    items: Vec<TokenStream>,
}

/// What an acceptor reads: the polling action, its status member and states, code and message.
type AcceptorKey = [Vec<String>; 7];

fn acceptor_key(task: &TaskPolling) -> AcceptorKey {
    [
        vec![task.action.clone()],
        task.status.clone(),
        task.running.clone(),
        task.success.clone(),
        task.failure.clone(),
        task.code.clone(),
        task.message.clone(),
    ]
}

impl Acceptors {
    fn of(plan: &ModulePlan<'_>) -> Result<Acceptors, EmitError> {
        let mut acceptors = Acceptors {
            names: Vec::new(),
            items: Vec::new(),
        };
        for action in &plan.actions {
            let Some(task) = &action.action.task else {
                continue;
            };
            let key = acceptor_key(task);
            if acceptors.names.iter().any(|(known, _)| known == &key) {
                continue;
            }
            let error = |what: String| EmitError::InvalidName {
                module: plan.module,
                location: format!("action `{}` task", action.action.name),
                name: what,
                reason: "the spec's task polling names an action, status member or state that \
                         does not exist with a usable type"
                    .into(),
            };
            let poller = plan
                .actions
                .iter()
                .find(|candidate| candidate.action.name == task.action)
                .ok_or_else(|| error(task.action.clone()))?;
            let base = format!("{}_report", poller.method.trim_start_matches("r#"));
            let same_poller = acceptors
                .names
                .iter()
                .filter(|(known, _)| known[0] == key[0])
                .count();
            let name = match same_poller {
                0 => base,
                n => format!("{base}_{}", n + 1),
            };
            let item =
                acceptor(plan, poller, task, &name).ok_or_else(|| error(task.status.join(".")))?;
            acceptors.items.push(item);
            acceptors.names.push((key, name));
        }
        Ok(acceptors)
    }

    fn name(&self, task: &TaskPolling) -> Option<&str> {
        let key = acceptor_key(task);
        self.names
            .iter()
            .find(|(known, _)| known == &key)
            .map(|(_, name)| name.as_str())
    }
}

fn action_items(
    plan: &ModulePlan<'_>,
    action: &ActionPlan<'_>,
    acceptors: &Acceptors,
) -> Result<TokenStream, EmitError> {
    let spec_action = action.action;
    for field in &action.request.fields {
        if FLUENT_METHODS.contains(&field.name.as_str()) {
            return Err(EmitError::InvalidName {
                module: plan.module,
                location: format!("action `{}` input member", spec_action.name),
                name: field.member.name.clone(),
                reason: format!("`{}` is a method of the fluent builder", field.name),
            });
        }
    }
    let name = ident(&builder_name(action));
    let request = ident(&action.request.name);
    let response = ident(&action.response.name);
    let request_builder = ident(action.request.builder.as_deref().unwrap_or_default());
    let method = &action.method;

    let filters_field = typed_filters_field(plan, action);
    let filter_slot = filters_field.map(|(_, object)| {
        let object = ident(object);
        quote!(filters: Option<Vec<#object>>,)
    });
    let filter_init = filters_field.map(|_| quote!(filters: None,));
    let filter_apply = filters_field.map(|(field, _)| {
        let setter = ident(&field.name);
        quote! {
            if let Some(filters) = self.filters {
                builder = builder.#setter(filters);
            }
        }
    });

    let setters = action
        .request
        .fields
        .iter()
        .map(|field| setter(action, field, filters_field.map(|(f, _)| f)));
    let filter_method = filters_field.map(|(_, object)| {
        let object = ident(object);
        let typed = super::filters::type_name(action);
        let doc = Doc::new()
            .markdown(format!(
                "Adds one filter, e.g. a typed [`{typed}`] or an untyped `{object}`."
            ))
            .outer();
        quote! {
            #doc
            pub fn filter(mut self, filter: impl Into<#object>) -> Self {
                self.filters.get_or_insert_with(Vec::new).push(filter.into());
                self
            }
        }
    });

    let doc = Doc::new()
        .markdown(format!(
            "The fluent call of {}, from `Client::{method}`: set members, then [`send`](Self::send).",
            docs::code(&spec_action.name)
        ))
        .outer();
    let infallible = action.request.all_optional();
    let build_doc = Doc::new().markdown(format!(
        "The `{}` the members set so far make.",
        action.request.name
    ));
    let build_doc = if infallible {
        build_doc.markdown("Never fails: every member is optional.")
    } else {
        build_doc.markdown("# Errors").markdown(
            "A [`tcgen_runtime::BuildError`] naming the first required member left unset.",
        )
    }
    .outer();
    let (build_output, built) = if infallible {
        (quote!(#request), quote!(self.build()))
    } else {
        (
            quote!(Result<#request, tcgen_runtime::BuildError>),
            quote!(self.build()?),
        )
    };
    let send_doc = Doc::new()
        .markdown("Builds the request and sends it.")
        .markdown("# Errors")
        .markdown(format!(
            "[`Error::InvalidRequest`](tcgen_runtime::Error::InvalidRequest) before anything is \
             sent when a required member is unset; otherwise as `Client::{method}` documents."
        ))
        .outer();

    let paginator = match &spec_action.paging {
        Some(paging) => paginator(plan, action, paging)?,
        None => TokenStream::new(),
    };
    let waiter = match &spec_action.task {
        Some(task) => waiter(plan, action, task, acceptors)?,
        None => TokenStream::new(),
    };

    let deprecated = super::legacy::deprecated(plan);
    Ok(quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone)]
        #[must_use = "a fluent call does nothing until it is sent"]
        pub struct #name {
            client: Client,
            builder: #request_builder,
            #filter_slot
            options: tcgen_runtime::CallOptions,
        }

        impl #name {
            pub(crate) fn new(client: Client) -> Self {
                Self { client, builder: #request::builder(), #filter_init options: tcgen_runtime::CallOptions::default() }
            }

            #(#setters)*
            #filter_method

            /// Settings of this call only, e.g. `.customize().retry(RetryConfig::disabled())`.
            pub fn customize(self) -> tcgen_runtime::fluent::Customize<Self> {
                tcgen_runtime::fluent::Customize::new(self)
            }

            #build_doc
            pub fn build(self) -> #build_output {
                #[allow(unused_mut)]
                let mut builder = self.builder;
                #filter_apply
                builder.build()
            }

            #send_doc
            pub async fn send(self) -> Result<#response, Error> {
                let client = self.client.clone();
                let options = self.options.clone();
                let request = #built;
                client.send_with(&request, &options).await
            }
        }

        impl tcgen_runtime::fluent::Customizable for #name {
            fn call_options(&mut self) -> &mut tcgen_runtime::CallOptions {
                &mut self.options
            }
        }

        #paginator
        #waiter
    })
}

/// The `Filters` field and its object type, when the action has typed filters.
fn typed_filters_field<'p>(
    plan: &'p ModulePlan<'_>,
    action: &'p ActionPlan<'_>,
) -> Option<(&'p FieldPlan<'p>, &'p str)> {
    if super::filters::typed(action).is_empty() {
        return None;
    }
    let object = super::filters::object(plan, action)?;
    let field = action
        .request
        .fields
        .iter()
        .find(|field| field.member.name == "Filters")?;
    Some((field, object))
}

fn setter(
    action: &ActionPlan<'_>,
    field: &FieldPlan<'_>,
    filters: Option<&FieldPlan<'_>>,
) -> TokenStream {
    let name = ident(&field.name);
    let wire = &field.member.name;
    let summary = docs::first_line(&field.member.description);
    let mut doc = if summary.is_empty() {
        Doc::new().markdown(format!("Sets the {} member.", docs::code(wire)))
    } else {
        Doc::new().markdown(format!("Sets the {} member: {summary}", docs::code(wire)))
    };
    let numeric =
        field.ty == RustType::String && action.action.numeric_strings.iter().any(|m| m == wire);
    let allow = ["as_", "from_", "into_", "is_", "to_"]
        .iter()
        .any(|prefix| field.name.starts_with(prefix))
        .then(|| quote!(#[allow(clippy::wrong_self_convention)]));
    if filters.is_some_and(|f| std::ptr::eq(f, field)) {
        let element = match &field.ty {
            RustType::List(inner) => inner.tokens(),
            other => other.tokens(),
        };
        let doc = doc
            .markdown("Replaces the filters added so far; [`filter`](Self::filter) adds one.")
            .outer();
        return quote! {
            #doc
            pub fn #name(mut self, #name: impl IntoIterator<Item = #element>) -> Self {
                self.filters = Some(#name.into_iter().collect());
                self
            }
        };
    }
    if numeric {
        doc = doc.markdown(
            "The documentation types it as text but means a number: an integer or a string.",
        );
        let doc = doc.outer();
        return quote! {
            #doc
            #allow
            pub fn #name(mut self, #name: impl tcgen_runtime::fluent::NumberText) -> Self {
                self.builder = self.builder.#name(#name.into_text());
                self
            }
        };
    }
    let ty = field.ty.parameter_type();
    let doc = doc.outer();
    quote! {
        #doc
        #allow
        pub fn #name(mut self, #name: #ty) -> Self {
            self.builder = self.builder.#name(#name);
            self
        }
    }
}

/// A request or response field by wire name.
fn field<'p>(plan: &'p StructPlan<'p>, wire: &str) -> Option<&'p FieldPlan<'p>> {
    plan.fields.iter().find(|field| field.member.name == wire)
}

/// The fields along a response path, resolving objects through the module's models.
fn path_fields<'p>(
    plan: &'p ModulePlan<'p>,
    response: &'p StructPlan<'p>,
    path: &[String],
) -> Option<Vec<&'p FieldPlan<'p>>> {
    let mut fields = Vec::with_capacity(path.len());
    let mut current = response;
    for (index, wire) in path.iter().enumerate() {
        let found = field(current, wire)?;
        fields.push(found);
        if index + 1 < path.len() {
            let RustType::Object { name, .. } = &found.ty else {
                return None;
            };
            current = plan.objects.iter().find(|object| &object.name == name)?;
        }
    }
    Some(fields)
}

/// `page.a.as_ref().and_then(|a| a.b.as_ref())`: an `Option<&T>` of the path's last field.
fn borrowed(root: TokenStream, fields: &[&FieldPlan<'_>]) -> TokenStream {
    let first = ident(&fields[0].name);
    let mut expr = quote!(#root.#first.as_ref());
    for field in &fields[1..] {
        let name = ident(&field.name);
        expr = quote!(#expr.and_then(|parent| parent.#name.as_ref()));
    }
    expr
}

/// `Option<&T>` of a number field → `Option<u64>`.
fn as_u64(expr: TokenStream, ty: &RustType) -> Option<TokenStream> {
    Some(match ty {
        RustType::U64 => quote!(#expr.copied()),
        RustType::I64 => quote!(#expr.and_then(|value| u64::try_from(*value).ok())),
        RustType::String => quote!(#expr.and_then(|value| tcgen_runtime::paginate::number(value))),
        _ => return None,
    })
}

fn paging_error(plan: &ModulePlan<'_>, action: &ActionPlan<'_>, what: &str) -> EmitError {
    EmitError::InvalidName {
        module: plan.module,
        location: format!("action `{}` paging", action.action.name),
        name: what.to_string(),
        reason: "the spec's paging names a member the action does not have as a number".into(),
    }
}

fn paginator(
    plan: &ModulePlan<'_>,
    action: &ActionPlan<'_>,
    paging: &Paging,
) -> Result<TokenStream, EmitError> {
    let builder = ident(&builder_name(action));
    let name = ident(&format!("{}Paginator", base(action)));
    let request = ident(&action.request.name);
    let response = ident(&action.response.name);

    let offset = field(&action.request, &paging.offset)
        .ok_or_else(|| paging_error(plan, action, &paging.offset))?;
    let limit = field(&action.request, &paging.limit)
        .ok_or_else(|| paging_error(plan, action, &paging.limit))?;
    let input_number = |field: &FieldPlan<'_>| -> Result<(TokenStream, TokenStream), EmitError> {
        let name = ident(&field.name);
        let borrowed = if field.member.required {
            quote!(Some(&request.#name))
        } else {
            quote!(request.#name.as_ref())
        };
        let read = as_u64(borrowed, &field.ty)
            .ok_or_else(|| paging_error(plan, action, &field.member.name))?;
        let value = match field.ty {
            RustType::String => quote!(value.to_string()),
            RustType::I64 => quote!(i64::try_from(value).unwrap_or(i64::MAX)),
            _ => quote!(value),
        };
        let write = if field.member.required {
            quote!(request.#name = #value;)
        } else {
            quote!(request.#name = Some(#value);)
        };
        Ok((read, write))
    };
    let (read_offset, write_offset) = input_number(offset)?;
    let (read_limit, write_limit) = input_number(limit)?;

    let items = path_fields(plan, &action.response, &paging.items)
        .ok_or_else(|| paging_error(plan, action, &paging.items.join(".")))?;
    let item_ty = match &items.last().expect("a non-empty path").ty {
        RustType::List(inner) => inner.tokens(),
        _ => return Err(paging_error(plan, action, &paging.items.join("."))),
    };
    let count = borrowed(quote!(page), &items);
    let owned = {
        let first = ident(&items[0].name);
        let mut expr = quote!(page.#first);
        for field in &items[1..] {
            let name = ident(&field.name);
            expr = quote!(#expr.and_then(|parent| parent.#name));
        }
        quote!(#expr.unwrap_or_default())
    };
    let total = match &paging.total {
        Some(path) => {
            let fields = path_fields(plan, &action.response, path)
                .ok_or_else(|| paging_error(plan, action, &path.join(".")))?;
            let last = &fields.last().expect("a non-empty path").ty;
            as_u64(borrowed(quote!(page), &fields), last)
                .ok_or_else(|| paging_error(plan, action, &path.join(".")))?
        }
        None => quote!(None),
    };
    let total_param = if paging.total.is_some() {
        quote!(page)
    } else {
        quote!(_page)
    };
    let max_limit = match paging.max_limit {
        Some(max) => quote!(Some(#max)),
        None => quote!(None),
    };

    let wire = docs::code(&action.action.name);
    let mut stop = String::from("It stops after a short or empty page");
    if let Some(total) = &paging.total {
        stop.push_str(&format!(
            " or once the offset reaches the total count (`{}`, read from every page)",
            total.join(".")
        ));
    }
    let size = match paging.max_limit {
        Some(max) => format!(
            "Pages hold the limit set on the call, at most {max} (the documented maximum), else {max}."
        ),
        None => "Pages hold the limit set on the call, else the service's default.".to_string(),
    };
    let built_request = if action.request.all_optional() {
        quote!(Ok(self.build()))
    } else {
        quote!(self.build().map_err(Error::from))
    };
    let into_doc = Doc::new()
        .markdown(format!(
            "Pages through {wire} by `{}`/`{}`, starting at the offset set on the call (else 0).",
            paging.offset, paging.limit
        ))
        .markdown(size)
        .markdown(format!("{stop}; an error ends it as its last item."))
        .outer();
    let doc = Doc::new()
        .markdown(format!(
            "Paginator of {wire}, from [`{0}::into_paginator`]: [`send`](Self::send) streams the \
             pages, [`items`](Self::items) the items of `{1}`.",
            builder_name(action),
            paging.items.join(".")
        ))
        .outer();
    let deprecated = super::legacy::deprecated(plan);
    Ok(quote! {
        impl #builder {
            #into_doc
            pub fn into_paginator(self) -> #name {
                let client = self.client.clone();
                #name { client, request: #built_request }
            }
        }

        #doc
        #deprecated
        #[derive(Debug)]
        #[must_use = "a paginator does nothing until its stream is polled"]
        pub struct #name {
            client: Client,
            request: Result<#request, Error>,
        }

        impl #name {
            fn paging() -> tcgen_runtime::paginate::Paging<#request, #response> {
                tcgen_runtime::paginate::Paging {
                    max_limit: #max_limit,
                    limit: |request| #read_limit,
                    offset: |request| #read_offset.unwrap_or(0),
                    set_window: |request, value, limit| {
                        #write_offset
                        if let Some(value) = limit {
                            #write_limit
                        }
                    },
                    total: |#total_param| #total,
                    count: |page| #count.map_or(0, Vec::len),
                }
            }

            /// The pages, in order; an error is the last item.
            pub fn send(self) -> impl tcgen_runtime::paginate::Stream<Item = Result<#response, Error>> {
                let client = self.client;
                tcgen_runtime::paginate::pages(self.request, Self::paging(), move |request| {
                    let client = client.clone();
                    async move { client.send(&request).await }
                })
            }

            /// The items of every page, in order; an error is the last item.
            pub fn items(self) -> impl tcgen_runtime::paginate::Stream<Item = Result<#item_ty, Error>> {
                tcgen_runtime::paginate::items(self.send(), |page| #owned)
            }
        }
    })
}

fn waiter(
    plan: &ModulePlan<'_>,
    action: &ActionPlan<'_>,
    task: &TaskPolling,
    acceptors: &Acceptors,
) -> Result<TokenStream, EmitError> {
    let error = |what: &str| EmitError::InvalidName {
        module: plan.module,
        location: format!("action `{}` task", action.action.name),
        name: what.to_string(),
        reason: "the spec's task polling names an action, member or state that does not exist \
                 with a usable type"
            .into(),
    };
    let poller = plan
        .actions
        .iter()
        .find(|candidate| candidate.action.name == task.action)
        .ok_or_else(|| error(&task.action))?;
    let input = field(&poller.request, &task.input).ok_or_else(|| error(&task.input))?;
    let id_path = task.id.join(".");
    if task.id.is_empty() {
        return Err(error("an empty id path"));
    }
    let id_fields = path_fields(plan, &action.response, &task.id).ok_or_else(|| error(&id_path))?;
    let id_ty = &id_fields[id_fields.len() - 1].ty;
    let id = borrowed(quote!(response), &id_fields);
    // The id as the task action's input takes it: a text id for a numeric input is parsed (the
    // EIP actions answer `"TaskId": "61531428"` for DescribeTaskResult's Integer `TaskId`).
    let id = match (id_ty, &input.ty) {
        (RustType::I64, RustType::I64) => quote! {
            *#id.ok_or(WaitError::NoTaskId { path: #id_path })?
        },
        (RustType::String, RustType::String) => quote! {
            #id.ok_or(WaitError::NoTaskId { path: #id_path })?.clone()
        },
        (RustType::String, RustType::I64) => quote! {
            waiter::numeric_id(#id.ok_or(WaitError::NoTaskId { path: #id_path })?, #id_path)?
        },
        (RustType::I64, RustType::String) => quote! {
            #id.ok_or(WaitError::NoTaskId { path: #id_path })?.to_string()
        },
        _ => return Err(error(&task.input)),
    };
    let accept = ident(acceptors.name(task).ok_or_else(|| error(&task.action))?);

    let builder = ident(&builder_name(action));
    let response = ident(&action.response.name);
    let poll_method = ident(&poller.method);
    let id_setter = ident(&input.name);
    let states = |values: &[String]| {
        values
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let doc = Doc::new()
        .markdown(format!(
            "Sends {}, then polls {} with the task id (`{id_path}`) until `{}` reports success \
             ({}) or failure ({}), or `config.timeout` passes (see `tcgen_runtime::waiter`).",
            docs::code(&action.action.name),
            docs::code(&task.action),
            task.status.join("."),
            states(&task.success),
            states(&task.failure),
        ))
        .markdown(format!("How to poll, as the docs say it (`{}`):", task.source))
        .text(&task.sentence)
        .markdown("Returns the action's response and the last task report. Dropping the future stops polling.")
        .markdown("# Errors")
        .markdown(
            "`WaitError::Call` when sending or a poll fails, `NoTaskId` when the response has no \
             id (`BadTaskId` when it is not the number the task action takes), `Failed` with the \
             task's failure code and message where the task action reports them, `TimedOut` \
             with the last status.",
        )
        .outer();
    Ok(quote! {
        impl #builder {
            #doc
            pub async fn send_and_wait(
                self,
                config: &tcgen_runtime::waiter::WaitConfig,
            ) -> Result<(#response, tcgen_runtime::waiter::TaskReport), tcgen_runtime::waiter::WaitError<Error>> {
                use tcgen_runtime::waiter::{self, WaitError};
                let client = self.client.clone();
                let response = self.send().await.map_err(WaitError::Call)?;
                let task_id = #id;
                let report = waiter::wait(
                    config,
                    task_id,
                    |id| client.#poll_method().#id_setter(id).send(),
                    #accept,
                ).await?;
                Ok((response, report))
            }
        }
    })
}

/// The typed acceptor: a function reading the task action's status member and sorting its
/// value by the documented states, with the failure's code and message where the spec says.
fn acceptor(
    plan: &ModulePlan<'_>,
    poller: &ActionPlan<'_>,
    task: &TaskPolling,
    name: &str,
) -> Option<TokenStream> {
    if task.status.is_empty() || task.success.is_empty() || task.failure.is_empty() {
        return None;
    }
    let response = ident(&poller.response.name);
    let fields = path_fields(plan, &poller.response, &task.status)?;
    let status = borrowed(quote!(poll), &fields);
    let ty = &fields[fields.len() - 1].ty;
    let arms = [
        (&task.success, quote!(Succeeded)),
        (&task.failure, quote!(Failed)),
        (&task.running, quote!(Running)),
    ]
    .into_iter()
    .filter(|(values, _)| !values.is_empty())
    .map(|(values, state)| {
        let patterns = values
            .iter()
            .map(|value| match ty {
                RustType::I64 => value
                    .parse::<i64>()
                    .ok()
                    .map(|n| proc_macro2::Literal::i64_unsuffixed(n).into_token_stream()),
                RustType::String => Some(quote!(#value)),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?;
        Some(quote!(#(#patterns)|* => TaskStatus::#state,))
    })
    .collect::<Option<Vec<_>>>()?;
    let value = match ty {
        RustType::I64 => quote!(*value),
        RustType::String => quote!(value.as_str()),
        _ => return None,
    };
    let text = |path: &[String]| -> Option<TokenStream> {
        if path.is_empty() {
            return Some(quote!(None));
        }
        let fields = path_fields(plan, &poller.response, path)?;
        let value = borrowed(quote!(poll), &fields);
        Some(match fields[fields.len() - 1].ty {
            RustType::String if fields.len() == 1 => {
                let name = ident(&fields[0].name);
                quote!(poll.#name.clone())
            }
            RustType::String => quote!(#value.cloned()),
            RustType::I64 | RustType::U64 => quote!(#value.map(|value| value.to_string())),
            _ => return None,
        })
    };
    let code = text(&task.code)?;
    let message = text(&task.message)?;
    let name = ident(name);
    let states = |values: &[String]| {
        if values.is_empty() {
            return "none".to_string();
        }
        let quoted: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
        quoted.join(", ")
    };
    let doc = Doc::new()
        .markdown(format!(
            "The task's state in a {} response, as the description of its `{}` lists them: \
             {} success, {} failure, {} running; the waiters of every action it polls share it.",
            docs::code(&task.action),
            task.status.join("."),
            states(&task.success),
            states(&task.failure),
            states(&task.running),
        ))
        .outer();
    Some(quote! {
        #doc
        fn #name(poll: &#response) -> tcgen_runtime::waiter::TaskReport {
            use tcgen_runtime::waiter::{TaskReport, TaskStatus};
            let status = #status.map(|value| match #value {
                #(#arms)*
                other => TaskStatus::Other(other.to_string()),
            });
            TaskReport { status, code: #code, message: #message }
        }
    })
}

/// For `dynamic.rs`: `fluent_form_params`, which sets every member of a request read from JSON
/// through the action's fluent call, so that a test can check both forms send the same for every
/// action.
pub(crate) fn dynamic_items(plan: &ModulePlan<'_>) -> TokenStream {
    let mut actions: Vec<&ActionPlan<'_>> = plan.actions.iter().collect();
    actions.sort_by_key(|action| action.action.name.as_str());
    let arms = actions.iter().map(|action| {
        let wire = &action.action.name;
        let helper = ident(&format!(
            "fluent_{}",
            action.method.trim_start_matches("r#")
        ));
        quote!(#wire => #helper(client, input),)
    });
    let helpers = actions.iter().map(|action| {
        let helper = ident(&format!(
            "fluent_{}",
            action.method.trim_start_matches("r#")
        ));
        let request = ident(&action.request.name);
        let method = ident(&action.method);
        let sets = action.request.fields.iter().map(|field| {
            let name = ident(&field.name);
            let value = match field.ty {
                RustType::Object { boxed: true, .. } => quote!(*value),
                _ => quote!(value),
            };
            let copy = matches!(
                field.ty,
                RustType::I64 | RustType::U64 | RustType::F64 | RustType::Bool
            );
            let read = if copy {
                quote!(request.#name)
            } else {
                quote!(request.#name.clone())
            };
            if field.member.required {
                quote! {
                    let value = #read;
                    call = call.#name(#value);
                }
            } else {
                quote! {
                    if let Some(value) = #read {
                        call = call.#name(#value);
                    }
                }
            }
        });
        let build = if action.request.all_optional() {
            quote!(call.build())
        } else {
            quote!(call
                .build()
                .map_err(<serde_json::Error as serde::de::Error>::custom)?)
        };
        quote! {
            fn #helper(
                client: &super::Client,
                input: serde_json::Value,
            ) -> Result<BothForms, serde_json::Error> {
                let request: super::#request = serde_json::from_value(input)?;
                #[allow(unused_mut)]
                let mut call = client.#method();
                #(#sets)*
                let built = #build;
                Ok((
                    tcgen_runtime::Request::to_form(&request),
                    tcgen_runtime::Request::to_form(&built),
                ))
            }
        }
    });
    let doc = Doc::new()
        .markdown(
            "Reads `input` into the typed request of `action`, sets each member it holds through \
             the action's fluent call (`client.<action>().<member>(..)`), and returns the form \
             parameters of both: the request's, then the fluent call's. They are equal unless the \
             fluent forwarding is wrong.",
        )
        .markdown("`None` when this generation has no action of that name.")
        .markdown(
            "# Errors\n\nThe JSON error when `input` does not fit the request type, or the fluent \
             call misses a required member.",
        )
        .outer();
    quote! {
        /// The form parameters of a request and of the fluent call that set the same members.
        pub type BothForms = (Vec<(String, String)>, Vec<(String, String)>);

        #doc
        pub fn fluent_form_params(
            client: &super::Client,
            action: &str,
            input: serde_json::Value,
        ) -> Option<Result<BothForms, serde_json::Error>> {
            Some(match action {
                #(#arms)*
                _ => return None,
            })
        }

        #(#helpers)*
    }
}

/// The other actions of the generation that an action's description or its input members'
/// descriptions name (`可通过 DescribeVpcEx 接口查询`), as intra-doc links to their client
/// methods, in spec order; `None` when there are none.
pub(crate) fn see_also(plan: &ModulePlan<'_>, action: &ActionPlan<'_>) -> Option<String> {
    // An action is named when its wire name is one of the ASCII words of the action's texts
    // (not part of a longer name). Looking the words up by name keeps this linear in the size
    // of the docs; the links keep the actions' order.
    let mut named: Vec<usize> = std::iter::once(action.action.description.as_str())
        .chain(action.action.input.iter().map(|m| m.description.as_str()))
        .flat_map(|text| text.split(|c: char| !c.is_ascii_alphanumeric()))
        .filter_map(|word| plan.actions_by_wire.get(word).copied())
        .collect();
    named.sort_unstable();
    named.dedup();
    let links: Vec<String> = named
        .into_iter()
        .map(|index| &plan.actions[index])
        .filter(|other| other.action.name != action.action.name)
        .filter(|other| !naming::is_keyword(&other.method))
        .map(|other| format!("[`{}`](Client::{})", other.action.name, other.method))
        .collect();
    (!links.is_empty()).then(|| format!("See also: {}.", links.join(", ")))
}
