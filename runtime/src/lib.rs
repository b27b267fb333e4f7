//! The hand-written runtime that generated SDK code calls into: form flattening, lenient
//! response decoding, errors, signing, credentials, transport with retries, and envelopes.
//!
//! The surface used by generated code is fixed by the project's runtime contract: [`form`], [`json`],
//! [`lenient`], [`Request`], [`Error`], [`ErrorCode`], [`ServiceError`], [`BuildError`],
//! [`ApiInfo`], [`ApiGeneration`] and [`Client::call`].
//!
//! | module | responsibility |
//! |---|---|
//! | [`form`] | `Key.N.Member` flattening of request parameters |
//! | [`json`] | the JSON body of TC3 requests, written member by member |
//! | [`lenient`] | tolerant decoding of response fields |
//! | [`check`] | rules the docs set on values before sending (non-empty required members, counts as text) |
//! | [`error`] | the one error type, error codes, build errors |
//! | [`method`] | the HTTP method, a word of the wire model |
//! | [`sign`] | HmacSHA1/HmacSHA256 and TC3-HMAC-SHA256, pure functions |
//! | [`strict`] | unknown-member checks of requests given as JSON (the `dynamic` modules) |
//! | [`wire`] | the exact URL, headers and body of one signed attempt |
//! | [`envelope`] | v3 `{"Response": ...}` and v2 `{"code", ...}` envelopes |
//! | [`credentials`] | the provider trait, the refreshing cache, static/env/profile/CVM role/TKE OIDC/STS AssumeRole providers and the default chain |
//! | [`clock`] | injectable clock, HTTP dates (clock-skew correction) |
//! | [`transport`] | the `HttpClient` trait and the default reqwest + rustls transport |
//! | [`retry`] | backoff with full jitter, what is retried |
//! | [`config`] | client configuration and its builder |
//! | [`client`] | sending, retrying and decoding one call; tracing spans; clock-skew recovery |
//! | [`fluent`] | what generated fluent calls share (integers for numeric text members) |
//! | [`paginate`] | paginators: a `Stream` of pages or items of a list action |
//! | [`waiter`] | waiting for the task of an asynchronous v2 action |
//! | `test_util` | a scriptable local stand-in for the API (feature `test-util`) |
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use tcgen_runtime::{Client, credentials::Credentials};
//! let client = Client::builder()
//!     .region("ap-guangzhou")
//!     .credentials(Credentials::new("AKID...", "secret"))
//!     .build_client()?;
//! # let _ = client; Ok(()) }
//! ```

#![warn(missing_docs)]

pub mod api;
pub mod check;
pub mod client;
pub mod clock;
pub mod config;
pub mod credentials;
mod decimal;
pub mod envelope;
pub mod error;
pub mod fluent;
pub mod form;
pub mod json;
pub mod lenient;
pub mod method;
pub mod paginate;
pub mod request;
pub mod retry;
pub mod sign;
pub mod strict;
#[cfg(feature = "test-util")]
pub mod test_util;
pub mod transport;
pub mod waiter;
pub mod wire;

pub use api::{ApiGeneration, ApiInfo};
/// The body type of [`HttpRequest`] and [`wire::PreparedRequest`], re-exported so that
/// transports and callers of [`wire::prepare`] need no direct dependency on `bytes`.
pub use bytes::Bytes;
pub use client::Client;
pub use config::{Config, ConfigBuilder, ConfigError, Language};
pub use credentials::Credentials;
pub use error::{BuildError, Error, ErrorCode, ServiceError};
pub use fluent::CallOptions;
pub use method::HttpMethod;
pub use request::{Request, RequestVisitor};
pub use retry::{RetryConfig, RetrySafety};
pub use sign::SignatureMethod;
pub use transport::{HttpClient, HttpRequest, HttpResponse};

#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}
