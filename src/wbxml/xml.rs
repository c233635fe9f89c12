//! The XML text view of a document, shaped like libwbxml's `wbxml2xml -l ACTIVESYNC -m 0` output so requests
//! and responses can be logged, diffed and kept as fixtures, and read back (quick-xml) for encoding.
//!
//! Writing: `<?xml version="1.0"?>`, the ActiveSync DOCTYPE, then the tree with `xmlns="Page:"` on the root
//! and on every element whose page differs from its parent's. Text is escaped as libwbxml escapes it (control
//! characters other than tab and newline, which libwbxml writes raw, become character references). The
//! content of opaque tags (`ComposeMail:Mime`, `AirSyncBase:Content`, conversation ids, pictures) is base64;
//! opaque bytes anywhere else are a CDATA section, which libwbxml's `xml2wbxml` also turns into OPAQUE.
//!
//! Reading accepts that shape and also prefixed namespaces (`xmlns:airsyncbase="AirSyncBase:"`), namespaces
//! without the colon, libwbxml's own tag spellings, comments and pretty-printing: whitespace-only text next
//! to child elements is dropped, since EAS has no mixed content. It refuses attributes, unknown namespaces or
//! tags, bad base64 and nesting deeper than [`MAX_DEPTH`](super::MAX_DEPTH), reporting line and column.
//!
//! XML → WBXML → XML is the identity for this shape. What the XML view cannot show: whether text was one
//! STR_I or several, and an empty string versus no content.

use std::fmt::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use quick_xml::events::Event as XmlEvent;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use super::codepages::{
    Tag, libwbxml_name, libwbxml_token, page_by_namespace, page_namespace, tag_name, tag_token,
};
use super::decode::MAX_DEPTH;
use super::document::{Document, Element, Node};

const DECLARATION: &str = r#"<?xml version="1.0"?>"#;
const DOCTYPE: &str = r#"<!DOCTYPE ActiveSync PUBLIC "-//MICROSOFT//DTD ActiveSync//EN" "http://www.microsoft.com/">"#;

/// How to write the XML view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct XmlOptions {
    /// One element per line, indented by two spaces (elements holding text stay on one line).
    pub pretty: bool,
    /// Start with the XML declaration and the ActiveSync DOCTYPE, as libwbxml does (its `xml2wbxml` needs the
    /// DOCTYPE to pick the language).
    pub prolog: bool,
    /// Use libwbxml's spelling of the few tags it names differently (`Reply-To`, `Recurrence_Type` …),
    /// for byte-for-byte comparison with `wbxml2xml`.
    pub libwbxml_names: bool,
}

impl Default for XmlOptions {
    fn default() -> XmlOptions {
        XmlOptions {
            pretty: false,
            prolog: true,
            libwbxml_names: false,
        }
    }
}

/// The compact XML view, exactly as `wbxml2xml -l ACTIVESYNC -m 0` prints it (spec tag names).
pub fn to_xml(doc: &Document) -> String {
    to_xml_with(doc, &XmlOptions::default())
}

/// The indented XML view for people and logs.
pub fn to_xml_pretty(doc: &Document) -> String {
    to_xml_with(
        doc,
        &XmlOptions {
            pretty: true,
            ..XmlOptions::default()
        },
    )
}

/// One open element while writing: the element, its next child, and whether it is written on one line.
struct Frame<'d> {
    el: &'d Element,
    next: usize,
    inline: bool,
}

/// The XML view with explicit options.
pub fn to_xml_with(doc: &Document, opts: &XmlOptions) -> String {
    let mut out = String::with_capacity(512);
    if opts.prolog {
        out.push_str(DECLARATION);
        if opts.pretty {
            out.push('\n');
        }
        out.push_str(DOCTYPE);
        if opts.pretty {
            out.push('\n');
        }
    }
    let mut stack: Vec<Frame<'_>> = Vec::new();
    if open_tag(&mut out, &doc.root, None, opts) {
        stack.push(Frame {
            el: &doc.root,
            next: 0,
            inline: !opts.pretty || has_char_data(&doc.root),
        });
    }
    loop {
        let depth = stack.len();
        let Some(top) = stack.last_mut() else {
            break;
        };
        let el = top.el;
        let i = top.next;
        let inline = top.inline;
        match el.children.get(i) {
            None => {
                if !inline {
                    newline(&mut out, depth - 1);
                }
                close_tag(&mut out, el, opts);
                stack.pop();
            }
            Some(Node::Element(child)) => {
                top.next = i + 1;
                if !inline {
                    newline(&mut out, depth);
                }
                if open_tag(&mut out, child, Some(el.page), opts) {
                    stack.push(Frame {
                        el: child,
                        next: 0,
                        inline: inline || has_char_data(child),
                    });
                }
            }
            Some(Node::Text(_) | Node::Opaque(_)) if el.tag().is_opaque() => {
                // A run of character data in an opaque tag is one base64 string.
                let run = el.children[i..]
                    .iter()
                    .take_while(|n| !matches!(n, Node::Element(_)))
                    .count();
                top.next = i + run;
                match &el.children[i..i + run] {
                    [single] => BASE64.encode_string(node_bytes(single), &mut out),
                    many => {
                        let joined: Vec<u8> = many
                            .iter()
                            .flat_map(|n| node_bytes(n).iter().copied())
                            .collect();
                        BASE64.encode_string(joined, &mut out);
                    }
                }
            }
            Some(Node::Text(t)) => {
                top.next = i + 1;
                escape_text(&mut out, t);
            }
            Some(Node::Opaque(b)) => {
                top.next = i + 1;
                write_cdata(&mut out, &String::from_utf8_lossy(b));
            }
        }
    }
    out
}

fn node_bytes(node: &Node) -> &[u8] {
    match node {
        Node::Text(t) => t.as_bytes(),
        Node::Opaque(b) => b,
        Node::Element(_) => &[],
    }
}

fn has_char_data(el: &Element) -> bool {
    el.children.iter().any(|n| !matches!(n, Node::Element(_)))
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// Writes `<Name xmlns="Ns:">` (or `<Name/>` when empty); true if the element has children to write.
fn open_tag(out: &mut String, el: &Element, parent_page: Option<u8>, opts: &XmlOptions) -> bool {
    out.push('<');
    write_name(out, el, opts);
    if parent_page != Some(el.page) {
        out.push_str(" xmlns=\"");
        match page_namespace(el.page) {
            Some(ns) => out.push_str(ns),
            None => {
                let _ = write!(out, "Page{}", el.page);
            }
        }
        out.push_str(":\"");
    }
    if el.children.is_empty() {
        out.push_str("/>");
        false
    } else {
        out.push('>');
        true
    }
}

fn close_tag(out: &mut String, el: &Element, opts: &XmlOptions) {
    out.push_str("</");
    write_name(out, el, opts);
    out.push('>');
}

fn write_name(out: &mut String, el: &Element, opts: &XmlOptions) {
    let name = if opts.libwbxml_names {
        libwbxml_name(el.page, el.token)
    } else {
        tag_name(el.page, el.token)
    };
    match name {
        Some(n) => out.push_str(n),
        // Only a hand-built element can have an unknown token; it is shown, and reading it back fails.
        None => {
            let _ = write!(out, "Unknown0x{:02X}", el.token);
        }
    }
}

/// Escapes text as libwbxml does (`& < > " '`), plus control characters XML cannot hold raw.
fn escape_text(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let replacement = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&apos;",
            b'\t' | b'\n' => continue,
            0x00..=0x1F => "",
            _ => continue,
        };
        // `i` is at an ASCII byte, so both slices end on character boundaries.
        out.push_str(&s[last..i]);
        if replacement.is_empty() {
            let _ = write!(out, "&#x{b:X};");
        } else {
            out.push_str(replacement);
        }
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

fn write_cdata(out: &mut String, s: &str) {
    out.push_str("<![CDATA[");
    out.push_str(&s.replace("]]>", "]]]]><![CDATA[>"));
    out.push_str("]]>");
}

/// XML that does not describe an EAS document, with the line and column (1-based) where it went wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("XML line {line}, column {column}: {kind}")]
pub struct XmlError {
    pub line: usize,
    pub column: usize,
    pub kind: XmlErrorKind,
}

/// What was wrong with the XML.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum XmlErrorKind {
    /// Not well-formed XML (quick-xml's message).
    #[error("{0}")]
    Syntax(String),
    #[error(
        "no root element; expected an EAS element such as <FolderSync xmlns=\"FolderHierarchy:\">"
    )]
    NoRoot,
    #[error("content after the root element; expected the end of the document")]
    AfterRoot,
    #[error("text outside the root element")]
    TextOutsideRoot,
    #[error("<{0}> is not closed")]
    Unclosed(String),
    #[error(
        "<{0}> has no namespace; expected xmlns=\"AirSync:\", xmlns=\"FolderHierarchy:\" or another EAS page"
    )]
    NoNamespace(String),
    #[error("namespace prefix `{0}` is not declared")]
    UndeclaredPrefix(String),
    #[error(
        "`{0}` is not an EAS namespace; expected one of AirSync:, FolderHierarchy:, Settings: …"
    )]
    UnknownNamespace(String),
    #[error("<{name}> is not a tag of code page {page} ({namespace})")]
    UnknownTag {
        name: String,
        page: u8,
        namespace: &'static str,
    },
    #[error("attribute `{0}`; EAS documents have no attributes other than xmlns")]
    Attribute(String),
    #[error("<{0}> holds opaque data, written as base64, but its text is not valid base64")]
    Base64(&'static str),
    #[error("NUL character in text")]
    Nul,
    #[error("elements nested deeper than {MAX_DEPTH}")]
    TooDeep,
}

/// Reads the XML view (or any namespaced equivalent) into a document.
pub fn from_xml(text: &str) -> Result<Document, XmlError> {
    let mut reader = NsReader::from_str(text);
    {
        let config = reader.config_mut();
        config.trim_text(false);
        config.expand_empty_elements = false;
        config.check_end_names = true;
    }
    let err = |offset: u64, kind: XmlErrorKind| {
        let (line, column) = line_column(text, usize::try_from(offset).unwrap_or(usize::MAX));
        XmlError { line, column, kind }
    };
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let at = reader.buffer_position();
        let (ns, event) = match reader.read_resolved_event() {
            Ok(item) => item,
            Err(e) => {
                return Err(err(
                    reader.error_position(),
                    XmlErrorKind::Syntax(e.to_string()),
                ));
            }
        };
        let is_empty = matches!(event, XmlEvent::Empty(_));
        match event {
            XmlEvent::Start(start) | XmlEvent::Empty(start) => {
                if root.is_some() {
                    return Err(err(at, XmlErrorKind::AfterRoot));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(err(at, XmlErrorKind::TooDeep));
                }
                let local = String::from_utf8_lossy(start.local_name().into_inner()).into_owned();
                let tag = resolve_tag(ns, &local).map_err(|k| err(at, k))?;
                for attr in start.attributes() {
                    let attr = attr.map_err(|e| err(at, XmlErrorKind::Syntax(e.to_string())))?;
                    let key = attr.key;
                    let is_xmlns = key.as_namespace_binding().is_some();
                    if !is_xmlns {
                        let name = String::from_utf8_lossy(key.into_inner()).into_owned();
                        return Err(err(at, XmlErrorKind::Attribute(name)));
                    }
                }
                let el = Element::new(tag);
                if is_empty {
                    attach(&mut stack, &mut root, el);
                } else {
                    stack.push(el);
                }
            }
            XmlEvent::End(_) => {
                // quick-xml checks that end names match, so an End always closes the innermost open element.
                if let Some(el) = stack.pop() {
                    let el = finish(el).map_err(|k| err(at, k))?;
                    attach(&mut stack, &mut root, el);
                }
            }
            XmlEvent::Text(t) => {
                let s = t
                    .unescape()
                    .map_err(|e| err(at, XmlErrorKind::Syntax(e.to_string())))?;
                match stack.last_mut() {
                    Some(parent) => {
                        if s.contains('\0') {
                            return Err(err(at, XmlErrorKind::Nul));
                        }
                        if !s.is_empty() {
                            push_text(parent, &s);
                        }
                    }
                    None if is_xml_space(&s) => {}
                    None => return Err(err(at, XmlErrorKind::TextOutsideRoot)),
                }
            }
            XmlEvent::CData(c) => match stack.last_mut() {
                Some(parent) if parent.tag().is_opaque() => {
                    push_text(parent, &String::from_utf8_lossy(&c.into_inner()));
                }
                Some(parent) => parent
                    .children
                    .push(Node::Opaque(c.into_inner().into_owned())),
                None => return Err(err(at, XmlErrorKind::TextOutsideRoot)),
            },
            XmlEvent::Comment(_) | XmlEvent::Decl(_) | XmlEvent::PI(_) | XmlEvent::DocType(_) => {}
            XmlEvent::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        let name = tag_name(open.page, open.token).unwrap_or("?").to_string();
        return Err(err(reader.buffer_position(), XmlErrorKind::Unclosed(name)));
    }
    root.map(Document::new)
        .ok_or_else(|| err(reader.buffer_position(), XmlErrorKind::NoRoot))
}

fn resolve_tag(ns: ResolveResult<'_>, local: &str) -> Result<Tag, XmlErrorKind> {
    let page = match ns {
        ResolveResult::Bound(ns) => {
            let ns = String::from_utf8_lossy(ns.into_inner());
            page_by_namespace(&ns).ok_or_else(|| XmlErrorKind::UnknownNamespace(ns.into_owned()))?
        }
        ResolveResult::Unbound => return Err(XmlErrorKind::NoNamespace(local.to_string())),
        ResolveResult::Unknown(prefix) => {
            return Err(XmlErrorKind::UndeclaredPrefix(
                String::from_utf8_lossy(&prefix).into_owned(),
            ));
        }
    };
    let token = tag_token(page, local)
        .or_else(|| libwbxml_token(page, local))
        .ok_or_else(|| XmlErrorKind::UnknownTag {
            name: local.to_string(),
            page,
            namespace: page_namespace(page).unwrap_or("?"),
        })?;
    Ok(Tag { page, token })
}

/// Appends text, joining it to a directly preceding text node.
fn push_text(parent: &mut Element, s: &str) {
    if let Some(Node::Text(prev)) = parent.children.last_mut() {
        prev.push_str(s);
    } else {
        parent.children.push(Node::Text(s.to_string()));
    }
}

/// Settles an element's character data once it is closed: base64 in opaque tags becomes bytes, and
/// whitespace between child elements (indentation) is dropped.
fn finish(mut el: Element) -> Result<Element, XmlErrorKind> {
    if el.tag().is_opaque() {
        let name = tag_name(el.page, el.token).unwrap_or("?");
        let mut children = Vec::with_capacity(el.children.len());
        for node in el.children {
            match node {
                Node::Text(t) => {
                    let compact: String = t.chars().filter(|c| !c.is_ascii_whitespace()).collect();
                    if !compact.is_empty() {
                        let bytes = BASE64
                            .decode(compact)
                            .map_err(|_| XmlErrorKind::Base64(name))?;
                        children.push(Node::Opaque(bytes));
                    }
                }
                other => children.push(other),
            }
        }
        el.children = children;
    } else if el.children.iter().any(|n| matches!(n, Node::Element(_))) {
        el.children
            .retain(|n| !matches!(n, Node::Text(t) if is_xml_space(t)));
    }
    Ok(el)
}

fn attach(stack: &mut [Element], root: &mut Option<Element>, el: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Element(el)),
        None => *root = Some(el),
    }
}

fn is_xml_space(s: &str) -> bool {
    s.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let before = bytes.get(..offset.min(bytes.len())).unwrap_or_default();
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = before
        .get(line_start..)
        .unwrap_or_default()
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count()
        + 1;
    (line, column)
}
