//! tcgen's generator library: documentation → [`spec::ApiSpec`] → Rust SDK sources.
//!
//! See `ARCHITECTURE.md` at the repository root for the pipeline and the folders it owns.

pub mod crosscheck;
pub mod diag;
pub mod diff;
pub mod doc;
pub mod emit;
pub mod enrich;
pub mod extract;
pub mod overrides;
pub mod pipeline;
pub mod regen;
pub mod spec;
pub mod validate;
