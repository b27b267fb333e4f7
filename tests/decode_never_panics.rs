//! Property tests of the response decoders: arbitrary bytes, arbitrary JSON envelopes and
//! mutations of the documentation's real example responses never make `decode_v3`/`decode_v2`
//! panic, and every outcome is well-formed (see `decode_property` for what is checked).

mod decode_property;

use decode_property::{check, STATUSES};
use proptest::prelude::*;
use proptest::sample::{select, Index};
use serde_json::{json, Map, Value};
use std::sync::OnceLock;
use tcgen_runtime::envelope::{decode_v2, decode_v3};
use tcgen_runtime::Error;
use tcgen_vpc::{v2, v20170312 as v3};

/// One example response of the documentation, as the spec records it.
struct Example {
    action: String,
    v3: bool,
    response: Value,
    bytes: Vec<u8>,
}

/// The non-null example responses of both generations' specs.
fn examples() -> &'static [Example] {
    static EXAMPLES: OnceLock<Vec<Example>> = OnceLock::new();
    EXAMPLES.get_or_init(|| {
        let mut examples = Vec::new();
        for (file, v3) in [("v20170312.json", true), ("v2.json", false)] {
            let path = format!("{}/../spec/json/{file}", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"));
            let spec: Value = serde_json::from_str(&text).unwrap();
            for action in spec["actions"].as_array().unwrap() {
                for example in action["examples"].as_array().unwrap() {
                    let response = &example["response"];
                    if response.is_null() {
                        continue;
                    }
                    examples.push(Example {
                        action: action["name"].as_str().unwrap().to_owned(),
                        v3,
                        bytes: serde_json::to_vec(response).unwrap(),
                        response: response.clone(),
                    });
                }
            }
        }
        examples
    })
}

fn example_bytes(index: Index) -> Vec<u8> {
    let examples = examples();
    examples[index.index(examples.len())].bytes.clone()
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![4 => Just(200u16), 1 => select(&STATUSES[..])]
}

/// Member names the decoders and shapes look for, so that generated objects hit them.
const KEYS: &[&str] = &[
    "Response",
    "Error",
    "Code",
    "Message",
    "RequestId",
    "TotalCount",
    "VpcSet",
    "VpcId",
    "IsDefault",
    "DnsServerSet",
    "Price",
    "InstancePrice",
    "UnitPrice",
    "DiscountPrice",
    "NetworkInterfaceSet",
    "PrivateIpAddressSet",
    "code",
    "message",
    "codeDesc",
    "requestId",
    "vpcId",
    "subnetSet",
    "zoneId",
    "totalCount",
    "data",
    "subnetNum",
    "isDefault",
    "unVpcId",
    "eipSet",
    "natId",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![3 => select(KEYS).prop_map(str::to_owned), 1 => "\\PC{0,8}"]
}

/// Strings that the lenient decoders treat specially, and arbitrary ones.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => "\\PC{0,12}",
        2 => "[ ]?-?[0-9]{1,20}(\\.[0-9]{1,3})?([eE][+-]?[0-9]{1,3})?[ ]?",
        1 => select(&[
            "", "true", "False", "0", "1", "NaN", "inf", "-0", "1e400",
            "(100004)projectId不正确", "（9001）全角", "(", "（",
        ][..]).prop_map(str::to_owned),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        // `Value::from` turns the non-finite floats into null, which is also worth decoding.
        any::<f64>().prop_map(Value::from),
        select(&[0, 1, 2, -1][..]).prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key(), inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Arbitrary values, alone and inside the shapes of both envelopes.
fn envelope() -> impl Strategy<Value = Value> {
    prop_oneof![
        json_value(),
        json_value().prop_map(|inner| json!({ "Response": inner })),
        (json_value(), json_value(), json_value()).prop_map(|(code, message, id)| json!({
            "Response": { "Error": { "Code": code, "Message": message }, "RequestId": id }
        })),
        (json_value(), json_value(), json_value()).prop_map(|(code, message, rest)| {
            let mut object = match rest {
                Value::Object(members) => members,
                other => Map::from_iter([("data".to_owned(), other)]),
            };
            object.insert("code".to_owned(), code);
            object.insert("message".to_owned(), message);
            Value::Object(object)
        }),
    ]
}

/// Visits the `n`th node of `value` in pre-order; false when there are fewer nodes.
fn with_nth_node(value: &mut Value, n: &mut usize, change: &mut dyn FnMut(&mut Value)) -> bool {
    if *n == 0 {
        change(value);
        return true;
    }
    *n -= 1;
    match value {
        Value::Array(items) => items.iter_mut().any(|item| with_nth_node(item, n, change)),
        Value::Object(members) => members
            .values_mut()
            .any(|member| with_nth_node(member, n, change)),
        _ => false,
    }
}

fn count_nodes(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        Value::Object(members) => members.values().map(count_nodes).sum(),
        _ => 0,
    }
}

/// Replaces a value by one of another JSON type, the way a service might deviate from its docs.
fn swap_type(value: &Value, kind: usize) -> Value {
    let as_text = match value {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        _ => String::new(),
    };
    let as_number = match value {
        Value::String(text) => text
            .trim()
            .parse::<f64>()
            .ok()
            .map_or(json!(1), Value::from),
        Value::Bool(flag) => json!(u8::from(*flag)),
        _ => json!(-1),
    };
    let candidates = [
        Value::String(as_text),
        as_number,
        Value::Null,
        json!([]),
        json!({}),
        json!(true),
        json!(""),
        json!(u64::MAX),
        json!(1.5),
        json!(1e300),
        json!([value]),
        json!({ "Response": value }),
    ];
    candidates[kind % candidates.len()].clone()
}

/// Fragments that break or bend JSON at the byte level.
const FRAGMENTS: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    "\"",
    ",",
    ":",
    "null",
    "1e999",
    "-",
    "\\u0000",
    "\\ud800",
    "\u{feff}",
    "\u{0}",
    "\"Response\":",
    "\"Error\":{}",
    "\"code\":1,",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(status in status(), body in proptest::collection::vec(any::<u8>(), 0..700)) {
        check(status, &body);
    }

    #[test]
    fn arbitrary_json_envelopes(status in status(), value in envelope()) {
        check(status, &serde_json::to_vec(&value).unwrap());
    }

    #[test]
    fn truncated_examples(status in status(), example in any::<Index>(), cut in any::<Index>()) {
        let body = example_bytes(example);
        let cut = cut.index(body.len() + 1);
        check(status, &body[..cut]);
    }

    #[test]
    fn byte_flipped_examples(
        status in status(),
        example in any::<Index>(),
        flips in proptest::collection::vec((any::<Index>(), 1u8..=255), 1..8),
    ) {
        let mut body = example_bytes(example);
        for (at, mask) in flips {
            let at = at.index(body.len());
            body[at] ^= mask;
        }
        check(status, &body);
    }

    #[test]
    fn spliced_examples(
        status in status(),
        example in any::<Index>(),
        splices in proptest::collection::vec((any::<Index>(), select(FRAGMENTS)), 1..4),
    ) {
        let mut body = example_bytes(example);
        for (at, fragment) in splices {
            let at = at.index(body.len() + 1);
            body.splice(at..at, fragment.bytes());
        }
        check(status, &body);
    }

    #[test]
    fn type_swapped_examples(
        status in status(),
        example in any::<Index>(),
        swaps in proptest::collection::vec((any::<Index>(), any::<usize>()), 1..4),
    ) {
        let examples = examples();
        let mut value = examples[example.index(examples.len())].response.clone();
        for (node, kind) in swaps {
            let mut n = node.index(count_nodes(&value));
            with_nth_node(&mut value, &mut n, &mut |target| *target = swap_type(target, kind));
        }
        check(status, &serde_json::to_vec(&value).unwrap());
    }
}

/// The unmutated examples are the baseline: each is a success envelope of its generation and
/// decodes to exactly the payload the documentation shows.
#[test]
fn every_example_response_decodes_to_its_payload() {
    let examples = examples();
    assert!(examples.len() > 200, "only {} examples", examples.len());
    for example in examples {
        check(200, &example.bytes);
        let decoded = if example.v3 {
            decode_v3::<String, Value>(200, &example.bytes)
        } else {
            decode_v2::<String, Value>(200, &example.bytes)
        };
        let expected = if example.v3 {
            &example.response["Response"]
        } else {
            &example.response
        };
        match (decoded, expected.get("Error")) {
            (Ok(value), None) => assert_eq!(&value, expected, "{}", example.action),
            // A documented error answer (today's AllocateAddresses `申请EIP失败`) is the
            // service error it shows.
            (Err(Error::Service(service)), Some(error)) if example.v3 => {
                assert_eq!(Some(service.code.as_str()), error["Code"].as_str());
                assert_eq!(Some(service.message.as_str()), error["Message"].as_str());
            }
            (Ok(value), Some(_)) => panic!("{}: an error decoded as {value}", example.action),
            (Err(err), _) => panic!("{}: {err}", example.action),
        }
    }
}

/// The typed shapes read real data: a guard that the properties above are not checked against
/// shapes that never match anything.
#[test]
fn typed_shapes_read_the_real_examples() {
    let find = |action: &str| {
        examples()
            .iter()
            .find(|example| example.action == action)
            .unwrap_or_else(|| panic!("no example of {action}"))
    };
    let vpcs: v3::DescribeVpcsResponse = decode_v3(200, &find("DescribeVpcs").bytes)
        .map_err(|err: Error<String>| err.to_string())
        .unwrap();
    assert_eq!(vpcs.total_count, Some(1));
    let set = vpcs.vpc_set.unwrap();
    assert_eq!(set[0].vpc_name.as_deref(), Some("DHCP1"));
    assert_eq!(set[0].cidr_block.as_deref(), Some("10.0.0.0/16"));
    assert_eq!(set[0].enable_multicast, Some(false));
    assert_eq!(set[0].is_default, Some(false));

    let vpc_ex: v2::DescribeVpcExResponse = decode_v2(200, &find("DescribeVpcEx").bytes)
        .map_err(|err: Error<String>| err.to_string())
        .unwrap();
    assert_eq!(vpc_ex.total_count, Some(10));
    let data = vpc_ex.data.unwrap();
    assert_eq!(data[0].un_vpc_id.as_deref(), Some("vpc-8e0ypm3z"));
    assert_eq!(data[0].subnet_num, Some(0));

    let price: v3::InquiryPriceCreateVpnGatewayResponse =
        decode_v3(200, &find("InquiryPriceCreateVpnGateway").bytes)
            .map_err(|err: Error<String>| err.to_string())
            .unwrap();
    let instance = price.price.unwrap().instance_price.unwrap();
    assert_eq!(instance.discount_price, Some(380.0));

    let interfaces: v3::DescribeNetworkInterfacesResponse =
        decode_v3(200, &find("DescribeNetworkInterfaces").bytes)
            .map_err(|err: Error<String>| err.to_string())
            .unwrap();
    let first = &interfaces.network_interface_set.unwrap()[0];
    assert_eq!(first.network_interface_id.as_deref(), Some("eni-f1xjkw1b"));
}

/// Bodies the properties found wrong once; kept so they stay fixed.
#[test]
fn regressions() {
    // 200 invalid bytes become 600 bytes of U+FFFD: the snippet must still be cut to 512.
    check(200, &[0xff; 200]);
    // serde_json's fast float parser read this a few ULPs off, so it did not re-serialize.
    check(
        200,
        br#"{"Response": {"Price": {"InstancePrice": {"UnitPrice": -8.466078627836495e+40}}}}"#,
    );
}
