//! The whole of `cargo xtask regen` in memory ([`tcgen_codegen::regen::regenerate`], which xtask
//! calls too), on the checked-in documentation, and a staleness check of its outputs.

pub use tcgen_codegen::regen::RegenOutput;

/// The documentation path as xtask names it (it appears in diagnostics).
pub const DOCS_PATH: &str = "spec/docs/vpc-api-2018.txt";
/// The documentation text.
pub const DOCS: &str = include_str!("../../spec/docs/vpc-api-2018.txt");
/// The reviewed overrides.
pub const OVERRIDES: &str = include_str!("../../spec/overrides.toml");

/// Every file regen writes for `docs` and `overrides`.
///
/// # Errors
///
/// What [`tcgen_codegen::regen::regenerate`] reports, as text.
pub fn regen_in_memory(docs: &str, overrides: &str) -> Result<Vec<RegenOutput>, String> {
    tcgen_codegen::regen::regenerate(DOCS_PATH, docs, overrides)
        .map(|r| r.outputs)
        .map_err(|err| match err {
            tcgen_codegen::regen::RegenError::Overrides(e) => format!("overrides: {e}"),
            other => other.to_string(),
        })
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
        let outputs = regen_in_memory(DOCS, OVERRIDES).unwrap();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        assert!(outputs.len() > 10, "{} outputs", outputs.len());
        assert_eq!(stale_outputs(&root, &outputs), Vec::<String>::new());
    }

    #[test]
    fn broken_overrides_are_reported() {
        let err = regen_in_memory(DOCS, "[[replace]]\nfind = 1\n").unwrap_err();
        assert!(err.starts_with("overrides: "), "{err}");
    }
}
