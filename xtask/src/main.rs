//! `cargo xtask`: the project's own commands (regen, regen --check, spec-diff).

mod spec_diff;

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
    /// Parse spec/docs, write spec/json and the generated SDK.
    Regen {
        /// Write nothing; fail and name the files that are stale.
        #[arg(long)]
        check: bool,
        /// Print every diagnostic, warnings included.
        #[arg(long, short)]
        verbose: bool,
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
        Command::Regen { check, verbose } => {
            regen::run(&repo_root(), check, verbose)?;
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
