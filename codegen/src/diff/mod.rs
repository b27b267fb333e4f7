//! Semantic diff of two [`ApiSpec`]s, for reviewing a documentation update.
//!
//! [`diff_specs`] compares one generation with another; [`diff_spec_sets`] compares two sets of
//! specs keyed by [`ApiSpec::version`], so that a generation present on one side only is reported
//! as added or removed. The result lists [`Change`]s, each classified by [`classify`] as
//! [`Severity::Breaking`], [`Severity::Additive`] or [`Severity::Info`], and can be rendered as
//! text, JSON, Markdown (a pull-request comment within a byte budget) or release notes in the
//! official SDKs' categories with [`render`] / [`render_with`]. A diff may also carry
//! [`Warning`]s: choices the specs alone do not settle, for a reviewer to check.
//!
//! # What is compared
//!
//! Things are matched by name, never by position: actions and objects by name, members by wire
//! name, error codes by code, examples by title. Consequently:
//!
//! - **Line numbers and spans are ignored entirely.** A documentation edit that only moves text
//!   around gives an empty diff.
//! - **Order is ignored** (of actions, objects, members, error codes, examples). Generated
//!   requests are built through builders and read through named fields, and request signing
//!   sorts the parameters, so no caller can observe the order.
//! - Descriptions (the titles and descriptions of actions, objects, members and error codes) are
//!   not listed text by text: each action, object and the spec's common part gets one
//!   [`ChangeKind::DescriptionsChanged`] with the number of texts that changed.
//! - Examples are summarised per action as counts of examples added, removed and changed.
//! - A code listed twice in one list of error codes (today's AuthFailure codes are in both
//!   the 返回结果 and the 接口鉴权 table) is one code, as in the generated `ErrorCode` enum.
//! - Names are expected to be unique within their list (the validator guarantees it). Should a
//!   hand-edited file repeat one, the k-th occurrence is matched with the k-th occurrence on the
//!   other side and shown as `Name#k` (k ≥ 2), so nothing is silently dropped.
//!
//! # Classification
//!
//! The question asked of every change is: *can code written against the old generated SDK stop
//! compiling, or start failing, against the new one?* If so it is **breaking**. Things that only
//! add to the SDK are **additive**. Things that change no generated signature (documentation,
//! examples, facts the types do not carry) are **info**. The rules rely on the shape of the
//! generated code fixed in `ARCHITECTURE.md` and the runtime contract: requests are built with
//! builders whose `build()` fails with a `BuildError` when a required member is missing; every
//! response and object field is an `Option<T>`; models are `#[non_exhaustive]`; each generation
//! has one `ErrorCode` enum holding every code documented anywhere in it (common or per action)
//! plus an `Other(String)` fallback.
//!
//! | change | where | class | why |
//! |---|---|---|---|
//! | generation added | set | additive | a new module |
//! | generation removed | set | breaking | the module disappears |
//! | `version`, `generation`, `service`, `host`, `path` or `envelope` changed | spec | breaking | requests go elsewhere, are signed for another scope or decoded differently |
//! | action added | | additive | a new client method with its request and response types |
//! | action removed | | breaking | the method and its types disappear |
//! | action `host` changed | action | breaking | the action is served elsewhere |
//! | `async` flag changed | action | info | the method's signature is unchanged; only its docs say so |
//! | `language` changed | spec | info | the docs were read in another language: only rustdoc changes |
//! | member added, required | input, common param, object | breaking | existing builders now fail at `build()` |
//! | member added, optional | input, common param, object | additive | a new `Option` setter/field on a `#[non_exhaustive]` type |
//! | member added | output | additive | responses gain a field |
//! | member removed | anywhere | breaking | its field and setter disappear |
//! | member renamed? (one removed, one of a similar name added in the same place) | anywhere | breaking | the old name's field and setter disappear; shown as one entry so that a reviewer sees the pair |
//! | required flag not stated (`-`) on one side | input, common param, object | no change, a [`Warning`] | the docs said nothing new; the stated side's flag is kept |
//! | type changed | anywhere | breaking | the field's Rust type changes |
//! | optional → required | input, common param, object | breaking | `build()` starts failing for callers that leave it unset |
//! | required → optional | input, common param, object | additive | `build()` accepts more; the setter is unchanged (\*) |
//! | required flag changed | output | info | response fields are always `Option<T>` |
//! | error code added | action or common | additive | a new variant of a `#[non_exhaustive]` enum, or one that already exists |
//! | error code removed, documented nowhere else in the generation | action or common | breaking | its `ErrorCode` variant disappears, so `match` arms naming it stop compiling |
//! | error code removed, still documented elsewhere | action or common | info | the variant stays; only the method's list of documented codes shrinks |
//! | error code of an added (removed) action | action | additive (breaking) | listed only when its `ErrorCode` variant appears (disappears) with the action |
//! | error code `category` changed | | info | not part of any type; a code listed in several tables of one list is one code with all their categories (`auth+common`) |
//! | object added | | additive | a new model type |
//! | object removed | | breaking | the model type disappears |
//! | object `origin` changed | object | info | where the object came from in the docs, not its shape |
//! | descriptions | everywhere | info | rustdoc text only |
//! | examples | action | info | they feed the example-replay tests, not the SDK |
//! | `paging` added / removed / changed | action | additive / breaking / info | the paginator appears / disappears; a changed page size or path only changes its behaviour |
//! | `task` added / removed / changed | action | additive / breaking / info | the `send_and_wait` glue appears / disappears; another polling action, id, status member or state values change its behaviour, not its signature (the text shows the poller, its input, the id, the status member, the values by meaning and the doc sentence's kind) |
//! | `task_left_out` changed | action | info | why an asynchronous action has no waiter: no glue either way |
//! | `retry_safety` added / removed / changed | action | info | which failures the runtime repeats the action after; no type changes |
//! | numeric string added / removed | input | additive / breaking | the fluent setter starts / stops taking integers |
//! | filter added / removed | filter | additive / breaking | its typed constructor appears / disappears |
//! | filter value type changed | filter | breaking | the typed constructor's argument type changes |
//!
//! (\*) Strictly, a required request member is a plain `T` field and an optional one an
//! `Option<T>`, so code that reads a field back from a request it built would need a change.
//! Requests are built and sent, not read, so this counts as additive. One more caveat: a builder
//! with no required member has an infallible `build()` (it returns the value, not a `Result`), so
//! when the *last* required member of a request or object becomes optional, `build()?` stops
//! compiling; the diff does not single that case out (it would need the whole member list), so a
//! reviewer should look at `required -> optional` changes of one-required-member types.
//!
//! Common parameters are classified like input members: the runtime fills in most of them, but a
//! new required one still makes every call fail until something supplies it.
//!
//! Object members are classified like input members, whether or not any request uses the
//! object: callers may construct any model (in tests, say), and telling input-only from
//! output-only objects would make the classification depend on distant parts of the spec.
//!
//! # JSON
//!
//! [`render`] with [`Format::Json`] prints `{"summary": {...}, "generations": [{"version",
//! "summary", "changes": [...]}]}`, where `summary` counts `breaking`, `additive` and `info`, and
//! each change is one flat object (a generation with [`Warning`]s also has `warnings`, each its
//! `scope` fields and a `message`): `severity`, the [`Subject`] (`scope` plus `action`, `member`,
//! `object` or `code`) and the [`ChangeKind`] (`change` plus its fields), e.g.
//!
//! ```json
//! {"severity": "breaking", "scope": "input", "action": "DescribeVpcs", "member": "Limit",
//!  "change": "type_changed", "old": "string", "new": "integer"}
//! ```
//!
//! The output reads back into a [`SpecSetDiff`] with serde (the summaries are ignored).

mod classify;
mod compare;
mod render;

use std::fmt;

use serde::{Deserialize, Serialize};

#[cfg(doc)]
use crate::spec::ApiSpec;
use crate::spec::TypeRef;

pub use classify::classify;
pub use compare::{diff_spec_sets, diff_specs};
pub use render::{render, render_with, Format, Language, RenderOptions, DEFAULT_MAX_BYTES};

/// How a change affects callers of the generated SDK. Ordered from most to least severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Code written against the old SDK may stop compiling or start failing.
    Breaking,
    /// The SDK gains something; existing code is unaffected.
    Additive,
    /// No generated signature changes (documentation, examples, metadata).
    Info,
}

impl Severity {
    /// Every severity, most severe first: the order reports list them in.
    pub const ALL: [Severity; 3] = [Severity::Breaking, Severity::Additive, Severity::Info];

    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::Additive => "additive",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The number of changes of each severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Changes that can break callers.
    pub breaking: usize,
    /// Changes that only add.
    pub additive: usize,
    /// Documentation and metadata changes.
    pub info: usize,
}

impl Summary {
    /// Counts the severities of `changes`.
    pub fn of<'a>(changes: impl IntoIterator<Item = &'a Change>) -> Summary {
        let mut summary = Summary::default();
        for change in changes {
            summary.add(change.severity, 1);
        }
        summary
    }

    /// The count of one severity.
    pub fn get(&self, severity: Severity) -> usize {
        match severity {
            Severity::Breaking => self.breaking,
            Severity::Additive => self.additive,
            Severity::Info => self.info,
        }
    }

    /// The count of all changes.
    pub fn total(&self) -> usize {
        self.breaking + self.additive + self.info
    }

    fn add(&mut self, severity: Severity, n: usize) {
        match severity {
            Severity::Breaking => self.breaking += n,
            Severity::Additive => self.additive += n,
            Severity::Info => self.info += n,
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} breaking, {} additive, {} info",
            self.breaking, self.additive, self.info
        )
    }
}

/// What a change is about. Its [`Display`](fmt::Display) is a path that mirrors the spec JSON:
/// `actions.DescribeVpcs.input.Limit`, `objects.Vpc.VpcId`, `common_errors.AuthFailure`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "scope", rename_all = "snake_case")]
pub enum Subject {
    /// The spec as a whole: its metadata, or the whole generation.
    Spec,
    /// One of the common request parameters.
    CommonParam {
        /// Wire name.
        member: String,
    },
    /// One of the error codes every action may return.
    CommonError {
        /// The code.
        code: String,
    },
    /// An action as a whole.
    Action {
        /// Wire name of the action.
        action: String,
    },
    /// A request member of an action.
    Input {
        /// Wire name of the action.
        action: String,
        /// Wire name of the member.
        member: String,
    },
    /// A response member of an action.
    Output {
        /// Wire name of the action.
        action: String,
        /// Wire name of the member.
        member: String,
    },
    /// An error code documented for one action.
    ActionError {
        /// Wire name of the action.
        action: String,
        /// The code.
        code: String,
    },
    /// A data structure as a whole.
    Object {
        /// Name of the object.
        object: String,
    },
    /// A member of a data structure.
    ObjectMember {
        /// Name of the object.
        object: String,
        /// Wire name of the member.
        member: String,
    },
    /// A filter name the `Filters` member of an action documents.
    Filter {
        /// Wire name of the action.
        action: String,
        /// The filter's wire name (`vpc-name`).
        filter: String,
    },
}

impl Subject {
    /// Groups the changes of one action (or object) together and puts spec-wide ones first.
    fn sort_key(&self) -> (u8, &str, u8, &str) {
        match self {
            Subject::Spec => (0, "", 0, ""),
            Subject::CommonParam { member } => (1, "", 0, member),
            Subject::CommonError { code } => (2, "", 0, code),
            Subject::Action { action } => (3, action, 0, ""),
            Subject::Input { action, member } => (3, action, 1, member),
            Subject::Output { action, member } => (3, action, 2, member),
            Subject::ActionError { action, code } => (3, action, 3, code),
            Subject::Filter { action, filter } => (3, action, 4, filter),
            Subject::Object { object } => (4, object, 0, ""),
            Subject::ObjectMember { object, member } => (4, object, 1, member),
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Spec => f.write_str("spec"),
            Subject::CommonParam { member } => write!(f, "common_params.{member}"),
            Subject::CommonError { code } => write!(f, "common_errors.{code}"),
            Subject::Action { action } => write!(f, "actions.{action}"),
            Subject::Input { action, member } => write!(f, "actions.{action}.input.{member}"),
            Subject::Output { action, member } => write!(f, "actions.{action}.output.{member}"),
            Subject::ActionError { action, code } => write!(f, "actions.{action}.errors.{code}"),
            Subject::Object { object } => write!(f, "objects.{object}"),
            Subject::ObjectMember { object, member } => write!(f, "objects.{object}.{member}"),
            Subject::Filter { action, filter } => write!(f, "actions.{action}.filters.{filter}"),
        }
    }
}

/// A scalar property compared as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Property {
    /// [`ApiSpec::version`].
    Version,
    /// [`ApiSpec::generation`].
    Generation,
    /// [`ApiSpec::service`].
    Service,
    /// [`ApiSpec::host`] or an action's host.
    Host,
    /// [`ApiSpec::path`].
    Path,
    /// [`ApiSpec::envelope`].
    Envelope,
    /// [`ApiSpec::language`]: the language of the docs the spec was read from.
    Language,
    /// An action's `async` flag.
    Async,
    /// An error code's category.
    Category,
    /// An object's origin.
    Origin,
    /// Whether an action takes the common `Region` parameter.
    Region,
    /// An action's documented rate limit.
    RateLimit,
    /// An action's `paging` (`none` when it does not page).
    Paging,
    /// An action's `task` polling (`none` when it has none).
    Task,
    /// Why an asynchronous action has no `task` (`none` when it has one or is not asynchronous).
    TaskLeftOut,
    /// Whether a string input member takes integers too (`none` or `integer-or-string`).
    NumericString,
    /// A documented filter's value type.
    FilterType,
    /// Why an action is safe to repeat (`none`, `read_only (…)`, `token Member (…)`).
    RetrySafety,
}

impl Property {
    /// The field name, as in the spec JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Property::Version => "version",
            Property::Generation => "generation",
            Property::Service => "service",
            Property::Host => "host",
            Property::Path => "path",
            Property::Envelope => "envelope",
            Property::Language => "language",
            Property::Async => "async",
            Property::Category => "category",
            Property::Origin => "origin",
            Property::Region => "region",
            Property::RateLimit => "rate_limit",
            Property::Paging => "paging",
            Property::Task => "task",
            Property::TaskLeftOut => "task_left_out",
            Property::NumericString => "numeric_string",
            Property::FilterType => "filter_type",
            Property::RetrySafety => "retry_safety",
        }
    }
}

/// What changed about a [`Subject`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ChangeKind {
    /// A generation exists only on the new side.
    GenerationAdded {
        /// How many actions it has.
        actions: usize,
        /// How many objects it has.
        objects: usize,
    },
    /// A generation exists only on the old side.
    GenerationRemoved {
        /// How many actions it had.
        actions: usize,
        /// How many objects it had.
        objects: usize,
    },
    /// The action exists only on the new side.
    ActionAdded {
        /// Its title (the page heading), so that a review can say what it does.
        title: String,
        /// How many request members it has.
        input: usize,
        /// How many response members it has.
        output: usize,
        /// How many error codes its page documents.
        errors: usize,
    },
    /// The action exists only on the old side.
    ActionRemoved {
        /// Its title.
        title: String,
        /// How many request members it had.
        input: usize,
        /// How many response members it had.
        output: usize,
        /// How many error codes its page documented.
        errors: usize,
    },
    /// The object exists only on the new side.
    ObjectAdded {
        /// How many members it has.
        members: usize,
    },
    /// The object exists only on the old side.
    ObjectRemoved {
        /// How many members it had.
        members: usize,
    },
    /// The member exists only on the new side.
    MemberAdded {
        /// Its type.
        #[serde(rename = "type")]
        ty: TypeRef,
        /// Whether it is required.
        required: bool,
    },
    /// The member exists only on the old side.
    MemberRemoved {
        /// Its type.
        #[serde(rename = "type")]
        ty: TypeRef,
        /// Whether it was required.
        required: bool,
    },
    /// A member removed and a similarly named one added in the same place (same action and
    /// direction, or same object): probably one member renamed, often a typo fixed in the docs.
    /// The subject names the new member. Still breaking: the old name's field disappears.
    MemberRenamed {
        /// The old wire name.
        from: String,
        /// The old member's type.
        old_type: TypeRef,
        /// Whether the old member was required.
        old_required: bool,
        /// The new member's type.
        #[serde(rename = "type")]
        ty: TypeRef,
        /// Whether the new member is required.
        required: bool,
    },
    /// The member's type changed.
    TypeChanged {
        /// The old type.
        old: TypeRef,
        /// The new type.
        new: TypeRef,
    },
    /// The member's required flag changed.
    RequiredChanged {
        /// The old flag.
        old: bool,
        /// The new flag.
        new: bool,
    },
    /// The error code is documented here only on the new side.
    ErrorCodeAdded {
        /// Whether the generation's `ErrorCode` enum gains a variant (the code was documented
        /// nowhere in the old spec).
        new_variant: bool,
    },
    /// The error code is documented here only on the old side.
    ErrorCodeRemoved {
        /// Whether the generation's `ErrorCode` enum loses a variant (the code is documented
        /// nowhere in the new spec).
        variant_removed: bool,
    },
    /// A scalar property changed.
    PropertyChanged {
        /// Which property.
        property: Property,
        /// The old value, as in the spec JSON (`none` for an absent optional value).
        old: String,
        /// The new value, as in the spec JSON (`none` for an absent optional value).
        new: String,
    },
    /// The filter is documented only on the new side.
    FilterAdded {
        /// Its value type.
        #[serde(rename = "type")]
        ty: String,
    },
    /// The filter is documented only on the old side.
    FilterRemoved {
        /// Its value type.
        #[serde(rename = "type")]
        ty: String,
    },
    /// Some documentation texts changed; only their number is reported.
    DescriptionsChanged {
        /// How many texts (titles and descriptions) differ.
        count: usize,
    },
    /// The worked examples changed; only their numbers are reported.
    ExamplesChanged {
        /// Examples whose title appears only on the new side.
        added: usize,
        /// Examples whose title appears only on the old side.
        removed: usize,
        /// Examples on both sides whose request or response differs.
        changed: usize,
    },
}

/// One classified change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// What the change means for callers; always `classify(&subject, &kind)`.
    pub severity: Severity,
    /// What changed.
    #[serde(flatten)]
    pub subject: Subject,
    /// How it changed.
    #[serde(flatten)]
    pub kind: ChangeKind,
}

impl Change {
    /// A change classified by [`classify`].
    pub fn new(subject: Subject, kind: ChangeKind) -> Change {
        Change {
            severity: classify(&subject, &kind),
            subject,
            kind,
        }
    }
}

/// Something a reviewer should check by hand: the diff made a choice the specs alone do not
/// settle (e.g. a required flag the new docs do not state was kept from the old spec).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// What it is about.
    #[serde(flatten)]
    pub subject: Subject,
    /// What the diff did, in words.
    pub message: String,
}

/// The changes between two specs of one generation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecDiff {
    /// The generation's version (the new one when a diff of two single specs changes it).
    pub version: String,
    /// Sorted by severity, then by subject (spec-wide first, then actions and objects by name).
    pub changes: Vec<Change>,
    /// Choices to review, by subject.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
}

impl SpecDiff {
    /// The counts of each severity.
    pub fn summary(&self) -> Summary {
        Summary::of(&self.changes)
    }

    /// Whether nothing changed and there is nothing to warn about.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.warnings.is_empty()
    }

    /// The changes of one severity, in report order.
    pub fn of_severity(&self, severity: Severity) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.severity == severity)
    }
}

/// The changes between two sets of specs, one entry per version found on either side.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecSetDiff {
    /// Sorted by version.
    pub generations: Vec<SpecDiff>,
}

impl SpecSetDiff {
    /// The counts of each severity over all generations.
    pub fn summary(&self) -> Summary {
        Summary::of(self.generations.iter().flat_map(|g| &g.changes))
    }

    /// Whether nothing changed in any generation.
    pub fn is_empty(&self) -> bool {
        self.generations.iter().all(SpecDiff::is_empty)
    }

    /// Whether any change is breaking.
    pub fn has_breaking(&self) -> bool {
        self.summary().breaking > 0
    }
}

impl From<SpecDiff> for SpecSetDiff {
    fn from(diff: SpecDiff) -> SpecSetDiff {
        SpecSetDiff {
            generations: vec![diff],
        }
    }
}

/// Which side of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The spec(s) compared from.
    Old,
    /// The spec(s) compared to.
    New,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Old => "old",
            Side::New => "new",
        })
    }
}

/// Why two sets of specs cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiffError {
    /// Two specs on one side claim the same version, so it is unclear which to compare.
    #[error("two {side} specs have version `{version}`; each version may appear once per side")]
    DuplicateVersion {
        /// The side with the duplicate.
        side: Side,
        /// The repeated version.
        version: String,
    },
}
