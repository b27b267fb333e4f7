//! The hand-written runtime that generated SDK code calls into: form flattening, lenient
//! response decoding, errors, signing, credentials, transport with retries, and envelopes.
//!
//! The surface used by generated code is fixed by the project's runtime contract: [`form`],
//! [`lenient`], [`Request`], [`Error`], [`ErrorCode`], [`ServiceError`], [`BuildError`],
//! [`ApiInfo`], [`ApiGeneration`] and [`Client::call`].
//!
//! | module | responsibility |
//! |---|---|
//! | [`form`] | `Key.N.Member` flattening of request parameters |
//! | [`lenient`] | tolerant decoding of response fields |
//! | [`error`] | the one error type, error codes, build errors |
//! | [`sign`] | HmacSHA1/HmacSHA256 and TC3-HMAC-SHA256, pure functions |
//! | [`wire`] | the exact URL, headers and body of one signed attempt |
//! | [`envelope`] | v3 `{"Response": ...}` and v2 `{"code", ...}` envelopes |
//! | [`credentials`] | explicit, environment and profile-file credentials |
//! | [`retry`] | backoff with full jitter, what is retried |
//! | [`config`] | client configuration and its builder |
//! | [`client`] | sending, retrying and decoding one call |
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
pub mod client;
pub mod config;
pub mod credentials;
pub mod envelope;
pub mod error;
pub mod fluent;
pub mod form;
pub mod lenient;
pub mod paginate;
pub mod request;
pub mod retry;
pub mod sign;
#[cfg(feature = "test-util")]
pub mod test_util;
pub mod waiter;
pub mod wire;

pub use api::{ApiGeneration, ApiInfo};
pub use client::Client;
pub use config::{Config, ConfigBuilder, ConfigError, Language};
pub use credentials::Credentials;
pub use error::{BuildError, Error, ErrorCode, ServiceError};
pub use request::Request;
pub use retry::RetryConfig;
pub use sign::{HttpMethod, SignatureMethod};

#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}
