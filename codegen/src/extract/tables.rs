//! Table readers: member tables and error tables, read by header names, never by position.

use crate::diag::Diagnostics;
use crate::doc::clean::{plain_text, to_simplified};
use crate::doc::{Block, Section, Table};
use crate::spec::{ErrorCode, Member, Object, Span, TypeRef};

use super::members::{build_members, Direction, RawRow};
use super::types::{DocType, Vocabulary};
use super::vocabulary;
use super::Accounting;

/// Column positions of a member table.
pub(super) struct MemberColumns {
    pub(super) name: usize,
    pub(super) ty: usize,
    pub(super) required: Option<usize>,
    pub(super) description: Option<usize>,
}

pub(super) fn member_columns(table: &Table) -> Option<MemberColumns> {
    Some(MemberColumns {
        name: table.column(&vocabulary::any(|l| l.member_name_columns))?,
        ty: table.column(&vocabulary::any(|l| l.type_columns))?,
        required: table.column(&vocabulary::any(|l| l.required_columns)),
        description: table.column(&vocabulary::any(|l| l.description_columns)),
    })
}

pub(super) fn is_error_table(table: &Table) -> bool {
    table
        .column(&vocabulary::any(|l| l.error_code_columns))
        .is_some()
}

/// A row of an action's input table that restates a common parameter (`Action`, `Version`,
/// `Region`): not a member, but `Region`'s required flag says whether the action needs one.
#[derive(Debug, Clone)]
pub(super) struct CommonRow {
    pub(super) name: String,
    pub(super) required: bool,
}

/// Whose table is being read, for diagnostics and type spellings.
#[derive(Clone, Copy)]
pub(super) struct TableContext<'a> {
    pub(super) vocabulary: &'a Vocabulary,
    /// `action DescribeVpcs`, `object Vpc`, `the common parameters`.
    pub(super) owner: &'a str,
    /// Whether rows may restate common parameters (an action's input table).
    pub(super) restates_common: bool,
}

/// Reads the member rows of a table. Rows whose type cell is not a type are reported; a row
/// whose description column holds the type (the columns were swapped) is read with a warning.
pub(super) fn member_rows(
    table: &Table,
    ctx: TableContext<'_>,
    diags: &mut Diagnostics,
    common: &mut Vec<CommonRow>,
) -> Vec<RawRow> {
    let Some(cols) = member_columns(table) else {
        return Vec::new();
    };
    let vocabulary = ctx.vocabulary;
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
        if vocabulary.parse(ty_cell).is_none() && vocabulary.parse(desc_cell).is_some() {
            swapped.push(name.clone());
            std::mem::swap(&mut ty_cell, &mut desc_cell);
        }
        let (description, example) = split_example_value(&plain_text(desc_cell));
        // `-` states nothing (today's 公共参数 table gives `Region` so: it depends on the action).
        let mut required_unstated = false;
        let required = match cols.required.map(|i| to_simplified(cell(Some(i)).trim())) {
            None => false,
            Some(r) if vocabulary::required_mark(&r).is_some() => {
                vocabulary::required_mark(&r) == Some(true)
            }
            Some(r) if is_dash(&r) => {
                required_unstated = true;
                false
            }
            Some(r) => {
                diags.warn(
                    row.line,
                    format!(
                        "{}: required cell `{r}` of `{name}` is neither a yes nor a no mark (是/否, Yes/No); read as optional",
                        ctx.owner
                    ),
                );
                false
            }
        };
        if ctx.restates_common && is_common_row(&name, &description) {
            common.push(CommonRow { name, required });
            continue;
        }
        let Some(ty) = vocabulary.parse(ty_cell) else {
            diags.error(
                row.line,
                format!(
                    "{}: unknown type `{ty_cell}` for member `{name}`; if it is a new spelling of a known type, add a reviewed [[type]] entry to spec/overrides.toml",
                    ctx.owner
                ),
            );
            continue;
        };
        out.push(RawRow {
            path: name,
            ty,
            type_cell: ty_cell.trim().to_string(),
            required,
            required_unstated,
            description,
            example,
            line: row.line,
        });
    }
    if !swapped.is_empty() {
        diags.warn(
            table.header_line,
            format!(
                "{}: the rows under this header hold the description in the 类型 column and the type in the 描述 column; read swapped for: {}",
                ctx.owner,
                swapped.join(", ")
            ),
        );
    }
    out
}

/// A cell holding only a dash (ASCII, full-width or an em dash), the docs' "not stated".
fn is_dash(cell: &str) -> bool {
    matches!(cell, "-" | "－" | "—" | "–")
}

/// The marker today's edition ends a description with, before the member's example value.
/// (The English edition prints none.)
const EXAMPLE_VALUE: &str = "示例值：";

/// Splits `描述 示例值：vpc-3ptx9s8b` into the description and the example value. A value
/// printed twice (`示例值：a 示例值：a`) is one value.
pub(super) fn split_example_value(text: &str) -> (String, Option<String>) {
    let Some(at) = text.find(EXAMPLE_VALUE) else {
        return (text.to_string(), None);
    };
    let description = text[..at].trim_end().to_string();
    let mut value = text[at + EXAMPLE_VALUE.len()..].trim();
    if let Some((first, second)) = value.split_once(EXAMPLE_VALUE) {
        if first.trim() == second.trim() {
            value = first.trim();
        }
    }
    (description, Some(value.to_string()))
}

/// The Action, Version and Region rows of API 3.0 input tables restate common parameters
/// (`公共参数，本接口取值：…`, `公共参数，详见产品支持的 地域列表。`); they are not members.
pub(super) fn is_common_row(name: &str, description: &str) -> bool {
    let d = to_simplified(description);
    matches!(name, "Action" | "Version" | "Region")
        && vocabulary::starts_with_any(&d, &vocabulary::any(|l| l.common_row_prefixes))
}

/// The value an Action or Version row names for this page (`公共参数，本接口取值：CreateVpc` →
/// `：CreateVpc`), or `None` for any other row.
pub(super) fn pseudo_row_value(description: &str) -> Option<String> {
    let d = to_simplified(description);
    let rest = vocabulary::strip_any(d.trim(), &vocabulary::any(|l| l.pseudo_row_prefixes))?;
    Some(rest.to_string())
}

pub(super) fn error_rows(table: &Table, category: Option<&str>) -> Vec<ErrorCode> {
    let Some(code_col) = table.column(&vocabulary::any(|l| l.error_code_columns)) else {
        return Vec::new();
    };
    let desc_col = table.column(&vocabulary::any(|l| l.error_description_columns));
    let kind_col = table.column(&vocabulary::any(|l| l.error_kind_columns));
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

/// Reads the data-structure page: a name paragraph, a description paragraph, then the table.
pub(super) fn read_objects(
    section: &Section,
    vocabulary: &Vocabulary,
    diags: &mut Diagnostics,
) -> Vec<Object> {
    let mut out = Vec::new();
    let mut paragraphs: Vec<(&str, u32)> = Vec::new();
    for block in &section.blocks {
        match block {
            Block::Paragraph(p) => paragraphs.push((p.text.trim(), p.line)),
            Block::Table(table) => {
                // The first identifier after the previous table: a description may be one
                // word too (`ENI`).
                let name_at = paragraphs.iter().position(|(t, _)| {
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
                // `被如下接口引用：…` lists the actions using the structure: a cross-link, not a
                // description.
                let used_by = vocabulary::any(|l| l.used_by);
                let description = paragraphs[name_at + 1..]
                    .iter()
                    .filter(|(t, _)| !vocabulary::starts_with_any(&to_simplified(t), &used_by))
                    .map(|(t, _)| plain_text(t))
                    .collect::<Vec<_>>()
                    .join("\n");
                let owner = format!("object {name}");
                let ctx = TableContext {
                    vocabulary,
                    owner: &owner,
                    restates_common: false,
                };
                let rows = member_rows(table, ctx, diags, &mut Vec::new());
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
                    file: None,
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

/// The dotted path a sub-table caption names (`data.output 结构` → `data.output`), if any.
pub(super) fn caption_path(caption: &str) -> Option<String> {
    let path: String = caption
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '_')
        .collect();
    let rest = caption.trim()[path.len()..].trim();
    (path.contains('.')
        && vocabulary::starts_with_any(rest, &vocabulary::any(|l| l.structure_caption)))
    .then_some(path)
}

pub(super) type CaptionedObject = (String, Vec<Member>, Span);

/// Reads the member tables under an input or output heading. A table whose caption names a
/// type in parentheses that an earlier row uses (`包年包月 (ChargePrepaidObject) 相关参数`)
/// describes that type; every other table adds rows to the same tree.
pub(super) fn read_member_part<'a>(
    blocks: impl Iterator<Item = &'a Block>,
    ctx: TableContext<'_>,
    diags: &mut Diagnostics,
    accounting: &mut Accounting,
    common: &mut Vec<CommonRow>,
) -> (Vec<RawRow>, Vec<CaptionedObject>) {
    let mut rows: Vec<RawRow> = Vec::new();
    let mut captioned = Vec::new();
    let mut caption: Option<&str> = None;
    for block in blocks {
        match block {
            Block::Paragraph(p) => caption = Some(p.text.as_str()),
            Block::Table(table) if member_columns(table).is_some() => {
                let before = common.len();
                let mut table_rows = member_rows(table, ctx, diags, common);
                accounting.pseudo_rows += common.len() - before;
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
