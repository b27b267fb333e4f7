//! The whole of `cargo xtask regen` in memory: parse and extract both generations, render the
//! spec JSON, emit and format the SDK crate, cross-check, and write nothing.
//!
//! This mirrors `generate` in `xtask/src/regen.rs` step for step (xtask is a binary, so it
//! cannot be called); [`tests::outputs_equal_the_checked_in_files`] keeps the two honest by
//! comparing every output with the file regen wrote.

use sha2::{Digest, Sha256};
use tcgen_codegen::pipeline::{parse_docs_with_overrides_text, spec_json};
use tcgen_codegen::{crosscheck, emit};

/// The documentation path as xtask names it (it appears in diagnostics).
pub const DOCS_PATH: &str = "spec/docs/vpc-api-2018.txt";
/// The documentation text.
pub const DOCS: &str = include_str!("../../spec/docs/vpc-api-2018.txt");
/// The reviewed overrides.
pub const OVERRIDES: &str = include_str!("../../spec/overrides.toml");

/// One file regen would write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegenOutput {
    /// Path relative to the repository root, `/`-separated.
    pub path: String,
    /// The file's contents.
    pub contents: String,
}

/// Runs the chain on `docs` and `overrides` and returns every file regen writes, in xtask's
/// order: the specs, the SDK crate, the cross-check report.
///
/// # Errors
///
/// When the overrides do not parse, the documentation has error diagnostics, or the emitter
/// fails.
pub fn regen_in_memory(docs: &str, overrides: &str) -> Result<Vec<RegenOutput>, String> {
    let outcome = parse_docs_with_overrides_text(DOCS_PATH, docs, overrides)
        .map_err(|err| format!("overrides: {err}"))?;
    if outcome.diagnostics.error_count() > 0 {
        let first = outcome
            .diagnostics
            .sorted()
            .into_iter()
            .next()
            .map(|diagnostic| diagnostic.to_string())
            .unwrap_or_default();
        return Err(format!(
            "the documentation has {} error(s), the first: {first}",
            outcome.diagnostics.error_count()
        ));
    }
    let mut outputs: Vec<RegenOutput> = outcome
        .specs
        .iter()
        .map(|spec| RegenOutput {
            path: format!("spec/json/{}.json", spec.generation.module_name()),
            contents: spec_json(spec),
        })
        .collect();
    let mut hasher = Sha256::new();
    for output in &outputs {
        hasher.update(output.path.as_bytes());
        hasher.update(output.contents.as_bytes());
    }
    let spec_hash: String = hasher
        .finalize()
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    let files = emit::emit_crate(&outcome.specs, &spec_hash).map_err(|err| err.to_string())?;
    outputs.extend(files.into_iter().map(|file| RegenOutput {
        path: format!("{}/{}", emit::CRATE_DIR, file.path),
        contents: file.contents,
    }));
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
        path: "spec/json/crosscheck.txt".to_owned(),
        contents: report,
    });
    Ok(outputs)
}

/// Compares outputs with the files under `root`; returns the paths that differ or are missing.
pub fn stale_outputs(root: &std::path::Path, outputs: &[RegenOutput]) -> Vec<String> {
    outputs
        .iter()
        .filter(|output| {
            std::fs::read_to_string(root.join(&output.path))
                .ok()
                .as_deref()
                != Some(output.contents.as_str())
        })
        .map(|output| output.path.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_equal_the_checked_in_files() {
        let outputs = regen_in_memory(DOCS, OVERRIDES).unwrap();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        assert!(outputs.len() > 10, "{} outputs", outputs.len());
        assert_eq!(stale_outputs(&root, &outputs), Vec::<String>::new());
    }

    #[test]
    fn broken_overrides_are_reported() {
        let err = regen_in_memory(DOCS, "[[replace]]\nfind = 1\n").unwrap_err();
        assert!(err.starts_with("overrides: "), "{err}");
    }
}
