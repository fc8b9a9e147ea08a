//! HTTP routes of the simulator: the eight gateway commands and the `/_sim/` control routes.

use std::collections::HashMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use serde::Deserialize;
use serde_json::{Value, json};

use super::FaultKind;
use super::listener::KillSwitch;
use super::{Simulator, data_uri, qr_svg};
use crate::api::Settings;

pub fn router(sim: Simulator) -> Router {
    Router::new()
        .route("/_sim/state", get(sim_state))
        .route("/_sim/scan", post(sim_scan))
        .route("/_sim/phone_logout", post(sim_phone_logout))
        .route("/_sim/connection", post(sim_connection))
        .route("/_sim/battery", post(sim_battery))
        .route("/_sim/storage", post(sim_storage))
        .route("/_sim/faults", post(sim_faults))
        .route("/_sim/hold", post(sim_hold))
        .route("/_sim/instances", post(sim_add_instance))
        .route("/{command}", any(command))
        .with_state(sim)
}

#[derive(Deserialize)]
struct Wid {
    wid: Option<String>,
}

fn json_response(status: StatusCode, body: Value) -> Response {
    // The gateway is IIS/.aspx: JSON with a charset, as it sends it.
    let mut r = (status, body.to_string()).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    r
}

/// The gateway's error shape for an unknown or missing key.
fn unknown_key() -> Response {
    json_response(
        StatusCode::OK,
        json!({"success": false, "message": "Instance not found: check the API key (wid)"}),
    )
}

async fn command(
    State(sim): State<Simulator>,
    ConnectInfo(kill): ConnectInfo<KillSwitch>,
    Path(command): Path<String>,
    Query(q): Query<Wid>,
    method: Method,
    body: Bytes,
) -> Response {
    let _in_flight = sim.enter_request();
    if !sim.config().latency.is_zero() {
        tokio::time::sleep(sim.config().latency).await;
    }
    let Some(key) = q.wid.filter(|k| sim.has_instance(k)) else {
        return unknown_key();
    };
    let expected = match command.as_str() {
        "generate_qrcode.aspx" | "set_config.aspx" => Method::POST,
        "status.aspx"
        | "disconnect.aspx"
        | "close_session.aspx"
        | "save_session.aspx"
        | "restore_session.aspx"
        | "clear.aspx" => Method::GET,
        _ => {
            return (StatusCode::NOT_FOUND, iis_page("404 - File or directory not found.", &command))
                .into_response();
        }
    };
    if method != expected {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            iis_page("405 - HTTP verb used to access this page is not allowed.", &command),
        )
            .into_response();
    }
    sim.note_arrival(&key, &command);
    let fault = sim
        .with_instance(&key, |inst, _, _| {
            *inst.requests.entry(command.clone()).or_insert(0) += 1;
            inst.take_fault(&command)
        })
        .flatten()
        .or_else(|| sim.random_fault(&command));
    sim.wait_while_held(&key).await;
    match fault {
        Some(FaultKind::Http500) => {
            return (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response();
        }
        Some(FaultKind::HtmlError) => {
            let page = iis_page("Runtime Error", &format!("/{command}?wid={key}"));
            let mut r = (StatusCode::INTERNAL_SERVER_ERROR, page).into_response();
            r.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
            return r;
        }
        Some(FaultKind::MalformedJson) => {
            return json_response_raw(
                r#"{"status":10,"statusString":"WhatsAppAuthenticated","connected":tr"#.into(),
            );
        }
        Some(FaultKind::WrongTypes) => {
            return json_response(
                StatusCode::OK,
                json!({"qr": 12345, "status": "ten", "ttl": "soon", "connected": "maybe",
                       "ConnectionInfo": "offline", "stats": [1, 2, 3], "sucesso": "yes", "Status": 42}),
            );
        }
        Some(FaultKind::Slow) => tokio::time::sleep(sim.config().slow_delay).await,
        Some(FaultKind::Drop) => {
            kill.kill();
            return StatusCode::OK.into_response();
        }
        Some(FaultKind::Oversized) => return oversized(),
        Some(FaultKind::HostileSvg) | None => {}
    }
    let hostile = fault == Some(FaultKind::HostileSvg);
    answer(&sim, &key, &command, &body, hostile)
}

/// A 10 MB JSON answer, streamed in 64 KB chunks: a client that stops reading early costs
/// the simulator nothing, and soak tests measure the app's memory, not this buffer's.
fn oversized() -> Response {
    const CHUNK: usize = 64 * 1024;
    static PADDING: [u8; CHUNK] = [b'x'; CHUNK];
    let chunks = std::iter::once(Bytes::from_static(br#"{"status":10,"padding":""#))
        .chain(std::iter::repeat_n(Bytes::from_static(&PADDING), 10 * 1024 * 1024 / CHUNK))
        .chain(std::iter::once(Bytes::from_static(br#""}"#)))
        .map(Ok::<_, std::convert::Infallible>);
    let mut r =
        (StatusCode::OK, axum::body::Body::from_stream(futures_util::stream::iter(chunks))).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    r
}

fn json_response_raw(body: String) -> Response {
    let mut r = (StatusCode::OK, body).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    r
}

/// The normal answer of a command, from the state machine.
fn answer(sim: &Simulator, key: &str, command: &str, body: &[u8], hostile_svg: bool) -> Response {
    let result = sim.with_instance(key, |inst, now, config| -> Value {
        let status_json = |i: &super::Instance| serde_json::to_value(i.status_object()).unwrap_or(Value::Null);
        let session_answer = |ok: Result<(), &str>, i: &super::Instance| match ok {
            Ok(()) => json!({"sucesso": true, "Status": status_json(i).to_string()}),
            Err(msg) => json!({"sucesso": false, "mensagem": msg}),
        };
        match command {
            "generate_qrcode.aspx" => {
                #[derive(Deserialize, Default)]
                struct Body {
                    #[serde(default)]
                    user_agent: String,
                }
                let ua = serde_json::from_slice::<Body>(body).unwrap_or_default().user_agent;
                match inst.generate_qr(&ua, now, config) {
                    Ok(token) => {
                        let svg = qr_svg(&token, hostile_svg.then_some(100_000_000));
                        json!({"qr": data_uri(&svg), "status": 1, "error": "", "ttl": config.ttl.as_secs().max(1)})
                    }
                    Err(msg) => json!({"status": 0, "error": msg, "ttl": 0}),
                }
            }
            "status.aspx" => status_json(inst),
            "disconnect.aspx" => {
                inst.disconnect();
                status_json(inst)
            }
            "close_session.aspx" => {
                let r = inst.close_session(now, config);
                session_answer(r, inst)
            }
            "restore_session.aspx" => {
                let r = inst.restore_session(now, config);
                session_answer(r, inst)
            }
            "save_session.aspx" => match inst.save_session(now, config) {
                Ok(()) => json!({"sucesso": true}),
                Err(msg) => json!({"sucesso": false, "mensagem": msg}),
            },
            "clear.aspx" => {
                inst.clear();
                json!({"status": true, "message": "clear ok"})
            }
            "set_config.aspx" => match serde_json::from_slice::<Settings>(body) {
                Ok(settings) => {
                    inst.set_config(&settings);
                    status_json(inst)
                }
                Err(_) => json!({"success": false, "message": "Invalid settings body"}),
            },
            _ => json!({"success": false, "message": "Unknown command"}),
        }
    });
    match result {
        Some(v) => json_response(StatusCode::OK, v),
        None => unknown_key(),
    }
}

/// An IIS-style error page. It echoes the path, as IIS's detailed errors do, so that the
/// client's redaction of the key is exercised.
fn iis_page(title: &str, path: &str) -> String {
    let path = path.replace('<', "&lt;");
    format!(
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">\r\n<html>\r\n<head>\r\n<title>{title}</title>\r\n\
         <style type=\"text/css\">body{{margin:0;font-size:.7em;font-family:Verdana}}</style>\r\n</head>\r\n\
         <body>\r\n<div id=\"header\"><h1>Server Error in '/' Application.</h1></div>\r\n\
         <div id=\"content\"><h2>{title}</h2><p>Requested URL: {path}</p>\r\n\
         <p>Version Information: Microsoft .NET Framework Version:4.0.30319; ASP.NET Version:4.8.4465.0</p></div>\r\n</body>\r\n</html>\r\n"
    )
}

// ----- control routes -----

fn control<T>(
    sim: &Simulator,
    q: Wid,
    f: impl FnOnce(&mut super::Instance, std::time::Instant, &super::SimConfig) -> Result<T, String>,
) -> Response
where
    T: serde::Serialize,
{
    let Some(key) = q.wid else {
        return json_response(StatusCode::BAD_REQUEST, json!({"error": "missing ?wid=KEY"}));
    };
    match sim.with_instance(&key, f) {
        None => json_response(StatusCode::NOT_FOUND, json!({"error": "unknown instance"})),
        Some(Ok(v)) => json_response(StatusCode::OK, serde_json::to_value(v).unwrap_or(Value::Null)),
        Some(Err(msg)) => json_response(StatusCode::CONFLICT, json!({"error": msg})),
    }
}

fn parse_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Box<Response>> {
    serde_json::from_slice(body).map_err(|e| {
        let body = json!({"error": format!("bad body: {e}")});
        Box::new(json_response(StatusCode::BAD_REQUEST, body))
    })
}

async fn sim_state(State(sim): State<Simulator>, Query(q): Query<Wid>) -> Response {
    control(&sim, q, |i, now, _| Ok(i.snapshot(now)))
}

async fn sim_scan(State(sim): State<Simulator>, Query(q): Query<Wid>, body: Bytes) -> Response {
    #[derive(Deserialize)]
    struct Scan {
        token: String,
    }
    let scan: Scan = match parse_body(&body) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    control(&sim, q, |i, now, c| i.scan(&scan.token, now, c).map(|()| json!({"ok": true})))
}

async fn sim_phone_logout(State(sim): State<Simulator>, Query(q): Query<Wid>) -> Response {
    control(&sim, q, |i, now, c| i.phone_logout(now, c).map(|()| json!({"ok": true})).map_err(String::from))
}

async fn sim_connection(State(sim): State<Simulator>, Query(q): Query<Wid>, body: Bytes) -> Response {
    #[derive(Deserialize)]
    struct Online {
        online: bool,
    }
    let b: Online = match parse_body(&body) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    control(&sim, q, |i, now, c| {
        i.set_phone_online(b.online, now, c).map(|()| json!({"ok": true})).map_err(String::from)
    })
}

async fn sim_battery(State(sim): State<Simulator>, Query(q): Query<Wid>, body: Bytes) -> Response {
    #[derive(Deserialize)]
    struct Battery {
        percent: Option<i64>,
        plugged: Option<bool>,
    }
    let b: Battery = match parse_body(&body) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    control(&sim, q, |i, _, _| {
        i.set_battery(b.percent, b.plugged);
        Ok(json!({"ok": true}))
    })
}

async fn sim_storage(State(sim): State<Simulator>, Query(q): Query<Wid>, body: Bytes) -> Response {
    #[derive(Deserialize)]
    struct Storage {
        folder: String,
        #[serde(default)]
        bytes: i64,
        #[serde(default)]
        files: i64,
    }
    let b: Storage = match parse_body(&body) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    control(&sim, q, |i, _, _| {
        i.add_storage(&b.folder, b.bytes, b.files);
        Ok(json!({"ok": true}))
    })
}

async fn sim_faults(State(sim): State<Simulator>, Query(q): Query<Wid>, body: Bytes) -> Response {
    #[derive(Deserialize)]
    struct Faults {
        kind: FaultKind,
        #[serde(default = "one")]
        count: u32,
    }
    fn one() -> u32 {
        1
    }
    let b: Faults = match parse_body(&body) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    control(&sim, q, |i, _, _| {
        i.inject_fault(b.kind, b.count);
        Ok(json!({"ok": true, "kind": b.kind, "count": b.count}))
    })
}

/// `{"phase": true}` holds the time-driven transitions (4 Starting stays 4, 13 stays 13, ...);
/// `{"requests": true}` holds every command unanswered. `false` releases; either may be left out.
async fn sim_hold(State(sim): State<Simulator>, Query(q): Query<Wid>, body: Bytes) -> Response {
    #[derive(Deserialize)]
    struct Hold {
        phase: Option<bool>,
        requests: Option<bool>,
    }
    let b: Hold = match parse_body(&body) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    if let (Some(requests), Some(key)) = (b.requests, q.wid.as_deref())
        && sim.hold_requests(key, requests).is_none()
    {
        return json_response(StatusCode::NOT_FOUND, json!({"error": "unknown instance"}));
    }
    control(&sim, q, |i, now, c| {
        if let Some(phase) = b.phase {
            i.hold_phase(phase, now, c);
        }
        Ok(i.snapshot(now))
    })
}

async fn sim_add_instance(
    State(sim): State<Simulator>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    match q.get("wid").map(|k| k.trim()).filter(|k| k.len() >= 3) {
        Some(key) => {
            sim.add_instance(key);
            json_response(StatusCode::OK, json!({"ok": true}))
        }
        None => json_response(
            StatusCode::BAD_REQUEST,
            json!({"error": "a key of at least 3 characters is required"}),
        ),
    }
}
