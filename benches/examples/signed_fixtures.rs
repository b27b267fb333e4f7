//! Prints the SDK's signed bytes of the benchmarked requests as JSON, for `benches/compare.sh`
//! to check against the official Python SDK before comparing speeds.
//!
//! `cargo run --release -p tcgen-benches --example signed_fixtures`

use serde_json::{json, Value};
use tcgen_benches::fixtures::{self, Signer};
use tcgen_runtime::wire::PreparedRequest;
use tcgen_runtime::Request;

fn describe(prepared: &PreparedRequest) -> Value {
    json!({
        "url": prepared.url,
        "headers": prepared.headers,
        "body": String::from_utf8_lossy(&prepared.body),
    })
}

fn signed<R: Request>(signer: &Signer, request: &R) -> Result<Value, String> {
    Ok(json!({
        "action": R::ACTION,
        "hmac": describe(&signer.sign_hmac(request)?),
        "tc3": describe(&signer.sign_tc3(request)?),
    }))
}

fn main() -> Result<(), String> {
    let signer = Signer::new();
    let describe_vpcs = fixtures::describe_vpcs_request().map_err(|err| err.to_string())?;
    let create_policies =
        fixtures::create_security_group_policies_request().map_err(|err| err.to_string())?;
    let output = json!({
        "fixed": {
            "secret_id": fixtures::SECRET_ID,
            "secret_key": fixtures::SECRET_KEY,
            "region": fixtures::REGION,
            "request_client": fixtures::REQUEST_CLIENT,
            "language": fixtures::LANGUAGE.as_str(),
            "timestamp": fixtures::TIMESTAMP,
            "nonce": fixtures::NONCE,
        },
        "requests": {
            "DescribeVpcs": {
                "filters": fixtures::VPC_FILTERS.iter()
                    .map(|f| json!({"Name": f.name, "Values": f.values}))
                    .collect::<Vec<_>>(),
                "offset": fixtures::VPC_OFFSET,
                "limit": fixtures::VPC_LIMIT,
            },
            "CreateSecurityGroupPolicies": {
                "security_group_id": fixtures::SECURITY_GROUP_ID,
                "ingress": fixtures::INGRESS_RULES.iter()
                    .map(|r| json!({
                        "PolicyIndex": r.policy_index,
                        "Protocol": r.protocol,
                        "Port": r.port,
                        "CidrBlock": r.cidr_block,
                        "Action": r.action,
                        "PolicyDescription": r.description,
                    }))
                    .collect::<Vec<_>>(),
            },
        },
        "signed": [signed(&signer, &describe_vpcs)?, signed(&signer, &create_policies)?],
    });
    println!("{output:#}");
    Ok(())
}
