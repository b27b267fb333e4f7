//! The trait every generated request type implements.

use crate::form::FormWriter;

/// A typed request of one action.
///
/// `Serialize` gives the JSON body of TC3 requests (wire names, absent options skipped);
/// [`Request::write_form`] gives the flattened parameters of HMAC-signed requests.
pub trait Request: serde::Serialize + Send + Sync {
    /// Wire name of the action, e.g. `DescribeVpcs`.
    const ACTION: &'static str;

    /// What the action answers with: the decoded body inside the envelope (API 3.0: the object
    /// inside `"Response"`; v2: the whole object). [`Client::call`](crate::Client::call) returns
    /// it. An own `impl Request` for an action the SDK lacks can use `serde_json::Value`.
    type Response: serde::de::DeserializeOwned;

    /// Writes the business parameters (top-level members under `Key::ROOT`), borrowing their
    /// values for the writer's lifetime.
    fn write_form<'a>(&'a self, out: &mut FormWriter<'a>);

    /// The flattened business parameters in member order, as owned strings.
    fn to_form(&self) -> Vec<(String, String)> {
        let mut out = FormWriter::new();
        self.write_form(&mut out);
        out.into_pairs()
    }
}
