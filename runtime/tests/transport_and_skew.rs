//! The pluggable transport (connection reuse of the default one, a user's mock) and recovery
//! from a skewed local clock.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use support::*;
use tcgen_runtime::clock::{format_http_date, unix_seconds};
use tcgen_runtime::sign::SignatureMethod;
use tcgen_runtime::transport::{
    HttpClient, HttpFuture, HttpRequest, HttpResponse, TransportError, TransportErrorKind,
};
use tcgen_runtime::{Credentials, Error};

#[tokio::test]
async fn two_hundred_sequential_calls_reuse_a_few_connections() {
    let server = FnServer::start_unrecorded(|_| async {
        Answer::json(200, r#"{"Response": {"TotalCount": 0, "RequestId": "r"}}"#)
    })
    .await;
    let client = builder_for(&server.endpoint()).build_client().unwrap();
    for _ in 0..200 {
        let _: DescribeVpcsResponse = client
            .call::<String, _>(&V3, &describe_vpcs())
            .await
            .unwrap();
    }
    // Clones and regional clients share the pool too.
    let regional = client.with_region("ap-shanghai");
    for _ in 0..20 {
        let _: DescribeVpcsResponse = regional
            .call::<String, _>(&V3, &describe_vpcs())
            .await
            .unwrap();
    }
    let connections = server.connections();
    eprintln!("220 sequential calls used {connections} connection(s)");
    assert!(
        (1..=2).contains(&connections),
        "{connections} connections for 220 calls"
    );
}

fn builder_for(endpoint: &str) -> tcgen_runtime::ConfigBuilder {
    tcgen_runtime::Client::builder()
        .endpoint(endpoint)
        .region("ap-guangzhou")
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .use_env_proxy(false)
        .retry(tcgen_runtime::RetryConfig {
            max_attempts: 3,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            ..Default::default()
        })
}

/// A user's mock transport: records requests, answers from a script, no network at all.
#[derive(Debug, Default)]
struct Mock {
    sent: Mutex<Vec<HttpRequest>>,
    script: Mutex<Vec<Result<HttpResponse, TransportErrorKind>>>,
}

impl HttpClient for Mock {
    fn send(&self, request: HttpRequest) -> HttpFuture<'_> {
        self.sent.lock().unwrap().push(request);
        let next = self.script.lock().unwrap().remove(0);
        Box::pin(async move { next.map_err(|kind| TransportError::new(kind, "scripted failure")) })
    }
}

#[tokio::test]
async fn a_mock_transport_sees_every_attempt_and_its_answers_are_decoded() {
    let mock = Arc::new(Mock::default());
    *mock.script.lock().unwrap() = vec![
        Err(TransportErrorKind::Connect),
        Ok(HttpResponse::new(
            200,
            r#"{"Response": {"TotalCount": "2", "RequestId": "r-mock"}}"#,
        )),
        Err(TransportErrorKind::Timeout),
    ];
    let client = tcgen_runtime::Client::builder()
        .region("ap-guangzhou")
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY).with_token(TOKEN))
        .retry(tcgen_runtime::RetryConfig {
            max_attempts: 2,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(1),
            ..Default::default()
        })
        .http_client(mock.clone())
        .build_client()
        .unwrap();
    let response: DescribeVpcsResponse = client
        .call::<String, _>(&V3, &describe_vpcs())
        .await
        .unwrap();
    assert_eq!(response.total_count, Some(2));
    {
        let sent = mock.sent.lock().unwrap();
        assert_eq!(sent.len(), 2, "the refused connection was retried");
        assert_eq!(sent[1].url, "https://vpc.tencentcloudapi.com/");
        assert_eq!(sent[1].header("X-TC-Action"), Some("DescribeVpcs"));
        assert_eq!(sent[1].header("X-TC-Token"), Some(TOKEN));
        assert!(sent[1].header("Authorization").is_some());
        assert!(!format!("{:?}", sent[1]).contains(TOKEN));
    }
    // A timeout after sending is a Timeout error, and a write is not repeated after it.
    let err = client
        .call::<String, _>(&V3, &create_vpc())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 1, .. }), "{err:?}");
    assert_eq!(mock.sent.lock().unwrap().len(), 3);
}

/// A service whose clock is 15 minutes ahead: it rejects timestamps more than 5 minutes off
/// its own clock with `AuthFailure.SignatureExpire` (v2: code 4200) and sends its `Date`.
async fn skewed_server(skew_s: i64, send_date: bool, v2: bool) -> FnServer {
    FnServer::start(move |request| async move {
        let server_now = unix_seconds(SystemTime::now()) + skew_s;
        let sent = if v2 {
            request.param("Timestamp")
        } else {
            request.headers.get("x-tc-timestamp").cloned()
        };
        let sent: i64 = sent.and_then(|t| t.parse().ok()).unwrap_or_default();
        let answer = if (sent - server_now).abs() > 300 {
            if v2 {
                Answer::json(200, r#"{"code": 4200, "message": "请求过期", "codeDesc": "RequestExpired"}"#)
            } else {
                Answer::json(
                    200,
                    r#"{"Response": {"Error": {"Code": "AuthFailure.SignatureExpire", "Message": "签名过期"}, "RequestId": "r-expired"}}"#,
                )
            }
        } else if v2 {
            Answer::json(200, r#"{"code": 0, "message": "", "codeDesc": "Success", "uniqVpcId": "vpc-1"}"#)
        } else {
            Answer::json(200, r#"{"Response": {"TotalCount": 1, "RequestId": "r-ok"}}"#)
        };
        if send_date {
            answer.with_header("date", format_http_date(server_now))
        } else {
            answer
        }
    })
    .await
}

const FIFTEEN_MINUTES: i64 = 15 * 60;

#[tokio::test]
async fn a_signature_expired_answer_re_signs_once_and_keeps_the_offset() {
    let server = skewed_server(FIFTEEN_MINUTES, true, false).await;
    let client = builder_for(&server.endpoint())
        .no_retries()
        .build_client()
        .unwrap();
    assert_eq!(client.clock_offset(), 0);
    let _: DescribeVpcsResponse = client
        .call::<String, _>(&V3, &describe_vpcs())
        .await
        .unwrap();
    let sent = server.requests();
    assert_eq!(
        sent.len(),
        2,
        "rejected, then re-signed once (not a budgeted retry)"
    );
    let first: i64 = sent[0].header("x-tc-timestamp").parse().unwrap();
    let second: i64 = sent[1].header("x-tc-timestamp").parse().unwrap();
    assert!(
        (second - first - FIFTEEN_MINUTES).abs() <= 2,
        "{first} → {second}"
    );
    assert!(
        (client.clock_offset() - FIFTEEN_MINUTES).abs() <= 2,
        "{}",
        client.clock_offset()
    );
    assert_tc3_signature_verifies(&sent[1]);

    // Later calls, and clients sharing this one's state, sign with the server's time at once.
    let _: DescribeVpcsResponse = client
        .call::<String, _>(&V3, &describe_vpcs())
        .await
        .unwrap();
    let _: DescribeVpcsResponse = client
        .with_region("ap-shanghai")
        .call::<String, _>(&V3, &describe_vpcs())
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn v2_request_expired_code_4200_is_corrected_too() {
    let server = skewed_server(-FIFTEEN_MINUTES, true, true).await;
    let client = builder_for(&server.endpoint())
        .no_retries()
        .build_client()
        .unwrap();
    let response: CreateVpcResponse = client.call::<String, _>(&V2, &create_vpc()).await.unwrap();
    assert_eq!(response.uniq_vpc_id.as_deref(), Some("vpc-1"));
    assert_eq!(server.requests().len(), 2);
    assert!((client.clock_offset() + FIFTEEN_MINUTES).abs() <= 2);
    assert_hmac_signature_verifies(&server.requests()[1], &V2);
}

#[tokio::test]
async fn without_a_date_header_the_error_is_returned_after_one_attempt() {
    let server = skewed_server(FIFTEEN_MINUTES, false, false).await;
    let client = builder_for(&server.endpoint()).build_client().unwrap();
    let err = client
        .call::<String, _>(&V3, &describe_vpcs())
        .await
        .unwrap_err();
    assert_eq!(
        err.code().map(String::as_str),
        Some("AuthFailure.SignatureExpire")
    );
    assert_eq!(err.attempts(), 1);
    assert_eq!(client.clock_offset(), 0);
}

#[tokio::test]
async fn a_server_that_keeps_rejecting_is_re_signed_only_once() {
    // The Date header lies (it claims the local time), so correction cannot help.
    let rejections = Arc::new(AtomicUsize::new(0));
    let counted = rejections.clone();
    let server = FnServer::start(move |_| {
        counted.fetch_add(1, Ordering::SeqCst);
        async {
            Answer::json(
                200,
                r#"{"Response": {"Error": {"Code": "AuthFailure.SignatureExpire", "Message": "x"}, "RequestId": "r"}}"#,
            )
            .with_header("date", format_http_date(unix_seconds(SystemTime::now()) + 3600))
        }
    })
    .await;
    let client = builder_for(&server.endpoint())
        .signature_method(SignatureMethod::HmacSha256)
        .build_client()
        .unwrap();
    let err = client
        .call::<String, _>(&V3, &describe_vpcs())
        .await
        .unwrap_err();
    assert_eq!(
        err.code().map(String::as_str),
        Some("AuthFailure.SignatureExpire")
    );
    assert_eq!(
        rejections.load(Ordering::SeqCst),
        2,
        "one re-sign, no retries of a client error"
    );
    assert_eq!(err.attempts(), 2);
}
