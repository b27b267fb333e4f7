//! Which action polls the task an asynchronous action starts, with which id, and which of its
//! states mean running, success and failure: all read from the docs' own words.
//!
//! The polling action is named by one of:
//! - the description's note (today's API 3.0): `本接口为异步接口，可调用 [DescribeVpcTaskResult](#)
//!   接口查询任务执行结果` (`async-note`) or `本接口是异步完成，如需查询异步任务执行结果，请使用本接口返回的
//!   RequestId轮询DescribeVpcTaskResult接口` (`async-done-note`);
//! - the task id's description (`id-description`): by title in v2 (`详见 查询任务执行结果接口`), by
//!   name in API 3.0 (`异步任务TaskId。可以使用DescribeTaskResult接口查询任务状态。`);
//! - one of the page's examples calling it (`example`: the v2 template pages show a second step
//!   with `DescribeNetTaskResult`, which the extractor files under that action with its doc span).
//!
//! The id is what the polling action's input asks for: an input described as the
//! `…返回的RequestId` takes the action's own response `RequestId`; otherwise the input of the
//! same name as the action's task id member (`taskId`, `data.taskId`, `TaskId`).
//!
//! The states come from the polling action's response: the first scalar member (top level or
//! one object down) whose description maps values to meanings (`0：成功，1：失败，2：进行中`,
//! `其中SUCCESS表示任务执行成功，…`, `"SUCCESS"：异步任务执行成功, …`). A failure's code and message
//! are the status's `output` sibling (`data.output.code` / `.message`) or its `Output` text.
//!
//! An action the docs call asynchronous without saying how to poll it gets no task, and
//! `task_left_out` says why.

use crate::spec::{Action, ApiSpec, Member, Object, TaskPolling, TypeRef};

/// The description notes that mark an asynchronous action, each with the verb that precedes the
/// polling action's name, and the `source` it gives.
const NOTES: &[(&str, &str, &str)] = &[
    ("本接口为异步接口", "可调用", "async-note"),
    ("本接口是异步完成", "轮询", "async-done-note"),
];

/// The task id members the extractor marks an action `async` by; `billId` is an order id.
const TASK_IDS: &[&str] = &["taskId", "TaskId"];
const ORDER_ID: &str = "billId";

/// What an input's description says when it takes the request id of the call it polls
/// (`异步任务请求返回的RequestId`).
const REQUEST_ID: &str = "RequestId";

/// The verb an id's description uses to name its polling action (`可以使用DescribeTaskResult接口`).
const ID_VERB: &str = "使用";

/// The decision for one action: its task, or why an asynchronous action has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskDecision {
    /// Not an asynchronous action (or itself a polling action).
    NotAsync,
    Task(Box<TaskPolling>),
    LeftOut(String),
}

/// The actions of a spec that can poll a task: those with an id input and documented states.
pub(super) struct Pollers<'s> {
    actions: &'s [Action],
    objects: &'s [Object],
    pollers: Vec<Poller<'s>>,
}

/// One action that can poll a task.
struct Poller<'s> {
    action: &'s Action,
    states: States,
}

/// Where a polling action's response says the task's state, and what its values mean.
#[derive(Debug, Clone, PartialEq, Eq)]
struct States {
    status: Vec<String>,
    running: Vec<String>,
    success: Vec<String>,
    failure: Vec<String>,
    code: Vec<String>,
    message: Vec<String>,
}

impl<'s> Pollers<'s> {
    pub(super) fn of(spec: &'s ApiSpec) -> Pollers<'s> {
        Pollers::new(&spec.actions, &spec.objects)
    }

    fn new(actions: &'s [Action], objects: &'s [Object]) -> Pollers<'s> {
        let pollers = actions
            .iter()
            .filter(|action| id_input(action).is_some())
            .filter_map(|action| {
                Some(Poller {
                    action,
                    states: states(action, objects)?,
                })
            })
            .collect();
        Pollers {
            actions,
            objects,
            pollers,
        }
    }

    pub(super) fn decide(&self, action: &Action) -> TaskDecision {
        if self.pollers.iter().any(|p| p.action.name == action.name) {
            return TaskDecision::NotAsync;
        }
        if let Some(decision) = self.by_note(action) {
            return decision;
        }
        self.by_task_id(action)
    }

    /// The description's `本接口为异步接口` / `本接口是异步完成` note.
    fn by_note(&self, action: &Action) -> Option<TaskDecision> {
        let (sentence, verb, source) = NOTES.iter().find_map(|(mark, verb, source)| {
            Some((sentence_with(&action.description, mark)?, *verb, *source))
        })?;
        let Some(name) = name_after(sentence, verb) else {
            return Some(left_out(format!("`{sentence}` names no polling action")));
        };
        let Some(poller) = self.pollers.iter().find(|p| p.action.name == name) else {
            return Some(left_out(self.unusable(&name, sentence)));
        };
        let Some((id, input)) = self.id_for(action, poller, None) else {
            return Some(left_out(format!(
                "`{sentence}`: {name} takes no id this action's response has"
            )));
        };
        Some(TaskDecision::Task(Box::new(polling(
            poller, id, input, source, sentence,
        ))))
    }

    /// The task id member's description, or the page's example.
    fn by_task_id(&self, action: &Action) -> TaskDecision {
        let Some((path, member)) = task_id(&action.output, self.objects) else {
            if has_order_id(&action.output, self.objects) {
                return left_out(format!(
                    "its id is an order (`{ORDER_ID}`), which no task action polls"
                ));
            }
            return TaskDecision::NotAsync;
        };
        let description = member.description.as_str();
        let named = self.pollers.iter().find(|p| {
            p.action.name != action.name
                && (!p.action.title.is_empty() && description.contains(p.action.title.as_str())
                    || name_after(description, ID_VERB).as_deref() == Some(&p.action.name))
        });
        let (poller, source, sentence) = match named {
            Some(poller) => (poller, "id-description", description.to_string()),
            None => {
                let shown = self.pollers.iter().find_map(|poller| {
                    let example =
                        poller.action.examples.iter().find(|e| {
                            (action.span.start..=action.span.end).contains(&e.span.start)
                        })?;
                    Some((poller, example.title.clone()))
                });
                match shown {
                    Some((poller, title)) => (poller, "example", title),
                    None => match name_after(description, ID_VERB) {
                        Some(name) => return left_out(self.unusable(&name, description)),
                        None => {
                            return left_out(format!(
                                "its `{}` (`{description}`) names no polling action",
                                path.join(".")
                            ))
                        }
                    },
                }
            }
        };
        match self.id_for(action, poller, Some((path, member))) {
            Some((id, input)) => {
                TaskDecision::Task(Box::new(polling(poller, id, input, source, &sentence)))
            }
            None => left_out(format!(
                "{} takes no `{}` input",
                poller.action.name, member.name
            )),
        }
    }

    /// Why a named polling action cannot poll: the docs do not document it, or its page lists
    /// no states.
    fn unusable(&self, name: &str, sentence: &str) -> String {
        if self.actions.iter().any(|a| a.name == name) {
            format!("`{sentence}`: {name}'s response lists no task states")
        } else {
            format!("`{sentence}`: the docs document no action {name}")
        }
    }

    /// The id to send and the polling action's input taking it.
    fn id_for(
        &self,
        action: &Action,
        poller: &Poller<'_>,
        found: Option<(Vec<String>, &Member)>,
    ) -> Option<(Vec<String>, String)> {
        let input = id_input(poller.action)?;
        if input.description.contains(REQUEST_ID) {
            action.output.iter().find(|m| m.name == REQUEST_ID)?;
            return Some((vec![REQUEST_ID.to_string()], input.name.clone()));
        }
        let (path, member) = match found {
            Some(found) => found,
            None => task_id(&action.output, self.objects)?,
        };
        (member.name == input.name).then(|| (path, input.name.clone()))
    }
}

fn left_out(reason: String) -> TaskDecision {
    TaskDecision::LeftOut(reason)
}

fn polling(
    poller: &Poller<'_>,
    id: Vec<String>,
    input: String,
    source: &str,
    sentence: &str,
) -> TaskPolling {
    let states = poller.states.clone();
    TaskPolling {
        action: poller.action.name.clone(),
        id,
        input,
        source: source.to_string(),
        sentence: sentence.to_string(),
        status: states.status,
        running: states.running,
        success: states.success,
        failure: states.failure,
        code: states.code,
        message: states.message,
    }
}

/// The input member a polling action takes the id in (`taskId`, `TaskId`).
fn id_input(action: &Action) -> Option<&Member> {
    action
        .input
        .iter()
        .find(|m| TASK_IDS.contains(&m.name.as_str()))
}

/// The sentence of `text` that contains `mark`: from the previous full stop or line break to
/// its own full stop (kept) or the end of its line.
fn sentence_with<'t>(text: &'t str, mark: &str) -> Option<&'t str> {
    let at = text.find(mark)?;
    let start = text[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '。' | '\n'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[at..]
        .char_indices()
        .find(|(_, c)| matches!(c, '。' | '\n'))
        .map_or(text.len(), |(i, c)| {
            at + i + if c == '。' { c.len_utf8() } else { 0 }
        });
    Some(text[start..end].trim())
}

/// The action name right after `verb` (past spaces, backticks and a link's `[`): `可调用
/// [DescribeVpcTaskResult](#) 接口` and `轮询`DescribeVpcTaskResult`接口` both give
/// `DescribeVpcTaskResult`.
fn name_after(text: &str, verb: &str) -> Option<String> {
    let at = text.find(verb)? + verb.len();
    let rest = text[at..].trim_start_matches([' ', '`', '[']);
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let starts_upper = name.chars().next().is_some_and(|c| c.is_ascii_uppercase());
    starts_upper.then_some(name)
}

/// The states a polling action's response documents: the first scalar member, at the top or
/// one object down, whose description maps a success and a failure value.
fn states(action: &Action, objects: &[Object]) -> Option<States> {
    let top = (Vec::new(), action.output.as_slice());
    let nested = action.output.iter().filter_map(|member| {
        let object = object_of(member, objects)?;
        Some((vec![member.name.clone()], object.members.as_slice()))
    });
    std::iter::once(top)
        .chain(nested)
        .find_map(|(prefix, members)| {
            members.iter().find_map(|member| {
                if !is_scalar(&member.ty) {
                    return None;
                }
                let (running, success, failure) = parse_states(&member.description)?;
                let path = |name: &str| {
                    let mut path = prefix.clone();
                    path.push(name.to_string());
                    path
                };
                let (code, message) = failure_detail(members, objects, &path);
                Some(States {
                    status: path(&member.name),
                    running,
                    success,
                    failure,
                    code,
                    message,
                })
            })
        })
}

/// A failure's code and message, beside the status: an `output` object with `code` and
/// `message` (v2's `任务执行中间状况详情`) or an `Output` text (`异步任务执行输出`).
fn failure_detail(
    members: &[Member],
    objects: &[Object],
    path: &dyn Fn(&str) -> Vec<String>,
) -> (Vec<String>, Vec<String>) {
    let Some(output) = members
        .iter()
        .find(|m| m.name.eq_ignore_ascii_case("output"))
    else {
        return (Vec::new(), Vec::new());
    };
    if output.ty == TypeRef::String {
        return (Vec::new(), path(&output.name));
    }
    let Some(object) = object_of(output, objects) else {
        return (Vec::new(), Vec::new());
    };
    let inner = |name: &str| {
        object
            .members
            .iter()
            .find(|m| m.name == name && is_scalar(&m.ty))
            .map(|m| {
                let mut at = path(&output.name);
                at.push(m.name.clone());
                at
            })
            .unwrap_or_default()
    };
    (inner("code"), inner("message"))
}

/// Reads `value：meaning` / `"value"：meaning` / `value表示meaning` pairs out of a status
/// description and sorts the values by meaning (running, success, failure). `None` unless both
/// a success and a failure value are listed.
pub fn parse_states(description: &str) -> Option<(Vec<String>, Vec<String>, Vec<String>)> {
    let (mut running, mut success, mut failure) = (Vec::new(), Vec::new(), Vec::new());
    let mut rest = description;
    while let Some(start) = rest.find(|c: char| c.is_ascii_alphanumeric()) {
        let before = rest[..start].chars().next_back();
        let token_len = rest[start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len() - start);
        let token = &rest[start..start + token_len];
        rest = &rest[start + token_len..];
        // A value stands alone: not the tail of a word (`TaskId3`) or of a Chinese phrase
        // naming it (`其中SUCCESS` is fine, the value starts there).
        if before.is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let after = rest.trim_start_matches(['"', '”', '\'', ' ']);
        let Some(meaning) = ["：", ":", "表示"]
            .iter()
            .find_map(|sep| after.strip_prefix(sep))
        else {
            continue;
        };
        let meaning = meaning
            .trim_start()
            .split(['，', ',', '。', '；', ';', '、', '"', '\n'])
            .next()
            .unwrap_or_default();
        let list = if meaning.contains("失败") {
            &mut failure
        } else if meaning.contains("成功") {
            &mut success
        } else if meaning.contains("进行中") || meaning.contains("执行中") {
            &mut running
        } else {
            continue;
        };
        if !list.iter().any(|v| v == token) {
            list.push(token.to_string());
        }
    }
    (!success.is_empty() && !failure.is_empty()).then_some((running, success, failure))
}

fn is_scalar(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::String | TypeRef::Integer | TypeRef::Unsigned)
}

fn object_of<'a>(member: &Member, objects: &'a [Object]) -> Option<&'a Object> {
    let TypeRef::Object(name) = &member.ty else {
        return None;
    };
    objects.iter().find(|object| &object.name == name)
}

fn task_id<'a>(output: &'a [Member], objects: &'a [Object]) -> Option<(Vec<String>, &'a Member)> {
    let is_id = |m: &&Member| TASK_IDS.contains(&m.name.as_str());
    if let Some(member) = output.iter().find(is_id) {
        return Some((vec![member.name.clone()], member));
    }
    output.iter().find_map(|member| {
        let object = object_of(member, objects)?;
        let id = object.members.iter().find(is_id)?;
        Some((vec![member.name.clone(), id.name.clone()], id))
    })
}

fn has_order_id(output: &[Member], objects: &[Object]) -> bool {
    output.iter().any(|member| {
        member.name == ORDER_ID
            || object_of(member, objects)
                .is_some_and(|object| object.members.iter().any(|m| m.name == ORDER_ID))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, ty: &str, description: &str) -> Member {
        serde_json::from_value(serde_json::json!({
            "name": name, "type": ty, "required": false, "description": description, "line": 1,
        }))
        .unwrap()
    }

    fn action(name: &str, description: &str, input: Vec<Member>, output: Vec<Member>) -> Action {
        Action {
            name: name.into(),
            description: description.into(),
            input,
            output,
            ..Action::default()
        }
    }

    fn request_id() -> Member {
        member(
            "RequestId",
            "string",
            "唯一请求 ID，由服务端生成，每次请求都会返回。",
        )
    }

    /// Today's two polling pages, as their tables read.
    fn pollers() -> Vec<Action> {
        vec![
            action(
                "DescribeVpcTaskResult",
                "本接口（DescribeVpcTaskResult）用于查询VPC任务执行结果。",
                vec![member("TaskId", "string", "异步任务请求返回的RequestId。")],
                vec![
                    member(
                        "Status",
                        "string",
                        "异步任务执行结果。结果：SUCCESS、FAILED、RUNNING。3者其中之一。其中SUCCESS表示任务执行成功，FAILED表示任务执行失败，RUNNING表示任务执行中。",
                    ),
                    member("Output", "string", "异步任务执行输出。"),
                    request_id(),
                ],
            ),
            action(
                "DescribeTaskResult",
                "本接口（DescribeTaskResult）用于查询EIP异步任务执行结果。",
                vec![member(
                    "TaskId",
                    "integer",
                    "异步任务ID。从异步任务接口返回结果中查看。例如：AllocateAddresses接口。TaskId和DealName必填一个参数。",
                )],
                vec![
                    member("TaskId", "integer", "任务ID"),
                    member(
                        "Result",
                        "string",
                        "执行结果，包括\"SUCCESS\"：异步任务执行成功, \"FAILED\"：异步任务执行失败, \"RUNNING\"：异步任务执行中",
                    ),
                    request_id(),
                ],
            ),
        ]
    }

    fn decide(candidate: Action) -> TaskDecision {
        let mut actions = pollers();
        actions.push(candidate);
        let pollers = Pollers::new(&actions, &[]);
        pollers.decide(actions.last().unwrap())
    }

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn states_are_read_from_the_status_descriptions() {
        let vpc = "异步任务执行结果。结果：SUCCESS、FAILED、RUNNING。3者其中之一。其中SUCCESS表示任务执行成功，FAILED表示任务执行失败，RUNNING表示任务执行中。";
        let eip = "执行结果，包括\"SUCCESS\"：异步任务执行成功, \"FAILED\"：异步任务执行失败, \"RUNNING\"：异步任务执行中";
        let v2 = "任务的当前状态。0：成功，1：失败，2：进行中。";
        for description in [vpc, eip] {
            assert_eq!(
                parse_states(description),
                Some((
                    strings(&["RUNNING"]),
                    strings(&["SUCCESS"]),
                    strings(&["FAILED"])
                ))
            );
        }
        assert_eq!(
            parse_states(v2),
            Some((strings(&["2"]), strings(&["0"]), strings(&["1"])))
        );
        // A state list without success and failure is no task's: today's `State` of a
        // connection (`PENDING：申请中 ACTIVE：已连接 …`) and an id's description.
        assert_eq!(
            parse_states("关联实例状态： PENDING：申请中 ACTIVE：已连接 EXPIRED：已过期"),
            None
        );
        assert_eq!(parse_states("任务ID"), None);
    }

    #[test]
    fn the_async_note_names_the_poller_and_its_request_id_input() {
        let TaskDecision::Task(task) = decide(action(
            "DeleteAddressTemplate",
            "本接口（DeleteAddressTemplate）用于删除IP地址模板。\n本接口为异步接口，可调用 DescribeVpcTaskResult 接口查询任务执行结果，待任务执行成功后再进行其他操作。",
            vec![],
            vec![request_id()],
        )) else {
            panic!()
        };
        assert_eq!(task.action, "DescribeVpcTaskResult");
        assert_eq!(
            (task.id, task.input),
            (strings(&["RequestId"]), "TaskId".into())
        );
        assert_eq!(task.source, "async-note");
        assert_eq!(
            task.sentence,
            "本接口为异步接口，可调用 DescribeVpcTaskResult 接口查询任务执行结果，待任务执行成功后再进行其他操作。"
        );
        assert_eq!(task.status, ["Status"]);
        assert_eq!(task.message, ["Output"]);
        assert!(task.code.is_empty());
    }

    #[test]
    fn the_done_note_reads_past_backticks() {
        let TaskDecision::Task(task) = decide(action(
            "MigrateNetworkInterface",
            "本接口（MigrateNetworkInterface）用于弹性网卡迁移。\n本接口是异步完成，如需查询异步任务执行结果，请使用本接口返回的RequestId轮询DescribeVpcTaskResult `接口。",
            vec![],
            vec![request_id()],
        )) else {
            panic!()
        };
        assert_eq!(
            (task.action.as_str(), task.source.as_str()),
            ("DescribeVpcTaskResult", "async-done-note")
        );
    }

    #[test]
    fn an_eip_task_id_names_describe_task_result() {
        let TaskDecision::Task(task) = decide(action(
            "AllocateAddresses",
            "本接口 (AllocateAddresses) 用于申请一个或多个弹性公网IP（简称 EIP）。",
            vec![],
            vec![
                member(
                    "TaskId",
                    "string",
                    "异步任务TaskId。可以使用DescribeTaskResult接口查询任务状态。",
                ),
                request_id(),
            ],
        )) else {
            panic!()
        };
        assert_eq!(task.action, "DescribeTaskResult");
        assert_eq!(
            (task.id, task.input),
            (strings(&["TaskId"]), "TaskId".into())
        );
        assert_eq!(task.source, "id-description");
        assert_eq!(task.status, ["Result"]);
        assert!(task.message.is_empty());
    }

    #[test]
    fn async_actions_without_a_usable_poller_are_left_out_with_the_reason() {
        let cases = [
            (
                action("DeleteVpnConnection", "本接口（DeleteVpnConnection）用于删除VPN通道。\n本接口为异步接口", vec![], vec![request_id()]),
                "`本接口为异步接口` names no polling action",
            ),
            (
                action(
                    "DeleteDirectConnectGateway",
                    "本接口是异步完成，如需查询异步任务执行结果，请使用本接口返回的RequestId轮询QueryTask接口",
                    vec![],
                    vec![request_id()],
                ),
                "`本接口是异步完成，如需查询异步任务执行结果，请使用本接口返回的RequestId轮询QueryTask接口`: the docs document no action QueryTask",
            ),
            (
                action("CreateVpnGatewaySslClient", "", vec![], vec![member("TaskId", "integer", "异步任务ID。"), request_id()]),
                "its `TaskId` (`异步任务ID。`) names no polling action",
            ),
        ];
        for (candidate, reason) in cases {
            assert_eq!(decide(candidate), TaskDecision::LeftOut(reason.into()));
        }
        // The polling actions themselves, and actions that say nothing of a task.
        let actions = pollers();
        let pollers = Pollers::new(&actions, &[]);
        for poller in &actions {
            assert_eq!(pollers.decide(poller), TaskDecision::NotAsync);
        }
        assert_eq!(
            decide(action(
                "DescribeVpcs",
                "本接口（DescribeVpcs）用于查询私有网络列表。",
                vec![],
                vec![request_id()]
            )),
            TaskDecision::NotAsync
        );
    }
}
