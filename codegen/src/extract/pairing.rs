//! Example pairing: each example request with the response that follows it, and later steps
//! of multi-step examples moved to the action they call.

use std::collections::BTreeSet;

use crate::diag::Diagnostics;
use crate::doc::clean::plain_text;
use crate::doc::{Block, CodeBlock, CodeLine, Section};
use crate::spec::{Action, Example, Span};

use super::examples;
use super::vocabulary;

/// The requests of a page's examples (their first line and parameters), wherever they stand.
pub(super) fn example_requests(section: &Section) -> Vec<(u32, Vec<(String, String)>)> {
    collect_examples(
        &section.blocks.iter().collect::<Vec<_>>(),
        &mut Diagnostics::default(),
        "",
    )
    .into_iter()
    .map(|e| (e.span.start, e.request))
    .collect()
}

fn first_line(code: &CodeBlock) -> &str {
    code.lines()
        .map(|l| l.text.trim())
        .find(|t| !t.is_empty())
        .unwrap_or("")
}

/// A GET request: a URL (`https://…?Action=…`) or its `Action=` query.
fn is_url_request_code(code: &CodeBlock) -> bool {
    let t = first_line(code);
    t.starts_with("http") || t.contains("Action=")
}

/// A TC3 POST request: `POST / HTTP/1.1`, headers, a blank line, a JSON body.
fn is_post_request_code(code: &CodeBlock) -> bool {
    examples::is_http_request_line(first_line(code))
}

fn is_json_code(code: &CodeBlock) -> bool {
    let t = first_line(code);
    t.starts_with('{') || t.starts_with('[')
}

fn code_pieces(code: &CodeBlock) -> Vec<Vec<&CodeLine>> {
    code.pieces
        .iter()
        .map(|p| p.lines.iter().collect())
        .collect()
}

/// An example request waiting for its response.
enum PendingRequest {
    /// URL lines (in a fence or standing as paragraphs).
    Get { lines: Vec<String>, start: u32 },
    Post {
        headers: Vec<(String, String)>,
        body: Option<serde_json::Value>,
        start: u32,
    },
}

impl PendingRequest {
    fn start(&self) -> u32 {
        match self {
            PendingRequest::Get { start, .. } | PendingRequest::Post { start, .. } => *start,
        }
    }
}

/// The parsed JSON of an example part, or `None` with a warning at the line where it broke (no
/// warning while only name evidence is gathered, `action` empty).
fn json_or_warn(
    parsed: Result<serde_json::Value, examples::JsonError>,
    part: &str,
    action: &str,
    diags: &mut Diagnostics,
) -> Option<serde_json::Value> {
    match parsed {
        Ok(v) => Some(v),
        Err(e) => {
            if !action.is_empty() {
                diags.warn(
                    e.line,
                    format!("{action}: example {part} is not valid JSON: {}", e.message),
                );
            }
            None
        }
    }
}

/// Pairs example requests (GET URLs and TC3 POSTs) with the response that follows each.
pub(super) fn collect_examples(
    blocks: &[&Block],
    diags: &mut Diagnostics,
    action: &str,
) -> Vec<Example> {
    let mut out = Vec::new();
    let mut title = String::new();
    let mut request: Option<PendingRequest> = None;
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                let t = p.text.trim();
                if vocabulary::starts_with_any(t, &vocabulary::any(|l| l.example_title)) {
                    title = plain_text(t);
                } else if t.starts_with('&')
                    || t.starts_with("https://")
                    || t.starts_with("http://")
                {
                    // A request, or its continuation, standing outside any fence.
                    match &mut request {
                        Some(PendingRequest::Get { lines, .. }) => lines.push(t.to_string()),
                        _ => {
                            request = Some(PendingRequest::Get {
                                lines: vec![t.to_string()],
                                start: p.line,
                            })
                        }
                    }
                }
            }
            Block::Code(code) if is_url_request_code(code) => {
                request = Some(PendingRequest::Get {
                    lines: code.lines().map(|l| l.text.clone()).collect(),
                    start: code.span.start,
                });
            }
            Block::Code(code) if is_post_request_code(code) => {
                let post = examples::parse_post_request(&code_pieces(code));
                let body = json_or_warn(post.body, "request body", action, diags);
                request = Some(PendingRequest::Post {
                    headers: post.headers,
                    body,
                    start: code.span.start,
                });
            }
            Block::Code(code) if is_json_code(code) => {
                let Some(pending) = request.take() else {
                    if !action.is_empty() {
                        diags.warn(
                            code.span.start,
                            format!("{action}: example response without a request before it"),
                        );
                    }
                    continue;
                };
                let response = json_or_warn(
                    examples::parse_json_pieces(&code_pieces(code)),
                    "response",
                    action,
                    diags,
                );
                let start = pending.start();
                let (request, request_body) = match pending {
                    PendingRequest::Get { lines, .. } => {
                        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
                        (examples::parse_request(&refs), None)
                    }
                    PendingRequest::Post { headers, body, .. } => (headers, body),
                };
                out.push(Example {
                    // An example without a title of its own is named by the word for one.
                    title: if title.is_empty() {
                        vocabulary::CHINESE.example_title[0].to_string()
                    } else {
                        title.clone()
                    },
                    request,
                    request_body,
                    response,
                    span: Span {
                        start,
                        end: code.span.end,
                    },
                });
            }
            _ => {}
        }
    }
    if let Some(pending) = request {
        if !action.is_empty() {
            diags.warn(
                pending.start(),
                format!("{action}: example request without a response after it"),
            );
        }
    }
    out
}

/// A later step of a multi-step example that calls another documented action (polling a task
/// with DescribeNetTaskResult, say) is an example of that action, and moves there.
pub(super) fn move_follow_up_examples(actions: &mut [Action], diags: &mut Diagnostics) {
    let names: BTreeSet<String> = actions.iter().map(|a| a.name.clone()).collect();
    let mut moved: Vec<(String, Example)> = Vec::new();
    for action in actions.iter_mut() {
        let mut kept = Vec::new();
        for (i, example) in std::mem::take(&mut action.examples).into_iter().enumerate() {
            let called = example
                .request
                .iter()
                .find(|(k, _)| k == "Action")
                .map(|(_, v)| v.clone());
            match called {
                Some(other) if i > 0 && other != action.name && names.contains(&other) => {
                    moved.push((other, example))
                }
                Some(other) if other != action.name => {
                    diags.warn(
                        example.span.start,
                        format!(
                            "{}: example calls `{other}`, which is not this page's action",
                            action.name
                        ),
                    );
                    kept.push(example);
                }
                _ => kept.push(example),
            }
        }
        action.examples = kept;
    }
    for (name, example) in moved {
        if let Some(target) = actions.iter_mut().find(|a| a.name == name) {
            target.examples.push(example);
        }
    }
    for action in actions.iter_mut() {
        action.examples.sort_by_key(|e| e.span.start);
    }
}
