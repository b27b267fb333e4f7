//! Writes the seed corpora into `fuzz/corpus/<target>/`, where `cargo fuzz run <target>` reads
//! and extends its corpus: `cargo run --manifest-path fuzz/Cargo.toml --example write_seeds`.

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for (target, seeds) in [
        ("doc_parser", tcgen_fuzz::seeds::doc_parser()),
        ("markdown_pages", tcgen_fuzz::seeds::markdown_pages()),
        ("response_decoder", tcgen_fuzz::seeds::response_decoder()),
    ] {
        let dir = corpus.join(target);
        std::fs::create_dir_all(&dir)?;
        for seed in &seeds {
            std::fs::write(dir.join(format!("seed-{}", seed.name)), &seed.bytes)?;
        }
        println!("{}: {} seeds", dir.display(), seeds.len());
    }
    Ok(())
}
