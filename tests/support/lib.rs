//! Shared helpers of the integration tests: the repository root, the documented examples of
//! the checked-in spec, and a local server that stands in for the VPC service.

use std::path::PathBuf;

pub mod doc_examples;
pub mod local_server;

/// The repository root (the workspace folder).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The README's Rust blocks, compiled by `cargo test --doc` so that the quick start stays true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
