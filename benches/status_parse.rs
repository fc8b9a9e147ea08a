//! The provider's full status example, bytes to `InstanceStatus`. Target: <= 50 µs.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use witi_connect::api::parse;

fn status_parse(c: &mut Criterion) {
    let body = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/status.json")).unwrap();
    c.bench_function("status_parse/provider_example", |b| {
        b.iter(|| parse::status(black_box(&body)).unwrap());
    });
}

criterion_group!(benches, status_parse);
criterion_main!(benches);
