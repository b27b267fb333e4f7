//! `Client::call` against a real HTTP server on the loopback interface.
//!
//! The server is a few lines of tokio: it records every request (method, target, headers,
//! body) and answers from a script. The tests verify the signature the client sent with the
//! signer (itself pinned by the official-SDK vectors), and assert decoding, retries, timeouts
//! and error reporting.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tcgen_runtime::credentials::{CredentialsChain, EnvSource};
use tcgen_runtime::form::FormWriter;
use tcgen_runtime::sign::{self, HttpMethod, SignatureMethod, Tc3Input};
use tcgen_runtime::{
    lenient, ApiGeneration, ApiInfo, Client, ConfigBuilder, Credentials, Error, Language, Request,
    RetryConfig,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const SECRET_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
const SECRET_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
const TOKEN: &str = "da1e9d2ee9dda83506832d5ecb903b790132dfe340001";

const V3: ApiInfo = ApiInfo {
    generation: ApiGeneration::V3 {
        version: "2017-03-12",
    },
    service: "vpc",
    host: "vpc.tencentcloudapi.com",
    path: "/",
};

const V2: ApiInfo = ApiInfo {
    generation: ApiGeneration::V2,
    service: "vpc",
    host: "vpc.api.qcloud.com",
    path: "/v2/index.php",
};

// ------------------------------------------------------------------ requests and responses

#[derive(Serialize)]
struct Filter {
    #[serde(rename = "Name")]
    name: String,
    #[serde(rename = "Values")]
    values: Vec<String>,
}

impl tcgen_runtime::form::FormValue for Filter {
    fn write_form(&self, key: &str, out: &mut FormWriter) {
        out.field(key, "Name", &self.name);
        out.field(key, "Values", &self.values);
    }
}

#[derive(Serialize)]
struct DescribeVpcsRequest {
    #[serde(rename = "Filters", skip_serializing_if = "Option::is_none")]
    filters: Option<Vec<Filter>>,
    #[serde(rename = "Limit", skip_serializing_if = "Option::is_none")]
    limit: Option<String>,
}

impl Request for DescribeVpcsRequest {
    const ACTION: &'static str = "DescribeVpcs";
    fn write_form(&self, out: &mut FormWriter) {
        out.field("", "Filters", &self.filters);
        out.field("", "Limit", &self.limit);
    }
}

fn describe_vpcs() -> DescribeVpcsRequest {
    DescribeVpcsRequest {
        filters: Some(vec![Filter {
            name: "vpc-name".into(),
            values: vec!["测试VPC".into(), "prod vpc".into()],
        }]),
        limit: Some("20".into()),
    }
}

#[derive(Debug, Deserialize)]
struct Vpc {
    #[serde(rename = "VpcId", default, deserialize_with = "lenient::option")]
    vpc_id: Option<String>,
    #[serde(rename = "IsDefault", default, deserialize_with = "lenient::option")]
    is_default: Option<bool>,
}
tcgen_runtime::impl_lenient_via_deserialize!(Vpc);

#[derive(Debug, Deserialize)]
struct DescribeVpcsResponse {
    #[serde(rename = "TotalCount", default, deserialize_with = "lenient::option")]
    total_count: Option<u64>,
    #[serde(rename = "VpcSet", default, deserialize_with = "lenient::option")]
    vpc_set: Option<Vec<Vpc>>,
    #[serde(rename = "RequestId", default, deserialize_with = "lenient::option")]
    request_id: Option<String>,
}

#[derive(Serialize)]
struct SubnetInput {
    #[serde(rename = "subnetName")]
    subnet_name: String,
    #[serde(rename = "zoneId")]
    zone_id: i64,
}

impl tcgen_runtime::form::FormValue for SubnetInput {
    fn write_form(&self, key: &str, out: &mut FormWriter) {
        out.field(key, "subnetName", &self.subnet_name);
        out.field(key, "zoneId", &self.zone_id);
    }
}

#[derive(Serialize)]
struct CreateVpcRequest {
    #[serde(rename = "vpcName")]
    vpc_name: String,
    #[serde(rename = "subnetSet")]
    subnet_set: Vec<SubnetInput>,
}

impl Request for CreateVpcRequest {
    const ACTION: &'static str = "CreateVpc";
    fn write_form(&self, out: &mut FormWriter) {
        out.field("", "vpcName", &self.vpc_name);
        out.field("", "subnetSet", &self.subnet_set);
    }
}

fn create_vpc() -> CreateVpcRequest {
    CreateVpcRequest {
        vpc_name: "bbbttest".into(),
        subnet_set: vec![SubnetInput {
            subnet_name: "wikitest".into(),
            zone_id: 800001,
        }],
    }
}

#[derive(Debug, Deserialize)]
struct CreateVpcResponse {
    #[serde(rename = "uniqVpcId", default, deserialize_with = "lenient::option")]
    uniq_vpc_id: Option<String>,
}

#[derive(Serialize)]
struct RatioRequest {
    #[serde(rename = "Ratio")]
    ratio: f64,
}

impl Request for RatioRequest {
    const ACTION: &'static str = "SetRatio";
    fn write_form(&self, out: &mut FormWriter) {
        out.field("", "Ratio", &self.ratio);
    }
}

// ------------------------------------------------------------------ the server

#[derive(Clone, Debug)]
struct Recorded {
    method: String,
    target: String,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Recorded {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
            .unwrap_or_else(|| panic!("no header {name} in {:?}", self.headers.keys()))
    }

    fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// Parameters from the query (GET) or the form body (POST), decoded, in order.
    fn params(&self) -> Vec<(String, String)> {
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

    fn param(&self, name: &str) -> Option<String> {
        self.params()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }
}

fn form_decode(text: &str) -> String {
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
enum Reply {
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

struct Server {
    port: u16,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl Server {
    async fn start(script: Vec<Reply>) -> Server {
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

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

async fn serve(
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

async fn write_reply(stream: &mut TcpStream, mut reply: Reply) -> std::io::Result<()> {
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

fn builder(server: &Server) -> ConfigBuilder {
    Client::builder()
        .endpoint(server.endpoint())
        .region("ap-guangzhou")
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .use_env_proxy(false)
        .retry(RetryConfig {
            max_attempts: 3,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
        })
        .timeout(Duration::from_secs(10))
}

fn v3_success() -> Reply {
    Reply::Json(
        200,
        r#"{"Response": {"TotalCount": "1", "VpcSet": [{"VpcId": "vpc-qcu4ndmz", "IsDefault": 1}],
            "RequestId": "r-success"}}"#
            .into(),
    )
}

fn v3_error(code: &str) -> Reply {
    Reply::Json(
        200,
        format!(
            r#"{{"Response": {{"Error": {{"Code": "{code}", "Message": "msg of {code}"}}, "RequestId": "r-{code}"}}}}"#
        ),
    )
}

/// Recomputes the HMAC signature of a recorded request and compares it with the one sent.
fn assert_hmac_signature_verifies(request: &Recorded, api: &ApiInfo) {
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
fn assert_tc3_signature_verifies(request: &Recorded) {
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

// ------------------------------------------------------------------ tests

#[tokio::test]
async fn tc3_post_sends_signed_json_and_decodes_the_response() {
    let server = Server::start(vec![v3_success()]).await;
    let client = builder(&server)
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY).with_token(TOKEN))
        .build_client()
        .unwrap();
    let response: DescribeVpcsResponse = client
        .call::<String, _, _>(&V3, &describe_vpcs())
        .await
        .unwrap();
    assert_eq!(response.total_count, Some(1));
    let vpcs = response.vpc_set.unwrap();
    assert_eq!(vpcs[0].vpc_id.as_deref(), Some("vpc-qcu4ndmz"));
    assert_eq!(vpcs[0].is_default, Some(true));
    assert_eq!(response.request_id.as_deref(), Some("r-success"));

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.target, "/");
    assert_eq!(sent.header("host"), format!("127.0.0.1:{}", server.port));
    assert_eq!(sent.header("content-type"), "application/json");
    assert_eq!(sent.header("x-tc-action"), "DescribeVpcs");
    assert_eq!(sent.header("x-tc-version"), "2017-03-12");
    assert_eq!(sent.header("x-tc-region"), "ap-guangzhou");
    assert_eq!(sent.header("x-tc-language"), "zh-CN");
    assert_eq!(sent.header("x-tc-token"), TOKEN);
    assert_eq!(sent.header("x-tc-requestclient"), "SDK_RUST_TCGEN_0.1.0");
    let body: serde_json::Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"Filters": [{"Name": "vpc-name", "Values": ["测试VPC", "prod vpc"]}], "Limit": "20"})
    );
    assert_tc3_signature_verifies(sent);
}

#[tokio::test]
async fn tc3_get_signs_the_query() {
    let server = Server::start(vec![v3_success()]).await;
    let client = builder(&server)
        .http_method(HttpMethod::Get)
        .build_client()
        .unwrap();
    let _: DescribeVpcsResponse = client
        .call::<String, _, _>(&V3, &describe_vpcs())
        .await
        .unwrap();
    let sent = &server.requests()[0];
    assert_eq!(sent.method, "GET");
    assert_eq!(
        sent.header("content-type"),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        sent.params(),
        [
            ("Filters.0.Name", "vpc-name"),
            ("Filters.0.Values.0", "测试VPC"),
            ("Filters.0.Values.1", "prod vpc"),
            ("Limit", "20"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
    );
    assert!(sent.body.is_empty());
    assert_tc3_signature_verifies(sent);
}

#[tokio::test]
async fn hmac_get_and_post_for_api_3() {
    for (method, signature) in [
        (HttpMethod::Get, SignatureMethod::HmacSha1),
        (HttpMethod::Post, SignatureMethod::HmacSha256),
    ] {
        let server = Server::start(vec![v3_success()]).await;
        let client = builder(&server)
            .http_method(method)
            .signature_method(signature)
            .language(Language::EnUs)
            .build_client()
            .unwrap();
        let response: DescribeVpcsResponse = client
            .call::<String, _, _>(&V3, &describe_vpcs())
            .await
            .unwrap();
        assert_eq!(response.total_count, Some(1));
        let sent = &server.requests()[0];
        assert_eq!(sent.method, method.as_str());
        assert_hmac_signature_verifies(sent, &V3);
        assert_eq!(sent.param("Action").as_deref(), Some("DescribeVpcs"));
        assert_eq!(sent.param("Version").as_deref(), Some("2017-03-12"));
        assert_eq!(sent.param("Region").as_deref(), Some("ap-guangzhou"));
        assert_eq!(sent.param("Language").as_deref(), Some("en-US"));
        assert_eq!(
            sent.param("SignatureMethod").as_deref(),
            Some(signature.as_str())
        );
        assert_eq!(sent.param("SecretId").as_deref(), Some(SECRET_ID));
        assert_eq!(sent.param("Filters.0.Values.0").as_deref(), Some("测试VPC"));
        assert_eq!(sent.param("Token"), None);
    }
}

#[tokio::test]
async fn v2_hmac_post_and_module_code_errors() {
    let server = Server::start(vec![
        Reply::Body {
            status: 200,
            // The legacy API labels its JSON as HTML; the body decides.
            content_type: "text/html; charset=utf-8",
            body: br#"{"code": 0, "message": "", "codeDesc": "Success", "uniqVpcId": "vpc-2ari9m7h"}"#.to_vec(),
        },
        Reply::Json(
            200,
            r#"{"code": 4000, "message": "( 100004 ) projectId 不正确", "codeDesc": "InvalidParameter"}"#.into(),
        ),
    ])
    .await;
    let client = builder(&server).region("gz").build_client().unwrap();
    let response: CreateVpcResponse = client
        .call::<String, _, _>(&V2, &create_vpc())
        .await
        .unwrap();
    assert_eq!(response.uniq_vpc_id.as_deref(), Some("vpc-2ari9m7h"));

    let err = client
        .call::<String, _, CreateVpcResponse>(&V2, &create_vpc())
        .await
        .unwrap_err();
    let Error::Service(service) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(service.code, "InvalidParameter");
    assert_eq!(service.numeric_code, Some(4000));
    assert_eq!(service.module_code, Some(100004));
    assert_eq!(err.attempts(), 1, "4000 is not retried");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for sent in &requests {
        assert_eq!(sent.method, "POST");
        assert_eq!(sent.target, "/v2/index.php");
        assert_eq!(
            sent.header("content-type"),
            "application/x-www-form-urlencoded"
        );
        assert_hmac_signature_verifies(sent, &V2);
        assert_eq!(sent.param("SignatureMethod").as_deref(), Some("HmacSHA256"));
        assert_eq!(sent.param("Region").as_deref(), Some("gz"));
        assert_eq!(sent.param("subnetSet.0.zoneId").as_deref(), Some("800001"));
        assert_eq!(sent.param("Version"), None, "v2 has no Version");
        assert_eq!(sent.param("Language"), None, "v2 has no Language");
    }
}

#[tokio::test]
async fn throttling_is_retried_with_fresh_nonce_and_signature() {
    let server = Server::start(vec![
        v3_error("RequestLimitExceeded"),
        v3_error("RequestLimitExceeded.UinLimitExceeded"),
        v3_success(),
    ])
    .await;
    let client = builder(&server)
        .http_method(HttpMethod::Get)
        .signature_method(SignatureMethod::HmacSha256)
        .build_client()
        .unwrap();
    let response: DescribeVpcsResponse = client
        .call::<String, _, _>(&V3, &describe_vpcs())
        .await
        .unwrap();
    assert_eq!(response.request_id.as_deref(), Some("r-success"));
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let nonces: Vec<_> = requests.iter().map(|r| r.param("Nonce").unwrap()).collect();
    let signatures: Vec<_> = requests
        .iter()
        .map(|r| r.param("Signature").unwrap())
        .collect();
    assert!(
        nonces[0] != nonces[1] && nonces[1] != nonces[2],
        "{nonces:?}"
    );
    assert!(signatures[0] != signatures[1] && signatures[1] != signatures[2]);
    for sent in &requests {
        assert_hmac_signature_verifies(sent, &V3);
    }
}

#[tokio::test]
async fn v2_throttling_code_4400_is_retried_until_attempts_run_out() {
    let throttled = Reply::Json(
        200,
        r#"{"code": 4400, "message": "超过配额", "codeDesc": "RequestLimitExceeded"}"#.into(),
    );
    let server = Server::start(vec![throttled.clone(), throttled.clone(), throttled]).await;
    let client = builder(&server).build_client().unwrap();
    let err = client
        .call::<String, _, CreateVpcResponse>(&V2, &create_vpc())
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 3);
    assert_eq!(err.code().map(String::as_str), Some("RequestLimitExceeded"));
    assert!(err.to_string().ends_with("after 3 attempts"), "{err}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn server_errors_are_retried_and_reported_with_a_bounded_snippet() {
    let page = format!(
        "<html><body>502 Bad Gateway{}</body></html>",
        " ".repeat(2000)
    );
    let bad = Reply::Body {
        status: 502,
        content_type: "text/html",
        body: page.clone().into_bytes(),
    };
    let server = Server::start(vec![bad.clone(), bad.clone(), bad]).await;
    let client = builder(&server).build_client().unwrap();
    let err = client
        .call::<String, _, DescribeVpcsResponse>(&V3, &describe_vpcs())
        .await
        .unwrap_err();
    let Error::Decode {
        status,
        message,
        snippet,
        attempts,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*status, 502);
    assert_eq!(*attempts, 3);
    assert!(message.contains("content-type text/html"), "{message}");
    assert_eq!(snippet.len(), 512);
    assert!(page.starts_with(snippet.as_str()));
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn retries_can_be_switched_off() {
    let server = Server::start(vec![v3_error("RequestLimitExceeded"), v3_success()]).await;
    let client = builder(&server).no_retries().build_client().unwrap();
    let err = client
        .call::<String, _, DescribeVpcsResponse>(&V3, &describe_vpcs())
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 1);
    assert_eq!(err.request_id(), Some("r-RequestLimitExceeded"));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = Server::start(vec![v3_error("InvalidParameterValue"), v3_success()]).await;
    let client = builder(&server).build_client().unwrap();
    let err = client
        .call::<String, _, DescribeVpcsResponse>(&V3, &describe_vpcs())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "service error InvalidParameterValue: msg of InvalidParameterValue (request id: r-InvalidParameterValue)"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn connection_refused_is_retried_then_reported() {
    // Bind and drop a listener so the port is very likely closed.
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::builder()
        .endpoint(format!("http://127.0.0.1:{port}"))
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .use_env_proxy(false)
        .retry(RetryConfig {
            max_attempts: 4,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(2),
        })
        .build_client()
        .unwrap();
    let err = client
        .call::<String, _, DescribeVpcsResponse>(&V3, &describe_vpcs())
        .await
        .unwrap_err();
    let Error::Transport {
        attempts, status, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*attempts, 4);
    assert_eq!(*status, None);
    let text = err.to_string();
    assert!(text.contains("after 4 attempts"), "{text}");
    assert!(
        !text.contains("Signature") && !text.contains(SECRET_ID),
        "{text}"
    );
}

#[tokio::test]
async fn slow_response_times_out_and_is_not_retried() {
    let server = Server::start(vec![Reply::Delayed(
        Duration::from_secs(3),
        Box::new(v3_success()),
    )])
    .await;
    let client = builder(&server)
        .timeout(Duration::from_millis(300))
        .build_client()
        .unwrap();
    let started = std::time::Instant::now();
    let err = client
        .call::<String, _, DescribeVpcsResponse>(&V3, &describe_vpcs())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 1, .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn oversized_and_truncated_bodies_are_decode_errors() {
    let huge = format!(r#"{{"Response": {{"Pad": "{}"}}}}"#, "x".repeat(300_000));
    let server = Server::start(vec![
        Reply::Json(200, huge),
        Reply::Truncated {
            length: 100,
            sent: br#"{"Response": {"TotalCount": 1"#.to_vec(),
        },
        Reply::Json(200, r#"{"Response": {"TotalCount": 1"#.into()),
    ])
    .await;
    let client = builder(&server)
        .max_body_bytes(64 * 1024)
        .no_retries()
        .build_client()
        .unwrap();

    let err = client
        .call::<String, _, DescribeVpcsResponse>(&V3, &describe_vpcs())
        .await
        .unwrap_err();
    let Error::Decode { message, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(
        message.contains("exceeds the limit of 65536 bytes"),
        "{message}"
    );

    // The connection closes before the promised length: a transport failure, not a hang.
    let err = client
        .call::<String, _, DescribeVpcsResponse>(&V3, &describe_vpcs())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                status: Some(200),
                ..
            }
        ),
        "{err:?}"
    );

    let err = client
        .call::<String, _, DescribeVpcsResponse>(&V3, &describe_vpcs())
        .await
        .unwrap_err();
    let Error::Decode {
        message, snippet, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert!(message.contains("not a valid envelope"), "{message}");
    assert_eq!(snippet, r#"{"Response": {"TotalCount": 1"#);
}

#[tokio::test]
async fn problems_caught_before_sending() {
    let server = Server::start(vec![]).await;

    let tc3_for_v2 = builder(&server)
        .signature_method(SignatureMethod::Tc3HmacSha256)
        .build_client()
        .unwrap();
    let err = tc3_for_v2
        .call::<String, _, CreateVpcResponse>(&V2, &create_vpc())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    assert!(err
        .to_string()
        .contains("v2 API supports only HmacSHA1 and HmacSHA256"));

    let mut chain = CredentialsChain::with_home(None);
    chain.env = EnvSource::Disabled;
    chain.profile_files.clear();
    let no_credentials = builder(&server)
        .credentials_chain(chain)
        .build_client()
        .unwrap();
    let err = no_credentials
        .call::<String, _, DescribeVpcsResponse>(&V3, &describe_vpcs())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Credentials { .. }), "{err:?}");

    let hmac = builder(&server)
        .signature_method(SignatureMethod::HmacSha1)
        .build_client()
        .unwrap();
    let err = hmac
        .call::<String, _, DescribeVpcsResponse>(
            &V3,
            &RatioRequest {
                ratio: f64::INFINITY,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid request: invalid value for `Ratio`: inf is not a finite number"
    );

    assert!(server.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn client_debug_hides_secrets_and_with_region_switches_region() {
    let server = Server::start(vec![v3_success()]).await;
    let client = builder(&server)
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY).with_token(TOKEN))
        .build_client()
        .unwrap();
    let shown = format!("{client:?}");
    assert!(
        !shown.contains(SECRET_KEY) && !shown.contains(TOKEN),
        "{shown}"
    );

    let shanghai = client.with_region("ap-shanghai");
    let _: DescribeVpcsResponse = shanghai
        .call::<String, _, _>(&V3, &describe_vpcs())
        .await
        .unwrap();
    assert_eq!(server.requests()[0].header("x-tc-region"), "ap-shanghai");
    assert_eq!(client.config().region.as_deref(), Some("ap-guangzhou"));
}

#[test]
fn invalid_endpoint_is_a_config_error() {
    let err = Client::builder()
        .endpoint("https://vpc.tencentcloudapi.com/v2/index.php")
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .build_client()
        .unwrap_err();
    assert!(err.to_string().starts_with("invalid endpoint"), "{err}");
}

/// Collects the text of every tracing event and span field.
struct CaptureLogs(Arc<Mutex<String>>);

struct FieldText<'a>(&'a mut String);

impl tracing::field::Visit for FieldText<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        use std::fmt::Write as _;
        let _ = write!(self.0, "{}={:?} ", field.name(), value);
    }
}

impl tracing::Subscriber for CaptureLogs {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        span.record(&mut FieldText(&mut self.0.lock().unwrap()));
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut FieldText(&mut self.0.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut text = self.0.lock().unwrap();
        text.push_str(event.metadata().target());
        text.push(' ');
        event.record(&mut FieldText(&mut text));
        text.push('\n');
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn debug_logs_never_contain_secrets() {
    let logs = Arc::new(Mutex::new(String::new()));
    // The test runtime runs on this thread, so a thread-local subscriber sees every event.
    let _guard = tracing::subscriber::set_default(CaptureLogs(logs.clone()));
    let server = Server::start(vec![v3_error("RequestLimitExceeded"), v3_success()]).await;
    let client = builder(&server)
        .http_method(HttpMethod::Get)
        .signature_method(SignatureMethod::HmacSha256)
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY).with_token(TOKEN))
        .build_client()
        .unwrap();
    let _: DescribeVpcsResponse = client
        .call::<String, _, _>(&V3, &describe_vpcs())
        .await
        .unwrap();

    let logs = logs.lock().unwrap().clone();
    let runtime_logs: String = logs
        .lines()
        .filter(|l| l.starts_with("tcgen_runtime"))
        .collect();
    assert!(runtime_logs.contains("attempt failed"), "{logs}");
    assert!(runtime_logs.contains("retrying"), "{logs}");
    assert!(runtime_logs.contains("call succeeded"), "{logs}");
    assert!(!logs.contains(SECRET_KEY), "{logs}");
    assert!(!logs.contains(TOKEN), "{logs}");
    for sent in server.requests() {
        assert_eq!(
            sent.param("Token").as_deref(),
            Some(TOKEN),
            "the token was sent"
        );
        let signature = sent.param("Signature").unwrap();
        assert!(!logs.contains(&signature), "{logs}");
    }
}
