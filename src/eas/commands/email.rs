//! How a mail item is written in Sync ApplicationData and ItemOperations Properties (MS-ASEMAIL, with
//! AirSyncBase bodies honouring BodyPreference type and truncation), and how MIME a client sends is read.
//!
//! Shared by Sync, ItemOperations and SendMail; knows nothing of sync state.

use crate::model::Timestamp;
use crate::wbxml::Element;
use crate::wbxml::tags::{AirSync as A, AirSyncBase as B, Email as E};

use super::super::mail_store::{Item, SyncOptions};
use super::super::message::Message;

/// EAS date-time format: `2026-11-23T08:30:00.000Z`.
pub(crate) fn eas_date(t: Timestamp) -> String {
    let c = t.civil();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second, c.millis
    )
}

/// RFC 5322 date, for generated MIME.
fn mime_date(t: Timestamp) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let c = t.civil();
    let day = DAYS[t.secs().div_euclid(86_400).rem_euclid(7) as usize];
    format!(
        "{day}, {} {} {} {:02}:{:02}:{:02} +0000",
        c.day,
        MONTHS[(c.month - 1) as usize],
        c.year,
        c.hour,
        c.minute,
        c.second
    )
}

/// The display name of an address like `"Ava Smith" <ava@x>`.
fn display_name(address: &str) -> String {
    match address.split_once('<') {
        Some((name, _)) if !name.trim().is_empty() => name.trim().trim_matches('"').to_string(),
        _ => address.trim().trim_matches(['<', '>']).to_string(),
    }
}

fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The message as RFC 822 MIME (the original bytes when the client sent it).
pub(crate) fn mime(m: &Message) -> Vec<u8> {
    if let Some(raw) = &m.mime {
        return raw.clone();
    }
    let content_type = if m.html { "text/html" } else { "text/plain" };
    let mut text = format!("From: {}\r\nTo: {}\r\n", m.from, m.to);
    if !m.cc.is_empty() {
        text.push_str(&format!("Cc: {}\r\n", m.cc));
    }
    text.push_str(&format!(
        "Subject: {}\r\nDate: {}\r\nMIME-Version: 1.0\r\nContent-Type: {content_type}; charset=\"utf-8\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{}",
        m.subject,
        mime_date(m.date),
        m.body
    ));
    text.into_bytes()
}

/// Cuts `text` to at most `max` bytes on a character boundary.
fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The AirSyncBase Body in the type the client prefers (plain text by default).
pub(crate) fn body(m: &Message, options: &SyncOptions) -> Element {
    let body_type = options.body_type.unwrap_or(1);
    let (type_text, data): (&str, Vec<u8>) = match body_type {
        2 => {
            let html = if m.html {
                m.body.clone()
            } else {
                format!(
                    "<html><body><pre>{}</pre></body></html>",
                    m.body.replace('&', "&amp;").replace('<', "&lt;")
                )
            };
            ("2", html.into_bytes())
        }
        4 => ("4", mime(m)),
        _ => {
            let text = if m.html {
                strip_html(&m.body)
            } else {
                m.body.clone()
            };
            ("1", text.into_bytes())
        }
    };
    let size = data.len();
    let mut el = Element::new(B::Body).with_leaf(B::Type, type_text);
    el = el.with_leaf(B::EstimatedDataSize, size.to_string());
    let text = String::from_utf8_lossy(&data).into_owned();
    match options.truncation_size.map(|t| t as usize) {
        Some(max) if max < size => el
            .with_leaf(B::Truncated, "1")
            .with_leaf(B::Data, truncate(&text, max)),
        _ => el.with_leaf(B::Data, text),
    }
}

/// The email properties of an item (ApplicationData / Properties children); none for an item that is not
/// mail.
pub(crate) fn properties(item: &Item, options: &SyncOptions) -> Vec<Element> {
    let Some(m) = item.message() else {
        return Vec::new();
    };
    let mut out = vec![Element::leaf(E::To, &m.to)];
    if !m.cc.is_empty() {
        out.push(Element::leaf(E::Cc, &m.cc));
    }
    out.extend([
        Element::leaf(E::From, &m.from),
        Element::leaf(E::Subject, &m.subject),
        Element::leaf(E::DateReceived, eas_date(m.date)),
        Element::leaf(E::DisplayTo, display_name(&m.to)),
        Element::leaf(E::ThreadTopic, &m.subject),
        Element::leaf(E::Importance, m.importance.to_string()),
        Element::leaf(E::Read, if item.read { "1" } else { "0" }),
        body(m, options),
        Element::leaf(E::MessageClass, "IPM.Note"),
        Element::leaf(E::InternetCPID, "65001"),
        flag(item),
        Element::leaf(E::ContentClass, "urn:content-classes:message"),
        Element::leaf(B::NativeBodyType, if m.html { "2" } else { "1" }),
    ]);
    out
}

/// The flag element: empty when not flagged, Status 2 when flagged for follow-up.
fn flag(item: &Item) -> Element {
    if item.flagged {
        Element::new(E::Flag).with_leaf(E::Status, "2")
    } else {
        Element::new(E::Flag)
    }
}

/// A Change's ApplicationData: only what a change can touch (Read and Flag).
pub(crate) fn change_properties(item: &Item) -> Element {
    Element::new(A::ApplicationData)
        .with_leaf(E::Read, if item.read { "1" } else { "0" })
        .with(flag(item))
}

/// Reads the headers and body of an RFC 822 message (enough for Subject, From, To, Cc, Date).
pub(crate) fn parse_mime(raw: &[u8], now: Timestamp) -> Message {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .or_else(|| text.split_once("\n\n"))
        .unwrap_or((&text, ""));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = headers.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
        } else if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let get = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let html = get("content-type")
        .to_ascii_lowercase()
        .contains("text/html");
    Message {
        subject: get("subject"),
        from: get("from"),
        to: get("to"),
        cc: get("cc"),
        date: now,
        body: body.to_string(),
        html,
        importance: 1,
        mime: Some(raw.to_vec()),
    }
}

/// The bare SMTP addresses in an address list (`"A" <a@x>, b@y`).
pub(crate) fn addresses(list: &str) -> Vec<String> {
    list.split(',')
        .filter_map(|part| {
            let part = part.trim();
            let addr = match (part.find('<'), part.rfind('>')) {
                (Some(a), Some(b)) if a < b => &part[a + 1..b],
                _ => part,
            };
            let addr = addr.trim().trim_matches('"');
            addr.contains('@').then(|| addr.to_string())
        })
        .collect()
}

/// Makes the authenticated mailbox the message's sender, whatever the client's MIME said: Exchange discards
/// the From the client sent (`message.From = null` after reading the MIME, [EX13]
/// `Microsoft.Exchange.AirSync/SendMailBase.cs ParseMimeToMessage`, line 488) and the store then submits it as
/// the mailbox owner. The stored MIME is rewritten too, so no copy (Sent Items, a recipient's Inbox, a later
/// Fetch of the MIME) shows another sender. A `Sender:` header the client added goes the same way.
pub(crate) fn send_as_owner(message: &mut Message, display_name: &str, smtp: &str) {
    let from = format!("\"{}\" <{smtp}>", display_name.replace('"', "'"));
    if let Some(raw) = message.mime.take() {
        message.mime = Some(rewrite_from(&raw, &from));
    }
    message.from = from;
}

/// The MIME with its From (and Sender) header replaced by `From: <from>`, the body untouched.
fn rewrite_from(raw: &[u8], from: &str) -> Vec<u8> {
    let split = find(raw, b"\r\n\r\n")
        .map(|i| (i, 4))
        .or_else(|| find(raw, b"\n\n").map(|i| (i, 2)));
    let (head, body) = match split {
        Some((i, n)) => (&raw[..i], &raw[i + n..]),
        None => (raw, &[][..]),
    };
    let mut out = Vec::with_capacity(raw.len() + from.len());
    out.extend_from_slice(format!("From: {from}\r\n").as_bytes());
    let mut skipping = false;
    for line in head.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let continuation = line.starts_with(b" ") || line.starts_with(b"\t");
        if !continuation {
            let name = line.split(|&b| b == b':').next().unwrap_or_default();
            skipping = name.eq_ignore_ascii_case(b"from") || name.eq_ignore_ascii_case(b"sender");
        }
        if !skipping {
            out.extend_from_slice(line);
            out.extend_from_slice(b"\r\n");
        }
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The LongId Search gives a mail item, which SmartReply, SmartForward and ItemOperations accept in place of
/// CollectionId + ServerId: opaque to clients (Exchange's are serialized store ids), here the item's place
/// in base64url.
pub(crate) fn long_id(folder: u32, item: u32) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{folder}:{item}"))
}

/// The folder and item a LongId names; `None` when it is not one this server issued.
pub(crate) fn parse_long_id(text: &str) -> Option<(u32, u32)> {
    use base64::Engine as _;
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text.trim())
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (f, i) = text.split_once(':')?;
    Some((f.parse().ok()?, i.parse().ok()?))
}
