//! Golden and property tests of the spec diff on fixtures mirroring the VPC docs.
//!
//! `tests/diff_golden/fixtures/base` holds API 3.0 (`CreateVpc`, `DeleteVpc`, `DescribeVpcs`,
//! `ModifyVpcAttribute`, objects `Filter` and `Vpc`) and v2 (`CreateVpc`, `DeleteVpc`) specs
//! written from `spec/docs/vpc-api-2018.txt`; `fixtures/changed` is the same after a docs update
//! with deliberate changes, listed in `tests/diff_golden/README.md`.

mod support;

use support::{
    assert_diff_properties, assert_spec_diff_golden, assert_spec_set_diff_golden, fixture,
    fixture_set, shift_lines,
};
use tcgen_codegen::diff::{diff_spec_sets, diff_specs, Severity};

#[test]
fn docs_update_golden() {
    assert_spec_set_diff_golden(
        "vpc_docs_update",
        &fixture_set("base"),
        &fixture_set("changed"),
    );
}

#[test]
fn generation_added_golden() {
    let old = [fixture("base", "v20170312")];
    assert_spec_set_diff_golden("generation_added", &old, &fixture_set("base"));
}

#[test]
fn moved_lines_only_golden() {
    let old = fixture("base", "v20170312");
    assert_spec_diff_golden("moved_lines_only", &old, &shift_lines(&old, 120));
}

#[test]
fn fixtures_satisfy_the_diff_properties() {
    for module in ["v20170312", "v2"] {
        assert_diff_properties(&fixture("base", module), &fixture("changed", module));
    }
}

#[test]
fn set_diff_is_symmetric_in_generations() {
    let one = [fixture("base", "v20170312")];
    let both = fixture_set("base");
    let added = diff_spec_sets(&one, &both).unwrap();
    let removed = diff_spec_sets(&both, &one).unwrap();
    let summary =
        |d: &tcgen_codegen::diff::SpecSetDiff| (d.summary().additive, d.summary().breaking);
    assert_eq!(summary(&added), (1, 0));
    assert_eq!(summary(&removed), (0, 1));
    assert_eq!(added.generations[1].version, "v2");
    assert_eq!(removed.generations[1].version, "v2");
    assert_eq!(
        support::inverse(&added.generations[1].changes[0].kind),
        removed.generations[1].changes[0].kind
    );
}

#[test]
fn docs_update_is_ordered_breaking_first() {
    let diff = diff_specs(
        &fixture("base", "v20170312"),
        &fixture("changed", "v20170312"),
    );
    let severities: Vec<Severity> = diff.changes.iter().map(|c| c.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort();
    assert_eq!(severities, sorted);
    assert!(diff.summary().breaking > 0 && diff.summary().additive > 0 && diff.summary().info > 0);
}
