//! `cargo xtask regen [--check]`: docs → spec/json (→ generated SDK).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use tcgen_codegen::diag::Severity;
use tcgen_codegen::pipeline::{parse_docs_with_overrides_text, spec_json};

/// The documentation inputs, relative to the repository root.
const DOCS: &str = "spec/docs/vpc-api-2018.txt";
const OVERRIDES: &str = "spec/overrides.toml";

/// A file regen produces: its path relative to the repository root, and its contents.
pub struct Output {
    pub path: PathBuf,
    pub contents: String,
}

/// Runs the whole chain in memory and returns every output file.
pub fn generate(root: &Path, verbose: bool) -> Result<Vec<Output>> {
    let docs = fs::read_to_string(root.join(DOCS)).with_context(|| format!("reading {DOCS}"))?;
    let overrides =
        fs::read_to_string(root.join(OVERRIDES)).with_context(|| format!("reading {OVERRIDES}"))?;
    let outcome = parse_docs_with_overrides_text(DOCS, &docs, &overrides)?;
    let diags = outcome.diagnostics.sorted();
    for d in &diags {
        if verbose || d.severity == Severity::Error {
            eprintln!("{d}");
        }
    }
    eprintln!(
        "regen: {} error(s), {} warning(s); {}",
        outcome.diagnostics.error_count(),
        outcome.diagnostics.warning_count(),
        outcome
            .specs
            .iter()
            .map(|s| format!(
                "{}: {} actions, {} objects",
                s.version,
                s.actions.len(),
                s.objects.len()
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    if outcome.diagnostics.error_count() > 0 {
        bail!(
            "the documentation has errors (see above); fix the parser or add a reviewed override"
        );
    }
    let mut outputs = Vec::new();
    for spec in &outcome.specs {
        outputs.push(Output {
            path: PathBuf::from("spec/json")
                .join(format!("{}.json", spec.generation.module_name())),
            contents: spec_json(spec),
        });
    }
    // Where a table and its own examples disagree, reviewed as a diff like the spec itself.
    let mut report = String::from(
        "# Where an action's tables and its own examples disagree (codegen/src/crosscheck.rs).\n\
         # Each line is a doc erratum not (yet) corrected in spec/overrides.toml, or a parser bug.\n",
    );
    for spec in &outcome.specs {
        for finding in tcgen_codegen::crosscheck::crosscheck(spec) {
            report.push_str(&finding.to_string());
            report.push('\n');
        }
    }
    outputs.push(Output {
        path: PathBuf::from("spec/json/crosscheck.txt"),
        contents: report,
    });
    Ok(outputs)
}

/// Writes the outputs whose bytes differ; with `check`, writes nothing and fails on stale files.
pub fn run(root: &Path, check: bool, verbose: bool) -> Result<()> {
    let outputs = generate(root, verbose)?;
    let mut stale = Vec::new();
    for out in &outputs {
        let path = root.join(&out.path);
        let current = fs::read(&path).ok();
        if current.as_deref() == Some(out.contents.as_bytes()) {
            continue;
        }
        if check {
            stale.push(out.path.display().to_string());
            continue;
        }
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        fs::write(&path, &out.contents).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {}", out.path.display());
    }
    if !stale.is_empty() {
        bail!(
            "generated files are stale; run `cargo xtask regen` and commit the result:\n  {}",
            stale.join("\n  ")
        );
    }
    Ok(())
}
