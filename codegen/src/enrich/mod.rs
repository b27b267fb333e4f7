//! A post-pass over the extracted [`ApiSpec`]s that records what the generated conveniences need:
//! which string members are numbers, how list actions page, the filters each `Filters` member
//! documents, how asynchronous actions' tasks are polled and which actions are safe to repeat.
//!
//! Every fact is read from the spec itself (member names, types and descriptions, action titles),
//! so the decisions land in `spec/json/` and show in `cargo xtask spec-diff` like any other
//! change of the docs. The pass is idempotent: it recomputes every derived field.

mod filters;
mod paging;
mod retry;
mod tasks;

pub use filters::parse_filters;
pub use tasks::{parse_states, TaskDecision};

use crate::spec::{ApiSpec, Member, TypeRef};

/// Fills the derived fields of every action of every spec.
pub fn enrich(specs: &mut [ApiSpec]) {
    for spec in specs.iter_mut() {
        let decisions: Vec<TaskDecision> = {
            let pollers = tasks::Pollers::of(spec);
            spec.actions.iter().map(|a| pollers.decide(a)).collect()
        };
        let objects = spec.objects.clone();
        for (action, decision) in spec.actions.iter_mut().zip(decisions) {
            action.numeric_strings = action
                .input
                .iter()
                .filter(|member| is_numeric_string(member))
                .map(|member| member.name.clone())
                .collect();
            action.paging = paging::paging(action, &objects);
            action.filters = action
                .input
                .iter()
                .find(|member| is_filters_member(member))
                .map(|member| parse_filters(&member.description, member.line))
                .unwrap_or_default();
            (action.task, action.task_left_out) = match decision {
                TaskDecision::Task(task) => (Some(*task), None),
                TaskDecision::LeftOut(reason) => (None, Some(reason)),
                TaskDecision::NotAsync => (None, None),
            };
            action.retry_safety = retry::retry_safety(action);
        }
    }
}

/// A `string` member whose description starts by naming a count or an offset (`偏移量`,
/// `返回数量`, `请求对象个数`): the docs type it as text but mean a number.
fn is_numeric_string(member: &Member) -> bool {
    if member.ty != TypeRef::String {
        return false;
    }
    let first_clause = member
        .description
        .split(['，', '。', ',', '.', '；', ';'])
        .next()
        .unwrap_or_default();
    ["偏移量", "数量", "个数"]
        .iter()
        .any(|word| first_clause.contains(word))
}

/// The `Filters` input member: a list of name/values objects.
fn is_filters_member(member: &Member) -> bool {
    member.name == "Filters"
        && matches!(&member.ty, TypeRef::List(inner) if matches!(**inner, TypeRef::Object(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, ty: TypeRef, description: &str) -> Member {
        Member {
            name: name.into(),
            ty,
            required: false,
            required_unstated: false,
            description: description.into(),
            example: None,
            line: 1,
            doc_type: None,
        }
    }

    #[test]
    fn numeric_strings_are_read_from_the_first_clause() {
        assert!(is_numeric_string(&member(
            "Limit",
            TypeRef::String,
            "返回数量，默认为20，最大值为100。"
        )));
        assert!(is_numeric_string(&member(
            "Offset",
            TypeRef::String,
            "偏移量"
        )));
        assert!(is_numeric_string(&member(
            "Limit",
            TypeRef::String,
            "请求对象个数。"
        )));
        // Integers need no help, and a default in a later clause says nothing.
        assert!(!is_numeric_string(&member(
            "Limit",
            TypeRef::Integer,
            "返回数量"
        )));
        assert!(!is_numeric_string(&member(
            "flowLogDescription",
            TypeRef::String,
            "流日志描述，默认为\"，可选项。"
        )));
    }
}
