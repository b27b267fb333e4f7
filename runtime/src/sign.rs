//! Request signatures: HmacSHA1/HmacSHA256 (API 3.0 and the legacy v2 API) and TC3-HMAC-SHA256.
//!
//! Everything here is pure: given the request's parts and a secret key it returns the string to
//! sign and the signature, so it can be checked against known-answer vectors without a network.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

/// The HTTP method of a request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// Parameters in the query string.
    Get,
    /// Parameters in the body (form-encoded for HMAC signatures, JSON for TC3).
    #[default]
    Post,
}

impl HttpMethod {
    /// `GET` or `POST`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a request is signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignatureMethod {
    /// `HmacSHA1` over the sorted parameters.
    HmacSha1,
    /// `HmacSHA256` over the sorted parameters.
    HmacSha256,
    /// `TC3-HMAC-SHA256` over a canonical request (API 3.0 only).
    Tc3HmacSha256,
}

impl SignatureMethod {
    /// The wire name: `HmacSHA1`, `HmacSHA256` or `TC3-HMAC-SHA256`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureMethod::HmacSha1 => "HmacSHA1",
            SignatureMethod::HmacSha256 => "HmacSHA256",
            SignatureMethod::Tc3HmacSha256 => TC3_ALGORITHM,
        }
    }

    /// The HMAC algorithm of the parameter-signing methods; `None` for TC3.
    pub fn hmac_algorithm(self) -> Option<HmacAlgorithm> {
        match self {
            SignatureMethod::HmacSha1 => Some(HmacAlgorithm::Sha1),
            SignatureMethod::HmacSha256 => Some(HmacAlgorithm::Sha256),
            SignatureMethod::Tc3HmacSha256 => None,
        }
    }
}

impl fmt::Display for SignatureMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown signature method name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown signature method `{0}` (expected HmacSHA1, HmacSHA256 or TC3-HMAC-SHA256)")]
pub struct UnknownSignatureMethod(pub String);

impl FromStr for SignatureMethod {
    type Err = UnknownSignatureMethod;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "HmacSHA1" => Ok(SignatureMethod::HmacSha1),
            "HmacSHA256" => Ok(SignatureMethod::HmacSha256),
            TC3_ALGORITHM => Ok(SignatureMethod::Tc3HmacSha256),
            other => Err(UnknownSignatureMethod(other.to_owned())),
        }
    }
}

/// The hash of the parameter-signing methods.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HmacAlgorithm {
    /// HMAC-SHA1 (`HmacSHA1`).
    Sha1,
    /// HMAC-SHA256 (`HmacSHA256`).
    Sha256,
}

impl HmacAlgorithm {
    /// The `SignatureMethod` parameter value.
    pub fn as_str(self) -> &'static str {
        match self {
            HmacAlgorithm::Sha1 => "HmacSHA1",
            HmacAlgorithm::Sha256 => "HmacSHA256",
        }
    }
}

/// The string to sign and signature of an HMAC-signed request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HmacSigned {
    /// `METHOD + host + path + "?" + k=v&...` with keys sorted.
    pub string_to_sign: String,
    /// Standard base64 of the HMAC (url-encode it only on the wire).
    pub signature: String,
}

/// Builds the string to sign of HmacSHA1/HmacSHA256 requests (API 3.0 and v2 alike):
/// `METHOD + host + path + "?" + k=v` pairs joined by `&`, sorted by key in byte order, values
/// raw (not url-encoded).
///
/// Like the official SDKs, `_` in keys becomes `.` in the string to sign only: PHP turns `.` in
/// incoming names into `_`, so the server signs the dotted form. `params` must include every
/// parameter that is sent except `Signature` itself.
///
/// Unlike the legacy Python SDK, values starting with `@` are signed like any other: that SDK
/// leaves them out because it uploads them as files, and this runtime never uploads files.
pub fn hmac_string_to_sign<K, V>(
    http_method: HttpMethod,
    host: &str,
    path: &str,
    params: &[(K, V)],
) -> String
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut sorted: Vec<(std::borrow::Cow<'_, str>, &str)> = params
        .iter()
        .map(|(k, v)| {
            let k = k.as_ref();
            let key = if k.contains('_') {
                std::borrow::Cow::Owned(k.replace('_', "."))
            } else {
                std::borrow::Cow::Borrowed(k)
            };
            (key, v.as_ref())
        })
        .collect();
    // Byte order of UTF-8 equals code-point order, which is what the SDKs' sorted() uses.
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut text = String::with_capacity(
        host.len()
            + path.len()
            + 8
            + sorted
                .iter()
                .map(|(k, v)| k.len() + v.len() + 2)
                .sum::<usize>(),
    );
    text.push_str(http_method.as_str());
    text.push_str(host);
    text.push_str(path);
    text.push('?');
    for (index, (key, value)) in sorted.iter().enumerate() {
        if index > 0 {
            text.push('&');
        }
        text.push_str(key);
        text.push('=');
        text.push_str(value);
    }
    text
}

/// Base64 of the HMAC of `string_to_sign` keyed with `secret_key`.
pub fn hmac_signature(algorithm: HmacAlgorithm, secret_key: &str, string_to_sign: &str) -> String {
    let digest = match algorithm {
        HmacAlgorithm::Sha1 => {
            hmac_bytes::<Hmac<sha1::Sha1>>(secret_key.as_bytes(), string_to_sign)
        }
        HmacAlgorithm::Sha256 => hmac_bytes::<Hmac<Sha256>>(secret_key.as_bytes(), string_to_sign),
    };
    base64::engine::general_purpose::STANDARD.encode(digest)
}

/// Signs an HMAC request: [`hmac_string_to_sign`] then [`hmac_signature`].
pub fn sign_hmac<K, V>(
    algorithm: HmacAlgorithm,
    http_method: HttpMethod,
    host: &str,
    path: &str,
    params: &[(K, V)],
    secret_key: &str,
) -> HmacSigned
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let string_to_sign = hmac_string_to_sign(http_method, host, path, params);
    let signature = hmac_signature(algorithm, secret_key, &string_to_sign);
    HmacSigned {
        string_to_sign,
        signature,
    }
}

fn hmac_bytes<M: Mac + hmac::digest::KeyInit>(key: &[u8], message: &str) -> Vec<u8> {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(message.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// The algorithm name of TC3 signatures.
pub const TC3_ALGORITHM: &str = "TC3-HMAC-SHA256";

/// The parts of a request that a TC3-HMAC-SHA256 signature covers.
#[derive(Clone, Copy, Debug)]
pub struct Tc3Input<'a> {
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The `Host` header value.
    pub host: &'a str,
    /// The canonical URI, e.g. `/`.
    pub path: &'a str,
    /// The query string exactly as sent (empty for POST).
    pub query: &'a str,
    /// The `Content-Type` header value.
    pub content_type: &'a str,
    /// The body exactly as sent (empty for GET).
    pub payload: &'a [u8],
    /// The service name of the credential scope, e.g. `vpc`.
    pub service: &'a str,
    /// Unix seconds, also sent as `X-TC-Timestamp`.
    pub timestamp: i64,
    /// The SecretId.
    pub secret_id: &'a str,
    /// The SecretKey.
    pub secret_key: &'a str,
}

/// Every intermediate value of a TC3 signature, for checking and debugging.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tc3Signed {
    /// Hex SHA-256 of the payload.
    pub hashed_payload: String,
    /// The canonical request.
    pub canonical_request: String,
    /// The UTC date of the timestamp, `YYYY-MM-DD`.
    pub date: String,
    /// `date/service/tc3_request`.
    pub credential_scope: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// Hex signature.
    pub signature: String,
    /// The `Authorization` header value.
    pub authorization: String,
}

/// The headers a TC3 signature covers (only these; the `X-TC-*` headers are not signed).
pub const TC3_SIGNED_HEADERS: &str = "content-type;host";

/// Computes a TC3-HMAC-SHA256 signature.
pub fn sign_tc3(input: &Tc3Input<'_>) -> Tc3Signed {
    let hashed_payload = hex(&Sha256::digest(input.payload));
    let canonical_request = format!(
        "{method}\n{path}\n{query}\ncontent-type:{content_type}\nhost:{host}\n\n{signed}\n{hashed_payload}",
        method = input.http_method.as_str(),
        path = input.path,
        query = input.query,
        content_type = input.content_type,
        host = input.host,
        signed = TC3_SIGNED_HEADERS,
    );
    let date = utc_date(input.timestamp);
    let credential_scope = format!("{date}/{}/tc3_request", input.service);
    let string_to_sign = format!(
        "{TC3_ALGORITHM}\n{}\n{credential_scope}\n{}",
        input.timestamp,
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );
    let secret_date = hmac_sha256(format!("TC3{}", input.secret_key).as_bytes(), &date);
    let secret_service = hmac_sha256(&secret_date, input.service);
    let secret_signing = hmac_sha256(&secret_service, "tc3_request");
    let signature = hex(&hmac_sha256(&secret_signing, &string_to_sign));
    let authorization = format!(
        "{TC3_ALGORITHM} Credential={}/{credential_scope}, SignedHeaders={TC3_SIGNED_HEADERS}, Signature={signature}",
        input.secret_id
    );
    Tc3Signed {
        hashed_payload,
        canonical_request,
        date,
        credential_scope,
        string_to_sign,
        signature,
        authorization,
    }
}

fn hmac_sha256(key: &[u8], message: &str) -> Vec<u8> {
    hmac_bytes::<Hmac<Sha256>>(key, message)
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(DIGITS[usize::from(byte >> 4)] as char);
        text.push(DIGITS[usize::from(byte & 0x0f)] as char);
    }
    text
}

/// The UTC calendar date (`YYYY-MM-DD`) of a Unix timestamp.
pub fn utc_date(timestamp: i64) -> String {
    // Days-to-civil conversion from Howard Hinnant's date algorithms (proleptic Gregorian).
    let days = timestamp.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
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
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(1_529_224_000), "2018-06-17");
        assert_eq!(utc_date(1_551_113_065), "2019-02-25");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
        assert_eq!(utc_date(951_868_799), "2000-02-29");
        assert_eq!(utc_date(951_868_800), "2000-03-01");
        assert_eq!(utc_date(-1), "1969-12-31");
        assert_eq!(utc_date(4_102_444_800), "2100-01-01");
    }

    #[test]
    fn string_to_sign_sorts_keys_bytewise_and_dots_underscores() {
        let params = [
            ("InstanceIds.2", "b"),
            ("InstanceIds.10", "a"),
            ("subnetSet_0_subnetName", "x y"),
            ("Action", "Do"),
        ];
        assert_eq!(
            hmac_string_to_sign(
                HttpMethod::Get,
                "vpc.api.qcloud.com",
                "/v2/index.php",
                &params
            ),
            "GETvpc.api.qcloud.com/v2/index.php?Action=Do&InstanceIds.10=a&InstanceIds.2=b\
             &subnetSet.0.subnetName=x y"
        );
    }

    #[test]
    fn signature_method_names_round_trip() {
        for method in [
            SignatureMethod::HmacSha1,
            SignatureMethod::HmacSha256,
            SignatureMethod::Tc3HmacSha256,
        ] {
            assert_eq!(method.as_str().parse::<SignatureMethod>(), Ok(method));
        }
        assert!("hmacsha1".parse::<SignatureMethod>().is_err());
    }

    #[test]
    fn hmac_sha1_matches_rfc2202() {
        // RFC 2202 test case 2, base64 of effcdf6ae5eb2fa2d27416d5f184df9c259a7c79.
        assert_eq!(
            hmac_signature(HmacAlgorithm::Sha1, "Jefe", "what do ya want for nothing?"),
            "7/zfauXrL6LSdBbV8YTfnCWafHk="
        );
    }

    #[test]
    fn hex_is_lowercase() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
    }
}
