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

// Which of today's API 3.0 actions get a waiter (`task`), and which asynchronous ones are left
// out and why, against an independent count of the raw text of
// `spec/docs/vpc-api-3.0-current.txt`: plain line scans for the sentences that name a polling
// action, with nothing of the parser or of `enrich/tasks.rs`.

/// The identifier at the start of `text`, past backticks and a link's `[`.
fn leading_name(text: &str) -> String {
    text.trim_start_matches([' ', '`', '['])
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect()
}

/// What the raw text says, line by line.
#[derive(Debug, Default)]
struct RawCount {
    /// `本接口为异步接口，可调用 [X](#) 接口查询…` and `本接口是异步完成，…轮询X接口`, by the X named.
    notes: BTreeMap<(&'static str, String), usize>,
    /// `>?本接口为异步接口` alone.
    bare_notes: usize,
    /// Output rows `TaskId<TAB>type<TAB>…可以使用DescribeTaskResult接口查询任务状态`.
    task_id_rows_naming_poller: usize,
    /// Output rows `TaskId<TAB>type<TAB>…` naming no polling action.
    task_id_rows_naming_none: usize,
    /// Lines starting with a heading-like `QueryTask` (an action page would have one).
    query_task_pages: usize,
}

fn raw_count() -> RawCount {
    let text =
        std::fs::read_to_string(repo_root().join("spec/docs/vpc-api-3.0-current.txt")).unwrap();
    let mut count = RawCount::default();
    for line in text.lines() {
        if let Some((_, rest)) = line.split_once("本接口为异步接口，可调用") {
            *count
                .notes
                .entry(("async-note", leading_name(rest)))
                .or_default() += 1;
        } else if line.trim_start_matches(">?").trim() == "本接口为异步接口" {
            count.bare_notes += 1;
        } else if line.starts_with("本接口是异步完成") {
            let (_, rest) = line.split_once("轮询").unwrap();
            *count
                .notes
                .entry(("async-done-note", leading_name(rest)))
                .or_default() += 1;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() == 3 && cells[0] == "TaskId" {
            if cells[2].contains("可以使用DescribeTaskResult接口查询任务状态") {
                count.task_id_rows_naming_poller += 1;
            } else if !cells[2].contains("接口") {
                count.task_id_rows_naming_none += 1;
            }
        }
        if line.starts_with("QueryTask") {
            count.query_task_pages += 1;
        }
    }
    count
}

#[test]
fn api3_waiters_match_the_doc_text() {
    let raw = raw_count();
    let key = |source: &'static str, name: &str| (source, name.to_string());
    assert_eq!(
        raw.notes,
        BTreeMap::from([
            (key("async-note", "DescribeVpcTaskResult"), 17),
            (key("async-done-note", "DescribeVpcTaskResult"), 11),
            (key("async-done-note", "QueryTask"), 1),
        ])
    );
    assert_eq!(raw.bare_notes, 1);
    assert_eq!(raw.task_id_rows_naming_poller, 10);
    // 9 asynchronous actions' ids plus DescribeTaskResult's own `TaskId 任务ID`.
    assert_eq!(raw.task_id_rows_naming_none, 10);
    assert_eq!(raw.query_task_pages, 0, "QueryTask has no page of its own");

    let outcome = parse();
    let v3 = spec(&outcome, Generation::V3);
    let mut by_poller: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for task in v3.actions.iter().filter_map(|a| a.task.as_ref()) {
        *by_poller
            .entry((task.source.as_str(), task.action.as_str()))
            .or_default() += 1;
    }
    let raw_named = |source: &'static str, poller: &str| raw.notes[&key(source, poller)];
    assert_eq!(
        by_poller,
        BTreeMap::from([
            (
                ("async-done-note", "DescribeVpcTaskResult"),
                raw_named("async-done-note", "DescribeVpcTaskResult")
            ),
            (
                ("async-note", "DescribeVpcTaskResult"),
                raw_named("async-note", "DescribeVpcTaskResult")
            ),
            (
                ("id-description", "DescribeTaskResult"),
                raw.task_id_rows_naming_poller
            ),
        ])
    );
    assert_eq!(by_poller.values().sum::<usize>(), 38);

    // Every waiter polls as its poller's page says: DescribeVpcTaskResult with the request id
    // (`异步任务请求返回的RequestId`) until `Status`, DescribeTaskResult with the `TaskId` until
    // `Result`, both `SUCCESS`/`FAILED`/`RUNNING`.
    for action in &v3.actions {
        let Some(task) = &action.task else { continue };
        let (id, status, message) = match task.action.as_str() {
            "DescribeVpcTaskResult" => ("RequestId", "Status", vec!["Output".to_string()]),
            "DescribeTaskResult" => ("TaskId", "Result", vec![]),
            other => panic!("{}: {other}", action.name),
        };
        assert_eq!(task.id, [id], "{}", action.name);
        assert_eq!(task.input, "TaskId", "{}", action.name);
        assert_eq!(task.status, [status], "{}", action.name);
        assert_eq!(
            (&task.running[..], &task.success[..], &task.failure[..]),
            (
                &["RUNNING".to_string()][..],
                &["SUCCESS".to_string()][..],
                &["FAILED".to_string()][..]
            ),
            "{}",
            action.name
        );
        assert_eq!(task.message, message, "{}", action.name);
        assert!(task.code.is_empty(), "{}", action.name);
        assert!(
            action.description.contains(&task.sentence)
                || action.output.iter().any(|m| m.description == task.sentence),
            "{}: the sentence is the doc's own: {}",
            action.name,
            task.sentence
        );
    }

    // The asynchronous actions left out, and why: as many as the raw text's bare note, the
    // note naming an undocumented action, and the ids naming no polling action.
    let left_out: BTreeMap<&str, &str> = v3
        .actions
        .iter()
        .filter_map(|a| Some((a.name.as_str(), a.task_left_out.as_deref()?)))
        .collect();
    assert_eq!(
        left_out.len(),
        raw.bare_notes + raw_named("async-done-note", "QueryTask") + raw.task_id_rows_naming_none
            - 1
    );
    assert_eq!(
        left_out["DeleteVpnConnection"],
        "`本接口为异步接口` names no polling action"
    );
    assert_eq!(
        left_out["DeleteDirectConnectGateway"],
        "`本接口是异步完成，如需查询异步任务执行结果，请使用本接口返回的RequestId轮询QueryTask接口`: \
         the docs document no action QueryTask"
    );
    let no_poller: Vec<&str> = left_out
        .iter()
        .filter(|(_, reason)| {
            reason.ends_with("names no polling action") && reason.starts_with("its `TaskId`")
        })
        .map(|(name, _)| *name)
        .collect();
    assert_eq!(
        no_poller,
        [
            "CreateVpnGatewaySslClient",
            "CreateVpnGatewaySslServer",
            "DeleteVpnGatewaySslClient",
            "DeleteVpnGatewaySslServer",
            "DisableVpnGatewaySslClientCert",
            "EnableVpnGatewaySslClientCert",
            "ModifyIp6AddressesBandwidth",
            "ModifyVpnGatewaySslClientCert",
            "ModifyVpnGatewaySslServer",
        ]
    );
    assert_eq!(
        left_out["ModifyIp6AddressesBandwidth"],
        "its `TaskId` (`任务ID`) names no polling action"
    );
    // Neither polling action waits on itself.
    for poller in ["DescribeVpcTaskResult", "DescribeTaskResult"] {
        let action = v3.actions.iter().find(|a| a.name == poller).unwrap();
        assert!(action.task.is_none() && action.task_left_out.is_none());
    }
}

#[test]
fn v2_waiters_keep_their_decisions() {
    let outcome = parse();
    let v2 = spec(&outcome, Generation::V2);
    let mut by_poller: BTreeMap<(&str, &str, String), usize> = BTreeMap::new();
    for task in v2.actions.iter().filter_map(|a| a.task.as_ref()) {
        *by_poller
            .entry((
                task.action.as_str(),
                task.source.as_str(),
                task.id.join("."),
            ))
            .or_default() += 1;
        // Both v2 task actions document `任务的当前状态。0：成功，1：失败，2：进行中。`
        assert_eq!(task.status, ["data", "status"]);
        assert_eq!(
            (&task.running[..], &task.success[..], &task.failure[..]),
            (
                &["2".to_string()][..],
                &["0".to_string()][..],
                &["1".to_string()][..]
            )
        );
    }
    let entry = |poller, source, id: &str| (poller, source, id.to_string());
    assert_eq!(
        by_poller,
        BTreeMap::from([
            (entry("DescribeNetTaskResult", "example", "data.taskId"), 12),
            (
                entry("DescribeVpcTaskResult", "id-description", "data.taskId"),
                7
            ),
            (
                entry("DescribeVpcTaskResult", "id-description", "taskId"),
                21
            ),
        ])
    );
    let left_out: Vec<&str> = v2
        .actions
        .iter()
        .filter(|a| a.task_left_out.is_some())
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(left_out, ["CreateNatGateway", "UpgradeNatGateway"]);
}
