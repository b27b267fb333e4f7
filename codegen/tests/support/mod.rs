//! Helpers shared by codegen's integration tests.
//!
//! The spec-diff helpers take specs from anywhere (fixtures, the parser, a mutation of either):
//! - [`assert_spec_diff_golden`] / [`assert_spec_set_diff_golden`] diff two specs (or sets) and
//!   compare the text, JSON, Markdown and changelog renderings with
//!   `tests/diff_golden/expected/<name>.*`;
//! - [`assert_diff_properties`] checks the invariants every pair of specs must satisfy.
//!
//! Golden files are rewritten instead of compared when the environment has `TCGEN_BLESS=1` (or
//! `UPDATE_GOLDEN=1`).

// Each test binary compiles this module and uses a different part of it.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use tcgen_codegen::diff::{
    diff_spec_sets, diff_specs, render, ChangeKind, Format, SpecSetDiff, Subject,
};
use tcgen_codegen::spec::ApiSpec;

/// `codegen/tests/diff_golden`: the spec-diff fixtures and expected outputs.
pub fn diff_golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff_golden")
}

/// Reads one spec JSON file.
pub fn load_spec(path: &Path) -> ApiSpec {
    let text =
        fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not a valid spec: {e}", path.display()))
}

/// Reads every `*.json` spec of a directory, in file name order.
pub fn load_spec_dir(dir: &Path) -> Vec<ApiSpec> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no spec JSON files in {}", dir.display());
    paths.iter().map(|p| load_spec(p)).collect()
}

/// The hand-built fixture specs of one side: `base` (as the 2018 docs say) or `changed`.
pub fn fixture_set(side: &str) -> Vec<ApiSpec> {
    load_spec_dir(&diff_golden_dir().join("fixtures").join(side))
}

/// One fixture spec, e.g. `fixture("base", "v20170312")`.
pub fn fixture(side: &str, module: &str) -> ApiSpec {
    load_spec(
        &diff_golden_dir()
            .join("fixtures")
            .join(side)
            .join(format!("{module}.json")),
    )
}

/// Compares `actual` with the golden file at `path`, or rewrites it under `TCGEN_BLESS=1` (the
/// project's convention; `UPDATE_GOLDEN=1`, this folder's older one, works too).
pub fn assert_golden(path: &Path, actual: &str) {
    let bless = |var: &str| std::env::var_os(var).is_some_and(|v| v == "1");
    if bless("TCGEN_BLESS") || bless("UPDATE_GOLDEN") {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        }
        fs::write(path, actual).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        return;
    }
    let expected = fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "cannot read golden file {}: {e}\n(run with TCGEN_BLESS=1 to create it)",
            path.display()
        )
    });
    if expected == actual {
        return;
    }
    let first_difference = expected
        .lines()
        .zip(actual.lines())
        .position(|(e, a)| e != a)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    panic!(
        "{} differs from the actual output at line {}:\n  expected: {:?}\n  actual:   {:?}\n\
         --- actual output ---\n{actual}\n\
         (if the change is intended, rerun with TCGEN_BLESS=1 and review the golden diff)",
        path.display(),
        first_difference + 1,
        expected
            .lines()
            .nth(first_difference)
            .unwrap_or("<end of file>"),
        actual
            .lines()
            .nth(first_difference)
            .unwrap_or("<end of output>"),
    );
}

/// Checks the text, JSON, Markdown and changelog renderings of `diff` against
/// `tests/diff_golden/expected/<name>.{txt,json,md,changelog.md}`, and that the JSON reads back
/// losslessly.
pub fn assert_diff_golden(name: &str, diff: &SpecSetDiff) {
    let expected = diff_golden_dir().join("expected");
    assert_golden(
        &expected.join(format!("{name}.txt")),
        &render(diff, Format::Text),
    );
    assert_golden(
        &expected.join(format!("{name}.md")),
        &render(diff, Format::Markdown),
    );
    assert_golden(
        &expected.join(format!("{name}.changelog.md")),
        &render(diff, Format::Changelog),
    );
    let json = render(diff, Format::Json);
    assert_golden(&expected.join(format!("{name}.json")), &json);
    let read_back: SpecSetDiff =
        serde_json::from_str(&json).expect("the JSON rendering reads back as a SpecSetDiff");
    assert_eq!(&read_back, diff, "the JSON rendering loses information");
}

/// [`assert_diff_golden`] of the diff of two single specs.
pub fn assert_spec_diff_golden(name: &str, old: &ApiSpec, new: &ApiSpec) {
    assert_diff_golden(name, &diff_specs(old, new).into());
}

/// [`assert_diff_golden`] of the diff of two sets of specs.
pub fn assert_spec_set_diff_golden(name: &str, old: &[ApiSpec], new: &[ApiSpec]) {
    let diff = diff_spec_sets(old, new).expect("each version appears once per side");
    assert_diff_golden(name, &diff);
}

/// The invariants of the diff of any two specs: a spec's diff with itself is empty, line numbers
/// and order do not matter, and diffing the other way round reports the inverse changes.
pub fn assert_diff_properties(old: &ApiSpec, new: &ApiSpec) {
    for spec in [old, new] {
        let itself = diff_specs(spec, spec);
        assert!(
            itself.is_empty(),
            "a spec differs from itself: {:#?}",
            itself.changes
        );
        let moved = diff_specs(spec, &shift_lines(spec, 1000));
        assert!(
            moved.is_empty(),
            "moving lines shows in the diff: {:#?}",
            moved.changes
        );
        let reordered = diff_specs(spec, &reverse_order(spec));
        assert!(
            reordered.is_empty(),
            "reordering shows in the diff: {:#?}",
            reordered.changes
        );
    }

    let forward = diff_specs(old, new);
    assert_eq!(
        diff_specs(&shift_lines(old, 7), &shift_lines(new, 1000)).changes,
        forward.changes,
        "line numbers changed the diff"
    );
    assert_eq!(
        diff_specs(&reverse_order(old), new).changes,
        forward.changes,
        "the order of lists changed the diff"
    );

    let backward = diff_specs(new, old);
    let mut inverted: Vec<String> = forward
        .changes
        .iter()
        .map(|c| {
            let (subject, kind) = inverse_change(&c.subject, &c.kind);
            change_key(&subject, &kind)
        })
        .collect();
    let mut reversed: Vec<String> = backward
        .changes
        .iter()
        .map(|c| change_key(&c.subject, &c.kind))
        .collect();
    inverted.sort();
    reversed.sort();
    assert_eq!(inverted, reversed, "old→new inverted is not new→old");
}

fn change_key(subject: &Subject, kind: &ChangeKind) -> String {
    format!("{subject} {kind:?}")
}

/// The change that undoes `kind` on `subject`: what diffing the other way round must report
/// (a rename is reported on the new name, so undoing it moves the subject too).
pub fn inverse_change(subject: &Subject, kind: &ChangeKind) -> (Subject, ChangeKind) {
    if let ChangeKind::MemberRenamed {
        from,
        old_type,
        old_required,
        ty,
        required,
    } = kind
    {
        let mut subject = subject.clone();
        let to = match &mut subject {
            Subject::CommonParam { member }
            | Subject::Input { member, .. }
            | Subject::Output { member, .. }
            | Subject::ObjectMember { member, .. } => std::mem::replace(member, from.clone()),
            other => panic!("a rename of something that is not a member: {other}"),
        };
        let kind = ChangeKind::MemberRenamed {
            from: to,
            old_type: ty.clone(),
            old_required: *required,
            ty: old_type.clone(),
            required: *old_required,
        };
        return (subject, kind);
    }
    (subject.clone(), inverse(kind))
}

/// The change that undoes `kind`: what diffing the other way round must report.
pub fn inverse(kind: &ChangeKind) -> ChangeKind {
    match kind.clone() {
        ChangeKind::GenerationAdded { actions, objects } => {
            ChangeKind::GenerationRemoved { actions, objects }
        }
        ChangeKind::GenerationRemoved { actions, objects } => {
            ChangeKind::GenerationAdded { actions, objects }
        }
        ChangeKind::ActionAdded {
            title,
            input,
            output,
            errors,
        } => ChangeKind::ActionRemoved {
            title,
            input,
            output,
            errors,
        },
        ChangeKind::ActionRemoved {
            title,
            input,
            output,
            errors,
        } => ChangeKind::ActionAdded {
            title,
            input,
            output,
            errors,
        },
        ChangeKind::ObjectAdded { members } => ChangeKind::ObjectRemoved { members },
        ChangeKind::ObjectRemoved { members } => ChangeKind::ObjectAdded { members },
        renamed @ ChangeKind::MemberRenamed { .. } => {
            panic!("a rename is inverted with its subject: {renamed:?}")
        }
        ChangeKind::MemberAdded { ty, required } => ChangeKind::MemberRemoved { ty, required },
        ChangeKind::MemberRemoved { ty, required } => ChangeKind::MemberAdded { ty, required },
        ChangeKind::TypeChanged { old, new } => ChangeKind::TypeChanged { old: new, new: old },
        ChangeKind::RequiredChanged { old, new } => {
            ChangeKind::RequiredChanged { old: new, new: old }
        }
        ChangeKind::ErrorCodeAdded { new_variant } => ChangeKind::ErrorCodeRemoved {
            variant_removed: new_variant,
        },
        ChangeKind::ErrorCodeRemoved { variant_removed } => ChangeKind::ErrorCodeAdded {
            new_variant: variant_removed,
        },
        ChangeKind::PropertyChanged { property, old, new } => ChangeKind::PropertyChanged {
            property,
            old: new,
            new: old,
        },
        ChangeKind::FilterAdded { ty } => ChangeKind::FilterRemoved { ty },
        ChangeKind::FilterRemoved { ty } => ChangeKind::FilterAdded { ty },
        ChangeKind::DescriptionsChanged { count } => ChangeKind::DescriptionsChanged { count },
        ChangeKind::ExamplesChanged {
            added,
            removed,
            changed,
        } => ChangeKind::ExamplesChanged {
            added: removed,
            removed: added,
            changed,
        },
    }
}

/// `spec` with every line number and span moved by `by`, as when text is inserted above it.
pub fn shift_lines(spec: &ApiSpec, by: u32) -> ApiSpec {
    let mut spec = spec.clone();
    let shift_members = |members: &mut Vec<tcgen_codegen::spec::Member>| {
        for m in members {
            m.line += by;
        }
    };
    let shift_errors = |errors: &mut Vec<tcgen_codegen::spec::ErrorCode>| {
        for e in errors {
            e.line += by;
        }
    };
    shift_members(&mut spec.common_params);
    shift_errors(&mut spec.common_errors);
    for action in &mut spec.actions {
        action.span.start += by;
        action.span.end += by;
        shift_members(&mut action.input);
        shift_members(&mut action.output);
        shift_errors(&mut action.errors);
        for example in &mut action.examples {
            example.span.start += by;
            example.span.end += by;
        }
    }
    for object in &mut spec.objects {
        object.span.start += by;
        object.span.end += by;
        shift_members(&mut object.members);
    }
    spec
}

/// `spec` with every list of named things (actions, objects, members, error codes) reversed.
/// Examples keep their order: titles may repeat (the v2 docs title each one `输入`), and repeated
/// names are matched by occurrence.
pub fn reverse_order(spec: &ApiSpec) -> ApiSpec {
    let mut spec = spec.clone();
    spec.common_params.reverse();
    spec.common_errors.reverse();
    spec.actions.reverse();
    spec.objects.reverse();
    for action in &mut spec.actions {
        action.input.reverse();
        action.output.reverse();
        action.errors.reverse();
    }
    for object in &mut spec.objects {
        object.members.reverse();
    }
    spec
}

/// The entries of every `#### Breaking` section of a Markdown rendering, in order.
pub fn breaking_entries(markdown: &str) -> Vec<&str> {
    let mut entries = Vec::new();
    let mut in_breaking = false;
    for line in markdown.lines() {
        if line.starts_with("#### ") || line.starts_with("### ") {
            in_breaking = line.starts_with("#### Breaking");
        } else if in_breaking && line.starts_with("- ") {
            entries.push(line);
        }
    }
    entries
}
