//! The spec accounts for the whole of the checked-in documents (`spec/docs/sources.toml`:
//! today's edition for API 3.0, the 2018 document for v2), with the checked-in overrides. The
//! API 3.0 counts are those of an independent count of today's text
//! (`python3 tests/tools/count_edition.py spec/docs/vpc-api-3.0-current.txt`, which reads the
//! raw lines with nothing of the parser); the v2 counts those of the independent reading of the
//! 2018 document (issue 2).

use std::collections::{BTreeMap, BTreeSet};

use tcgen_codegen::overrides::{Overrides, Strictness};
use tcgen_codegen::pipeline::{parse_sources, spec_json, ParseOutcome};
use tcgen_codegen::spec::{ApiSpec, Generation, RegionParam};
use tcgen_tests::{checked_in_sources, repo_root};

fn parse() -> ParseOutcome {
    let overrides = std::fs::read_to_string(repo_root().join("spec/overrides.toml")).unwrap();
    let overrides = Overrides::parse(&overrides).unwrap();
    parse_sources(&checked_in_sources(), &overrides, Strictness::Strict)
}

fn spec(outcome: &ParseOutcome, g: Generation) -> &ApiSpec {
    outcome.specs.iter().find(|s| s.generation == g).unwrap()
}

#[test]
fn api3_counts_match_todays_edition() {
    let outcome = parse();
    let v3 = spec(&outcome, Generation::V3);
    assert_eq!(v3.version, "2017-03-12");
    assert_eq!(v3.actions.len(), 448);
    let inputs: usize = v3.actions.iter().map(|a| a.input.len()).sum();
    assert_eq!(
        inputs, 1504,
        "input rows without the Action/Version/Region common rows"
    );
    // 448 actions × (Action + Version + Region) common rows were recognised and left out
    // (896 rows say `公共参数，本接口取值`, 448 `Region 是 String 公共参数`); Region became each
    // action's `region`.
    assert_eq!(outcome.accounting.pseudo_rows, 1344);
    assert!(v3
        .actions
        .iter()
        .all(|a| a.region == Some(RegionParam::Required)));
    let outputs: usize = v3
        .actions
        .iter()
        .map(|a| a.output.iter().filter(|m| m.name != "RequestId").count())
        .sum();
    assert_eq!(outputs, 341);
    assert!(v3
        .actions
        .iter()
        .all(|a| a.output.iter().any(|m| m.name == "RequestId")));
    // Every object is one the 数据结构 page documents; none is derived.
    assert_eq!(v3.objects.len(), 185);
    assert!(v3.objects.iter().all(|o| o.origin == "documented"));
    assert_eq!(
        v3.objects.iter().map(|o| o.members.len()).sum::<usize>(),
        1312
    );
    let errors: usize = v3.actions.iter().map(|a| a.errors.len()).sum();
    assert_eq!(errors, 2698);
    let distinct: BTreeSet<_> = v3
        .actions
        .iter()
        .flat_map(|a| &a.errors)
        .map(|e| &e.code)
        .collect();
    assert_eq!(distinct.len(), 517);
    let count = |cat: &str| {
        v3.common_errors
            .iter()
            .filter(|e| e.category.as_deref() == Some(cat))
            .count()
    };
    assert_eq!(count("common"), 38);
    assert_eq!(count("auth"), 7);
    let examples: Vec<_> = v3.actions.iter().flat_map(|a| &a.examples).collect();
    assert_eq!(examples.len(), 521);
    // 282 TC3 POSTs with a JSON body; the others are GET URLs.
    assert_eq!(
        examples.iter().filter(|e| e.request_body.is_some()).count(),
        282
    );
    // `默认接口请求频率限制：N次/秒` on every page: 321 × 20, 122 × 10, 5 × 100.
    let mut limits: BTreeMap<u32, usize> = BTreeMap::new();
    for a in &v3.actions {
        *limits.entry(a.rate_limit.expect("rate limit")).or_default() += 1;
    }
    assert_eq!(limits, BTreeMap::from([(10, 122), (20, 321), (100, 5)]));
}

#[test]
fn v2_counts_match_the_document() {
    let outcome = parse();
    let v2 = spec(&outcome, Generation::V2);
    assert_eq!(v2.version, "v2");
    assert_eq!(v2.actions.len(), 139);
    let names: BTreeSet<_> = v2.actions.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names.len(), 139, "action names are unique");
    for fixed in [
        "DeleteSubnetAclRule",
        "ResetVpnConnSA",
        "DeleteFlowLog",
        "RunVpnGw",
        "CreateVpn",
    ] {
        assert!(names.contains(fixed), "{fixed}");
    }
    assert!(!names.contains("DeteleSubnetAclRule"));
    let examples: usize = v2.actions.iter().map(|a| a.examples.len()).sum();
    assert_eq!(examples, 152);
    let errors: usize = v2.actions.iter().map(|a| a.errors.len()).sum();
    assert_eq!(errors, 501);
    let count = |cat: &str| {
        v2.common_errors
            .iter()
            .filter(|e| e.category.as_deref() == Some(cat))
            .count()
    };
    assert_eq!(count("public"), 16);
    assert_eq!(count("auth"), 7);
    assert_eq!(count("module"), 3);
    let public: Vec<u32> = v2
        .common_errors
        .iter()
        .filter(|e| e.category.as_deref() == Some("public"))
        .map(|e| e.code.parse().unwrap())
        .collect();
    assert!(public.iter().all(|c| (4000..=6200).contains(c)));
}

#[test]
fn known_errata_are_corrected() {
    let outcome = parse();
    let json: String = outcome.specs.iter().map(spec_json).collect();
    assert!(!json.contains("vpclId") && !json.contains("Vpclid") && !json.contains("VpclId"));
    // The IPSec table names the member as the examples send it.
    let ipsec = spec(&outcome, Generation::V3)
        .objects
        .iter()
        .find(|o| o.name == "IPSECOptionsSpecification")
        .unwrap();
    assert!(ipsec.members.iter().any(|m| m.name == "IntegrityAlgorith"));
    assert!(ipsec.members.iter().all(|m| m.name != "IntegrityAlgorithm"));
    let v3 = spec(&outcome, Generation::V3);
    let policy = v3
        .objects
        .iter()
        .find(|o| o.name == "SecurityGroupPolicy")
        .unwrap();
    assert!(
        policy.members.iter().any(|m| m.name == "Action"),
        "SecurityGroupPolicy.Action is a real field"
    );
    let set = v3
        .objects
        .iter()
        .find(|o| o.name == "SecurityGroupPolicySet")
        .unwrap();
    assert!(
        set.members.iter().any(|m| m.name == "Version"),
        "SecurityGroupPolicySet.Version is a real field"
    );
}

#[test]
fn no_error_diagnostics_and_every_warning_has_a_line() {
    let outcome = parse();
    assert_eq!(
        outcome.diagnostics.error_count(),
        0,
        "{:#?}",
        outcome.diagnostics.sorted()
    );
    assert!(outcome.diagnostics.items().iter().all(|d| d.line > 0));
}

#[test]
fn parsing_is_deterministic() {
    let a: Vec<String> = parse().specs.iter().map(spec_json).collect();
    let b: Vec<String> = parse().specs.iter().map(spec_json).collect();
    assert_eq!(a, b);
}

/// No silent loss: every row of every parameter, structure and error table of the document is in
/// the spec (as a member of some action or object, a common parameter, or an error code), or is
/// one of the Action/Version pseudo-rows, or an explicit "none" row.
#[test]
fn every_table_row_ends_up_in_the_spec() {
    use tcgen_codegen::diag::Diagnostics;
    use tcgen_codegen::doc::{clean::to_simplified, text};
    use tcgen_codegen::extract::page_index;

    // Each document's pages of the generations it feeds (the 2018 document's API 3.0 part is
    // superseded by today's edition and read by nothing).
    let taken: Vec<Vec<String>> = tcgen_tests::checked_in_sources()
        .into_iter()
        .map(|source| source.take)
        .collect();
    let documents: Vec<_> = tcgen_tests::corrected_checked_in()
        .into_iter()
        .map(|(path, corrected)| {
            let mut diags = Diagnostics::new(&path);
            text::parse(&path, &corrected, &mut diags)
        })
        .collect();
    let mut sections = Vec::new();
    for (document, take) in documents.iter().zip(&taken) {
        let pages = page_index(document);
        for (section, page) in document.sections.iter().zip(&pages) {
            assert_eq!(section.title, page.title);
            let version = page
                .generation
                .map(|g| tcgen_codegen::extract::GenerationFacts::of(g).version);
            // Pages of no generation (overviews, calling conventions) hold common tables.
            if version.is_none_or(|v| take.iter().any(|t| t == v)) {
                sections.push(section);
            }
        }
    }
    let outcome = parse();

    let mut member_names = BTreeSet::new();
    let mut codes = BTreeSet::new();
    for spec in &outcome.specs {
        for m in &spec.common_params {
            member_names.insert(m.name.clone());
        }
        for e in &spec.common_errors {
            codes.insert(e.code.clone());
        }
        for a in &spec.actions {
            for m in a.input.iter().chain(&a.output) {
                member_names.insert(m.name.clone());
            }
            for e in &a.errors {
                codes.insert(e.code.clone());
            }
        }
        for o in &spec.objects {
            for m in &o.members {
                member_names.insert(m.name.clone());
            }
        }
    }

    let (mut checked, mut missing) = (0, Vec::new());
    for section in sections {
        for table in section.tables() {
            let header: Vec<String> = table.header.iter().map(|h| to_simplified(h)).collect();
            let has = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
            if let (Some(name_col), Some(_)) = (
                has(&["参数名称", "名称", "参数", "参数名", "属性"]),
                has(&["类型"]),
            ) {
                let desc_col = has(&["描述", "说明"]);
                for row in &table.rows {
                    let name = row.cells[name_col].trim();
                    let desc = desc_col.map(|i| row.cells[i].as_str()).unwrap_or("");
                    if name == "无" || to_simplified(desc).starts_with("公共参数，本接口取值")
                    {
                        continue;
                    }
                    // Tables outside action pages that describe things other than members
                    // (the v2 object glossary, the CVM example of 接口请求参数) are prose.
                    if ["对象属性说明", "接口请求参数"].contains(&section.title.as_str())
                    {
                        continue;
                    }
                    let last = name
                        .split('.')
                        .rfind(|s| !s.eq_ignore_ascii_case("n"))
                        .unwrap_or(name);
                    checked += 1;
                    if !member_names.contains(last) {
                        missing.push(format!("line {}: member `{name}`", row.line));
                    }
                }
            }
            if let Some(code_col) = has(&["错误码", "错误代码", "错误码数值"]) {
                for row in &table.rows {
                    let code = row.cells[code_col].trim();
                    checked += 1;
                    if !code.is_empty() && !codes.contains(code) {
                        missing.push(format!("line {}: error code `{code}`", row.line));
                    }
                }
            }
        }
    }
    assert!(checked > 5000, "only {checked} rows were checked");
    assert!(
        missing.is_empty(),
        "{} row(s) lost:\n{}",
        missing.len(),
        missing.join("\n")
    );
}
