//! Validation of extracted specs: every type resolves, names are unique, required facts exist.

use std::collections::BTreeSet;

use crate::diag::Diagnostics;
use crate::spec::{ApiSpec, Member, TypeRef};

fn referenced_object(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Object(n) => Some(n),
        TypeRef::List(inner) => referenced_object(inner),
        _ => None,
    }
}

fn check_members(
    owner: &str,
    members: &[Member],
    objects: &BTreeSet<&str>,
    diags: &mut Diagnostics,
) {
    let mut seen = BTreeSet::new();
    for m in members {
        if !seen.insert(m.name.as_str()) {
            diags.error(
                m.line,
                format!("{owner}: member `{}` appears twice", m.name),
            );
        }
        if let Some(obj) = referenced_object(&m.ty) {
            if !objects.contains(obj) {
                diags.error(
                    m.line,
                    format!(
                        "{owner}: member `{}` has type `{}`, but no object `{obj}` is documented",
                        m.name, m.ty
                    ),
                );
            }
        }
        if m.name.is_empty() || m.name.contains(char::is_whitespace) {
            diags.error(
                m.line,
                format!("{owner}: member name {:?} is not a wire name", m.name),
            );
        }
    }
}

/// Checks one spec, reporting every problem as an error diagnostic.
pub fn validate(spec: &ApiSpec, diags: &mut Diagnostics) {
    let mut names = BTreeSet::new();
    for o in &spec.objects {
        if !names.insert(o.name.as_str()) {
            diags.error(
                o.span.start,
                format!("object `{}` is defined twice", o.name),
            );
        }
    }
    let actions: BTreeSet<&str> = spec.actions.iter().map(|a| a.name.as_str()).collect();
    for o in &spec.objects {
        if actions.contains(o.name.as_str()) {
            diags.error(
                o.span.start,
                format!("object `{}` has the name of an action", o.name),
            );
        }
        check_members(&format!("object {}", o.name), &o.members, &names, diags);
    }
    for a in &spec.actions {
        if !a
            .name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase())
            || !a.name.chars().all(|c| c.is_ascii_alphanumeric())
        {
            diags.error(
                a.span.start,
                format!("action name `{}` is not an identifier", a.name),
            );
        }
        check_members(&format!("{} input", a.name), &a.input, &names, diags);
        check_members(&format!("{} output", a.name), &a.output, &names, diags);
        if a.host.is_empty() {
            diags.error(a.span.start, format!("{}: no host", a.name));
        }
    }
    check_members("common parameters", &spec.common_params, &names, diags);
}
