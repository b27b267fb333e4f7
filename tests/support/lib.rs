//! Shared helpers of the integration tests: the repository root, the documented examples of
//! the checked-in spec, and a local server that stands in for the VPC service.

use std::path::PathBuf;

pub mod doc_examples;
pub mod local_server;
pub mod sdk_fixtures;

/// The checked-in documentation with the reviewed textual overrides applied (what the front-end
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
