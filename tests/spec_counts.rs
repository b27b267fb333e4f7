//! The spec accounts for the whole document: the counts an independent reading of the docs
//! found (issue 2), asserted on the real document with the checked-in overrides.

use std::collections::BTreeSet;

use tcgen_codegen::pipeline::{parse_docs_with_overrides_text, spec_json, ParseOutcome};
use tcgen_codegen::spec::{ApiSpec, Generation};
use tcgen_tests::repo_root;

fn parse() -> ParseOutcome {
    let root = repo_root();
    let docs = std::fs::read_to_string(root.join("spec/docs/vpc-api-2018.txt")).unwrap();
    let overrides = std::fs::read_to_string(root.join("spec/overrides.toml")).unwrap();
    parse_docs_with_overrides_text("spec/docs/vpc-api-2018.txt", &docs, &overrides).unwrap()
}

fn spec(outcome: &ParseOutcome, g: Generation) -> &ApiSpec {
    outcome.specs.iter().find(|s| s.generation == g).unwrap()
}

#[test]
fn api3_counts_match_the_document() {
    let outcome = parse();
    let v3 = spec(&outcome, Generation::V3);
    assert_eq!(v3.version, "2017-03-12");
    assert_eq!(v3.actions.len(), 87);
    let inputs: usize = v3.actions.iter().map(|a| a.input.len()).sum();
    assert_eq!(
        inputs, 220,
        "input params without the Action/Version pseudo-rows"
    );
    // 87 actions × (Action + Version) pseudo-rows were recognised and left out.
    assert_eq!(outcome.accounting.pseudo_rows, 174);
    let outputs: usize = v3
        .actions
        .iter()
        .map(|a| a.output.iter().filter(|m| m.name != "RequestId").count())
        .sum();
    assert_eq!(outputs, 52);
    assert!(v3
        .actions
        .iter()
        .all(|a| a.output.iter().any(|m| m.name == "RequestId")));
    let documented: Vec<_> = v3
        .objects
        .iter()
        .filter(|o| o.origin == "documented")
        .collect();
    assert_eq!(documented.len(), 33);
    assert_eq!(
        documented.iter().map(|o| o.members.len()).sum::<usize>(),
        175
    );
    let errors: usize = v3.actions.iter().map(|a| a.errors.len()).sum();
    assert_eq!(errors, 214);
    let distinct: BTreeSet<_> = v3
        .actions
        .iter()
        .flat_map(|a| &a.errors)
        .map(|e| &e.code)
        .collect();
    assert_eq!(distinct.len(), 48);
    let count = |cat: &str| {
        v3.common_errors
            .iter()
            .filter(|e| e.category.as_deref() == Some(cat))
            .count()
    };
    assert_eq!(count("common"), 19);
    assert_eq!(count("auth"), 7);
    let examples: usize = v3.actions.iter().map(|a| a.examples.len()).sum();
    assert_eq!(examples, 94);
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

    let mut diags = Diagnostics::new("docs");
    let document = text::parse("docs", &tcgen_tests::corrected_docs(), &mut diags);
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
    for section in &document.sections {
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
    assert!(checked > 2000, "only {checked} rows were checked");
    assert!(
        missing.is_empty(),
        "{} row(s) lost:\n{}",
        missing.len(),
        missing.join("\n")
    );
}
