//! Client configuration and its builder.

use crate::credentials::{Credentials, CredentialsChain, CredentialsSource, ProvideCredentials};
use crate::method::HttpMethod;
use crate::retry::RetryConfig;
use crate::sign::SignatureMethod;
use crate::transport::HttpClient;
use std::sync::Arc;
use std::time::Duration;

pub use crate::api::Language;

/// The `RequestClient` value sent by default.
pub const DEFAULT_REQUEST_CLIENT: &str = concat!("SDK_RUST_TCGEN_", env!("CARGO_PKG_VERSION"));

/// How a [`Client`](crate::Client) talks to the service.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Config {
    /// The `Region` parameter, e.g. `ap-guangzhou` (v3) or `gz` (v2). `None` leaves it out,
    /// which only a few actions accept.
    pub region: Option<String>,
    /// Overrides the API's default host: `host`, `host:port`, `https://host` or
    /// `http://host:port`. The API still decides the path.
    pub endpoint: Option<String>,
    /// GET (parameters in the query) or POST (form or JSON body). Default POST.
    pub http_method: HttpMethod,
    /// The signature method; `None` picks TC3-HMAC-SHA256 for API 3.0 and HmacSHA256 for v2.
    /// Choosing TC3 for v2 calls fails with [`Error::Config`](crate::Error::Config).
    pub signature_method: Option<SignatureMethod>,
    /// The language of service messages (API 3.0 only).
    pub language: Language,
    /// The `RequestClient` parameter; `None` leaves it out.
    pub request_client: Option<String>,
    /// The longest time to establish a connection.
    pub connect_timeout: Duration,
    /// The longest time for one attempt, from sending to the end of the body.
    pub timeout: Duration,
    /// Retries of failed attempts.
    pub retry: RetryConfig,
    /// Where credentials come from.
    pub credentials: CredentialsSource,
    /// Bodies larger than this are not read; the call fails with a decode error.
    pub max_body_bytes: usize,
    /// Whether to honour `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`/`NO_PROXY` (default true).
    /// Applies to the default transport only.
    pub use_env_proxy: bool,
    /// The transport; `None` makes a [`ReqwestClient`](crate::transport::ReqwestClient) with
    /// [`Config::connect_timeout`] and [`Config::use_env_proxy`].
    pub http_client: Option<Arc<dyn HttpClient>>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            region: None,
            endpoint: None,
            http_method: HttpMethod::Post,
            signature_method: None,
            language: Language::ZhCn,
            request_client: Some(DEFAULT_REQUEST_CLIENT.to_owned()),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            retry: RetryConfig::default(),
            credentials: CredentialsSource::default(),
            max_body_bytes: 16 * 1024 * 1024,
            use_env_proxy: true,
            http_client: None,
        }
    }
}

impl Config {
    /// A builder starting from the defaults.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// Checks the values that [`Client::new`](crate::Client::new) would reject.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.retry.max_attempts == 0 {
            return Err(ConfigError::Invalid(
                "retry.max_attempts must be at least 1".into(),
            ));
        }
        if self.timeout.is_zero() || self.connect_timeout.is_zero() {
            return Err(ConfigError::Invalid(
                "timeouts must be greater than zero".into(),
            ));
        }
        if self.max_body_bytes == 0 {
            return Err(ConfigError::Invalid(
                "max_body_bytes must be greater than zero".into(),
            ));
        }
        if let Some(region) = &self.region {
            if region.trim().is_empty() || region.trim() != region {
                return Err(ConfigError::Invalid(format!("invalid region {region:?}")));
            }
        }
        Ok(())
    }
}

/// A [`Config`] or [`Client`](crate::Client) could not be built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The endpoint override is not a usable URL.
    #[error("invalid endpoint {endpoint:?}: {reason}")]
    InvalidEndpoint {
        /// The endpoint as given.
        endpoint: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Another setting is out of range.
    #[error("{0}")]
    Invalid(String),
    /// The HTTP client could not be created (e.g. no TLS roots).
    #[error("cannot create the HTTP client: {0}")]
    HttpClient(String),
}

impl<C> From<ConfigError> for crate::Error<C> {
    fn from(err: ConfigError) -> Self {
        crate::Error::Config {
            message: err.to_string(),
        }
    }
}

/// Builds a [`Config`] (and from it a [`Client`](crate::Client)).
#[derive(Clone, Debug, Default)]
pub struct ConfigBuilder {
    config: Config,
}

impl ConfigBuilder {
    /// Sets the region.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.config.region = Some(region.into());
        self
    }

    /// Overrides the host (see [`Config::endpoint`]).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.config.endpoint = Some(endpoint.into());
        self
    }

    /// Sets GET or POST.
    pub fn http_method(mut self, method: HttpMethod) -> Self {
        self.config.http_method = method;
        self
    }

    /// Sets the signature method.
    pub fn signature_method(mut self, method: SignatureMethod) -> Self {
        self.config.signature_method = Some(method);
        self
    }

    /// Sets the language of service messages.
    pub fn language(mut self, language: Language) -> Self {
        self.config.language = language;
        self
    }

    /// Sets or removes the `RequestClient` parameter.
    pub fn request_client(mut self, client: Option<String>) -> Self {
        self.config.request_client = client;
        self
    }

    /// Sets the connect timeout.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// Sets the timeout of one attempt.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = timeout;
        self
    }

    /// Sets the retry policy.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.config.retry = retry;
        self
    }

    /// Turns retries off (one attempt per call).
    pub fn no_retries(mut self) -> Self {
        self.config.retry = RetryConfig::disabled();
        self
    }

    /// Uses these credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.config.credentials = CredentialsSource::Explicit(credentials);
        self
    }

    /// Looks credentials up with this chain (the default is [`CredentialsChain::default`]).
    pub fn credentials_chain(mut self, chain: CredentialsChain) -> Self {
        self.config.credentials = CredentialsSource::Chain(chain);
        self
    }

    /// Gets credentials from `provider` (cached and refreshed before they expire).
    pub fn credentials_provider(mut self, provider: Arc<dyn ProvideCredentials>) -> Self {
        self.config.credentials = CredentialsSource::Provider(provider);
        self
    }

    /// Sends requests through `http` instead of the default reqwest transport.
    pub fn http_client(mut self, http: Arc<dyn HttpClient>) -> Self {
        self.config.http_client = Some(http);
        self
    }

    /// Sets the largest body that is read.
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.config.max_body_bytes = bytes;
        self
    }

    /// Whether to honour the proxy environment variables.
    pub fn use_env_proxy(mut self, enabled: bool) -> Self {
        self.config.use_env_proxy = enabled;
        self
    }

    /// The configuration.
    pub fn build(self) -> Config {
        self.config
    }

    /// A client with this configuration.
    pub fn build_client(self) -> Result<crate::Client, ConfigError> {
        crate::Client::new(self.config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let config = Config::default();
        assert_eq!(config.http_method, HttpMethod::Post);
        assert_eq!(config.signature_method, None);
        assert_eq!(config.language.as_str(), "zh-CN");
        assert_eq!(
            config.request_client.as_deref(),
            Some("SDK_RUST_TCGEN_0.1.0")
        );
        assert!(config.use_env_proxy);
        assert_eq!(config.validate(), Ok(()));
    }

    #[test]
    fn builder_sets_everything() {
        let config = Config::builder()
            .region("ap-guangzhou")
            .endpoint("http://127.0.0.1:9")
            .http_method(HttpMethod::Get)
            .signature_method(SignatureMethod::HmacSha1)
            .language(Language::EnUs)
            .request_client(None)
            .connect_timeout(Duration::from_secs(1))
            .timeout(Duration::from_secs(2))
            .no_retries()
            .credentials(Credentials::new("id", "key"))
            .max_body_bytes(1024)
            .use_env_proxy(false)
            .build();
        assert_eq!(config.region.as_deref(), Some("ap-guangzhou"));
        assert_eq!(config.endpoint.as_deref(), Some("http://127.0.0.1:9"));
        assert_eq!(config.http_method, HttpMethod::Get);
        assert_eq!(config.signature_method, Some(SignatureMethod::HmacSha1));
        assert_eq!(config.language, Language::EnUs);
        assert_eq!(config.request_client, None);
        assert_eq!(config.connect_timeout, Duration::from_secs(1));
        assert_eq!(config.timeout, Duration::from_secs(2));
        assert_eq!(config.retry.max_attempts, 1);
        assert!(matches!(config.credentials, CredentialsSource::Explicit(_)));
        assert_eq!(config.max_body_bytes, 1024);
        assert!(!config.use_env_proxy);
    }

    #[test]
    fn validation() {
        let zero_attempts = Config::builder()
            .retry(RetryConfig {
                max_attempts: 0,
                ..RetryConfig::default()
            })
            .build();
        assert!(zero_attempts.validate().is_err());
        assert!(Config::builder()
            .timeout(Duration::ZERO)
            .build()
            .validate()
            .is_err());
        assert!(Config::builder().region(" gz").build().validate().is_err());
        assert!(Config::builder()
            .max_body_bytes(0)
            .build()
            .validate()
            .is_err());
    }
}
