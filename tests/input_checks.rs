//! Input that the docs rule out fails before anything is sent, naming the member: an empty
//! required list, a required object with no member set, text that is no count for a member the
//! docs describe as one, and (through `dynamic`) a value of the wrong kind.
//!
//! The calls go to the docs-checking local server, which must see no request at all.

use std::time::Duration;

use serde_json::json;
use tcgen_codegen::spec::Generation;
use tcgen_runtime::sign::SignatureMethod;
use tcgen_tests::local_server::{bounded, LocalServer};
use tcgen_tests::sdk_fixtures::v3_client;
use tcgen_vpc::runtime::Error;
use tcgen_vpc::v20170312::{self as v3, dynamic};

const SCENARIO_LIMIT: Duration = Duration::from_secs(20);

/// The message of an `Error::InvalidRequest`.
fn invalid(err: v3::Error) -> String {
    match err {
        Error::InvalidRequest { message } => message,
        other => panic!("expected Error::InvalidRequest, got {other:?}"),
    }
}

/// Both encodings: the TC3 JSON body and the HMAC-signed form.
const SIGNATURES: [SignatureMethod; 2] =
    [SignatureMethod::Tc3HmacSha256, SignatureMethod::HmacSha256];

#[tokio::test]
async fn empty_required_members_fail_before_sending() {
    bounded(SCENARIO_LIMIT, async {
        let server = LocalServer::start(vec![]).await;
        for signature in SIGNATURES {
            let client = v3_client(server.config(Generation::V3).signature_method(signature));

            let err = client
                .describe_security_group_association_statistics()
                .security_group_ids(Vec::<String>::new())
                .send()
                .await
                .unwrap_err();
            assert_eq!(err.attempts(), 0);
            let message = invalid(err);
            assert!(
                message.contains("DescribeSecurityGroupAssociationStatistics")
                    && message.contains("`SecurityGroupIds`")
                    && message.contains("must not be empty"),
                "{signature:?}: {message}"
            );

            let err = client
                .modify_security_group_policies()
                .security_group_id("sg-33ocnj9n")
                .security_group_policy_set(v3::SecurityGroupPolicySet::new())
                .send()
                .await
                .unwrap_err();
            let message = invalid(err);
            assert!(
                message.contains("`SecurityGroupPolicySet`")
                    && message.contains("must not be empty"),
                "{signature:?}: {message}"
            );
        }
        assert_eq!(server.request_count(), 0, "nothing reached the wire");
    })
    .await;
}

#[tokio::test]
async fn counts_given_as_text_must_be_numbers() {
    bounded(SCENARIO_LIMIT, async {
        let server = LocalServer::start(vec![]).await;
        for signature in SIGNATURES {
            let client = v3_client(server.config(Generation::V3).signature_method(signature));
            for (member, err) in [
                ("Limit", client.describe_vpcs().limit("abc").send().await),
                ("Offset", client.describe_vpcs().offset("-5").send().await),
            ] {
                let message = invalid(err.unwrap_err());
                assert!(
                    message.contains("DescribeVpcs")
                        && message.contains(&format!("`{member}`"))
                        && message.contains("non-negative integer"),
                    "{signature:?}: {message}"
                );
            }
        }
        assert_eq!(server.request_count(), 0, "nothing reached the wire");

        // The typed setters still take integers and numeric text: the documented example,
        // its `Offset` as an integer, is sent and answered.
        let server = LocalServer::start(vec![]).await;
        let client = v3_client(server.config(Generation::V3));
        client
            .describe_vpcs()
            .offset(0)
            .limit("2")
            .filters([
                v3::Filter::new("cidr-block", ["192.168.0.0", "10.0.0.0"]),
                v3::Filter::new("is-default", ["false"]),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(server.checked().len(), 1);
    })
    .await;
}

fn dynamic_error(action: &str, input: serde_json::Value) -> String {
    dynamic::form_params_from_json(action, input)
        .expect("a known action")
        .expect_err("the input is refused")
        .to_string()
}

#[test]
fn dynamic_values_of_the_wrong_kind_are_refused_not_coerced() {
    let cases = [
        (
            "CreateSecurityGroup",
            json!({"GroupName": true, "GroupDescription": "web"}),
            "member `GroupName` of action `CreateSecurityGroup` takes text, not the boolean true",
        ),
        (
            "CreateSecurityGroup",
            json!({"GroupName": "web", "GroupDescription": 42}),
            "member `GroupDescription` of action `CreateSecurityGroup` takes text, not the number 42",
        ),
        (
            "AllocateAddresses",
            json!({"AddressCount": "ten"}),
            "member `AddressCount` of action `AllocateAddresses` takes an integer, not the text \"ten\"",
        ),
        (
            "DescribeVpcs",
            json!({"Limit": "abc"}),
            "member `Limit` of action `DescribeVpcs`: expected a count or offset",
        ),
        (
            "DescribeVpcs",
            json!({"Filters": [{"Name": "vpc-name", "Values": ["a", false]}]}),
            "member `Filters[0].Values[1]` of action `DescribeVpcs` takes text, not the boolean false",
        ),
    ];
    for (action, input, expected) in cases {
        let message = dynamic_error(action, input.clone());
        assert!(message.starts_with(expected), "{input}: {message}");
    }
    // A numeric string takes a number, which is what the spec says it means.
    let pairs = dynamic::form_params_from_json("DescribeVpcs", json!({"Limit": 20}))
        .unwrap()
        .unwrap();
    assert_eq!(pairs, [("Limit".to_owned(), "20".to_owned())]);
}
