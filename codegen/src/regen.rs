//! The whole chain in memory: documentation + overrides → every file `cargo xtask regen` writes
//! (the spec JSON, the SDK crate, the cross-check report). xtask writes or checks the files; the
//! regen benchmark times this function.

use sha2::{Digest, Sha256};

use serde::Deserialize;

use crate::diag::Diagnostics;
use crate::emit::{self, EmitError};
use crate::extract::GenerationFacts;
use crate::overrides::{Overrides, OverridesError, Strictness};
use crate::pipeline::{parse_sources, spec_json, Source};
use crate::{crosscheck, spec::ApiSpec};

/// Where the manifest of the checked-in layout lives, relative to the repository root.
pub const MANIFEST: &str = "spec/docs/sources.toml";
/// The folder the manifest's document names are relative to.
pub const DOCS_DIR: &str = "spec/docs";

/// `spec/docs/sources.toml`: which document feeds which generation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub source: Vec<ManifestSource>,
}

/// One document of the manifest.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestSource {
    /// The file name, relative to `spec/docs/`: a text dump, or a folder of Markdown pages.
    pub document: String,
    /// The generations (spec `version`s) it feeds.
    pub generations: Vec<String>,
}

/// The manifest could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{MANIFEST}: {0}")]
pub struct ManifestError(String);

impl Manifest {
    pub fn parse(text: &str) -> Result<Manifest, ManifestError> {
        let manifest: Manifest = toml::from_str(text).map_err(|e| ManifestError(e.to_string()))?;
        let mut seen: Vec<&str> = Vec::new();
        for source in &manifest.source {
            if source.generations.is_empty() {
                return Err(ManifestError(format!(
                    "{} feeds no generation",
                    source.document
                )));
            }
            for g in &source.generations {
                if GenerationFacts::by_version(g).is_none() {
                    return Err(ManifestError(format!(
                        "{}: unknown generation `{g}` (known: 2017-03-12, v2)",
                        source.document
                    )));
                }
                if seen.contains(&g.as_str()) {
                    return Err(ManifestError(format!(
                        "generation {g} is given by two documents"
                    )));
                }
                seen.push(g);
            }
        }
        Ok(manifest)
    }
}

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
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error("the documentation has {} error(s); fix the parser or add a reviewed override", .0.error_count())]
    Documentation(Diagnostics),
    #[error(transparent)]
    Emit(#[from] EmitError),
}

/// Runs the chain on one document holding both generations (named `docs_path` in diagnostics)
/// with the overrides file's text: the 2018 layout.
pub fn regenerate(docs_path: &str, docs: &str, overrides: &str) -> Result<Regenerated, RegenError> {
    let all: Vec<&str> = crate::extract::GENERATIONS
        .iter()
        .map(|f| f.version)
        .collect();
    regenerate_sources(
        &[Source::new(docs_path, docs, &all)],
        overrides,
        Strictness::Strict,
    )
}

/// Runs the chain on several documents, each feeding the generations its source names.
pub fn regenerate_sources(
    sources: &[Source],
    overrides: &str,
    strictness: Strictness,
) -> Result<Regenerated, RegenError> {
    let overrides = Overrides::parse(overrides)?;
    let outcome = parse_sources(sources, &overrides, strictness);
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
