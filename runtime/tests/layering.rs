//! The runtime's lower layers stay below the rest, read from the `use` edges of the sources.
//!
//! - The wire model (the form and JSON writers, lenient and strict decoding, envelopes, errors,
//!   the `Request` trait and the value rules) refers to no other module, and has no I/O.
//! - Signing refers to the wire model only, and depends on neither reqwest nor tokio.
//! - Within those two layers the module graph has no cycle.
//!
//! A module's edges are the `crate::<module>` paths in its code (comments left out) and, in a
//! submodule, `super::`; a path to a root re-export (`crate::Client`) would hide its edge, so
//! those layers may not use one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The wire model: no I/O, no module above it.
const WIRE_MODEL: &[&str] = &[
    "api", "check", "decimal", "envelope", "error", "form", "json", "lenient", "method", "request",
    "strict",
];

/// Signing: pure functions over the wire model.
const SIGNING: &[&str] = &["sign"];

/// Crates and modules of I/O that the two layers must not name.
const IO: &[&str] = &["tokio", "reqwest", "std::net", "std::fs", "hyper"];

fn source(module: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(format!("{module}.rs"));
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn is_module(name: &str) -> bool {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(format!("{name}.rs"))
        .is_file()
}

/// The code of a file without its comments (line comments, doc comments).
fn code(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules `code` refers to through `crate::`, including `use crate::{a, b::c}` groups.
fn edges(module: &str, code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            group[..end].split(',').collect()
        } else {
            vec![rest]
        };
        for name in names {
            let name = name.trim();
            let segment: String = name
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if segment.is_empty() || segment == "__private" {
                continue;
            }
            assert!(
                !segment.starts_with(char::is_uppercase),
                "`{module}` names the root re-export `crate::{segment}`; name its module instead"
            );
            // `crate::some_macro!` names an exported macro, not a module.
            if segment != module && is_module(&segment) {
                out.insert(segment);
            }
        }
    }
    out
}

#[test]
fn the_wire_model_and_signing_layers_refer_only_downwards_and_do_no_io() {
    let lower: BTreeSet<&str> = WIRE_MODEL.iter().chain(SIGNING).copied().collect();
    let mut graph: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for module in &lower {
        let code = code(&source(module));
        for io in IO {
            assert!(
                !code.contains(io),
                "`{module}` is below the transport but names `{io}`"
            );
        }
        let deps = edges(module, &code);
        let allowed: &[&str] = if WIRE_MODEL.contains(module) {
            WIRE_MODEL
        } else {
            &lower.iter().copied().collect::<Vec<_>>()
        };
        for dep in &deps {
            assert!(
                allowed.contains(&dep.as_str()),
                "`{module}` refers to `{dep}`, a module above its layer"
            );
        }
        graph.insert(module, deps);
    }
    // No cycle: repeatedly remove modules whose edges all lead to removed ones.
    let mut left = graph.clone();
    while !left.is_empty() {
        let leaves: Vec<&str> = left
            .iter()
            .filter(|(_, deps)| deps.iter().all(|dep| !left.contains_key(dep.as_str())))
            .map(|(module, _)| *module)
            .collect();
        assert!(!leaves.is_empty(), "a cycle among {:?}", left.keys());
        for leaf in leaves {
            left.remove(leaf);
        }
    }
}

#[test]
fn the_edge_reader_sees_groups_and_ignores_comments() {
    let text = "use crate::{form::Key, json};\n// crate::client in a comment\nlet x = crate::sign::hex(y);";
    let found = edges("request", &code(text));
    assert_eq!(
        found,
        BTreeSet::from(["form".to_owned(), "json".to_owned(), "sign".to_owned()])
    );
}

#[test]
fn signing_has_no_transport_dependency_in_the_manifest_either() {
    // The crates sign.rs uses: base64, hmac, sha1, sha2, and std.
    let code = code(&source("sign"));
    for line in code
        .lines()
        .filter(|line| line.trim_start().starts_with("use "))
    {
        let root = line.trim_start()["use ".len()..]
            .split("::")
            .next()
            .unwrap_or_default()
            .trim_matches(|c: char| c == '{' || c == ' ');
        assert!(
            ["std", "crate", "base64", "hmac", "sha1", "sha2", "super"].contains(&root),
            "sign.rs uses `{root}`"
        );
    }
}
