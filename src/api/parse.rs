//! Pure decoding of gateway answers: bytes in, typed value or [`ApiError`] out.
//! No I/O, so the parsers are tested against the provider's examples without a server.

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::{ApiError, excerpt};
use super::model::{InstanceStatus, QrCode, QrOutcome};

/// The answer of `generate_qrcode` when the instance is already paired.
pub const ALREADY_ESTABLISHED: &str = "Connection already established";

/// Parses a 2xx body as JSON and turns the API's three error shapes into [`ApiError::Gateway`]:
/// `{"success":false,..}`, `{"sucesso":false,"mensagem":..}`, `{"status":0|false,"error":".."}`.
pub fn json_body(body: &[u8]) -> Result<Value, ApiError> {
    let value: Value = serde_json::from_slice(body).map_err(|_| ApiError::NotJson {
        excerpt: excerpt(&String::from_utf8_lossy(&body[..body.len().min(512)]), 80),
    })?;
    if let Some(message) = error_message(&value) {
        return Err(ApiError::Gateway { message });
    }
    Ok(value)
}

/// The message of an error-shaped answer, or `None` if the answer is not an error.
pub fn error_message(value: &Value) -> Option<String> {
    let obj = value.as_object()?;
    let text_of = |keys: &[&str]| {
        keys.iter()
            .filter_map(|k| obj.get(*k))
            .find_map(|v| v.as_str().map(str::trim).filter(|s| !s.is_empty()))
            .map(|s| excerpt(s, 200))
    };
    let is_false = |key: &str| {
        matches!(obj.get(key), Some(Value::Bool(false)))
            || obj.get(key).and_then(Value::as_str) == Some("false")
    };
    if is_false("success") || is_false("sucesso") {
        return Some(
            text_of(&["message", "mensagem", "error", "erro", "Message"])
                .unwrap_or_else(|| "no reason given".to_owned()),
        );
    }
    let status_failed = match obj.get("status") {
        Some(Value::Bool(false)) => true,
        Some(Value::Number(n)) => n.as_i64() == Some(0),
        _ => false,
    };
    if status_failed {
        // A status object with status 0 (noConnection) is not an error; one with an `error` is.
        if let Some(msg) = text_of(&["error", "erro"]) {
            return Some(msg);
        }
        if matches!(obj.get("status"), Some(Value::Bool(false))) {
            return Some(text_of(&["message", "mensagem"]).unwrap_or_else(|| "no reason given".into()));
        }
    }
    None
}

/// A short single-line excerpt, for naming something untrusted in a message.
pub fn short(text: &str) -> String {
    excerpt(text, 40)
}

/// Decodes a JSON value into `T`, naming the field that did not fit.
pub fn decode<T: DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = excerpt(&e.into_inner().to_string(), 200);
        ApiError::UnexpectedShape {
            detail: if path == "." { inner } else { format!("field `{path}`: {inner}") },
        }
    })
}

/// `generate_qrcode`: a QR, or "already established", or a refusal.
pub fn qr_outcome(body: &[u8]) -> Result<QrOutcome, ApiError> {
    match json_body(body) {
        Err(ApiError::Gateway { message }) if message.eq_ignore_ascii_case(ALREADY_ESTABLISHED) => {
            Ok(QrOutcome::AlreadyConnected)
        }
        Err(e) => Err(e),
        Ok(value) => {
            #[derive(serde::Deserialize)]
            struct Wire {
                qr: Option<String>,
                #[serde(default, deserialize_with = "super::model::lenient::int")]
                ttl: Option<i64>,
            }
            let wire: Wire = decode(value)?;
            let data_uri = wire
                .qr
                .filter(|q| !q.trim().is_empty())
                .ok_or_else(|| ApiError::UnexpectedShape { detail: "the answer has no `qr` image".into() })?;
            // A missing or silly ttl falls back to the documented 20 s, bounded to 1..=300 s.
            let ttl = wire.ttl.filter(|t| *t > 0).unwrap_or(20).clamp(1, 300) as u64;
            Ok(QrOutcome::Qr(QrCode { data_uri, ttl: Duration::from_secs(ttl) }))
        }
    }
}

/// `status`, `disconnect`, `set_config`: the status object itself.
pub fn status(body: &[u8]) -> Result<InstanceStatus, ApiError> {
    let value = json_body(body)?;
    if value.get("status").is_none() {
        return Err(ApiError::UnexpectedShape { detail: "the answer has no `status`".into() });
    }
    decode(value)
}

/// `close_session`, `restore_session`: `{"sucesso":true,"Status":"<status object as JSON>"}`.
/// The embedded status is decoded a second time; it may also arrive as an object, or not at all.
pub fn session_with_status(body: &[u8]) -> Result<Option<InstanceStatus>, ApiError> {
    let value = json_body(body)?;
    require_true(&value, &["sucesso", "success"])?;
    match value.get("Status").or_else(|| value.get("status")) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => {
            let inner: Value = serde_json::from_str(s).map_err(|_| ApiError::UnexpectedShape {
                detail: format!("`Status` is not a JSON status object: \"{}\"", excerpt(s, 60)),
            })?;
            decode(inner).map(Some)
        }
        Some(v @ Value::Object(_)) => decode(v.clone()).map(Some),
        Some(other) => Err(ApiError::UnexpectedShape {
            detail: format!(
                "`Status` is neither a string nor an object: {}",
                excerpt(&other.to_string(), 40)
            ),
        }),
    }
}

/// `save_session`: `{"sucesso":true}`.
pub fn ack(body: &[u8]) -> Result<(), ApiError> {
    require_true(&json_body(body)?, &["sucesso", "success"])
}

/// The answer's success flag (`"sucesso": true`) must be there and true; `false` was already
/// turned into a refusal by [`json_body`], so anything else is a shape error.
fn require_true(value: &Value, keys: &[&str]) -> Result<(), ApiError> {
    let flag = keys.iter().find_map(|k| value.get(*k).map(|v| (*k, v)));
    match flag {
        Some((_, Value::Bool(true))) => Ok(()),
        Some((_, Value::String(s))) if s.trim().eq_ignore_ascii_case("true") => Ok(()),
        Some((key, other)) => Err(ApiError::UnexpectedShape {
            detail: format!("`{key}` is {}, not true", excerpt(&other.to_string(), 40)),
        }),
        None => Err(ApiError::UnexpectedShape { detail: format!("the answer has no `{}`", keys[0]) }),
    }
}

/// `clear`: `{"status":true,"message":"clear ok"}`; returns the gateway's message.
pub fn clear(body: &[u8]) -> Result<String, ApiError> {
    let value = json_body(body)?;
    require_true(&value, &["status", "sucesso", "success"])?;
    Ok(value
        .get("message")
        .or_else(|| value.get("mensagem"))
        .and_then(Value::as_str)
        .unwrap_or("clear ok")
        .to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_error_shapes_are_one_error() {
        for body in [
            r#"{"success":false,"message":"Invalid key"}"#,
            r#"{"sucesso":false,"mensagem":"Invalid key"}"#,
            r#"{"status":0,"error":"Invalid key","ttl":0}"#,
        ] {
            assert_eq!(
                json_body(body.as_bytes()),
                Err(ApiError::Gateway { message: "Invalid key".into() }),
                "{body}"
            );
        }
        assert_eq!(
            json_body(br#"{"sucesso":false,"mensagem":null}"#),
            Err(ApiError::Gateway { message: "no reason given".into() })
        );
    }

    #[test]
    fn a_status_object_with_status_zero_is_not_an_error() {
        let s = status(br#"{"status":0,"statusString":"noConnection","connected":false}"#).unwrap();
        assert_eq!(s.status.code(), 0);
    }

    #[test]
    fn already_established_is_its_own_outcome() {
        let body = br#"{"status":0,"error":"Connection already established","ttl":0}"#;
        assert_eq!(qr_outcome(body), Ok(QrOutcome::AlreadyConnected));
    }

    #[test]
    fn wrong_types_name_the_field() {
        let err = status(br#"{"status":10,"ConnectionInfo":{"battery":"lots"}}"#).unwrap_err();
        match err {
            ApiError::UnexpectedShape { detail } => {
                assert!(detail.contains("ConnectionInfo") && detail.contains("lots"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(status(br#"{"status":"ten"}"#), Err(ApiError::UnexpectedShape { .. })));
        assert!(matches!(status(b"[1,2]"), Err(ApiError::UnexpectedShape { .. })));
    }

    #[test]
    fn not_json_gives_a_short_excerpt() {
        let body = format!("{{\"status\": 10, \"statusString\": \"Whats{}", "A".repeat(1000));
        match status(body.as_bytes()) {
            Err(ApiError::NotJson { excerpt }) => assert!(excerpt.chars().count() <= 81),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_status_codes_are_kept() {
        let s = status(br#"{"status":42}"#).unwrap();
        assert_eq!(s.status.code(), 42);
        assert_eq!(s.status.to_string(), "unknown (42)");
    }

    #[test]
    fn embedded_status_may_be_an_object_or_absent() {
        let s = session_with_status(br#"{"sucesso":true,"Status":{"status":10}}"#).unwrap();
        assert_eq!(s.unwrap().status.code(), 10);
        assert_eq!(session_with_status(br#"{"sucesso":true}"#), Ok(None));
        assert!(matches!(
            session_with_status(br#"{"sucesso":true,"Status":"{oops"}"#),
            Err(ApiError::UnexpectedShape { .. })
        ));
    }

    #[test]
    fn ttl_is_bounded() {
        let ok = |b: &[u8]| match qr_outcome(b).unwrap() {
            QrOutcome::Qr(q) => q.ttl.as_secs(),
            QrOutcome::AlreadyConnected => unreachable!(),
        };
        assert_eq!(ok(br#"{"qr":"data:x","status":1,"error":"","ttl":20}"#), 20);
        assert_eq!(ok(br#"{"qr":"data:x","status":1,"error":""}"#), 20);
        assert_eq!(ok(br#"{"qr":"data:x","status":1,"error":"","ttl":"7"}"#), 7);
        assert_eq!(ok(br#"{"qr":"data:x","status":1,"error":"","ttl":99999}"#), 300);
        assert!(qr_outcome(br#"{"qr":"","status":1,"error":"","ttl":20}"#).is_err());
    }
}
