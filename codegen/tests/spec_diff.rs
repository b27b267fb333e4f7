//! Golden and property tests of the spec diff on fixtures mirroring the VPC docs.
//!
//! `tests/diff_golden/fixtures/base` holds API 3.0 (`CreateVpc`, `DeleteVpc`, `DescribeVpcs`,
//! `ModifyVpcAttribute`, objects `Filter` and `Vpc`) and v2 (`CreateVpc`, `DeleteVpc`) specs
//! written from `spec/docs/vpc-api-2018.txt`; `fixtures/changed` is the same after a docs update
//! with deliberate changes, listed in `tests/diff_golden/README.md`.

mod support;

use support::{
    assert_diff_properties, assert_spec_diff_golden, assert_spec_set_diff_golden, breaking_entries,
    fixture, fixture_set, shift_lines,
};
use tcgen_codegen::diff::{
    diff_spec_sets, diff_specs, render, render_with, Format, RenderOptions, Severity, SpecSetDiff,
};
use tcgen_codegen::spec::ApiSpec;

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

/// The fixture update, plus `count` actions added (copies of CreateVpc with all its error codes,
/// one new code each) and as many objects: a diff whose detail is long enough to need a budget.
fn large_update(count: usize) -> SpecSetDiff {
    let old = fixture_set("base");
    let mut new = fixture_set("changed");
    let v3: &mut ApiSpec = new.iter_mut().find(|s| s.version == "2017-03-12").unwrap();
    let template = v3.actions[0].clone();
    let object = v3.objects[0].clone();
    for i in 0..count {
        let mut action = template.clone();
        action.name = format!("CreateVpcCopy{i:03}");
        action.title = format!("创建VPC副本{i}");
        let mut code = action.errors[0].clone();
        code.code = format!("LimitExceeded.Copy{i:03}");
        action.errors.push(code);
        v3.actions.push(action);
        let mut object = object.clone();
        object.name = format!("VpcCopy{i:03}");
        v3.objects.push(object);
    }
    diff_spec_sets(&old, &new).unwrap()
}

fn with_budget(max_bytes: Option<usize>) -> RenderOptions {
    RenderOptions {
        max_bytes,
        ..RenderOptions::default()
    }
}

#[test]
fn markdown_over_its_budget_is_summarised_and_keeps_every_breaking_change() {
    let diff = large_update(400);
    let full = render_with(&diff, Format::Markdown, &with_budget(None));
    let breaking = breaking_entries(&full);
    assert_eq!(breaking.len(), diff.summary().breaking, "{full}");
    assert!(
        !full.contains("Shortened"),
        "nothing is left out without a budget"
    );

    let budget = full.len() / 3;
    let short = render_with(&diff, Format::Markdown, &with_budget(Some(budget)));
    assert!(short.len() <= budget, "{} > {budget}", short.len());
    assert!(
        short.contains("**Shortened to fit") && short.contains("`--max-bytes 0`"),
        "{short}"
    );
    assert_eq!(breaking_entries(&short), breaking);
    // The counts stay, whatever the detail.
    for generation in &diff.generations {
        let additive = generation.summary().additive;
        assert!(
            short.contains(&format!("#### Additive ({additive})")),
            "{short}"
        );
    }
    // The first thing given up is the info list, the last the names of what was added.
    assert!(!short.contains("##### Info by subject"), "{short}");
    assert!(short.contains("`CreateVpcCopy399`"), "{short}");
}

#[test]
fn a_tiny_budget_still_lists_every_breaking_change_and_says_so() {
    let diff = large_update(50);
    let full = render_with(&diff, Format::Markdown, &with_budget(None));
    let tiny = render_with(&diff, Format::Markdown, &with_budget(Some(100)));
    assert_eq!(breaking_entries(&tiny), breaking_entries(&full));
    assert!(!breaking_entries(&tiny).is_empty());
    assert!(
        tiny.contains("The breaking changes and warnings alone take more than 100 bytes"),
        "{tiny}"
    );
    // Everything else is down to its heading and count.
    assert!(!tiny.contains("`CreateVpcCopy000`"), "{tiny}");
    assert!(tiny.contains("##### Actions added (50)"), "{tiny}");
    assert!(tiny.len() < full.len() / 2);
}

#[test]
fn the_default_budget_is_60000_bytes_and_small_diffs_are_not_shortened() {
    let diff = large_update(2000);
    let default = render(&diff, Format::Markdown);
    assert!(default.len() <= 60_000, "{}", default.len());
    assert!(default.contains("**Shortened to fit 60,000 bytes**"));
    let small = diff_spec_sets(&fixture_set("base"), &fixture_set("changed")).unwrap();
    assert_eq!(
        render(&small, Format::Markdown),
        render_with(&small, Format::Markdown, &with_budget(None))
    );
}

#[test]
fn an_added_action_is_one_row_with_its_counts_not_a_line_per_error_code() {
    let diff = large_update(3);
    let markdown = render_with(&diff, Format::Markdown, &with_budget(None));
    // The updated CreateVpc: 5 in, 2 out, 3 codes (InvalidParameterValue.Range new in this
    // update) and one of the copy's own: two new variants.
    assert!(
        markdown.contains("| `CreateVpcCopy001` | 创建VPC副本1 | 5 | 2 | 4 (2) |"),
        "{markdown}"
    );
    assert!(!markdown.contains("LimitExceeded.Copy001"), "{markdown}");
    // The text lists every change: the new code is named on the action's line.
    let text = render(&diff, Format::Text);
    let line = text
        .lines()
        .find(|l| l.contains("actions.CreateVpcCopy001:"))
        .unwrap();
    assert!(
        line.ends_with(
            "(5 in, 2 out, 4 error codes); \
             new ErrorCode variants: InvalidParameterValue.Range, LimitExceeded.Copy001"
        ),
        "{line}"
    );
    assert_eq!(text.matches("LimitExceeded.Copy001").count(), 1, "{text}");
}

#[test]
fn the_changelog_uses_the_official_categories_and_lists_every_breaking_member() {
    let diff = diff_spec_sets(&fixture_set("base"), &fixture_set("changed")).unwrap();
    let changelog = render(&diff, Format::Changelog);
    for heading in [
        "## 私有网络(vpc) 版本：2017-03-12",
        "<font color=\"#dd0000\">**删除接口**：</font>\n\n* DeleteVpc\n",
        "* CreateVpc\n\n\t* 新增入参：Tags\n\n\t* <font color=\"#dd0000\">**删除入参**：</font>DomainName\n\n\t* <font color=\"#dd0000\">**修改入参**：</font>EnableMulticast\n",
        "新增数据结构：\n\n* Tag\n",
        "* Vpc\n\n\t* 新增成员：DhcpOptionsId, DnsServerSet, DomainName\n\n\t* <font color=\"#dd0000\">**修改成员**：</font>CreatedTime\n",
        // A rename is one member added and one deleted, as the official notes write it.
        "\t* 新增出参：uniqVpcId, vpcId\n\n\t* <font color=\"#dd0000\">**删除出参**：</font>unVpclId, vpclId\n",
        "<font color=\"#dd0000\">**删除错误码**：</font>\n\n* `actions.DeleteVpc.errors.InvalidVpc.CannotDelete`",
        "改善已有的文档。",
    ] {
        assert!(changelog.contains(heading), "{heading:?} not in:\n{changelog}");
    }
    let english = render_with(
        &diff,
        Format::Changelog,
        &RenderOptions {
            language: tcgen_codegen::diff::Language::English,
            ..RenderOptions::default()
        },
    );
    assert!(english.contains("## Virtual Private Cloud(vpc) Version: 2017-03-12"));
    assert!(
        english.contains("\t* New request parameters: Tags\n"),
        "{english}"
    );
    assert!(english.contains("**Deleted APIs**: </font>"), "{english}");
}
