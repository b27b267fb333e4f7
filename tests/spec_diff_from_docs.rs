//! spec-diff through the real parser: the real document, deliberately edited (a member added, one
//! removed, a type changed, an action removed, an error code added), parsed again and diffed.

use tcgen_codegen::diff::{diff_spec_sets, Severity};
use tcgen_codegen::diff::{render, Format};
use tcgen_codegen::overrides::Overrides;
use tcgen_codegen::pipeline::parse_docs;
use tcgen_codegen::spec::ApiSpec;
use tcgen_tests::corrected_docs;

fn parse(text: &str) -> Vec<ApiSpec> {
    let outcome = parse_docs("docs", text, &Overrides::default());
    assert_eq!(
        outcome.diagnostics.error_count(),
        0,
        "{:#?}",
        outcome.diagnostics.sorted()
    );
    outcome.specs
}

fn replace_once(text: &str, find: &str, with: &str) -> String {
    assert_eq!(text.matches(find).count(), 1, "{find:?} must occur once");
    text.replacen(find, with, 1)
}

/// Removes the page titled `title` (from its title line to the next page's title).
fn remove_page(text: &str, title: &str, next_title: &str) -> String {
    let start = text
        .find(&format!("\n{title}\n\n最近更新时间"))
        .expect("page start")
        + 1;
    let end = start
        + text[start..]
            .find(&format!("\n{next_title}\n\n最近更新时间"))
            .expect("next page")
        + 1;
    format!("{}{}", &text[..start], &text[end..])
}

fn edited(original: &str) -> String {
    let mut t = original.to_string();
    // A member added to CreateVpc (optional) and one removed from it.
    t = replace_once(
        &t,
        "DnsServers.N\t否\tArray of String\tDNS地址，最多支持4个\nDomainName\t否\tString\t域名\n",
        "DomainName\t否\tString\t域名\nTagSet\t否\tString\t标签\n",
    );
    // A type changed.
    t = replace_once(
        &t,
        "EnableMulticast\t否\tString\t是否开启组播。true: 开启, false: 不开启。\n",
        "EnableMulticast\t否\tBoolean\t是否开启组播。true: 开启, false: 不开启。\n",
    );
    // An error code added to CreateVpc.
    t = replace_once(&t, "InvalidParameterValue.Malformed\t入参格式不合法。\nLimitExceeded\t超过配额限制。\n\n5. 示例\n\n示例1 创建VPC", "InvalidParameterValue.Malformed\t入参格式不合法。\nLimitExceeded\t超过配额限制。\nLimitExceeded.Vpc\tVPC超过配额。\n\n5. 示例\n\n示例1 创建VPC");
    // An action removed.
    remove_page(&t, "删除VPC", "查询账户属性")
}

#[test]
fn edits_to_the_docs_show_up_as_classified_changes() {
    let original = corrected_docs();
    let old = parse(&original);
    let new = parse(&edited(&original));
    let diff = diff_spec_sets(&old, &new).unwrap();
    let text = render(&diff, Format::Text);
    let v3 = diff
        .generations
        .iter()
        .find(|g| g.version == "2017-03-12")
        .expect("v3 changed");
    let lines: Vec<String> = v3
        .changes
        .iter()
        .map(|c| format!("{} {}", c.severity.as_str(), render_change(c)))
        .collect();
    for expected in [
        "breaking action DeleteVpc removed",
        "breaking CreateVpc input DnsServers removed",
        "breaking CreateVpc input EnableMulticast type",
        "additive CreateVpc input TagSet added",
        "additive CreateVpc error LimitExceeded.Vpc added",
    ] {
        let words: Vec<&str> = expected.split(' ').collect();
        assert!(
            lines.iter().any(|l| words.iter().all(|w| l.contains(w))),
            "missing {expected:?} in:\n{text}"
        );
    }
    assert_eq!(
        v3.changes
            .iter()
            .filter(|c| c.severity == Severity::Breaking)
            .count(),
        3,
        "{text}"
    );
    // Breaking first.
    let first_additive = v3
        .changes
        .iter()
        .position(|c| c.severity != Severity::Breaking)
        .unwrap();
    assert!(v3.changes[first_additive..]
        .iter()
        .all(|c| c.severity != Severity::Breaking));
    // The v2 part is untouched.
    assert!(
        diff.generations
            .iter()
            .all(|g| g.version != "v2" || g.changes.is_empty()),
        "{text}"
    );
    // Markdown and JSON render the same changes.
    let md = render(&diff, Format::Markdown);
    assert!(md.contains("DeleteVpc") && md.contains("TagSet"));
    let json: serde_json::Value = serde_json::from_str(&render(&diff, Format::Json)).unwrap();
    assert!(json.to_string().contains("LimitExceeded.Vpc"));
}

#[test]
fn the_diff_of_the_document_against_itself_is_empty() {
    let specs = parse(&corrected_docs());
    let diff = diff_spec_sets(&specs, &specs).unwrap();
    assert!(diff.is_empty());
}

fn render_change(c: &tcgen_codegen::diff::Change) -> String {
    serde_json::to_string(c).unwrap()
}
