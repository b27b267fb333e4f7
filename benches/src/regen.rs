//! The whole of `cargo xtask regen` in memory ([`tcgen_codegen::regen::regenerate_sources`],
//! which xtask calls too), on the checked-in documentation, and a staleness check of its outputs.

use tcgen_codegen::overrides::Strictness;
use tcgen_codegen::pipeline::Source;
pub use tcgen_codegen::regen::RegenOutput;
use tcgen_codegen::spec::ApiSpec;

/// Today's edition of API 3.0 as xtask names it (it appears in diagnostics).
pub const CURRENT_PATH: &str = "spec/docs/vpc-api-3.0-current.txt";
/// Its text.
pub const CURRENT: &str = include_str!("../../spec/docs/vpc-api-3.0-current.txt");
/// The 2018 document, the source of v2, as xtask names it.
pub const DOCS_PATH: &str = "spec/docs/vpc-api-2018.txt";
/// Its text.
pub const DOCS: &str = include_str!("../../spec/docs/vpc-api-2018.txt");
/// The reviewed overrides.
pub const OVERRIDES: &str = include_str!("../../spec/overrides.toml");

/// The checked-in layout of `spec/docs/sources.toml`: API 3.0 from today's edition, v2 from
/// the 2018 document.
fn checked_in_sources<'a>(current: &'a str, docs: &'a str) -> [Source; 2] {
    [
        Source::new(CURRENT_PATH, current, &["2017-03-12"]),
        Source::new(DOCS_PATH, docs, &["v2"]),
    ]
}

/// Every file regen writes for the checked-in layout, from `current` (API 3.0), `docs` (v2)
/// and `overrides`.
///
/// # Errors
///
/// What [`tcgen_codegen::regen::regenerate_sources`] reports, as text.
pub fn regen_in_memory(
    current: &str,
    docs: &str,
    overrides: &str,
) -> Result<Vec<RegenOutput>, String> {
    tcgen_codegen::regen::regenerate_sources(
        &checked_in_sources(current, docs),
        overrides,
        Strictness::Strict,
    )
    .map(|r| r.outputs)
    .map_err(|err| match err {
        tcgen_codegen::regen::RegenError::Overrides(e) => format!("overrides: {e}"),
        other => other.to_string(),
    })
}

/// The specs of the checked-in layout, for timing the emitter alone.
///
/// # Errors
///
/// As [`regen_in_memory`].
pub fn checked_in_specs() -> Result<Vec<ApiSpec>, String> {
    tcgen_codegen::regen::regenerate_sources(
        &checked_in_sources(CURRENT, DOCS),
        OVERRIDES,
        Strictness::Strict,
    )
    .map(|r| r.specs)
    .map_err(|err| err.to_string())
}

/// The excerpt of today's API 3.0 edition (111 actions), as the docs-editions tests read it.
pub const EXCERPT_PATH: &str = "tests/data/docs/vpc-api-3.0-current-excerpt.txt";
/// Its text.
pub const EXCERPT: &str = include_str!("../../tests/data/docs/vpc-api-3.0-current-excerpt.txt");

/// Every file a preview of today's edition writes: API 3.0 from the excerpt, v2 from the 2018
/// document (`regen --docs 2017-03-12=… --docs v2=… --out …`, in memory).
///
/// # Errors
///
/// What [`tcgen_codegen::regen::regenerate_sources`] reports, as text.
pub fn regen_editions_in_memory(
    excerpt: &str,
    docs: &str,
    overrides: &str,
) -> Result<Vec<RegenOutput>, String> {
    let sources = [
        Source::new(EXCERPT_PATH, excerpt, &["2017-03-12"]),
        Source::new(DOCS_PATH, docs, &["v2"]),
    ];
    tcgen_codegen::regen::regenerate_sources(&sources, overrides, Strictness::Preview)
        .map(|r| r.outputs)
        .map_err(|err| err.to_string())
}

/// Compares outputs with the files under `root`; returns the paths that differ or are missing.
pub fn stale_outputs(root: &std::path::Path, outputs: &[RegenOutput]) -> Vec<String> {
    outputs
        .iter()
        .filter(|output| {
            std::fs::read_to_string(root.join(&output.path))
                .ok()
                .as_deref()
                != Some(output.contents.as_str())
        })
        .map(|output| output.path.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_equal_the_checked_in_files() {
        let outputs = regen_in_memory(CURRENT, DOCS, OVERRIDES).unwrap();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        assert!(outputs.len() > 10, "{} outputs", outputs.len());
        assert_eq!(stale_outputs(&root, &outputs), Vec::<String>::new());
    }

    #[test]
    fn broken_overrides_are_reported() {
        let err = regen_in_memory(CURRENT, DOCS, "[[replace]]\nfind = 1\n").unwrap_err();
        assert!(err.starts_with("overrides: "), "{err}");
    }
}
