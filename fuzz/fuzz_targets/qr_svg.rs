//! The QR pipeline from SVG bytes (after base64): usvg parsing, the filter/pattern/mask refusal,
//! rendering, the module-grid snap. Run with `-dict=dict/svg.dict` and the seed corpus.
#![no_main]

use libfuzzer_sys::fuzz_target;
use witi_connect::qr;

fuzz_target!(|svg: &[u8]| {
    match qr::rasterize_svg(svg, 128) {
        Ok(img) => assert_eq!(img.rgba.len(), (img.side * img.side * 4) as usize),
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
