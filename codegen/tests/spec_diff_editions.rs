//! The review of adopting today's API 3.0 edition, on the real specs: `spec-diff` from the 2018
//! spec (`tests/data/spec-2018/`, a copy of `spec/json/` as generated from the 2018 edition) to
//! the checked-in `spec/json/`, in the pull-request (Markdown) and changelog formats.
//!
//! The golden files are `tests/data/golden/spec-diff-2018-to-checked-in.{md,changelog.md}`. To
//! check another spec directory (a preview made by `cargo xtask regen --docs … --out DIR`), set
//! `TCGEN_SPEC_DIFF_NEW=DIR/spec/json` (relative to the repository root); to accept an intended
//! change of output, rerun with `TCGEN_BLESS=1` and review the golden diff.

mod support;

use std::path::{Path, PathBuf};

use support::{assert_golden, breaking_entries, load_spec_dir};
use tcgen_codegen::diff::{
    diff_spec_sets, render, render_with, ChangeKind, Format, RenderOptions, Severity, SpecSetDiff,
    Subject, DEFAULT_MAX_BYTES,
};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen sits in the repository root")
        .to_path_buf()
}

/// The new side: `$TCGEN_SPEC_DIFF_NEW`, else the checked-in `spec/json/`.
fn new_specs() -> PathBuf {
    match std::env::var_os("TCGEN_SPEC_DIFF_NEW") {
        Some(dir) => repo_root().join(dir),
        None => repo_root().join("spec/json"),
    }
}

fn diff_2018_to_new() -> SpecSetDiff {
    let old = load_spec_dir(&repo_root().join("tests/data/spec-2018"));
    let new = load_spec_dir(&new_specs());
    diff_spec_sets(&old, &new).expect("each version once per side")
}

/// Until `spec/json/` is regenerated from today's edition it is the 2018 spec itself, and the
/// fixture must be its exact copy; after that, the goldens are checked.
fn still_the_2018_spec(diff: &SpecSetDiff) -> bool {
    if diff.is_empty() {
        eprintln!(
            "{} is the 2018 spec: the spec-diff goldens are checked once it is today's edition \
             (or with TCGEN_SPEC_DIFF_NEW=<preview>/spec/json)",
            new_specs().display()
        );
    }
    diff.is_empty()
}

#[test]
fn the_review_of_todays_edition_fits_a_pull_request_and_keeps_every_breaking_change() {
    let diff = diff_2018_to_new();
    if still_the_2018_spec(&diff) {
        return;
    }
    let full = render_with(
        &diff,
        Format::Markdown,
        &RenderOptions {
            max_bytes: None,
            ..RenderOptions::default()
        },
    );
    let markdown = render(&diff, Format::Markdown);
    assert!(
        markdown.len() < DEFAULT_MAX_BYTES,
        "{} bytes of markdown",
        markdown.len()
    );
    assert!(
        full.len() > DEFAULT_MAX_BYTES,
        "the whole diff ({} bytes) no longer needs the budget; this test checks nothing",
        full.len()
    );
    let breaking = breaking_entries(&full);
    assert_eq!(breaking.len(), diff.summary().breaking);
    assert_eq!(breaking_entries(&markdown), breaking);

    // The noise of the first attempt is gone: the AuthFailure codes listed in two tables are one
    // code each, Region marked `-` keeps its flag (with a warning), a typo fixed is one entry.
    assert!(!markdown.contains("#2`"), "{markdown}");
    assert!(
        !markdown.contains("`common_params.Region`: required"),
        "{markdown}"
    );
    assert!(
        markdown.contains(
            "> **Warning** `common_params.Region`: the new docs mark its required flag `-`"
        ),
        "{markdown}"
    );
    assert!(
        markdown.contains(
            "- `objects.IKEOptionsSpecification.RemotIdentity` → `RemoteIdentity`: renamed?"
        ),
        "{markdown}"
    );
    assert_golden(
        &repo_root().join("tests/data/golden/spec-diff-2018-to-checked-in.md"),
        &markdown,
    );
}

#[test]
fn the_changelog_of_todays_edition_names_every_breaking_change() {
    let diff = diff_2018_to_new();
    if still_the_2018_spec(&diff) {
        return;
    }
    let changelog = render(&diff, Format::Changelog);
    for generation in &diff.generations {
        for change in generation.of_severity(Severity::Breaking) {
            let mut names: Vec<String> = match &change.subject {
                Subject::Action { action } => vec![format!("* {action}\n")],
                Subject::Object { object } => vec![format!("* {object}\n")],
                Subject::Input { member, .. }
                | Subject::Output { member, .. }
                | Subject::ObjectMember { member, .. } => vec![member.clone()],
                other => vec![format!("`{other}`")],
            };
            if let ChangeKind::MemberRenamed { from, .. } = &change.kind {
                names.push(from.clone());
            }
            for name in names {
                assert!(
                    changelog.contains(&name),
                    "{name} ({:?}) is not in the changelog",
                    change.kind
                );
            }
        }
    }
    assert_golden(
        &repo_root().join("tests/data/golden/spec-diff-2018-to-checked-in.changelog.md"),
        &changelog,
    );
}
