//! The generated `dynamic` modules reject members a request does not have, at any depth, and
//! name the member and the action; the typed API keeps decoding leniently.

use serde_json::json;
use tcgen_vpc::{v2, v20170312 as v3};

#[test]
fn a_misspelt_top_level_member_fails_naming_member_and_action() {
    let err = v3::dynamic::form_params_from_json(
        "CreateVpc",
        json!({"VpcNmae": "prod", "CidrBlock": "10.0.0.0/16"}),
    )
    .expect("CreateVpc exists")
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("unknown member `VpcNmae`") && err.contains("action `CreateVpc`"),
        "{err}"
    );
    assert!(
        err.contains("VpcName"),
        "the known members are listed: {err}"
    );
}

#[test]
fn unknown_members_inside_nested_objects_and_lists_fail_with_their_path() {
    let err = v3::dynamic::form_params_from_json(
        "DescribeVpcs",
        json!({"Filters": [{"Name": "vpc-name", "Values": ["a"]}, {"Nmae": "x"}]}),
    )
    .unwrap()
    .unwrap_err()
    .to_string();
    assert!(err.contains("`Filters[1].Nmae`"), "{err}");
    assert!(err.contains("action `DescribeVpcs`"), "{err}");

    // v2: an object inside a list of a derived object.
    let err = v2::dynamic::form_params_from_json(
        "CreateVpc",
        json!({
            "vpcName": "v",
            "cidrBlock": "10.0.0.0/16",
            "subnetSet": [{"subnetName": "s", "cidrBlock": "10.0.0.0/24", "zoneid": 1}]
        }),
    )
    .unwrap()
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("`subnetSet[0].zoneid`") && err.contains("action `CreateVpc`"),
        "{err}"
    );
}

#[test]
fn known_members_still_flatten_and_unknown_actions_are_none() {
    let form = v3::dynamic::form_params_from_json(
        "DescribeVpcs",
        json!({"Filters": [{"Name": "vpc-name", "Values": ["a", "b"]}], "Limit": "20"}),
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        form,
        [
            ("Filters.0.Name".to_owned(), "vpc-name".to_owned()),
            ("Filters.0.Values.0".to_owned(), "a".to_owned()),
            ("Filters.0.Values.1".to_owned(), "b".to_owned()),
            ("Limit".to_owned(), "20".to_owned()),
        ]
    );
    assert!(v3::dynamic::form_params_from_json("NoSuchAction", json!({})).is_none());
}

#[test]
fn typed_requests_are_unaffected() {
    // The typed request type itself stays lenient (responses and recorded data decode into the
    // same objects), and builders never see JSON.
    let typed: v3::CreateVpcRequest =
        serde_json::from_value(json!({"VpcName": "a", "CidrBlock": "10.0.0.0/16", "Extra": 1}))
            .unwrap();
    assert_eq!(typed.vpc_name, "a");
    let built = v3::CreateVpcRequest::builder()
        .vpc_name("a")
        .cidr_block("10.0.0.0/16")
        .build()
        .unwrap();
    assert_eq!(built.vpc_name, "a");
}
