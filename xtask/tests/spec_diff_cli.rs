//! End-to-end tests of `cargo xtask spec-diff`: the real binary on the codegen spec-diff fixtures,
//! in files mode and in `--rev` mode against real git repositories.
//!
//! The expected outputs are codegen's golden files, so the CLI is held to exactly what the
//! library tests pin down.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn diff_golden() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/diff_golden")
}

fn fixtures(side: &str) -> PathBuf {
    diff_golden().join("fixtures").join(side)
}

fn golden(file: &str) -> String {
    let path = diff_golden().join("expected").join(file);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The xtask binary, run in `dir`, with no git variables leaking in from the caller.
fn xtask(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("spec-diff")
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("the xtask binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("fixture paths are UTF-8")
}

/// An empty scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("spec-diff-cli")
        .join(name);
    if dir.exists() {
        fs::remove_dir_all(&dir).expect("remove the previous scratch directory");
    }
    fs::create_dir_all(&dir).expect("create the scratch directory");
    dir
}

fn git(repo: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args([
            "-c",
            "user.name=tcgen tests",
            "-c",
            "user.email=tcgen-tests@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(repo)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?} failed: {}",
        stderr(&output)
    );
}

/// Copies the `*.json` files of a fixture side into `repo/spec/json/`, replacing what is there.
fn put_spec_json(repo: &Path, side: &str) {
    let dir = repo.join("spec/json");
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap();
    }
    fs::create_dir_all(&dir).unwrap();
    for entry in fs::read_dir(fixtures(side)).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
}

#[test]
fn directories_give_the_golden_text_and_exit_0() {
    let out = xtask(
        &diff_golden(),
        &[path_arg(&fixtures("base")), path_arg(&fixtures("changed"))],
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert_eq!(stdout(&out), golden("vpc_docs_update.txt"));
    assert_eq!(stderr(&out), "");
}

#[test]
fn json_and_markdown_formats_give_the_golden_outputs() {
    for (format, file) in [
        ("json", "vpc_docs_update.json"),
        ("markdown", "vpc_docs_update.md"),
        ("changelog", "vpc_docs_update.changelog.md"),
    ] {
        let out = xtask(
            &diff_golden(),
            &[
                "--format",
                format,
                path_arg(&fixtures("base")),
                path_arg(&fixtures("changed")),
            ],
        );
        assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
        assert_eq!(stdout(&out), golden(file), "--format {format}");
    }
}

#[test]
fn max_bytes_shortens_the_markdown_but_never_its_breaking_changes() {
    let base = fixtures("base");
    let changed = fixtures("changed");
    let run = |extra: &[&str]| {
        let mut args = vec!["--format", "markdown"];
        args.extend_from_slice(extra);
        args.extend([path_arg(&base), path_arg(&changed)]);
        let out = xtask(&diff_golden(), &args);
        assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
        stdout(&out)
    };
    let full = golden("vpc_docs_update.md");
    // The fixture diff fits the default budget, and 0 lifts it: both are the whole comment.
    assert_eq!(run(&[]), full);
    assert_eq!(run(&["--max-bytes", "0"]), full);
    let short = run(&["--max-bytes", "1200"]);
    assert!(
        short.contains("**Shortened to fit 1,200 bytes**"),
        "{short}"
    );
    // The entries of the `#### Breaking` sections.
    let breaking = |md: &str| -> Vec<String> {
        let mut in_breaking = false;
        md.lines()
            .filter(|line| {
                if line.starts_with("###") {
                    in_breaking = line.starts_with("#### Breaking");
                }
                in_breaking && line.starts_with("- ")
            })
            .map(str::to_string)
            .collect()
    };
    assert!(!breaking(&full).is_empty());
    assert_eq!(breaking(&short), breaking(&full));
}

#[test]
fn the_changelog_speaks_english_when_asked_and_bad_flags_exit_2() {
    let base = fixtures("base");
    let changed = fixtures("changed");
    let out = xtask(
        &diff_golden(),
        &[
            "--format",
            "changelog",
            "--language",
            "en",
            path_arg(&base),
            path_arg(&changed),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert!(
        stdout(&out).starts_with("## Virtual Private Cloud(vpc) Version: 2017-03-12\n"),
        "{}",
        stdout(&out)
    );
    for (bad, flag) in [
        ("--max-bytes=lots", "--max-bytes"),
        ("--max-bytes=-5", "--max-bytes"),
        ("--language=fr", "--language"),
    ] {
        let out = xtask(&diff_golden(), &[bad, path_arg(&base), path_arg(&changed)]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&out).contains("invalid value") && stderr(&out).contains(flag),
            "{bad}: {}",
            stderr(&out)
        );
        assert_eq!(stdout(&out), "");
    }
}

#[test]
fn deny_breaking_exits_1_and_says_why_on_stderr() {
    let out = xtask(
        &diff_golden(),
        &[
            "--deny-breaking",
            path_arg(&fixtures("base")),
            path_arg(&fixtures("changed")),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        golden("vpc_docs_update.txt"),
        "the report is still printed"
    );
    assert_eq!(
        stderr(&out),
        "spec-diff: 13 breaking changes for callers of the generated SDK; \
         failing because of --deny-breaking\n"
    );
}

#[test]
fn deny_breaking_passes_when_changes_are_only_additive() {
    // A file on one side and a directory on the other: compared as sets, v2 is a new generation.
    let out = xtask(
        &diff_golden(),
        &[
            "--deny-breaking",
            path_arg(&fixtures("base").join("v20170312.json")),
            path_arg(&fixtures("base")),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert_eq!(stdout(&out), golden("generation_added.txt"));
}

#[test]
fn two_files_are_compared_directly_even_across_versions() {
    let out = xtask(
        &diff_golden(),
        &[
            path_arg(&fixtures("base").join("v2.json")),
            path_arg(&fixtures("base").join("v20170312.json")),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("\n2017-03-12: "),
        "one generation, keyed by the new version:\n{text}"
    );
    assert!(!text.contains("generation added"), "{text}");
    assert!(
        text.contains("    - spec: version v2 -> 2017-03-12\n"),
        "{text}"
    );
    assert!(
        text.contains("    - spec: envelope code_message -> response\n"),
        "{text}"
    );
}

#[test]
fn an_invalid_spec_file_exits_2_naming_it() {
    let dir = scratch("invalid-spec");
    let broken = dir.join("v2.json");
    fs::write(&broken, "{\"version\": \"v2\", \"generation\": \"v9\"}").unwrap();
    let out = xtask(&dir, &[path_arg(&broken), path_arg(&fixtures("base"))]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "spec-diff: error: {} is not a valid spec JSON file: ",
            broken.display()
        )),
        "{err}"
    );
    assert!(err.contains("unknown variant `v9`"), "{err}");
}

#[test]
fn a_directory_without_specs_or_a_missing_path_exits_2() {
    let dir = scratch("no-specs");
    let out = xtask(&dir, &[path_arg(&dir), path_arg(&fixtures("base"))]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "spec-diff: error: {} holds no *.json spec files\n",
            dir.display()
        )
    );

    let out = xtask(&dir, &["missing.json", path_arg(&fixtures("base"))]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("spec-diff: error: cannot read missing.json: "));
}

#[test]
fn a_version_twice_in_a_directory_exits_2_naming_both_files() {
    let dir = scratch("duplicate-version");
    fs::copy(fixtures("base").join("v2.json"), dir.join("a.json")).unwrap();
    fs::copy(fixtures("changed").join("v2.json"), dir.join("b.json")).unwrap();
    let out = xtask(&dir, &[path_arg(&fixtures("base")), path_arg(&dir)]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "spec-diff: error: new specs {} and {} both have version `v2`; \
             each version may appear once per side\n",
            dir.join("a.json").display(),
            dir.join("b.json").display()
        )
    );
}

#[test]
fn rev_compares_the_committed_spec_json_with_the_working_tree() {
    let repo = scratch("rev-mode");
    git(&repo, &["init", "-q"]);
    put_spec_json(&repo, "base");
    git(&repo, &["add", "spec"]);
    git(&repo, &["commit", "-q", "-m", "spec as the 2018 docs say"]);
    put_spec_json(&repo, "changed");

    // Run from a subdirectory: the repository root is found by git, not by the caller.
    let out = xtask(&repo.join("spec"), &["--rev", "HEAD", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert_eq!(stdout(&out), golden("vpc_docs_update.json"));

    // Committed, the working tree matches HEAD and the diff of HEAD~0 is empty, HEAD~1 is not.
    git(&repo, &["commit", "-q", "-am", "docs update"]);
    let out = xtask(&repo, &["--rev", "HEAD", "--deny-breaking"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "spec-diff: no changes\n\n2017-03-12: no changes\n\nv2: no changes\n"
    );
    let out = xtask(&repo, &["--rev", "HEAD~1", "--deny-breaking"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), golden("vpc_docs_update.txt"));
}

#[test]
fn rev_before_the_first_regen_shows_every_generation_added() {
    let repo = scratch("rev-before-regen");
    git(&repo, &["init", "-q"]);
    fs::write(repo.join("README.md"), "# tcgen\n").unwrap();
    git(&repo, &["add", "README.md"]);
    git(&repo, &["commit", "-q", "-m", "skeleton"]);
    put_spec_json(&repo, "base");

    let out = xtask(&repo, &["--rev", "HEAD", "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "spec-diff: note: no spec/json/*.json at HEAD; comparing against no specs\n"
    );
    let markdown = stdout(&out);
    assert!(
        markdown.contains("| `2017-03-12` | 0 | 1 | 0 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("- `spec`: generation added (4 actions, 2 objects)"),
        "{markdown}"
    );
    assert!(
        markdown.contains("- `spec`: generation added (2 actions, 3 objects)"),
        "{markdown}"
    );
}

#[test]
fn rev_errors_exit_2_with_a_clear_message() {
    let repo = scratch("rev-errors");
    git(&repo, &["init", "-q"]);
    let out = xtask(&repo, &["--rev", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "spec-diff: error: spec/json does not exist in the working tree; run `cargo xtask regen` first\n"
    );

    put_spec_json(&repo, "base");
    // A revision that looks like an option must not reach git as one.
    for (arg, rev) in [
        ("--rev=no-such-branch", "no-such-branch"),
        ("--rev=--output=injected", "--output=injected"),
    ] {
        let out = xtask(&repo, &[arg]);
        assert_eq!(out.status.code(), Some(2), "{arg}");
        assert_eq!(
            stderr(&out),
            format!("spec-diff: error: `{rev}` is not a git revision of this repository\n")
        );
    }
    assert!(!repo.join("injected").exists());
}

#[test]
fn rev_and_paths_together_are_refused() {
    let out = xtask(
        &diff_golden(),
        &[
            "--rev",
            "HEAD",
            path_arg(&fixtures("base")),
            path_arg(&fixtures("changed")),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("the argument '--rev <REV>' cannot be used with"));
}
