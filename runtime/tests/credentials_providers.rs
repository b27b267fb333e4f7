//! Every credentials provider against local stand-ins (a metadata service and an STS on
//! 127.0.0.1, reached through endpoint overrides), the refreshing cache with a controllable
//! clock, and errors that name the provider and what was missing.

mod support;

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::*;
use tcgen_runtime::clock::{from_unix_seconds, unix_seconds, Clock, ManualClock};
use tcgen_runtime::credentials::{
    AssumeRoleProvider, CredentialsCache, CredentialsChain, CredentialsError, CredentialsFuture,
    CvmRoleProvider, EnvProvider, EnvSource, ProfileProvider, ProvideCredentials, TkeOidcProvider,
    ENV_CREDENTIALS_FILE, ENV_TKE_PROVIDER_ID, ENV_TKE_REGION, ENV_TKE_ROLE_ARN,
    ENV_TKE_WEB_IDENTITY_TOKEN_FILE,
};
use tcgen_runtime::{Client, Credentials, Error};

const TMP_ID: &str = "AKIDtmpEXAMPLEtmpEXAMPLEtmpEXAMPLE";
const TMP_KEY: &str = "tmpKeyEXAMPLEtmpKeyEXAMPLE";
const TMP_TOKEN: &str = "tmpTokenEXAMPLE-0123456789abcdef";

fn env(pairs: &[(&str, &str)]) -> EnvSource {
    EnvSource::Fixed(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
    )
}

/// A metadata service stand-in: the role name at `.../cam/security-credentials/`, credentials
/// numbered by fetch (`TMP_ID-1`, ...) expiring `lifetime` after `clock`'s now.
struct Metadata {
    server: FnServer,
    fetches: Arc<AtomicUsize>,
}

async fn metadata(
    role: Option<&'static str>,
    clock: ManualClock,
    lifetime: Duration,
    answer: fn(usize, i64) -> Answer,
) -> Metadata {
    let fetches = Arc::new(AtomicUsize::new(0));
    let counted = fetches.clone();
    let server = FnServer::start(move |request| {
        let fetches = counted.clone();
        let clock = clock.clone();
        async move {
            let path = request.path().to_owned();
            if path == "/latest/meta-data/cam/security-credentials/" {
                return match role {
                    Some(role) => Answer::text(200, role),
                    None => Answer::text(404, "Not Found"),
                };
            }
            if Some(path.trim_start_matches("/latest/meta-data/cam/security-credentials/")) == role
            {
                let n = fetches.fetch_add(1, Ordering::SeqCst) + 1;
                let expires = unix_seconds(clock.now()) + lifetime.as_secs() as i64;
                return answer(n, expires);
            }
            Answer::text(404, "Not Found")
        }
    })
    .await;
    Metadata { server, fetches }
}

fn role_credentials(n: usize, expires: i64) -> Answer {
    Answer::json(
        200,
        json!({
            "TmpSecretId": format!("{TMP_ID}-{n}"),
            "TmpSecretKey": TMP_KEY,
            "Token": TMP_TOKEN,
            "ExpiredTime": expires,
            "Expiration": "2030-01-01T00:00:00Z",
            "Code": "Success"
        })
        .to_string(),
    )
}

fn cvm(server: &FnServer) -> CvmRoleProvider {
    CvmRoleProvider::new().endpoint(format!("{}/latest/meta-data/", server.endpoint()))
}

fn start_clock() -> ManualClock {
    ManualClock::new(from_unix_seconds(1_764_547_200))
}

// ------------------------------------------------------------------ CVM role

#[tokio::test]
async fn cvm_role_fetches_the_role_then_its_credentials() {
    let clock = start_clock();
    let md = metadata(
        Some("app-role"),
        clock.clone(),
        Duration::from_secs(3600),
        role_credentials,
    )
    .await;
    let credentials = cvm(&md.server).provide_credentials().await.unwrap();
    assert_eq!(credentials.secret_id(), format!("{TMP_ID}-1"));
    assert_eq!(credentials.secret_key().expose_secret(), TMP_KEY);
    assert_eq!(credentials.token().unwrap().expose_secret(), TMP_TOKEN);
    assert_eq!(
        credentials.expiry(),
        Some(clock.now() + Duration::from_secs(3600))
    );
    let paths: Vec<String> = md
        .server
        .requests()
        .iter()
        .map(|r| r.target.clone())
        .collect();
    assert_eq!(
        paths,
        [
            "/latest/meta-data/cam/security-credentials/",
            "/latest/meta-data/cam/security-credentials/app-role"
        ]
    );
    // A configured role skips the lookup.
    let _ = cvm(&md.server)
        .role("app-role")
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(md.server.requests().len(), 3);
}

#[tokio::test]
async fn cvm_role_errors_name_the_provider_and_what_is_missing() {
    let clock = start_clock();
    let no_role = metadata(
        None,
        clock.clone(),
        Duration::from_secs(60),
        role_credentials,
    )
    .await;
    let err = cvm(&no_role.server)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            CredentialsError::NotConfigured {
                provider: "CVM instance role",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("a role bound to this instance"),
        "{err}"
    );

    let failing = metadata(Some("r"), clock.clone(), Duration::from_secs(60), |_, _| {
        Answer::json(200, r#"{"Code": "InternalError"}"#)
    })
    .await;
    let err = cvm(&failing.server)
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "CVM instance role: the metadata service answered Code `InternalError` for role `r`"
    );

    let partial = metadata(Some("r"), clock.clone(), Duration::from_secs(60), |_, expires| {
        Answer::json(
            200,
            json!({"TmpSecretId": TMP_ID, "Token": TMP_TOKEN, "ExpiredTime": expires, "Code": "Success"})
                .to_string(),
        )
    })
    .await;
    let err = cvm(&partial.server)
        .provide_credentials()
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("CVM instance role") && err.contains("`TmpSecretKey` is missing"),
        "{err}"
    );

    let garbage = metadata(Some("r"), clock, Duration::from_secs(60), |_, _| {
        Answer::text(200, "<html>")
    })
    .await;
    let err = cvm(&garbage.server)
        .provide_credentials()
        .await
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("CVM instance role: the answer of"), "{err}");

    // Nothing listening: not configured (a chain moves on), naming the endpoint.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let err = CvmRoleProvider::new()
        .endpoint(format!("http://127.0.0.1:{port}/latest/meta-data/"))
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        matches!(err, CredentialsError::NotConfigured { .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains(&format!("127.0.0.1:{port}")),
        "{err}"
    );
}

#[tokio::test]
async fn cvm_role_credentials_are_refreshed_before_they_expire() {
    let clock = start_clock();
    let md = metadata(
        Some("r"),
        clock.clone(),
        Duration::from_secs(3600),
        role_credentials,
    )
    .await;
    let cache = CredentialsCache::new(Arc::new(cvm(&md.server)))
        .with_clock(Arc::new(clock.clone()))
        .refresh_before(Duration::from_secs(300));
    assert_eq!(
        cache.credentials().await.unwrap().secret_id(),
        format!("{TMP_ID}-1")
    );
    clock.advance(Duration::from_secs(3000));
    assert_eq!(
        cache.credentials().await.unwrap().secret_id(),
        format!("{TMP_ID}-1")
    );
    assert_eq!(md.fetches.load(Ordering::SeqCst), 1, "still 600 s left");
    clock.advance(Duration::from_secs(301));
    assert_eq!(
        cache.credentials().await.unwrap().secret_id(),
        format!("{TMP_ID}-2")
    );
    assert_eq!(md.fetches.load(Ordering::SeqCst), 2);
}

// ------------------------------------------------------------------ the cache

/// A provider whose answers the test scripts: credentials expiring `lifetime` after the
/// clock's now, or a failure; it waits `delay` and counts its calls.
#[derive(Debug)]
struct Scripted {
    clock: ManualClock,
    lifetime: Duration,
    delay: Duration,
    fail: Mutex<bool>,
    calls: AtomicUsize,
}

impl Scripted {
    fn new(clock: &ManualClock, lifetime: Duration, delay: Duration) -> Arc<Scripted> {
        Arc::new(Scripted {
            clock: clock.clone(),
            lifetime,
            delay,
            fail: Mutex::new(false),
            calls: AtomicUsize::new(0),
        })
    }
    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
    fn set_failing(&self, failing: bool) {
        *self.fail.lock().unwrap() = failing;
    }
}

impl ProvideCredentials for Scripted {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            tokio::time::sleep(self.delay).await;
            if *self.fail.lock().unwrap() {
                return Err(CredentialsError::Provider {
                    provider: "scripted",
                    message: format!("refresh {n} failed"),
                });
            }
            Ok(Credentials::new(format!("id-{n}"), "key")
                .with_token("token")
                .with_expiry(self.clock.now() + self.lifetime))
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_callers_wait_for_one_refresh() {
    let clock = start_clock();
    let provider = Scripted::new(
        &clock,
        Duration::from_secs(3600),
        Duration::from_millis(100),
    );
    let cache =
        Arc::new(CredentialsCache::new(provider.clone()).with_clock(Arc::new(clock.clone())));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..32 {
        let cache = cache.clone();
        tasks.spawn(async move { cache.credentials().await.unwrap().secret_id().to_owned() });
    }
    while let Some(id) = tasks.join_next().await {
        assert_eq!(id.unwrap(), "id-1");
    }
    assert_eq!(provider.calls(), 1, "one fetch for 32 callers");

    // Due for a refresh: again one fetch for everyone.
    clock.advance(Duration::from_secs(3600 - 100));
    for _ in 0..32 {
        let cache = cache.clone();
        tasks.spawn(async move { cache.credentials().await.unwrap().secret_id().to_owned() });
    }
    while let Some(id) = tasks.join_next().await {
        assert_eq!(id.unwrap(), "id-2");
    }
    assert_eq!(provider.calls(), 2);
}

#[tokio::test]
async fn a_failed_refresh_serves_valid_credentials_until_they_expire() {
    let clock = start_clock();
    let provider = Scripted::new(&clock, Duration::from_secs(600), Duration::ZERO);
    let cache = CredentialsCache::new(provider.clone())
        .with_clock(Arc::new(clock.clone()))
        .refresh_before(Duration::from_secs(300))
        .retry_after_failure(Duration::from_secs(10));
    assert_eq!(cache.credentials().await.unwrap().secret_id(), "id-1");

    provider.set_failing(true);
    clock.advance(Duration::from_secs(400)); // 200 s left: due
    assert_eq!(cache.credentials().await.unwrap().secret_id(), "id-1");
    assert_eq!(provider.calls(), 2, "the refresh was tried");
    // Within the retry pause, no new attempt.
    clock.advance(Duration::from_secs(5));
    assert_eq!(cache.credentials().await.unwrap().secret_id(), "id-1");
    assert_eq!(provider.calls(), 2);
    clock.advance(Duration::from_secs(10));
    assert_eq!(cache.credentials().await.unwrap().secret_id(), "id-1");
    assert_eq!(provider.calls(), 3);

    // Expired: the failure is reported, naming the provider.
    clock.advance(Duration::from_secs(200));
    let err = cache.credentials().await.unwrap_err().to_string();
    assert!(err.starts_with("scripted: refresh"), "{err}");

    // Recovery.
    provider.set_failing(false);
    let fresh = cache.credentials().await.unwrap();
    assert!(fresh.expiry().unwrap() > clock.now());
}

#[tokio::test]
async fn long_lived_credentials_are_fetched_once() {
    let counting = Arc::new(AtomicUsize::new(0));
    #[derive(Debug)]
    struct Once(Arc<AtomicUsize>);
    impl ProvideCredentials for Once {
        fn provide_credentials(&self) -> CredentialsFuture<'_> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Box::pin(async { Ok(Credentials::new("id", "key")) })
        }
    }
    let cache = CredentialsCache::new(Arc::new(Once(counting.clone())));
    for _ in 0..5 {
        cache.credentials().await.unwrap();
    }
    assert_eq!(counting.load(Ordering::SeqCst), 1);
}

// ------------------------------------------------------------------ environment and profile

#[tokio::test]
async fn env_and_profile_providers() {
    let found = EnvProvider {
        env: env(&[
            ("TENCENTCLOUD_SECRET_ID", "id"),
            ("TENCENTCLOUD_SECRET_KEY", "key"),
        ]),
    }
    .provide_credentials()
    .await
    .unwrap();
    assert_eq!(found, Credentials::new("id", "key"));
    let err = EnvProvider { env: env(&[]) }
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "environment: not configured (missing $TENCENTCLOUD_SECRET_ID/$TENCENTCLOUD_SECRET_KEY)"
    );

    let dir = tempfile::tempdir().unwrap();
    let named = dir.path().join("elsewhere.ini");
    std::fs::write(&named, "[default]\nsecret_id = f-id\nsecret_key = f-key\n").unwrap();
    let profile = ProfileProvider {
        env: env(&[(ENV_CREDENTIALS_FILE, named.to_str().unwrap())]),
        files: vec![dir.path().join("missing")],
        profile: "default".into(),
    };
    assert_eq!(
        profile.provide_credentials().await.unwrap().secret_id(),
        "f-id"
    );
    let missing = ProfileProvider {
        env: env(&[(
            ENV_CREDENTIALS_FILE,
            dir.path().join("nope").to_str().unwrap(),
        )]),
        ..profile.clone()
    };
    let err = missing.provide_credentials().await.unwrap_err().to_string();
    assert!(
        err.contains("TENCENTCLOUD_CREDENTIALS_FILE") && err.contains("nope"),
        "{err}"
    );
    let none = ProfileProvider {
        env: env(&[]),
        ..profile
    };
    let err = none.provide_credentials().await.unwrap_err();
    assert!(
        matches!(
            err,
            CredentialsError::NotConfigured {
                provider: "profile file",
                ..
            }
        ),
        "{err:?}"
    );
}

// ------------------------------------------------------------------ TKE OIDC

async fn sts_stand_in(expected_action: &'static str) -> FnServer {
    FnServer::start(move |request| async move {
        let action = request.headers.get("x-tc-action").cloned().unwrap_or_default();
        if action != expected_action {
            return Answer::json(
                200,
                json!({"Response": {"Error": {"Code": "InvalidAction", "Message": action}, "RequestId": "r"}}).to_string(),
            );
        }
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        if body["RoleArn"] == "qcs::cam::uin/1:roleName/denied" {
            return Answer::json(
                200,
                json!({"Response": {"Error": {"Code": "AuthFailure.UnauthorizedOperation", "Message": "denied"}, "RequestId": "r-denied"}}).to_string(),
            );
        }
        Answer::json(
            200,
            json!({"Response": {
                "Credentials": {"Token": TMP_TOKEN, "TmpSecretId": TMP_ID, "TmpSecretKey": TMP_KEY},
                "ExpiredTime": 2_000_000_000,
                "Expiration": "2033-05-18T03:33:20Z",
                "RequestId": "r-sts"
            }})
            .to_string(),
        )
    })
    .await
}

/// The `TKE_*` variables of a pod whose OIDC token is in `token_file`.
fn pod_vars(token_file: &str) -> [(&'static str, &str); 4] {
    [
        (ENV_TKE_REGION, "ap-shanghai"),
        (ENV_TKE_PROVIDER_ID, "provider-1"),
        (ENV_TKE_WEB_IDENTITY_TOKEN_FILE, token_file),
        (ENV_TKE_ROLE_ARN, "qcs::cam::uin/1:roleName/pod"),
    ]
}

#[tokio::test]
async fn tke_oidc_goes_through_the_client_and_is_retried_after_a_bad_gateway() {
    let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = calls.clone();
    let sts = FnServer::start(move |_| {
        let call = counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        async move {
            if call == 0 {
                return Answer::text(502, "<html>502 Bad Gateway</html>");
            }
            Answer::json(
                200,
                json!({"Response": {
                    "Credentials": {"Token": TMP_TOKEN, "TmpSecretId": TMP_ID, "TmpSecretKey": TMP_KEY},
                    "ExpiredTime": 2_000_000_000, "RequestId": "r-sts"}})
                .to_string(),
            )
        }
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "oidc-jwt-EXAMPLE").unwrap();
    let vars = pod_vars(token_file.to_str().unwrap());
    let credentials = TkeOidcProvider::new()
        .env(env(&vars))
        .endpoint(sts.endpoint())
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(credentials.secret_id(), TMP_ID);
    let sent = sts.requests();
    assert_eq!(sent.len(), 2, "the 502 and the retry");
    assert!(sent.iter().all(|r| r.header("authorization") == "SKIP"));
    // The client's common headers, as every call of the runtime sends them.
    assert!(sent[1].headers.contains_key("x-tc-requestclient"));
}

#[tokio::test]
async fn tke_oidc_assumes_the_role_with_the_pod_token_unsigned() {
    let sts = sts_stand_in("AssumeRoleWithWebIdentity").await;
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "oidc-jwt-EXAMPLE\n").unwrap();
    let vars = pod_vars(token_file.to_str().unwrap());
    let provider = TkeOidcProvider::new()
        .env(env(&vars))
        .endpoint(sts.endpoint());
    let credentials = provider.provide_credentials().await.unwrap();
    assert_eq!(credentials.secret_id(), TMP_ID);
    assert_eq!(credentials.token().unwrap().expose_secret(), TMP_TOKEN);
    assert_eq!(credentials.expiry(), Some(from_unix_seconds(2_000_000_000)));

    let sent = &sts.requests()[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.header("authorization"), "SKIP");
    assert_eq!(sent.header("x-tc-version"), "2018-08-13");
    assert_eq!(sent.header("x-tc-region"), "ap-shanghai");
    let body: Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(body["ProviderId"], "provider-1");
    assert_eq!(body["WebIdentityToken"], "oidc-jwt-EXAMPLE");
    assert_eq!(body["RoleArn"], "qcs::cam::uin/1:roleName/pod");
    assert_eq!(body["DurationSeconds"], 7200);
    assert!(body["RoleSessionName"]
        .as_str()
        .unwrap()
        .starts_with("tcgen-rust-sdk-"));

    // Errors name the provider and the missing variable or file.
    let err = TkeOidcProvider::new()
        .env(env(&vars[..3]))
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the environment (TKE OIDC role) sets only part of the credentials: `TKE_ROLE_ARN` is missing"
    );
    let err = TkeOidcProvider::new()
        .env(env(&[]))
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            CredentialsError::NotConfigured {
                provider: "TKE OIDC role",
                ..
            }
        ),
        "{err:?}"
    );
    let mut gone = vars;
    gone[2].1 = "/nonexistent/tcgen-token";
    let err = TkeOidcProvider::new()
        .env(env(&gone))
        .endpoint(sts.endpoint())
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("/nonexistent/tcgen-token"),
        "{err}"
    );
    let mut denied = vars;
    denied[3].1 = "qcs::cam::uin/1:roleName/denied";
    let err = TkeOidcProvider::new()
        .env(env(&denied))
        .endpoint(sts.endpoint())
        .provide_credentials()
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("TKE OIDC role: AssumeRoleWithWebIdentity"),
        "{err}"
    );
    assert!(err.contains("AuthFailure.UnauthorizedOperation"), "{err}");
}

// ------------------------------------------------------------------ STS AssumeRole

#[tokio::test]
async fn assume_role_is_signed_with_tc3_and_its_credentials_sign_later_calls() {
    let sts = sts_stand_in("AssumeRole").await;
    let source = Arc::new(Credentials::new(SECRET_ID, SECRET_KEY));
    let provider = AssumeRoleProvider::new(source.clone(), "qcs::cam::uin/1:roleName/app")
        .session_name("session-1")
        .duration(Duration::from_secs(1800))
        .endpoint(sts.endpoint());
    let service = FnServer::start(|_| async {
        Answer::json(
            200,
            r#"{"Response": {"TotalCount": 0, "RequestId": "r-call"}}"#,
        )
    })
    .await;
    let client = Client::builder()
        .endpoint(service.endpoint())
        .region("ap-guangzhou")
        .use_env_proxy(false)
        .credentials_provider(Arc::new(provider))
        .build_client()
        .unwrap();
    for _ in 0..3 {
        let _: DescribeVpcsResponse = client
            .call::<String, _>(&V3, &describe_vpcs())
            .await
            .unwrap();
    }
    let assumed = sts.requests();
    assert_eq!(assumed.len(), 1, "the STS credentials are cached");
    let request = &assumed[0];
    assert!(
        tc3_signature_verifies(request, "sts", SECRET_ID, SECRET_KEY),
        "{:?}",
        request.headers
    );
    assert_eq!(request.header("x-tc-action"), "AssumeRole");
    assert_eq!(request.header("x-tc-region"), "ap-guangzhou");
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        body,
        json!({"RoleArn": "qcs::cam::uin/1:roleName/app", "RoleSessionName": "session-1", "DurationSeconds": 1800})
    );
    for call in service.requests() {
        assert_eq!(call.header("x-tc-token"), TMP_TOKEN);
        assert!(tc3_signature_verifies(&call, "vpc", TMP_ID, TMP_KEY));
    }

    // A refused AssumeRole fails the call with a credentials error naming the provider.
    let denied =
        AssumeRoleProvider::new(source, "qcs::cam::uin/1:roleName/denied").endpoint(sts.endpoint());
    let client = Client::builder()
        .endpoint(service.endpoint())
        .use_env_proxy(false)
        .credentials_provider(Arc::new(denied))
        .build_client()
        .unwrap();
    let err = client
        .call::<String, _>(&V3, &describe_vpcs())
        .await
        .unwrap_err();
    let Error::Credentials { message } = &err else {
        panic!("{err:?}");
    };
    assert!(
        message
            .starts_with("STS AssumeRole: AssumeRole of `qcs::cam::uin/1:roleName/denied` failed"),
        "{message}"
    );
    assert!(
        message.contains("AuthFailure.UnauthorizedOperation"),
        "{message}"
    );
    assert_eq!(
        service.requests().len(),
        3,
        "nothing sent without credentials"
    );
}

#[tokio::test]
async fn assume_role_rejects_a_duration_the_service_would() {
    let provider = AssumeRoleProvider::new(Arc::new(Credentials::new("id", "key")), "arn")
        .duration(Duration::from_secs(43_201))
        .endpoint("http://127.0.0.1:9");
    let err = provider.provide_credentials().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "STS AssumeRole: the duration must be between 1 and 43200 seconds, not 43201"
    );
}

// ------------------------------------------------------------------ the default chain

#[tokio::test]
async fn the_chain_falls_through_to_the_cvm_role_and_says_where_it_looked() {
    let clock = start_clock();
    let md = metadata(
        Some("r"),
        clock.clone(),
        Duration::from_secs(3600),
        role_credentials,
    )
    .await;
    let home = tempfile::tempdir().unwrap();
    let mut chain = CredentialsChain::with_home(Some(home.path()));
    chain.env = env(&[]);
    chain.profile_files.truncate(1);
    chain.cvm_role = Some(cvm(&md.server));
    chain.tke_oidc = Some(TkeOidcProvider::new().env(env(&[])));
    let found = chain.provide_credentials().await.unwrap();
    assert_eq!(found.secret_id(), format!("{TMP_ID}-1"));

    // The environment comes first.
    chain.env = env(&[
        ("TENCENTCLOUD_SECRET_ID", "env-id"),
        ("TENCENTCLOUD_SECRET_KEY", "env-key"),
    ]);
    assert_eq!(
        chain.provide_credentials().await.unwrap().secret_id(),
        "env-id"
    );

    let no_role = metadata(None, clock, Duration::from_secs(60), role_credentials).await;
    chain.env = env(&[]);
    chain.cvm_role = Some(cvm(&no_role.server));
    let err = chain.provide_credentials().await.unwrap_err().to_string();
    for place in [
        "$TENCENTCLOUD_SECRET_ID",
        ".tencentcloud",
        "CVM instance role",
        "TKE OIDC role",
    ] {
        assert!(err.contains(place), "{place} in {err}");
    }

    // A client using the chain signs with the role's temporary credentials.
    let service =
        FnServer::start(|_| async { Answer::json(200, r#"{"Response": {"RequestId": "r"}}"#) })
            .await;
    chain.cvm_role = Some(cvm(&md.server));
    let client = Client::builder()
        .endpoint(service.endpoint())
        .use_env_proxy(false)
        .credentials_chain(chain)
        .build_client()
        .unwrap();
    let _: DescribeVpcsResponse = client
        .call::<String, _>(&V3, &describe_vpcs())
        .await
        .unwrap();
    let sent = &service.requests()[0];
    assert_eq!(sent.header("x-tc-token"), TMP_TOKEN);
    assert!(tc3_signature_verifies(
        sent,
        "vpc",
        &format!("{TMP_ID}-2"),
        TMP_KEY
    ));
}

#[tokio::test]
async fn providers_never_show_secrets_in_debug() {
    let sts = sts_stand_in("AssumeRole").await;
    let provider = AssumeRoleProvider::new(
        Arc::new(Credentials::new(SECRET_ID, SECRET_KEY).with_token(TOKEN)),
        "arn",
    )
    .endpoint(sts.endpoint());
    let cache = CredentialsCache::new(Arc::new(provider));
    let fetched = cache.credentials().await.unwrap();
    let shown = format!("{cache:?} {cache:#?} {fetched:?}");
    for secret in [SECRET_KEY, TOKEN, TMP_KEY, TMP_TOKEN] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains(TMP_ID), "{shown}");
}

#[tokio::test]
async fn sts_credentials_are_refreshed_before_their_expired_time() {
    // The stand-in's credentials expire at 2_000_000_000; the clock starts an hour earlier.
    let clock = ManualClock::new(from_unix_seconds(2_000_000_000 - 3600));
    let assume = sts_stand_in("AssumeRole").await;
    let web = sts_stand_in("AssumeRoleWithWebIdentity").await;
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "jwt").unwrap();
    let tke_env = env(&[
        (ENV_TKE_REGION, "ap-guangzhou"),
        (ENV_TKE_PROVIDER_ID, "p"),
        (
            ENV_TKE_WEB_IDENTITY_TOKEN_FILE,
            token_file.to_str().unwrap(),
        ),
        (ENV_TKE_ROLE_ARN, "arn"),
    ]);
    let providers: [(Arc<dyn ProvideCredentials>, &FnServer); 2] = [
        (
            Arc::new(
                AssumeRoleProvider::new(Arc::new(Credentials::new(SECRET_ID, SECRET_KEY)), "arn")
                    .endpoint(assume.endpoint()),
            ),
            &assume,
        ),
        (
            Arc::new(TkeOidcProvider::new().env(tke_env).endpoint(web.endpoint())),
            &web,
        ),
    ];
    for (provider, server) in providers {
        let cache = CredentialsCache::new(provider).with_clock(Arc::new(clock.clone()));
        cache.credentials().await.unwrap();
        cache.credentials().await.unwrap();
        assert_eq!(server.requests().len(), 1);
        clock.advance(Duration::from_secs(3400)); // 200 s left: within the 300 s margin
        cache.credentials().await.unwrap();
        assert_eq!(server.requests().len(), 2, "refreshed before expiry");
        clock.set(from_unix_seconds(2_000_000_000 - 3600));
    }
}
