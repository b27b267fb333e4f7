//! The two benchmarked requests, built through the generated SDK types, and the SDK's own
//! signing path for them (no network).
//!
//! Every input that varies between real calls (timestamp, nonce) is fixed, so every run signs
//! the same bytes and runs can be compared. The parameter data lives in plain constants that
//! the hand-written [`floor`](crate::floor) reads too, so both sides sign the same request.

use tcgen_runtime::form::{Form, FormWriter};
use tcgen_runtime::wire::{self, AttemptContext, Endpoint, Payload, PreparedRequest};
use tcgen_runtime::{
    ApiInfo, BuildError, Bytes, Credentials, HttpMethod, Language, Request, SignatureMethod,
};
use tcgen_vpc::v20170312::{
    CreateSecurityGroupPoliciesRequest, DescribeVpcsRequest, Filter, SecurityGroupPolicy,
    SecurityGroupPolicySet, API,
};

/// The documentation's example SecretId (also used by the signing vectors).
pub const SECRET_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
/// The documentation's example SecretKey.
pub const SECRET_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
/// The `Region` parameter.
pub const REGION: &str = "ap-guangzhou";
/// The `RequestClient` parameter; the official SDK comparison sets the same value.
pub const REQUEST_CLIENT: &str = "tcgen-bench";
/// The `Language` parameter, as the official SDK always sends it.
pub const LANGUAGE: Language = Language::ZhCn;
/// Fixed Unix time of every signature (2023-11-14 22:13:20 UTC).
pub const TIMESTAMP: i64 = 1_700_000_000;
/// Fixed `Nonce` of every HMAC signature.
pub const NONCE: u64 = 1_234_567_890;

/// One `Filter` of the DescribeVpcs request.
#[derive(Clone, Copy, Debug)]
pub struct FilterData {
    /// `Filters.N.Name`.
    pub name: &'static str,
    /// `Filters.N.Values`.
    pub values: &'static [&'static str],
}

/// DescribeVpcs: 2 filters × 3 values (one value with a space, one in Chinese, CIDRs with `/`,
/// so the encoding has work to do).
pub const VPC_FILTERS: [FilterData; 2] = [
    FilterData {
        name: "vpc-name",
        values: &["prod", "staging vpc", "测试VPC"],
    },
    FilterData {
        name: "cidr-block",
        values: &["10.0.0.0/16", "172.16.0.0/16", "192.168.0.0/16"],
    },
];
/// DescribeVpcs `Offset` (a string in this API version's documentation).
pub const VPC_OFFSET: &str = "0";
/// DescribeVpcs `Limit` (a string in this API version's documentation).
pub const VPC_LIMIT: &str = "20";

/// One ingress rule of the CreateSecurityGroupPolicies request.
#[derive(Clone, Copy, Debug)]
pub struct IngressRule {
    /// `PolicyIndex`.
    pub policy_index: i64,
    /// `Protocol`.
    pub protocol: &'static str,
    /// `Port`.
    pub port: &'static str,
    /// `CidrBlock`.
    pub cidr_block: &'static str,
    /// `Action`.
    pub action: &'static str,
    /// `PolicyDescription`.
    pub description: &'static str,
}

/// CreateSecurityGroupPolicies `SecurityGroupId`.
pub const SECURITY_GROUP_ID: &str = "sg-ohuuioma";

/// CreateSecurityGroupPolicies: 5 ingress rules of 6 members each.
pub const INGRESS_RULES: [IngressRule; 5] = [
    IngressRule {
        policy_index: 0,
        protocol: "TCP",
        port: "22",
        cidr_block: "10.0.0.0/8",
        action: "ACCEPT",
        description: "ssh from the office",
    },
    IngressRule {
        policy_index: 1,
        protocol: "TCP",
        port: "80",
        cidr_block: "0.0.0.0/0",
        action: "ACCEPT",
        description: "http",
    },
    IngressRule {
        policy_index: 2,
        protocol: "TCP",
        port: "443",
        cidr_block: "0.0.0.0/0",
        action: "ACCEPT",
        description: "https",
    },
    IngressRule {
        policy_index: 3,
        protocol: "TCP",
        port: "3306",
        cidr_block: "172.16.0.0/12",
        action: "ACCEPT",
        description: "mysql",
    },
    IngressRule {
        policy_index: 4,
        protocol: "UDP",
        port: "8000-8100",
        cidr_block: "192.168.0.0/16",
        action: "DROP",
        description: "game ports",
    },
];

/// Builds the DescribeVpcs request through the generated builders.
pub fn describe_vpcs_request() -> Result<DescribeVpcsRequest, BuildError> {
    // Infallible (every member is optional); the `Result` keeps the fixtures alike.
    Ok(DescribeVpcsRequest::builder()
        .filters(
            VPC_FILTERS
                .iter()
                .map(|filter| Filter::new(filter.name, filter.values.iter().copied())),
        )
        .offset(VPC_OFFSET)
        .limit(VPC_LIMIT)
        .build())
}

/// Builds the CreateSecurityGroupPolicies request through the generated builders.
pub fn create_security_group_policies_request(
) -> Result<CreateSecurityGroupPoliciesRequest, BuildError> {
    let ingress = INGRESS_RULES
        .iter()
        .map(|rule| {
            SecurityGroupPolicy::builder()
                .policy_index(rule.policy_index)
                .protocol(rule.protocol)
                .port(rule.port)
                .cidr_block(rule.cidr_block)
                .action(rule.action)
                .policy_description(rule.description)
                .build()
        })
        .collect::<Vec<_>>();
    let policy_set = SecurityGroupPolicySet::builder().ingress(ingress).build();
    CreateSecurityGroupPoliciesRequest::builder()
        .security_group_id(SECURITY_GROUP_ID)
        .security_group_policy_set(policy_set)
        .build()
}

/// Everything an attempt needs besides the request, set up once like a client does.
#[derive(Clone, Debug)]
pub struct Signer {
    api: ApiInfo,
    endpoint: Endpoint,
    credentials: Credentials,
}

impl Default for Signer {
    fn default() -> Self {
        Self::new()
    }
}

impl Signer {
    /// API 3.0 at its default host with the example credentials.
    pub fn new() -> Self {
        Signer {
            api: API,
            endpoint: Endpoint::https(API.host),
            credentials: Credentials::new(SECRET_ID, SECRET_KEY),
        }
    }

    /// The host that is signed and sent to.
    pub fn host(&self) -> &str {
        &self.endpoint.authority
    }

    /// The request path.
    pub fn path(&self) -> &'static str {
        self.api.path
    }

    /// The API version.
    pub fn version(&self) -> &'static str {
        match self.api.generation {
            tcgen_runtime::ApiGeneration::V3 { version } => version,
            tcgen_runtime::ApiGeneration::V2 => "",
        }
    }

    /// The service name of the TC3 credential scope.
    pub fn service(&self) -> &'static str {
        self.api.service
    }

    fn context<'a>(
        &'a self,
        action: &'a str,
        signature_method: SignatureMethod,
    ) -> AttemptContext<'a> {
        AttemptContext {
            api: &self.api,
            action,
            endpoint: &self.endpoint,
            region: Some(REGION),
            language: Some(LANGUAGE),
            request_client: Some(REQUEST_CLIENT),
            credentials: &self.credentials,
            http_method: HttpMethod::Post,
            signature_method,
            timestamp: TIMESTAMP,
            nonce: NONCE,
            skip_signature: false,
        }
    }

    /// The SDK's HmacSHA256 path, as `Client::call` takes it: flatten the typed request, then
    /// sign and url-encode the POST body.
    pub fn sign_hmac<R: Request>(&self, request: &R) -> Result<PreparedRequest<'_>, String> {
        self.prepare_form(R::ACTION, &flatten(request)?)
    }

    /// The signing half of [`Signer::sign_hmac`]: common parameters, string to sign, HMAC,
    /// url-encoded body, headers.
    pub fn prepare_form<'a>(
        &'a self,
        action: &'a str,
        form: &Form<'_>,
    ) -> Result<PreparedRequest<'a>, String> {
        wire::prepare(
            &self.context(action, SignatureMethod::HmacSha256),
            Payload::Form(form),
        )
    }

    /// The SDK's TC3-HMAC-SHA256 path, as `Client::call` takes it: serialize the typed request
    /// to the JSON body, then build the canonical request, sign it and write the headers.
    pub fn sign_tc3<R: Request>(&self, request: &R) -> Result<PreparedRequest<'_>, String> {
        let body = wire::json_body(request)
            .map_err(|err| err.to_string())?
            .into();
        self.prepare_json(R::ACTION, &body)
    }

    /// The signing half of [`Signer::sign_tc3`]: payload hash, canonical request, signature,
    /// headers.
    pub fn prepare_json<'a>(
        &'a self,
        action: &'a str,
        body: &Bytes,
    ) -> Result<PreparedRequest<'a>, String> {
        wire::prepare(
            &self.context(action, SignatureMethod::Tc3HmacSha256),
            Payload::Json(body),
        )
    }
}

/// The flattening half of [`Signer::sign_hmac`]: the request's `Key.N.Member` pairs.
pub fn flatten<R: Request>(request: &R) -> Result<Form<'_>, String> {
    let mut form = FormWriter::new();
    request.write_form(&mut form);
    form.finish().map_err(|err| err.to_string())
}

/// The value of header `name` of a prepared request.
pub fn header<'a>(prepared: &'a PreparedRequest<'_>, name: &str) -> Option<&'a str> {
    prepared
        .headers
        .iter()
        .find(|(header, _)| header.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_ref())
}
