//! Extraction: Document → one [`ApiSpec`] per API generation, plus diagnostics.
//!
//! The document holds two parts, one per generation; the second starts where the first page's
//! title (`简介`) comes again. A part's generation is decided by the hosts its action pages name.
//! Within a page, the numbered headings (`1. 接口描述`, `2. 输入参数`, `3. 输出参数`,
//! `4. 错误码`, `5. 示例`, or their variants) split it into parts that are read by table header
//! names, never by position.

pub mod examples;
pub mod members;
pub mod types;

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::Diagnostics;
use crate::doc::clean::{plain_text, to_simplified};
use crate::doc::{Block, CodeBlock, Document, Section, Table};
use crate::spec::{
    Action, ApiSpec, Envelope, ErrorCode, Example, Generation, Member, Object, Span, TypeRef,
};
use members::{build_members, build_members_with_evidence, Direction, RawRow};
use types::{parse_type_cell, DocType};

const V3_HOST: &str = "vpc.tencentcloudapi.com";
const V2_HOST: &str = "vpc.api.qcloud.com";

/// What a numbered heading of an action page introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Description,
    Input,
    Output,
    Errors,
    Examples,
    /// How to read the result of the task the action starts (`任务查询输出参数`): the members of
    /// the polling action, documented on its own page.
    TaskQuery,
}

/// Reads a heading. Headings are numbered (`2. 输入参数`); a page without any numbered heading
/// uses the bare words instead (`请求参数`), which elsewhere label example parts.
fn part_of_heading(text: &str, numbered_page: bool) -> Option<Part> {
    let t = to_simplified(text.trim());
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 && numbered_page {
        return None;
    }
    let rest = t[digits..].trim_start_matches(['.', '．', '、']).trim();
    Some(match rest {
        "接口描述" => Part::Description,
        "输入参数" | "请求参数" => Part::Input,
        "输出参数" | "响应参数" | "返回参数" => Part::Output,
        "错误码" | "错误码表" => Part::Errors,
        "示例" | "代码示例" | "使用示例" => Part::Examples,
        "任务查询输出参数" => Part::TaskQuery,
        _ => return None,
    })
}

/// A page's blocks grouped under its numbered headings.
struct Parts<'a> {
    by_part: Vec<(Part, Vec<&'a Block>)>,
}

impl<'a> Parts<'a> {
    fn of(section: &'a Section) -> Parts<'a> {
        let mut by_part: Vec<(Part, Vec<&Block>)> = Vec::new();
        let numbered = section.blocks.iter().any(|b| {
            matches!(b, Block::Paragraph(p) if p.text.starts_with(|c: char| c.is_ascii_digit())
                && part_of_heading(&p.text, true).is_some())
        });
        for block in &section.blocks {
            if let Block::Paragraph(p) = block {
                if let Some(part) = part_of_heading(&p.text, numbered) {
                    by_part.push((part, Vec::new()));
                    continue;
                }
            }
            if let Some((_, blocks)) = by_part.last_mut() {
                blocks.push(block);
            }
        }
        Parts { by_part }
    }

    fn get(&self, part: Part) -> impl Iterator<Item = &'a Block> + '_ {
        self.by_part
            .iter()
            .filter(move |(p, _)| *p == part)
            .flat_map(|(_, b)| b.iter().copied())
    }

    fn has(&self, part: Part) -> bool {
        self.by_part.iter().any(|(p, _)| *p == part)
    }
}

/// Column positions of a member table.
struct MemberColumns {
    name: usize,
    ty: usize,
    required: Option<usize>,
    description: Option<usize>,
}

fn member_columns(table: &Table) -> Option<MemberColumns> {
    Some(MemberColumns {
        name: table.column(&["参数名称", "名称", "参数", "参数名", "属性"])?,
        ty: table.column(&["类型"])?,
        required: table.column(&["是否必选", "必选"]),
        description: table.column(&["描述", "说明"]),
    })
}

fn is_error_table(table: &Table) -> bool {
    table
        .column(&["错误码", "错误代码", "错误码数值"])
        .is_some()
}

/// Reads the member rows of a table. Rows whose type cell is not a type are reported; a row
/// whose description column holds the type (the columns were swapped) is read with a warning.
fn member_rows(table: &Table, diags: &mut Diagnostics, skipped: &mut Vec<u32>) -> Vec<RawRow> {
    let Some(cols) = member_columns(table) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut swapped = Vec::new();
    for row in &table.rows {
        let cell = |i: Option<usize>| {
            i.and_then(|i| row.cells.get(i))
                .map(String::as_str)
                .unwrap_or("")
        };
        let name = cell(Some(cols.name)).trim().to_string();
        let mut ty_cell = cell(Some(cols.ty));
        let mut desc_cell = cell(cols.description);
        if parse_type_cell(ty_cell).is_none() && parse_type_cell(desc_cell).is_some() {
            swapped.push(name.clone());
            std::mem::swap(&mut ty_cell, &mut desc_cell);
        }
        let description = plain_text(desc_cell);
        if is_pseudo_row(&description) {
            skipped.push(row.line);
            continue;
        }
        let Some(ty) = parse_type_cell(ty_cell) else {
            diags.error(
                row.line,
                format!("unknown type `{ty_cell}` for parameter `{name}`"),
            );
            continue;
        };
        let required = match cols.required.map(|i| to_simplified(cell(Some(i)).trim())) {
            None => false,
            Some(r) if r == "是" => true,
            Some(r) if r == "否" || r == "无" => false,
            Some(r) => {
                diags.warn(
                    row.line,
                    format!(
                        "required cell `{r}` of `{name}` is neither 是 nor 否; read as optional"
                    ),
                );
                false
            }
        };
        out.push(RawRow {
            path: name,
            ty,
            required,
            description,
            line: row.line,
        });
    }
    if !swapped.is_empty() {
        diags.warn(
            table.header_line,
            format!(
                "the rows under this header hold the description in the 类型 column and the type in the 描述 column; read swapped for: {}",
                swapped.join(", ")
            ),
        );
    }
    out
}

/// The Action and Version rows of API 3.0 tables are common parameters restated, not members.
fn is_pseudo_row(description: &str) -> bool {
    let d = to_simplified(description);
    d.starts_with("公共参数，本接口取值") || d.starts_with("公共参数,本接口取值")
}

fn error_rows(table: &Table, category: Option<&str>) -> Vec<ErrorCode> {
    let Some(code_col) = table.column(&["错误码", "错误代码", "错误码数值"]) else {
        return Vec::new();
    };
    let desc_col = table.column(&["描述", "错误描述", "原因"]);
    let kind_col = table.column(&["错误类型"]);
    table
        .rows
        .iter()
        .filter(|r| !r.cells[code_col].trim().is_empty())
        .map(|r| {
            let mut description = desc_col
                .map(|i| plain_text(&r.cells[i]))
                .unwrap_or_default();
            if let Some(k) = kind_col {
                description = format!("{}：{}", plain_text(&r.cells[k]), description);
            }
            ErrorCode {
                code: r.cells[code_col].trim().to_string(),
                description,
                category: category.map(str::to_string),
                line: r.line,
            }
        })
        .collect()
}

/// Where an action's name was read, for the vote between a page's own sources.
#[derive(Debug, Clone)]
struct NameEvidence {
    name: String,
    source: &'static str,
    line: u32,
}

fn identifier_after(text: &str, marker: &str) -> Option<String> {
    let at = text.find(marker)? + marker.len();
    let rest = text[at..].trim_start_matches([' ', '(', '（', '`', ':', '：']);
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    (!name.is_empty() && name.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        .then_some(name)
}

fn name_evidence(section: &Section, overview: &BTreeMap<String, String>) -> Vec<NameEvidence> {
    let mut out = Vec::new();
    for block in &section.blocks {
        match block {
            Block::Paragraph(p) => {
                let t = to_simplified(&p.text);
                if let Some(n) = identifier_after(&t, "本接口") {
                    out.push(NameEvidence {
                        name: n,
                        source: "本接口(…) sentence",
                        line: p.line,
                    });
                }
                if let Some(n) = identifier_after(&t, "Action 字段为")
                    .or_else(|| identifier_after(&t, "Action字段为"))
                {
                    out.push(NameEvidence {
                        name: n,
                        source: "Action字段为 line",
                        line: p.line,
                    });
                }
                if let Some(n) =
                    identifier_after(&t, "接口名：").or_else(|| identifier_after(&t, "接口名:"))
                {
                    out.push(NameEvidence {
                        name: n,
                        source: "接口名 line",
                        line: p.line,
                    });
                }
            }
            Block::Table(t) => {
                if let Some(cols) = member_columns(t) {
                    for row in &t.rows {
                        let desc = cols
                            .description
                            .map(|i| plain_text(&row.cells[i]))
                            .unwrap_or_default();
                        if row.cells[cols.name].trim() == "Action" && is_pseudo_row(&desc) {
                            if let Some(n) = identifier_after(&to_simplified(&desc), "本接口取值")
                            {
                                out.push(NameEvidence {
                                    name: n,
                                    source: "Action row",
                                    line: row.line,
                                });
                            }
                        }
                    }
                }
            }
            Block::Code(_) => {}
        }
    }
    // Only the first example speaks for the page: later steps of a multi-step example call
    // other actions (e.g. polling with DescribeNetTaskResult).
    if let Some((line, params)) = example_requests(section).into_iter().next() {
        if let Some((_, v)) = params.iter().find(|(k, _)| k == "Action") {
            out.push(NameEvidence {
                name: v.clone(),
                source: "example request",
                line,
            });
        }
    }
    if let Some(n) = overview.get(&section.title) {
        out.push(NameEvidence {
            name: n.clone(),
            source: "API overview table",
            line: section.span.start,
        });
    }
    out
}

/// The requests of a page's examples (their first line and parameters), wherever they stand.
fn example_requests(section: &Section) -> Vec<(u32, Vec<(String, String)>)> {
    collect_examples(
        &section.blocks.iter().collect::<Vec<_>>(),
        &mut Diagnostics::default(),
        "",
    )
    .into_iter()
    .map(|e| (e.span.start, e.request))
    .collect()
}

fn code_text_lines(code: &CodeBlock) -> Vec<&str> {
    code.lines().map(|l| l.text.as_str()).collect()
}

fn is_request_code(code: &CodeBlock) -> bool {
    code.lines()
        .map(|l| l.text.trim())
        .find(|t| !t.is_empty())
        .is_some_and(|t| t.starts_with("http") || t.contains("Action="))
}

fn is_json_code(code: &CodeBlock) -> bool {
    code.lines()
        .map(|l| l.text.trim())
        .find(|t| !t.is_empty())
        .is_some_and(|t| t.starts_with('{') || t.starts_with('['))
}

/// Pairs example requests with the response that follows each.
fn collect_examples(blocks: &[&Block], diags: &mut Diagnostics, action: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut title = String::new();
    let mut request: Option<(Vec<String>, u32, u32)> = None;
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                let t = p.text.trim();
                if t.starts_with("示例") {
                    title = plain_text(t);
                } else if t.starts_with('&')
                    || t.starts_with("https://")
                    || t.starts_with("http://")
                {
                    // A request, or its continuation, standing outside any fence.
                    match &mut request {
                        Some((lines, _, end)) => {
                            lines.push(t.to_string());
                            *end = p.line;
                        }
                        None => request = Some((vec![t.to_string()], p.line, p.line)),
                    }
                }
            }
            Block::Code(code) if is_request_code(code) => {
                request = Some((
                    code_text_lines(code)
                        .into_iter()
                        .map(str::to_string)
                        .collect(),
                    code.span.start,
                    code.span.end,
                ));
            }
            Block::Code(code) if is_json_code(code) => {
                let Some((lines, start, _)) = request.take() else {
                    if !action.is_empty() {
                        diags.warn(
                            code.span.start,
                            format!("{action}: example response without a request before it"),
                        );
                    }
                    continue;
                };
                let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
                let pieces: Vec<Vec<&crate::doc::CodeLine>> = code
                    .pieces
                    .iter()
                    .map(|p| p.lines.iter().collect())
                    .collect();
                let response = match examples::parse_json_pieces(&pieces) {
                    Ok(v) => Some(v),
                    Err(e) => {
                        if !action.is_empty() {
                            diags.warn(
                                e.line,
                                format!(
                                    "{action}: example response is not valid JSON: {}",
                                    e.message
                                ),
                            );
                        }
                        None
                    }
                };
                out.push(Example {
                    title: if title.is_empty() {
                        "示例".to_string()
                    } else {
                        title.clone()
                    },
                    request: examples::parse_request(&refs),
                    response,
                    span: Span {
                        start,
                        end: code.span.end,
                    },
                });
            }
            _ => {}
        }
    }
    if let Some((_, start, _)) = request {
        if !action.is_empty() {
            diags.warn(
                start,
                format!("{action}: example request without a response after it"),
            );
        }
    }
    out
}

/// Decides an action's name from its page's sources, reporting any disagreement.
fn decide_name(
    section: &Section,
    evidence: &[NameEvidence],
    diags: &mut Diagnostics,
) -> Option<String> {
    let mut votes: BTreeMap<&str, usize> = BTreeMap::new();
    for e in evidence {
        *votes.entry(e.name.as_str()).or_default() += 1;
    }
    let (&winner, &count) = votes
        .iter()
        .max_by_key(|(name, n)| (**n, std::cmp::Reverse(**name)))?;
    if votes.len() > 1 {
        let dissent: Vec<String> = evidence
            .iter()
            .filter(|e| e.name != winner)
            .map(|e| format!("{} says `{}` (line {})", e.source, e.name, e.line))
            .collect();
        diags.warn(
            section.span.start,
            format!(
                "page `{}`: chose action name `{winner}` ({count} of {} sources); {}",
                section.title,
                evidence.len(),
                dissent.join("; ")
            ),
        );
    }
    Some(winner.to_string())
}

fn host_of(section: &Section) -> Option<String> {
    section.blocks.iter().find_map(|b| match b {
        Block::Paragraph(p) => {
            let t = to_simplified(&p.text);
            let at = t.find("域名")?;
            let rest = t[at..]
                .trim_start_matches("域名")
                .trim_start_matches(['：', ':', ' ']);
            let host: String = rest
                .trim_start_matches('`')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
                .collect();
            host.contains('.').then_some(host)
        }
        _ => None,
    })
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

/// Extracts both generations' specs from a document.
pub fn extract(doc: &Document, diags: &mut Diagnostics) -> Extracted {
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
        specs.push(extract_part(generation, &part, diags, &mut accounting));
    }
    specs.sort_by_key(|s| s.generation);
    for g in [Generation::V3, Generation::V2] {
        if !specs.iter().any(|s| s.generation == g) {
            diags.error(
                0,
                format!(
                    "the document has no part for API generation {}",
                    g.module_name()
                ),
            );
        }
    }
    Extracted { specs, accounting }
}

fn split_parts(doc: &Document) -> Vec<Vec<&Section>> {
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
    if hosts.contains(V3_HOST) {
        Some(Generation::V3)
    } else if hosts.contains(V2_HOST) {
        Some(Generation::V2)
    } else {
        None
    }
}

/// `接口名称/接口功能` or `接口功能/Action ID` overview tables: title → action name.
fn overview_names(part: &[&Section]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for section in part {
        for table in section.tables() {
            let (Some(name_col), Some(title_col)) = (
                table.column(&["接口名称", "Action ID"]),
                table.column(&["接口功能"]),
            ) else {
                continue;
            };
            for row in &table.rows {
                out.insert(
                    row.cells[title_col].trim().to_string(),
                    row.cells[name_col].trim().to_string(),
                );
            }
        }
    }
    out
}

fn extract_part(
    generation: Generation,
    part: &[&Section],
    diags: &mut Diagnostics,
    accounting: &mut Accounting,
) -> ApiSpec {
    let overview = overview_names(part);
    let default_host = match generation {
        Generation::V3 => V3_HOST,
        Generation::V2 => V2_HOST,
    };
    let mut actions: Vec<Action> = Vec::new();
    let mut objects: Vec<Object> = Vec::new();
    let mut common_params = Vec::new();
    let mut common_errors = Vec::new();

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
                    let (action, derived) = extract_action(
                        generation,
                        section,
                        &parts,
                        name,
                        default_host,
                        diags,
                        accounting,
                    );
                    actions.push(action);
                    objects.extend(derived);
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
        read_common(
            generation,
            section,
            &mut common_params,
            &mut common_errors,
            &mut objects,
            diags,
        );
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
        version: match generation {
            Generation::V3 => "2017-03-12".to_string(),
            Generation::V2 => "v2".to_string(),
        },
        generation,
        service: "vpc".to_string(),
        host: default_host.to_string(),
        path: match generation {
            Generation::V3 => "/".to_string(),
            Generation::V2 => "/v2/index.php".to_string(),
        },
        envelope: match generation {
            Generation::V3 => Envelope::Response,
            Generation::V2 => Envelope::CodeMessage,
        },
        common_params,
        common_errors,
        actions,
        objects,
    }
}

/// A later step of a multi-step example that calls another documented action (polling a task
/// with DescribeNetTaskResult, say) is an example of that action, and moves there.
fn move_follow_up_examples(actions: &mut [Action], diags: &mut Diagnostics) {
    let names: BTreeSet<String> = actions.iter().map(|a| a.name.clone()).collect();
    let mut moved: Vec<(String, Example)> = Vec::new();
    for action in actions.iter_mut() {
        let mut kept = Vec::new();
        for (i, example) in std::mem::take(&mut action.examples).into_iter().enumerate() {
            let called = example
                .request
                .iter()
                .find(|(k, _)| k == "Action")
                .map(|(_, v)| v.clone());
            match called {
                Some(other) if i > 0 && other != action.name && names.contains(&other) => {
                    moved.push((other, example))
                }
                Some(other) if other != action.name => {
                    diags.warn(
                        example.span.start,
                        format!(
                            "{}: example calls `{other}`, which is not this page's action",
                            action.name
                        ),
                    );
                    kept.push(example);
                }
                _ => kept.push(example),
            }
        }
        action.examples = kept;
    }
    for (name, example) in moved {
        if let Some(target) = actions.iter_mut().find(|a| a.name == name) {
            target.examples.push(example);
        }
    }
    for action in actions.iter_mut() {
        action.examples.sort_by_key(|e| e.span.start);
    }
}

/// Reads what a non-action page contributes: common parameters, common error codes, and (for
/// the data-structure page) objects.
fn read_common(
    generation: Generation,
    section: &Section,
    common_params: &mut Vec<Member>,
    common_errors: &mut Vec<ErrorCode>,
    objects: &mut Vec<Object>,
    diags: &mut Diagnostics,
) {
    let title = to_simplified(&section.title);
    if title == "数据结构" {
        objects.extend(read_objects(section, diags));
        return;
    }
    if title == "公共参数" || title == "公共请求参数" {
        for table in section.tables() {
            let mut skipped = Vec::new();
            let rows = member_rows(table, diags, &mut skipped);
            let (members, _) = build_members("Common", Direction::Input, rows, diags);
            common_params.extend(members);
        }
        return;
    }
    let category = match (generation, title.as_str()) {
        (Generation::V3, "返回结果") => Some("common"),
        (Generation::V3, "接口鉴权") => Some("auth"),
        (Generation::V2, "错误码") => Some("public"),
        (Generation::V2, "签名方法") => Some("auth"),
        (Generation::V2, "私有网络错误码") => Some("module"),
        _ => None,
    };
    if let Some(category) = category {
        for table in section.tables().filter(|t| is_error_table(t)) {
            common_errors.extend(error_rows(table, Some(category)));
        }
    }
}

/// Reads the data-structure page: a name paragraph, a description paragraph, then the table.
fn read_objects(section: &Section, diags: &mut Diagnostics) -> Vec<Object> {
    let mut out = Vec::new();
    let mut paragraphs: Vec<(&str, u32)> = Vec::new();
    for block in &section.blocks {
        match block {
            Block::Paragraph(p) => paragraphs.push((p.text.trim(), p.line)),
            Block::Table(table) => {
                let name_at = paragraphs.iter().rposition(|(t, _)| {
                    !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric())
                });
                let Some(name_at) = name_at else {
                    diags.error(
                        table.span.start,
                        "data-structure table without a type name above it",
                    );
                    continue;
                };
                let (name, name_line) = paragraphs[name_at];
                let description = paragraphs[name_at + 1..]
                    .iter()
                    .map(|(t, _)| plain_text(t))
                    .collect::<Vec<_>>()
                    .join("\n");
                let mut skipped = Vec::new();
                let rows = member_rows(table, diags, &mut skipped);
                let (members, nested) = build_members(name, Direction::Output, rows, diags);
                if !nested.is_empty() {
                    diags.error(
                        table.span.start,
                        format!("data structure `{name}` has dotted member names"),
                    );
                }
                out.push(Object {
                    name: name.to_string(),
                    description,
                    members,
                    origin: "documented".to_string(),
                    span: Span {
                        start: name_line,
                        end: table.span.end,
                    },
                });
                paragraphs.clear();
            }
            Block::Code(_) => {}
        }
    }
    out
}

fn extract_action(
    generation: Generation,
    section: &Section,
    parts: &Parts<'_>,
    name: String,
    default_host: &str,
    diags: &mut Diagnostics,
    accounting: &mut Accounting,
) -> (Action, Vec<Object>) {
    let description = parts
        .get(Part::Description)
        .filter_map(|b| match b {
            Block::Paragraph(p) if !to_simplified(&p.text).contains("域名") => {
                Some(plain_text(&p.text))
            }
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let host = host_of(section).unwrap_or_else(|| default_host.to_string());

    let example_blocks: Vec<&Block> = parts.get(Part::Examples).collect();
    let examples = collect_examples(&example_blocks, diags, &name);
    let request_evidence = |path: &[String]| request_shape(&examples, path);
    let response_evidence = |path: &[String]| response_shape(generation, &examples, path);

    let (input_rows, input_objects) = read_member_part(parts.get(Part::Input), diags, accounting);
    let (mut input, mut objects) = build_members_with_evidence(
        &name,
        Direction::Input,
        input_rows,
        &request_evidence,
        diags,
    );
    let (output_rows, output_objects) =
        read_member_part(parts.get(Part::Output), diags, accounting);
    let (output, more) = build_members_with_evidence(
        &name,
        Direction::Output,
        output_rows,
        &response_evidence,
        diags,
    );
    objects.extend(more);
    // What polling the started task returns (`任务查询输出参数`): a typed shape for the
    // DescribeNetTaskResult response of this action's tasks.
    let (task_rows, task_objects) = read_member_part(parts.get(Part::TaskQuery), diags, accounting);
    if !task_rows.is_empty() {
        let task = format!("{name}Task");
        let span = Span {
            start: task_rows
                .iter()
                .map(|r| r.line)
                .min()
                .unwrap_or(section.span.start),
            end: task_rows
                .iter()
                .map(|r| r.line)
                .max()
                .unwrap_or(section.span.start),
        };
        let (members, nested) = build_members(&task, Direction::Output, task_rows, diags);
        objects.extend(nested);
        objects.push(Object {
            name: format!("{task}Response"),
            description: format!(
                "What polling a task started by {name} returns (the documented 任务查询输出参数)."
            ),
            members,
            origin: format!("task result of {name}"),
            span,
        });
    }
    for (caption_name, members, span) in input_objects
        .into_iter()
        .chain(output_objects)
        .chain(task_objects)
    {
        objects.push(Object {
            name: caption_name,
            description: String::new(),
            members,
            origin: format!("sub-table of {name}"),
            span,
        });
    }
    // v2 inputs are sent flat; a member typed with a captioned object keeps that object.
    if generation == Generation::V3 {
        input.retain(|m| m.name != "Action" && m.name != "Version");
    }

    let mut errors = Vec::new();
    for block in parts.get(Part::Errors) {
        if let Block::Table(t) = block {
            if is_error_table(t) {
                errors.extend(error_rows(t, None));
            }
        }
    }
    // Some pages put their error table under the output heading.
    for block in parts.get(Part::Output) {
        if let Block::Table(t) = block {
            if is_error_table(t) {
                errors.extend(error_rows(t, None));
            }
        }
    }

    let is_async = has_member(&output, &["taskId", "TaskId", "billId"], &objects);
    let action = Action {
        name,
        title: section.title.clone(),
        description,
        host,
        is_async,
        input,
        output,
        errors,
        examples,
        span: section.span,
        ..Action::default()
    };
    (action, objects)
}

/// Whether the examples send `path` as a list (`path.0=…` or `path.0.x=…`).
fn request_shape(examples: &[Example], path: &[String]) -> Option<bool> {
    let prefix = format!("{}.", path.join("."));
    let mut seen = None;
    for example in examples {
        for (key, _) in &example.request {
            if let Some(rest) = key.strip_prefix(&prefix) {
                let first = rest.split('.').next().unwrap_or_default();
                seen = Some(first.parse::<usize>().is_ok());
                if seen == Some(true) {
                    return seen;
                }
            }
        }
    }
    seen
}

/// Whether the example responses hold an array (`Some(true)`) or an object at `path`, stepping
/// through the elements of lists on the way.
fn response_shape(generation: Generation, examples: &[Example], path: &[String]) -> Option<bool> {
    for example in examples {
        let Some(response) = &example.response else {
            continue;
        };
        let mut values: Vec<&serde_json::Value> = match generation {
            Generation::V3 => response.get("Response").into_iter().collect(),
            Generation::V2 => vec![response],
        };
        for segment in path {
            values = values
                .into_iter()
                .flat_map(|v| match v {
                    serde_json::Value::Array(items) => items.iter().collect::<Vec<_>>(),
                    other => vec![other],
                })
                .filter_map(|v| v.get(segment))
                .collect();
        }
        for value in values {
            match value {
                serde_json::Value::Array(_) => return Some(true),
                serde_json::Value::Object(_) => return Some(false),
                _ => {}
            }
        }
    }
    None
}

fn has_member(members: &[Member], names: &[&str], objects: &[Object]) -> bool {
    members.iter().any(|m| {
        names.contains(&m.name.as_str())
            || match object_of(&m.ty) {
                Some(obj) => objects
                    .iter()
                    .find(|o| o.name == obj)
                    .is_some_and(|o| o.members.iter().any(|mm| names.contains(&mm.name.as_str()))),
                None => false,
            }
    })
}

fn object_of(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Object(n) => Some(n),
        TypeRef::List(inner) => object_of(inner),
        _ => None,
    }
}

/// The dotted path a sub-table caption names (`data.output 结构` → `data.output`), if any.
fn caption_path(caption: &str) -> Option<String> {
    let path: String = caption
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '_')
        .collect();
    let rest = caption.trim()[path.len()..].trim();
    (path.contains('.') && rest.starts_with("结构")).then_some(path)
}

type CaptionedObject = (String, Vec<Member>, Span);

/// Reads the member tables under an input or output heading. A table whose caption names a
/// type in parentheses that an earlier row uses (`包年包月 (ChargePrepaidObject) 相关参数`)
/// describes that type; every other table adds rows to the same tree.
fn read_member_part<'a>(
    blocks: impl Iterator<Item = &'a Block>,
    diags: &mut Diagnostics,
    accounting: &mut Accounting,
) -> (Vec<RawRow>, Vec<CaptionedObject>) {
    let mut rows: Vec<RawRow> = Vec::new();
    let mut captioned = Vec::new();
    let mut caption: Option<&str> = None;
    for block in blocks {
        match block {
            Block::Paragraph(p) => caption = Some(p.text.as_str()),
            Block::Table(table) if member_columns(table).is_some() => {
                let mut skipped = Vec::new();
                let mut table_rows = member_rows(table, diags, &mut skipped);
                accounting.pseudo_rows += skipped.len();
                // A caption such as `data.output 结构` anchors the bare names of its table.
                if let Some(anchor) = caption.and_then(caption_path) {
                    for row in &mut table_rows {
                        if !row.path.contains('.') && !anchor.is_empty() {
                            row.path = format!("{anchor}.{}", row.path);
                        }
                    }
                }
                let named = caption.and_then(|c| {
                    rows.iter().find_map(|r| match &r.ty {
                        DocType::Known(TypeRef::Object(n))
                            if c.contains(&format!("({n})")) || c.contains(&format!("（{n}）")) =>
                        {
                            Some(n.clone())
                        }
                        _ => None,
                    })
                });
                match named {
                    Some(object_name) => {
                        let (members, nested) =
                            build_members(&object_name, Direction::Input, table_rows, diags);
                        if !nested.is_empty() {
                            diags.error(
                                table.span.start,
                                format!("sub-table of `{object_name}` has dotted names"),
                            );
                        }
                        captioned.push((object_name, members, table.span));
                    }
                    None => rows.extend(table_rows),
                }
                caption = None;
            }
            _ => {}
        }
    }
    (rows, captioned)
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
