//! Temporary credentials of the role bound to a CVM instance, from the instance metadata
//! service.
//!
//! Endpoint and protocol as in the official SDKs: tencentcloud-sdk-go
//! `tencentcloud/common/cvm_role_provider.go` (`MetaUrl`, `RoleUrl`) and tencentcloud-sdk-python
//! `tencentcloud/common/credential.py` (`CVMRoleCredential`): `GET
//! http://metadata.tencentyun.com/latest/meta-data/cam/security-credentials/` answers the role
//! name (404 when none is bound), and `GET .../cam/security-credentials/<role>` answers JSON with
//! `TmpSecretId`, `TmpSecretKey`, `Token`, `ExpiredTime` (Unix seconds) and `Code` (`Success`).

use super::provider::{CredentialsFuture, ProvideCredentials};
use super::{Credentials, CredentialsError};
use crate::clock::from_unix_seconds;
use crate::method::HttpMethod;
use crate::transport::{HttpClient, HttpRequest, ReqwestClient, TransportErrorKind};
use serde::Deserialize;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// The instance metadata service's root, as in the official SDKs.
pub const CVM_METADATA_ENDPOINT: &str = "http://metadata.tencentyun.com/latest/meta-data/";
/// The path under the metadata root that names the role and serves its credentials.
pub const CVM_ROLE_PATH: &str = "cam/security-credentials/";

const PROVIDER: &str = "CVM instance role";

/// Fetches the instance role's temporary credentials from the metadata service.
#[derive(Debug, Clone)]
pub struct CvmRoleProvider {
    endpoint: String,
    role: Option<String>,
    timeout: Duration,
    http: Arc<OnceLock<Arc<dyn HttpClient>>>,
}

impl Default for CvmRoleProvider {
    fn default() -> Self {
        CvmRoleProvider {
            endpoint: CVM_METADATA_ENDPOINT.to_owned(),
            role: None,
            timeout: Duration::from_secs(2),
            http: Arc::new(OnceLock::new()),
        }
    }
}

#[derive(Deserialize)]
struct RoleCredentials {
    #[serde(rename = "TmpSecretId")]
    tmp_secret_id: Option<String>,
    #[serde(rename = "TmpSecretKey")]
    tmp_secret_key: Option<String>,
    #[serde(rename = "Token")]
    token: Option<String>,
    #[serde(rename = "ExpiredTime")]
    expired_time: Option<i64>,
    #[serde(rename = "Code")]
    code: Option<String>,
}

impl CvmRoleProvider {
    /// The provider with the official metadata endpoint; the role is looked up.
    pub fn new() -> Self {
        Self::default()
    }

    /// Overrides the metadata root (`http://127.0.0.1:PORT/latest/meta-data/` in tests).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        let mut endpoint = endpoint.into();
        if !endpoint.ends_with('/') {
            endpoint.push('/');
        }
        self.endpoint = endpoint;
        self
    }

    /// Uses this role instead of asking the metadata service for it.
    pub fn role(mut self, role: impl Into<String>) -> Self {
        self.role = Some(role.into());
        self
    }

    /// The timeout of each metadata request (default 2 s: the service is local to the host).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sends the metadata requests through `http` (default: a reqwest client of its own).
    pub fn http_client(self, http: Arc<dyn HttpClient>) -> Self {
        let _ = self.http.set(http);
        self
    }

    pub(crate) fn http_if_unset(&self, http: &Arc<dyn HttpClient>) {
        let _ = self.http.set(http.clone());
    }

    fn http(&self) -> Result<Arc<dyn HttpClient>, CredentialsError> {
        if let Some(http) = self.http.get() {
            return Ok(http.clone());
        }
        let client = ReqwestClient::new(self.timeout, false).map_err(|message| {
            CredentialsError::Provider {
                provider: PROVIDER,
                message,
            }
        })?;
        Ok(self.http.get_or_init(|| Arc::new(client)).clone())
    }

    /// GET `url`: `Ok(None)` on 404. With `probing` (the role lookup, the first request), a
    /// metadata service that cannot be reached or does not answer in time means "not on a CVM":
    /// [`CredentialsError::NotConfigured`], so a chain moves on, as the Python SDK's does.
    async fn get(&self, url: String, probing: bool) -> Result<Option<Vec<u8>>, CredentialsError> {
        let request = HttpRequest {
            method: HttpMethod::Get,
            url: url.clone(),
            headers: Vec::new(),
            body: bytes::Bytes::new(),
            timeout: self.timeout,
            max_body_bytes: 64 * 1024,
        };
        let response = self.http()?.send(request).await.map_err(|err| {
            let unreachable = matches!(
                err.kind,
                TransportErrorKind::Connect | TransportErrorKind::ConnectTimeout
            ) || (probing && err.kind == TransportErrorKind::Timeout);
            if unreachable {
                // Not on a CVM (or no metadata service): let a chain try its next provider.
                CredentialsError::NotConfigured {
                    provider: PROVIDER,
                    missing: format!("the metadata service at {url} (unreachable: {err})"),
                }
            } else {
                CredentialsError::Provider {
                    provider: PROVIDER,
                    message: format!("GET {url}: {err}"),
                }
            }
        })?;
        match response.status {
            404 => Ok(None),
            200..=299 if !response.body_truncated => Ok(Some(response.body)),
            status => Err(CredentialsError::Provider {
                provider: PROVIDER,
                message: format!("GET {url} answered HTTP {status}"),
            }),
        }
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let roles_url = format!("{}{CVM_ROLE_PATH}", self.endpoint);
        let role = match &self.role {
            Some(role) => role.clone(),
            None => {
                let Some(body) = self.get(roles_url.clone(), true).await? else {
                    return Err(CredentialsError::NotConfigured {
                        provider: PROVIDER,
                        missing: format!(
                            "a role bound to this instance ({roles_url} answered 404)"
                        ),
                    });
                };
                let text = String::from_utf8_lossy(&body);
                let role = text.lines().next().unwrap_or_default().trim().to_owned();
                if role.is_empty() {
                    return Err(CredentialsError::NotConfigured {
                        provider: PROVIDER,
                        missing: format!("a role bound to this instance ({roles_url} is empty)"),
                    });
                }
                role
            }
        };
        let mut encoded_role = String::new();
        crate::wire::encode_component(&role, &mut encoded_role);
        let url = format!("{roles_url}{encoded_role}");
        let Some(body) = self.get(url.clone(), false).await? else {
            return Err(CredentialsError::Provider {
                provider: PROVIDER,
                message: format!("the role `{role}` has no credentials ({url} answered 404)"),
            });
        };
        let answer: RoleCredentials =
            serde_json::from_slice(&body).map_err(|err| CredentialsError::Provider {
                provider: PROVIDER,
                message: format!("the answer of {url} is not the credentials JSON: {err}"),
            })?;
        let code = answer.code.unwrap_or_default();
        if code != "Success" {
            return Err(CredentialsError::Provider {
                provider: PROVIDER,
                message: format!("the metadata service answered Code `{code}` for role `{role}`"),
            });
        }
        let missing = |name: &'static str| CredentialsError::Incomplete {
            origin: format!("the {PROVIDER} `{role}` at {url}"),
            missing: name,
        };
        let id = answer
            .tmp_secret_id
            .filter(|v| !v.is_empty())
            .ok_or_else(|| missing("TmpSecretId"))?;
        let key = answer
            .tmp_secret_key
            .filter(|v| !v.is_empty())
            .ok_or_else(|| missing("TmpSecretKey"))?;
        let token = answer
            .token
            .filter(|v| !v.is_empty())
            .ok_or_else(|| missing("Token"))?;
        let expired = answer.expired_time.ok_or_else(|| missing("ExpiredTime"))?;
        let credentials = Credentials::new(id, key)
            .with_token(token)
            .with_expiry(from_unix_seconds(expired));
        credentials.validate()?;
        Ok(credentials)
    }
}

impl ProvideCredentials for CvmRoleProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}
