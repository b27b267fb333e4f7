//! The bodies of tcgen's fuzz targets, and their seed corpora.
//!
//! The bodies live here rather than in `fuzz_targets/` so that `tests/replay.rs` runs exactly
//! the same checks over the seeds on a stable toolchain, without libFuzzer. The response
//! decoder's checks are the `decode_property` module of the cross-crate tests, included by path,
//! so the fuzz target and the proptest can never drift apart; both decode into the generated
//! SDK's own response types.

use tcgen_codegen::doc::markdown::PageFile;
use tcgen_codegen::overrides::{Overrides, Strictness};
use tcgen_codegen::pipeline::{parse_docs, parse_sources, spec_json, ParseOutcome, Source};
use tcgen_codegen::spec::ApiSpec;

#[path = "../../tests/decode_property/mod.rs"]
pub mod decode_property;
pub mod seeds;

/// The `doc_parser` target: UTF-8 text through the whole parsing chain with default overrides.
///
/// Beyond not panicking, every diagnostic must render, and when the parser reports no error
/// (the only case in which `cargo xtask regen` writes the specs) every spec must render as the
/// checked-in JSON and read back to an equal spec, since `spec-diff` and the emitter read it.
pub fn doc_parser(data: &[u8]) {
    // The documentation is read as UTF-8 before parsing; other bytes never reach the parser.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let outcome = parse_docs("fuzz.txt", text, &Overrides::default());
    check_outcome(&outcome);
}

/// Every diagnostic renders; without errors, every spec reads back from its JSON.
fn check_outcome(outcome: &ParseOutcome) {
    for diagnostic in outcome.diagnostics.items() {
        assert!(!diagnostic.to_string().is_empty());
    }
    let written = outcome.diagnostics.error_count() == 0;
    for spec in &outcome.specs {
        let json = spec_json(spec);
        if !written {
            continue;
        }
        let read_back: ApiSpec = serde_json::from_str(&json)
            .unwrap_or_else(|err| panic!("spec JSON does not read back: {err}\n{json}"));
        assert_eq!(&read_back, spec, "spec JSON reads back differently");
    }
}

/// What separates the pages of a `markdown_pages` input: a form feed on a line of its own.
pub const PAGE_BREAK: &str = "\n\u{c}\n";

/// The `markdown_pages` target: UTF-8 text as a folder of Markdown pages (split at
/// [`PAGE_BREAK`], each page filed under a folder of its own) through the whole chain, with the
/// same checks as [`doc_parser`].
pub fn markdown_pages(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let pages: Vec<PageFile> = text
        .split(PAGE_BREAK)
        .enumerate()
        .map(|(i, page)| PageFile {
            name: format!("group{}/page{i}.md", i % 3),
            text: page.to_string(),
        })
        .collect();
    let outcome = parse_sources(
        &[Source::pages("fuzz", &pages, &[])],
        &Overrides::default(),
        Strictness::Preview,
    );
    check_outcome(&outcome);
}

/// The `response_decoder` target: the bytes as a response body, decoded by both envelopes into
/// the typed shapes and `serde_json::Value`, once with a success and once with an error status.
pub fn response_decoder(data: &[u8]) {
    decode_property::check(200, data);
    decode_property::check(503, data);
}
