//! `cargo xtask`: the project's own commands (regen, regen --check, spec-diff).

mod spec_diff;

// Regen builds and drops millions of small token trees, syn buffers and strings; with mimalloc it
// takes about a quarter less CPU than with the system allocator (BENCHMARKS.md, *Regen*).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

mod regen;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "xtask", about = "tcgen developer commands")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse spec/docs (as spec/docs/sources.toml says), write spec/json and the generated SDK.
    ///
    /// With `--docs`, preview other documents instead: the whole chain runs on them and writes
    /// DIR/spec/json and DIR/generated/vpc, leaving the checked-in output alone.
    Regen {
        /// Write nothing; fail and name the files that are stale.
        #[arg(long, conflicts_with_all = ["docs", "out"])]
        check: bool,
        /// Print every diagnostic, warnings included.
        #[arg(long, short)]
        verbose: bool,
        /// A document to preview, as `[VERSION=]PATH`: VERSION (`2017-03-12` or `v2`) takes
        /// only that generation from it; without it, every generation it holds. Repeatable.
        #[arg(long, value_name = "[VERSION=]PATH", requires = "out")]
        docs: Vec<regen::DocsArg>,
        /// Where a preview writes spec/json and generated/vpc.
        #[arg(long, value_name = "DIR", requires = "docs")]
        out: Option<PathBuf>,
    },
    /// Show what changed between two specs, breaking changes first.
    SpecDiff(spec_diff::SpecDiffArgs),
}

/// The repository root: xtask lives one folder below it.
fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the repository")
        .to_path_buf()
}

fn main() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Regen {
            check,
            verbose,
            docs,
            out,
        } => {
            match out {
                Some(out) => regen::preview(&repo_root(), &docs, &out, verbose)?,
                None => regen::run(&repo_root(), check, verbose)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::SpecDiff(args) => Ok(spec_diff::run(&args)),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
