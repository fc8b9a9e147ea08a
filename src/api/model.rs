//! Wire types of the connection commands, tolerant of the quirks in the provider's examples:
//! string booleans (`"false"`), `"undefined"` for absent strings, numbers sent as strings,
//! `Subs: null` leaves, the misspelled `ReceveidBytes`. Missing fields are `None`.
//! A value of a plainly wrong type (an object where a number belongs) is an error, reported
//! with its path by [`crate::api::parse`].

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The gateway's connection state. Unknown numbers are kept, not rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusCode {
    NoConnection,
    WebSocketOpening,
    WebSocketOpen,
    WaitForQrAuthentication,
    Starting,
    WhatsAppAuthenticated,
    WhatsAppAuthenticatedConnectionClosed,
    WhatsAppNotAuthenticated,
    Unknown(i64),
}

impl StatusCode {
    pub fn from_code(code: i64) -> Self {
        match code {
            0 => Self::NoConnection,
            1 => Self::WebSocketOpening,
            2 => Self::WebSocketOpen,
            3 => Self::WaitForQrAuthentication,
            4 => Self::Starting,
            10 => Self::WhatsAppAuthenticated,
            11 => Self::WhatsAppAuthenticatedConnectionClosed,
            13 => Self::WhatsAppNotAuthenticated,
            other => Self::Unknown(other),
        }
    }

    pub fn code(self) -> i64 {
        match self {
            Self::NoConnection => 0,
            Self::WebSocketOpening => 1,
            Self::WebSocketOpen => 2,
            Self::WaitForQrAuthentication => 3,
            Self::Starting => 4,
            Self::WhatsAppAuthenticated => 10,
            Self::WhatsAppAuthenticatedConnectionClosed => 11,
            Self::WhatsAppNotAuthenticated => 13,
            Self::Unknown(n) => n,
        }
    }

    /// The gateway's own name for the state (with its spelling), or `None` when unknown.
    pub fn wire_name(self) -> Option<&'static str> {
        Some(match self {
            Self::NoConnection => "noConnection",
            Self::WebSocketOpening => "webSocketOpenining",
            Self::WebSocketOpen => "webSocketOpen",
            Self::WaitForQrAuthentication => "waitForQRAuthentication",
            Self::Starting => "Starting",
            Self::WhatsAppAuthenticated => "WhatsAppAuthenticated",
            Self::WhatsAppAuthenticatedConnectionClosed => "WhatsAppAuthenticatedConnectionClosed",
            Self::WhatsAppNotAuthenticated => "WhatsAppNotAuthenticated",
            Self::Unknown(_) => return None,
        })
    }

    pub fn is_paired(self) -> bool {
        self == Self::WhatsAppAuthenticated
    }
}

impl fmt::Display for StatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.wire_name() {
            Some(name) => write!(f, "{} {name}", self.code()),
            None => write!(f, "unknown ({})", self.code()),
        }
    }
}

impl Serialize for StatusCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.code())
    }
}

impl<'de> Deserialize<'de> for StatusCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match lenient::int(d)? {
            Some(n) => Ok(Self::from_code(n)),
            None => Err(serde::de::Error::custom("a status code is required")),
        }
    }
}

/// The status object answered by `status`, `disconnect` and `set_config`, and carried as a
/// JSON string inside `close_session` / `restore_session`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstanceStatus {
    pub status: StatusCode,
    #[serde(rename = "statusString", default, deserialize_with = "lenient::string")]
    pub status_string: Option<String>,
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub connected: Option<bool>,
    #[serde(rename = "ConnectionInfo", default, deserialize_with = "lenient::object")]
    pub connection_info: Option<ConnectionInfo>,
    #[serde(rename = "WebID", default, deserialize_with = "lenient::string")]
    pub web_id: Option<String>,
    #[serde(rename = "Webhook", default, deserialize_with = "lenient::string")]
    pub webhook: Option<String>,
    #[serde(rename = "UserAgent", default, deserialize_with = "lenient::string")]
    pub user_agent: Option<String>,
    #[serde(rename = "CanRestoreConnection", default, deserialize_with = "lenient::boolean")]
    pub can_restore_connection: Option<bool>,
    #[serde(default, deserialize_with = "lenient::object")]
    pub stats: Option<Stats>,
    #[serde(default, deserialize_with = "lenient::object")]
    pub storage: Option<StorageNode>,
}

impl InstanceStatus {
    /// A bare status object, as the simulator and tests build them.
    pub fn with_code(status: StatusCode) -> Self {
        Self {
            status,
            status_string: status.wire_name().map(str::to_owned),
            connected: Some(status.is_paired()),
            connection_info: None,
            web_id: None,
            webhook: None,
            user_agent: None,
            can_restore_connection: None,
            stats: None,
            storage: None,
        }
    }

    /// The webhook as the user set it. The gateway appends `&wid=<WebID>` (even without a
    /// `?`); that suffix is the server's, so it is removed here and nothing else is changed.
    pub fn webhook_as_set(&self) -> Option<String> {
        let hook = self.webhook.as_deref()?;
        let trimmed = match self.web_id.as_deref() {
            Some(id) => hook
                .strip_suffix(id)
                .and_then(|h| h.strip_suffix("&wid=").or_else(|| h.strip_suffix("?wid=")))
                .unwrap_or(hook),
            None => hook,
        };
        Some(trimmed.to_owned()).filter(|h| !h.is_empty())
    }

    /// The phone number from `ConnectionInfo.wid` (`5511987654321@s.whatsapp.net`).
    pub fn phone_number(&self) -> Option<String> {
        let wid = self.connection_info.as_ref()?.wid.as_deref()?;
        let user = wid.split('@').next().unwrap_or(wid);
        let user = user.split(':').next().unwrap_or(user);
        (!user.is_empty()).then(|| format!("+{user}"))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConnectionInfo {
    #[serde(default, deserialize_with = "lenient::string")]
    pub lg: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub lc: Option<String>,
    #[serde(default, deserialize_with = "lenient::object")]
    pub phone: Option<Phone>,
    /// Percent, from the old phone protocol; may be stale or absent on multi-device accounts.
    #[serde(default, deserialize_with = "lenient::int")]
    pub battery: Option<i64>,
    #[serde(default, deserialize_with = "lenient::int")]
    pub tos: Option<i64>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub pushname: Option<String>,
    #[serde(rename = "protoVersion", default, deserialize_with = "lenient::int_list")]
    pub proto_version: Option<Vec<i64>>,
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub plugged: Option<bool>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub platform: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub wid: Option<String>,
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub connected: Option<bool>,
    /// The gateway sends this one as the *string* `"false"`; written back the same way.
    #[serde(
        rename = "isResponse",
        default,
        deserialize_with = "lenient::boolean",
        serialize_with = "lenient::boolean_as_string"
    )]
    pub is_response: Option<bool>,
    #[serde(rename = "binVersion", default, deserialize_with = "lenient::int")]
    pub bin_version: Option<i64>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub locales: Option<String>,
}

/// Under this battery level (percent) a phone is low: shown in red, sorted among those
/// needing action, and notified (when the user asked for notifications).
pub const LOW_BATTERY: i64 = 20;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Phone {
    #[serde(default, deserialize_with = "lenient::string")]
    pub device_model: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub wa_version: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub mcc: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub os_version: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub os_build_number: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub device_manufacturer: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub mnc: Option<String>,
}

impl Phone {
    /// The phone as people name it: "motorola moto g84 5G", "Apple iPhone 13" ("samsung
    /// Galaxy" stays so when the model already names the maker).
    pub fn label(&self) -> Option<String> {
        match (&self.device_manufacturer, &self.device_model) {
            (Some(m), Some(d)) if !d.to_lowercase().contains(&m.to_lowercase()) => Some(format!("{m} {d}")),
            (_, Some(d)) => Some(d.clone()),
            (Some(m), None) => Some(m.clone()),
            (None, None) => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    #[serde(rename = "Contacts", default, deserialize_with = "lenient::uint")]
    pub contacts: Option<u64>,
    #[serde(rename = "Chats", default, deserialize_with = "lenient::uint")]
    pub chats: Option<u64>,
    #[serde(rename = "SentBytes", default, deserialize_with = "lenient::uint")]
    pub sent_bytes: Option<u64>,
    /// On the wire as `ReceveidBytes` (sic).
    #[serde(rename = "ReceveidBytes", default, deserialize_with = "lenient::uint")]
    pub received_bytes: Option<u64>,
}

/// A folder of the instance's storage; `subs` is empty for a leaf (`"Subs": null`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StorageNode {
    #[serde(rename = "Name", default, deserialize_with = "lenient::string")]
    pub name: Option<String>,
    #[serde(rename = "Bytes", default, deserialize_with = "lenient::uint")]
    pub bytes: Option<u64>,
    #[serde(rename = "Files", default, deserialize_with = "lenient::uint")]
    pub files: Option<u64>,
    #[serde(rename = "Subs", default, deserialize_with = "lenient::list", serialize_with = "leaf_as_null")]
    pub subs: Vec<StorageNode>,
}

/// The gateway writes a leaf's `Subs` as `null`, not `[]`.
fn leaf_as_null<S: Serializer>(subs: &[StorageNode], s: S) -> Result<S::Ok, S::Error> {
    if subs.is_empty() { s.serialize_none() } else { s.collect_seq(subs) }
}

/// A QR code as the gateway gives it: an SVG data URI, valid for `ttl`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrCode {
    pub data_uri: String,
    pub ttl: Duration,
}

/// What `generate_qrcode` can answer that is not a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QrOutcome {
    Qr(QrCode),
    /// "Connection already established": the instance is paired; show its status instead.
    AlreadyConnected,
}

/// `APIVersion` of `set_config`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ApiVersion {
    #[default]
    #[serde(rename = "1.0")]
    V1_0,
    #[serde(rename = "1.1")]
    V1_1,
}

impl ApiVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V1_0 => "1.0",
            ApiVersion::V1_1 => "1.1",
        }
    }
}

/// The body of `set_config`. Fields left `None` are not sent, so that, for example, saving a
/// new user agent does not also re-send (and so "change") the webhook.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    #[serde(rename = "APIVersionCanBulk", skip_serializing_if = "Option::is_none")]
    pub bulk: Option<bool>,
    #[serde(rename = "APIVersion", skip_serializing_if = "Option::is_none")]
    pub api_version: Option<ApiVersion>,
}

/// Deserializers that accept the gateway's loose typing and reject what is plainly wrong.
pub(crate) mod lenient {
    use serde::de::{self, Deserialize, DeserializeOwned, Deserializer};
    use serde_json::Value;

    fn type_error<E: de::Error>(v: &Value, expected: &str) -> E {
        let found = match v {
            Value::Null => "null".to_owned(),
            Value::Bool(b) => format!("boolean {b}"),
            Value::Number(n) => format!("number {n}"),
            Value::String(s) => format!("string \"{}\"", crate::api::error::excerpt(s, 40)),
            Value::Array(_) => "an array".to_owned(),
            Value::Object(_) => "an object".to_owned(),
        };
        E::custom(format!("expected {expected}, found {found}"))
    }

    fn is_absent_marker(s: &str) -> bool {
        let t = s.trim();
        t.is_empty() || t.eq_ignore_ascii_case("undefined") || t.eq_ignore_ascii_case("null")
    }

    /// Writes a boolean the way the gateway sends `isResponse`: `"true"` / `"false"`.
    pub fn boolean_as_string<S: serde::Serializer>(v: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(b) => s.serialize_str(if *b { "true" } else { "false" }),
            None => s.serialize_none(),
        }
    }

    pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(None),
            Value::String(s) if is_absent_marker(&s) => Ok(None),
            Value::String(s) => Ok(Some(s)),
            Value::Number(n) => Ok(Some(n.to_string())),
            Value::Bool(b) => Ok(Some(b.to_string())),
            other => Err(type_error(&other, "a string")),
        }
    }

    pub fn boolean<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(None),
            Value::Bool(b) => Ok(Some(b)),
            Value::Number(n) if n.as_i64() == Some(0) => Ok(Some(false)),
            Value::Number(n) if n.as_i64() == Some(1) => Ok(Some(true)),
            Value::String(s) if is_absent_marker(&s) => Ok(None),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "1" => Ok(Some(true)),
                "false" | "0" => Ok(Some(false)),
                _ => Err(type_error(&Value::String(s), "a boolean")),
            },
            other => Err(type_error(&other, "a boolean")),
        }
    }

    fn value_to_int(v: &Value) -> Option<Option<i64>> {
        match v {
            Value::Null => Some(None),
            Value::Number(n) => n
                .as_i64()
                .or_else(|| n.as_u64().map(|u| u.min(i64::MAX as u64) as i64))
                .or_else(|| {
                    n.as_f64()
                        .filter(|f| f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e18)
                        .map(|f| f as i64)
                })
                .map(Some),
            Value::String(s) if is_absent_marker(s) => Some(None),
            Value::String(s) => s.trim().parse::<i64>().ok().map(Some),
            _ => None,
        }
    }

    pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        let v = Value::deserialize(d)?;
        value_to_int(&v).ok_or_else(|| type_error(&v, "a whole number"))
    }

    pub fn uint<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        let v = Value::deserialize(d)?;
        match value_to_int(&v) {
            Some(Some(n)) if n >= 0 => Ok(Some(n as u64)),
            Some(None) => Ok(None),
            _ => Err(type_error(&v, "a non-negative whole number")),
        }
    }

    pub fn int_list<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<i64>>, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(None),
            Value::Array(items) => items
                .iter()
                .map(|v| value_to_int(v).flatten().ok_or_else(|| type_error(v, "a whole number")))
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            other => Err(type_error(&other, "a list of numbers")),
        }
    }

    /// A nested object; `null` (or a missing field) is `None`.
    pub fn object<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(None),
            v @ Value::Object(_) => serde_json::from_value(v).map(Some).map_err(de::Error::custom),
            other => Err(type_error(&other, "an object")),
        }
    }

    /// A list of objects; `null` is an empty list.
    pub fn list<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(Vec::new()),
            v @ Value::Array(_) => serde_json::from_value(v).map_err(de::Error::custom),
            other => Err(type_error(&other, "a list")),
        }
    }
}
