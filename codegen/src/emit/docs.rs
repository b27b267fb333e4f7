//! Rustdoc text from the documentation's descriptions.
//!
//! Descriptions arrive as cleaned plain text, but rustdoc reads Markdown, so the text is made inert
//! before it is emitted: square brackets (intra-doc links), angle brackets and ampersands (HTML),
//! backticks, asterisks and backslashes are escaped, bare URLs become autolinks, and every source
//! line becomes its own paragraph with its indentation removed, which rules out accidental code
//! blocks (rustdoc would compile them as doctests) and list continuations that clippy flags.
//! Characters that rustc or clippy reject in comments (bidirectional controls, invisible
//! characters, tabs, other control characters) are dropped or replaced by a space.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// A doc comment assembled from paragraphs.
#[derive(Debug, Default, Clone)]
pub(crate) struct Doc {
    paragraphs: Vec<String>,
}

impl Doc {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Adds Markdown written by the emitter itself (trusted, not escaped).
    pub(crate) fn markdown(mut self, markdown: impl Into<String>) -> Self {
        self.paragraphs.push(markdown.into());
        self
    }

    /// Adds documentation text, escaped; each non-blank line becomes a paragraph.
    pub(crate) fn text(mut self, text: &str) -> Self {
        self.paragraphs.extend(
            text.lines()
                .map(escape_line)
                .filter(|line| !line.is_empty()),
        );
        self
    }

    /// Adds documentation text, or `fallback` (Markdown) when the text is blank.
    pub(crate) fn text_or(self, text: &str, fallback: impl Into<String>) -> Self {
        if has_content(text) {
            self.text(text)
        } else {
            self.markdown(fallback)
        }
    }

    /// The member's documented example value (`示例值`), escaped like description text.
    pub(crate) fn example_value(self, value: Option<&str>) -> Self {
        match value.map(escape_line).filter(|v| !v.is_empty()) {
            Some(value) => self.markdown(format!("Example value from the docs: {value}")),
            None => self,
        }
    }

    /// One line of a bullet list; consecutive items form one list.
    pub(crate) fn bullet(mut self, markdown: impl Into<String>) -> Self {
        let item = format!("- {}", markdown.into());
        match self.paragraphs.last_mut() {
            Some(last) if last.starts_with("- ") => {
                last.push('\n');
                last.push_str(&item);
            }
            _ => self.paragraphs.push(item),
        }
        self
    }

    /// Outer doc attributes (`///`), one per line.
    pub(crate) fn outer(&self) -> TokenStream {
        self.lines()
            .map(|line| {
                let line = doc_literal(&line);
                quote!(#[doc = #line])
            })
            .collect()
    }

    /// Inner doc attributes (`//!`), one per line.
    pub(crate) fn inner(&self) -> TokenStream {
        self.lines()
            .map(|line| {
                let line = doc_literal(&line);
                quote!(#![doc = #line])
            })
            .collect()
    }

    fn lines(&self) -> impl Iterator<Item = String> + '_ {
        self.paragraphs
            .iter()
            .enumerate()
            .flat_map(|(i, paragraph)| {
                let separator = (i > 0).then(String::new);
                separator
                    .into_iter()
                    .chain(paragraph.lines().map(|line| format!(" {line}")))
            })
    }
}

/// A doc line as a raw string literal (`r#"…"#`). It prints the same `///` line as an escaped
/// one, but it is far cheaper to build and to read back: an escaped literal runs every Chinese
/// character through `escape_debug` and syn unescapes it again, which was a tenth of regen.
fn doc_literal(line: &str) -> Literal {
    // A raw string cannot hold a lone carriage return; cleaned doc text never has one.
    if line.contains('\r') {
        return Literal::string(line);
    }
    let mut hashes = String::new();
    while line.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{line}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| Literal::string(line))
}

/// Whether a description has anything worth showing once cleaned.
pub(crate) fn has_content(text: &str) -> bool {
    text.lines().any(|line| !escape_line(line).is_empty())
}

/// The first line of a description, escaped, for one-line summaries (empty if none).
pub(crate) fn first_line(text: &str) -> String {
    text.lines()
        .map(escape_line)
        .find(|line| !line.is_empty())
        .unwrap_or_default()
}

/// The lines of a description with characters that are not text dropped, trimmed, blank ones
/// left out; for string literals rather than Markdown.
pub(crate) fn plain_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| {
            line.chars()
                .filter_map(clean_char)
                .collect::<String>()
                .trim()
                .to_string()
        })
        .filter(|line| !line.is_empty())
        .collect()
}

/// A code span for an identifier-like string (wire names, error codes).
pub(crate) fn code(text: &str) -> String {
    if text.contains('`') {
        escape_line(text)
    } else {
        format!("`{text}`")
    }
}

/// Escapes one line of description text for Markdown.
fn escape_line(line: &str) -> String {
    let cleaned: String = line.chars().filter_map(clean_char).collect();
    let cleaned = cleaned.trim();
    let mut out = String::with_capacity(cleaned.len() + 8);
    let mut rest = cleaned;
    while !rest.is_empty() {
        if let Some(len) = url_len(rest) {
            out.push('<');
            out.push_str(&rest[..len]);
            out.push('>');
            rest = &rest[len..];
            continue;
        }
        let c = rest.chars().next().expect("rest is not empty");
        match c {
            '[' | ']' | '`' | '*' | '\\' | '_' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '#' if out.is_empty() => out.push_str("\\#"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Drops characters that must not reach a comment; whitespace-like ones become a space.
fn clean_char(c: char) -> Option<char> {
    match c {
        '\t' | '\u{a0}' | '\u{3000}' => Some(' '),
        // Bidirectional controls (rustc denies them in comments) and invisible characters.
        '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2069}'
        | '\u{feff}'
        | '\u{ad}' => None,
        c if c.is_control() => None,
        c => Some(c),
    }
}

/// The length of the URL `text` starts with, if it starts with one.
fn url_len(text: &str) -> Option<usize> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let end = text
        .find(|c: char| !c.is_ascii_graphic() || matches!(c, '<' | '>' | '"' | '`'))
        .unwrap_or(text.len());
    // Punctuation ending a sentence is not part of the URL.
    let url = text[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '\'']);
    (url.len() > "https://".len()).then_some(url.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_lines_read_back_unchanged_whatever_quotes_they_hold() {
        for line in [
            " 私有网络ID，形如：vpc-f49l6u0z。",
            r###" He said "hi" and "#tag"##, a \ backslash"###,
            " a lone \r carriage return",
            "",
        ] {
            let literal = doc_literal(line);
            let parsed: syn::LitStr = syn::parse2(quote!(#literal)).expect("a string literal");
            assert_eq!(parsed.value(), line, "{literal}");
        }
        assert_eq!(doc_literal(" plain").to_string(), "r\" plain\"");
        assert_eq!(doc_literal(" \"#x\"").to_string(), r###"r##" "#x""##"###);
    }

    #[test]
    fn markdown_and_html_are_made_inert() {
        assert_eq!(
            escape_line("取值见[公共错误码](#) <ul><li>a_b</li></ul> & `x` *y*"),
            r"取值见\[公共错误码\](#) &lt;ul&gt;&lt;li&gt;a\_b&lt;/li&gt;&lt;/ul&gt; &amp; \`x\` \*y\*"
        );
        assert_eq!(escape_line("# not a heading"), r"\# not a heading");
        assert_eq!(escape_line("a # b"), "a # b");
    }

    #[test]
    fn bare_urls_become_autolinks_without_trailing_punctuation() {
        assert_eq!(
            escape_line("见 https://cloud.tencent.com/document/api/215/1396。"),
            "见 <https://cloud.tencent.com/document/api/215/1396>。"
        );
        assert_eq!(
            escape_line("see https://a.example/x?y=1&z=2."),
            "see <https://a.example/x?y=1&z=2>."
        );
        assert_eq!(escape_line("http:// alone"), "http:// alone");
    }

    #[test]
    fn indentation_tabs_and_invisible_characters_are_removed() {
        assert_eq!(escape_line("    indented\tcode"), "indented code");
        assert_eq!(escape_line("a\u{200b}b\u{202e}c\u{7}"), "abc");
    }

    #[test]
    fn each_line_is_a_paragraph_and_bullets_group() {
        let doc = Doc::new()
            .text("first\n\n  second\n")
            .bullet("`A`")
            .bullet("`B`")
            .markdown("end");
        let lines: Vec<String> = doc.lines().collect();
        assert_eq!(
            lines,
            [" first", "", " second", "", " - `A`", " - `B`", "", " end"]
        );
    }

    #[test]
    fn blank_descriptions_fall_back() {
        assert!(!has_content(" \n\u{200b}\t"));
        let doc = Doc::new().text_or("\n", "The `VpcId` member.");
        assert_eq!(doc.lines().collect::<Vec<_>>(), [" The `VpcId` member."]);
        assert_eq!(first_line("\n  第一行\n第二行"), "第一行");
    }
}
