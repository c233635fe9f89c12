//! A readable dump of WBXML bytes: one line per token with its offset, its bytes in hex and what it means
//! (tag names, page switches, text), indented by nesting. For people reading a captured request.
//!
//! It walks the same reader as `decode`, so it stops where decoding would fail and says why there.

use std::fmt::Write as _;

use super::codepages::{Tag, page_namespace};
use super::decode::{DecodeError, Event, Reader, read_header};

/// How many bytes of a long token to show in the hex column.
const SHOWN: usize = 8;
/// How many characters of a long text to quote.
const QUOTED: usize = 60;

/// Appends the dump of `bytes` to `out`, one line per token, up to the first error, which is returned after
/// its line (`offset  error: …`) has been written.
pub fn hex_dump(bytes: &[u8], out: &mut String) -> Result<(), DecodeError> {
    let header = read_header(bytes, |field| {
        let raw = bytes.get(field.start..field.end).unwrap_or_default();
        line(out, field.start, raw, field.label);
    });
    if let Err(e) = header {
        return Err(error_line(out, e));
    }
    let mut reader = match Reader::new(bytes) {
        Ok(r) => r,
        Err(e) => return Err(error_line(out, e)),
    };
    loop {
        let depth_before = reader.depth();
        let (at, event) = match reader.next() {
            Ok(Some(item)) => item,
            Ok(None) => return Ok(()),
            Err(e) => return Err(error_line(out, e)),
        };
        let raw = bytes.get(at..reader.position()).unwrap_or_default();
        let indent = "  ".repeat(match event {
            Event::End(_) => reader.depth(),
            _ => depth_before,
        });
        let what = match event {
            Event::SwitchPage(p) => {
                format!("SWITCH_PAGE {p} ({})", page_namespace(p).unwrap_or("?"))
            }
            Event::Start { tag, has_content } => {
                let kind = if has_content { "with content" } else { "empty" };
                let slash = if has_content { "" } else { "/" };
                format!(
                    "{indent}<{}{slash}>  token 0x{:02X}, {kind}",
                    name(tag),
                    tag.token
                )
            }
            Event::End(tag) => format!("{indent}END </{}>", name(tag)),
            Event::Text(t) => {
                let shown: String = t.chars().take(QUOTED).collect();
                let more = if shown.len() < t.len() { "…" } else { "" };
                format!("{indent}STR_I {shown:?}{more} ({})", byte_count(t.len()))
            }
            Event::Opaque(b) => format!("{indent}OPAQUE {}", byte_count(b.len())),
        };
        line(out, at, raw, &what);
    }
}

fn name(tag: Tag) -> String {
    match (tag.namespace(), tag.name()) {
        (Some(ns), Some(n)) => format!("{ns}:{n}"),
        _ => format!("{tag:?}"),
    }
}

fn byte_count(n: usize) -> String {
    if n == 1 {
        "1 byte".to_string()
    } else {
        format!("{n} bytes")
    }
}

fn line(out: &mut String, offset: usize, raw: &[u8], what: &str) {
    let mut hex = String::with_capacity(3 * SHOWN + 2);
    for b in raw.iter().take(SHOWN) {
        let _ = write!(hex, "{b:02X} ");
    }
    if raw.len() > SHOWN {
        hex.push('…');
    }
    let _ = writeln!(
        out,
        "{offset:06X}  {:<width$}  {what}",
        hex.trim_end(),
        width = 3 * SHOWN + 1
    );
}

fn error_line(out: &mut String, e: DecodeError) -> DecodeError {
    let _ = writeln!(out, "{:06X}  error: {}", e.offset, e.kind);
    e
}
