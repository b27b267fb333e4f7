//! `cargo xtask spec-diff`: the semantic diff of two specs (or sets of specs), for reviewing a
//! documentation update. The comparison and its rules live in `tcgen_codegen::diff`; this module
//! only finds the specs (files, directories or a git revision) and reports.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use tcgen_codegen::diff::{
    diff_spec_sets, diff_specs, render_with, Format, Language, RenderOptions, SpecSetDiff,
    DEFAULT_MAX_BYTES,
};
use tcgen_codegen::spec::ApiSpec;

/// Where `regen` writes the spec JSON files, relative to the repository root.
const SPEC_JSON_DIR: &str = "spec/json";

/// Exit code when `--deny-breaking` finds a breaking change.
const EXIT_BREAKING: u8 = 1;
/// Exit code when the specs cannot be read or compared.
const EXIT_ERROR: u8 = 2;

/// Arguments of `cargo xtask spec-diff`.
#[derive(Args, Debug)]
#[command(after_help = "\
OLD and NEW are each a spec JSON file or a directory of them. Two files are compared directly;
otherwise the specs are matched by version, and a version found on one side only is reported as
a generation added or removed.

Exit status: 0 when the diff was printed, 1 when --deny-breaking found a breaking change,
2 when the specs could not be read or compared.")]
pub struct SpecDiffArgs {
    /// The old spec: a spec JSON file or a directory of spec JSON files.
    #[arg(
        value_name = "OLD",
        required_unless_present = "rev",
        conflicts_with = "rev"
    )]
    old: Option<PathBuf>,
    /// The new spec: a spec JSON file or a directory of spec JSON files.
    #[arg(
        value_name = "NEW",
        required_unless_present = "rev",
        conflicts_with = "rev"
    )]
    new: Option<PathBuf>,
    /// Compare spec/json/ at this git revision (old) with spec/json/ in the working tree (new).
    #[arg(long, value_name = "REV")]
    rev: Option<String>,
    /// How to print the diff.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// The most bytes `--format markdown` may take; over it, additive and info detail is
    /// summarised (breaking changes never are). 0 means no limit.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_BYTES)]
    max_bytes: usize,
    /// The language of `--format changelog`'s categories.
    #[arg(long, value_enum, default_value_t = ChangelogLanguage::Zh)]
    language: ChangelogLanguage,
    /// Exit with status 1 when any change is breaking for callers of the generated SDK.
    #[arg(long)]
    deny_breaking: bool,
}

/// The `--language` values.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum ChangelogLanguage {
    /// The official SDKs' wording: 新增接口, 修改接口, …
    Zh,
    /// The same categories in English: New APIs, Modified APIs, …
    En,
}

/// The `--format` values.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum OutputFormat {
    /// For people: breaking changes first, grouped per generation.
    Text,
    /// For tools: stable, pretty-printed JSON.
    Json,
    /// For a pull-request comment: counts, every breaking change, the rest grouped by action
    /// and kept under --max-bytes.
    Markdown,
    /// A release-note section in the official Tencent Cloud SDKs' categories (新增接口, …).
    Changelog,
}

impl From<OutputFormat> for Format {
    fn from(format: OutputFormat) -> Format {
        match format {
            OutputFormat::Text => Format::Text,
            OutputFormat::Json => Format::Json,
            OutputFormat::Markdown => Format::Markdown,
            OutputFormat::Changelog => Format::Changelog,
        }
    }
}

/// Runs the command; errors are reported on stderr and turned into the exit status.
pub fn run(args: &SpecDiffArgs) -> ExitCode {
    let diff = match compute(args) {
        Ok(diff) => diff,
        Err(error) => {
            eprintln!("spec-diff: error: {error:#}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let options = RenderOptions {
        max_bytes: (args.max_bytes > 0).then_some(args.max_bytes),
        language: match args.language {
            ChangelogLanguage::Zh => Language::Chinese,
            ChangelogLanguage::En => Language::English,
        },
    };
    let report = render_with(&diff, args.format.into(), &options);
    let mut stdout = io::stdout().lock();
    if let Err(error) = stdout
        .write_all(report.as_bytes())
        .and_then(|()| stdout.flush())
    {
        // A reader that stops early (`| head`) is not a failure of the diff.
        if error.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("spec-diff: error: cannot write the report: {error}");
            return ExitCode::from(EXIT_ERROR);
        }
    }
    let breaking = diff.summary().breaking;
    if args.deny_breaking && breaking > 0 {
        eprintln!(
            "spec-diff: {breaking} breaking change{} for callers of the generated SDK; \
             failing because of --deny-breaking",
            if breaking == 1 { "" } else { "s" }
        );
        return ExitCode::from(EXIT_BREAKING);
    }
    ExitCode::SUCCESS
}

fn compute(args: &SpecDiffArgs) -> Result<SpecSetDiff> {
    if let Some(rev) = &args.rev {
        let root = repository_root()?;
        let new_dir = root.join(SPEC_JSON_DIR);
        if !new_dir.is_dir() {
            bail!(
                "{SPEC_JSON_DIR} does not exist in the working tree; run `cargo xtask regen` first"
            );
        }
        let new = load_dir(&new_dir)?;
        let old = load_revision(&root, rev)?;
        return diff_sets(&old, &new);
    }
    let (Some(old), Some(new)) = (&args.old, &args.new) else {
        bail!("give OLD and NEW, or --rev REV");
    };
    match (load_path(old)?, load_path(new)?) {
        (Loaded::File(old), Loaded::File(new)) => Ok(diff_specs(&old.spec, &new.spec).into()),
        (old, new) => diff_sets(&old.into_specs(), &new.into_specs()),
    }
}

/// A spec and where it was read from, to name it in errors.
struct Source {
    origin: String,
    spec: ApiSpec,
}

enum Loaded {
    File(Source),
    Dir(Vec<Source>),
}

impl Loaded {
    fn into_specs(self) -> Vec<Source> {
        match self {
            Loaded::File(source) => vec![source],
            Loaded::Dir(sources) => sources,
        }
    }
}

fn diff_sets(old: &[Source], new: &[Source]) -> Result<SpecSetDiff> {
    ensure_unique_versions(old, "old")?;
    ensure_unique_versions(new, "new")?;
    let specs = |sources: &[Source]| sources.iter().map(|s| s.spec.clone()).collect::<Vec<_>>();
    Ok(diff_spec_sets(&specs(old), &specs(new))?)
}

/// Names both files when one side has a version twice (the library can only name the version).
fn ensure_unique_versions(sources: &[Source], side: &str) -> Result<()> {
    for (i, later) in sources.iter().enumerate() {
        if let Some(earlier) = sources[..i]
            .iter()
            .find(|s| s.spec.version == later.spec.version)
        {
            bail!(
                "{side} specs {} and {} both have version `{}`; each version may appear once per side",
                earlier.origin,
                later.origin,
                later.spec.version
            );
        }
    }
    Ok(())
}

fn load_path(path: &Path) -> Result<Loaded> {
    let metadata = fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if metadata.is_dir() {
        Ok(Loaded::Dir(load_dir(path)?))
    } else {
        Ok(Loaded::File(load_file(path)?))
    }
}

/// Reads every `*.json` file of `dir` (not its subdirectories), in file name order.
fn load_dir(dir: &Path) -> Result<Vec<Source>> {
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        if path.is_file() && path.extension().is_some_and(|ext| ext == "json") {
            paths.push(path);
        }
    }
    if paths.is_empty() {
        bail!("{} holds no *.json spec files", dir.display());
    }
    paths.sort();
    paths.iter().map(|path| load_file(path)).collect()
}

fn load_file(path: &Path) -> Result<Source> {
    let text =
        fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let origin = path.display().to_string();
    parse(&text, origin)
}

fn parse(text: &str, origin: String) -> Result<Source> {
    let spec = serde_json::from_str(text)
        .with_context(|| format!("{origin} is not a valid spec JSON file"))?;
    Ok(Source { origin, spec })
}

/// Reads the `*.json` files of `spec/json/` as committed at `rev`. A revision without that
/// directory (before the first regen) gives an empty set, so everything shows as added.
fn load_revision(root: &Path, rev: &str) -> Result<Vec<Source>> {
    let commit = resolve_commit(root, rev)?;
    let listing = git(
        root,
        &["ls-tree", "-z", &commit, "--", &format!("{SPEC_JSON_DIR}/")],
    )?;
    let mut paths = Vec::new();
    for entry in listing.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let entry =
            String::from_utf8(entry.to_vec()).context("`git ls-tree` printed a non-UTF-8 path")?;
        // `<mode> SP <type> SP <object> TAB <path>`
        let Some((header, path)) = entry.split_once('\t') else {
            bail!("unexpected `git ls-tree` output: {entry:?}");
        };
        if header.split(' ').nth(1) == Some("blob") && path.ends_with(".json") {
            paths.push(path.to_string());
        }
    }
    if paths.is_empty() {
        eprintln!(
            "spec-diff: note: no {SPEC_JSON_DIR}/*.json at {rev}; comparing against no specs"
        );
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let bytes = git(root, &["show", &format!("{commit}:{path}")])?;
            let origin = format!("{rev}:{path}");
            let text =
                String::from_utf8(bytes).with_context(|| format!("{origin} is not UTF-8"))?;
            parse(&text, origin)
        })
        .collect()
}

/// The commit id `rev` names, so that later git commands get a plain object id (never
/// something that could be read as an option).
fn resolve_commit(root: &Path, rev: &str) -> Result<String> {
    let output = git_command(root)
        .args([
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &format!("{rev}^{{commit}}"),
        ])
        .output()
        .context("cannot run git")?;
    if !output.status.success() {
        bail!("`{rev}` is not a git revision of this repository");
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// The root of the git working tree the command runs in.
fn repository_root() -> Result<PathBuf> {
    let output = Command::new("git")
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .context("cannot run git (needed by --rev)")?;
    if !output.status.success() {
        bail!(
            "--rev needs a git working tree: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(PathBuf::from(
        String::from_utf8_lossy(&output.stdout).trim(),
    ))
}

fn git_command(root: &Path) -> Command {
    let mut command = Command::new("git");
    command.arg("-C").arg(root);
    command
}

/// Runs git in `root` and returns its stdout; a failure carries git's own message.
fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let output = git_command(root)
        .args(args)
        .output()
        .context("cannot run git")?;
    if !output.status.success() {
        bail!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(output.stdout)
}
