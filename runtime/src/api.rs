//! Static description of an API generation, emitted once per generated module, and the
//! language of service messages it is asked for.

use std::fmt;

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

/// The language of service messages (API 3.0 `Language` parameter).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Language {
    /// Simplified Chinese, the services' default.
    #[default]
    ZhCn,
    /// English.
    EnUs,
}

impl Language {
    /// `zh-CN` or `en-US`.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::EnUs => "en-US",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
