//! The filter names a `Filters` member's description documents.
//!
//! Two editions of the docs, two forms, often mixed in one cell:
//! - 2018 (and still most of today's): `vpc-name - String - （过滤条件）VPC实例名称。`, optionally
//!   with `是否必填：否 -` before the text;
//! - today's shorter bullets: `• vpc-name：VPC实例名称，支持模糊查询。` (the value type, when
//!   given, as `类型：Boolean`; String otherwise).
//!
//! A name is lowercase ASCII letters, digits and `-._:` (`association.main`, `tag:tag-key`),
//! starting with a letter and not glued to a preceding name character. Anything else in the cell
//! (limits, notes, examples) is ignored; a name listed twice keeps its first entry.

use crate::spec::{FilterSpec, FilterType};

/// Reads the filters of one `Filters` description; `line` is the member's doc line.
pub fn parse_filters(description: &str, line: u32) -> Vec<FilterSpec> {
    let chars: Vec<(usize, char)> = description.char_indices().collect();
    // (start of the entry, end of its head, name, type given in the head)
    let mut heads: Vec<(usize, usize, String, Option<FilterType>)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        // Inside the head just read (its type word, `- String -`) no name starts: entries
        // follow each other.
        if heads.last().is_some_and(|head| start < head.1) {
            i += 1;
            continue;
        }
        // Inside a word (`OriginalIp`, `vpc2`) no name starts.
        let glued =
            i > 0 && (is_name_char(chars[i - 1].1) || chars[i - 1].1.is_ascii_alphanumeric());
        if glued {
            i += 1;
            continue;
        }
        if c.is_ascii_uppercase() {
            // The private NAT gateway pages name filters after members (`VpcId - String - …`):
            // a capitalised word is a name only with a typed head, where it cannot be prose.
            let mut j = i;
            while j < chars.len() && chars[j].1.is_ascii_alphanumeric() {
                j += 1;
            }
            let end = byte_at(&chars, j, description.len());
            if let Some((ty, head_len)) = typed_head(&description[end..]) {
                heads.push((
                    start,
                    end + head_len,
                    description[start..end].to_string(),
                    Some(ty),
                ));
            }
            i = j;
            continue;
        }
        if !c.is_ascii_lowercase() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && is_name_char(chars[j].1) {
            j += 1;
        }
        // Names end with a letter or digit.
        while j > i && !chars[j - 1].1.is_ascii_alphanumeric() {
            j -= 1;
        }
        let name = &description[start..byte_at(&chars, j, description.len())];
        let after = &description[byte_at(&chars, j, description.len())..];
        if let Some((ty, head_len)) = typed_head(after) {
            heads.push((
                start,
                byte_at(&chars, j, description.len()) + head_len,
                name.to_string(),
                Some(ty),
            ));
        } else if bulleted(&chars, i) || after_sentence(&chars, i) {
            // Untyped heads: `• name：…`, `• name - …`, or (today's cells that lost their
            // bullets) `。 name - …`; a colon only after a bullet, where it cannot be prose.
            let head = if bulleted(&chars, i) {
                colon_head(after).or_else(|| dash_head(after))
            } else {
                dash_head(after)
            };
            if let Some(head_len) = head {
                heads.push((
                    start,
                    byte_at(&chars, j, description.len()) + head_len,
                    name.to_string(),
                    None,
                ));
            }
        }
        i = j.max(i + 1);
    }

    let mut filters: Vec<FilterSpec> = Vec::new();
    for (index, (_, head_end, name, ty)) in heads.iter().enumerate() {
        let end = heads
            .get(index + 1)
            .map_or(description.len(), |next| next.0);
        let text = &description[*head_end..end];
        if filters.iter().any(|filter| &filter.name == name) {
            continue;
        }
        // Where no type is printed, a filter the docs describe as 是否… (whether …) takes
        // true/false; any other takes text.
        let ty = ty.or_else(|| stated_type(text)).unwrap_or_else(|| {
            if clean(text).starts_with("是否") {
                FilterType::Boolean
            } else {
                FilterType::String
            }
        });
        filters.push(FilterSpec {
            name: name.clone(),
            ty,
            description: clean(text),
            line,
        });
    }
    filters
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.' | '_' | ':')
}

fn byte_at(chars: &[(usize, char)], index: usize, len: usize) -> usize {
    chars.get(index).map_or(len, |(byte, _)| *byte)
}

/// Whether the name at `index` follows a bullet (`•`), spaces aside.
fn bulleted(chars: &[(usize, char)], index: usize) -> bool {
    chars[..index]
        .iter()
        .rev()
        .find(|(_, c)| !c.is_whitespace())
        .is_some_and(|(_, c)| *c == '•')
}

/// ` - String - ` after a name: the type and the length of that head. Some of today's cells
/// drop the first dash (`user-uin String - （过滤条件）…`).
fn typed_head(after: &str) -> Option<(FilterType, usize)> {
    let rest = after.trim_start();
    let rest = rest.strip_prefix('-').unwrap_or(rest).trim_start();
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphabetic() || *c == ' ')
        .collect();
    let word = word.trim_end();
    let ty = filter_type(word.split(' ').next().unwrap_or_default())?;
    let rest = rest[word.len()..].trim_start();
    let rest = rest.strip_prefix('-')?;
    Some((ty, after.len() - rest.len()))
}

/// `：` (or `:`) after a bulleted name.
fn colon_head(after: &str) -> Option<usize> {
    let trimmed = after.trim_start();
    let rest = trimmed
        .strip_prefix('：')
        .or_else(|| trimmed.strip_prefix(':'))?;
    Some(after.len() - rest.len())
}

/// ` - ` after a name, with no type: `address-template-name - IP地址模板名称。`.
fn dash_head(after: &str) -> Option<usize> {
    let rest = after.trim_start().strip_prefix('-')?;
    // `a - b` ranges of numbers and `--` options are not heads.
    if rest.starts_with('-') || rest.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(after.len() - rest.len())
}

/// Whether the name at `index` starts a sentence: at the start, or after `。`, `；`, `：` or
/// `>` (spaces aside).
fn after_sentence(chars: &[(usize, char)], index: usize) -> bool {
    chars[..index]
        .iter()
        .rev()
        .find(|(_, c)| !c.is_whitespace())
        .is_none_or(|(_, c)| matches!(c, '。' | '；' | '：' | '>'))
}

fn filter_type(word: &str) -> Option<FilterType> {
    match word {
        "String" | "string" | "Array" => Some(FilterType::String),
        "Boolean" | "Bool" | "boolean" => Some(FilterType::Boolean),
        "Integer" | "Int" | "integer" | "Uint64" | "Int64" => Some(FilterType::Integer),
        _ => None,
    }
}

/// `类型：Boolean` in the text of a bulleted entry.
fn stated_type(text: &str) -> Option<FilterType> {
    let start = text.find("类型：")? + "类型：".len();
    let word: String = text[start..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    filter_type(&word)
}

/// The entry's text without the docs' markers (`是否必填：否 -`, `（过滤条件）`) and bullets.
fn clean(text: &str) -> String {
    let mut text = text.trim();
    loop {
        let before = text;
        for marker in [
            "是否必填：否",
            "是否必填：是",
            "-",
            "（过滤条件）",
            "(过滤条件)",
        ] {
            text = text.strip_prefix(marker).unwrap_or(text).trim_start();
        }
        if text == before {
            break;
        }
    }
    let text = text.trim_end_matches(['•', ' ']).trim();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `Filters` cells of a document the fuzzer (`doc_parser`) made panic: a head found
    /// inside the head before it (`byte range starts at 366 but ends at 362`).
    #[test]
    fn heads_never_overlap_on_fuzzed_cells() {
        for cell in [
            "过滤条件，参数不支持同时指定NetworkInterfaceIds和Filters。 <ul style=\"list-style-type: none\"> vpc-id - String - （过滤条价）VPC实例ID，形如：vpc-f49l6u0z。 subnet-id - String - （过滤条件）所属子网实例ID，形如：subnet-f49l6u0z。 network-interface-id - String - （过滤条件）弹性网卡实例ID，形如：eni-5k56k7k7。 attachment.instance-id - String - （过滤条件）绑定的云服务器实例ID，形如：ins-3nqpdn3i。 groups.security-group-id - String - （过滤条件）绑定的安全组实例ID，例如：sg-f9ekbxeg。 network-interface-name - String - （过滤条件）网卡实例名称。 network-interface-description - String - （过滤条eIds和Filters。",
            "过滤条件，参数不支持同时指定NetworkInterfaceIds和Filters。 <ul style=\"list-style-type: none\"> vpc-id - String - （过滤条件）VPC实例ID，形如：vpc-f49l6u0z。 subnet-id - String - （过滤条件）所属子网实例ID，形如：subnet-f49l6u0z。 network-interface-id - String - （过滤条件）弹性网卡实例ID，形如：eni-5k56k7k7。 attachment.instancArray ofe-id - String - （过滤条件）绑定的云服务器实例ID，形如：ins-3nqpdn3i。 groups.security-group-id - String - （过滤条件）绑定的安全组实例ID，例如：sg-f9ekbxeg。 network-interface-name - String - （过滤条件）网卡实例名称。 network-interface-description - String - （过滤条件）网卡实例描述近更新时间：2018-06-14 15:07:33",
            "过滤条件，参数不支持同时指定NetworkInterfaceIds和Filters。 <ul style=\"list-style-type: none\"> vpc-id - String - （过滤条件）VPC实例ID，形如：vpc-f49l6u0z。 subnet-id - String - （过滤条件）所属子网实例ID，形如：subnet-f49l6u0z。 network-interface-id - String - （过滤条件）弹性网卡实例ID，形如：eni-5k56k7k7。 attachment.instance-id - String - （过滤条件）绑定的云服务器实例ID，形如：ins-3nqpdn3i。 groups.security-group-id - String - （过滤条件）绑定的安全组实例ID，例如：sg-f9ekbxeg。 network-interface-name - String - （过滤条件）网卡实例名称。 network-interface-description - String - （过滤条eIds和Filters。",
            "过滤条件，参数不支持同时指定NetworkInterfaceIds和Filters。 <ul style=\"list-style-type: none\"> vpc-id - String - （过滤条件）VPC实例ID，形如：vpc-f49l6u0z。 subnet-id - String - （过滤条件）所属子网实例ID，形如：subnet-f49l6u0z。 network-interface-id - String - （过滤条件）弹性网卡实例ID，形如：eni-5k56k7k7。 attachment.instance-id - String - （过滤条件）绑定的云服务器实例ID，形如：ins-3nqpdn3i。 groups.security-group-id - String - （过滤条件）绑定的安全组实例ID，例如：sg-f9ekbxeg。 network-interface-name - String - （过滤条件）网卡实例名称。 network-interface-description - String - （过滤条件）网卡实例描述。",
        ] {
            let filters = parse_filters(cell, 1);
            assert!(filters.iter().all(|f| !f.name.is_empty()), "{filters:?}");
        }
    }

    #[test]
    fn capitalised_names_need_a_typed_head_and_no_name_starts_inside_a_word() {
        // DescribePrivateNatGatewayTranslationNatRules, today's edition.
        let cell = "过滤条件。 • OriginalIp - String - 转换规则源IP。 • TranslationIp - String - 转换IP。 • VpcId - String - 私网网关所在VpcId。 • Description - String - 转换规则描述";
        let names: Vec<String> = parse_filters(cell, 1).into_iter().map(|f| f.name).collect();
        assert_eq!(
            names,
            ["OriginalIp", "TranslationIp", "VpcId", "Description"]
        );
        // Prose capitals are no names.
        assert!(parse_filters("过滤条件。 VpcId 为私网网关所在的VPC。", 1).is_empty());
    }

    #[test]
    fn a_typed_head_may_lack_its_first_dash() {
        // DescribeVpcEndPointServiceWhiteList, today's edition.
        let cell = "过滤条件。 • user-uin String - （过滤条件）用户UIN。 • end-point-service-id String - （过滤条件）终端节点服务ID。";
        let filters = parse_filters(cell, 1);
        let names: Vec<&str> = filters.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["user-uin", "end-point-service-id"]);
        assert_eq!(filters[0].description, "用户UIN。");
    }

    #[test]
    fn todays_untyped_forms() {
        // DescribeAddressTemplates and DescribeServiceTemplates in today's edition.
        let bullets = "过滤条件。 • address-template-name - IP地址模板名称。 • address-template-id - IP地址模板实例ID，例如：ipm-mdunqeb6。 • address-ip - IP地址。";
        assert_eq!(
            names(&parse_filters(bullets, 1)),
            [
                ("address-template-name", FilterType::String),
                ("address-template-id", FilterType::String),
                ("address-ip", FilterType::String),
            ]
        );
        let bare = "过滤条件。 service-template-name - 协议端口模板名称。 service-template-id - 协议端口模板实例ID，例如：ppm-e6dy460g。 service-port- 协议端口。";
        let filters = parse_filters(bare, 1);
        assert_eq!(
            names(&filters),
            [
                ("service-template-name", FilterType::String),
                ("service-template-id", FilterType::String),
                ("service-port", FilterType::String),
            ]
        );
        assert_eq!(filters[2].description, "协议端口。");
        // `• is-default ：是否默认VPC。`: no type printed, a yes/no question.
        let vpcs = "支持的过滤条件如下： • vpc-name：VPC实例名称，支持模糊查询。 • is-default ：是否默认VPC。 • vpc-id ：VPC实例ID，例如：vpc-f49l6u0z。";
        assert_eq!(
            names(&parse_filters(vpcs, 1)),
            [
                ("vpc-name", FilterType::String),
                ("is-default", FilterType::Boolean),
                ("vpc-id", FilterType::String),
            ]
        );
        // Prose ranges are not filters.
        assert!(parse_filters("端口，支持 80-90 或 a-b - 1 范围。", 1).is_empty());
    }

    fn names(filters: &[FilterSpec]) -> Vec<(&str, FilterType)> {
        filters.iter().map(|f| (f.name.as_str(), f.ty)).collect()
    }

    #[test]
    fn the_2018_form() {
        let text = "过滤条件，参数不支持同时指定VpcIds和Filters。 vpc-name - String - （过滤条件）VPC实例名称。is-default - Boolean - （过滤条件）是否默认VPC。vpc-id - String - （过滤条件）VPC实例ID形如：vpc-f49l6u0z。cidr-block - String - （过滤条件）vpc的cidr。";
        let filters = parse_filters(text, 7);
        assert_eq!(
            names(&filters),
            [
                ("vpc-name", FilterType::String),
                ("is-default", FilterType::Boolean),
                ("vpc-id", FilterType::String),
                ("cidr-block", FilterType::String),
            ]
        );
        assert_eq!(filters[0].description, "VPC实例名称。");
        assert_eq!(filters[2].description, "VPC实例ID形如：vpc-f49l6u0z。");
        assert_eq!(filters[0].line, 7);
    }

    #[test]
    fn the_2018_form_with_bullets_and_required_markers() {
        let text = "每次请求的 Filters 的上限为10，Filter.Values 的上限为5。参数不支持同时指定 AddressIds 和 Filters。详细的过滤条件如下： • address-id - String - 是否必填：否 - (过滤条件)按照 EIP 的唯一 ID 过滤。EIP 唯一 ID 形如：eip-11112222。 • address-name - String - 是否必填：否 - (过滤条件)按照 EIP 名称过滤。不支持模糊过滤。";
        let filters = parse_filters(text, 1);
        assert_eq!(
            names(&filters),
            [
                ("address-id", FilterType::String),
                ("address-name", FilterType::String)
            ]
        );
        assert_eq!(
            filters[0].description,
            "按照 EIP 的唯一 ID 过滤。EIP 唯一 ID 形如：eip-11112222。"
        );
    }

    #[test]
    fn dotted_names_and_integer_values() {
        let text = "过滤条件。 route-table-id - String - （过滤条件）路由表实例ID。association.main - String - （过滤条件）是否主路由表。 project-id - Integer - （过滤条件）项目id。";
        assert_eq!(
            names(&parse_filters(text, 1)),
            [
                ("route-table-id", FilterType::String),
                ("association.main", FilterType::String),
                ("project-id", FilterType::Integer),
            ]
        );
    }

    /// From `tests/data/docs/vpc-api-3.0-current-excerpt.txt`, DescribeVpcs: both forms in one cell.
    #[test]
    fn todays_form_mixed_with_the_old_one() {
        let text = "过滤条件，不支持同时指定VpcIds和Filters参数。 支持的过滤条件如下： <ul style=\"list-style-type: none\">• vpc-name：VPC实例名称，支持模糊查询。• is-default ：是否默认VPC。• vpc-id ：VPC实例ID，例如：vpc-f49l6u0z。• cidr-block：VPC的CIDR。• tag-key ：按照标签键进行过滤，非必填参数。• tag:tag-key：按照标签键值对进行过滤，非必填参数。 其中 tag-key 请使用具体的标签键进行替换，可参考示例2。 **说明：**若同一个过滤条件（Filter）存在多个Values，则同一Filter下Values间的关系为逻辑或（OR）关系；若存在多个过滤条件（Filter），Filter之间的关系为逻辑与（AND）关系。• ipv6-cidr-block - String - （过滤条件）IPv6子网网段，形如: 2402:4e00:1717:8700::/64 。• isp-type - String - （过滤条件）运营商类型，形如: BGP 取值范围：'BGP'-默认, 'CMCC'-中国移动, 'CTCC'-中国电信, 'CUCC'-中国联通。• address-type - String - （过滤条件）IPv6 Cidr 的类型，精确匹配。GUA(全球单播地址), ULA(唯一本地地址)。";
        let filters = parse_filters(text, 1);
        let found: Vec<&str> = filters.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            found,
            [
                "vpc-name",
                "is-default",
                "vpc-id",
                "cidr-block",
                "tag-key",
                "tag:tag-key",
                "ipv6-cidr-block",
                "isp-type",
                "address-type"
            ]
        );
        assert_eq!(filters[0].description, "VPC实例名称，支持模糊查询。");
        assert_eq!(filters[1].description, "是否默认VPC。");
    }

    #[test]
    fn a_stated_type_in_todays_form() {
        let filters = parse_filters(
            "• is-default：是否默认VPC。类型：Boolean。• zone：可用区。",
            1,
        );
        assert_eq!(
            names(&filters),
            [
                ("is-default", FilterType::Boolean),
                ("zone", FilterType::String)
            ]
        );
    }

    #[test]
    fn a_name_glued_to_a_dash_and_no_filters_at_all() {
        // `public-ip-address- String -` (current excerpt, DescribeVpnGateways).
        let filters =
            parse_filters("• zone - String - （过滤条件）可用区。 • public-ip-address- String - （过滤条件）公网IP。", 1);
        assert_eq!(
            names(&filters),
            [
                ("zone", FilterType::String),
                ("public-ip-address", FilterType::String)
            ]
        );
        assert!(parse_filters(
            "过滤条件，详见下表：实例过滤条件表。每次请求的Filters的上限为10。",
            1
        )
        .is_empty());
        assert!(parse_filters("过滤器对象属性", 1).is_empty());
    }
}
