//! The hand-written runtime that generated SDK code calls into: form flattening, lenient
//! response decoding, errors, signing, credentials, transport with retries, and envelopes.
//!
//! The surface used by generated code is fixed by the project's runtime contract: [`form`],
//! [`lenient`], [`Request`], [`Error`], [`ErrorCode`], [`ServiceError`], [`BuildError`],
//! [`ApiInfo`], [`ApiGeneration`] and [`Client::call`].

pub mod api;
pub mod error;
pub mod form;
pub mod lenient;
pub mod request;

pub use api::{ApiGeneration, ApiInfo};
pub use error::{BuildError, Error, ErrorCode, ServiceError};
pub use request::Request;

#[doc(hidden)]
pub mod __private {
    pub use serde;
}
