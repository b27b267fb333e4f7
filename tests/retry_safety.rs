//! Retries never repeat work: against a service that answers every request with an HTML 502
//! page, an action that writes is sent once, a read-only one is retried, and an action with an
//! idempotency token is retried carrying the same token in every attempt.
//!
//! The generated VPC SDK runs against the docs-checking local server (`tcgen_tests::local_server`,
//! every request verified); the token scenarios use the golden crate's `CreateWidget`, whose
//! fixture documents a `ClientToken`, against the `test-util` mock server, which records each
//! request's parameters.

use std::collections::BTreeSet;
use std::time::Duration;

use tcgen_codegen::spec::Generation;
use tcgen_golden_mini::v20170312 as mini;
use tcgen_runtime::sign::SignatureMethod;
use tcgen_runtime::test_util::{MockReply, MockServer};
use tcgen_runtime::{Credentials, RetryConfig};
use tcgen_tests::local_server::{bounded, LocalServer, Reply, Step, REGION_V3, SECRET_ID};
use tcgen_tests::sdk_fixtures::v3_client;
use tcgen_vpc::runtime::Error;
use tokio::net::TcpListener;

const SCENARIO_LIMIT: Duration = Duration::from_secs(20);

const BAD_GATEWAY: &str =
    "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>";

/// A server that answers the next `count` requests with the HTML 502 page.
async fn bad_gateway_server(count: usize) -> LocalServer {
    let reply = Reply::Body {
        status: 502,
        content_type: "text/html".to_owned(),
        body: BAD_GATEWAY.as_bytes().to_vec(),
    };
    LocalServer::start(vec![Step::Reply(reply); count]).await
}

fn quick_retries(max_attempts: u32) -> RetryConfig {
    RetryConfig {
        max_attempts,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(2),
        ..RetryConfig::default()
    }
}

#[tokio::test]
async fn behind_a_502_everywhere_create_is_sent_once_and_describe_is_retried() {
    bounded(SCENARIO_LIMIT, async {
        let server = bad_gateway_server(20).await;
        let client = v3_client(server.config(Generation::V3));

        let err = client
            .create_security_group()
            .group_name("web")
            .group_description("front end")
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.attempts(), 1, "{err}");
        let sent: Vec<String> = server.checked().into_iter().map(|c| c.action).collect();
        assert_eq!(sent, ["CreateSecurityGroup"]);

        let err = client.describe_vpcs().limit(20).send().await.unwrap_err();
        assert_eq!(err.attempts(), 3, "{err}");
        let sent: Vec<String> = server.checked().into_iter().map(|c| c.action).collect();
        assert_eq!(
            sent,
            [
                "CreateSecurityGroup",
                "DescribeVpcs",
                "DescribeVpcs",
                "DescribeVpcs"
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn a_call_can_change_its_retry_policy() {
    bounded(SCENARIO_LIMIT, async {
        let server = bad_gateway_server(20).await;
        let client = v3_client(server.config(Generation::V3));

        // The caller knows better than the docs: this group may be created again.
        let err = client
            .create_security_group()
            .group_name("web")
            .group_description("front end")
            .customize()
            .retry(quick_retries(2).repeating_unsafe())
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.attempts(), 2, "{err}");

        let err = client
            .describe_vpcs()
            .customize()
            .retry(RetryConfig::disabled())
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.attempts(), 1, "{err}");
        assert_eq!(server.checked().len(), 3);
    })
    .await;
}

#[tokio::test]
async fn an_unreachable_service_is_retried_even_for_create() {
    bounded(SCENARIO_LIMIT, async {
        // Bound, then dropped: nothing listens, so every connection is refused before a byte
        // of the request leaves.
        let address = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap()
            .local_addr()
            .unwrap();
        let config = tcgen_runtime::Client::builder()
            .endpoint(format!("http://{address}"))
            .region(REGION_V3)
            .credentials(Credentials::new(SECRET_ID, "unused"))
            .use_env_proxy(false)
            .retry(quick_retries(3));
        let err = v3_client(config)
            .create_security_group()
            .group_name("web")
            .group_description("front end")
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::Transport { status: None, .. }),
            "{err:?}"
        );
        assert_eq!(err.attempts(), 3, "{err}");
    })
    .await;
}

fn mini_client(server: &MockServer, signature: SignatureMethod) -> mini::Client {
    let config = server
        .client_builder()
        .signature_method(signature)
        .retry(quick_retries(3));
    mini::Client::new(config.build_client().unwrap())
}

fn queue_bad_gateways(server: &MockServer, count: usize) {
    for _ in 0..count {
        server.reply("CreateWidget", MockReply::html(502, BAD_GATEWAY));
    }
}

fn tokens(server: &MockServer) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|request| {
            assert_eq!(request.action, "CreateWidget");
            request
                .param("ClientToken")
                .expect("every attempt carries a token")
                .to_owned()
        })
        .collect()
}

/// A version-4 UUID in its hyphenated lower-case form.
fn is_uuid_v4(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && text.bytes().all(|b| b == b'-' || b.is_ascii_hexdigit())
        && !text.bytes().any(|b| b.is_ascii_uppercase())
        && groups[2].starts_with('4')
}

#[tokio::test]
async fn a_token_action_is_retried_with_one_fresh_token_per_call() {
    for signature in [SignatureMethod::Tc3HmacSha256, SignatureMethod::HmacSha256] {
        let server = MockServer::start().await;
        queue_bad_gateways(&server, 6);
        let client = mini_client(&server, signature);

        for _ in 0..2 {
            let err = client
                .create_widget()
                .name("w")
                .count(1)
                .bandwidth(10)
                .send()
                .await
                .unwrap_err();
            assert_eq!(err.attempts(), 3, "{signature:?}: {err}");
        }
        let tokens = tokens(&server);
        assert_eq!(tokens.len(), 6, "{signature:?}");
        assert!(tokens.iter().all(|t| is_uuid_v4(t)), "{tokens:?}");
        let first: BTreeSet<&String> = tokens[..3].iter().collect();
        let second: BTreeSet<&String> = tokens[3..].iter().collect();
        assert_eq!(
            first.len(),
            1,
            "one token across a call's attempts: {tokens:?}"
        );
        assert_eq!(second.len(), 1, "{tokens:?}");
        assert_ne!(tokens[0], tokens[3], "each call draws its own token");
    }
}

#[tokio::test]
async fn a_token_the_caller_sets_is_kept_and_an_empty_one_replaced() {
    for signature in [SignatureMethod::Tc3HmacSha256, SignatureMethod::HmacSha256] {
        let server = MockServer::start().await;
        queue_bad_gateways(&server, 6);
        let client = mini_client(&server, signature);
        let widget = || client.create_widget().name("w").count(1).bandwidth(10);

        widget().client_token("order-42").send().await.unwrap_err();
        widget().client_token("").send().await.unwrap_err();
        let tokens = tokens(&server);
        assert_eq!(tokens[..3], ["order-42"; 3], "{signature:?}");
        assert!(is_uuid_v4(&tokens[3]), "{tokens:?}");
        assert!(tokens[3..].iter().all(|t| *t == tokens[3]), "{tokens:?}");
    }
}
