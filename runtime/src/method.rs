//! The HTTP method of a request: a word of the wire model, shared by signing, request
//! preparation and the transport.

use std::fmt;

/// The HTTP method of a request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// Parameters in the query string.
    Get,
    /// Parameters in the body (form-encoded for HMAC signatures, JSON for TC3).
    #[default]
    Post,
}

impl HttpMethod {
    /// `GET` or `POST`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
