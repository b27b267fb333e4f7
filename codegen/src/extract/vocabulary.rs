//! The words the documentation is read by: one table per language.
//!
//! Every label the front-ends and the extractor look for (part headings, table headers,
//! required marks, common-parameter rows, example and error sections, page titles, the host
//! and rate-limit sentences) is a row here, never a string in the reading code. A reader
//! accepts the words of every language ([`any`]): the two never clash, and an edition that
//! mixes them (English pages under Chinese folder names) reads as one. Which language a
//! document is written in is decided by which table's part headings it uses ([`Language::of_headings`]).

use serde::{Deserialize, Serialize};

/// The language a document is written in.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Language {
    /// Simplified (or Traditional) Chinese: the docs' original language.
    #[default]
    #[serde(rename = "zh-CN")]
    Chinese,
    /// The international site's English edition.
    #[serde(rename = "en-US")]
    English,
}

impl Language {
    pub fn is_chinese(&self) -> bool {
        *self == Language::Chinese
    }

    /// The language whose part headings the given heading texts use most (Chinese on a tie:
    /// the original).
    pub fn of_headings<'a>(headings: impl Iterator<Item = &'a str>) -> Language {
        let mut counts = [0usize; 2];
        for h in headings {
            for (i, lexicon) in LEXICONS.iter().enumerate() {
                if lexicon.part_of(&heading_words(h)).is_some() {
                    counts[i] += 1;
                }
            }
        }
        if counts[1] > counts[0] {
            Language::English
        } else {
            Language::Chinese
        }
    }
}

/// What a part heading of an action page introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    Description,
    Input,
    Output,
    Errors,
    Examples,
    /// How to read the result of the task the action starts (`任务查询输出参数`).
    TaskQuery,
}

/// What a non-action page carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    DataStructures,
    CommonParams,
    /// Error codes every action may return, with the category the spec gives them. The
    /// category depends on the generation's layout, so it is looked up per generation.
    Errors(ErrorPage),
}

/// The error-code pages of each layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorPage {
    /// API 3.0's 返回结果 / Error Codes page: `common`.
    V3Common,
    /// API 3.0's 接口鉴权 page: `auth`.
    V3Auth,
    /// v2's 错误码 page: `public`.
    V2Public,
    /// v2's 签名方法 page: `auth`.
    V2Auth,
    /// v2's 私有网络错误码 page: `module`.
    V2Module,
}

/// A sentence that states a number: the text before it and the text after it.
#[derive(Debug, Clone, Copy)]
pub struct NumberSentence {
    pub before: &'static str,
    pub after: &'static [&'static str],
}

/// The words of one language.
#[derive(Debug)]
pub struct Lexicon {
    pub language: Language,
    /// Lines that stamp a page of a text dump, up to the date.
    pub update_stamps: &'static [&'static str],
    /// Every word a table header cell of the text dump may be.
    pub header_words: &'static [&'static str],
    pub parts: &'static [(&'static str, PartKind)],
    pub member_name_columns: &'static [&'static str],
    pub type_columns: &'static [&'static str],
    pub required_columns: &'static [&'static str],
    pub description_columns: &'static [&'static str],
    pub error_code_columns: &'static [&'static str],
    pub error_description_columns: &'static [&'static str],
    pub error_kind_columns: &'static [&'static str],
    /// `接口名称` / `API Name`: the overview table's action-name column.
    pub overview_name_columns: &'static [&'static str],
    /// `接口功能`: the overview table's page-title column.
    pub overview_title_columns: &'static [&'static str],
    pub required_yes: &'static [&'static str],
    pub required_no: &'static [&'static str],
    /// How the description of a row restating a common parameter starts.
    pub common_row_prefixes: &'static [&'static str],
    /// How a row naming this page's action or version starts, up to the value.
    pub pseudo_row_prefixes: &'static [&'static str],
    /// A line listing the actions that use a data structure (a cross-link, not a description).
    pub used_by: &'static [&'static str],
    /// The word after a dotted path that captions a sub-table (`data.output 结构`).
    pub structure_caption: &'static [&'static str],
    /// Sentences that name the page's action right after them (`本接口(CreateVpc)`).
    pub action_sentences: &'static [&'static str],
    /// `此接口的Action字段为CreateVpc`.
    pub action_field: &'static [&'static str],
    /// `接口名：DescribeVpcLimit`.
    pub action_label: &'static [&'static str],
    /// The word of the host sentence (`接口请求域名：vpc.tencentcloudapi.com`).
    pub host_markers: &'static [&'static str],
    pub rate_limit: &'static [NumberSentence],
    /// Paragraphs of the API Explorer blurb, page furniture.
    pub blurb: &'static [&'static str],
    /// How an example's title starts.
    pub example_title: &'static [&'static str],
    /// The placeholder for the common parameters in example requests.
    pub common_request_placeholder: &'static [&'static str],
    /// The value of a type cell that says there is nothing (`无`).
    pub no_type: &'static [&'static str],
    pub pages: &'static [(&'static str, PageKind)],
}

pub static CHINESE: Lexicon = Lexicon {
    language: Language::Chinese,
    update_stamps: &[
        "最近更新时间：",
        "最近更新時間：",
        "最近更新时间:",
        "最近更新時間:",
    ],
    header_words: &[
        "参数名称",
        "参数名",
        "参数",
        "名称",
        "属性",
        "类型",
        "描述",
        "说明",
        "是否必选",
        "必选",
        "错误码",
        "错误代码",
        "错误码数值",
        "错误描述",
        "错误类型",
        "原因",
        "接口名称",
        "接口功能",
        "Action ID",
        "功能描述",
        "中文",
        "参数值",
        "取值",
        "全称",
        "产品对象",
        "时间",
        "更新",
        "发布时间",
        "更新概要",
        "详细说明",
        "API版本",
        "接入地域",
        "域名",
        "特性类型",
    ],
    parts: &[
        ("接口描述", PartKind::Description),
        ("输入参数", PartKind::Input),
        ("请求参数", PartKind::Input),
        ("输出参数", PartKind::Output),
        ("响应参数", PartKind::Output),
        ("返回参数", PartKind::Output),
        ("错误码", PartKind::Errors),
        ("错误码表", PartKind::Errors),
        ("示例", PartKind::Examples),
        ("代码示例", PartKind::Examples),
        ("使用示例", PartKind::Examples),
        ("任务查询输出参数", PartKind::TaskQuery),
    ],
    member_name_columns: &["参数名称", "名称", "参数", "参数名", "属性"],
    type_columns: &["类型"],
    required_columns: &["是否必选", "必选"],
    description_columns: &["描述", "说明"],
    error_code_columns: &["错误码", "错误代码", "错误码数值"],
    error_description_columns: &["描述", "错误描述", "原因"],
    error_kind_columns: &["错误类型"],
    overview_name_columns: &["接口名称", "Action ID"],
    overview_title_columns: &["接口功能"],
    required_yes: &["是"],
    required_no: &["否", "无"],
    common_row_prefixes: &["公共参数"],
    pseudo_row_prefixes: &["公共参数，本接口取值", "公共参数,本接口取值"],
    used_by: &["被如下接口引用"],
    structure_caption: &["结构"],
    action_sentences: &["本接口"],
    action_field: &["Action 字段为", "Action字段为"],
    action_label: &["接口名：", "接口名:"],
    host_markers: &["域名"],
    rate_limit: &[NumberSentence {
        before: "默认接口请求频率限制",
        after: &["次/秒", "次每秒"],
    }],
    blurb: &["推荐使用 API Explorer", "点击调试", "API Explorer 提供了"],
    example_title: &["示例"],
    common_request_placeholder: &["公共请求参数"],
    no_type: &["无"],
    pages: &[
        ("数据结构", PageKind::DataStructures),
        ("公共参数", PageKind::CommonParams),
        ("公共请求参数", PageKind::CommonParams),
        ("返回结果", PageKind::Errors(ErrorPage::V3Common)),
        ("接口鉴权", PageKind::Errors(ErrorPage::V3Auth)),
        ("错误码", PageKind::Errors(ErrorPage::V2Public)),
        ("签名方法", PageKind::Errors(ErrorPage::V2Auth)),
        ("私有网络错误码", PageKind::Errors(ErrorPage::V2Module)),
    ],
};

pub static ENGLISH: Lexicon = Lexicon {
    language: Language::English,
    update_stamps: &["Last updated:", "Last updated："],
    header_words: &[
        "Parameter Name",
        "Parameter",
        "Name",
        "Type",
        "Required",
        "Description",
        "Error Code",
        "Error Type",
        "API Name",
        "API",
        "Region",
        "Domain",
        "Value",
        "Release Time",
        "Update Time",
        "Update Description",
        "Error Description",
        "Parameter Value",
        "Hosted region",
        "Domain name",
    ],
    parts: &[
        ("API Description", PartKind::Description),
        ("Input Parameters", PartKind::Input),
        ("Request Parameters", PartKind::Input),
        ("Output Parameters", PartKind::Output),
        ("Response Parameters", PartKind::Output),
        ("Error Code", PartKind::Errors),
        ("Error Codes", PartKind::Errors),
        ("Example", PartKind::Examples),
        ("Examples", PartKind::Examples),
    ],
    member_name_columns: &["Parameter Name", "Name", "Parameter"],
    type_columns: &["Type"],
    required_columns: &["Required"],
    description_columns: &["Description"],
    error_code_columns: &["Error Code"],
    error_description_columns: &["Description", "Error Description"],
    error_kind_columns: &["Error Type"],
    overview_name_columns: &[],
    overview_title_columns: &[],
    required_yes: &["Yes"],
    // The common parameters' `Region` row says `-` (required by some actions only): neither,
    // so it is read as optional with a warning, as in the Chinese edition.
    required_no: &["No"],
    common_row_prefixes: &["Common Params", "Common parameter", "Common Parameter"],
    pseudo_row_prefixes: &[
        "Common Params. The value used for this API:",
        "Common parameter. The value used for this API:",
        "Common Parameter. The value used for this API:",
    ],
    used_by: &["Used by actions:", "Referenced by the following API"],
    structure_caption: &[],
    action_sentences: &["This API"],
    action_field: &[],
    action_label: &[],
    host_markers: &["Domain name for API request", "Domain name"],
    rate_limit: &[NumberSentence {
        before: "A maximum of",
        after: &["requests can be initiated per second"],
    }],
    blurb: &[
        "We recommend you to use API Explorer",
        "Try it",
        "API Explorer provides",
    ],
    example_title: &["Example"],
    common_request_placeholder: &["Common request parameters", "Common Request Parameters"],
    no_type: &["None"],
    pages: &[
        ("Data Types", PageKind::DataStructures),
        ("Common Params", PageKind::CommonParams),
        ("Common Parameters", PageKind::CommonParams),
        ("Error Codes", PageKind::Errors(ErrorPage::V3Common)),
        // The signature page ends with its error codes, as 接口鉴权 does.
        ("Signature", PageKind::Errors(ErrorPage::V3Auth)),
    ],
};

/// Every language's table, Chinese first.
pub static LEXICONS: [&Lexicon; 2] = [&CHINESE, &ENGLISH];

impl Lexicon {
    pub fn of(language: Language) -> &'static Lexicon {
        match language {
            Language::Chinese => &CHINESE,
            Language::English => &ENGLISH,
        }
    }

    fn part_of(&self, words: &str) -> Option<PartKind> {
        self.parts
            .iter()
            .find(|(w, _)| w.eq_ignore_ascii_case(words))
            .map(|(_, p)| *p)
    }
}

/// A heading without its number (`2. 输入参数` → `输入参数`).
fn heading_words(text: &str) -> String {
    let t = crate::doc::clean::to_simplified(text.trim());
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    t[digits..]
        .trim_start_matches(['.', '．', '、'])
        .trim()
        .to_string()
}

/// The words of every language for one purpose, Chinese first.
pub fn any(field: impl Fn(&'static Lexicon) -> &'static [&'static str]) -> Vec<&'static str> {
    LEXICONS
        .iter()
        .flat_map(|l| field(l).iter().copied())
        .collect()
}

/// The part a heading's words (number removed) name, in any language.
pub fn part_of_words(words: &str) -> Option<PartKind> {
    LEXICONS.iter().find_map(|l| l.part_of(words))
}

/// The kind of a non-action page by its title, in any language.
pub fn page_kind(title: &str) -> Option<PageKind> {
    let title = title.trim();
    LEXICONS
        .iter()
        .find_map(|l| l.pages.iter().find(|(t, _)| *t == title).map(|(_, k)| *k))
}

/// Whether `text` starts with one of `prefixes`, ignoring ASCII case.
pub fn starts_with_any(text: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| {
        text.get(..p.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(p))
    })
}

/// The rest of `text` after the first of `prefixes` it starts with.
pub fn strip_any<'a>(text: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    prefixes.iter().find_map(|p| {
        text.get(..p.len())
            .filter(|head| head.eq_ignore_ascii_case(p))
            .map(|_| &text[p.len()..])
    })
}

/// A required cell: `Some(true)` for a yes mark, `Some(false)` for a no mark, `None` otherwise.
pub fn required_mark(cell: &str) -> Option<bool> {
    let cell = cell.trim();
    let matches = |marks: &[&str]| marks.iter().any(|m| m.eq_ignore_ascii_case(cell));
    if LEXICONS.iter().any(|l| matches(l.required_yes)) {
        Some(true)
    } else if LEXICONS.iter().any(|l| matches(l.required_no)) {
        Some(false)
    } else {
        None
    }
}

/// The number a rate-limit sentence states (`默认接口请求频率限制：20次/秒。` → 20): `Some(None)`
/// when the text is such a sentence whose number cannot be read.
pub fn rate_limit(text: &str) -> Option<Option<u32>> {
    let text = text.trim();
    LEXICONS.iter().flat_map(|l| l.rate_limit).find_map(|s| {
        let rest = strip_any(text, &[s.before])?;
        let rest = rest.trim_start_matches(['：', ':', ' ']);
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let after = rest[digits.len()..].trim_start();
        Some(
            s.after
                .iter()
                .any(|a| after.starts_with(a))
                .then(|| digits.parse().ok())
                .flatten(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_name_the_language_and_the_part() {
        assert_eq!(part_of_words("Input Parameters"), Some(PartKind::Input));
        assert_eq!(part_of_words("任务查询输出参数"), Some(PartKind::TaskQuery));
        let zh = ["1. 接口描述", "2. 输入参数", "示例1"];
        assert_eq!(Language::of_headings(zh.into_iter()), Language::Chinese);
        let en = [
            "1. API Description",
            "2. Input Parameters",
            "3. Output Parameters",
        ];
        assert_eq!(Language::of_headings(en.into_iter()), Language::English);
    }

    #[test]
    fn marks_and_sentences_of_both_languages() {
        assert_eq!(required_mark("是"), Some(true));
        assert_eq!(required_mark("No"), Some(false));
        assert_eq!(required_mark("maybe"), None);
        assert_eq!(
            rate_limit("默认接口请求频率限制：20次/秒。"),
            Some(Some(20))
        );
        assert_eq!(
            rate_limit("A maximum of 10 requests can be initiated per second for this API."),
            Some(Some(10))
        );
        assert_eq!(rate_limit("默认接口请求频率限制：视地域而定。"), Some(None));
        assert_eq!(rate_limit("本接口用于创建VPC。"), None);
        assert_eq!(page_kind("Data Types"), Some(PageKind::DataStructures));
        assert_eq!(
            page_kind("私有网络错误码"),
            Some(PageKind::Errors(ErrorPage::V2Module))
        );
    }
}
