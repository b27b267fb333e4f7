//! `cargo xtask regen [--check]`: docs → spec/json (→ generated SDK).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use tcgen_codegen::diag::Severity;
use tcgen_codegen::emit;
use tcgen_codegen::regen::{regenerate, RegenError};

/// The documentation inputs, relative to the repository root.
const DOCS: &str = "spec/docs/vpc-api-2018.txt";
const OVERRIDES: &str = "spec/overrides.toml";

/// A file regen produces: its path relative to the repository root, and its contents.
pub struct Output {
    pub path: PathBuf,
    pub contents: String,
}

/// Runs the whole chain in memory, prints the diagnostics, and returns every output file.
pub fn generate(root: &Path, verbose: bool) -> Result<Vec<Output>> {
    let docs = fs::read_to_string(root.join(DOCS)).with_context(|| format!("reading {DOCS}"))?;
    let overrides =
        fs::read_to_string(root.join(OVERRIDES)).with_context(|| format!("reading {OVERRIDES}"))?;
    let regenerated = match regenerate(DOCS, &docs, &overrides) {
        Ok(r) => r,
        Err(RegenError::Documentation(diags)) => {
            for d in diags.sorted() {
                if verbose || d.severity == Severity::Error {
                    eprintln!("{d}");
                }
            }
            bail!(
                "the documentation has {} error(s) (see above); fix the parser or add a reviewed override",
                diags.error_count()
            );
        }
        Err(other) => return Err(other.into()),
    };
    if verbose {
        for d in regenerated.diagnostics.sorted() {
            eprintln!("{d}");
        }
    }
    eprintln!(
        "regen: 0 error(s), {} warning(s); {}",
        regenerated.diagnostics.warning_count(),
        regenerated
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
    Ok(regenerated
        .outputs
        .into_iter()
        .map(|o| Output {
            path: PathBuf::from(o.path),
            contents: o.contents,
        })
        .collect())
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
    // regen owns the generated crate wholly: a file it no longer writes is removed.
    let owned = root.join(emit::CRATE_DIR);
    let expected: std::collections::BTreeSet<PathBuf> =
        outputs.iter().map(|o| root.join(&o.path)).collect();
    for path in files_below(&owned)? {
        if !expected.contains(&path) {
            let shown = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string();
            if check {
                stale.push(format!("{shown} (no longer generated)"));
            } else {
                fs::remove_file(&path).with_context(|| format!("removing {shown}"))?;
                eprintln!("removed {shown}");
            }
        }
    }
    if !stale.is_empty() {
        bail!(
            "generated files are stale; run `cargo xtask regen` and commit the result:\n  {}",
            stale.join("\n  ")
        );
    }
    Ok(())
}

/// Every file below `dir` (none when it does not exist).
fn files_below(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .unwrap()
            .to_path_buf()
    }

    #[test]
    fn two_regens_give_the_same_bytes() {
        let a = generate(&root(), false).unwrap();
        let b = generate(&root(), false).unwrap();
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.path, y.path);
            assert!(
                x.contents == y.contents,
                "{} differs between runs",
                x.path.display()
            );
        }
    }

    #[test]
    fn the_checked_in_output_is_what_regen_makes() {
        for out in generate(&root(), false).unwrap() {
            let on_disk = fs::read_to_string(root().join(&out.path))
                .unwrap_or_else(|e| panic!("{}: {e}; run `cargo xtask regen`", out.path.display()));
            assert!(
                on_disk == out.contents,
                "{} is stale; run `cargo xtask regen`",
                out.path.display()
            );
        }
    }

    #[test]
    fn every_generated_file_names_the_spec_hash() {
        let outputs = generate(&root(), false).unwrap();
        let rust: Vec<_> = outputs
            .iter()
            .filter(|o| o.path.extension().is_some_and(|e| e == "rs"))
            .collect();
        assert!(rust.len() >= 10);
        let first_line = rust[0].contents.lines().next().unwrap().to_string();
        assert!(first_line.contains("DO NOT EDIT"), "{first_line}");
        for out in rust {
            assert_eq!(
                out.contents.lines().next().unwrap(),
                first_line,
                "{}",
                out.path.display()
            );
        }
    }
}
