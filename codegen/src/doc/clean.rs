//! Cleaning of text found in cells and prose: inline HTML, Markdown links and emphasis, and the
//! Traditional Chinese spellings of the words the parser looks for.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use scraper::Html;

/// Maps the Traditional Chinese characters that occur in the section titles and table headers
/// this parser keys on to their Simplified forms. Other characters pass through unchanged.
pub fn to_simplified(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '參' => '参',
            '數' => '数',
            '稱' => '称',
            '選' => '选',
            '類' => '类',
            '錯' => '错',
            '誤' => '误',
            '碼' => '码',
            '輸' => '输',
            '時' => '时',
            '間' => '间',
            '響' => '响',
            '說' => '说',
            '範' => '范',
            '詳' => '详',
            '見' => '见',
            '僅' => '仅',
            '關' => '关',
            '業' => '业',
            '務' => '务',
            '邏' => '逻',
            '輯' => '辑',
            '請' => '请',
            '處' => '处',
            '規' => '规',
            '則' => '则',
            '創' => '创',
            '組' => '组',
            '須' => '须',
            '為' => '为',
            '該' => '该',
            '這' => '这',
            '個' => '个',
            '們' => '们',
            '與' => '与',
            '對' => '对',
            '網' => '网',
            '絡' => '络',
            _ => c,
        })
        .collect()
}

/// Turns a cell or paragraph that may hold inline HTML and Markdown into plain text.
///
/// HTML lists become `- item` lines; Markdown links keep their text; emphasis and inline code
/// keep their content. Whitespace is folded.
pub fn plain_text(raw: &str) -> String {
    let without_html = if raw.contains('<') && looks_like_html(raw) {
        html_to_text(raw)
    } else {
        raw.to_string()
    };
    let text = markdown_to_text(&without_html);
    fold_whitespace(&text)
}

fn looks_like_html(raw: &str) -> bool {
    // `<公共请求参数>` and `<https://…>` autolinks are not HTML; real tags start with an ASCII letter
    // or a slash.
    raw.match_indices('<').any(|(i, _)| {
        let rest = &raw[i + 1..];
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        matches!(
            name.as_str(),
            "ul" | "ol" | "li" | "br" | "p" | "b" | "i" | "a" | "div" | "span" | "strong" | "em"
        )
    })
}

fn html_to_text(raw: &str) -> String {
    let fragment = Html::parse_fragment(raw);
    let mut out = String::new();
    for node in fragment.tree.root().descendants() {
        match node.value() {
            scraper::Node::Text(text) => out.push_str(text),
            scraper::Node::Element(el) if matches!(el.name(), "li" | "br" | "p") => {
                out.push(' ');
            }
            _ => {}
        }
    }
    // The docs write list items as `• item` inside a `<ul>` with no `<li>`: keep the bullets
    // as separators.
    out.replace('•', " • ")
}

fn markdown_to_text(raw: &str) -> String {
    // Only inline constructs matter; parse line by line so that a leading `- ` or `1. ` in a cell
    // is kept as text rather than turned into a list.
    let mut out = String::new();
    let escaped = escape_block_markers(raw);
    for event in Parser::new(&escaped) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::Html(h) | Event::InlineHtml(h) => out.push_str(&h),
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => out.push(' '),
            _ => {}
        }
    }
    out
}

/// Escapes characters at the start of the text that Markdown would read as block structure.
fn escape_block_markers(raw: &str) -> String {
    let trimmed = raw.trim_start();
    let bullet = trimmed.starts_with('-')
        || trimmed.starts_with('#')
        || trimmed.starts_with('>')
        || trimmed.starts_with('+')
        || trimmed.starts_with('*') && !trimmed.starts_with("**");
    if bullet {
        return format!("\\{trimmed}");
    }
    // An ordered-list marker (`1.` or `1)`) is escaped at its delimiter.
    let digits = trimmed.chars().take_while(|c| c.is_ascii_digit()).count();
    match trimmed[digits..].chars().next() {
        Some(d @ ('.' | ')')) if digits > 0 => {
            format!("{}\\{d}{}", &trimmed[..digits], &trimmed[digits + 1..])
        }
        _ => trimmed.to_string(),
    }
}

/// Collapses runs of whitespace into one space and trims.
pub fn fold_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_list_in_cell_becomes_text() {
        let raw = "过滤条件。 <ul style=\"list-style-type: none\">vpc-id - String - (过滤条件) VPC实例ID。";
        assert_eq!(
            plain_text(raw),
            "过滤条件。 vpc-id - String - (过滤条件) VPC实例ID。"
        );
    }

    #[test]
    fn html_bullets_are_kept_as_separators() {
        let raw = "取值范围： <ul style=\"list-style-type: none\">• TRUE：分配。• FALSE：不分配。";
        assert_eq!(
            plain_text(raw),
            "取值范围： • TRUE：分配。 • FALSE：不分配。"
        );
    }

    #[test]
    fn markdown_links_and_emphasis_keep_their_text() {
        assert_eq!(
            plain_text("详见[公共请求参数](#)和**注意**以及`vpc.api.qcloud.com`"),
            "详见公共请求参数和注意以及vpc.api.qcloud.com"
        );
    }

    #[test]
    fn leading_list_markers_stay_text() {
        assert_eq!(plain_text("- 私有网络和基础网络"), "- 私有网络和基础网络");
        assert_eq!(plain_text("1) 用户可以创建"), "1) 用户可以创建");
    }

    #[test]
    fn placeholders_are_not_html() {
        assert_eq!(plain_text("&<公共请求参数>"), "&<公共请求参数>");
    }

    #[test]
    fn traditional_header_words_are_simplified() {
        assert_eq!(to_simplified("參數名稱"), "参数名称");
        assert_eq!(to_simplified("是否必選"), "是否必选");
        assert_eq!(to_simplified("錯誤碼"), "错误码");
        assert_eq!(to_simplified("類型"), "类型");
    }
}
