//! `cargo xtask`: the project's own commands (regen, regen --check, spec-diff).

mod spec_diff;

use std::process::ExitCode;

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
    },
    /// Show what changed between two specs, breaking changes first.
    SpecDiff(spec_diff::SpecDiffArgs),
}

fn main() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Regen { check } => {
            anyhow::bail!("regen (check={check}) is not wired up yet")
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
