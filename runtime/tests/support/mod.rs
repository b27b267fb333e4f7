//! Shared by the loopback tests: a scripted HTTP server on 127.0.0.1 that records what the
//! client sends, request and response types shaped like generated code, and signature checks.

// Each test binary uses a different part of these helpers.
#![allow(dead_code)]

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tcgen_runtime::form::{FormWriter, Key};
use tcgen_runtime::sign::{self, HttpMethod, SignatureMethod, Tc3Input};
use tcgen_runtime::{
    lenient, ApiGeneration, ApiInfo, Client, ConfigBuilder, Credentials, Request, RetryConfig,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const SECRET_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
pub const SECRET_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
pub const TOKEN: &str = "da1e9d2ee9dda83506832d5ecb903b790132dfe340001";

pub const V3: ApiInfo = ApiInfo {
    generation: ApiGeneration::V3 {
        version: "2017-03-12",
    },
    service: "vpc",
    host: "vpc.tencentcloudapi.com",
    path: "/",
};

pub const V2: ApiInfo = ApiInfo {
    generation: ApiGeneration::V2,
    service: "vpc",
    host: "vpc.api.qcloud.com",
    path: "/v2/index.php",
};

// ------------------------------------------------------------------ requests and responses

#[derive(Serialize)]
pub struct Filter {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Values")]
    pub values: Vec<String>,
}

impl tcgen_runtime::form::FormValue for Filter {
    fn write_form<'a>(&'a self, key: Key, out: &mut FormWriter<'a>) {
        out.field(key, "Name", &self.name);
        out.field(key, "Values", &self.values);
    }
}

#[derive(Serialize)]
pub struct DescribeVpcsRequest {
    #[serde(rename = "Filters", skip_serializing_if = "Option::is_none")]
    pub filters: Option<Vec<Filter>>,
    #[serde(rename = "Limit", skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
}

impl Request for DescribeVpcsRequest {
    const ACTION: &'static str = "DescribeVpcs";
    // As generated: `Describe*` only reads, so 5xx answers are retried.
    const RETRY_SAFETY: tcgen_runtime::RetrySafety = tcgen_runtime::RetrySafety::ReadOnly;
    type Response = DescribeVpcsResponse;
    fn write_form<'a>(&'a self, out: &mut FormWriter<'a>) {
        out.field(Key::ROOT, "Filters", &self.filters);
        out.field(Key::ROOT, "Limit", &self.limit);
    }
}

pub fn describe_vpcs() -> DescribeVpcsRequest {
    DescribeVpcsRequest {
        filters: Some(vec![Filter {
            name: "vpc-name".into(),
            values: vec!["测试VPC".into(), "prod vpc".into()],
        }]),
        limit: Some("20".into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct Vpc {
    #[serde(rename = "VpcId", default, deserialize_with = "lenient::option")]
    pub vpc_id: Option<String>,
    #[serde(rename = "IsDefault", default, deserialize_with = "lenient::option")]
    pub is_default: Option<bool>,
}
tcgen_runtime::impl_lenient_via_deserialize!(Vpc);

#[derive(Debug, Deserialize)]
pub struct DescribeVpcsResponse {
    #[serde(rename = "TotalCount", default, deserialize_with = "lenient::option")]
    pub total_count: Option<u64>,
    #[serde(rename = "VpcSet", default, deserialize_with = "lenient::option")]
    pub vpc_set: Option<Vec<Vpc>>,
    #[serde(rename = "RequestId", default, deserialize_with = "lenient::option")]
    pub request_id: Option<String>,
}

#[derive(Serialize)]
pub struct SubnetInput {
    #[serde(rename = "subnetName")]
    pub subnet_name: String,
    #[serde(rename = "zoneId")]
    pub zone_id: i64,
}

impl tcgen_runtime::form::FormValue for SubnetInput {
    fn write_form<'a>(&'a self, key: Key, out: &mut FormWriter<'a>) {
        out.field(key, "subnetName", &self.subnet_name);
        out.field(key, "zoneId", &self.zone_id);
    }
}

#[derive(Serialize)]
pub struct CreateVpcRequest {
    #[serde(rename = "vpcName")]
    pub vpc_name: String,
    #[serde(rename = "subnetSet")]
    pub subnet_set: Vec<SubnetInput>,
}

impl Request for CreateVpcRequest {
    const ACTION: &'static str = "CreateVpc";
    type Response = CreateVpcResponse;
    fn write_form<'a>(&'a self, out: &mut FormWriter<'a>) {
        out.field(Key::ROOT, "vpcName", &self.vpc_name);
        out.field(Key::ROOT, "subnetSet", &self.subnet_set);
    }
}

pub fn create_vpc() -> CreateVpcRequest {
    CreateVpcRequest {
        vpc_name: "bbbttest".into(),
        subnet_set: vec![SubnetInput {
            subnet_name: "wikitest".into(),
            zone_id: 800001,
        }],
    }
}

#[derive(Debug, Deserialize)]
pub struct CreateVpcResponse {
    #[serde(rename = "uniqVpcId", default, deserialize_with = "lenient::option")]
    pub uniq_vpc_id: Option<String>,
}

#[derive(Serialize)]
pub struct RatioRequest {
    #[serde(rename = "Ratio")]
    pub ratio: f64,
}

impl Request for RatioRequest {
    const ACTION: &'static str = "SetRatio";
    type Response = DescribeVpcsResponse;
    fn write_form<'a>(&'a self, out: &mut FormWriter<'a>) {
        out.field(Key::ROOT, "Ratio", &self.ratio);
    }
}

// ------------------------------------------------------------------ the server

#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub target: String,
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
            .unwrap_or_else(|| panic!("no header {name} in {:?}", self.headers.keys()))
    }

    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// Parameters from the query (GET) or the form body (POST), decoded, in order.
    pub fn params(&self) -> Vec<(String, String)> {
        let encoded = match self.method.as_str() {
            "GET" => self
                .target
                .split_once('?')
                .map(|(_, q)| q)
                .unwrap_or_default()
                .to_owned(),
            _ => String::from_utf8(self.body.clone()).unwrap(),
        };
        encoded
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (form_decode(k), form_decode(v))
            })
            .collect()
    }

    pub fn param(&self, name: &str) -> Option<String> {
        self.params()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }
}

pub fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 2;
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

#[derive(Clone)]
pub enum Reply {
    Json(u16, String),
    Body {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
    },
    /// Promises `length` bytes but closes after sending `sent` of them.
    Truncated {
        length: usize,
        sent: Vec<u8>,
    },
    /// Waits before answering.
    Delayed(Duration, Box<Reply>),
}

pub struct Server {
    pub port: u16,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
}

impl Server {
    pub async fn start(script: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(VecDeque::from(script)));
        let recorded = requests.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let recorded = recorded.clone();
                let script = script.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, recorded, script).await;
                });
            }
        });
        Server { port, requests }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

pub async fn serve(
    mut stream: TcpStream,
    recorded: Arc<Mutex<Vec<Recorded>>>,
    script: Arc<Mutex<VecDeque<Reply>>>,
) -> std::io::Result<()> {
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
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_owned();
    let target = request_line.next().unwrap_or_default().to_owned();
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
    recorded.lock().unwrap().push(Recorded {
        method,
        target,
        headers,
        body,
    });
    let reply = script
        .lock()
        .unwrap()
        .pop_front()
        .unwrap_or(Reply::Json(500, "script exhausted".into()));
    write_reply(&mut stream, reply).await
}

pub async fn write_reply(stream: &mut TcpStream, mut reply: Reply) -> std::io::Result<()> {
    while let Reply::Delayed(delay, inner) = reply {
        tokio::time::sleep(delay).await;
        reply = *inner;
    }
    let (status, content_type, body, length) = match reply {
        Reply::Json(status, body) => {
            let length = body.len();
            (status, "application/json", body.into_bytes(), length)
        }
        Reply::Body {
            status,
            content_type,
            body,
        } => {
            let length = body.len();
            (status, content_type, body, length)
        }
        Reply::Truncated { length, sent } => (200, "application/json", sent, length),
        Reply::Delayed(..) => unreachable!(),
    };
    let head = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ncontent-length: {length}\r\nconnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(&body).await?;
    stream.shutdown().await
}

// ------------------------------------------------------------------ helpers

pub fn builder(server: &Server) -> ConfigBuilder {
    Client::builder()
        .endpoint(server.endpoint())
        .region("ap-guangzhou")
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .use_env_proxy(false)
        .retry(RetryConfig {
            max_attempts: 3,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            ..Default::default()
        })
        .timeout(Duration::from_secs(10))
}

pub fn v3_success() -> Reply {
    Reply::Json(
        200,
        r#"{"Response": {"TotalCount": "1", "VpcSet": [{"VpcId": "vpc-qcu4ndmz", "IsDefault": 1}],
            "RequestId": "r-success"}}"#
            .into(),
    )
}

pub fn v3_error(code: &str) -> Reply {
    Reply::Json(
        200,
        format!(
            r#"{{"Response": {{"Error": {{"Code": "{code}", "Message": "msg of {code}"}}, "RequestId": "r-{code}"}}}}"#
        ),
    )
}

/// Recomputes the HMAC signature of a recorded request and compares it with the one sent.
pub fn assert_hmac_signature_verifies(request: &Recorded, api: &ApiInfo) {
    let mut params = request.params();
    let position = params
        .iter()
        .position(|(k, _)| k == "Signature")
        .expect("Signature sent");
    let (_, sent) = params.remove(position);
    let algorithm = request
        .param("SignatureMethod")
        .expect("SignatureMethod sent")
        .parse::<SignatureMethod>()
        .unwrap()
        .hmac_algorithm()
        .expect("an HMAC method");
    let method = match request.method.as_str() {
        "GET" => HttpMethod::Get,
        _ => HttpMethod::Post,
    };
    assert_eq!(request.path(), api.path);
    let expected = sign::sign_hmac(
        algorithm,
        method,
        request.header("host"),
        api.path,
        &params,
        SECRET_KEY,
    );
    assert_eq!(
        sent, expected.signature,
        "signature of {}",
        expected.string_to_sign
    );
}

/// Recomputes the TC3 signature of a recorded request from its headers and body.
pub fn assert_tc3_signature_verifies(request: &Recorded) {
    let method = match request.method.as_str() {
        "GET" => HttpMethod::Get,
        _ => HttpMethod::Post,
    };
    let query = request
        .target
        .split_once('?')
        .map(|(_, q)| q)
        .unwrap_or_default();
    let expected = sign::sign_tc3(&Tc3Input {
        http_method: method,
        host: request.header("host"),
        path: request.path(),
        query,
        content_type: request.header("content-type"),
        payload: &request.body,
        service: "vpc",
        timestamp: request.header("x-tc-timestamp").parse().unwrap(),
        secret_id: SECRET_ID,
        secret_key: SECRET_KEY,
    });
    assert_eq!(request.header("authorization"), expected.authorization);
}

// ------------------------------------------------------------------ a keep-alive server

/// What a [`FnServer`] handler answers.
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(status: u16, body: impl Into<String>) -> Answer {
        Answer {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.into().into_bytes(),
        }
    }

    pub fn text(status: u16, body: impl Into<String>) -> Answer {
        Answer {
            status,
            headers: vec![("content-type".into(), "text/plain".into())],
            body: body.into().into_bytes(),
        }
    }

    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Answer {
        self.headers.push((name.into(), value.into()));
        self
    }
}

type Handler = Arc<
    dyn Fn(Recorded) -> std::pin::Pin<Box<dyn std::future::Future<Output = Answer> + Send>>
        + Send
        + Sync,
>;

/// An HTTP/1.1 server on 127.0.0.1 that keeps connections alive and answers through a
/// handler; it counts accepted connections and requests in flight.
pub struct FnServer {
    pub port: u16,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
    /// Connections accepted so far.
    pub connections: Arc<std::sync::atomic::AtomicUsize>,
    /// Requests being handled now, and the most seen at once.
    pub in_flight: Arc<std::sync::atomic::AtomicUsize>,
    pub max_in_flight: Arc<std::sync::atomic::AtomicUsize>,
    /// Whether to record every request (off for load).
    record: bool,
}

impl FnServer {
    pub async fn start<F, Fut>(handler: F) -> FnServer
    where
        F: Fn(Recorded) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Answer> + Send + 'static,
    {
        Self::start_with(handler, true).await
    }

    pub async fn start_unrecorded<F, Fut>(handler: F) -> FnServer
    where
        F: Fn(Recorded) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Answer> + Send + 'static,
    {
        Self::start_with(handler, false).await
    }

    async fn start_with<F, Fut>(handler: F, record: bool) -> FnServer
    where
        F: Fn(Recorded) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Answer> + Send + 'static,
    {
        use std::sync::atomic::AtomicUsize;
        let handler: Handler = Arc::new(move |request| Box::pin(handler(request)));
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = FnServer {
            port,
            requests: Arc::new(Mutex::new(Vec::new())),
            connections: Arc::new(AtomicUsize::new(0)),
            in_flight: Arc::new(AtomicUsize::new(0)),
            max_in_flight: Arc::new(AtomicUsize::new(0)),
            record,
        };
        let shared = (
            server.requests.clone(),
            server.connections.clone(),
            server.in_flight.clone(),
            server.max_in_flight.clone(),
        );
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (requests, connections, in_flight, max_in_flight) = shared.clone();
                connections.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let handler = handler.clone();
                tokio::spawn(async move {
                    let _ = serve_keep_alive(
                        stream,
                        handler,
                        record.then_some(requests),
                        in_flight,
                        max_in_flight,
                    )
                    .await;
                });
            }
        });
        server
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        assert!(self.record, "this server does not record requests");
        self.requests.lock().unwrap().clone()
    }

    pub fn connections(&self) -> usize {
        self.connections.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight.load(std::sync::atomic::Ordering::SeqCst)
    }
}

async fn serve_keep_alive(
    mut stream: TcpStream,
    handler: Handler,
    recorded: Option<Arc<Mutex<Vec<Recorded>>>>,
    in_flight: Arc<std::sync::atomic::AtomicUsize>,
    max_in_flight: Arc<std::sync::atomic::AtomicUsize>,
) -> std::io::Result<()> {
    use std::sync::atomic::Ordering;
    let mut buffer: Vec<u8> = Vec::new();
    loop {
        let header_end = loop {
            if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break end;
            }
            let mut chunk = [0u8; 8192];
            let read = stream.read(&mut chunk).await?;
            if read == 0 {
                return Ok(());
            }
            buffer.extend_from_slice(&chunk[..read]);
        };
        let head = String::from_utf8_lossy(&buffer[..header_end]).into_owned();
        let mut lines = head.split("\r\n");
        let mut request_line = lines.next().unwrap_or_default().split(' ');
        let method = request_line.next().unwrap_or_default().to_owned();
        let target = request_line.next().unwrap_or_default().to_owned();
        let headers: BTreeMap<String, String> = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let length: usize = headers
            .get("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        buffer.drain(..header_end + 4);
        while buffer.len() < length {
            let mut chunk = [0u8; 8192];
            let read = stream.read(&mut chunk).await?;
            if read == 0 {
                return Ok(());
            }
            buffer.extend_from_slice(&chunk[..read]);
        }
        let body: Vec<u8> = buffer.drain(..length).collect();
        let request = Recorded {
            method,
            target,
            headers,
            body,
        };
        if let Some(recorded) = &recorded {
            recorded.lock().unwrap().push(request.clone());
        }
        let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        max_in_flight.fetch_max(now, Ordering::SeqCst);
        let answer = handler(request).await;
        in_flight.fetch_sub(1, Ordering::SeqCst);
        let mut head = format!(
            "HTTP/1.1 {} X\r\ncontent-length: {}\r\n",
            answer.status,
            answer.body.len()
        );
        for (name, value) in &answer.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        // One write: a separate body write would wait for the delayed ACK (Nagle).
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(&answer.body);
        stream.write_all(&bytes).await?;
    }
}

/// Recomputes the TC3 signature of a recorded request for any service and key.
pub fn tc3_signature_verifies(
    request: &Recorded,
    service: &str,
    secret_id: &str,
    secret_key: &str,
) -> bool {
    let method = match request.method.as_str() {
        "GET" => HttpMethod::Get,
        _ => HttpMethod::Post,
    };
    let query = request
        .target
        .split_once('?')
        .map(|(_, q)| q)
        .unwrap_or_default();
    let Some(timestamp) = request
        .headers
        .get("x-tc-timestamp")
        .and_then(|t| t.parse().ok())
    else {
        return false;
    };
    let expected = sign::sign_tc3(&Tc3Input {
        http_method: method,
        host: request.header("host"),
        path: request.path(),
        query,
        content_type: request.header("content-type"),
        payload: &request.body,
        service,
        timestamp,
        secret_id,
        secret_key,
    });
    request.headers.get("authorization") == Some(&expected.authorization)
}
