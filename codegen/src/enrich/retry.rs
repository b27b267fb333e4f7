//! Which actions can be sent again after a failure that may have reached the service (a 5xx
//! answer, a timeout, a connection cut after the request went out) without doing their work
//! twice.
//!
//! Two things in the docs say so. An action that only reads: the verb its name starts with
//! (`DescribeVpcs`, `InquiryPriceCreateVpnGateway`, `CheckDefaultSubnet`) or, for a name whose
//! verb says nothing, a title that starts with a reading word (`查询`, `查看`, `获取`, `下载`) or
//! asks for a price (`…询价`). And an action with an idempotency token: an input string whose
//! description says `幂等` (`ClientToken`: `保证请求幂等性`), which the runtime fills once per
//! call so that every attempt carries the same token.
//!
//! Everything else (`Create*`, `Modify*`, `Delete*`, `RunVpnGw`, …) is not marked, and the
//! runtime repeats it only after failures that prove nothing was processed.

use crate::spec::{Action, RetrySafety, TypeRef};

/// Name verbs of actions that change nothing: they list, show, price, check or export.
const READ_ONLY_VERBS: &[&str] = &[
    "Describe", "Inquiry", "Inquire", "Get", "Check", "Query", "List", "Download",
];

/// Title openings with the same meaning, for names whose verb is not in the list.
const READ_ONLY_TITLE_OPENINGS: &[&str] = &["查询", "查看", "获取", "下载"];

/// Title endings of price enquiries (`创建VPN网关询价`).
const READ_ONLY_TITLE_ENDINGS: &[&str] = &["询价"];

/// The word the docs use for an idempotent request (`保证请求幂等性`).
const IDEMPOTENT: &str = "幂等";

/// The retry safety of `action`, read from its name, title and input members.
pub(crate) fn retry_safety(action: &Action) -> Option<RetrySafety> {
    let verb = name_verb(&action.name);
    if READ_ONLY_VERBS.contains(&verb) {
        return Some(RetrySafety::ReadOnly {
            reason: format!("name {verb}"),
        });
    }
    let title = action.title.trim();
    let read_title = READ_ONLY_TITLE_OPENINGS
        .iter()
        .find(|word| title.starts_with(*word))
        .or_else(|| {
            READ_ONLY_TITLE_ENDINGS
                .iter()
                .find(|word| title.ends_with(*word))
        });
    if let Some(word) = read_title {
        return Some(RetrySafety::ReadOnly {
            reason: format!("title {word}"),
        });
    }
    action
        .input
        .iter()
        .find(|member| member.ty == TypeRef::String && member.description.contains(IDEMPOTENT))
        .map(|member| RetrySafety::Token {
            member: member.name.clone(),
            reason: token_clause(&member.description),
        })
}

/// The leading capitalised word of a wire name: `Describe` of `DescribeVpcs`, `Eip` of
/// `EipBindNatGateway`.
fn name_verb(name: &str) -> &str {
    let end = name
        .char_indices()
        .skip(1)
        .find(|(_, c)| !c.is_ascii_lowercase())
        .map_or(name.len(), |(i, _)| i);
    &name[..end]
}

/// The clause of a token's description that says `幂等`, as the reason a reviewer reads.
fn token_clause(description: &str) -> String {
    description
        .split(['。', '；', ';', '，', ','])
        .find(|clause| clause.contains(IDEMPOTENT))
        .unwrap_or(description)
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Member;

    fn action(name: &str, title: &str, input: Vec<Member>) -> Action {
        Action {
            name: name.into(),
            title: title.into(),
            input,
            ..Action::default()
        }
    }

    fn string_member(name: &str, description: &str) -> Member {
        Member {
            name: name.into(),
            ty: TypeRef::String,
            required: false,
            required_unstated: false,
            description: description.into(),
            example: None,
            line: 1,
            doc_type: None,
        }
    }

    fn reason(safety: Option<RetrySafety>) -> String {
        match safety {
            Some(RetrySafety::ReadOnly { reason }) => format!("read-only: {reason}"),
            Some(RetrySafety::Token { member, reason }) => format!("token {member}: {reason}"),
            None => "unsafe".into(),
        }
    }

    #[test]
    fn read_only_by_name_verb() {
        // The 2018 edition's own names and titles.
        assert_eq!(
            reason(retry_safety(&action("DescribeVpcs", "查询VPC列表", vec![]))),
            "read-only: name Describe"
        );
        assert_eq!(
            reason(retry_safety(&action(
                "InquiryPriceCreateVpnGateway",
                "创建VPN网关询价",
                vec![]
            ))),
            "read-only: name Inquiry"
        );
        assert_eq!(
            reason(retry_safety(&action(
                "CheckDefaultSubnet",
                "预判默认子网是否可建",
                vec![]
            ))),
            "read-only: name Check"
        );
        // A verb is a whole word: `Getaway…` does not start with `Get`.
        assert_eq!(name_verb("GetawayCreate"), "Getaway");
        assert_eq!(name_verb("EipBindNatGateway"), "Eip");
    }

    #[test]
    fn read_only_by_title_when_the_name_says_nothing() {
        assert_eq!(
            reason(retry_safety(&action(
                "VpnPriceOf",
                "查询VPN网关价格",
                vec![]
            ))),
            "read-only: title 查询"
        );
        assert_eq!(
            reason(retry_safety(&action("PriceVpn", "续费VPN网关询价", vec![]))),
            "read-only: title 询价"
        );
    }

    #[test]
    fn token_from_the_description() {
        // Today's edition, `CreateVpcEndPoint`'s `ClientToken` row.
        let token = string_member(
            "ClientToken",
            "用于保证请求幂等性的字符串。该字符串由客户生成，需保证不同请求之间唯一，最大值不超过64个ASCII字符。若不指定该参数，则无法保证请求的幂等性。",
        );
        assert_eq!(
            reason(retry_safety(&action(
                "CreateVpcEndPoint",
                "创建终端节点",
                vec![string_member("VpcId", "私有网络ID。"), token]
            ))),
            "token ClientToken: 用于保证请求幂等性的字符串"
        );
    }

    #[test]
    fn writing_actions_are_not_marked() {
        for (name, title) in [
            ("CreateSecurityGroup", "创建安全组"),
            ("DeleteVpc", "删除VPC"),
            ("EipBindNatGateway", "NAT网关绑定EIP"),
            ("RunVpnGw", "购买 VPN 网关"),
        ] {
            let safety = retry_safety(&action(name, title, vec![string_member("x", "名称")]));
            assert_eq!(safety, None, "{name}");
        }
    }
}
