//! Shape inference from examples: whether the docs' bare `Array` is a list or a structure,
//! decided by what the action's own examples send and return.

use crate::spec::{Example, Generation};

/// Whether the examples send `path` as a list (`path.0=…` or `path.0.x=…`).
pub(super) fn request_shape(examples: &[Example], path: &[String]) -> Option<bool> {
    let prefix = format!("{}.", path.join("."));
    let mut seen = None;
    for example in examples {
        for (key, _) in &example.form_params() {
            if let Some(rest) = key.strip_prefix(&prefix) {
                let first = rest.split('.').next().unwrap_or_default();
                seen = Some(first.parse::<usize>().is_ok());
                if seen == Some(true) {
                    return seen;
                }
            }
        }
    }
    seen
}

/// Whether the example responses hold an array (`Some(true)`) or an object at `path`, stepping
/// through the elements of lists on the way.
pub(super) fn response_shape(
    generation: Generation,
    examples: &[Example],
    path: &[String],
) -> Option<bool> {
    for example in examples {
        let Some(response) = &example.response else {
            continue;
        };
        let mut values: Vec<&serde_json::Value> = match generation {
            Generation::V3 => response.get("Response").into_iter().collect(),
            Generation::V2 => vec![response],
        };
        for segment in path {
            values = values
                .into_iter()
                .flat_map(|v| match v {
                    serde_json::Value::Array(items) => items.iter().collect::<Vec<_>>(),
                    other => vec![other],
                })
                .filter_map(|v| v.get(segment))
                .collect();
        }
        for value in values {
            match value {
                serde_json::Value::Array(_) => return Some(true),
                serde_json::Value::Object(_) => return Some(false),
                _ => {}
            }
        }
    }
    None
}
