//! Today's edition of the API 3.0 documentation beside the 2018 one.
//!
//! `tests/data/docs/vpc-api-3.0-current-excerpt.txt` is a 111-action excerpt of the current
//! edition (the layout the docs site renders from the official API model). It feeds API 3.0 and
//! the 2018 document feeds v2, as in the second layout `spec/docs/sources.toml` supports.
//! The counts pinned here come from an independent count of the excerpt (a standalone script
//! reading the raw text, not this parser).

use std::collections::{BTreeMap, BTreeSet};

use tcgen_codegen::diag::Severity as DiagSeverity;
use tcgen_codegen::diff::{diff_spec_sets, render, Format, Severity};
use tcgen_codegen::doc::clean::to_simplified;
use tcgen_codegen::doc::text;
use tcgen_codegen::overrides::{Overrides, Strictness};
use tcgen_codegen::pipeline::{parse_sources, spec_json, ParseOutcome, Source};
use tcgen_codegen::spec::{ApiSpec, RegionParam};
use tcgen_codegen::{crosscheck, diag::Diagnostics};
use tcgen_tests::repo_root;

const EXCERPT: &str = "tests/data/docs/vpc-api-3.0-current-excerpt.txt";
const DOCS_2018: &str = "spec/docs/vpc-api-2018.txt";

fn read(path: &str) -> String {
    std::fs::read_to_string(repo_root().join(path)).unwrap()
}

fn overrides() -> Overrides {
    Overrides::parse(&read("spec/overrides.toml")).unwrap()
}

/// The excerpt for API 3.0 and the 2018 document for v2, previewed as `regen --docs` does.
fn parse_editions(excerpt: &str, docs_2018: &str) -> ParseOutcome {
    parse_sources(
        &[
            Source::new(EXCERPT, excerpt, &["2017-03-12"]),
            Source::new(DOCS_2018, docs_2018, &["v2"]),
        ],
        &overrides(),
        Strictness::Preview,
    )
}

fn current() -> ParseOutcome {
    parse_editions(&read(EXCERPT), &read(DOCS_2018))
}

fn v3(outcome: &ParseOutcome) -> &ApiSpec {
    outcome
        .specs
        .iter()
        .find(|s| s.version == "2017-03-12")
        .unwrap()
}

#[test]
fn the_excerpt_reads_with_no_errors_and_the_counts_of_an_independent_count() {
    let outcome = current();
    let errors: Vec<_> = outcome
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.severity == DiagSeverity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // No finding in the excerpt itself: the 公共参数 table's `-` for Region is read as "not
    // stated" (each action's own table says whether it needs one), not warned about.
    let excerpt_findings: Vec<_> = outcome
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.file == EXCERPT && d.severity != DiagSeverity::Info)
        .map(|d| d.message.clone())
        .collect();
    assert!(excerpt_findings.is_empty(), "{excerpt_findings:#?}");

    let spec = v3(&outcome);
    let region = spec
        .common_params
        .iter()
        .find(|m| m.name == "Region")
        .unwrap();
    assert!(region.required_unstated && !region.required);
    assert_eq!(
        spec.common_params
            .iter()
            .filter(|m| m.required_unstated)
            .count(),
        1
    );
    assert_eq!(spec.actions.len(), 111);
    let inputs: usize = spec.actions.iter().map(|a| a.input.len()).sum();
    let outputs: usize = spec.actions.iter().map(|a| a.output.len()).sum();
    // 417 input rows besides Action/Version/Region; 88 output rows besides the 111 RequestIds.
    assert_eq!(inputs, 417);
    assert_eq!(outputs, 88 + 111);
    assert_eq!(spec.objects.len(), 73);
    assert_eq!(
        spec.objects.iter().map(|o| o.members.len()).sum::<usize>(),
        478
    );
    let errors: Vec<&str> = spec
        .actions
        .iter()
        .flat_map(|a| a.errors.iter().map(|e| e.code.as_str()))
        .collect();
    assert_eq!(errors.len(), 952);
    assert_eq!(errors.iter().collect::<BTreeSet<_>>().len(), 269);
    // 10 common parameters; 38 common error codes plus the 7 AuthFailure codes of 接口鉴权.
    assert_eq!(spec.common_params.len(), 10);
    assert_eq!(spec.common_errors.len(), 38 + 7);
    // Every action has its Region row (是) and its rate limit.
    assert!(spec
        .actions
        .iter()
        .all(|a| a.region == Some(RegionParam::Required)));
    let mut limits: BTreeMap<u32, usize> = BTreeMap::new();
    for a in &spec.actions {
        *limits.entry(a.rate_limit.expect("rate limit")).or_default() += 1;
    }
    assert_eq!(limits, BTreeMap::from([(10, 34), (20, 72), (100, 5)]));
    // No Region, Action or Version member anywhere.
    assert!(spec.actions.iter().all(|a| a
        .input
        .iter()
        .all(|m| !["Region", "Action", "Version"].contains(&m.name.as_str()))));
    // 131 examples: 73 TC3 POSTs with a JSON body, 58 GET URLs; every response parses.
    let examples: Vec<_> = spec.actions.iter().flat_map(|a| &a.examples).collect();
    assert_eq!(examples.len(), 131);
    assert_eq!(
        examples.iter().filter(|e| e.request_body.is_some()).count(),
        73
    );
    assert!(examples.iter().all(|e| e.response.is_some()));
    assert!(examples
        .iter()
        .all(|e| e.request.first().is_some_and(|(k, _)| k == "Action")));
    // 875 rows carry an example value (示例值), and no description keeps the marker.
    let members = spec
        .actions
        .iter()
        .flat_map(|a| a.input.iter().chain(&a.output))
        .chain(spec.objects.iter().flat_map(|o| &o.members));
    let (mut with_example, mut marker_left) = (0, 0);
    for m in members {
        with_example += usize::from(m.example.is_some());
        marker_left += usize::from(m.description.contains("示例值"));
    }
    assert_eq!(with_example, 875);
    assert_eq!(marker_left, 0);
    // The furniture of today's pages stays out of descriptions.
    for a in &spec.actions {
        for furniture in [
            "API Explorer",
            "点击调试",
            "频率限制",
            "接口请求域名",
            "开发者资源",
        ] {
            assert!(
                !a.description.contains(furniture),
                "{}: {furniture:?} in {:?}",
                a.name,
                a.description
            );
        }
    }
    // The v2 generation is the 2018 one, unchanged.
    let checked_in: ApiSpec = serde_json::from_str(&read("spec/json/v2.json")).unwrap();
    let v2 = outcome.specs.iter().find(|s| s.version == "v2").unwrap();
    assert!(spec_json(v2) == spec_json(&checked_in));
}

#[test]
fn a_post_example_is_a_request_with_its_json_body() {
    let outcome = current();
    let describe_vpcs = v3(&outcome)
        .actions
        .iter()
        .find(|a| a.name == "DescribeVpcs")
        .unwrap();
    let example = &describe_vpcs.examples[1];
    assert_eq!(example.title, "示例2 查询绑定了标签的VPC列表");
    // The body runs over a page break; both pieces are one JSON document.
    let params = example.form_params();
    for (k, v) in [
        ("Action", "DescribeVpcs"),
        ("Limit", "2"),
        ("Filters.0.Name", "tag:city"),
        ("Filters.0.Values.0", "shanghai"),
        ("Offset", "0"),
    ] {
        assert!(
            params.contains(&(k.to_string(), v.to_string())),
            "{k}={v} missing from {params:?}"
        );
    }
    let limit = describe_vpcs
        .input
        .iter()
        .find(|m| m.name == "Limit")
        .unwrap();
    assert_eq!(limit.example.as_deref(), Some("10"));
    assert_eq!(limit.description, "返回数量，默认为20，最大值为100。");
}

/// Every row of every member and error table of the excerpt is in the spec (by its doc line),
/// or restates a common parameter.
#[test]
fn every_table_row_of_the_excerpt_is_accounted_for() {
    let excerpt = read(EXCERPT);
    let mut diags = Diagnostics::new(EXCERPT);
    let document = text::parse(EXCERPT, &excerpt, &mut diags);
    let outcome = current();
    let spec = v3(&outcome);
    let mut lines = BTreeSet::new();
    for m in spec.common_params.iter().chain(
        spec.actions
            .iter()
            .flat_map(|a| a.input.iter().chain(&a.output)),
    ) {
        lines.insert(m.line);
    }
    for o in &spec.objects {
        lines.extend(o.members.iter().map(|m| m.line));
    }
    for e in spec
        .common_errors
        .iter()
        .chain(spec.actions.iter().flat_map(|a| &a.errors))
    {
        lines.insert(e.line);
    }
    let (mut checked, mut common_rows, mut missing) = (0, 0, Vec::new());
    for section in &document.sections {
        for table in section.tables() {
            let header: Vec<String> = table.header.iter().map(|h| to_simplified(h)).collect();
            let has = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
            let members = has(&["参数名称", "名称"]).is_some() && has(&["类型"]).is_some();
            let errors = has(&["错误码", "错误代码"]).is_some();
            if !members && !errors {
                continue;
            }
            let desc = has(&["描述", "说明"]);
            for row in &table.rows {
                checked += 1;
                let name = row.cells[0].trim();
                let restates = ["Action", "Version", "Region"].contains(&name)
                    && desc.is_some_and(|i| to_simplified(&row.cells[i]).starts_with("公共参数"));
                if restates {
                    common_rows += 1;
                } else if !lines.contains(&row.line) {
                    missing.push(format!("line {}: `{name}`", row.line));
                }
            }
        }
    }
    assert_eq!(common_rows, 3 * 111);
    assert!(checked > 2000, "only {checked} rows checked");
    assert!(
        missing.is_empty(),
        "{} row(s) lost:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

/// Where the excerpt's tables and its own examples (GET and POST) disagree: each a defect
/// printed in today's edition, with its reason.
#[test]
fn the_excerpts_examples_agree_with_its_tables_or_are_listed() {
    // Both examples return AddressTemplateSet items with name and range fields that the
    // AddressTemplateItem structure of today's edition does not document.
    let listed: BTreeSet<(&str, &str)> = [
        (
            "CreateAddressTemplateGroup",
            "Response.AddressTemplateGroup.AddressTemplateSet.n.AddressTemplateName",
        ),
        (
            "CreateAddressTemplateGroup",
            "Response.AddressTemplateGroup.AddressTemplateSet.n.From",
        ),
        (
            "CreateAddressTemplateGroup",
            "Response.AddressTemplateGroup.AddressTemplateSet.n.To",
        ),
        (
            "DescribeAddressTemplateGroups",
            "Response.AddressTemplateGroupSet.n.AddressTemplateSet.n.AddressTemplateName",
        ),
        (
            "DescribeAddressTemplateGroups",
            "Response.AddressTemplateGroupSet.n.AddressTemplateSet.n.From",
        ),
        (
            "DescribeAddressTemplateGroups",
            "Response.AddressTemplateGroupSet.n.AddressTemplateSet.n.To",
        ),
    ]
    .into_iter()
    .collect();
    let outcome = current();
    let findings = crosscheck::crosscheck(v3(&outcome));
    let found: BTreeSet<(&str, &str)> = findings
        .iter()
        .map(|f| (f.action.as_str(), f.path.as_str()))
        .collect();
    assert_eq!(
        found,
        listed,
        "{}",
        findings
            .iter()
            .map(|f| f.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// What a reviewer reads when API 3.0 moves from the 2018 edition to today's, on the actions
/// both document. The golden file is `tests/data/golden/spec-diff-2018-to-current.txt`; set
/// `TCGEN_BLESS=1` (or `UPDATE_GOLDEN=1`) to rewrite it after reviewing the change.
#[test]
fn spec_diff_from_the_2018_edition_to_todays() {
    // The API 3.0 spec as the 2018 edition gave it, kept from before today's was adopted.
    let old: ApiSpec = serde_json::from_str(&read("tests/data/spec-2018/v20170312.json")).unwrap();
    let mut new = v3(&current()).clone();
    let both: BTreeSet<String> = old.actions.iter().map(|a| a.name.clone()).collect();
    new.actions.retain(|a| both.contains(&a.name));
    assert_eq!(
        new.actions.len(),
        old.actions.len(),
        "every 2018 action is in the excerpt"
    );
    let diff = diff_spec_sets(&[old], &[new]).unwrap();
    let text = render(&diff, Format::Text);

    // No Region member: Region is action metadata, shown as info.
    assert!(!text.contains(".input.Region"), "{text}");
    assert!(
        text.contains("actions.DescribeVpcs: region none -> required"),
        "{text}"
    );
    assert!(
        text.contains("actions.DescribeVpcs: rate_limit none -> 100"),
        "{text}"
    );
    // Members added since 2018 are additive.
    assert!(
        text.contains("actions.AllocateAddresses.input.AddressName: added, optional string"),
        "{text}"
    );
    // 2018 errata that today's text fixes show as such: the misspelt member removed and the
    // right one added in the same place are one entry, still breaking.
    for renamed in [
        "objects.IKEOptionsSpecification.RemotIdentity -> RemoteIdentity: renamed?",
        "actions.CreateServiceTemplateGroup.input.ServiceTemplateName -> ServiceTemplateGroupName: renamed?",
    ] {
        let line = text.lines().find(|l| l.contains(renamed)).expect(renamed);
        let breaking = text.find("  breaking:").unwrap();
        let additive = text.find("  additive:").unwrap();
        let at = text.find(line).unwrap();
        assert!(breaking < at && at < additive, "{line} is not breaking:\n{text}");
    }
    assert!(!text.contains("RemoteIdentity: added"), "{text}");
    let breaking = diff.generations[0]
        .changes
        .iter()
        .filter(|c| c.severity == Severity::Breaking)
        .count();
    assert!(breaking < 20, "{breaking} breaking changes:\n{text}");

    let golden = repo_root().join("tests/data/golden/spec-diff-2018-to-current.txt");
    if ["TCGEN_BLESS", "UPDATE_GOLDEN"]
        .iter()
        .any(|var| std::env::var_os(var).is_some())
    {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, &text).unwrap();
    }
    let want = std::fs::read_to_string(&golden).unwrap_or_default();
    assert!(
        want == text,
        "the spec-diff differs from {}; review it and rerun with TCGEN_BLESS=1:\n{text}",
        golden.display()
    );
}

/// Inserts `count` filler lines (a page of prose) before the line holding `marker`.
fn insert_before(text: &str, marker: &str, count: usize) -> String {
    let at = text.find(marker).expect("marker");
    let at = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let filler: String = (0..count)
        .map(|i| format!("填充的正文第{i}行，没有表格也没有示例。\n\n"))
        .collect();
    format!("{}{filler}{}", &text[..at], &text[at..])
}

/// The spec without doc lines and spans: what moving text must leave unchanged.
fn without_lines(spec: &ApiSpec) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.remove("line");
                map.remove("span");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(spec).unwrap();
    strip(&mut v);
    v
}

#[test]
fn moving_text_changes_no_spec_and_breaks_no_override() {
    // Thousands of lines before the v2 part of the 2018 document and in the middle of API 3.0
    // (before a page that overrides fix, and before the 数据结构 section).
    let docs = read(DOCS_2018);
    let first_title = "\n简介\n\n最近更新时间";
    let v2_start = docs[docs.find(first_title).unwrap() + 1..]
        .find(first_title)
        .map(|i| i + docs.find(first_title).unwrap() + 2)
        .unwrap();
    let moved = format!(
        "{}{}",
        &docs[..v2_start],
        insert_before(&docs[v2_start..], "简介", 3_000)
    );
    let moved = insert_before(&moved, "查询账户属性\n\n最近更新时间", 2_500);
    let all = ["2017-03-12", "v2"];
    let strict = |text: &str| {
        parse_sources(
            &[Source::new(DOCS_2018, text, &all)],
            &overrides(),
            Strictness::Strict,
        )
    };
    let (before, after) = (strict(&docs), strict(&moved));
    assert_eq!(
        after.diagnostics.error_count(),
        0,
        "{:#?}",
        after.diagnostics.sorted()
    );
    assert_eq!(moved.lines().count(), docs.lines().count() + 11_000);
    for (a, b) in before.specs.iter().zip(&after.specs) {
        assert!(
            without_lines(a) == without_lines(b),
            "{} changed",
            a.version
        );
    }
    // The excerpt, moved in its middle, reads to the same API 3.0 spec.
    let excerpt = read(EXCERPT);
    let moved_excerpt = insert_before(&excerpt, "数据结构\n\n最近更新时间", 4_000);
    let moved_excerpt = insert_before(&moved_excerpt, "查询VPC列表\n\n最近更新时间", 1_000);
    let (a, b) = (current(), parse_editions(&moved_excerpt, &moved));
    assert_eq!(b.diagnostics.error_count(), 0);
    assert!(without_lines(v3(&a)) == without_lines(v3(&b)));
    assert_eq!(a.diagnostics.warning_count(), b.diagnostics.warning_count());
}

#[test]
fn a_document_without_the_generation_asked_of_it_is_named() {
    let outcome = parse_sources(
        &[
            Source::new(EXCERPT, read(EXCERPT), &["v2"]),
            Source::new(DOCS_2018, read(DOCS_2018), &["2017-03-12", "v2"]),
            Source::new("copy-of-2018.txt", read(DOCS_2018), &["v2"]),
        ],
        &overrides(),
        Strictness::Preview,
    );
    let errors: Vec<String> = outcome
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.severity == DiagSeverity::Error)
        .map(|d| d.to_string())
        .collect();
    assert!(
        errors.iter().any(|e| e.contains(EXCERPT)
            && e.contains("holds no API generation v2 (it holds: 2017-03-12)")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("copy-of-2018.txt:0: API generation v2 is given by two documents: this one and spec/docs/vpc-api-2018.txt")),
        "{errors:#?}"
    );
}

#[test]
fn a_new_type_spelling_is_an_error_naming_line_action_and_member_and_the_rest_is_reported() {
    let row = "VpcIds.N\t否\tArray of String\tVPC实例ID。形如：vpc-f49l6u0z。每次请求的实例的上限为100。参数不支持";
    let excerpt = read(EXCERPT);
    assert_eq!(excerpt.matches(row).count(), 1);
    let broken = excerpt
        .replacen(row, &row.replace("Array of String", "Array of uuid v4"), 1)
        .replacen(
            "TimePoint\t是\tTimestamp ISO8601",
            "TimePoint\t是\tDecimal(8)",
            1,
        );
    let outcome = parse_editions(&broken, &read(DOCS_2018));
    let errors: Vec<String> = outcome
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.severity == DiagSeverity::Error)
        .map(|d| d.to_string())
        .collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors.iter().any(|e| e.contains(
            ":2015: action DescribeVpcs: unknown type `Array of uuid v4` for member `VpcIds.N`"
        )),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("unknown type `Decimal(8)` for member `TimePoint`")),
        "{errors:#?}"
    );
    // The other findings of the run are still there.
    assert!(outcome.diagnostics.warning_count() > 10);
}
