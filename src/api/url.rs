//! The one rule for the addresses the app uses: an http or https URL with a host. A gateway's
//! base URL also carries no query (the key goes in its own `?wid=`) and ends with a slash.

use reqwest::Url;

/// What is wrong with an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    /// Not a URL at all (the parser's reason).
    NotUrl(String),
    /// A scheme other than http or https.
    Scheme(String),
    NoHost,
    /// A base URL with `?…`.
    Query,
}

impl std::fmt::Display for UrlProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UrlProblem::NotUrl(why) => write!(f, "{why}"),
            UrlProblem::Scheme(s) => write!(f, "scheme `{s}` is not http or https"),
            UrlProblem::NoHost => f.write_str("no host"),
            UrlProblem::Query => f.write_str("the address must not carry a query (`?…`)"),
        }
    }
}

/// An http or https URL with a host (a webhook, say).
pub fn http_url(raw: &str) -> Result<Url, UrlProblem> {
    let url = Url::parse(raw.trim()).map_err(|e| UrlProblem::NotUrl(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(UrlProblem::Scheme(url.scheme().to_owned()));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(UrlProblem::NoHost);
    }
    Ok(url)
}

/// A gateway's base URL: [`http_url`] without a query, ending with a slash so that commands
/// join onto it.
pub fn base_url(raw: &str) -> Result<Url, UrlProblem> {
    let raw = raw.trim();
    let url = http_url(&if raw.ends_with('/') { raw.to_owned() } else { format!("{raw}/") })?;
    if url.query().is_some() {
        return Err(UrlProblem::Query);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rule_for_every_address() {
        assert_eq!(base_url("https://api.witi.me").unwrap().as_str(), "https://api.witi.me/");
        assert_eq!(base_url(" http://127.0.0.1:8787/ ").unwrap().as_str(), "http://127.0.0.1:8787/");
        assert!(matches!(base_url("not a url"), Err(UrlProblem::NotUrl(_))));
        assert_eq!(base_url("ftp://x/"), Err(UrlProblem::Scheme("ftp".into())));
        assert_eq!(base_url("https://x/?wid=1"), Err(UrlProblem::Query));
        assert!(matches!(http_url("file:///etc/passwd"), Err(UrlProblem::Scheme(_))));
        assert!(http_url("https://erp.example.com/hook?a=1").is_ok(), "a webhook may carry a query");
        assert!(http_url("https://").is_err(), "no host");
    }
}
