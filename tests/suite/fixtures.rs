//! Every JSON example of the provider's text parses, with every quirk handled.

use std::time::Duration;

use witi_connect::api::{ApiVersion, QrOutcome, Settings, StatusCode, parse};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn status_example_parses_with_every_field() {
    let s = parse::status(&fixture("status.json")).unwrap();
    assert_eq!(s.status, StatusCode::WhatsAppAuthenticated);
    assert_eq!(s.status_string.as_deref(), Some("WhatsAppAuthenticated"));
    assert_eq!(s.connected, Some(true));
    assert_eq!(s.web_id.as_deref(), Some("6D6307C3-2973-4468-85FA-D047CB8E1F2E"));
    assert_eq!(s.user_agent.as_deref(), Some("Chrome"));
    assert_eq!(s.can_restore_connection, Some(true));
    // The server appends `&wid=<WebID>`; what the user set is shown.
    assert_eq!(s.webhook_as_set().as_deref(), Some("http://my-erp.com.br"));
    assert_eq!(s.phone_number().as_deref(), Some("+5511987654321"));

    let ci = s.connection_info.as_ref().unwrap();
    assert_eq!((ci.lg.as_deref(), ci.lc.as_deref()), (Some("en"), Some("US")));
    assert_eq!(ci.battery, Some(83));
    assert_eq!(ci.tos, Some(0));
    assert_eq!(ci.pushname.as_deref(), Some("Atendimento Maria"));
    assert_eq!(ci.proto_version, Some(vec![0, 17]));
    assert_eq!(ci.plugged, Some(false));
    assert_eq!(ci.platform.as_deref(), Some("iphone"));
    assert_eq!(ci.wid.as_deref(), Some("5511987654321@s.whatsapp.net"));
    assert_eq!(ci.connected, Some(true));
    assert_eq!(ci.is_response, Some(false), "the string \"false\" is a boolean");
    assert_eq!(ci.bin_version, Some(10));
    assert_eq!(ci.locales.as_deref(), Some("en-US,pt-BR"));

    let phone = ci.phone.as_ref().unwrap();
    assert_eq!(phone.device_model.as_deref(), Some("iPhone 4S"));
    assert_eq!(phone.wa_version.as_deref(), Some("2.21.10.25"));
    assert_eq!(phone.mcc.as_deref(), Some("724"));
    assert_eq!(phone.mnc.as_deref(), Some("031"));
    assert_eq!(phone.os_version.as_deref(), Some("9.3.5"));
    assert_eq!(phone.os_build_number, None, "\"undefined\" is absent");
    assert_eq!(phone.device_manufacturer.as_deref(), Some("Apple"));

    let stats = s.stats.as_ref().unwrap();
    assert_eq!((stats.contacts, stats.chats), (Some(72), Some(32)));
    assert_eq!((stats.sent_bytes, stats.received_bytes), (Some(0), Some(0)), "ReceveidBytes (sic)");

    let storage = s.storage.as_ref().unwrap();
    assert_eq!(storage.name.as_deref(), Some("6D6307C3-2973-4468-85FA-D047CB8E1F2E"));
    assert_eq!((storage.bytes, storage.files), (Some(15_544_238), Some(107)));
    let names: Vec<_> = storage.subs.iter().map(|s| s.name.as_deref().unwrap()).collect();
    assert_eq!(names, ["media", "profile", "thumb"]);
    assert_eq!(storage.subs[0].bytes, Some(11_817_360));
    assert!(storage.subs.iter().all(|s| s.subs.is_empty()), "Subs: null is a leaf");
}

#[test]
fn a_status_round_trips_through_serde_with_the_wire_names() {
    let s = parse::status(&fixture("status.json")).unwrap();
    let text = serde_json::to_string(&s).unwrap();
    assert!(text.contains("\"ReceveidBytes\":0") && text.contains("\"Subs\":null"), "{text}");
    assert_eq!(parse::status(text.as_bytes()).unwrap(), s);
}

#[test]
fn generate_qrcode_examples() {
    match parse::qr_outcome(&fixture("generate_qrcode.success.json")).unwrap() {
        QrOutcome::Qr(q) => {
            assert_eq!(q.data_uri, "...");
            assert_eq!(q.ttl, Duration::from_secs(20));
        }
        other @ QrOutcome::AlreadyConnected => panic!("{other:?}"),
    }
    assert_eq!(parse::qr_outcome(&fixture("generate_qrcode.error.json")), Ok(QrOutcome::AlreadyConnected));
    let req: serde_json::Value = serde_json::from_slice(&fixture("generate_qrcode.request.json")).unwrap();
    assert!(req["user_agent"].as_str().unwrap().starts_with("Mozilla/5.0"));
}

#[test]
fn disconnect_example() {
    let s = parse::status(&fixture("disconnect.json")).unwrap();
    assert_eq!((s.status, s.connected), (StatusCode::NoConnection, Some(false)));
    assert!(s.connection_info.is_none() && s.stats.is_none() && s.storage.is_none());
}

#[test]
fn session_examples_decode_the_embedded_status_string() {
    let closed = parse::session_with_status(&fixture("close_session.json")).unwrap().unwrap();
    assert_eq!(closed.status, StatusCode::NoConnection);
    let restored = parse::session_with_status(&fixture("restore_session.json")).unwrap().unwrap();
    assert_eq!(restored.status, StatusCode::WhatsAppAuthenticated);
    assert_eq!(parse::ack(&fixture("save_session.json")), Ok(()));
    assert_eq!(parse::clear(&fixture("clear.json")).unwrap(), "clear ok");
}

#[test]
fn set_config_examples() {
    let settings: Settings = serde_json::from_slice(&fixture("set_config.request.json")).unwrap();
    assert_eq!(
        settings,
        Settings {
            webhook: Some("https://my-system.com/newWebHook".into()),
            user_agent: Some("Opera".into()),
            bulk: Some(false),
            api_version: Some(ApiVersion::V1_0),
        }
    );
    // What we send has the provider's field names.
    let sent = serde_json::to_value(&settings).unwrap();
    assert_eq!(sent["APIVersionCanBulk"], false);
    assert_eq!(sent["APIVersion"], "1.0");
    let s = parse::status(&fixture("set_config.response.json")).unwrap();
    assert_eq!(s.webhook_as_set().as_deref(), Some("https://my-system.com/newWebHook"));
    assert_eq!(s.user_agent.as_deref(), Some("Opera"));
}

#[test]
fn every_status_code_of_the_table_has_its_name() {
    for (code, name) in [
        (0, "noConnection"),
        (1, "webSocketOpenining"),
        (2, "webSocketOpen"),
        (3, "waitForQRAuthentication"),
        (4, "Starting"),
        (10, "WhatsAppAuthenticated"),
        (11, "WhatsAppAuthenticatedConnectionClosed"),
        (13, "WhatsAppNotAuthenticated"),
    ] {
        assert_eq!(StatusCode::from_code(code).wire_name(), Some(name));
        assert_eq!(StatusCode::from_code(code).code(), code);
    }
    assert_eq!(StatusCode::from_code(7).to_string(), "unknown (7)");
}
