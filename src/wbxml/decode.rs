//! Reading WBXML: a zero-copy pull reader over `&[u8]` that yields tokens with their byte offsets, and
//! `decode`, which builds the owned [`Document`] from it.
//!
//! The reader accepts exactly what EAS sends (MS-ASWBXML): header `03 01 6A 00`, SWITCH_PAGE to a known
//! page, known tags with or without the content bit, STR_I, OPAQUE and END, one root element. Everything else
//! is an error naming the byte offset and what was expected. It never panics, and what one document may hold is
//! bounded by [`Limits`] (elements, nesting, string and opaque lengths): past a limit the reader stops with an
//! error instead of building an ever larger tree. It allocates nothing beyond the tree.

use super::codepages::{Tag, page_namespace, tag_name};
use super::document::{Document, Element, Node};

/// The deepest element nesting any [`Limits`] accepts (EAS documents nest about 10 deep).
pub const MAX_DEPTH: usize = 64;

/// What one document may hold. Every element costs the tree about 40 bytes however few bytes it took on the
/// wire (an empty tag is one byte), so a small body of many elements is a large tree: the element count is the
/// limit that matters; the lengths bound single strings and opaque blobs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Elements (with or without content) in the whole document.
    pub max_elements: usize,
    /// Open elements at once; at most [`MAX_DEPTH`] whatever is asked.
    pub max_depth: usize,
    /// Bytes of one inline string (STR_I).
    pub max_string_len: usize,
    /// Bytes of one opaque node (OPAQUE).
    pub max_opaque_len: usize,
}

impl Limits {
    /// What `decode` and `Reader::new` allow: far more than any EAS request or response needs, little enough that
    /// no input can exhaust memory.
    pub const DEFAULT: Limits = Limits {
        max_elements: 1_000_000,
        max_depth: MAX_DEPTH,
        max_string_len: 64 * 1024 * 1024,
        max_opaque_len: 64 * 1024 * 1024,
    };

    /// No limit but the nesting (benchmarks compare against it; nothing else should use it).
    pub const UNLIMITED: Limits = Limits {
        max_elements: usize::MAX,
        max_depth: MAX_DEPTH,
        max_string_len: usize::MAX,
        max_opaque_len: usize::MAX,
    };
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}

pub(crate) const SWITCH_PAGE: u8 = 0x00;
pub(crate) const END: u8 = 0x01;
pub(crate) const STR_I: u8 = 0x03;
pub(crate) const OPAQUE: u8 = 0xC3;
pub(crate) const CONTENT: u8 = 0x40;
pub(crate) const HEADER: [u8; 4] = [0x03, 0x01, 0x6A, 0x00];

/// WBXML that EAS does not send, or that is not well-formed, found at `offset`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid WBXML at byte {offset} (0x{offset:04X}): {kind}")]
pub struct DecodeError {
    /// Offset of the offending byte from the start of the input.
    pub offset: usize,
    pub kind: DecodeErrorKind,
}

/// What was wrong, phrased as what was expected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeErrorKind {
    #[error("the input ended; expected {expected}")]
    UnexpectedEnd { expected: &'static str },
    #[error("WBXML version 0x{0:02X}; expected 0x03 (WBXML 1.3)")]
    Version(u8),
    #[error("public identifier {0}; expected 1 (EAS)")]
    PublicId(u32),
    #[error("charset {0}; expected 106 (UTF-8)")]
    Charset(u32),
    #[error("string table of {0} bytes; expected 0 (EAS uses no string table)")]
    StringTable(u32),
    #[error("multi-byte integer longer than 5 bytes or above 2^32-1")]
    BadInteger,
    #[error(
        "global token 0x{token:02X} ({name}); EAS only uses SWITCH_PAGE, END, STR_I, OPAQUE and tags"
    )]
    UnsupportedToken { token: u8, name: &'static str },
    #[error("tag byte 0x{0:02X} has the attribute bit; EAS never uses attributes")]
    Attributes(u8),
    #[error("code page {0}; expected one of the EAS pages 0-25")]
    UnknownPage(u8),
    #[error("token 0x{token:02X} is not a tag of code page {page} ({namespace})")]
    UnknownTag {
        page: u8,
        token: u8,
        namespace: &'static str,
    },
    #[error("{what} outside the root element; expected {expected}")]
    OutsideRoot {
        what: &'static str,
        expected: &'static str,
    },
    #[error("inline string is not UTF-8 (invalid byte at 0x{at:04X})")]
    InvalidUtf8 { at: usize },
    #[error(
        "opaque data of {len} bytes but only {available} bytes left; expected the length to fit the input"
    )]
    OpaqueTooLong { len: u32, available: usize },
    #[error("elements nested deeper than {max}")]
    TooDeep { max: usize },
    #[error("more than {max} elements")]
    TooManyElements { max: usize },
    #[error("an inline string of {len} bytes; at most {max} are accepted")]
    StringTooLong { len: usize, max: usize },
    #[error("opaque data of {len} bytes; at most {max} are accepted")]
    OpaqueTooLarge { len: u32, max: usize },
    #[error("bytes after the root element; expected the end of the input")]
    TrailingData,
}

impl DecodeError {
    fn new(offset: usize, kind: DecodeErrorKind) -> DecodeError {
        DecodeError { offset, kind }
    }
}

/// One token of the body, as the reader meets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event<'a> {
    /// SWITCH_PAGE to this page.
    SwitchPage(u8),
    /// A tag. When `has_content` is false the element is complete (no END follows).
    Start { tag: Tag, has_content: bool },
    /// END of the element with this tag.
    End(Tag),
    /// STR_I, borrowed from the input without the terminating NUL.
    Text(&'a str),
    /// OPAQUE, borrowed from the input.
    Opaque(&'a [u8]),
}

/// A pull reader over a WBXML body. `Reader::new` checks the header; `next` yields each token and the offset
/// of its first byte, then `None` once the root element is closed and the input is exhausted. After an error,
/// stop reading: the reader's position is then unspecified.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    page: u8,
    /// The open elements, outermost first; `open[..depth]` are live. Inline, so reading allocates nothing.
    open: [Tag; MAX_DEPTH],
    depth: usize,
    root_done: bool,
    limits: Limits,
    elements: usize,
}

impl<'a> Reader<'a> {
    /// Checks the header (`03 01 6A 00`, each field read as the multi-byte integer it is); reads within
    /// [`Limits::DEFAULT`].
    pub fn new(bytes: &'a [u8]) -> Result<Reader<'a>, DecodeError> {
        Reader::with_limits(bytes, Limits::DEFAULT)
    }

    /// As `new`, reading within `limits`: the token that would pass one is an error.
    pub fn with_limits(bytes: &'a [u8], limits: Limits) -> Result<Reader<'a>, DecodeError> {
        let mut r = Reader {
            bytes,
            pos: 0,
            page: 0,
            open: [Tag { page: 0, token: 0 }; MAX_DEPTH],
            depth: 0,
            root_done: false,
            limits: Limits {
                max_depth: limits.max_depth.min(MAX_DEPTH),
                ..limits
            },
            elements: 0,
        };
        r.pos = read_header(bytes, |_| {})?;
        Ok(r)
    }

    /// Offset of the next byte to read.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// How many elements are open.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// How many elements have been read so far.
    pub fn elements(&self) -> usize {
        self.elements
    }

    /// The next token, or `None` at the end of a complete document.
    #[allow(clippy::should_implement_trait)] // fallible, so not an Iterator
    #[inline]
    pub fn next(&mut self) -> Result<Option<(usize, Event<'a>)>, DecodeError> {
        let at = self.pos;
        let Some(&byte) = self.bytes.get(at) else {
            return if self.root_done {
                Ok(None)
            } else if self.depth == 0 {
                Err(self.end("the root element"))
            } else {
                Err(self.end("END or more content of the open element"))
            };
        };
        if self.root_done {
            return Err(DecodeError::new(at, DecodeErrorKind::TrailingData));
        }
        self.pos += 1;
        let event = match byte {
            SWITCH_PAGE => {
                let page = *self
                    .bytes
                    .get(self.pos)
                    .ok_or_else(|| self.end("a code page number"))?;
                if page_namespace(page).is_none() {
                    return Err(DecodeError::new(
                        self.pos,
                        DecodeErrorKind::UnknownPage(page),
                    ));
                }
                self.pos += 1;
                self.page = page;
                Event::SwitchPage(page)
            }
            END => {
                self.inside_root(at, "END")?;
                self.depth -= 1;
                if self.depth == 0 {
                    self.root_done = true;
                }
                // `depth` was at most MAX_DEPTH, so the slot exists.
                Event::End(
                    self.open
                        .get(self.depth)
                        .copied()
                        .unwrap_or(Tag { page: 0, token: 0 }),
                )
            }
            STR_I => {
                self.inside_root(at, "text")?;
                let rest = self.bytes.get(self.pos..).unwrap_or_default();
                let len = rest.iter().position(|&b| b == 0).ok_or_else(|| {
                    DecodeError::new(
                        self.bytes.len(),
                        DecodeErrorKind::UnexpectedEnd {
                            expected: "the NUL that ends an inline string",
                        },
                    )
                })?;
                if len > self.limits.max_string_len {
                    return Err(DecodeError::new(
                        at,
                        DecodeErrorKind::StringTooLong {
                            len,
                            max: self.limits.max_string_len,
                        },
                    ));
                }
                let raw = rest.get(..len).unwrap_or_default();
                let text = std::str::from_utf8(raw).map_err(|e| {
                    let bad = self.pos + e.valid_up_to();
                    DecodeError::new(bad, DecodeErrorKind::InvalidUtf8 { at: bad })
                })?;
                self.pos += len + 1;
                Event::Text(text)
            }
            OPAQUE => {
                self.inside_root(at, "opaque data")?;
                let (len, next) = read_mb_u32(self.bytes, self.pos, "the length of opaque data")?;
                if !usize::try_from(len).is_ok_and(|n| n <= self.limits.max_opaque_len) {
                    return Err(DecodeError::new(
                        self.pos,
                        DecodeErrorKind::OpaqueTooLarge {
                            len,
                            max: self.limits.max_opaque_len,
                        },
                    ));
                }
                let available = self.bytes.len().saturating_sub(next);
                let data = usize::try_from(len)
                    .ok()
                    .and_then(|n| self.bytes.get(next..next.checked_add(n)?))
                    .ok_or_else(|| {
                        DecodeError::new(
                            self.pos,
                            DecodeErrorKind::OpaqueTooLong { len, available },
                        )
                    })?;
                self.pos = next + data.len();
                Event::Opaque(data)
            }
            0x02 | 0x04 | 0x40..=0x44 | 0x80..=0x84 | 0xC0..=0xC2 | 0xC4 => {
                return Err(DecodeError::new(
                    at,
                    DecodeErrorKind::UnsupportedToken {
                        token: byte,
                        name: global_token_name(byte),
                    },
                ));
            }
            _ if byte & 0x80 != 0 => {
                return Err(DecodeError::new(at, DecodeErrorKind::Attributes(byte)));
            }
            _ => {
                let token = byte & 0x3F;
                let tag = Tag {
                    page: self.page,
                    token,
                };
                if tag_name(self.page, token).is_none() {
                    return Err(DecodeError::new(
                        at,
                        DecodeErrorKind::UnknownTag {
                            page: self.page,
                            token,
                            namespace: page_namespace(self.page).unwrap_or("?"),
                        },
                    ));
                }
                if self.elements >= self.limits.max_elements {
                    return Err(DecodeError::new(
                        at,
                        DecodeErrorKind::TooManyElements {
                            max: self.limits.max_elements,
                        },
                    ));
                }
                self.elements += 1;
                let has_content = byte & CONTENT != 0;
                if self.depth == 0 && !has_content {
                    // An empty root is the whole document.
                    self.root_done = true;
                }
                if has_content {
                    let max = self.limits.max_depth;
                    let slot = self
                        .open
                        .get_mut(self.depth)
                        .filter(|_| self.depth < max)
                        .ok_or(DecodeError::new(at, DecodeErrorKind::TooDeep { max }))?;
                    *slot = tag;
                    self.depth += 1;
                }
                Event::Start { tag, has_content }
            }
        };
        Ok(Some((at, event)))
    }

    fn inside_root(&self, at: usize, what: &'static str) -> Result<(), DecodeError> {
        if self.depth == 0 {
            Err(DecodeError::new(
                at,
                DecodeErrorKind::OutsideRoot {
                    what,
                    expected: "a tag",
                },
            ))
        } else {
            Ok(())
        }
    }

    fn end(&self, expected: &'static str) -> DecodeError {
        DecodeError::new(
            self.bytes.len(),
            DecodeErrorKind::UnexpectedEnd { expected },
        )
    }
}

/// One header field: where it starts and ends and what it holds.
#[derive(Clone, Copy, Debug)]
pub(crate) struct HeaderField {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) label: &'static str,
}

/// Reads the four header fields, checking each against what EAS sends and showing each good one to `seen`
/// (the hex dump prints them); returns the offset of the body.
pub(crate) fn read_header(
    bytes: &[u8],
    mut seen: impl FnMut(HeaderField),
) -> Result<usize, DecodeError> {
    let version = *bytes.first().ok_or(DecodeError::new(
        0,
        DecodeErrorKind::UnexpectedEnd {
            expected: "the WBXML header 03 01 6A 00",
        },
    ))?;
    if version != 0x03 {
        return Err(DecodeError::new(0, DecodeErrorKind::Version(version)));
    }
    seen(HeaderField {
        start: 0,
        end: 1,
        label: "WBXML version 1.3",
    });
    /// Label, what is expected, the one value EAS sends, the error for any other value.
    type Field = (&'static str, &'static str, u32, fn(u32) -> DecodeErrorKind);
    let fields: [Field; 3] = [
        (
            "public identifier 1 (unknown DTD)",
            "the public identifier",
            1,
            DecodeErrorKind::PublicId,
        ),
        (
            "charset 106 (UTF-8)",
            "the charset",
            106,
            DecodeErrorKind::Charset,
        ),
        (
            "string table length 0",
            "the string table length",
            0,
            DecodeErrorKind::StringTable,
        ),
    ];
    let mut pos = 1;
    for (label, expected, want, error) in fields {
        let (value, next) = read_mb_u32(bytes, pos, expected)?;
        if value != want {
            return Err(DecodeError::new(pos, error(value)));
        }
        seen(HeaderField {
            start: pos,
            end: next,
            label,
        });
        pos = next;
    }
    Ok(pos)
}

/// Reads a WBXML mb_u_int32 at `pos`: returns the value and the offset after it.
pub(crate) fn read_mb_u32(
    bytes: &[u8],
    pos: usize,
    expected: &'static str,
) -> Result<(u32, usize), DecodeError> {
    let mut value: u32 = 0;
    for i in 0..5 {
        let at = pos + i;
        let b = *bytes.get(at).ok_or(DecodeError::new(
            bytes.len(),
            DecodeErrorKind::UnexpectedEnd { expected },
        ))?;
        value = value
            .checked_mul(128)
            .map(|v| v | u32::from(b & 0x7F))
            .ok_or(DecodeError::new(pos, DecodeErrorKind::BadInteger))?;
        if b & 0x80 == 0 {
            return Ok((value, at + 1));
        }
    }
    Err(DecodeError::new(pos, DecodeErrorKind::BadInteger))
}

/// The WBXML 1.3 name of a global token EAS does not use.
pub(crate) fn global_token_name(byte: u8) -> &'static str {
    match byte {
        0x02 => "ENTITY",
        0x04 => "LITERAL",
        0x40 => "EXT_I_0",
        0x41 => "EXT_I_1",
        0x42 => "EXT_I_2",
        0x43 => "PI",
        0x44 => "LITERAL_C",
        0x80 => "EXT_T_0",
        0x81 => "EXT_T_1",
        0x82 => "EXT_T_2",
        0x83 => "STR_T",
        0x84 => "LITERAL_A",
        0xC0 => "EXT_0",
        0xC1 => "EXT_1",
        0xC2 => "EXT_2",
        0xC4 => "LITERAL_AC",
        _ => "?",
    }
}

/// Decodes a whole EAS WBXML body into an owned document, within [`Limits::DEFAULT`].
pub fn decode(bytes: &[u8]) -> Result<Document, DecodeError> {
    decode_with(bytes, &Limits::DEFAULT)
}

/// Decodes a whole EAS WBXML body into an owned document, or stops at the first token past `limits`.
pub fn decode_with(bytes: &[u8], limits: &Limits) -> Result<Document, DecodeError> {
    let mut reader = Reader::with_limits(bytes, *limits)?;
    // The children of every open element, in one flat list; `open` holds each open element's tag and where its
    // children start. Closing an element moves its children into a Vec of exactly their number, so building
    // the tree costs one allocation per element with content and one per text or opaque node.
    let mut pending: Vec<Node> = Vec::with_capacity(32);
    let mut open: [(Tag, usize); MAX_DEPTH] = [(Tag { page: 0, token: 0 }, 0); MAX_DEPTH];
    let mut depth = 0;
    let mut root: Option<Element> = None;
    while let Some((_, event)) = reader.next()? {
        let node = match event {
            Event::SwitchPage(_) => continue,
            Event::Start {
                tag,
                has_content: true,
            } => {
                // The reader refuses more than MAX_DEPTH open elements, so the slot exists.
                if let Some(slot) = open.get_mut(depth) {
                    *slot = (tag, pending.len());
                    depth += 1;
                }
                continue;
            }
            Event::Start {
                tag,
                has_content: false,
            } => Node::Element(Element {
                page: tag.page,
                token: tag.token,
                children: Vec::new(),
            }),
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                let (tag, start) = open
                    .get(depth)
                    .copied()
                    .unwrap_or((Tag { page: 0, token: 0 }, 0));
                let children = if start == 0 {
                    // `split_off(0)` would hand over the whole buffer and allocate a new one for `pending`.
                    let mut all = Vec::with_capacity(pending.len());
                    all.append(&mut pending);
                    all
                } else {
                    pending.split_off(start.min(pending.len()))
                };
                Node::Element(Element {
                    page: tag.page,
                    token: tag.token,
                    children,
                })
            }
            Event::Text(t) => Node::Text(t.to_owned()),
            Event::Opaque(b) => Node::Opaque(b.to_vec()),
        };
        match node {
            Node::Element(el) if depth == 0 => root = Some(el),
            node => pending.push(node),
        }
    }
    // `next` returns `None` only after the root closed, so `root` is set.
    root.map(Document::new).ok_or(DecodeError::new(
        bytes.len(),
        DecodeErrorKind::UnexpectedEnd {
            expected: "the root element",
        },
    ))
}
