//! Reviewed corrections of documentation errata (`spec/overrides.toml`).
//!
//! Three kinds of entry, each with a mandatory `reason`:
//! - `[[replace]]`: a textual fix applied to the documentation before parsing. It names the text
//!   to find, its replacement and the exact number of occurrences expected (`count`), within an
//!   optional scope anchored to content: the generation (`version`) and the page (`page`, its
//!   title as printed). Never a line number: text moving in a new edition does not break an
//!   entry, and a count that no longer matches means the erratum itself changed.
//! - `[[member]]`: a fix of one extracted member: its generation, action (and direction) or
//!   object, and name; the new `type` (and/or `required`), each with what the docs say instead
//!   (`was`: the type cell as printed; `was_required`). When the docs no longer say that, the
//!   erratum is gone or changed, and the entry is stale like a `[[replace]]` whose text moved.
//! - `[[type]]`: a type spelling a later edition added (`Timestamp ISO8601`), and the spec type
//!   it means. Vocabulary, not an erratum: an entry the current documents do not use is fine.
//!
//! An erratum entry that matches nothing (or another number of places than its `count`, or
//! whose `was` the docs no longer say) is an error in the checked-in regen; a preview of other
//! documents reports it by name and skips it. Either way the report names the entry's own line
//! in the overrides file.

use serde::Deserialize;
use toml::Spanned;

use crate::diag::Diagnostics;
use crate::extract::{PageInfo, Vocabulary};
use crate::spec::{ApiSpec, TypeRef};

/// The parsed overrides file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub replace: Vec<Replace>,
    pub member: Vec<MemberFix>,
    pub types: Vec<TypeSpelling>,
}

/// The file as TOML gives it, each entry with its place in the text.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OverridesFile {
    #[serde(default)]
    replace: Vec<Spanned<Replace>>,
    #[serde(default)]
    member: Vec<Spanned<MemberFix>>,
    #[serde(default, rename = "type")]
    types: Vec<Spanned<TypeSpelling>>,
}

/// Entries whose reports name their line in the overrides file.
trait AtLine {
    fn set_line(&mut self, line: u32);
}

/// The entries with the 1-based line each starts on in `text`.
fn with_lines<T: AtLine>(text: &str, entries: Vec<Spanned<T>>) -> Vec<T> {
    entries
        .into_iter()
        .map(|spanned| {
            let start = spanned.span().start.min(text.len());
            let line = 1 + text.as_bytes()[..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            let mut entry = spanned.into_inner();
            entry.set_line(u32::try_from(line).unwrap_or(u32::MAX));
            entry
        })
        .collect()
}

/// A textual fix of the documentation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replace {
    pub find: String,
    pub with: String,
    pub count: usize,
    /// Restricts the fix to one generation's pages (`2017-03-12`, `v2`).
    #[serde(default)]
    pub version: Option<String>,
    /// Restricts the fix to the pages with this title (`查询账户属性`, `API 概览`).
    #[serde(default)]
    pub page: Option<String>,
    pub reason: String,
    /// The entry's line in the overrides file, for reports.
    #[serde(skip)]
    pub line: u32,
}

impl AtLine for Replace {
    fn set_line(&mut self, line: u32) {
        self.line = line;
    }
}

impl Replace {
    /// How a report names the entry: its text and scope.
    pub fn label(&self) -> String {
        let mut scope = Vec::new();
        if let Some(v) = &self.version {
            scope.push(format!("version {v}"));
        }
        if let Some(p) = &self.page {
            scope.push(format!("page `{p}`"));
        }
        let scope = if scope.is_empty() {
            String::new()
        } else {
            format!(" in {}", scope.join(", "))
        };
        format!("replace {:?} → {:?}{scope}", self.find, self.with)
    }
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
    /// The type cell the docs print for the member (`String`, `Array of String`): the erratum
    /// `type` corrects. Needed with `type`.
    #[serde(default)]
    pub was: Option<String>,
    #[serde(default)]
    pub required: Option<bool>,
    /// The required flag the docs give the member: the erratum `required` corrects. Needed with
    /// `required`.
    #[serde(default)]
    pub was_required: Option<bool>,
    pub reason: String,
    /// The entry's line in the overrides file, for reports.
    #[serde(skip)]
    pub line: u32,
}

impl AtLine for MemberFix {
    fn set_line(&mut self, line: u32) {
        self.line = line;
    }
}

impl MemberFix {
    fn owner(&self) -> &str {
        self.object
            .as_deref()
            .or(self.action.as_deref())
            .unwrap_or("?")
    }
}

/// A type spelling and the spec type it means.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeSpelling {
    /// The type cell exactly as printed (`Timestamp ISO8601`).
    pub cell: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub reason: String,
    /// The entry's line in the overrides file, for reports.
    #[serde(skip)]
    pub line: u32,
}

impl AtLine for TypeSpelling {
    fn set_line(&mut self, line: u32) {
        self.line = line;
    }
}

/// How strictly entries that no longer match are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strictness {
    /// The checked-in regen and `--check`: a stale entry is an error.
    #[default]
    Strict,
    /// A preview of other documents: a stale entry is reported by name and skipped.
    Preview,
}

/// One document's text and its pages, for scoping textual fixes.
pub struct DocText<'a> {
    pub lines: Vec<String>,
    pub pages: &'a [PageInfo],
    /// The generations taken from this document (their `version`s).
    pub taken: &'a [String],
}

/// The overrides file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("spec/overrides.toml: {0}")]
pub struct OverridesError(String);

impl Overrides {
    pub fn parse(text: &str) -> Result<Overrides, OverridesError> {
        let file: OverridesFile = toml::from_str(text).map_err(|e| {
            let message = e.to_string();
            if message.contains("unknown field `line") {
                OverridesError(format!(
                    "{message}\nentries are anchored by content (version, page, the text itself), not by line numbers"
                ))
            } else {
                OverridesError(message)
            }
        })?;
        let parsed = Overrides {
            replace: with_lines(text, file.replace),
            member: with_lines(text, file.member),
            types: with_lines(text, file.types),
        };
        for r in &parsed.replace {
            if r.reason.trim().is_empty() {
                return Err(OverridesError(format!("{} has no reason", r.label())));
            }
            if r.find.is_empty() || r.find.contains('\n') || r.with.contains('\n') {
                return Err(OverridesError(format!(
                    "{}: text must be non-empty and on one line (line numbers must not move)",
                    r.label()
                )));
            }
            if r.page.as_deref().is_some_and(|p| p.trim().is_empty()) {
                return Err(OverridesError(format!("{}: empty page title", r.label())));
            }
        }
        for m in &parsed.member {
            let fail = |what: String| {
                OverridesError(format!(
                    "line {}: member fix of {}.{}: {what}",
                    m.line,
                    m.owner(),
                    m.member
                ))
            };
            if m.reason.trim().is_empty() {
                return Err(fail("no reason".to_string()));
            }
            if let Some(t) = &m.ty {
                t.parse::<TypeRef>().map_err(|e| fail(e.to_string()))?;
            }
            // What an entry corrects is part of it: without it, an entry outlives its erratum
            // and silently overrules docs that have since been fixed.
            match (&m.ty, &m.was) {
                (Some(_), None) => return Err(fail(
                    "`type` needs `was`, the type cell the docs print (e.g. `was = \"String\"`)"
                        .to_string(),
                )),
                (None, Some(_)) => return Err(fail("`was` without `type`".to_string())),
                (Some(_), Some(was)) if was.trim().is_empty() => {
                    return Err(fail("empty `was`".to_string()))
                }
                _ => {}
            }
            match (m.required, m.was_required) {
                (Some(_), None) => {
                    return Err(fail(
                        "`required` needs `was_required`, the flag the docs give".to_string(),
                    ))
                }
                (None, Some(_)) => {
                    return Err(fail("`was_required` without `required`".to_string()))
                }
                _ => {}
            }
        }
        for t in &parsed.types {
            if t.reason.trim().is_empty() || t.cell.trim().is_empty() {
                return Err(OverridesError(format!(
                    "type spelling {:?} needs a cell and a reason",
                    t.cell
                )));
            }
            let ty: TypeRef =
                t.ty.parse()
                    .map_err(|e| OverridesError(format!("type spelling {:?}: {e}", t.cell)))?;
            if matches!(ty, TypeRef::Object(_) | TypeRef::List(_)) {
                return Err(OverridesError(format!(
                    "type spelling {:?}: name a scalar type; `Array of …` and object names are read already",
                    t.cell
                )));
            }
        }
        Ok(parsed)
    }

    /// The type spellings the parser reads: built-in ones plus the `[[type]]` entries.
    pub fn vocabulary(&self) -> Vocabulary {
        let mut vocabulary = Vocabulary::default();
        for t in &self.types {
            vocabulary.extend(
                &t.cell,
                t.ty.parse().expect("validated in Overrides::parse"),
            );
        }
        vocabulary
    }

    /// Applies the textual fixes to the documents, each within its scope: the pages of the
    /// generations taken from each document, narrowed by the entry's `version` and `page`.
    /// A fix whose number of matches differs from its `count` is reported (an error, or a
    /// warning in a preview) and not applied.
    pub fn apply_text(
        &self,
        docs: &mut [DocText<'_>],
        strictness: Strictness,
        diags: &mut Diagnostics,
    ) {
        // Each page's generation as its version, when the document gives that generation here.
        let page_versions: Vec<Vec<Option<&'static str>>> = docs
            .iter()
            .map(|doc| {
                doc.pages
                    .iter()
                    .map(|p| {
                        p.generation
                            .map(|g| crate::extract::GenerationFacts::of(g).version)
                            .filter(|v| doc.taken.iter().any(|t| t == v))
                    })
                    .collect()
            })
            .collect();
        for r in &self.replace {
            // An entry for a generation no document gives here has nothing to say.
            if let Some(v) = &r.version {
                if !docs.iter().any(|d| d.taken.contains(v)) {
                    continue;
                }
            }
            let scopes: Vec<Vec<(usize, usize)>> = docs
                .iter()
                .zip(&page_versions)
                .map(|(doc, versions)| {
                    doc.pages
                        .iter()
                        .zip(versions)
                        .filter(|(p, version)| {
                            version.is_some()
                                && r.version
                                    .as_deref()
                                    .is_none_or(|want| **version == Some(want))
                                && r.page
                                    .as_ref()
                                    .is_none_or(|want| p.title.trim() == want.trim())
                        })
                        .map(|(p, _)| (p.span.start as usize, p.span.end as usize))
                        .collect()
                })
                .collect();
            let in_scope = |doc: &DocText<'_>, ranges: &[(usize, usize)]| -> Vec<usize> {
                ranges
                    .iter()
                    .flat_map(|&(a, b)| a.max(1) - 1..b.min(doc.lines.len()))
                    .collect()
            };
            // One searcher per entry, run over every line in scope: building a searcher per line
            // (as `str::matches` does) was most of the time regen spent on overrides.
            let finder = memchr::memmem::Finder::new(r.find.as_bytes());
            let found: usize = docs
                .iter()
                .zip(&scopes)
                .map(|(doc, ranges)| {
                    in_scope(doc, ranges)
                        .into_iter()
                        .map(|i| finder.find_iter(doc.lines[i].as_bytes()).count())
                        .sum::<usize>()
                })
                .sum();
            if found != r.count {
                let message = format!(
                    "override {} expects {} occurrence(s) but the documents have {found}; review the entry ({})",
                    r.label(),
                    r.count,
                    r.reason
                );
                match strictness {
                    Strictness::Strict => diags.error(r.line, message),
                    Strictness::Preview => diags.warn(r.line, format!("{message}; skipped")),
                }
                continue;
            }
            for (doc, ranges) in docs.iter_mut().zip(&scopes) {
                for i in in_scope(doc, ranges) {
                    if finder.find(doc.lines[i].as_bytes()).is_some() {
                        doc.lines[i] = doc.lines[i].replace(&r.find, &r.with);
                    }
                }
            }
        }
    }

    /// Applies the member fixes to the extracted specs.
    pub fn apply_members(
        &self,
        specs: &mut [ApiSpec],
        strictness: Strictness,
        diags: &mut Diagnostics,
    ) {
        for fix in &self.member {
            // A fix for a generation not taken here has nothing to say.
            if !specs.iter().any(|s| s.version == fix.version) {
                continue;
            }
            let owner = fix.owner();
            let mut fail = |message: String| {
                let message = format!("override for {owner}.{}: {message}", fix.member);
                match strictness {
                    Strictness::Strict => diags.error(fix.line, message),
                    Strictness::Preview => diags.warn(fix.line, format!("{message}; skipped")),
                }
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
            let said = member.doc_type.as_deref().unwrap_or("");
            if let Some(was) = fix.was.as_deref().filter(|was| !same_cell(was, said)) {
                fail(format!(
                    "the docs now type it `{said}`, not `{was}` (doc line {}): the erratum is gone or changed; remove or update the entry ({})",
                    member.line, fix.reason
                ));
                continue;
            }
            if let Some(was) = fix.was_required.filter(|&was| was != member.required) {
                fail(format!(
                    "the docs now mark it {}, not {} (doc line {}): the erratum is gone or changed; remove or update the entry ({})",
                    required_word(member.required),
                    required_word(was),
                    member.line,
                    fix.reason
                ));
                continue;
            }
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
                let message = format!(
                    "override for {owner}.{} changes nothing; remove it ({})",
                    fix.member, fix.reason
                );
                let message = format!("{message} (doc line {})", member.line);
                match strictness {
                    Strictness::Strict => diags.error(fix.line, message),
                    Strictness::Preview => diags.warn(fix.line, format!("{message}; skipped")),
                }
            }
        }
    }
}

/// Type cells compared as the docs mean them: runs of spaces do not matter.
fn same_cell(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

fn required_word(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Generation, Span};

    fn page(generation: Generation, title: &str, start: u32, end: u32) -> PageInfo {
        PageInfo {
            generation: Some(generation),
            title: title.to_string(),
            span: Span { start, end },
        }
    }

    /// Applies the overrides to one document whose pages are given, taking both generations.
    fn apply(
        o: &Overrides,
        text: &str,
        pages: &[PageInfo],
        strictness: Strictness,
    ) -> (String, Diagnostics) {
        let taken = vec!["2017-03-12".to_string(), "v2".to_string()];
        let mut docs = [DocText {
            lines: text.split('\n').map(str::to_string).collect(),
            pages,
            taken: &taken,
        }];
        let mut d = Diagnostics::new("t");
        o.apply_text(&mut docs, strictness, &mut d);
        (docs[0].lines.join("\n"), d)
    }

    fn whole(lines: u32) -> Vec<PageInfo> {
        vec![page(Generation::V3, "P", 1, lines)]
    }

    #[test]
    fn replacement_with_the_right_count_applies() {
        let o = Overrides::parse("[[replace]]\nfind = \"vpclId\"\nwith = \"vpcId\"\ncount = 2\nreason = \"PDF mangling\"\n").unwrap();
        let (text, d) = apply(&o, "a vpclId\nb vpclId", &whole(2), Strictness::Strict);
        assert_eq!(text, "a vpcId\nb vpcId");
        assert_eq!(d.error_count(), 0);
    }

    #[test]
    fn stale_replacement_is_an_error_and_a_warning_in_a_preview() {
        let o = Overrides::parse(
            "[[replace]]\nfind = \"vpclId\"\nwith = \"vpcId\"\ncount = 3\nreason = \"r\"\n",
        )
        .unwrap();
        let (text, d) = apply(&o, "a vpclId", &whole(1), Strictness::Strict);
        assert_eq!(text, "a vpclId");
        assert_eq!(d.error_count(), 1);
        let (_, d) = apply(&o, "a vpclId", &whole(1), Strictness::Preview);
        assert_eq!(d.error_count(), 0);
        assert!(
            d.items()[0].message.contains("replace \"vpclId\""),
            "{:?}",
            d.items()
        );
        assert!(d.items()[0].message.ends_with("skipped"));
    }

    #[test]
    fn a_fix_is_scoped_by_generation_and_page_title_not_by_line() {
        let o = Overrides::parse(
            "[[replace]]\nfind = \"X\"\nwith = \"Y\"\ncount = 1\nversion = \"v2\"\npage = \"删除VPC\"\nreason = \"r\"\n",
        )
        .unwrap();
        let pages = [
            page(Generation::V3, "删除VPC", 1, 2),
            page(Generation::V2, "创建VPC", 3, 4),
            page(Generation::V2, "删除VPC", 5, 6),
        ];
        let (text, d) = apply(&o, "X\nX\nX\nX\nX\nZ", &pages, Strictness::Strict);
        assert_eq!(text, "X\nX\nX\nX\nY\nZ");
        assert_eq!(d.error_count(), 0);
        // The same page further down: the entry still applies.
        let moved = [
            page(Generation::V3, "删除VPC", 1, 2),
            page(Generation::V2, "创建VPC", 3, 40),
            page(Generation::V2, "删除VPC", 41, 42),
        ];
        let mut text = "X\n".repeat(41);
        text.push('Z');
        let (text, d) = apply(&o, &text, &moved, Strictness::Strict);
        assert_eq!(d.error_count(), 0);
        assert_eq!(text.lines().nth(40), Some("Y"));
    }

    #[test]
    fn line_anchors_are_refused_with_a_pointer_to_content_anchors() {
        let e = Overrides::parse(
            "[[replace]]\nfind = \"X\"\nwith = \"Y\"\ncount = 1\nline = 2\nreason = \"r\"\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("anchored by content"), "{e}");
    }

    #[test]
    fn type_spellings_extend_the_vocabulary() {
        let o = Overrides::parse(
            "[[type]]\ncell = \"Timestamp ISO8601\"\ntype = \"timestamp\"\nreason = \"r\"\n",
        )
        .unwrap();
        assert!(o.vocabulary().parse("Timestamp ISO8601").is_some());
        assert!(
            Overrides::parse("[[type]]\ncell = \"D\"\ntype = \"object<D>\"\nreason = \"r\"\n")
                .is_err()
        );
        assert!(
            Overrides::parse("[[type]]\ncell = \"D\"\ntype = \"date\"\nreason = \"r\"\n").is_err()
        );
    }

    /// A spec whose object `SecurityGroupPolicy` has one member typed as the docs print `cell`.
    fn spec_with_member(cell: &str) -> ApiSpec {
        use crate::spec::{Envelope, Object};
        ApiSpec {
            version: "2017-03-12".into(),
            generation: Generation::V3,
            service: "vpc".into(),
            host: "vpc.tencentcloudapi.com".into(),
            path: "/".into(),
            envelope: Envelope::Response,
            language: Default::default(),
            common_params: Vec::new(),
            common_errors: Vec::new(),
            actions: Vec::new(),
            objects: vec![Object {
                name: "SecurityGroupPolicy".into(),
                description: String::new(),
                members: vec![crate::spec::Member {
                    name: "AddressTemplate".into(),
                    required_unstated: false,
                    ty: crate::extract::types::parse_type_cell(cell)
                        .and_then(|t| match t {
                            crate::extract::types::DocType::Known(t) => Some(t),
                            _ => None,
                        })
                        .unwrap_or(TypeRef::Json),
                    required: false,
                    description: "IP地址ID或者IP地址组ID。".into(),
                    example: None,
                    line: 62894,
                    doc_type: Some(cell.into()),
                }],
                origin: "数据结构".into(),
                span: Span { start: 1, end: 2 },
                file: None,
            }],
        }
    }

    const JSON_FIX: &str = "# the 2018 erratum\n\n[[member]]\nversion = \"2017-03-12\"\nobject = \"SecurityGroupPolicy\"\nmember = \"AddressTemplate\"\ntype = \"json\"\nwas = \"String\"\nreason = \"typed String, but the examples send an object\"\n";

    #[test]
    fn a_member_fix_applies_while_the_docs_still_say_what_it_corrects() {
        let o = Overrides::parse(JSON_FIX).unwrap();
        let mut specs = [spec_with_member("String")];
        let mut d = Diagnostics::new("spec/overrides.toml");
        o.apply_members(&mut specs, Strictness::Strict, &mut d);
        assert_eq!(d.error_count(), 0, "{:?}", d.items());
        assert_eq!(specs[0].objects[0].members[0].ty, TypeRef::Json);
    }

    #[test]
    fn a_member_fix_whose_was_the_docs_no_longer_say_is_stale() {
        let o = Overrides::parse(JSON_FIX).unwrap();
        // Today's edition types the member with an object it defines.
        let fixed = "AddressTemplateSpecification";
        let mut specs = [spec_with_member(fixed)];
        let mut d = Diagnostics::new("spec/overrides.toml");
        o.apply_members(&mut specs, Strictness::Strict, &mut d);
        assert_eq!(d.error_count(), 1, "{:?}", d.items());
        let report = d.items()[0].to_string();
        // The entry's own line in the overrides file, the doc's new text and its line.
        assert!(
            report.starts_with(
                "error: spec/overrides.toml:3: override for SecurityGroupPolicy.AddressTemplate"
            ),
            "{report}"
        );
        assert!(
            report.contains("now type it `AddressTemplateSpecification`, not `String`"),
            "{report}"
        );
        assert!(report.contains("doc line 62894"), "{report}");

        let mut specs = [spec_with_member(fixed)];
        let mut d = Diagnostics::new("spec/overrides.toml");
        o.apply_members(&mut specs, Strictness::Preview, &mut d);
        assert_eq!(d.error_count(), 0);
        assert!(d.items()[0].message.ends_with("skipped"), "{:?}", d.items());
        // Skipped: the docs' own type stands.
        assert_eq!(
            specs[0].objects[0].members[0].ty,
            TypeRef::Object("AddressTemplateSpecification".into())
        );
    }

    #[test]
    fn a_member_fix_must_say_what_it_corrects() {
        let without = JSON_FIX.replace("was = \"String\"\n", "");
        let e = Overrides::parse(&without).unwrap_err().to_string();
        assert!(e.contains("line 3") && e.contains("needs `was`"), "{e}");
        let required = "[[member]]\nversion = \"v2\"\naction = \"A\"\ndirection = \"input\"\nmember = \"m\"\nrequired = true\nreason = \"r\"\n";
        let e = Overrides::parse(required).unwrap_err().to_string();
        assert!(e.contains("needs `was_required`"), "{e}");
    }

    #[test]
    fn a_stale_replacement_names_its_line_in_the_overrides_file() {
        let o = Overrides::parse(
            "# header\n\n[[replace]]\nfind = \"a\"\nwith = \"b\"\ncount = 1\nreason = \"r\"\n\n[[replace]]\nfind = \"vpclId\"\nwith = \"vpcId\"\ncount = 3\nreason = \"r\"\n",
        )
        .unwrap();
        let (_, d) = apply(&o, "a vpclId", &whole(1), Strictness::Strict);
        assert_eq!(d.error_count(), 1, "{:?}", d.items());
        assert_eq!(d.items()[0].line, 9, "{:?}", d.items());
    }

    #[test]
    fn entries_need_reasons_and_valid_types() {
        assert!(Overrides::parse(
            "[[replace]]\nfind = \"a\"\nwith = \"b\"\ncount = 1\nreason = \"\"\n"
        )
        .is_err());
        assert!(Overrides::parse("[[member]]\nversion = \"v2\"\naction = \"A\"\ndirection = \"input\"\nmember = \"m\"\ntype = \"list<\"\nwas = \"Array\"\nreason = \"r\"\n").is_err());
        assert!(Overrides::parse("[[bogus]]\n").is_err());
    }
}
