//! A spec K times the size of another: renamed copies of every action and object, for measuring
//! how the emitter's time (`benches/regen.rs`) and the generated crate's build
//! (`benches/build_time.sh --scale K`) grow with the size of the API.
//!
//! Copy `k` (2..=K) of every action is renamed `<Action>V<k>`, and so is every object, with the
//! copy's members referring to the copy's objects, so each copy is a distinct API surface of the
//! same shape, as a larger edition would be.

use tcgen_codegen::spec::{Action, ApiSpec, Member, Object, TypeRef};

/// The spec with `scale` copies of every action and object (the first copy is the original).
pub fn scale_spec(spec: &ApiSpec, scale: usize) -> ApiSpec {
    let mut scaled = spec.clone();
    for copy in 2..=scale {
        let rename = |name: &str| format!("{name}V{copy}");
        scaled
            .actions
            .extend(spec.actions.iter().map(|action| Action {
                name: rename(&action.name),
                input: renamed_members(&action.input, &rename),
                output: renamed_members(&action.output, &rename),
                ..action.clone()
            }));
        scaled
            .objects
            .extend(spec.objects.iter().map(|object| Object {
                name: rename(&object.name),
                members: renamed_members(&object.members, &rename),
                ..object.clone()
            }));
    }
    scaled.actions.sort_by(|a, b| a.name.cmp(&b.name));
    scaled.objects.sort_by(|a, b| a.name.cmp(&b.name));
    scaled
}

fn renamed_members(members: &[Member], rename: &dyn Fn(&str) -> String) -> Vec<Member> {
    members
        .iter()
        .map(|member| Member {
            ty: renamed_type(&member.ty, rename),
            ..member.clone()
        })
        .collect()
}

fn renamed_type(ty: &TypeRef, rename: &dyn Fn(&str) -> String) -> TypeRef {
    match ty {
        TypeRef::Object(name) => TypeRef::Object(rename(name)),
        TypeRef::List(inner) => TypeRef::list_of(renamed_type(inner, rename)),
        other => other.clone(),
    }
}
