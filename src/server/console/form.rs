//! `application/x-www-form-urlencoded` text (query strings and posted forms) decoded into name/value pairs.
//! Bad escapes are an error the caller turns into 400; nothing here knows which names a page takes.

/// A decoded form: the pairs in order.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Form(Vec<(String, String)>);

/// A `%` escape that is not two hex digits, or bytes that are not UTF-8.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("the form or query string is not valid URL encoding")]
pub(crate) struct BadEncoding;

impl Form {
    pub(crate) fn parse(text: &str) -> Result<Form, BadEncoding> {
        let mut pairs = Vec::new();
        for pair in text.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            pairs.push((decode(k)?, decode(v)?));
        }
        Ok(Form(pairs))
    }

    /// The first value of `name`, trimmed; `None` when absent or blank.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }
}

fn decode(text: &str) -> Result<String, BadEncoding> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).ok_or(BadEncoding)?;
                let hex = std::str::from_utf8(hex).map_err(|_| BadEncoding)?;
                out.push(u8::from_str_radix(hex, 16).map_err(|_| BadEncoding)?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| BadEncoding)
}

/// Encodes a value for a query string (the pager's and the device links' URLs).
pub(crate) fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode_and_round_trip() {
        let f = Form::parse("state=Quarantined&model=iPhone+6%C2%A7x&empty=&flag").unwrap();
        assert_eq!(f.get("state"), Some("Quarantined"));
        assert_eq!(f.get("model"), Some("iPhone 6§x"));
        assert_eq!(f.get("empty"), None);
        assert_eq!(f.get("flag"), None);
        assert_eq!(f.get("missing"), None);
        assert_eq!(Form::parse("a=%zz"), Err(BadEncoding));
        assert_eq!(Form::parse("a=%4"), Err(BadEncoding));
        assert_eq!(Form::parse("a=%FF"), Err(BadEncoding));
        let text = "Alice Smith\\Exchange§1&=";
        let back = Form::parse(&format!("x={}", encode(text))).unwrap();
        assert_eq!(back.get("x"), Some(text));
    }
}
