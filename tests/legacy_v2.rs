//! The legacy v2 API steps aside without breaking its users: the SDK's default build has no v2,
//! the `v2` feature brings it back, and every public client method and fluent call of it is
//! deprecated with a note that points to API 3.0.

use std::process::Command;

use tcgen_tests::repo_root;

/// The normal dependencies of `tcgen-vpc` as `cargo tree` resolves them with `args`.
fn sdk_tree(args: &[&str]) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let out = Command::new(cargo)
        .current_dir(repo_root())
        .args([
            "tree",
            "--offline",
            "-p",
            "tcgen-vpc",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .args(args)
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_default_build_has_no_v2_and_the_feature_brings_it() {
    let default = sdk_tree(&[]);
    assert!(default.contains("tcgen-vpc-v20170312"), "{default}");
    assert!(!default.contains("tcgen-vpc-v2 "), "{default}");
    let with_v2 = sdk_tree(&["--features", "v2"]);
    assert!(with_v2.contains("tcgen-vpc-v2 "), "{with_v2}");

    let manifest: toml::Table =
        std::fs::read_to_string(repo_root().join("generated/vpc/Cargo.toml"))
            .unwrap()
            .parse()
            .unwrap();
    let default_features = manifest["features"]["default"].as_array().unwrap();
    assert_eq!(default_features.len(), 1);
    assert_eq!(default_features[0].as_str(), Some("v20170312"));
}

/// Every public item of the v2 client and fluent files carries the deprecation, and no API 3.0
/// item does.
#[test]
fn every_public_v2_client_method_and_fluent_call_is_deprecated() {
    let read = |path: &str| std::fs::read_to_string(repo_root().join(path)).unwrap();
    for file in [
        "generated/vpc/v2/src/client.rs",
        "generated/vpc/v2/src/fluent.rs",
    ] {
        let text = read(file);
        let lines: Vec<&str> = text.lines().collect();
        let mut checked = 0;
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            let public_fn_or_type = (trimmed.starts_with("pub fn ")
                || trimmed.starts_with("pub async fn ")
                || trimmed.starts_with("pub struct "))
                // A fluent builder's own setters are reached only through its deprecated type.
                && (file.ends_with("client.rs") || trimmed.starts_with("pub struct "));
            if !public_fn_or_type {
                continue;
            }
            checked += 1;
            // The attributes and docs directly above the item.
            let above: Vec<&str> = lines[..i]
                .iter()
                .rev()
                .take_while(|l| {
                    let l = l.trim_start();
                    l.starts_with("#[")
                        || l.starts_with("///")
                        || l.starts_with('"')
                        || l.starts_with(')')
                        || l.starts_with("note")
                })
                .copied()
                .collect();
            assert!(
                above
                    .iter()
                    .any(|l| l.trim_start().starts_with("#[deprecated")),
                "{file}:{}: `{trimmed}` is not deprecated",
                i + 1
            );
        }
        assert!(checked > 139, "{file}: only {checked} public items");
    }
    let note_text = read("generated/vpc/v2/src/client.rs");
    assert!(note_text.contains("API2.0下线通知") && note_text.contains("v20170312"));
    for file in [
        "generated/vpc/v20170312/src/client.rs",
        "generated/vpc/v20170312/src/fluent.rs",
    ] {
        assert!(!read(file).contains("#[deprecated"), "{file}");
    }
}

/// Code that still calls v2 compiles (with the deprecation allowed) and builds its requests.
#[test]
#[allow(deprecated)]
fn v2_still_compiles_and_builds_requests() {
    use tcgen_vpc::v2;
    let client = v2::Client::new(
        tcgen_vpc::runtime::Client::builder()
            .region("gz")
            .credentials(tcgen_vpc::runtime::credentials::Credentials::new(
                "id", "key",
            ))
            .build_client()
            .unwrap(),
    );
    let request = client.describe_vpc_ex().vpc_id("vpc-1").build();
    assert_eq!(request.vpc_id.as_deref(), Some("vpc-1"));
}
