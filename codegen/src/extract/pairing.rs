//! Example pairing: each example request with the response that follows it, and later steps
//! of multi-step examples moved to the action they call.

use std::collections::BTreeSet;

use crate::diag::Diagnostics;
use crate::doc::clean::plain_text;
use crate::doc::{Block, CodeBlock, Section};
use crate::spec::{Action, Example, Span};

use super::examples;

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

pub(super) fn code_text_lines(code: &CodeBlock) -> Vec<&str> {
    code.lines().map(|l| l.text.as_str()).collect()
}

pub(super) fn is_request_code(code: &CodeBlock) -> bool {
    code.lines()
        .map(|l| l.text.trim())
        .find(|t| !t.is_empty())
        .is_some_and(|t| t.starts_with("http") || t.contains("Action="))
}

pub(super) fn is_json_code(code: &CodeBlock) -> bool {
    code.lines()
        .map(|l| l.text.trim())
        .find(|t| !t.is_empty())
        .is_some_and(|t| t.starts_with('{') || t.starts_with('['))
}

/// Pairs example requests with the response that follows each.
pub(super) fn collect_examples(
    blocks: &[&Block],
    diags: &mut Diagnostics,
    action: &str,
) -> Vec<Example> {
    let mut out = Vec::new();
    let mut title = String::new();
    let mut request: Option<(Vec<String>, u32, u32)> = None;
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                let t = p.text.trim();
                if t.starts_with("示例") {
                    title = plain_text(t);
                } else if t.starts_with('&')
                    || t.starts_with("https://")
                    || t.starts_with("http://")
                {
                    // A request, or its continuation, standing outside any fence.
                    match &mut request {
                        Some((lines, _, end)) => {
                            lines.push(t.to_string());
                            *end = p.line;
                        }
                        None => request = Some((vec![t.to_string()], p.line, p.line)),
                    }
                }
            }
            Block::Code(code) if is_request_code(code) => {
                request = Some((
                    code_text_lines(code)
                        .into_iter()
                        .map(str::to_string)
                        .collect(),
                    code.span.start,
                    code.span.end,
                ));
            }
            Block::Code(code) if is_json_code(code) => {
                let Some((lines, start, _)) = request.take() else {
                    if !action.is_empty() {
                        diags.warn(
                            code.span.start,
                            format!("{action}: example response without a request before it"),
                        );
                    }
                    continue;
                };
                let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
                let pieces: Vec<Vec<&crate::doc::CodeLine>> = code
                    .pieces
                    .iter()
                    .map(|p| p.lines.iter().collect())
                    .collect();
                let response = match examples::parse_json_pieces(&pieces) {
                    Ok(v) => Some(v),
                    Err(e) => {
                        if !action.is_empty() {
                            diags.warn(
                                e.line,
                                format!(
                                    "{action}: example response is not valid JSON: {}",
                                    e.message
                                ),
                            );
                        }
                        None
                    }
                };
                out.push(Example {
                    title: if title.is_empty() {
                        "示例".to_string()
                    } else {
                        title.clone()
                    },
                    request: examples::parse_request(&refs),
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
    if let Some((_, start, _)) = request {
        if !action.is_empty() {
            diags.warn(
                start,
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
