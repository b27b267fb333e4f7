//! Known-answer tests against `tests/data/signing-vectors.json`, produced by the official Python
//! SDKs (see the file's `meta`). Every vector of every section is checked:
//!
//! * the signer reproduces the string to sign and the signature byte for byte from the exact
//!   parameters the SDK signed (including its quirks, e.g. `Force=False`);
//! * the form writer flattens the vector's input to the same keys, in the same order, with the
//!   same values — except that a Python `bool` is rendered `True`/`False` by the SDK and
//!   `true`/`false` by us (meta.quirks[0]); the API documentation itself uses `true`;
//! * the wire module builds the same URL and body (HMAC) or headers (TC3) from the vector's
//!   timestamp, nonce, region, language and RequestClient.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use tcgen_runtime::credentials::Credentials;
use tcgen_runtime::form::{FormValue, FormWriter};
use tcgen_runtime::sign::{self, HmacAlgorithm, HttpMethod, SignatureMethod, Tc3Input};
use tcgen_runtime::wire::{self, AttemptContext, Endpoint, Payload};
use tcgen_runtime::{ApiGeneration, ApiInfo, Bytes, Language};

const V3_VPC: ApiInfo = ApiInfo {
    generation: ApiGeneration::V3 {
        version: "2017-03-12",
    },
    service: "vpc",
    host: "vpc.tencentcloudapi.com",
    path: "/",
};

const V2_VPC: ApiInfo = ApiInfo {
    generation: ApiGeneration::V2,
    service: "vpc",
    host: "vpc.api.qcloud.com",
    path: "/v2/index.php",
};

fn vectors() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/data/signing-vectors.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    serde_json::from_str(&text).expect("signing-vectors.json is valid JSON")
}

fn section<'a>(all: &'a Value, name: &str) -> &'a [Value] {
    let list = all[name]
        .as_array()
        .unwrap_or_else(|| panic!("section {name}"));
    let expected = all["meta"]["counts"][name].as_u64().expect("meta.counts") as usize;
    assert_eq!(
        list.len(),
        expected,
        "meta.counts.{name} disagrees with the section"
    );
    assert!(!list.is_empty());
    list
}

fn text<'a>(vector: &'a Value, field: &str) -> &'a str {
    vector[field]
        .as_str()
        .unwrap_or_else(|| panic!("{}: field {field} is not a string", vector["id"]))
}

fn string_pairs(value: &Value) -> Vec<(String, String)> {
    value
        .as_array()
        .expect("list of pairs")
        .iter()
        .map(|pair| {
            let key = pair[0].as_str().expect("key").to_owned();
            let value = pair[1].as_str().expect("rendered value").to_owned();
            (key, value)
        })
        .collect()
}

fn http_method(vector: &Value) -> HttpMethod {
    match text(vector, "method") {
        "GET" => HttpMethod::Get,
        "POST" => HttpMethod::Post,
        other => panic!("unknown method {other}"),
    }
}

fn signature_method(vector: &Value) -> SignatureMethod {
    text(vector, "signature_method")
        .parse()
        .expect("signature method")
}

fn credentials(vector: &Value) -> Credentials {
    let credentials = Credentials::new(text(vector, "secret_id"), text(vector, "secret_key"));
    match vector["token"].as_str() {
        Some(token) => credentials.with_token(token),
        None => credentials,
    }
}

fn language(vector: &Value) -> Option<Language> {
    match vector["language"].as_str() {
        Some("zh-CN") => Some(Language::ZhCn),
        Some("en-US") => Some(Language::EnUs),
        Some(other) => panic!("unknown language {other}"),
        None => None,
    }
}

/// What our writer must produce for a flattened value of the SDK: strings verbatim, numbers as
/// decimal text, booleans lowercase (the SDK's `True`/`False` is the documented quirk).
fn our_rendering(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => panic!("unexpected flattened value {other}"),
    }
}

fn check_flattening(vector: &Value, input: &Value) {
    let id = text(vector, "id");
    let mut writer = FormWriter::new();
    input.write_form(tcgen_runtime::form::Key::ROOT, &mut writer);
    let ours = writer.finish().expect("finite values").to_pairs();
    let expected: Vec<(String, String)> = vector["flattened_params"]
        .as_array()
        .expect("flattened_params")
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().expect("key").to_owned(),
                our_rendering(&pair[1]),
            )
        })
        .collect();
    assert_eq!(ours, expected, "{id}: flattening");

    // Where the SDK's rendering differs from ours, it is exactly the Python bool quirk.
    let rendered = string_pairs(&vector["flattened_params_rendered"]);
    for ((key, mine), (_, theirs)) in ours.iter().zip(&rendered) {
        if mine != theirs {
            assert_eq!(vector["quirk"], "python_bool_rendered_True", "{id}: {key}");
            let python = match mine.as_str() {
                "true" => "True",
                "false" => "False",
                other => panic!("{id}: {key}={other} differs from the SDK but is no bool"),
            };
            assert_eq!(theirs, python, "{id}: {key}");
        }
    }
}

/// The parameters the SDK signed: everything sent except `Signature`.
fn signed_params(vector: &Value) -> Vec<(String, String)> {
    let mut all = string_pairs(&vector["all_params"]);
    let (last_key, last_value) = all.pop().expect("Signature is last");
    assert_eq!(last_key, "Signature");
    assert_eq!(last_value, text(vector, "signature"));
    all
}

fn check_hmac_vector(vector: &Value, api: &ApiInfo, input_field: &str) {
    let id = text(vector, "id");
    let algorithm = signature_method(vector)
        .hmac_algorithm()
        .unwrap_or_else(|| panic!("{id}: not an HMAC vector"));
    assert_eq!(text(vector, "host"), api.host, "{id}");
    assert_eq!(text(vector, "path"), api.path, "{id}");

    // 1. The signer, fed the exact parameters the SDK signed.
    let params = signed_params(vector);
    let signed = sign::sign_hmac(
        algorithm,
        http_method(vector),
        api.host,
        api.path,
        &params,
        text(vector, "secret_key"),
    );
    assert_eq!(
        signed.string_to_sign,
        text(vector, "string_to_sign"),
        "{id}: string to sign"
    );
    assert_eq!(
        signed.signature,
        text(vector, "signature"),
        "{id}: signature"
    );

    // 2. The form writer, fed the vector's input.
    check_flattening(vector, &vector[input_field]);

    // 3. The whole request, from the SDK-rendered business parameters.
    let business = string_pairs(&vector["flattened_params_rendered"]);
    let credentials = credentials(vector);
    let endpoint = Endpoint::https(api.host);
    let context = AttemptContext {
        api,
        action: text(vector, "action"),
        endpoint: &endpoint,
        region: vector["region"].as_str(),
        language: language(vector),
        request_client: Some(
            params
                .iter()
                .find(|(k, _)| k == "RequestClient")
                .map(|(_, v)| v.as_str())
                .expect("RequestClient"),
        ),
        credentials: &credentials,
        http_method: http_method(vector),
        signature_method: signature_method(vector),
        timestamp: vector["timestamp"].as_i64().expect("timestamp"),
        nonce: vector["nonce"].as_u64().expect("nonce"),
        skip_signature: false,
    };
    let business = tcgen_runtime::form::Form::from_pairs(&business);
    let prepared = wire::prepare(&context, Payload::Form(&business)).expect("prepare");
    assert_eq!(prepared.url, text(vector, "url"), "{id}: url");
    assert_eq!(
        String::from_utf8(prepared.body.to_vec()).unwrap(),
        text(vector, "body"),
        "{id}: body"
    );
    let encoded = match http_method(vector) {
        HttpMethod::Get => prepared.url.split_once('?').expect("query").1.to_owned(),
        HttpMethod::Post => String::from_utf8(prepared.body.to_vec()).unwrap(),
    };
    assert_eq!(encoded, text(vector, "urlencoded"), "{id}: urlencoded");
}

#[test]
fn v3_hmac_vectors() {
    let all = vectors();
    let mut quirky = 0;
    for vector in section(&all, "v3_hmac") {
        assert_eq!(text(vector, "version"), "2017-03-12");
        check_hmac_vector(vector, &V3_VPC, "sdk_serialized_params");
        quirky += usize::from(vector["quirk"] == "python_bool_rendered_True");
    }
    assert_eq!(quirky, 4, "the four CreateDefaultVpc(Force=False) vectors");
}

#[test]
fn v2_legacy_vectors() {
    let all = vectors();
    let mut with_token = 0;
    for vector in section(&all, "v2_legacy") {
        assert_eq!(text(vector, "api"), "v2");
        check_hmac_vector(vector, &V2_VPC, "input_params");
        with_token += usize::from(vector["token"].is_string());
    }
    assert!(with_token > 0, "a vector with Token is covered");
}

#[test]
fn v3_tc3_vectors() {
    let all = vectors();
    for vector in section(&all, "v3_tc3") {
        let id = text(vector, "id");
        assert_eq!(
            signature_method(vector),
            SignatureMethod::Tc3HmacSha256,
            "{id}"
        );
        let headers: BTreeMap<String, String> =
            serde_json::from_value(vector["headers"].clone()).expect("headers");
        let body = text(vector, "body");

        // 1. The signer, fed the exact body bytes the SDK sent.
        let signed = sign::sign_tc3(&Tc3Input {
            http_method: http_method(vector),
            host: text(vector, "host"),
            path: text(vector, "path"),
            query: text(vector, "query"),
            content_type: &headers["Content-Type"],
            payload: body.as_bytes(),
            service: text(vector, "service"),
            timestamp: vector["timestamp"].as_i64().expect("timestamp"),
            secret_id: text(vector, "secret_id"),
            secret_key: text(vector, "secret_key"),
        });
        assert_eq!(
            signed.hashed_payload,
            text(vector, "hashed_payload"),
            "{id}"
        );
        assert_eq!(
            signed.canonical_request,
            text(vector, "canonical_request"),
            "{id}"
        );
        assert_eq!(signed.date, text(vector, "date"), "{id}");
        assert_eq!(
            signed.credential_scope,
            text(vector, "credential_scope"),
            "{id}"
        );
        assert_eq!(
            signed.string_to_sign,
            text(vector, "string_to_sign"),
            "{id}"
        );
        assert_eq!(signed.signature, text(vector, "signature"), "{id}");
        assert_eq!(signed.authorization, text(vector, "authorization"), "{id}");

        // 2. The body is the request's JSON (Python spells it with ", " and \u escapes; any
        //    spelling signs correctly because the hash covers the exact bytes sent).
        let sent: Value = serde_json::from_str(body).expect("body is JSON");
        assert_eq!(sent, vector["sdk_serialized_params"], "{id}: body content");

        // 3. The whole request: same URL and same headers.
        let credentials = credentials(vector);
        let endpoint = Endpoint::https(V3_VPC.host);
        let context = AttemptContext {
            api: &V3_VPC,
            action: text(vector, "action"),
            endpoint: &endpoint,
            region: vector["region"].as_str(),
            language: language(vector),
            request_client: vector["request_client"].as_str(),
            credentials: &credentials,
            http_method: http_method(vector),
            signature_method: SignatureMethod::Tc3HmacSha256,
            timestamp: vector["timestamp"].as_i64().expect("timestamp"),
            nonce: 1,
            skip_signature: false,
        };
        let prepared = wire::prepare(
            &context,
            Payload::Json(&Bytes::copy_from_slice(body.as_bytes())),
        )
        .expect("prepare");
        assert_eq!(prepared.url, text(vector, "url"), "{id}: url");
        assert_eq!(prepared.body, body.as_bytes(), "{id}: body");
        let ours: BTreeMap<String, String> = prepared
            .headers
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value.into_owned()))
            .collect();
        assert_eq!(ours, headers, "{id}: headers");
    }
}

/// Our own JSON encoding of a TC3 body signs consistently: the hash is over the bytes we send.
#[test]
fn tc3_signature_covers_our_own_json_spelling() {
    let all = vectors();
    let vector = &section(&all, "v3_tc3")[0];
    let ours = serde_json::to_vec(&vector["sdk_serialized_params"]).unwrap();
    assert_ne!(
        ours,
        text(vector, "body").as_bytes(),
        "compact spelling differs from Python's"
    );
    let input = |payload: &[u8]| {
        sign::sign_tc3(&Tc3Input {
            http_method: HttpMethod::Post,
            host: "vpc.tencentcloudapi.com",
            path: "/",
            query: "",
            content_type: "application/json",
            payload,
            service: "vpc",
            timestamp: 1_529_224_000,
            secret_id: text(vector, "secret_id"),
            secret_key: text(vector, "secret_key"),
        })
    };
    let signed = input(&ours);
    assert_ne!(signed.signature, text(vector, "signature"));
    assert_eq!(signed, input(&ours), "deterministic");
}

#[test]
fn doc_examples() {
    let all = vectors();
    for vector in section(&all, "doc_examples") {
        let id = text(vector, "id");
        let (host, path) = match text(vector, "api") {
            "v3" => ("cvm.tencentcloudapi.com", "/"),
            "v2" => ("cvm.api.qcloud.com", "/v2/index.php"),
            other => panic!("unknown api {other}"),
        };
        let params: Vec<(String, String)> = vector["params"]
            .as_object()
            .expect("params")
            .iter()
            .map(|(k, v)| (k.clone(), our_rendering(v)))
            .collect();
        let algorithm = match signature_method(vector) {
            SignatureMethod::HmacSha1 => HmacAlgorithm::Sha1,
            SignatureMethod::HmacSha256 => HmacAlgorithm::Sha256,
            SignatureMethod::Tc3HmacSha256 => panic!("{id}: no TC3 doc examples"),
        };
        let signed = sign::sign_hmac(
            algorithm,
            HttpMethod::Get,
            host,
            path,
            &params,
            text(vector, "secret_key"),
        );
        assert_eq!(
            signed.string_to_sign,
            text(vector, "string_to_sign"),
            "{id}"
        );
        assert_eq!(signed.signature, text(vector, "signature"), "{id}");

        // The printed signature in the documentation, with its known OCR damage.
        let printed = text(vector, "doc_printed_signature");
        match id {
            "doc-v2-HmacSHA256" => assert_eq!(printed, signed.signature, "{id}"),
            "doc-v3-InstanceIds.0" | "doc-v2-HmacSHA1" => {
                assert_eq!(
                    ocr_differences(&signed.signature, printed),
                    [('I', 'l')],
                    "{id}"
                )
            }
            // The doc prints the InstanceIds.0 signature next to InstanceId.0 parameters.
            "doc-v3-InstanceId.0" => assert_ne!(printed, signed.signature, "{id}"),
            other => panic!("unexpected doc example {other}"),
        }
    }
}

/// The characters where the printed signature differs from the computed one (both have the
/// same length); the documented OCR damage is one capital `I` read as a lowercase `l`.
fn ocr_differences(computed: &str, printed: &str) -> Vec<(char, char)> {
    assert_eq!(computed.len(), printed.len());
    computed
        .chars()
        .zip(printed.chars())
        .filter(|(a, b)| a != b)
        .collect()
}
