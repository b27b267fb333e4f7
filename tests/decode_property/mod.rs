//! The response decoder's robustness property, shared by the `decode_never_panics` proptest and
//! the `response_decoder` cargo-fuzz target (which includes this file by path), so that both
//! check the same thing:
//!
//! - `envelope::decode_v3` and `envelope::decode_v2` never panic, whatever the bytes;
//! - an `Err` is [`Error::Service`] or [`Error::Decode`], never another variant; a decode error
//!   carries the given status and a snippet of at most [`Error::MAX_SNIPPET_BYTES`] bytes that is
//!   the start of the body; its `Display` does not panic either;
//! - whether a body is a service error does not depend on the type it is decoded into;
//! - an `Ok` only comes with a 2xx status, and re-serializes: typed values decode back to
//!   themselves, `serde_json::Value`s to an equal value.
//!
//! The typed shapes are the generated SDK's own response types (`tcgen-vpc`), chosen to cover
//! every lenient kind the emitter produces: strings, integers, booleans, floats (`ItemPrice`),
//! raw JSON (v2 `eipSet`), lists of strings and of objects, nested objects; unknown fields are
//! ignored. Testing the generated types themselves means the property can never drift from what
//! the SDK really decodes.

// Each includer uses a different part (the fuzz target has no use for the status list).
#![allow(dead_code)]

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt::Debug;
use tcgen_runtime::envelope::{decode_v2, decode_v3};
use tcgen_runtime::{Error, ServiceError};
use tcgen_vpc::{v2, v20170312 as v3};

/// HTTP statuses worth decoding with: success, client and server errors, and odd ones.
pub const STATUSES: [u16; 6] = [200, 204, 400, 404, 500, 503];

/// What one decode gave, reduced to what must agree across target types.
#[derive(Debug, PartialEq)]
enum Outcome {
    Decoded,
    Service(ServiceError<String>),
    Undecodable,
}

/// Decodes `body` with both envelopes into every shape and asserts the property; panics (with
/// the offending body) when it does not hold.
pub fn check(status: u16, body: &[u8]) {
    let v3 = [
        check_one::<serde_json::Value>(status, body, decode_v3, Generation::V3),
        check_one::<v3::DescribeVpcsResponse>(status, body, decode_v3, Generation::V3),
        check_one::<v3::InquiryPriceCreateVpnGatewayResponse>(
            status,
            body,
            decode_v3,
            Generation::V3,
        ),
        check_one::<v3::DescribeNetworkInterfacesResponse>(status, body, decode_v3, Generation::V3),
    ];
    assert_same_service_error(&v3, body);
    let v2 = [
        check_one::<serde_json::Value>(status, body, decode_v2, Generation::V2),
        check_one::<v2::CreateVpcResponse>(status, body, decode_v2, Generation::V2),
        check_one::<v2::DescribeVpcExResponse>(status, body, decode_v2, Generation::V2),
        check_one::<v2::DescribeNatGatewayResponse>(status, body, decode_v2, Generation::V2),
    ];
    assert_same_service_error(&v2, body);
}

#[derive(Clone, Copy)]
enum Generation {
    V3,
    V2,
}

type Decoder<T> = fn(u16, &[u8]) -> Result<T, Error<String>>;

fn check_one<T>(status: u16, body: &[u8], decode: Decoder<T>, generation: Generation) -> Outcome
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let shown = String::from_utf8_lossy(body);
    match decode(status, body) {
        Ok(value) => {
            assert!(
                (200..300).contains(&status),
                "Ok with HTTP status {status} for {shown:?}"
            );
            let json = serde_json::to_vec(&value)
                .unwrap_or_else(|err| panic!("{value:?} does not serialize: {err}"));
            let again: T = serde_json::from_slice(&json).unwrap_or_else(|err| {
                panic!(
                    "{value:?} serialized as {:?} does not decode again: {err}",
                    String::from_utf8_lossy(&json)
                )
            });
            assert_eq!(again, value, "re-serialized value differs for {shown:?}");
            Outcome::Decoded
        }
        Err(err) => {
            // Display walks every field; it must not panic on odd text either.
            let text = err.to_string();
            assert!(!text.is_empty());
            assert_eq!(err.attempts(), 1, "{err:?}");
            match err {
                Error::Decode {
                    status: got,
                    message,
                    snippet,
                    ..
                } => {
                    assert_eq!(got, status, "{message}");
                    assert!(!message.is_empty(), "empty decode message for {shown:?}");
                    assert!(
                        snippet.len() <= Error::<String>::MAX_SNIPPET_BYTES,
                        "snippet of {} bytes for a body of {} bytes",
                        snippet.len(),
                        body.len()
                    );
                    assert!(
                        shown.starts_with(&snippet),
                        "snippet {snippet:?} is not the start of {shown:?}"
                    );
                    Outcome::Undecodable
                }
                Error::Service(service) => {
                    assert!(!service.code.is_empty(), "{service:?} for {shown:?}");
                    match generation {
                        Generation::V3 => assert_eq!(service.numeric_code, None),
                        Generation::V2 => assert!(
                            service.numeric_code.is_some_and(|code| code != 0),
                            "{service:?} for {shown:?}"
                        ),
                    }
                    Outcome::Service(*service)
                }
                other => panic!("unexpected error variant {other:?} for {shown:?}"),
            }
        }
    }
}

/// The probe decides on service errors before the payload's type matters.
fn assert_same_service_error(outcomes: &[Outcome], body: &[u8]) {
    let services: Vec<&Outcome> = outcomes
        .iter()
        .filter(|outcome| matches!(outcome, Outcome::Service(_)))
        .collect();
    if !services.is_empty() {
        assert_eq!(
            services.len(),
            outcomes.len(),
            "only some target types saw a service error in {:?}: {outcomes:?}",
            String::from_utf8_lossy(body)
        );
        assert!(services.windows(2).all(|pair| pair[0] == pair[1]));
    }
}
