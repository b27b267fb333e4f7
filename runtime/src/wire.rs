//! Builds the exact bytes of one signed attempt: URL, headers and body.
//!
//! Pure and deterministic (timestamp and nonce are inputs), so whole requests can be compared
//! with the official SDKs' output. The parameter order follows those SDKs; servers do not care
//! about it, but it makes the comparison byte-exact.

use crate::api::Language;
use crate::api::{ApiGeneration, ApiInfo};
use crate::credentials::Credentials;
use crate::decimal;
use crate::form::Form;
use crate::method::HttpMethod;
pub use crate::request::json_body;
use crate::sign::{self, SignatureMethod, Tc3Input};
use bytes::Bytes;
use std::fmt;

/// The scheme and authority (host and non-default port) requests go to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// `https` or `http`.
    pub scheme: String,
    /// `host` or `host:port`; also the `Host` header and the host that is signed.
    pub authority: String,
}

impl Endpoint {
    /// `https://host`.
    pub fn https(host: &str) -> Self {
        Endpoint {
            scheme: "https".to_owned(),
            authority: host.to_owned(),
        }
    }

    /// Parses an endpoint override: `host`, `host:port`, `https://host` or `http://host:port`
    /// (a trailing `/` is allowed; other paths, queries and credentials are not).
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("the endpoint is empty".to_owned());
        }
        let with_scheme = if text.contains("://") {
            text.to_owned()
        } else {
            format!("https://{text}")
        };
        let url = reqwest::Url::parse(&with_scheme).map_err(|err| err.to_string())?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!("unsupported scheme `{}`", url.scheme()));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err("the endpoint must not contain user credentials".to_owned());
        }
        if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
            return Err(
                "the endpoint must be a scheme and host only; the API decides the path".to_owned(),
            );
        }
        let host = url
            .host_str()
            .ok_or_else(|| "the endpoint has no host".to_owned())?;
        let authority = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        Ok(Endpoint {
            scheme: url.scheme().to_owned(),
            authority,
        })
    }
}

/// Everything besides the business parameters that one attempt's bytes depend on.
#[derive(Clone, Copy, Debug)]
pub struct AttemptContext<'a> {
    /// The API generation and default host/path.
    pub api: &'a ApiInfo,
    /// The action name.
    pub action: &'a str,
    /// Where the request goes.
    pub endpoint: &'a Endpoint,
    /// The `Region` parameter; `None` leaves it out.
    pub region: Option<&'a str>,
    /// The `Language` parameter (API 3.0 only; `None` leaves it out).
    pub language: Option<Language>,
    /// The `RequestClient` parameter; `None` leaves it out.
    pub request_client: Option<&'a str>,
    /// The signing credentials.
    pub credentials: &'a Credentials,
    /// GET or POST.
    pub http_method: HttpMethod,
    /// How to sign.
    pub signature_method: SignatureMethod,
    /// Unix seconds.
    pub timestamp: i64,
    /// The `Nonce` parameter (HMAC methods only).
    pub nonce: u64,
    /// Send the request unsigned, with `Authorization: SKIP` and no credentials (TC3 only):
    /// for actions whose proof is in the request itself ([`Request::SIGNED`](crate::Request::SIGNED)).
    pub skip_signature: bool,
}

/// The business parameters of one request.
#[derive(Clone, Copy, Debug)]
pub enum Payload<'a> {
    /// Flattened `Key.N.Member` pairs (HMAC methods, and TC3 with GET).
    Form(&'a Form<'a>),
    /// A JSON body (TC3 with POST). The prepared request shares it (a reference-counted clone),
    /// so serializing once serves every attempt without copying the body.
    Json(&'a Bytes),
}

/// One attempt's request, ready to send.
///
/// Header values borrow from the [`AttemptContext`] it was prepared from (`'a`) when they are
/// already text there (the host, the action, the region, the request client, the token) or
/// constant (the content type, the API version, the language); the timestamp is kept inline
/// and only the `Authorization` value is allocated (see [`HeaderValue`]).
/// [`PreparedRequest::into_owned`] detaches it from the context.
#[derive(Clone, PartialEq, Eq)]
pub struct PreparedRequest<'a> {
    /// GET or POST.
    pub method: HttpMethod,
    /// The full URL including the query string.
    pub url: String,
    /// Headers in sending order, `Host` included.
    pub headers: Vec<(&'static str, HeaderValue<'a>)>,
    /// The body (empty for GET): for TC3 POST the payload's JSON, shared with the
    /// [`Payload::Json`] it came from; for HMAC POST the url-encoded form.
    pub body: Bytes,
}

impl PreparedRequest<'_> {
    /// The same request owning every header value.
    pub fn into_owned(self) -> PreparedRequest<'static> {
        PreparedRequest {
            method: self.method,
            url: self.url,
            headers: self
                .headers
                .into_iter()
                .map(|(name, value)| (name, value.into_static()))
                .collect(),
            body: self.body,
        }
    }

    /// The value of the first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(header, _)| header.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// One header value of a [`PreparedRequest`]: text borrowed from the attempt's context, a
/// decimal number kept inline (the timestamp), or owned text (the `Authorization` value), so
/// that only text computed per attempt is allocated. Reads as a `&str` ([`HeaderValue::as_str`],
/// `Deref`, `AsRef<str>`).
#[derive(Clone)]
pub struct HeaderValue<'a>(HeaderRepr<'a>);

#[derive(Clone)]
enum HeaderRepr<'a> {
    Borrowed(&'a str),
    Owned(String),
    /// ASCII digits (and a sign) in `digits[start..]`.
    Decimal {
        digits: [u8; 20],
        start: u8,
    },
}

impl<'a> HeaderValue<'a> {
    /// A signed decimal number, written without allocating.
    pub fn decimal(value: i64) -> Self {
        let mut digits = [0u8; 20];
        let start = 20 - decimal::signed_decimal(value, &mut digits).len();
        HeaderValue(HeaderRepr::Decimal {
            digits,
            start: start as u8,
        })
    }

    /// The value as text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            HeaderRepr::Borrowed(text) => text,
            HeaderRepr::Owned(text) => text,
            HeaderRepr::Decimal { digits, start } => {
                std::str::from_utf8(&digits[usize::from(*start)..]).unwrap_or_default()
            }
        }
    }

    /// The value as an owned `String`.
    pub fn into_owned(self) -> String {
        match self.0 {
            HeaderRepr::Owned(text) => text,
            _ => self.as_str().to_owned(),
        }
    }

    /// The same value, not borrowing anything.
    pub fn into_static(self) -> HeaderValue<'static> {
        HeaderValue(match self.0 {
            HeaderRepr::Borrowed(text) => HeaderRepr::Owned(text.to_owned()),
            HeaderRepr::Owned(text) => HeaderRepr::Owned(text),
            HeaderRepr::Decimal { digits, start } => HeaderRepr::Decimal { digits, start },
        })
    }
}

impl<'a> From<&'a str> for HeaderValue<'a> {
    fn from(text: &'a str) -> Self {
        HeaderValue(HeaderRepr::Borrowed(text))
    }
}

impl From<String> for HeaderValue<'_> {
    fn from(text: String) -> Self {
        HeaderValue(HeaderRepr::Owned(text))
    }
}

impl std::ops::Deref for HeaderValue<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for HeaderValue<'_> {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for HeaderValue<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for HeaderValue<'_> {}

impl PartialEq<str> for HeaderValue<'_> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for HeaderValue<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Debug for HeaderValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for HeaderValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for HeaderValue<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl fmt::Debug for PreparedRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The query, the headers and the body carry the token; show only their shape.
        let url_without_query = self.url.split('?').next().unwrap_or_default();
        f.debug_struct("PreparedRequest")
            .field("method", &self.method)
            .field("url", &url_without_query)
            .field(
                "headers",
                &self
                    .headers
                    .iter()
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>(),
            )
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// Content type of form-encoded bodies (and of TC3 GET requests).
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";
/// Content type of TC3 JSON bodies.
pub const JSON_CONTENT_TYPE: &str = "application/json";

/// Builds and signs one attempt.
pub fn prepare<'a>(
    ctx: &AttemptContext<'a>,
    payload: Payload<'_>,
) -> Result<PreparedRequest<'a>, String> {
    match (ctx.signature_method.hmac_algorithm(), payload) {
        (Some(algorithm), Payload::Form(params)) => Ok(prepare_hmac(ctx, algorithm, params)),
        (Some(_), Payload::Json(_)) => {
            Err("HMAC signatures need form parameters, not a JSON body".to_owned())
        }
        (None, payload) => prepare_tc3(ctx, payload),
    }
}

fn prepare_hmac<'a>(
    ctx: &AttemptContext<'a>,
    algorithm: sign::HmacAlgorithm,
    business: &Form<'_>,
) -> PreparedRequest<'a> {
    let mut nonce_buffer = [0u8; 20];
    let nonce = decimal::unsigned_decimal(ctx.nonce, &mut nonce_buffer);
    let mut timestamp_buffer = [0u8; 20];
    let timestamp = decimal::signed_decimal(ctx.timestamp, &mut timestamp_buffer);
    // The common parameters in sending order; their keys are plain (no `_`, nothing to encode).
    let mut common: [(&str, &str); 11] = [("", ""); 11];
    let mut count = 0;
    let mut add = |key: &'static str, value| {
        common[count] = (key, value);
        count += 1;
    };
    let token = ctx.credentials.token().map(|t| t.expose_secret());
    match ctx.api.generation {
        ApiGeneration::V3 { version } => {
            add("Action", ctx.action);
            if let Some(client) = ctx.request_client {
                add("RequestClient", client);
            }
            add("Nonce", nonce);
            add("Timestamp", timestamp);
            add("Version", version);
            if let Some(region) = ctx.region {
                add("Region", region);
            }
            if let Some(token) = token {
                add("Token", token);
            }
            add("SecretId", ctx.credentials.secret_id());
            add("SignatureMethod", algorithm.as_str());
            if let Some(language) = ctx.language {
                add("Language", language.as_str());
            }
        }
        ApiGeneration::V2 => {
            add("Timestamp", timestamp);
            add("Nonce", nonce);
            add("Action", ctx.action);
            if let Some(client) = ctx.request_client {
                add("RequestClient", client);
            }
            if let Some(region) = ctx.region {
                add("Region", region);
            }
            if let Some(token) = token {
                add("Token", token);
            }
            add("SecretId", ctx.credentials.secret_id());
            add("SignatureMethod", algorithm.as_str());
        }
    }
    let common = &common[..count];
    // Plain keys (every generated request's) have no `_` and are their own url encoding.
    let plain = business.plain_keys();
    let mut sorted_business: Vec<(&str, &str)> = business.iter().collect();
    sign::sort_for_signing(&mut sorted_business, !plain);
    let mut sorted_common = [("", ""); 11];
    let sorted_common = &mut sorted_common[..count];
    sorted_common.copy_from_slice(common);
    sign::sort_for_signing(sorted_common, false);

    // One buffer, sized once for the larger of its two uses: first the string to sign, then
    // (cleared) the url-encoded body, each value at most three times its length.
    let text_len: usize = business
        .iter()
        .chain(common.iter().copied())
        .map(|(key, value)| {
            let key_len = if plain { key.len() } else { 3 * key.len() };
            key_len + 3 * value.len() + 2
        })
        .sum();
    let mut buffer = String::with_capacity(
        text_len
            + 3 * sign::HMAC_SIGNATURE_MAX_LEN
            + 16
            + ctx.endpoint.authority.len()
            + ctx.api.path.len(),
    );
    sign::write_sorted_string_to_sign(
        ctx.http_method,
        &ctx.endpoint.authority,
        ctx.api.path,
        &sorted_business,
        sorted_common,
        !plain,
        &mut buffer,
    );
    let mut signature_buffer = [0u8; sign::HMAC_SIGNATURE_MAX_LEN];
    let signature = sign::hmac_signature_into(
        algorithm,
        ctx.credentials.secret_key().expose_secret(),
        &buffer,
        &mut signature_buffer,
    );
    buffer.clear();
    for (index, (key, value)) in business.iter().enumerate() {
        if index > 0 {
            buffer.push('&');
        }
        if plain {
            buffer.push_str(key);
        } else {
            encode_component(key, &mut buffer);
        }
        buffer.push('=');
        encode_component(value, &mut buffer);
    }
    for (key, value) in common.iter().chain([&("Signature", signature)]) {
        if !buffer.is_empty() {
            buffer.push('&');
        }
        buffer.push_str(key);
        buffer.push('=');
        encode_component(value, &mut buffer);
    }
    let mut headers: Vec<(&'static str, HeaderValue<'a>)> = Vec::with_capacity(2);
    headers.push(("Host", ctx.endpoint.authority.as_str().into()));
    match ctx.http_method {
        HttpMethod::Get => {
            let mut url = base_url(ctx, buffer.len() + 1);
            url.push('?');
            url.push_str(&buffer);
            PreparedRequest {
                method: HttpMethod::Get,
                url,
                headers,
                body: Bytes::new(),
            }
        }
        HttpMethod::Post => {
            headers.push(("Content-Type", FORM_CONTENT_TYPE.into()));
            PreparedRequest {
                method: HttpMethod::Post,
                url: base_url(ctx, 0),
                headers,
                body: Bytes::from(buffer.into_bytes()),
            }
        }
    }
}

/// `scheme://authority/path`, with room for `extra` more bytes.
fn base_url(ctx: &AttemptContext<'_>, extra: usize) -> String {
    let scheme = &ctx.endpoint.scheme;
    let authority = &ctx.endpoint.authority;
    let mut url =
        String::with_capacity(scheme.len() + 3 + authority.len() + ctx.api.path.len() + extra);
    url.push_str(scheme);
    url.push_str("://");
    url.push_str(authority);
    url.push_str(ctx.api.path);
    url
}

fn prepare_tc3<'a>(
    ctx: &AttemptContext<'a>,
    payload: Payload<'_>,
) -> Result<PreparedRequest<'a>, String> {
    let ApiGeneration::V3 { version } = ctx.api.generation else {
        return Err(
            "TC3-HMAC-SHA256 is not supported by the v2 API; use HmacSHA1 or HmacSHA256".to_owned(),
        );
    };
    let (query, content_type, body) = match (ctx.http_method, payload) {
        (HttpMethod::Post, Payload::Json(json)) => (String::new(), JSON_CONTENT_TYPE, json.clone()),
        (HttpMethod::Get, Payload::Form(form)) => {
            let mut query = String::with_capacity(encoded_len_estimate(form.iter()));
            write_encoded_pairs(form.iter(), &mut query);
            (query, FORM_CONTENT_TYPE, Bytes::new())
        }
        (HttpMethod::Post, Payload::Form(_)) => {
            return Err("TC3 POST requests carry a JSON body, not form parameters".to_owned())
        }
        (HttpMethod::Get, Payload::Json(_)) => {
            return Err("TC3 GET requests carry form parameters, not a JSON body".to_owned())
        }
    };
    let input = Tc3Input {
        http_method: ctx.http_method,
        host: &ctx.endpoint.authority,
        path: ctx.api.path,
        query: &query,
        content_type,
        payload: &body,
        service: ctx.api.service,
        timestamp: ctx.timestamp,
        secret_id: ctx.credentials.secret_id(),
        secret_key: ctx.credentials.secret_key().expose_secret(),
    };
    let mut authorization = String::new();
    if ctx.skip_signature {
        authorization.push_str(SKIP_SIGNATURE);
    } else {
        let signature = sign::tc3_signature(&input);
        signature.write_authorization(&input, &mut authorization);
    }
    let mut headers: Vec<(&'static str, HeaderValue<'a>)> = Vec::with_capacity(10);
    headers.push(("Content-Type", content_type.into()));
    headers.push(("Host", ctx.endpoint.authority.as_str().into()));
    headers.push(("X-TC-Action", ctx.action.into()));
    if let Some(client) = ctx.request_client {
        headers.push(("X-TC-RequestClient", client.into()));
    }
    headers.push(("X-TC-Timestamp", HeaderValue::decimal(ctx.timestamp)));
    headers.push(("X-TC-Version", version.into()));
    if let Some(region) = ctx.region {
        headers.push(("X-TC-Region", region.into()));
    }
    if let Some(token) = ctx.credentials.token().filter(|_| !ctx.skip_signature) {
        headers.push(("X-TC-Token", token.expose_secret().into()));
    }
    if let Some(language) = ctx.language {
        headers.push(("X-TC-Language", language.as_str().into()));
    }
    headers.push(("Authorization", authorization.into()));
    let mut url = base_url(ctx, if query.is_empty() { 0 } else { query.len() + 1 });
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query);
    }
    Ok(PreparedRequest {
        method: ctx.http_method,
        url,
        headers,
        body,
    })
}

/// The `Authorization` of an unsigned TC3 request, as the official SDKs send it.
pub const SKIP_SIGNATURE: &str = "SKIP";

/// Percent-encodes one query component like the official SDKs (Python's `quote_plus`):
/// ASCII letters, digits and `_.-~` stay, space becomes `+`, every other byte `%XX`.
pub fn encode_component(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    const UNRESERVED: [bool; 256] = {
        let mut table = [false; 256];
        let mut byte = 0;
        while byte < 256 {
            table[byte] = matches!(byte as u8, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~');
            byte += 1;
        }
        table
    };
    let mut run_start = 0;
    for (index, &byte) in text.as_bytes().iter().enumerate() {
        if UNRESERVED[usize::from(byte)] {
            continue;
        }
        if run_start < index {
            out.push_str(&text[run_start..index]);
        }
        run_start = index + 1;
        if byte == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out.push_str(&text[run_start..]);
}

/// `k=v&k=v` with both sides encoded by [`encode_component`], in the given order.
pub fn encode_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    let pairs = pairs.iter().map(|(k, v)| (k.as_ref(), v.as_ref()));
    let mut out = String::with_capacity(encoded_len_estimate(pairs.clone()));
    write_encoded_pairs(pairs, &mut out);
    out
}

/// A guess of the encoded length of `pairs` (half of the text escaped) to reserve up front.
fn encoded_len_estimate<'p>(pairs: impl IntoIterator<Item = (&'p str, &'p str)>) -> usize {
    pairs
        .into_iter()
        .map(|(k, v)| (k.len() + v.len()) * 3 / 2 + 2)
        .sum()
}

/// Appends `k=v&k=v` (see [`encode_pairs`]) to `out`.
fn write_encoded_pairs<'p>(pairs: impl IntoIterator<Item = (&'p str, &'p str)>, out: &mut String) {
    for (index, (key, value)) in pairs.into_iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        encode_component(key, out);
        out.push('=');
        encode_component(value, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_forms() {
        assert_eq!(
            Endpoint::parse("vpc.tencentcloudapi.com"),
            Ok(Endpoint::https("vpc.tencentcloudapi.com"))
        );
        assert_eq!(
            Endpoint::parse("https://vpc.ap-shanghai.tencentcloudapi.com/"),
            Ok(Endpoint::https("vpc.ap-shanghai.tencentcloudapi.com"))
        );
        assert_eq!(
            Endpoint::parse("http://127.0.0.1:8080"),
            Ok(Endpoint {
                scheme: "http".into(),
                authority: "127.0.0.1:8080".into()
            })
        );
        // The default port is not part of the signed host.
        assert_eq!(
            Endpoint::parse("https://h.example:443"),
            Ok(Endpoint::https("h.example"))
        );
        for bad in [
            "",
            "ftp://h",
            "https://u:p@h",
            "https://h/v2/index.php",
            "https://h/?a=1",
            "http://",
        ] {
            assert!(Endpoint::parse(bad).is_err(), "{bad}");
        }
    }

    /// The fast path (plain keys: merged sort, keys copied unencoded) and the general one
    /// (keys with `_`, spaces, non-ASCII, duplicates of common parameters) both sign what
    /// `sign::sign_hmac` signs over every parameter in sending order, and send that order.
    #[test]
    fn prepared_form_signs_like_the_general_signer() {
        use crate::api::{ApiGeneration, ApiInfo};
        use crate::credentials::Credentials;
        let api = ApiInfo {
            generation: ApiGeneration::V3 {
                version: "2017-03-12",
            },
            service: "vpc",
            host: "vpc.tencentcloudapi.com",
            path: "/",
        };
        let endpoint = Endpoint::https(api.host);
        let credentials = Credentials::new("AKIDexample", "secret");
        let ctx = AttemptContext {
            api: &api,
            action: "DescribeVpcs",
            endpoint: &endpoint,
            region: Some("ap-guangzhou"),
            language: Some(Language::ZhCn),
            request_client: Some("tests"),
            credentials: &credentials,
            http_method: HttpMethod::Post,
            signature_method: SignatureMethod::HmacSha256,
            timestamp: 1_700_000_000,
            nonce: 42,
            skip_signature: false,
        };
        let cases: [&[(&str, &str)]; 4] = [
            &[
                ("Filters.1.Name", "b"),
                ("Filters.0.Values.10", "x y"),
                ("Filters.0.Values.9", "测"),
                ("Limit", "20"),
            ],
            &[
                ("SecurityGroupPolicySet.Ingress.0.Port", "22"),
                ("SecurityGroupPolicySet.Ingress.0.PolicyIndex", "0"),
                ("SecurityGroupId", "sg-1"),
                ("Region", "dup"),
            ],
            &[
                ("a_b", "1"),
                ("a.a", "2"),
                ("a c", "3"),
                ("Z", "4"),
                ("Region", "dup"),
            ],
            &[],
        ];
        for pairs in cases {
            let form = Form::from_pairs(pairs);
            let prepared = prepare(&ctx, Payload::Form(&form)).unwrap();
            let body = String::from_utf8(prepared.body.to_vec()).unwrap();
            let sent: Vec<(String, String)> = body
                .split('&')
                .map(|pair| {
                    let (key, value) = pair.split_once('=').unwrap();
                    (decode(key), decode(value))
                })
                .collect();
            let (signature, signed) = sent.split_last().unwrap();
            assert_eq!(signature.0, "Signature");
            assert_eq!(
                &signed[..pairs.len()],
                &Form::from_pairs(pairs).to_pairs()[..]
            );
            let expected = sign::sign_hmac(
                sign::HmacAlgorithm::Sha256,
                HttpMethod::Post,
                &endpoint.authority,
                "/",
                signed,
                "secret",
            );
            assert_eq!(signature.1, expected.signature, "{pairs:?}");
        }
    }

    fn decode(text: &str) -> String {
        let mut out = Vec::new();
        let mut bytes = text.bytes();
        while let Some(byte) = bytes.next() {
            match byte {
                b'+' => out.push(b' '),
                b'%' => {
                    let hex = [bytes.next().unwrap(), bytes.next().unwrap()];
                    let hex = std::str::from_utf8(&hex).unwrap();
                    out.push(u8::from_str_radix(hex, 16).unwrap());
                }
                other => out.push(other),
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn header_values_read_as_text() {
        assert_eq!(HeaderValue::decimal(1_700_000_000), "1700000000");
        assert_eq!(HeaderValue::decimal(-5).as_str(), "-5");
        assert_eq!(
            HeaderValue::decimal(i64::MIN).into_owned(),
            i64::MIN.to_string()
        );
        let borrowed = HeaderValue::from("vpc.tencentcloudapi.com");
        assert_eq!(borrowed.clone().into_static(), borrowed);
        assert_eq!(HeaderValue::from(String::from("x")).into_owned(), "x");
    }

    #[test]
    fn encoding_matches_quote_plus() {
        assert_eq!(
            encode_pairs(&[("a b", "测试/~*'"), ("Sig", "t9Nd5/hasp+0=")]),
            "a+b=%E6%B5%8B%E8%AF%95%2F~%2A%27&Sig=t9Nd5%2Fhasp%2B0%3D"
        );
    }
}
