//! Strict checking of requests given as JSON data (the generated `dynamic` modules).
//!
//! Typed requests deserialize leniently, and serde ignores members it does not know. For calls
//! built from data (tools, a command line) a misspelt member (`VpcNmae`) must fail instead of
//! vanishing, so the generated `form_params_from_json` first checks the input against tables of
//! the members each request and object has, at any depth.

use serde::de::Error as _;
use serde_json::Value;

/// The members of one request or object: each wire name, with the name of the generated
/// object it holds (directly or in lists) when it holds one.
pub type Members = &'static [(&'static str, Option<&'static str>)];

/// Members of the generated objects, by object name, sorted by name.
pub type Objects = &'static [(&'static str, Members)];

/// Checks that every member of `input`, and of the objects nested in it, is one the request of
/// `action` (with `members`) knows; `objects` gives the members of nested objects.
///
/// Values that are not JSON objects are left to the typed decoding, which reports them.
///
/// # Errors
///
/// A JSON error naming the first unknown member by its path (`Filters[0].Nmae`), the action and
/// the members allowed there.
pub fn check_members(
    action: &str,
    input: &Value,
    members: Members,
    objects: Objects,
) -> Result<(), serde_json::Error> {
    let mut path = String::new();
    check_value(action, input, members, objects, &mut path, 0)
}

/// Deeper nesting than this is not checked further (the documented requests nest a few levels;
/// the bound keeps hostile input from exhausting the stack).
const MAX_DEPTH: usize = 64;

fn check_value(
    action: &str,
    value: &Value,
    members: Members,
    objects: Objects,
    path: &mut String,
    depth: usize,
) -> Result<(), serde_json::Error> {
    if depth > MAX_DEPTH {
        return Err(serde_json::Error::custom(format!(
            "the input of action `{action}` nests deeper than {MAX_DEPTH} levels at `{path}`"
        )));
    }
    match value {
        Value::Object(map) => {
            for (key, member_value) in map {
                let Some((_, object)) = members.iter().find(|(name, _)| name == key) else {
                    let place = if path.is_empty() {
                        String::new()
                    } else {
                        format!(" in `{path}`")
                    };
                    let known: Vec<&str> = members.iter().map(|(name, _)| *name).collect();
                    return Err(serde_json::Error::custom(format!(
                        "unknown member `{}`{place} of action `{action}` (known here: {})",
                        join_path(path, key),
                        if known.is_empty() {
                            "none".to_owned()
                        } else {
                            known.join(", ")
                        }
                    )));
                };
                let Some(object) = object else {
                    continue;
                };
                let Ok(index) = objects.binary_search_by(|(name, _)| name.cmp(object)) else {
                    continue;
                };
                let nested = objects[index].1;
                let saved = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                let result = check_value(action, member_value, nested, objects, path, depth + 1);
                path.truncate(saved);
                result?;
            }
            Ok(())
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let saved = path.len();
                path.push_str(&format!("[{index}]"));
                let result = check_value(action, item, members, objects, path, depth + 1);
                path.truncate(saved);
                result?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn join_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const FILTER: Members = &[("Name", None), ("Values", None)];
    const OBJECTS: Objects = &[
        ("Filter", FILTER),
        ("Outer", &[("Filters", Some("Filter"))]),
    ];
    const REQUEST: Members = &[
        ("Filters", Some("Filter")),
        ("Outer", Some("Outer")),
        ("Limit", None),
        ("Extra", Some("Missing")),
    ];

    fn check(input: Value) -> Result<(), String> {
        check_members("DescribeVpcs", &input, REQUEST, OBJECTS).map_err(|e| e.to_string())
    }

    #[test]
    fn known_members_pass_at_every_depth() {
        assert_eq!(
            check(json!({
                "Filters": [{"Name": "vpc-name", "Values": ["a"]}],
                "Outer": {"Filters": [{"Name": "x"}]},
                "Limit": "20",
                "Extra": {"anything": 1}
            })),
            Ok(())
        );
        // Shapes that are not objects are left to the typed decoding.
        assert_eq!(check(json!("text")), Ok(()));
        assert_eq!(check(json!({"Filters": "x"})), Ok(()));
    }

    #[test]
    fn unknown_members_are_named_with_their_path_and_the_action() {
        let top = check(json!({"VpcNmae": "x"})).unwrap_err();
        assert!(
            top.starts_with("unknown member `VpcNmae` of action `DescribeVpcs`"),
            "{top}"
        );
        assert!(top.contains("Filters, Outer, Limit, Extra"), "{top}");
        let nested = check(json!({"Filters": [{"Name": "a"}, {"Nmae": "b"}]})).unwrap_err();
        assert!(
            nested.starts_with(
                "unknown member `Filters[1].Nmae` in `Filters[1]` of action `DescribeVpcs`"
            ),
            "{nested}"
        );
        let deeper = check(json!({"Outer": {"Filters": [{"Value": "x"}]}})).unwrap_err();
        assert!(deeper.contains("`Outer.Filters[0].Value`"), "{deeper}");
        // Member names are case-sensitive, as the typed decoding is.
        assert!(check(json!({"limit": "1"})).is_err());
    }

    #[test]
    fn hostile_nesting_is_bounded() {
        let mut value = json!(1);
        for _ in 0..200 {
            value = json!([value]);
        }
        let err = check(json!({ "Filters": value })).unwrap_err();
        assert!(err.contains("nests deeper"), "{err}");
    }
}
