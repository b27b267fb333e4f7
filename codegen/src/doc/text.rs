//! Front-end for the plain-text dump of the documentation PDF.
//!
//! What the dump looks like, and how each trait is read:
//! - A page starts with its title line, then (after blank lines) `最近更新时间：<stamp>`. Everything
//!   before the first such page is the cover and the two tables of contents; its lines are
//!   kept only as the list of known group headings.
//! - Group headings (`私有网络相关接口`) stand alone between pages; they are recognised because the
//!   tables of contents list them and they are not followed by a stamp of their own.
//! - Table rows are tab-separated. A header row is recognised by its words (in Simplified or
//!   Traditional Chinese), never by position. A page break splits a table with blank lines and
//!   either repeats the header or not; both pieces are joined when nothing but blank lines and
//!   `----` rule rows stands between them. A line without tabs directly under a row (no blank
//!   line between) is the spill-over of that row's last cell.
//! - Code fences (```) may be split by a page break into several fences with only blank lines
//!   between: these become the pieces of one [`CodeBlock`].

use std::collections::BTreeSet;

use super::clean::to_simplified;
use super::{Block, CodeBlock, CodeLine, CodePiece, Document, Paragraph, Row, Section, Table};
use crate::diag::Diagnostics;
use crate::extract::examples::{is_http_request_line, json_is_open};
use crate::extract::vocabulary::LEXICONS;
use crate::spec::Span;

/// Whether a line is a section's update stamp.
fn update_stamp(line: &str) -> Option<&str> {
    let line = line.trim();
    LEXICONS
        .iter()
        .flat_map(|l| l.update_stamps)
        .find_map(|p| line.strip_prefix(p))
}

/// Whether a row of cells is a table header.
pub fn is_header_row(cells: &[&str]) -> bool {
    cells.len() >= 2
        && cells.iter().all(|c| {
            let word = to_simplified(c.trim());
            LEXICONS
                .iter()
                .any(|l| l.header_words.contains(&word.as_str()))
        })
}

/// Whether a row is a Markdown rule row (`------\t----`), an artefact of the conversion.
fn is_rule_row(cells: &[String]) -> bool {
    cells
        .iter()
        .all(|c| !c.trim().is_empty() && c.trim().chars().all(|ch| ch == '-' || ch == ':'))
}

fn is_fence(line: &str) -> bool {
    line.trim_start().starts_with("```")
}

/// Parses the text dump into a [`Document`]. Never panics; what it cannot read becomes a
/// diagnostic.
pub fn parse(file: &str, text: &str, diags: &mut Diagnostics) -> Document {
    let lines: Vec<&str> = text.lines().collect();
    let stamps: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| update_stamp(l).is_some())
        .map(|(i, _)| i)
        .collect();

    // Title of each page: the nearest non-blank line above its stamp.
    let mut titles = Vec::new();
    for &s in &stamps {
        match (0..s).rev().find(|&i| !lines[i].trim().is_empty()) {
            Some(t) if update_stamp(lines[t]).is_none() => titles.push((t, s)),
            _ => diags.error(
                s as u32 + 1,
                "update stamp without a page title above it".to_string(),
            ),
        }
    }

    let preamble_end = titles.first().map(|&(t, _)| t).unwrap_or(lines.len());
    let group_headings = toc_entries(&lines[..preamble_end]);
    let known: BTreeSet<&str> = group_headings.iter().map(String::as_str).collect();

    let mut sections = Vec::new();
    let mut pending_groups = Vec::new();
    for (k, &(title_idx, stamp_idx)) in titles.iter().enumerate() {
        let next_title = titles.get(k + 1).map(|&(t, _)| t).unwrap_or(lines.len());
        // Trailing lines that are group headings belong to the next page, not this one.
        let mut body_end = next_title;
        let mut trailing_groups = Vec::new();
        while let Some(last) = (stamp_idx + 1..body_end)
            .rev()
            .find(|&i| !lines[i].trim().is_empty())
        {
            let candidate = lines[last].trim();
            if known.contains(candidate)
                && !candidate.contains('\t')
                && !inside_fence(&lines, stamp_idx + 1, last)
            {
                trailing_groups.push(candidate.to_string());
                body_end = last;
            } else {
                break;
            }
        }
        trailing_groups.reverse();

        let blocks = parse_blocks(&lines, stamp_idx + 1, body_end, diags);
        let last_line = (stamp_idx..body_end)
            .rev()
            .find(|&i| !lines[i].trim().is_empty())
            .unwrap_or(stamp_idx);
        sections.push(Section {
            title: lines[title_idx].trim().to_string(),
            updated: update_stamp(lines[stamp_idx])
                .unwrap_or_default()
                .trim()
                .to_string(),
            span: Span {
                start: title_idx as u32 + 1,
                end: last_line as u32 + 1,
            },
            groups: std::mem::take(&mut pending_groups),
            blocks,
        });
        pending_groups = trailing_groups;
    }

    Document {
        file: file.to_string(),
        group_headings,
        sections,
        files: Vec::new(),
    }
}

/// Whether line `at` lies inside a code fence opened at or after `from`.
fn inside_fence(lines: &[&str], from: usize, at: usize) -> bool {
    lines[from..at].iter().filter(|l| is_fence(l)).count() % 2 == 1
}

/// The entries of the tables of contents: every non-empty line, without list markers.
fn toc_entries(lines: &[&str]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for line in lines {
        let entry = line.trim().trim_start_matches('-').trim();
        if !entry.is_empty() && !entry.contains('\t') && seen.insert(entry.to_string()) {
            out.push(entry.to_string());
        }
    }
    out
}

/// Reads lines `[start, end)` into blocks.
fn parse_blocks(lines: &[&str], start: usize, end: usize, diags: &mut Diagnostics) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    // Whether only blank lines (or rule rows) stand between the last block and the current line.
    let mut only_blanks_since_block = true;
    let mut i = start;
    while i < end {
        let raw = lines[i];
        let line_no = i as u32 + 1;
        if raw.trim().is_empty() {
            i += 1;
            continue;
        }
        if is_fence(raw) {
            let open = i;
            let mut piece_lines = Vec::new();
            i += 1;
            while i < end && !is_fence(lines[i]) {
                piece_lines.push(CodeLine {
                    text: lines[i].trim_end().to_string(),
                    line: i as u32 + 1,
                });
                i += 1;
            }
            if i >= end {
                diags.warn(
                    open as u32 + 1,
                    "code fence is never closed; it runs to the end of the page",
                );
            }
            let close = i.min(end - 1);
            if !piece_lines.is_empty() && piece_lines.iter().all(|l| is_pipe_row(&l.text)) {
                // A Markdown table that the conversion left inside a fence is a table.
                let mut first = true;
                for l in piece_lines {
                    if let Some(cells) = row_cells(&l.text) {
                        if !is_rule_row(&cells) {
                            add_row(
                                &mut blocks,
                                cells,
                                l.line,
                                !first || only_blanks_since_block,
                                diags,
                            );
                            first = false;
                        }
                    }
                }
                only_blanks_since_block = true;
                i += 1;
                continue;
            }
            let piece = CodePiece {
                lines: piece_lines,
                span: Span {
                    start: open as u32 + 1,
                    end: close as u32 + 1,
                },
            };
            match blocks.last_mut() {
                Some(Block::Code(code))
                    if only_blanks_since_block && continues_code(code, &piece) =>
                {
                    code.span.end = piece.span.end;
                    code.pieces.push(piece);
                }
                _ => blocks.push(Block::Code(CodeBlock {
                    span: piece.span,
                    pieces: vec![piece],
                })),
            }
            only_blanks_since_block = true;
            i += 1;
            continue;
        }
        if let Some(cells) = row_cells(raw) {
            if is_rule_row(&cells) {
                i += 1;
                continue;
            }
            let mut cells = cells;
            // A Markdown row whose closing `|` is missing spills onto the next lines.
            if is_pipe_row(raw) && !raw.trim_end().ends_with('|') {
                while let Some(next) = (i + 1..end).find(|&j| !lines[j].trim().is_empty()) {
                    let t = lines[next].trim();
                    if row_cells(t).is_some() || is_fence(t) {
                        break;
                    }
                    let closes = t.ends_with('|');
                    if !closes && !is_enumeration(t) {
                        break;
                    }
                    if let Some(last) = cells.last_mut() {
                        last.push(' ');
                        last.push_str(t.trim_end_matches('|').trim());
                    }
                    i = next;
                    if closes {
                        break;
                    }
                }
            }
            add_row(&mut blocks, cells, line_no, only_blanks_since_block, diags);
            // A line without tabs right under a tab row (no blank between) continues its last cell.
            while i + 1 < end
                && !lines[i + 1].trim().is_empty()
                && row_cells(lines[i + 1]).is_none()
                && !is_fence(lines[i + 1])
            {
                i += 1;
                append_to_last_cell(&mut blocks, lines[i].trim());
            }
            if let Some(Block::Table(t)) = blocks.last_mut() {
                t.span.end = i as u32 + 1;
            }
            only_blanks_since_block = true;
            i += 1;
            continue;
        }
        // The end of a row that a page break cut off: `查询 |` after a blank line.
        if raw.trim_end().ends_with(" |")
            && only_blanks_since_block
            && matches!(blocks.last(), Some(Block::Table(t)) if !t.rows.is_empty())
        {
            append_to_last_cell(&mut blocks, raw.trim().trim_end_matches('|').trim());
            i += 1;
            continue;
        }
        blocks.push(Block::Paragraph(Paragraph {
            text: raw.trim().to_string(),
            line: line_no,
        }));
        only_blanks_since_block = true;
        i += 1;
    }
    blocks
}

fn first_text(piece: &CodePiece) -> &str {
    piece
        .lines
        .iter()
        .map(|l| l.text.trim())
        .find(|t| !t.is_empty())
        .unwrap_or("")
}

/// Whether a fence after only blank lines is the next page of the block before it. A new URL
/// starts a new block, and so does a JSON document after a request.
fn continues_code(block: &CodeBlock, piece: &CodePiece) -> bool {
    let next = first_text(piece);
    let first = block.pieces.first().map(first_text).unwrap_or("");
    let is_request = |t: &str| t.starts_with("http") || t.contains("Action=");
    if next.starts_with("http") || is_http_request_line(next) {
        return false;
    }
    if is_http_request_line(first) {
        // A TC3 POST: the next fence continues it while its JSON body is still open.
        let text: String = block
            .lines()
            .map(|l| l.text.as_str())
            .skip_while(|t| !t.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        return json_is_open(&text);
    }
    !(is_request(first) && (next.starts_with('{') || next.starts_with('[')))
}

fn is_pipe_row(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.len() > 1
}

/// The cells of a table row: tab-separated, or a Markdown `| a | b |` row.
fn row_cells(line: &str) -> Option<Vec<String>> {
    if line.contains('\t') {
        return Some(line.split('\t').map(|c| c.trim().to_string()).collect());
    }
    if is_pipe_row(line) {
        let t = line.trim().trim_start_matches('|');
        let t = t.strip_suffix('|').unwrap_or(t);
        return Some(t.split('|').map(|c| c.trim().to_string()).collect());
    }
    None
}

/// `1：VPC 间互通`, `- item`: a line that continues an enumeration inside a cell.
fn is_enumeration(line: &str) -> bool {
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    line.starts_with("- ")
        || (digits > 0 && line[digits..].starts_with(['：', ':', '.', '、', ')']))
}

fn append_to_last_cell(blocks: &mut [Block], text: &str) {
    if let Some(Block::Table(t)) = blocks.last_mut() {
        if let Some(last) = t.rows.last_mut().and_then(|r| r.cells.last_mut()) {
            last.push(' ');
            last.push_str(text);
        }
    }
}

/// Adds a row (or header) to the table that is open, or starts a new table.
fn add_row(
    blocks: &mut Vec<Block>,
    mut cells: Vec<String>,
    line_no: u32,
    only_blanks: bool,
    diags: &mut Diagnostics,
) {
    let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
    let header = is_header_row(&refs);
    let continues = match blocks.last() {
        // A row under a table with only blank lines between is that table's, whatever its
        // width; a header only continues a table it repeats.
        Some(Block::Table(t)) if only_blanks => !header || same_header(&t.header, &refs),
        _ => false,
    };
    if header && continues {
        return;
    }
    if header {
        blocks.push(Block::Table(Table {
            header: cells,
            header_line: line_no,
            rows: Vec::new(),
            span: Span {
                start: line_no,
                end: line_no,
            },
        }));
        return;
    }
    if !continues {
        diags.warn(
            line_no,
            format!(
                "table row without a header above it: {:?}",
                truncate(&cells.join(" | "), 60)
            ),
        );
        blocks.push(Block::Table(Table {
            header: Vec::new(),
            header_line: line_no,
            rows: Vec::new(),
            span: Span {
                start: line_no,
                end: line_no,
            },
        }));
    }
    let Some(Block::Table(table)) = blocks.last_mut() else {
        return;
    };
    if !table.header.is_empty() && cells.len() != table.header.len() {
        diags.warn(
            line_no,
            format!(
                "row has {} cells, its header has {}; cells were padded or joined",
                cells.len(),
                table.header.len()
            ),
        );
        fit_cells(&mut cells, table.header.len());
    }
    table.span.end = line_no;
    table.rows.push(Row {
        cells,
        line: line_no,
    });
}

fn same_header(header: &[String], cells: &[&str]) -> bool {
    header.len() == cells.len()
        && header
            .iter()
            .zip(cells)
            .all(|(h, c)| to_simplified(h) == to_simplified(c.trim()))
}

/// Pads a short row with empty cells, or joins the surplus cells of a long row into the last.
pub(super) fn fit_cells(cells: &mut Vec<String>, width: usize) {
    if cells.len() < width {
        cells.resize(width, String::new());
    } else if cells.len() > width && width > 0 {
        let surplus = cells.split_off(width - 1).join(" ");
        cells.push(surplus);
    }
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> (Document, Diagnostics) {
        let mut d = Diagnostics::new("test.txt");
        let doc = parse("test.txt", text, &mut d);
        (doc, d)
    }

    const TOC: &str = "文档目录\n\n私有网络相关接口\n\n创建VPC\n\n";

    #[test]
    fn tables_of_contents_are_not_content_and_group_headings_are_attached() {
        let text = format!(
            "{TOC}私有网络相关接口\n\n创建VPC\n\n最近更新时间：2018-06-14 15:07:42\n\n正文\n\n私有网络相关接口\n\n删除VPC\n\n最近更新时间：2018-06-14\n\n正文二\n"
        );
        let (doc, diags) = doc(&text);
        assert_eq!(diags.items(), &[]);
        assert_eq!(doc.sections.len(), 2);
        assert_eq!(doc.sections[0].title, "创建VPC");
        assert_eq!(doc.sections[0].groups, Vec::<String>::new());
        // The group heading between the pages is not body text of the first page.
        assert_eq!(doc.sections[0].blocks.len(), 1);
        assert_eq!(doc.sections[1].title, "删除VPC");
        assert_eq!(doc.sections[1].groups, vec!["私有网络相关接口".to_string()]);
        assert_eq!(doc.sections[0].span, Span { start: 9, end: 13 });
    }

    #[test]
    fn page_split_table_with_repeated_header_is_joined() {
        let text = "T\n\n最近更新时间：x\n\n参数名称\t类型\t描述\na\tString\tA\n\n参数名称\t类型\t描述\nb\tInteger\tB\n";
        let (doc, _) = doc(text);
        let tables: Vec<_> = doc.sections[0].tables().collect();
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].rows.len(), 2);
        assert_eq!(tables[0].rows[1].cells, vec!["b", "Integer", "B"]);
        assert_eq!(tables[0].rows[1].line, 9);
    }

    #[test]
    fn page_split_table_without_header_is_joined() {
        let text = "T\n\n最近更新时间：x\n\n参数名称\t类型\t描述\na\tString\tA\n\nb\tInteger\tB\n";
        let (doc, diags) = doc(text);
        assert_eq!(diags.items(), &[]);
        let tables: Vec<_> = doc.sections[0].tables().collect();
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].rows.len(), 2);
    }

    #[test]
    fn rule_rows_between_header_and_rows_are_skipped() {
        let text = "T\n\n最近更新时间：x\n\n参数名称\t类型\t描述\n------\t----\t----\n\nd.n.id\tString\tID\n";
        let (doc, diags) = doc(text);
        assert_eq!(diags.items(), &[]);
        let t = doc.sections[0].tables().next().unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].cells[0], "d.n.id");
    }

    #[test]
    fn a_paragraph_ends_a_table() {
        let text = "T\n\n最近更新时间：x\n\n参数名称\t类型\t描述\na\tString\tA\n\ndata 结构\n\n参数名称\t类型\t描述\nb\tString\tB\n";
        let (doc, _) = doc(text);
        assert_eq!(doc.sections[0].tables().count(), 2);
    }

    #[test]
    fn cell_spilling_onto_the_next_line_is_joined() {
        let text = "T\n\n最近更新时间：x\n\n参数名称\t类型\t描述\na\tString\t第一行\n第二行\nb\tString\tB\n";
        let (doc, _) = doc(text);
        let t = doc.sections[0].tables().next().unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[2], "第一行 第二行");
    }

    #[test]
    fn short_rows_are_padded_with_a_warning() {
        let text = "T\n\n最近更新时间：x\n\n参数名称\t类型\t描述\na\tString\n";
        let (doc, diags) = doc(text);
        let t = doc.sections[0].tables().next().unwrap();
        assert_eq!(t.rows[0].cells, vec!["a", "String", ""]);
        assert_eq!(diags.warning_count(), 1);
        assert_eq!(diags.items()[0].line, 6);
    }

    #[test]
    fn traditional_chinese_headers_are_recognised() {
        let text = "T\n\n最近更新時間：x\n\n參數名稱\t是否必選\t類型\t描述\nA\t是\tString\tx\n";
        let (doc, _) = doc(text);
        let t = doc.sections[0].tables().next().unwrap();
        assert_eq!(t.column(&["是否必选"]), Some(1));
        assert_eq!(t.rows.len(), 1);
    }

    #[test]
    fn header_variants_are_mapped_by_name() {
        let text = "T\n\n最近更新时间：x\n\n参数名称\t描述\t类型\t必选\nA\tdesc\tString\t是\n";
        let (doc, _) = doc(text);
        let t = doc.sections[0].tables().next().unwrap();
        assert_eq!(t.column(&["类型"]), Some(2));
        assert_eq!(t.column(&["必选", "是否必选"]), Some(3));
    }

    #[test]
    fn page_split_code_fences_become_one_block_with_pieces() {
        let text = "T\n\n最近更新时间：x\n\n```\nhttps://h/?Action=A\n&Version=1\n```\n\n```\n&Force=true  \n```\n\n返回\n";
        let (doc, _) = doc(text);
        let Block::Code(code) = &doc.sections[0].blocks[0] else {
            panic!("expected code")
        };
        assert_eq!(code.pieces.len(), 2);
        assert_eq!(code.pieces[1].lines[0].text, "&Force=true");
        assert_eq!(code.span, Span { start: 5, end: 12 });
    }

    #[test]
    fn unclosed_fence_is_reported_not_fatal() {
        let text = "T\n\n最近更新时间：x\n\n```\n{\"a\": 1}\n";
        let (doc, diags) = doc(text);
        assert_eq!(diags.warning_count(), 1);
        assert!(matches!(doc.sections[0].blocks[0], Block::Code(_)));
    }

    #[test]
    fn markdown_pipe_rows_join_the_tab_table_and_spill_over_lines() {
        let text = "T\n\n最近更新时间：x\n\n参数\t必选\t类型\t描述\na\t是\tString\t第一\n\n查询 |\n\n| b | 是 | String | 带宽\n\n具体数值 |\n\n| type | 否 | Int | 互通类型\n\n1：VPC 间互通\n\n响应参数\n";
        let (doc, diags) = doc(text);
        assert_eq!(diags.items(), &[]);
        let t = doc.sections[0].tables().next().unwrap();
        let cells: Vec<_> = t.rows.iter().map(|r| r.cells[3].as_str()).collect();
        assert_eq!(
            cells,
            ["第一 查询", "带宽 具体数值", "互通类型 1：VPC 间互通"]
        );
        assert!(
            matches!(doc.sections[0].blocks.last(), Some(Block::Paragraph(p)) if p.text == "响应参数")
        );
    }

    #[test]
    fn pipe_table_inside_a_fence_is_a_table() {
        let text = "T\n\n最近更新时间：x\n\ndata.output 结构\n\n```\n| 参数名称 | 类型 | 描述 |\n|-----|-----|-----|\n|code | Int | 数字错误码|\n```\n";
        let (doc, _) = doc(text);
        let t = doc.sections[0].tables().next().unwrap();
        assert_eq!(t.header, ["参数名称", "类型", "描述"]);
        assert_eq!(t.rows[0].cells, ["code", "Int", "数字错误码"]);
        assert_eq!(t.rows[0].line, 10);
    }

    #[test]
    fn a_response_fence_right_after_a_request_fence_is_its_own_block() {
        let text = "T\n\n最近更新时间：x\n\n```\nhttps://h/?Action=A\n```\n\n```\n&B=1\n```\n\n```\n{\"a\": 1}\n```\n\n```\nhttps://h/?Action=C\n```\n";
        let (doc, _) = doc(text);
        let sizes: Vec<usize> = doc.sections[0]
            .blocks
            .iter()
            .map(|b| match b {
                Block::Code(c) => c.pieces.len(),
                _ => 0,
            })
            .collect();
        assert_eq!(sizes, [2, 1, 1]);
    }
}
