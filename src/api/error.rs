use std::time::Duration;

/// Everything that can go wrong talking to the gateway, normalised into one readable type.
///
/// Every string field is built from text that has been through [`crate::api::redact`], and
/// transport errors are stripped of their URL, so neither `Display` nor `Debug` can carry the
/// API key (tested for every variant in `tests/suite/client_sim.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The gateway answered, in one of its error shapes (`success`/`sucesso`/`status`+`error`).
    Gateway { message: String },

    /// An HTTP status other than 2xx. `summary` is the page title or first line, never raw HTML.
    Http { status: u16, summary: String },

    /// No answer within the client's timeout.
    Timeout { after: Duration },

    /// The connection could not be made (refused, DNS, TLS).
    Unreachable { detail: String },

    /// The connection was made and then dropped before a complete answer.
    Interrupted { detail: String },

    /// A 2xx answer whose body is not JSON. `excerpt` is short and single-line.
    NotJson { excerpt: String },

    /// JSON, but not of the shape the command answers with.
    UnexpectedShape { detail: String },

    /// The body exceeded the size cap; it was not read past the cap.
    TooLarge { limit: usize },

    /// The configured base URL cannot be used.
    InvalidBaseUrl { detail: String },
}

/// In the app's language (the catalogue's `api-error-*` messages).
impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::tr;
        let text = match self {
            ApiError::Gateway { message } => tr!("api-error-gateway", message = message.as_str()),
            ApiError::Http { status, summary } => {
                tr!("api-error-http", status = status.to_string(), summary = summary.as_str())
            }
            ApiError::Timeout { after } => tr!("api-error-timeout", secs = after.as_secs().to_string()),
            ApiError::Unreachable { detail } => tr!("api-error-unreachable", detail = detail.as_str()),
            ApiError::Interrupted { .. } => tr!("api-error-interrupted"),
            ApiError::NotJson { excerpt } => tr!("api-error-not-json", excerpt = excerpt.as_str()),
            ApiError::UnexpectedShape { detail } => tr!("api-error-shape", detail = detail.as_str()),
            ApiError::TooLarge { limit } => {
                tr!("api-error-too-large", mb = (limit / (1024 * 1024)).to_string())
            }
            ApiError::InvalidBaseUrl { detail } => tr!("api-error-invalid-url", detail = detail.as_str()),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// The gateway (or the way to it) is in trouble, rather than refusing this request: the
    /// kind of failure that a whole fleet on one gateway suffers and recovers from together.
    pub fn is_gateway_trouble(&self) -> bool {
        !matches!(self, ApiError::Gateway { .. } | ApiError::InvalidBaseUrl { .. })
    }

    /// A short name for logs and the event log ("timeout", "http 500", ...).
    pub fn kind(&self) -> &'static str {
        match self {
            ApiError::Gateway { .. } => "refused",
            ApiError::Http { .. } => "http",
            ApiError::Timeout { .. } => "timeout",
            ApiError::Unreachable { .. } => "unreachable",
            ApiError::Interrupted { .. } => "interrupted",
            ApiError::NotJson { .. } => "not-json",
            ApiError::UnexpectedShape { .. } => "unexpected-shape",
            ApiError::TooLarge { .. } => "too-large",
            ApiError::InvalidBaseUrl { .. } => "invalid-url",
        }
    }
}

/// Summarises an error page for a person: the HTML `<title>` (or first `<h1>`/`<h2>`), else
/// the first non-empty line of text with tags stripped; at most 160 characters.
pub fn summarize_body(body: &str) -> String {
    let looks_html = body.trim_start().starts_with('<');
    let text = if looks_html {
        ["title", "h1", "h2"]
            .iter()
            .find_map(|tag| inner_of_tag(body, tag))
            .map(|t| strip_tags(&t))
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| strip_tags(body))
    } else {
        body.to_owned()
    };
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("(empty body)");
    excerpt(&decode_entities(line), 160)
}

/// A single-line excerpt of at most `max` characters, with an ellipsis when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let flat: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max).collect();
        format!("{cut}…")
    }
}

fn inner_of_tag(html: &str, tag: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let open = lower.find(&format!("<{tag}"))?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find(&format!("</{tag}"))?;
    Some(html[start..end].to_owned())
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut in_script = false;
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    let bytes = html.as_bytes();
    while i < bytes.len() {
        if !in_tag && bytes[i] == b'<' {
            in_tag = true;
            let rest = &lower[i..];
            if rest.starts_with("<script") || rest.starts_with("<style") {
                in_script = true;
            } else if rest.starts_with("</script") || rest.starts_with("</style") {
                in_script = false;
            }
            if rest.starts_with("<br") || rest.starts_with("<p") || rest.starts_with("</") {
                out.push('\n');
            }
        } else if in_tag && bytes[i] == b'>' {
            in_tag = false;
        } else if !in_tag && !in_script {
            // Push the whole UTF-8 character starting here.
            let ch = html[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
            continue;
        }
        i += 1;
    }
    out
}

fn decode_entities(s: &str) -> String {
    s.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_page_is_summarised_to_its_title() {
        let page = "<!DOCTYPE html><html><head><title>500 - Internal server error.</title>\
                    <style>body{color:red}</style></head><body><h1>Server Error</h1></body></html>";
        assert_eq!(summarize_body(page), "500 - Internal server error.");
    }

    #[test]
    fn html_without_title_uses_first_heading_or_text() {
        assert_eq!(
            summarize_body("<html><body><h2>Runtime Error</h2><p>x</p></body></html>"),
            "Runtime Error"
        );
        assert_eq!(summarize_body("<div>\n  <span>Service Unavailable</span></div>"), "Service Unavailable");
    }

    #[test]
    fn plain_text_is_cut_to_one_short_line() {
        let long = format!("first line {}\nsecond", "x".repeat(300));
        let s = summarize_body(&long);
        assert!(s.starts_with("first line") && s.ends_with('…') && s.chars().count() == 161);
        assert_eq!(summarize_body("  \n"), "(empty body)");
    }

    #[test]
    fn non_ascii_text_survives_tag_stripping() {
        assert_eq!(summarize_body("<p>Erro no serviço — tente já</p>"), "Erro no serviço — tente já");
    }
}
