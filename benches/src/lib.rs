//! What tcgen's benchmarks share: the benchmarked requests and the SDK's signing path for them
//! ([`fixtures`]), the hand-written floor they are measured against ([`floor`]), the
//! documentation's example responses ([`examples`]), regen in memory ([`regen`]) and specs scaled
//! up from the real one ([`scale`]).
//!
//! The benchmarks themselves are in `benches/` of this crate; `BENCHMARKS.md` at the repository
//! root has the commands and the figures.

#![warn(missing_docs)]

pub mod examples;
pub mod fixtures;
pub mod floor;
pub mod regen;
pub mod scale;

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
        assert_eq!(String::from_utf8(sdk.body.to_vec()).unwrap(), hand.body);
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
        assert_eq!(String::from_utf8(sdk.body.to_vec()).unwrap(), hand.body);
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
        assert_eq!(String::from_utf8(sdk.body.to_vec()).unwrap(), hand.body);

        let sdk = signer.sign_tc3(&request).unwrap();
        let hand =
            floor::tc3_create_security_group_policies(&ctx, SECURITY_GROUP_ID, &INGRESS_RULES);
        assert_eq!(String::from_utf8(sdk.body.to_vec()).unwrap(), hand.body);
        assert_eq!(
            header(&sdk, "Authorization"),
            Some(hand.authorization.as_str())
        );
    }

    /// Signatures the official Python SDK (tencentcloud-sdk-python-common 3.1.195 with the
    /// vpc 3.1.193 models) computes for the same requests at the same timestamp and nonce:
    /// HmacSHA256 through `_build_req_with_old_signature`, TC3 through `_get_tc3_signature` over
    /// tcgen's exact JSON body (its own body uses other separators). `benches/compare.sh`
    /// re-derives them from the installed SDK before it times anything.
    const OFFICIAL_SIGNATURES: [(&str, &str, &str); 2] = [
        (
            "DescribeVpcs",
            "uPJxeWJ/FnJ7dIVEa5ZnSJVpmJnrNW8/Kh4VKn5pupk=",
            "e9c6c2f217e219a2f102a043ff68bb4bb94dd39ada144a3c8ef101abb0834c7d",
        ),
        (
            "CreateSecurityGroupPolicies",
            "MmkQ7N5c83PDO92QIqoglnec9IAfJvMBBQUDpxTOjAo=",
            "0845bebbdfa05702db7461c1c3ad56adba4895610c83ea5d62208b176c67c768",
        ),
    ];

    #[test]
    fn sdk_signatures_equal_the_official_python_sdk() {
        let signer = Signer::new();
        let describe_vpcs = describe_vpcs_request().unwrap();
        let create_policies = create_security_group_policies_request().unwrap();
        let signed = [
            (
                signer.sign_hmac(&describe_vpcs).unwrap(),
                signer.sign_tc3(&describe_vpcs).unwrap(),
            ),
            (
                signer.sign_hmac(&create_policies).unwrap(),
                signer.sign_tc3(&create_policies).unwrap(),
            ),
        ];
        for ((action, hmac, tc3), (sdk_hmac, sdk_tc3)) in OFFICIAL_SIGNATURES.iter().zip(&signed) {
            let body = String::from_utf8(sdk_hmac.body.to_vec()).unwrap();
            let pairs = body.split('&').map(|pair| pair.split_once('=').unwrap());
            let signature = pairs
                .clone()
                .find(|(key, _)| *key == "Signature")
                .unwrap()
                .1;
            assert_eq!(decode(signature), *hmac, "{action} HmacSHA256");
            assert!(pairs.clone().any(|pair| pair == ("Action", action)));
            let authorization = header(sdk_tc3, "Authorization").unwrap();
            assert!(
                authorization.ends_with(&format!("Signature={tc3}")),
                "{action} TC3: {authorization}"
            );
            assert_eq!(header(sdk_tc3, "X-TC-Action"), Some(*action));
        }
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
