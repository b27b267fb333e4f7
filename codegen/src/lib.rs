//! tcgen's generator library: documentation → [`spec::ApiSpec`] → Rust SDK sources.
//!
//! See `ARCHITECTURE.md` at the repository root for the pipeline and the folders it owns.

pub mod emit;
pub mod spec;
