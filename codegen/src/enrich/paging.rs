//! Which actions page, and by which members.
//!
//! An action pages when its input has an offset and a limit member (`Offset`/`Limit`,
//! `offset`/`limit`; numbers, or strings the docs describe as numbers) and its response has
//! exactly one list of objects, at the top level or one object down (v2's `data.aclSet`). A total
//! count (`TotalCount`/`totalCount`) at the list's level or at the top is recorded when present;
//! without one, a paginator stops at a short or empty page. The documented maximum page size is
//! read from the limit's description (`最大值为100`, `最大支持50`, `最多支持50`).

use crate::spec::{Action, Member, Object, Paging, TypeRef};

pub(super) fn paging(action: &Action, objects: &[Object]) -> Option<Paging> {
    let offset = input_number(action, "offset")?;
    let limit = input_number(action, "limit")?;
    let (items, total) = list_and_total(&action.output, objects)?;
    Some(Paging {
        offset: offset.name.clone(),
        limit: limit.name.clone(),
        items,
        total,
        max_limit: documented_maximum(&limit.description),
    })
}

fn input_number<'a>(action: &'a Action, name: &str) -> Option<&'a Member> {
    let member = action
        .input
        .iter()
        .find(|member| member.name.eq_ignore_ascii_case(name))?;
    let numeric = matches!(member.ty, TypeRef::Integer | TypeRef::Unsigned)
        || super::is_numeric_string(member);
    numeric.then_some(member)
}

fn is_total(member: &Member) -> bool {
    member.name.eq_ignore_ascii_case("totalCount")
        && matches!(
            member.ty,
            TypeRef::Integer | TypeRef::Unsigned | TypeRef::String
        )
}

fn is_object_list(member: &Member) -> bool {
    matches!(&member.ty, TypeRef::List(inner) if matches!(**inner, TypeRef::Object(_)))
}

/// The path of the one list of objects and of the total count, if any.
fn list_and_total(
    output: &[Member],
    objects: &[Object],
) -> Option<(Vec<String>, Option<Vec<String>>)> {
    let top_total = output
        .iter()
        .find(|member| is_total(member))
        .map(|member| vec![member.name.clone()]);
    let lists: Vec<&Member> = output.iter().filter(|m| is_object_list(m)).collect();
    match lists.as_slice() {
        [list] => return Some((vec![list.name.clone()], top_total)),
        [] => {}
        _ => return None,
    }
    // One object down: `data: {totalCount, aclSet: [...]}`.
    let mut found = None;
    for member in output {
        let TypeRef::Object(name) = &member.ty else {
            continue;
        };
        let Some(object) = objects.iter().find(|object| &object.name == name) else {
            continue;
        };
        let lists: Vec<&Member> = object
            .members
            .iter()
            .filter(|m| is_object_list(m))
            .collect();
        if let [list] = lists.as_slice() {
            if found.is_some() {
                return None;
            }
            let total = object
                .members
                .iter()
                .find(|m| is_total(m))
                .map(|total| vec![member.name.clone(), total.name.clone()])
                .or_else(|| top_total.clone());
            found = Some((vec![member.name.clone(), list.name.clone()], total));
        }
    }
    found
}

/// `最大值为100`, `最大支持50`, `最多支持50` → the number.
pub(super) fn documented_maximum(description: &str) -> Option<u64> {
    for marker in ["最大值为", "最大支持", "最多支持", "最大为"] {
        if let Some(start) = description.find(marker) {
            let rest = description[start + marker.len()..].trim_start();
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(value) = digits.parse() {
                return Some(value);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_maximums() {
        assert_eq!(
            documented_maximum("返回数量，默认为20，最大值为100。"),
            Some(100)
        );
        assert_eq!(
            documented_maximum("每页行数，默认为20，最大支持50。"),
            Some(50)
        );
        assert_eq!(
            documented_maximum("每页行数，默认为20，最多支持50。"),
            Some(50)
        );
        assert_eq!(documented_maximum("返回数量"), None);
        assert_eq!(documented_maximum("每页行数，默认为 20。"), None);
    }
}
