//! Example replay: every documented example of both generations goes through the generated types.
//!
//! - Request: the example URL's parameters → the typed request of its action (through
//!   `dynamic::form_params_from_json`, i.e. serde into the generated struct) → flattened by the
//!   generated glue → must be the same parameters as the example. API 3.0 requests are also
//!   written as TC3 JSON bodies by the generated `write_json`, which must give serde_json's
//!   bytes for the same typed request.
//! - Response: the example JSON → the typed response → encoded again → no field lost and values
//!   equal, allowing the number/string looseness the docs show.
//!
//! An example that cannot replay is either a parser bug (fixed), a doc erratum (fixed in
//! `spec/overrides.toml`), or a defect printed in the docs: those are listed, with a reason
//! each, in `spec/example-defects.toml`. The test fails on an unlisted failure and on a listed
//! entry that no longer fails, so the list cannot go stale.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_json::{Map, Value};
use tcgen_codegen::spec::{ApiSpec, Example, Generation};
use tcgen_tests::repo_root;

/// Parameters that are common to every call, not members of the action's request.
use tcgen_codegen::crosscheck::COMMON_PARAMS as COMMON;

#[derive(Debug, Deserialize)]
struct Defects {
    #[serde(default)]
    defect: Vec<Defect>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Defect {
    version: String,
    action: String,
    /// The example's title as printed (`示例1 查询VPC列表`).
    example: String,
    /// Which of the action's examples of that title (1-based, document order), where several
    /// share it.
    #[serde(default)]
    nth: Option<usize>,
    /// `request` or `response`.
    part: String,
    reason: String,
}

fn load_specs() -> Vec<ApiSpec> {
    ["v20170312", "v2"]
        .iter()
        .map(|m| {
            let path = repo_root().join(format!("spec/json/{m}.json"));
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
        })
        .collect()
}

fn load_defects() -> Vec<Defect> {
    let text = std::fs::read_to_string(repo_root().join("spec/example-defects.toml")).unwrap();
    let defects: Defects = toml::from_str(&text).unwrap();
    for d in &defects.defect {
        assert!(!d.reason.trim().is_empty(), "{d:?} has no reason");
        assert!(d.part == "request" || d.part == "response", "{d:?}");
    }
    defects.defect
}

/// Rebuilds the nested JSON input of a request from its flattened `A.0.B` parameters.
fn unflatten(params: &[(String, String)]) -> Result<Value, String> {
    let mut root = Value::Object(Map::new());
    for (key, value) in params {
        let mut node = &mut root;
        let segments: Vec<&str> = key.split('.').collect();
        for (i, seg) in segments.iter().enumerate() {
            let last = i + 1 == segments.len();
            let next_is_index = segments
                .get(i + 1)
                .is_some_and(|s| s.parse::<usize>().is_ok());
            let fresh = || {
                if last {
                    Value::String(value.clone())
                } else if next_is_index {
                    Value::Array(Vec::new())
                } else {
                    Value::Object(Map::new())
                }
            };
            node = match (seg.parse::<usize>(), node) {
                (Ok(index), Value::Array(items)) => {
                    while items.len() <= index {
                        items.push(Value::Null);
                    }
                    if items[index].is_null() {
                        items[index] = fresh();
                    }
                    &mut items[index]
                }
                (_, Value::Object(fields)) => fields.entry(seg.to_string()).or_insert_with(fresh),
                (_, other) => return Err(format!("`{key}` nests inside {other}")),
            };
        }
    }
    Ok(root)
}

fn sorted(pairs: impl IntoIterator<Item = (String, String)>) -> Vec<(String, String)> {
    let mut v: Vec<_> = pairs.into_iter().collect();
    v.sort();
    v
}

/// Visits an API 3.0 request for its form parameters and checks its TC3 JSON body: the
/// generated `write_json` must give serde_json's bytes for the same request.
struct FormAndJson;

impl tcgen_runtime::RequestVisitor for FormAndJson {
    type Output = (Vec<(String, String)>, Result<(), String>);

    fn visit<R: tcgen_runtime::Request>(self, request: &R) -> Self::Output {
        let written = tcgen_runtime::wire::json_body(request).map_err(|e| e.to_string());
        let serialized = serde_json::to_vec(request).map_err(|e| e.to_string());
        let json = match (written, serialized) {
            (Ok(written), Ok(serialized)) if written == serialized => Ok(()),
            (written, serialized) => Err(format!(
                "the JSON body differs from serde's: written {:?}, serde {:?}",
                written.map(|b| String::from_utf8_lossy(&b).into_owned()),
                serialized.map(|b| String::from_utf8_lossy(&b).into_owned()),
            )),
        };
        (request.to_form(), json)
    }
}

/// Replays an example request; `Err` says how it differs.
fn replay_request(generation: Generation, action: &str, example: &Example) -> Result<(), String> {
    // GET examples carry their parameters in the URL; TC3 POST examples in a JSON body, which
    // flattens to the same form.
    let business: Vec<(String, String)> = example
        .form_params()
        .iter()
        .filter(|(k, _)| !COMMON.contains(&k.as_str()))
        .cloned()
        .collect();
    let input = unflatten(&business)?;
    let sent = match generation {
        Generation::V3 => {
            tcgen_vpc::v20170312::dynamic::visit_request_from_json(action, input, FormAndJson)
                .map(|visited| visited.map(|(form, json)| json.map(|()| form)))
        }
        Generation::V2 => {
            tcgen_vpc::v2::dynamic::form_params_from_json(action, input).map(|r| r.map(Ok))
        }
    }
    .ok_or_else(|| format!("the SDK has no action {action}"))?
    .map_err(|e| format!("the example does not fit the typed request: {e}"))??;
    let (want, got) = (sorted(business), sorted(sent));
    if want == got {
        return Ok(());
    }
    let want_set: BTreeSet<_> = want.iter().collect();
    let got_set: BTreeSet<_> = got.iter().collect();
    Err(format!(
        "example sends {:?} that the SDK does not; the SDK sends {:?} that the example does not",
        want_set.difference(&got_set).collect::<Vec<_>>(),
        got_set.difference(&want_set).collect::<Vec<_>>()
    ))
}

/// The JSON the typed response is decoded from: what the envelope holds.
fn envelope_body(generation: Generation, response: &Value) -> Option<&Value> {
    match generation {
        Generation::V3 => response.get("Response"),
        Generation::V2 => Some(response),
    }
}

/// Whether two JSON scalars say the same thing, allowing the docs' number/string looseness.
fn loosely_equal(a: &Value, b: &Value) -> bool {
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    if a == b {
        return true;
    }
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Bool(x), Value::Number(n)) | (Value::Number(n), Value::Bool(x)) => {
            n.as_u64() == Some(u64::from(*x))
        }
        (Value::Bool(x), Value::String(s)) | (Value::String(s), Value::Bool(x)) => {
            s == &x.to_string()
        }
        (Value::String(s), Value::Number(n)) | (Value::Number(n), Value::String(s)) => {
            Some(s.clone()) == text(&Value::Number(n.clone()))
                || s.parse::<f64>().ok() == n.as_f64()
        }
        // An empty PHP array stands for an empty object, and the reverse.
        (Value::Array(x), Value::Object(y)) | (Value::Object(y), Value::Array(x)) => {
            x.is_empty() && y.is_empty()
        }
        _ => false,
    }
}

/// Walks the example and reports what the re-encoded value lost or changed.
fn compare(example: &Value, typed: &Value, path: &str, lost: &mut Vec<String>) {
    match (example, typed) {
        (Value::Object(want), Value::Object(got)) => {
            for (k, v) in want {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match got.get(k) {
                    Some(g) => compare(v, g, &p, lost),
                    // `null` and an absent field say the same.
                    None if v.is_null() => {}
                    None => lost.push(format!("{p} lost")),
                }
            }
        }
        (Value::Array(want), Value::Array(got)) if want.len() == got.len() => {
            for (i, (w, g)) in want.iter().zip(got).enumerate() {
                compare(w, g, &format!("{path}.{i}"), lost);
            }
        }
        (w, g) if loosely_equal(w, g) => {}
        (w, g) => lost.push(format!("{path} changed from {w} to {g}")),
    }
}

/// Replays an example response; `Err` says what was lost.
fn replay_response(generation: Generation, action: &str, example: &Example) -> Result<(), String> {
    let Some(response) = &example.response else {
        return Err("the documented response is not valid JSON".to_string());
    };
    let body = envelope_body(generation, response)
        .ok_or("no Response object")?
        .clone();
    if generation == Generation::V3 && body.get("Error").is_some() {
        return replay_error_response(response);
    }
    let typed = match generation {
        Generation::V3 => {
            tcgen_vpc::v20170312::dynamic::reencode_response_json(action, body.clone())
        }
        Generation::V2 => tcgen_vpc::v2::dynamic::reencode_response_json(action, body.clone()),
    }
    .ok_or_else(|| format!("the SDK has no action {action}"))?
    .map_err(|e| format!("the typed response cannot decode it: {e}"))?;
    let mut lost = Vec::new();
    let mut expected = body;
    if generation == Generation::V2 {
        // The v2 envelope fields are read by the runtime, documented or not.
        if let Value::Object(fields) = &mut expected {
            for k in ["code", "message", "codeDesc"] {
                if typed.get(k).is_none() {
                    fields.remove(k);
                }
            }
        }
    }
    compare(&expected, &typed, "", &mut lost);
    if lost.is_empty() {
        Ok(())
    } else {
        Err(lost.join("; "))
    }
}

/// Replays a documented error answer (`{"Response": {"Error": …}}`) through the runtime's
/// envelope: it must become a service error with a documented code and the example's request id.
fn replay_error_response(response: &Value) -> Result<(), String> {
    use tcgen_vpc::runtime::Error;
    use tcgen_vpc::v20170312::ErrorCode;
    let bytes = serde_json::to_vec(response).expect("JSON re-encodes");
    let err = match tcgen_vpc::runtime::envelope::decode_v3::<ErrorCode, Value>(200, &bytes) {
        Ok(value) => return Err(format!("an error answer decoded as a success: {value}")),
        Err(err) => err,
    };
    let Error::Service(service) = &err else {
        return Err(format!("an error answer is not a service error: {err:?}"));
    };
    if matches!(service.code, ErrorCode::Other(_)) {
        return Err(format!("error code {} is not documented", service.code));
    }
    let documented_id = response["Response"]["RequestId"].as_str();
    if service.request_id.as_deref() != documented_id {
        return Err(format!(
            "request id {:?} instead of {documented_id:?}",
            service.request_id
        ));
    }
    Ok(())
}

#[derive(Default)]
struct Tally {
    replayed: usize,
    listed: usize,
}

#[test]
fn every_documented_example_replays_or_is_a_listed_doc_defect() {
    let specs = load_specs();
    let defects = load_defects();
    type Key = (String, String, String, Option<usize>, String);
    let mut listed: BTreeMap<Key, Defect> = BTreeMap::new();
    for d in &defects {
        let key = (
            d.version.clone(),
            d.action.clone(),
            d.example.clone(),
            d.nth,
            d.part.clone(),
        );
        assert!(
            listed.insert(key, d.clone()).is_none(),
            "{d:?} is listed twice"
        );
    }
    let mut used = BTreeSet::new();
    let mut unlisted = Vec::new();
    let mut tallies: BTreeMap<(String, &str), Tally> = BTreeMap::new();
    for spec in &specs {
        for action in &spec.actions {
            for (index, example) in action.examples.iter().enumerate() {
                // The anchor: the title, and its rank among same-titled examples where needed.
                let same_title: Vec<usize> = (0..action.examples.len())
                    .filter(|&i| action.examples[i].title == example.title)
                    .collect();
                let nth = (same_title.len() > 1)
                    .then(|| same_title.iter().position(|&i| i == index).unwrap() + 1);
                let parts: [(&str, Result<(), String>); 2] = [
                    (
                        "request",
                        replay_request(spec.generation, &action.name, example),
                    ),
                    (
                        "response",
                        replay_response(spec.generation, &action.name, example),
                    ),
                ];
                for (part, outcome) in parts {
                    let key = (
                        spec.version.clone(),
                        action.name.clone(),
                        example.title.clone(),
                        nth,
                        part.to_string(),
                    );
                    let tally = tallies.entry((spec.version.clone(), part)).or_default();
                    match (outcome, listed.contains_key(&key)) {
                        (Ok(()), false) => tally.replayed += 1,
                        (Ok(()), true) => unlisted.push(format!(
                            "{} {} {part} of `{}` replays now: remove it from spec/example-defects.toml",
                            spec.version, action.name, example.title
                        )),
                        (Err(_), true) => {
                            tally.listed += 1;
                            used.insert(key);
                        }
                        (Err(why), false) => unlisted.push(format!(
                            "{} {} {part} of `{}`{} (doc line {}): {why}",
                            spec.version,
                            action.name,
                            example.title,
                            nth.map(|n| format!(" (nth = {n})")).unwrap_or_default(),
                            example.span.start
                        )),
                    }
                }
            }
        }
    }
    for (key, d) in &listed {
        if !used.contains(key) && !unlisted.iter().any(|u| u.contains("replays now")) {
            unlisted.push(format!(
                "spec/example-defects.toml lists {d:?}, which matches no example"
            ));
        }
    }
    for ((version, part), t) in &tallies {
        eprintln!(
            "{version} {part}: {} replayed, {} listed as doc defects",
            t.replayed, t.listed
        );
    }
    assert!(
        unlisted.is_empty(),
        "{} problem(s):\n{}",
        unlisted.len(),
        unlisted.join("\n")
    );
}

#[test]
fn unflatten_rebuilds_nested_lists_and_objects() {
    let params = vec![
        ("Filters.0.Name".to_string(), "vpc-name".to_string()),
        ("Filters.0.Values.1".to_string(), "b".to_string()),
        ("Filters.0.Values.0".to_string(), "a".to_string()),
        ("Limit".to_string(), "20".to_string()),
    ];
    assert_eq!(
        unflatten(&params).unwrap(),
        serde_json::json!({"Filters": [{"Name": "vpc-name", "Values": ["a", "b"]}], "Limit": "20"})
    );
    assert!(unflatten(&[("A".into(), "1".into()), ("A.0".into(), "2".into())]).is_err());
}

#[test]
fn a_documented_request_flattens_exactly_as_its_example() {
    // DescribeVpcs as the docs show it, built by hand through the builders.
    use tcgen_vpc::v20170312::{DescribeVpcsRequest, Filter};
    let request = DescribeVpcsRequest::builder()
        .filters([
            Filter::builder()
                .name("vpc-name")
                .values(["test".to_string(), "prod".to_string()])
                .build()
                .unwrap(),
            Filter::builder()
                .name("is-default")
                .values(["true".to_string()])
                .build()
                .unwrap(),
        ])
        .offset("0")
        .limit("20")
        .build();
    let form = tcgen_runtime::Request::to_form(&request);
    assert_eq!(
        form,
        [
            ("Filters.0.Name", "vpc-name"),
            ("Filters.0.Values.0", "test"),
            ("Filters.0.Values.1", "prod"),
            ("Filters.1.Name", "is-default"),
            ("Filters.1.Values.0", "true"),
            ("Offset", "0"),
            ("Limit", "20"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
    );
}
