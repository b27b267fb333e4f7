//! Shared by the loopback tests: the runtime's `test-util` server (scripted, or answering through
//! a handler) recording what the client sends, request and response types shaped like generated code, and signature checks.

// Each test binary uses a different part of these helpers.
#![allow(dead_code)]

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tcgen_runtime::form::{FormWriter, Key};
use tcgen_runtime::sign::{self, HttpMethod, SignatureMethod, Tc3Input};
use tcgen_runtime::test_util::{Delivery, MockReply, MockRequest, MockServer};
use tcgen_runtime::{
    lenient, ApiGeneration, ApiInfo, Client, ConfigBuilder, Credentials, Request, RetryConfig,
};

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

/// The runtime's `test-util` server answering a fixed script of replies, in order.
pub struct Server {
    http: MockServer,
}

impl Server {
    pub async fn start(script: Vec<Reply>) -> Server {
        let script = Mutex::new(VecDeque::from(script));
        let http = MockServer::start_with(move |_: &MockRequest| {
            script
                .lock()
                .unwrap()
                .pop_front()
                .unwrap_or(Reply::Json(500, "script exhausted".into()))
                .into_mock()
        })
        .await;
        Server { http }
    }

    pub fn endpoint(&self) -> String {
        self.http.endpoint()
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.http
            .requests()
            .into_iter()
            .map(Recorded::from)
            .collect()
    }
}

impl Reply {
    fn into_mock(self) -> MockReply {
        match self {
            Reply::Json(status, body) => MockReply::raw(status, "application/json", body),
            Reply::Body {
                status,
                content_type,
                body,
            } => MockReply::raw(status, content_type, body),
            Reply::Truncated { length, mut sent } => {
                let cut = sent.len();
                sent.resize(length.max(cut + 1), b' ');
                MockReply::raw(200, "application/json", sent).delivered(Delivery::CutAfter(cut))
            }
            Reply::Delayed(delay, inner) => inner.into_mock().delayed(delay),
        }
    }
}

impl From<MockRequest> for Recorded {
    fn from(request: MockRequest) -> Recorded {
        Recorded {
            method: request.method,
            target: request.target,
            headers: request.headers,
            body: request.body,
        }
    }
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

impl Answer {
    fn into_mock(self) -> MockReply {
        let mut reply = MockReply::raw(self.status, "application/json", self.body);
        reply.headers = self.headers;
        reply
    }
}

/// The runtime's `test-util` server answering through an async handler; it counts accepted
/// connections and requests in flight (HTTP/1.1 keep-alive, so a pooling client reuses one).
pub struct FnServer {
    http: MockServer,
}

impl FnServer {
    pub async fn start<F, Fut>(handler: F) -> FnServer
    where
        F: Fn(Recorded) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Answer> + Send + 'static,
    {
        let handler = Arc::new(handler);
        let http = MockServer::start_async(move |request: MockRequest| {
            let answer = handler(Recorded::from(request));
            async move { answer.await.into_mock() }
        })
        .await;
        FnServer { http }
    }

    /// The same; the load test reads no recording (the server keeps it all the same).
    pub async fn start_unrecorded<F, Fut>(handler: F) -> FnServer
    where
        F: Fn(Recorded) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Answer> + Send + 'static,
    {
        Self::start(handler).await
    }

    pub fn endpoint(&self) -> String {
        self.http.endpoint()
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.http
            .requests()
            .into_iter()
            .map(Recorded::from)
            .collect()
    }

    pub fn connections(&self) -> usize {
        self.http.connections()
    }

    pub fn max_in_flight(&self) -> usize {
        self.http.max_in_flight()
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
