//! Front-end for a folder of Markdown pages, as Tencent's public documentation repository
//! publishes them: one page per file, the page title only in the file name, the category in the
//! folder names.
//!
//! The pages become the same [`Document`] the text front-end makes, so the extractor reads both
//! alike:
//! - A page is a [`Section`] titled by its file name (without `.md` and the international
//!   site's `_intl`), grouped by its folders.
//! - Markdown is read by pulldown-cmark: headings and paragraphs become one [`Paragraph`] per
//!   source line (the text dump's paragraphs are lines, and the extractor keys on lines such as
//!   `接口请求域名：…`), list items keep a `- ` marker, pipe tables become tables, fences code.
//! - HTML is read by scraper (html5ever), which closes `<td>`s that never close the way browsers
//!   do: HTML blocks that follow each other are one fragment; its `<table>`s become tables, its
//!   `<pre>`s code (the v2 pages' request URLs), the rest paragraphs by line. Inline HTML
//!   (`<a>`, `<br/>`, `<font>`) keeps its text.
//! - The lines of a folder are numbered as if its files stood one after the other (the file
//!   table is [`Document::files`]), so that textual overrides and page spans work as for one
//!   file; the pipeline turns a line back into the page file and its line.

use std::collections::HashMap;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use scraper::{Html, Node};

use super::{
    Block, CodeBlock, CodeLine, CodePiece, DocFile, Document, Paragraph, Row, Section, Table,
};
use crate::diag::Diagnostics;
use crate::spec::Span;

/// One page file of a folder: its path below the folder (`/`-separated) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFile {
    pub name: String,
    pub text: String,
}

/// The suffix a sync tool gave the copy of a page it could not merge
/// (`删除本端IP转换(MOZZIZHANG-PC3的冲突版本).md`): not a page of the docs.
const CONFLICT_COPY: &str = "的冲突版本)";

/// The suffix of the international site's pages (`创建子网_intl.md`).
const INTL: &str = "_intl";

/// Whether a path names a Markdown page.
pub fn is_page(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// Reads the pages of a folder (every `.md` file below it, sorted by path; other files, such
/// as `category_i18n.json`, are not pages), or the one page a `.md` path names.
pub fn read_pages(path: &Path) -> std::io::Result<Vec<PageFile>> {
    if path.is_file() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Ok(vec![PageFile {
            name,
            text: std::fs::read_to_string(path)?,
        }]);
    }
    let mut found = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let p = entry?.path();
            if p.is_dir() {
                pending.push(p);
            } else if is_page(&p) {
                found.push(p);
            }
        }
    }
    let mut pages = found
        .into_iter()
        .map(|p| {
            let name = p
                .strip_prefix(path)
                .unwrap_or(&p)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            Ok(PageFile {
                name,
                text: std::fs::read_to_string(&p)?,
            })
        })
        .collect::<std::io::Result<Vec<_>>>()?;
    pages.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(pages)
}

/// Joins the pages into one text whose lines are the document's lines, and the file table that
/// maps them back. (A text ending in a newline has an empty last line: every file keeps its own
/// line count.)
pub fn join_pages(pages: &[PageFile]) -> (String, Vec<DocFile>) {
    let mut text = String::new();
    let mut files = Vec::new();
    let mut next = 1u32;
    for (i, page) in pages.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(&page.text);
        let lines = page.text.split('\n').count() as u32;
        files.push(DocFile {
            name: page.name.clone(),
            first_line: next,
            lines,
        });
        next += lines;
    }
    (text, files)
}

/// The title and the category folders of a page path.
fn title_and_groups(name: &str) -> (String, Vec<String>) {
    let mut parts: Vec<&str> = name.split('/').collect();
    let file = parts.pop().unwrap_or("");
    let stem = file
        .strip_suffix(".md")
        .or_else(|| file.strip_suffix(".MD"))
        .unwrap_or(file);
    let stem = stem.strip_suffix(INTL).unwrap_or(stem);
    (
        stem.trim().to_string(),
        parts.iter().map(|p| p.to_string()).collect(),
    )
}

/// Parses the joined text of a folder's pages (after textual overrides, which keep every line
/// where it was) into a [`Document`] named `folder`. Never panics; what it cannot read becomes a
/// diagnostic at the document line, which the pipeline names by page file.
pub fn parse(folder: &str, text: &str, files: &[DocFile], diags: &mut Diagnostics) -> Document {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut sections: Vec<Section> = Vec::new();
    // Each title read so far: the file and its text.
    let mut seen: HashMap<String, (String, String)> = HashMap::new();
    for file in files {
        let start = (file.first_line as usize)
            .saturating_sub(1)
            .min(lines.len());
        let end = (start + file.lines as usize).min(lines.len());
        let page = lines[start..end].join("\n");
        let (title, groups) = title_and_groups(&file.name);
        if file.name.contains(CONFLICT_COPY) {
            diags.info(
                file.first_line,
                format!(
                    "`{}` is a sync tool's conflict copy of a page, not a page of the docs; skipped",
                    file.name
                ),
            );
            continue;
        }
        // A page published twice under two folders (`私有网络 API 2017/…`) is one page.
        let body = page.trim().to_string();
        if let Some((earlier, _)) = seen.get(&title).filter(|(_, b)| *b == body) {
            diags.info(
                file.first_line,
                format!("`{}` repeats `{earlier}` word for word; skipped", file.name),
            );
            continue;
        }
        let blocks = read_page(&page, file.first_line - 1, diags);
        let last = file.first_line + file.lines.saturating_sub(1);
        seen.insert(title.clone(), (file.name.clone(), body));
        sections.push(Section {
            title,
            updated: String::new(),
            span: Span {
                start: file.first_line,
                end: last.max(file.first_line),
            },
            groups,
            blocks,
        });
    }
    let mut group_headings: Vec<String> = Vec::new();
    for s in &sections {
        for g in &s.groups {
            if !group_headings.contains(g) {
                group_headings.push(g.clone());
            }
        }
    }
    Document {
        file: folder.to_string(),
        group_headings,
        sections,
        files: files.to_vec(),
    }
}

/// A run of inline content: text, or inline HTML as written.
#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    Html(String),
}

/// Inline content being collected: one run per source line.
#[derive(Debug, Default)]
struct Inline {
    /// What stands before the first line (`- ` for a list item).
    prefix: String,
    lines: Vec<(u32, Vec<Piece>)>,
    /// The next piece starts a new line (after a soft or hard break).
    broken: bool,
}

/// A table being collected.
#[derive(Debug, Default)]
struct TableBuild {
    header: Vec<String>,
    header_line: u32,
    rows: Vec<Row>,
    row: Vec<String>,
    row_line: u32,
    cell: Option<Vec<Piece>>,
    in_head: bool,
}

/// A code block being collected.
struct CodeBuild {
    fence_line: u32,
    fenced: bool,
    text: String,
    end: usize,
}

/// Reads one page's Markdown into blocks; `offset` is the document line before the page's
/// first line.
struct PageReader<'a> {
    src: &'a str,
    line_starts: Vec<usize>,
    offset: u32,
    blocks: Vec<Block>,
    inline: Option<Inline>,
    table: Option<TableBuild>,
    code: Option<CodeBuild>,
    /// Consecutive HTML blocks, read as one fragment: a `<table>` may hold blank lines.
    html: Option<(usize, usize)>,
}

fn read_page(src: &str, offset: u32, diags: &mut Diagnostics) -> Vec<Block> {
    let mut line_starts = vec![0];
    line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
    let mut r = PageReader {
        src,
        line_starts,
        offset,
        blocks: Vec::new(),
        inline: None,
        table: None,
        code: None,
        html: None,
    };
    for (event, range) in Parser::new_ext(src, Options::ENABLE_TABLES).into_offset_iter() {
        r.event(event, range, diags);
    }
    r.flush_inline();
    r.flush_html();
    r.blocks
}

impl PageReader<'_> {
    /// The document line of a byte offset of the page.
    fn line(&self, at: usize) -> u32 {
        let index = self.line_starts.partition_point(|&s| s <= at);
        self.offset + index.max(1) as u32
    }

    fn source_line(&self, line: u32) -> &str {
        let index = (line - self.offset) as usize - 1;
        let start = self
            .line_starts
            .get(index)
            .copied()
            .unwrap_or(self.src.len());
        let end = self
            .line_starts
            .get(index + 1)
            .map(|e| e - 1)
            .unwrap_or(self.src.len());
        self.src.get(start..end.max(start)).unwrap_or("")
    }

    fn event(&mut self, event: Event<'_>, range: std::ops::Range<usize>, diags: &mut Diagnostics) {
        let line = self.line(range.start);
        match event {
            Event::Start(Tag::HtmlBlock) => {
                self.flush_inline();
                match self.html {
                    Some((start, end)) if self.src[end..range.start].trim().is_empty() => {
                        self.html = Some((start, range.end.max(end)))
                    }
                    _ => {
                        self.flush_html();
                        self.html = Some((range.start, range.end));
                    }
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((start, end)) = self.html {
                    self.html = Some((start, end.max(range.end)));
                }
            }
            Event::Html(_) => {
                if let Some((start, end)) = self.html {
                    self.html = Some((start, end.max(range.end)));
                }
            }
            Event::Start(Tag::Paragraph) | Event::Start(Tag::Heading { .. }) => {
                self.flush_html();
                // A loose list item's paragraph continues the item's line.
                let item = self
                    .inline
                    .as_ref()
                    .is_some_and(|i| i.lines.is_empty() && !i.prefix.is_empty());
                if !item {
                    self.flush_inline();
                    self.inline = Some(Inline::default());
                }
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Heading(_)) => self.flush_inline(),
            Event::Start(Tag::Item) => {
                self.flush_html();
                self.flush_inline();
                self.inline = Some(Inline {
                    prefix: "- ".to_string(),
                    ..Inline::default()
                });
            }
            Event::End(TagEnd::Item) | Event::Start(Tag::List(_)) | Event::End(TagEnd::List(_)) => {
                self.flush_html();
                self.flush_inline()
            }
            Event::Start(Tag::Table(_)) => {
                self.flush_html();
                self.flush_inline();
                self.table = Some(TableBuild {
                    header_line: line,
                    ..TableBuild::default()
                });
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                if let Some(t) = &mut self.table {
                    t.in_head = matches!(event, Event::Start(Tag::TableHead));
                    t.row.clear();
                    t.row_line = line;
                }
            }
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                if let Some(t) = &mut self.table {
                    let cells = std::mem::take(&mut t.row);
                    if t.in_head {
                        t.header = cells;
                        t.header_line = t.row_line;
                        t.in_head = false;
                    } else {
                        t.rows.push(Row {
                            cells,
                            line: t.row_line,
                        });
                    }
                }
            }
            Event::Start(Tag::TableCell) => {
                if let Some(t) = &mut self.table {
                    t.cell = Some(Vec::new());
                }
            }
            Event::End(TagEnd::TableCell) => {
                if let Some(t) = &mut self.table {
                    let pieces = t.cell.take().unwrap_or_default();
                    t.row.push(one_line(&inline_text(&pieces)));
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = self.table.take() {
                    self.finish_table(t, diags);
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.flush_html();
                self.flush_inline();
                self.code = Some(CodeBuild {
                    fence_line: line,
                    fenced: matches!(kind, CodeBlockKind::Fenced(_)),
                    text: String::new(),
                    end: range.end,
                });
            }
            Event::End(TagEnd::CodeBlock) => self.finish_code(diags),
            Event::Text(t) if self.code.is_some() => {
                if let Some(c) = &mut self.code {
                    c.text.push_str(&t);
                }
            }
            Event::Text(t) | Event::Code(t) => self.piece(Piece::Text(t.to_string()), line),
            Event::InlineHtml(h) => self.piece(Piece::Html(h.to_string()), line),
            Event::SoftBreak | Event::HardBreak => {
                if let Some(t) = &mut self.table {
                    if let Some(cell) = &mut t.cell {
                        cell.push(Piece::Text(" ".to_string()));
                    }
                } else if let Some(i) = &mut self.inline {
                    i.broken = true;
                }
            }
            _ => {}
        }
    }

    /// Ends a pipe table, mending what GFM reads otherwise than the docs meant: a row whose
    /// line lacks the closing `|` continues on the next lines up to one that ends with `|`
    /// (`… [DescribeVpcEx 接口](…)` then ` 查询 |`), as in the text front-end; a line without
    /// any `|` right under a closed row
    /// (`**data数组：**`) is a caption, not a row, and the rows after it a table of their own.
    fn finish_table(&mut self, t: TableBuild, diags: &mut Diagnostics) {
        let mut tables: Vec<Table> = vec![Table {
            header: t.header.clone(),
            header_line: t.header_line,
            rows: Vec::new(),
            span: Span {
                start: t.header_line,
                end: t.header_line,
            },
        }];
        let mut open_row = false;
        for row in t.rows {
            let source = self.source_line(row.line).trim();
            let Some(table) = tables.last_mut() else {
                continue;
            };
            if !open_row && !source.contains('|') {
                self.blocks_pending_caption(&mut tables, row);
                continue;
            }
            if open_row && !source.starts_with('|') {
                if let Some(last) = table.rows.last_mut() {
                    let more: Vec<&str> = row
                        .cells
                        .iter()
                        .map(|c| c.trim())
                        .filter(|c| !c.is_empty())
                        .collect();
                    if let Some(cell) = last.cells.iter_mut().rev().find(|c| !c.is_empty()) {
                        cell.push(' ');
                        cell.push_str(&more.join(" "));
                    }
                    table.span.end = row.line;
                    open_row = !source.ends_with('|');
                    continue;
                }
            }
            open_row = source.starts_with('|') && !source.ends_with('|');
            table.span.end = row.line;
            let mut row = row;
            // GFM drops the cells past the header's; their text joins the last cell instead.
            if let Some(rest) = surplus_cells(source, t.header.len()) {
                diags.warn(
                    row.line,
                    format!(
                        "row has more cells than its header ({}); the text past it, {:?}, was joined to the last cell",
                        t.header.len(),
                        rest.chars().take(60).collect::<String>()
                    ),
                );
                if let Some(last) = row.cells.last_mut() {
                    last.push(' ');
                    last.push_str(&rest);
                }
            }
            table.rows.push(row);
        }
        for (i, table) in tables.into_iter().enumerate() {
            // A header with no rows is a table (`无` pages); a caption's table needs rows.
            if table.rows.is_empty() && (i > 0 || table.header.is_empty()) {
                continue;
            }
            self.blocks.push(Block::Table(table));
        }
    }

    /// A caption line read as a table row: a paragraph, and a new table after it.
    fn blocks_pending_caption(&mut self, tables: &mut Vec<Table>, row: Row) {
        let text = crate::doc::clean::plain_text(&row.cells.join(" "));
        let Some(header) = tables.last().map(|t| t.header.clone()) else {
            return;
        };
        // Blocks are kept in line order: what is done of the table goes first.
        for table in tables.drain(..) {
            if !table.rows.is_empty() {
                self.blocks.push(Block::Table(table));
            }
        }
        if !text.trim().is_empty() {
            self.blocks.push(Block::Paragraph(Paragraph {
                text: text.trim().to_string(),
                line: row.line,
            }));
        }
        tables.push(Table {
            header,
            header_line: row.line,
            rows: Vec::new(),
            span: Span {
                start: row.line,
                end: row.line,
            },
        });
    }

    fn piece(&mut self, piece: Piece, line: u32) {
        if let Some(t) = &mut self.table {
            if let Some(cell) = &mut t.cell {
                cell.push(piece);
            }
            return;
        }
        self.flush_html();
        let inline = self.inline.get_or_insert_with(Inline::default);
        match inline.lines.last_mut() {
            Some((_, pieces)) if !inline.broken => pieces.push(piece),
            _ => inline.lines.push((line, vec![piece])),
        }
        inline.broken = false;
    }

    fn flush_inline(&mut self) {
        let Some(inline) = self.inline.take() else {
            return;
        };
        for (k, (line, pieces)) in inline.lines.iter().enumerate() {
            let text = inline_text(pieces);
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            let text = if k == 0 {
                format!("{}{text}", inline.prefix)
            } else {
                text.to_string()
            };
            self.blocks
                .push(Block::Paragraph(Paragraph { text, line: *line }));
        }
    }

    fn finish_code(&mut self, diags: &mut Diagnostics) {
        let Some(code) = self.code.take() else {
            return;
        };
        let first = if code.fenced {
            code.fence_line + 1
        } else {
            code.fence_line
        };
        let mut texts: Vec<&str> = code.text.split('\n').collect();
        if texts.last() == Some(&"") {
            texts.pop();
        }
        let lines: Vec<CodeLine> = texts
            .iter()
            .enumerate()
            .map(|(k, t)| CodeLine {
                text: t.trim_end().to_string(),
                line: first + k as u32,
            })
            .collect();
        let last_line = self.line(code.end.saturating_sub(1));
        if code.fenced {
            let closing = self.source_line(last_line).trim_start();
            if last_line == code.fence_line
                || !(closing.starts_with("```") || closing.starts_with("~~~"))
            {
                diags.warn(
                    code.fence_line,
                    "code fence is never closed; it runs to the end of the page",
                );
            }
        }
        let span = Span {
            start: code.fence_line,
            end: last_line.max(code.fence_line),
        };
        self.blocks.push(Block::Code(CodeBlock {
            pieces: vec![CodePiece { lines, span }],
            span,
        }));
    }

    /// Reads the pending HTML fragment: tables, `<pre>` code, and the rest as paragraphs.
    fn flush_html(&mut self) {
        let Some((start, end)) = self.html.take() else {
            return;
        };
        let Some(chunk) = self.src.get(start..end) else {
            return;
        };
        let first_line = self.line(start);
        let fragment = Html::parse_fragment(chunk);
        // html5ever keeps every newline of the source in text nodes, so the newlines before a
        // node in tree order give its line (short only by newlines inside tags).
        let mut newlines_before = HashMap::new();
        let mut count = 0u32;
        for node in fragment.tree.root().descendants() {
            newlines_before.insert(node.id(), count);
            if let Node::Text(t) = node.value() {
                count += t.matches('\n').count() as u32;
            }
        }
        let line_of = |node: ego_tree::NodeRef<'_, Node>| {
            first_line + newlines_before.get(&node.id()).copied().unwrap_or(0)
        };
        let mut out = HtmlOut::default();
        self.html_node(fragment.tree.root(), &line_of, &mut out);
        out.flush_line();
        let mut blocks = out.blocks;
        blocks.sort_by_key(block_line);
        self.blocks.extend(blocks);
    }

    fn html_node<'t>(
        &self,
        node: ego_tree::NodeRef<'t, Node>,
        line_of: &dyn Fn(ego_tree::NodeRef<'t, Node>) -> u32,
        out: &mut HtmlOut,
    ) {
        match node.value() {
            Node::Text(t) => {
                let mut line = line_of(node);
                for (k, part) in t.split('\n').enumerate() {
                    if k > 0 {
                        out.flush_line();
                        line += 1;
                    }
                    if !part.trim().is_empty() {
                        if out.text.is_empty() {
                            out.line = line;
                        }
                        out.text.push_str(part);
                    }
                }
            }
            Node::Element(el) if el.name() == "table" => {
                out.flush_line();
                out.blocks.push(Block::Table(html_table(node, line_of)));
            }
            Node::Element(el) if el.name() == "pre" => {
                out.flush_line();
                let pre_line = line_of(node);
                // html5ever drops the newline right after `<pre>`: the text then starts on the
                // next source line.
                let tag_alone = self.source_line(pre_line).trim_end().ends_with('>');
                let first = pre_line + u32::from(tag_alone);
                let text = subtree_text(node, "\n");
                let lines: Vec<CodeLine> = text
                    .split('\n')
                    .enumerate()
                    .map(|(k, t)| CodeLine {
                        text: t.trim_end().to_string(),
                        line: first + k as u32,
                    })
                    .collect();
                let end = lines.last().map(|l| l.line).unwrap_or(pre_line);
                let span = Span {
                    start: pre_line,
                    end,
                };
                out.blocks.push(Block::Code(CodeBlock {
                    pieces: vec![CodePiece { lines, span }],
                    span,
                }));
            }
            Node::Element(el) => {
                if matches!(el.name(), "br" | "p" | "div" | "li") && !out.text.is_empty() {
                    out.text.push(' ');
                }
                for child in node.children() {
                    self.html_node(child, line_of, out);
                }
            }
            _ => {
                for child in node.children() {
                    self.html_node(child, line_of, out);
                }
            }
        }
    }
}

/// Paragraphs, tables and code read from an HTML fragment.
#[derive(Default)]
struct HtmlOut {
    blocks: Vec<Block>,
    text: String,
    line: u32,
}

impl HtmlOut {
    fn flush_line(&mut self) {
        let text = one_line(&self.text);
        if !text.is_empty() {
            self.blocks.push(Block::Paragraph(Paragraph {
                text,
                line: self.line,
            }));
        }
        self.text.clear();
    }
}

fn block_line(block: &Block) -> u32 {
    match block {
        Block::Paragraph(p) => p.line,
        Block::Table(t) => t.span.start,
        Block::Code(c) => c.span.start,
    }
}

/// A `<table>`: the first row is the header (the docs' tables all have one, in `<th>` or
/// `<td>`); rows narrower or wider than it are fitted, as in the text front-end.
fn html_table<'t>(
    table: ego_tree::NodeRef<'t, Node>,
    line_of: &dyn Fn(ego_tree::NodeRef<'t, Node>) -> u32,
) -> Table {
    let mut rows: Vec<Row> = Vec::new();
    for node in table.descendants() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        if el.name() != "tr" {
            continue;
        }
        let cells: Vec<String> = node
            .children()
            .filter(|c| matches!(c.value(), Node::Element(e) if matches!(e.name(), "td" | "th")))
            .map(|c| one_line(&subtree_text(c, " ")))
            .collect();
        if cells.is_empty() {
            continue;
        }
        rows.push(Row {
            cells,
            line: line_of(node),
        });
    }
    let start = line_of(table);
    if rows.is_empty() {
        return Table {
            header: Vec::new(),
            header_line: start,
            rows,
            span: Span { start, end: start },
        };
    }
    let header = rows.remove(0);
    let width = header.cells.len();
    for row in &mut rows {
        super::text::fit_cells(&mut row.cells, width);
    }
    let end = rows.last().map(|r| r.line).unwrap_or(header.line);
    Table {
        header: header.cells,
        header_line: header.line,
        rows,
        span: Span {
            start: header.line,
            end: end.max(header.line),
        },
    }
}

/// The text below a node; `<br>` becomes `br`.
fn subtree_text(node: ego_tree::NodeRef<'_, Node>, br: &str) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        match d.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) if e.name() == "br" => out.push_str(br),
            _ => {}
        }
    }
    out
}

/// Inline pieces as text: inline HTML is read by scraper for its text (`<a>` keeps its text,
/// `<br/>` is a space, `<font>` goes).
fn inline_text(pieces: &[Piece]) -> String {
    if !pieces.iter().any(|p| matches!(p, Piece::Html(_))) {
        return pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) | Piece::Html(t) => t.as_str(),
            })
            .collect();
    }
    let mut html = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => {
                for c in t.chars() {
                    match c {
                        '&' => html.push_str("&amp;"),
                        '<' => html.push_str("&lt;"),
                        '>' => html.push_str("&gt;"),
                        c => html.push(c),
                    }
                }
            }
            Piece::Html(h) => html.push_str(h),
        }
    }
    let fragment = Html::parse_fragment(&html);
    subtree_text(fragment.tree.root(), " ")
}

/// The text of the cells of a pipe row's line past the first `width` (cells split at unescaped
/// `|`, as GFM splits them), when there is any.
fn surplus_cells(line: &str, width: usize) -> Option<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = match t.strip_suffix('|') {
        Some(inner) if !inner.ends_with('\\') => inner,
        _ => t,
    };
    let mut cells = vec![String::new()];
    let mut escaped = false;
    for c in t.chars() {
        if c == '|' && !escaped {
            cells.push(String::new());
        } else if let Some(cell) = cells.last_mut() {
            cell.push(c);
        }
        escaped = c == '\\' && !escaped;
    }
    if width == 0 || cells.len() <= width {
        return None;
    }
    let rest = crate::doc::clean::plain_text(&cells[width..].join(" "));
    let rest = rest.trim();
    (!rest.is_empty()).then(|| rest.to_string())
}

/// Folds the whitespace of a cell or a line into single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads pages given as (path, text) into a Document, and its diagnostics.
    fn read(pages: &[(&str, &str)]) -> (Document, Diagnostics) {
        let pages: Vec<PageFile> = pages
            .iter()
            .map(|(name, text)| PageFile {
                name: name.to_string(),
                text: text.to_string(),
            })
            .collect();
        let (text, files) = join_pages(&pages);
        let mut diags = Diagnostics::new("docs");
        let doc = parse("docs", &text, &files, &mut diags);
        (doc, diags)
    }

    fn tables(section: &Section) -> Vec<&Table> {
        section.tables().collect()
    }

    #[test]
    fn the_title_is_the_file_name_and_the_groups_its_folders() {
        let (doc, _) = read(&[
            (
                "私有网络相关接口/创建私有网络.md",
                "## 1. 接口描述\n本接口(CreateVpc)用于创建。\n",
            ),
            ("子网相关接口/创建子网_intl.md", "## 1. API Description\n"),
        ]);
        assert_eq!(doc.sections[0].title, "创建私有网络");
        assert_eq!(doc.sections[0].groups, ["私有网络相关接口"]);
        assert_eq!(doc.sections[1].title, "创建子网");
        // The second page's lines follow the first's: 3 lines (the last one empty), then its own.
        assert_eq!(doc.sections[1].span.start, 4);
        assert_eq!(doc.locate(5), Some(("子网相关接口/创建子网_intl.md", 2)));
        assert_eq!(doc.locate(2), Some(("私有网络相关接口/创建私有网络.md", 2)));
    }

    #[test]
    fn paragraphs_are_one_a_line_and_inline_html_keeps_its_text() {
        let (doc, _) = read(&[(
            "a.md",
            "## 1. 接口描述\n本接口(AddDnaptRule)用于添加\n接口请求域名：<font style=\"color:red\">vpc.api.qcloud.com</font>\n\n- 详见<a href=\"x\">VPC使用限制</a>,如需<br/>扩充\n",
        )]);
        let texts: Vec<(&str, u32)> = doc.sections[0]
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => (p.text.as_str(), p.line),
                _ => ("?", 0),
            })
            .collect();
        assert_eq!(
            texts,
            [
                ("1. 接口描述", 1),
                ("本接口(AddDnaptRule)用于添加", 2),
                ("接口请求域名：vpc.api.qcloud.com", 3),
                ("- 详见VPC使用限制,如需 扩充", 5),
            ]
        );
    }

    #[test]
    fn tds_that_never_close_are_closed_as_browsers_do() {
        let page = "## 4. 错误码\n <table class=\"t\"><tbody><tr>\n<th><b>错误码数值</b></th>\n<th><b>原因</b></th>\n<tr>\n<td> 29257 <td> 后台错误，请求失败。\n<tr>\n<td> 29258 <td> 引用资源不存在。\n</tbody></table>\n";
        let (doc, diags) = read(&[("a.md", page)]);
        assert_eq!(diags.items(), &[]);
        let t = tables(&doc.sections[0]);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].header, ["错误码数值", "原因"]);
        let rows: Vec<(&str, &str, u32)> = t[0]
            .rows
            .iter()
            .map(|r| (r.cells[0].as_str(), r.cells[1].as_str(), r.line))
            .collect();
        assert_eq!(
            rows,
            [
                ("29257", "后台错误，请求失败。", 5),
                ("29258", "引用资源不存在。", 7)
            ]
        );
    }

    #[test]
    fn request_urls_in_pre_are_code_with_their_lines() {
        let page = "## 5. 示例\n输入\n<pre>\n  https://vpc.api.qcloud.com/v2/index.php?Action=CreateVpc\n  &<<a href=\"https://cloud.tencent.com/doc/api/229/6976\">公共请求参数</a>>\n  &vpcName=bbbtest\n</pre>\n输出\n```\n{\"code\": 0}\n```\n";
        let (doc, diags) = read(&[("a.md", page)]);
        assert_eq!(diags.items(), &[]);
        let codes: Vec<&CodeBlock> = doc.sections[0]
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Code(c) => Some(c),
                _ => None,
            })
            .collect();
        assert_eq!(codes.len(), 2);
        let lines: Vec<(&str, u32)> = codes[0]
            .lines()
            .map(|l| (l.text.trim(), l.line))
            .filter(|(t, _)| !t.is_empty())
            .collect();
        assert_eq!(
            lines,
            [
                (
                    "https://vpc.api.qcloud.com/v2/index.php?Action=CreateVpc",
                    4
                ),
                ("&<公共请求参数>", 5),
                ("&vpcName=bbbtest", 6),
            ]
        );
        assert_eq!(
            codes[1].lines().next().map(|l| (l.text.as_str(), l.line)),
            Some(("{\"code\": 0}", 10))
        );
    }

    #[test]
    fn types_as_links_and_rows_over_two_lines_are_read_as_the_docs_mean() {
        let page = "## 3. Output Parameters\n\n| Parameter Name | Type | Description |\n|---|---|---|\n| Subnet | [Subnet](/document/api/215/##Subnet) | Subnet object. |\n| peerVpcId | String | 可通过 [DescribeVpcEx 接口](http://x)\n 查询 |\n| code | Int | 错误码 |\n**data数组：**\n\n";
        let (doc, _) = read(&[("a.md", page)]);
        let blocks = &doc.sections[0].blocks;
        let Block::Table(t) = &blocks[1] else {
            panic!("{blocks:?}")
        };
        let cells: Vec<Vec<&str>> = t
            .rows
            .iter()
            .map(|r| r.cells.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            cells,
            [
                vec!["Subnet", "Subnet", "Subnet object."],
                vec!["peerVpcId", "String", "可通过 DescribeVpcEx 接口 查询"],
                vec!["code", "Int", "错误码"],
            ]
        );
        assert!(matches!(&blocks[2], Block::Paragraph(p) if p.text == "data数组：" && p.line == 9));
    }

    #[test]
    fn cells_past_the_header_are_joined_not_dropped() {
        let page =
            "| 错误码 | 描述 |\n|---|---|\n| A | 一 | 二 |\n| B | 三 | </li> |\n| C | 四\\|五 |\n";
        let (doc, diags) = read(&[("a.md", page)]);
        let t = tables(&doc.sections[0]);
        let cells: Vec<&str> = t[0].rows.iter().map(|r| r.cells[1].as_str()).collect();
        // Markup alone past the header (`</li>`) carries no text; an escaped pipe is no cell.
        assert_eq!(cells, ["一 二", "三", "四|五"]);
        assert_eq!(diags.warning_count(), 1);
        assert_eq!(diags.items()[0].line, 3);
    }

    #[test]
    fn an_unclosed_fence_is_reported_at_its_line() {
        let (doc, diags) = read(&[("a.md", "## 5. 示例\n\n```\n{\"code\": 0\n")]);
        assert!(matches!(
            doc.sections[0].blocks.last(),
            Some(Block::Code(_))
        ));
        assert_eq!(diags.warning_count(), 1);
        assert_eq!(diags.items()[0].line, 3);
    }

    #[test]
    fn conflict_copies_and_repeated_pages_are_skipped_with_a_note() {
        let page = "## 1. 接口描述\n本接口(DeleteVpc)用于删除。\n";
        let (doc, diags) = read(&[
            ("a/删除私有网络.md", page),
            ("a/删除私有网络(PC的冲突版本).md", page),
            ("b/删除私有网络.md", page),
            ("c/删除私有网络.md", "## 1. 接口描述\n另一版本。\n"),
        ]);
        let titles: Vec<(&str, &[String])> = doc
            .sections
            .iter()
            .map(|s| (s.title.as_str(), s.groups.as_slice()))
            .collect();
        assert_eq!(titles.len(), 2, "{titles:?}");
        assert_eq!(doc.sections[1].groups, ["c"]);
        let notes: Vec<&str> = diags.items().iter().map(|d| d.message.as_str()).collect();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(
            notes[0].contains("conflict copy") && notes[1].contains("repeats `a/删除私有网络.md`")
        );
        assert!(diags
            .items()
            .iter()
            .all(|d| d.severity == crate::diag::Severity::Info));
    }
}
