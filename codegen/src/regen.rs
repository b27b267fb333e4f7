//! The whole chain in memory: documentation + overrides → every file `cargo xtask regen` writes
//! (the spec JSON, the SDK crate, the cross-check report). xtask writes or checks the files; the
//! regen benchmark times this function.

use sha2::{Digest, Sha256};

use crate::diag::Diagnostics;
use crate::emit::{self, EmitError};
use crate::overrides::OverridesError;
use crate::pipeline::{parse_docs_with_overrides_text, spec_json};
use crate::{crosscheck, spec::ApiSpec};

/// One file regen writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegenOutput {
    /// Path relative to the repository root, `/`-separated.
    pub path: String,
    pub contents: String,
}

/// What a successful run produced.
#[derive(Debug, Clone)]
pub struct Regenerated {
    /// The specs first, then the SDK crate's files, then the cross-check report.
    pub outputs: Vec<RegenOutput>,
    pub specs: Vec<ApiSpec>,
    /// Warnings only: a run with error diagnostics fails.
    pub diagnostics: Diagnostics,
}

/// Why regen produced nothing.
#[derive(Debug, thiserror::Error)]
pub enum RegenError {
    #[error(transparent)]
    Overrides(#[from] OverridesError),
    #[error("the documentation has {} error(s); fix the parser or add a reviewed override", .0.error_count())]
    Documentation(Diagnostics),
    #[error(transparent)]
    Emit(#[from] EmitError),
}

/// Runs the chain on `docs` (named `docs_path` in diagnostics) with the overrides file's text.
pub fn regenerate(docs_path: &str, docs: &str, overrides: &str) -> Result<Regenerated, RegenError> {
    let outcome = parse_docs_with_overrides_text(docs_path, docs, overrides)?;
    if outcome.diagnostics.error_count() > 0 {
        return Err(RegenError::Documentation(outcome.diagnostics));
    }
    let mut outputs: Vec<RegenOutput> = outcome
        .specs
        .iter()
        .map(|spec| RegenOutput {
            path: format!("spec/json/{}.json", spec.generation.module_name()),
            contents: spec_json(spec),
        })
        .collect();

    // The SDK, headed by a hash of the spec it came from.
    let mut hasher = Sha256::new();
    for out in &outputs {
        hasher.update(out.path.as_bytes());
        hasher.update(out.contents.as_bytes());
    }
    let spec_hash: String = hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    for file in emit::emit_crate(&outcome.specs, &spec_hash)? {
        outputs.push(RegenOutput {
            path: format!("{}/{}", emit::CRATE_DIR, file.path),
            contents: file.contents,
        });
    }

    // Where a table and its own examples disagree, reviewed as a diff like the spec itself.
    let mut report = String::from(
        "# Where an action's tables and its own examples disagree (codegen/src/crosscheck.rs).\n\
         # Each line is a doc erratum not (yet) corrected in spec/overrides.toml, or a parser bug.\n",
    );
    for spec in &outcome.specs {
        for finding in crosscheck::crosscheck(spec) {
            report.push_str(&finding.to_string());
            report.push('\n');
        }
    }
    outputs.push(RegenOutput {
        path: "spec/json/crosscheck.txt".to_string(),
        contents: report,
    });
    Ok(Regenerated {
        outputs,
        specs: outcome.specs,
        diagnostics: outcome.diagnostics,
    })
}
