//! The JSON intermediate spec: the contract between the doc parser and the emitter.
//!
//! One [`ApiSpec`] per API generation is written to `spec/json/<module>.json`. Every list is kept in
//! a stable order (actions and objects sorted by name, members in document order) so that a
//! change in the documentation shows up as a small, readable diff.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use crate::extract::vocabulary::Language;

/// Which API generation a spec describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Generation {
    /// API 3.0: `Version=2017-03-12`, PascalCase params, `{"Response": {...}}` envelope.
    V3,
    /// The legacy API: `/v2/index.php`, camelCase params, `{"code", "message"}` envelope.
    V2,
}

impl Generation {
    /// The Rust module (and spec file stem) of this generation.
    pub fn module_name(self) -> &'static str {
        match self {
            Generation::V3 => "v20170312",
            Generation::V2 => "v2",
        }
    }
}

/// How a response is wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Envelope {
    /// `{"Response": {..., "RequestId": "..."}}`, errors in `Response.Error{Code,Message}`.
    Response,
    /// `{"code": 0, "message": "", ...}`; a non-zero `code` is an error.
    CodeMessage,
}

/// The whole spec of one API generation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiSpec {
    /// `"2017-03-12"` or `"v2"`.
    pub version: String,
    pub generation: Generation,
    /// Service name used in hosts and TC3 credential scopes (`vpc`).
    pub service: String,
    /// Default endpoint host, e.g. `vpc.tencentcloudapi.com`.
    pub host: String,
    /// Request path, `/` or `/v2/index.php`.
    pub path: String,
    pub envelope: Envelope,
    /// The language of the document the spec was read from (`en-US`); absent for Chinese,
    /// the docs' original language.
    #[serde(default, skip_serializing_if = "Language::is_chinese")]
    pub language: Language,
    /// The common request parameters every call carries (Action, Region, Nonce, ...).
    pub common_params: Vec<Member>,
    /// Error codes every action may return.
    pub common_errors: Vec<ErrorCode>,
    /// Sorted by name.
    pub actions: Vec<Action>,
    /// Sorted by name.
    pub objects: Vec<Object>,
}

impl ApiSpec {
    /// Turns every document line of the spec into its page file and that file's line
    /// (`locate`: a folder's line table); actions and objects record the file.
    pub fn relocate(&mut self, locate: impl Fn(u32) -> Option<(String, u32)>) {
        let line = |l: &mut u32| {
            if let Some((_, local)) = locate(*l) {
                *l = local;
            }
        };
        let span = |s: &mut Span| -> Option<String> {
            let (file, start) = locate(s.start)?;
            s.end = locate(s.end)
                .filter(|(f, _)| *f == file)
                .map(|(_, e)| e)
                .unwrap_or(start);
            s.start = start;
            Some(file)
        };
        for m in &mut self.common_params {
            line(&mut m.line);
        }
        for e in &mut self.common_errors {
            line(&mut e.line);
        }
        for a in &mut self.actions {
            a.file = span(&mut a.span);
            for m in a.input.iter_mut().chain(a.output.iter_mut()) {
                line(&mut m.line);
            }
            for e in &mut a.errors {
                line(&mut e.line);
            }
            for x in &mut a.examples {
                span(&mut x.span);
            }
            for f in &mut a.filters {
                line(&mut f.line);
            }
        }
        for o in &mut self.objects {
            o.file = span(&mut o.span);
            for m in &mut o.members {
                line(&mut m.line);
            }
        }
    }
}

/// A line span in the documentation (1-based, inclusive).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

/// One documented API action.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// The wire name, `DescribeVpcs`.
    pub name: String,
    /// The Chinese section heading, `查询VPC列表`.
    pub title: String,
    /// The description paragraphs, cleaned of HTML and Markdown.
    pub description: String,
    /// Endpoint host named by the section (`接口请求域名`).
    pub host: String,
    /// Whether the action starts a task whose result must be polled (it returns a task id).
    #[serde(rename = "async")]
    pub is_async: bool,
    pub input: Vec<Member>,
    pub output: Vec<Member>,
    pub errors: Vec<ErrorCode>,
    pub examples: Vec<Example>,
    /// Lines of the documentation this action came from.
    pub span: Span,
    /// The page file the action was read from, below the folder, when the docs are a folder of
    /// pages (its lines, and those of its members, errors and examples, are that file's);
    /// absent for a one-file document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Whether the action takes the common `Region` parameter, where the docs say (today's
    /// edition lists a `Region` row in every input table; the 2018 edition does not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<RegionParam>,
    /// The documented default rate limit (`默认接口请求频率限制：20次/秒`), in requests per second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<u32>,

    // Derived by `codegen::enrich` from the facts above (a post-pass over the extracted spec).
    /// Input members the docs type as `String` but describe as numbers (`Offset`, `Limit`): the
    /// generated fluent setters also take integers; the wire format is unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub numeric_strings: Vec<String>,
    /// How the action pages through a list, when it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
    /// The filter names the `Filters` member documents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<FilterSpec>,
    /// How the task an asynchronous action starts is polled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<TaskPolling>,
    /// Why an action the docs call asynchronous has no `task`: no polling action named, or one
    /// the docs do not document, or no states to read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_left_out: Option<String>,
    /// Why sending the action again after a failure that may have reached the service cannot
    /// do its work twice; absent when nothing in the docs says so (the runtime then repeats it
    /// only after failures that prove it was not processed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_safety: Option<RetrySafety>,
}

/// What makes an action safe to repeat, with the words of the docs that say so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RetrySafety {
    /// The action only reads or prices: `reason` names the verb of its name (`name Describe`)
    /// or the words of its title (`title 查询`) that say so.
    ReadOnly { reason: String },
    /// The action takes an idempotency token: the input `member` whose description says
    /// `幂等` (`reason` quotes it); an attempt repeated with the same token is done once.
    Token { member: String, reason: String },
}

/// How an action takes the common `Region` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionParam {
    /// The `Region` row says 是: every call names a region.
    Required,
    /// The `Region` row says 否: the action is global, a region is accepted but not needed.
    Optional,
    /// The page documents the other common rows but no `Region` row: the action takes none.
    NotAccepted,
}

/// A member of a request, response or object.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Member {
    /// The name exactly as sent on the wire (without any `.N` suffix).
    pub name: String,
    #[serde(rename = "type")]
    pub ty: TypeRef,
    pub required: bool,
    /// The docs' 必选 cell says `-`, neither 是 nor 否: today's 公共参数 table marks `Region` so,
    /// because some actions need it and others ignore it (each action's own table says which).
    /// `required` is then `false`, the reader's default; the spec diff keeps the old spec's flag
    /// instead of reporting a change the docs did not make.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required_unstated: bool,
    pub description: String,
    /// The documented example value (`示例值：…`), as printed, without the marker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// The doc line of the table row.
    pub line: u32,
    /// The type cell as the docs print it (`Array of String`), while the spec is being built:
    /// what a `[[member]]` override's `was` is checked against. Not part of the spec (a type
    /// the docs spell differently but mean the same way must not show in a diff), so it is
    /// neither serialized nor compared.
    #[serde(skip)]
    pub doc_type: Option<String>,
}

impl PartialEq for Member {
    fn eq(&self, other: &Self) -> bool {
        // `doc_type` left out: a spec read back from JSON equals the one it was written from.
        self.name == other.name
            && self.ty == other.ty
            && self.required == other.required
            && self.description == other.description
            && self.required_unstated == other.required_unstated
            && self.example == other.example
            && self.line == other.line
    }
}

/// A data structure: documented (`数据结构`) or derived from a v2 dotted path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Object {
    pub name: String,
    pub description: String,
    pub members: Vec<Member>,
    /// Where the object was found: `documented`, or the action and dotted path it was derived from.
    pub origin: String,
    pub span: Span,
    /// The page file the object was read from, below the folder, when the docs are a folder of
    /// pages (its lines are that file's); absent for a one-file document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// A documented error code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorCode {
    /// `InvalidParameterValue.Malformed`, or a numeric code such as `4000` for the v2 API.
    pub code: String,
    pub description: String,
    /// For common codes: `common`, `auth`, `public` (v2 numeric), `module` (service-wide).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    pub line: u32,
}

/// A worked example: the request (its URL's parameters, or a TC3 POST's action and JSON body)
/// and the response JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    pub title: String,
    /// Decoded `key=value` pairs of the example request, in document order, without the
    /// `&<公共请求参数>` placeholder. For a TC3 POST example: the `Action` (and `Version`) its
    /// `X-TC-…` headers name; its parameters are in `request_body`.
    pub request: Vec<(String, String)>,
    /// The JSON body of a TC3 POST example (`POST / HTTP/1.1`, `X-TC-Action: …`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<serde_json::Value>,
    /// The response JSON; `None` when the doc's JSON is broken (a diagnostic says why).
    pub response: Option<serde_json::Value>,
    pub span: Span,
}

impl Example {
    /// The request as form parameters (`Filters.0.Values.1=…`): the URL's pairs, followed by a
    /// POST body flattened the way API 3.0 flattens a request for GET and HmacSHA256 (lists by
    /// 0-based index, objects by member name, booleans as `true`/`false`, nulls left out).
    pub fn form_params(&self) -> Vec<(String, String)> {
        let mut out = self.request.clone();
        if let Some(body) = &self.request_body {
            flatten_json("", body, &mut out);
        }
        out
    }
}

fn flatten_json(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    let key = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push((prefix.to_string(), b.to_string())),
        Value::Number(n) => out.push((prefix.to_string(), n.to_string())),
        Value::String(s) => out.push((prefix.to_string(), s.clone())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten_json(&key(&i.to_string()), item, out);
            }
        }
        Value::Object(members) => {
            for (k, v) in members {
                flatten_json(&key(k), v, out);
            }
        }
    }
}

/// The closed set of member types.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    String,
    /// Signed 64-bit integer.
    Integer,
    /// Unsigned 64-bit integer.
    Unsigned,
    Float,
    Boolean,
    /// A timestamp, sent and received as a string.
    Timestamp,
    List(Box<TypeRef>),
    Object(String),
    /// Only where the docs give no structure.
    Json,
}

impl TypeRef {
    pub fn list_of(inner: TypeRef) -> TypeRef {
        TypeRef::List(Box::new(inner))
    }
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeRef::String => f.write_str("string"),
            TypeRef::Integer => f.write_str("integer"),
            TypeRef::Unsigned => f.write_str("unsigned"),
            TypeRef::Float => f.write_str("float"),
            TypeRef::Boolean => f.write_str("boolean"),
            TypeRef::Timestamp => f.write_str("timestamp"),
            TypeRef::Json => f.write_str("json"),
            TypeRef::List(inner) => write!(f, "list<{inner}>"),
            TypeRef::Object(name) => write!(f, "object<{name}>"),
        }
    }
}

/// A type string that is not in the closed set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown type `{0}` (expected string, integer, unsigned, float, boolean, timestamp, json, list<T> or object<Name>)")]
pub struct UnknownType(pub String);

impl FromStr for TypeRef {
    type Err = UnknownType;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let simple = match s {
            "string" => Some(TypeRef::String),
            "integer" => Some(TypeRef::Integer),
            "unsigned" => Some(TypeRef::Unsigned),
            "float" => Some(TypeRef::Float),
            "boolean" => Some(TypeRef::Boolean),
            "timestamp" => Some(TypeRef::Timestamp),
            "json" => Some(TypeRef::Json),
            _ => None,
        };
        if let Some(t) = simple {
            return Ok(t);
        }
        if let Some(inner) = s.strip_prefix("list<").and_then(|r| r.strip_suffix('>')) {
            return Ok(TypeRef::list_of(inner.parse()?));
        }
        if let Some(name) = s.strip_prefix("object<").and_then(|r| r.strip_suffix('>')) {
            let valid =
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if valid {
                return Ok(TypeRef::Object(name.to_string()));
            }
        }
        Err(UnknownType(s.to_string()))
    }
}

impl Serialize for TypeRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TypeRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// How a list action pages: by an offset and a limit, with the list (and a total count) in the
/// response. Member paths are wire names from the response's top level (`data.aclSet`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paging {
    /// The input member of the offset (`Offset`, `offset`).
    pub offset: String,
    /// The input member of the page size (`Limit`, `limit`).
    pub limit: String,
    /// The response path of the items of one page.
    pub items: Vec<String>,
    /// The response path of the total count; without it, paging stops at a short or empty page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<Vec<String>>,
    /// The largest page size the limit's description states (`最大值为100`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_limit: Option<u64>,
}

/// One filter name the `Filters` member of an action documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterSpec {
    /// The wire name, `vpc-name`.
    pub name: String,
    /// The value type the docs give: `string`, `boolean` or `integer`.
    #[serde(rename = "type")]
    pub ty: FilterType,
    /// The docs' text about the filter.
    pub description: String,
    /// The doc line of the `Filters` row.
    pub line: u32,
}

/// The value type of a documented filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterType {
    String,
    Boolean,
    Integer,
}

impl fmt::Display for FilterType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FilterType::String => "string",
            FilterType::Boolean => "boolean",
            FilterType::Integer => "integer",
        })
    }
}

/// How the task started by an asynchronous action is polled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskPolling {
    /// The action that reports the task's status (`DescribeVpcTaskResult`).
    pub action: String,
    /// The response path of the task id (`taskId`, `data.taskId`, `TaskId`), or `RequestId`
    /// where the docs poll with the request id the action's own response carries.
    pub id: Vec<String>,
    /// The input member of the polling action that takes the id (`taskId`).
    pub input: String,
    /// How the docs name the polling action: `id-description` (the id's description names the
    /// action, by title `详见 查询任务执行结果接口` or by name `可以使用DescribeTaskResult接口`),
    /// `example` (the page's example polls it), `async-note` (the description's
    /// `本接口为异步接口，可调用 X 接口查询任务执行结果`) or `async-done-note` (its
    /// `本接口是异步完成，…请使用本接口返回的RequestId轮询X接口`).
    pub source: String,
    /// The doc text the decision was read from: the sentence, the id's description, or the
    /// example's title.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sentence: String,
    /// The response path, in the polling action's response, of the member whose description
    /// lists the task's states (`data.status`, `Status`, `Result`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub status: Vec<String>,
    /// The values of `status` that mean the task is still running, as the docs print them
    /// (`2`, `RUNNING`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub running: Vec<String>,
    /// The values that mean it succeeded (`0`, `SUCCESS`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub success: Vec<String>,
    /// The values that mean it failed (`1`, `FAILED`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failure: Vec<String>,
    /// Where a failed task's code is, in the polling action's response (`data.output.code`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub code: Vec<String>,
    /// Where its message is (`data.output.message`; `Output`, `异步任务执行输出`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub message: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_strings_round_trip() {
        for s in [
            "string",
            "integer",
            "unsigned",
            "float",
            "boolean",
            "timestamp",
            "json",
            "list<string>",
            "list<list<integer>>",
            "object<Filter>",
            "list<object<SecurityGroupPolicy>>",
        ] {
            let t: TypeRef = s.parse().unwrap();
            assert_eq!(t.to_string(), s);
        }
    }

    #[test]
    fn unknown_types_are_rejected() {
        for s in [
            "String",
            "list<>",
            "object<>",
            "object<a b>",
            "map<string>",
            "",
        ] {
            assert!(s.parse::<TypeRef>().is_err(), "{s} should not parse");
        }
    }
}
