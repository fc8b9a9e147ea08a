use std::fmt;
use std::time::Duration;

use reqwest::{Method, Url};
use serde::Serialize;

use super::error::{ApiError, summarize_body};
use super::key::{ApiKey, redact};
use super::model::{InstanceStatus, QrOutcome, Settings};
use super::parse;
use crate::diagnostics::Exchange;

pub const DEFAULT_BASE_URL: &str = "https://api.witi.me/";
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);
/// The user agent sent with `generate_qrcode`: the gateway asks for a full browser string.
pub const DEFAULT_USER_AGENT: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 \
     (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
/// Larger answers are refused unread: a status object is a few KB.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

#[derive(Clone)]
pub struct ClientConfig {
    pub base_url: String,
    pub key: ApiKey,
    pub timeout: Duration,
}

impl ClientConfig {
    pub fn new(base_url: impl Into<String>, key: ApiKey) -> Self {
        Self { base_url: base_url.into(), key, timeout: DEFAULT_TIMEOUT }
    }
}

/// One gateway instance's client: `{base}{command}?wid={key}` for each of the eight commands.
/// Holds one `reqwest::Client`, so connections are kept alive between calls.
#[derive(Clone)]
pub struct Client {
    base: Url,
    key: ApiKey,
    timeout: Duration,
    http: reqwest::Client,
    /// Where each exchange is recorded (redacted) for the diagnostics drawer.
    recorder: Option<ExchangeRecorder>,
}

/// Takes each exchange of a client (called on the runtime, so it must not block).
pub type ExchangeRecorder = std::sync::Arc<dyn Fn(Exchange) + Send + Sync>;

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base.as_str())
            .field("key", &self.key)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl Client {
    pub fn new(config: ClientConfig) -> Result<Self, ApiError> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("witi-connect/", env!("CARGO_PKG_VERSION")))
            .pool_idle_timeout(Duration::from_secs(90))
            .build()
            .map_err(|e| ApiError::InvalidBaseUrl { detail: e.without_url().to_string() })?;
        Self::with_http(config, http)
    }

    /// Shares one connection pool between many instances' clients.
    pub fn with_http(config: ClientConfig, http: reqwest::Client) -> Result<Self, ApiError> {
        let base = parse_base_url(&config.base_url)?;
        if !config.key.is_usable() {
            return Err(ApiError::InvalidBaseUrl { detail: "the API key is missing or too short".into() });
        }
        Ok(Self { base, key: config.key, timeout: config.timeout, http, recorder: None })
    }

    /// Records every exchange, redacted, with `recorder`.
    pub fn with_recorder(mut self, recorder: ExchangeRecorder) -> Self {
        self.recorder = Some(recorder);
        self
    }

    pub fn base_url(&self) -> &str {
        self.base.as_str()
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    pub async fn generate_qrcode(&self, user_agent: &str) -> Result<QrOutcome, ApiError> {
        #[derive(Serialize)]
        struct Body<'a> {
            user_agent: &'a str,
        }
        self.call(Method::POST, "generate_qrcode.aspx", Some(&Body { user_agent }), parse::qr_outcome).await
    }

    pub async fn status(&self) -> Result<InstanceStatus, ApiError> {
        self.call::<(), _>(Method::GET, "status.aspx", None, parse::status).await
    }

    /// Completely disconnects; a new QR will be needed.
    pub async fn disconnect(&self) -> Result<InstanceStatus, ApiError> {
        self.call::<(), _>(Method::GET, "disconnect.aspx", None, parse::status).await
    }

    /// Ends the session so that `restore_session` can bring it back without a QR.
    pub async fn close_session(&self) -> Result<Option<InstanceStatus>, ApiError> {
        self.call::<(), _>(Method::GET, "close_session.aspx", None, parse::session_with_status).await
    }

    pub async fn save_session(&self) -> Result<(), ApiError> {
        self.call::<(), _>(Method::GET, "save_session.aspx", None, parse::ack).await
    }

    pub async fn restore_session(&self) -> Result<Option<InstanceStatus>, ApiError> {
        self.call::<(), _>(Method::GET, "restore_session.aspx", None, parse::session_with_status).await
    }

    /// Resets the instance's stored files and cache (not the WhatsApp data).
    pub async fn clear(&self) -> Result<String, ApiError> {
        self.call::<(), _>(Method::GET, "clear.aspx", None, parse::clear).await
    }

    pub async fn set_config(&self, settings: &Settings) -> Result<InstanceStatus, ApiError> {
        self.call(Method::POST, "set_config.aspx", Some(settings), parse::status).await
    }

    /// Sends one command and parses a 2xx answer with `parse`; logs the call, and records
    /// it (redacted) for the diagnostics drawer when the client has a recorder.
    async fn call<B: Serialize + ?Sized, T>(
        &self,
        method: Method,
        command: &'static str,
        body: Option<&B>,
        parse: fn(&[u8]) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let started = std::time::Instant::now();
        let started_at = std::time::SystemTime::now();
        let answer = self.send(method, command, body).await;
        let ms = started.elapsed().as_millis() as u64;
        let result = match &answer {
            Ok((status, bytes)) => {
                tracing::debug!(command, bytes = bytes.len(), ms, "gateway answered");
                let checked = self.check_status(*status, bytes);
                if let Err(e) = &checked {
                    tracing::debug!(command, kind = e.kind(), ms, "gateway call failed: {e}");
                }
                checked.and_then(|()| self.scrub(parse(bytes)))
            }
            Err(e) => {
                tracing::debug!(command, kind = e.kind(), ms, "gateway call failed: {e}");
                Err(e.clone())
            }
        };
        if let Some(record) = &self.recorder {
            let (status, bytes) = match &answer {
                Ok((status, bytes)) => (Some(*status), Some(bytes.as_slice())),
                Err(_) => (None, None),
            };
            let outcome = result.as_ref().map(|_| ()).map_err(ToString::to_string);
            record(Exchange::new(
                command,
                started_at,
                started.elapsed(),
                status,
                bytes,
                outcome,
                &[self.key.expose()],
            ));
        }
        result
    }

    /// One request: the HTTP status and the body (at most [`MAX_BODY_BYTES`]), whatever the
    /// status; an error only when no whole answer came.
    async fn send<B: Serialize + ?Sized>(
        &self,
        method: Method,
        command: &str,
        body: Option<&B>,
    ) -> Result<(u16, Vec<u8>), ApiError> {
        let mut url =
            self.base.join(command).map_err(|e| ApiError::InvalidBaseUrl { detail: e.to_string() })?;
        url.query_pairs_mut().append_pair("wid", self.key.expose());
        let mut request = self.http.request(method, url).timeout(self.timeout);
        if let Some(body) = body {
            request = request.json(body);
        }
        let mut response = request.send().await.map_err(|e| self.transport_error(e))?;
        let status = response.status();
        if let Some(len) = response.content_length()
            && len > MAX_BODY_BYTES as u64
        {
            return Err(ApiError::TooLarge { limit: MAX_BODY_BYTES });
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.transport_error(e))? {
            if bytes.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(ApiError::TooLarge { limit: MAX_BODY_BYTES });
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok((status.as_u16(), bytes))
    }

    /// A non-2xx answer as an error: the API's JSON error message if it sent one, else a
    /// summary of the page.
    fn check_status(&self, status: u16, bytes: &[u8]) -> Result<(), ApiError> {
        if (200..300).contains(&status) {
            return Ok(());
        }
        let summary = serde_json::from_slice::<serde_json::Value>(bytes)
            .ok()
            .and_then(|v| parse::error_message(&v))
            .unwrap_or_else(|| summarize_body(&String::from_utf8_lossy(bytes)));
        let summary = redact(&summary, self.key.expose());
        Err(ApiError::Http { status, summary })
    }

    fn transport_error(&self, e: reqwest::Error) -> ApiError {
        if e.is_timeout() {
            return ApiError::Timeout { after: self.timeout };
        }
        // `without_url` drops the URL (and with it the key); redact catches any other echo.
        let connect = e.is_connect();
        let detail = redact(&error_chain(&e.without_url()), self.key.expose());
        if connect { ApiError::Unreachable { detail } } else { ApiError::Interrupted { detail } }
    }

    /// Removes the key from any text an answer's body put into an error.
    fn scrub<T>(&self, result: Result<T, ApiError>) -> Result<T, ApiError> {
        let key = self.key.expose();
        result.map_err(|e| {
            let e = match e {
                ApiError::Gateway { message } => ApiError::Gateway { message: redact(&message, key) },
                ApiError::NotJson { excerpt } => ApiError::NotJson { excerpt: redact(&excerpt, key) },
                ApiError::UnexpectedShape { detail } => {
                    ApiError::UnexpectedShape { detail: redact(&detail, key) }
                }
                other => other,
            };
            // The call itself was logged as answered; say why its answer was not usable.
            tracing::debug!(kind = e.kind(), "gateway answer not usable: {e}");
            e
        })
    }
}

/// Accepts `https://host/`, `https://host/path` (a white-label prefix) and adds the final `/`
/// so that `join("status.aspx")` keeps the path.
fn parse_base_url(raw: &str) -> Result<Url, ApiError> {
    super::url::base_url(raw).map_err(|e| ApiError::InvalidBaseUrl { detail: e.to_string() })
}

/// The error and its sources on one line ("error sending request: connection refused"),
/// which is what a person needs to tell a refused port from a TLS failure.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_normalised_and_checked() {
        assert_eq!(parse_base_url("https://api.witi.me").unwrap().as_str(), "https://api.witi.me/");
        assert_eq!(
            parse_base_url("http://127.0.0.1:8787/white/label")
                .unwrap()
                .join("status.aspx")
                .unwrap()
                .as_str(),
            "http://127.0.0.1:8787/white/label/status.aspx"
        );
        assert!(parse_base_url("ftp://x/").is_err());
        assert!(parse_base_url("not a url").is_err());
        assert!(parse_base_url("https://x/?wid=1").is_err());
    }

    #[test]
    fn debug_of_a_client_hides_the_key() {
        let c = Client::new(ClientConfig::new(DEFAULT_BASE_URL, ApiKey::new("TOPSECRET-1"))).unwrap();
        assert!(!format!("{c:?}").contains("TOPSECRET"));
    }
}
