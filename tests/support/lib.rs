//! Shared helpers of the integration tests: the repository root, the documented examples of
//! the checked-in spec, and a local server that stands in for the VPC service.

use std::path::PathBuf;

pub mod doc_examples;
pub mod local_server;
pub mod sdk_fixtures;

/// The documents `spec/docs/sources.toml` names, each with the generations it feeds: what
/// `cargo xtask regen` reads.
pub fn checked_in_sources() -> Vec<tcgen_codegen::pipeline::Source> {
    use tcgen_codegen::regen::{Manifest, DOCS_DIR, MANIFEST};
    let root = repo_root();
    let manifest = Manifest::parse(&std::fs::read_to_string(root.join(MANIFEST)).unwrap()).unwrap();
    manifest
        .source
        .iter()
        .map(|source| {
            let path = format!("{DOCS_DIR}/{}", source.document);
            let text = std::fs::read_to_string(root.join(&path)).unwrap();
            let take: Vec<&str> = source.generations.iter().map(String::as_str).collect();
            tcgen_codegen::pipeline::Source::new(path, text, &take)
        })
        .collect()
}

/// The checked-in documents with the reviewed textual overrides applied (what the front-end
/// parses), as (path, text).
pub fn corrected_checked_in() -> Vec<(String, String)> {
    use tcgen_codegen::diag::Diagnostics;
    use tcgen_codegen::overrides::{Overrides, Strictness};
    use tcgen_codegen::pipeline::correct_texts;
    let root = repo_root();
    let overrides =
        Overrides::parse(&std::fs::read_to_string(root.join("spec/overrides.toml")).unwrap())
            .unwrap();
    let sources = checked_in_sources();
    let mut diags = Diagnostics::new("docs");
    let texts = correct_texts(&sources, &overrides, Strictness::Strict, &mut diags);
    assert_eq!(diags.error_count(), 0, "{:?}", diags.sorted());
    sources
        .iter()
        .zip(texts)
        .map(|(source, corrected)| (source.path.clone(), corrected.text))
        .collect()
}

/// The 2018 document with the reviewed textual overrides applied (what the front-end
/// parses), so that tests may edit it and move lines freely.
pub fn corrected_docs() -> String {
    use tcgen_codegen::diag::Diagnostics;
    use tcgen_codegen::overrides::{Overrides, Strictness};
    use tcgen_codegen::pipeline::{correct_texts, Source};
    let root = repo_root();
    let docs = std::fs::read_to_string(root.join("spec/docs/vpc-api-2018.txt")).unwrap();
    let overrides =
        Overrides::parse(&std::fs::read_to_string(root.join("spec/overrides.toml")).unwrap())
            .unwrap();
    let mut diags = Diagnostics::new("docs");
    let source = Source::new("docs", docs, &["2017-03-12", "v2"]);
    let mut texts = correct_texts(&[source], &overrides, Strictness::Strict, &mut diags);
    assert_eq!(diags.error_count(), 0, "{:?}", diags.sorted());
    texts.remove(0).text
}

/// The repository root (the workspace folder).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The README's Rust blocks, compiled by `cargo test --doc` so that the quick start stays true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// A misspelled typed filter does not compile:
///
/// ```compile_fail
/// let _ = tcgen_vpc::v20170312::DescribeVpcsFilter::vpc_nmae("prod");
/// ```
///
/// while the documented spelling does (so the test above fails for the misspelling only):
///
/// ```
/// let _ = tcgen_vpc::v20170312::DescribeVpcsFilter::vpc_name("prod");
/// ```
#[cfg(doctest)]
pub struct TypedFilterDoctests;
