//! The parts every generated struct shares: field declarations, constructors, builders and form
//! flattening. Requests, responses and objects differ only in the [`Kind`] they pass.
//!
//! The rules, by kind:
//! - requests: required members are plain fields, optional ones `Option<T>`; serialized for TC3
//!   JSON bodies; a `new` constructor when there are at most [`MAX_CONSTRUCTOR_ARGS`] required
//!   members, and always a builder whose `build` fails on a missing required member;
//! - responses: every field `Option<T>`, decoded leniently, no constructor (they derive `Default`);
//! - objects: travel in both directions, so they take the response shape (every field `Option<T>`,
//!   decoded leniently) and the request conveniences: a `new` constructor over the members the
//!   documentation marks as required, and a builder whose `build` checks those members. A caller
//!   who needs to send an object without them can still start from `Default`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::{self, Doc};
use super::naming::ident;
use super::plan::{FieldPlan, RustType, StructPlan, BUILD_METHOD};
use crate::spec::{Action, RetrySafety, TypeRef};

/// More required members than this and the constructor gets no `new`, only the builder: past
/// three, positional arguments of the same type are too easy to swap.
pub(crate) const MAX_CONSTRUCTOR_ARGS: usize = 3;

/// Which role a generated struct plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Request,
    Response,
    Object,
}

impl Kind {
    /// Whether a field is a plain `T` (required request members) rather than `Option<T>`.
    fn plain(self, field: &FieldPlan<'_>) -> bool {
        self == Kind::Request && field.member.required
    }
}

impl RustType {
    /// The Rust type of a value of this member type.
    pub(crate) fn tokens(&self) -> TokenStream {
        match self {
            RustType::String => quote!(String),
            RustType::I64 => quote!(i64),
            RustType::U64 => quote!(u64),
            RustType::F64 => quote!(f64),
            RustType::Bool => quote!(bool),
            RustType::Json => quote!(serde_json::Value),
            RustType::List(inner) => {
                let inner = inner.tokens();
                quote!(Vec<#inner>)
            }
            RustType::Object { name, boxed } => {
                let name = ident(name);
                if *boxed {
                    quote!(Box<#name>)
                } else {
                    quote!(#name)
                }
            }
        }
    }

    /// The parameter type of this member type's setters (for setters that forward to them).
    pub(crate) fn parameter_type(&self) -> TokenStream {
        self.parameter().ty
    }

    /// How a setter or constructor takes a value of this member type.
    fn parameter(&self) -> Parameter {
        let (ty, conversion) = match self {
            RustType::String => (quote!(impl Into<String>), Conversion::Into),
            RustType::Json => (quote!(impl Into<serde_json::Value>), Conversion::Into),
            RustType::Object { name, boxed: true } => {
                let name = ident(name);
                (quote!(#name), Conversion::Boxed)
            }
            RustType::List(inner) => {
                let element = inner.tokens();
                match **inner {
                    RustType::String | RustType::Json => (
                        quote!(impl IntoIterator<Item = impl Into<#element>>),
                        Conversion::CollectInto,
                    ),
                    _ => (
                        quote!(impl IntoIterator<Item = #element>),
                        Conversion::Collect,
                    ),
                }
            }
            _ => (self.tokens(), Conversion::Identity),
        };
        Parameter { ty, conversion }
    }
}

/// The parameter of a setter or constructor.
struct Parameter {
    ty: TokenStream,
    conversion: Conversion,
}

/// How an argument becomes a field value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Conversion {
    Identity,
    Into,
    Boxed,
    Collect,
    CollectInto,
}

impl Conversion {
    fn apply(self, value: &Ident) -> TokenStream {
        match self {
            Conversion::Identity => quote!(#value),
            Conversion::Into => quote!(#value.into()),
            Conversion::Boxed => quote!(Box::new(#value)),
            Conversion::Collect => quote!(#value.into_iter().collect()),
            Conversion::CollectInto => quote!(#value.into_iter().map(Into::into).collect()),
        }
    }
}

/// The struct declaration with its derives, serde attributes and docs.
pub(crate) fn declaration(plan: &StructPlan<'_>, kind: Kind, doc: &Doc) -> TokenStream {
    let name = ident(&plan.name);
    let doc = with_rename_note(doc.clone(), plan.renamed.as_ref(), &plan.name).outer();
    let default = (kind != Kind::Request || plan.all_optional()).then(|| quote!(Default,));
    let deserialize = match kind {
        // Requests also deserialize (leniently: `"20"` is an integer) so that tools can take them
        // as data, through the `dynamic` module; nothing else needs it, and the derived code is
        // a large share of the crate's build time, so it comes with that feature only.
        Kind::Request => quote!(#[cfg_attr(feature = "dynamic", derive(serde::Deserialize))]),
        // Responses and objects implement `Deserialize` through `lenient_deserialize` below.
        Kind::Response | Kind::Object => quote!(),
    };
    let lenient = (kind != Kind::Request).then(|| lenient_deserialize(plan));
    let fields = plan
        .fields
        .iter()
        .map(|field| field_declaration(plan, field, kind));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize)]
        #deserialize
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #lenient
    }
}

/// The `Deserialize` of a response or object: every member `Option<T>`, decoded leniently by
/// `tcgen_runtime::lenient::deserialize_struct`. One small impl per type instead of serde's
/// derive, which emits a visitor, a field enum and a wrapper type per `deserialize_with` member
/// (most of the crate's build time went there).
fn lenient_deserialize(plan: &StructPlan<'_>) -> TokenStream {
    let name = ident(&plan.name);
    let type_name = &plan.name;
    let wires = plan.fields.iter().map(|field| &field.member.name);
    let body = if plan.fields.is_empty() {
        quote! {
            let _ = (index, map);
            Ok(())
        }
    } else if let [field] = plan.fields.as_slice() {
        // One member: an `if`, not a one-arm `match` (clippy's `single_match`).
        let field_name = ident(&field.name);
        quote! {
            if index == 0 {
                self.#field_name = tcgen_runtime::lenient::member(map)?;
            }
            Ok(())
        }
    } else {
        let arms = plan.fields.iter().enumerate().map(|(index, field)| {
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            let field_name = ident(&field.name);
            quote! {
                #index => self.#field_name = tcgen_runtime::lenient::member(map)?,
            }
        });
        quote! {
            match index {
                #(#arms)*
                _ => {}
            }
            Ok(())
        }
    };
    quote! {
        impl tcgen_runtime::lenient::LenientStruct for #name {
            const NAME: &'static str = #type_name;
            const MEMBERS: &'static [&'static str] = &[#(#wires),*];

            fn decode_member<'de, A: serde::de::MapAccess<'de>>(
                &mut self,
                index: usize,
                map: &mut A,
            ) -> Result<(), A::Error> {
                #body
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                tcgen_runtime::lenient::deserialize_struct(deserializer)
            }
        }
    }
}

fn field_declaration(plan: &StructPlan<'_>, field: &FieldPlan<'_>, kind: Kind) -> TokenStream {
    let wire = &field.member.name;
    let name = ident(&field.name);
    let ty = field.ty.tokens();
    let mut doc = Doc::new()
        .text_or(&field.member.description, fallback_member_sentence(wire))
        .example_value(field.member.example.as_deref());
    if kind == Kind::Object && plan.writes_form && field.member.required {
        doc = doc.markdown("Required when the object is sent in a request.");
    }
    let doc = with_rename_note(doc, field.renamed.as_ref(), &field.name).outer();
    if kind.plain(field) {
        return quote! {
            #doc
            #[serde(
                rename = #wire,
                deserialize_with = "tcgen_runtime::lenient::Lenient::deserialize_lenient"
            )]
            pub #name: #ty,
        };
    }
    match kind {
        Kind::Request => quote! {
            #doc
            #[serde(
                rename = #wire,
                default,
                deserialize_with = "tcgen_runtime::lenient::option",
                skip_serializing_if = "Option::is_none"
            )]
            pub #name: Option<#ty>,
        },
        Kind::Response | Kind::Object => quote! {
            #doc
            #[serde(rename = #wire, skip_serializing_if = "Option::is_none")]
            pub #name: Option<#ty>,
        },
    }
}

/// The sentence standing in for a blank member description.
fn fallback_member_sentence(wire: &str) -> String {
    format!(
        "The {} member (the documentation gives no description).",
        docs::code(wire)
    )
}

/// Adds the explanation of a disambiguating suffix to an item's docs.
fn with_rename_note(doc: Doc, renamed: Option<&super::naming::Renamed>, name: &str) -> Doc {
    match renamed {
        Some(renamed) => doc.markdown(format!(
            "Named `{name}` because `{}` is taken by {}.",
            renamed.natural, renamed.holder
        )),
        None => doc,
    }
}

/// `impl T { new(..), builder() }`.
pub(crate) fn constructors(plan: &StructPlan<'_>, kind: Kind) -> TokenStream {
    let name = ident(&plan.name);
    let builder = plan.builder.as_deref().map(ident);
    let required: Vec<&FieldPlan<'_>> = plan.required().collect();

    let new = (required.len() <= MAX_CONSTRUCTOR_ARGS).then(|| {
        let mut params = Vec::new();
        let mut inits = Vec::new();
        for field in &required {
            let field_name = ident(&field.name);
            let parameter = field.ty.parameter();
            let param_ty = parameter.ty;
            params.push(quote!(#field_name: #param_ty));
            let value = parameter.conversion.apply(&field_name);
            inits.push(if !kind.plain(field) {
                quote!(#field_name: Some(#value))
            } else if parameter.conversion == Conversion::Identity {
                // `count: count` would be clippy's `redundant_field_names`.
                quote!(#field_name)
            } else {
                quote!(#field_name: #value)
            });
        }
        let doc = if required.is_empty() {
            Doc::new().markdown(format!(
                "Creates a `{}` with every member unset.",
                plan.name
            ))
        } else {
            let members: Vec<String> = required
                .iter()
                .map(|f| docs::code(&f.member.name))
                .collect();
            Doc::new().markdown(format!(
                "Creates a `{}` from its required members ({}); the others are unset.",
                plan.name,
                members.join(", ")
            ))
        }
        .outer();
        let body = if inits.is_empty() {
            // Only types that derive `Default` can lack required members.
            quote!(Self::default())
        } else if kind == Kind::Request {
            // Requests with required members have no `Default`: spell out the unset options.
            let unset = plan
                .fields
                .iter()
                .filter(|f| !kind.plain(f))
                .map(|f| ident(&f.name));
            quote!(Self { #(#inits,)* #(#unset: None,)* })
        } else if required.len() < plan.fields.len() {
            quote!(Self { #(#inits,)* ..Self::default() })
        } else {
            quote!(Self { #(#inits,)* })
        };
        quote! {
            #doc
            pub fn new(#(#params),*) -> Self {
                #body
            }
        }
    });
    let builder_fn = builder.as_ref().map(|builder| {
        let doc = Doc::new()
            .markdown(format!(
                "Starts building a `{}` member by member.",
                plan.name
            ))
            .outer();
        quote! {
            #doc
            pub fn builder() -> #builder {
                #builder::default()
            }
        }
    });
    quote! {
        impl #name {
            #new
            #builder_fn
        }
    }
}

/// The builder struct and its setters and `build`.
///
/// A request builder keeps every member as an `Option` until `build` checks the required ones;
/// an object builder simply wraps the object (whose fields are all optional already).
pub(crate) fn builder(plan: &StructPlan<'_>, kind: Kind) -> TokenStream {
    let Some(builder_name) = plan.builder.as_deref() else {
        return TokenStream::new();
    };
    let builder = ident(builder_name);
    let target = ident(&plan.name);
    let type_name = &plan.name;
    let wraps_target = kind == Kind::Object;

    let slots = if wraps_target {
        quote!(inner: #target,)
    } else {
        let slots = plan.fields.iter().map(|field| {
            let name = ident(&field.name);
            let ty = field.ty.tokens();
            quote!(#name: Option<#ty>,)
        });
        quote!(#(#slots)*)
    };
    let setters = plan.fields.iter().map(|field| {
        let name = ident(&field.name);
        let parameter = field.ty.parameter();
        let param_ty = parameter.ty;
        let value = parameter.conversion.apply(&name);
        let slot = if wraps_target {
            quote!(self.inner.#name)
        } else {
            quote!(self.#name)
        };
        let summary = docs::first_line(&field.member.description);
        let doc = if summary.is_empty() {
            format!("Sets the {} member.", docs::code(&field.member.name))
        } else {
            format!(
                "Sets the {} member: {summary}",
                docs::code(&field.member.name)
            )
        };
        let doc = Doc::new().markdown(doc).outer();
        // Setters are named after their fields, so `is_default` or `to_port` cannot follow the
        // self conventions that clippy expects of `is_*`/`to_*`/... names.
        let allow = ["as_", "from_", "into_", "is_", "to_"]
            .iter()
            .any(|prefix| field.name.starts_with(prefix))
            .then(|| quote!(#[allow(clippy::wrong_self_convention)]));
        // `#[inline]`: a setter moves the whole builder in and out; inlined, the chain of
        // setters writes each member in place (a tenth of building a large object otherwise).
        quote! {
            #doc
            #allow
            #[inline]
            pub fn #name(mut self, #name: #param_ty) -> Self {
                #slot = Some(#value);
                self
            }
        }
    });

    let required: Vec<&FieldPlan<'_>> = plan.required().collect();
    // One closure names the type for every missing-member error of this builder.
    let missing_closure = (!required.is_empty()).then(|| {
        quote!(let missing = |member| tcgen_runtime::BuildError { type_name: #type_name, member };)
    });
    let infallible = required.is_empty();
    let body = if wraps_target && infallible {
        quote!(self.inner)
    } else if wraps_target {
        let checks = required.iter().map(|field| {
            let name = ident(&field.name);
            let member = &field.member.name;
            quote! {
                if self.inner.#name.is_none() {
                    return Err(missing(#member));
                }
            }
        });
        quote! {
            #missing_closure
            #(#checks)*
            Ok(self.inner)
        }
    } else {
        let inits = plan.fields.iter().map(|field| {
            let name = ident(&field.name);
            let member = &field.member.name;
            if kind.plain(field) {
                quote!(#name: self.#name.ok_or_else(|| missing(#member))?)
            } else {
                quote!(#name: self.#name)
            }
        });
        if infallible {
            quote!(#target { #(#inits,)* })
        } else {
            quote! {
                #missing_closure
                Ok(#target { #(#inits,)* })
            }
        }
    };

    let builder_doc = Doc::new()
        .markdown(format!(
            "Builder of [`{type_name}`], from [`{type_name}::builder`]."
        ))
        .outer();
    let build_doc = Doc::new().markdown(format!("Finishes the `{type_name}`."));
    let build_doc = if infallible {
        build_doc.markdown("Never fails: every member is optional.")
    } else {
        let build_doc = build_doc.markdown("# Errors");
        let members: Vec<String> = required
            .iter()
            .map(|f| docs::code(&f.member.name))
            .collect();
        build_doc.markdown(format!(
            "A [`tcgen_runtime::BuildError`] naming the first required member left unset ({}).",
            members.join(", ")
        ))
    }
    .outer();
    let build = ident(BUILD_METHOD);
    let output = if infallible {
        quote!(#target)
    } else {
        quote!(Result<#target, tcgen_runtime::BuildError>)
    };
    quote! {
        #builder_doc
        #[derive(Debug, Clone, Default)]
        pub struct #builder {
            #slots
        }

        impl #builder {
            #(#setters)*

            #build_doc
            #[inline]
            pub fn #build(self) -> #output {
                #body
            }
        }
    }
}

/// Whether a member name is written in JSON as it is (no control character, `"` or `\\`), so
/// `JsonWriter::plain_member` may write it without scanning it.
fn is_plain_json_name(name: &str) -> bool {
    !name
        .bytes()
        .any(|byte| byte < 0x20 || byte == b'"' || byte == b'\\')
}

/// The wire glue of a request (`Request`, answered by `response`) or an object (`FormValue`,
/// and `JsonValue` where the plan writes JSON): its form flattening and its JSON body.
///
/// A request (`action` is its spec) also names its retry safety (`RETRY_SAFETY`, and the token
/// it carries) when the spec has one; the default, `Unsafe`, needs no line. Members with a rule
/// the writers check go through their checking calls: required lists and objects must not be
/// empty, numeric strings must be counts.
pub(crate) fn form(
    plan: &StructPlan<'_>,
    kind: Kind,
    response: Option<&str>,
    action: Option<&Action>,
) -> TokenStream {
    let name = ident(&plan.name);
    let (key_param, out_param) = if plan.fields.is_empty() {
        (quote!(_key), quote!(_out))
    } else {
        (quote!(key), quote!(out))
    };
    let rule = |field: &FieldPlan<'_>| value_rule(field, action);
    let writes = plan.fields.iter().map(|field| {
        let wire = &field.member.name;
        let field_name = ident(&field.name);
        match rule(field) {
            ValueRule::None => quote!(#out_param.field(key, #wire, &self.#field_name);),
            ValueRule::NotEmpty => {
                quote!(#out_param.required_field(key, #wire, &self.#field_name);)
            }
            ValueRule::Count => quote!(#out_param.count_field(key, #wire, &self.#field_name);),
        }
    });
    let json_members = plan.writes_json.then(|| {
        let members = plan.fields.iter().map(|field| {
            let wire = &field.member.name;
            let field_name = ident(&field.name);
            match rule(field) {
                ValueRule::NotEmpty => quote!(out.required_member(#wire, &self.#field_name);),
                ValueRule::Count => quote!(out.count_member(#wire, &self.#field_name);),
                // Wire names are identifiers in practice; one that JSON would escape is still
                // written correctly, by the escaping call.
                ValueRule::None if is_plain_json_name(wire) => {
                    quote!(out.plain_member(#wire, &self.#field_name);)
                }
                ValueRule::None => quote!(out.member(#wire, &self.#field_name);),
            }
        });
        quote! {
            out.begin_object();
            #(#members)*
            out.end_object();
        }
    });
    match kind {
        Kind::Request => {
            let wire = plan.wire;
            let response = match response {
                Some(response) => {
                    let response = ident(response);
                    quote!(#response)
                }
                None => quote!(serde_json::Value),
            };
            // Top-level members sit under the empty key.
            let root = (!plan.fields.is_empty())
                .then(|| quote!(let key = tcgen_runtime::form::Key::ROOT;));
            let write_json = json_members.map(|members| {
                quote! {
                    fn write_json(&self, out: &mut tcgen_runtime::json::JsonWriter) {
                        #members
                    }
                }
            });
            let safety = action
                .and_then(|action| action.retry_safety.as_ref())
                .map(|safety| retry_safety_glue(plan, safety));
            quote! {
                impl tcgen_runtime::Request for #name {
                    const ACTION: &'static str = #wire;
                    type Response = #response;
                    #safety

                    fn write_form<'a>(&'a self, #out_param: &mut tcgen_runtime::form::FormWriter<'a>) {
                        #root
                        #(#writes)*
                    }

                    #write_json
                }
            }
        }
        Kind::Object | Kind::Response => {
            let json_value = json_members.map(|members| {
                quote! {
                    impl tcgen_runtime::json::JsonValue for #name {
                        fn write_json(&self, out: &mut tcgen_runtime::json::JsonWriter) {
                            #members
                        }
                    }
                }
            });
            quote! {
                impl tcgen_runtime::form::FormValue for #name {
                    fn write_form<'a>(&'a self, #key_param: tcgen_runtime::form::Key, #out_param: &mut tcgen_runtime::form::FormWriter<'a>) {
                        #(#writes)*
                    }
                }

                #json_value
            }
        }
    }
}

/// What the writers check of a member's value before it is sent.
enum ValueRule {
    None,
    /// A required list or object: it must write something.
    NotEmpty,
    /// A numeric string of the action (`numeric_strings`): a count or an offset.
    Count,
}

fn value_rule(field: &FieldPlan<'_>, action: Option<&Action>) -> ValueRule {
    let member = field.member;
    if action.is_some_and(|action| action.numeric_strings.contains(&member.name))
        && member.ty == TypeRef::String
    {
        ValueRule::Count
    } else if member.required && matches!(member.ty, TypeRef::List(_) | TypeRef::Object(_)) {
        ValueRule::NotEmpty
    } else {
        ValueRule::None
    }
}

/// `RETRY_SAFETY`, and for a token the accessor the runtime reads it through.
fn retry_safety_glue(plan: &StructPlan<'_>, safety: &RetrySafety) -> TokenStream {
    match safety {
        RetrySafety::ReadOnly { .. } => quote! {
            const RETRY_SAFETY: tcgen_runtime::RetrySafety = tcgen_runtime::RetrySafety::ReadOnly;
        },
        RetrySafety::Token { member, .. } => {
            let Some(field) = plan
                .fields
                .iter()
                .find(|field| field.member.name == *member)
            else {
                return TokenStream::new();
            };
            let field_name = ident(&field.name);
            let token = if field.member.required {
                quote!(Some(self.#field_name.as_str()))
            } else {
                quote!(self.#field_name.as_deref())
            };
            quote! {
                const RETRY_SAFETY: tcgen_runtime::RetrySafety = tcgen_runtime::RetrySafety::Token(#member);
                fn idempotency_token(&self) -> Option<&str> {
                    #token
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_plain_json_name;

    #[test]
    fn only_names_json_would_escape_are_not_plain() {
        for plain in ["VpcId", "Filters.N", "ipv6-cidr", "名称", "a/b"] {
            assert!(is_plain_json_name(plain), "{plain}");
        }
        for escaped in ["Quoted\"Name", "back\\slash", "tab\tname", "\u{1}"] {
            assert!(!is_plain_json_name(escaped), "{escaped:?}");
        }
    }
}
