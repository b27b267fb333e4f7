//! Page parts: the numbered headings of an action page (`1. 接口描述`, `2. 输入参数`, …) split
//! it into parts that are read by what they are, never by position.

use crate::doc::clean::to_simplified;
use crate::doc::{Block, Section};

use super::vocabulary;

/// What a numbered heading of an action page introduces (the words are the vocabulary's).
pub(super) use super::vocabulary::PartKind as Part;

/// Reads a heading. Headings are numbered (`2. 输入参数`); a page without any numbered heading
/// uses the bare words instead (`请求参数`), which elsewhere label example parts.
pub(super) fn part_of_heading(text: &str, numbered_page: bool) -> Option<Part> {
    let t = to_simplified(text.trim());
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 && numbered_page {
        return None;
    }
    let rest = t[digits..].trim_start_matches(['.', '．', '、']).trim();
    vocabulary::part_of_words(rest)
}

/// A page's blocks grouped under its numbered headings.
pub(super) struct Parts<'a> {
    by_part: Vec<(Part, Vec<&'a Block>)>,
}

impl<'a> Parts<'a> {
    pub(super) fn of(section: &'a Section) -> Parts<'a> {
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

    pub(super) fn get(&self, part: Part) -> impl Iterator<Item = &'a Block> + '_ {
        self.by_part
            .iter()
            .filter(move |(p, _)| *p == part)
            .flat_map(|(_, b)| b.iter().copied())
    }

    pub(super) fn has(&self, part: Part) -> bool {
        self.by_part.iter().any(|(p, _)| *p == part)
    }
}
