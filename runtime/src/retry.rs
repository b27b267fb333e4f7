//! Bounded exponential backoff with full jitter, and which failures are worth retrying.
//!
//! The safety rule: an attempt is repeated after a failure that may have reached the service
//! (an HTTP 5xx answer, a timeout or a connection cut after the request was sent, a body that is
//! no envelope) only when repeating cannot do the work twice — the action is read-only, or it
//! carries an idempotency token that stays the same across attempts ([`RetrySafety`], decided
//! from the docs per action). Failures that prove the request was not processed (the connection
//! was never established, a throttling code) are retried for every action.

use crate::error::{Error, ErrorCode};
use rand::Rng;
use std::time::Duration;

pub use crate::request::RetrySafety;

/// How often and how patiently failed attempts are repeated.
///
/// Always retried: connection failures before anything was sent (refused, connect timeout)
/// and throttling (`RequestLimitExceeded*` in API 3.0, code `4400` in v2). Retried only for
/// actions that are safe to repeat ([`RetrySafety`]), unless
/// [`repeat_unsafe`](Self::repeat_unsafe) is set: HTTP 5xx, a timeout or a connection failure
/// after the request was sent, `UnsupportedOperation.IdempotentProcessing` (the docs: the
/// earlier request with this token is still being processed, retry later).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    /// Attempts in total, including the first; `1` disables retries. Must be at least 1.
    pub max_attempts: u32,
    /// The backoff ceiling before the first retry; it doubles for every further retry.
    pub base_delay: Duration,
    /// The largest backoff ceiling.
    pub max_delay: Duration,
    /// Also repeat actions that are not safe to repeat after failures that may have reached the
    /// service; off by default, since a repeated `Create*` can create twice.
    pub repeat_unsafe: bool,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            repeat_unsafe: false,
        }
    }
}

impl RetryConfig {
    /// One attempt, no retries.
    pub fn disabled() -> Self {
        RetryConfig {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The same, also repeating actions that are not safe to repeat (see
    /// [`repeat_unsafe`](Self::repeat_unsafe)).
    pub fn repeating_unsafe(self) -> Self {
        RetryConfig {
            repeat_unsafe: true,
            ..self
        }
    }

    /// Whether failed attempts are repeated at all.
    pub fn is_enabled(&self) -> bool {
        self.max_attempts > 1
    }

    /// The upper bound of the wait before retry number `retry` (1 for the first retry):
    /// `min(max_delay, base_delay * 2^(retry - 1))`.
    pub fn backoff_ceiling(&self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1).min(31);
        self.base_delay
            .checked_mul(1u32 << doublings)
            .unwrap_or(self.max_delay)
            .min(self.max_delay)
    }

    /// The wait before retry number `retry`: uniformly random in `[0, backoff_ceiling(retry)]`
    /// ("full jitter"), so that many throttled clients do not retry in lockstep.
    pub fn backoff_delay(&self, retry: u32, rng: &mut impl Rng) -> Duration {
        let ceiling = self.backoff_ceiling(retry);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(rng.random_range(0..=nanos))
    }
}

/// Whether a service error code means "slow down and try again".
pub fn is_throttling<C: ErrorCode>(err: &crate::ServiceError<C>) -> bool {
    err.code.as_str().starts_with("RequestLimitExceeded") || err.numeric_code == Some(4400)
}

/// The service's answer to a token it is still processing (`先前的幂等请求仍在处理中，请稍后重试`).
pub const IDEMPOTENT_PROCESSING_CODE: &str = "UnsupportedOperation.IdempotentProcessing";

/// How far an attempt got before it failed, as far as the retry decision is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reached {
    /// The connection was never established: nothing was sent.
    NotSent,
    /// The request may have reached the service (sent, or a response came back).
    MaybeProcessed,
}

/// Whether an attempt that ended with `err` (after a response with `status`, if any) may be
/// repeated safely and usefully for an action of `safety` under `config`.
pub(crate) fn is_retryable<C: ErrorCode>(
    err: &Error<C>,
    status: Option<u16>,
    reached: Reached,
    safety: RetrySafety,
    config: &RetryConfig,
) -> bool {
    if reached == Reached::NotSent {
        return true;
    }
    if let Error::Service(service) = err {
        if is_throttling(service) {
            return true;
        }
    }
    if !(safety.is_safe() || config.repeat_unsafe) {
        return false;
    }
    let idempotent_processing = matches!(safety, RetrySafety::Token(_))
        && err
            .code()
            .is_some_and(|code| code.as_str() == IDEMPOTENT_PROCESSING_CODE);
    idempotent_processing
        || status.is_some_and(|s| s >= 500)
        || matches!(err, Error::Timeout { .. } | Error::Transport { .. })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ServiceError;
    use rand::SeedableRng;

    fn config() -> RetryConfig {
        RetryConfig {
            max_attempts: 6,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
            repeat_unsafe: false,
        }
    }

    #[test]
    fn ceiling_doubles_up_to_the_cap() {
        let c = config();
        let ceilings: Vec<u128> = (1..=6).map(|r| c.backoff_ceiling(r).as_millis()).collect();
        assert_eq!(ceilings, [100, 200, 400, 800, 1000, 1000]);
        // Huge retry numbers neither overflow nor exceed the cap.
        assert_eq!(c.backoff_ceiling(u32::MAX), Duration::from_millis(1000));
        let huge = RetryConfig {
            base_delay: Duration::from_secs(u64::MAX / 2),
            max_delay: Duration::from_secs(30),
            ..config()
        };
        assert_eq!(huge.backoff_ceiling(40), Duration::from_secs(30));
    }

    #[test]
    fn jittered_delay_stays_within_bounds_and_spreads() {
        let c = config();
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for retry in 1..=6 {
            let ceiling = c.backoff_ceiling(retry);
            let delays: Vec<Duration> =
                (0..500).map(|_| c.backoff_delay(retry, &mut rng)).collect();
            assert!(delays.iter().all(|d| *d <= ceiling), "retry {retry}");
            let min = delays.iter().min().unwrap();
            let max = delays.iter().max().unwrap();
            // Full jitter uses the whole range, not a band near the ceiling.
            assert!(*min < ceiling / 10, "retry {retry}: min {min:?}");
            assert!(*max > ceiling * 9 / 10, "retry {retry}: max {max:?}");
        }
    }

    #[test]
    fn disabled_means_one_attempt() {
        assert!(!RetryConfig::disabled().is_enabled());
        assert!(RetryConfig::default().is_enabled());
    }

    fn service(code: &str, numeric: Option<i64>) -> Error<String> {
        Error::Service(Box::new(ServiceError {
            code: code.into(),
            message: String::new(),
            request_id: None,
            numeric_code: numeric,
            code_desc: None,
            module_code: None,
            attempts: 1,
        }))
    }

    fn retryable(
        err: &Error<String>,
        status: Option<u16>,
        reached: Reached,
        safety: RetrySafety,
    ) -> bool {
        is_retryable(err, status, reached, safety, &RetryConfig::default())
    }

    const ALL: [RetrySafety; 3] = [
        RetrySafety::Unsafe,
        RetrySafety::ReadOnly,
        RetrySafety::Token("ClientToken"),
    ];

    #[test]
    fn throttling_and_unsent_requests_are_retried_for_every_action() {
        let refused = Error::<String>::Transport {
            message: "connection refused".into(),
            status: None,
            attempts: 1,
            source: None,
        };
        for safety in ALL {
            for code in [
                "RequestLimitExceeded",
                "RequestLimitExceeded.UinLimitExceeded",
            ] {
                let err = service(code, None);
                assert!(retryable(&err, Some(200), Reached::MaybeProcessed, safety));
            }
            let v2 = service("4400", Some(4400));
            assert!(retryable(&v2, Some(200), Reached::MaybeProcessed, safety));
            assert!(retryable(&refused, None, Reached::NotSent, safety));
            // Errors of the request itself are never retried.
            let bad = service("InvalidParameter", None);
            assert!(!retryable(&bad, Some(200), Reached::MaybeProcessed, safety));
            let v2_bad = service("4000", Some(4000));
            assert!(!retryable(
                &v2_bad,
                Some(200),
                Reached::MaybeProcessed,
                safety
            ));
        }
    }

    #[test]
    fn failures_that_may_have_been_processed_are_retried_only_when_safe() {
        let decode = Error::<String>::decode(502, "not JSON", b"<html>", None);
        let internal = service("InternalError", None);
        let reset = Error::<String>::Transport {
            message: "connection reset".into(),
            status: None,
            attempts: 1,
            source: None,
        };
        let timeout = Error::<String>::Timeout {
            message: "timed out".into(),
            attempts: 1,
        };
        let cases: [(&Error<String>, Option<u16>); 4] = [
            (&decode, Some(502)),
            (&internal, Some(503)),
            (&reset, None),
            (&timeout, None),
        ];
        for (err, status) in cases {
            let reached = Reached::MaybeProcessed;
            assert!(
                !retryable(err, status, reached, RetrySafety::Unsafe),
                "{err:?}"
            );
            assert!(
                retryable(err, status, reached, RetrySafety::ReadOnly),
                "{err:?}"
            );
            assert!(
                retryable(err, status, reached, RetrySafety::Token("ClientToken")),
                "{err:?}"
            );
            let always = RetryConfig::default().repeating_unsafe();
            assert!(
                is_retryable(err, status, reached, RetrySafety::Unsafe, &always),
                "{err:?}"
            );
        }
        // A token still being processed: worth asking again with the same token only.
        let processing = service(IDEMPOTENT_PROCESSING_CODE, None);
        let reached = Reached::MaybeProcessed;
        assert!(retryable(
            &processing,
            Some(200),
            reached,
            RetrySafety::Token("ClientToken")
        ));
        assert!(!retryable(
            &processing,
            Some(200),
            reached,
            RetrySafety::ReadOnly
        ));
        assert!(!retryable(
            &processing,
            Some(200),
            reached,
            RetrySafety::Unsafe
        ));
    }
}
