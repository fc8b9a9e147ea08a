//! Property tests: the parsers and the QR pipeline never panic, whatever the gateway sends.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use serde_json::Value;
use witi_connect::api::parse;
use witi_connect::qr;

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        ".{0,24}".prop_map(Value::String),
        Just(Value::String("undefined".into())),
        Just(Value::String("false".into())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[A-Za-z]{1,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every path to a value in the provider's status example.
fn paths(v: &Value, here: Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(here.clone());
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                let mut p = here.clone();
                p.push(k.clone());
                paths(child, p, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let mut p = here.clone();
                p.push(i.to_string());
                paths(child, p, out);
            }
        }
        _ => {}
    }
}

fn status_example() -> Value {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/status.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn set(v: &mut Value, path: &[String], new: Value) {
    match path.split_first() {
        None => *v = new,
        Some((first, rest)) => match v {
            Value::Object(m) => set(m.get_mut(first).unwrap(), rest, new),
            Value::Array(items) => set(&mut items[first.parse::<usize>().unwrap()], rest, new),
            _ => unreachable!(),
        },
    }
}

fn every_parser(bytes: &[u8]) {
    let _ = parse::status(bytes);
    let _ = parse::qr_outcome(bytes);
    let _ = parse::session_with_status(bytes);
    let _ = parse::ack(bytes);
    let _ = parse::clear(bytes);
}

/// Generated SVGs: random sizes (huge, zero, negative, junk), nesting, transforms, shapes.
fn arb_svg() -> impl Strategy<Value = String> {
    let size = prop_oneof![
        Just("100000000".to_owned()),
        Just("0".to_owned()),
        Just("-5".to_owned()),
        Just("1e30".to_owned()),
        Just("NaN".to_owned()),
        Just("50%".to_owned()),
        (1u32..5000).prop_map(|n| n.to_string()),
    ];
    let shape = prop_oneof![
        (any::<i16>(), any::<i16>(), 0u16..2000, 0u16..2000)
            .prop_map(|(x, y, w, h)| format!(r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="black"/>"#)),
        (any::<i16>(), any::<i16>(), 0u16..5000).prop_map(|(x, y, r)| format!(r#"<circle cx="{x}" cy="{y}" r="{r}"/>"#)),
        "[MLHVCZmlhvcz0-9 .,-]{0,60}".prop_map(|d| format!(r#"<path d="{d}"/>"#)),
        (0.0f32..200.0).prop_map(|s| format!(
            r#"<filter id="b"><feGaussianBlur stdDeviation="{s}"/></filter><rect width="10" height="10" filter="url(#b)"/>"#
        )),
        Just(r#"<image href="/etc/passwd" width="10" height="10"/>"#.to_owned()),
        Just(r#"<text x="1" y="5">QR</text>"#.to_owned()),
    ];
    (size.clone(), size, "[0-9 .-]{0,20}", 0usize..60, prop::collection::vec(shape, 0..8), -1000.0f32..1000.0)
        .prop_map(|(w, h, view_box, depth, shapes, scale)| {
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="{view_box}">{}{}{}</svg>"#,
                format!(r#"<g transform="scale({scale})">"#).repeat(depth),
                shapes.concat(),
                "</g>".repeat(depth)
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_value_in_any_field_of_a_status_never_panics(pick in any::<prop::sample::Index>(), value in arb_json()) {
        let mut status = status_example();
        let mut all = vec![];
        paths(&status, vec![], &mut all);
        let path = pick.get(&all).clone();
        set(&mut status, &path, value);
        let body = serde_json::to_vec(&status).unwrap();
        every_parser(&body);
        // The same status carried as a string, as close/restore_session answer.
        let wrapped = serde_json::json!({"sucesso": true, "Status": status.to_string()});
        let _ = parse::session_with_status(&serde_json::to_vec(&wrapped).unwrap());
    }

    #[test]
    fn any_json_never_panics(value in arb_json()) {
        every_parser(&serde_json::to_vec(&value).unwrap());
    }

    #[test]
    fn any_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
        every_parser(&bytes);
    }

    #[test]
    fn the_qr_pipeline_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048), side in any::<u32>()) {
        let _ = qr::rasterize_svg(&bytes, side);
        let _ = qr::rasterize(&String::from_utf8_lossy(&bytes), side);
    }

    #[test]
    fn the_qr_pipeline_never_panics_on_arbitrary_data_uris(
        header in "data:[a-z/+;=0-9-]{0,30}",
        payload in "[A-Za-z0-9+/=%<> ]{0,400}",
        side in 0u32..3000,
    ) {
        let _ = qr::rasterize(&format!("{header},{payload}"), side);
    }

    #[test]
    fn generated_svgs_are_rasterized_or_refused_within_bounds(svg in arb_svg(), side in 1u32..1024) {
        let started = Instant::now();
        if let Ok(img) = qr::rasterize_svg(svg.as_bytes(), side) {
            prop_assert!(img.side <= side.clamp(qr::MIN_SIDE_PX, qr::MAX_SIDE_PX));
            prop_assert_eq!(img.rgba.len(), (img.side * img.side * 4) as usize);
        }
        // Only a hang is a failure here; how fast is the bench's business (qr_pipeline).
        prop_assert!(started.elapsed() < Duration::from_secs(30), "took {:?}", started.elapsed());
    }
}
