//! The async provider trait, the refreshing cache every client puts in front of its provider,
//! and the static provider.

use super::{Credentials, CredentialsError};
use crate::clock::{Clock, SystemClock};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};
use tracing::{debug, warn};

/// The future a provider returns.
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// Something that can produce credentials, possibly over the network. Temporary credentials
/// carry their expiry ([`Credentials::expiry`]); a [`CredentialsCache`] calls the provider again
/// before then.
///
/// A provider that finds nothing to use (no variables set, no file, no role bound) answers
/// [`CredentialsError::NotConfigured`], which makes a chain try its next provider; any other
/// error stops the chain.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Fetches credentials.
    fn provide_credentials(&self) -> CredentialsFuture<'_>;
}

/// Fixed credentials are a provider (validated each time, which is cheap).
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            self.validate()?;
            Ok(self.clone())
        })
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Arc<P> {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}

/// How long before expiry cached credentials are refreshed by default: five minutes, the
/// margin of the official Python SDK (`CVMRoleCredential._expired_timeout = 300` in
/// `tencentcloud/common/credential.py`), since the service rejects signatures more than
/// five minutes off anyway.
pub const DEFAULT_REFRESH_BEFORE: Duration = Duration::from_secs(300);

/// After a failed refresh, the still-valid credentials are served for this long before the
/// next refresh is tried.
pub const DEFAULT_RETRY_AFTER_FAILURE: Duration = Duration::from_secs(10);

#[derive(Default)]
struct CacheState {
    current: Option<Credentials>,
    /// The outcome of the last refresh that failed, and when.
    last_failure: Option<(SystemTime, CredentialsError)>,
    /// Counts finished refreshes, so that callers who waited for one use its outcome.
    refreshes: u64,
}

/// Caches a provider's credentials and refreshes them before they expire.
///
/// - Credentials without an expiry are fetched once.
/// - Within [`refresh_before`](CredentialsCache::refresh_before) of the expiry, the next
///   caller refreshes; concurrent callers wait for that one refresh and share its outcome
///   (single flight).
/// - A failed refresh keeps serving the current credentials while they are still valid
///   (retrying at most every [`DEFAULT_RETRY_AFTER_FAILURE`]); once they have expired, the
///   failure is returned.
pub struct CredentialsCache {
    provider: Arc<dyn ProvideCredentials>,
    clock: Arc<dyn Clock>,
    refresh_before: Duration,
    retry_after_failure: Duration,
    state: Mutex<CacheState>,
    refresh: tokio::sync::Mutex<()>,
}

impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        // Credentials redact their secrets in Debug.
        f.debug_struct("CredentialsCache")
            .field("provider", &self.provider)
            .field("current", &state.current)
            .field("refresh_before", &self.refresh_before)
            .finish_non_exhaustive()
    }
}

enum Cached {
    /// Use these.
    Fresh(Credentials),
    /// Refresh; these may still be served if the refresh fails.
    Stale,
}

impl CredentialsCache {
    /// A cache in front of `provider`, on the system clock.
    pub fn new(provider: Arc<dyn ProvideCredentials>) -> Self {
        CredentialsCache {
            provider,
            clock: Arc::new(SystemClock),
            refresh_before: DEFAULT_REFRESH_BEFORE,
            retry_after_failure: DEFAULT_RETRY_AFTER_FAILURE,
            state: Mutex::new(CacheState::default()),
            refresh: tokio::sync::Mutex::new(()),
        }
    }

    /// Uses `clock` for expiry decisions (tests use a [`ManualClock`](crate::clock::ManualClock)).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Refreshes this long before expiry (default [`DEFAULT_REFRESH_BEFORE`]).
    pub fn refresh_before(mut self, margin: Duration) -> Self {
        self.refresh_before = margin;
        self
    }

    /// After a failed refresh, waits this long before trying again while the credentials are
    /// still valid (default [`DEFAULT_RETRY_AFTER_FAILURE`]).
    pub fn retry_after_failure(mut self, wait: Duration) -> Self {
        self.retry_after_failure = wait;
        self
    }

    fn state(&self) -> std::sync::MutexGuard<'_, CacheState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// What the state allows without a refresh.
    fn lookup(&self, state: &CacheState, now: SystemTime) -> Cached {
        let Some(current) = &state.current else {
            return Cached::Stale;
        };
        let Some(expiry) = current.expiry() else {
            return Cached::Fresh(current.clone());
        };
        if now >= expiry {
            return Cached::Stale;
        }
        let due = expiry
            .checked_sub(self.refresh_before)
            .is_none_or(|refresh_at| now >= refresh_at);
        if !due {
            return Cached::Fresh(current.clone());
        }
        // Due for a refresh: unless one failed a moment ago.
        match &state.last_failure {
            Some((at, _)) if now < *at + self.retry_after_failure => Cached::Fresh(current.clone()),
            _ => Cached::Stale,
        }
    }

    /// The outcome for a caller after a refresh failed: the still-valid credentials, or the
    /// error.
    fn after_failure(
        &self,
        state: &CacheState,
        now: SystemTime,
    ) -> Result<Credentials, CredentialsError> {
        if let Some(current) = &state.current {
            if current.expiry().is_none_or(|expiry| now < expiry) {
                return Ok(current.clone());
            }
        }
        Err(state
            .last_failure
            .as_ref()
            .map(|(_, err)| err.clone())
            .unwrap_or_else(|| CredentialsError::Invalid("the credentials have expired".into())))
    }

    /// Valid credentials, refreshing them first when due.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let seen = {
            let state = self.state();
            if let Cached::Fresh(credentials) = self.lookup(&state, self.clock.now()) {
                return Ok(credentials);
            }
            state.refreshes
        };
        let _flight = self.refresh.lock().await;
        {
            let state = self.state();
            let now = self.clock.now();
            if state.refreshes != seen {
                // Another caller refreshed while this one waited: share its outcome.
                return match self.lookup(&state, now) {
                    Cached::Fresh(credentials) => Ok(credentials),
                    Cached::Stale => self.after_failure(&state, now),
                };
            }
            if let Cached::Fresh(credentials) = self.lookup(&state, now) {
                return Ok(credentials);
            }
        }
        let outcome = self.provider.provide_credentials().await;
        let mut state = self.state();
        let now = self.clock.now();
        state.refreshes += 1;
        match outcome {
            Ok(credentials) => {
                debug!(
                    secret_id = credentials.secret_id(),
                    expires_in_s = credentials
                        .expiry()
                        .and_then(|expiry| expiry.duration_since(now).ok())
                        .map(|left| left.as_secs()),
                    "credentials refreshed"
                );
                state.current = Some(credentials.clone());
                state.last_failure = None;
                Ok(credentials)
            }
            Err(err) => {
                warn!(error = %err, "refreshing credentials failed");
                state.last_failure = Some((now, err));
                self.after_failure(&state, now)
            }
        }
    }
}

impl ProvideCredentials for CredentialsCache {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}
