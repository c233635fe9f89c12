//! Writing WBXML: the canonical EAS byte form of a document, byte-identical to libwbxml's
//! `xml2wbxml -a -n -k` for the same tree.
//!
//! Header `03 01 6A 00`, no string table; SWITCH_PAGE only when a tag's page differs from the current one;
//! the content bit only on elements with children; STR_I for text, OPAQUE (multi-byte length) for bytes.
//! Encoding cannot fail: text containing NUL (which STR_I cannot carry) is written as OPAQUE, and opaque data
//! longer than 2^32-1 bytes as several OPAQUE tokens. Element tokens are written as given; the typed tag
//! constants are always valid, a hand-made token outside 0x05..=0x3F is the caller's bug.

use super::decode::{CONTENT, END, HEADER, OPAQUE, STR_I, SWITCH_PAGE};
use super::document::{Document, Element, Node};

/// Encodes a document into a new buffer.
pub fn encode(doc: &Document) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    encode_into(doc, &mut out);
    out
}

/// Appends the encoding of a document to `out`.
pub fn encode_into(doc: &Document, out: &mut Vec<u8>) {
    out.extend_from_slice(&HEADER);
    let mut page = 0u8;
    // Open elements with the index of their next child; iterative so no tree depth can overflow the stack.
    let mut stack: Vec<(&Element, usize)> = Vec::new();
    if start_tag(&doc.root, &mut page, out) {
        stack.push((&doc.root, 0));
    }
    while let Some(top) = stack.last_mut() {
        let (el, i) = *top;
        match el.children.get(i) {
            None => {
                out.push(END);
                stack.pop();
            }
            Some(child) => {
                top.1 = i + 1;
                match child {
                    Node::Element(c) => {
                        if start_tag(c, &mut page, out) {
                            stack.push((c, 0));
                        }
                    }
                    Node::Text(t) => write_text(t, out),
                    Node::Opaque(b) => write_opaque(b, out),
                }
            }
        }
    }
}

/// Writes SWITCH_PAGE if needed and the tag byte; true if the element has content (and so needs END).
fn start_tag(el: &Element, page: &mut u8, out: &mut Vec<u8>) -> bool {
    if el.page != *page {
        out.push(SWITCH_PAGE);
        out.push(el.page);
        *page = el.page;
    }
    let has_content = !el.children.is_empty();
    let token = el.token & 0x3F;
    out.push(if has_content { token | CONTENT } else { token });
    has_content
}

fn write_text(text: &str, out: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    if bytes.contains(&0) {
        write_opaque(bytes, out);
    } else {
        out.push(STR_I);
        out.extend_from_slice(bytes);
        out.push(0);
    }
}

fn write_opaque(bytes: &[u8], out: &mut Vec<u8>) {
    const MAX: usize = u32::MAX as usize;
    if bytes.is_empty() {
        out.extend_from_slice(&[OPAQUE, 0]);
        return;
    }
    for chunk in bytes.chunks(MAX) {
        out.push(OPAQUE);
        // A chunk is at most u32::MAX bytes long.
        write_mb_u32(u32::try_from(chunk.len()).unwrap_or(u32::MAX), out);
        out.extend_from_slice(chunk);
    }
}

/// Writes a WBXML mb_u_int32: 7 bits per byte, most significant first, high bit set on all but the last.
pub(crate) fn write_mb_u32(mut value: u32, out: &mut Vec<u8>) {
    let mut buf = [0u8; 5];
    let mut start = buf.len();
    loop {
        start -= 1;
        let low = (value & 0x7F) as u8;
        buf[start] = if start == buf.len() - 1 {
            low
        } else {
            low | 0x80
        };
        value >>= 7;
        if value == 0 || start == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[start..]);
}
