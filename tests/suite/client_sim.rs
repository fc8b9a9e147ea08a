//! The client against the simulator on 127.0.0.1:0, through real HTTP.

use crate::common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use witi_connect::api::{ApiError, ApiKey, Client, ClientConfig, QrOutcome, Settings, StatusCode};
use witi_connect::qr;
use witi_connect::simulator::{FaultKind, RunningSim, SimConfig, SimControl, Simulator};

const KEY: &str = "KEY-Sup3rS3cret-7781";

fn config() -> SimConfig {
    SimConfig {
        ttl: Duration::from_secs(2),
        starting_delay: Duration::from_millis(200),
        slow_delay: Duration::from_secs(4),
        logout_delay: Duration::from_millis(200),
        ..SimConfig::default()
    }
}

async fn start() -> (RunningSim, Client, SimControl) {
    let sim = Simulator::new(config(), [KEY]).serve("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let client = client_for(&sim.base_url, KEY);
    let control = SimControl::new(&sim.base_url, KEY);
    (sim, client, control)
}

fn client_for(base: &str, key: &str) -> Client {
    let mut cfg = ClientConfig::new(base, ApiKey::new(key));
    cfg.timeout = Duration::from_secs(1);
    Client::new(cfg).unwrap()
}

/// Reads the token out of the QR image, as a phone would.
fn decode_qr(data_uri: &str) -> String {
    common::decode(&qr::rasterize(data_uri, 400).expect("rasterizes"))
}

async fn new_qr(client: &Client) -> String {
    match client.generate_qrcode("Mozilla/5.0 test").await.unwrap() {
        QrOutcome::Qr(q) => {
            assert_eq!(q.ttl, Duration::from_secs(2), "ttl from the server");
            q.data_uri
        }
        QrOutcome::AlreadyConnected => panic!("not expected"),
    }
}

async fn wait_for(client: &Client, code: StatusCode) -> witi_connect::api::InstanceStatus {
    let deadline = Instant::now() + common::HANG;
    loop {
        let s = client.status().await.unwrap();
        if s.status == code {
            return s;
        }
        assert!(Instant::now() < deadline, "status stayed {}", s.status);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn pair(client: &Client, control: &SimControl) -> witi_connect::api::InstanceStatus {
    let uri = new_qr(client).await;
    let token = decode_qr(&uri);
    assert_eq!(control.state().await.unwrap().token.as_deref(), Some(token.as_str()));
    control.scan(&token).await.unwrap();
    wait_for(client, StatusCode::WhatsAppAuthenticated).await
}

#[tokio::test]
async fn the_whole_pairing_flow() {
    let (_sim, client, control) = start().await;
    assert_eq!(client.status().await.unwrap().status, StatusCode::NoConnection);

    let uri = new_qr(&client).await;
    assert!(uri.starts_with("data:image/svg+xml;base64,"));
    assert_eq!(client.status().await.unwrap().status, StatusCode::WaitForQrAuthentication);
    let token = decode_qr(&uri);
    // Held in 4 Starting until the test has seen it.
    control.hold_phase(true).await.unwrap();
    control.scan(&token).await.unwrap();
    assert_eq!(client.status().await.unwrap().status, StatusCode::Starting);
    control.hold_phase(false).await.unwrap();

    let paired = wait_for(&client, StatusCode::WhatsAppAuthenticated).await;
    let info = paired.connection_info.as_ref().expect("device after pairing");
    assert!(info.pushname.is_some() && info.phone.as_ref().unwrap().device_model.is_some());
    assert!(paired.phone_number().unwrap().starts_with("+55"));
    assert_eq!(paired.can_restore_connection, Some(true));
    assert!(paired.storage.as_ref().unwrap().bytes.unwrap() > 0);
    assert_eq!(paired.user_agent.as_deref(), Some("Mozilla/5.0 test"));

    // A second QR while paired is "already established", its own outcome.
    assert_eq!(client.generate_qrcode("x").await.unwrap(), QrOutcome::AlreadyConnected);
}

#[tokio::test]
async fn each_qr_is_fresh_and_an_expired_or_old_token_is_refused() {
    let (_sim, client, control) = start().await;
    let first = decode_qr(&new_qr(&client).await);
    let second = decode_qr(&new_qr(&client).await);
    assert_ne!(first, second, "a fresh token each call");
    assert!(control.scan(&first).await.is_err(), "the replaced token is refused");
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let err = control.scan(&second).await.unwrap_err();
    assert!(err.contains("expired"), "{err}");
    assert_eq!(client.status().await.unwrap().status, StatusCode::WaitForQrAuthentication);
}

#[tokio::test]
async fn close_restore_save_disconnect_clear() {
    let (_sim, client, control) = start().await;
    // Nothing to save, close or restore before pairing: the gateway's `sucesso:false` shape.
    assert!(matches!(client.save_session().await, Err(ApiError::Gateway { .. })));
    assert!(matches!(client.restore_session().await, Err(ApiError::Gateway { .. })));
    pair(&client, &control).await;

    client.save_session().await.unwrap();
    let closed = client.close_session().await.unwrap().expect("status carried as a string");
    assert_eq!((closed.status, closed.can_restore_connection), (StatusCode::NoConnection, Some(true)));
    let restored = client.restore_session().await.unwrap().unwrap();
    assert_eq!(restored.status, StatusCode::WhatsAppAuthenticated);

    // Restoring an open session is refused: only an ended one can be restored.
    match client.restore_session().await {
        Err(ApiError::Gateway { message }) => assert!(message.contains("already open"), "{message}"),
        other => panic!("{other:?}"),
    }

    let before = client.status().await.unwrap();
    assert_eq!(client.clear().await.unwrap(), "clear ok");
    let after = client.status().await.unwrap();
    assert_eq!(after.storage.unwrap().bytes, Some(0), "stored files are reset");
    // "Does not affect WhatsApp data": contacts, chats and the session stay.
    assert!(before.stats.as_ref().unwrap().contacts.unwrap() > 0);
    assert_eq!(after.stats, before.stats);
    assert_eq!(after.status, StatusCode::WhatsAppAuthenticated, "clear keeps the session");

    let gone = client.disconnect().await.unwrap();
    assert_eq!((gone.status, gone.can_restore_connection), (StatusCode::NoConnection, Some(false)));
    match client.restore_session().await {
        Err(ApiError::Gateway { message }) => assert!(message.contains("no saved session"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn set_config_takes_effect_on_the_next_status() {
    let (_sim, client, control) = start().await;
    pair(&client, &control).await;
    let settings = Settings {
        webhook: Some("https://erp.example.com/hook".into()),
        user_agent: Some("Opera".into()),
        bulk: Some(true),
        api_version: Some(witi_connect::api::ApiVersion::V1_1),
    };
    let answered = client.set_config(&settings).await.unwrap();
    assert_eq!(answered.user_agent.as_deref(), Some("Opera"));
    let next = client.status().await.unwrap();
    assert!(next.webhook.as_deref().unwrap().contains("&wid="), "the gateway's quirk is simulated");
    assert_eq!(next.webhook_as_set().as_deref(), Some("https://erp.example.com/hook"));
    let state = control.state().await.unwrap();
    assert_eq!((state.api_version.as_str(), state.bulk), ("1.1", true));

    // A partial update leaves the webhook alone.
    client.set_config(&Settings { user_agent: Some("Chrome".into()), ..Settings::default() }).await.unwrap();
    assert_eq!(control.state().await.unwrap().webhook, "https://erp.example.com/hook");
}

#[tokio::test]
async fn phone_logout_is_seen_as_13_then_0() {
    let (_sim, client, control) = start().await;
    pair(&client, &control).await;
    control.hold_phase(true).await.unwrap();
    control.phone_logout().await.unwrap();
    assert_eq!(client.status().await.unwrap().status, StatusCode::WhatsAppNotAuthenticated);
    control.hold_phase(false).await.unwrap();
    let s = wait_for(&client, StatusCode::NoConnection).await;
    assert_eq!(s.can_restore_connection, Some(false));
}

#[tokio::test]
async fn a_phone_back_online_is_seen_as_1_then_2_then_10() {
    let (_sim, client, control) = start().await;
    pair(&client, &control).await;
    control.set_online(false).await.unwrap();
    assert_eq!(client.status().await.unwrap().status, StatusCode::WhatsAppAuthenticatedConnectionClosed);
    control.hold_phase(true).await.unwrap();
    control.set_online(true).await.unwrap();
    let opening = client.status().await.unwrap();
    assert_eq!(opening.status, StatusCode::from_code(1));
    assert_eq!(opening.status_string.as_deref(), Some("webSocketOpenining"), "the gateway's own spelling");
    assert_eq!(opening.connection_info.unwrap().is_response, Some(false), "sent as the string \"false\"");
    control.hold_phase(false).await.unwrap();
    wait_for(&client, StatusCode::from_code(2)).await;
    wait_for(&client, StatusCode::WhatsAppAuthenticated).await;
}

#[tokio::test]
async fn an_unknown_key_is_refused_in_the_gateways_shape() {
    let (sim, _client, _control) = start().await;
    let stranger = client_for(&sim.base_url, "not-a-known-key");
    match stranger.status().await {
        Err(ApiError::Gateway { message }) => assert!(message.contains("API key"), "{message}"),
        other => panic!("{other:?}"),
    }
}

// ----- errors: the right variant, quickly, and never the key -----

/// Captures every log line (all targets, TRACE) while a test runs.
#[derive(Clone, Default)]
struct LogSink(Arc<Mutex<Vec<u8>>>);

impl Write for LogSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogSink {
    type Writer = LogSink;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Whether an error is the one a fault should give.
type IsExpected = fn(&ApiError) -> bool;

fn assert_no_key(err: &ApiError) {
    for text in [err.to_string(), format!("{err:?}"), format!("{err:#?}")] {
        assert!(!text.contains(KEY), "key leaked: {text}");
        assert!(!text.contains("Sup3rS3cret"), "key leaked: {text}");
    }
}

#[tokio::test]
async fn every_fault_gives_its_error_quickly_without_the_key_in_errors_or_logs() {
    let logs = LogSink::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(logs.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let (_sim, client, control) = start().await;
    let cases: [(FaultKind, IsExpected); 7] = [
        (FaultKind::Http500, |e| matches!(e, ApiError::Http { status: 500, .. })),
        (
            FaultKind::HtmlError,
            |e| matches!(e, ApiError::Http { status: 500, summary } if summary == "Runtime Error"),
        ),
        (FaultKind::MalformedJson, |e| matches!(e, ApiError::NotJson { .. })),
        (FaultKind::WrongTypes, |e| matches!(e, ApiError::UnexpectedShape { .. })),
        (FaultKind::Slow, |e| matches!(e, ApiError::Timeout { .. })),
        (FaultKind::Drop, |e| matches!(e, ApiError::Interrupted { .. })),
        (FaultKind::Oversized, |e| matches!(e, ApiError::TooLarge { .. })),
    ];
    for (kind, is_expected) in cases {
        control.fault(kind, 1).await.unwrap();
        // The slow answer comes after 4 s; the client's 1 s timeout makes it an error.
        let err = client.status().await.expect_err("the fault makes the call fail");
        assert!(is_expected(&err), "{kind:?} gave {err:?}");
        assert!(!err.to_string().contains('<'), "no raw HTML: {err}");
        assert_no_key(&err);
        // The fault was for one request only.
        client.status().await.unwrap_or_else(|e| panic!("after {kind:?}: {e}"));
    }
    // Each command meets each fault (wrong types on every shape of answer).
    for kind in [FaultKind::WrongTypes, FaultKind::MalformedJson, FaultKind::Http500] {
        control.fault(kind, 8).await.unwrap();
        let errors = [
            client.generate_qrcode("x").await.map(drop).unwrap_err(),
            client.disconnect().await.map(drop).unwrap_err(),
            client.close_session().await.map(drop).unwrap_err(),
            client.save_session().await.map(drop).unwrap_err(),
            client.restore_session().await.map(drop).unwrap_err(),
            client.clear().await.map(drop).unwrap_err(),
            client.set_config(&Settings::default()).await.map(drop).unwrap_err(),
            client.status().await.map(drop).unwrap_err(),
        ];
        for e in &errors {
            assert!(!matches!(e, ApiError::Gateway { .. }), "{kind:?}: {e:?}");
            assert_no_key(e);
        }
    }

    // Errors that are not faults of the gateway: nothing listening, and a bad address.
    let closed_port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let nowhere = client_for(&format!("http://127.0.0.1:{closed_port}/"), KEY);
    let err = nowhere.status().await.unwrap_err();
    assert!(matches!(err, ApiError::Unreachable { .. }), "{err:?}");
    assert_no_key(&err);
    let bad = Client::new(ClientConfig::new("ftp://x", ApiKey::new(KEY))).unwrap_err();
    assert!(matches!(bad, ApiError::InvalidBaseUrl { .. }));
    assert_no_key(&bad);

    let logged = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logged.contains("gateway call failed"), "the client logs its calls");
    assert!(!logged.contains("Sup3rS3cret"), "key in the logs:\n{logged}");
}

#[tokio::test]
async fn the_hostile_svg_is_rasterized_at_our_size_not_its_own() {
    let (_sim, client, control) = start().await;
    control.fault(FaultKind::HostileSvg, 1).await.unwrap();
    let uri = new_qr(&client).await;
    let svg = String::from_utf8(qr::svg_bytes(&uri).unwrap()).unwrap();
    assert!(svg.contains("width=\"100000000\""));
    let img = qr::rasterize(&uri, 300).unwrap();
    assert!(img.side <= 300);
    // And it is still the instance's real QR.
    assert_eq!(Some(decode_qr(&uri)), control.state().await.unwrap().token);
}

#[tokio::test]
async fn the_gateways_error_page_echoing_the_url_is_redacted() {
    // The IIS page of the html_error fault contains the requested URL with the key.
    let (sim, client, control) = start().await;
    control.fault(FaultKind::HtmlError, 1).await.unwrap();
    let raw =
        reqwest::get(format!("{}status.aspx?wid={KEY}", sim.base_url)).await.unwrap().text().await.unwrap();
    assert!(raw.contains(KEY), "the simulated page echoes the key");
    control.fault(FaultKind::HtmlError, 1).await.unwrap();
    assert_no_key(&client.status().await.unwrap_err());
}

#[tokio::test]
async fn connections_are_kept_alive_between_calls() {
    let (sim, client, _control) = start().await;
    for _ in 0..20 {
        client.status().await.unwrap();
    }
    assert_eq!(sim.sim.traffic().connections, 1, "one connection reused for 20 calls");
    // A clone shares the pool.
    client.clone().status().await.unwrap();
    assert_eq!(sim.sim.traffic().connections, 1);
}
