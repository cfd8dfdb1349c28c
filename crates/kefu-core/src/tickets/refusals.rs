//! What `[tickets]` must not ship to browsers. Every header, the endpoint's URL and the
//! form's fields are in the pages and the widget data that any visitor can read, so a
//! credential there is a leaked credential: each refusal says where the secret goes instead.

/// Header names that carry credentials, whole (lowercase).
const SECRET_HEADERS: [&str; 4] = ["authorization", "proxy-authorization", "cookie", "x-api-key"];
/// Parts of header names that carry credentials (lowercase).
const SECRET_NAME_PARTS: [&str; 7] = ["token", "secret", "password", "api-key", "apikey", "auth", "session"];
/// Query parameters that carry credentials (lowercase).
const SECRET_PARAMETERS: [&str; 10] =
    ["token", "key", "api_key", "apikey", "access_token", "secret", "sig", "signature", "auth", "password"];
/// Where a secret goes instead, for headers and URLs.
const USE_A_FUNCTION: &str = "the page's visitors can read every header and URL; put the secret in a serverless function (the webhook preset) that adds it, and post there";

/// Why header `name: value` must not ship, if it must not.
pub fn secret_header(name: &str, value: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    if SECRET_HEADERS.contains(&lower.as_str()) || SECRET_NAME_PARTS.iter().any(|part| lower.contains(part)) {
        return Some(format!("header {name:?} looks secret, and nothing secret ships to browsers: {USE_A_FUNCTION}"));
    }
    credential(value).map(|what| {
        format!(
            "the value of header {name:?} looks like {what}, and nothing secret ships to browsers: {USE_A_FUNCTION}"
        )
    })
}

/// What kind of credential `value` looks like, if it looks like one.
fn credential(value: &str) -> Option<&'static str> {
    let value = value.trim();
    let lower = value.to_ascii_lowercase();
    if let Some(scheme) = ["bearer ", "basic ", "token "].into_iter().find(|s| lower.starts_with(s)) {
        return Some(match scheme {
            "bearer " => "a bearer token",
            "basic " => "a password (Basic)",
            _ => "a token",
        });
    }
    if value.starts_with("eyJ") {
        return Some("a JWT");
    }
    // A key is long and random: letters and digits mixed, unbroken by spaces or slashes.
    let random = value.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).any(|run| {
        run.len() >= 32 && run.bytes().any(|b| b.is_ascii_digit()) && run.bytes().any(|b| b.is_ascii_alphabetic())
    });
    random.then_some("a key (a long random string)")
}

/// Why the endpoint `url` (absolute, or relative to the help center) must not be used,
/// if it must not.
pub fn refused_endpoint(url: &str) -> Option<String> {
    let Some((scheme, rest)) = url.split_once("://") else {
        if url.starts_with("//") {
            return Some(format!(
                "endpoint {url:?} has no scheme: write https://{}, or a path such as /api/tickets",
                url.trim_start_matches('/')
            ));
        }
        if url.contains(':') && !url.starts_with('/') {
            return Some(format!(
                "endpoint {url:?} is neither https:// nor a path: write an https:// URL, or a path such as /api/tickets"
            ));
        }
        return query_secret(url);
    };
    let scheme = scheme.to_ascii_lowercase();
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    if authority.contains('@') {
        return Some(format!(
            "endpoint {url:?} carries a user name or password, and nothing secret ships to browsers: {USE_A_FUNCTION}"
        ));
    }
    let host = host_of(authority).to_ascii_lowercase();
    if host == "hooks.slack.com" && path.starts_with("/services/") {
        return Some("endpoint is a Slack incoming webhook: it has no CORS and the URL itself is the secret, and nothing secret ships to browsers; post to a function that forwards to Slack".into());
    }
    if host.ends_with(".freshdesk.com") && path.starts_with("/api/") {
        return Some("endpoint is Freshdesk's API: an agent key in the browser is a leaked credential; post to a serverless function that calls Freshdesk, or use Freshdesk's own widget".into());
    }
    match scheme.as_str() {
        "https" => {}
        "http" if ["localhost", "127.0.0.1", "[::1]"].contains(&host.as_str()) => {}
        "http" => {
            return Some(format!(
                "endpoint {url:?} is plain http: tickets carry names, emails and orders, so write https://{rest} (http is for localhost alone)"
            ));
        }
        _ => return Some(format!("endpoint {url:?}: write an https:// URL, or a path such as /api/tickets")),
    }
    query_secret(path)
}

/// The host of an authority, without its port.
fn host_of(authority: &str) -> &str {
    if authority.starts_with('[') {
        return authority.find(']').map_or(authority, |i| &authority[..=i]);
    }
    authority.split(':').next().unwrap_or(authority)
}

/// Why a URL's query must not ship: a parameter named like a credential.
fn query_secret(path_and_query: &str) -> Option<String> {
    let query = path_and_query.split('#').next()?.split_once('?')?.1;
    let name = query
        .split('&')
        .map(|pair| pair.split('=').next().unwrap_or_default())
        .find(|name| SECRET_PARAMETERS.contains(&name.to_ascii_lowercase().as_str()))?;
    Some(format!(
        "the endpoint's query parameter {name:?} looks like a credential, and nothing secret ships to browsers: {USE_A_FUNCTION}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_headers_are_refused_by_name_and_by_value() {
        let cases = [
            ("X-Shop", "cn", None),
            ("Accept-Language", "zh-CN", None),
            ("X-Request-Id", "order-form", None),
            ("Authorization", "x", Some("looks secret")),
            ("Proxy-Authorization", "x", Some("looks secret")),
            ("Cookie", "a=b", Some("looks secret")),
            ("X-Api-Key", "x", Some("looks secret")),
            ("X-Auth", "x", Some("looks secret")),
            ("X-Session-Id", "x", Some("looks secret")),
            ("X-Shop-Token", "x", Some("looks secret")),
            ("X-Client-Secret", "x", Some("looks secret")),
            ("X-Apikey", "x", Some("looks secret")),
            ("X-Custom", "Bearer abc", Some("a bearer token")),
            ("X-Custom", "basic dXNlcjpwYXNz", Some("a password (Basic)")),
            ("X-Custom", "Token abc", Some("a token")),
            ("X-Custom", "eyJhbGciOiJIUzI1NiJ9.e30.x", Some("a JWT")),
            ("X-Custom", "sk_live_4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c", Some("a long random string")),
            ("X-Custom", "abcdefghijklmnopqrstuvwxyzabcdefghij", None),
        ];
        for (name, value, says) in cases {
            let refusal = secret_header(name, value);
            match says {
                None => assert_eq!(refusal, None, "{name}: {value}"),
                Some(says) => {
                    let refusal = refusal.unwrap_or_else(|| panic!("{name}: {value} is refused"));
                    assert!(refusal.contains(says) && refusal.contains("serverless function"), "{refusal}");
                }
            }
        }
    }

    #[test]
    fn endpoints_that_leak_or_cannot_work_are_refused() {
        let cases = [
            ("/api/tickets", None),
            ("api/tickets", None),
            ("https://desk.example.com/tickets?shop=cn", None),
            ("http://localhost:8080/api/tickets", None),
            ("http://127.0.0.1:3000/t", None),
            ("https://user:pass@desk.example.com/t", Some("user name or password")),
            ("https://desk.example.com/t?token=abc", Some("\"token\" looks like a credential")),
            ("https://desk.example.com/t?shop=cn&API_KEY=abc", Some("\"API_KEY\"")),
            ("/api/tickets?sig=abc", Some("\"sig\"")),
            ("https://example.freshdesk.com/api/v2/tickets", Some("use Freshdesk's own widget")),
            ("https://hooks.slack.com/services/T000/B000/XXXX", Some("forwards to Slack")),
            ("http://desk.example.com/t", Some("plain http")),
            ("ftp://desk.example.com/t", Some("write an https:// URL")),
            ("//desk.example.com/t", Some("has no scheme")),
            ("mailto:help@example.com", Some("neither https:// nor a path")),
        ];
        for (url, says) in cases {
            match (refused_endpoint(url), says) {
                (None, None) => {}
                (Some(refusal), Some(says)) => assert!(refusal.contains(says), "{url}: {refusal}"),
                (refusal, _) => panic!("{url}: {refusal:?}"),
            }
        }
    }
}
