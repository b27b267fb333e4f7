//! Parse + extract of the whole documentation (both generations), overrides included.

use criterion::{criterion_group, criterion_main, Criterion};
use tcgen_codegen::overrides::Overrides;
use tcgen_codegen::pipeline::parse_docs;

const DOCS: &str = include_str!("../../spec/docs/vpc-api-2018.txt");
const OVERRIDES: &str = include_str!("../../spec/overrides.toml");

fn parse_whole_document(c: &mut Criterion) {
    let overrides = Overrides::parse(OVERRIDES).expect("the checked-in overrides parse");
    c.bench_function("parse+extract vpc-api-2018.txt", |b| {
        b.iter(|| {
            let outcome = parse_docs("vpc-api-2018.txt", std::hint::black_box(DOCS), &overrides);
            assert_eq!(outcome.specs.len(), 2);
            outcome
        })
    });
}

criterion_group!(benches, parse_whole_document);
criterion_main!(benches);
