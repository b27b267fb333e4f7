//! The prose of an action's description part: what describes the action, and what is page
//! furniture (the host line, the rate-limit line, the API Explorer blurb, admonition markers).

use crate::diag::Diagnostics;
use crate::doc::clean::{plain_text, to_simplified};
use crate::doc::Block;

use super::vocabulary;

/// What the description part says.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct DescriptionPart {
    pub(super) description: String,
    /// Requests per second.
    pub(super) rate_limit: Option<u32>,
}

pub(super) fn read_description<'a>(
    blocks: impl Iterator<Item = &'a Block>,
    action: &str,
    diags: &mut Diagnostics,
) -> DescriptionPart {
    let mut out = DescriptionPart::default();
    let mut paragraphs = Vec::new();
    for block in blocks {
        let Block::Paragraph(p) = block else { continue };
        let simplified = to_simplified(&p.text);
        if is_host_sentence(&simplified)
            || vocabulary::any(|l| l.blurb)
                .iter()
                .any(|b| simplified.contains(b))
        {
            continue;
        }
        if let Some(limit) = vocabulary::rate_limit(&simplified) {
            out.rate_limit = limit;
            if out.rate_limit.is_none() {
                diags.warn(
                    p.line,
                    format!(
                        "{action}: rate limit `{}` states no number of requests per second; left out",
                        p.text.trim()
                    ),
                );
            }
            continue;
        }
        // `>?` and `>!` open the docs site's note and warning boxes; a lone `>` closes one.
        let text = p.text.trim();
        let text = text
            .strip_prefix(">?")
            .or_else(|| text.strip_prefix(">!"))
            .unwrap_or(text)
            .trim_start_matches('>')
            .trim();
        if text.is_empty() {
            continue;
        }
        paragraphs.push(plain_text(text));
    }
    out.description = paragraphs.join("\n");
    out
}

/// Whether a paragraph is the host sentence (`接口请求域名：…`, `Domain name for API request: …`).
pub(super) fn is_host_sentence(simplified: &str) -> bool {
    vocabulary::any(|l| l.host_markers)
        .iter()
        .any(|m| simplified.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Paragraph;

    fn paragraphs(texts: &[&str]) -> Vec<Block> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                Block::Paragraph(Paragraph {
                    text: t.to_string(),
                    line: i as u32 + 1,
                })
            })
            .collect()
    }

    #[test]
    fn todays_furniture_is_dropped_and_the_rate_limit_kept() {
        let blocks = paragraphs(&[
            "接口请求域名： vpc.tencentcloudapi.com 。",
            "本接口（DescribeVpcs）用于查询私有网络列表。",
            "默认接口请求频率限制：100次/秒。",
            "推荐使用 API Explorer",
            "[点击调试](#)",
            "API Explorer 提供了在线调用、签名验证、SDK 代码生成和快速检索接口等能力。",
            ">?本接口为异步接口，可调用 [DescribeVpcTaskResult](#) 接口查询任务执行结果。",
            ">",
        ]);
        let mut diags = Diagnostics::new("t");
        let part = read_description(blocks.iter(), "DescribeVpcs", &mut diags);
        assert_eq!(part.rate_limit, Some(100));
        assert_eq!(
            part.description,
            "本接口（DescribeVpcs）用于查询私有网络列表。\n本接口为异步接口，可调用 DescribeVpcTaskResult 接口查询任务执行结果。"
        );
        assert_eq!(diags.items().len(), 0);
    }

    #[test]
    fn an_unreadable_rate_limit_is_reported() {
        let blocks = paragraphs(&["默认接口请求频率限制：视地域而定。"]);
        let mut diags = Diagnostics::new("t");
        let part = read_description(blocks.iter(), "X", &mut diags);
        assert_eq!(part.rate_limit, None);
        assert_eq!(diags.warning_count(), 1);
    }
}
