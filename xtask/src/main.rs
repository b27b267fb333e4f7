//! `cargo xtask`: the project's own commands (regen, regen --check).

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
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Regen { check } => {
            anyhow::bail!("regen (check={check}) is not wired up yet")
        }
    }
}
