//! A stand-in for the VPC service on 127.0.0.1: it checks every request the way the service
//! does and answers with the documentation's example responses, or with a scripted fault.
//!
//! Each request is checked before anything is answered: the signature (recomputed with the
//! runtime's public signer, `tcgen_runtime::sign`), the common parameters (`Action`, `Version`
//! for API 3.0, timestamp, nonce, `SecretId`, token) and, when the documented example is to be
//! answered, the business parameters against the example's own request. A request that fails a
//! check gets the documented error for it (`AuthFailure.SignatureFailure`, `InvalidParameter`,
//! or v2 codes 4100 and 4000) and is recorded with the reason, so a test can both see the typed
//! error and assert that every request passed.
//!
//! The HTTP side is the runtime's `test-util` server (hyper), with the checks as its handler;
//! its faults are the ones the tests need: delays, truncated bodies, chunked bodies, any status
//! and content type.

use std::collections::{BTreeMap, VecDeque};
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use tcgen_codegen::spec::Generation;
use tcgen_runtime::sign::{self, HttpMethod, SignatureMethod, Tc3Input};
use tcgen_runtime::test_util::{Delivery, MockReply, MockRequest, MockServer};
use tcgen_runtime::{Client, ConfigBuilder, Credentials, RetryConfig};

use crate::doc_examples::DocSpecs;

/// The SecretId the server knows.
pub const SECRET_ID: &str = "AKIDlocalserverSecretId0000000000EXAMPLE";
/// The SecretKey the server verifies signatures with; distinctive, so a leak is unmistakable.
pub const SECRET_KEY: &str = "SK-never-print-me-9f3b2c7d1e0a8b6c5d4e";
/// The session token the server expects when one is sent. It has characters that URL encoding
/// changes, so a leak of the encoded form is caught too.
pub const TOKEN: &str = "TOKEN-never-print-me/8a7b+6c5d=";
/// The region of API 3.0 calls.
pub const REGION_V3: &str = "ap-guangzhou";
/// The region of v2 calls.
pub const REGION_V2: &str = "gz";
/// How far a request's timestamp may be from the server's clock (the service allows more).
const CLOCK_SKEW_SECONDS: i64 = 300;

/// What the server does with the next request that passed its checks.
#[derive(Clone, Debug)]
pub enum Step {
    /// Checks the business parameters against the action's documented example and answers
    /// with the documented response.
    Example,
    /// Answers with this reply.
    Reply(Reply),
}

/// One HTTP answer.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A body with a `Content-Length`.
    Body {
        /// HTTP status.
        status: u16,
        /// `Content-Type` header.
        content_type: String,
        /// The body.
        body: Vec<u8>,
    },
    /// A body sent with `Transfer-Encoding: chunked`, so its length is not known up front.
    Chunked {
        /// HTTP status.
        status: u16,
        /// `Content-Type` header.
        content_type: String,
        /// The body.
        body: Vec<u8>,
    },
    /// Promises `declared_length` bytes of JSON, sends `sent`, and closes the connection.
    Cut {
        /// The `Content-Length` sent.
        declared_length: usize,
        /// What is actually sent.
        sent: Vec<u8>,
    },
    /// Waits, then answers.
    Delayed(Duration, Box<Reply>),
}

impl Reply {
    /// A JSON body.
    pub fn json(status: u16, body: &Value) -> Reply {
        Reply::Body {
            status,
            content_type: "application/json".to_owned(),
            body: body.to_string().into_bytes(),
        }
    }

    /// An API 3.0 error envelope.
    pub fn v3_error(status: u16, code: &str, message: &str, request_id: &str) -> Reply {
        Reply::json(
            status,
            &json!({"Response": {"Error": {"Code": code, "Message": message}, "RequestId": request_id}}),
        )
    }

    /// A v2 error envelope; `code_desc` is left out when `None`.
    pub fn v2_error(code: i64, code_desc: Option<&str>, message: &str) -> Reply {
        let mut body = json!({"code": code, "message": message});
        if let Some(desc) = code_desc {
            body["codeDesc"] = Value::from(desc);
        }
        Reply::json(200, &body)
    }
}

/// What the server found a request to be, once its checks passed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    /// The API generation, from the path.
    pub generation: Generation,
    /// The action called.
    pub action: String,
    /// GET or POST.
    pub http_method: HttpMethod,
    /// How the request was signed.
    pub signature_method: SignatureMethod,
    /// The `Region` sent, if any.
    pub region: Option<String>,
    /// Whether the expected token was sent.
    pub token_sent: bool,
    /// The signature as sent (the hex signature for TC3), to look for in logs.
    pub signature: String,
    /// The business parameters, flattened to `Key.N.Member` pairs and sorted.
    pub business: Vec<(String, String)>,
}

/// One request the server received, and what its checks found.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// When the request had arrived.
    pub received_at: Instant,
    /// `GET` or `POST`.
    pub method: String,
    /// The request target: path and query.
    pub target: String,
    /// Headers, names in lower case.
    pub headers: BTreeMap<String, String>,
    /// The body.
    pub body: Vec<u8>,
    /// The checks' verdict: what the request was, or why it was refused.
    pub check: Result<Checked, String>,
}

struct State {
    specs: &'static DocSpecs,
    script: Mutex<VecDeque<Step>>,
    exchanges: Mutex<Vec<Exchange>>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panicking test thread must not hide the recorded exchanges from the others.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The server (the `test-util` server with this module's checks as its handler); it stops
/// accepting when dropped.
pub struct LocalServer {
    http: MockServer,
    state: Arc<State>,
}

impl LocalServer {
    /// Starts a server on `127.0.0.1` (a free port) that answers every request with the
    /// documented example, after the steps of `script` are used up.
    pub async fn start(script: Vec<Step>) -> LocalServer {
        let state = Arc::new(State {
            specs: DocSpecs::get(),
            script: Mutex::new(script.into()),
            exchanges: Mutex::new(Vec::new()),
        });
        let answering = state.clone();
        let http =
            MockServer::start_with(move |request: &MockRequest| answer(&answering, request)).await;
        LocalServer { http, state }
    }

    /// `http://127.0.0.1:<port>`, for the client's endpoint override.
    pub fn endpoint(&self) -> String {
        self.http.endpoint()
    }

    /// Every request received so far, in order of arrival.
    pub fn exchanges(&self) -> Vec<Exchange> {
        lock(&self.state.exchanges).clone()
    }

    /// How many requests arrived.
    pub fn request_count(&self) -> usize {
        lock(&self.state.exchanges).len()
    }

    /// The checked requests, in order.
    ///
    /// # Panics
    ///
    /// When a request failed a check, naming the reason.
    pub fn checked(&self) -> Vec<Checked> {
        self.exchanges()
            .into_iter()
            .enumerate()
            .map(|(index, exchange)| {
                exchange.check.unwrap_or_else(|reason| {
                    panic!(
                        "request {index} ({} {}) was refused: {reason}",
                        exchange.method, exchange.target
                    )
                })
            })
            .collect()
    }

    /// A client configuration aimed at this server: credentials with the token, the region of
    /// `generation`, no proxies, one-second timeouts and 3 attempts with millisecond backoff.
    pub fn config(&self, generation: Generation) -> ConfigBuilder {
        let region = match generation {
            Generation::V3 => REGION_V3,
            Generation::V2 => REGION_V2,
        };
        Client::builder()
            .endpoint(self.endpoint())
            .region(region)
            .credentials(Credentials::new(SECRET_ID, SECRET_KEY).with_token(TOKEN))
            .use_env_proxy(false)
            .connect_timeout(Duration::from_secs(1))
            .timeout(Duration::from_secs(2))
            .retry(RetryConfig {
                max_attempts: 3,
                base_delay: Duration::from_millis(2),
                max_delay: Duration::from_millis(10),
                ..Default::default()
            })
    }
}

/// Runs a test body with a bound on its duration, so that no scenario can hang the suite.
///
/// # Panics
///
/// When the body takes longer than `limit`.
pub async fn bounded<F: Future>(limit: Duration, body: F) -> F::Output {
    match tokio::time::timeout(limit, body).await {
        Ok(output) => output,
        Err(_) => panic!("the scenario did not finish within {limit:?}"),
    }
}

// ------------------------------------------------------------------ answers

/// The request as the check reads it: the `test-util` server's recording.
type RawRequest = MockRequest;

/// Answers one request: the next step of the script once the request passed its checks, the
/// documented error for it otherwise; every request is recorded with the checks' verdict.
fn answer(state: &State, request: &MockRequest) -> MockReply {
    let step = lock(&state.script).pop_front().unwrap_or(Step::Example);
    let check = check_request(state.specs, request, &step);
    let reply = match (&check, step) {
        (Ok(checked), Step::Example) => example_reply(state.specs, checked),
        (Ok(_), Step::Reply(reply)) => reply,
        (Err(refusal), _) => refusal_reply(request, refusal),
    };
    lock(&state.exchanges).push(Exchange {
        received_at: Instant::now(),
        method: request.method.clone(),
        target: request.target.clone(),
        headers: request.headers.clone(),
        body: request.body.clone(),
        check: check.map_err(|refusal| refusal.reason),
    });
    reply.into_mock()
}

impl Reply {
    /// The reply as the `test-util` server sends it.
    fn into_mock(self) -> MockReply {
        match self {
            Reply::Body {
                status,
                content_type,
                body,
            } => MockReply::raw(status, &content_type, body),
            Reply::Chunked {
                status,
                content_type,
                body,
            } => MockReply::raw(status, &content_type, body).delivered(Delivery::Chunked),
            Reply::Cut {
                declared_length,
                mut sent,
            } => {
                let cut = sent.len();
                // The declared length is the body's; what follows the cut is never sent.
                sent.resize(declared_length.max(cut + 1), b' ');
                MockReply::raw(200, "application/json", sent).delivered(Delivery::CutAfter(cut))
            }
            Reply::Delayed(delay, inner) => inner.into_mock().delayed(delay),
        }
    }
}

// ------------------------------------------------------------------ checks

/// Why a request was refused, and the documented error the service answers with.
struct Refusal {
    reason: String,
    /// The signature did not verify (as opposed to a bad parameter).
    auth: bool,
}

impl Refusal {
    fn auth(reason: impl Into<String>) -> Refusal {
        Refusal {
            reason: reason.into(),
            auth: true,
        }
    }

    fn parameter(reason: impl Into<String>) -> Refusal {
        Refusal {
            reason: reason.into(),
            auth: false,
        }
    }
}

fn refusal_reply(request: &RawRequest, refusal: &Refusal) -> Reply {
    if request.path() == "/v2/index.php" {
        // v2 public codes: 4100 authentication failed, 4000 invalid parameters.
        let code = if refusal.auth { 4100 } else { 4000 };
        Reply::v2_error(code, None, &refusal.reason)
    } else {
        let code = if refusal.auth {
            "AuthFailure.SignatureFailure"
        } else {
            "InvalidParameter"
        };
        Reply::v3_error(200, code, &refusal.reason, "local-server-refusal")
    }
}

fn example_reply(specs: &DocSpecs, checked: &Checked) -> Reply {
    Reply::json(
        200,
        specs.example_response(checked.generation, &checked.action),
    )
}

fn check_request(specs: &DocSpecs, request: &RawRequest, step: &Step) -> Result<Checked, Refusal> {
    let generation = match request.path() {
        "/" => Generation::V3,
        "/v2/index.php" => Generation::V2,
        other => return Err(Refusal::parameter(format!("unknown path {other}"))),
    };
    let http_method = match request.method.as_str() {
        "GET" => HttpMethod::Get,
        "POST" => HttpMethod::Post,
        other => return Err(Refusal::parameter(format!("unsupported method {other}"))),
    };
    let host = request
        .header("host")
        .ok_or_else(|| Refusal::auth("no Host header"))?;
    let tc3 = request
        .header("authorization")
        .is_some_and(|value| value.starts_with(sign::TC3_ALGORITHM));
    let mut checked = match (generation, tc3) {
        (Generation::V2, true) => {
            return Err(Refusal::auth("the v2 API does not take TC3 signatures"))
        }
        (Generation::V3, true) => check_tc3(specs, request, http_method, host)?,
        (_, false) => check_hmac(specs, request, generation, http_method, host)?,
    };
    if specs.find_action(generation, &checked.action).is_none() {
        return Err(Refusal::parameter(format!(
            "{generation:?} has no action {}",
            checked.action
        )));
    }
    checked.business.sort();
    if let Step::Example = step {
        let example = specs
            .find_example(generation, &checked.action)
            .ok_or_else(|| {
                Refusal::parameter(format!("{} has no documented example", checked.action))
            })?;
        // A TC3 POST example documents its parameters as a JSON body: its form is what the
        // same call sends as GET, and what the server reads from either.
        let mut documented: Vec<(String, String)> = example
            .form_params()
            .into_iter()
            .filter(|(key, _)| key != "Action" && key != "Version")
            .collect();
        documented.sort();
        if documented != checked.business {
            return Err(Refusal::parameter(format!(
                "business parameters differ from the documented example of {}: sent {:?}, documented {:?}",
                checked.action, checked.business, documented
            )));
        }
    }
    Ok(checked)
}

fn check_timestamp(text: &str) -> Result<(), Refusal> {
    let timestamp: i64 = text
        .parse()
        .map_err(|_| Refusal::auth(format!("timestamp {text:?} is not a number")))?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs() as i64)
        .unwrap_or_default();
    if (now - timestamp).abs() > CLOCK_SKEW_SECONDS {
        return Err(Refusal::auth(format!(
            "timestamp {timestamp} is more than {CLOCK_SKEW_SECONDS} s from {now}"
        )));
    }
    Ok(())
}

fn check_token(sent: Option<&str>) -> Result<bool, Refusal> {
    match sent {
        None => Ok(false),
        Some(token) if token == TOKEN => Ok(true),
        Some(_) => Err(Refusal::auth("wrong token")),
    }
}

fn check_tc3(
    specs: &DocSpecs,
    request: &RawRequest,
    http_method: HttpMethod,
    host: &str,
) -> Result<Checked, Refusal> {
    let spec = specs.spec(Generation::V3);
    let header = |name: &str| {
        request
            .header(name)
            .ok_or_else(|| Refusal::parameter(format!("missing header {name}")))
    };
    let action = header("x-tc-action")?.to_owned();
    let version = header("x-tc-version")?;
    if version != spec.version {
        return Err(Refusal::parameter(format!(
            "X-TC-Version {version}, expected {}",
            spec.version
        )));
    }
    let timestamp_text = header("x-tc-timestamp")?;
    check_timestamp(timestamp_text)?;
    let content_type = header("content-type")?;
    let business = match http_method {
        HttpMethod::Post => {
            if content_type != "application/json" {
                return Err(Refusal::parameter(format!(
                    "TC3 POST with content type {content_type}"
                )));
            }
            let body: Value = serde_json::from_slice(&request.body)
                .map_err(|err| Refusal::parameter(format!("body is not JSON: {err}")))?;
            if !body.is_object() {
                return Err(Refusal::parameter("the JSON body is not an object"));
            }
            flatten_json(&body)
        }
        HttpMethod::Get => {
            if !request.body.is_empty() {
                return Err(Refusal::parameter("a GET request with a body"));
            }
            form_pairs(request.query()).map_err(Refusal::parameter)?
        }
    };
    let token_sent = check_token(request.header("x-tc-token"))?;
    let expected = sign::sign_tc3(&Tc3Input {
        http_method,
        host,
        path: request.path(),
        query: request.query(),
        content_type,
        payload: &request.body,
        service: &spec.service,
        timestamp: timestamp_text.parse().unwrap_or_default(),
        secret_id: SECRET_ID,
        secret_key: SECRET_KEY,
    });
    let sent = header("authorization")?;
    if sent != expected.authorization {
        return Err(Refusal::auth(format!(
            "TC3 signature does not verify: sent {sent:?}, expected {:?} over canonical request {:?}",
            expected.authorization, expected.canonical_request
        )));
    }
    Ok(Checked {
        generation: Generation::V3,
        action,
        http_method,
        signature_method: SignatureMethod::Tc3HmacSha256,
        region: request.header("x-tc-region").map(str::to_owned),
        token_sent,
        signature: expected.signature,
        business,
    })
}

/// The common parameters of HMAC-signed requests, which are not business parameters.
fn is_common_parameter(generation: Generation, key: &str) -> bool {
    const BOTH: &[&str] = &[
        "Action",
        "Region",
        "Timestamp",
        "Nonce",
        "SecretId",
        "Signature",
        "SignatureMethod",
        "Token",
        "RequestClient",
    ];
    BOTH.contains(&key) || (generation == Generation::V3 && matches!(key, "Version" | "Language"))
}

fn check_hmac(
    specs: &DocSpecs,
    request: &RawRequest,
    generation: Generation,
    http_method: HttpMethod,
    host: &str,
) -> Result<Checked, Refusal> {
    let encoded = match http_method {
        HttpMethod::Get => {
            if !request.body.is_empty() {
                return Err(Refusal::parameter("a GET request with a body"));
            }
            request.query().to_owned()
        }
        HttpMethod::Post => {
            let content_type = request.header("content-type").unwrap_or_default();
            if content_type != "application/x-www-form-urlencoded" {
                return Err(Refusal::parameter(format!(
                    "HMAC POST with content type {content_type:?}"
                )));
            }
            String::from_utf8(request.body.clone())
                .map_err(|_| Refusal::parameter("the form body is not UTF-8"))?
        }
    };
    let mut params = form_pairs(&encoded).map_err(Refusal::parameter)?;
    let single = |name: &str| -> Result<Option<String>, Refusal> {
        let mut values = params.iter().filter(|(key, _)| key == name);
        let first = values.next().map(|(_, value)| value.clone());
        if values.next().is_some() {
            return Err(Refusal::parameter(format!("{name} sent twice")));
        }
        Ok(first)
    };
    let required = |name: &str| -> Result<String, Refusal> {
        single(name)?.ok_or_else(|| Refusal::parameter(format!("missing parameter {name}")))
    };
    let action = required("Action")?;
    if generation == Generation::V3 {
        let version = required("Version")?;
        let expected = &specs.spec(Generation::V3).version;
        if &version != expected {
            return Err(Refusal::parameter(format!(
                "Version {version}, expected {expected}"
            )));
        }
    }
    check_timestamp(&required("Timestamp")?)?;
    let nonce = required("Nonce")?;
    if nonce.parse::<u64>().map_or(true, |nonce| nonce == 0) {
        return Err(Refusal::parameter(format!(
            "Nonce {nonce:?} is not a positive integer"
        )));
    }
    let secret_id = required("SecretId")?;
    if secret_id != SECRET_ID {
        return Err(Refusal::auth(format!("unknown SecretId {secret_id}")));
    }
    // The documented default when SignatureMethod is absent is HmacSHA1.
    let signature_method = match single("SignatureMethod")?.as_deref() {
        None | Some("HmacSHA1") => SignatureMethod::HmacSha1,
        Some("HmacSHA256") => SignatureMethod::HmacSha256,
        Some(other) => {
            return Err(Refusal::parameter(format!(
                "unsupported SignatureMethod {other}"
            )))
        }
    };
    let token_sent = check_token(single("Token")?.as_deref())?;
    let region = single("Region")?;
    let sent_signature = required("Signature")?;
    params.retain(|(key, _)| key != "Signature");
    let algorithm = signature_method
        .hmac_algorithm()
        .unwrap_or_else(|| unreachable!("only HMAC methods are parsed above"));
    let expected = sign::sign_hmac(
        algorithm,
        http_method,
        host,
        request.path(),
        &params,
        SECRET_KEY,
    );
    if sent_signature != expected.signature {
        return Err(Refusal::auth(format!(
            "{} signature does not verify: sent {sent_signature:?}, expected {:?} over {:?}",
            signature_method, expected.signature, expected.string_to_sign
        )));
    }
    let business = params
        .into_iter()
        .filter(|(key, _)| !is_common_parameter(generation, key))
        .collect();
    Ok(Checked {
        generation,
        action,
        http_method,
        signature_method,
        region,
        token_sent,
        signature: sent_signature,
        business,
    })
}

/// Flattens a TC3 JSON body to the `Key.N.Member` pairs the same request has as a form, as
/// the service does: objects dotted, arrays indexed, scalars as text.
pub fn flatten_json(body: &Value) -> Vec<(String, String)> {
    fn walk(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
        let join = |key: &str| {
            if prefix.is_empty() {
                key.to_owned()
            } else {
                format!("{prefix}.{key}")
            }
        };
        match value {
            Value::Object(members) => {
                for (key, member) in members {
                    walk(&join(key), member, out);
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    walk(&join(&index.to_string()), item, out);
                }
            }
            Value::String(text) => out.push((prefix.to_owned(), text.clone())),
            Value::Null => {}
            scalar => out.push((prefix.to_owned(), scalar.to_string())),
        }
    }
    let mut out = Vec::new();
    walk("", body, &mut out);
    out
}

/// Decodes `k=v&k=v` (`+` is a space, `%XX` a byte).
pub fn form_pairs(encoded: &str) -> Result<Vec<(String, String)>, String> {
    encoded
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((form_decode(key)?, form_decode(value)?))
        })
        .collect()
}

fn form_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => out.push(b' '),
            b'%' => {
                let byte = bytes
                    .get(index + 1..index + 3)
                    .and_then(|hex| std::str::from_utf8(hex).ok())
                    .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                    .ok_or_else(|| format!("bad percent escape in {text:?}"))?;
                out.push(byte);
                index += 2;
            }
            other => out.push(other),
        }
        index += 1;
    }
    String::from_utf8(out).map_err(|_| format!("{text:?} does not decode to UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_bodies_flatten_like_forms() {
        let body = json!({"Filters": [{"Name": "is-default", "Values": ["false"]}],
            "Limit": 2, "Flag": true, "Skipped": null});
        assert_eq!(
            flatten_json(&body),
            [
                ("Filters.0.Name", "is-default"),
                ("Filters.0.Values.0", "false"),
                ("Limit", "2"),
                ("Flag", "true"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
    }

    #[test]
    fn form_decoding() {
        assert_eq!(
            form_pairs("a+b=%E6%B5%8B%2F&empty=&bare").unwrap(),
            [("a b", "测/"), ("empty", ""), ("bare", "")]
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
        assert!(form_pairs("a=%zz").is_err());
        assert!(form_pairs("a=%4").is_err());
        assert!(form_pairs("a=%ff").is_err(), "not UTF-8");
    }
}
