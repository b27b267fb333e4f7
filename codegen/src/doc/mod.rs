//! The Document model: what a documentation front-end produces and the extractor reads.
//!
//! A document is a list of sections (one per page of the published docs: a title line followed by
//! its `最近更新时间` stamp). A section holds blocks: paragraphs, tables and code blocks. Every
//! node keeps the 1-based line span it came from, so that every later diagnostic can point at
//! the documentation.

pub mod clean;
pub mod markdown;
pub mod text;

use crate::spec::Span;

/// A parsed documentation file.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The file name used in diagnostics.
    pub file: String,
    /// Headings that group sections (from the tables of contents), in document order.
    pub group_headings: Vec<String>,
    pub sections: Vec<Section>,
    /// The page files of a document read from a folder of Markdown pages, in order: its lines
    /// are numbered as if the files stood one after the other, and [`Document::locate`] turns
    /// such a line back into the page file and its own line. Empty for a one-file document.
    pub files: Vec<DocFile>,
}

/// One page file of a folder document and the document lines it occupies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocFile {
    /// The path below the folder, `/`-separated (`私有网络相关接口/创建私有网络.md`).
    pub name: String,
    /// The document line of the file's first line.
    pub first_line: u32,
    /// How many lines the file has.
    pub lines: u32,
}

impl Document {
    /// The file (below the document's folder) and the line in it of a document line; `None`
    /// for a one-file document, or a line no file holds (0: not tied to a line).
    pub fn locate(&self, line: u32) -> Option<(&str, u32)> {
        locate(&self.files, line)
    }
}

/// [`Document::locate`] over a list of files.
pub fn locate(files: &[DocFile], line: u32) -> Option<(&str, u32)> {
    let at = files.partition_point(|f| f.first_line <= line);
    let file = files.get(at.checked_sub(1)?)?;
    (line < file.first_line + file.lines).then(|| (file.name.as_str(), line - file.first_line + 1))
}

/// One page of the documentation.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: String,
    /// The `最近更新时间` stamp, as written.
    pub updated: String,
    /// From the title line to the last line before the next section's group heading or title.
    pub span: Span,
    /// Group headings that stand between the previous section and this one, outermost first.
    pub groups: Vec<String>,
    pub blocks: Vec<Block>,
}

/// A block of a section.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
    Code(CodeBlock),
}

/// A run of text on one line.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub text: String,
    pub line: u32,
}

/// A table: header cells plus rows, possibly joined from several page-split pieces.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub header_line: u32,
    pub rows: Vec<Row>,
    pub span: Span,
}

/// A table row. Cells are trimmed; their count matches the header's.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<String>,
    pub line: u32,
}

/// One logical code block: the fences a page break split it into, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeBlock {
    pub pieces: Vec<CodePiece>,
    pub span: Span,
}

/// The text of one fence. Trailing spaces that the PDF dump adds are removed.
#[derive(Debug, Clone, PartialEq)]
pub struct CodePiece {
    pub lines: Vec<CodeLine>,
    pub span: Span,
}

/// A line of code with its doc line.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeLine {
    pub text: String,
    pub line: u32,
}

impl CodeBlock {
    /// All lines of all pieces, in order.
    pub fn lines(&self) -> impl Iterator<Item = &CodeLine> {
        self.pieces.iter().flat_map(|p| p.lines.iter())
    }
}

impl Table {
    /// The index of the first column whose normalised header is one of `names`.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.header
            .iter()
            .position(|h| names.contains(&clean::to_simplified(h).as_str()))
    }
}

impl Section {
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }
}
