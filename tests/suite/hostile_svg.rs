//! Hostile SVGs where a QR is expected: each is refused clearly or rendered within bounds,
//! never a panic, an abort, a file read or an unbounded wait.

use std::time::Duration;

use base64::Engine as _;
use witi_connect::qr::{self, MAX_INPUT_BYTES, QrError};

fn uri(svg: &str) -> String {
    format!("data:image/svg+xml;base64,{}", base64::engine::general_purpose::STANDARD.encode(svg))
}

#[test]
fn a_declared_size_of_1e8_is_drawn_at_our_size() {
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="100000000" height="100000000"><rect width="50000000" height="50000000"/></svg>"#;
    let img = qr::rasterize(&uri(svg), 300).unwrap();
    assert_eq!(img.side, 300);
}

/// A named pipe at the path the SVG points to: opening it for reading blocks until a writer
/// comes, so a rasterizer that tries to read it does not return. Ours must return at once.
#[cfg(unix)]
#[test]
fn an_image_href_to_a_local_file_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("secret.png");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(status.success());
    std::fs::write(dir.path().join("relative.png"), b"\x89PNG not really").unwrap();
    for href in [fifo.display().to_string(), format!("file://{}", fifo.display())] {
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><image href="{href}" xlink:href="{href}" width="10" height="10"/></svg>"#
        );
        let (tx, rx) = std::sync::mpsc::channel();
        let data = uri(&svg);
        std::thread::spawn(move || {
            let _ = tx.send(qr::rasterize(&data, 128).map(|_| ()));
        });
        let answered = rx.recv_timeout(Duration::from_secs(30)); // only a hang fails
        if answered.is_err() {
            // Unblock the reader so the process can end, then fail.
            let _ = std::fs::OpenOptions::new().write(true).open(&fifo);
            panic!("the rasterizer tried to read {href}");
        }
    }
}

#[test]
fn nesting_beyond_usvgs_limit_is_an_error_not_a_crash() {
    let depth = 2000;
    let svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{}<rect width="5" height="5"/>{}</svg>"#,
        "<g>".repeat(depth),
        "</g>".repeat(depth)
    );
    assert!(svg.len() < MAX_INPUT_BYTES);
    // usvg refuses nesting deeper than 1024: a clear error, not a stack overflow.
    match qr::rasterize(&uri(&svg), 128) {
        Err(QrError::InvalidSvg(why)) => assert!(!why.is_empty()),
        other => panic!("2000 nested groups gave {other:?}"),
    }
}

#[test]
fn a_5_mb_flat_svg_is_refused_by_the_cap_at_once() {
    let mut svg = String::from(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1000">"#);
    while svg.len() < 5 * 1024 * 1024 {
        svg.push_str(r#"<rect x="1" y="1" width="1" height="1"/>"#);
    }
    svg.push_str("</svg>");
    // Refused by its size before decoding (how fast: `cargo bench --bench qr_pipeline`).
    assert_eq!(qr::rasterize(&uri(&svg), 512), Err(QrError::TooLarge));
}

#[test]
fn blurs_and_other_filters_are_refused_before_rendering() {
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><filter id="f" x="-1000%" y="-1000%" width="3000%" height="3000%"><feGaussianBlur stdDeviation="100000"/></filter><rect width="100" height="100" filter="url(#f)"/></svg>"#;
    // Refused after parsing, before rendering (how fast: `cargo bench --bench qr_pipeline`).
    assert_eq!(qr::rasterize(&uri(svg), 512), Err(QrError::Unsupported));
    // The case the property tests found: a modest blur under twelve nested scales (2.3 s).
    let nested = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="1e30" height="100000000">{}<filter id="b"><feGaussianBlur stdDeviation="74"/></filter><rect width="10" height="10" filter="url(#b)"/>{}</svg>"#,
        r#"<g transform="scale(339.25)">"#.repeat(12),
        "</g>".repeat(12)
    );
    assert_eq!(qr::rasterize(&uri(&nested), 115), Err(QrError::Unsupported));
}

#[test]
fn png_or_text_where_svg_was_promised_is_a_clear_error() {
    let black = witi_connect::qr::QrImage { side: 4, rgba: [0, 0, 0, 255].repeat(16), modules: None };
    let png = base64::engine::general_purpose::STANDARD.encode(black.to_png());
    let err = qr::rasterize(&format!("data:image/svg+xml;base64,{png}"), 100).unwrap_err();
    assert_eq!(err.to_string(), "the QR image is a PNG file, not an SVG image");
    let err = qr::rasterize(&uri("Service Unavailable"), 100).unwrap_err();
    assert_eq!(err.to_string(), "the QR image is plain text, not an SVG image");
    let err = qr::rasterize("data:text/html;base64,PGh0bWw+", 100).unwrap_err();
    assert!(err.to_string().contains("text/html"), "{err}");
}

/// Found by the property tests: shapes scaled to ~1e13 units overflowed tiny-skia's fixed
/// point (a debug assertion). Refused before rendering, with a clear error.
#[test]
fn shapes_far_outside_the_canvas_are_refused() {
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="100000000" viewBox=""><g transform="scale(394.06335)"><g transform="scale(394.06335)"><g transform="scale(394.06335)"><g transform="scale(394.06335)"><circle cx="0" cy="-597" r="2855"/></g></g></g></g></svg>"#;
    assert_eq!(qr::rasterize(&uri(svg), 645), Err(QrError::OutOfBounds));
    assert_eq!(QrError::OutOfBounds.to_string(), "the QR image draws far outside its own area");
}
