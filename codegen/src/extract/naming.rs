//! Action names: every source on a page that names its action casts a vote, and a
//! disagreement is reported with each dissenting source and line.

use std::collections::BTreeMap;

use crate::diag::Diagnostics;
use crate::doc::clean::{plain_text, to_simplified};
use crate::doc::{Block, Section};

use super::pairing::example_requests;
use super::tables::{member_columns, pseudo_row_value};
use super::vocabulary;

/// The source names of the votes that weigh on a tie.
const OVERVIEW: &str = "API overview table";
const ACTION_ROW: &str = "Action row";
const ACTION_FIELD: &str = "Action字段为 line";

/// Where an action's name was read, for the vote between a page's own sources.
#[derive(Debug, Clone)]
pub(super) struct NameEvidence {
    name: String,
    source: &'static str,
    line: u32,
}

pub(super) fn identifier_after(text: &str, marker: &str) -> Option<String> {
    let at = text.find(marker)? + marker.len();
    let rest = text[at..].trim_start_matches([' ', '(', '（', '`', ':', '：']);
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    (!name.is_empty() && name.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        .then_some(name)
}

pub(super) fn name_evidence(
    section: &Section,
    overview: &BTreeMap<String, String>,
) -> Vec<NameEvidence> {
    let mut out = Vec::new();
    for block in &section.blocks {
        match block {
            Block::Paragraph(p) => {
                let t = to_simplified(&p.text);
                let kinds: [(Vec<&str>, &'static str); 3] = [
                    (
                        vocabulary::any(|l| l.action_sentences),
                        "本接口(…) sentence",
                    ),
                    (vocabulary::any(|l| l.action_field), ACTION_FIELD),
                    (vocabulary::any(|l| l.action_label), "接口名 line"),
                ];
                for (markers, source) in kinds {
                    if let Some(n) = markers.iter().find_map(|m| identifier_after(&t, m)) {
                        out.push(NameEvidence {
                            name: n,
                            source,
                            line: p.line,
                        });
                    }
                }
            }
            Block::Table(t) => {
                if let Some(cols) = member_columns(t) {
                    for row in &t.rows {
                        let desc = cols
                            .description
                            .map(|i| plain_text(&row.cells[i]))
                            .unwrap_or_default();
                        if row.cells[cols.name].trim() != "Action" {
                            continue;
                        }
                        if let Some(value) = pseudo_row_value(&desc) {
                            if let Some(n) = identifier_after(&value, "") {
                                out.push(NameEvidence {
                                    name: n,
                                    source: ACTION_ROW,
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
            source: OVERVIEW,
            line: section.span.start,
        });
    }
    out
}

/// Decides an action's name from its page's sources, reporting any disagreement.
pub(super) fn decide_name(
    section: &Section,
    evidence: &[NameEvidence],
    diags: &mut Diagnostics,
) -> Option<String> {
    // On a tie, the page's statement of its `Action` parameter (the Action row, the
    // `Action字段为` line) decides, then the page's own text over the overview table of another
    // page: the sentence and example of a page copied from a sibling page keep the sibling's
    // name (CVM's 查看镜像分享信息), and a Markdown page may be titled like an older page the
    // overview lists (v2's 购买VPN网关.md).
    let mut votes: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for e in evidence {
        let v = votes.entry(e.name.as_str()).or_default();
        v.0 += 1;
        if e.source == ACTION_ROW || e.source == ACTION_FIELD {
            v.1 += 1;
        }
        if e.source != OVERVIEW {
            v.2 += 1;
        }
    }
    let (&winner, &(count, _, _)) = votes
        .iter()
        .max_by_key(|(name, n)| (n.0, n.1, n.2, std::cmp::Reverse(**name)))?;
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

/// Whether a table is an overview table (`接口名称`/`接口功能`).
pub(super) fn is_overview_table(table: &crate::doc::Table) -> bool {
    table
        .column(&vocabulary::any(|l| l.overview_name_columns))
        .is_some()
        && table
            .column(&vocabulary::any(|l| l.overview_title_columns))
            .is_some()
}

/// `接口名称/接口功能` or `接口功能/Action ID` overview tables: title → action name.
pub(super) fn overview_names(part: &[&Section]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for section in part {
        for table in section.tables() {
            let (Some(name_col), Some(title_col)) = (
                table.column(&vocabulary::any(|l| l.overview_name_columns)),
                table.column(&vocabulary::any(|l| l.overview_title_columns)),
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
