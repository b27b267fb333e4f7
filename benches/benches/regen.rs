//! The whole of `cargo xtask regen` in memory (parse + extract + validate both generations,
//! spec JSON, emit + format the SDK crate, cross-check), writing nothing; and the emitter alone.
//!
//! Before measuring, the outputs are checked to equal the checked-in files, so the benchmark
//! measures the regen that produced this repository.

// regen is allocation-heavy (token trees, syn's buffers, prettyplease's strings); measured with
// the allocator `cargo xtask regen` itself runs on.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::path::Path;
use tcgen_benches::regen::{
    checked_in_specs, regen_editions_in_memory, regen_in_memory, stale_outputs, CURRENT, DOCS,
    EXCERPT, OVERRIDES,
};
use tcgen_benches::scale::{scale_docs, scale_spec};
use tcgen_codegen::emit::emit_crate;
use tcgen_codegen::spec::ApiSpec;

fn full_regen(c: &mut Criterion) {
    let outputs =
        regen_in_memory(CURRENT, DOCS, OVERRIDES).expect("the checked-in docs regenerate");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let stale = stale_outputs(&root, &outputs);
    assert!(
        stale.is_empty(),
        "regen in memory differs from the checked-in files (run `cargo xtask regen`): {stale:?}"
    );

    let mut group = c.benchmark_group("regen");
    // A run takes a sizeable fraction of a second; the default 100 samples would take minutes.
    group.sample_size(10);
    // The checked-in layout: today's edition (API 3.0) and the 2018 document (v2).
    group.bench_function("full_in_memory", |b| {
        b.iter(|| regen_in_memory(black_box(CURRENT), black_box(DOCS), black_box(OVERRIDES)))
    });
    // The emitter's share: quote! → syn → prettyplease for every file of the crate.
    let specs = checked_in_specs().expect("the checked-in docs regenerate");
    let emitted = emit_crate(&specs, "0000000000000000").expect("the checked-in specs emit");
    assert_eq!(
        emitted.len(),
        outputs
            .iter()
            .filter(|output| output.path.starts_with("generated/"))
            .count()
    );
    group.bench_function("emit_crate", |b| {
        b.iter(|| emit_crate(black_box(&specs), "0000000000000000"))
    });
    // Today's edition: the 111-action excerpt for API 3.0 and the 2018 document for v2.
    let editions = regen_editions_in_memory(EXCERPT, DOCS, OVERRIDES)
        .expect("the excerpt and the 2018 document regenerate");
    assert!(editions
        .iter()
        .any(|o| o.path == "spec/json/v20170312.json" && o.contents.contains("\"rate_limit\"")));
    group.bench_function("editions_in_memory", |b| {
        b.iter(|| regen_editions_in_memory(black_box(EXCERPT), black_box(DOCS), OVERRIDES))
    });
    group.finish();
}

/// The emitter on the checked-in API 3.0 spec (448 actions) scaled 1, 2, 4 and 8 times: the time
/// per action (criterion's throughput) should stay flat if regen is linear in the size of the API.
fn emit_scaling(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("spec/json/v20170312.json"))
        .expect("the checked-in API 3.0 spec is readable");
    let spec: ApiSpec = serde_json::from_str(&text).expect("the checked-in API 3.0 spec parses");
    let mut group = c.benchmark_group("regen_scaling");
    group.sample_size(10);
    // `cargo test` runs each benchmark once in a debug build; one small size checks the setup
    // there, the large ones are for `cargo bench` (which passes `--bench`).
    let measuring = std::env::args().any(|arg| arg == "--bench");
    let scales: &[usize] = if measuring { &[1, 2, 4, 8] } else { &[2] };
    for &scale in scales {
        let scaled = scale_spec(&spec, scale);
        let specs = std::slice::from_ref(&scaled);
        let files = emit_crate(specs, "0000000000000000").expect("the scaled spec emits");
        // The last copy's actions reach the client as methods of their own.
        let client = &files
            .iter()
            .find(|file| file.path == "v20170312/src/client.rs")
            .expect("the scaled crate has a client")
            .contents;
        let last = if scale == 1 {
            String::new()
        } else {
            format!("_v{scale}")
        };
        assert!(client.contains(&format!("pub fn describe_vpcs{last}(")));
        group.throughput(Throughput::Elements(scaled.actions.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("emit_actions", scaled.actions.len()),
            &scaled,
            |b, scaled| b.iter(|| emit_crate(std::slice::from_ref(black_box(scaled)), "0")),
        );
    }
    // The whole regen of today's excerpt with its action pages copied K times (+ the 2018
    // document for v2): parse, extract, cross-check and emit, in the size of the docs.
    for &scale in scales {
        let (docs, pages) = scale_docs(EXCERPT, scale);
        let outputs = regen_editions_in_memory(&docs, DOCS, OVERRIDES)
            .expect("the scaled excerpt regenerates");
        let spec = outputs
            .iter()
            .find(|output| output.path == "spec/json/v20170312.json")
            .expect("regen writes the API 3.0 spec");
        let spec: ApiSpec = serde_json::from_str(&spec.contents).expect("the spec parses");
        assert_eq!(spec.actions.len(), pages * scale);
        group.throughput(Throughput::Elements(spec.actions.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("docs_actions", spec.actions.len()),
            &docs,
            |b, docs| b.iter(|| regen_editions_in_memory(black_box(docs), DOCS, OVERRIDES)),
        );
    }
    group.finish();
}

criterion_group!(benches, full_regen, emit_scaling);
criterion_main!(benches);
