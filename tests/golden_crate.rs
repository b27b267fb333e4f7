//! The emitter's golden crate (`codegen/tests/golden/mini`, package `tcgen-golden-mini`) is a workspace member, so
//! every build proves the emitter's output for the fixtures' edge cases compiles. These tests
//! also use it: colliding wire names, keyword members and a recursive (boxed) object behave on
//! the wire as their spec says.

use tcgen_golden_mini::runtime::Request;
use tcgen_golden_mini::v20170312::{self as v3, ReplaceRoutesRequest, Route, TreeNode};

fn replace_routes() -> ReplaceRoutesRequest {
    ReplaceRoutesRequest::builder()
        .route_table_id("rtb-1")
        .routes([Route::builder()
            .destination_cidr_block("10.0.0.0/8")
            .gateway_type("CVM")
            .gateway_id("ins-1")
            .build()
            .expect("every member a request needs is set")])
        .vpc_id("vpc-upper")
        .vpc_id_2("vpc-lower")
        .self_(true)
        .build_2("b")
        .r#async(false)
        .build()
        .expect("every required member is set")
}

#[test]
fn colliding_and_keyword_members_keep_their_wire_names() {
    let request = replace_routes();
    let form = request.to_form();
    let keys: Vec<&str> = form.iter().map(|(key, _)| key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "RouteTableId",
            "Routes.0.DestinationCidrBlock",
            "Routes.0.GatewayType",
            "Routes.0.GatewayId",
            "VpcId",
            "vpcId",
            "Self",
            "Build",
            "async"
        ]
    );
    let json = serde_json::to_value(&request).unwrap();
    assert_eq!(json["VpcId"], "vpc-upper");
    assert_eq!(json["vpcId"], "vpc-lower");
    assert_eq!(json["async"], false);
}

#[test]
fn a_missing_colliding_member_is_named_by_its_wire_name() {
    let error = ReplaceRoutesRequest::builder()
        .route_table_id("rtb-1")
        .routes([])
        .vpc_id("vpc-upper")
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("vpcId"), "{error}");
}

#[test]
fn recursive_objects_decode_through_their_box() {
    let node: TreeNode = serde_json::from_str(
        r#"{"Name": "leaf", "Parent": {"Name": "root", "Children": [{"Name": "sibling"}]}}"#,
    )
    .unwrap();
    let parent = node.parent.as_deref().expect("a parent");
    assert_eq!(parent.name.as_deref(), Some("root"));
    assert_eq!(parent.children.as_ref().map(Vec::len), Some(1));
}

#[test]
fn the_dynamic_module_knows_every_action() {
    assert!(v3::dynamic::ACTIONS.contains(&ReplaceRoutesRequest::ACTION));
}
