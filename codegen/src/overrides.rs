//! Reviewed corrections of documentation errata (`spec/overrides.toml`).
//!
//! Two kinds of entry, each with a mandatory `reason`:
//! - `[[replace]]`: a textual fix applied to the documentation before parsing. It names the text
//!   to find, its replacement, the exact number of occurrences expected (`count`), and optionally
//!   the one `line` it is restricted to. A count that does not match is an error, so a fix
//!   cannot silently go stale when the docs change.
//! - `[[member]]`: a fix of one extracted member: its generation, action, direction and name,
//!   and the new `type` (and/or `required`).
//!
//! An entry that matches nothing is an error.

use serde::Deserialize;

use crate::diag::Diagnostics;
use crate::spec::{ApiSpec, TypeRef};

/// The parsed overrides file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    #[serde(default)]
    pub replace: Vec<Replace>,
    #[serde(default)]
    pub member: Vec<MemberFix>,
}

/// A textual fix of the documentation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replace {
    pub find: String,
    pub with: String,
    pub count: usize,
    /// Restricts the fix to one line (1-based).
    #[serde(default)]
    pub line: Option<u32>,
    /// Restricts the fix to a range of lines, both ends included.
    #[serde(default)]
    pub lines: Option<[u32; 2]>,
    pub reason: String,
}

/// A fix of one member of one action.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberFix {
    /// `2017-03-12` or `v2`.
    pub version: String,
    /// The action whose member is fixed (with `direction`), or…
    #[serde(default)]
    pub action: Option<String>,
    /// `input` or `output`.
    #[serde(default)]
    pub direction: Option<String>,
    /// …the object whose member is fixed.
    #[serde(default)]
    pub object: Option<String>,
    pub member: String,
    #[serde(default, rename = "type")]
    pub ty: Option<String>,
    #[serde(default)]
    pub required: Option<bool>,
    pub reason: String,
}

/// The overrides file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("spec/overrides.toml: {0}")]
pub struct OverridesError(String);

impl Overrides {
    pub fn parse(text: &str) -> Result<Overrides, OverridesError> {
        let parsed: Overrides = toml::from_str(text).map_err(|e| OverridesError(e.to_string()))?;
        for r in &parsed.replace {
            if r.reason.trim().is_empty() {
                return Err(OverridesError(format!(
                    "replace of {:?} has no reason",
                    r.find
                )));
            }
            if r.find.is_empty() || r.find.contains('\n') || r.with.contains('\n') {
                return Err(OverridesError(format!(
                    "replace of {:?}: text must be non-empty and on one line (line numbers must not move)",
                    r.find
                )));
            }
        }
        for m in &parsed.member {
            if m.reason.trim().is_empty() {
                return Err(OverridesError(format!(
                    "member fix of {}.{} has no reason",
                    m.object.as_deref().or(m.action.as_deref()).unwrap_or("?"),
                    m.member
                )));
            }
            if let Some(t) = &m.ty {
                t.parse::<TypeRef>().map_err(|e| {
                    OverridesError(format!(
                        "member fix of {}.{}: {e}",
                        m.object.as_deref().or(m.action.as_deref()).unwrap_or("?"),
                        m.member
                    ))
                })?;
            }
        }
        Ok(parsed)
    }

    /// Applies the textual fixes. Each fix whose number of matches differs from its `count` is an
    /// error diagnostic (at its line, when it names one), and is then not applied.
    pub fn apply_text(&self, text: &str, diags: &mut Diagnostics) -> String {
        let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        for r in &self.replace {
            let (from, to) = match (r.line, r.lines) {
                (Some(l), None) => (l, l),
                (None, Some([a, b])) => (a, b),
                (None, None) => (1, lines.len() as u32),
                (Some(_), Some(_)) => {
                    diags.error(
                        0,
                        format!(
                            "override replace {:?}: give `line` or `lines`, not both",
                            r.find
                        ),
                    );
                    continue;
                }
            };
            if from == 0 || from > to || to as usize > lines.len() {
                diags.error(
                    0,
                    format!(
                        "override replace {:?}: lines {from}..={to} are not inside the document",
                        r.find
                    ),
                );
                continue;
            }
            let range: Vec<usize> = (from as usize - 1..to as usize).collect();
            let found: usize = range
                .iter()
                .map(|&i| lines[i].matches(&r.find).count())
                .sum();
            if found != r.count {
                diags.error(
                    from,
                    format!(
                        "override replace {:?} → {:?} expects {} occurrence(s) but the document has {found}; review the entry ({})",
                        r.find, r.with, r.count, r.reason
                    ),
                );
                continue;
            }
            for i in range {
                if lines[i].contains(&r.find) {
                    lines[i] = lines[i].replace(&r.find, &r.with);
                }
            }
        }
        lines.join("\n")
    }

    /// Applies the member fixes to the extracted specs.
    pub fn apply_members(&self, specs: &mut [ApiSpec], diags: &mut Diagnostics) {
        for fix in &self.member {
            let owner = fix
                .object
                .as_deref()
                .or(fix.action.as_deref())
                .unwrap_or("?");
            let mut fail = |message: String| {
                diags.error(0, format!("override for {owner}.{}: {message}", fix.member))
            };
            let Some(spec) = specs.iter_mut().find(|s| s.version == fix.version) else {
                fail(format!("no spec has version {:?}", fix.version));
                continue;
            };
            let members = match (&fix.action, fix.direction.as_deref(), &fix.object) {
                (Some(action), Some(direction), None) => {
                    let Some(action) = spec.actions.iter_mut().find(|a| &a.name == action) else {
                        fail(format!("no action {action:?} in {}", fix.version));
                        continue;
                    };
                    match direction {
                        "input" => &mut action.input,
                        "output" => &mut action.output,
                        other => {
                            fail(format!("direction {other:?} is not input or output"));
                            continue;
                        }
                    }
                }
                (None, None, Some(object)) => {
                    let Some(object) = spec.objects.iter_mut().find(|o| &o.name == object) else {
                        fail(format!("no object {object:?} in {}", fix.version));
                        continue;
                    };
                    &mut object.members
                }
                _ => {
                    fail("name either an action and a direction, or an object".to_string());
                    continue;
                }
            };
            let Some(member) = members.iter_mut().find(|m| m.name == fix.member) else {
                fail(format!("{owner} has no member {:?}", fix.member));
                continue;
            };
            let mut changed = false;
            if let Some(t) = &fix.ty {
                let t: TypeRef = t.parse().expect("validated in Overrides::parse");
                changed |= member.ty != t;
                member.ty = t;
            }
            if let Some(r) = fix.required {
                changed |= member.required != r;
                member.required = r;
            }
            if !changed {
                diags.error(
                    member.line,
                    format!(
                        "override for {owner}.{} changes nothing; remove it ({})",
                        fix.member, fix.reason
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacement_with_the_right_count_applies() {
        let o = Overrides::parse("[[replace]]\nfind = \"vpclId\"\nwith = \"vpcId\"\ncount = 2\nreason = \"PDF mangling\"\n").unwrap();
        let mut d = Diagnostics::new("t");
        assert_eq!(
            o.apply_text("a vpclId\nb vpclId", &mut d),
            "a vpcId\nb vpcId"
        );
        assert_eq!(d.error_count(), 0);
    }

    #[test]
    fn stale_replacement_is_an_error() {
        let o = Overrides::parse(
            "[[replace]]\nfind = \"vpclId\"\nwith = \"vpcId\"\ncount = 3\nreason = \"r\"\n",
        )
        .unwrap();
        let mut d = Diagnostics::new("t");
        assert_eq!(o.apply_text("a vpclId", &mut d), "a vpclId");
        assert_eq!(d.error_count(), 1);
    }

    #[test]
    fn line_restricted_replacement_touches_only_that_line() {
        let o = Overrides::parse(
            "[[replace]]\nfind = \"X\"\nwith = \"Y\"\ncount = 1\nline = 2\nreason = \"r\"\n",
        )
        .unwrap();
        let mut d = Diagnostics::new("t");
        assert_eq!(o.apply_text("X\nX\nX", &mut d), "X\nY\nX");
    }

    #[test]
    fn entries_need_reasons_and_valid_types() {
        assert!(Overrides::parse(
            "[[replace]]\nfind = \"a\"\nwith = \"b\"\ncount = 1\nreason = \"\"\n"
        )
        .is_err());
        assert!(Overrides::parse("[[member]]\nversion = \"v2\"\naction = \"A\"\ndirection = \"input\"\nmember = \"m\"\ntype = \"list<\"\nreason = \"r\"\n").is_err());
        assert!(Overrides::parse("[[bogus]]\n").is_err());
    }
}
