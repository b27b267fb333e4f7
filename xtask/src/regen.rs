//! `cargo xtask regen [--check]`: docs → spec/json (→ generated SDK).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use tcgen_codegen::diag::Severity;
use tcgen_codegen::emit;
use tcgen_codegen::extract::{GenerationFacts, GENERATIONS};
use tcgen_codegen::overrides::Strictness;
use tcgen_codegen::pipeline::Source;
use tcgen_codegen::regen::{regenerate_sources, Manifest, RegenError, DOCS_DIR, MANIFEST};

/// The overrides file, relative to the repository root.
const OVERRIDES: &str = "spec/overrides.toml";

/// A file regen produces: its path relative to the output root, and its contents.
pub struct Output {
    pub path: PathBuf,
    pub contents: String,
}

/// A `--docs [VERSION=]PATH` argument: a document, and the one generation to take from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocsArg {
    pub version: Option<String>,
    pub path: PathBuf,
}

impl std::str::FromStr for DocsArg {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        // `VERSION=` is a spec version; a path that merely contains `=` stays a path.
        match s.split_once('=') {
            Some((v, path)) if GenerationFacts::by_version(v).is_some() => Ok(DocsArg {
                version: Some(v.to_string()),
                path: PathBuf::from(path),
            }),
            Some((v, _)) if !v.contains(['/', '.']) => Err(format!(
                "unknown generation `{v}` in `{s}` (known: {})",
                GENERATIONS
                    .iter()
                    .map(|f| f.version)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            _ => Ok(DocsArg {
                version: None,
                path: PathBuf::from(s),
            }),
        }
    }
}

/// The sources of the checked-in layout: `spec/docs/sources.toml`.
fn manifest_sources(root: &Path) -> Result<Vec<Source>> {
    let text =
        fs::read_to_string(root.join(MANIFEST)).with_context(|| format!("reading {MANIFEST}"))?;
    let manifest = Manifest::parse(&text)?;
    manifest
        .source
        .iter()
        .map(|s| {
            let path = format!("{DOCS_DIR}/{}", s.document.trim_end_matches('/'));
            Source::read(&root.join(&path), &path, s.generations.clone())
                .with_context(|| format!("reading {path}, which {MANIFEST} names"))
        })
        .collect()
}

/// The sources of a preview: each `--docs` document, with its one generation or all it holds.
fn preview_sources(docs: &[DocsArg]) -> Result<Vec<Source>> {
    docs.iter()
        .map(|d| {
            let shown = d.path.display().to_string();
            Source::read(&d.path, shown, d.version.iter().cloned().collect())
                .with_context(|| format!("reading {}", d.path.display()))
        })
        .collect()
}

/// What the summary line says of warnings that were not printed, so none goes unnoticed.
fn held_back(shown: usize, warnings: usize) -> String {
    if shown >= warnings {
        String::new()
    } else {
        format!(
            " ({shown} printed, {} held back: `cargo xtask regen -v` prints them all)",
            warnings - shown
        )
    }
}

/// Runs the whole chain in memory, prints the diagnostics, and returns every output file:
/// the checked-in layout when `docs` is empty, else a preview of the given documents.
pub fn generate(root: &Path, docs: &[DocsArg], verbose: bool) -> Result<Vec<Output>> {
    let (sources, strictness) = if docs.is_empty() {
        (manifest_sources(root)?, Strictness::Strict)
    } else {
        (preview_sources(docs)?, Strictness::Preview)
    };
    let overrides =
        fs::read_to_string(root.join(OVERRIDES)).with_context(|| format!("reading {OVERRIDES}"))?;
    let regenerated = match regenerate_sources(&sources, &overrides, strictness) {
        Ok(r) => r,
        Err(RegenError::Documentation(diags)) => {
            // Every finding of the run, so that one unreadable cell does not hide the rest.
            let sorted = diags.sorted();
            let (mut shown, mut warnings) = (0, 0);
            for d in &sorted {
                warnings += usize::from(d.severity == Severity::Warning);
                if verbose || d.severity == Severity::Error || strictness == Strictness::Preview {
                    eprintln!("{d}");
                    shown += usize::from(d.severity == Severity::Warning);
                }
            }
            bail!(
                "the documentation has {} error(s) and {warnings} warning(s){} (see above); fix the parser or add a reviewed override",
                diags.error_count(),
                held_back(shown, warnings)
            );
        }
        Err(other) => return Err(other.into()),
    };
    let mut shown = 0;
    for d in regenerated.diagnostics.sorted() {
        // A preview always shows what no longer matches; the checked-in regen only with -v.
        if verbose || (strictness == Strictness::Preview && d.message.contains("skipped")) {
            eprintln!("{d}");
            shown += 1;
        }
    }
    let warnings = regenerated
        .diagnostics
        .sorted()
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    eprintln!(
        "regen: 0 error(s), {warnings} warning(s){}; {}",
        held_back(shown, warnings),
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

/// The example-defect entries (`spec/example-defects.toml`) whose example the previewed specs no
/// longer have: reported by name, so that a reviewer adopting the edition updates the list.
fn stale_example_defects(root: &Path, outputs: &[Output]) -> Result<Vec<String>> {
    let path = root.join("spec/example-defects.toml");
    let Ok(text) = fs::read_to_string(&path) else {
        return Ok(Vec::new());
    };
    let defects: toml::Table = text.parse().context("parsing spec/example-defects.toml")?;
    let mut specs = Vec::new();
    for output in outputs {
        if output.path.starts_with("spec/json")
            && output.path.extension().is_some_and(|e| e == "json")
        {
            let spec: tcgen_codegen::spec::ApiSpec = serde_json::from_str(&output.contents)
                .with_context(|| format!("reading back {}", output.path.display()))?;
            specs.push(spec);
        }
    }
    let mut stale = Vec::new();
    let entries = defects
        .get("defect")
        .and_then(|d| d.as_array())
        .cloned()
        .unwrap_or_default();
    for entry in entries {
        let field = |k: &str| {
            entry
                .get(k)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let (version, action, example) = (field("version"), field("action"), field("example"));
        let nth = entry
            .get("nth")
            .and_then(|v| v.as_integer())
            .unwrap_or(1)
            .max(1) as usize;
        let Some(spec) = specs.iter().find(|s| s.version == version) else {
            continue;
        };
        let found = spec
            .actions
            .iter()
            .find(|a| a.name == action)
            .map(|a| a.examples.iter().filter(|e| e.title == example).count() >= nth)
            .unwrap_or(false);
        if !found {
            stale.push(format!(
                "example defect {version} {action} `{example}` ({}): the previewed docs have no such example; skipped",
                field("part")
            ));
        }
    }
    Ok(stale)
}

/// A preview: the outputs under `out`, with the generated crate's manifest made standalone
/// (its own workspace, workspace-inherited keys spelled out, the runtime by absolute path).
pub fn preview(root: &Path, docs: &[DocsArg], out: &Path, verbose: bool) -> Result<()> {
    let mut outputs = generate(root, docs, verbose)?;
    for stale in stale_example_defects(root, &outputs)? {
        eprintln!("warning: spec/example-defects.toml: {stale}");
    }
    // The facade's manifest and those of the generation crates nested in its folder; the
    // facade's folder is the preview's workspace, which takes the nested crates in as members.
    let crate_manifest = PathBuf::from(emit::CRATE_DIR).join("Cargo.toml");
    for output in &mut outputs {
        let path = Path::new(&output.path);
        if path.starts_with(emit::CRATE_DIR) && path.ends_with("Cargo.toml") {
            output.contents = standalone_manifest(root, &output.contents, path == crate_manifest)?;
        }
    }
    // The preview owns its spec/json and generated/ folders wholly: clear what an earlier run left.
    for owned in ["spec/json", emit::CRATE_DIR] {
        let dir = out.join(owned);
        if dir.exists() {
            fs::remove_dir_all(&dir).with_context(|| format!("clearing {}", dir.display()))?;
        }
    }
    for output in &outputs {
        let path = out.join(&output.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        fs::write(&path, &output.contents)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    eprintln!(
        "preview: wrote {} files under {}; build with `cargo build --manifest-path {}`, compare with `cargo xtask spec-diff spec/json {}`",
        outputs.len(),
        out.display(),
        out.join(&crate_manifest).display(),
        out.join("spec/json").display()
    );
    Ok(())
}

/// Rewrites a generated crate's `Cargo.toml` to build outside the tcgen workspace: inherited
/// keys spelled out, the runtime by absolute path; the facade (`workspace_root`) also becomes
/// the root of a workspace of its own.
fn standalone_manifest(root: &Path, generated: &str, workspace_root: bool) -> Result<String> {
    let workspace: toml::Table = fs::read_to_string(root.join("Cargo.toml"))
        .context("reading the workspace Cargo.toml")?
        .parse()
        .context("parsing the workspace Cargo.toml")?;
    let inherited = |table: &str, key: &str| -> Result<String> {
        let value = workspace
            .get("workspace")
            .and_then(|w| w.get(table))
            .and_then(|t| t.get(key))
            .with_context(|| format!("the workspace Cargo.toml has no workspace.{table}.{key}"))?;
        Ok(match value {
            toml::Value::Table(t) => {
                let mut inline = toml::map::Map::new();
                inline.extend(t.clone());
                toml::Value::Table(inline)
                    .to_string()
                    .replace('\n', ", ")
                    .trim_end_matches(", ")
                    .to_string()
            }
            other => other.to_string(),
        })
    };
    let runtime = root.join("runtime");
    let mut out = String::new();
    let mut section = String::new();
    for line in generated.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            section = trimmed.trim_matches(['[', ']']).to_string();
        }
        let rewritten = if let Some(key) = trimmed.strip_suffix(".workspace = true") {
            let table = if section == "package" {
                "package"
            } else {
                "dependencies"
            };
            format!("{key} = {}", inherited(table, key)?)
        } else if trimmed.starts_with("tcgen-runtime = { path = \"") {
            format!(
                "tcgen-runtime = {{ path = \"{}\" }}",
                runtime.display().to_string().replace('\\', "/")
            )
        } else {
            line.to_string()
        };
        out.push_str(&rewritten);
        out.push('\n');
    }
    if workspace_root {
        out.push_str(
            "\n# A preview builds on its own, outside the tcgen workspace.\n[workspace]\n",
        );
    }
    Ok(out)
}

/// Writes the outputs whose bytes differ; with `check`, writes nothing and fails on stale files.
pub fn run(root: &Path, check: bool, verbose: bool) -> Result<()> {
    let outputs = generate(root, &[], verbose)?;
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
    fn a_summary_says_how_many_warnings_it_held_back_and_how_to_see_them() {
        assert_eq!(held_back(24, 24), "");
        let note = held_back(13, 24);
        assert!(note.contains("13 printed, 11 held back"), "{note}");
        assert!(note.contains("regen -v"), "{note}");
    }

    #[test]
    fn docs_arguments_take_an_optional_generation() {
        let arg: DocsArg = "2017-03-12=new.txt".parse().unwrap();
        assert_eq!(arg.version.as_deref(), Some("2017-03-12"));
        assert_eq!(arg.path, PathBuf::from("new.txt"));
        let arg: DocsArg = "v2=a=b.txt".parse().unwrap();
        assert_eq!(arg.path, PathBuf::from("a=b.txt"));
        let arg: DocsArg = "docs/edition.txt".parse().unwrap();
        assert_eq!(arg.version, None);
        let err = "v4=x.txt".parse::<DocsArg>().unwrap_err();
        assert!(err.contains("unknown generation `v4`"), "{err}");
    }

    #[test]
    fn the_manifest_may_name_a_folder_of_markdown_pages() {
        let root = std::env::temp_dir().join(format!("tcgen-manifest-{}", std::process::id()));
        let pages = root.join("spec/docs/vpc-v2-pages/私有网络相关接口");
        fs::create_dir_all(&pages).unwrap();
        let page =
            fs::read(self::root().join(
                "tests/data/docs/markdown/vpc-v2-zh-2018-06/私有网络相关接口/创建私有网络.md",
            ))
            .unwrap();
        fs::write(pages.join("创建私有网络.md"), page).unwrap();
        fs::write(
            root.join(MANIFEST),
            "[[source]]\ndocument = \"vpc-v2-pages/\"\ngenerations = [\"v2\"]\n",
        )
        .unwrap();
        let sources = manifest_sources(&root).unwrap();
        fs::remove_dir_all(&root).unwrap();
        assert_eq!(sources.len(), 1);
        assert_eq!(sources[0].path, "spec/docs/vpc-v2-pages");
        assert_eq!(sources[0].take, ["v2"]);
        let names: Vec<&str> = sources[0].files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["私有网络相关接口/创建私有网络.md"]);
        let mut diags = tcgen_codegen::diag::Diagnostics::new("t");
        let doc = sources[0].parse(&sources[0].text, &mut diags);
        assert_eq!(doc.sections[0].title, "创建私有网络");
    }

    #[test]
    fn the_preview_crate_manifests_stand_alone() {
        let runtime_of = |table: &toml::Table| {
            let path = table["dependencies"]["tcgen-runtime"]["path"]
                .as_str()
                .unwrap()
                .to_string();
            assert!(Path::new(&path).is_absolute() && Path::new(&path).join("Cargo.toml").exists());
        };
        let generated = fs::read_to_string(root().join("generated/vpc/Cargo.toml")).unwrap();
        let manifest = standalone_manifest(&root(), &generated, true).unwrap();
        let facade: toml::Table = manifest.parse().unwrap();
        assert!(facade.contains_key("workspace"), "{manifest}");
        assert!(!manifest.contains(".workspace = true"), "{manifest}");
        let package = facade["package"].as_table().unwrap();
        assert_eq!(package["edition"].as_str(), Some("2021"));
        runtime_of(&facade);
        // The generation crates stay in the facade's folder, so the preview's workspace has them.
        assert_eq!(
            facade["dependencies"]["tcgen-vpc-v2"]["path"].as_str(),
            Some("v2")
        );
        assert!(facade["features"]["default"].as_array().is_some());

        let generated = fs::read_to_string(root().join("generated/vpc/v2/Cargo.toml")).unwrap();
        let manifest = standalone_manifest(&root(), &generated, false).unwrap();
        let generation: toml::Table = manifest.parse().unwrap();
        assert!(!generation.contains_key("workspace"), "{manifest}");
        assert!(!manifest.contains(".workspace = true"), "{manifest}");
        runtime_of(&generation);
        assert_eq!(
            generation["dependencies"]["serde"]["version"].as_str(),
            Some("1")
        );
    }

    #[test]
    fn two_regens_give_the_same_bytes() {
        let a = generate(&root(), &[], false).unwrap();
        let b = generate(&root(), &[], false).unwrap();
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
        for out in generate(&root(), &[], false).unwrap() {
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
        let outputs = generate(&root(), &[], false).unwrap();
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
