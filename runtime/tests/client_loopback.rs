//! `Client::call` against a real HTTP server on the loopback interface.
//!
//! The server is a few lines of tokio: it records every request (method, target, headers,
//! body) and answers from a script. The tests verify the signature the client sent with the
//! signer (itself pinned by the official-SDK vectors), and assert decoding, retries, timeouts
//! and error reporting.

mod support;

use std::time::Duration;
use support::*;
use tcgen_runtime::credentials::{CredentialsChain, EnvSource};
use tcgen_runtime::sign::{HttpMethod, SignatureMethod};
use tcgen_runtime::{Client, Credentials, Error, Language, RetryConfig};
use tokio::net::TcpListener;

// ------------------------------------------------------------------ tests

#[tokio::test]
async fn tc3_post_sends_signed_json_and_decodes_the_response() {
    let server = Server::start(vec![v3_success()]).await;
    let client = builder(&server)
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY).with_token(TOKEN))
        .build_client()
        .unwrap();
    let response: DescribeVpcsResponse = client
        .call::<String, _>(&V3, &describe_vpcs())
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
    assert_eq!(
        sent.header("host"),
        server.endpoint().trim_start_matches("http://")
    );
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
        .call::<String, _>(&V3, &describe_vpcs())
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
            .call::<String, _>(&V3, &describe_vpcs())
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
    let response: CreateVpcResponse = client.call::<String, _>(&V2, &create_vpc()).await.unwrap();
    assert_eq!(response.uniq_vpc_id.as_deref(), Some("vpc-2ari9m7h"));

    let err = client
        .call::<String, _>(&V2, &create_vpc())
        .await
        .unwrap_err();
    let Error::Service(service) = &err else {
        panic!("{err:?}")
    };
    // `String` codes: the numeric code, with `codeDesc` beside it.
    assert_eq!(service.code, "4000");
    assert_eq!(service.code_desc.as_deref(), Some("InvalidParameter"));
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
        .call::<String, _>(&V3, &describe_vpcs())
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
        .call::<String, _>(&V2, &create_vpc())
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 3);
    assert_eq!(err.code().map(String::as_str), Some("4400"));
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
        .call::<String, _>(&V3, &describe_vpcs())
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
        .call::<String, _>(&V3, &describe_vpcs())
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
        .call::<String, _>(&V3, &describe_vpcs())
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
    // Bind and drop a listener so the port is closed. 127.0.0.2 (loopback on Linux) keeps the
    // other tests' servers, all on 127.0.0.1, from ever taking the address over.
    let address = {
        let listener = match TcpListener::bind("127.0.0.2:0").await {
            Ok(listener) => listener,
            Err(_) => TcpListener::bind("127.0.0.1:0").await.unwrap(),
        };
        listener.local_addr().unwrap()
    };
    let client = Client::builder()
        .endpoint(format!("http://{address}"))
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .use_env_proxy(false)
        .retry(RetryConfig {
            max_attempts: 4,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(2),
            ..Default::default()
        })
        .build_client()
        .unwrap();
    let err = client
        .call::<String, _>(&V3, &describe_vpcs())
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
async fn slow_response_times_out_and_a_write_is_not_retried() {
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
        .call::<String, _>(&V3, &create_vpc())
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
        .call::<String, _>(&V3, &describe_vpcs())
        .await
        .unwrap_err();
    let Error::Decode {
        message, snippet, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert!(
        message.contains("exceeds the limit of 65536 bytes"),
        "{message}"
    );
    // Refused on its Content-Length, the body still shows its start (it used to be empty).
    assert_eq!(snippet.len(), Error::<String>::MAX_SNIPPET_BYTES);
    assert!(
        snippet.starts_with(r#"{"Response": {"Pad": "xxx"#),
        "{snippet}"
    );

    // The connection closes before the promised length: a transport failure, not a hang.
    let err = client
        .call::<String, _>(&V3, &describe_vpcs())
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
        .call::<String, _>(&V3, &describe_vpcs())
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
        .call::<String, _>(&V2, &create_vpc())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    assert!(err
        .to_string()
        .contains("v2 API supports only HmacSHA1 and HmacSHA256"));

    let mut chain = CredentialsChain::with_home(None).local_only();
    chain.env = EnvSource::Disabled;
    chain.profile_files.clear();
    let no_credentials = builder(&server)
        .credentials_chain(chain)
        .build_client()
        .unwrap();
    let err = no_credentials
        .call::<String, _>(&V3, &describe_vpcs())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Credentials { .. }), "{err:?}");

    let hmac = builder(&server)
        .signature_method(SignatureMethod::HmacSha1)
        .build_client()
        .unwrap();
    let err = hmac
        .call::<String, _>(
            &V3,
            &RatioRequest {
                ratio: f64::INFINITY,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid request: request of `SetRatio`: invalid value for `Ratio`: inf is not a finite number"
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
        .call::<String, _>(&V3, &describe_vpcs())
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

/// Generated clients are used from spawned tasks, so the call future must be `Send`.
#[test]
fn call_future_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let client = Client::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .build_client()
        .unwrap();
    let request = describe_vpcs();
    let future = client.call::<String, DescribeVpcsRequest>(&V3, &request);
    assert_send(&future);
}
