//! Waiting for the task an asynchronous action starts (the v2 API's `taskId`).
//!
//! Generated `send_and_wait` glue sends the action, takes the task id from its response and
//! hands [`wait`] a function that polls the documented task action once. The loop here owns
//! everything else: the deadline, the delay between polls (exponential backoff with full
//! jitter), and the typed outcome. A poll answers `data.status` — `0` succeeded, `1` failed,
//! `2` running, as both task actions document — and, for `DescribeNetTaskResult`, a
//! `data.output` with the failure's `code` and `message`.
//!
//! Dropping the future stops the polling: nothing is spawned.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use rand::Rng;
use serde::Serialize;
use serde_json::Value;

/// The documented states of a task (`data.status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TaskStatus {
    /// `0`: the task succeeded.
    Succeeded,
    /// `1`: the task failed.
    Failed,
    /// `2`: the task is still running.
    Running,
    /// A status the documentation does not list, kept as sent.
    Other(i64),
}

impl TaskStatus {
    /// The status of a documented code.
    pub fn from_code(code: i64) -> TaskStatus {
        match code {
            0 => TaskStatus::Succeeded,
            1 => TaskStatus::Failed,
            2 => TaskStatus::Running,
            other => TaskStatus::Other(other),
        }
    }
}

/// What one poll found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskReport {
    /// `data.status`; `None` when the answer carried none.
    pub status: Option<TaskStatus>,
    /// `data.output.code`, where the task action reports one.
    pub code: Option<String>,
    /// `data.output.message`, where the task action reports one.
    pub message: Option<String>,
}

impl TaskReport {
    /// Reads a task action's response (serialized with its wire names).
    pub fn from_response(response: &impl Serialize) -> TaskReport {
        let value = serde_json::to_value(response).unwrap_or(Value::Null);
        let data = &value["data"];
        let text = |value: &Value| match value {
            Value::Null => None,
            Value::String(text) => Some(text.clone()),
            other => Some(other.to_string()),
        };
        TaskReport {
            status: integer(&data["status"]).map(TaskStatus::from_code),
            code: text(&data["output"]["code"]),
            message: text(&data["output"]["message"]),
        }
    }
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
    /// The task failed.
    Failed {
        /// The task id.
        task_id: i64,
        /// The failure's code, where the task action reports one.
        code: Option<String>,
        /// The failure's message, where the task action reports one.
        message: Option<String>,
    },
    /// The deadline passed first.
    TimedOut {
        /// The task id.
        task_id: i64,
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

/// Reads a task id (a number, or a number sent as text) at `path` of a serialized response.
pub fn task_id(response: &impl Serialize, path: &[&str]) -> Option<i64> {
    let value = serde_json::to_value(response).ok()?;
    let found = path.iter().try_fold(&value, |value, key| value.get(*key))?;
    integer(found)
}

fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// Polls until the task succeeds (returning the last report), fails, or the deadline passes.
/// The first poll is immediate.
pub async fn wait<R, E, F, Fut>(
    config: &WaitConfig,
    task_id: i64,
    mut poll: F,
) -> Result<TaskReport, WaitError<E>>
where
    R: Serialize,
    F: FnMut(i64) -> Fut,
    Fut: Future<Output = Result<R, E>>,
{
    let deadline = tokio::time::Instant::now() + config.timeout;
    let mut polls = 0;
    loop {
        polls += 1;
        let report = TaskReport::from_response(&poll(task_id).await.map_err(WaitError::Call)?);
        match report.status {
            Some(TaskStatus::Succeeded) => return Ok(report),
            Some(TaskStatus::Failed) => {
                return Err(WaitError::Failed {
                    task_id,
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
                task_id,
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
    use serde_json::json;

    #[test]
    fn reports_read_status_code_and_message() {
        let report = TaskReport::from_response(
            &json!({"code": 0, "data": {"status": 1, "output": {"code": 7, "message": "quota"}}}),
        );
        assert_eq!(report.status, Some(TaskStatus::Failed));
        assert_eq!(report.code.as_deref(), Some("7"));
        assert_eq!(report.message.as_deref(), Some("quota"));
        let report = TaskReport::from_response(&json!({"data": {"status": "2"}}));
        assert_eq!(report.status, Some(TaskStatus::Running));
        assert_eq!(report.code, None);
    }

    #[test]
    fn task_ids_are_numbers_or_numeric_text() {
        assert_eq!(task_id(&json!({"taskId": 15454}), &["taskId"]), Some(15454));
        assert_eq!(
            task_id(&json!({"data": {"taskId": "15454"}}), &["data", "taskId"]),
            Some(15454)
        );
        assert_eq!(task_id(&json!({"data": {}}), &["data", "taskId"]), None);
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
