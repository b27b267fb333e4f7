//! Response envelopes of both API generations.
//!
//! API 3.0: `{"Response": {..., "RequestId": "..."}}`, errors as
//! `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`.
//! v2: `{"code": 0, "message": "", "codeDesc": "Success", ...}`, errors with a non-zero `code`
//! and often a module code leading the message: `(100004)projectId不正确`.
//!
//! Decoding takes two streaming passes over the bytes: a probe that reads only the error and
//! request id fields (serde skips every other field without building values), then, on success,
//! the typed decode of the payload.

use crate::error::{Error, ErrorCode, ServiceError};
use crate::lenient;
use serde::de::DeserializeOwned;
use serde::Deserialize;

#[derive(Deserialize)]
struct V3Probe {
    #[serde(rename = "Response")]
    response: Option<V3ProbeInner>,
}

#[derive(Deserialize)]
struct V3ProbeInner {
    #[serde(rename = "Error", default)]
    error: Option<V3Error>,
    #[serde(rename = "RequestId", default, deserialize_with = "lenient::option")]
    request_id: Option<String>,
}

#[derive(Deserialize)]
struct V3Error {
    #[serde(rename = "Code", default, deserialize_with = "lenient::option")]
    code: Option<String>,
    #[serde(rename = "Message", default, deserialize_with = "lenient::option")]
    message: Option<String>,
}

#[derive(Deserialize)]
struct V3Payload<T> {
    #[serde(rename = "Response")]
    response: T,
}

/// Decodes an API 3.0 response body: the object inside `"Response"` becomes `T`, an
/// `"Error"` inside it becomes [`Error::Service`]. `status` is the HTTP status.
pub fn decode_v3<C: ErrorCode, T: DeserializeOwned>(
    status: u16,
    body: &[u8],
) -> Result<T, Error<C>> {
    decode_v3_with_request_id(status, body).map(|(value, _)| value)
}

/// [`decode_v3`], also returning the request id of a successful response.
pub fn decode_v3_with_request_id<C: ErrorCode, T: DeserializeOwned>(
    status: u16,
    body: &[u8],
) -> Result<(T, Option<String>), Error<C>> {
    let probe: V3Probe =
        serde_json::from_slice(body).map_err(|err| not_an_envelope(status, body, &err))?;
    let Some(inner) = probe.response else {
        return Err(Error::decode(
            status,
            "response has no `Response` object",
            body,
            None,
        ));
    };
    if let Some(error) = inner.error {
        let code = error.code.unwrap_or_default();
        if code.is_empty() {
            return Err(Error::decode(
                status,
                "`Response.Error` has no `Code`",
                body,
                inner.request_id,
            ));
        }
        return Err(Error::Service(Box::new(ServiceError {
            code: C::from_code(&code),
            message: error.message.unwrap_or_default(),
            request_id: inner.request_id,
            numeric_code: None,
            code_desc: None,
            module_code: None,
            attempts: 1,
        })));
    }
    if !(200..300).contains(&status) {
        return Err(Error::decode(
            status,
            format!("HTTP status {status} without an error in the envelope"),
            body,
            inner.request_id,
        ));
    }
    let request_id = inner.request_id;
    match serde_json::from_slice::<V3Payload<T>>(body) {
        Ok(payload) => Ok((payload.response, request_id)),
        Err(err) => Err(Error::decode(
            status,
            format!("`Response` does not match the expected type: {err}"),
            body,
            request_id,
        )),
    }
}

#[derive(Deserialize)]
struct V2Probe {
    #[serde(default, deserialize_with = "lenient::option")]
    code: Option<i64>,
    #[serde(default, deserialize_with = "lenient::option")]
    message: Option<String>,
    #[serde(rename = "codeDesc", default, deserialize_with = "lenient::option")]
    code_desc: Option<String>,
    #[serde(rename = "requestId", default, deserialize_with = "lenient::option")]
    request_id_camel: Option<String>,
    #[serde(rename = "RequestId", default, deserialize_with = "lenient::option")]
    request_id_pascal: Option<String>,
}

/// Decodes a legacy v2 response body: the whole object becomes `T` when `code` is 0, anything
/// else becomes [`Error::Service`] with the numeric code, `codeDesc` and the module code found
/// at the start of the message.
pub fn decode_v2<C: ErrorCode, T: DeserializeOwned>(
    status: u16,
    body: &[u8],
) -> Result<T, Error<C>> {
    decode_v2_with_request_id(status, body).map(|(value, _)| value)
}

/// [`decode_v2`], also returning the request id of a successful response.
pub fn decode_v2_with_request_id<C: ErrorCode, T: DeserializeOwned>(
    status: u16,
    body: &[u8],
) -> Result<(T, Option<String>), Error<C>> {
    let probe: V2Probe =
        serde_json::from_slice(body).map_err(|err| not_an_envelope(status, body, &err))?;
    let request_id = probe.request_id_camel.or(probe.request_id_pascal);
    let Some(code) = probe.code else {
        return Err(Error::decode(
            status,
            "response has no numeric `code`",
            body,
            request_id,
        ));
    };
    if code != 0 {
        let message = probe.message.unwrap_or_default();
        let code_desc = probe.code_desc.filter(|desc| !desc.is_empty());
        return Err(Error::Service(Box::new(ServiceError {
            code: v2_code(code, code_desc.as_deref()),
            module_code: module_code(&message),
            message,
            request_id,
            numeric_code: Some(code),
            code_desc,
            attempts: 1,
        })));
    }
    if !(200..300).contains(&status) {
        return Err(Error::decode(
            status,
            format!("HTTP status {status} with a success envelope"),
            body,
            request_id,
        ));
    }
    match serde_json::from_slice::<T>(body) {
        Ok(value) => Ok((value, request_id)),
        Err(err) => Err(Error::decode(
            status,
            format!("response does not match the expected type: {err}"),
            body,
            request_id,
        )),
    }
}

/// The [`Error::Decode`] of a body that is not JSON at all; an empty body is said so, since
/// gateways answer 502s and 504s with nothing.
fn not_an_envelope<C>(status: u16, body: &[u8], err: &serde_json::Error) -> Error<C> {
    let message = if body.iter().all(u8::is_ascii_whitespace) {
        "response is not a valid envelope: the body is empty".to_owned()
    } else {
        format!("response is not a valid envelope: {err}")
    };
    Error::decode(status, message, body, None)
}

/// The variant of a v2 error: the numeric code's when the docs list it, whatever `codeDesc`
/// says (`codeDesc` is the module's own word and varies for one documented number); else
/// `codeDesc`'s (module codes like `InvalidVpc.NotFound` come with a code
/// the docs do not list); else the unlisted number.
fn v2_code<C: ErrorCode>(code: i64, code_desc: Option<&str>) -> C {
    let numeric = C::from_code(&code.to_string());
    match code_desc {
        Some(desc) if !numeric.is_documented() => C::from_code(desc),
        _ => numeric,
    }
}

/// The module code leading a v2 message: `(100004)projectId不正确` and
/// `( 100004 ) projectId 不正确` both give `100004`. Accepts full-width parentheses too.
pub fn module_code(message: &str) -> Option<i64> {
    let rest = message.trim_start();
    let rest = rest.strip_prefix('(').or_else(|| rest.strip_prefix('（'))?;
    let close = rest.find([')', '）'])?;
    rest[..close].trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct DescribeVpcsResponse {
        #[serde(rename = "TotalCount", default, deserialize_with = "lenient::option")]
        total_count: Option<u64>,
        #[serde(rename = "VpcSet", default, deserialize_with = "lenient::option")]
        vpc_set: Option<Vec<serde_json::Value>>,
        #[serde(rename = "RequestId", default, deserialize_with = "lenient::option")]
        request_id: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct V2CreateVpcResponse {
        #[serde(default, deserialize_with = "lenient::option")]
        code: Option<i64>,
        #[serde(rename = "vpcId", default, deserialize_with = "lenient::option")]
        vpc_id: Option<String>,
        #[serde(rename = "uniqVpcId", default, deserialize_with = "lenient::option")]
        uniq_vpc_id: Option<String>,
    }

    fn v3<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, Error<String>> {
        decode_v3::<String, T>(status, body.as_bytes())
    }

    fn v2<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, Error<String>> {
        decode_v2::<String, T>(status, body.as_bytes())
    }

    #[test]
    fn v3_success_decodes_the_inner_object() {
        let body = r#"{"Response": {"TotalCount": 1, "VpcSet": [{"VpcId": "vpc-qcu4ndmz"}],
            "RequestId": "8d6b1a6c-0b5a-4b0a-8b7c-1f2e3d4c5b6a"}}"#;
        let response: DescribeVpcsResponse = v3(200, body).unwrap();
        assert_eq!(response.total_count, Some(1));
        assert_eq!(response.vpc_set.unwrap().len(), 1);
        assert_eq!(
            response.request_id.as_deref(),
            Some("8d6b1a6c-0b5a-4b0a-8b7c-1f2e3d4c5b6a")
        );
    }

    #[test]
    fn v3_error_envelope() {
        let body = r#"{"Response": {"Error": {"Code": "InvalidParameterValue.Malformed",
            "Message": "入参格式不合法。"}, "RequestId": "b5c8e8a4-7a1f-4b52-9d1c-3e9c0f6c9a11"}}"#;
        let err = v3::<DescribeVpcsResponse>(200, body).unwrap_err();
        let Error::Service(service) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(service.code, "InvalidParameterValue.Malformed");
        assert_eq!(service.message, "入参格式不合法。");
        assert_eq!(
            service.request_id.as_deref(),
            Some("b5c8e8a4-7a1f-4b52-9d1c-3e9c0f6c9a11")
        );
        assert_eq!(
            err.to_string(),
            "service error InvalidParameterValue.Malformed: 入参格式不合法。 \
             (request id: b5c8e8a4-7a1f-4b52-9d1c-3e9c0f6c9a11)"
        );
        // The error wins also with a non-2xx status.
        assert!(matches!(
            v3::<DescribeVpcsResponse>(500, body),
            Err(Error::Service(_))
        ));
    }

    #[test]
    fn v3_undecodable_bodies() {
        for (status, body, expected) in [
            (200, "", "not a valid envelope"),
            (
                200,
                r#"{"Response": {"TotalCount": 1"#,
                "not a valid envelope",
            ),
            (
                502,
                "<html><body>502 Bad Gateway</body></html>",
                "not a valid envelope",
            ),
            (200, r#"{"TotalCount": 1}"#, "no `Response` object"),
            (200, r#"[1, 2]"#, "not a valid envelope"),
            (
                200,
                r#"{"Response": {"Error": {"Message": "x"}}}"#,
                "no `Code`",
            ),
            (
                200,
                r#"{"Response": {"TotalCount": "many", "RequestId": "r-1"}}"#,
                "does not match",
            ),
            (
                503,
                r#"{"Response": {"RequestId": "r-2"}}"#,
                "HTTP status 503",
            ),
        ] {
            let err = v3::<DescribeVpcsResponse>(status, body).unwrap_err();
            let Error::Decode {
                status: got,
                message,
                snippet,
                ..
            } = &err
            else {
                panic!("{body}: {err:?}")
            };
            assert_eq!(*got, status);
            assert!(message.contains(expected), "{body}: {message}");
            assert_eq!(snippet, body);
        }
        let err = v3::<DescribeVpcsResponse>(
            200,
            r#"{"Response": {"TotalCount": "many", "RequestId": "r-1"}}"#,
        )
        .unwrap_err();
        assert_eq!(err.request_id(), Some("r-1"));
    }

    #[test]
    fn v3_snippet_of_huge_html_is_bounded() {
        let body = format!("<html>{}</html>", "x".repeat(100_000));
        let err = v3::<DescribeVpcsResponse>(200, &body).unwrap_err();
        let Error::Decode { snippet, .. } = err else {
            panic!()
        };
        assert_eq!(snippet.len(), 512);
        assert!(snippet.starts_with("<html>xxx"));
    }

    #[test]
    fn v2_success_decodes_the_whole_object() {
        let body = r#"{"code": 0, "message": "", "codeDesc": "Success", "vpcId": "gz_vpc_1",
            "uniqVpcId": "vpc-2ari9m7h"}"#;
        let response: V2CreateVpcResponse = v2(200, body).unwrap();
        assert_eq!(
            response,
            V2CreateVpcResponse {
                code: Some(0),
                vpc_id: Some("gz_vpc_1".into()),
                uniq_vpc_id: Some("vpc-2ari9m7h".into())
            }
        );
    }

    #[test]
    fn v2_error_with_module_code() {
        let body = r#"{"code": 4000, "message": "(100004)projectId不正确", "codeDesc": "InvalidParameter"}"#;
        let err = v2::<V2CreateVpcResponse>(200, body).unwrap_err();
        let Error::Service(service) = &err else {
            panic!("{err:?}")
        };
        // `String` calls every code documented: the number wins.
        assert_eq!(service.code, "4000");
        assert_eq!(service.numeric_code, Some(4000));
        assert_eq!(service.code_desc.as_deref(), Some("InvalidParameter"));
        assert_eq!(service.module_code, Some(100004));
        assert_eq!(service.message, "(100004)projectId不正确");
        assert_eq!(
            err.to_string(),
            "service error 4000 (InvalidParameter): (100004)projectId不正确 (request id: none)"
        );
    }

    /// Codes as generated: the documented ones, and the fallback.
    #[derive(Clone, Debug, PartialEq, Eq)]
    enum Documented {
        Code4000,
        InvalidVpcNotFound,
        Other(String),
    }

    impl std::fmt::Display for Documented {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.as_str())
        }
    }

    impl ErrorCode for Documented {
        fn from_code(code: &str) -> Self {
            match code {
                "4000" => Documented::Code4000,
                "InvalidVpc.NotFound" => Documented::InvalidVpcNotFound,
                other => Documented::Other(other.to_owned()),
            }
        }
        fn as_str(&self) -> &str {
            match self {
                Documented::Code4000 => "4000",
                Documented::InvalidVpcNotFound => "InvalidVpc.NotFound",
                Documented::Other(code) => code,
            }
        }
        fn is_documented(&self) -> bool {
            !matches!(self, Documented::Other(_))
        }
    }

    fn v2_service(body: &str) -> ServiceError<Documented> {
        match decode_v2::<Documented, V2CreateVpcResponse>(200, body.as_bytes()) {
            Err(Error::Service(service)) => *service,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_documented_v2_number_wins_over_any_code_desc() {
        for desc in ["InvalidParameter", "InvalidParameterValue", "", "Success"] {
            let body = format!(r#"{{"code": 4000, "codeDesc": "{desc}", "message": "m"}}"#);
            let service = v2_service(&body);
            assert_eq!(service.code, Documented::Code4000, "{desc}");
            let expected = (!desc.is_empty()).then_some(desc);
            assert_eq!(service.code_desc.as_deref(), expected);
        }
        // An unlisted number: the module's `codeDesc` names the documented variant.
        let service =
            v2_service(r#"{"code": 9003, "codeDesc": "InvalidVpc.NotFound", "message": "m"}"#);
        assert_eq!(service.code, Documented::InvalidVpcNotFound);
        assert_eq!(service.numeric_code, Some(9003));
        // Neither listed: the code the service sent, `codeDesc` before the bare number.
        let service = v2_service(r#"{"code": 9003, "codeDesc": "Whatever", "message": "m"}"#);
        assert_eq!(service.code, Documented::Other("Whatever".into()));
        assert_eq!(service.code_desc.as_deref(), Some("Whatever"));
        let service = v2_service(r#"{"code": 9003, "message": "m"}"#);
        assert_eq!(service.code, Documented::Other("9003".into()));
    }

    #[test]
    fn v2_error_without_code_desc_uses_the_numeric_code() {
        let body =
            r#"{"code": "4100", "message": "( 100004 ) projectId 不正确", "requestId": "r-9"}"#;
        let err = v2::<V2CreateVpcResponse>(200, body).unwrap_err();
        let Error::Service(service) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(service.code, "4100");
        assert_eq!(service.numeric_code, Some(4100));
        assert_eq!(service.module_code, Some(100004));
        assert_eq!(service.request_id.as_deref(), Some("r-9"));
    }

    #[test]
    fn v2_undecodable_bodies() {
        for (body, expected) in [
            ("<html>error</html>", "not a valid envelope"),
            (r#"{"code": 0, "vpcId": "#, "not a valid envelope"),
            (r#"{"message": "no code"}"#, "no numeric `code`"),
            (r#"{"code": "zero"}"#, "not a valid envelope"),
            (r#"{"code": 0, "vpcId": {"a": 1}}"#, "does not match"),
        ] {
            let err = v2::<V2CreateVpcResponse>(200, body).unwrap_err();
            let Error::Decode { message, .. } = &err else {
                panic!("{body}: {err:?}")
            };
            assert!(message.contains(expected), "{body}: {message}");
        }
    }

    #[test]
    fn module_codes() {
        assert_eq!(module_code("(100004)projectId不正确"), Some(100004));
        assert_eq!(module_code("( 100004 ) projectId 不正确"), Some(100004));
        assert_eq!(module_code("（9001）全角"), Some(9001));
        assert_eq!(module_code("projectId不正确"), None);
        assert_eq!(module_code("(abc)x"), None);
        assert_eq!(module_code("(100004"), None);
        assert_eq!(module_code(""), None);
    }
}
