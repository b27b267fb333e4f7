//! Strict checking of requests given as JSON data (the generated `dynamic` modules).
//!
//! Typed requests deserialize leniently, and serde ignores members it does not know. For calls
//! built from data (tools, a command line) a misspelt member (`VpcNmae`) must fail instead of
//! vanishing, so the generated `form_params_from_json` first checks the input against tables of
//! the members each request and object has, at any depth.

use serde::de::Error as _;
use serde_json::Value;

use crate::check;

/// What a member holds, as far as a value given as JSON must match it. Lists are checked
/// element by element against the kind of their elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text (`String`, timestamps): a JSON string only; a boolean or number is refused rather
    /// than turned into text.
    Text,
    /// Text the docs describe as a count or an offset: a non-negative integer, as a number or
    /// as text.
    Count,
    /// An integer: a JSON integer, or text that is one.
    Integer,
    /// A number: a JSON number, or text that is one.
    Float,
    /// A boolean: `true`/`false` (also as text), or `0`/`1`.
    Boolean,
    /// Any JSON.
    Json,
    /// The generated object of this name.
    Object(&'static str),
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Count => "a count or offset (a non-negative integer)",
            Kind::Integer => "an integer",
            Kind::Float => "a number",
            Kind::Boolean => "a boolean",
            Kind::Json => "any JSON",
            Kind::Object(_) => "an object",
        }
    }
}

/// The members of one request or object: each wire name, with what it holds.
pub type Members = &'static [(&'static str, Kind)];

/// Members of the generated objects, by object name, sorted by name.
pub type Objects = &'static [(&'static str, Members)];

/// Checks that every member of `input`, and of the objects nested in it, is one the request of
/// `action` (with `members`) knows, holding a value of its kind; `objects` gives the members of
/// nested objects.
///
/// # Errors
///
/// A JSON error naming the first unknown member or ill-typed value by its path
/// (`Filters[0].Nmae`) and the action, with the members allowed there or the kind expected.
pub fn check_members(
    action: &str,
    input: &Value,
    members: Members,
    objects: Objects,
) -> Result<(), serde_json::Error> {
    let mut walk = Walk {
        action,
        objects,
        path: String::new(),
    };
    walk.object(input, members, 0)
}

/// Deeper nesting than this is not checked further (the documented requests nest a few levels;
/// the bound keeps hostile input from exhausting the stack).
const MAX_DEPTH: usize = 64;

/// One check of an action's input: where it is (`path`) and what it checks against.
struct Walk<'a> {
    action: &'a str,
    objects: Objects,
    path: String,
}

impl Walk<'_> {
    fn error(&self, text: String) -> serde_json::Error {
        serde_json::Error::custom(text)
    }

    /// Runs `check` with `segment` appended to the path (`.Name`, `[0]`).
    fn within<R>(&mut self, segment: &str, check: impl FnOnce(&mut Self) -> R) -> R {
        let saved = self.path.len();
        if !self.path.is_empty() && !segment.starts_with('[') {
            self.path.push('.');
        }
        self.path.push_str(segment);
        let result = check(self);
        self.path.truncate(saved);
        result
    }

    fn depth_ok(&self, depth: usize) -> Result<(), serde_json::Error> {
        if depth > MAX_DEPTH {
            return Err(self.error(format!(
                "the input of action `{}` nests deeper than {MAX_DEPTH} levels at `{}`",
                self.action, self.path
            )));
        }
        Ok(())
    }

    /// `value` as the members of an object (the request itself at the top).
    fn object(
        &mut self,
        value: &Value,
        members: Members,
        depth: usize,
    ) -> Result<(), serde_json::Error> {
        self.depth_ok(depth)?;
        let Value::Object(map) = value else {
            // The request itself as something else is left to the typed decoding, which says so.
            return Ok(());
        };
        for (key, member_value) in map {
            let Some((_, kind)) = members.iter().find(|(name, _)| name == key) else {
                let place = if self.path.is_empty() {
                    String::new()
                } else {
                    format!(" in `{}`", self.path)
                };
                let known: Vec<&str> = members.iter().map(|(name, _)| *name).collect();
                return Err(self.error(format!(
                    "unknown member `{}`{place} of action `{}` (known here: {})",
                    join_path(&self.path, key),
                    self.action,
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    }
                )));
            };
            self.within(key, |walk| walk.value(member_value, *kind, depth + 1))?;
        }
        Ok(())
    }

    /// `value` as a member of `kind` at the current path.
    fn value(&mut self, value: &Value, kind: Kind, depth: usize) -> Result<(), serde_json::Error> {
        self.depth_ok(depth)?;
        let fits = match (kind, value) {
            // Absent, as the typed decoding reads it.
            (_, Value::Null) | (Kind::Json, _) => true,
            (_, Value::Array(items)) => {
                for (index, item) in items.iter().enumerate() {
                    self.within(&format!("[{index}]"), |walk| {
                        walk.value(item, kind, depth + 1)
                    })?;
                }
                return Ok(());
            }
            (Kind::Object(object), Value::Object(_)) => {
                // An object without a table (never sent) is left to the typed decoding.
                let objects = self.objects;
                let Ok(index) = objects.binary_search_by(|(name, _)| name.cmp(&object)) else {
                    return Ok(());
                };
                return self.object(value, objects[index].1, depth);
            }
            (Kind::Text, Value::String(_)) => true,
            (Kind::Count, Value::String(text)) => {
                if let Some(reason) = check::count_text_error(text) {
                    return Err(self.error(format!(
                        "member `{}` of action `{}`: {reason}",
                        self.path, self.action
                    )));
                }
                true
            }
            (Kind::Count, Value::Number(number)) => number.is_u64(),
            (Kind::Integer, Value::Number(number)) => number.is_i64() || number.is_u64(),
            (Kind::Integer, Value::String(text)) => text.trim().parse::<i64>().is_ok(),
            (Kind::Float, Value::Number(_)) => true,
            (Kind::Float, Value::String(text)) => text.trim().parse::<f64>().is_ok(),
            (Kind::Boolean, Value::Bool(_)) => true,
            (Kind::Boolean, Value::Number(number)) => matches!(number.as_u64(), Some(0 | 1)),
            (Kind::Boolean, Value::String(text)) => matches!(text.as_str(), "true" | "false"),
            _ => false,
        };
        if fits {
            return Ok(());
        }
        Err(self.error(format!(
            "member `{}` of action `{}` takes {}, not {}",
            self.path,
            self.action,
            kind.noun(),
            describe(value)
        )))
    }
}

/// A value as an error message shows it: its JSON kind and, for scalars, the value.
fn describe(value: &Value) -> String {
    match value {
        Value::Bool(flag) => format!("the boolean {flag}"),
        Value::Number(number) => format!("the number {number}"),
        Value::String(text) => format!("the text {text:?}"),
        Value::Object(_) => "an object".to_owned(),
        Value::Array(_) => "a list".to_owned(),
        Value::Null => "null".to_owned(),
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

    const FILTER: Members = &[("Name", Kind::Text), ("Values", Kind::Text)];
    const OBJECTS: Objects = &[
        ("Filter", FILTER),
        ("Outer", &[("Filters", Kind::Object("Filter"))]),
    ];
    const REQUEST: Members = &[
        ("Filters", Kind::Object("Filter")),
        ("Outer", Kind::Object("Outer")),
        ("Limit", Kind::Count),
        ("Extra", Kind::Object("Missing")),
        ("Count", Kind::Integer),
        ("Enabled", Kind::Boolean),
        ("Ratio", Kind::Float),
        ("Anything", Kind::Json),
    ];

    fn check(input: Value) -> Result<(), String> {
        check_members("DescribeVpcs", &input, REQUEST, OBJECTS).map_err(|e| e.to_string())
    }

    #[test]
    fn known_members_of_their_kind_pass_at_every_depth() {
        assert_eq!(
            check(json!({
                "Filters": [{"Name": "vpc-name", "Values": ["a"]}],
                "Outer": {"Filters": [{"Name": "x"}]},
                "Limit": "20",
                "Extra": {"anything": 1},
                "Count": "10",
                "Enabled": 1,
                "Ratio": "0.5",
                "Anything": [true, {"x": null}]
            })),
            Ok(())
        );
        assert_eq!(
            check(json!({"Limit": 20, "Count": -3, "Enabled": "false"})),
            Ok(())
        );
        // A request that is not an object at all is left to the typed decoding.
        assert_eq!(check(json!("text")), Ok(()));
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
    fn values_of_the_wrong_kind_are_named_with_their_path_and_the_action() {
        let cases = [
            (
                json!({"Filters": [{"Name": true}]}),
                "member `Filters[0].Name` of action `DescribeVpcs` takes text, not the boolean true",
            ),
            (
                json!({"Filters": [{"Values": ["a", 7]}]}),
                "member `Filters[0].Values[1]` of action `DescribeVpcs` takes text, not the number 7",
            ),
            (
                json!({"Count": "ten"}),
                "member `Count` of action `DescribeVpcs` takes an integer, not the text \"ten\"",
            ),
            (
                json!({"Count": 2.5}),
                "member `Count` of action `DescribeVpcs` takes an integer, not the number 2.5",
            ),
            (
                json!({"Limit": "abc"}),
                "member `Limit` of action `DescribeVpcs`: expected a count or offset",
            ),
            (
                json!({"Limit": -5}),
                "member `Limit` of action `DescribeVpcs` takes a count or offset",
            ),
            (
                json!({"Enabled": "yes"}),
                "member `Enabled` of action `DescribeVpcs` takes a boolean, not the text \"yes\"",
            ),
            (
                json!({"Outer": "x"}),
                "member `Outer` of action `DescribeVpcs` takes an object, not the text \"x\"",
            ),
            (
                json!({"Filters": {"Name": {"nested": 1}}}),
                "member `Filters.Name` of action `DescribeVpcs` takes text, not an object",
            ),
        ];
        for (input, expected) in cases {
            let err = check(input.clone()).unwrap_err();
            assert!(err.starts_with(expected), "{input}: {err}");
        }
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
