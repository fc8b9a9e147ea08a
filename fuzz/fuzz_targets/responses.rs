//! Every response parser on any bytes: an answer or an error, never a panic; and the error's
//! text (shown in the UI and the log) can always be made.
#![no_main]

use libfuzzer_sys::fuzz_target;
use witi_connect::api::parse;

fuzz_target!(|body: &[u8]| {
    if let Err(e) = parse::status(body) {
        let _ = e.to_string();
    }
    if let Err(e) = parse::qr_outcome(body) {
        let _ = e.to_string();
    }
    if let Err(e) = parse::session_with_status(body) {
        let _ = e.to_string();
    }
    if let Err(e) = parse::ack(body) {
        let _ = e.to_string();
    }
    if let Err(e) = parse::clear(body) {
        let _ = e.to_string();
    }
});
