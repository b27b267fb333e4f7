//! What tcgen's benchmarks share: the benchmarked requests and the SDK's signing path for them
//! ([`fixtures`]), the hand-written floor they are measured against ([`floor`]), the
//! documentation's example responses ([`examples`]) and regen in memory ([`regen`]).
//!
//! The benchmarks themselves are in `benches/` of this crate; `BENCHMARKS.md` at the repository
//! root has the commands and the figures.

#![warn(missing_docs)]

pub mod examples;
pub mod fixtures;
pub mod floor;
pub mod regen;

use fixtures::Signer;
use floor::FloorContext;

/// The floor's view of the fixed signing inputs, taken from the SDK's so the two cannot drift.
pub fn floor_context(signer: &Signer) -> FloorContext<'_> {
    FloorContext {
        host: signer.host(),
        path: signer.path(),
        version: signer.version(),
        service: signer.service(),
        region: fixtures::REGION,
        request_client: fixtures::REQUEST_CLIENT,
        language: fixtures::LANGUAGE.as_str(),
        secret_id: fixtures::SECRET_ID,
        secret_key: fixtures::SECRET_KEY,
        timestamp: fixtures::TIMESTAMP,
        nonce: fixtures::NONCE,
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;

    #[test]
    fn floor_and_sdk_sign_describe_vpcs_identically() {
        let signer = Signer::new();
        let ctx = floor_context(&signer);
        let request = describe_vpcs_request().unwrap();

        let sdk = signer.sign_hmac(&request).unwrap();
        let hand = floor::hmac_describe_vpcs(&ctx, &VPC_FILTERS, VPC_OFFSET, VPC_LIMIT);
        assert_eq!(String::from_utf8(sdk.body).unwrap(), hand.body);
        assert_eq!(
            hand.string_to_sign,
            tcgen_runtime::sign::hmac_string_to_sign(
                tcgen_runtime::HttpMethod::Post,
                signer.host(),
                signer.path(),
                &signed_pairs(&hand.body),
            )
        );

        let sdk = signer.sign_tc3(&request).unwrap();
        let hand = floor::tc3_describe_vpcs(&ctx, &VPC_FILTERS, VPC_OFFSET, VPC_LIMIT);
        assert_eq!(String::from_utf8(sdk.body.clone()).unwrap(), hand.body);
        assert_eq!(
            header(&sdk, "Authorization"),
            Some(hand.authorization.as_str())
        );
    }

    #[test]
    fn floor_and_sdk_sign_create_security_group_policies_identically() {
        let signer = Signer::new();
        let ctx = floor_context(&signer);
        let request = create_security_group_policies_request().unwrap();

        let sdk = signer.sign_hmac(&request).unwrap();
        let hand =
            floor::hmac_create_security_group_policies(&ctx, SECURITY_GROUP_ID, &INGRESS_RULES);
        assert_eq!(String::from_utf8(sdk.body).unwrap(), hand.body);

        let sdk = signer.sign_tc3(&request).unwrap();
        let hand =
            floor::tc3_create_security_group_policies(&ctx, SECURITY_GROUP_ID, &INGRESS_RULES);
        assert_eq!(String::from_utf8(sdk.body.clone()).unwrap(), hand.body);
        assert_eq!(
            header(&sdk, "Authorization"),
            Some(hand.authorization.as_str())
        );
    }

    /// The pairs of a url-encoded body without `Signature`, decoded.
    fn signed_pairs(body: &str) -> Vec<(String, String)> {
        body.split('&')
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap();
                (decode(key), decode(value))
            })
            .filter(|(key, _)| key != "Signature")
            .collect()
    }

    fn decode(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut index = 0;
        while index < bytes.len() {
            match bytes[index] {
                b'+' => out.push(b' '),
                b'%' => {
                    let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap();
                    out.push(u8::from_str_radix(hex, 16).unwrap());
                    index += 2;
                }
                byte => out.push(byte),
            }
            index += 1;
        }
        String::from_utf8(out).unwrap()
    }
}
