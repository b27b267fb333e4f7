//! Which action polls the task an asynchronous action starts.
//!
//! The id is a `taskId` member of the response, at the top level or one object down
//! (`data.taskId`). The polling action is an action with a `taskId` input and a numeric
//! `data.status`, chosen by what the docs say:
//! - the id's description names the polling action's title (`详见 查询任务执行结果接口` →
//!   `DescribeVpcTaskResult`), or else
//! - one of the page's examples calls it (the template pages show a second step with
//!   `DescribeNetTaskResult`, which the extractor files under that action with its doc span).
//!
//! Actions whose id is an order (`billId`, polled by a status query with other states) get none.

use crate::spec::{Action, ApiSpec, Member, Object, TaskPolling, TypeRef};

/// The actions of a spec that can poll a task.
pub(super) struct Pollers {
    pollers: Vec<Poller>,
}

/// One action that can poll a task.
struct Poller {
    name: String,
    title: String,
    /// The input member taking the task id.
    input: String,
    /// Where its examples start in the docs.
    example_starts: Vec<u32>,
}

impl Pollers {
    pub(super) fn of(spec: &ApiSpec) -> Pollers {
        let pollers = spec
            .actions
            .iter()
            .filter(|action| reports_status(action, &spec.objects))
            .filter_map(|action| {
                let input = action.input.iter().find(|m| m.name == "taskId")?;
                Some(Poller {
                    name: action.name.clone(),
                    title: action.title.clone(),
                    input: input.name.clone(),
                    example_starts: action.examples.iter().map(|e| e.span.start).collect(),
                })
            })
            .collect();
        Pollers { pollers }
    }

    pub(super) fn polling(&self, action: &Action, objects: &[Object]) -> Option<TaskPolling> {
        if !action.is_async {
            return None;
        }
        let (id, member) = task_id(&action.output, objects)?;
        let named = self.pollers.iter().find(|poller| {
            poller.name != action.name
                && !poller.title.is_empty()
                && member.description.contains(poller.title.as_str())
        });
        let (poller, source) = match named {
            Some(poller) => (poller, "id-description"),
            None => {
                let shown = self.pollers.iter().find(|poller| {
                    poller.name != action.name
                        && poller
                            .example_starts
                            .iter()
                            .any(|start| (action.span.start..=action.span.end).contains(start))
                })?;
                (shown, "example")
            }
        };
        Some(TaskPolling {
            action: poller.name.clone(),
            id,
            input: poller.input.clone(),
            source: source.to_string(),
        })
    }
}

/// An action answering `data.status` as a number.
fn reports_status(action: &Action, objects: &[Object]) -> bool {
    action.output.iter().any(|member| {
        member.name == "data"
            && object_of(member, objects).is_some_and(|object| {
                object.members.iter().any(|m| {
                    m.name == "status" && matches!(m.ty, TypeRef::Integer | TypeRef::Unsigned)
                })
            })
    })
}

fn object_of<'a>(member: &Member, objects: &'a [Object]) -> Option<&'a Object> {
    let TypeRef::Object(name) = &member.ty else {
        return None;
    };
    objects.iter().find(|object| &object.name == name)
}

fn task_id<'a>(output: &'a [Member], objects: &'a [Object]) -> Option<(Vec<String>, &'a Member)> {
    if let Some(member) = output.iter().find(|m| m.name == "taskId") {
        return Some((vec![member.name.clone()], member));
    }
    output.iter().find_map(|member| {
        let object = object_of(member, objects)?;
        let id = object.members.iter().find(|m| m.name == "taskId")?;
        Some((vec![member.name.clone(), id.name.clone()], id))
    })
}
