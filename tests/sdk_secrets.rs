//! The SecretKey and the session token never show: not in the `Debug` of the generated
//! clients, the runtime client, its configuration or the credentials, not in the `Debug` or
//! `Display` of any error a call can end with, and not in any tracing output at any level,
//! the runtime's and its dependencies' (with `log` records bridged into tracing).
//!
//! The calls go through the generated clients to the local server, with the token in the
//! query (GET), in the form body and in the TC3 headers, across successes, retries, timeouts,
//! refused connections, undecodable answers and requests refused before sending.
//!
//! In its own test binary because the capturing subscriber must be the global one: tracing
//! caches per-callsite interest process-wide.

// The legacy v2 API is deprecated for callers (withdrawn from the public cloud); these
// tests keep it compiling and tested.
#![allow(deprecated)]

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tcgen_codegen::spec::Generation;
use tcgen_runtime::credentials::{
    AssumeRoleProvider, CredentialsChain, CvmRoleProvider, EnvSource, ProvideCredentials,
    TkeOidcProvider, ENV_SECRET_KEY, ENV_SESSION_TOKEN, ENV_TKE_PROVIDER_ID, ENV_TKE_REGION,
    ENV_TKE_ROLE_ARN, ENV_TKE_WEB_IDENTITY_TOKEN_FILE,
};
use tcgen_runtime::sign::{HttpMethod, SignatureMethod};
use tcgen_runtime::test_util::{MockReply, MockRequest, MockServer};
use tcgen_runtime::wire::encode_component;
use tcgen_runtime::{Config, Credentials, RetryConfig};
use tcgen_tests::doc_examples::DocSpecs;
use tcgen_tests::local_server::{bounded, LocalServer, Reply, Step, SECRET_ID, SECRET_KEY, TOKEN};
use tcgen_tests::sdk_fixtures::{describe_vpcs_example, v2_client, v3_client};
use tcgen_vpc::runtime::Error;
use tcgen_vpc::{v2, v20170312 as v3};

const SCENARIO_LIMIT: Duration = Duration::from_secs(30);

/// Everything the tracing subscriber wrote.
#[derive(Clone, Default)]
struct CapturedLogs(Arc<Mutex<Vec<u8>>>);

impl CapturedLogs {
    fn text(&self) -> String {
        let bytes = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl Write for CapturedLogs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The secrets, and the forms they take on the wire, none of which may show anywhere.
fn forbidden_texts() -> Vec<String> {
    let mut encoded_token = String::new();
    encode_component(TOKEN, &mut encoded_token);
    assert_ne!(encoded_token, TOKEN, "the token changes under URL encoding");
    vec![SECRET_KEY.to_owned(), TOKEN.to_owned(), encoded_token]
}

fn assert_hidden(what: &str, text: &str, forbidden: &[String]) {
    for secret in forbidden {
        assert!(
            !text.contains(secret.as_str()),
            "{what} shows {secret:?}:\n{text}"
        );
    }
}

/// `Display`, `Debug` and pretty `Debug` of an error and of every error in its source chain.
fn error_texts<C: tcgen_runtime::ErrorCode>(err: &Error<C>) -> String {
    let mut text = format!("{err}\n{err:?}\n{err:#?}\n");
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(&format!("{cause}\n{cause:?}\n"));
        source = cause.source();
    }
    text
}

fn v2_delete_vpc_example() -> v2::DeleteVpcRequest {
    v2::DeleteVpcRequest::new("vpc-2ari9m7h")
}

fn documented_body(generation: Generation, action: &str) -> Vec<u8> {
    DocSpecs::get()
        .example_response(generation, action)
        .to_string()
        .into_bytes()
}

/// A chain whose environment holds the secrets but not the SecretId: resolving it fails.
fn incomplete_env_chain() -> CredentialsChain {
    let mut chain = CredentialsChain::with_home(None).local_only();
    chain.profile_files.clear();
    chain.env = EnvSource::Fixed(BTreeMap::from([
        (ENV_SECRET_KEY.to_owned(), SECRET_KEY.to_owned()),
        (ENV_SESSION_TOKEN.to_owned(), TOKEN.to_owned()),
    ]));
    chain
}

#[tokio::test]
async fn clients_configuration_and_credentials_hide_secrets_in_debug() {
    let forbidden = forbidden_texts();
    let server = LocalServer::start(vec![]).await;
    let credentials = Credentials::new(SECRET_ID, SECRET_KEY).with_token(TOKEN);
    assert_hidden(
        "Credentials",
        &format!("{credentials:?} {credentials:#?}"),
        &forbidden,
    );
    assert!(
        format!("{credentials:?}").contains(SECRET_ID),
        "the id is not a secret"
    );

    let builder = server.config(Generation::V3);
    assert_hidden("ConfigBuilder", &format!("{builder:?}"), &forbidden);
    let runtime = builder.build_client().unwrap();
    let config: &Config = runtime.config();
    assert_hidden("Config", &format!("{config:?} {config:#?}"), &forbidden);
    assert_hidden(
        "runtime Client",
        &format!("{runtime:?} {runtime:#?}"),
        &forbidden,
    );
    let regional = runtime.with_region("ap-shanghai");
    assert_hidden("regional Client", &format!("{regional:?}"), &forbidden);

    let v3 = v3::Client::new(runtime);
    assert_hidden("v20170312::Client", &format!("{v3:?} {v3:#?}"), &forbidden);
    assert!(format!("{v3:?}").contains("<redacted>"), "{v3:?}");
    let v2 = v2::Client::new(server.config(Generation::V2).build_client().unwrap());
    assert_hidden("v2::Client", &format!("{v2:?} {v2:#?}"), &forbidden);

    // Credentials from an environment: the chain shows variable names only.
    let from_env = tcgen_runtime::Client::builder()
        .credentials_chain(incomplete_env_chain())
        .build_client()
        .unwrap();
    let shown = format!("{from_env:?}");
    assert!(shown.contains(ENV_SECRET_KEY), "{shown}");
    assert_hidden("Client with an environment chain", &shown, &forbidden);
}

#[tokio::test]
async fn errors_and_trace_logs_of_every_scenario_hide_secrets() {
    let logs = CapturedLogs::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .try_init()
        .expect("the only subscriber of this test binary");

    bounded(SCENARIO_LIMIT, async {
        let mut forbidden = forbidden_texts();
        let mut errors: Vec<(&str, String)> = Vec::new();
        let throttled = || {
            Step::Reply(Reply::v3_error(
                200,
                "RequestLimitExceeded",
                "请求的次数超过了频率限制",
                "r-throttled",
            ))
        };
        let internal = || Step::Reply(Reply::v3_error(500, "InternalError", "内部错误", "r-500"));
        let server = LocalServer::start(vec![
            // Successes after retries, with the token in the query, the form and the headers.
            throttled(),
            Step::Example,
            internal(),
            Step::Example,
            Step::Example,
            Step::Reply(Reply::v2_error(4400, None, "超过配额")),
            Step::Example,
            // Failures.
            internal(),
            internal(),
            internal(),
            Step::Reply(Reply::v3_error(
                200,
                "InvalidParameterValue.Malformed",
                "入参格式不合法。",
                "r-400",
            )),
            Step::Reply(Reply::v2_error(
                5000,
                Some("InvalidVpc.NotFound"),
                "(100004)无效的VPC",
            )),
            Step::Reply(Reply::Body {
                status: 502,
                content_type: "text/html".to_owned(),
                body: b"<html><body>502 Bad Gateway</body></html>".to_vec(),
            }),
            Step::Reply(Reply::Chunked {
                status: 200,
                content_type: "application/json".to_owned(),
                body: vec![b' '; 4096],
            }),
            Step::Reply(Reply::Body {
                status: 200,
                content_type: "application/json".to_owned(),
                body: documented_body(Generation::V3, "DescribeVpcs")[..60].to_vec(),
            }),
            Step::Reply(Reply::Cut {
                declared_length: 1000,
                sent: documented_body(Generation::V3, "DescribeVpcs")[..60].to_vec(),
            }),
            Step::Reply(Reply::Delayed(
                Duration::from_secs(3),
                Box::new(Reply::v3_error(200, "InternalError", "late", "r-late")),
            )),
            // Calls signed with temporary credentials from the CVM role, STS AssumeRole and
            // TKE OIDC providers.
            Step::Example,
            Step::Example,
            Step::Example,
        ])
        .await;
        let get_hmac = || {
            server
                .config(Generation::V3)
                .http_method(HttpMethod::Get)
                .signature_method(SignatureMethod::HmacSha256)
        };
        let v3_tc3 = v3_client(server.config(Generation::V3));
        let v3_get = v3_client(get_hmac());
        let v2_get = v2_client(
            server
                .config(Generation::V2)
                .http_method(HttpMethod::Get)
                .signature_method(SignatureMethod::HmacSha1),
        );
        let v2_post = v2_client(server.config(Generation::V2));

        v3_get.send(&describe_vpcs_example()).await.unwrap();
        v3_tc3.send(&describe_vpcs_example()).await.unwrap();
        v2_post.send(&v2_delete_vpc_example()).await.unwrap();
        v2_get.send(&v2_delete_vpc_example()).await.unwrap();

        let mut record = |label, text: String| errors.push((label, text));
        let err = v3_get.send(&describe_vpcs_example()).await.unwrap_err();
        assert!(
            matches!(err, Error::Service(_)) && err.attempts() == 3,
            "{err:?}"
        );
        record("retries exhausted", error_texts(&err));
        let err = v3_tc3.send(&describe_vpcs_example()).await.unwrap_err();
        assert_eq!(
            err.code(),
            Some(&v3::ErrorCode::InvalidParameterValueMalformed)
        );
        record("v3 service error", error_texts(&err));
        let err = v2_get.send(&v2_delete_vpc_example()).await.unwrap_err();
        let service = err.service_error().expect("a service error");
        assert_eq!(
            service.code_desc_variant(),
            Some(v2::ErrorCode::InvalidVpcNotFound)
        );
        record("v2 service error", error_texts(&err));
        let single_attempt = v3_client(get_hmac().no_retries().max_body_bytes(1024));
        let err = single_attempt
            .send(&describe_vpcs_example())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Decode { status: 502, .. }), "{err:?}");
        record("HTML page", error_texts(&err));
        let err = single_attempt
            .send(&describe_vpcs_example())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{err:?}");
        record("oversized body", error_texts(&err));
        let err = single_attempt
            .send(&describe_vpcs_example())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{err:?}");
        record("truncated JSON", error_texts(&err));
        let err = single_attempt
            .send(&describe_vpcs_example())
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
        record("cut connection", error_texts(&err));
        let impatient = v3_client(get_hmac().timeout(Duration::from_millis(200)).no_retries());
        let err = impatient.send(&describe_vpcs_example()).await.unwrap_err();
        assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
        record("timeout", error_texts(&err));

        let closed = {
            let listener = std::net::TcpListener::bind("127.0.0.2:0")
                .or_else(|_| std::net::TcpListener::bind("127.0.0.1:0"))
                .expect("bind");
            listener.local_addr().expect("local address")
        };
        let refused = v3_client(get_hmac().endpoint(format!("http://{closed}")).retry(
            RetryConfig {
                max_attempts: 2,
                base_delay: Duration::from_millis(1),
                max_delay: Duration::from_millis(1),
                ..Default::default()
            },
        ));
        let err = refused.send(&describe_vpcs_example()).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::Transport {
                    status: None,
                    attempts: 2,
                    ..
                }
            ),
            "{err:?}"
        );
        record("connection refused", error_texts(&err));

        let request = v3::CreateVpcRequest::builder()
            .cidr_block("10.8.0.0/16")
            .build();
        let err = v3::Error::from(request.expect_err("VpcName is missing"));
        assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
        record("missing member", error_texts(&err));
        let err = v2_client(
            server
                .config(Generation::V2)
                .signature_method(SignatureMethod::Tc3HmacSha256),
        )
        .send(&v2_delete_vpc_example())
        .await
        .unwrap_err();
        assert!(matches!(err, Error::Config { .. }), "{err:?}");
        record("TC3 for v2", error_texts(&err));
        let pasted_newline =
            v3_client(server.config(Generation::V3).credentials(
                Credentials::new(SECRET_ID, format!("{SECRET_KEY}\n")).with_token(TOKEN),
            ));
        let err = pasted_newline
            .send(&describe_vpcs_example())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Credentials { .. }), "{err:?}");
        record("secret key with a newline", error_texts(&err));
        let env_without_id = v3_client(
            server
                .config(Generation::V3)
                .credentials_chain(incomplete_env_chain()),
        );
        let err = env_without_id
            .send(&describe_vpcs_example())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Credentials { .. }), "{err:?}");
        record("incomplete environment", error_texts(&err));

        // Every request the server saw was genuine and carried the token, so each of the
        // scenarios above really had the secrets in hand.
        let checked = server.checked();
        assert_eq!(checked.len(), 17);
        assert!(checked.iter().all(|c| c.token_sent));
        for request in &checked {
            let mut encoded = String::new();
            encode_component(&request.signature, &mut encoded);
            forbidden.push(request.signature.clone());
            forbidden.push(encoded);
        }

        // The credentials providers: the stand-in hands out the suite's secrets as temporary
        // credentials, so the calls below carry them, and its inputs are secrets too.
        let stand_in_server = credentials_stand_in().await;
        let stand_in = stand_in_server.endpoint();
        forbidden.push(SOURCE_KEY.to_owned());
        forbidden.push(OIDC_TOKEN.to_owned());
        let token_dir = tempfile_dir();
        let token_file = token_dir.join("oidc-token");
        std::fs::write(&token_file, OIDC_TOKEN).expect("write the token file");
        let tke_env = EnvSource::Fixed(BTreeMap::from([
            (ENV_TKE_REGION.to_owned(), "ap-guangzhou".to_owned()),
            (ENV_TKE_PROVIDER_ID.to_owned(), "provider".to_owned()),
            (
                ENV_TKE_WEB_IDENTITY_TOKEN_FILE.to_owned(),
                token_file.display().to_string(),
            ),
            (
                ENV_TKE_ROLE_ARN.to_owned(),
                "qcs::cam::uin/1:roleName/pod".to_owned(),
            ),
        ]));
        let providers: [(&str, Arc<dyn ProvideCredentials>); 3] = [
            (
                "CVM role",
                Arc::new(CvmRoleProvider::new().endpoint(format!("{stand_in}/latest/meta-data/"))),
            ),
            (
                "STS AssumeRole",
                Arc::new(
                    AssumeRoleProvider::new(
                        Arc::new(Credentials::new("AKIDsource", SOURCE_KEY)),
                        "qcs::cam::uin/1:roleName/app",
                    )
                    .endpoint(stand_in.clone()),
                ),
            ),
            (
                "TKE OIDC",
                Arc::new(
                    TkeOidcProvider::new()
                        .env(tke_env)
                        .endpoint(stand_in.clone()),
                ),
            ),
        ];
        for (label, provider) in &providers {
            let client = v3_client(
                server
                    .config(Generation::V3)
                    .credentials_provider(provider.clone()),
            );
            client.send(&describe_vpcs_example()).await.unwrap();
            assert_hidden(
                label,
                &format!("{client:?} {client:#?} {provider:?}"),
                &forbidden,
            );
        }
        let _ = std::fs::remove_dir_all(&token_dir);
        let checked = server.checked();
        assert_eq!(checked.len(), 20);
        for request in &checked[17..] {
            assert!(request.token_sent);
            let mut encoded = String::new();
            encode_component(&request.signature, &mut encoded);
            forbidden.push(request.signature.clone());
            forbidden.push(encoded);
        }
        // Failing providers: the errors name the provider, never a secret.
        let denied = v3_client(
            server.config(Generation::V3).credentials_provider(Arc::new(
                AssumeRoleProvider::new(
                    Arc::new(Credentials::new("AKIDsource", SOURCE_KEY)),
                    "qcs::cam::uin/1:roleName/denied",
                )
                .endpoint(stand_in.clone()),
            )),
        );
        let err = denied.send(&describe_vpcs_example()).await.unwrap_err();
        assert!(err.to_string().contains("STS AssumeRole"), "{err}");
        record("STS refusal", error_texts(&err));
        let no_role = v3_client(
            server.config(Generation::V3).credentials_provider(Arc::new(
                CvmRoleProvider::new()
                    .role("broken")
                    .endpoint(format!("{stand_in}/latest/meta-data/")),
            )),
        );
        let err = no_role.send(&describe_vpcs_example()).await.unwrap_err();
        assert!(err.to_string().contains("CVM instance role"), "{err}");
        record("metadata failure", error_texts(&err));

        assert_eq!(errors.len(), 15);
        for (label, text) in &errors {
            assert_hidden(label, text, &forbidden);
        }

        let logs = logs.text();
        for expected in [
            " TRACE ",
            " DEBUG ",
            "tcgen_runtime::client: attempt failed",
            "tcgen_runtime::client: retrying",
            "tcgen_runtime::client: call succeeded",
            "tcgen.call",
            "tcgen.attempt",
            "credentials refreshed",
            // The HTTP stack's own tracing, and `log` records bridged into tracing.
            "hyper_util::client::legacy",
            "reqwest::connect",
        ] {
            assert!(
                logs.contains(expected),
                "no {expected:?} in the logs:\n{logs}"
            );
        }
        assert_hidden("the tracing output", &logs, &forbidden);
        eprintln!(
            "checked {} error texts and {} lines of TRACE output",
            errors.len(),
            logs.lines().count()
        );
    })
    .await;
}

/// The long-lived key an STS AssumeRole provider signs with.
const SOURCE_KEY: &str = "SOURCE-KEY-never-print-me-0c1d2e3f";
/// The pod's OIDC token.
const OIDC_TOKEN: &str = "OIDC-JWT-never-print-me.eyJzdWIiOiJwb2QifQ";

/// A fresh directory under the system's temporary directory.
fn tempfile_dir() -> std::path::PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("tcgen-secrets-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create a temporary directory");
    dir
}

/// A metadata service and an STS on 127.0.0.1 that hand out the suite's secrets as temporary
/// credentials (role `app-role`; role `broken` and role ARNs containing `denied` fail); the
/// server lives as long as the value.
async fn credentials_stand_in() -> MockServer {
    MockServer::start_with(|request: &MockRequest| {
        let credentials = serde_json::json!({
            "TmpSecretId": SECRET_ID, "TmpSecretKey": SECRET_KEY, "Token": TOKEN,
        });
        let expires = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() + 3600)
            .unwrap_or_default();
        let path = request.path();
        let body = String::from_utf8_lossy(&request.body);
        if path.ends_with("/cam/security-credentials/") {
            MockReply::raw(200, "text/plain", "app-role")
        } else if path.ends_with("/cam/security-credentials/app-role") {
            let mut answer = credentials.clone();
            answer["ExpiredTime"] = expires.into();
            answer["Code"] = "Success".into();
            MockReply::json(200, &answer)
        } else if path.ends_with("/broken") {
            MockReply::json(200, &serde_json::json!({"Code": "Failed"}))
        } else if request
            .header("x-tc-action")
            // AssumeRole and AssumeRoleWithWebIdentity (TKE OIDC) answer alike.
            .is_some_and(|action| action.starts_with("AssumeRole"))
            && !body.contains("denied")
        {
            MockReply::v3(serde_json::json!({
                "Credentials": {"Token": TOKEN, "TmpSecretId": SECRET_ID, "TmpSecretKey": SECRET_KEY},
                "ExpiredTime": expires}))
            .request_id("r-sts")
        } else {
            MockReply::v3_error("AuthFailure.UnauthorizedOperation", "denied").request_id("r-denied")
        }
    })
    .await
}
