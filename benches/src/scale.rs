//! A spec K times the size of another: renamed copies of every action and object, for measuring
//! how the emitter's time (`benches/regen.rs`) and the generated crate's build
//! (`benches/build_time.sh --scale K`) grow with the size of the API.
//!
//! Copy `k` (2..=K) of every action is renamed `<Action>V<k>`, and so is every object, with the
//! copy's members referring to the copy's objects, so each copy is a distinct API surface of the
//! same shape, as a larger edition would be.

use tcgen_codegen::spec::{Action, ApiSpec, Member, Object, TypeRef};

/// The spec with `scale` copies of every action and object (the first copy is the original).
pub fn scale_spec(spec: &ApiSpec, scale: usize) -> ApiSpec {
    let mut scaled = spec.clone();
    for copy in 2..=scale {
        let rename = |name: &str| format!("{name}V{copy}");
        scaled
            .actions
            .extend(spec.actions.iter().map(|action| Action {
                name: rename(&action.name),
                input: renamed_members(&action.input, &rename),
                output: renamed_members(&action.output, &rename),
                ..action.clone()
            }));
        scaled
            .objects
            .extend(spec.objects.iter().map(|object| Object {
                name: rename(&object.name),
                members: renamed_members(&object.members, &rename),
                ..object.clone()
            }));
    }
    scaled.actions.sort_by(|a, b| a.name.cmp(&b.name));
    scaled.objects.sort_by(|a, b| a.name.cmp(&b.name));
    scaled
}

fn renamed_members(members: &[Member], rename: &dyn Fn(&str) -> String) -> Vec<Member> {
    members
        .iter()
        .map(|member| Member {
            ty: renamed_type(&member.ty, rename),
            ..member.clone()
        })
        .collect()
}

fn renamed_type(ty: &TypeRef, rename: &dyn Fn(&str) -> String) -> TypeRef {
    match ty {
        TypeRef::Object(name) => TypeRef::Object(rename(name)),
        TypeRef::List(inner) => TypeRef::list_of(renamed_type(inner, rename)),
        other => other.clone(),
    }
}

/// An API 3.0 document with `scale` copies of its action pages: copy `k` (2..=K) renames every
/// action the pages document to `<Action>Copy<k>` wherever the name stands as a word, and marks
/// each page title `（副本k）`, so the parser reads K times the actions from K times the pages.
/// The copies go after the last action page, before the 数据结构 (data structures) pages they
/// share with the originals. Returns the text and the number of action pages it copied.
///
/// An action page is one whose title is followed by `最近更新时间…` and, within a few lines, by
/// `1. 接口描述`, as today's edition lays them out.
pub fn scale_docs(text: &str, scale: usize) -> (String, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let is_action_page = |title: usize| {
        lines
            .get(title + 2)
            .is_some_and(|line| line.starts_with("最近更新时间"))
            && lines[title..]
                .iter()
                .take(8)
                .any(|line| line.trim() == "1. 接口描述")
    };
    let page_starts: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            lines
                .get(i + 2)
                .is_some_and(|l| l.starts_with("最近更新时间"))
        })
        .collect();
    let action_pages: Vec<usize> = page_starts
        .iter()
        .copied()
        .filter(|&i| is_action_page(i))
        .collect();
    let (Some(&first), Some(&last)) = (action_pages.first(), action_pages.last()) else {
        return (text.to_string(), 0);
    };
    let end = page_starts
        .iter()
        .copied()
        .find(|&start| start > last)
        .unwrap_or(lines.len());
    let block = &lines[first..end];
    let names: std::collections::HashSet<&str> = block
        .iter()
        .filter_map(|line| line.split_once("本接口取值：").map(|(_, rest)| rest))
        .map(|rest| {
            let len = rest
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(rest.len());
            &rest[..len]
        })
        .filter(|name| !name.is_empty())
        .collect();

    let mut out: Vec<String> = lines[..end].iter().map(|line| line.to_string()).collect();
    for copy in 2..=scale {
        let suffix = format!("Copy{copy}");
        for (offset, line) in block.iter().enumerate() {
            let mut renamed = rename_words(line, &names, &suffix);
            if action_pages.binary_search(&(first + offset)).is_ok() {
                renamed.push_str(&format!("（副本{copy}）"));
            }
            out.push(renamed);
        }
    }
    out.extend(lines[end..].iter().map(|line| line.to_string()));
    (out.join("\n"), action_pages.len())
}

/// `line` with `suffix` after every ASCII word that is one of `names`.
fn rename_words(line: &str, names: &std::collections::HashSet<&str>, suffix: &str) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    let mut word_start = None;
    for (at, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        if c.is_ascii_alphanumeric() {
            word_start.get_or_insert(at);
            continue;
        }
        if let Some(start) = word_start.take() {
            out.push_str(&line[start..at]);
            if names.contains(&line[start..at]) {
                out.push_str(suffix);
            }
        }
        if at < line.len() {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_action_names_are_renamed() {
        let names = ["DescribeVpcs"].into_iter().collect();
        assert_eq!(
            rename_words(
                "本接口（DescribeVpcs）与DescribeVpcsEx、xDescribeVpcs",
                &names,
                "Copy2"
            ),
            "本接口（DescribeVpcsCopy2）与DescribeVpcsEx、xDescribeVpcs"
        );
    }
}
