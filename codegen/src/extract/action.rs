//! One action page → an [`Action`] and the objects derived from its tables.

use crate::diag::Diagnostics;
use crate::doc::clean::to_simplified;
use crate::doc::{Block, Section};
use crate::spec::{Action, Generation, Member, Object, RegionParam, Span, TypeRef};

use super::members::{build_members, build_members_with_evidence, Direction};
use super::pairing::collect_examples;
use super::parts::{Part, Parts};
use super::prose::read_description;
use super::shape::{request_shape, response_shape};
use super::tables::{error_rows, is_error_table, read_member_part, CommonRow, TableContext};
use super::types::Vocabulary;
use super::vocabulary;
use super::{Accounting, GenerationFacts};

/// An action as read from its page, with what the part-wide reading rules still need.
pub(super) struct ReadAction {
    pub(super) action: Action,
    pub(super) objects: Vec<Object>,
    /// Whether the input table restated common parameters (Action, Version, Region rows).
    pub(super) restates_common: bool,
}

pub(super) fn extract_action(
    facts: &GenerationFacts,
    section: &Section,
    parts: &Parts<'_>,
    name: String,
    vocabulary: &Vocabulary,
    diags: &mut Diagnostics,
    accounting: &mut Accounting,
) -> ReadAction {
    let owner = format!("action {name}");
    let ctx = TableContext {
        vocabulary,
        owner: &owner,
        restates_common: false,
    };
    let prose = read_description(parts.get(Part::Description), &name, diags);
    let generation = facts.generation;
    let host = host_of(section).unwrap_or_else(|| facts.host.to_string());

    let example_blocks: Vec<&Block> = parts.get(Part::Examples).collect();
    let examples = collect_examples(&example_blocks, diags, &name);
    let request_evidence = |path: &[String]| request_shape(&examples, path);
    let response_evidence = |path: &[String]| response_shape(generation, &examples, path);

    let mut common: Vec<CommonRow> = Vec::new();
    let input_ctx = TableContext {
        restates_common: generation == Generation::V3,
        ..ctx
    };
    let (input_rows, input_objects) = read_member_part(
        parts.get(Part::Input),
        input_ctx,
        diags,
        accounting,
        &mut common,
    );
    let region = common
        .iter()
        .find(|row| row.name == "Region")
        .map(|row| match row.required {
            true => RegionParam::Required,
            false => RegionParam::Optional,
        });
    let (mut input, mut objects) = build_members_with_evidence(
        &name,
        Direction::Input,
        input_rows,
        &request_evidence,
        diags,
    );
    let (output_rows, output_objects) = read_member_part(
        parts.get(Part::Output),
        ctx,
        diags,
        accounting,
        &mut Vec::new(),
    );
    let (output, more) = build_members_with_evidence(
        &name,
        Direction::Output,
        output_rows,
        &response_evidence,
        diags,
    );
    objects.extend(more);
    // What polling the started task returns (`任务查询输出参数`): a typed shape for the
    // DescribeNetTaskResult response of this action's tasks.
    let (task_rows, task_objects) = read_member_part(
        parts.get(Part::TaskQuery),
        ctx,
        diags,
        accounting,
        &mut Vec::new(),
    );
    if !task_rows.is_empty() {
        let task = format!("{name}Task");
        let span = Span {
            start: task_rows
                .iter()
                .map(|r| r.line)
                .min()
                .unwrap_or(section.span.start),
            end: task_rows
                .iter()
                .map(|r| r.line)
                .max()
                .unwrap_or(section.span.start),
        };
        let (members, nested) = build_members(&task, Direction::Output, task_rows, diags);
        objects.extend(nested);
        objects.push(Object {
            name: format!("{task}Response"),
            description: format!(
                "What polling a task started by {name} returns (the documented 任务查询输出参数)."
            ),
            members,
            origin: format!("task result of {name}"),
            file: None,
            span,
        });
    }
    for (caption_name, members, span) in input_objects
        .into_iter()
        .chain(output_objects)
        .chain(task_objects)
    {
        objects.push(Object {
            name: caption_name,
            description: String::new(),
            members,
            origin: format!("sub-table of {name}"),
            file: None,
            span,
        });
    }
    // v2 inputs are sent flat; a member typed with a captioned object keeps that object.
    if generation == Generation::V3 {
        input.retain(|m| m.name != "Action" && m.name != "Version");
    }

    let mut errors = Vec::new();
    for block in parts.get(Part::Errors) {
        if let Block::Table(t) = block {
            if is_error_table(t) {
                errors.extend(error_rows(t, None));
            }
        }
    }
    // Some pages put their error table under the output heading.
    for block in parts.get(Part::Output) {
        if let Block::Table(t) = block {
            if is_error_table(t) {
                errors.extend(error_rows(t, None));
            }
        }
    }

    let is_async = has_member(&output, &["taskId", "TaskId", "billId"], &objects);
    let action = Action {
        name,
        title: section.title.clone(),
        description: prose.description,
        host,
        is_async,
        input,
        output,
        errors,
        examples,
        span: section.span,
        region,
        rate_limit: prose.rate_limit,
        // Paging, filters and task polling are derived later (`codegen::enrich`).
        ..Action::default()
    };
    ReadAction {
        action,
        objects,
        restates_common: !common.is_empty(),
    }
}

pub(super) fn host_of(section: &Section) -> Option<String> {
    section.blocks.iter().find_map(|b| match b {
        Block::Paragraph(p) => {
            let t = to_simplified(&p.text);
            let (at, marker) = vocabulary::any(|l| l.host_markers)
                .into_iter()
                .find_map(|m| t.find(m).map(|at| (at, m)))?;
            let rest = t[at + marker.len()..].trim_start_matches(['：', ':', ' ']);
            let host: String = rest
                .trim_start_matches('`')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
                .collect();
            // The English sentence ends with a full stop right after the host.
            let host = host.trim_end_matches('.').to_string();
            host.contains('.').then_some(host)
        }
        _ => None,
    })
}

pub(super) fn has_member(members: &[Member], names: &[&str], objects: &[Object]) -> bool {
    members.iter().any(|m| {
        names.contains(&m.name.as_str())
            || match object_of(&m.ty) {
                Some(obj) => objects
                    .iter()
                    .find(|o| o.name == obj)
                    .is_some_and(|o| o.members.iter().any(|mm| names.contains(&mm.name.as_str()))),
                None => false,
            }
    })
}

pub(super) fn object_of(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Object(n) => Some(n),
        TypeRef::List(inner) => object_of(inner),
        _ => None,
    }
}
