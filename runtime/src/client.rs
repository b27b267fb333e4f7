//! The client: signs, sends, retries and decodes one action call.

use crate::api::{ApiGeneration, ApiInfo};
use crate::config::{Config, ConfigBuilder, ConfigError};
use crate::credentials::{Credentials, CredentialsError};
use crate::envelope;
use crate::error::{Error, ErrorCode};
use crate::form::{Form, FormWriter};
use crate::request::Request;
use crate::retry::is_retryable;
use crate::sign::{HttpMethod, SignatureMethod};
use crate::wire::{self, AttemptContext, Endpoint, Payload};
use rand::Rng;
use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};
use tracing::debug;

/// A configured connection to the Tencent Cloud API; cheap to clone (clones share the HTTP
/// connection pool).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Clone)]
struct Inner {
    config: Config,
    endpoint: Option<Endpoint>,
    /// Resolved once; a failure is reported by every call, since the contract puts it in
    /// [`Error::Credentials`].
    credentials: Result<Credentials, CredentialsError>,
    http: reqwest::Client,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Config and Credentials redact their secrets in Debug.
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .field("endpoint", &self.inner.endpoint)
            .field("credentials", &self.inner.credentials)
            .finish_non_exhaustive()
    }
}

/// Why one attempt failed, with what the retry decision needs.
struct AttemptFailure<C> {
    error: Error<C>,
    status: Option<u16>,
    connect_failure: bool,
}

impl<C> AttemptFailure<C> {
    fn before_sending(error: Error<C>) -> Self {
        AttemptFailure {
            error,
            status: None,
            connect_failure: false,
        }
    }
}

/// The business parameters, encoded once per call and reused by every attempt (the flattened
/// form borrows its values from the request).
enum OwnedPayload<'r> {
    Form(Form<'r>),
    Json(Vec<u8>),
}

impl OwnedPayload<'_> {
    fn borrow(&self) -> Payload<'_> {
        match self {
            OwnedPayload::Form(form) => Payload::Form(form),
            OwnedPayload::Json(body) => Payload::Json(body),
        }
    }
}

impl Client {
    /// Creates a client. Credentials are looked up here; if none are found, calls fail with
    /// [`Error::Credentials`].
    pub fn new(config: Config) -> Result<Client, ConfigError> {
        config.validate()?;
        let endpoint = config
            .endpoint
            .as_deref()
            .map(|text| {
                Endpoint::parse(text).map_err(|reason| ConfigError::InvalidEndpoint {
                    endpoint: text.to_owned(),
                    reason,
                })
            })
            .transpose()?;
        let mut http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .user_agent(concat!("tcgen-runtime/", env!("CARGO_PKG_VERSION")));
        if !config.use_env_proxy {
            http = http.no_proxy();
        }
        let http = http
            .build()
            .map_err(|err| ConfigError::HttpClient(error_chain(&err)))?;
        let credentials = config.credentials.resolve();
        Ok(Client {
            inner: Arc::new(Inner {
                config,
                endpoint,
                credentials,
                http,
            }),
        })
    }

    /// A configuration builder; finish it with [`ConfigBuilder::build_client`].
    pub fn builder() -> ConfigBuilder {
        Config::builder()
    }

    /// The configuration this client was created with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// A client for another region, sharing this one's connection pool and credentials.
    pub fn with_region(&self, region: impl Into<String>) -> Client {
        let mut inner = (*self.inner).clone();
        inner.config.region = Some(region.into());
        Client {
            inner: Arc::new(inner),
        }
    }

    /// The signature method used for `api`: the configured one, or TC3 for API 3.0 and
    /// HmacSHA256 for v2. TC3 for v2 is an error.
    pub fn signature_method_for(&self, api: &ApiInfo) -> Result<SignatureMethod, ConfigError> {
        match (api.generation, self.inner.config.signature_method) {
            (ApiGeneration::V2, Some(SignatureMethod::Tc3HmacSha256)) => Err(ConfigError::Invalid(
                "the v2 API supports only HmacSHA1 and HmacSHA256, not TC3-HMAC-SHA256".into(),
            )),
            (_, Some(method)) => Ok(method),
            (ApiGeneration::V3 { .. }, None) => Ok(SignatureMethod::Tc3HmacSha256),
            (ApiGeneration::V2, None) => Ok(SignatureMethod::HmacSha256),
        }
    }

    /// Calls one action: signs, sends, retries as configured, and decodes the envelope (API
    /// 3.0: the object inside `"Response"`; v2: the whole object) into `Resp`.
    ///
    /// The body is read as JSON whatever its `Content-Type` (gateways label JSON
    /// `text/plain` or `text/html`); a content type other than JSON is only named in the
    /// message of an [`Error::Decode`] when the body does not decode. Bodies above
    /// [`Config::max_body_bytes`] are not read beyond the start kept for the error's snippet.
    pub async fn call<C: ErrorCode, Req: Request, Resp: DeserializeOwned>(
        &self,
        api: &ApiInfo,
        request: &Req,
    ) -> Result<Resp, Error<C>> {
        let credentials = self
            .inner
            .credentials
            .as_ref()
            .map_err(|err| Error::Credentials {
                message: err.to_string(),
            })?;
        let signature_method = self.signature_method_for(api)?;
        let config = &self.inner.config;
        let payload = if signature_method == SignatureMethod::Tc3HmacSha256
            && config.http_method == HttpMethod::Post
        {
            OwnedPayload::Json(serde_json::to_vec(request).map_err(|err| {
                Error::InvalidRequest {
                    message: format!("cannot encode the request as JSON: {err}"),
                }
            })?)
        } else {
            let mut form = FormWriter::new();
            request.write_form(&mut form);
            OwnedPayload::Form(form.finish()?)
        };
        let endpoint = self
            .inner
            .endpoint
            .clone()
            .unwrap_or_else(|| Endpoint::https(api.host));
        let max_attempts = config.retry.max_attempts.max(1);
        let mut attempt = 1;
        loop {
            let started = Instant::now();
            let outcome = self
                .attempt::<C, Resp>(
                    api,
                    Req::ACTION,
                    &endpoint,
                    credentials,
                    signature_method,
                    payload.borrow(),
                )
                .await;
            let failure = match outcome {
                Ok(response) => {
                    debug!(
                        action = Req::ACTION,
                        attempt,
                        elapsed_ms = started.elapsed().as_millis() as u64,
                        "call succeeded"
                    );
                    return Ok(response);
                }
                Err(failure) => failure,
            };
            let retryable = is_retryable(&failure.error, failure.status, failure.connect_failure);
            debug!(
                action = Req::ACTION,
                attempt,
                status = failure.status,
                retryable,
                elapsed_ms = started.elapsed().as_millis() as u64,
                error = %DisplayError(&failure.error),
                "attempt failed"
            );
            if retryable && attempt < max_attempts {
                // The thread-local RNG is not Send: draw the delay before awaiting.
                let delay = config.retry.backoff_delay(attempt, &mut rand::rng());
                debug!(
                    action = Req::ACTION,
                    attempt,
                    delay_ms = delay.as_millis() as u64,
                    "retrying"
                );
                tokio::time::sleep(delay).await;
                attempt += 1;
                continue;
            }
            let mut error = failure.error;
            error.set_attempts(attempt);
            return Err(error);
        }
    }

    async fn attempt<C: ErrorCode, Resp: DeserializeOwned>(
        &self,
        api: &ApiInfo,
        action: &str,
        endpoint: &Endpoint,
        credentials: &Credentials,
        signature_method: SignatureMethod,
        payload: Payload<'_>,
    ) -> Result<Resp, AttemptFailure<C>> {
        let config = &self.inner.config;
        // Fresh per attempt: the service rejects replayed nonces and stale timestamps.
        let timestamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs() as i64)
            .unwrap_or_default();
        let nonce = rand::rng().random_range(1..=u64::from(u32::MAX));
        let context = AttemptContext {
            api,
            action,
            endpoint,
            region: config.region.as_deref(),
            language: matches!(api.generation, ApiGeneration::V3 { .. }).then_some(config.language),
            request_client: config.request_client.as_deref(),
            credentials,
            http_method: config.http_method,
            signature_method,
            timestamp,
            nonce,
        };
        let prepared = wire::prepare(&context, payload)
            .map_err(|message| AttemptFailure::before_sending(Error::Config { message }))?;
        let method = match prepared.method {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Post => reqwest::Method::POST,
        };
        let mut builder = self.inner.http.request(method, &prepared.url);
        for (name, value) in &prepared.headers {
            // reqwest derives Host from the URL; the signed value is the same authority.
            if *name != "Host" {
                builder = builder.header(*name, value);
            }
        }
        if !prepared.body.is_empty() {
            builder = builder.body(prepared.body);
        }
        let mut response = builder
            .send()
            .await
            .map_err(|err| failure_from_reqwest(err, None, config))?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let body = read_bounded(&mut response, config.max_body_bytes, status, config).await?;
        let decoded = match api.generation {
            ApiGeneration::V3 { .. } => envelope::decode_v3::<C, Resp>(status, &body),
            ApiGeneration::V2 => envelope::decode_v2::<C, Resp>(status, &body),
        };
        decoded.map_err(|mut error| {
            if let (Error::Decode { message, .. }, Some(content_type)) = (&mut error, &content_type)
            {
                if !content_type.contains("json") {
                    message.push_str(&format!(" (content-type {content_type})"));
                }
            }
            AttemptFailure {
                error,
                status: Some(status),
                connect_failure: false,
            }
        })
    }
}

/// Reads the body, refusing to buffer more than `limit` bytes.
async fn read_bounded<C>(
    response: &mut reqwest::Response,
    limit: usize,
    status: u16,
    config: &Config,
) -> Result<Vec<u8>, AttemptFailure<C>> {
    let too_large = |body: &[u8]| AttemptFailure {
        error: Error::decode(
            status,
            format!("response body exceeds the limit of {limit} bytes"),
            body,
            None,
        ),
        status: Some(status),
        connect_failure: false,
    };
    if let Some(length) = response.content_length() {
        if length > limit as u64 {
            // Read only the start, so the error still shows what the body was.
            let start = read_start(response, Error::<C>::MAX_SNIPPET_BYTES).await;
            return Err(too_large(&start));
        }
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|err| failure_from_reqwest(err, Some(status), config))?
    {
        if body.len() + chunk.len() > limit {
            // A first chunk beyond the limit must still give the snippet its start.
            let wanted = Error::<C>::MAX_SNIPPET_BYTES.saturating_sub(body.len());
            body.extend_from_slice(&chunk[..chunk.len().min(wanted)]);
            return Err(too_large(&body));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The first `wanted` bytes of the body (fewer if it ends or fails first), for a snippet.
async fn read_start(response: &mut reqwest::Response, wanted: usize) -> Vec<u8> {
    let mut start = Vec::new();
    while start.len() < wanted {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let take = chunk.len().min(wanted - start.len());
                start.extend_from_slice(&chunk[..take]);
            }
            // The call already fails for the size; a read error only shortens the snippet.
            Ok(None) | Err(_) => break,
        }
    }
    start
}

fn failure_from_reqwest<C>(
    err: reqwest::Error,
    status: Option<u16>,
    config: &Config,
) -> AttemptFailure<C> {
    // The URL carries the token and signature in GET requests; never keep it.
    let err = err.without_url();
    let connect_failure = err.is_connect();
    let detail = error_chain(&err);
    let error = if err.is_timeout() {
        let message = if connect_failure {
            format!(
                "no connection within {:?}: {detail}",
                config.connect_timeout
            )
        } else {
            format!("no complete response within {:?}: {detail}", config.timeout)
        };
        Error::Timeout {
            message,
            attempts: 1,
        }
    } else {
        Error::Transport {
            message: detail,
            status,
            attempts: 1,
            source: Some(Box::new(err)),
        }
    };
    AttemptFailure {
        error,
        status,
        connect_failure,
    }
}

/// The error and its causes, joined, since reqwest's own text is only "error sending request".
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// Displays an `Error<C>` for logs.
struct DisplayError<'a, C>(&'a Error<C>);

impl<C: ErrorCode> fmt::Display for DisplayError<'_, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.0, f)
    }
}
