//! Credentials: explicit, from the environment, or from the official SDKs' profile file.
//!
//! The lookup order of [`CredentialsChain`] follows the official SDKs: the environment variables
//! `TENCENTCLOUD_SECRET_ID` / `TENCENTCLOUD_SECRET_KEY` (plus `TENCENTCLOUD_SESSION_TOKEN`), then
//! the INI file `~/.tencentcloud/credentials`, then `/etc/tencentcloud/credentials`:
//!
//! ```ini
//! [default]
//! secret_id = AKID...
//! secret_key = ...
//! token = ...        ; optional
//! ```
//!
//! `Debug` of every type here redacts the secret key and the session token.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Environment variable holding the SecretId.
pub const ENV_SECRET_ID: &str = "TENCENTCLOUD_SECRET_ID";
/// Environment variable holding the SecretKey.
pub const ENV_SECRET_KEY: &str = "TENCENTCLOUD_SECRET_KEY";
/// Environment variable holding the temporary session token.
pub const ENV_SESSION_TOKEN: &str = "TENCENTCLOUD_SESSION_TOKEN";
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
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("secret_id", &self.secret_id)
            .field("secret_key", &self.secret_key)
            .field("token", &self.token)
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
        }
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

/// The official SDKs' lookup order: environment, then profile files.
#[derive(Clone, Debug)]
pub struct CredentialsChain {
    /// Where the environment variables are read from.
    pub env: EnvSource,
    /// Profile files tried in order; missing files are skipped.
    pub profile_files: Vec<PathBuf>,
    /// The profile (INI section) to read.
    pub profile: String,
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
    /// `/etc/tencentcloud/credentials`; `None` skips the home file.
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
        }
    }

    /// Finds credentials, or says where it looked.
    pub fn resolve(&self) -> Result<Credentials, CredentialsError> {
        let mut searched = Vec::new();
        let from_env = match &self.env {
            EnvSource::Process => Credentials::from_env()?,
            EnvSource::Fixed(vars) => Credentials::from_env_lookup(|name| vars.get(name).cloned())?,
            EnvSource::Disabled => None,
        };
        if let Some(credentials) = from_env {
            return Ok(credentials);
        }
        if !matches!(self.env, EnvSource::Disabled) {
            searched.push(format!("${ENV_SECRET_ID}/${ENV_SECRET_KEY}"));
        }
        for path in &self.profile_files {
            if let Some(credentials) = Credentials::from_profile_file(path, &self.profile)? {
                return Ok(credentials);
            }
            searched.push(format!("[{}] in {}", self.profile, path.display()));
        }
        Err(CredentialsError::NotFound { searched })
    }
}

/// Where a client gets its credentials.
#[derive(Clone, Debug)]
pub enum CredentialsSource {
    /// Fixed credentials.
    Explicit(Credentials),
    /// Looked up once, when the client is created.
    Chain(CredentialsChain),
}

impl Default for CredentialsSource {
    fn default() -> Self {
        CredentialsSource::Chain(CredentialsChain::default())
    }
}

impl CredentialsSource {
    /// The credentials, validated.
    pub fn resolve(&self) -> Result<Credentials, CredentialsError> {
        match self {
            CredentialsSource::Explicit(credentials) => {
                credentials.validate()?;
                Ok(credentials.clone())
            }
            CredentialsSource::Chain(chain) => chain.resolve(),
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

    #[test]
    fn explicit_credentials_are_validated() {
        let source = CredentialsSource::Explicit(Credentials::new("", KEY));
        assert_eq!(
            source.resolve().unwrap_err().to_string(),
            "invalid credentials: the secret id is empty"
        );
    }
}
