//! The simulator's QR data URI to pixels at 512 px a side (decode, parse, render, grid snap).
//! Target: median <= 2 ms in release on the project's 2-core machines.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use witi_connect::qr;

fn qr_pipeline(c: &mut Criterion) {
    // A token as long as a real WhatsApp pairing payload's first part.
    let uri = witi_connect::simulator::qr_data_uri("2@Xk3vQ9mT2pLr8sZw1yBn6cFh4dGj0aKe");
    c.bench_function("qr_pipeline/512px", |b| b.iter(|| qr::rasterize(black_box(&uri), 512).unwrap()));
    c.bench_function("qr_pipeline/decode_only", |b| b.iter(|| qr::svg_bytes(black_box(&uri)).unwrap()));
}

criterion_group!(benches, qr_pipeline);
criterion_main!(benches);
