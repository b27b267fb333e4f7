//! Waiting for the task an asynchronous action starts.
//!
//! Generated `send_and_wait` glue sends the action, takes the task id from its typed response
//! (a `taskId`, a `TaskId`, or the response's `RequestId`, as the spec's `task` says) and hands
//! [`wait`] a function that polls the documented task action once, and an acceptor: a function
//! emitted per action that reads the typed poll response's status member and sorts it by the
//! states the docs list (`0`/`1`/`2` in v2's `data.status`; `SUCCESS`/`FAILED`/`RUNNING` in
//! API 3.0's `Status` or `Result`), with the failure's code and message where the task action
//! reports them. The loop here owns everything else: the deadline, the delay between polls
//! (exponential backoff with full jitter), and the typed outcome.
//!
//! Dropping the future stops the polling: nothing is spawned.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use rand::Rng;

/// The states of a task, as an acceptor sorts the documented values.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TaskStatus {
    /// A value the docs say means success (`0`, `SUCCESS`).
    Succeeded,
    /// A value the docs say means failure (`1`, `FAILED`).
    Failed,
    /// A value the docs say means the task is still running (`2`, `RUNNING`).
    Running,
    /// A value the documentation does not list, kept as sent; polling goes on.
    Other(String),
}

/// What one poll found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskReport {
    /// The task's status; `None` when the answer carried none.
    pub status: Option<TaskStatus>,
    /// The failure's code, where the task action reports one (v2's `data.output.code`).
    pub code: Option<String>,
    /// The failure's message, where the task action reports one (`data.output.message`,
    /// API 3.0's `Output`).
    pub message: Option<String>,
}

/// How long and how often to poll.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitConfig {
    /// Give up after this long (measured from the first poll).
    pub timeout: Duration,
    /// The upper bound of the first delay between polls.
    pub initial_delay: Duration,
    /// The cap of the delay between polls.
    pub max_delay: Duration,
}

impl Default for WaitConfig {
    /// Five minutes, polling after up to 1 s at first and at most every 15 s.
    fn default() -> Self {
        WaitConfig {
            timeout: Duration::from_secs(300),
            initial_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(15),
        }
    }
}

impl WaitConfig {
    /// A config with the given timeout and the default delays.
    pub fn with_timeout(timeout: Duration) -> WaitConfig {
        WaitConfig {
            timeout,
            ..WaitConfig::default()
        }
    }

    /// The delay before poll `attempt` (1-based): full jitter over an exponential bound.
    pub fn delay(&self, attempt: u32, rng: &mut impl Rng) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(16));
        let bound = self
            .initial_delay
            .saturating_mul(factor)
            .min(self.max_delay);
        if bound.is_zero() {
            return bound;
        }
        Duration::from_nanos(rng.random_range(0..=bound.as_nanos().min(u64::MAX as u128) as u64))
    }
}

/// Why waiting did not end in success.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError<E> {
    /// Sending the action or one poll failed (after the client's own retries).
    Call(E),
    /// The response carried no task id at the documented place.
    NoTaskId {
        /// The documented path of the id, e.g. `data.taskId`.
        path: &'static str,
    },
    /// The id at the documented place is text the task action cannot take as its number.
    BadTaskId {
        /// The documented path of the id, e.g. `TaskId`.
        path: &'static str,
        /// The id as the response sent it.
        value: String,
    },
    /// The task failed.
    Failed {
        /// The task id (or the request id the task action is polled with).
        task_id: String,
        /// The failure's code, where the task action reports one.
        code: Option<String>,
        /// The failure's message, where the task action reports one.
        message: Option<String>,
    },
    /// The deadline passed first.
    TimedOut {
        /// The task id (or the request id the task action is polled with).
        task_id: String,
        /// The status the last poll found.
        last_status: Option<TaskStatus>,
        /// How many polls were made.
        polls: u32,
    },
}

impl<E: fmt::Display> fmt::Display for WaitError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Call(error) => write!(f, "{error}"),
            WaitError::NoTaskId { path } => write!(f, "the response has no task id at `{path}`"),
            WaitError::BadTaskId { path, value } => {
                write!(f, "the task id at `{path}` is not a number: {value:?}")
            }
            WaitError::Failed {
                task_id,
                code,
                message,
            } => {
                write!(f, "task {task_id} failed")?;
                if let Some(code) = code {
                    write!(f, " with code {code}")?;
                }
                if let Some(message) = message {
                    write!(f, ": {message}")?;
                }
                Ok(())
            }
            WaitError::TimedOut {
                task_id,
                last_status,
                polls,
            } => write!(
                f,
                "task {task_id} not finished after {polls} polls (last status {last_status:?})"
            ),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for WaitError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaitError::Call(error) => Some(error),
            _ => None,
        }
    }
}

/// A task id sent as text (`"61531428"`) for a task action that takes a number.
///
/// # Errors
///
/// [`WaitError::BadTaskId`] when the text is not an integer.
pub fn numeric_id<E>(text: &str, path: &'static str) -> Result<i64, WaitError<E>> {
    text.trim().parse().map_err(|_| WaitError::BadTaskId {
        path,
        value: text.to_owned(),
    })
}

/// Polls until the task succeeds (returning the last report), fails, or the deadline passes.
/// The first poll is immediate; `accept` reads each typed poll response.
///
/// # Errors
///
/// [`WaitError::Call`] when a poll fails, [`WaitError::Failed`] when `accept` reports the task
/// failed, [`WaitError::TimedOut`] when the next poll would pass the deadline.
pub async fn wait<I, R, E, F, Fut, A>(
    config: &WaitConfig,
    task_id: I,
    mut poll: F,
    accept: A,
) -> Result<TaskReport, WaitError<E>>
where
    I: Clone + fmt::Display,
    F: FnMut(I) -> Fut,
    Fut: Future<Output = Result<R, E>>,
    A: Fn(&R) -> TaskReport,
{
    let deadline = tokio::time::Instant::now() + config.timeout;
    let mut polls = 0;
    loop {
        polls += 1;
        let report = accept(&poll(task_id.clone()).await.map_err(WaitError::Call)?);
        match report.status {
            Some(TaskStatus::Succeeded) => return Ok(report),
            Some(TaskStatus::Failed) => {
                return Err(WaitError::Failed {
                    task_id: task_id.to_string(),
                    code: report.code,
                    message: report.message,
                })
            }
            _ => {}
        }
        // The thread-local RNG is not Send: draw the delay before awaiting.
        let delay = config.delay(polls, &mut rand::rng());
        let now = tokio::time::Instant::now();
        if now + delay >= deadline {
            return Err(WaitError::TimedOut {
                task_id: task_id.to_string(),
                last_status: report.status,
                polls,
            });
        }
        tokio::time::sleep(delay).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(status: TaskStatus) -> TaskReport {
        TaskReport {
            status: Some(status),
            code: Some("7".into()),
            message: Some("quota".into()),
        }
    }

    #[test]
    fn text_ids_become_numbers_or_a_clear_error() {
        assert_eq!(numeric_id::<()>(" 61531428", "TaskId").unwrap(), 61531428);
        let err = numeric_id::<std::io::Error>("task-1", "TaskId").unwrap_err();
        assert_eq!(
            err.to_string(),
            "the task id at `TaskId` is not a number: \"task-1\""
        );
    }

    #[tokio::test]
    async fn the_acceptor_decides_and_failures_keep_code_and_message() {
        let config = WaitConfig {
            timeout: Duration::from_secs(5),
            initial_delay: Duration::ZERO,
            max_delay: Duration::ZERO,
        };
        let mut answers = vec![TaskStatus::Failed, TaskStatus::Other("QUEUED".into())];
        let err = wait(
            &config,
            "req-1".to_string(),
            |_id: String| {
                let answer = answers.pop().unwrap();
                async move { Ok::<_, std::io::Error>(answer) }
            },
            |status: &TaskStatus| report(status.clone()),
        )
        .await
        .unwrap_err();
        let WaitError::Failed {
            task_id,
            code,
            message,
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!(
            (task_id.as_str(), code.as_deref(), message.as_deref()),
            ("req-1", Some("7"), Some("quota"))
        );
        assert_eq!(err.to_string(), "task req-1 failed with code 7: quota");
    }

    #[test]
    fn delays_stay_under_the_cap() {
        let config = WaitConfig {
            timeout: Duration::from_secs(1),
            initial_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(40),
        };
        let mut rng = rand::rng();
        for attempt in 1..40 {
            assert!(config.delay(attempt, &mut rng) <= Duration::from_millis(40));
        }
    }
}
