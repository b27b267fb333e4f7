//! The emitter on the hand-written fixture specs (`tests/fixtures/mini-*.json`).
//!
//! The golden files under `tests/golden/mini/` are the emitted crate, compared byte for byte.
//! After an intended change of the output, rewrite them with
//! `TCGEN_BLESS=1 cargo test -p tcgen-codegen --test emit` and review the diff.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use tcgen_codegen::emit::{emit_crate, emit_crate_with, CrateOptions, EmitError, GeneratedFile};
use tcgen_codegen::spec::{ApiSpec, TypeRef};

const SPEC_HASH: &str = "mini-fixture";

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> ApiSpec {
    let path = manifest_dir().join("tests/fixtures").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fixtures() -> Vec<ApiSpec> {
    vec![fixture("mini-v3.json"), fixture("mini-v2.json")]
}

/// The golden crate is a member of the root workspace (so that `cargo build`, `cargo test`,
/// clippy and rustdoc prove the emitted edge cases compile), under a package name of its own.
fn golden_options() -> CrateOptions {
    CrateOptions {
        package: "tcgen-golden-mini".to_string(),
        runtime_path: "../../../../runtime".to_string(),
    }
}

fn emitted() -> Vec<GeneratedFile> {
    emit_crate_with(&fixtures(), SPEC_HASH, &golden_options()).expect("the fixtures emit")
}

fn file<'f>(files: &'f [GeneratedFile], path: &str) -> &'f str {
    &files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path} emitted"))
        .contents
}

fn golden_dir() -> PathBuf {
    manifest_dir().join("tests/golden/mini")
}

fn files_under(dir: &Path) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("readable golden dir").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                found.insert(
                    relative,
                    std::fs::read_to_string(&path).expect("golden files are UTF-8"),
                );
            }
        }
    }
    found
}

#[test]
fn output_matches_golden_files() {
    let files = emitted();
    let dir = golden_dir();
    if std::env::var_os("TCGEN_BLESS").is_some() {
        for stale in files_under(&dir)
            .keys()
            .filter(|path| !files.iter().any(|f| &&f.path == path))
        {
            std::fs::remove_file(dir.join(stale)).unwrap();
        }
        for f in &files {
            let path = dir.join(&f.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &f.contents).unwrap();
        }
        return;
    }
    let golden = files_under(&dir);
    let emitted_paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let golden_paths: Vec<&str> = golden.keys().map(String::as_str).collect();
    assert_eq!(
        emitted_paths, golden_paths,
        "emitted files differ from tests/golden/mini (TCGEN_BLESS=1 rewrites)"
    );
    for f in &files {
        if f.contents != golden[&f.path] {
            let first_difference = f
                .contents
                .lines()
                .zip(golden[&f.path].lines())
                .position(|(a, b)| a != b)
                .map_or_else(|| "length".to_string(), |line| format!("line {}", line + 1));
            panic!(
                "{} differs from its golden file at {first_difference} (TCGEN_BLESS=1 rewrites)",
                f.path
            );
        }
    }
}

#[test]
fn emitting_twice_gives_the_same_bytes() {
    assert_eq!(emitted(), emitted());
    // Reordering the inputs does not change the output either.
    let mut reversed = fixtures();
    reversed.reverse();
    assert_eq!(
        emit_crate_with(&reversed, SPEC_HASH, &golden_options()).unwrap(),
        emitted()
    );
}

#[test]
fn every_rust_file_parses_and_carries_the_header() {
    let files = emitted();
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Cargo.toml",
            "rustfmt.toml",
            "src/lib.rs",
            "v2/Cargo.toml",
            "v2/src/client.rs",
            "v2/src/dynamic.rs",
            "v2/src/errors.rs",
            "v2/src/fluent.rs",
            "v2/src/lib.rs",
            "v2/src/models.rs",
            "v2/src/requests.rs",
            "v20170312/Cargo.toml",
            "v20170312/src/client.rs",
            "v20170312/src/dynamic.rs",
            "v20170312/src/errors.rs",
            "v20170312/src/fluent.rs",
            "v20170312/src/lib.rs",
            "v20170312/src/models.rs",
            "v20170312/src/requests.rs",
        ]
    );
    for f in &files {
        let marker = if f.path.ends_with(".rs") { "// " } else { "# " };
        assert!(
            f.contents
                .starts_with(&format!("{marker}DO NOT EDIT: generated by tcgen")),
            "{} lacks the header",
            f.path
        );
        assert!(
            f.contents.lines().next().unwrap().contains(SPEC_HASH),
            "{} header lacks the hash",
            f.path
        );
        if f.path.ends_with(".rs") {
            syn::parse_file(&f.contents)
                .unwrap_or_else(|e| panic!("{} does not parse: {e}", f.path));
        }
    }
}

/// What `cargo fmt --all -- --check` does to the crate: rustfmt, run on the emitted sources where
/// the crate's own `rustfmt.toml` applies, must leave every file unchanged.
#[test]
fn rustfmt_leaves_the_emitted_crate_unchanged() {
    let files = emitted();
    let dir = std::env::temp_dir().join(format!("tcgen-emit-rustfmt-{}", std::process::id()));
    let mut sources = Vec::new();
    for f in &files {
        let path = dir.join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &f.contents).unwrap();
        if f.path.ends_with(".rs") {
            sources.push(path);
        }
    }
    let rustfmt = std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".to_string());
    let output = Command::new(&rustfmt)
        .args(["--check", "--edition", "2021"])
        .args(&sources)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run `{rustfmt}` (install it with `rustup component add rustfmt`): {e}")
        });
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        output.status.success() && output.stdout.is_empty() && output.stderr.is_empty(),
        "rustfmt objects to the emitted crate:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn an_unknown_object_is_an_error_naming_the_member() {
    let mut specs = fixtures();
    let describe_vpcs = specs[0]
        .actions
        .iter_mut()
        .find(|a| a.name == "DescribeVpcs")
        .unwrap();
    describe_vpcs.input[1].ty = TypeRef::list_of(TypeRef::Object("Filtre".to_string()));
    let error = emit_crate(&specs, SPEC_HASH).unwrap_err();
    assert_eq!(
        error,
        EmitError::UnknownObject {
            module: "v20170312",
            location: "action `DescribeVpcs` input member `Filters`".to_string(),
            object: "Filtre".to_string(),
        }
    );
    assert_eq!(
        error.to_string(),
        "v20170312: action `DescribeVpcs` input member `Filters` refers to object `Filtre`, which the spec does not define"
    );

    let mut specs = fixtures();
    specs[1].objects[2].members[7].ty = TypeRef::Object("Nowhere".to_string());
    assert_eq!(
        emit_crate(&specs, SPEC_HASH).unwrap_err().to_string(),
        "v2: object `DescribeVpcExData` member `routeTableSet` refers to object `Nowhere`, which the spec does not define"
    );
}

#[test]
fn bad_names_and_duplicates_are_errors() {
    let mut specs = fixtures();
    specs[1].actions[0].input[0].name = "vpc名称".to_string();
    assert_eq!(
        emit_crate(&specs, SPEC_HASH).unwrap_err().to_string(),
        "v2: action `CreateVpc` input member `vpc名称`: `vpc名称` cannot become a Rust name: \
         character '名' (U+540D) cannot appear in a Rust name"
    );

    let mut specs = fixtures();
    let duplicate = specs[0].actions[1].input[0].clone();
    specs[0].actions[1].input.push(duplicate);
    assert_eq!(
        emit_crate(&specs, SPEC_HASH).unwrap_err().to_string(),
        "v20170312: action `DeleteVpc` input member `VpcId` is defined twice"
    );

    let mut specs = fixtures();
    let duplicate = specs[0].objects[0].clone();
    specs[0].objects.push(duplicate);
    assert_eq!(
        emit_crate(&specs, SPEC_HASH).unwrap_err().to_string(),
        "v20170312: object `Filter` is defined twice"
    );

    let specs = vec![fixture("mini-v2.json"), fixture("mini-v2.json")];
    assert_eq!(
        emit_crate(&specs, SPEC_HASH).unwrap_err(),
        EmitError::DuplicateGeneration { module: "v2" }
    );
}

#[test]
fn colliding_and_keyword_names_are_resolved_and_documented() {
    let files = emitted();
    let requests = file(&files, "v20170312/src/requests.rs");
    // `VpcId` and `vpcId` both want `vpc_id`: the later one in document order gets a suffix.
    let lenient = "deserialize_with = \"tcgen_runtime::lenient::Lenient::deserialize_lenient\"";
    assert!(requests.contains(&format!(
        "#[serde(\n        rename = \"VpcId\",\n        {lenient}\n    )]\n    pub vpc_id: String,"
    )));
    assert!(requests.contains(&format!(
        "/// Named `vpc_id_2` because `vpc_id` is taken by `VpcId`.\n    #[serde(\n        rename = \"vpcId\",\n        {lenient}\n    )]\n    pub vpc_id_2: String,"
    )));
    // `vpclId` is a different name and keeps its own.
    assert!(requests.contains("pub vpcl_id: Option<String>,"));
    // Keywords: raw where possible, `_` suffix where not; `build` stays free for the builder.
    assert!(requests.contains("pub r#type: Option<String>,"));
    assert!(requests.contains("pub r#async: Option<bool>,"));
    assert!(requests.contains("pub self_: Option<bool>,"));
    let build_note =
        "/// Named `build_2` because `build` is taken by the builder's `build` method.";
    assert!(requests.contains(build_note));

    let errors = file(&files, "v20170312/src/errors.rs");
    // `InvalidVpc.NotFound` and `InvalidVpcNotFound` both want `InvalidVpcNotFound`.
    assert!(errors.contains("\"InvalidVpc.NotFound\" => Self::InvalidVpcNotFound,"));
    assert!(errors.contains("\"InvalidVpcNotFound\" => Self::InvalidVpcNotFound2,"));
    // A documented code literally named `Other` does not take the fallback's name.
    assert!(errors.contains("\"Other\" => Self::Other2,"));
    assert!(errors.contains("other => Self::Other(other.to_owned()),"));

    let v2_errors = file(&files, "v2/src/errors.rs");
    assert!(v2_errors.contains("\"4000\" => Self::Code4000,"));
    assert!(v2_errors.contains("\"-1\" => Self::CodeMinus1,"));
}

#[test]
fn recursive_objects_are_boxed_and_only_sent_objects_flatten() {
    let files = emitted();
    let models = file(&files, "v20170312/src/models.rs");
    // A direct self-reference needs a box; a list of itself does not.
    assert!(models.contains("pub parent: Option<Box<TreeNode>>,"));
    assert!(models.contains("pub children: Option<Vec<TreeNode>>,"));
    assert!(models.contains("pub fn parent(mut self, parent: TreeNode) -> Self {\n        self.inner.parent = Some(Box::new(parent));"));
    // Objects reachable from a request flatten into forms; response-only ones do not.
    for sent in ["Filter", "Route", "Tag", "TreeNode"] {
        assert!(
            models.contains(&format!(
                "impl tcgen_runtime::form::FormValue for {sent} {{"
            )),
            "{sent}"
        );
    }
    assert!(!models.contains("impl tcgen_runtime::form::FormValue for Vpc {"));
    // Every object decodes leniently inside responses.
    for object in ["Filter", "Route", "Tag", "TreeNode", "Vpc"] {
        assert!(
            models.contains(&format!(
                "tcgen_runtime::impl_lenient_via_deserialize!({object});"
            )),
            "{object}"
        );
    }
    let v2_models = file(&files, "v2/src/models.rs");
    assert!(v2_models.contains("impl tcgen_runtime::form::FormValue for CreateVpcSubnetSet {"));
    assert!(!v2_models.contains("impl tcgen_runtime::form::FormValue for DescribeVpcExData {"));
}

#[test]
fn an_action_documented_at_another_host_gets_its_own_api_info() {
    let mut specs = fixtures();
    specs[1].actions[0].host = "eip.api.qcloud.com".to_string();
    let files = emit_crate(&specs, SPEC_HASH).unwrap();
    let client = file(&files, "v2/src/client.rs");
    assert!(client.contains(
        "pub const API_EIP_API_QCLOUD_COM: tcgen_runtime::ApiInfo = tcgen_runtime::ApiInfo {\n    host: \"eip.api.qcloud.com\",\n    ..API\n};"
    ));
    let action = &specs[1].actions[0].name;
    assert!(client.contains(&format!(
        "impl Operation for {action}Request {{\n    const API: &'static tcgen_runtime::ApiInfo = &API_EIP_API_QCLOUD_COM;\n}}"
    )));
    // The other action keeps the generation's host.
    assert!(client.contains("const API: &'static tcgen_runtime::ApiInfo = &API;\n"));
}
