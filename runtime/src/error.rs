//! The one error type callers see, and the error code abstraction that generated enums implement.

use std::fmt;

/// An error code of a service: implemented by the generated per-generation enums (with an
/// `Other(String)` fallback) and by `String` for use without generated code.
pub trait ErrorCode: Sized + Clone + fmt::Debug + fmt::Display + Send + Sync + 'static {
    /// Maps a wire code (v3 `Error.Code`, v2 `codeDesc` or numeric code) to a value; unknown
    /// codes map to the fallback variant.
    fn from_code(code: &str) -> Self;
    /// The wire code.
    fn as_str(&self) -> &str;

    /// Whether the code is one the docs list, rather than the fallback for an unknown one.
    /// `String` knows no list and calls every code documented.
    fn is_documented(&self) -> bool {
        true
    }
}

impl ErrorCode for String {
    fn from_code(code: &str) -> Self {
        code.to_owned()
    }
    fn as_str(&self) -> &str {
        self
    }
}

/// An error reported by the service in its response envelope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceError<C> {
    /// v3: `Response.Error.Code`. v2: the numeric `code` when the docs list it (`4000` →
    /// `Code4000`, whatever `codeDesc` says), else `codeDesc` (module codes such as
    /// `InvalidVpc.NotFound`), else the numeric code as text.
    pub code: C,
    /// The message as sent by the service.
    pub message: String,
    /// The request id, when the service sent one.
    pub request_id: Option<String>,
    /// v2: the numeric `code`.
    pub numeric_code: Option<i64>,
    /// v2: `codeDesc` as sent (`InvalidParameter`, `InvalidVpc.NotFound`), when not empty.
    pub code_desc: Option<String>,
    /// v2: the module code leading the message, e.g. `100004` in `(100004)projectId不正确`.
    pub module_code: Option<i64>,
    /// How many attempts were made before this error was returned (1 without retries).
    pub attempts: u32,
}

impl<C: ErrorCode> fmt::Display for ServiceError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = self.code.as_str();
        write!(f, "{code}")?;
        if let Some(numeric) = self.numeric_code {
            if numeric.to_string() != code {
                write!(f, " (code {numeric})")?;
            }
        }
        if let Some(desc) = self.code_desc.as_deref().filter(|desc| *desc != code) {
            write!(f, " ({desc})")?;
        }
        write!(f, ": {}", self.message)?;
        write!(
            f,
            " (request id: {})",
            self.request_id.as_deref().unwrap_or("none")
        )?;
        write_attempts(f, self.attempts)
    }
}

impl<C: ErrorCode> ServiceError<C> {
    /// v2: the variant `codeDesc` names (`InvalidVpc.NotFound` → `InvalidVpcNotFound`), for
    /// module codes the docs list beside the numeric code that [`ServiceError::code`] holds.
    pub fn code_desc_variant(&self) -> Option<C> {
        self.code_desc.as_deref().map(C::from_code)
    }
}

impl<C: ErrorCode> std::error::Error for ServiceError<C> {}

/// A required member was not set when building a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("missing required member `{member}` of `{type_name}`")]
pub struct BuildError {
    /// The Rust name of the type being built, e.g. `DeleteVpcRequest`.
    pub type_name: &'static str,
    /// The wire name of the missing member, e.g. `VpcId`.
    pub member: &'static str,
}

/// The boxed cause of a transport failure.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong with a call. `C` is the error code type of the API generation.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<C> {
    /// The service answered with an error in its envelope (boxed: it is the largest variant,
    /// and every `Result` of a call carries the size of its error).
    Service(Box<ServiceError<C>>),
    /// No complete answer came back: the connection was refused or reset, TLS failed, or the
    /// connection closed before the body was complete. An answer that did arrive, whatever its
    /// status, is never a `Transport` error (see [`Error::Decode`]).
    Transport {
        /// What failed.
        message: String,
        /// The HTTP status, when a response was received.
        status: Option<u16>,
        /// How many attempts were made.
        attempts: u32,
        /// The underlying error (its text never contains the request URL).
        source: Option<BoxError>,
    },
    /// An attempt ran out of time (connect or total timeout).
    Timeout {
        /// Which timeout elapsed.
        message: String,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The service answered, but not with a usable envelope: an HTML error page from a gateway
    /// (`502 Bad Gateway`), an empty body, a body in another content type (named in `message`),
    /// JSON that is cut short or holds no `Response` / `code`, a 5xx or other non-2xx status
    /// with a success envelope, or a payload that does not match the response type. `status`
    /// tells an outage (5xx) from a malformed success; whether it is retried follows the retry
    /// rule of [`RetryConfig`](crate::RetryConfig), like any answer that may come from a
    /// request the service processed.
    Decode {
        /// The HTTP status of the response.
        status: u16,
        /// Why decoding failed.
        message: String,
        /// The start of the body, at most [`Error::MAX_SNIPPET_BYTES`] bytes, cut on a character
        /// boundary.
        snippet: String,
        /// The request id, when it could be found.
        request_id: Option<String>,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The request was rejected before sending (missing required member, bad argument).
    InvalidRequest {
        /// What is wrong with the request.
        message: String,
    },
    /// No usable credentials were found.
    Credentials {
        /// Where credentials were looked for, and what was wrong.
        message: String,
    },
    /// The client configuration does not allow this call (e.g. TC3 signing for the v2 API).
    Config {
        /// What is wrong with the configuration.
        message: String,
    },
}

impl<C> Error<C> {
    /// The largest body snippet kept in [`Error::Decode`].
    pub const MAX_SNIPPET_BYTES: usize = 512;

    /// The service error, if the service answered with one.
    pub fn service_error(&self) -> Option<&ServiceError<C>> {
        match self {
            Error::Service(err) => Some(err.as_ref()),
            _ => None,
        }
    }

    /// The service error code, if the service answered with one.
    pub fn code(&self) -> Option<&C> {
        self.service_error().map(|err| &err.code)
    }

    /// The request id, when known.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(err) => err.request_id.as_deref(),
            Error::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// How many attempts were made (0 for errors caught before sending).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Service(err) => err.attempts,
            Error::Transport { attempts, .. }
            | Error::Timeout { attempts, .. }
            | Error::Decode { attempts, .. } => *attempts,
            Error::InvalidRequest { .. } | Error::Credentials { .. } | Error::Config { .. } => 0,
        }
    }

    pub(crate) fn set_attempts(&mut self, count: u32) {
        match self {
            Error::Service(err) => err.attempts = count,
            Error::Transport { attempts, .. }
            | Error::Timeout { attempts, .. }
            | Error::Decode { attempts, .. } => *attempts = count,
            Error::InvalidRequest { .. } | Error::Credentials { .. } | Error::Config { .. } => {}
        }
    }

    /// Builds an [`Error::Decode`], cutting `body` to a bounded snippet.
    pub fn decode(
        status: u16,
        message: impl Into<String>,
        body: &[u8],
        request_id: Option<String>,
    ) -> Self {
        Error::Decode {
            status,
            message: message.into(),
            snippet: snippet(body, Self::MAX_SNIPPET_BYTES),
            request_id,
            attempts: 1,
        }
    }
}

/// The longest prefix of `body` of at most `max` bytes that ends on a character boundary, with
/// invalid UTF-8 replaced.
pub fn snippet(body: &[u8], max: usize) -> String {
    let mut cut = body.len().min(max);
    // Step back over UTF-8 continuation bytes so the cut does not split a character.
    while cut > 0 && cut < body.len() && (body[cut] & 0b1100_0000) == 0b1000_0000 {
        cut -= 1;
    }
    if cut == 0 {
        cut = body.len().min(max);
    }
    let mut text = String::from_utf8_lossy(&body[..cut]).into_owned();
    // The replacement character is 3 bytes, so even a body shorter than `max` can decode longer.
    while text.len() > max {
        text.pop();
    }
    text
}

fn write_attempts(f: &mut fmt::Formatter<'_>, attempts: u32) -> fmt::Result {
    if attempts > 1 {
        write!(f, " after {attempts} attempts")?;
    }
    Ok(())
}

impl<C: ErrorCode> fmt::Display for Error<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(err) => write!(f, "service error {err}"),
            Error::Transport {
                message,
                status,
                attempts,
                ..
            } => {
                write!(f, "transport error: {message}")?;
                if let Some(status) = status {
                    write!(f, " (HTTP {status})")?;
                }
                write_attempts(f, *attempts)
            }
            Error::Timeout { message, attempts } => {
                write!(f, "timeout: {message}")?;
                write_attempts(f, *attempts)
            }
            Error::Decode {
                status,
                message,
                snippet,
                request_id,
                attempts,
            } => {
                write!(f, "undecodable response (HTTP {status}): {message}")?;
                if let Some(id) = request_id {
                    write!(f, " (request id: {id})")?;
                }
                write_attempts(f, *attempts)?;
                write!(f, "; body starts: {snippet:?}")
            }
            Error::InvalidRequest { message } => write!(f, "invalid request: {message}"),
            Error::Credentials { message } => write!(f, "no usable credentials: {message}"),
            Error::Config { message } => write!(f, "invalid configuration: {message}"),
        }
    }
}

impl<C: ErrorCode> std::error::Error for Error<C> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Service(err) => Some(err.as_ref()),
            Error::Transport {
                source: Some(source),
                ..
            } => Some(source.as_ref()),
            _ => None,
        }
    }
}

impl<C> From<BuildError> for Error<C> {
    fn from(err: BuildError) -> Self {
        Error::InvalidRequest {
            message: err.to_string(),
        }
    }
}

impl<C> From<crate::form::InvalidFormValue> for Error<C> {
    fn from(err: crate::form::InvalidFormValue) -> Self {
        Error::InvalidRequest {
            message: err.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(code: &str, numeric: Option<i64>, attempts: u32) -> Error<String> {
        Error::Service(Box::new(ServiceError {
            code: code.to_owned(),
            message: "The VPC does not exist.".to_owned(),
            request_id: Some("6ef60bec-0242-43af-bb20-270359fb54a7".to_owned()),
            numeric_code: numeric,
            code_desc: None,
            module_code: None,
            attempts,
        }))
    }

    #[test]
    fn service_display_shows_code_message_and_request_id() {
        assert_eq!(
            service("ResourceNotFound", None, 1).to_string(),
            "service error ResourceNotFound: The VPC does not exist. \
             (request id: 6ef60bec-0242-43af-bb20-270359fb54a7)"
        );
        assert_eq!(
            service("InvalidParameter", Some(4000), 3).to_string(),
            "service error InvalidParameter (code 4000): The VPC does not exist. \
             (request id: 6ef60bec-0242-43af-bb20-270359fb54a7) after 3 attempts"
        );
        // When the code is the numeric code itself it is not repeated.
        assert!(service("4000", Some(4000), 1)
            .to_string()
            .starts_with("service error 4000: "));
    }

    #[test]
    fn accessors() {
        let err = service("LimitExceeded", None, 2);
        assert_eq!(err.code().map(String::as_str), Some("LimitExceeded"));
        assert_eq!(
            err.request_id(),
            Some("6ef60bec-0242-43af-bb20-270359fb54a7")
        );
        assert_eq!(err.attempts(), 2);
        assert!(std::error::Error::source(&err).is_some());
    }

    #[test]
    fn build_error_converts_to_invalid_request() {
        let err: Error<String> = BuildError {
            type_name: "DeleteVpcRequest",
            member: "VpcId",
        }
        .into();
        assert_eq!(
            err.to_string(),
            "invalid request: missing required member `VpcId` of `DeleteVpcRequest`"
        );
        assert_eq!(err.attempts(), 0);
    }

    #[test]
    fn decode_error_keeps_a_bounded_snippet() {
        let body = "错".repeat(1000);
        let err = Error::<String>::decode(502, "not JSON", body.as_bytes(), None);
        let Error::Decode { snippet, .. } = &err else {
            panic!("expected Decode, got {err:?}");
        };
        assert!(snippet.len() <= Error::<String>::MAX_SNIPPET_BYTES);
        assert_eq!(snippet.len(), 510, "cut on the last whole 3-byte character");
        assert!(snippet.chars().all(|c| c == '错'));
        assert!(err
            .to_string()
            .starts_with("undecodable response (HTTP 502): not JSON"));
    }

    #[test]
    fn snippet_of_invalid_utf8_stays_within_bound() {
        let body = vec![0xffu8; 2000];
        let text = snippet(&body, 512);
        assert!(text.len() <= 512);
        assert!(!text.is_empty());
        assert_eq!(snippet(b"short", 512), "short");
    }

    #[test]
    fn snippet_of_short_invalid_utf8_stays_within_bound() {
        // Found by the decoder proptest: 200 invalid bytes decode to 600 bytes of U+FFFD.
        let text = snippet(&[0xff; 200], 512);
        assert_eq!(text, "\u{fffd}".repeat(170));
        assert_eq!(snippet(&[b'a', 0xff], 512), "a\u{fffd}");
        assert_eq!(snippet(b"", 512), "");
    }

    #[test]
    fn string_error_code_round_trips() {
        let code = String::from_code("InvalidParameterValue.Malformed");
        assert_eq!(code.as_str(), "InvalidParameterValue.Malformed");
    }
}
