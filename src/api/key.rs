use std::fmt;

/// Keys shorter than this are refused everywhere (the form, the client, an imported list):
/// no real key is this short, and a shorter one could not be redacted without mangling text.
pub const MIN_KEY_LEN: usize = 3;

/// An instance's API key. It travels in the URL (`?wid=`), so it must never be printed:
/// `Debug` and `Display` mask it, and reading it takes an explicit `expose()`.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into().trim().to_owned())
    }

    /// The key itself, for building a request URL or saving the config file. Nowhere else.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Long enough to be a key at all ([`MIN_KEY_LEN`]).
    pub fn is_usable(&self) -> bool {
        self.0.len() >= MIN_KEY_LEN
    }

    /// A masked form for the screen: the last 4 characters, so staff can tell keys apart.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

/// A secret for the screen (a key, a WebID): the last 4 characters, so staff can tell them
/// apart; nothing at all of a short one.
pub fn mask(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() <= 8 {
        "••••••••".to_owned()
    } else {
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("••••••••{tail}")
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Replaces every occurrence of `secret` in `text` (also URL-encoded) with a marker.
/// Used on anything derived from a response body or a transport error before it is shown.
pub fn redact(text: &str, secret: &str) -> String {
    if secret.len() < MIN_KEY_LEN {
        // Too short to redact without mangling ordinary text; such keys are refused upstream.
        return text.to_owned();
    }
    let mut out = text.replace(secret, "<redacted>");
    let encoded: String = url_encode(secret);
    if encoded != secret {
        out = out.replace(&encoded, "<redacted>");
    }
    out
}

pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_key() {
        let key = ApiKey::new("S3CRET-KEY-123456");
        assert!(!format!("{key:?}").contains("S3CRET"));
        assert!(!format!("{key}").contains("S3CRET"));
        assert_eq!(key.masked(), "••••••••3456");
        assert_eq!(ApiKey::new("short").masked(), "••••••••");
    }

    #[test]
    fn redact_removes_plain_and_url_encoded_forms() {
        let text = "GET /status.aspx?wid=a b+c&x=1 and a%20b%2Bc";
        let out = redact(text, "a b+c");
        assert!(!out.contains("a b+c") && !out.contains("a%20b%2Bc"), "{out}");
    }
}
