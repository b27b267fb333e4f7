//! Static description of an API generation, emitted once per generated module.

/// Which generation of the Tencent Cloud API a generated module speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ApiGeneration {
    /// API 3.0: `Version` parameter, `{"Response": {...}}` envelope, TC3 or HMAC signatures.
    V3 {
        /// The API version, e.g. `2017-03-12`.
        version: &'static str,
    },
    /// The legacy v2 API: `/v2/index.php`, `{"code", "message", "codeDesc"}` envelope, HMAC only.
    V2,
}

/// Where and how a generated module's actions are called.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ApiInfo {
    /// The API generation (and version for API 3.0).
    pub generation: ApiGeneration,
    /// The service name used in the TC3 credential scope, e.g. `vpc`.
    pub service: &'static str,
    /// The default host, e.g. `vpc.tencentcloudapi.com` or `vpc.api.qcloud.com`.
    pub host: &'static str,
    /// The request path, `/` or `/v2/index.php`.
    pub path: &'static str,
}
