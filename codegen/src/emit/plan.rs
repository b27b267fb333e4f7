//! The resolved view of one generation that the file emitters read: every Rust name chosen, every
//! type reference resolved, and the facts that need a look at the whole spec (which objects are
//! recursive, which are sent in requests, which error codes exist).
//!
//! All decisions about names happen here, in one pass in document order, so that the emitters
//! only print and the result does not depend on the order in which files are produced.

use std::collections::{BTreeMap, BTreeSet};

use super::naming::{self, NameAllocator, Renamed};
use super::EmitError;
use crate::spec::{Action, ApiSpec, Generation, Member, TypeRef};

/// Names that generated code uses unqualified and that a generated type must therefore not take.
const RESERVED_TYPE_NAMES: &[(&str, &str)] = &[
    ("Client", "the generation's client"),
    ("Error", "the generation's error type"),
    ("ErrorCode", "the generation's error-code enum"),
    ("Operation", "the generation's trait of sendable requests"),
    ("Option", "the prelude's `Option`"),
    ("Some", "the prelude's `Some`"),
    ("None", "the prelude's `None`"),
    ("Result", "the prelude's `Result`"),
    ("Ok", "the prelude's `Ok`"),
    ("Err", "the prelude's `Err`"),
    ("String", "the prelude's `String`"),
    ("Vec", "the prelude's `Vec`"),
    ("Box", "the prelude's `Box`"),
    ("Into", "the prelude's `Into`"),
    ("IntoIterator", "the prelude's `IntoIterator`"),
];

/// Inherent methods of the generated client, which action methods must not shadow.
const RESERVED_CLIENT_METHODS: &[(&str, &str)] = &[
    ("new", "the client's constructor"),
    ("inner", "the client's accessor of the runtime client"),
    (
        "send",
        "the client's method sending a request built beforehand",
    ),
];

/// The builder's finishing method, which no setter may shadow.
pub(crate) const BUILD_METHOD: &str = "build";

/// The fallback variant of every error-code enum.
pub(crate) const OTHER_VARIANT: &str = "Other";

/// A member type as Rust sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RustType {
    String,
    I64,
    U64,
    F64,
    Bool,
    Json,
    List(Box<RustType>),
    /// A generated object; `boxed` when the reference closes a cycle of direct references.
    Object {
        name: String,
        boxed: bool,
    },
}

/// One generation, resolved.
#[derive(Debug)]
pub(crate) struct ModulePlan<'a> {
    pub spec: &'a ApiSpec,
    pub module: &'static str,
    /// In spec order.
    pub objects: Vec<StructPlan<'a>>,
    /// In spec order.
    pub actions: Vec<ActionPlan<'a>>,
    /// Every documented code, common ones first, then per action in spec order; deduplicated.
    pub error_codes: Vec<ErrorVariant>,
    /// Index into [`ModulePlan::actions`] by wire name, for finding the actions a text names.
    pub actions_by_wire: BTreeMap<&'a str, usize>,
}

/// One action: its request, its response and its client method.
#[derive(Debug)]
pub(crate) struct ActionPlan<'a> {
    pub action: &'a Action,
    pub method: String,
    pub method_renamed: Option<Renamed>,
    pub request: StructPlan<'a>,
    pub response: StructPlan<'a>,
    /// Indexes into [`ModulePlan::error_codes`] of the action's own documented codes, doc order.
    pub errors: Vec<usize>,
}

/// A generated struct: an object, a request or a response.
#[derive(Debug)]
pub(crate) struct StructPlan<'a> {
    /// The object's or the action's wire name.
    pub wire: &'a str,
    pub name: String,
    pub renamed: Option<Renamed>,
    /// Requests and objects have builders; responses do not.
    pub builder: Option<String>,
    pub fields: Vec<FieldPlan<'a>>,
    /// Requests, and objects reachable from a request, are flattened into forms.
    pub writes_form: bool,
    /// Those of them that API 3.0 also sends as a TC3 JSON body write it themselves.
    pub writes_json: bool,
}

/// A field of a generated struct.
#[derive(Debug)]
pub(crate) struct FieldPlan<'a> {
    pub member: &'a Member,
    pub name: String,
    pub renamed: Option<Renamed>,
    pub ty: RustType,
}

/// A variant of the error-code enum.
#[derive(Debug)]
pub(crate) struct ErrorVariant {
    pub code: String,
    pub name: String,
    pub renamed: Option<Renamed>,
    /// The first non-blank description found, common codes first.
    pub description: String,
    pub common: bool,
    /// Actions documenting the code, in spec order.
    pub actions: Vec<String>,
}

impl StructPlan<'_> {
    /// The members a caller must set.
    pub(crate) fn required(&self) -> impl Iterator<Item = &FieldPlan<'_>> {
        self.fields.iter().filter(|field| field.member.required)
    }

    /// Whether `Default` can be derived for a request (no required member).
    pub(crate) fn all_optional(&self) -> bool {
        self.required().next().is_none()
    }
}

impl<'a> ModulePlan<'a> {
    pub(crate) fn new(spec: &'a ApiSpec) -> Result<Self, EmitError> {
        let module = spec.generation.module_name();
        let ctx = Ctx { module };
        let objects_by_wire =
            index_unique(&ctx, "object", spec.objects.iter().map(|o| o.name.as_str()))?;
        index_unique(&ctx, "action", spec.actions.iter().map(|a| a.name.as_str()))?;

        let type_names = ctx.type_names(spec)?;
        let boxed_edges = boxed_edges(&ctx, spec, &objects_by_wire)?;
        let sent = sent_objects(spec, &objects_by_wire);
        // Only API 3.0 has JSON bodies (TC3); v2 requests are always flattened.
        let json_bodies = spec.generation == Generation::V3;
        let resolver = Resolver {
            ctx,
            objects_by_wire: &objects_by_wire,
            type_names: &type_names,
        };

        let mut objects = Vec::with_capacity(spec.objects.len());
        for (index, object) in spec.objects.iter().enumerate() {
            let (name, renamed) = type_names.objects[index].clone();
            let location =
                |member: &Member| format!("object `{}` member `{}`", object.name, member.name);
            let fields =
                resolver.fields(&object.members, true, location, Some(index), &boxed_edges)?;
            objects.push(StructPlan {
                wire: &object.name,
                builder: Some(type_names.object_builders[index].clone()),
                name,
                renamed,
                fields,
                writes_form: sent.contains(&index),
                writes_json: json_bodies && sent.contains(&index),
            });
        }

        let error_codes = error_variants(&ctx, spec)?;
        let code_index: BTreeMap<&str, usize> = error_codes
            .iter()
            .enumerate()
            .map(|(i, variant)| (variant.code.as_str(), i))
            .collect();
        let methods = ctx.method_names(spec)?;

        let mut actions = Vec::with_capacity(spec.actions.len());
        for (index, action) in spec.actions.iter().enumerate() {
            let names = &type_names.actions[index];
            let input_location = |member: &Member| {
                format!("action `{}` input member `{}`", action.name, member.name)
            };
            let output_location = |member: &Member| {
                format!("action `{}` output member `{}`", action.name, member.name)
            };
            let request = StructPlan {
                wire: &action.name,
                name: names.request.0.clone(),
                renamed: names.request.1.clone(),
                builder: Some(names.request_builder.clone()),
                fields: resolver.fields(&action.input, true, input_location, None, &boxed_edges)?,
                writes_form: true,
                writes_json: json_bodies,
            };
            let response = StructPlan {
                wire: &action.name,
                name: names.response.0.clone(),
                renamed: names.response.1.clone(),
                builder: None,
                fields: resolver.fields(
                    &action.output,
                    false,
                    output_location,
                    None,
                    &boxed_edges,
                )?,
                writes_form: false,
                writes_json: false,
            };
            let mut errors = Vec::new();
            for error in &action.errors {
                let index = code_index[error.code.as_str()];
                if !errors.contains(&index) {
                    errors.push(index);
                }
            }
            let (method, method_renamed) = methods[index].clone();
            actions.push(ActionPlan {
                action,
                method,
                method_renamed,
                request,
                response,
                errors,
            });
        }

        let actions_by_wire = actions
            .iter()
            .enumerate()
            .map(|(index, plan)| (plan.action.name.as_str(), index))
            .collect();
        Ok(ModulePlan {
            spec,
            module,
            objects,
            actions,
            error_codes,
            actions_by_wire,
        })
    }
}

/// What error messages need to know about where they happened.
#[derive(Debug, Clone, Copy)]
struct Ctx {
    module: &'static str,
}

impl Ctx {
    fn invalid_name(&self, location: String, name: &str, reason: naming::NameError) -> EmitError {
        EmitError::InvalidName {
            module: self.module,
            location,
            name: name.to_string(),
            reason: reason.to_string(),
        }
    }

    /// Type names of a module, claimed in a fixed order: reserved names, requests and responses
    /// (spec order), objects (spec order), then builders, so a builder never displaces a type.
    fn type_names(&self, spec: &ApiSpec) -> Result<TypeNames, EmitError> {
        let mut action_bases = Vec::with_capacity(spec.actions.len());
        for action in &spec.actions {
            let base = naming::type_name(&action.name).map_err(|e| {
                self.invalid_name(format!("action `{}`", action.name), &action.name, e)
            })?;
            action_bases.push(base);
        }
        let mut object_bases = Vec::with_capacity(spec.objects.len());
        for object in &spec.objects {
            let base = naming::type_name(&object.name).map_err(|e| {
                self.invalid_name(format!("object `{}`", object.name), &object.name, e)
            })?;
            object_bases.push(base);
        }

        let mut naturals: Vec<String> = Vec::new();
        for base in &action_bases {
            naturals.extend([
                format!("{base}Request"),
                format!("{base}Response"),
                format!("{base}RequestBuilder"),
            ]);
        }
        for base in &object_bases {
            naturals.extend([base.clone(), format!("{base}Builder")]);
        }
        let mut names = NameAllocator::new("", naturals.iter().map(String::as_str));
        for (reserved, holder) in RESERVED_TYPE_NAMES {
            names.reserve(reserved, holder);
        }

        let mut actions: Vec<ActionTypeNames> = Vec::with_capacity(spec.actions.len());
        for (action, base) in spec.actions.iter().zip(&action_bases) {
            let request = names.claim(
                &format!("{base}Request"),
                &format!("the request of `{}`", action.name),
            );
            let response = names.claim(
                &format!("{base}Response"),
                &format!("the response of `{}`", action.name),
            );
            actions.push(ActionTypeNames {
                request,
                response,
                request_builder: String::new(),
            });
        }
        let mut objects = Vec::with_capacity(spec.objects.len());
        for (object, base) in spec.objects.iter().zip(&object_bases) {
            objects.push(names.claim(base, &format!("the object `{}`", object.name)));
        }
        for action in &mut actions {
            let holder = format!("the builder of `{}`", action.request.0);
            action.request_builder = names
                .claim(&format!("{}Builder", action.request.0), &holder)
                .0;
        }
        let object_builders = objects
            .iter()
            .map(|(name, _)| {
                names
                    .claim(
                        &format!("{name}Builder"),
                        &format!("the builder of `{name}`"),
                    )
                    .0
            })
            .collect();
        Ok(TypeNames {
            actions,
            objects,
            object_builders,
        })
    }

    fn method_names(&self, spec: &ApiSpec) -> Result<Vec<(String, Option<Renamed>)>, EmitError> {
        let mut bases = Vec::with_capacity(spec.actions.len());
        for action in &spec.actions {
            let base = naming::snake_name(&action.name).map_err(|e| {
                self.invalid_name(format!("action `{}`", action.name), &action.name, e)
            })?;
            bases.push(base);
        }
        let mut names = NameAllocator::new("_", bases.iter().map(String::as_str));
        for (reserved, holder) in RESERVED_CLIENT_METHODS {
            names.reserve(reserved, holder);
        }
        Ok(spec
            .actions
            .iter()
            .zip(&bases)
            .map(|(action, base)| names.claim(base, &format!("`{}`", action.name)))
            .collect())
    }
}

struct TypeNames {
    /// Per action, in spec order.
    actions: Vec<ActionTypeNames>,
    /// Per object, in spec order.
    objects: Vec<(String, Option<Renamed>)>,
    object_builders: Vec<String>,
}

struct ActionTypeNames {
    request: (String, Option<Renamed>),
    response: (String, Option<Renamed>),
    request_builder: String,
}

struct Resolver<'s> {
    ctx: Ctx,
    objects_by_wire: &'s BTreeMap<&'s str, usize>,
    type_names: &'s TypeNames,
}

impl<'s> Resolver<'s> {
    /// Names and types the fields of one struct. `has_builder` reserves the builder's `build`.
    /// `owner` is the object's index when the struct is an object (for boxing).
    fn fields<'m>(
        &self,
        members: &'m [Member],
        has_builder: bool,
        location: impl Fn(&Member) -> String,
        owner: Option<usize>,
        boxed_edges: &BTreeSet<(usize, usize)>,
    ) -> Result<Vec<FieldPlan<'m>>, EmitError> {
        let mut seen = BTreeSet::new();
        let mut bases = Vec::with_capacity(members.len());
        for member in members {
            if !seen.insert(member.name.as_str()) {
                return Err(EmitError::Duplicate {
                    module: self.ctx.module,
                    location: location(member),
                });
            }
            let base = naming::snake_name(&member.name)
                .map_err(|e| self.ctx.invalid_name(location(member), &member.name, e))?;
            bases.push(base);
        }
        let mut names = NameAllocator::new("_", bases.iter().map(String::as_str));
        if has_builder {
            names.reserve(BUILD_METHOD, "the builder's `build` method");
        }
        let mut fields = Vec::with_capacity(members.len());
        for (member, base) in members.iter().zip(&bases) {
            let (name, renamed) = names.claim(base, &format!("`{}`", member.name));
            let ty = self.rust_type(&member.ty, true, &|| location(member), owner, boxed_edges)?;
            fields.push(FieldPlan {
                member,
                name,
                renamed,
                ty,
            });
        }
        Ok(fields)
    }

    /// `direct` is false below a list, where `Vec` already gives the indirection a cycle needs.
    fn rust_type(
        &self,
        ty: &TypeRef,
        direct: bool,
        location: &dyn Fn() -> String,
        owner: Option<usize>,
        boxed_edges: &BTreeSet<(usize, usize)>,
    ) -> Result<RustType, EmitError> {
        Ok(match ty {
            TypeRef::String | TypeRef::Timestamp => RustType::String,
            TypeRef::Integer => RustType::I64,
            TypeRef::Unsigned => RustType::U64,
            TypeRef::Float => RustType::F64,
            TypeRef::Boolean => RustType::Bool,
            TypeRef::Json => RustType::Json,
            TypeRef::List(inner) => RustType::List(Box::new(self.rust_type(
                inner,
                false,
                location,
                owner,
                boxed_edges,
            )?)),
            TypeRef::Object(wire) => {
                let index = *self.objects_by_wire.get(wire.as_str()).ok_or_else(|| {
                    EmitError::UnknownObject {
                        module: self.ctx.module,
                        location: location(),
                        object: wire.clone(),
                    }
                })?;
                let boxed =
                    direct && owner.is_some_and(|owner| boxed_edges.contains(&(owner, index)));
                RustType::Object {
                    name: self.type_names.objects[index].0.clone(),
                    boxed,
                }
            }
        })
    }
}

/// Maps wire names to their index, rejecting duplicates.
fn index_unique<'s>(
    ctx: &Ctx,
    what: &'static str,
    names: impl Iterator<Item = &'s str>,
) -> Result<BTreeMap<&'s str, usize>, EmitError> {
    let mut index = BTreeMap::new();
    for (i, name) in names.enumerate() {
        if index.insert(name, i).is_some() {
            return Err(EmitError::Duplicate {
                module: ctx.module,
                location: format!("{what} `{name}`"),
            });
        }
    }
    Ok(index)
}

/// Every object a type mentions, at any depth of lists.
fn mentioned_object(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Object(name) => Some(name),
        TypeRef::List(inner) => mentioned_object(inner),
        _ => None,
    }
}

/// The direct references `(from, to)` that close a cycle (`to` reaches `from` through direct
/// references) and must therefore be boxed to give the type a finite size.
fn boxed_edges(
    ctx: &Ctx,
    spec: &ApiSpec,
    objects_by_wire: &BTreeMap<&str, usize>,
) -> Result<BTreeSet<(usize, usize)>, EmitError> {
    let mut edges: Vec<Vec<usize>> = Vec::with_capacity(spec.objects.len());
    for object in &spec.objects {
        let mut targets = Vec::new();
        for member in &object.members {
            // Only direct references matter: a list already puts its elements behind a pointer.
            let TypeRef::Object(wire) = &member.ty else {
                continue;
            };
            let to =
                *objects_by_wire
                    .get(wire.as_str())
                    .ok_or_else(|| EmitError::UnknownObject {
                        module: ctx.module,
                        location: format!("object `{}` member `{}`", object.name, member.name),
                        object: wire.clone(),
                    })?;
            targets.push(to);
        }
        edges.push(targets);
    }
    let reaches = |from: usize, goal: usize| {
        let mut stack = vec![from];
        let mut seen = BTreeSet::new();
        while let Some(node) = stack.pop() {
            if node == goal {
                return true;
            }
            if seen.insert(node) {
                stack.extend(&edges[node]);
            }
        }
        false
    };
    let mut boxed = BTreeSet::new();
    for (from, targets) in edges.iter().enumerate() {
        for &to in targets {
            if reaches(to, from) {
                boxed.insert((from, to));
            }
        }
    }
    Ok(boxed)
}

/// Objects reachable from any request: they are flattened into forms.
fn sent_objects(spec: &ApiSpec, objects_by_wire: &BTreeMap<&str, usize>) -> BTreeSet<usize> {
    let mut sent = BTreeSet::new();
    let mut stack: Vec<usize> = spec
        .actions
        .iter()
        .flat_map(|action| &action.input)
        .filter_map(|member| mentioned_object(&member.ty))
        .filter_map(|wire| objects_by_wire.get(wire).copied())
        .collect();
    while let Some(index) = stack.pop() {
        if sent.insert(index) {
            stack.extend(
                spec.objects[index]
                    .members
                    .iter()
                    .filter_map(|member| mentioned_object(&member.ty))
                    .filter_map(|wire| objects_by_wire.get(wire).copied()),
            );
        }
    }
    sent
}

/// The documented error codes of a generation, deduplicated, with their variant names.
fn error_variants(ctx: &Ctx, spec: &ApiSpec) -> Result<Vec<ErrorVariant>, EmitError> {
    let mut variants: Vec<ErrorVariant> = Vec::new();
    let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
    let documented = spec.common_errors.iter().map(|error| (None, error)).chain(
        spec.actions
            .iter()
            .flat_map(|action| action.errors.iter().map(move |error| (Some(action), error))),
    );
    for (action, error) in documented {
        let index = *by_code.entry(error.code.clone()).or_insert_with(|| {
            variants.push(ErrorVariant {
                code: error.code.clone(),
                name: String::new(),
                renamed: None,
                description: String::new(),
                common: false,
                actions: Vec::new(),
            });
            variants.len() - 1
        });
        let variant = &mut variants[index];
        match action {
            None => variant.common = true,
            Some(action) if !variant.actions.contains(&action.name) => {
                variant.actions.push(action.name.clone())
            }
            Some(_) => {}
        }
        if !super::docs::has_content(&variant.description) {
            variant.description = error.description.clone();
        }
    }

    let mut bases = Vec::with_capacity(variants.len());
    for variant in &variants {
        let location = format!("error code `{}`", variant.code);
        bases.push(
            naming::variant_name(&variant.code)
                .map_err(|e| ctx.invalid_name(location, &variant.code, e))?,
        );
    }
    let mut names = NameAllocator::new("", bases.iter().map(String::as_str));
    names.reserve(OTHER_VARIANT, "the fallback for undocumented codes");
    for (variant, base) in variants.iter_mut().zip(&bases) {
        let (name, renamed) = names.claim(base, &format!("`{}`", variant.code));
        variant.name = name;
        variant.renamed = renamed;
    }
    Ok(variants)
}
