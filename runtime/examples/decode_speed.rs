//! Compares decoding a large API 3.0 response into lenient typed structs with parsing it into
//! `serde_json::Value`. Run with `cargo run --release -p tcgen-runtime --example decode_speed`.

use serde::Deserialize;
use std::time::Instant;
use tcgen_runtime::{envelope, lenient};

#[derive(Deserialize)]
#[allow(dead_code)]
struct Tag {
    #[serde(rename = "Key", default, deserialize_with = "lenient::option")]
    key: Option<String>,
    #[serde(rename = "Value", default, deserialize_with = "lenient::option")]
    value: Option<String>,
}
tcgen_runtime::impl_lenient_via_deserialize!(Tag);

#[derive(Deserialize)]
#[allow(dead_code)]
struct Vpc {
    #[serde(rename = "VpcId", default, deserialize_with = "lenient::option")]
    vpc_id: Option<String>,
    #[serde(rename = "VpcName", default, deserialize_with = "lenient::option")]
    vpc_name: Option<String>,
    #[serde(rename = "CidrBlock", default, deserialize_with = "lenient::option")]
    cidr_block: Option<String>,
    #[serde(rename = "IsDefault", default, deserialize_with = "lenient::option")]
    is_default: Option<bool>,
    #[serde(
        rename = "EnableMulticast",
        default,
        deserialize_with = "lenient::option"
    )]
    enable_multicast: Option<bool>,
    #[serde(rename = "CreatedTime", default, deserialize_with = "lenient::option")]
    created_time: Option<String>,
    #[serde(rename = "DnsServerSet", default, deserialize_with = "lenient::option")]
    dns_server_set: Option<Vec<String>>,
    #[serde(rename = "SubnetCount", default, deserialize_with = "lenient::option")]
    subnet_count: Option<i64>,
    #[serde(rename = "Ratio", default, deserialize_with = "lenient::option")]
    ratio: Option<f64>,
    #[serde(rename = "TagSet", default, deserialize_with = "lenient::option")]
    tag_set: Option<Vec<Tag>>,
}
tcgen_runtime::impl_lenient_via_deserialize!(Vpc);

#[derive(Deserialize)]
#[allow(dead_code)]
struct DescribeVpcsResponse {
    #[serde(rename = "TotalCount", default, deserialize_with = "lenient::option")]
    total_count: Option<u64>,
    #[serde(rename = "VpcSet", default, deserialize_with = "lenient::option")]
    vpc_set: Option<Vec<Vpc>>,
    #[serde(rename = "RequestId", default, deserialize_with = "lenient::option")]
    request_id: Option<String>,
}

fn body(count: usize) -> Vec<u8> {
    let vpcs: Vec<serde_json::Value> = (0..count)
        .map(|i| {
            serde_json::json!({
                "VpcId": format!("vpc-{i:08x}"), "VpcName": format!("测试 vpc {i}"),
                "CidrBlock": "10.0.0.0/16", "IsDefault": i % 2 == 0, "EnableMulticast": "false",
                "CreatedTime": "2018-06-17 12:00:00", "DnsServerSet": ["10.0.0.2", "10.0.0.3"],
                "SubnetCount": "12", "Ratio": 0.5, "Unknown": {"deep": [1, 2, 3]},
                "TagSet": [{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "net"}]
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "Response": {"TotalCount": count, "VpcSet": vpcs, "RequestId": "r-1"}
    }))
    .unwrap()
}

fn best_of<F: FnMut()>(rounds: usize, mut f: F) -> f64 {
    (0..rounds)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let body = body(5000);
    let value = best_of(30, || {
        let parsed: serde_json::Value = serde_json::from_slice(&body).unwrap();
        std::hint::black_box(parsed);
    });
    let typed = best_of(30, || {
        let parsed = envelope::decode_v3::<String, DescribeVpcsResponse>(200, &body).unwrap();
        std::hint::black_box(parsed);
    });
    println!(
        "body {} KiB: Value {:.2} ms, lenient typed (probe + decode) {:.2} ms, ratio {:.2}",
        body.len() / 1024,
        value * 1e3,
        typed * 1e3,
        typed / value
    );
}
