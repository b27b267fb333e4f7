//! The client: signs, sends, retries and decodes one action call.
//!
//! Every call runs in a `tcgen.call` span (action, service, region, generation; the number of
//! attempts when it ends) and every attempt in a `tcgen.attempt` span (attempt number,
//! signature method, HTTP status, RequestId, latency). No field ever holds a secret, a
//! signature or a token.
//!
//! Clock skew: when the service answers `AuthFailure.SignatureExpire` (v2: code `4200`,
//! "请求过期"), the client takes the offset between the response's `Date` header and the local
//! clock, signs again once with the corrected time, and keeps the offset for later calls.

use crate::api::{ApiGeneration, ApiInfo};
use crate::clock::{parse_http_date, unix_seconds};
use crate::config::{Config, ConfigBuilder, ConfigError};
use crate::credentials::{Credentials, CredentialsCache, CredentialsSource};
use crate::envelope;
use crate::error::{Error, ErrorCode};
use crate::fluent::CallOptions;
use crate::form::{Form, FormWriter};
use crate::method::HttpMethod;
use crate::request::Request;
use crate::retry::{is_retryable, Reached, RetryConfig, RetrySafety};
use crate::sign::SignatureMethod;
use crate::transport::{
    HttpClient, HttpRequest, ReqwestClient, TransportError, TransportErrorKind,
};
use crate::wire::{self, AttemptContext, Endpoint, Payload};
use rand::Rng;
use std::fmt;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Instant, SystemTime};
use tracing::field::Empty;
use tracing::{debug, info_span, Instrument};

/// The v3 error code that means the request's timestamp is too far from the server's clock.
pub const SIGNATURE_EXPIRED_CODE: &str = "AuthFailure.SignatureExpire";
/// The v2 error code with the same meaning (`4200`, "请求过期" in the v2 common errors).
pub const V2_REQUEST_EXPIRED_CODE: i64 = 4200;

/// A configured connection to the Tencent Cloud API; cheap to clone (clones share the HTTP
/// connection pool, the credentials cache and the measured clock offset).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Clone)]
struct Inner {
    config: Config,
    endpoint: Option<Endpoint>,
    credentials: Arc<CredentialsCache>,
    http: Arc<dyn HttpClient>,
    /// Server time minus local time, in seconds, learnt from `SignatureExpire` answers.
    clock_offset: Arc<AtomicI64>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Config and the credentials cache redact their secrets in Debug.
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .field("endpoint", &self.inner.endpoint)
            .field("credentials", &self.inner.credentials)
            .field("clock_offset_s", &self.clock_offset())
            .finish_non_exhaustive()
    }
}

/// Why one attempt failed, with what the retry decision needs.
struct AttemptFailure<C> {
    error: Error<C>,
    status: Option<u16>,
    /// How far the attempt got; `None` when it failed before sending was tried (credentials,
    /// configuration), which no retry can mend.
    reached: Option<Reached>,
    /// Server time minus local time, when the service said the signature had expired and sent
    /// a `Date` header.
    skew: Option<i64>,
}

impl<C> AttemptFailure<C> {
    fn before_sending(error: Error<C>) -> Self {
        AttemptFailure {
            error,
            status: None,
            reached: None,
            skew: None,
        }
    }
}

/// The business parameters, encoded once per call and reused by every attempt (the flattened
/// form borrows its values from the request).
enum OwnedPayload<'r> {
    Form(Form<'r>),
    /// Shared by every attempt's request (cloned by reference count, not copied).
    Json(bytes::Bytes),
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
    /// Creates a client. Credentials are fetched at the first call (and refreshed before they
    /// expire); if none are found, calls fail with [`Error::Credentials`].
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
        let http: Arc<dyn HttpClient> = match &config.http_client {
            Some(http) => http.clone(),
            None => Arc::new(
                ReqwestClient::new(config.connect_timeout, config.use_env_proxy)
                    .map_err(ConfigError::HttpClient)?,
            ),
        };
        if let CredentialsSource::Chain(chain) = &config.credentials {
            // The metadata and STS requests of the chain use the client's transport.
            chain.share_http(&http);
        }
        let credentials = Arc::new(CredentialsCache::new(config.credentials.provider()));
        Ok(Client {
            inner: Arc::new(Inner {
                config,
                endpoint,
                credentials,
                http,
                clock_offset: Arc::new(AtomicI64::new(0)),
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

    /// A client for another region, sharing this one's connection pool, credentials and clock
    /// offset.
    pub fn with_region(&self, region: impl Into<String>) -> Client {
        let mut inner = (*self.inner).clone();
        inner.config.region = Some(region.into());
        Client {
            inner: Arc::new(inner),
        }
    }

    /// The clock offset learnt from the service (server minus local, seconds); 0 until a
    /// `SignatureExpire` answer carried a `Date` header.
    pub fn clock_offset(&self) -> i64 {
        self.inner.clock_offset.load(Ordering::Relaxed)
    }

    /// Credentials as the next call would sign with them (fetched or refreshed if needed).
    pub async fn credentials(&self) -> Result<Credentials, crate::credentials::CredentialsError> {
        self.inner.credentials.credentials().await
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
    /// 3.0: the object inside `"Response"`; v2: the whole object) into the request's
    /// [`Request::Response`].
    ///
    /// The body is read as JSON whatever its `Content-Type` (gateways label JSON
    /// `text/plain` or `text/html`); a content type other than JSON is only named in the
    /// message of an [`Error::Decode`] when the body does not decode. Bodies above
    /// [`Config::max_body_bytes`] are not read beyond the start kept for the error's snippet.
    ///
    /// Retries follow [`RetryConfig`]'s safety rule for the request's
    /// [`Request::RETRY_SAFETY`]; an idempotency token the caller left unset is filled with a
    /// fresh UUID, the same in every attempt.
    pub async fn call<C: ErrorCode, Req: Request>(
        &self,
        api: &ApiInfo,
        request: &Req,
    ) -> Result<Req::Response, Error<C>> {
        self.call_with(api, request, &CallOptions::default()).await
    }

    /// [`Client::call`] with settings of this call overriding the client's (from a fluent
    /// call's `customize()`).
    pub async fn call_with<C: ErrorCode, Req: Request>(
        &self,
        api: &ApiInfo,
        request: &Req,
        options: &CallOptions,
    ) -> Result<Req::Response, Error<C>> {
        let generation = match api.generation {
            ApiGeneration::V3 { version } => version,
            ApiGeneration::V2 => "v2",
        };
        let span = info_span!(
            "tcgen.call",
            action = Req::ACTION,
            service = api.service,
            region = self.inner.config.region.as_deref().unwrap_or(""),
            generation,
            attempts = Empty,
            outcome = Empty,
        );
        let outcome = self
            .call_in_span::<C, Req>(api, request, options, &span)
            .instrument(span.clone())
            .await;
        match &outcome {
            Ok(_) => span.record("outcome", "ok"),
            Err(err) => span.record("outcome", outcome_label(err)),
        };
        outcome
    }

    async fn call_in_span<C: ErrorCode, Req: Request>(
        &self,
        api: &ApiInfo,
        request: &Req,
        options: &CallOptions,
        span: &tracing::Span,
    ) -> Result<Req::Response, Error<C>> {
        let signature_method = self.signature_method_for(api)?;
        if !Req::SIGNED && signature_method != SignatureMethod::Tc3HmacSha256 {
            return Err(Error::Config {
                message: format!(
                    "`{}` is sent unsigned, which only TC3-HMAC-SHA256 requests can be",
                    Req::ACTION
                ),
            });
        }
        let config = &self.inner.config;
        let retry: &RetryConfig = options.retry.as_ref().unwrap_or(&config.retry);
        // Drawn once per call, so that every attempt carries the same token.
        let token = missing_token(request);
        let payload = if signature_method == SignatureMethod::Tc3HmacSha256
            && config.http_method == HttpMethod::Post
        {
            let mut body = wire::json_body(request).map_err(|err| Error::InvalidRequest {
                message: format!("request of `{}`: {err}", Req::ACTION),
            })?;
            if let Some((member, token)) = &token {
                body = with_json_token(&body, member, token)?;
            }
            OwnedPayload::Json(body.into())
        } else {
            let mut form = FormWriter::new();
            request.write_form(&mut form);
            let form = form.finish().map_err(|err| Error::InvalidRequest {
                message: format!("request of `{}`: {err}", Req::ACTION),
            })?;
            match &token {
                None => OwnedPayload::Form(form),
                Some((member, token)) => {
                    // A token set but empty is in the form already; it is replaced.
                    let mut pairs = form.to_pairs();
                    pairs.retain(|(key, value)| !(key == member && value.is_empty()));
                    pairs.push(((*member).to_owned(), token.clone()));
                    OwnedPayload::Form(Form::from_pairs(&pairs))
                }
            }
        };
        let endpoint = self
            .inner
            .endpoint
            .clone()
            .unwrap_or_else(|| Endpoint::https(api.host));
        let max_attempts = retry.max_attempts.max(1);
        // `attempt` counts every attempt; `budgeted` those that count against the retry budget
        // (the one re-signing after a clock-skew answer does not).
        let mut attempt = 0;
        let mut budgeted = 0;
        let mut skew_corrected = false;
        loop {
            attempt += 1;
            budgeted += 1;
            span.record("attempts", attempt);
            let started = Instant::now();
            let attempt_span = tracing::debug_span!(
                "tcgen.attempt",
                attempt,
                signature_method = signature_method.as_str(),
                status = Empty,
                request_id = Empty,
                latency_ms = Empty,
                error_code = Empty,
            );
            let outcome = self
                .attempt::<C, Req>(
                    api,
                    &endpoint,
                    signature_method,
                    payload.borrow(),
                    &attempt_span,
                )
                .instrument(attempt_span.clone())
                .await;
            attempt_span.record("latency_ms", started.elapsed().as_millis() as u64);
            let failure = match outcome {
                Ok(response) => {
                    attempt_span.in_scope(|| debug!(attempt, "call succeeded"));
                    return Ok(response);
                }
                Err(failure) => failure,
            };
            if let Some(service) = failure.error.service_error() {
                attempt_span.record("error_code", service.code.as_str());
            }
            if let (Some(offset), false) = (failure.skew, skew_corrected) {
                skew_corrected = true;
                budgeted -= 1;
                let previous = self.inner.clock_offset.swap(offset, Ordering::Relaxed);
                attempt_span.in_scope(|| {
                    debug!(
                        clock_offset_s = offset,
                        previous_offset_s = previous,
                        "signature expired: re-signing with the server's clock"
                    )
                });
                continue;
            }
            let retryable = failure.reached.is_some_and(|reached| {
                is_retryable(
                    &failure.error,
                    failure.status,
                    reached,
                    Req::RETRY_SAFETY,
                    retry,
                )
            });
            attempt_span.in_scope(|| {
                debug!(
                    attempt,
                    status = failure.status,
                    retryable,
                    error = %DisplayError(&failure.error),
                    "attempt failed"
                )
            });
            if retryable && budgeted < max_attempts {
                // The thread-local RNG is not Send: draw the delay before awaiting.
                let delay = retry.backoff_delay(budgeted, &mut rand::rng());
                debug!(attempt, delay_ms = delay.as_millis() as u64, "retrying");
                tokio::time::sleep(delay).await;
                continue;
            }
            let mut error = failure.error;
            error.set_attempts(attempt);
            return Err(error);
        }
    }

    async fn attempt<C: ErrorCode, Req: Request>(
        &self,
        api: &ApiInfo,
        endpoint: &Endpoint,
        signature_method: SignatureMethod,
        payload: Payload<'_>,
        span: &tracing::Span,
    ) -> Result<Req::Response, AttemptFailure<C>> {
        let config = &self.inner.config;
        // Per attempt: temporary credentials may have been refreshed since the last one. An
        // unsigned request needs none (it is how credentials are obtained in the first place).
        let credentials = if Req::SIGNED {
            self.inner.credentials.credentials().await.map_err(|err| {
                AttemptFailure::before_sending(Error::Credentials {
                    message: err.to_string(),
                })
            })?
        } else {
            Credentials::new("", "")
        };
        // Fresh per attempt: the service rejects replayed nonces and stale timestamps.
        let timestamp =
            unix_seconds(SystemTime::now()) + self.inner.clock_offset.load(Ordering::Relaxed);
        let nonce = rand::rng().random_range(1..=u64::from(u32::MAX));
        let context = AttemptContext {
            api,
            action: Req::ACTION,
            endpoint,
            region: config.region.as_deref(),
            language: matches!(api.generation, ApiGeneration::V3 { .. }).then_some(config.language),
            request_client: config.request_client.as_deref(),
            credentials: &credentials,
            http_method: config.http_method,
            signature_method,
            timestamp,
            nonce,
            skip_signature: !Req::SIGNED,
        };
        let prepared = wire::prepare(&context, payload)
            .map_err(|message| AttemptFailure::before_sending(Error::Config { message }))?;
        let request = HttpRequest {
            method: prepared.method,
            url: prepared.url,
            headers: prepared
                .headers
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value.into_owned()))
                .collect(),
            body: prepared.body,
            timeout: config.timeout,
            max_body_bytes: config.max_body_bytes,
        };
        let response = self
            .inner
            .http
            .send(request)
            .await
            .map_err(transport_failure)?;
        let received_at = unix_seconds(SystemTime::now());
        let status = response.status;
        span.record("status", status);
        if response.body_truncated {
            return Err(AttemptFailure {
                error: Error::decode(
                    status,
                    format!(
                        "response body exceeds the limit of {} bytes",
                        config.max_body_bytes
                    ),
                    &response.body,
                    None,
                ),
                status: Some(status),
                reached: Some(Reached::MaybeProcessed),
                skew: None,
            });
        }
        let decoded = match api.generation {
            ApiGeneration::V3 { .. } => {
                envelope::decode_v3_with_request_id::<C, Req::Response>(status, &response.body)
            }
            ApiGeneration::V2 => {
                envelope::decode_v2_with_request_id::<C, Req::Response>(status, &response.body)
            }
        };
        match decoded {
            Ok((value, request_id)) => {
                if let Some(id) = &request_id {
                    span.record("request_id", id.as_str());
                }
                Ok(value)
            }
            Err(mut error) => {
                if let Some(id) = error.request_id() {
                    span.record("request_id", id);
                }
                if let (Error::Decode { message, .. }, Some(content_type)) =
                    (&mut error, response.header("content-type"))
                {
                    if !content_type.contains("json") {
                        message.push_str(&format!(" (content-type {content_type})"));
                    }
                }
                let skew = is_signature_expired(&error)
                    .then(|| response.header("date").and_then(parse_http_date))
                    .flatten()
                    .map(|server_now| server_now - received_at);
                Err(AttemptFailure {
                    error,
                    status: Some(status),
                    reached: Some(Reached::MaybeProcessed),
                    skew,
                })
            }
        }
    }
}

/// The token member and a fresh token, when `request` takes an idempotency token the caller
/// left unset or empty; the Go SDK fills `ClientToken` the same way.
fn missing_token<Req: Request>(request: &Req) -> Option<(&'static str, String)> {
    let RetrySafety::Token(member) = Req::RETRY_SAFETY else {
        return None;
    };
    if request
        .idempotency_token()
        .is_some_and(|token| !token.is_empty())
    {
        return None;
    }
    let token = uuid::Builder::from_random_bytes(rand::random()).into_uuid();
    Some((member, token.to_string()))
}

/// `body` (a JSON object) with `member` set to `token`, in place of an empty token the caller
/// set or added at the end.
fn with_json_token<C>(body: &[u8], member: &str, token: &str) -> Result<Vec<u8>, Error<C>> {
    let invalid = |err: serde_json::Error| Error::InvalidRequest {
        message: format!("cannot add the idempotency token `{member}`: {err}"),
    };
    let mut object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(body).map_err(invalid)?;
    object.insert(member.to_owned(), token.into());
    serde_json::to_vec(&object).map_err(invalid)
}

/// Whether the service rejected the request's timestamp.
fn is_signature_expired<C: ErrorCode>(error: &Error<C>) -> bool {
    error.service_error().is_some_and(|service| {
        service.code.as_str() == SIGNATURE_EXPIRED_CODE
            || service.numeric_code == Some(V2_REQUEST_EXPIRED_CODE)
    })
}

/// A short label of how a call ended, for the call span.
fn outcome_label<C>(error: &Error<C>) -> &'static str {
    match error {
        Error::Service(_) => "service_error",
        Error::Transport { .. } => "transport_error",
        Error::Timeout { .. } => "timeout",
        Error::Decode { .. } => "decode_error",
        Error::InvalidRequest { .. } => "invalid_request",
        Error::Credentials { .. } => "credentials_error",
        Error::Config { .. } => "config_error",
    }
}

fn transport_failure<C>(err: TransportError) -> AttemptFailure<C> {
    // A connection that was never established carried nothing to the service.
    let reached = if matches!(
        err.kind,
        TransportErrorKind::Connect | TransportErrorKind::ConnectTimeout
    ) {
        Reached::NotSent
    } else {
        Reached::MaybeProcessed
    };
    let status = err.status;
    let error = match err.kind {
        TransportErrorKind::ConnectTimeout | TransportErrorKind::Timeout => Error::Timeout {
            message: err.message,
            attempts: 1,
        },
        _ => Error::Transport {
            message: err.message.clone(),
            status,
            attempts: 1,
            source: Some(Box::new(err)),
        },
    };
    AttemptFailure {
        error,
        status,
        reached: Some(reached),
        skew: None,
    }
}

/// Displays an `Error<C>` for logs.
struct DisplayError<'a, C>(&'a Error<C>);

impl<C: ErrorCode> fmt::Display for DisplayError<'_, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.0, f)
    }
}
