//! Runs the fuzz targets' bodies over their seed corpora and over whatever `fuzz/corpus/` and
//! `fuzz/artifacts/` hold, on a stable toolchain: the way to check a fix for a crash that
//! libFuzzer found, or to exercise the targets where no nightly toolchain is at hand.

use std::path::Path;
use tcgen_codegen::diag::Severity;
use tcgen_codegen::overrides::Overrides;
use tcgen_codegen::pipeline::parse_docs;
use tcgen_fuzz::seeds::Seed;

/// The inputs cargo-fuzz saved for `target`: its corpus and its crash artifacts.
fn saved_inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs = Vec::new();
    for dir in [
        root.join("corpus").join(target),
        root.join("artifacts").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_file() {
                let bytes = std::fs::read(&path).expect("readable input");
                inputs.push((path.display().to_string(), bytes));
            }
        }
    }
    inputs
}

fn replay(target: &str, seeds: Vec<Seed>, body: fn(&[u8])) {
    assert!(!seeds.is_empty(), "no seeds for {target}");
    for seed in &seeds {
        body(&seed.bytes);
    }
    let saved = saved_inputs(target);
    for (path, bytes) in &saved {
        eprintln!("replaying {path}");
        body(bytes);
    }
    eprintln!(
        "{target}: {} seeds, {} saved inputs",
        seeds.len(),
        saved.len()
    );
}

#[test]
fn doc_parser_replays() {
    let seeds = tcgen_fuzz::seeds::doc_parser();
    // One seed per v2 action page (the more numerous generation), API 3.0 pages taken in turn.
    assert!(seeds.len() > 130, "{} seeds", seeds.len());
    // The spec round-trip check only runs on documents without errors: the seeds must be such.
    for seed in &seeds {
        let text = std::str::from_utf8(&seed.bytes).expect("UTF-8 seed");
        let outcome = parse_docs(&seed.name, text, &Overrides::default());
        let errors: Vec<String> = outcome
            .diagnostics
            .items()
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(ToString::to_string)
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert_eq!(outcome.specs.len(), 2, "{}", seed.name);
    }
    replay("doc_parser", seeds, tcgen_fuzz::doc_parser);
}

#[test]
fn markdown_pages_replays() {
    let seeds = tcgen_fuzz::seeds::markdown_pages();
    // One seed per page of the three folders that names 输入参数 or Input Parameters: 267.
    assert!(seeds.len() > 250, "{} seeds", seeds.len());
    replay("markdown_pages", seeds, tcgen_fuzz::markdown_pages);
}

#[test]
fn response_decoder_replays() {
    let seeds = tcgen_fuzz::seeds::response_decoder();
    assert!(seeds.len() > 200, "{} responses", seeds.len());
    replay("response_decoder", seeds, tcgen_fuzz::response_decoder);
}
