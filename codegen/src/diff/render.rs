//! Renders a [`SpecSetDiff`] for people (text), for pull requests (Markdown) and for tools (JSON).

use std::fmt::Write as _;

use serde::Serialize;

use super::{Change, ChangeKind, Severity, SpecDiff, SpecSetDiff, Summary};

/// An output format of [`render`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text for a terminal: breaking changes first, grouped per generation.
    Text,
    /// Pretty-printed JSON; the field names and order are stable, see [`Change`].
    Json,
    /// A pull-request comment: a table of counts, then one section per generation.
    Markdown,
}

/// Renders `diff` in `format`. The result ends with a newline.
pub fn render(diff: &SpecSetDiff, format: Format) -> String {
    match format {
        Format::Text => text(diff),
        Format::Json => json(diff),
        Format::Markdown => markdown(diff),
    }
}

fn text(diff: &SpecSetDiff) -> String {
    let mut out = String::new();
    if diff.is_empty() {
        out.push_str("spec-diff: no changes\n");
    } else {
        let _ = writeln!(out, "spec-diff: {}", diff.summary());
    }
    for generation in &diff.generations {
        out.push('\n');
        if generation.is_empty() {
            let _ = writeln!(out, "{}: no changes", generation.version);
            continue;
        }
        let _ = writeln!(out, "{}: {}", generation.version, generation.summary());
        for severity in Severity::ALL {
            let mut changes = generation.of_severity(severity).peekable();
            if changes.peek().is_none() {
                continue;
            }
            let _ = writeln!(out, "  {severity}:");
            for change in changes {
                let _ = writeln!(
                    out,
                    "    - {}: {}",
                    change.subject,
                    describe(&change.kind, Style::Text)
                );
            }
        }
    }
    out
}

fn markdown(diff: &SpecSetDiff) -> String {
    let mut out = String::from("## Spec diff\n\n");
    let total = diff.summary();
    if diff.is_empty() {
        out.push_str("No semantic changes.\n");
    } else if total.breaking > 0 {
        let _ = writeln!(
            out,
            "**{} breaking change{}** for callers of the generated SDK.",
            total.breaking,
            plural(total.breaking)
        );
    } else {
        out.push_str("No breaking changes.\n");
    }
    if diff.generations.is_empty() {
        return out;
    }
    out.push_str("\n| generation | breaking | additive | info |\n|---|---:|---:|---:|\n");
    for generation in &diff.generations {
        let s = generation.summary();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            code(&generation.version).replace('|', "\\|"),
            s.breaking,
            s.additive,
            s.info
        );
    }
    if diff.generations.len() > 1 {
        let _ = writeln!(
            out,
            "| **total** | **{}** | **{}** | **{}** |",
            total.breaking, total.additive, total.info
        );
    }
    for generation in diff.generations.iter().filter(|g| !g.is_empty()) {
        let _ = write!(out, "\n### {}\n", code(&generation.version));
        markdown_generation(&mut out, generation);
    }
    out
}

fn markdown_generation(out: &mut String, generation: &SpecDiff) {
    let summary = generation.summary();
    for severity in Severity::ALL {
        let count = summary.get(severity);
        if count == 0 {
            continue;
        }
        let heading = match severity {
            Severity::Breaking => "Breaking",
            Severity::Additive => "Additive",
            Severity::Info => "Info",
        };
        let _ = write!(out, "\n#### {heading} ({count})\n\n");
        for change in generation.of_severity(severity) {
            let _ = writeln!(
                out,
                "- {}: {}",
                code(&change.subject.to_string()),
                describe(&change.kind, Style::Markdown)
            );
        }
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    summary: Summary,
    generations: Vec<JsonGeneration<'a>>,
}

#[derive(Serialize)]
struct JsonGeneration<'a> {
    version: &'a str,
    summary: Summary,
    changes: &'a [Change],
}

fn json(diff: &SpecSetDiff) -> String {
    let report = JsonReport {
        summary: diff.summary(),
        generations: diff
            .generations
            .iter()
            .map(|g| JsonGeneration {
                version: &g.version,
                summary: g.summary(),
                changes: &g.changes,
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&report)
        .expect("a diff report has only string keys and finite numbers, which always serialize");
    out.push('\n');
    out
}

#[derive(Clone, Copy)]
enum Style {
    Text,
    Markdown,
}

impl Style {
    /// Quotes a name, type or value the way the format shows code.
    fn code(self, s: &str) -> String {
        match self {
            Style::Text => s.to_string(),
            Style::Markdown => code(s),
        }
    }
}

/// What happened to a subject, in words.
fn describe(kind: &ChangeKind, style: Style) -> String {
    let c = |s: &str| style.code(s);
    let arrow = match style {
        Style::Text => "->",
        Style::Markdown => "→",
    };
    match kind {
        ChangeKind::GenerationAdded { actions, objects } => {
            format!(
                "generation added ({actions} action{}, {objects} object{})",
                plural(*actions),
                plural(*objects)
            )
        }
        ChangeKind::GenerationRemoved { actions, objects } => {
            format!(
                "generation removed ({actions} action{}, {objects} object{})",
                plural(*actions),
                plural(*objects)
            )
        }
        ChangeKind::ActionAdded => "action added".to_string(),
        ChangeKind::ActionRemoved => "action removed".to_string(),
        ChangeKind::ObjectAdded => "object added".to_string(),
        ChangeKind::ObjectRemoved => "object removed".to_string(),
        ChangeKind::MemberAdded { ty, required } => {
            format!("added, {} {}", required_name(*required), c(&ty.to_string()))
        }
        ChangeKind::MemberRemoved { ty, required } => {
            format!(
                "removed (was {} {})",
                required_name(*required),
                c(&ty.to_string())
            )
        }
        ChangeKind::TypeChanged { old, new } => {
            format!(
                "type {} {arrow} {}",
                c(&old.to_string()),
                c(&new.to_string())
            )
        }
        ChangeKind::RequiredChanged { old, new } => {
            format!("{} {arrow} {}", required_name(*old), required_name(*new))
        }
        ChangeKind::ErrorCodeAdded { new_variant: true } => {
            "error code added (a new ErrorCode variant)".to_string()
        }
        ChangeKind::ErrorCodeAdded { new_variant: false } => {
            "error code added (its ErrorCode variant already exists)".to_string()
        }
        ChangeKind::ErrorCodeRemoved {
            variant_removed: true,
        } => "error code removed (its ErrorCode variant disappears)".to_string(),
        ChangeKind::ErrorCodeRemoved {
            variant_removed: false,
        } => "error code removed here (still documented elsewhere, so its ErrorCode variant stays)"
            .to_string(),
        ChangeKind::PropertyChanged { property, old, new } => {
            format!("{} {} {arrow} {}", property.as_str(), c(old), c(new))
        }
        ChangeKind::FilterAdded { ty } => format!("filter added, {}", c(ty)),
        ChangeKind::FilterRemoved { ty } => format!("filter removed (was {})", c(ty)),
        ChangeKind::DescriptionsChanged { count } => {
            format!("{count} description{} changed", plural(*count))
        }
        ChangeKind::ExamplesChanged {
            added,
            removed,
            changed,
        } => {
            let parts: Vec<String> = [(added, "added"), (removed, "removed"), (changed, "changed")]
                .into_iter()
                .filter(|(n, _)| **n > 0)
                .map(|(n, what)| format!("{n} {what}"))
                .collect();
            format!("examples: {}", parts.join(", "))
        }
    }
}

fn required_name(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A Markdown code span that survives backticks in `s`.
fn code(s: &str) -> String {
    let longest_run = s.split(|ch| ch != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    if longest_run == 0 {
        format!("{fence}{s}{fence}")
    } else {
        format!("{fence} {s} {fence}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("vpc.tencentcloudapi.com"), "`vpc.tencentcloudapi.com`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("``"), "``` `` ```");
    }

    #[test]
    fn an_empty_set_renders_without_sections() {
        let diff = SpecSetDiff::default();
        assert_eq!(render(&diff, Format::Text), "spec-diff: no changes\n");
        assert_eq!(
            render(&diff, Format::Markdown),
            "## Spec diff\n\nNo semantic changes.\n"
        );
        let json: serde_json::Value = serde_json::from_str(&render(&diff, Format::Json)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"summary": {"breaking": 0, "additive": 0, "info": 0}, "generations": []})
        );
    }
}
