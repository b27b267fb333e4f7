//! Bounded exponential backoff with full jitter, and which failures are worth retrying.

use crate::error::{Error, ErrorCode};
use rand::Rng;
use std::time::Duration;

/// How often and how patiently failed attempts are repeated.
///
/// Retried: connection failures (the request never reached the service), HTTP 5xx, and
/// throttling (`RequestLimitExceeded*` in API 3.0, code `4400` in v2). A request that timed
/// out after it was sent is not retried, because the service may have carried it out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    /// Attempts in total, including the first; `1` disables retries. Must be at least 1.
    pub max_attempts: u32,
    /// The backoff ceiling before the first retry; it doubles for every further retry.
    pub base_delay: Duration,
    /// The largest backoff ceiling.
    pub max_delay: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
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

/// Whether an attempt that ended with `err` (after a response with `status`, if any) may be
/// repeated safely and usefully.
pub(crate) fn is_retryable<C: ErrorCode>(
    err: &Error<C>,
    status: Option<u16>,
    connect_failure: bool,
) -> bool {
    if connect_failure || status.is_some_and(|s| s >= 500) {
        return true;
    }
    match err {
        Error::Service(service) => is_throttling(service),
        _ => false,
    }
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
        Error::Service(ServiceError {
            code: code.into(),
            message: String::new(),
            request_id: None,
            numeric_code: numeric,
            module_code: None,
            attempts: 1,
        })
    }

    #[test]
    fn classification() {
        assert!(is_retryable(
            &service("RequestLimitExceeded", None),
            Some(200),
            false
        ));
        assert!(is_retryable(
            &service("RequestLimitExceeded.UinLimitExceeded", None),
            Some(200),
            false
        ));
        assert!(is_retryable(&service("4400", Some(4400)), Some(200), false));
        assert!(!is_retryable(
            &service("InvalidParameter", None),
            Some(200),
            false
        ));
        assert!(!is_retryable(
            &service("4000", Some(4000)),
            Some(200),
            false
        ));
        assert!(is_retryable(
            &service("InternalError", None),
            Some(503),
            false
        ));
        let decode = Error::<String>::decode(502, "not JSON", b"<html>", None);
        assert!(is_retryable(&decode, Some(502), false));
        let refused = Error::<String>::Transport {
            message: "connection refused".into(),
            status: None,
            attempts: 1,
            source: None,
        };
        assert!(is_retryable(&refused, None, true));
        assert!(!is_retryable(&refused, None, false));
    }
}
