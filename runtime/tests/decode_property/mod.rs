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
//! The typed shapes are written the way the generator emits response types: every field an
//! `Option<T>` decoded with `tcgen_runtime::lenient::option`, nested objects through
//! `impl_lenient_via_deserialize!`, unknown fields ignored.

// Each includer uses a different part (the fuzz target has no use for the status list).
#![allow(dead_code)]

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt::Debug;
use tcgen_runtime::envelope::{decode_v2, decode_v3};
use tcgen_runtime::{Error, ServiceError};

/// HTTP statuses worth decoding with: success, client and server errors, and odd ones.
pub const STATUSES: [u16; 6] = [200, 204, 400, 404, 500, 503];

/// `DescribeVpcs` of API 3.0 (strings, integers, booleans, lists of strings and of objects).
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct DescribeVpcsResponse {
    #[serde(
        rename = "TotalCount",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_count: Option<u64>,
    #[serde(
        rename = "VpcSet",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub vpc_set: Option<Vec<Vpc>>,
    #[serde(
        rename = "RequestId",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
}

/// A `Vpc` object of API 3.0.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Vpc {
    #[serde(
        rename = "VpcId",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub vpc_id: Option<String>,
    #[serde(
        rename = "VpcName",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub vpc_name: Option<String>,
    #[serde(
        rename = "CidrBlock",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub cidr_block: Option<String>,
    #[serde(
        rename = "IsDefault",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_default: Option<bool>,
    #[serde(
        rename = "EnableMulticast",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_multicast: Option<bool>,
    #[serde(
        rename = "DnsServerSet",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub dns_server_set: Option<Vec<String>>,
    #[serde(
        rename = "CreatedTime",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_time: Option<String>,
}
tcgen_runtime::impl_lenient_via_deserialize!(Vpc);

/// `DescribeAddresses` of API 3.0, with a float, raw JSON and a list of optional integers added
/// so that every lenient scalar kind is exercised.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct DescribeAddressesResponse {
    #[serde(
        rename = "TotalCount",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_count: Option<i64>,
    #[serde(
        rename = "AddressSet",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub address_set: Option<Vec<Address>>,
    #[serde(
        rename = "Bandwidth",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub bandwidth: Option<f64>,
    #[serde(
        rename = "Extra",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub extra: Option<serde_json::Value>,
    #[serde(
        rename = "Gaps",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub gaps: Option<Vec<Option<i64>>>,
    #[serde(
        rename = "RequestId",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
}

/// An `Address` object of API 3.0.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Address {
    #[serde(
        rename = "AddressId",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub address_id: Option<String>,
    #[serde(
        rename = "AddressIp",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub address_ip: Option<String>,
    #[serde(
        rename = "IsArrears",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_arrears: Option<bool>,
    #[serde(
        rename = "NetworkInterfaceId",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub network_interface_id: Option<String>,
    #[serde(
        rename = "Vpc",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub vpc: Option<Box<Vpc>>,
}
tcgen_runtime::impl_lenient_via_deserialize!(Address);

/// `CreateVpc` of the v2 API: camelCase, the envelope's `code` kept as a member.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct V2CreateVpcResponse {
    #[serde(
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<i64>,
    #[serde(
        rename = "vpcId",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub vpc_id: Option<String>,
    #[serde(
        rename = "uniqVpcId",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub uniq_vpc_id: Option<String>,
    #[serde(
        rename = "subnetSet",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub subnet_set: Option<Vec<V2Subnet>>,
}

/// A subnet of the v2 `CreateVpc` response.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct V2Subnet {
    #[serde(
        rename = "subnetId",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub subnet_id: Option<String>,
    #[serde(
        rename = "cidrBlock",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub cidr_block: Option<String>,
    #[serde(
        rename = "zoneId",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub zone_id: Option<u64>,
}
tcgen_runtime::impl_lenient_via_deserialize!(V2Subnet);

/// `DescribeVpcEx` of the v2 API.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct V2DescribeVpcExResponse {
    #[serde(
        rename = "totalCount",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_count: Option<u64>,
    #[serde(
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub data: Option<Vec<V2Vpc>>,
}

/// A VPC of the v2 `DescribeVpcEx` response.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct V2Vpc {
    #[serde(
        rename = "unVpcId",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub un_vpc_id: Option<String>,
    #[serde(
        rename = "subnetNum",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub subnet_num: Option<i64>,
    #[serde(
        rename = "isDefault",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_default: Option<bool>,
    #[serde(
        rename = "createTime",
        default,
        deserialize_with = "tcgen_runtime::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub create_time: Option<String>,
}
tcgen_runtime::impl_lenient_via_deserialize!(V2Vpc);

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
        check_one::<DescribeVpcsResponse>(status, body, decode_v3, Generation::V3),
        check_one::<DescribeAddressesResponse>(status, body, decode_v3, Generation::V3),
    ];
    assert_same_service_error(&v3, body);
    let v2 = [
        check_one::<serde_json::Value>(status, body, decode_v2, Generation::V2),
        check_one::<V2CreateVpcResponse>(status, body, decode_v2, Generation::V2),
        check_one::<V2DescribeVpcExResponse>(status, body, decode_v2, Generation::V2),
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
                    Outcome::Service(service)
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
