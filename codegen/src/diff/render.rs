//! Renders a [`SpecSetDiff`] for people (text), for pull requests (Markdown) and for tools (JSON).

mod changelog;
mod markdown;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::{Change, ChangeKind, Severity, SpecDiff, SpecSetDiff, Subject, Summary, Warning};

/// An output format of [`render`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text for a terminal: every change, breaking first, grouped per generation.
    Text,
    /// Pretty-printed JSON; the field names and order are stable, see [`Change`].
    Json,
    /// A pull-request comment: a table of counts, then one section per generation, grouped by
    /// action and kept under [`RenderOptions::max_bytes`].
    Markdown,
    /// A release-note section in the official Tencent Cloud SDKs' categories (新增接口, …).
    Changelog,
}

/// The language of [`Format::Changelog`]'s headings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Language {
    /// The official SDKs' own wording (新增接口, 修改接口, …).
    #[default]
    Chinese,
    /// The same categories in English (New APIs, Modified APIs, …).
    English,
}

/// The size a pull-request comment may take: GitHub holds 65,536 characters, and a byte
/// budget below that leaves room for a bot's own header whatever the text's encoding.
pub const DEFAULT_MAX_BYTES: usize = 60_000;

/// How [`render_with`] renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    /// The most bytes [`Format::Markdown`] may take (`None`: no limit). Over it, the detail of
    /// additive and info changes is folded into counts, step by step, and the report says what
    /// it left out; breaking changes and warnings are always listed in full, even when they
    /// alone exceed it.
    pub max_bytes: Option<usize>,
    /// The language of [`Format::Changelog`].
    pub language: Language,
}

impl Default for RenderOptions {
    fn default() -> RenderOptions {
        RenderOptions {
            max_bytes: Some(DEFAULT_MAX_BYTES),
            language: Language::Chinese,
        }
    }
}

/// Renders `diff` in `format` with the default [`RenderOptions`]. The result ends with a
/// newline.
pub fn render(diff: &SpecSetDiff, format: Format) -> String {
    render_with(diff, format, &RenderOptions::default())
}

/// Renders `diff` in `format`. The result ends with a newline.
pub fn render_with(diff: &SpecSetDiff, format: Format, options: &RenderOptions) -> String {
    match format {
        Format::Text => text(diff),
        Format::Json => json(diff),
        Format::Markdown => markdown::render(diff, options.max_bytes),
        Format::Changelog => changelog::render(diff, options.language),
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
        for warning in &generation.warnings {
            let _ = writeln!(out, "  warning: {}: {}", warning.subject, warning.message);
        }
        let added = AddedActions::of(generation);
        for severity in Severity::ALL {
            let mut changes = generation.of_severity(severity).peekable();
            if changes.peek().is_none() {
                continue;
            }
            let _ = writeln!(out, "  {severity}:");
            for change in changes {
                // An added action's new error codes are named on its own line.
                if added.folds(change) {
                    continue;
                }
                let _ = write!(
                    out,
                    "    - {}: {}",
                    subject_label(change, Style::Text),
                    describe(&change.kind, Style::Text)
                );
                if let (Subject::Action { action }, ChangeKind::ActionAdded { .. }) =
                    (&change.subject, &change.kind)
                {
                    let codes = added.new_variants(action);
                    if !codes.is_empty() {
                        let _ = write!(out, "; new ErrorCode variants: {}", codes.join(", "));
                    }
                }
                out.push('\n');
            }
        }
    }
    out
}

/// The additive error codes that come with added actions: a review counts them with the action
/// instead of listing each on a line of its own.
struct AddedActions<'a> {
    variants: BTreeMap<&'a str, Vec<&'a str>>,
}

impl<'a> AddedActions<'a> {
    fn of(generation: &'a SpecDiff) -> AddedActions<'a> {
        let mut variants: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for change in &generation.changes {
            if let (Subject::Action { action }, ChangeKind::ActionAdded { .. }) =
                (&change.subject, &change.kind)
            {
                variants.entry(action).or_default();
            }
        }
        for change in &generation.changes {
            if let (Subject::ActionError { action, code }, ChangeKind::ErrorCodeAdded { .. }) =
                (&change.subject, &change.kind)
            {
                if let Some(codes) = variants.get_mut(action.as_str()) {
                    codes.push(code);
                }
            }
        }
        AddedActions { variants }
    }

    /// Whether `change` is an added error code of an added action.
    fn folds(&self, change: &Change) -> bool {
        matches!(
            (&change.subject, &change.kind),
            (Subject::ActionError { action, .. }, ChangeKind::ErrorCodeAdded { .. })
                if self.variants.contains_key(action.as_str())
        )
    }

    fn new_variants(&self, action: &str) -> &[&'a str] {
        self.variants.get(action).map_or(&[], Vec::as_slice)
    }
}

/// `objects.Vpc.RemotIdentity -> RemoteIdentity` for a rename, else the subject's path.
fn subject_label(change: &Change, style: Style) -> String {
    let whole = || style.code(&change.subject.to_string());
    let ChangeKind::MemberRenamed { from, .. } = &change.kind else {
        return whole();
    };
    let mut old = change.subject.clone();
    let to = match &mut old {
        Subject::CommonParam { member }
        | Subject::Input { member, .. }
        | Subject::Output { member, .. }
        | Subject::ObjectMember { member, .. } => std::mem::replace(member, from.clone()),
        _ => return whole(),
    };
    let arrow = style.arrow();
    format!(
        "{} {arrow} {}",
        style.code(&old.to_string()),
        style.code(&to)
    )
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
    #[serde(skip_serializing_if = "<[Warning]>::is_empty")]
    warnings: &'a [Warning],
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
                warnings: &g.warnings,
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&report)
        .expect("a diff report has only string keys and finite numbers, which always serialize");
    out.push('\n');
    out
}

#[derive(Clone, Copy)]
pub(super) enum Style {
    Text,
    Markdown,
}

impl Style {
    fn arrow(self) -> &'static str {
        match self {
            Style::Text => "->",
            Style::Markdown => "→",
        }
    }

    /// Quotes a name, type or value the way the format shows code.
    fn code(self, s: &str) -> String {
        match self {
            Style::Text => s.to_string(),
            Style::Markdown => code(s),
        }
    }
}

/// What happened to a subject, in words.
pub(super) fn describe(kind: &ChangeKind, style: Style) -> String {
    let c = |s: &str| style.code(s);
    let arrow = style.arrow();
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
        ChangeKind::ActionAdded {
            title,
            input,
            output,
            errors,
        } => format!(
            "action added: {} ({input} in, {output} out, {errors} error code{})",
            one_line(title),
            plural(*errors)
        ),
        ChangeKind::ActionRemoved {
            title,
            input,
            output,
            errors,
        } => format!(
            "action removed: {} ({input} in, {output} out, {errors} error code{})",
            one_line(title),
            plural(*errors)
        ),
        ChangeKind::ObjectAdded { members } => {
            format!("object added ({members} member{})", plural(*members))
        }
        ChangeKind::ObjectRemoved { members } => {
            format!("object removed ({members} member{})", plural(*members))
        }
        ChangeKind::MemberRenamed {
            from: _,
            old_type,
            old_required,
            ty,
            required,
        } => {
            let old = format!(
                "{} {}",
                required_name(*old_required),
                c(&old_type.to_string())
            );
            let new = format!("{} {}", required_name(*required), c(&ty.to_string()));
            if old == new {
                format!("renamed? (removed and added, {new})")
            } else {
                format!("renamed? (removed and added, {old} {arrow} {new})")
            }
        }
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

/// A title on one line, as a table cell takes it.
fn one_line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

pub(super) fn required_name(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A Markdown code span that survives backticks in `s`.
pub(super) fn code(s: &str) -> String {
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
