//! The HTTP transport: a small trait the client sends every attempt through, and its default
//! implementation on reqwest with rustls.
//!
//! Plug in another client (or a mock) with
//! [`ConfigBuilder::http_client`](crate::ConfigBuilder::http_client). The default
//! [`ReqwestClient`] keeps one connection pool for the life of the [`Client`](crate::Client)
//! and its clones, so sequential calls to one host reuse their connections.

use crate::error::BoxError;
use crate::method::HttpMethod;
use bytes::Bytes;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// One HTTP request, ready to send.
#[derive(Clone)]
pub struct HttpRequest {
    /// GET or POST.
    pub method: HttpMethod,
    /// The full URL, query included.
    pub url: String,
    /// Headers in sending order (a `Host` header is the URL's authority; transports may derive
    /// it from the URL instead).
    pub headers: Vec<(String, String)>,
    /// The body (empty for GET). A [`Bytes`] so that every attempt of a call shares the one
    /// serialized body (cloning it only counts a reference) and reqwest takes it without a copy.
    pub body: Bytes,
    /// The longest time for the whole exchange, from sending to the end of the body.
    pub timeout: Duration,
    /// Bodies longer than this are not read to the end: the response comes back with
    /// [`HttpResponse::body_truncated`] set and at least the first
    /// [`Error::MAX_SNIPPET_BYTES`](crate::Error::MAX_SNIPPET_BYTES) bytes.
    pub max_body_bytes: usize,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The query, the headers and the body carry the token and the signature.
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url.split('?').next().unwrap_or_default())
            .field(
                "headers",
                &self
                    .headers
                    .iter()
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>(),
            )
            .field("body_bytes", &self.body.len())
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl HttpRequest {
    /// The value of the first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// One HTTP response. Its `Debug` shows no header values and no body: STS and metadata
/// answers carry temporary secrets.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// The headers as received (names as the transport gives them).
    pub headers: Vec<(String, String)>,
    /// The body, or its start when [`HttpResponse::body_truncated`] is set.
    pub body: Vec<u8>,
    /// The body was longer than [`HttpRequest::max_body_bytes`] and was not read to the end.
    pub body_truncated: bool,
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field(
                "headers",
                &self
                    .headers
                    .iter()
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>(),
            )
            .field("body_bytes", &self.body.len())
            .field("body_truncated", &self.body_truncated)
            .finish()
    }
}

impl HttpResponse {
    /// A complete response with a body.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: body.into(),
            body_truncated: false,
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The value of the first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

/// What kind of transport failure happened; decides retries and the error reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made (refused, unreachable, DNS): the request was not sent.
    Connect,
    /// No connection within the connect timeout: the request was not sent.
    ConnectTimeout,
    /// The exchange did not finish within [`HttpRequest::timeout`]; the service may have
    /// carried the request out.
    Timeout,
    /// Anything else (reset, TLS failure, a body cut short, ...).
    Other,
}

/// A failed exchange. Its text must never contain the URL (GET queries carry the token).
#[derive(Debug)]
pub struct TransportError {
    /// What kind of failure.
    pub kind: TransportErrorKind,
    /// What failed, with its causes.
    pub message: String,
    /// The status, when the failure came after the response head.
    pub status: Option<u16>,
    /// The underlying error.
    pub source: Option<BoxError>,
}

impl TransportError {
    /// A failure of `kind` described by `message`.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        TransportError {
            kind,
            message: message.into(),
            status: None,
            source: None,
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn std::error::Error + 'static))
    }
}

/// The future a transport returns.
pub type HttpFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// Sends one HTTP request. Implement it to bring your own HTTP client or a mock; the client
/// calls it once per attempt (retries call it again).
pub trait HttpClient: Send + Sync + fmt::Debug {
    /// Sends `request` and reads the response (at most `request.max_body_bytes` of the body).
    fn send(&self, request: HttpRequest) -> HttpFuture<'_>;
}

/// The default transport: reqwest with rustls, one connection pool per instance.
#[derive(Clone, Debug)]
pub struct ReqwestClient {
    client: reqwest::Client,
    /// `None` for a wrapped client, whose connect timeout is not known.
    connect_timeout: Option<Duration>,
}

impl ReqwestClient {
    /// A client with this connect timeout; `use_env_proxy` honours
    /// `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`/`NO_PROXY`.
    pub fn new(connect_timeout: Duration, use_env_proxy: bool) -> Result<Self, String> {
        let mut builder = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .user_agent(concat!("tcgen-runtime/", env!("CARGO_PKG_VERSION")));
        if !use_env_proxy {
            builder = builder.no_proxy();
        }
        let client = builder.build().map_err(|err| error_chain(&err))?;
        Ok(ReqwestClient {
            client,
            connect_timeout: Some(connect_timeout),
        })
    }

    /// Wraps a configured reqwest client (its own timeouts apply besides the request's).
    pub fn from_client(client: reqwest::Client) -> Self {
        ReqwestClient {
            client,
            connect_timeout: None,
        }
    }

    async fn exchange(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let method = match request.method {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Post => reqwest::Method::POST,
        };
        let mut builder = self
            .client
            .request(method, &request.url)
            .timeout(request.timeout);
        for (name, value) in &request.headers {
            // reqwest derives Host from the URL; the signed value is the same authority.
            if !name.eq_ignore_ascii_case("host") {
                builder = builder.header(name, value);
            }
        }
        if !request.body.is_empty() {
            builder = builder.body(request.body);
        }
        let timeout = request.timeout;
        let mut response = builder
            .send()
            .await
            .map_err(|err| self.failure(err, None, timeout))?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .filter_map(|(name, value)| {
                Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
            })
            .collect();
        let limit = request.max_body_bytes;
        let snippet = crate::Error::<String>::MAX_SNIPPET_BYTES;
        let mut body = Vec::new();
        let mut body_truncated = false;
        if response
            .content_length()
            .is_some_and(|length| length > limit as u64)
        {
            // Read only the start, so an error can still show what the body was.
            body_truncated = true;
            while body.len() < snippet {
                match response.chunk().await {
                    Ok(Some(chunk)) => {
                        let take = chunk.len().min(snippet - body.len());
                        body.extend_from_slice(&chunk[..take]);
                    }
                    // The call fails for the size anyway; a read error only shortens the start.
                    Ok(None) | Err(_) => break,
                }
            }
        } else {
            while let Some(chunk) = response
                .chunk()
                .await
                .map_err(|err| self.failure(err, Some(status), timeout))?
            {
                if body.len() + chunk.len() > limit {
                    let wanted = snippet.saturating_sub(body.len());
                    body.extend_from_slice(&chunk[..chunk.len().min(wanted)]);
                    body_truncated = true;
                    break;
                }
                body.extend_from_slice(&chunk);
            }
        }
        Ok(HttpResponse {
            status,
            headers,
            body,
            body_truncated,
        })
    }

    fn failure(
        &self,
        err: reqwest::Error,
        status: Option<u16>,
        timeout: Duration,
    ) -> TransportError {
        // The URL carries the token and signature in GET requests; never keep it.
        let err = err.without_url();
        let detail = error_chain(&err);
        let (kind, message) = match (err.is_timeout(), err.is_connect()) {
            (true, true) => (
                TransportErrorKind::ConnectTimeout,
                match self.connect_timeout {
                    Some(limit) => format!("no connection within {limit:?}: {detail}"),
                    None => format!("no connection in time: {detail}"),
                },
            ),
            (true, false) => (
                TransportErrorKind::Timeout,
                format!("no complete response within {timeout:?}: {detail}"),
            ),
            (false, true) => (TransportErrorKind::Connect, detail),
            (false, false) => (TransportErrorKind::Other, detail),
        };
        TransportError {
            kind,
            message,
            status,
            source: Some(Box::new(err)),
        }
    }
}

impl HttpClient for ReqwestClient {
    fn send(&self, request: HttpRequest) -> HttpFuture<'_> {
        Box::pin(self.exchange(request))
    }
}

/// The error and its causes, joined, since reqwest's own text is only "error sending request".
pub(crate) fn error_chain(err: &dyn std::error::Error) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_debug_hides_query_headers_and_body() {
        let request = HttpRequest {
            method: HttpMethod::Get,
            url: "http://h/?Token=secret-token&Signature=sig".into(),
            headers: vec![("X-TC-Token".into(), "secret-token".into())],
            body: Bytes::from_static(b"secret-token"),
            timeout: Duration::from_secs(1),
            max_body_bytes: 10,
        };
        let shown = format!("{request:?}");
        assert!(!shown.contains("secret-token"), "{shown}");
        assert!(!shown.contains("sig"), "{shown}");
        assert!(shown.contains("X-TC-Token"), "{shown}");
        assert_eq!(request.header("x-tc-token"), Some("secret-token"));
    }

    #[test]
    fn response_debug_hides_header_values_and_body() {
        let response = HttpResponse::new(200, r#"{"TmpSecretKey": "tmp-secret"}"#)
            .with_header("Set-Cookie", "session-secret");
        let shown = format!("{response:?}");
        assert!(
            !shown.contains("tmp-secret") && !shown.contains("session-secret"),
            "{shown}"
        );
        assert!(
            shown.contains("Set-Cookie") && shown.contains("200"),
            "{shown}"
        );
    }

    #[test]
    fn response_headers_are_case_insensitive() {
        let response = HttpResponse::new(200, "{}").with_header("Date", "x");
        assert_eq!(response.header("date"), Some("x"));
        assert_eq!(response.header("server"), None);
    }
}
