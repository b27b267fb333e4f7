//! Each kind of failed answer ends in the error variant its rustdoc names: the generated
//! clients against the docs-checking local server.
//!
//! - an answer that is no envelope (HTML 502, empty body, another content type, cut-short
//!   JSON) is `Error::Decode`, with the status and, when it is not JSON, the content type;
//! - no complete answer at all (refused, cut mid-body) is `Error::Transport`;
//! - a v2 error maps its documented numeric code to its variant, whatever `codeDesc` says.

// The legacy v2 API is deprecated for callers (withdrawn from the public cloud); these
// tests keep it compiling and tested.
#![allow(deprecated)]

use std::time::Duration;

use tcgen_codegen::spec::Generation;
use tcgen_runtime::RetryConfig;
use tcgen_tests::local_server::{bounded, LocalServer, Reply, Step};
use tcgen_tests::sdk_fixtures::{v2_client, v3_client};
use tcgen_vpc::runtime::Error;
use tcgen_vpc::v2;

const SCENARIO_LIMIT: Duration = Duration::from_secs(20);

fn body(status: u16, content_type: &str, body: &str) -> Step {
    Step::Reply(Reply::Body {
        status,
        content_type: content_type.to_owned(),
        body: body.as_bytes().to_vec(),
    })
}

/// The error of one `DescribeVpcs` call (not retried) answered with `step`.
async fn describe_answered_with(step: Step) -> Error<tcgen_vpc::v20170312::ErrorCode> {
    let server = LocalServer::start(vec![step]).await;
    let client = v3_client(server.config(Generation::V3).retry(RetryConfig::disabled()));
    let err = client.describe_vpcs().send().await.unwrap_err();
    assert_eq!(server.checked().len(), 1);
    err
}

#[tokio::test]
async fn answers_that_are_no_envelope_are_decode_errors_with_their_status() {
    bounded(SCENARIO_LIMIT, async {
        let page = "<html><head><title>502 Bad Gateway</title></head></html>";
        let cases = [
            (
                "HTML 502",
                body(502, "text/html", page),
                502,
                "(content-type text/html)",
            ),
            (
                "empty 502",
                body(502, "text/plain", ""),
                502,
                "the body is empty",
            ),
            (
                "empty 200",
                body(200, "application/json", ""),
                200,
                "the body is empty",
            ),
            (
                "plain text 200",
                body(200, "text/plain", "service unavailable"),
                200,
                "(content-type text/plain)",
            ),
            (
                "XML 503",
                body(503, "application/xml", "<Error><Code>Busy</Code></Error>"),
                503,
                "(content-type application/xml)",
            ),
            (
                "JSON without Response",
                body(502, "application/json", r#"{"message": "bad gateway"}"#),
                502,
                "has no `Response` object",
            ),
            (
                "cut-short JSON",
                body(200, "application/json", r#"{"Response": {"TotalCount": 1"#),
                200,
                "not a valid envelope",
            ),
        ];
        for (case, step, expected_status, expected_text) in cases {
            let err = describe_answered_with(step).await;
            let Error::Decode {
                status, message, ..
            } = &err
            else {
                panic!("{case}: expected Error::Decode, got {err:?}")
            };
            assert_eq!(*status, expected_status, "{case}");
            assert!(message.contains(expected_text), "{case}: {message}");
            assert!(err.code().is_none(), "{case}");
        }
    })
    .await;
}

#[tokio::test]
async fn json_labelled_otherwise_is_still_decoded() {
    bounded(SCENARIO_LIMIT, async {
        let envelope = r#"{"Response": {"TotalCount": 0, "VpcSet": [], "RequestId": "r-1"}}"#;
        let server = LocalServer::start(vec![body(200, "text/html", envelope)]).await;
        let client = v3_client(server.config(Generation::V3));
        let response = client.describe_vpcs().send().await.unwrap();
        assert_eq!(response.total_count, Some(0));
        assert_eq!(response.request_id.as_deref(), Some("r-1"));
    })
    .await;
}

#[tokio::test]
async fn an_answer_cut_mid_body_is_a_transport_error() {
    bounded(SCENARIO_LIMIT, async {
        let step = Step::Reply(Reply::Cut {
            declared_length: 400,
            sent: br#"{"Response": {"TotalCount": 1, "VpcSet": ["#.to_vec(),
        });
        let err = describe_answered_with(step).await;
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
    })
    .await;
}

#[tokio::test]
async fn v2_numeric_codes_map_to_their_variant_whatever_code_desc_says() {
    bounded(SCENARIO_LIMIT, async {
        for code_desc in [
            Some("InvalidParameter"),
            Some("InvalidParameterValue"),
            None,
        ] {
            let server = LocalServer::start(vec![Step::Reply(Reply::v2_error(
                4000,
                code_desc,
                "(100004)projectId不正确",
            ))])
            .await;
            let err = v2_client(server.config(Generation::V2))
                .describe_vpc_ex()
                .send()
                .await
                .unwrap_err();
            let service = err.service_error().expect("a service error");
            assert_eq!(service.code, v2::ErrorCode::Code4000, "{code_desc:?}");
            assert_eq!(service.code_desc.as_deref(), code_desc);
            assert_eq!(service.numeric_code, Some(4000));
            assert_eq!(service.module_code, Some(100004));
            if let Some(desc) = code_desc {
                assert!(err.to_string().contains(desc), "{err}");
            }
        }
        // A number the docs do not list, with a module code they list by its `codeDesc`: the
        // `codeDesc` names the variant.
        let server = LocalServer::start(vec![Step::Reply(Reply::v2_error(
            -3047,
            Some("InvalidVpc.NotFound"),
            "vpc不存在",
        ))])
        .await;
        let err = v2_client(server.config(Generation::V2))
            .describe_vpc_ex()
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.code(), Some(&v2::ErrorCode::InvalidVpcNotFound));
    })
    .await;
}
