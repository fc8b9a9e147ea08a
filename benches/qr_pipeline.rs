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
    // Hostile answers must be refused quickly (tests/suite/hostile_svg.rs checks that they are).
    let huge = svg_uri(&format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1000">{}</svg>"#,
        r#"<rect x="1" y="1" width="1" height="1"/>"#.repeat(5 * 1024 * 1024 / 40)
    ));
    c.bench_function("qr_pipeline/refuse_5mb", |b| {
        b.iter(|| qr::rasterize(black_box(&huge), 512).unwrap_err());
    });
    let blur = svg_uri(&format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="1e30" height="100000000">{}<filter id="b"><feGaussianBlur stdDeviation="74"/></filter><rect width="10" height="10" filter="url(#b)"/>{}</svg>"#,
        r#"<g transform="scale(339.25)">"#.repeat(12),
        "</g>".repeat(12)
    ));
    c.bench_function("qr_pipeline/refuse_nested_blur", |b| {
        b.iter(|| qr::rasterize(black_box(&blur), 115).unwrap_err());
    });
}

fn svg_uri(svg: &str) -> String {
    use base64::Engine as _;
    format!("data:image/svg+xml;base64,{}", base64::engine::general_purpose::STANDARD.encode(svg))
}

criterion_group!(benches, qr_pipeline);
criterion_main!(benches);
