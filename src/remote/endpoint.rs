//! Where the admin endpoint is: `--connect` URLs (`http://127.0.0.1:8081`, `127.0.0.1:8081`, or the full
//! InvokeCommand URL `easim serve` prints, which also names the tenant) parsed into an authority and a path, and
//! the check that an `@odata.nextLink` stays on that server.
//!
//! Plain `http://` only: `easim serve` speaks HTTP on loopback, and the shell never follows a link to another
//! server. No I/O here (names are resolved when connecting).

use super::RemoteError;

/// A parsed `--connect` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// `host:port` as given (the port defaults to 80), sent as the Host header.
    pub authority: String,
    /// `beta` or `v1.0` (default `beta`, as the Exchange Online module uses).
    pub version: String,
    /// The tenant segment when the URL names one.
    pub tenant: Option<String>,
}

impl Endpoint {
    pub fn parse(url: &str) -> Result<Endpoint, RemoteError> {
        let bad = |why: &str| RemoteError::BadUrl {
            url: url.to_string(),
            why: why.to_string(),
        };
        let text = url.trim();
        let rest = match text.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
            Some((scheme, _)) if scheme.eq_ignore_ascii_case("https") => {
                return Err(bad(
                    "https is not supported: easim serve speaks plain HTTP (give http://HOST:PORT)",
                ));
            }
            Some(_) => return Err(bad("only http:// URLs are supported")),
            None => text,
        };
        let (authority, path) = match rest.find(['/', '?', '#']) {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        if authority.is_empty() {
            return Err(bad("it names no host"));
        }
        if authority.contains('@') {
            return Err(bad(
                "user names in the URL are not supported; give the token with --token",
            ));
        }
        if authority
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(bad("the host contains spaces or control characters"));
        }
        let authority = match split_port(authority) {
            Some((_, port)) if port.parse::<u16>().is_err() => {
                return Err(bad("the port is not a number from 0 to 65535"));
            }
            Some(_) => authority.to_string(),
            None => format!("{authority}:80"),
        };
        let path = path.split(['?', '#']).next().unwrap_or("");
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let (version, tenant) = match segments.as_slice() {
            [] => ("beta".to_string(), None),
            ["adminapi", version, tenant] | ["adminapi", version, tenant, _] => {
                if segments.len() == 4 && !segments[3].eq_ignore_ascii_case("InvokeCommand") {
                    return Err(bad(
                        "the path must be /adminapi/{version}/{tenant}[/InvokeCommand]",
                    ));
                }
                (version.to_string(), Some(tenant.to_string()))
            }
            ["adminapi", version] => (version.to_string(), None),
            _ => {
                return Err(bad(
                    "the path must be empty or /adminapi/{version}/{tenant}/InvokeCommand",
                ));
            }
        };
        if !version.eq_ignore_ascii_case("beta") && !version.eq_ignore_ascii_case("v1.0") {
            return Err(bad("the API version must be beta or v1.0"));
        }
        Ok(Endpoint {
            authority,
            version,
            tenant,
        })
    }

    /// `http://host:port`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.authority)
    }

    /// The InvokeCommand path for `tenant`.
    pub fn invoke_path(&self, tenant: &str) -> String {
        format!(
            "/adminapi/{}/{}/InvokeCommand",
            self.version,
            encode_segment(tenant)
        )
    }

    /// The path and query of a next link when it points at this server (absolute or relative); `None` otherwise.
    pub fn same_server_target<'a>(&self, link: &'a str) -> Option<&'a str> {
        if link.starts_with('/') {
            return Some(link);
        }
        let (scheme, rest) = link.split_once("://")?;
        if !scheme.eq_ignore_ascii_case("http") {
            return None;
        }
        let end = rest.find('/').unwrap_or(rest.len());
        let (authority, target) = rest.split_at(end);
        let same = authority.eq_ignore_ascii_case(&self.authority)
            || (split_port(authority).is_none()
                && format!("{authority}:80").eq_ignore_ascii_case(&self.authority));
        (same && target.starts_with('/')).then_some(target)
    }
}

/// `(host, port)` when the authority has a port (`[::1]:8081`, `127.0.0.1:8081`, `localhost:80`).
fn split_port(authority: &str) -> Option<(&str, &str)> {
    if authority.starts_with('[') {
        let close = authority.find(']')?;
        let rest = &authority[close + 1..];
        return rest
            .strip_prefix(':')
            .map(|port| (&authority[..=close], port));
    }
    authority.rsplit_once(':')
}

/// Percent-encodes a path segment (tenant names are domains, so this is rarely needed).
fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
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
    fn connect_urls_parse_into_authority_version_and_tenant() {
        let e = Endpoint::parse("http://127.0.0.1:8081").expect("valid");
        assert_eq!(
            e,
            Endpoint {
                authority: "127.0.0.1:8081".into(),
                version: "beta".into(),
                tenant: None
            }
        );
        let e = Endpoint::parse(" 127.0.0.1:9/ ").expect("valid");
        assert_eq!(e.authority, "127.0.0.1:9");
        let e = Endpoint::parse("http://127.0.0.1:8081/adminapi/beta/contoso.com/InvokeCommand")
            .expect("valid");
        assert_eq!(e.tenant.as_deref(), Some("contoso.com"));
        assert_eq!(
            e.invoke_path("contoso.com"),
            "/adminapi/beta/contoso.com/InvokeCommand"
        );
        assert_eq!(e.invoke_path("a b"), "/adminapi/beta/a%20b/InvokeCommand");
        assert_eq!(
            Endpoint::parse("http://localhost")
                .expect("valid")
                .authority,
            "localhost:80"
        );
        assert_eq!(
            Endpoint::parse("http://[::1]:8081/")
                .expect("valid")
                .authority,
            "[::1]:8081"
        );
        for bad in [
            "https://127.0.0.1:8081",
            "ftp://x",
            "http://",
            "http://u:p@127.0.0.1:1",
            "http://127.0.0.1:99999",
            "http://127.0.0.1:1/other/path",
            "http://127.0.0.1:1/adminapi/v9/x/InvokeCommand",
            "http://127.0.0.1:1/adminapi/beta/x/Other",
        ] {
            assert!(Endpoint::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn next_links_must_stay_on_the_same_server() {
        let e = Endpoint::parse("http://127.0.0.1:8081").expect("valid");
        assert_eq!(
            e.same_server_target(
                "http://127.0.0.1:8081/adminapi/beta/t/InvokeCommand?$skiptoken=x"
            ),
            Some("/adminapi/beta/t/InvokeCommand?$skiptoken=x")
        );
        assert_eq!(e.same_server_target("/a?b"), Some("/a?b"));
        assert_eq!(e.same_server_target("http://evil.example:8081/a"), None);
        assert_eq!(e.same_server_target("https://127.0.0.1:8081/a"), None);
        assert_eq!(e.same_server_target("http://127.0.0.1:8081"), None);
        assert_eq!(e.same_server_target("garbage"), None);
    }
}
