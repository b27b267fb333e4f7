//! The whole chain from documentation text to specs: overrides → front-end → extract →
//! member overrides → enrich (paging, filters, tasks) → validate.

use crate::diag::Diagnostics;
use crate::doc;
use crate::extract::{self, Accounting};
use crate::overrides::{Overrides, OverridesError};
use crate::spec::ApiSpec;
use crate::validate::validate;

/// What the parser made of the documentation.
#[derive(Debug, Clone)]
pub struct ParseOutcome {
    pub specs: Vec<ApiSpec>,
    pub diagnostics: Diagnostics,
    pub accounting: Accounting,
}

/// Parses one documentation file into specs, applying the overrides.
pub fn parse_docs(file: &str, text: &str, overrides: &Overrides) -> ParseOutcome {
    let mut diagnostics = Diagnostics::new(file);
    let corrected = overrides.apply_text(text, &mut diagnostics);
    let document = doc::text::parse(file, &corrected, &mut diagnostics);
    let extracted = extract::extract(&document, &mut diagnostics);
    let mut specs = extracted.specs;
    overrides.apply_members(&mut specs, &mut diagnostics);
    crate::enrich::enrich(&mut specs);
    for spec in &specs {
        validate(spec, &mut diagnostics);
    }
    ParseOutcome {
        specs,
        diagnostics,
        accounting: extracted.accounting,
    }
}

/// Parses with the overrides given as TOML text.
pub fn parse_docs_with_overrides_text(
    file: &str,
    text: &str,
    overrides_toml: &str,
) -> Result<ParseOutcome, OverridesError> {
    let overrides = Overrides::parse(overrides_toml)?;
    Ok(parse_docs(file, text, &overrides))
}

/// Renders a spec as the checked-in JSON: pretty-printed, stable, newline-terminated.
pub fn spec_json(spec: &ApiSpec) -> String {
    let mut s = serde_json::to_string_pretty(spec).expect("specs always serialize");
    s.push('\n');
    s
}
