//! Temporary credentials from STS (`sts` API version `2018-08-13`): `AssumeRole`, signed with
//! TC3, and `AssumeRoleWithWebIdentity` for TKE pods (OIDC), unsigned; both go through this
//! runtime's own client, so both get its retries, spans and transport.
//!
//! Names and endpoints as in the official SDKs: tencentcloud-sdk-go
//! `tencentcloud/common/role_arn_provider.go` (endpoint `sts.tencentcloudapi.com`, service
//! `sts`, version `2018-08-13`, region `ap-guangzhou`, action `AssumeRole` with `RoleArn`,
//! `RoleSessionName`, `DurationSeconds`; the answer's `Response.Credentials.{Token, TmpSecretId,
//! TmpSecretKey}` and `Response.ExpiredTime`) and `oidc_role_arn_provider.go` plus
//! tencentcloud-sdk-python `tencentcloud/common/credential.py` (`OIDCRoleArnCredential`,
//! `DefaultTkeOIDCRoleArnProvider`): `AssumeRoleWithWebIdentity` with `ProviderId`,
//! `WebIdentityToken`, `RoleArn`, `RoleSessionName`, `DurationSeconds`, sent unsigned
//! (`SkipSign`, which the Python SDK sends as `Authorization: SKIP`), configured from the
//! environment variables `TKE_REGION`, `TKE_PROVIDER_ID`, `TKE_WEB_IDENTITY_TOKEN_FILE` and
//! `TKE_ROLE_ARN` (older Python SDKs read `TKE_IDENTITY_TOKEN_FILE`, accepted as a fallback).

use super::provider::{CredentialsFuture, ProvideCredentials};
use super::{Credentials, CredentialsError, EnvSource};
use crate::api::{ApiGeneration, ApiInfo};
use crate::clock::from_unix_seconds;
use crate::config::Config;
use crate::credentials::CredentialsSource;
use crate::form::{FormWriter, Key};
use crate::retry::RetrySafety;
use crate::transport::HttpClient;
use crate::{Client, Request};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

/// The STS host of the official SDKs.
pub const STS_ENDPOINT: &str = "sts.tencentcloudapi.com";
/// The STS API version.
pub const STS_VERSION: &str = "2018-08-13";
/// The region the official SDKs send `AssumeRole` to.
pub const STS_DEFAULT_REGION: &str = "ap-guangzhou";
/// Environment variable naming the TKE cluster's region.
pub const ENV_TKE_REGION: &str = "TKE_REGION";
/// Environment variable naming the OIDC identity provider.
pub const ENV_TKE_PROVIDER_ID: &str = "TKE_PROVIDER_ID";
/// Environment variable naming the file holding the pod's OIDC token.
pub const ENV_TKE_WEB_IDENTITY_TOKEN_FILE: &str = "TKE_WEB_IDENTITY_TOKEN_FILE";
/// The older name of [`ENV_TKE_WEB_IDENTITY_TOKEN_FILE`], read when that one is unset.
pub const ENV_TKE_IDENTITY_TOKEN_FILE: &str = "TKE_IDENTITY_TOKEN_FILE";
/// Environment variable naming the role to assume.
pub const ENV_TKE_ROLE_ARN: &str = "TKE_ROLE_ARN";
/// The default lifetime asked for, as in the official SDKs (7200 s).
pub const DEFAULT_DURATION: Duration = Duration::from_secs(7200);

const STS_API: ApiInfo = ApiInfo {
    generation: ApiGeneration::V3 {
        version: STS_VERSION,
    },
    service: "sts",
    host: STS_ENDPOINT,
    path: "/",
};

fn session_name() -> String {
    let micros = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_micros())
        .unwrap_or_default();
    format!("tcgen-rust-sdk-{micros}")
}

#[derive(Serialize)]
struct AssumeRoleRequest<'a> {
    #[serde(rename = "RoleArn")]
    role_arn: &'a str,
    #[serde(rename = "RoleSessionName")]
    role_session_name: &'a str,
    #[serde(rename = "DurationSeconds")]
    duration_seconds: u64,
}

impl Request for AssumeRoleRequest<'_> {
    type Response = StsAnswer;
    const ACTION: &'static str = "AssumeRole";
    // Asked again, STS issues another set of temporary credentials; nothing is created twice.
    const RETRY_SAFETY: RetrySafety = RetrySafety::ReadOnly;
    fn write_form<'a>(&'a self, out: &mut FormWriter<'a>) {
        out.field(Key::ROOT, "RoleArn", &self.role_arn);
        out.field(Key::ROOT, "RoleSessionName", &self.role_session_name);
        out.field(Key::ROOT, "DurationSeconds", &self.duration_seconds);
    }
}

/// The answer of both actions; no `Debug`, it holds secrets.
#[derive(Deserialize)]
struct StsAnswer {
    #[serde(rename = "Credentials")]
    credentials: Option<StsCredentials>,
    #[serde(rename = "ExpiredTime")]
    expired_time: Option<i64>,
}

#[derive(Deserialize)]
struct StsCredentials {
    #[serde(rename = "Token")]
    token: Option<String>,
    #[serde(rename = "TmpSecretId")]
    tmp_secret_id: Option<String>,
    #[serde(rename = "TmpSecretKey")]
    tmp_secret_key: Option<String>,
}

impl StsAnswer {
    fn into_credentials(
        self,
        provider: &'static str,
        action: &str,
    ) -> Result<Credentials, CredentialsError> {
        let missing = |name: &'static str| CredentialsError::Incomplete {
            origin: format!("the {action} answer ({provider})"),
            missing: name,
        };
        let credentials = self.credentials.ok_or_else(|| missing("Credentials"))?;
        let id = credentials
            .tmp_secret_id
            .filter(|v| !v.is_empty())
            .ok_or_else(|| missing("Credentials.TmpSecretId"))?;
        let key = credentials
            .tmp_secret_key
            .filter(|v| !v.is_empty())
            .ok_or_else(|| missing("Credentials.TmpSecretKey"))?;
        let token = credentials
            .token
            .filter(|v| !v.is_empty())
            .ok_or_else(|| missing("Credentials.Token"))?;
        let expired = self.expired_time.ok_or_else(|| missing("ExpiredTime"))?;
        let credentials = Credentials::new(id, key)
            .with_token(token)
            .with_expiry(from_unix_seconds(expired));
        credentials.validate()?;
        Ok(credentials)
    }
}

fn duration_seconds(provider: &'static str, duration: Duration) -> Result<u64, CredentialsError> {
    // The official SDKs accept (0, 43200] seconds.
    let seconds = duration.as_secs();
    if seconds == 0 || seconds > 43_200 {
        return Err(CredentialsError::Provider {
            provider,
            message: format!("the duration must be between 1 and 43200 seconds, not {seconds}"),
        });
    }
    Ok(seconds)
}

/// Assumes a CAM role with `sts:AssumeRole`, signing with the credentials of `source`.
///
/// Not part of the default chain (it needs a role and long-lived credentials); give it to
/// [`ConfigBuilder::credentials_provider`](crate::ConfigBuilder::credentials_provider).
pub struct AssumeRoleProvider {
    source: Arc<dyn ProvideCredentials>,
    role_arn: String,
    session_name: String,
    duration: Duration,
    region: String,
    endpoint: Option<String>,
    http: Option<Arc<dyn HttpClient>>,
    client: OnceLock<Client>,
}

impl fmt::Debug for AssumeRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRoleProvider")
            .field("source", &self.source)
            .field("role_arn", &self.role_arn)
            .field("session_name", &self.session_name)
            .field("duration", &self.duration)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl AssumeRoleProvider {
    /// Assumes `role_arn` (`qcs::cam::uin/<uin>:roleName/<name>`) with the credentials of
    /// `source`, for [`DEFAULT_DURATION`], through the official STS endpoint and region.
    pub fn new(source: Arc<dyn ProvideCredentials>, role_arn: impl Into<String>) -> Self {
        AssumeRoleProvider {
            source,
            role_arn: role_arn.into(),
            session_name: session_name(),
            duration: DEFAULT_DURATION,
            region: STS_DEFAULT_REGION.to_owned(),
            endpoint: None,
            http: None,
            client: OnceLock::new(),
        }
    }

    /// Sets the `RoleSessionName`.
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = name.into();
        self
    }

    /// Sets the lifetime asked for (1 s to 12 h).
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = duration;
        self
    }

    /// Sets the region the request is sent to.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    /// Overrides the STS endpoint (as [`Config::endpoint`]).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Sends through `http` (default: a transport of its own).
    pub fn http_client(mut self, http: Arc<dyn HttpClient>) -> Self {
        self.http = Some(http);
        self
    }

    fn client(&self) -> Result<&Client, CredentialsError> {
        if let Some(client) = self.client.get() {
            return Ok(client);
        }
        let config = Config {
            region: Some(self.region.clone()),
            endpoint: self.endpoint.clone(),
            credentials: CredentialsSource::Provider(self.source.clone()),
            http_client: self.http.clone(),
            ..Config::default()
        };
        let client = Client::new(config).map_err(|err| CredentialsError::Provider {
            provider: "STS AssumeRole",
            message: err.to_string(),
        })?;
        Ok(self.client.get_or_init(|| client))
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        const PROVIDER: &str = "STS AssumeRole";
        let request = AssumeRoleRequest {
            role_arn: &self.role_arn,
            role_session_name: &self.session_name,
            duration_seconds: duration_seconds(PROVIDER, self.duration)?,
        };
        let answer: StsAnswer = self
            .client()?
            .call::<String, _>(&STS_API, &request)
            .await
            .map_err(|err| CredentialsError::Provider {
                provider: PROVIDER,
                message: format!("AssumeRole of `{}` failed: {err}", self.role_arn),
            })?;
        answer.into_credentials(PROVIDER, "AssumeRole")
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

/// The role of a TKE pod, through OIDC (`sts:AssumeRoleWithWebIdentity`), configured by the
/// `TKE_*` environment variables that TKE sets in pods with a bound service account. The
/// variables and the token file are read again at every refresh, since the token rotates.
#[derive(Debug, Clone)]
pub struct TkeOidcProvider {
    env: EnvSource,
    endpoint: Option<String>,
    duration: Duration,
    timeout: Duration,
    http: Arc<OnceLock<Arc<dyn HttpClient>>>,
    /// The STS client, made at the first refresh (its transport is known by then).
    client: Arc<OnceLock<Client>>,
}

impl Default for TkeOidcProvider {
    fn default() -> Self {
        TkeOidcProvider {
            env: EnvSource::Process,
            endpoint: None,
            duration: DEFAULT_DURATION,
            timeout: Duration::from_secs(10),
            http: Arc::new(OnceLock::new()),
            client: Arc::new(OnceLock::new()),
        }
    }
}

#[derive(Serialize)]
struct WebIdentityRequest<'a> {
    #[serde(rename = "ProviderId")]
    provider_id: &'a str,
    #[serde(rename = "WebIdentityToken")]
    web_identity_token: &'a str,
    #[serde(rename = "RoleArn")]
    role_arn: &'a str,
    #[serde(rename = "RoleSessionName")]
    role_session_name: &'a str,
    #[serde(rename = "DurationSeconds")]
    duration_seconds: u64,
}

impl Request for WebIdentityRequest<'_> {
    type Response = StsAnswer;
    const ACTION: &'static str = "AssumeRoleWithWebIdentity";
    // The OIDC token is the proof: the official SDKs send it unsigned (`Authorization: SKIP`).
    const SIGNED: bool = false;
    const RETRY_SAFETY: RetrySafety = RetrySafety::ReadOnly;
    fn write_form<'a>(&'a self, out: &mut FormWriter<'a>) {
        out.field(Key::ROOT, "ProviderId", &self.provider_id);
        out.field(Key::ROOT, "WebIdentityToken", &self.web_identity_token);
        out.field(Key::ROOT, "RoleArn", &self.role_arn);
        out.field(Key::ROOT, "RoleSessionName", &self.role_session_name);
        out.field(Key::ROOT, "DurationSeconds", &self.duration_seconds);
    }
}

impl TkeOidcProvider {
    /// Reads the `TKE_*` variables from the process environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the variables from `env` instead.
    pub fn env(mut self, env: EnvSource) -> Self {
        self.env = env;
        self
    }

    /// Overrides the STS endpoint (as [`Config::endpoint`]).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Sets the lifetime asked for (1 s to 12 h).
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = duration;
        self
    }

    /// Sends through `http` (default: a transport of its own).
    pub fn http_client(self, http: Arc<dyn HttpClient>) -> Self {
        let _ = self.http.set(http);
        self
    }

    pub(crate) fn http_if_unset(&self, http: &Arc<dyn HttpClient>) {
        let _ = self.http.set(http.clone());
    }

    fn client(&self) -> Result<&Client, CredentialsError> {
        if let Some(client) = self.client.get() {
            return Ok(client);
        }
        let config = Config {
            endpoint: self.endpoint.clone(),
            timeout: self.timeout,
            // Never asked for: the request is unsigned.
            credentials: CredentialsSource::Explicit(Credentials::new("", "")),
            http_client: self.http.get().cloned(),
            ..Config::default()
        };
        let client = Client::new(config).map_err(|err| CredentialsError::Provider {
            provider: "TKE OIDC role",
            message: err.to_string(),
        })?;
        Ok(self.client.get_or_init(|| client))
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        const PROVIDER: &str = "TKE OIDC role";
        let get = |name: &str| self.env.get(name).filter(|value| !value.is_empty());
        let token_file =
            get(ENV_TKE_WEB_IDENTITY_TOKEN_FILE).or_else(|| get(ENV_TKE_IDENTITY_TOKEN_FILE));
        let vars = [
            (ENV_TKE_REGION, get(ENV_TKE_REGION)),
            (ENV_TKE_PROVIDER_ID, get(ENV_TKE_PROVIDER_ID)),
            (ENV_TKE_WEB_IDENTITY_TOKEN_FILE, token_file),
            (ENV_TKE_ROLE_ARN, get(ENV_TKE_ROLE_ARN)),
        ];
        if vars.iter().all(|(_, value)| value.is_none()) {
            return Err(CredentialsError::NotConfigured {
                provider: PROVIDER,
                missing: format!("${ENV_TKE_ROLE_ARN} and the other TKE_* variables"),
            });
        }
        if let Some((name, _)) = vars.iter().find(|(_, value)| value.is_none()) {
            return Err(CredentialsError::Incomplete {
                origin: format!("the environment ({PROVIDER})"),
                missing: name,
            });
        }
        let [region, provider_id, token_file, role_arn] =
            vars.map(|(_, value)| value.unwrap_or_default());
        let token = std::fs::read_to_string(&token_file).map_err(|err| CredentialsError::Io {
            path: token_file.clone().into(),
            message: format!(
                "{err} (the OIDC token file named by ${ENV_TKE_WEB_IDENTITY_TOKEN_FILE})"
            ),
        })?;
        let token = token.trim();
        if token.is_empty() {
            return Err(CredentialsError::Provider {
                provider: PROVIDER,
                message: format!("the OIDC token file {token_file} is empty"),
            });
        }
        let session = session_name();
        let request = WebIdentityRequest {
            provider_id: &provider_id,
            web_identity_token: token,
            role_arn: &role_arn,
            role_session_name: &session,
            duration_seconds: duration_seconds(PROVIDER, self.duration)?,
        };
        // Through the one client: retries, spans, the shared transport; the region is read
        // from the environment at every refresh.
        let answer: StsAnswer = self
            .client()?
            .with_region(region)
            .call::<String, _>(&STS_API, &request)
            .await
            .map_err(|err| CredentialsError::Provider {
                provider: PROVIDER,
                message: format!("AssumeRoleWithWebIdentity of `{role_arn}` failed: {err}"),
            })?;
        answer.into_credentials(PROVIDER, "AssumeRoleWithWebIdentity")
    }
}

impl ProvideCredentials for TkeOidcProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}
