//! The classification rules; the module documentation of [`crate::diff`] explains each one.

use super::{ChangeKind, Property, Severity, Subject};

/// The value of an absent optional property.
pub(crate) const NONE: &str = "none";

/// Classifies one change by what it means for callers of the generated SDK.
pub fn classify(subject: &Subject, kind: &ChangeKind) -> Severity {
    match kind {
        ChangeKind::GenerationAdded { .. }
        | ChangeKind::ActionAdded { .. }
        | ChangeKind::ObjectAdded { .. }
        | ChangeKind::ErrorCodeAdded { .. }
        | ChangeKind::FilterAdded { .. } => Severity::Additive,
        ChangeKind::GenerationRemoved { .. }
        | ChangeKind::ActionRemoved { .. }
        | ChangeKind::ObjectRemoved { .. }
        | ChangeKind::MemberRemoved { .. }
        | ChangeKind::MemberRenamed { .. }
        | ChangeKind::TypeChanged { .. }
        | ChangeKind::FilterRemoved { .. } => Severity::Breaking,
        ChangeKind::MemberAdded { required, .. } => {
            if *required && callers_supply(subject) {
                Severity::Breaking
            } else {
                Severity::Additive
            }
        }
        ChangeKind::RequiredChanged {
            new: now_required, ..
        } => {
            if !callers_supply(subject) {
                Severity::Info
            } else if *now_required {
                Severity::Breaking
            } else {
                Severity::Additive
            }
        }
        ChangeKind::ErrorCodeRemoved { variant_removed } => {
            if *variant_removed {
                Severity::Breaking
            } else {
                Severity::Info
            }
        }
        ChangeKind::PropertyChanged { property, old, new } => match property {
            Property::Version
            | Property::Generation
            | Property::Service
            | Property::Host
            | Property::Path
            | Property::Envelope => Severity::Breaking,
            Property::Async
            | Property::Language
            | Property::Category
            | Property::Origin
            | Property::Region
            | Property::RateLimit
            | Property::RetrySafety => Severity::Info,
            Property::TaskLeftOut => Severity::Info,
            Property::FilterType => Severity::Breaking,
            // What the generated conveniences gain or lose with the derived fields.
            Property::Paging | Property::Task | Property::NumericString => {
                if new == NONE {
                    Severity::Breaking
                } else if old == NONE {
                    Severity::Additive
                } else {
                    Severity::Info
                }
            }
        },
        ChangeKind::DescriptionsChanged { .. } | ChangeKind::ExamplesChanged { .. } => {
            Severity::Info
        }
    }
}

/// Whether callers provide this member's value, so that its required flag is enforced on them
/// (by a builder's `build()`). Response members are only ever read, as `Option<T>`.
fn callers_supply(subject: &Subject) -> bool {
    matches!(
        subject,
        Subject::Input { .. } | Subject::CommonParam { .. } | Subject::ObjectMember { .. }
    )
}
