//! The trait every generated request type implements.

use crate::form::FormWriter;
use crate::json::JsonWriter;

/// A typed request of one action.
///
/// [`Request::write_json`] gives the JSON body of TC3 requests (wire names, absent options
/// skipped); [`Request::write_form`] gives the flattened parameters of HMAC-signed requests.
pub trait Request: serde::Serialize + Send + Sync {
    /// Wire name of the action, e.g. `DescribeVpcs`.
    const ACTION: &'static str;

    /// What the action answers with: the decoded body inside the envelope (API 3.0: the object
    /// inside `"Response"`; v2: the whole object). [`Client::call`](crate::Client::call) returns
    /// it. An own `impl Request` for an action the SDK lacks can use `serde_json::Value`.
    type Response: serde::de::DeserializeOwned;

    /// Whether an attempt that may have reached the service can be sent again: generated
    /// requests say what the docs say (read-only, or an idempotency token); anything else is
    /// repeated only after failures that prove it was not processed.
    const RETRY_SAFETY: RetrySafety = RetrySafety::Unsafe;

    /// Whether the request is signed. `false` for the few actions the service takes unsigned,
    /// whose proof is in the request (STS `AssumeRoleWithWebIdentity`: the OIDC token); they
    /// go out over TC3 with `Authorization: SKIP`, and no credentials are fetched for them.
    const SIGNED: bool = true;

    /// The idempotency token the caller set, for a request whose [`Request::RETRY_SAFETY`] is
    /// [`RetrySafety::Token`]; `None` (or an empty token) makes the client send a fresh UUID,
    /// the same in every attempt of the call.
    fn idempotency_token(&self) -> Option<&str> {
        None
    }

    /// Writes the business parameters (top-level members under `Key::ROOT`), borrowing their
    /// values for the writer's lifetime.
    fn write_form<'a>(&'a self, out: &mut FormWriter<'a>);

    /// Writes the JSON body: the request as one object of its business parameters.
    ///
    /// By default through the request's `Serialize`; generated requests of API 3.0 write
    /// their members themselves (the same bytes, faster).
    fn write_json(&self, out: &mut JsonWriter) {
        out.serialize(self);
    }

    /// The flattened business parameters in member order, as owned strings.
    fn to_form(&self) -> Vec<(String, String)> {
        let mut out = FormWriter::new();
        self.write_form(&mut out);
        out.into_pairs()
    }
}

/// What to do with a typed request whose type is only known at run time: the generated
/// `dynamic::visit_request_from_json` reads JSON into the request of an action named by a
/// string and hands it to a visitor.
pub trait RequestVisitor {
    /// What the visit gives.
    type Output;

    /// Visits the typed request.
    fn visit<R: Request>(self, request: &R) -> Self::Output;
}

/// The visitor giving a request's flattened form parameters ([`Request::to_form`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct FormParams;

impl RequestVisitor for FormParams {
    type Output = Vec<(String, String)>;

    fn visit<R: Request>(self, request: &R) -> Self::Output {
        request.to_form()
    }
}

/// The visitor giving a request's TC3 JSON body ([`json_body`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonBody;

impl RequestVisitor for JsonBody {
    type Output = Result<Vec<u8>, serde_json::Error>;

    fn visit<R: Request>(self, request: &R) -> Self::Output {
        json_body(request)
    }
}

/// The JSON body of a TC3 POST request: what [`Request::write_json`] writes.
///
/// The buffer starts with room for most request bodies (the two benchmarked requests are about
/// 190 and 760 bytes), so serializing does not grow it step by step from 8 bytes; it stays
/// under 1 KiB so that the allocation is a small one.
///
/// # Errors
///
/// The error of a member written through a `Serialize` that failed (see
/// [`JsonWriter::finish`]).
pub fn json_body<R: Request>(request: &R) -> Result<Vec<u8>, serde_json::Error> {
    let mut body = JsonWriter::with_capacity(JSON_BODY_CAPACITY);
    request.write_json(&mut body);
    body.finish()
}

/// The initial capacity of [`json_body`]'s buffer.
const JSON_BODY_CAPACITY: usize = 1000;

/// Why repeating a request cannot do its work twice, as the docs say; generated requests name
/// theirs in [`Request::RETRY_SAFETY`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RetrySafety {
    /// Nothing says so (`Create*`, `Modify*`, …): repeated only after failures that prove the
    /// request was not processed.
    Unsafe,
    /// The action only reads (`Describe*`, `Inquiry*`, …).
    ReadOnly,
    /// The action takes an idempotency token, the member of this wire name (`ClientToken`):
    /// filled with a fresh UUID per call when the caller leaves it unset or empty, and sent
    /// unchanged by every attempt of the call.
    Token(&'static str),
}

impl RetrySafety {
    /// Whether an attempt that may have been processed can be sent again.
    pub fn is_safe(self) -> bool {
        !matches!(self, RetrySafety::Unsafe)
    }
}
