//! Extraction: Document → one [`ApiSpec`] per API generation, plus diagnostics.
//!
//! A document holds one part per generation; a later part starts where the first page's title
//! (`简介`) comes again. A part's generation is decided by the hosts its action pages name.
//! Within a page, the numbered headings split it into parts (`parts`) that are read by table
//! header names, never by position (`tables`). The seams a docs update touches each have their
//! module: page parts, table readers, name voting (`naming`), example pairing (`pairing`),
//! and shape inference from examples (`shape`).

mod action;
pub mod examples;
pub mod members;
mod naming;
mod pairing;
mod parts;
mod prose;
mod shape;
mod tables;
pub mod types;
pub mod vocabulary;

use std::collections::BTreeSet;

use crate::diag::Diagnostics;
use crate::doc::clean::to_simplified;
use crate::doc::Block;
use crate::doc::{Document, Section};
use crate::spec::{
    Action, ApiSpec, Envelope, ErrorCode, Generation, Member, Object, RegionParam, Span,
};
use action::{extract_action, host_of};
use members::{build_members, Direction};
use naming::{decide_name, name_evidence, overview_names};
use pairing::move_follow_up_examples;
use parts::{Part, Parts};
use tables::{error_rows, is_error_table, member_columns, member_rows, read_objects, TableContext};
pub use types::Vocabulary;
use vocabulary::{page_kind, ErrorPage, Language, PageKind};

/// The facts of a generation that its pages do not restate: one row per generation.
#[derive(Debug, Clone, Copy)]
pub struct GenerationFacts {
    pub generation: Generation,
    /// The spec's `version`: `2017-03-12` or `v2`.
    pub version: &'static str,
    pub service: &'static str,
    /// The default host, also the host whose mention on a page marks the generation.
    pub host: &'static str,
    pub path: &'static str,
    pub envelope: Envelope,
}

/// Every generation the parser knows.
pub const GENERATIONS: [GenerationFacts; 2] = [
    GenerationFacts {
        generation: Generation::V3,
        version: "2017-03-12",
        service: "vpc",
        host: "vpc.tencentcloudapi.com",
        path: "/",
        envelope: Envelope::Response,
    },
    GenerationFacts {
        generation: Generation::V2,
        version: "v2",
        service: "vpc",
        host: "vpc.api.qcloud.com",
        path: "/v2/index.php",
        envelope: Envelope::CodeMessage,
    },
];

impl GenerationFacts {
    pub fn of(generation: Generation) -> &'static GenerationFacts {
        GENERATIONS
            .iter()
            .find(|f| f.generation == generation)
            .expect("every generation has a row in GENERATIONS")
    }

    /// Whether a host named on a page marks this generation: its own host, or the
    /// international site's (`vpc.intl.tencentcloudapi.com`), which the English edition names.
    pub fn marked_by(&self, host: &str) -> bool {
        host == self.host
            || host
                .strip_suffix(".intl.tencentcloudapi.com")
                .zip(self.host.strip_suffix(".tencentcloudapi.com"))
                .is_some_and(|(a, b)| a == b)
    }

    /// The row whose `version` is `version` (`2017-03-12`, `v2`).
    pub fn by_version(version: &str) -> Option<&'static GenerationFacts> {
        GENERATIONS.iter().find(|f| f.version == version)
    }
}

/// Counters of rows consumed, for the completeness accounting in tests and notes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Accounting {
    /// Action/Version rows of API 3.0 tables that restate common parameters.
    pub pseudo_rows: usize,
}

/// The result of extraction.
#[derive(Debug, Clone)]
pub struct Extracted {
    pub specs: Vec<ApiSpec>,
    pub accounting: Accounting,
}

/// Extracts the spec of every generation a document holds, with the built-in type spellings.
pub fn extract(doc: &Document, diags: &mut Diagnostics) -> Extracted {
    extract_with(doc, &Vocabulary::default(), diags)
}

/// Extracts the spec of every generation a document holds. Which generations a caller expects
/// is the caller's to check.
pub fn extract_with(doc: &Document, vocabulary: &Vocabulary, diags: &mut Diagnostics) -> Extracted {
    extract_generations(doc, vocabulary, |_| true, diags)
}

/// [`extract_with`] for the generations `wanted` accepts only: the parts of the others are not
/// read (a document that gives only its v2 part to a regen has nothing to say about the rest).
pub fn extract_generations(
    doc: &Document,
    vocabulary: &Vocabulary,
    wanted: impl Fn(Generation) -> bool,
    diags: &mut Diagnostics,
) -> Extracted {
    let mut accounting = Accounting::default();
    let parts = split_parts(doc);
    let mut specs = Vec::new();
    for part in parts {
        let generation = match generation_of(&part) {
            Some(g) => g,
            None => {
                if let Some(first) = part.first() {
                    diags.error(first.span.start, "cannot tell which API generation this part documents: no action page names a known host");
                }
                continue;
            }
        };
        if !wanted(generation) {
            continue;
        }
        specs.push(extract_part(
            GenerationFacts::of(generation),
            &part,
            vocabulary,
            diags,
            &mut accounting,
        ));
    }
    specs.sort_by_key(|s| s.generation);
    Extracted { specs, accounting }
}

/// A page of a document and the generation whose part it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageInfo {
    pub generation: Option<Generation>,
    pub title: String,
    pub span: Span,
}

/// Every page of a document with its generation: what content-anchored overrides are scoped
/// by (an override names a generation and a page title, never a line).
pub fn page_index(doc: &Document) -> Vec<PageInfo> {
    let mut out = Vec::new();
    for part in split_parts(doc) {
        let generation = generation_of(&part);
        out.extend(part.iter().map(|s| PageInfo {
            generation,
            title: s.title.clone(),
            span: s.span,
        }));
    }
    out
}

fn split_parts(doc: &Document) -> Vec<Vec<&Section>> {
    // A folder of pages documents one generation: its titles may repeat (two folders).
    if !doc.files.is_empty() {
        return vec![doc.sections.iter().collect()];
    }
    let mut parts: Vec<Vec<&Section>> = Vec::new();
    let first_title = doc.sections.first().map(|s| s.title.as_str());
    for section in &doc.sections {
        if parts.is_empty() || Some(section.title.as_str()) == first_title {
            parts.push(Vec::new());
        }
        if let Some(part) = parts.last_mut() {
            part.push(section);
        }
    }
    parts
}

fn generation_of(part: &[&Section]) -> Option<Generation> {
    let hosts: BTreeSet<String> = part.iter().filter_map(|s| host_of(s)).collect();
    GENERATIONS
        .iter()
        .find(|f| hosts.iter().any(|h| f.marked_by(h)))
        .map(|f| f.generation)
}

/// Reads a whole document as the one generation `facts` describes, whatever hosts its pages
/// name: for a product whose facts [`GENERATIONS`] does not hold yet (CVM's pages name
/// `cvm.tencentcloudapi.com`).
pub fn extract_as(
    doc: &Document,
    facts: &GenerationFacts,
    vocabulary: &Vocabulary,
    diags: &mut Diagnostics,
) -> ApiSpec {
    let sections: Vec<&Section> = doc.sections.iter().collect();
    extract_part(
        facts,
        &sections,
        vocabulary,
        diags,
        &mut Accounting::default(),
    )
}

fn extract_part(
    facts: &GenerationFacts,
    part: &[&Section],
    vocabulary: &Vocabulary,
    diags: &mut Diagnostics,
    accounting: &mut Accounting,
) -> ApiSpec {
    let overview = overview_names(part);
    let generation = facts.generation;
    let mut actions: Vec<Action> = Vec::new();
    let mut objects: Vec<Object> = Vec::new();
    let mut common_params = Vec::new();
    let mut common_errors = Vec::new();
    let mut without_region_row = Vec::new();

    for section in part {
        let parts = Parts::of(section);
        let documents_members = parts
            .get(Part::Input)
            .any(|b| matches!(b, Block::Table(t) if member_columns(t).is_some()));
        // A page with an input heading is an action page when it has a member table there, or
        // names an action (`无入参` pages have no table).
        let evidence = if parts.has(Part::Input) {
            name_evidence(section, &overview)
        } else {
            Vec::new()
        };
        if parts.has(Part::Input) && (documents_members || !evidence.is_empty()) {
            match decide_name(section, &evidence, diags) {
                Some(name) => {
                    let read =
                        extract_action(facts, section, &parts, name, vocabulary, diags, accounting);
                    if read.restates_common && read.action.region.is_none() {
                        without_region_row.push(read.action.name.clone());
                    }
                    actions.push(read.action);
                    objects.extend(read.objects);
                }
                None => diags.error(
                    section.span.start,
                    format!(
                        "page `{}` documents parameters but names no action",
                        section.title
                    ),
                ),
            }
            continue;
        }
        let used = read_common(
            generation,
            section,
            &mut common_params,
            &mut common_errors,
            &mut objects,
            vocabulary,
            diags,
        );
        let names_actions = section.tables().any(naming::is_overview_table);
        if !used && !names_actions {
            diags.info(
                section.span.start,
                format!(
                    "page `{}` documents no action and none of the common parameters, common errors or data structures; skipped",
                    section.title
                ),
            );
        }
    }
    // Where the edition lists a Region row in input tables, a page that restates the other
    // common rows but not Region documents an action that takes none.
    if actions.iter().any(|a| a.region.is_some()) {
        for action in &mut actions {
            if without_region_row.contains(&action.name) {
                action.region = Some(RegionParam::NotAccepted);
            }
        }
    }

    actions.sort_by(|a, b| a.name.cmp(&b.name));
    move_follow_up_examples(&mut actions, diags);
    for pair in actions.windows(2) {
        if pair[0].name == pair[1].name {
            diags.error(
                pair[1].span.start,
                format!(
                    "action `{}` is documented twice (also at line {})",
                    pair[1].name, pair[0].span.start
                ),
            );
        }
    }
    objects.sort_by(|a, b| a.name.cmp(&b.name));

    ApiSpec {
        version: facts.version.to_string(),
        generation,
        service: facts.service.to_string(),
        host: facts.host.to_string(),
        path: facts.path.to_string(),
        envelope: facts.envelope,
        language: Language::of_headings(part.iter().flat_map(|s| {
            s.blocks.iter().filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.text.as_str()),
                _ => None,
            })
        })),
        common_params,
        common_errors,
        actions,
        objects,
    }
}

/// Reads what a non-action page contributes: common parameters, common error codes, and (for
/// the data-structure page) objects. Whether the page is one of those.
fn read_common(
    generation: Generation,
    section: &Section,
    common_params: &mut Vec<Member>,
    common_errors: &mut Vec<ErrorCode>,
    objects: &mut Vec<Object>,
    vocabulary: &Vocabulary,
    diags: &mut Diagnostics,
) -> bool {
    let title = to_simplified(&section.title);
    let kind = page_kind(&title);
    if kind == Some(PageKind::DataStructures) {
        objects.extend(read_objects(section, vocabulary, diags));
        return true;
    }
    if kind == Some(PageKind::CommonParams) {
        for table in section.tables() {
            let ctx = TableContext {
                vocabulary,
                owner: "the common parameters",
                restates_common: false,
            };
            let rows = member_rows(table, ctx, diags, &mut Vec::new());
            let (members, _) = build_members("Common", Direction::Input, rows, diags);
            common_params.extend(members);
        }
        return true;
    }
    let category = match (generation, kind) {
        (Generation::V3, Some(PageKind::Errors(ErrorPage::V3Common))) => Some("common"),
        (Generation::V3, Some(PageKind::Errors(ErrorPage::V3Auth))) => Some("auth"),
        (Generation::V2, Some(PageKind::Errors(ErrorPage::V2Public))) => Some("public"),
        (Generation::V2, Some(PageKind::Errors(ErrorPage::V2Auth))) => Some("auth"),
        (Generation::V2, Some(PageKind::Errors(ErrorPage::V2Module))) => Some("module"),
        _ => None,
    };
    if let Some(category) = category {
        for table in section.tables().filter(|t| is_error_table(t)) {
            common_errors.extend(error_rows(table, Some(category)));
        }
    }
    category.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::text;

    fn extract_text(text: &str) -> (Vec<ApiSpec>, Diagnostics) {
        let mut diags = Diagnostics::new("t.txt");
        let doc = text::parse("t.txt", text, &mut diags);
        let extracted = extract(&doc, &mut diags);
        (extracted.specs, diags)
    }

    /// A v3 part and a v2 part, one action each, in the shapes the real document uses.
    const TWO_PARTS: &str = "\
简介

最近更新时间：2018-06-14

私有网络相关接口

创建VPC

最近更新时间：2018-06-14

1. 接口描述

接口请求域名：vpc.tencentcloudapi.com

本接口(CreateVpc)用于创建私有网络(VPC)。

2. 输入参数

参数名称\t是否必选\t类型\t描述
Action\t是\tString\t公共参数，本接口取值：CreateVpc
Version\t是\tString\t公共参数，本接口取值：2017-03-12
VpcName\t是\tString\tvpc名称。
DnsServers.N\t否\tArray of String\tDNS地址

3. 输出参数

参数名称\t类型\t描述
RequestId\tString\t唯一请求ID。

4. 错误码

错误码\t描述
LimitExceeded\t超过配额限制。

5. 示例

示例1 创建VPC

```
https://vpc.tencentcloudapi.com/?Action=CreateVpc
&Version=2017-03-12
```

```
&VpcName=TestVPC
&<公共请求参数>
```

```
{
  \"Response\": {
    \"RequestId\": \"354f\"
  }
}
```

简介

最近更新时间：2017-04-13

删除私有网络

最近更新时间：2018-06-25

1. 接口描述

本接口（DeleteVpc）用于删除私有网络。

接口请求域名：vpc.api.qcloud.com

2. 输入参数

以下请求参数列表仅列出了接口请求参数。其中，此接口的Action字段为DeleteVpc。

参数名称\t是否必选\t类型\t描述
vpcId\t是\tString\t私有网络ID。
subnetSet.n.subnetName\t否\tString\t子网名称。

3. 输出参数

参数名称\t类型\t描述
code\tInt\t公共错误码。

5. 示例

输入

```
https://vpc.api.qcloud.com/v2/index.php?Action=DeleteVpc
```

&<公共请求参数>
&vpcId=vpc-2ari9m7h

输出

```
{
  \"code\": 0
}
```
";

    #[test]
    fn both_generations_are_read_from_their_parts() {
        let (specs, diags) = extract_text(TWO_PARTS);
        assert_eq!(diags.error_count(), 0, "{:?}", diags.sorted());
        assert_eq!(specs.len(), 2);
        let v3 = &specs[0];
        assert_eq!(v3.generation, Generation::V3);
        let create = &v3.actions[0];
        assert_eq!(create.name, "CreateVpc");
        assert_eq!(create.host, "vpc.tencentcloudapi.com");
        // The Action/Version pseudo-rows are not members; `.N` is not part of the wire name.
        let names: Vec<_> = create.input.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["VpcName", "DnsServers"]);
        assert_eq!(create.input[1].ty.to_string(), "list<string>");
        assert!(create.input[0].required);
        assert_eq!(create.errors[0].code, "LimitExceeded");
        // The request split over two fences is one example, paired with its response.
        assert_eq!(create.examples.len(), 1);
        assert_eq!(
            create.examples[0].request,
            [
                ("Action", "CreateVpc"),
                ("Version", "2017-03-12"),
                ("VpcName", "TestVPC")
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
        );
        assert_eq!(
            create.examples[0].response.as_ref().unwrap()["Response"]["RequestId"],
            "354f"
        );

        let v2 = &specs[1];
        assert_eq!(v2.generation, Generation::V2);
        let delete = &v2.actions[0];
        assert_eq!(delete.name, "DeleteVpc");
        assert_eq!(
            delete.input[1].ty.to_string(),
            "list<object<DeleteVpcRequestSubnetSet>>"
        );
        assert_eq!(v2.objects[0].name, "DeleteVpcRequestSubnetSet");
        // The request's continuation stands outside any fence.
        assert_eq!(
            delete.examples[0].request,
            [("Action", "DeleteVpc"), ("vpcId", "vpc-2ari9m7h")]
                .map(|(k, v)| (k.to_string(), v.to_string()))
        );
    }

    /// Today's 公共参数 table marks `Region` `-`: the docs state no required flag, which the
    /// spec records as such instead of reading it as optional (and warning about the cell).
    #[test]
    fn a_dash_in_the_required_column_is_recorded_as_not_stated() {
        let common = "\
公共参数

最近更新时间：2025-06-18 14:55:59

参数名称\t类型\t必选\t描述
Action\tString\t是\t操作的接口名称。
Region\tString\t-\t地域参数。
Token\tString\t否\t临时证书所用的 Token。
Nonce\tInteger\t？\t随机正整数。

创建VPC
";
        let text = TWO_PARTS.replacen("创建VPC\n", common, 1);
        let (specs, diags) = extract_text(&text);
        assert_eq!(diags.error_count(), 0, "{:?}", diags.sorted());
        let flags: Vec<(&str, bool, bool)> = specs[0]
            .common_params
            .iter()
            .map(|m| (m.name.as_str(), m.required, m.required_unstated))
            .collect();
        assert_eq!(
            flags,
            [
                ("Action", true, false),
                ("Region", false, true),
                ("Token", false, false),
                ("Nonce", false, false)
            ]
        );
        // Only a cell that is neither a flag nor a dash is worth a warning.
        let odd: Vec<&str> = diags
            .items()
            .iter()
            .filter(|d| d.message.contains("neither a yes nor a no mark"))
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(odd.len(), 1, "{odd:?}");
        assert!(odd[0].contains("`Nonce`"), "{odd:?}");
        // The flag not stated is written to the spec JSON; a stated one adds nothing.
        let json = serde_json::to_value(&specs[0].common_params).unwrap();
        assert_eq!(json[1]["required_unstated"], true);
        assert!(json[0].get("required_unstated").is_none());
    }

    #[test]
    fn a_page_whose_sources_disagree_on_the_name_is_decided_by_vote_and_reported() {
        let text = TWO_PARTS.replace("Action字段为DeleteVpc", "Action字段为ModifyVpcAttribute");
        let (specs, diags) = extract_text(&text);
        assert_eq!(specs[1].actions[0].name, "DeleteVpc");
        let warning = diags
            .items()
            .iter()
            .find(|d| d.message.contains("chose action name"))
            .unwrap();
        assert!(
            warning.message.contains("`ModifyVpcAttribute`"),
            "{}",
            warning.message
        );
    }

    #[test]
    fn an_unknown_type_is_an_error_not_a_string() {
        let text = TWO_PARTS.replace("VpcName\t是\tString", "VpcName\t是\tVarChar(60)");
        let (specs, diags) = extract_text(&text);
        assert_eq!(diags.error_count(), 1);
        assert!(diags
            .items()
            .iter()
            .any(|d| d.message.contains("unknown type `VarChar(60)`")));
        assert!(specs[0].actions[0]
            .input
            .iter()
            .all(|m| m.name != "VpcName"));
    }

    #[test]
    fn a_broken_example_response_is_a_warning_with_its_line() {
        let text = TWO_PARTS.replace("  \"code\": 0\n", "  \"code\": 0,\n");
        let (specs, diags) = extract_text(&text);
        assert_eq!(diags.error_count(), 0);
        assert!(specs[1].actions[0].examples[0].response.is_none());
        let w = diags
            .items()
            .iter()
            .find(|d| d.message.contains("not valid JSON"))
            .unwrap();
        assert!(w.line > 0);
    }
}
