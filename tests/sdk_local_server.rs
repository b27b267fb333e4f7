//! The generated clients (`tcgen_vpc::v20170312::Client`, `tcgen_vpc::v2::Client`) against a
//! local server that checks every request like the service does and answers with the
//! documentation's own example responses, or with a scripted fault.
//!
//! The server (`tcgen_tests::local_server`) verifies each signature with the runtime's public
//! signer, the common parameters and, for documented answers, the business parameters against
//! the example's request; the tests assert the typed outcome the caller sees and what the
//! server saw (attempt counts, timing of retries).

// The legacy v2 API is deprecated for callers (withdrawn from the public cloud); these
// tests keep it compiling and tested.
#![allow(deprecated)]

use std::time::{Duration, Instant};

use serde_json::Value;
use tcgen_codegen::spec::Generation;
use tcgen_runtime::sign::{HttpMethod, SignatureMethod};
use tcgen_runtime::{Credentials, RetryConfig};
use tcgen_tests::doc_examples::DocSpecs;
use tcgen_tests::local_server::{
    bounded, LocalServer, Reply, Step, REGION_V2, REGION_V3, SECRET_ID,
};
use tcgen_tests::sdk_fixtures::{describe_vpcs_example, v2_client, v3_client};
use tcgen_vpc::runtime::Error;
use tcgen_vpc::{v2, v20170312 as v3};
use tokio::net::TcpListener;

/// No scenario may take longer than this, whatever the server does.
const SCENARIO_LIMIT: Duration = Duration::from_secs(20);

// ------------------------------------------------------------------ clients and requests

/// The request of the documented API 3.0 `CreateVpc` example.
fn v3_create_vpc_example() -> v3::CreateVpcRequest {
    // Today's edition marks CidrBlock optional (an IPv6-only VPC needs none); the example
    // still sends it.
    v3::CreateVpcRequest::builder()
        .vpc_name("TestVPC")
        .cidr_block("10.8.0.0/16")
        .tags([v3::Tag::builder()
            .key("city")
            .value("shanghai")
            .build()
            .expect("Key set")])
        .build()
        .expect("all required members set")
}

/// The request of the documented v2 `CreateVpc` example.
fn v2_create_vpc_example() -> v2::CreateVpcRequest {
    v2::CreateVpcRequest::builder()
        .vpc_name("bbbttest")
        .cidr_block("192.168.0.0/16")
        .subnet_set([v2::CreateVpcRequestSubnetSet::builder()
            .subnet_name("wikitest")
            .cidr_block("192.168.1.0/24")
            .zone_id("800001")
            .build()])
        .build()
        .expect("all required members set")
}

/// What a direct decode of the documented response gives, encoded again; a response that
/// went through HTTP and the envelope must encode to the same.
fn documented_typed(generation: Generation, action: &str) -> Value {
    let response = DocSpecs::get().example_response(generation, action);
    match generation {
        Generation::V3 => v3::dynamic::reencode_response_json(action, response["Response"].clone()),
        Generation::V2 => v2::dynamic::reencode_response_json(action, response.clone()),
    }
    .expect("a documented action")
    .expect("the documented response decodes")
}

fn assert_documented_describe_vpcs(response: &v3::DescribeVpcsResponse) {
    assert_eq!(
        response.request_id.as_deref(),
        Some("6a44afb7-0644-4ff9-9761-3502f99d3a15")
    );
    assert_eq!(response.total_count, Some(1));
    let vpcs = response.vpc_set.as_deref().expect("VpcSet");
    assert_eq!(vpcs.len(), 1);
    assert_eq!(vpcs[0].vpc_name.as_deref(), Some("DHCP1"));
    assert_eq!(vpcs[0].cidr_block.as_deref(), Some("10.0.0.0/16"));
    assert_eq!(vpcs[0].created_time.as_deref(), Some("2018-04-25 10:26:26"));
    assert_eq!(vpcs[0].is_default, Some(false));
    assert_eq!(vpcs[0].enable_multicast, Some(false));
    assert_eq!(vpcs[0].dns_server_set.as_deref().map(<[_]>::len), Some(2));
    assert_eq!(
        serde_json::to_value(response).unwrap(),
        documented_typed(Generation::V3, "DescribeVpcs")
    );
}

fn assert_documented_v3_create_vpc(response: &v3::CreateVpcResponse) {
    assert_eq!(
        response.request_id.as_deref(),
        Some("0a74f7fe-0cfe-4bc7-b1d2-6575168d7a44")
    );
    let vpc = response.vpc.as_ref().expect("Vpc");
    assert_eq!(vpc.vpc_id.as_deref(), Some("vpc-2ln96dly"));
    // Today's example answers with another VPC's name and block than it sends.
    assert_eq!(vpc.vpc_name.as_deref(), Some("TEST"));
    assert_eq!(vpc.cidr_block.as_deref(), Some("10.0.0.0/16"));
    assert_eq!(vpc.dhcp_options_id.as_deref(), Some("dopt-058pu85z"));
    assert_eq!(vpc.enable_multicast, Some(false));
    assert_eq!(
        serde_json::to_value(response).unwrap(),
        documented_typed(Generation::V3, "CreateVpc")
    );
}

fn assert_documented_v2_create_vpc(response: &v2::CreateVpcResponse) {
    assert_eq!(response.code, Some(0));
    assert_eq!(response.vpc_id.as_deref(), Some("gz_vpc_266"));
    assert_eq!(
        response.vpc_create_time.as_deref(),
        Some("2015-11-06 11:33:52")
    );
    let subnets = response.subnet_set.as_deref().expect("subnetSet");
    assert_eq!(subnets.len(), 1);
    assert_eq!(subnets[0].subnet_id.as_deref(), Some("gz_subnet_18720"));
    assert_eq!(subnets[0].un_subnet_id.as_deref(), Some("subnet-5gu2jxf4"));
    assert_eq!(subnets[0].route_table_id.as_deref(), Some("gz_rtb_8751"));
    assert_eq!(subnets[0].subnet_name.as_deref(), Some("wikitest"));
    assert_eq!(subnets[0].cidr_block.as_deref(), Some("192.168.1.0/24"));
    let tables = response.route_table_set.as_deref().expect("routeTableSet");
    assert_eq!(tables.len(), 1);
    assert_eq!(tables[0].route_table_id.as_deref(), Some("gz_rtb_8751"));
    assert_eq!(tables[0].route_table_type, Some(1));
    assert_eq!(tables[0].route_table_name.as_deref(), Some("默认"));
    assert_eq!(
        serde_json::to_value(response).unwrap(),
        documented_typed(Generation::V2, "CreateVpc")
    );
}

/// The documented v3 error `code` of `action`, answered with its documented description.
fn documented_v3_error(status: u16, action: &str, code: &str, request_id: &str) -> Reply {
    let error = DocSpecs::get().error(Generation::V3, action, code);
    Reply::v3_error(status, &error.code, &error.description, request_id)
}

/// A closed port on the loopback interface. 127.0.0.2 (loopback on Linux) keeps the other
/// tests' servers, all on 127.0.0.1, from ever taking it over.
async fn closed_port() -> std::net::SocketAddr {
    let listener = match TcpListener::bind("127.0.0.2:0").await {
        Ok(listener) => listener,
        Err(_) => TcpListener::bind("127.0.0.1:0").await.expect("bind"),
    };
    listener.local_addr().expect("local address")
}

// ------------------------------------------------------------------ success

#[tokio::test]
async fn every_signing_and_http_method_gets_the_documented_response() {
    bounded(SCENARIO_LIMIT, async {
        let server = LocalServer::start(vec![]).await;
        let v3_methods = [
            SignatureMethod::Tc3HmacSha256,
            SignatureMethod::HmacSha1,
            SignatureMethod::HmacSha256,
        ];
        let mut expected = Vec::new();
        for signature_method in v3_methods {
            for http_method in [HttpMethod::Get, HttpMethod::Post] {
                let client = v3_client(
                    server
                        .config(Generation::V3)
                        .signature_method(signature_method)
                        .http_method(http_method),
                );
                let response = client
                    .send(&describe_vpcs_example())
                    .await
                    .unwrap_or_else(|err| panic!("{signature_method} {http_method}: {err}"));
                assert_documented_describe_vpcs(&response);
                expected.push((
                    Generation::V3,
                    "DescribeVpcs",
                    http_method,
                    signature_method,
                ));
            }
        }
        for signature_method in [SignatureMethod::HmacSha1, SignatureMethod::HmacSha256] {
            for http_method in [HttpMethod::Get, HttpMethod::Post] {
                let client = v2_client(
                    server
                        .config(Generation::V2)
                        .signature_method(signature_method)
                        .http_method(http_method),
                );
                let response = client
                    .send(&v2_create_vpc_example())
                    .await
                    .unwrap_or_else(|err| panic!("v2 {signature_method} {http_method}: {err}"));
                assert_documented_v2_create_vpc(&response);
                expected.push((Generation::V2, "CreateVpc", http_method, signature_method));
            }
        }

        let checked = server.checked();
        let seen: Vec<_> = checked
            .iter()
            .map(|c| {
                (
                    c.generation,
                    c.action.as_str(),
                    c.http_method,
                    c.signature_method,
                )
            })
            .collect();
        assert_eq!(seen, expected, "one request per combination, each verified");
        for request in &checked {
            assert!(request.token_sent, "{request:?}");
            let region = match request.generation {
                Generation::V3 => REGION_V3,
                Generation::V2 => REGION_V2,
            };
            assert_eq!(request.region.as_deref(), Some(region));
        }
    })
    .await;
}

#[tokio::test]
async fn default_signing_is_tc3_for_api3_and_hmac_sha256_for_v2() {
    bounded(SCENARIO_LIMIT, async {
        let server = LocalServer::start(vec![]).await;
        let v3_response = v3_client(server.config(Generation::V3))
            .send(&v3_create_vpc_example())
            .await
            .unwrap();
        assert_documented_v3_create_vpc(&v3_response);
        let v2_response = v2_client(server.config(Generation::V2))
            .send(&v2::DeleteVpcRequest::new("vpc-2ari9m7h"))
            .await
            .unwrap();
        assert_eq!(v2_response.code, Some(0));
        assert_eq!(v2_response.message.as_deref(), Some(""));

        let checked = server.checked();
        assert_eq!(checked.len(), 2);
        assert_eq!(checked[0].signature_method, SignatureMethod::Tc3HmacSha256);
        assert_eq!(checked[0].http_method, HttpMethod::Post);
        assert_eq!(checked[1].signature_method, SignatureMethod::HmacSha256);
        assert_eq!(checked[1].http_method, HttpMethod::Post);
        assert_eq!(
            checked[1].business,
            [("vpcId".to_owned(), "vpc-2ari9m7h".to_owned())]
        );
    })
    .await;
}

#[tokio::test]
async fn json_is_accepted_whatever_the_content_type() {
    bounded(SCENARIO_LIMIT, async {
        let documented = DocSpecs::get()
            .example_response(Generation::V3, "DescribeVpcs")
            .to_string();
        let script = [
            "text/plain; charset=utf-8",
            "text/html",
            "application/octet-stream",
        ]
        .map(|content_type| {
            Step::Reply(Reply::Body {
                status: 200,
                content_type: content_type.to_owned(),
                body: documented.clone().into_bytes(),
            })
        });
        let server = LocalServer::start(script.to_vec()).await;
        let client = v3_client(server.config(Generation::V3));
        for _ in 0..3 {
            let response = client.send(&describe_vpcs_example()).await.unwrap();
            assert_documented_describe_vpcs(&response);
        }
        assert_eq!(server.checked().len(), 3, "one attempt each");
    })
    .await;
}

// ------------------------------------------------------------------ service errors

#[tokio::test]
async fn documented_v3_error_becomes_its_error_code_variant() {
    bounded(SCENARIO_LIMIT, async {
        let request_id = "b5c8e8a4-7a1f-4b52-9d1c-3e9c0f6c9a11";
        let server = LocalServer::start(vec![Step::Reply(documented_v3_error(
            200,
            "DescribeVpcs",
            "InvalidParameterValue.Malformed",
            request_id,
        ))])
        .await;
        let client = v3_client(server.config(Generation::V3));
        let err = client
            .send(&describe_vpcs_example())
            .await
            .unwrap_err();

        assert_eq!(err.code(), Some(&v3::ErrorCode::InvalidParameterValueMalformed));
        let service = err.service_error().expect("a service error");
        assert_eq!(service.message, "入参格式不合法。");
        assert_eq!(service.code.description(), Some("入参格式不合法。"));
        assert_eq!(service.request_id.as_deref(), Some(request_id));
        assert_eq!(service.numeric_code, None);
        assert_eq!(err.attempts(), 1, "not retried");
        assert_eq!(
            err.to_string(),
            format!(
                "service error InvalidParameterValue.Malformed: 入参格式不合法。 (request id: {request_id})"
            )
        );
        assert_eq!(server.checked().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn documented_v2_errors_carry_numeric_and_module_codes() {
    bounded(SCENARIO_LIMIT, async {
        let not_found = DocSpecs::get().error(Generation::V2, "DeleteVpc", "InvalidVpc.NotFound");
        let module_message = format!("(100004){}", not_found.description);
        let server = LocalServer::start(vec![
            Step::Reply(Reply::v2_error(
                5000,
                Some(&not_found.code),
                &module_message,
            )),
            // The documentation's own module error message, without a codeDesc.
            Step::Reply(Reply::v2_error(4000, None, "( 100004 ) projectId 不正确")),
        ])
        .await;
        let client = v2_client(server.config(Generation::V2));
        let request = v2::DeleteVpcRequest::new("vpc-2ari9m7h");

        // The documented number names the variant; the module's `codeDesc` names its own.
        let err = client.send(&request).await.unwrap_err();
        assert_eq!(err.code(), Some(&v2::ErrorCode::Code5000));
        let service = err.service_error().expect("a service error");
        assert_eq!(service.numeric_code, Some(5000));
        assert_eq!(service.code_desc.as_deref(), Some("InvalidVpc.NotFound"));
        assert_eq!(
            service.code_desc_variant(),
            Some(v2::ErrorCode::InvalidVpcNotFound)
        );
        assert_eq!(service.module_code, Some(100004));
        assert_eq!(service.message, module_message);
        assert_eq!(err.attempts(), 1);
        assert!(
            err.to_string()
                .starts_with("service error 5000 (InvalidVpc.NotFound): (100004)"),
            "{err}"
        );

        let err = client.send(&request).await.unwrap_err();
        assert_eq!(err.code(), Some(&v2::ErrorCode::Code4000));
        let service = err.service_error().expect("a service error");
        assert_eq!(service.numeric_code, Some(4000));
        assert_eq!(service.module_code, Some(100004));
        assert_eq!(err.attempts(), 1, "4000 is not retried");

        assert_eq!(server.checked().len(), 2);
    })
    .await;
}

// ------------------------------------------------------------------ retries

#[tokio::test]
async fn http_500_is_retried_for_a_read_only_action_only() {
    bounded(SCENARIO_LIMIT, async {
        let server = LocalServer::start(vec![Step::Reply(documented_v3_error(
            500,
            "DescribeVpcs",
            "InternalError",
            "r-500",
        ))])
        .await;
        let response = v3_client(server.config(Generation::V3))
            .send(&describe_vpcs_example())
            .await
            .unwrap();
        assert_documented_describe_vpcs(&response);
        assert_eq!(server.checked().len(), 2, "the 500 and the retry");

        // The service may have created the VPC before failing: it is not created again.
        let server = LocalServer::start(vec![Step::Reply(documented_v3_error(
            500,
            "CreateVpc",
            "InternalError",
            "r-500",
        ))])
        .await;
        let err = v3_client(server.config(Generation::V3))
            .send(&v3_create_vpc_example())
            .await
            .unwrap_err();
        assert_eq!(err.code(), Some(&v3::ErrorCode::InternalError));
        assert_eq!(err.attempts(), 1);
        assert_eq!(server.checked().len(), 1, "sent once");
    })
    .await;
}

#[tokio::test]
async fn throttling_is_retried_after_bounded_jittered_backoff() {
    bounded(SCENARIO_LIMIT, async {
        let throttled = || {
            Step::Reply(documented_v3_error(
                200,
                "DescribeVpcs",
                "RequestLimitExceeded",
                "r-throttled",
            ))
        };
        let server =
            LocalServer::start(vec![throttled(), throttled(), throttled(), throttled()]).await;
        let retry = RetryConfig {
            max_attempts: 5,
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(80),
            ..Default::default()
        };
        let client = v3_client(
            server
                .config(Generation::V3)
                .signature_method(SignatureMethod::HmacSha256)
                .retry(retry.clone()),
        );
        let started = Instant::now();
        let response = client.send(&describe_vpcs_example()).await.unwrap();
        let elapsed = started.elapsed();
        assert_documented_describe_vpcs(&response);

        let exchanges = server.exchanges();
        assert_eq!(exchanges.len(), 5, "4 throttled attempts, then success");
        let checked = server.checked();
        let signatures: std::collections::BTreeSet<_> =
            checked.iter().map(|c| c.signature.as_str()).collect();
        assert_eq!(signatures.len(), 5, "each attempt signed afresh");

        // The time from receiving attempt n to receiving attempt n+1 is its answer (at once),
        // the backoff and the next send: above zero, and within the ceiling plus slack.
        let slack = Duration::from_millis(150);
        let mut gaps = Vec::new();
        for (retry_number, pair) in (1u32..).zip(exchanges.windows(2)) {
            let gap = pair[1].received_at.duration_since(pair[0].received_at);
            let ceiling = retry.backoff_ceiling(retry_number);
            assert!(gap > Duration::ZERO, "retry {retry_number}: {gap:?}");
            assert!(
                gap <= ceiling + slack,
                "retry {retry_number}: waited {gap:?}, ceiling {ceiling:?}"
            );
            gaps.push(gap);
        }
        let waited: Duration = gaps.iter().sum();
        // Full jitter draws each wait from [0, ceiling]; the four ceilings add up to 220 ms,
        // so less than 5 ms in all would mean no backoff (chance of that by luck: ~1e-5).
        assert!(waited >= Duration::from_millis(5), "{gaps:?}");
        assert!(elapsed >= waited);
        eprintln!("throttling: gaps between attempts {gaps:?}, call took {elapsed:?}");
    })
    .await;
}

#[tokio::test]
async fn v2_code_4400_is_retried_then_succeeds() {
    bounded(SCENARIO_LIMIT, async {
        let throttled = DocSpecs::get().error(Generation::V2, "CreateVpc", "4400");
        let server = LocalServer::start(vec![Step::Reply(Reply::v2_error(
            4400,
            None,
            &throttled.description,
        ))])
        .await;
        let response = v2_client(server.config(Generation::V2))
            .send(&v2_create_vpc_example())
            .await
            .unwrap();
        assert_documented_v2_create_vpc(&response);
        assert_eq!(server.checked().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn retries_stop_at_the_configured_attempt_count() {
    bounded(SCENARIO_LIMIT, async {
        let unavailable = || {
            Step::Reply(documented_v3_error(
                503,
                "DescribeVpcs",
                "InternalError",
                "r-503",
            ))
        };
        // A fourth attempt would succeed: the server must never see it.
        let server = LocalServer::start(vec![
            unavailable(),
            unavailable(),
            unavailable(),
            Step::Example,
        ])
        .await;
        let err = v3_client(server.config(Generation::V3))
            .send(&describe_vpcs_example())
            .await
            .unwrap_err();
        assert_eq!(err.code(), Some(&v3::ErrorCode::InternalError));
        assert_eq!(err.attempts(), 3);
        assert!(err.to_string().ends_with("after 3 attempts"), "{err}");
        assert_eq!(server.checked().len(), 3);

        let throttled = || Step::Reply(Reply::v2_error(4400, None, "超过配额"));
        let server = LocalServer::start(vec![throttled(), throttled(), Step::Example]).await;
        let err = v2_client(server.config(Generation::V2).retry(RetryConfig {
            max_attempts: 2,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(1),
            ..Default::default()
        }))
        .send(&v2_create_vpc_example())
        .await
        .unwrap_err();
        assert_eq!(err.code(), Some(&v2::ErrorCode::Code4400));
        assert_eq!(err.attempts(), 2);
        assert_eq!(server.checked().len(), 2);
    })
    .await;
}

// ------------------------------------------------------------------ transport failures

#[tokio::test]
async fn a_timeout_is_retried_for_a_read_only_action_only() {
    bounded(SCENARIO_LIMIT, async {
        let slow = |action: &str| {
            Step::Reply(Reply::Delayed(
                Duration::from_secs(3),
                Box::new(Reply::json(
                    200,
                    DocSpecs::get().example_response(Generation::V3, action),
                )),
            ))
        };
        let timeout = Duration::from_millis(250);

        let server = LocalServer::start(vec![slow("DescribeVpcs")]).await;
        let client = v3_client(server.config(Generation::V3).timeout(timeout));
        let response = client.send(&describe_vpcs_example()).await.unwrap();
        assert_documented_describe_vpcs(&response);
        assert_eq!(server.checked().len(), 2, "the slow attempt and the retry");

        let server = LocalServer::start(vec![slow("CreateVpc")]).await;
        let client = v3_client(server.config(Generation::V3).timeout(timeout));
        let started = Instant::now();
        let err = client.send(&v3_create_vpc_example()).await.unwrap_err();
        let elapsed = started.elapsed();
        let Error::Timeout { message, attempts } = &err else {
            panic!("expected a timeout, got {err:?}")
        };
        assert_eq!(*attempts, 1, "the request was sent: not repeated");
        assert!(message.contains("250ms"), "{message}");
        assert!(
            elapsed >= timeout && elapsed < Duration::from_millis(1500),
            "{elapsed:?}"
        );
        assert_eq!(server.checked().len(), 1);
        eprintln!("timeout: 250 ms configured, call failed after {elapsed:?}");
    })
    .await;
}

#[tokio::test]
async fn connection_refused_is_a_transport_error_after_every_attempt() {
    bounded(SCENARIO_LIMIT, async {
        let address = closed_port().await;
        let config = tcgen_runtime::Client::builder()
            .endpoint(format!("http://{address}"))
            .region(REGION_V3)
            .credentials(Credentials::new(SECRET_ID, "unused"))
            .use_env_proxy(false)
            .retry(RetryConfig {
                max_attempts: 3,
                base_delay: Duration::from_millis(1),
                max_delay: Duration::from_millis(2),
                ..Default::default()
            });
        let err = v3_client(config)
            .send(&describe_vpcs_example())
            .await
            .unwrap_err();
        let Error::Transport {
            status, attempts, ..
        } = &err
        else {
            panic!("expected a transport error, got {err:?}")
        };
        assert_eq!(*status, None);
        assert_eq!(*attempts, 3, "connection failures are retried");
        assert!(err.to_string().contains("after 3 attempts"), "{err}");
    })
    .await;
}

// ------------------------------------------------------------------ undecodable answers

#[tokio::test]
async fn an_html_error_page_is_a_decode_error_with_a_bounded_snippet() {
    bounded(SCENARIO_LIMIT, async {
        let page = format!(
            "<html><head><title>502 Bad Gateway</title></head><body>{}</body></html>",
            "<p>upstream unavailable</p>".repeat(100)
        );
        let bad_gateway = || {
            Step::Reply(Reply::Body {
                status: 502,
                content_type: "text/html".to_owned(),
                body: page.clone().into_bytes(),
            })
        };
        let server = LocalServer::start(vec![bad_gateway()]).await;
        let err = v2_client(server.config(Generation::V2))
            .send(&v2_create_vpc_example())
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
            panic!("expected a decode error, got {err:?}")
        };
        assert_eq!(*status, 502);
        assert_eq!(*attempts, 1, "CreateVpc is not repeated after a 5xx");
        assert!(message.contains("not a valid envelope"), "{message}");
        assert!(message.contains("(content-type text/html)"), "{message}");
        assert_eq!(snippet.len(), Error::<v2::ErrorCode>::MAX_SNIPPET_BYTES);
        assert!(page.starts_with(snippet.as_str()));
        assert_eq!(server.checked().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_and_a_cut_connection_a_transport_error() {
    bounded(SCENARIO_LIMIT, async {
        let documented = DocSpecs::get()
            .example_response(Generation::V3, "DescribeVpcs")
            .to_string();
        let cut_json = documented[..120].to_owned();
        let server = LocalServer::start(vec![
            Step::Reply(Reply::Body {
                status: 200,
                content_type: "application/json".to_owned(),
                body: cut_json.clone().into_bytes(),
            }),
            Step::Reply(Reply::Cut {
                declared_length: documented.len(),
                sent: cut_json.clone().into_bytes(),
            }),
        ])
        .await;
        let client = v3_client(server.config(Generation::V3));

        let err = client.send(&describe_vpcs_example()).await.unwrap_err();
        let Error::Decode {
            status,
            message,
            snippet,
            attempts,
            ..
        } = &err
        else {
            panic!("expected a decode error, got {err:?}")
        };
        assert_eq!(*status, 200);
        assert!(message.contains("not a valid envelope"), "{message}");
        assert_eq!(snippet, &cut_json, "short bodies are kept whole");
        assert_eq!(*attempts, 1, "a complete 200 answer is not retried");

        let err = client.send(&v3_create_vpc_example()).await.unwrap_err();
        let Error::Transport {
            status, attempts, ..
        } = &err
        else {
            panic!("expected a transport error, got {err:?}")
        };
        assert_eq!(*status, Some(200));
        assert_eq!(*attempts, 1, "the request was carried out: not repeated");
        assert_eq!(server.checked().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn bodies_beyond_the_limit_are_refused_with_a_bounded_snippet() {
    bounded(SCENARIO_LIMIT, async {
        const LIMIT: usize = 64 * 1024;
        let padded = |total: usize| {
            let mut response = DocSpecs::get()
                .example_response(Generation::V3, "DescribeVpcs")
                .clone();
            let base = response.to_string().len() + r#","Padding":"""#.len();
            response["Response"]["Padding"] = Value::from("x".repeat(total - base));
            let body = response.to_string().into_bytes();
            assert_eq!(body.len(), total);
            body
        };
        let oversized = padded(300_000);
        let server = LocalServer::start(vec![
            Step::Reply(Reply::Body {
                status: 200,
                content_type: "application/json".to_owned(),
                body: oversized.clone(),
            }),
            Step::Reply(Reply::Chunked {
                status: 200,
                content_type: "application/json".to_owned(),
                body: oversized.clone(),
            }),
            Step::Reply(Reply::Chunked {
                status: 200,
                content_type: "application/json".to_owned(),
                body: padded(LIMIT),
            }),
        ])
        .await;
        let client = v3_client(server.config(Generation::V3).max_body_bytes(LIMIT));

        for framing in ["Content-Length", "chunked"] {
            let err = client.send(&describe_vpcs_example()).await.unwrap_err();
            let Error::Decode {
                message,
                snippet,
                attempts,
                ..
            } = &err
            else {
                panic!("{framing}: expected a decode error, got {err:?}")
            };
            assert!(
                message.contains("exceeds the limit of 65536 bytes"),
                "{framing}: {message}"
            );
            assert_eq!(
                snippet.len(),
                Error::<v3::ErrorCode>::MAX_SNIPPET_BYTES,
                "{framing}"
            );
            assert!(oversized.starts_with(snippet.as_bytes()), "{framing}");
            assert_eq!(*attempts, 1, "{framing}");
        }

        // Exactly at the limit is still read.
        let response = client.send(&describe_vpcs_example()).await.unwrap();
        assert_documented_describe_vpcs(&response);
        assert_eq!(server.checked().len(), 3);

        // A single chunk already beyond a small limit still gives the snippet its start.
        let small = padded(2000);
        let server = LocalServer::start(vec![Step::Reply(Reply::Chunked {
            status: 200,
            content_type: "application/json".to_owned(),
            body: small.clone(),
        })])
        .await;
        let err = v3_client(server.config(Generation::V3).max_body_bytes(256))
            .send(&describe_vpcs_example())
            .await
            .unwrap_err();
        let Error::Decode { snippet, .. } = &err else {
            panic!("expected a decode error, got {err:?}")
        };
        assert_eq!(snippet.len(), Error::<v3::ErrorCode>::MAX_SNIPPET_BYTES);
        assert!(small.starts_with(snippet.as_bytes()));
    })
    .await;
}

// ------------------------------------------------------------------ caught before sending

/// How a caller builds and sends a request: a missing member surfaces through `?`.
async fn create_vpc_of_block(
    client: &v3::Client,
    cidr_block: &str,
) -> Result<v3::CreateVpcResponse, v3::Error> {
    let request = v3::CreateVpcRequest::builder()
        .cidr_block(cidr_block)
        .build()?;
    client.send(&request).await
}

async fn delete_v2_vpc_without_id(client: &v2::Client) -> Result<v2::DeleteVpcResponse, v2::Error> {
    let request = v2::DeleteVpcRequest::builder().build()?;
    client.send(&request).await
}

#[tokio::test]
async fn a_missing_required_member_is_refused_before_sending() {
    bounded(SCENARIO_LIMIT, async {
        let server = LocalServer::start(vec![]).await;

        let err = create_vpc_of_block(&v3_client(server.config(Generation::V3)), "10.8.0.0/16")
            .await
            .unwrap_err();
        let Error::InvalidRequest { message } = &err else {
            panic!("expected an invalid request, got {err:?}")
        };
        assert_eq!(
            message,
            "missing required member `VpcName` of `CreateVpcRequest`"
        );
        assert_eq!(err.attempts(), 0);

        let err = delete_v2_vpc_without_id(&v2_client(server.config(Generation::V2)))
            .await
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid request: missing required member `vpcId` of `DeleteVpcRequest`"
        );

        assert_eq!(server.request_count(), 0, "nothing reached the server");
    })
    .await;
}

// ------------------------------------------------------------------ the server's own checks

/// The server's checks are not vacuous: a wrong key and a parameter the example does not have
/// are refused with the documented errors.
#[tokio::test]
async fn the_server_refuses_bad_signatures_and_undocumented_parameters() {
    bounded(SCENARIO_LIMIT, async {
        let server = LocalServer::start(vec![]).await;
        let wrong_key = Credentials::new(SECRET_ID, "not-the-secret-key");

        for signature_method in [SignatureMethod::Tc3HmacSha256, SignatureMethod::HmacSha1] {
            let err = v3_client(
                server
                    .config(Generation::V3)
                    .credentials(wrong_key.clone())
                    .signature_method(signature_method),
            )
            .send(&describe_vpcs_example())
            .await
            .unwrap_err();
            assert_eq!(
                err.code(),
                Some(&v3::ErrorCode::AuthFailureSignatureFailure),
                "{signature_method}: {err}"
            );
        }
        let err = v2_client(server.config(Generation::V2).credentials(wrong_key))
            .send(&v2_create_vpc_example())
            .await
            .unwrap_err();
        assert_eq!(err.code(), Some(&v2::ErrorCode::Code4100), "{err}");

        let mut not_documented = describe_vpcs_example();
        not_documented.limit = Some("3".to_owned());
        let err = v3_client(server.config(Generation::V3))
            .send(&not_documented)
            .await
            .unwrap_err();
        assert_eq!(err.code(), Some(&v3::ErrorCode::InvalidParameter), "{err}");

        let refusals: Vec<String> = server
            .exchanges()
            .into_iter()
            .map(|exchange| exchange.check.expect_err("refused"))
            .collect();
        assert_eq!(refusals.len(), 4);
        assert!(
            refusals[0].starts_with("TC3 signature does not verify"),
            "{}",
            refusals[0]
        );
        assert!(
            refusals[1].starts_with("HmacSHA1 signature does not verify"),
            "{}",
            refusals[1]
        );
        assert!(
            refusals[2].starts_with("HmacSHA256 signature does not verify"),
            "{}",
            refusals[2]
        );
        assert!(
            refusals[3].starts_with("business parameters differ from the documented example"),
            "{}",
            refusals[3]
        );
    })
    .await;
}
