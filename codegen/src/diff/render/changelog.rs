//! A release-note section in the categories of the official Tencent Cloud SDKs.
//!
//! The categories, their order, their wording and the red `<font>` marking of removals and
//! modifications follow the per-release entries of `SERVICE_CHANGELOG.md` in
//! TencentCloud/tencentcloud-sdk-go and TencentCloud/tencentcloud-sdk-python (e.g. "## 私有网络(vpc)
//! 版本：2017-03-12 … 修改数据结构： * ConnectionStateTimeouts * 新增成员：TCPTimeWaitTimeout *
//! **删除成员**：TcpTimeWaitTimeout"): 新增接口, 删除接口, 修改接口 (新增入参, 新增出参, 删除入参,
//! 删除出参, 修改入参, 修改出参), 新增数据结构, 删除数据结构, 修改数据结构 (新增成员, 删除成员,
//! 修改成员), and "改善已有的文档。" for documentation changes. The official entries link each
//! name to its doc page; the spec does not know those addresses, so names are plain.
//!
//! Two things have no official category and are added at the end so that no breaking change
//! is left out of the notes: error codes whose `ErrorCode` variant disappears, and the other
//! breaking changes (a host, a paginator, a waiter or a typed filter removed, …), under
//! 其他不兼容变更.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{describe, subject_label, Change, ChangeKind, Language, Severity, SpecSetDiff, Style};
use crate::diff::Subject;

/// tcgen generates the VPC SDK only; the official notes name the product and its service id.
const PRODUCT_ZH: &str = "私有网络(vpc)";
const PRODUCT_EN: &str = "Virtual Private Cloud(vpc)";

/// The words of one language.
struct Words {
    product: &'static str,
    version: &'static str,
    contents: &'static str,
    docs: &'static str,
    no_changes: &'static str,
    /// When the changes touch no category (only error codes, paging, …).
    nothing_listed: &'static str,
    /// A generation added, with its numbers of actions and objects.
    new_generation: fn(usize, usize) -> String,
    new_apis: &'static str,
    deleted_apis: &'static str,
    modified_apis: &'static str,
    new_inputs: &'static str,
    new_outputs: &'static str,
    deleted_inputs: &'static str,
    deleted_outputs: &'static str,
    modified_inputs: &'static str,
    modified_outputs: &'static str,
    new_structures: &'static str,
    deleted_structures: &'static str,
    modified_structures: &'static str,
    new_members: &'static str,
    deleted_members: &'static str,
    modified_members: &'static str,
    deleted_codes: &'static str,
    other_breaking: &'static str,
    colon: &'static str,
}

const CHINESE: Words = Words {
    product: PRODUCT_ZH,
    version: "版本：",
    contents: "本次发布包含了以下内容：",
    docs: "改善已有的文档。",
    no_changes: "无变更。",
    nothing_listed: "无接口与数据结构的变更。",
    new_generation: |actions, objects| {
        format!("新增 API 版本：{actions} 个接口，{objects} 个数据结构。")
    },
    new_apis: "新增接口",
    deleted_apis: "删除接口",
    modified_apis: "修改接口",
    new_inputs: "新增入参",
    new_outputs: "新增出参",
    deleted_inputs: "删除入参",
    deleted_outputs: "删除出参",
    modified_inputs: "修改入参",
    modified_outputs: "修改出参",
    new_structures: "新增数据结构",
    deleted_structures: "删除数据结构",
    modified_structures: "修改数据结构",
    new_members: "新增成员",
    deleted_members: "删除成员",
    modified_members: "修改成员",
    deleted_codes: "删除错误码",
    other_breaking: "其他不兼容变更",
    colon: "：",
};

const ENGLISH: Words = Words {
    product: PRODUCT_EN,
    version: "Version: ",
    contents: "This release includes the following:",
    docs: "Improved existing documentation.",
    no_changes: "No changes.",
    nothing_listed: "No change to APIs or data structures.",
    new_generation: |actions, objects| {
        format!("New API version: {actions} APIs, {objects} data structures.")
    },
    new_apis: "New APIs",
    deleted_apis: "Deleted APIs",
    modified_apis: "Modified APIs",
    new_inputs: "New request parameters",
    new_outputs: "New response parameters",
    deleted_inputs: "Deleted request parameters",
    deleted_outputs: "Deleted response parameters",
    modified_inputs: "Modified request parameters",
    modified_outputs: "Modified response parameters",
    new_structures: "New data structures",
    deleted_structures: "Deleted data structures",
    modified_structures: "Modified data structures",
    new_members: "New members",
    deleted_members: "Deleted members",
    modified_members: "Modified members",
    deleted_codes: "Deleted error codes",
    other_breaking: "Other breaking changes",
    colon: ": ",
};

/// What changed in one action's request and response, or one object's members.
#[derive(Default)]
struct Modified<'a> {
    new_inputs: Vec<&'a str>,
    new_outputs: Vec<&'a str>,
    deleted_inputs: Vec<&'a str>,
    deleted_outputs: Vec<&'a str>,
    modified_inputs: Vec<&'a str>,
    modified_outputs: Vec<&'a str>,
}

pub(super) fn render(diff: &SpecSetDiff, language: Language) -> String {
    let words = match language {
        Language::Chinese => &CHINESE,
        Language::English => &ENGLISH,
    };
    let mut out = String::new();
    for (i, generation) in diff.generations.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = write!(
            out,
            "## {} {}{}\n\n{}\n\n",
            words.product, words.version, generation.version, words.contents
        );
        if generation.changes.is_empty() {
            let _ = writeln!(out, "{}", words.no_changes);
            continue;
        }
        let mut new_apis = Vec::new();
        let mut deleted_apis = Vec::new();
        let mut new_structures = Vec::new();
        let mut deleted_structures = Vec::new();
        let mut actions: BTreeMap<&str, Modified<'_>> = BTreeMap::new();
        let mut objects: BTreeMap<&str, Modified<'_>> = BTreeMap::new();
        let mut deleted_codes = Vec::new();
        let mut other_breaking: Vec<&Change> = Vec::new();
        let mut docs = false;
        let section_start = out.len();
        for change in &generation.changes {
            let (entry, input): (Option<&mut Modified<'_>>, bool) = match &change.subject {
                Subject::Input { action, .. } => (Some(actions.entry(action).or_default()), true),
                Subject::Output { action, .. } => (Some(actions.entry(action).or_default()), false),
                Subject::ObjectMember { object, .. } => {
                    (Some(objects.entry(object).or_default()), true)
                }
                _ => (None, false),
            };
            match (&change.kind, entry, member_of(&change.subject)) {
                (ChangeKind::GenerationAdded { actions, objects }, ..) => {
                    let _ = write!(out, "{}\n\n", (words.new_generation)(*actions, *objects));
                }
                (ChangeKind::ActionAdded { .. }, ..) => new_apis.push(name_of(&change.subject)),
                (ChangeKind::ActionRemoved { .. }, ..) => {
                    deleted_apis.push(name_of(&change.subject))
                }
                (ChangeKind::ObjectAdded { .. }, ..) => {
                    new_structures.push(name_of(&change.subject))
                }
                (ChangeKind::ObjectRemoved { .. }, ..) => {
                    deleted_structures.push(name_of(&change.subject))
                }
                (ChangeKind::MemberAdded { .. }, Some(entry), Some(member)) => {
                    side(&mut entry.new_inputs, &mut entry.new_outputs, input).push(member)
                }
                (ChangeKind::MemberRemoved { .. }, Some(entry), Some(member)) => {
                    side(&mut entry.deleted_inputs, &mut entry.deleted_outputs, input).push(member)
                }
                // The official notes list a renamed member as one added and one deleted.
                (ChangeKind::MemberRenamed { from, .. }, Some(entry), Some(member)) => {
                    side(&mut entry.new_inputs, &mut entry.new_outputs, input).push(member);
                    side(&mut entry.deleted_inputs, &mut entry.deleted_outputs, input).push(from);
                }
                (
                    ChangeKind::TypeChanged { .. } | ChangeKind::RequiredChanged { .. },
                    Some(entry),
                    Some(member),
                ) if change.severity != Severity::Info => {
                    let list = side(
                        &mut entry.modified_inputs,
                        &mut entry.modified_outputs,
                        input,
                    );
                    if !list.contains(&member) {
                        list.push(member);
                    }
                }
                (ChangeKind::DescriptionsChanged { .. }, ..) => docs = true,
                (ChangeKind::ErrorCodeRemoved { .. }, ..)
                    if change.severity == Severity::Breaking =>
                {
                    deleted_codes.push(change)
                }
                _ if change.severity == Severity::Breaking => other_breaking.push(change),
                _ => {}
            }
        }
        // A documentation-only entry still says so, as the official notes do.
        if docs {
            let _ = write!(out, "{}\n\n", words.docs);
        }
        list(&mut out, words, words.new_apis, false, &new_apis);
        list(&mut out, words, words.deleted_apis, true, &deleted_apis);
        modified(&mut out, words, words.modified_apis, &actions, false);
        list(
            &mut out,
            words,
            words.new_structures,
            false,
            &new_structures,
        );
        list(
            &mut out,
            words,
            words.deleted_structures,
            true,
            &deleted_structures,
        );
        modified(&mut out, words, words.modified_structures, &objects, true);
        if !deleted_codes.is_empty() || !other_breaking.is_empty() {
            let lines = |changes: &[&Change]| -> Vec<String> {
                changes
                    .iter()
                    .map(|c| {
                        format!(
                            "{}: {}",
                            subject_label(c, Style::Markdown),
                            describe(&c.kind, Style::Markdown)
                        )
                    })
                    .collect()
            };
            let codes = lines(&deleted_codes);
            let others = lines(&other_breaking);
            list(&mut out, words, words.deleted_codes, true, &codes);
            list(&mut out, words, words.other_breaking, true, &others);
        }
        if out.len() == section_start {
            let _ = write!(out, "{}\n\n", words.nothing_listed);
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn member_of(subject: &Subject) -> Option<&str> {
    match subject {
        Subject::Input { member, .. }
        | Subject::Output { member, .. }
        | Subject::ObjectMember { member, .. } => Some(member),
        _ => None,
    }
}

fn side<'v, 'a>(
    inputs: &'v mut Vec<&'a str>,
    outputs: &'v mut Vec<&'a str>,
    input: bool,
) -> &'v mut Vec<&'a str> {
    if input {
        inputs
    } else {
        outputs
    }
}

fn name_of(subject: &Subject) -> String {
    match subject {
        Subject::Action { action } => action.clone(),
        Subject::Object { object } => object.clone(),
        other => other.to_string(),
    }
}

/// `新增接口：` (red and bold when `breaking`, as the official notes mark removals).
fn category(words: &Words, name: &str, breaking: bool) -> String {
    if breaking {
        format!("<font color=\"#dd0000\">**{name}**{}</font>", words.colon)
    } else {
        format!("{name}{}", words.colon)
    }
}

fn list<T: AsRef<str>>(out: &mut String, words: &Words, name: &str, breaking: bool, items: &[T]) {
    if items.is_empty() {
        return;
    }
    let _ = write!(out, "{}\n\n", category(words, name, breaking));
    for item in items {
        let _ = writeln!(out, "* {}", item.as_ref());
    }
    out.push('\n');
}

fn modified(
    out: &mut String,
    words: &Words,
    name: &str,
    entries: &BTreeMap<&str, Modified<'_>>,
    objects: bool,
) {
    let entries: Vec<_> = entries
        .iter()
        .filter(|(_, m)| {
            !(m.new_inputs.is_empty()
                && m.new_outputs.is_empty()
                && m.deleted_inputs.is_empty()
                && m.deleted_outputs.is_empty()
                && m.modified_inputs.is_empty()
                && m.modified_outputs.is_empty())
        })
        .collect();
    if entries.is_empty() {
        return;
    }
    let _ = write!(out, "{}\n\n", category(words, name, false));
    for (entry, m) in entries {
        let _ = write!(out, "* {entry}\n\n");
        let (new_in, deleted_in, modified_in) = if objects {
            (
                words.new_members,
                words.deleted_members,
                words.modified_members,
            )
        } else {
            (
                words.new_inputs,
                words.deleted_inputs,
                words.modified_inputs,
            )
        };
        for (label, names, breaking) in [
            (new_in, &m.new_inputs, false),
            (words.new_outputs, &m.new_outputs, false),
            (deleted_in, &m.deleted_inputs, true),
            (words.deleted_outputs, &m.deleted_outputs, true),
            (modified_in, &m.modified_inputs, true),
            (words.modified_outputs, &m.modified_outputs, true),
        ] {
            if !names.is_empty() {
                let _ = write!(
                    out,
                    "\t* {}{}\n\n",
                    category(words, label, breaking),
                    names.join(", ")
                );
            }
        }
    }
    out.push('\n');
}
