//! `cargo xtask`: the project's own commands (regen, regen --check).

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
}

/// The repository root: xtask lives one folder below it.
fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the repository")
        .to_path_buf()
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Regen { check, verbose } => regen::run(&repo_root(), check, verbose),
    }
}
