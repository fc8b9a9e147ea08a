//! The QR pipeline from the `qr` field as the gateway sends it: data URIs (base64, utf8,
//! percent-encoded), raw base64 and raw SVG text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use witi_connect::qr;

fuzz_target!(|uri: &str| {
    match qr::rasterize(uri, 128) {
        Ok(img) => assert_eq!(img.rgba.len(), (img.side * img.side * 4) as usize),
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
