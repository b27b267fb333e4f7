//! Building and signing the two fixture requests through the generated types and the runtime,
//! against the hand-written floor, for HmacSHA256 (form body) and TC3-HMAC-SHA256 (JSON body).
//!
//! Each SDK iteration builds the request with the generated builders (owned strings, as a
//! caller would) and then takes the path of `Client::call` up to the bytes on the wire. Before
//! measuring, each pair is checked to produce the same body and signature.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use tcgen_benches::fixtures::{self, header, Signer};
use tcgen_benches::{floor, floor_context};

fn describe_vpcs(c: &mut Criterion) {
    let signer = Signer::new();
    let ctx = floor_context(&signer);
    let sdk_hmac = || {
        let request = fixtures::describe_vpcs_request().expect("optional members only");
        signer.sign_hmac(&request).expect("the fixture signs")
    };
    let floor_hmac = || {
        floor::hmac_describe_vpcs(
            &ctx,
            black_box(&fixtures::VPC_FILTERS),
            black_box(fixtures::VPC_OFFSET),
            black_box(fixtures::VPC_LIMIT),
        )
    };
    let sdk_tc3 = || {
        let request = fixtures::describe_vpcs_request().expect("optional members only");
        signer.sign_tc3(&request).expect("the fixture signs")
    };
    let floor_tc3 = || {
        floor::tc3_describe_vpcs(
            &ctx,
            black_box(&fixtures::VPC_FILTERS),
            black_box(fixtures::VPC_OFFSET),
            black_box(fixtures::VPC_LIMIT),
        )
    };

    assert_eq!(sdk_hmac().body, floor_hmac().body.into_bytes());
    let (sdk, hand) = (sdk_tc3(), floor_tc3());
    assert_eq!(sdk.body, hand.body.as_bytes());
    assert_eq!(
        header(&sdk, "Authorization"),
        Some(hand.authorization.as_str())
    );

    let mut group = c.benchmark_group("sign_hmac_describe_vpcs");
    group.bench_function("sdk", |b| b.iter(sdk_hmac));
    group.bench_function("floor", |b| b.iter(floor_hmac));
    group.finish();
    let mut group = c.benchmark_group("sign_tc3_describe_vpcs");
    group.bench_function("sdk", |b| b.iter(sdk_tc3));
    group.bench_function("floor", |b| b.iter(floor_tc3));
    group.finish();
}

fn create_security_group_policies(c: &mut Criterion) {
    let signer = Signer::new();
    let ctx = floor_context(&signer);
    let sdk_hmac = || {
        let request =
            fixtures::create_security_group_policies_request().expect("every member is set");
        signer.sign_hmac(&request).expect("the fixture signs")
    };
    let floor_hmac = || {
        floor::hmac_create_security_group_policies(
            &ctx,
            black_box(fixtures::SECURITY_GROUP_ID),
            black_box(&fixtures::INGRESS_RULES),
        )
    };
    let sdk_tc3 = || {
        let request =
            fixtures::create_security_group_policies_request().expect("every member is set");
        signer.sign_tc3(&request).expect("the fixture signs")
    };
    let floor_tc3 = || {
        floor::tc3_create_security_group_policies(
            &ctx,
            black_box(fixtures::SECURITY_GROUP_ID),
            black_box(&fixtures::INGRESS_RULES),
        )
    };

    assert_eq!(sdk_hmac().body, floor_hmac().body.into_bytes());
    let (sdk, hand) = (sdk_tc3(), floor_tc3());
    assert_eq!(sdk.body, hand.body.as_bytes());
    assert_eq!(
        header(&sdk, "Authorization"),
        Some(hand.authorization.as_str())
    );

    let mut group = c.benchmark_group("sign_hmac_create_security_group_policies");
    group.bench_function("sdk", |b| b.iter(sdk_hmac));
    group.bench_function("floor", |b| b.iter(floor_hmac));
    group.finish();
    let mut group = c.benchmark_group("sign_tc3_create_security_group_policies");
    group.bench_function("sdk", |b| b.iter(sdk_tc3));
    group.bench_function("floor", |b| b.iter(floor_tc3));
    group.finish();
}

/// Where the SDK's time goes: building the typed request, flattening it (or serializing it to
/// JSON), and the runtime's signing of the flattened pairs (or the body).
fn sdk_parts(c: &mut Criterion) {
    let signer = Signer::new();
    let vpcs = fixtures::describe_vpcs_request().expect("optional members only");
    let policies = fixtures::create_security_group_policies_request().expect("every member is set");
    let vpcs_pairs = fixtures::flatten(&vpcs).expect("the fixture flattens");
    let policies_pairs = fixtures::flatten(&policies).expect("the fixture flattens");
    let vpcs_json =
        tcgen_runtime::Bytes::from(serde_json::to_vec(&vpcs).expect("the fixture serializes"));
    let policies_json =
        tcgen_runtime::Bytes::from(serde_json::to_vec(&policies).expect("the fixture serializes"));
    assert_eq!(vpcs_pairs.len(), 2 + 2 * (1 + 3));
    assert_eq!(policies_pairs.len(), 1 + 5 * 6);

    let mut group = c.benchmark_group("sdk_parts_describe_vpcs");
    group.bench_function("build", |b| b.iter(fixtures::describe_vpcs_request));
    group.bench_function("flatten", |b| {
        b.iter(|| fixtures::flatten(black_box(&vpcs)))
    });
    group.bench_function("prepare_form", |b| {
        b.iter(|| signer.prepare_form("DescribeVpcs", black_box(&vpcs_pairs)))
    });
    group.bench_function("to_json", |b| {
        b.iter(|| tcgen_runtime::wire::json_body(black_box(&vpcs)))
    });
    group.bench_function("prepare_json", |b| {
        b.iter(|| signer.prepare_json("DescribeVpcs", black_box(&vpcs_json)))
    });
    group.finish();

    let mut group = c.benchmark_group("sdk_parts_create_security_group_policies");
    group.bench_function("build", |b| {
        b.iter(fixtures::create_security_group_policies_request)
    });
    group.bench_function("flatten", |b| {
        b.iter(|| fixtures::flatten(black_box(&policies)))
    });
    group.bench_function("prepare_form", |b| {
        b.iter(|| signer.prepare_form("CreateSecurityGroupPolicies", black_box(&policies_pairs)))
    });
    group.bench_function("to_json", |b| {
        b.iter(|| tcgen_runtime::wire::json_body(black_box(&policies)))
    });
    group.bench_function("prepare_json", |b| {
        b.iter(|| signer.prepare_json("CreateSecurityGroupPolicies", black_box(&policies_json)))
    });
    group.finish();
}

criterion_group!(
    benches,
    describe_vpcs,
    create_security_group_policies,
    sdk_parts
);
criterion_main!(benches);
