//! Generation speed: load + validate + generate + format a synthetic spec of N actions.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "benchmark harness"
)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sigcal_codegen::{Options, Spec};
use std::hint::black_box;

fn generate(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    for actions in [10usize, 100, 1_000, 2_000] {
        let text = sigcal_tests::synthetic::spec(actions);
        group.throughput(Throughput::Elements(actions as u64));
        group.bench_with_input(BenchmarkId::from_parameter(actions), &text, |b, text| {
            b.iter(|| {
                let spec = Spec::parse("synthetic.yaml", black_box(text)).unwrap();
                sigcal_codegen::render::render(&spec, &Options::default()).unwrap()
            });
        });
    }
    group.finish();
}

criterion_group!(benches, generate);
criterion_main!(benches);
