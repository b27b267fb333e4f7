//! Debug logs never carry secrets. In its own test binary so that the capturing subscriber can
//! be the global one: tracing caches per-callsite interest process-wide, and a thread-local
//! subscriber can miss events when tests on other threads register the same callsites.

mod support;

use std::sync::{Arc, Mutex};
use support::*;
use tcgen_runtime::sign::{HttpMethod, SignatureMethod};
use tcgen_runtime::Credentials;

/// Collects the text of every tracing event and span field.
struct CaptureLogs(Arc<Mutex<String>>);

struct FieldText<'a>(&'a mut String);

impl tracing::field::Visit for FieldText<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        use std::fmt::Write as _;
        let _ = write!(self.0, "{}={:?} ", field.name(), value);
    }
}

impl tracing::Subscriber for CaptureLogs {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut text = self.0.lock().unwrap();
        text.push_str("span ");
        text.push_str(span.metadata().name());
        text.push(' ');
        span.record(&mut FieldText(&mut text));
        text.push('\n');
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut text = self.0.lock().unwrap();
        text.push_str("record ");
        values.record(&mut FieldText(&mut text));
        text.push('\n');
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut text = self.0.lock().unwrap();
        text.push_str(event.metadata().target());
        text.push(' ');
        event.record(&mut FieldText(&mut text));
        text.push('\n');
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn debug_logs_never_contain_secrets() {
    let logs = Arc::new(Mutex::new(String::new()));
    tracing::subscriber::set_global_default(CaptureLogs(logs.clone()))
        .expect("the only subscriber of this test binary");
    let server = Server::start(vec![v3_error("RequestLimitExceeded"), v3_success()]).await;
    let client = builder(&server)
        .http_method(HttpMethod::Get)
        .signature_method(SignatureMethod::HmacSha256)
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY).with_token(TOKEN))
        .build_client()
        .unwrap();
    let _: DescribeVpcsResponse = client
        .call::<String, _>(&V3, &describe_vpcs())
        .await
        .unwrap();

    let logs = logs.lock().unwrap().clone();
    let runtime_logs: String = logs
        .lines()
        .filter(|l| l.starts_with("tcgen_runtime"))
        .collect();
    assert!(runtime_logs.contains("attempt failed"), "{logs}");
    assert!(runtime_logs.contains("retrying"), "{logs}");
    assert!(runtime_logs.contains("call succeeded"), "{logs}");
    // One span per call and one per attempt, with their context.
    let spans: Vec<&str> = logs.lines().filter(|l| l.starts_with("span ")).collect();
    let calls: Vec<&&str> = spans
        .iter()
        .filter(|l| l.starts_with("span tcgen.call "))
        .collect();
    assert_eq!(calls.len(), 1, "{logs}");
    for field in [
        "action=\"DescribeVpcs\"",
        "service=\"vpc\"",
        "region=\"ap-guangzhou\"",
        "generation=\"2017-03-12\"",
    ] {
        assert!(calls[0].contains(field), "{field} in {}", calls[0]);
    }
    let attempts: Vec<&&str> = spans
        .iter()
        .filter(|l| l.starts_with("span tcgen.attempt "))
        .collect();
    assert_eq!(attempts.len(), 2, "{logs}");
    assert!(attempts[0].contains("attempt=1"), "{}", attempts[0]);
    assert!(attempts[1].contains("attempt=2"), "{}", attempts[1]);
    assert!(
        attempts[0].contains("signature_method=\"HmacSHA256\""),
        "{}",
        attempts[0]
    );
    let records: String = logs
        .lines()
        .filter(|l| l.starts_with("record "))
        .collect::<Vec<_>>()
        .join("\n");
    for field in [
        "status=200",
        "request_id=\"r-RequestLimitExceeded\"",
        "request_id=\"r-success\"",
        "error_code=\"RequestLimitExceeded\"",
        "latency_ms=",
        "attempts=2",
        "outcome=\"ok\"",
    ] {
        assert!(records.contains(field), "{field} in {records}");
    }
    assert!(!logs.contains(SECRET_KEY), "{logs}");
    assert!(!logs.contains(TOKEN), "{logs}");
    for sent in server.requests() {
        assert_eq!(
            sent.param("Token").as_deref(),
            Some(TOKEN),
            "the token was sent"
        );
        let signature = sent.param("Signature").unwrap();
        assert!(!logs.contains(&signature), "{logs}");
    }
}
