//! Generated clients and documented requests shared by the SDK scenario and secrets tests.

// The legacy v2 API is deprecated for callers (withdrawn from the public cloud); the tests
// keep it compiling and tested.
#![allow(deprecated)]

use tcgen_runtime::ConfigBuilder;
use tcgen_vpc::{v2, v20170312 as v3};

/// An API 3.0 client over the given configuration.
pub fn v3_client(config: ConfigBuilder) -> v3::Client {
    v3::Client::new(config.build_client().expect("a valid configuration"))
}

/// A v2 client over the given configuration.
pub fn v2_client(config: ConfigBuilder) -> v2::Client {
    v2::Client::new(config.build_client().expect("a valid configuration"))
}

/// The request of the documented `DescribeVpcs` example, built with the typed builder.
pub fn describe_vpcs_example() -> v3::DescribeVpcsRequest {
    v3::DescribeVpcsRequest::builder()
        .offset("0")
        .limit("2")
        .filters([
            v3::Filter::new("cidr-block", ["192.168.0.0", "10.0.0.0"]),
            v3::Filter::new("is-default", ["false"]),
        ])
        .build()
}
