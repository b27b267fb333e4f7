//! Load: 2,000 calls, 64 in flight, against a loopback server answering a mix of successes,
//! throttling and 5xx. Every call ends exactly once with the expected outcome, the server sees
//! exactly the attempts the retry budget allows, and no more than 64 requests are ever in
//! flight.

mod support;

use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::*;
use tcgen_runtime::form::FormWriter;
use tcgen_runtime::{Credentials, Error, Request, RetryConfig};
use tokio::sync::Semaphore;

const CALLS: u32 = 2_000;
const IN_FLIGHT: usize = 64;
const MAX_ATTEMPTS: u32 = 3;

/// A request that carries its call number, so the server can script per call.
#[derive(Serialize)]
struct Numbered {
    #[serde(rename = "Call")]
    call: u32,
}

impl Request for Numbered {
    type Response = DescribeVpcsResponse;
    const ACTION: &'static str = "DescribeVpcs";
    // As generated: `Describe*` only reads, so 5xx answers are retried.
    const RETRY_SAFETY: tcgen_runtime::RetrySafety = tcgen_runtime::RetrySafety::ReadOnly;
    fn write_form<'a>(&'a self, out: &mut FormWriter<'a>) {
        out.field(tcgen_runtime::form::Key::ROOT, "Call", &self.call);
    }
}

/// What the server does with call `n` at attempt `attempt` (1-based), and what the call must
/// end with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Success at once.
    Ok,
    /// Throttled once, then success.
    ThrottledOnce,
    /// 503 twice, then success.
    Unavailable2,
    /// 502 with an HTML body on every attempt.
    AlwaysBadGateway,
    /// Throttled on every attempt.
    AlwaysThrottled,
    /// A client error: not retried.
    InvalidParameter,
}

fn kind(call: u32) -> Kind {
    match call % 10 {
        0..=4 => Kind::Ok,
        5 => Kind::ThrottledOnce,
        6 => Kind::Unavailable2,
        7 => Kind::AlwaysBadGateway,
        8 => Kind::AlwaysThrottled,
        _ => Kind::InvalidParameter,
    }
}

fn expected_attempts(kind: Kind) -> u32 {
    match kind {
        Kind::Ok | Kind::InvalidParameter => 1,
        Kind::ThrottledOnce => 2,
        Kind::Unavailable2 | Kind::AlwaysBadGateway | Kind::AlwaysThrottled => MAX_ATTEMPTS,
    }
}

fn v3_error_body(code: &str) -> String {
    format!(
        r#"{{"Response": {{"Error": {{"Code": "{code}", "Message": "m"}}, "RequestId": "r"}}}}"#
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_calls_sixty_four_in_flight_each_end_exactly_once() {
    let attempts: Arc<Mutex<HashMap<u32, u32>>> = Arc::default();
    let seen = attempts.clone();
    let server = FnServer::start_unrecorded(move |request| {
        let seen = seen.clone();
        async move {
            let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap_or_default();
            let Some(call) = body["Call"].as_u64().map(|c| c as u32) else {
                return Answer::text(400, "no call number");
            };
            let attempt = {
                let mut seen = seen.lock().unwrap();
                let count = seen.entry(call).or_insert(0);
                *count += 1;
                *count
            };
            // Some latency, so that many requests overlap.
            tokio::time::sleep(Duration::from_millis(u64::from(call % 3))).await;
            match (kind(call), attempt) {
                (Kind::Ok, _) | (Kind::ThrottledOnce, 2..) | (Kind::Unavailable2, 3..) => {
                    Answer::json(
                        200,
                        format!(
                            r#"{{"Response": {{"TotalCount": {call}, "RequestId": "r-{call}"}}}}"#
                        ),
                    )
                }
                (Kind::ThrottledOnce, _) | (Kind::AlwaysThrottled, _) => {
                    Answer::json(200, v3_error_body("RequestLimitExceeded"))
                }
                (Kind::Unavailable2, _) => Answer::json(503, v3_error_body("InternalError")),
                (Kind::AlwaysBadGateway, _) => Answer {
                    status: 502,
                    headers: vec![("content-type".into(), "text/html".into())],
                    body: b"<html>502 Bad Gateway</html>".to_vec(),
                },
                (Kind::InvalidParameter, _) => Answer::json(200, v3_error_body("InvalidParameter")),
            }
        }
    })
    .await;
    let client = tcgen_runtime::Client::builder()
        .endpoint(server.endpoint())
        .region("ap-guangzhou")
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .use_env_proxy(false)
        .retry(RetryConfig {
            max_attempts: MAX_ATTEMPTS,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(4),
            ..Default::default()
        })
        .timeout(Duration::from_secs(20))
        .build_client()
        .unwrap();

    let started = Instant::now();
    let permits = Arc::new(Semaphore::new(IN_FLIGHT));
    let mut tasks = tokio::task::JoinSet::new();
    for call in 0..CALLS {
        let permit = permits.clone().acquire_owned().await.unwrap();
        let client = client.clone();
        tasks.spawn(async move {
            let begun = Instant::now();
            let outcome = client.call::<String, _>(&V3, &Numbered { call }).await;
            drop(permit);
            (call, outcome, begun.elapsed())
        });
    }
    let mut ended: HashMap<u32, Result<DescribeVpcsResponse, Error<String>>> = HashMap::new();
    let mut latencies = Vec::with_capacity(CALLS as usize);
    let all = tokio::time::timeout(Duration::from_secs(120), async {
        while let Some(joined) = tasks.join_next().await {
            let (call, outcome, latency) = joined.expect("no call panics");
            latencies.push(latency);
            assert!(
                ended.insert(call, outcome).is_none(),
                "call {call} ended twice"
            );
        }
    })
    .await;
    assert!(all.is_ok(), "the load did not finish within two minutes");
    let elapsed = started.elapsed();

    // Every call ended exactly once, with the outcome its script implies.
    assert_eq!(ended.len(), CALLS as usize, "calls lost");
    let mut tally: HashMap<&str, u32> = HashMap::new();
    for (call, outcome) in &ended {
        let kind = kind(*call);
        let label = match (kind, outcome) {
            (Kind::Ok | Kind::ThrottledOnce | Kind::Unavailable2, Ok(response)) => {
                assert_eq!(
                    response.total_count,
                    Some(u64::from(*call)),
                    "answer of another call"
                );
                "ok"
            }
            (
                Kind::AlwaysBadGateway,
                Err(Error::Decode {
                    status: 502,
                    attempts,
                    ..
                }),
            ) => {
                assert_eq!(*attempts, MAX_ATTEMPTS);
                "bad gateway"
            }
            (Kind::AlwaysThrottled, Err(Error::Service(err))) => {
                assert_eq!(err.code, "RequestLimitExceeded");
                assert_eq!(err.attempts, MAX_ATTEMPTS);
                "throttled"
            }
            (Kind::InvalidParameter, Err(Error::Service(err))) => {
                assert_eq!(err.code, "InvalidParameter");
                assert_eq!(err.attempts, 1);
                "invalid"
            }
            (kind, outcome) => panic!("call {call} ({kind:?}) ended with {outcome:?}"),
        };
        *tally.entry(label).or_default() += 1;
    }
    assert_eq!(tally["ok"], CALLS / 10 * 7);

    // The server saw exactly the budgeted attempts of each call: no call lost, none repeated.
    let attempts = attempts.lock().unwrap();
    assert_eq!(attempts.len(), CALLS as usize);
    let mut total = 0;
    for (call, count) in attempts.iter() {
        assert_eq!(
            *count,
            expected_attempts(kind(*call)),
            "attempts of call {call}"
        );
        assert!(*count <= MAX_ATTEMPTS);
        total += count;
    }

    // Bounded: never more than 64 requests at the server at once.
    let max_in_flight = server.max_in_flight();
    assert!(max_in_flight <= IN_FLIGHT, "{max_in_flight} in flight");
    assert!(max_in_flight > 1, "the calls did overlap");
    assert!(
        server.connections() <= IN_FLIGHT * 2,
        "{} connections",
        server.connections()
    );

    latencies.sort();
    let p = |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize];
    eprintln!(
        "load: {CALLS} calls in {elapsed:?} ({:.0} calls/s), {total} attempts, p50 {:?}, p99 {:?}, \
         max in flight {max_in_flight}, {} connections, outcomes {tally:?}",
        f64::from(CALLS) / elapsed.as_secs_f64(),
        p(0.50),
        p(0.99),
        server.connections()
    );
}
