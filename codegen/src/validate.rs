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
        // A name derived from a doc's member name can hold any letter, but the spec JSON's type
        // grammar reads `object<Name>` back with ASCII names only.
        if format!("object<{}>", o.name).parse::<TypeRef>().is_err() {
            diags.error(
                o.span.start,
                format!(
                    "object name `{}` is not an ASCII identifier, so the spec JSON cannot name its type",
                    o.name
                ),
            );
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Envelope, Generation, Object, Span};

    fn spec_with_object(name: &str) -> ApiSpec {
        let member = Member {
            name: "networkAcl条目Set".into(),
            ty: TypeRef::Object(name.into()),
            required: false,
            required_unstated: false,
            description: String::new(),
            example: None,
            line: 7,
            doc_type: None,
        };
        ApiSpec {
            version: "v2".into(),
            generation: Generation::V2,
            service: "vpc".into(),
            host: "vpc.api.qcloud.com".into(),
            path: "/v2/index.php".into(),
            envelope: Envelope::CodeMessage,
            language: Default::default(),
            common_params: vec![member],
            common_errors: Vec::new(),
            actions: Vec::new(),
            objects: vec![Object {
                name: name.into(),
                description: String::new(),
                members: Vec::new(),
                origin: "output `networkAcl条目Set` of DescribeNetworkAcl".into(),
                file: None,
                span: Span { start: 5, end: 9 },
            }],
        }
    }

    #[test]
    fn object_names_must_read_back_from_the_spec_json() {
        // Found by the doc_parser fuzz target: a member name with Chinese letters made a derived
        // object name that regen wrote but `object<...>` could not read back.
        let mut diags = Diagnostics::new("docs.txt");
        validate(
            &spec_with_object("DescribeNetworkAclNetworkAcl条目Set"),
            &mut diags,
        );
        let messages: Vec<String> = diags.items().iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            ["error: docs.txt:5: object name `DescribeNetworkAclNetworkAcl条目Set` is not an ASCII identifier, so the spec JSON cannot name its type"]
        );

        let mut diags = Diagnostics::new("docs.txt");
        validate(
            &spec_with_object("DescribeNetworkAclNetworkAclEntrySet"),
            &mut diags,
        );
        assert_eq!(diags.error_count(), 0, "{:?}", diags.items());
    }
}
