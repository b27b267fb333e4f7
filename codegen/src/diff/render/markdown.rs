//! The pull-request comment: counts, warnings, every breaking change, then the additive and
//! info changes grouped by action and object, folded in `<details>` when long and summarised
//! step by step when the comment would not fit its byte budget.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{
    code, describe, plural, required_name, subject_label, AddedActions, Change, ChangeKind,
    Severity, SpecDiff, SpecSetDiff, Style, Subject,
};

/// Lists longer than this are folded in `<details>`, so that the comment opens on its breaking
/// changes and the headings of the rest.
const FOLD_AFTER: usize = 10;

/// The groups of additive and info changes, each of which can be shown at several levels of
/// detail (0 = everything; the last level = only the heading and count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Common,
    ActionsAdded,
    ObjectsAdded,
    ActionsChanged,
    ObjectsChanged,
    Info,
}

impl Part {
    const ALL: [Part; 6] = [
        Part::Common,
        Part::ActionsAdded,
        Part::ObjectsAdded,
        Part::ActionsChanged,
        Part::ObjectsChanged,
        Part::Info,
    ];
}

/// What the comment gives up, in order, while it is over budget: first the detail a reviewer
/// needs least (the info list), last the names of what was added. Each step says what it left
/// out, for the note at the top.
const STEPS: [(Part, usize, &str); 13] = [
    (
        Part::Info,
        1,
        "info changes are counted by kind, not listed",
    ),
    (
        Part::ActionsChanged,
        1,
        "members added to existing actions are counted per action, not named",
    ),
    (
        Part::ObjectsChanged,
        1,
        "members added to existing objects are counted per object, not named",
    ),
    (
        Part::ObjectsAdded,
        1,
        "added objects are named without their member counts",
    ),
    (
        Part::ActionsAdded,
        1,
        "added actions are named without their titles and counts",
    ),
    (
        Part::ActionsChanged,
        2,
        "changed actions are named without their changes",
    ),
    (
        Part::ObjectsChanged,
        2,
        "changed objects are named without their changes",
    ),
    (Part::Info, 2, "info changes are only counted"),
    (Part::ObjectsChanged, 3, "changed objects are only counted"),
    (Part::ActionsChanged, 3, "changed actions are only counted"),
    (Part::ObjectsAdded, 2, "added objects are only counted"),
    (Part::ActionsAdded, 2, "added actions are only counted"),
    (
        Part::Common,
        1,
        "additive common parameters and error codes are only counted",
    ),
];

/// Renders the comment, summarising until it fits `max_bytes` (never dropping a breaking
/// change or a warning).
pub(super) fn render(diff: &SpecSetDiff, max_bytes: Option<usize>) -> String {
    let generations: Vec<Generation<'_>> = diff
        .generations
        .iter()
        .filter(|g| !g.is_empty())
        .map(Generation::new)
        .collect();
    let mut levels: BTreeMap<Part, usize> = Part::ALL.iter().map(|&p| (p, 0)).collect();
    let mut left_out: Vec<&str> = Vec::new();
    let mut steps = STEPS.iter();
    loop {
        let out = assemble(diff, &generations, &levels, &left_out, max_bytes);
        if max_bytes.is_none_or(|max| out.len() <= max) {
            return out;
        }
        // The next step that changes something; none left means only what is never shortened
        // remains, and the note says so.
        let next = steps
            .by_ref()
            .find(|(part, level, _)| generations.iter().any(|g| g.parts[part].len() > *level));
        match next {
            Some((part, level, what)) => {
                levels.insert(*part, *level);
                left_out.push(what);
            }
            None => return out,
        }
    }
}

fn assemble(
    diff: &SpecSetDiff,
    generations: &[Generation<'_>],
    levels: &BTreeMap<Part, usize>,
    left_out: &[&str],
    max_bytes: Option<usize>,
) -> String {
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
    if !left_out.is_empty() {
        let budget = max_bytes.unwrap_or_default();
        let _ = writeln!(
            out,
            "\n> **Shortened to fit {} bytes** (`--max-bytes`): {}. Every breaking change and \
             warning is listed in full. For everything, run `cargo xtask spec-diff` with \
             `--format text`, or with `--max-bytes 0`.",
            thousands(budget),
            left_out.join("; ")
        );
    }
    for generation in generations {
        let _ = write!(out, "\n### {}\n", code(&generation.diff.version));
        generation.write(&mut out, levels);
    }
    if let Some(max) = max_bytes.filter(|&max| out.len() > max) {
        let _ = writeln!(
            out,
            "\n> The breaking changes and warnings alone take more than {} bytes; they are \
             never shortened.",
            thousands(max)
        );
    }
    out
}

/// One generation's sections, each rendered at every level of detail it has.
struct Generation<'a> {
    diff: &'a SpecDiff,
    parts: BTreeMap<Part, Vec<String>>,
}

impl<'a> Generation<'a> {
    fn new(diff: &'a SpecDiff) -> Generation<'a> {
        let added = AddedActions::of(diff);
        let additive: Vec<&Change> = diff.of_severity(Severity::Additive).collect();
        let info: Vec<&Change> = diff.of_severity(Severity::Info).collect();
        let mut parts = BTreeMap::new();
        let common: Vec<&Change> = additive
            .iter()
            .copied()
            .filter(|c| owner(&c.subject) == Owner::Spec)
            .collect();
        parts.insert(Part::Common, common_levels(&common));
        parts.insert(Part::ActionsAdded, actions_added_levels(&additive, &added));
        parts.insert(Part::ObjectsAdded, objects_added_levels(&additive));
        let changed = |object: bool| -> BTreeMap<&str, Vec<&Change>> {
            let mut groups: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
            for change in &additive {
                let (name, is_object) = match owner(&change.subject) {
                    Owner::Action(name) => (name, false),
                    Owner::Object(name) => (name, true),
                    Owner::Spec => continue,
                };
                let whole = matches!(
                    change.kind,
                    ChangeKind::ActionAdded { .. } | ChangeKind::ObjectAdded { .. }
                );
                if is_object == object && !whole && !added.folds(change) {
                    groups.entry(name).or_default().push(change);
                }
            }
            groups
        };
        parts.insert(
            Part::ActionsChanged,
            changed_levels("Actions changed", "action", &changed(false)),
        );
        parts.insert(
            Part::ObjectsChanged,
            changed_levels("Objects changed", "object", &changed(true)),
        );
        parts.insert(Part::Info, info_levels(&info));
        Generation { diff, parts }
    }

    fn write(&self, out: &mut String, levels: &BTreeMap<Part, usize>) {
        if !self.diff.warnings.is_empty() {
            out.push('\n');
            for warning in &self.diff.warnings {
                let _ = writeln!(
                    out,
                    "> **Warning** {}: {}",
                    code(&warning.subject.to_string()),
                    warning.message
                );
            }
        }
        let summary = self.diff.summary();
        if summary.breaking > 0 {
            let _ = write!(out, "\n#### Breaking ({})\n\n", summary.breaking);
            for change in self.diff.of_severity(Severity::Breaking) {
                let _ = writeln!(
                    out,
                    "- {}: {}",
                    subject_label(change, Style::Markdown),
                    describe(&change.kind, Style::Markdown)
                );
            }
        }
        let part = |part: Part| -> &str {
            let renderings = &self.parts[&part];
            renderings
                .get(levels[&part])
                .or(renderings.last())
                .map_or("", String::as_str)
        };
        if summary.additive > 0 {
            let _ = write!(out, "\n#### Additive ({})\n", summary.additive);
            for p in [
                Part::Common,
                Part::ActionsAdded,
                Part::ObjectsAdded,
                Part::ActionsChanged,
                Part::ObjectsChanged,
            ] {
                out.push_str(part(p));
            }
        }
        if summary.info > 0 {
            let _ = write!(out, "\n#### Info ({})\n", summary.info);
            out.push_str(part(Part::Info));
        }
    }
}

/// Whose changes a subject's change is: the spec's (common parameters and errors), an
/// action's or an object's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner<'a> {
    Spec,
    Action(&'a str),
    Object(&'a str),
}

fn owner(subject: &Subject) -> Owner<'_> {
    match subject {
        Subject::Spec | Subject::CommonParam { .. } | Subject::CommonError { .. } => Owner::Spec,
        Subject::Action { action }
        | Subject::Input { action, .. }
        | Subject::Output { action, .. }
        | Subject::ActionError { action, .. }
        | Subject::Filter { action, .. } => Owner::Action(action),
        Subject::Object { object } | Subject::ObjectMember { object, .. } => Owner::Object(object),
    }
}

/// The subject's path below its owner (`input.VpcId`, `errors.LimitExceeded`; empty for the
/// owner itself).
fn below_owner(subject: &Subject) -> String {
    match subject {
        Subject::Spec | Subject::Action { .. } | Subject::Object { .. } => String::new(),
        Subject::CommonParam { .. } | Subject::CommonError { .. } => subject.to_string(),
        Subject::Input { member, .. } => format!("input.{member}"),
        Subject::Output { member, .. } => format!("output.{member}"),
        Subject::ActionError { code, .. } => format!("errors.{code}"),
        Subject::Filter { filter, .. } => format!("filters.{filter}"),
        Subject::ObjectMember { member, .. } => member.clone(),
    }
}

/// `heading`, then `body` (folded under `summary` when it has more than [`FOLD_AFTER`] lines).
fn section(heading: &str, summary: &str, body: &str) -> String {
    let mut out = format!("\n##### {heading}\n\n");
    if body.lines().count() > FOLD_AFTER {
        let _ = write!(
            out,
            "<details><summary>{summary}</summary>\n\n{body}\n</details>\n"
        );
    } else {
        out.push_str(body);
    }
    out
}

/// The last level of every part: its heading and count only.
fn counted(heading: &str) -> String {
    format!("\n##### {heading}\n\nNot listed here (see the note at the top).\n")
}

fn names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let mut out = names.map(code).collect::<Vec<_>>().join(", ");
    out.push('\n');
    out
}

fn common_levels(changes: &[&Change]) -> Vec<String> {
    if changes.is_empty() {
        return Vec::new();
    }
    let heading = format!("Common parameters and error codes ({})", changes.len());
    let mut body = String::new();
    for change in changes {
        let _ = writeln!(
            body,
            "- {}: {}",
            subject_label(change, Style::Markdown),
            describe(&change.kind, Style::Markdown)
        );
    }
    let summary = format!("{} changes", changes.len());
    vec![section(&heading, &summary, &body), counted(&heading)]
}

fn actions_added_levels(additive: &[&Change], added: &AddedActions<'_>) -> Vec<String> {
    let rows: Vec<(&str, &ChangeKind)> = additive
        .iter()
        .filter_map(|c| match (&c.subject, &c.kind) {
            (Subject::Action { action }, kind @ ChangeKind::ActionAdded { .. }) => {
                Some((action.as_str(), kind))
            }
            _ => None,
        })
        .collect();
    if rows.is_empty() {
        return Vec::new();
    }
    let heading = format!("Actions added ({})", rows.len());
    let summary = format!("{} action{} added", rows.len(), plural(rows.len()));
    let mut table = String::from(
        "| action | title | input | output | error codes (new variants) |\n|---|---|---:|---:|---:|\n",
    );
    for (action, kind) in &rows {
        if let ChangeKind::ActionAdded {
            title,
            input,
            output,
            errors,
        } = kind
        {
            let _ = writeln!(
                table,
                "| {} | {} | {input} | {output} | {errors} ({}) |",
                code(action),
                super::one_line(title),
                added.new_variants(action).len()
            );
        }
    }
    vec![
        section(&heading, &summary, &table),
        section(&heading, &summary, &names(rows.iter().map(|(a, _)| *a))),
        counted(&heading),
    ]
}

fn objects_added_levels(additive: &[&Change]) -> Vec<String> {
    let rows: Vec<(&str, usize)> = additive
        .iter()
        .filter_map(|c| match (&c.subject, &c.kind) {
            (Subject::Object { object }, ChangeKind::ObjectAdded { members }) => {
                Some((object.as_str(), *members))
            }
            _ => None,
        })
        .collect();
    if rows.is_empty() {
        return Vec::new();
    }
    let heading = format!("Objects added ({})", rows.len());
    let summary = format!("{} object{} added", rows.len(), plural(rows.len()));
    let mut table = String::from("| object | members |\n|---|---:|\n");
    for (object, members) in &rows {
        let _ = writeln!(table, "| {} | {members} |", code(object));
    }
    vec![
        section(&heading, &summary, &table),
        section(&heading, &summary, &names(rows.iter().map(|(o, _)| *o))),
        counted(&heading),
    ]
}

/// What was added to one existing action or object, gathered for its one line.
#[derive(Default)]
struct Additions {
    /// Request (or object) members added: `` `Name` (optional `string`) ``.
    input: Vec<String>,
    /// Response members added.
    output: Vec<String>,
    /// Error codes added, and how many of them are new `ErrorCode` variants.
    errors: usize,
    new_variants: usize,
    /// Everything else, described in full (`` `input.X`: required → optional ``).
    other: Vec<String>,
}

impl Additions {
    fn of(changes: &[&Change]) -> Additions {
        let mut additions = Additions::default();
        for change in changes {
            match (&change.subject, &change.kind) {
                (
                    Subject::Input { member, .. } | Subject::ObjectMember { member, .. },
                    ChangeKind::MemberAdded { ty, required },
                ) => additions.input.push(format!(
                    "{} ({} {})",
                    code(member),
                    required_name(*required),
                    code(&ty.to_string())
                )),
                (Subject::Output { member, .. }, ChangeKind::MemberAdded { ty, .. }) => additions
                    .output
                    .push(format!("{} ({})", code(member), code(&ty.to_string()))),
                (Subject::ActionError { .. }, ChangeKind::ErrorCodeAdded { new_variant }) => {
                    additions.errors += 1;
                    additions.new_variants += usize::from(*new_variant);
                }
                (subject, kind) => {
                    let below = below_owner(subject);
                    let what = describe(kind, Style::Markdown);
                    additions.other.push(if below.is_empty() {
                        what
                    } else {
                        format!("{}: {what}", code(&below))
                    });
                }
            }
        }
        additions
    }

    fn errors_text(&self) -> String {
        format!(
            "{} error code{} ({} new variant{})",
            self.errors,
            plural(self.errors),
            self.new_variants,
            plural(self.new_variants)
        )
    }

    /// Everything, one clause per kind.
    fn detailed(&self, member_word: &str) -> String {
        let mut clauses = Vec::new();
        if !self.input.is_empty() {
            clauses.push(format!("{member_word} + {}", self.input.join(", ")));
        }
        if !self.output.is_empty() {
            clauses.push(format!("output + {}", self.output.join(", ")));
        }
        if self.errors > 0 {
            clauses.push(format!("+ {}", self.errors_text()));
        }
        clauses.extend(self.other.iter().cloned());
        clauses.join("; ")
    }

    /// Counts only.
    fn counted(&self, member_word: &str) -> String {
        let mut clauses = Vec::new();
        if !self.input.is_empty() {
            clauses.push(format!("+{} {member_word}", self.input.len()));
        }
        if !self.output.is_empty() {
            clauses.push(format!("+{} output", self.output.len()));
        }
        if self.errors > 0 {
            clauses.push(format!("+{}", self.errors_text()));
        }
        if !self.other.is_empty() {
            clauses.push(format!("{} other", self.other.len()));
        }
        clauses.join(", ")
    }
}

fn changed_levels(title: &str, what: &str, groups: &BTreeMap<&str, Vec<&Change>>) -> Vec<String> {
    if groups.is_empty() {
        return Vec::new();
    }
    let heading = format!("{title} ({})", groups.len());
    let summary = format!("{} {what}{} changed", groups.len(), plural(groups.len()));
    let member_word = if what == "object" { "members" } else { "input" };
    let (mut detailed, mut counted_body) = (String::new(), String::new());
    for (name, changes) in groups {
        let additions = Additions::of(changes);
        let _ = writeln!(
            detailed,
            "- {}: {}",
            code(name),
            additions.detailed(member_word)
        );
        let _ = writeln!(
            counted_body,
            "- {}: {}",
            code(name),
            additions.counted(member_word)
        );
    }
    vec![
        section(&heading, &summary, &detailed),
        section(&heading, &summary, &counted_body),
        section(&heading, &summary, &names(groups.keys().copied())),
        counted(&heading),
    ]
}

fn info_levels(info: &[&Change]) -> Vec<String> {
    if info.is_empty() {
        return Vec::new();
    }
    // Per owner, one line of its changes.
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for change in info {
        let label = match owner(&change.subject) {
            Owner::Spec => "spec".to_string(),
            Owner::Action(action) => format!("actions.{action}"),
            Owner::Object(object) => format!("objects.{object}"),
        };
        let below = below_owner(&change.subject);
        let what = describe(&change.kind, Style::Markdown);
        let clause = if below.is_empty() {
            what
        } else {
            format!("{}: {what}", code(&below))
        };
        match groups.last_mut() {
            Some((last, clauses)) if *last == label => clauses.push(clause),
            _ => groups.push((label, vec![clause])),
        }
    }
    let heading = format!("Info by subject ({})", groups.len());
    let summary = format!("{} subjects", groups.len());
    let mut listed = String::new();
    for (label, clauses) in &groups {
        let _ = writeln!(listed, "- {}: {}", code(label), clauses.join("; "));
    }
    // By kind of change, counted.
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for change in info {
        let kind = match &change.kind {
            ChangeKind::PropertyChanged { property, .. } => {
                format!("{} changed", property.as_str())
            }
            ChangeKind::DescriptionsChanged { .. } => "descriptions changed".to_string(),
            ChangeKind::ExamplesChanged { .. } => "examples changed".to_string(),
            ChangeKind::RequiredChanged { .. } => {
                "required flag of a response member changed".to_string()
            }
            ChangeKind::ErrorCodeRemoved { .. } => {
                "error code removed from one list (its variant stays)".to_string()
            }
            _ => "other".to_string(),
        };
        *kinds.entry(kind).or_default() += 1;
    }
    let mut table = String::from("| change | count |\n|---|---:|\n");
    for (kind, count) in &kinds {
        let _ = writeln!(table, "| {kind} | {count} |");
    }
    vec![
        section(&heading, &summary, &listed),
        section("Info by kind", "info changes by kind", &table),
        counted("Info"),
    ]
}

/// `60,000`
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
