//! Walks two specs side by side and collects the [`Change`]s between them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::classify::NONE;
use super::{
    Change, ChangeKind, DiffError, Property, Side, SpecDiff, SpecSetDiff, Subject, Warning,
};
use crate::spec::{
    Action, ApiSpec, Envelope, ErrorCode, Example, Generation, Language, Member, Object, Paging,
    RegionParam, RetrySafety, TaskPolling,
};

/// The semantic diff of two specs, normally of the same generation.
///
/// A different `version` is reported as a breaking [`Property::Version`] change; the result is
/// keyed by the new version.
pub fn diff_specs(old: &ApiSpec, new: &ApiSpec) -> SpecDiff {
    let mut diff = Differ {
        old_codes: all_error_codes(old),
        new_codes: all_error_codes(new),
        changes: Vec::new(),
        warnings: Vec::new(),
    };
    diff.spec(old, new);
    let mut warnings = std::mem::take(&mut diff.warnings);
    warnings.sort_by(|a, b| a.subject.sort_key().cmp(&b.subject.sort_key()));
    SpecDiff {
        version: new.version.clone(),
        changes: diff.into_sorted_changes(),
        warnings,
    }
}

/// The semantic diff of two sets of specs, matched by [`ApiSpec::version`].
///
/// A version found on one side only is reported as a generation added or removed (with its
/// numbers of actions and objects, not every action). Fails when one side holds a version twice.
pub fn diff_spec_sets(old: &[ApiSpec], new: &[ApiSpec]) -> Result<SpecSetDiff, DiffError> {
    let old = by_version(old, Side::Old)?;
    let new = by_version(new, Side::New)?;
    let mut generations: BTreeMap<&str, SpecDiff> = BTreeMap::new();
    for (version, old_spec) in &old {
        let diff = match new.get(version) {
            Some(new_spec) => diff_specs(old_spec, new_spec),
            None => one_sided(
                old_spec,
                ChangeKind::GenerationRemoved {
                    actions: old_spec.actions.len(),
                    objects: old_spec.objects.len(),
                },
            ),
        };
        generations.insert(version, diff);
    }
    for (version, new_spec) in new
        .iter()
        .filter(|(version, _)| !old.contains_key(*version))
    {
        let added = ChangeKind::GenerationAdded {
            actions: new_spec.actions.len(),
            objects: new_spec.objects.len(),
        };
        generations.insert(version, one_sided(new_spec, added));
    }
    Ok(SpecSetDiff {
        generations: generations.into_values().collect(),
    })
}

fn by_version(specs: &[ApiSpec], side: Side) -> Result<BTreeMap<&str, &ApiSpec>, DiffError> {
    let mut map = BTreeMap::new();
    for spec in specs {
        if map.insert(spec.version.as_str(), spec).is_some() {
            return Err(DiffError::DuplicateVersion {
                side,
                version: spec.version.clone(),
            });
        }
    }
    Ok(map)
}

fn one_sided(spec: &ApiSpec, kind: ChangeKind) -> SpecDiff {
    SpecDiff {
        version: spec.version.clone(),
        changes: vec![Change::new(Subject::Spec, kind)],
        warnings: Vec::new(),
    }
}

/// `Offset/Limit -> VpcSet (total TotalCount, max 100)`, or `none`.
fn retry_safety_text(safety: Option<&RetrySafety>) -> String {
    match safety {
        None => NONE.to_string(),
        Some(RetrySafety::ReadOnly { reason }) => format!("read_only ({reason})"),
        Some(RetrySafety::Token { member, reason }) => format!("token {member} ({reason})"),
    }
}

fn paging_text(paging: Option<&Paging>) -> String {
    let Some(paging) = paging else {
        return NONE.to_string();
    };
    let mut text = format!(
        "{}/{} -> {}",
        paging.offset,
        paging.limit,
        paging.items.join(".")
    );
    if let Some(total) = &paging.total {
        text.push_str(&format!(" (total {})", total.join(".")));
    }
    if let Some(max) = paging.max_limit {
        text.push_str(&format!(" (max {max})"));
    }
    text
}

/// `DescribeVpcTaskResult(TaskId) <- RequestId; Status: SUCCESS|FAILED|RUNNING (async-note)`
/// (the values meaning success, failure and running, in that order), or `none`. A spec written
/// before the states were recorded shows the poller and id alone.
fn task_text(task: Option<&TaskPolling>) -> String {
    let Some(task) = task else {
        return NONE.to_string();
    };
    let mut text = format!("{}({}) <- {}", task.action, task.input, task.id.join("."));
    if !task.status.is_empty() {
        let states = [&task.success, &task.failure, &task.running].map(|values| values.join(","));
        text.push_str(&format!(
            "; {}: {} ({})",
            task.status.join("."),
            states.join("|"),
            task.source
        ));
    }
    text
}

/// Every error code a generation's `ErrorCode` enum would have a variant for.
fn all_error_codes(spec: &ApiSpec) -> BTreeSet<&str> {
    spec.common_errors
        .iter()
        .chain(spec.actions.iter().flat_map(|a| &a.errors))
        .map(|e| e.code.as_str())
        .collect()
}

struct Differ<'a> {
    old_codes: BTreeSet<&'a str>,
    new_codes: BTreeSet<&'a str>,
    changes: Vec<Change>,
    warnings: Vec<Warning>,
}

impl<'a> Differ<'a> {
    fn push(&mut self, subject: Subject, kind: ChangeKind) {
        self.changes.push(Change::new(subject, kind));
    }

    fn into_sorted_changes(mut self) -> Vec<Change> {
        // A stable sort keeps the walk order among changes of one subject (type before required).
        self.changes.sort_by(|a, b| {
            (a.severity, a.subject.sort_key()).cmp(&(b.severity, b.subject.sort_key()))
        });
        self.changes
    }

    fn property(
        &mut self,
        subject: impl FnOnce() -> Subject,
        property: Property,
        old: &str,
        new: &str,
    ) {
        if old != new {
            self.push(
                subject(),
                ChangeKind::PropertyChanged {
                    property,
                    old: old.to_string(),
                    new: new.to_string(),
                },
            );
        }
    }

    fn spec(&mut self, old: &'a ApiSpec, new: &'a ApiSpec) {
        self.property(
            || Subject::Spec,
            Property::Version,
            &old.version,
            &new.version,
        );
        self.property(
            || Subject::Spec,
            Property::Generation,
            generation_name(old.generation),
            generation_name(new.generation),
        );
        self.property(
            || Subject::Spec,
            Property::Service,
            &old.service,
            &new.service,
        );
        self.property(|| Subject::Spec, Property::Host, &old.host, &new.host);
        self.property(|| Subject::Spec, Property::Path, &old.path, &new.path);
        self.property(
            || Subject::Spec,
            Property::Envelope,
            envelope_name(old.envelope),
            envelope_name(new.envelope),
        );
        self.property(
            || Subject::Spec,
            Property::Language,
            language_name(old.language),
            language_name(new.language),
        );

        let mut texts = self.members(&old.common_params, &new.common_params, |member| {
            Subject::CommonParam { member }
        });
        texts += self.errors(&old.common_errors, &new.common_errors, |code| {
            Subject::CommonError { code }
        });
        self.descriptions(Subject::Spec, texts);

        for pair in pair_by_name(&old.actions, &new.actions, |a| &a.name) {
            let subject = Subject::Action {
                action: pair.key.clone(),
            };
            match pair.sides {
                Sides::Both(old, new) => self.action(pair.key, old, new),
                Sides::OldOnly(old) => {
                    let facts = ActionFacts::of(old);
                    self.push(
                        subject,
                        ChangeKind::ActionRemoved {
                            title: facts.title,
                            input: facts.input,
                            output: facts.output,
                            errors: facts.errors,
                        },
                    );
                    self.variants_of_one_sided_action(&pair.key, old, Side::Old);
                }
                Sides::NewOnly(new) => {
                    let facts = ActionFacts::of(new);
                    self.push(
                        subject,
                        ChangeKind::ActionAdded {
                            title: facts.title,
                            input: facts.input,
                            output: facts.output,
                            errors: facts.errors,
                        },
                    );
                    self.variants_of_one_sided_action(&pair.key, new, Side::New);
                }
            }
        }
        for pair in pair_by_name(&old.objects, &new.objects, |o| &o.name) {
            let subject = Subject::Object {
                object: pair.key.clone(),
            };
            match pair.sides {
                Sides::Both(old, new) => self.object(pair.key, old, new),
                Sides::OldOnly(old) => self.push(
                    subject,
                    ChangeKind::ObjectRemoved {
                        members: old.members.len(),
                    },
                ),
                Sides::NewOnly(new) => self.push(
                    subject,
                    ChangeKind::ObjectAdded {
                        members: new.members.len(),
                    },
                ),
            }
        }
    }

    fn action(&mut self, name: String, old: &'a Action, new: &'a Action) {
        let subject = || Subject::Action {
            action: name.clone(),
        };
        self.property(subject, Property::Host, &old.host, &new.host);
        self.property(
            subject,
            Property::Async,
            bool_name(old.is_async),
            bool_name(new.is_async),
        );
        let region = |a: &Action| match a.region {
            None => "none",
            Some(RegionParam::Required) => "required",
            Some(RegionParam::Optional) => "optional",
            Some(RegionParam::NotAccepted) => "not_accepted",
        };
        self.property(subject, Property::Region, region(old), region(new));
        let rate = |a: &Action| {
            a.rate_limit
                .map(|r| r.to_string())
                .unwrap_or_else(|| "none".to_string())
        };
        self.property(subject, Property::RateLimit, &rate(old), &rate(new));
        let mut texts =
            usize::from(old.title != new.title) + usize::from(old.description != new.description);
        texts += self.members(&old.input, &new.input, |member| Subject::Input {
            action: name.clone(),
            member,
        });
        texts += self.members(&old.output, &new.output, |member| Subject::Output {
            action: name.clone(),
            member,
        });
        texts += self.errors(&old.errors, &new.errors, |code| Subject::ActionError {
            action: name.clone(),
            code,
        });
        self.descriptions(subject(), texts);
        self.examples(subject(), &old.examples, &new.examples);
        self.derived(&name, old, new);
    }

    /// The fields `codegen::enrich` derives: paging, task polling, numeric strings, filters.
    fn derived(&mut self, name: &str, old: &'a Action, new: &'a Action) {
        let subject = || Subject::Action {
            action: name.to_string(),
        };
        self.property(
            subject,
            Property::Paging,
            &paging_text(old.paging.as_ref()),
            &paging_text(new.paging.as_ref()),
        );
        self.property(
            subject,
            Property::Task,
            &task_text(old.task.as_ref()),
            &task_text(new.task.as_ref()),
        );
        self.property(
            subject,
            Property::RetrySafety,
            &retry_safety_text(old.retry_safety.as_ref()),
            &retry_safety_text(new.retry_safety.as_ref()),
        );
        self.property(
            subject,
            Property::TaskLeftOut,
            old.task_left_out.as_deref().unwrap_or(NONE),
            new.task_left_out.as_deref().unwrap_or(NONE),
        );
        let numeric = |action: &Action, member: &str| {
            if action.numeric_strings.iter().any(|m| m == member) {
                "integer-or-string"
            } else {
                NONE
            }
        };
        let mut members: Vec<&str> = old
            .numeric_strings
            .iter()
            .chain(&new.numeric_strings)
            .map(String::as_str)
            .collect();
        members.sort_unstable();
        members.dedup();
        for member in members {
            // A member that disappears is reported as removed already.
            if new.input.iter().any(|m| m.name == member) {
                self.property(
                    || Subject::Input {
                        action: name.to_string(),
                        member: member.to_string(),
                    },
                    Property::NumericString,
                    numeric(old, member),
                    numeric(new, member),
                );
            }
        }
        for pair in pair_by_name(&old.filters, &new.filters, |f| &f.name) {
            let subject = || Subject::Filter {
                action: name.to_string(),
                filter: pair.key.clone(),
            };
            match pair.sides {
                Sides::Both(old, new) => self.property(
                    subject,
                    Property::FilterType,
                    &old.ty.to_string(),
                    &new.ty.to_string(),
                ),
                Sides::OldOnly(old) => self.push(
                    subject(),
                    ChangeKind::FilterRemoved {
                        ty: old.ty.to_string(),
                    },
                ),
                Sides::NewOnly(new) => self.push(
                    subject(),
                    ChangeKind::FilterAdded {
                        ty: new.ty.to_string(),
                    },
                ),
            }
        }
    }

    /// An added or removed action's error codes are not listed one by one, except those whose
    /// `ErrorCode` variant appears or disappears with it: that is a change of its own.
    fn variants_of_one_sided_action(&mut self, name: &str, action: &'a Action, side: Side) {
        for error in merge_repeated_codes(&action.errors) {
            let subject = || Subject::ActionError {
                action: name.to_string(),
                code: error.code.clone(),
            };
            match side {
                Side::Old if !self.new_codes.contains(error.code.as_str()) => {
                    self.push(
                        subject(),
                        ChangeKind::ErrorCodeRemoved {
                            variant_removed: true,
                        },
                    );
                }
                Side::New if !self.old_codes.contains(error.code.as_str()) => {
                    self.push(subject(), ChangeKind::ErrorCodeAdded { new_variant: true });
                }
                _ => {}
            }
        }
    }

    fn object(&mut self, name: String, old: &'a Object, new: &'a Object) {
        let subject = || Subject::Object {
            object: name.clone(),
        };
        self.property(subject, Property::Origin, &old.origin, &new.origin);
        let mut texts = usize::from(old.description != new.description);
        texts += self.members(&old.members, &new.members, |member| Subject::ObjectMember {
            object: name.clone(),
            member,
        });
        self.descriptions(subject(), texts);
    }

    /// Reports member changes; returns how many descriptions of members on both sides differ.
    ///
    /// A member found on one side only is first offered to [`pair_renames`]: a removed and an
    /// added member with similar names become one [`ChangeKind::MemberRenamed`].
    fn members(
        &mut self,
        old: &[Member],
        new: &[Member],
        subject: impl Fn(String) -> Subject,
    ) -> usize {
        let mut texts = 0;
        let mut removed: Vec<(String, &Member)> = Vec::new();
        let mut added: Vec<(String, &Member)> = Vec::new();
        for pair in pair_by_name(old, new, |m| &m.name) {
            match pair.sides {
                Sides::Both(old, new) => {
                    if old.ty != new.ty {
                        self.push(
                            subject(pair.key.clone()),
                            ChangeKind::TypeChanged {
                                old: old.ty.clone(),
                                new: new.ty.clone(),
                            },
                        );
                    }
                    self.required_flags(subject(pair.key.clone()), old, new);
                    // A member's example value is documentation, counted with its description.
                    texts += usize::from(
                        old.description != new.description || old.example != new.example,
                    );
                }
                Sides::OldOnly(old) => removed.push((pair.key, old)),
                Sides::NewOnly(new) => added.push((pair.key, new)),
            }
        }
        let renames = pair_renames(&removed, &added);
        for (key, old) in &removed {
            if !renames.iter().any(|(from, _)| from == key) {
                self.push(
                    subject(key.clone()),
                    ChangeKind::MemberRemoved {
                        ty: old.ty.clone(),
                        required: old.required,
                    },
                );
            }
        }
        for (key, new) in &added {
            match renames.iter().find(|(_, to)| to == key) {
                Some((from, _)) => {
                    let old = removed
                        .iter()
                        .find(|(k, _)| k == from)
                        .map(|(_, m)| *m)
                        .expect("a rename pairs a removed member");
                    self.push(
                        subject(key.clone()),
                        ChangeKind::MemberRenamed {
                            from: from.clone(),
                            old_type: old.ty.clone(),
                            old_required: old.required,
                            ty: new.ty.clone(),
                            required: new.required,
                        },
                    );
                }
                None => self.push(
                    subject(key.clone()),
                    ChangeKind::MemberAdded {
                        ty: new.ty.clone(),
                        required: new.required,
                    },
                ),
            }
        }
        texts
    }

    /// Compares the required flags of a member on both sides. A flag the docs do not state
    /// (`-`) on one side only is no change: the stated side's flag is kept, with a warning.
    fn required_flags(&mut self, subject: Subject, old: &Member, new: &Member) {
        match (old.required_unstated, new.required_unstated) {
            (false, true) | (true, false) => {
                let (unstated, stated, flag) = if new.required_unstated {
                    ("new", "old", old.required)
                } else {
                    ("old", "new", new.required)
                };
                self.warnings.push(Warning {
                    subject,
                    message: format!(
                        "the {unstated} docs mark its required flag `-` (not stated); kept the {stated} spec's `{}` instead of reporting a change",
                        if flag { "required" } else { "optional" }
                    ),
                });
            }
            _ if old.required != new.required => self.push(
                subject,
                ChangeKind::RequiredChanged {
                    old: old.required,
                    new: new.required,
                },
            ),
            _ => {}
        }
    }

    /// Reports error code changes; returns how many descriptions of codes on both sides differ.
    fn errors(
        &mut self,
        old: &[ErrorCode],
        new: &[ErrorCode],
        subject: impl Fn(String) -> Subject,
    ) -> usize {
        let mut texts = 0;
        let (old, new) = (merge_repeated_codes(old), merge_repeated_codes(new));
        for pair in pair_by_name(&old, &new, |e| &e.code) {
            match pair.sides {
                Sides::Both(old, new) => {
                    let category =
                        |e: &ErrorCode| e.category.clone().unwrap_or_else(|| NONE.to_string());
                    self.property(
                        || subject(pair.key.clone()),
                        Property::Category,
                        &category(old),
                        &category(new),
                    );
                    texts += usize::from(old.description != new.description);
                }
                Sides::OldOnly(old) => {
                    let variant_removed = !self.new_codes.contains(old.code.as_str());
                    self.push(
                        subject(pair.key),
                        ChangeKind::ErrorCodeRemoved { variant_removed },
                    );
                }
                Sides::NewOnly(new) => {
                    let new_variant = !self.old_codes.contains(new.code.as_str());
                    self.push(
                        subject(pair.key),
                        ChangeKind::ErrorCodeAdded { new_variant },
                    );
                }
            }
        }
        texts
    }

    fn descriptions(&mut self, subject: Subject, count: usize) {
        if count > 0 {
            self.push(subject, ChangeKind::DescriptionsChanged { count });
        }
    }

    fn examples(&mut self, subject: Subject, old: &[Example], new: &[Example]) {
        let (mut added, mut removed, mut changed) = (0, 0, 0);
        for pair in pair_by_name(old, new, |e| &e.title) {
            match pair.sides {
                Sides::Both(old, new) => {
                    changed += usize::from(
                        old.form_params() != new.form_params() || old.response != new.response,
                    );
                }
                Sides::OldOnly(_) => removed += 1,
                Sides::NewOnly(_) => added += 1,
            }
        }
        if added + removed + changed > 0 {
            self.push(
                subject,
                ChangeKind::ExamplesChanged {
                    added,
                    removed,
                    changed,
                },
            );
        }
    }
}

/// What an added or removed action's one line in a review says about it.
struct ActionFacts {
    title: String,
    input: usize,
    output: usize,
    errors: usize,
}

impl ActionFacts {
    fn of(action: &Action) -> ActionFacts {
        ActionFacts {
            title: action.title.clone(),
            input: action.input.len(),
            output: action.output.len(),
            errors: merge_repeated_codes(&action.errors).len(),
        }
    }
}

/// One entry per code: a code the docs list in two tables (today's AuthFailure codes are in
/// both the 返回结果 and the 接口鉴权 tables) is one code of the generated `ErrorCode` enum, so
/// it is compared as one, with the categories of all its listings (sorted, so that the order of
/// the tables does not show) and the distinct descriptions they give.
fn merge_repeated_codes(errors: &[ErrorCode]) -> Vec<ErrorCode> {
    let mut merged: Vec<ErrorCode> = Vec::new();
    let mut categories: Vec<BTreeSet<String>> = Vec::new();
    let mut descriptions: Vec<BTreeSet<String>> = Vec::new();
    for error in errors {
        let at = match merged.iter().position(|e| e.code == error.code) {
            Some(at) => at,
            None => {
                merged.push(error.clone());
                categories.push(BTreeSet::new());
                descriptions.push(BTreeSet::new());
                merged.len() - 1
            }
        };
        categories[at].extend(error.category.clone());
        if !error.description.is_empty() {
            descriptions[at].insert(error.description.clone());
        }
    }
    for ((error, categories), descriptions) in merged.iter_mut().zip(categories).zip(descriptions) {
        error.category =
            (!categories.is_empty()).then(|| categories.into_iter().collect::<Vec<_>>().join("+"));
        error.description = descriptions.into_iter().collect::<Vec<_>>().join(" / ");
    }
    merged
}

/// How many single-character edits (case ignored) make `a` into `b`, when that is small
/// enough for the two to be one name misspelt or reworded: at most a third of the longer name
/// (`RemotIdentity`/`RemoteIdentity`: 1; `ServiceTemplateName`/`ServiceTemplateGroupName`: 5
/// of 24). Otherwise `None`.
pub(crate) fn rename_distance(a: &str, b: &str) -> Option<usize> {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let longest = a.len().max(b.len());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substituted = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substituted.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    let distance = row[b.len()];
    (distance * 3 <= longest).then_some(distance)
}

/// Pairs members removed from one place with members added to it whose names are close
/// ([`rename_distance`]; at most two edits when the type changed too, as `InstanceId` →
/// `InstanceIds`), an unchanged type first, then the closest names; each member is in at most
/// one pair. Returns `(old key, new key)` pairs. The choice depends only on the names and
/// types, never on the order of the lists, so that diffing the other way pairs the same two.
fn pair_renames(
    removed: &[(String, &Member)],
    added: &[(String, &Member)],
) -> Vec<(String, String)> {
    // Ties between equally close pairs are broken by the names, the same way both ways round.
    let mut candidates: Vec<(bool, usize, &str, &str, &str, &str)> = Vec::new();
    for (from, old) in removed {
        for (to, new) in added {
            let retyped = old.ty != new.ty;
            if let Some(distance) = rename_distance(from, to).filter(|&d| !retyped || d <= 2) {
                let (low, high) = (from.as_str().min(to), from.as_str().max(to));
                candidates.push((retyped, distance, low, high, from, to));
            }
        }
    }
    candidates.sort();
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (_, _, _, _, from, to) in candidates {
        if !pairs.iter().any(|(f, t)| f == from || t == to) {
            pairs.push((from.to_string(), to.to_string()));
        }
    }
    pairs
}

fn generation_name(generation: Generation) -> &'static str {
    match generation {
        Generation::V3 => "v3",
        Generation::V2 => "v2",
    }
}

fn language_name(language: Language) -> &'static str {
    match language {
        Language::Chinese => "zh-CN",
        Language::English => "en-US",
    }
}

fn envelope_name(envelope: Envelope) -> &'static str {
    match envelope {
        Envelope::Response => "response",
        Envelope::CodeMessage => "code_message",
    }
}

fn bool_name(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
    }
}

/// One name's items in the two lists being compared.
#[derive(Debug)]
enum Sides<'a, T> {
    Both(&'a T, &'a T),
    OldOnly(&'a T),
    NewOnly(&'a T),
}

/// The same-named items of two lists, side by side.
#[derive(Debug)]
struct Pair<'a, T> {
    /// The name, with `#k` appended to its k-th occurrence (k ≥ 2) in its list.
    key: String,
    sides: Sides<'a, T>,
}

/// Matches items by name: the old list's order first, then the items only the new list has.
fn pair_by_name<'a, T>(old: &'a [T], new: &'a [T], name: impl Fn(&T) -> &str) -> Vec<Pair<'a, T>> {
    let keyed = |items: &'a [T]| -> Vec<(String, &'a T)> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        items
            .iter()
            .map(|item| {
                let occurrence = seen.entry(name(item)).or_insert(0);
                *occurrence += 1;
                let key = match *occurrence {
                    1 => name(item).to_string(),
                    k => format!("{}#{k}", name(item)),
                };
                (key, item)
            })
            .collect()
    };
    let new_keyed = keyed(new);
    let mut unmatched_new: HashMap<&str, &'a T> = new_keyed
        .iter()
        .map(|(k, item)| (k.as_str(), *item))
        .collect();
    let mut pairs: Vec<Pair<'a, T>> = keyed(old)
        .into_iter()
        .map(|(key, old)| {
            let sides = match unmatched_new.remove(key.as_str()) {
                Some(new) => Sides::Both(old, new),
                None => Sides::OldOnly(old),
            };
            Pair { key, sides }
        })
        .collect();
    for (key, new) in &new_keyed {
        if unmatched_new.contains_key(key.as_str()) {
            pairs.push(Pair {
                key: key.clone(),
                sides: Sides::NewOnly(new),
            });
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names<T>(pairs: &[Pair<'_, T>]) -> Vec<(String, bool, bool)> {
        pairs
            .iter()
            .map(|p| {
                let (old, new) = match p.sides {
                    Sides::Both(..) => (true, true),
                    Sides::OldOnly(_) => (true, false),
                    Sides::NewOnly(_) => (false, true),
                };
                (p.key.clone(), old, new)
            })
            .collect()
    }

    #[test]
    fn pairs_match_by_name_regardless_of_order() {
        let old = ["VpcId", "VpcName", "DomainName"];
        let new = ["Tags", "VpcName", "VpcId"];
        let pairs = pair_by_name(&old, &new, |s| s);
        assert_eq!(
            names(&pairs),
            [
                ("VpcId".to_string(), true, true),
                ("VpcName".to_string(), true, true),
                ("DomainName".to_string(), true, false),
                ("Tags".to_string(), false, true),
            ]
        );
    }

    #[test]
    fn repeated_names_are_matched_by_occurrence_not_dropped() {
        let old = ["Filter", "Filter", "Vpc"];
        let new = ["Filter", "Vpc", "Vpc"];
        let pairs = pair_by_name(&old, &new, |s| s);
        assert_eq!(
            names(&pairs),
            [
                ("Filter".to_string(), true, true),
                ("Filter#2".to_string(), true, false),
                ("Vpc".to_string(), true, true),
                ("Vpc#2".to_string(), false, true),
            ]
        );
    }
}
