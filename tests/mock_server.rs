//! The `test-util` server itself, through the generated client: scripted replies, the check
//! hook, each fault, the RequestId of error replies and the recording of empty lists.

use std::time::Duration;

use tcgen_runtime::test_util::{Delivery, MockReply, MockServer};
use tcgen_vpc::runtime::Error;
use tcgen_vpc::v20170312::{self as v3, ErrorCode};

fn client(server: &MockServer) -> v3::Client {
    v3::Client::new(server.client_builder().build_client().unwrap())
}

#[tokio::test]
async fn scripted_replies_go_to_their_action_and_the_default_to_the_rest() {
    let server = MockServer::start().await;
    server.reply(
        "DescribeVpcs",
        MockReply::v3(serde_json::json!({"TotalCount": 3})),
    );
    server.default_reply(MockReply::v3_error("InternalError", "down").request_id("req-42"));
    let client = client(&server);
    let vpcs = client.describe_vpcs().send().await.unwrap();
    assert_eq!(vpcs.total_count, Some(3));
    let err = client.describe_vpcs().send().await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::InternalError));
    assert_eq!(err.request_id(), Some("req-42"));
    assert_eq!(server.pending(), 0);
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn the_check_hook_answers_in_place_of_the_script() {
    let server = MockServer::start().await;
    server.reply("DescribeVpcs", MockReply::v3(serde_json::json!({})));
    server.check(|request| match request.header("authorization") {
        Some(value) if value.starts_with("TC3-HMAC-SHA256 Credential=AKIDmockSecretId/") => Ok(()),
        _ => Err(MockReply::v3_error("AuthFailure.SignatureFailure", "bad")),
    });
    let client = client(&server);
    client.describe_vpcs().send().await.unwrap();
    let hmac = v3::Client::new(
        server
            .client_builder()
            .signature_method(tcgen_runtime::SignatureMethod::HmacSha256)
            .build_client()
            .unwrap(),
    );
    let err = hmac.describe_vpcs().send().await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::AuthFailureSignatureFailure));
}

#[tokio::test]
async fn faults_end_in_their_documented_errors() {
    let server = MockServer::start().await;
    let envelope = br#"{"Response": {"TotalCount": 1, "RequestId": "r"}}"#.to_vec();
    server.reply(
        "DescribeVpcs",
        MockReply::raw(200, "application/json", envelope.clone()).delivered(Delivery::CutAfter(12)),
    );
    server.reply(
        "DescribeVpcs",
        MockReply::raw(200, "application/json", envelope.clone()).delivered(Delivery::Chunked),
    );
    server.reply("DescribeVpcs", MockReply::html(502, "<html>502</html>"));
    server.reply(
        "DescribeVpcs",
        MockReply::v3(serde_json::json!({})).delayed(Duration::from_secs(3)),
    );
    let client = v3::Client::new(
        server
            .client_builder()
            .timeout(Duration::from_millis(200))
            .build_client()
            .unwrap(),
    );
    let err = client.describe_vpcs().send().await.unwrap_err();
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
    let chunked = client.describe_vpcs().send().await.unwrap();
    assert_eq!(chunked.total_count, Some(1));
    let err = client.describe_vpcs().send().await.unwrap_err();
    assert!(matches!(err, Error::Decode { status: 502, .. }), "{err:?}");
    let err = client.describe_vpcs().send().await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
}

#[tokio::test]
async fn empty_lists_of_a_json_body_stay_visible() {
    let server = MockServer::start().await;
    server.reply("DescribeVpcs", MockReply::v3(serde_json::json!({})));
    client(&server)
        .describe_vpcs()
        .vpc_ids(Vec::<String>::new())
        .send()
        .await
        .unwrap();
    let sent = &server.requests()[0];
    assert_eq!(sent.param("VpcIds"), Some("[]"));
    assert_eq!(sent.method, "POST");
    assert!(sent.is_json());
    assert_eq!(sent.body, br#"{"VpcIds":[]}"#);
}
