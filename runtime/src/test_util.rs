//! A scriptable stand-in for the Tencent Cloud API, for tests without a network (feature
//! `test-util`).
//!
//! [`MockServer`] listens on `127.0.0.1`, answers each call with the next reply scripted for its
//! action ([`MockServer::reply`]) and records every request ([`MockServer::requests`]) with its
//! parameters flattened the way the form encoding writes them (`Filters.0.Values.0`), whether the
//! client sent a form or a JSON body. Point a client at it with
//! [`MockServer::client_builder`]; signatures are not checked.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use tcgen_runtime::test_util::{MockReply, MockServer};
//! let server = MockServer::start().await;
//! server.reply("DescribeVpcs", MockReply::v3(serde_json::json!({"TotalCount": 0, "VpcSet": []})));
//! let client = server.client_builder().build_client()?;
//! // ... call through a generated client wrapping `client` ...
//! assert_eq!(server.requests().len(), 0);
//! # Ok(()) }
//! ```

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::config::ConfigBuilder;
use crate::credentials::Credentials;
use crate::retry::RetryConfig;
use crate::Client;

/// One scripted answer.
#[derive(Debug, Clone, PartialEq)]
pub enum MockReply {
    /// An HTTP status and a body, sent as they are (`application/json`).
    Raw(u16, String),
}

impl MockReply {
    /// An API 3.0 success: `{"Response": {..fields, "RequestId"}}`.
    pub fn v3(fields: Value) -> MockReply {
        let mut fields = object(fields);
        fields
            .entry("RequestId")
            .or_insert_with(|| json!("mock-request-id"));
        MockReply::Raw(200, json!({ "Response": fields }).to_string())
    }

    /// An API 3.0 service error.
    pub fn v3_error(code: &str, message: &str) -> MockReply {
        MockReply::Raw(
            200,
            json!({"Response": {"Error": {"Code": code, "Message": message}, "RequestId": "mock-request-id"}})
                .to_string(),
        )
    }

    /// A v2 success: `{"code": 0, "message": "", ..fields}`.
    pub fn v2(fields: Value) -> MockReply {
        let mut fields = object(fields);
        fields.entry("code").or_insert_with(|| json!(0));
        fields.entry("message").or_insert_with(|| json!(""));
        MockReply::Raw(200, Value::Object(fields).to_string())
    }

    /// A v2 service error.
    pub fn v2_error(code: i64, code_desc: &str, message: &str) -> MockReply {
        MockReply::Raw(
            200,
            json!({"code": code, "codeDesc": code_desc, "message": message}).to_string(),
        )
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
    /// The action (`X-TC-Action`, or the `Action` parameter).
    pub action: String,
    /// The business parameters, flattened (`Filters.0.Name`), sorted by name; the common
    /// parameters (`Action`, `Nonce`, `Signature`, ...) are left out.
    pub params: BTreeMap<String, String>,
}

impl MockRequest {
    /// One parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }
}

#[derive(Default)]
struct State {
    replies: BTreeMap<String, VecDeque<MockReply>>,
    requests: Vec<MockRequest>,
}

/// The scriptable local service; dropped, it stops accepting connections.
pub struct MockServer {
    port: u16,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl MockServer {
    /// Starts the server on a free port of 127.0.0.1 (inside a Tokio runtime).
    pub async fn start() -> MockServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port on 127.0.0.1");
        let port = listener.local_addr().expect("a bound address").port();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let state = shared.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, state).await;
                });
            }
        });
        MockServer { port, state, task }
    }

    /// Queues a reply for the next call of `action` (calls of one action are answered in the
    /// order their replies were queued). A call with nothing queued gets an HTTP 500.
    pub fn reply(&self, action: &str, reply: MockReply) -> &Self {
        lock(&self.state)
            .replies
            .entry(action.to_owned())
            .or_default()
            .push_back(reply);
        self
    }

    /// `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The requests received so far, in order.
    pub fn requests(&self) -> Vec<MockRequest> {
        lock(&self.state).requests.clone()
    }

    /// How many replies are still queued (0 once the script is used up).
    pub fn pending(&self) -> usize {
        lock(&self.state).replies.values().map(VecDeque::len).sum()
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
                ..Default::default()
            })
            .timeout(Duration::from_secs(10))
    }
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

async fn serve(mut stream: TcpStream, state: Arc<Mutex<State>>) -> std::io::Result<()> {
    let mut buffer = Vec::new();
    let header_end = loop {
        let mut chunk = [0u8; 4096];
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Ok(());
        }
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..header_end]).into_owned();
    let mut lines = head.split("\r\n");
    let target = lines
        .next()
        .unwrap_or_default()
        .split(' ')
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    let headers: BTreeMap<String, String> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[header_end + 4..].to_vec();
    while body.len() < length {
        let mut chunk = vec![0u8; length - body.len()];
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..read]);
    }

    let mut params = BTreeMap::new();
    let mut action = headers.get("x-tc-action").cloned();
    let is_json = headers
        .get("content-type")
        .is_some_and(|t| t.contains("json"));
    if is_json {
        if let Ok(value) = serde_json::from_slice::<Value>(&body) {
            flatten("", &value, &mut params);
        }
    } else {
        let query = target.split_once('?').map(|(_, q)| q).unwrap_or_default();
        let body = String::from_utf8_lossy(&body);
        for pair in query.split('&').chain(body.split('&')) {
            if pair.is_empty() {
                continue;
            }
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let (k, v) = (form_decode(k), form_decode(v));
            if k == "Action" {
                action = Some(v.clone());
            }
            params.insert(k, v);
        }
    }
    params.retain(|name, _| !COMMON.contains(&name.as_str()));
    let action = action.unwrap_or_default();
    let reply = {
        let mut state = lock(&state);
        state.requests.push(MockRequest {
            action: action.clone(),
            params,
        });
        state.replies.get_mut(&action).and_then(VecDeque::pop_front)
    };
    let MockReply::Raw(status, body) =
        reply.unwrap_or_else(|| MockReply::Raw(500, format!("no reply scripted for {action}")));
    let head = format!(
        "HTTP/1.1 {status} Mock\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    stream.shutdown().await
}

/// A JSON body flattened like the form encoding: `A.0.B`, booleans `true`/`false`.
fn flatten(prefix: &str, value: &Value, out: &mut BTreeMap<String, String>) {
    let key = |name: &str| {
        if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}.{name}")
        }
    };
    match value {
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
