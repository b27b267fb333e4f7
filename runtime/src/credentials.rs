//! Credentials and where they come from.
//!
//! [`ProvideCredentials`] is the async provider trait; every client puts a [`CredentialsCache`]
//! in front of its provider, which refreshes temporary credentials before they expire. The
//! providers:
//!
//! | provider | source |
//! |---|---|
//! | [`Credentials`] (static) | given in code |
//! | [`EnvProvider`] | `TENCENTCLOUD_SECRET_ID` / `TENCENTCLOUD_SECRET_KEY` (+ `TENCENTCLOUD_SESSION_TOKEN`) |
//! | [`ProfileProvider`] | `$TENCENTCLOUD_CREDENTIALS_FILE`, `~/.tencentcloud/credentials`, `/etc/tencentcloud/credentials` |
//! | [`CvmRoleProvider`] | the CVM instance metadata service (`http://metadata.tencentyun.com/latest/meta-data/`) |
//! | [`TkeOidcProvider`] | `TKE_REGION`, `TKE_PROVIDER_ID`, `TKE_WEB_IDENTITY_TOKEN_FILE`, `TKE_ROLE_ARN` → STS `AssumeRoleWithWebIdentity` |
//! | [`AssumeRoleProvider`] | STS `AssumeRole`, signed with another provider's credentials |
//!
//! [`CredentialsChain`] (the default) tries environment, profile file, CVM role and TKE OIDC in
//! that order, the order of the official SDKs (tencentcloud-sdk-python
//! `tencentcloud/common/credential.py`, `DefaultCredentialProvider.get_credentials`; the Go
//! SDK's `DefaultChain` in `tencentcloud/common/provider_chain.go` has the first three). A
//! provider with nothing configured passes to the next; any other failure stops the chain.
//!
//! The environment variable names follow tencentcloud-sdk-go `tencentcloud/common/env_provider.go`
//! (`TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`) and `profile_provider.go`
//! (`TENCENTCLOUD_CREDENTIALS_FILE`, `~/.tencentcloud/credentials`); the Python SDK's
//! `ProfileCredential` adds `/etc/tencentcloud/credentials`. The profile file is INI:
//!
//! ```ini
//! [default]
//! secret_id = AKID...
//! secret_key = ...
//! token = ...        ; optional
//! ```
//!
//! `Debug` of every type here redacts the secret key and the session token.

mod cvm;
mod provider;
mod sts;

pub use cvm::{CvmRoleProvider, CVM_METADATA_ENDPOINT, CVM_ROLE_PATH};
pub use provider::{
    CredentialsCache, CredentialsFuture, ProvideCredentials, DEFAULT_REFRESH_BEFORE,
    DEFAULT_RETRY_AFTER_FAILURE,
};
pub use sts::{
    AssumeRoleProvider, TkeOidcProvider, DEFAULT_DURATION, ENV_TKE_IDENTITY_TOKEN_FILE,
    ENV_TKE_PROVIDER_ID, ENV_TKE_REGION, ENV_TKE_ROLE_ARN, ENV_TKE_WEB_IDENTITY_TOKEN_FILE,
    STS_DEFAULT_REGION, STS_ENDPOINT, STS_VERSION,
};

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// Environment variable holding the SecretId.
pub const ENV_SECRET_ID: &str = "TENCENTCLOUD_SECRET_ID";
/// Environment variable holding the SecretKey.
pub const ENV_SECRET_KEY: &str = "TENCENTCLOUD_SECRET_KEY";
/// Environment variable holding the temporary session token.
pub const ENV_SESSION_TOKEN: &str = "TENCENTCLOUD_SESSION_TOKEN";
/// Environment variable naming the profile file to read instead of the default places.
pub const ENV_CREDENTIALS_FILE: &str = "TENCENTCLOUD_CREDENTIALS_FILE";
/// The profile read when none is named.
pub const DEFAULT_PROFILE: &str = "default";

const REDACTED: &str = "<redacted>";

/// A secret key; its `Debug` never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(String);

impl SecretKey {
    /// Wraps a secret key.
    pub fn new(key: impl Into<String>) -> Self {
        SecretKey(key.into())
    }

    /// The key itself, for signing.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretKey({REDACTED})")
    }
}

/// A temporary session token (sent as `Token` / `X-TC-Token`); its `Debug` never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(String);

impl SessionToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        SessionToken(token.into())
    }

    /// The token itself, for sending.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SessionToken({REDACTED})")
    }
}

/// A SecretId / SecretKey pair, with a session token for temporary credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    secret_id: String,
    secret_key: SecretKey,
    token: Option<SessionToken>,
    expiry: Option<SystemTime>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("secret_id", &self.secret_id)
            .field("secret_key", &self.secret_key)
            .field("token", &self.token)
            .field("expiry", &self.expiry.map(crate::clock::unix_seconds))
            .finish()
    }
}

impl Credentials {
    /// Credentials from a SecretId and SecretKey.
    pub fn new(secret_id: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Credentials {
            secret_id: secret_id.into(),
            secret_key: SecretKey::new(secret_key),
            token: None,
            expiry: None,
        }
    }

    /// Marks temporary credentials with the time they stop working.
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// When temporary credentials stop working; `None` for long-lived ones.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// Adds the session token of temporary credentials.
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(SessionToken::new(token));
        self
    }

    /// The SecretId (not a secret: it is sent with every request).
    pub fn secret_id(&self) -> &str {
        &self.secret_id
    }

    /// The SecretKey.
    pub fn secret_key(&self) -> &SecretKey {
        &self.secret_key
    }

    /// The session token, if any.
    pub fn token(&self) -> Option<&SessionToken> {
        self.token.as_ref()
    }

    /// Checks what the official SDKs check: id and key are not empty and have no surrounding
    /// whitespace (a pasted newline would otherwise give a baffling signature mismatch).
    pub fn validate(&self) -> Result<(), CredentialsError> {
        for (name, value) in [
            ("secret id", self.secret_id.as_str()),
            ("secret key", self.secret_key.expose_secret()),
        ] {
            if value.trim().is_empty() {
                return Err(CredentialsError::Invalid(format!("the {name} is empty")));
            }
            if value.trim() != value {
                return Err(CredentialsError::Invalid(format!(
                    "the {name} has leading or trailing whitespace"
                )));
            }
        }
        Ok(())
    }

    /// Reads `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY` and `TENCENTCLOUD_SESSION_TOKEN`
    /// from the process environment. `Ok(None)` when neither id nor key is set.
    pub fn from_env() -> Result<Option<Self>, CredentialsError> {
        Self::from_env_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`Credentials::from_env`], reading variables through `lookup` (for tests and
    /// embedders). Empty values count as unset; only one of id and key set is an error.
    pub fn from_env_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, CredentialsError> {
        let get = |name: &str| lookup(name).filter(|value| !value.is_empty());
        let credentials = match (get(ENV_SECRET_ID), get(ENV_SECRET_KEY)) {
            (None, None) => return Ok(None),
            (Some(_), None) => {
                return Err(CredentialsError::Incomplete {
                    origin: "the environment".into(),
                    missing: ENV_SECRET_KEY,
                })
            }
            (None, Some(_)) => {
                return Err(CredentialsError::Incomplete {
                    origin: "the environment".into(),
                    missing: ENV_SECRET_ID,
                })
            }
            (Some(id), Some(key)) => Credentials::new(id, key),
        };
        let credentials = match get(ENV_SESSION_TOKEN) {
            Some(token) => credentials.with_token(token),
            None => credentials,
        };
        credentials.validate()?;
        Ok(Some(credentials))
    }

    /// Reads `profile` from an INI credentials file. `Ok(None)` when the file does not exist or
    /// has no such section.
    pub fn from_profile_file(path: &Path, profile: &str) -> Result<Option<Self>, CredentialsError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(err) => {
                return Err(CredentialsError::Io {
                    path: path.to_owned(),
                    message: err.to_string(),
                })
            }
        };
        Self::from_profile_text(&text, profile).map_err(|err| match err {
            CredentialsError::Incomplete { missing, .. } => CredentialsError::Incomplete {
                origin: format!("profile [{profile}] of {}", path.display()),
                missing,
            },
            CredentialsError::Syntax { line, reason, .. } => CredentialsError::Syntax {
                path: Some(path.to_owned()),
                line,
                reason,
            },
            other => other,
        })
    }

    /// Reads `profile` from the text of an INI credentials file (keys `secret_id`, `secret_key`,
    /// optional `token`). `Ok(None)` when the section is absent.
    pub fn from_profile_text(text: &str, profile: &str) -> Result<Option<Self>, CredentialsError> {
        let sections = parse_ini(text)?;
        let Some(section) = sections.get(profile) else {
            return Ok(None);
        };
        let get = |name: &str| section.get(name).filter(|value| !value.is_empty()).cloned();
        let Some(secret_id) = get("secret_id") else {
            return Err(CredentialsError::Incomplete {
                origin: format!("profile [{profile}]"),
                missing: "secret_id",
            });
        };
        let Some(secret_key) = get("secret_key") else {
            return Err(CredentialsError::Incomplete {
                origin: format!("profile [{profile}]"),
                missing: "secret_key",
            });
        };
        let credentials = Credentials::new(secret_id, secret_key);
        let credentials = match get("token") {
            Some(token) => credentials.with_token(token),
            None => credentials,
        };
        credentials.validate()?;
        Ok(Some(credentials))
    }
}

/// Why credentials could not be obtained.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CredentialsError {
    /// Only part of a credential was configured.
    #[error("{origin} sets only part of the credentials: `{missing}` is missing")]
    Incomplete {
        /// Where the partial credential was found.
        origin: String,
        /// The missing variable or key.
        missing: &'static str,
    },
    /// The profile file is not valid INI.
    #[error("{}line {line}: {reason}", path.as_ref().map(|p| format!("{}: ", p.display())).unwrap_or_default())]
    Syntax {
        /// The file, when read from one.
        path: Option<PathBuf>,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The profile file exists but could not be read.
    #[error("cannot read {}: {message}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        message: String,
    },
    /// A credential value is malformed.
    #[error("invalid credentials: {0}")]
    Invalid(String),
    /// A provider has nothing to use (no variables, no file, no role bound); a chain tries its
    /// next provider.
    #[error("{provider}: not configured (missing {missing})")]
    NotConfigured {
        /// The provider.
        provider: &'static str,
        /// What it looked for.
        missing: String,
    },
    /// A provider is configured but could not fetch credentials.
    #[error("{provider}: {message}")]
    Provider {
        /// The provider.
        provider: &'static str,
        /// What went wrong.
        message: String,
    },
    /// No source had credentials.
    #[error("no credentials found (looked in {})", searched.join(", "))]
    NotFound {
        /// The places looked in, in order.
        searched: Vec<String>,
    },
}

type IniSections = BTreeMap<String, BTreeMap<String, String>>;

/// A small INI reader with Python `configparser` semantics where they matter: `[section]`
/// headers, `key = value` or `key: value`, keys case-insensitive, `#`/`;` comment lines,
/// duplicate sections or keys rejected. One pair of surrounding quotes is removed from values
/// because the official SDK's own example writes `secret_id=""`.
fn parse_ini(text: &str) -> Result<IniSections, CredentialsError> {
    let syntax = |line: usize, reason: String| CredentialsError::Syntax {
        path: None,
        line,
        reason,
    };
    let mut sections = IniSections::new();
    let mut current: Option<String> = None;
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let Some(name) = rest.strip_suffix(']') else {
                return Err(syntax(number, "section header without closing `]`".into()));
            };
            let name = name.trim().to_owned();
            if sections.contains_key(&name) {
                return Err(syntax(number, format!("duplicate section [{name}]")));
            }
            sections.insert(name.clone(), BTreeMap::new());
            current = Some(name);
            continue;
        }
        let Some(separator) = line.find(['=', ':']) else {
            return Err(syntax(number, "expected `key = value`".into()));
        };
        let Some(section) = current.as_ref() else {
            return Err(syntax(number, "key outside of any [section]".into()));
        };
        let key = line[..separator].trim().to_ascii_lowercase();
        if key.is_empty() {
            return Err(syntax(number, "empty key".into()));
        }
        let value = unquote(line[separator + 1..].trim()).to_owned();
        let entries = sections.entry(section.clone()).or_default();
        if entries.insert(key.clone(), value).is_some() {
            return Err(syntax(
                number,
                format!("duplicate key `{key}` in [{section}]"),
            ));
        }
    }
    Ok(sections)
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(quote) && value.ends_with(quote) {
            return &value[1..value.len() - 1];
        }
    }
    value
}

/// Where the environment is read from.
#[derive(Clone, Default)]
pub enum EnvSource {
    /// The process environment.
    #[default]
    Process,
    /// A fixed set of variables (tests, embedders).
    Fixed(BTreeMap<String, String>),
    /// Do not read the environment.
    Disabled,
}

impl EnvSource {
    /// The value of variable `name`, if set.
    pub fn get(&self, name: &str) -> Option<String> {
        match self {
            EnvSource::Process => std::env::var(name).ok(),
            EnvSource::Fixed(vars) => vars.get(name).cloned(),
            EnvSource::Disabled => None,
        }
    }
}

impl fmt::Debug for EnvSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EnvSource::Process => f.write_str("Process"),
            // The values are secrets; show only the names.
            EnvSource::Fixed(vars) => f
                .debug_tuple("Fixed")
                .field(&vars.keys().collect::<Vec<_>>())
                .finish(),
            EnvSource::Disabled => f.write_str("Disabled"),
        }
    }
}

/// Credentials from the environment variables [`ENV_SECRET_ID`], [`ENV_SECRET_KEY`] and
/// [`ENV_SESSION_TOKEN`].
#[derive(Clone, Debug, Default)]
pub struct EnvProvider {
    /// Where the variables are read from.
    pub env: EnvSource,
}

impl EnvProvider {
    fn lookup(&self) -> Result<Option<Credentials>, CredentialsError> {
        match &self.env {
            EnvSource::Disabled => Ok(None),
            env => Credentials::from_env_lookup(|name| env.get(name)),
        }
    }
}

impl ProvideCredentials for EnvProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            self.lookup()?
                .ok_or_else(|| CredentialsError::NotConfigured {
                    provider: "environment",
                    missing: format!("${ENV_SECRET_ID}/${ENV_SECRET_KEY}"),
                })
        })
    }
}

/// Credentials from a profile of an INI file: the file named by [`ENV_CREDENTIALS_FILE`] when
/// that is set (tencentcloud-sdk-go `profile_provider.go`), else the first of `files` that has
/// the profile.
#[derive(Clone, Debug)]
pub struct ProfileProvider {
    /// Where [`ENV_CREDENTIALS_FILE`] is read from.
    pub env: EnvSource,
    /// Profile files tried in order; missing files are skipped.
    pub files: Vec<PathBuf>,
    /// The profile (INI section) to read.
    pub profile: String,
}

impl ProfileProvider {
    /// Reads `profile` from the file named by the environment or the first of `files` that has
    /// it; adds the places looked in to `searched`.
    fn lookup(&self, searched: &mut Vec<String>) -> Result<Option<Credentials>, CredentialsError> {
        if let Some(named) = self.env.get(ENV_CREDENTIALS_FILE) {
            if named.is_empty() {
                return Err(CredentialsError::Invalid(format!(
                    "${ENV_CREDENTIALS_FILE} is set but empty"
                )));
            }
            let path = PathBuf::from(&named);
            if !path.exists() {
                return Err(CredentialsError::Io {
                    path,
                    message: format!("the file named by ${ENV_CREDENTIALS_FILE} does not exist"),
                });
            }
            let found = Credentials::from_profile_file(&path, &self.profile)?;
            if found.is_none() {
                searched.push(format!("[{}] in {}", self.profile, path.display()));
            }
            return Ok(found);
        }
        for path in &self.files {
            if let Some(credentials) = Credentials::from_profile_file(path, &self.profile)? {
                return Ok(Some(credentials));
            }
            searched.push(format!("[{}] in {}", self.profile, path.display()));
        }
        Ok(None)
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let mut searched = Vec::new();
            self.lookup(&mut searched)?
                .ok_or_else(|| CredentialsError::NotConfigured {
                    provider: "profile file",
                    missing: searched.join(", "),
                })
        })
    }
}

/// The official SDKs' lookup order: environment, profile files, CVM instance role, TKE OIDC
/// role. Set `cvm_role` or `tke_oidc` to `None` to skip them.
#[derive(Clone, Debug)]
pub struct CredentialsChain {
    /// Where the environment variables are read from.
    pub env: EnvSource,
    /// Profile files tried in order; missing files are skipped.
    pub profile_files: Vec<PathBuf>,
    /// The profile (INI section) to read.
    pub profile: String,
    /// The CVM instance role, from the metadata service.
    pub cvm_role: Option<CvmRoleProvider>,
    /// The TKE pod's role, through OIDC.
    pub tke_oidc: Option<TkeOidcProvider>,
}

impl Default for CredentialsChain {
    fn default() -> Self {
        let home = std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .map(PathBuf::from);
        Self::with_home(home.as_deref())
    }
}

impl CredentialsChain {
    /// The chain with the profile files under `home` (`home/.tencentcloud/credentials`) and
    /// `/etc/tencentcloud/credentials` (`None` skips the home file), the official metadata
    /// endpoint and STS endpoint.
    pub fn with_home(home: Option<&Path>) -> Self {
        let mut profile_files = Vec::new();
        if let Some(home) = home {
            profile_files.push(home.join(".tencentcloud").join("credentials"));
        }
        profile_files.push(PathBuf::from("/etc/tencentcloud/credentials"));
        CredentialsChain {
            env: EnvSource::Process,
            profile_files,
            profile: DEFAULT_PROFILE.to_owned(),
            cvm_role: Some(CvmRoleProvider::new()),
            tke_oidc: Some(TkeOidcProvider::new()),
        }
    }

    /// Only the environment and the profile files, nothing over the network.
    pub fn local_only(mut self) -> Self {
        self.cvm_role = None;
        self.tke_oidc = None;
        self
    }

    /// Sends the network providers' requests through `http` unless they have a transport.
    pub(crate) fn share_http(&self, http: &Arc<dyn crate::transport::HttpClient>) {
        if let Some(cvm) = &self.cvm_role {
            cvm.http_if_unset(http);
        }
        if let Some(tke) = &self.tke_oidc {
            tke.http_if_unset(http);
        }
    }

    fn resolve_local(
        &self,
        searched: &mut Vec<String>,
    ) -> Result<Option<Credentials>, CredentialsError> {
        let env = EnvProvider {
            env: self.env.clone(),
        };
        if let Some(credentials) = env.lookup()? {
            return Ok(Some(credentials));
        }
        if !matches!(self.env, EnvSource::Disabled) {
            searched.push(format!("${ENV_SECRET_ID}/${ENV_SECRET_KEY}"));
        }
        let profile = ProfileProvider {
            env: self.env.clone(),
            files: self.profile_files.clone(),
            profile: self.profile.clone(),
        };
        profile.lookup(searched)
    }

    /// Finds credentials in the environment and the profile files (the chain's steps that need
    /// no network), or says where it looked.
    pub fn resolve(&self) -> Result<Credentials, CredentialsError> {
        let mut searched = Vec::new();
        self.resolve_local(&mut searched)?
            .ok_or(CredentialsError::NotFound { searched })
    }

    async fn resolve_all(&self) -> Result<Credentials, CredentialsError> {
        let mut searched = Vec::new();
        if let Some(credentials) = self.resolve_local(&mut searched)? {
            return Ok(credentials);
        }
        let remote: [Option<&dyn ProvideCredentials>; 2] = [
            self.cvm_role.as_ref().map(|p| p as &dyn ProvideCredentials),
            self.tke_oidc.as_ref().map(|p| p as &dyn ProvideCredentials),
        ];
        for provider in remote.into_iter().flatten() {
            match provider.provide_credentials().await {
                Ok(credentials) => return Ok(credentials),
                Err(CredentialsError::NotConfigured { provider, missing }) => {
                    searched.push(format!("{provider} ({missing})"));
                }
                Err(other) => return Err(other),
            }
        }
        Err(CredentialsError::NotFound { searched })
    }
}

impl ProvideCredentials for CredentialsChain {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.resolve_all())
    }
}

/// Where a client gets its credentials.
#[derive(Clone, Debug)]
pub enum CredentialsSource {
    /// Fixed credentials.
    Explicit(Credentials),
    /// The default chain (or a customised one).
    Chain(CredentialsChain),
    /// Any provider.
    Provider(Arc<dyn ProvideCredentials>),
}

impl Default for CredentialsSource {
    fn default() -> Self {
        CredentialsSource::Chain(CredentialsChain::default())
    }
}

impl CredentialsSource {
    /// The provider behind this source (the client caches it).
    pub fn provider(&self) -> Arc<dyn ProvideCredentials> {
        match self {
            CredentialsSource::Explicit(credentials) => Arc::new(credentials.clone()),
            CredentialsSource::Chain(chain) => Arc::new(chain.clone()),
            CredentialsSource::Provider(provider) => provider.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
    const KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
    const TOKEN: &str = "da1e9d2ee9dda83506832d5ecb903b790132dfe340001";

    fn env(pairs: &[(&str, &str)]) -> EnvSource {
        EnvSource::Fixed(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn debug_never_shows_secrets() {
        let credentials = Credentials::new(ID, KEY).with_token(TOKEN);
        let shown = format!(
            "{credentials:?} {:?} {:#?}",
            credentials.secret_key(),
            credentials
        );
        assert!(!shown.contains(KEY), "{shown}");
        assert!(!shown.contains(TOKEN), "{shown}");
        assert!(shown.contains(ID));
        assert!(shown.contains("<redacted>"));
        let source = format!("{:?}", env(&[(ENV_SECRET_KEY, KEY)]));
        assert!(!source.contains(KEY), "{source}");
        let chain = CredentialsChain {
            env: env(&[(ENV_SECRET_ID, ID), (ENV_SECRET_KEY, KEY)]),
            ..CredentialsChain::with_home(None)
        };
        assert!(!format!("{chain:?}").contains(KEY));
    }

    #[test]
    fn env_with_token() {
        let chain = CredentialsChain {
            env: env(&[
                (ENV_SECRET_ID, ID),
                (ENV_SECRET_KEY, KEY),
                (ENV_SESSION_TOKEN, TOKEN),
            ]),
            ..CredentialsChain::with_home(None)
        };
        let credentials = chain.resolve().unwrap();
        assert_eq!(credentials.secret_id(), ID);
        assert_eq!(credentials.secret_key().expose_secret(), KEY);
        assert_eq!(
            credentials.token().map(SessionToken::expose_secret),
            Some(TOKEN)
        );
    }

    #[test]
    fn env_partial_is_an_error_and_empty_is_unset() {
        let err =
            Credentials::from_env_lookup(|name| (name == ENV_SECRET_ID).then(|| ID.to_string()))
                .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the environment sets only part of the credentials: `TENCENTCLOUD_SECRET_KEY` is missing"
        );
        assert_eq!(
            Credentials::from_env_lookup(|_| Some(String::new())),
            Ok(None)
        );
    }

    #[test]
    fn env_value_with_whitespace_is_rejected() {
        let err = Credentials::from_env_lookup(|name| match name {
            ENV_SECRET_ID => Some(ID.to_string()),
            ENV_SECRET_KEY => Some(format!("{KEY}\n")),
            _ => None,
        })
        .unwrap_err();
        assert!(err
            .to_string()
            .contains("secret key has leading or trailing whitespace"));
        assert!(!err.to_string().contains(KEY));
    }

    #[test]
    fn profile_file_in_injected_home() {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir(home.path().join(".tencentcloud")).unwrap();
        std::fs::write(
            home.path().join(".tencentcloud/credentials"),
            format!(
                "# written by tccli\n[default]\nsecret_id = {ID}\nSECRET_KEY: \"{KEY}\"\n\n\
                 [prod]\nsecret_id={ID}\nsecret_key={KEY}\ntoken = {TOKEN}\n"
            ),
        )
        .unwrap();
        let mut chain = CredentialsChain::with_home(Some(home.path()));
        chain.env = EnvSource::Disabled;
        let credentials = chain.resolve().unwrap();
        assert_eq!(credentials, Credentials::new(ID, KEY));

        chain.profile = "prod".into();
        assert_eq!(
            chain.resolve().unwrap(),
            Credentials::new(ID, KEY).with_token(TOKEN)
        );
    }

    #[test]
    fn env_wins_over_profile_file() {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir(home.path().join(".tencentcloud")).unwrap();
        std::fs::write(
            home.path().join(".tencentcloud/credentials"),
            "[default]\nsecret_id = file-id\nsecret_key = file-key\n",
        )
        .unwrap();
        let mut chain = CredentialsChain::with_home(Some(home.path()));
        chain.env = env(&[(ENV_SECRET_ID, "env-id"), (ENV_SECRET_KEY, "env-key")]);
        assert_eq!(chain.resolve().unwrap().secret_id(), "env-id");
        chain.env = env(&[]);
        assert_eq!(chain.resolve().unwrap().secret_id(), "file-id");
    }

    #[test]
    fn nothing_found_says_where_it_looked() {
        let home = tempfile::tempdir().unwrap();
        let mut chain = CredentialsChain::with_home(Some(home.path()));
        chain.env = env(&[]);
        chain.profile_files.truncate(1);
        let message = chain.resolve().unwrap_err().to_string();
        assert!(
            message.starts_with("no credentials found (looked in $TENCENTCLOUD_SECRET_ID"),
            "{message}"
        );
        assert!(message.contains("[default] in "), "{message}");
        assert!(message.contains(".tencentcloud"), "{message}");
    }

    #[test]
    fn profile_errors_name_the_line() {
        let err = Credentials::from_profile_text("secret_id = x\n", "default").unwrap_err();
        assert_eq!(err.to_string(), "line 1: key outside of any [section]");
        let err = Credentials::from_profile_text("[default]\nsecret_id\n", "default").unwrap_err();
        assert_eq!(err.to_string(), "line 2: expected `key = value`");
        let err = Credentials::from_profile_text("[default]\na=1\nA=2\n", "default").unwrap_err();
        assert_eq!(err.to_string(), "line 3: duplicate key `a` in [default]");
        let err = Credentials::from_profile_text("[default\n", "default").unwrap_err();
        assert!(err.to_string().contains("closing"));
    }

    #[test]
    fn profile_missing_key_is_incomplete_and_missing_section_is_none() {
        let text = "[default]\nsecret_id = x\n";
        let err = Credentials::from_profile_text(text, "default").unwrap_err();
        assert_eq!(
            err.to_string(),
            "profile [default] sets only part of the credentials: `secret_key` is missing"
        );
        assert_eq!(Credentials::from_profile_text(text, "other"), Ok(None));
    }

    #[test]
    fn unreadable_profile_path_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        // A directory where the file should be cannot be read as text.
        let err = Credentials::from_profile_file(dir.path(), "default").unwrap_err();
        assert!(matches!(err, CredentialsError::Io { .. }), "{err:?}");
    }

    #[tokio::test]
    async fn explicit_credentials_are_validated() {
        let source = CredentialsSource::Explicit(Credentials::new("", KEY));
        let provided = source.provider().provide_credentials().await;
        assert_eq!(
            provided.unwrap_err().to_string(),
            "invalid credentials: the secret id is empty"
        );
    }
}
