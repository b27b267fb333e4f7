//! Cross-checks every action's tables against its own examples.
//!
//! An example request whose parameter the input table does not have (or has with another
//! shape), or an example response with a field the output table does not list, is either a
//! parser bug or a doc erratum; this module finds them so that each can be fixed in the parser
//! or in `spec/overrides.toml`, or listed as a defect of the docs.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

use crate::spec::{Action, ApiSpec, Generation, Member, Object, TypeRef};

/// One disagreement between an example and its action's tables.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub version: String,
    pub action: String,
    /// The doc line where the example starts.
    pub line: u32,
    /// `request` or `response`.
    pub part: &'static str,
    /// The parameter key or JSON path.
    pub path: String,
    pub problem: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} (example at line {}): {} `{}`: {}",
            self.version, self.action, self.line, self.part, self.path, self.problem
        )
    }
}

/// Common request parameters an example may carry besides the action's own (both generations,
/// every signing method).
pub const COMMON_PARAMS: &[&str] = &[
    "Action",
    "Version",
    "Region",
    "Timestamp",
    "Nonce",
    "SecretId",
    "Signature",
    "SignatureMethod",
    "Token",
    "Language",
    "RequestClient",
];

/// The fields of the v2 envelope, which every response carries.
const V2_ENVELOPE: &[&str] = &["code", "message", "codeDesc"];

/// Checks all examples of a spec.
pub fn crosscheck(spec: &ApiSpec) -> Vec<Finding> {
    let objects: BTreeMap<&str, &Object> =
        spec.objects.iter().map(|o| (o.name.as_str(), o)).collect();
    let mut out = Vec::new();
    for action in &spec.actions {
        for example in &action.examples {
            let mut report = |part: &'static str, path: String, problem: String| {
                out.push(Finding {
                    version: spec.version.clone(),
                    action: action.name.clone(),
                    line: example.span.start,
                    part,
                    path,
                    problem,
                })
            };
            for (key, value) in &example.form_params() {
                if COMMON_PARAMS.contains(&key.as_str()) {
                    continue;
                }
                if let Err(problem) = check_param(key, value, &action.input, &objects) {
                    report("request", key.clone(), problem);
                }
            }
            if let Some(response) = &example.response {
                check_response(spec.generation, action, response, &objects, &mut report);
            }
        }
    }
    // One finding per shape: `data.3.vpcName` is `data.n.vpcName`.
    for f in &mut out {
        f.path = f
            .path
            .split('.')
            .map(|seg| {
                if seg.parse::<usize>().is_ok() {
                    "n"
                } else {
                    seg
                }
            })
            .collect::<Vec<_>>()
            .join(".");
    }
    out.sort();
    out.dedup();
    out
}

fn check_param(
    key: &str,
    value: &str,
    members: &[Member],
    objects: &BTreeMap<&str, &Object>,
) -> Result<(), String> {
    let segments: Vec<&str> = key.split('.').collect();
    let Some(member) = members.iter().find(|m| m.name == segments[0]) else {
        return Err("the input table has no such parameter".to_string());
    };
    check_segments(&member.ty, &segments[1..], value, objects)
}

fn check_segments(
    ty: &TypeRef,
    rest: &[&str],
    value: &str,
    objects: &BTreeMap<&str, &Object>,
) -> Result<(), String> {
    match (ty, rest.first()) {
        (TypeRef::List(inner), Some(index)) => {
            if index.parse::<usize>().is_err() {
                return Err(format!(
                    "`{index}` is not a list index (the table says {ty})"
                ));
            }
            check_segments(inner, &rest[1..], value, objects)
        }
        (TypeRef::List(_), None) => Err(format!("a list ({ty}) is sent without an index")),
        (TypeRef::Object(name), Some(field)) => {
            let Some(object) = objects.get(name.as_str()) else {
                return Err(format!("object `{name}` is not documented"));
            };
            let Some(member) = object.members.iter().find(|m| m.name == *field) else {
                return Err(format!("object `{name}` has no member `{field}`"));
            };
            check_segments(&member.ty, &rest[1..], value, objects)
        }
        (TypeRef::Object(name), None) => Err(format!("object `{name}` is sent as a scalar")),
        (TypeRef::Json, _) => Ok(()),
        (scalar, Some(extra)) => Err(format!(
            "`{extra}` goes inside a {scalar}, which has no members"
        )),
        (scalar, None) => check_scalar_text(scalar, value),
    }
}

fn check_scalar_text(ty: &TypeRef, value: &str) -> Result<(), String> {
    let ok = match ty {
        TypeRef::Integer => value.parse::<i64>().is_ok(),
        TypeRef::Unsigned => value.parse::<u64>().is_ok(),
        TypeRef::Float => value.parse::<f64>().is_ok(),
        TypeRef::Boolean => matches!(
            value,
            "true" | "false" | "TRUE" | "FALSE" | "True" | "False" | "0" | "1"
        ),
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("value `{value}` is not a {ty}"))
    }
}

fn check_response(
    generation: Generation,
    action: &Action,
    response: &Value,
    objects: &BTreeMap<&str, &Object>,
    report: &mut impl FnMut(&'static str, String, String),
) {
    let (body, prefix) = match generation {
        Generation::V3 => match response.get("Response") {
            Some(body) => (body, "Response"),
            None => {
                report(
                    "response",
                    String::new(),
                    "no `Response` object".to_string(),
                );
                return;
            }
        },
        Generation::V2 => (response, ""),
    };
    let Some(fields) = body.as_object() else {
        report(
            "response",
            prefix.to_string(),
            "the body is not an object".to_string(),
        );
        return;
    };
    if generation == Generation::V3 && fields.contains_key("Error") {
        return;
    }
    // The v2 envelope's own fields are the runtime's business, documented or not.
    let fields: serde_json::Map<String, Value> = fields
        .iter()
        .filter(|(k, _)| {
            generation == Generation::V3
                || !V2_ENVELOPE.contains(&k.as_str())
                || action.output.iter().any(|m| &m.name == *k)
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    check_fields(&fields, &action.output, prefix, objects, report);
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

fn check_fields(
    fields: &serde_json::Map<String, Value>,
    members: &[Member],
    prefix: &str,
    objects: &BTreeMap<&str, &Object>,
    report: &mut impl FnMut(&'static str, String, String),
) {
    for (key, value) in fields {
        let path = join(prefix, key);
        match members.iter().find(|m| &m.name == key) {
            Some(m) => check_value(&m.ty, value, &path, objects, report),
            None => report(
                "response",
                path,
                "the output table has no such field".to_string(),
            ),
        }
    }
}

fn check_value(
    ty: &TypeRef,
    value: &Value,
    path: &str,
    objects: &BTreeMap<&str, &Object>,
    report: &mut impl FnMut(&'static str, String, String),
) {
    match (ty, value) {
        (_, Value::Null) | (TypeRef::Json, _) => {}
        (TypeRef::List(inner), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                check_value(inner, item, &format!("{path}.{i}"), objects, report);
            }
        }
        (TypeRef::Object(name), Value::Object(fields)) => match objects.get(name.as_str()) {
            Some(object) => check_fields(fields, &object.members, path, objects, report),
            None => report(
                "response",
                path.to_string(),
                format!("object `{name}` is not documented"),
            ),
        },
        (
            TypeRef::String | TypeRef::Timestamp,
            Value::String(_) | Value::Number(_) | Value::Bool(_),
        ) => {}
        (TypeRef::Integer | TypeRef::Unsigned | TypeRef::Float, Value::Number(_)) => {}
        // The legacy API returns 0/1 flags documented as Int as JSON booleans.
        (TypeRef::Integer | TypeRef::Unsigned, Value::Bool(_)) => {}
        (TypeRef::Integer | TypeRef::Unsigned | TypeRef::Float, Value::String(s))
            if s.parse::<f64>().is_ok() => {}
        (TypeRef::Boolean, Value::Bool(_)) => {}
        (TypeRef::Boolean, Value::Number(n)) if n.as_u64().is_some_and(|n| n <= 1) => {}
        (TypeRef::Boolean, Value::String(s))
            if matches!(s.as_str(), "true" | "false" | "0" | "1") => {}
        (ty, value) => report(
            "response",
            path.to_string(),
            format!("the table says {ty}, the example has {}", kind(value)),
        ),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
