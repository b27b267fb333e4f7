//! Writes the generated SDK crate for a spec `K` times the size of the checked-in API 3.0 spec,
//! for `benches/build_time.sh --scale K`: how the generated crate's build time and memory grow
//! with the number of actions (today's API 3.0 documents about 450, the 2018 edition 87).
//!
//! Copy `k` (2..=K) of every action is renamed `<Action>V<k>`, and so is every object, with the
//! copy's members referring to the copy's objects, so each copy is a distinct API surface of the
//! same shape, as a larger edition would be. The spec then goes through the real emitter
//! (`tcgen_codegen::emit`), into `<out>/vpc`, inside a workspace of its own at `<out>` that
//! inherits the root workspace's settings and lock file, with a copy of this repository's
//! runtime in `<out>/runtime` (so that editing the runtime while a measurement runs does not
//! rebuild it in the middle of the timed build).
//!
//! Usage: `scale_crate --scale K --out DIR`

use std::path::{Path, PathBuf};

use tcgen_benches::scale::scale_spec;
use tcgen_codegen::emit::{emit_crate_with, CrateOptions};
use tcgen_codegen::spec::ApiSpec;

/// The package name of the scaled crate.
const PACKAGE: &str = "tcgen-vpc-scale";

fn main() {
    if let Err(message) = run(std::env::args().skip(1).collect()) {
        eprintln!("scale_crate: {message}");
        std::process::exit(2);
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let mut scale = None;
    let mut out = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--scale" => {
                let value = args.next().ok_or("--scale needs a number")?;
                scale = Some(
                    value
                        .parse::<usize>()
                        .ok()
                        .filter(|k| *k >= 1)
                        .ok_or(format!("--scale {value}: expected a number of at least 1"))?,
                );
            }
            "--out" => out = Some(PathBuf::from(args.next().ok_or("--out needs a directory")?)),
            other => {
                return Err(format!(
                    "unknown argument `{other}` (usage: --scale K --out DIR)"
                ))
            }
        }
    }
    let scale = scale.ok_or("--scale K is required")?;
    let out = out.ok_or("--out DIR is required")?;

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec_path = root.join("spec/json/v20170312.json");
    let text = std::fs::read_to_string(&spec_path)
        .map_err(|err| format!("{}: {err}", spec_path.display()))?;
    let spec: ApiSpec =
        serde_json::from_str(&text).map_err(|err| format!("{}: {err}", spec_path.display()))?;
    let scaled = scale_spec(&spec, scale);

    let options = CrateOptions {
        package: PACKAGE.to_string(),
        runtime_path: "../runtime".to_string(),
    };
    let files = emit_crate_with(
        std::slice::from_ref(&scaled),
        &format!("scale-{scale}"),
        &options,
    )
    .map_err(|err| err.to_string())?;

    let crate_dir = out.join("vpc");
    if crate_dir.exists() {
        std::fs::remove_dir_all(&crate_dir)
            .map_err(|err| format!("{}: {err}", crate_dir.display()))?;
    }
    let mut lines = 0;
    for file in &files {
        let path = crate_dir.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("files are under the crate dir"))
            .map_err(|err| format!("{}: {err}", path.display()))?;
        std::fs::write(&path, &file.contents)
            .map_err(|err| format!("{}: {err}", path.display()))?;
        if file.path.ends_with(".rs") {
            lines += file.contents.lines().count();
        }
    }
    // The facade and the generation crate nested in it, as the emitter names them.
    let packages: Vec<String> = files
        .iter()
        .filter(|file| file.path.ends_with("Cargo.toml"))
        .filter_map(|file| {
            file.contents
                .lines()
                .find_map(|line| line.strip_prefix("name = \""))
                .map(|name| name.trim_end_matches('"').to_string())
        })
        .collect();
    write_workspace(&root, &out, &packages)?;
    copy_runtime(&root, &out)?;
    println!(
        "{PACKAGE}: {} actions, {} objects, {lines} lines of Rust in {}",
        scaled.actions.len(),
        scaled.objects.len(),
        crate_dir.display()
    );
    Ok(())
}

/// `<out>/runtime`: `runtime/Cargo.toml` and `runtime/src`, as they are now.
fn copy_runtime(root: &Path, out: &Path) -> Result<(), String> {
    let target = out.join("runtime");
    if target.exists() {
        std::fs::remove_dir_all(&target).map_err(|err| format!("{}: {err}", target.display()))?;
    }
    copy_tree(&root.join("runtime/src"), &target.join("src"))?;
    std::fs::copy(root.join("runtime/Cargo.toml"), target.join("Cargo.toml"))
        .map_err(|err| format!("runtime/Cargo.toml: {err}"))?;
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|err| format!("{}: {err}", to.display()))?;
    let entries = std::fs::read_dir(from).map_err(|err| format!("{}: {err}", from.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|err| format!("{}: {err}", from.display()))?
            .path();
        let name = path.file_name().expect("a directory entry has a name");
        if path.is_dir() {
            copy_tree(&path, &to.join(name))?;
        } else {
            std::fs::copy(&path, to.join(name))
                .map_err(|err| format!("{}: {err}", path.display()))?;
        }
    }
    Ok(())
}

/// `<out>/Cargo.toml`: the root workspace's manifest with `vpc` as its only member (so the
/// generated crate inherits the same package settings, dependency versions and profiles), and
/// the root lock file, so that nothing is resolved anew.
fn write_workspace(root: &Path, out: &Path, packages: &[String]) -> Result<(), String> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))
        .map_err(|err| format!("Cargo.toml: {err}"))?;
    let mut workspace = String::from(
        "# Written by benches/src/bin/scale_crate.rs: the root workspace's settings around the\n\
         # scaled generated crate.\n",
    );
    // The root's per-package profile sections name the checked-in crates; the scaled crates get
    // the same settings under their own names below.
    let mut in_package_profile = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            in_package_profile = line.starts_with("[profile.dev.package.");
        }
        if in_package_profile {
            continue;
        }
        if line.starts_with("members") {
            workspace.push_str("members = [\"vpc\", \"runtime\"]\n");
        } else if !line.starts_with("default-members") && !line.starts_with('#') {
            workspace.push_str(line);
            workspace.push('\n');
        }
    }
    for package in packages {
        workspace.push_str(&format!(
            "\n[profile.dev.package.{package}]\nincremental = false\n"
        ));
    }
    std::fs::create_dir_all(out).map_err(|err| format!("{}: {err}", out.display()))?;
    std::fs::write(out.join("Cargo.toml"), workspace)
        .map_err(|err| format!("{}: {err}", out.display()))?;
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"))
        .map_err(|err| format!("Cargo.lock: {err}"))?;
    Ok(())
}
