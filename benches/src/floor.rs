//! The floor: hand-written code that produces the same signed bytes as the SDK for the two
//! benchmarked requests, with none of the SDK's generality.
//!
//! It knows the requests' shapes statically, borrows every value, builds each key with one
//! allocation, sorts borrowed pairs, and feeds one buffer to HMAC-SHA256 (or the TC3 chain). It
//! is what a careful person would write by hand for exactly these two requests, so the SDK's
//! time divided by the floor's is the price of going through typed, generated requests and a
//! general runtime.

use crate::fixtures::{FilterData, IngressRule};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::borrow::Cow;

/// Everything besides the business parameters that the signed bytes depend on.
#[derive(Clone, Copy, Debug)]
pub struct FloorContext<'a> {
    /// The signed and sent host.
    pub host: &'a str,
    /// The request path.
    pub path: &'a str,
    /// The API version.
    pub version: &'a str,
    /// The TC3 service name.
    pub service: &'a str,
    /// The `Region` parameter.
    pub region: &'a str,
    /// The `RequestClient` parameter.
    pub request_client: &'a str,
    /// The `Language` parameter.
    pub language: &'a str,
    /// The SecretId.
    pub secret_id: &'a str,
    /// The SecretKey.
    pub secret_key: &'a str,
    /// Unix seconds.
    pub timestamp: i64,
    /// The `Nonce` parameter.
    pub nonce: u64,
}

/// An HmacSHA256-signed POST request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HmacSigned {
    /// `POST` + host + path + `?` + the sorted `k=v` pairs.
    pub string_to_sign: String,
    /// Base64 of the HMAC-SHA256.
    pub signature: String,
    /// The url-encoded body, `Signature` last.
    pub body: String,
}

/// A TC3-HMAC-SHA256-signed POST request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tc3Signed {
    /// The JSON body.
    pub body: String,
    /// The `Authorization` header.
    pub authorization: String,
}

/// DescribeVpcs signed with HmacSHA256.
pub fn hmac_describe_vpcs(
    ctx: &FloorContext<'_>,
    filters: &[FilterData],
    offset: &str,
    limit: &str,
) -> HmacSigned {
    let mut pairs: Vec<(Cow<'static, str>, Cow<'_, str>)> = Vec::with_capacity(32);
    for (index, filter) in filters.iter().enumerate() {
        pairs.push((
            indexed_key("Filters.", index, ".Name").into(),
            filter.name.into(),
        ));
        for (value_index, value) in filter.values.iter().enumerate() {
            let mut key = indexed_key("Filters.", index, ".Values.");
            push_decimal(&mut key, value_index as u64);
            pairs.push((key.into(), (*value).into()));
        }
    }
    pairs.push(("Offset".into(), offset.into()));
    pairs.push(("Limit".into(), limit.into()));
    sign_form(ctx, "DescribeVpcs", &pairs)
}

/// CreateSecurityGroupPolicies (ingress rules only) signed with HmacSHA256.
pub fn hmac_create_security_group_policies(
    ctx: &FloorContext<'_>,
    security_group_id: &str,
    ingress: &[IngressRule],
) -> HmacSigned {
    const PREFIX: &str = "SecurityGroupPolicySet.Ingress.";
    let mut pairs: Vec<(Cow<'static, str>, Cow<'_, str>)> = Vec::with_capacity(48);
    pairs.push(("SecurityGroupId".into(), security_group_id.into()));
    for (index, rule) in ingress.iter().enumerate() {
        let mut policy_index = String::new();
        push_signed(&mut policy_index, rule.policy_index);
        for (member, value) in [
            (".PolicyIndex", Cow::Owned(policy_index)),
            (".Protocol", rule.protocol.into()),
            (".Port", rule.port.into()),
            (".CidrBlock", rule.cidr_block.into()),
            (".Action", rule.action.into()),
            (".PolicyDescription", rule.description.into()),
        ] {
            pairs.push((indexed_key(PREFIX, index, member).into(), value));
        }
    }
    sign_form(ctx, "CreateSecurityGroupPolicies", &pairs)
}

/// Adds the common parameters, sorts, signs and encodes.
fn sign_form(
    ctx: &FloorContext<'_>,
    action: &str,
    business: &[(Cow<'static, str>, Cow<'_, str>)],
) -> HmacSigned {
    let mut nonce = String::new();
    push_decimal(&mut nonce, ctx.nonce);
    let mut timestamp = String::new();
    push_signed(&mut timestamp, ctx.timestamp);
    // The order the official SDKs send them in; only the body sees it, the signature sorts.
    let common: [(&str, &str); 9] = [
        ("Action", action),
        ("RequestClient", ctx.request_client),
        ("Nonce", &nonce),
        ("Timestamp", &timestamp),
        ("Version", ctx.version),
        ("Region", ctx.region),
        ("SecretId", ctx.secret_id),
        ("SignatureMethod", "HmacSHA256"),
        ("Language", ctx.language),
    ];
    let mut sorted: Vec<(&str, &str)> = business
        .iter()
        .map(|(key, value)| (key.as_ref(), value.as_ref()))
        .chain(common.iter().copied())
        .collect();
    // Keys are unique, so an unstable sort gives the one byte order.
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));

    let text_len: usize = sorted.iter().map(|(k, v)| k.len() + v.len() + 2).sum();
    let mut string_to_sign = String::with_capacity(8 + ctx.host.len() + ctx.path.len() + text_len);
    string_to_sign.push_str("POST");
    string_to_sign.push_str(ctx.host);
    string_to_sign.push_str(ctx.path);
    string_to_sign.push('?');
    for (index, (key, value)) in sorted.iter().enumerate() {
        if index > 0 {
            string_to_sign.push('&');
        }
        string_to_sign.push_str(key);
        string_to_sign.push('=');
        string_to_sign.push_str(value);
    }
    let signature = base64::engine::general_purpose::STANDARD.encode(hmac_sha256(
        ctx.secret_key.as_bytes(),
        string_to_sign.as_bytes(),
    ));

    let mut body = String::with_capacity(text_len * 2);
    let all = business
        .iter()
        .map(|(key, value)| (key.as_ref(), value.as_ref()))
        .chain(common.iter().copied())
        .chain([("Signature", signature.as_str())]);
    for (index, (key, value)) in all.enumerate() {
        if index > 0 {
            body.push('&');
        }
        quote_plus(key, &mut body);
        body.push('=');
        quote_plus(value, &mut body);
    }
    HmacSigned {
        string_to_sign,
        signature,
        body,
    }
}

/// DescribeVpcs signed with TC3-HMAC-SHA256 (JSON body).
pub fn tc3_describe_vpcs(
    ctx: &FloorContext<'_>,
    filters: &[FilterData],
    offset: &str,
    limit: &str,
) -> Tc3Signed {
    let mut body = String::with_capacity(256);
    body.push_str(r#"{"Filters":["#);
    for (index, filter) in filters.iter().enumerate() {
        if index > 0 {
            body.push(',');
        }
        body.push_str(r#"{"Name":"#);
        json_string(filter.name, &mut body);
        body.push_str(r#","Values":["#);
        for (value_index, value) in filter.values.iter().enumerate() {
            if value_index > 0 {
                body.push(',');
            }
            json_string(value, &mut body);
        }
        body.push_str("]}");
    }
    body.push_str(r#"],"Offset":"#);
    json_string(offset, &mut body);
    body.push_str(r#","Limit":"#);
    json_string(limit, &mut body);
    body.push('}');
    let authorization = tc3_authorization(ctx, body.as_bytes());
    Tc3Signed {
        body,
        authorization,
    }
}

/// CreateSecurityGroupPolicies (ingress rules only) signed with TC3-HMAC-SHA256.
pub fn tc3_create_security_group_policies(
    ctx: &FloorContext<'_>,
    security_group_id: &str,
    ingress: &[IngressRule],
) -> Tc3Signed {
    let mut body = String::with_capacity(1024);
    body.push_str(r#"{"SecurityGroupId":"#);
    json_string(security_group_id, &mut body);
    body.push_str(r#","SecurityGroupPolicySet":{"Ingress":["#);
    for (index, rule) in ingress.iter().enumerate() {
        if index > 0 {
            body.push(',');
        }
        body.push_str(r#"{"PolicyIndex":"#);
        push_signed(&mut body, rule.policy_index);
        for (member, value) in [
            (r#","Protocol":"#, rule.protocol),
            (r#","Port":"#, rule.port),
            (r#","CidrBlock":"#, rule.cidr_block),
            (r#","Action":"#, rule.action),
            (r#","PolicyDescription":"#, rule.description),
        ] {
            body.push_str(member);
            json_string(value, &mut body);
        }
        body.push('}');
    }
    body.push_str("]}}");
    let authorization = tc3_authorization(ctx, body.as_bytes());
    Tc3Signed {
        body,
        authorization,
    }
}

/// The `Authorization` header of a TC3 POST with a JSON body.
fn tc3_authorization(ctx: &FloorContext<'_>, payload: &[u8]) -> String {
    let date_bytes = utc_date(ctx.timestamp);
    let date = std::str::from_utf8(&date_bytes).unwrap_or_default();
    let mut hex_buffer = [0u8; 64];

    let mut canonical = String::with_capacity(160);
    canonical.push_str("POST\n");
    canonical.push_str(ctx.path);
    canonical.push_str("\n\ncontent-type:application/json\nhost:");
    canonical.push_str(ctx.host);
    canonical.push_str("\n\ncontent-type;host\n");
    canonical.push_str(hex(&Sha256::digest(payload), &mut hex_buffer));

    let mut string_to_sign = String::with_capacity(128);
    string_to_sign.push_str("TC3-HMAC-SHA256\n");
    push_signed(&mut string_to_sign, ctx.timestamp);
    string_to_sign.push('\n');
    string_to_sign.push_str(date);
    string_to_sign.push('/');
    string_to_sign.push_str(ctx.service);
    string_to_sign.push_str("/tc3_request\n");
    string_to_sign.push_str(hex(&Sha256::digest(canonical.as_bytes()), &mut hex_buffer));

    let mut date_key = Vec::with_capacity(3 + ctx.secret_key.len());
    date_key.extend_from_slice(b"TC3");
    date_key.extend_from_slice(ctx.secret_key.as_bytes());
    let secret_date = hmac_sha256(&date_key, date.as_bytes());
    let secret_service = hmac_sha256(&secret_date, ctx.service.as_bytes());
    let secret_signing = hmac_sha256(&secret_service, b"tc3_request");
    let signature = hmac_sha256(&secret_signing, string_to_sign.as_bytes());

    let mut authorization = String::with_capacity(200);
    authorization.push_str("TC3-HMAC-SHA256 Credential=");
    authorization.push_str(ctx.secret_id);
    authorization.push('/');
    authorization.push_str(date);
    authorization.push('/');
    authorization.push_str(ctx.service);
    authorization.push_str("/tc3_request, SignedHeaders=content-type;host, Signature=");
    authorization.push_str(hex(&signature, &mut hex_buffer));
    authorization
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(key) else {
        unreachable!("HMAC takes keys of any length")
    };
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// Lowercase hex of a 32-byte digest, written into `buffer`.
fn hex<'b>(digest: &[u8], buffer: &'b mut [u8; 64]) -> &'b str {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for (index, byte) in digest.iter().take(32).enumerate() {
        buffer[2 * index] = DIGITS[usize::from(byte >> 4)];
        buffer[2 * index + 1] = DIGITS[usize::from(byte & 0x0f)];
    }
    std::str::from_utf8(&buffer[..2 * digest.len().min(32)]).unwrap_or_default()
}

/// `YYYY-MM-DD` of a Unix timestamp between the years 0 and 9999.
fn utc_date(timestamp: i64) -> [u8; 10] {
    let days = timestamp.div_euclid(86_400) + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    let digit = |value: i64| b'0' + value.rem_euclid(10) as u8;
    [
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
    ]
}

/// `prefix` + `index` + `suffix` in one allocation.
fn indexed_key(prefix: &str, index: usize, suffix: &str) -> String {
    let mut key = String::with_capacity(prefix.len() + 20 + suffix.len());
    key.push_str(prefix);
    push_decimal(&mut key, index as u64);
    key.push_str(suffix);
    key
}

fn push_decimal(out: &mut String, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[start..]).unwrap_or_default());
}

fn push_signed(out: &mut String, value: i64) {
    if value < 0 {
        out.push('-');
    }
    push_decimal(out, value.unsigned_abs());
}

/// The bytes `quote_plus` leaves alone: ASCII letters, digits and `_.-~`.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = matches!(byte as u8, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~');
        byte += 1;
    }
    table
};

/// Python's `quote_plus`, as the official SDKs encode: unreserved bytes stay, space is `+`.
/// Runs of unreserved bytes are copied whole, which is most of a request.
fn quote_plus(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = text.as_bytes();
    let mut run_start = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        if UNRESERVED[usize::from(byte)] {
            continue;
        }
        // A run never starts inside a character: non-ASCII bytes are all escaped.
        if run_start < index {
            out.push_str(&text[run_start..index]);
        }
        run_start = index + 1;
        if byte == b' ' {
            out.push('+');
        } else {
            let escaped = [
                b'%',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0x0f)],
            ];
            out.push_str(std::str::from_utf8(&escaped).unwrap_or_default());
        }
    }
    out.push_str(&text[run_start..]);
}

/// A JSON string literal with serde_json's escapes; runs that need none are copied whole.
fn json_string(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let bytes = text.as_bytes();
    let mut run_start = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        let short = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[run_start..index]);
        run_start = index + 1;
        if short.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        } else {
            out.push_str(short);
        }
    }
    out.push_str(&text[run_start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_date_matches_the_runtime() {
        for timestamp in [0, 951_782_400, 951_868_800, 1_529_224_000, 1_700_000_000] {
            let date = utc_date(timestamp);
            assert_eq!(
                std::str::from_utf8(&date).unwrap(),
                tcgen_runtime::sign::utc_date(timestamp)
            );
        }
    }

    #[test]
    fn decimals() {
        let mut text = String::new();
        push_decimal(&mut text, 0);
        text.push(' ');
        push_decimal(&mut text, u64::MAX);
        text.push(' ');
        push_signed(&mut text, i64::MIN);
        assert_eq!(text, format!("0 {} {}", u64::MAX, i64::MIN));
    }

    #[test]
    fn json_strings_match_serde_json() {
        for text in [
            "plain",
            "测试VPC",
            "quote \" back \\ slash",
            "\n\t\r\u{1}\u{8}\u{c}\u{1f}",
        ] {
            let mut out = String::new();
            json_string(text, &mut out);
            assert_eq!(out, serde_json::to_string(text).unwrap());
        }
    }

    #[test]
    fn quote_plus_matches_the_runtime() {
        for text in [
            "a b/c~d*e'测试+=&",
            "测试",
            "x测",
            "测x",
            "",
            "plain-_.~",
            " %",
        ] {
            let mut out = String::new();
            quote_plus(text, &mut out);
            let mut expected = String::new();
            tcgen_runtime::wire::encode_component(text, &mut expected);
            assert_eq!(out, expected, "{text}");
        }
    }
}
