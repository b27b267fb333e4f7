//! The prose of an action's description part: what describes the action, and what is page
//! furniture (the host line, the rate-limit line, the API Explorer blurb, admonition markers).

use crate::diag::Diagnostics;
use crate::doc::clean::{plain_text, to_simplified};
use crate::doc::Block;

/// The start of today's rate-limit sentence, `默认接口请求频率限制：20次/秒。`.
const RATE_LIMIT: &str = "默认接口请求频率限制";

/// Paragraphs of the API Explorer blurb every page of today's edition carries.
const BLURB: [&str; 3] = ["推荐使用 API Explorer", "点击调试", "API Explorer 提供了"];

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
        if simplified.contains("域名") || BLURB.iter().any(|b| simplified.contains(b)) {
            continue;
        }
        if let Some(rest) = simplified.trim().strip_prefix(RATE_LIMIT) {
            out.rate_limit = per_second(rest);
            if out.rate_limit.is_none() {
                diags.warn(
                    p.line,
                    format!(
                        "{action}: rate limit `{}` is not `N次/秒`; left out",
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

/// `：20次/秒。` → 20.
fn per_second(rest: &str) -> Option<u32> {
    let rest = rest.trim_start_matches(['：', ':', ' ']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = rest[digits.len()..].trim_start();
    if after.starts_with("次/秒") || after.starts_with("次每秒") {
        digits.parse().ok()
    } else {
        None
    }
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
