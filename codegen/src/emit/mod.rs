//! The emitter: [`ApiSpec`]s → the source files of the generated SDK crate (`tcgen-vpc`).
//!
//! [`emit_crate`] resolves each generation into a plan (every Rust name chosen, every type
//! resolved; see `plan`), then prints each file with `quote!` → [`syn::File`] →
//! [`prettyplease::unparse`], headed by a do-not-edit comment naming the generator and the spec
//! hash. The output depends only on its input: no clocks, no hash-map order, no environment.
//!
//! Layout (paths relative to [`CRATE_DIR`]): the crate `tcgen-vpc` is a thin facade over one crate
//! per API generation, nested in its folder, so that cargo compiles the generations in parallel
//! (the front end of rustc works on one crate at a time) and a caller who needs one generation
//! compiles only that one.
//!
//! ```text
//! Cargo.toml                   the facade: one optional dependency and feature per generation
//! rustfmt.toml                 tells rustfmt to leave the prettyplease-formatted sources alone
//! src/lib.rs                   crate docs, each generation re-exported as a module, `runtime`
//! <module>/Cargo.toml          the generation's crate, `tcgen-vpc-<module>`
//! <module>/src/lib.rs          generation docs, re-exports of the files below
//! <module>/src/models.rs       data structures (objects): all-optional fields, constructors, builders
//! <module>/src/requests.rs     per action: the request (with builder, `Request` impl) and the response
//! <module>/src/errors.rs       `ErrorCode` (documented codes + `Other(String)`) and the `Error` alias
//! <module>/src/client.rs       `API`, `Client` with one method per action, `Operation`
//! <module>/src/fluent.rs       per action a fluent builder ending in `send()`; paginators; waiters
//! <module>/src/filters.rs      typed filters of the actions whose `Filters` the docs list
//! <module>/src/dynamic.rs      the actions by wire name (feature `dynamic`)
//! ```

mod client;
mod crate_files;
mod docs;
mod dynamic;
mod errors;
mod filters;
mod fluent;
mod legacy;
mod models;
mod naming;
mod plan;
mod requests;
mod structs;

use std::collections::BTreeSet;

use proc_macro2::TokenStream;

use crate::spec::ApiSpec;
use plan::ModulePlan;

/// Where the generated crate lives, relative to the repository root.
pub const CRATE_DIR: &str = "generated/vpc";

/// The package name of the generated crate.
pub const PACKAGE: &str = "tcgen-vpc";

/// What the generated `Cargo.toml` says about where the crate lives: its package name and the
/// path from it to the runtime crate. The defaults are those of [`CRATE_DIR`]; the emitter's
/// golden test crate, a workspace member of its own, uses other values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateOptions {
    /// The package name.
    pub package: String,
    /// The path of `tcgen-runtime` relative to the crate's directory.
    pub runtime_path: String,
}

impl Default for CrateOptions {
    fn default() -> Self {
        CrateOptions {
            package: PACKAGE.to_string(),
            runtime_path: "../../runtime".to_string(),
        }
    }
}

/// One emitted file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to [`CRATE_DIR`], with `/` separators, e.g. `v2/src/client.rs`.
    pub path: String,
    /// The complete file contents.
    pub contents: String,
}

/// Why the emitter could not produce the crate. Each variant names the generation and the place
/// in the spec, so the message points at what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmitError {
    /// A member refers to an object the spec does not define.
    #[error("{module}: {location} refers to object `{object}`, which the spec does not define")]
    UnknownObject {
        /// The generation's module, `v20170312` or `v2`.
        module: &'static str,
        /// The action or object and the member, e.g. "action `DescribeVpcs` input member `Filters`".
        location: String,
        /// The missing object's name.
        object: String,
    },
    /// A wire name cannot be turned into a Rust identifier.
    #[error("{module}: {location}: `{name}` cannot become a Rust name: {reason}")]
    InvalidName {
        /// The generation's module.
        module: &'static str,
        /// Where the name appears.
        location: String,
        /// The wire name.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Two actions, two objects, or two members of one type share a wire name.
    #[error("{module}: {location} is defined twice")]
    Duplicate {
        /// The generation's module.
        module: &'static str,
        /// The duplicated definition, e.g. "object `Filter`" or
        /// "action `DeleteVpc` input member `VpcId`".
        location: String,
    },
    /// Two specs describe the same generation.
    #[error("two specs describe the {module} generation")]
    DuplicateGeneration {
        /// The generation's module.
        module: &'static str,
    },
    /// The emitter produced tokens that do not parse as a Rust file: a bug in the emitter.
    #[error("generated {path} is not valid Rust ({message}); this is a bug in the emitter")]
    InvalidOutput {
        /// The file being generated.
        path: String,
        /// The parser's message.
        message: String,
    },
}

/// Emits every file of the generated crate for the given generations, sorted by path.
///
/// `spec_hash` identifies the spec the files were generated from; it appears in every file's
/// do-not-edit header so a reader can tell which spec produced them.
///
/// # Errors
///
/// An [`EmitError`] when the spec cannot be emitted: a reference to an undefined object, a wire
/// name that cannot become a Rust name, a duplicate definition, or two specs of one generation.
pub fn emit_crate(specs: &[ApiSpec], spec_hash: &str) -> Result<Vec<GeneratedFile>, EmitError> {
    emit_crate_with(specs, spec_hash, &CrateOptions::default())
}

/// [`emit_crate`] with a package name and runtime path other than those of [`CRATE_DIR`].
///
/// # Errors
///
/// As [`emit_crate`].
pub fn emit_crate_with(
    specs: &[ApiSpec],
    spec_hash: &str,
    options: &CrateOptions,
) -> Result<Vec<GeneratedFile>, EmitError> {
    let mut generations = BTreeSet::new();
    let mut plans = Vec::with_capacity(specs.len());
    for spec in specs {
        let module = spec.generation.module_name();
        if !generations.insert(module) {
            return Err(EmitError::DuplicateGeneration { module });
        }
        plans.push(ModulePlan::new(spec)?);
    }

    let header = header(spec_hash);
    let modules: Vec<&str> = plans.iter().map(|plan| plan.module).collect();
    let mut files = vec![
        GeneratedFile {
            path: "Cargo.toml".to_string(),
            contents: crate_files::facade_cargo_toml(&header, &plans, options),
        },
        GeneratedFile {
            path: "rustfmt.toml".to_string(),
            contents: crate_files::rustfmt_toml(&header),
        },
        render("src/lib.rs", crate_files::lib_rs(&plans, options), &header)?,
    ];
    files.extend(modules.iter().map(|module| GeneratedFile {
        path: format!("{module}/Cargo.toml"),
        contents: crate_files::generation_cargo_toml(&header, module, options),
    }));
    // The files of each generation, rendered on every core: quote → syn → prettyplease is most
    // of regen's time, and the files are independent.
    let mut jobs: Vec<(&ModulePlan<'_>, FileKind)> = Vec::new();
    for plan in &plans {
        jobs.extend([FileKind::Mod, FileKind::Errors, FileKind::Client].map(|k| (plan, k)));
        if !plan.objects.is_empty() {
            jobs.push((plan, FileKind::Models));
        }
        if !plan.actions.is_empty() {
            jobs.push((plan, FileKind::Requests));
            jobs.push((plan, FileKind::Dynamic));
            jobs.push((plan, FileKind::Fluent));
            if filters::has_any(plan) {
                jobs.push((plan, FileKind::Filters));
            }
        }
    }
    // The biggest files first, so that no core is left with a big one at the end.
    jobs.sort_by_key(|(plan, kind)| std::cmp::Reverse(kind.weight(plan)));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(jobs.len())
        .max(1);
    let mut rendered: Vec<(usize, Result<GeneratedFile, EmitError>)> =
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some((plan, kind)) = jobs.get(i) else {
                                break done;
                            };
                            done.push((i, kind.render(plan, &header)));
                        }
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("an emitter thread panicked"))
                .collect()
        });
    // In job order, so that the error reported is the same on every run.
    rendered.sort_by_key(|(i, _)| *i);
    for (_, file) in rendered {
        files.push(file?);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// One file of a generation's module.
#[derive(Debug, Clone, Copy)]
enum FileKind {
    Mod,
    Errors,
    Client,
    Models,
    Requests,
    Dynamic,
    Fluent,
    Filters,
}

impl FileKind {
    /// About how long the file takes to print, in tenths of a millisecond per action or object
    /// as measured on today's excerpt and the 2018 document (release, 2 cores): the biggest
    /// start first, so that no core is left printing a big one alone at the end.
    fn weight(self, plan: &ModulePlan<'_>) -> usize {
        let actions = plan.actions.len();
        match self {
            FileKind::Requests => 6 * actions,
            FileKind::Models => 5 * plan.objects.len(),
            FileKind::Fluent => 3 * actions,
            FileKind::Dynamic => 2 * actions,
            FileKind::Client => actions,
            FileKind::Filters => actions / 4,
            FileKind::Errors => plan.error_codes.len() / 4,
            FileKind::Mod => 0,
        }
    }

    fn render(self, plan: &ModulePlan<'_>, header: &str) -> Result<GeneratedFile, EmitError> {
        let dir = format!("{}/src", plan.module);
        match self {
            FileKind::Mod => render(
                &format!("{dir}/lib.rs"),
                crate_files::generation_lib_rs(plan),
                header,
            ),
            FileKind::Errors => render(&format!("{dir}/errors.rs"), errors::file(plan), header),
            FileKind::Client => render(&format!("{dir}/client.rs"), client::file(plan)?, header),
            FileKind::Models => render(&format!("{dir}/models.rs"), models::file(plan), header),
            FileKind::Requests => {
                render(&format!("{dir}/requests.rs"), requests::file(plan), header)
            }
            FileKind::Dynamic => render(&format!("{dir}/dynamic.rs"), dynamic::file(plan), header),
            FileKind::Fluent => render(&format!("{dir}/fluent.rs"), fluent::file(plan)?, header),
            FileKind::Filters => render(&format!("{dir}/filters.rs"), filters::file(plan), header),
        }
    }
}

/// The do-not-edit header, without comment markers.
fn header(spec_hash: &str) -> String {
    format!(
        "DO NOT EDIT: generated by tcgen from the API spec (spec hash {spec_hash}).\n\
         Change the spec or the generator and run `cargo xtask regen` instead."
    )
}

/// Prints one Rust file: tokens → `syn::File` → prettyplease, under the header.
fn render(path: &str, tokens: TokenStream, header: &str) -> Result<GeneratedFile, EmitError> {
    let file = syn::parse2::<syn::File>(tokens).map_err(|error| EmitError::InvalidOutput {
        path: path.to_string(),
        message: error.to_string(),
    })?;
    let mut contents = String::new();
    for line in header.lines() {
        contents.push_str("// ");
        contents.push_str(line);
        contents.push('\n');
    }
    contents.push('\n');
    contents.push_str(&spaced_items(&prettyplease::unparse(&file)));
    Ok(GeneratedFile {
        path: path.to_string(),
        contents,
    })
}

/// prettyplease prints items back to back; this puts a blank line between consecutive items at
/// the same depth (types, impls, functions, methods, constants), as rustfmt-formatted code and
/// other generators' output have, so the files read item by item. A line that closes an item
/// (`}` or a `;` at the top level) followed by one that starts an item at the same indentation
/// gets a blank line between them; runs of `use` and `mod` lines stay together.
fn spaced_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous: Option<&str> = None;
    for line in text.lines() {
        if let Some(previous) = previous {
            let use_run = is_use_or_mod(previous.trim_start()) && is_use_or_mod(line.trim_start());
            if closes_item(previous)
                && starts_item(line)
                && indent(previous) == indent(line)
                && !use_run
            {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn closes_item(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed == "}" || (indent(line) == 0 && trimmed.ends_with(';'))
}

fn starts_item(line: &str) -> bool {
    const STARTS: [&str; 10] = [
        "///",
        "#[",
        "pub ",
        "impl",
        "fn ",
        "const ",
        "struct ",
        "enum ",
        "mod ",
        "tcgen_runtime::",
    ];
    let trimmed = line.trim_start();
    STARTS.iter().any(|start| trimmed.starts_with(start))
}

fn is_use_or_mod(trimmed: &str) -> bool {
    ["use ", "pub use ", "mod ", "pub mod "]
        .iter()
        .any(|start| trimmed.starts_with(start))
}

/// Names sorted and deduplicated, for `use` lists.
fn sorted_unique(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut names: Vec<String> = names.into_iter().collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::spaced_items;

    #[test]
    fn items_get_a_blank_line_between_them_and_nothing_else_does() {
        let printed = "use a::b;\nuse c::d;\n/// A.\npub struct A {\n    pub x: u8,\n}\nimpl A {\n    \
                       pub fn new() -> Self {\n        if true {\n            f();\n        }\n        \
                       A { x: 0 }\n    }\n    /// Doc.\n    pub fn other() {}\n}\nmod m;\nmod n;\n";
        assert_eq!(
            spaced_items(printed),
            "use a::b;\nuse c::d;\n\n/// A.\npub struct A {\n    pub x: u8,\n}\n\nimpl A {\n    \
             pub fn new() -> Self {\n        if true {\n            f();\n        }\n        \
             A { x: 0 }\n    }\n\n    /// Doc.\n    pub fn other() {}\n}\n\nmod m;\nmod n;\n"
        );
    }
}
