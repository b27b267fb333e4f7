//! Decoding documented example responses into the generated response types through
//! `envelope::decode_v3`, against parsing the same bytes into a `serde_json::Value`.
//!
//! Before measuring, each typed result is checked against the example's content.

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::Value;
use std::hint::black_box;
use tcgen_benches::examples::v3_example_response;
use tcgen_runtime::envelope::decode_v3;
use tcgen_vpc::v20170312::{
    DescribeNetworkInterfacesResponse, DescribeSecurityGroupPoliciesResponse, DescribeVpcsResponse,
    ErrorCode,
};

fn value(body: &[u8]) -> Value {
    serde_json::from_slice(body).expect("the example is JSON")
}

fn describe_vpcs(c: &mut Criterion) {
    let body = v3_example_response("DescribeVpcs").expect("documented example");
    let typed = |body: &[u8]| decode_v3::<ErrorCode, DescribeVpcsResponse>(200, body);

    let response = typed(&body).expect("the documented example decodes");
    let vpcs = response.vpc_set.as_deref().unwrap_or_default();
    assert_eq!(response.total_count, Some(1));
    assert_eq!(
        response.request_id.as_deref(),
        Some("6a44afb7-0644-4ff9-9761-3502f99d3a15")
    );
    assert_eq!(vpcs.len(), 1);
    assert_eq!(vpcs[0].vpc_name.as_deref(), Some("DHCP1"));
    assert_eq!(vpcs[0].cidr_block.as_deref(), Some("10.0.0.0/16"));
    assert_eq!(vpcs[0].is_default, Some(false));
    assert_eq!(vpcs[0].created_time.as_deref(), Some("2018-04-25 10:26:26"));
    let ipv6 = vpcs[0].ipv6_cidr_block_set.as_deref().unwrap_or_default();
    assert_eq!(ipv6[0].isp_type.as_deref(), Some("BGP"));
    assert_eq!(value(&body)["Response"]["TotalCount"], 1);

    let mut group = c.benchmark_group("decode_describe_vpcs");
    group.bench_function("typed", |b| b.iter(|| typed(black_box(&body))));
    group.bench_function("value", |b| b.iter(|| value(black_box(&body))));
    group.finish();
}

fn describe_security_group_policies(c: &mut Criterion) {
    let body = v3_example_response("DescribeSecurityGroupPolicies").expect("documented example");
    let typed =
        |body: &[u8]| decode_v3::<ErrorCode, DescribeSecurityGroupPoliciesResponse>(200, body);
    assert_eq!(
        value(&body)["Response"]["SecurityGroupPolicySet"]["Ingress"][1]["PolicyDescription"],
        "2"
    );

    let mut group = c.benchmark_group("decode_describe_security_group_policies");
    let response = typed(&body).expect("the documented example decodes");
    let set = response
        .security_group_policy_set
        .expect("the example has a policy set");
    let ingress = set.ingress.as_deref().unwrap_or_default();
    assert_eq!(ingress.len(), 2);
    assert_eq!(ingress[1].policy_index, Some(1));
    assert_eq!(ingress[1].policy_description.as_deref(), Some("2"));
    assert_eq!(set.egress.as_deref().map(<[_]>::len), Some(1));
    group.bench_function("typed", |b| b.iter(|| typed(black_box(&body))));
    group.bench_function("value", |b| b.iter(|| value(black_box(&body))));
    group.finish();
}

/// The largest nested documented example that the generated types accept, as a second
/// typed-decode measurement next to DescribeVpcs.
fn describe_network_interfaces(c: &mut Criterion) {
    let body = v3_example_response("DescribeNetworkInterfaces").expect("documented example");
    let typed = |body: &[u8]| decode_v3::<ErrorCode, DescribeNetworkInterfacesResponse>(200, body);

    let response = typed(&body).expect("the documented example decodes");
    let example = value(&body);
    let interfaces = response
        .network_interface_set
        .as_deref()
        .unwrap_or_default();
    assert_eq!(
        interfaces.len(),
        example["Response"]["NetworkInterfaceSet"]
            .as_array()
            .map_or(0, Vec::len)
    );
    assert!(!interfaces.is_empty());
    assert_eq!(
        interfaces[0].network_interface_id.as_deref(),
        example["Response"]["NetworkInterfaceSet"][0]["NetworkInterfaceId"].as_str()
    );

    let mut group = c.benchmark_group("decode_describe_network_interfaces");
    group.bench_function("typed", |b| b.iter(|| typed(black_box(&body))));
    group.bench_function("value", |b| b.iter(|| value(black_box(&body))));
    group.finish();
}

criterion_group!(
    benches,
    describe_vpcs,
    describe_security_group_policies,
    describe_network_interfaces
);
criterion_main!(benches);
