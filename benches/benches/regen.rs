//! The whole of `cargo xtask regen` in memory (parse + extract + validate both generations,
//! spec JSON, emit + format the SDK crate, cross-check), writing nothing; and the emitter alone.
//!
//! Before measuring, the outputs are checked to equal the checked-in files, so the benchmark
//! measures the regen that produced this repository.

// regen is allocation-heavy (token trees, syn's buffers, prettyplease's strings); measured with
// the allocator `cargo xtask regen` itself runs on.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::Path;
use tcgen_benches::regen::{
    regen_editions_in_memory, regen_in_memory, stale_outputs, DOCS, DOCS_PATH, EXCERPT, OVERRIDES,
};
use tcgen_codegen::emit::emit_crate;
use tcgen_codegen::pipeline::parse_docs_with_overrides_text;

fn full_regen(c: &mut Criterion) {
    let outputs = regen_in_memory(DOCS, OVERRIDES).expect("the checked-in docs regenerate");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let stale = stale_outputs(&root, &outputs);
    assert!(
        stale.is_empty(),
        "regen in memory differs from the checked-in files (run `cargo xtask regen`): {stale:?}"
    );

    let mut group = c.benchmark_group("regen");
    // A run takes a sizeable fraction of a second; the default 100 samples would take minutes.
    group.sample_size(10);
    group.bench_function("full_in_memory", |b| {
        b.iter(|| regen_in_memory(black_box(DOCS), black_box(OVERRIDES)))
    });
    // The emitter's share: quote! → syn → prettyplease for every file of the crate.
    let specs = parse_docs_with_overrides_text(DOCS_PATH, DOCS, OVERRIDES)
        .expect("the checked-in overrides parse")
        .specs;
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

criterion_group!(benches, full_regen);
criterion_main!(benches);
