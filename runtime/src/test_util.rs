//! A scriptable stand-in for the Tencent Cloud API, for tests without a network (feature
//! `test-util`).
//!
//! [`MockServer`] is an HTTP/1.1 server on `127.0.0.1` built on hyper. It answers each call with
//! the next reply scripted for its action ([`MockServer::reply`]), else with its default reply
//! ([`MockServer::default_reply`]), after an optional check of every request
//! ([`MockServer::check`], e.g. a signature check) that may answer instead. Replies can be any
//! status, content type and body, delayed, or cut off mid-body ([`MockReply`]). Every request
//! is recorded ([`MockServer::requests`]) with its raw parts and its parameters flattened the way
//! the form encoding writes them (`Filters.0.Values.0`), whether the client sent a form or a
//! JSON body; empty lists and objects of a JSON body stay visible (`SecurityGroupIds` = `[]`).
//!
//! A test with logic of its own (a server that checks requests against the docs, a metadata
//! service) passes a [`Handler`] to [`MockServer::start_with`] and keeps the recording.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use tcgen_runtime::test_util::{MockReply, MockServer};
//! let server = MockServer::start().await;
//! server.reply("DescribeVpcs", MockReply::v3(serde_json::json!({"TotalCount": 0, "VpcSet": []})));
//! server.default_reply(MockReply::html(502, "<html>502 Bad Gateway</html>"));
//! let client = server.client_builder().build_client()?;
//! // ... call through a generated client wrapping `client` ...
//! assert_eq!(server.requests().len(), 0);
//! # Ok(()) }
//! ```

use std::collections::{BTreeMap, VecDeque};
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt as _;
use http_body_util::{BodyExt, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::service::service_fn;
use serde_json::{json, Value};
use tokio::net::TcpListener;

use crate::config::ConfigBuilder;
use crate::credentials::Credentials;
use crate::retry::RetryConfig;
use crate::Client;

/// The RequestId of scripted replies unless [`MockReply::request_id`] sets another.
pub const MOCK_REQUEST_ID: &str = "mock-request-id";

/// How a reply's body goes out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Whole, with its `Content-Length`.
    Whole,
    /// In chunks of [`CHUNK_BYTES`] (`Transfer-Encoding: chunked`), so that its length is not
    /// known up front.
    Chunked,
    /// The first bytes only, after promising the whole `Content-Length`; then the connection
    /// is closed.
    CutAfter(usize),
}

/// One answer: status, headers, body, and how and when it is sent.
#[derive(Debug, Clone, PartialEq)]
pub struct MockReply {
    /// The HTTP status.
    pub status: u16,
    /// Headers besides `Content-Length`; `Content-Type` is `application/json` unless set here.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// How long to wait before answering.
    pub delay: Duration,
    /// How the body is sent.
    pub delivery: Delivery,
}

impl MockReply {
    /// A body with a status and content type, sent as it is.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> MockReply {
        MockReply {
            status,
            headers: vec![("content-type".to_owned(), content_type.to_owned())],
            body: body.into(),
            delay: Duration::ZERO,
            delivery: Delivery::Whole,
        }
    }

    /// A JSON body.
    pub fn json(status: u16, body: &Value) -> MockReply {
        MockReply::raw(status, "application/json", body.to_string())
    }

    /// An HTML page, as gateways answer outages with.
    pub fn html(status: u16, page: &str) -> MockReply {
        MockReply::raw(status, "text/html", page)
    }

    /// An API 3.0 success: `{"Response": {..fields, "RequestId"}}`.
    pub fn v3(fields: Value) -> MockReply {
        let mut fields = object(fields);
        fields
            .entry("RequestId")
            .or_insert_with(|| json!(MOCK_REQUEST_ID));
        MockReply::json(200, &json!({ "Response": fields }))
    }

    /// An API 3.0 service error (HTTP 200, as the service sends them).
    pub fn v3_error(code: &str, message: &str) -> MockReply {
        MockReply::json(
            200,
            &json!({"Response": {"Error": {"Code": code, "Message": message}, "RequestId": MOCK_REQUEST_ID}}),
        )
    }

    /// A v2 success: `{"code": 0, "message": "", ..fields}`.
    pub fn v2(fields: Value) -> MockReply {
        let mut fields = object(fields);
        fields.entry("code").or_insert_with(|| json!(0));
        fields.entry("message").or_insert_with(|| json!(""));
        MockReply::json(200, &Value::Object(fields))
    }

    /// A v2 service error; `code_desc` is left out when empty.
    pub fn v2_error(code: i64, code_desc: &str, message: &str) -> MockReply {
        let mut body = json!({"code": code, "message": message, "requestId": MOCK_REQUEST_ID});
        if !code_desc.is_empty() {
            body["codeDesc"] = json!(code_desc);
        }
        MockReply::json(200, &body)
    }

    /// The same reply with another RequestId (`Response.RequestId` of API 3.0, `requestId` of
    /// v2). A body that is no envelope is left as it is.
    pub fn request_id(mut self, request_id: &str) -> MockReply {
        if let Ok(mut body) = serde_json::from_slice::<Value>(&self.body) {
            if let Some(response) = body.get_mut("Response").and_then(Value::as_object_mut) {
                response.insert("RequestId".into(), json!(request_id));
            } else if let Some(v2) = body.as_object_mut() {
                v2.insert("requestId".into(), json!(request_id));
            }
            self.body = body.to_string().into_bytes();
        }
        self
    }

    /// The same reply, sent after `delay`.
    pub fn delayed(mut self, delay: Duration) -> MockReply {
        self.delay = delay;
        self
    }

    /// The same reply, sent as `delivery` says.
    pub fn delivered(mut self, delivery: Delivery) -> MockReply {
        self.delivery = delivery;
        self
    }

    /// The same reply with one more header.
    pub fn header(mut self, name: &str, value: &str) -> MockReply {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers
            .push((name.to_ascii_lowercase(), value.to_owned()));
        self
    }
}

fn object(value: Value) -> serde_json::Map<String, Value> {
    match value {
        Value::Object(map) => map,
        Value::Null => serde_json::Map::new(),
        other => panic!("a mock reply's fields must be a JSON object, not {other}"),
    }
}

/// One request the server received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockRequest {
    /// `GET` or `POST`.
    pub method: String,
    /// The request target: path and query.
    pub target: String,
    /// Headers, names in lower case.
    pub headers: BTreeMap<String, String>,
    /// The body as sent.
    pub body: Vec<u8>,
    /// The action (`X-TC-Action`, or the `Action` parameter).
    pub action: String,
    /// The business parameters, flattened (`Filters.0.Name`), sorted by name; the common
    /// parameters (`Action`, `Nonce`, `Signature`, ...) are left out. An empty list or object
    /// of a JSON body is kept as `[]` or `{}`.
    pub params: BTreeMap<String, String>,
}

impl MockRequest {
    /// One parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }

    /// One header (`name` in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }

    /// The path, without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// The query, without the `?`.
    pub fn query(&self) -> &str {
        self.target
            .split_once('?')
            .map(|(_, query)| query)
            .unwrap_or_default()
    }

    /// Every form parameter of the query and a form body, decoded, in order, common ones
    /// included (what a signature check recomputes over).
    pub fn form_pairs(&self) -> Vec<(String, String)> {
        let body = if self.is_json() {
            ""
        } else {
            std::str::from_utf8(&self.body).unwrap_or_default()
        };
        self.query()
            .split('&')
            .chain(body.split('&'))
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (form_decode(k), form_decode(v))
            })
            .collect()
    }

    /// Whether the body is JSON (a TC3 POST).
    pub fn is_json(&self) -> bool {
        self.header("content-type")
            .is_some_and(|t| t.contains("json"))
    }
}

/// What answers a request, given the request (after it was recorded).
pub trait Handler: Send + Sync + 'static {
    /// The answer to `request`.
    fn handle(&self, request: &MockRequest) -> MockReply;
}

impl<F: Fn(&MockRequest) -> MockReply + Send + Sync + 'static> Handler for F {
    fn handle(&self, request: &MockRequest) -> MockReply {
        self(request)
    }
}

/// A check of every request before the scripted replies: `Err` answers in their place.
type Check = Box<dyn Fn(&MockRequest) -> Result<(), MockReply> + Send + Sync>;

#[derive(Default)]
struct Script {
    replies: BTreeMap<String, VecDeque<MockReply>>,
    default: Option<MockReply>,
    check: Option<Check>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking test thread must not hide the recording from the others.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Handler for Arc<Mutex<Script>> {
    fn handle(&self, request: &MockRequest) -> MockReply {
        let mut script = lock(self);
        if let Some(Err(refusal)) = script.check.as_ref().map(|check| check(request)) {
            return refusal;
        }
        let scripted = script
            .replies
            .get_mut(&request.action)
            .and_then(VecDeque::pop_front);
        scripted
            .or_else(|| script.default.clone())
            .unwrap_or_else(|| {
                MockReply::raw(
                    500,
                    "text/plain",
                    format!("no reply scripted for {}", request.action),
                )
            })
    }
}

/// How the server answers: the handler's reply, possibly after work of its own.
type Respond =
    Arc<dyn Fn(MockRequest) -> Pin<Box<dyn Future<Output = MockReply> + Send>> + Send + Sync>;

/// Connections accepted, and requests being answered now and at most at once.
#[derive(Default)]
struct Counters {
    connections: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

/// The local service; dropped, it stops accepting connections.
pub struct MockServer {
    port: u16,
    script: Arc<Mutex<Script>>,
    requests: Arc<Mutex<Vec<MockRequest>>>,
    counters: Arc<Counters>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl MockServer {
    /// Starts the scripted server on a free port of 127.0.0.1 (inside a Tokio runtime).
    pub async fn start() -> MockServer {
        let script = Arc::new(Mutex::new(Script::default()));
        let mut server = MockServer::start_with(script.clone()).await;
        server.script = script;
        server
    }

    /// Starts a server that answers with `handler` (the scripting methods then do nothing).
    pub async fn start_with(handler: impl Handler) -> MockServer {
        let handler = Arc::new(handler);
        MockServer::start_async(move |request: MockRequest| {
            let reply = handler.handle(&request);
            async move { reply }
        })
        .await
    }

    /// Starts a server that answers with an async `handler`, for answers that wait on
    /// something (the scripting methods then do nothing).
    pub async fn start_async<F, Fut>(handler: F) -> MockServer
    where
        F: Fn(MockRequest) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = MockReply> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port on 127.0.0.1");
        let port = listener.local_addr().expect("a bound address").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let counters = Arc::new(Counters::default());
        let respond: Respond = Arc::new(move |request| Box::pin(handler(request)));
        let recorded = requests.clone();
        let counting = counters.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                counting.connections.fetch_add(1, Ordering::SeqCst);
                let respond = respond.clone();
                let recorded = recorded.clone();
                let counting = counting.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |request| {
                        answer(request, respond.clone(), recorded.clone(), counting.clone())
                    });
                    // A client that gives up (timeouts) ends the connection; that is expected.
                    // No automatic `Date`: a clock-skew test decides whether one is sent.
                    let _ = hyper::server::conn::http1::Builder::new()
                        .auto_date_header(false)
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        MockServer {
            port,
            script: Arc::default(),
            requests,
            counters,
            task,
        }
    }

    /// How many connections the server accepted (a pooling client reuses them).
    pub fn connections(&self) -> usize {
        self.counters.connections.load(Ordering::SeqCst)
    }

    /// The most requests that were being answered at once.
    pub fn max_in_flight(&self) -> usize {
        self.counters.max_in_flight.load(Ordering::SeqCst)
    }

    /// Queues a reply for the next call of `action` (calls of one action are answered in the
    /// order their replies were queued).
    pub fn reply(&self, action: &str, reply: MockReply) -> &Self {
        lock(&self.script)
            .replies
            .entry(action.to_owned())
            .or_default()
            .push_back(reply);
        self
    }

    /// The reply to calls with nothing queued; without one they get an HTTP 500.
    pub fn default_reply(&self, reply: MockReply) -> &Self {
        lock(&self.script).default = Some(reply);
        self
    }

    /// Checks every request first (a signature, a header); an `Err` is answered instead of the
    /// script, which is left as it was.
    pub fn check(
        &self,
        check: impl Fn(&MockRequest) -> Result<(), MockReply> + Send + Sync + 'static,
    ) -> &Self {
        lock(&self.script).check = Some(Box::new(check));
        self
    }

    /// `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The requests received so far, in order.
    pub fn requests(&self) -> Vec<MockRequest> {
        lock(&self.requests).clone()
    }

    /// How many requests arrived.
    pub fn request_count(&self) -> usize {
        lock(&self.requests).len()
    }

    /// How many replies are still queued (0 once the script is used up).
    pub fn pending(&self) -> usize {
        lock(&self.script).replies.values().map(VecDeque::len).sum()
    }

    /// A client configuration for this server: its endpoint, test credentials, region
    /// `ap-guangzhou` (change it with `.region(..)`), no proxy, one attempt per call and short
    /// timeouts.
    pub fn client_builder(&self) -> ConfigBuilder {
        Client::builder()
            .endpoint(self.endpoint())
            .region("ap-guangzhou")
            .credentials(Credentials::new("AKIDmockSecretId", "mock-secret-key"))
            .use_env_proxy(false)
            .retry(RetryConfig {
                max_attempts: 1,
                base_delay: Duration::from_millis(1),
                max_delay: Duration::from_millis(1),
                ..RetryConfig::default()
            })
            .timeout(Duration::from_secs(10))
    }
}

/// The size of the chunks of a [`Delivery::Chunked`] body, as proxies commonly send them.
pub const CHUNK_BYTES: usize = 16 * 1024;

type ReplyBody = http_body_util::combinators::BoxBody<Bytes, std::io::Error>;
type Answer = Pin<Box<dyn Future<Output = Result<hyper::Response<ReplyBody>, Infallible>> + Send>>;

fn answer(
    request: hyper::Request<Incoming>,
    respond: Respond,
    recorded: Arc<Mutex<Vec<MockRequest>>>,
    counters: Arc<Counters>,
) -> Answer {
    Box::pin(async move {
        let now = counters.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        counters.max_in_flight.fetch_max(now, Ordering::SeqCst);
        let (parts, body) = request.into_parts();
        // A body the client did not finish sending is recorded as far as it came.
        let body = body
            .collect()
            .await
            .map(|collected| collected.to_bytes().to_vec())
            .unwrap_or_default();
        let request = recorded_request(&parts, body);
        lock(&recorded).push(request.clone());
        let reply = respond(request).await;
        if !reply.delay.is_zero() {
            tokio::time::sleep(reply.delay).await;
        }
        counters.in_flight.fetch_sub(1, Ordering::SeqCst);
        Ok(response(reply))
    })
}

fn response(reply: MockReply) -> hyper::Response<ReplyBody> {
    let mut builder = hyper::Response::builder().status(reply.status);
    let mut content_type = false;
    for (name, value) in &reply.headers {
        content_type |= name.eq_ignore_ascii_case("content-type");
        builder = builder.header(name.as_str(), value.as_str());
    }
    if !content_type {
        builder = builder.header("content-type", "application/json");
    }
    let total = reply.body.len();
    let body: ReplyBody = match reply.delivery {
        Delivery::Whole => {
            builder = builder.header("content-length", total);
            http_body_util::Full::new(Bytes::from(reply.body))
                .map_err(|never| match never {})
                .boxed()
        }
        Delivery::Chunked => {
            let chunks: Vec<Result<Frame<Bytes>, std::io::Error>> = reply
                .body
                .chunks(CHUNK_BYTES)
                .map(|chunk| Ok(Frame::data(Bytes::copy_from_slice(chunk))))
                .collect();
            BodyExt::boxed(StreamBody::new(futures_util::stream::iter(chunks)))
        }
        Delivery::CutAfter(sent) => {
            builder = builder.header("content-length", total.max(sent + 1));
            let head = Bytes::copy_from_slice(&reply.body[..sent.min(total)]);
            // An error after the first bytes makes hyper drop the connection mid-body; the
            // pause lets the head and those bytes reach the client first.
            let cut = async {
                tokio::time::sleep(Duration::from_millis(50)).await;
                Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionAborted,
                    "reply cut by the script",
                ))
            };
            let frames = futures_util::stream::iter([Ok(Frame::data(head))])
                .chain(futures_util::stream::once(cut));
            BodyExt::boxed(StreamBody::new(frames))
        }
    };
    builder.body(body).unwrap_or_else(|err| {
        let text = format!("the scripted reply is not valid HTTP: {err}");
        hyper::Response::builder()
            .status(500)
            .body(
                http_body_util::Full::new(Bytes::from(text))
                    .map_err(|never| match never {})
                    .boxed(),
            )
            .expect("a plain 500")
    })
}

/// The common parameters of either generation, left out of [`MockRequest::params`].
const COMMON: &[&str] = &[
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

fn recorded_request(parts: &hyper::http::request::Parts, body: Vec<u8>) -> MockRequest {
    let headers: BTreeMap<String, String> = parts
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let mut request = MockRequest {
        method: parts.method.as_str().to_owned(),
        target: parts
            .uri
            .path_and_query()
            .map(|target| target.as_str().to_owned())
            .unwrap_or_else(|| "/".to_owned()),
        action: headers.get("x-tc-action").cloned().unwrap_or_default(),
        headers,
        body,
        params: BTreeMap::new(),
    };
    let mut params = BTreeMap::new();
    if request.is_json() {
        if let Ok(value) = serde_json::from_slice::<Value>(&request.body) {
            flatten("", &value, &mut params);
        }
    } else {
        for (name, value) in request.form_pairs() {
            if name == "Action" {
                request.action = value.clone();
            }
            params.insert(name, value);
        }
    }
    params.retain(|name, _| !COMMON.contains(&name.as_str()));
    request.params = params;
    request
}

/// A JSON body flattened like the form encoding: `A.0.B`, booleans `true`/`false`; an empty
/// list or object, which the form cannot carry, as `[]` or `{}`.
fn flatten(prefix: &str, value: &Value, out: &mut BTreeMap<String, String>) {
    let key = |name: &str| {
        if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}.{name}")
        }
    };
    match value {
        Value::Object(map) if map.is_empty() && !prefix.is_empty() => {
            out.insert(prefix.to_owned(), "{}".to_owned());
        }
        Value::Array(items) if items.is_empty() => {
            out.insert(prefix.to_owned(), "[]".to_owned());
        }
        Value::Object(map) => {
            for (name, value) in map {
                flatten(&key(name), value, out);
            }
        }
        Value::Array(items) => {
            for (index, value) in items.iter().enumerate() {
                flatten(&key(&index.to_string()), value, out);
            }
        }
        Value::Null => {}
        Value::String(text) => {
            out.insert(prefix.to_owned(), text.clone());
        }
        other => {
            out.insert(prefix.to_owned(), other.to_string());
        }
    }
}

fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (bytes[i], escaped) {
            (_, Some(byte)) => {
                out.push(byte);
                i += 2;
            }
            (b'+', None) => out.push(b' '),
            (other, None) => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
