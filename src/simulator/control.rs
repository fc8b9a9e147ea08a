//! An HTTP client for the simulator's `/_sim/` control routes: what a test (or a trainer's
//! script) uses to play the phone's part.

use serde_json::{Value, json};

use super::{FaultKind, SimInstanceState};

#[derive(Clone)]
pub struct SimControl {
    base: String,
    key: String,
    http: reqwest::Client,
}

impl std::fmt::Debug for SimControl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimControl").field("base", &self.base).finish_non_exhaustive()
    }
}

impl SimControl {
    pub fn new(base_url: &str, key: &str) -> Self {
        Self {
            base: base_url.trim_end_matches('/').to_owned(),
            key: key.to_owned(),
            http: reqwest::Client::new(),
        }
    }

    fn url(&self, route: &str) -> Result<reqwest::Url, String> {
        let mut url =
            reqwest::Url::parse(&format!("{}/_sim/{route}", self.base)).map_err(|e| e.to_string())?;
        url.query_pairs_mut().append_pair("wid", &self.key);
        Ok(url)
    }

    async fn post(&self, route: &str, body: Value) -> Result<Value, String> {
        let resp = self
            .http
            .post(self.url(route)?)
            .json(&body)
            .send()
            .await
            .map_err(|e| e.without_url().to_string())?;
        let status = resp.status();
        let v: Value = resp.json().await.map_err(|e| e.without_url().to_string())?;
        if status.is_success() {
            Ok(v)
        } else {
            Err(v.get("error").and_then(Value::as_str).unwrap_or("refused").to_owned())
        }
    }

    pub async fn state(&self) -> Result<SimInstanceState, String> {
        let resp = self.http.get(self.url("state")?).send().await.map_err(|e| e.without_url().to_string())?;
        if !resp.status().is_success() {
            return Err(format!("HTTP {}", resp.status()));
        }
        resp.json().await.map_err(|e| e.without_url().to_string())
    }

    /// The phone scans `token`; refused (409) unless it is the current, unexpired one.
    pub async fn scan(&self, token: &str) -> Result<(), String> {
        self.post("scan", json!({ "token": token })).await.map(drop)
    }

    pub async fn phone_logout(&self) -> Result<(), String> {
        self.post("phone_logout", json!({})).await.map(drop)
    }

    pub async fn set_online(&self, online: bool) -> Result<(), String> {
        self.post("connection", json!({ "online": online })).await.map(drop)
    }

    pub async fn battery(&self, percent: Option<i64>, plugged: Option<bool>) -> Result<(), String> {
        self.post("battery", json!({ "percent": percent, "plugged": plugged })).await.map(drop)
    }

    pub async fn add_storage(&self, folder: &str, bytes: i64, files: i64) -> Result<(), String> {
        self.post("storage", json!({ "folder": folder, "bytes": bytes, "files": files })).await.map(drop)
    }

    /// Holds the time-driven transitions (true) or lets them go on (false): a scanned phone stays
    /// in 4 Starting, a logged-out one in 13, until released.
    pub async fn hold_phase(&self, held: bool) -> Result<(), String> {
        self.post("hold", json!({ "phase": held })).await.map(drop)
    }

    /// Holds every command of the instance unanswered (true) until released (false).
    pub async fn hold_requests(&self, held: bool) -> Result<(), String> {
        self.post("hold", json!({ "requests": held })).await.map(drop)
    }

    pub async fn fault(&self, kind: FaultKind, count: u32) -> Result<(), String> {
        self.post("faults", json!({ "kind": kind, "count": count })).await.map(drop)
    }
}
