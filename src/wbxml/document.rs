//! The document tree the codec reads and writes: elements identified by (page, token), with text, opaque
//! bytes and child elements; plus the small builder and reader helpers EAS command code uses.
//!
//! The tree is owned and plain so it is easy to build in tests and handlers. It carries no EAS meaning: which
//! children a `Sync` has is `eas`'s business.

use super::codepages::Tag;

/// A WBXML document: one root element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub root: Element,
}

/// An element: its tag as code page and token (without the content bit) and its children in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    pub page: u8,
    pub token: u8,
    pub children: Vec<Node>,
}

/// One child of an element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    /// Inline text (STR_I).
    Text(String),
    /// Opaque bytes (OPAQUE): MIME, conversation ids, attachment content.
    Opaque(Vec<u8>),
}

impl Document {
    pub fn new(root: Element) -> Document {
        Document { root }
    }
}

impl From<Element> for Document {
    fn from(root: Element) -> Document {
        Document { root }
    }
}

/// What `child`, `children_named` and `child_text` look for: a typed tag (`AirSync::Status`, a [`Tag`]) matches
/// page and token; a string matches the spec name on any page (`"Status"`), or exactly when qualified with the
/// namespace (`"AirSyncBase:Status"`).
pub trait Selector {
    fn matches(&self, element: &Element) -> bool;
}

impl<T: Into<Tag> + Copy> Selector for T {
    fn matches(&self, element: &Element) -> bool {
        let tag: Tag = (*self).into();
        element.page == tag.page && element.token == tag.token
    }
}

impl Selector for str {
    fn matches(&self, element: &Element) -> bool {
        let tag = element.tag();
        match self.split_once(':') {
            Some((ns, name)) => tag.namespace() == Some(ns) && tag.name() == Some(name),
            None => tag.name() == Some(self),
        }
    }
}

impl Selector for &str {
    fn matches(&self, element: &Element) -> bool {
        <str as Selector>::matches(self, element)
    }
}

impl Element {
    /// An element with no children (encoded as the bare token, written `<Name/>`).
    pub fn new(tag: impl Into<Tag>) -> Element {
        let tag = tag.into();
        Element {
            page: tag.page,
            token: tag.token,
            children: Vec::new(),
        }
    }

    /// An element holding one text node: `Element::leaf(AirSync::Status, "1")`.
    pub fn leaf(tag: impl Into<Tag>, text: impl Into<String>) -> Element {
        let mut el = Element::new(tag);
        el.children.push(Node::Text(text.into()));
        el
    }

    /// An element holding opaque bytes: `Element::opaque(ComposeMail::Mime, mime)`.
    pub fn opaque(tag: impl Into<Tag>, bytes: impl Into<Vec<u8>>) -> Element {
        let mut el = Element::new(tag);
        el.children.push(Node::Opaque(bytes.into()));
        el
    }

    /// Appends a child element and returns `self`, for building trees in one expression.
    #[must_use]
    pub fn with(mut self, child: Element) -> Element {
        self.children.push(Node::Element(child));
        self
    }

    /// Appends a text leaf: `.with_leaf(FolderHierarchy::Status, "1")`.
    #[must_use]
    pub fn with_leaf(self, tag: impl Into<Tag>, text: impl Into<String>) -> Element {
        self.with(Element::leaf(tag, text))
    }

    /// Appends every element of an iterator.
    #[must_use]
    pub fn with_all(mut self, children: impl IntoIterator<Item = Element>) -> Element {
        self.children
            .extend(children.into_iter().map(Node::Element));
        self
    }

    /// Appends a child element in place.
    pub fn push(&mut self, child: Element) {
        self.children.push(Node::Element(child));
    }

    /// The tag (page and token).
    pub fn tag(&self) -> Tag {
        Tag {
            page: self.page,
            token: self.token,
        }
    }

    /// The spec name, e.g. `"SyncKey"` (`None` only for a hand-built element with an unknown token).
    pub fn name(&self) -> Option<&'static str> {
        self.tag().name()
    }

    /// True if this element has the given tag or name.
    pub fn is(&self, selector: &(impl Selector + ?Sized)) -> bool {
        selector.matches(self)
    }

    /// The child elements, skipping text and opaque nodes.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            _ => None,
        })
    }

    /// The first child element matching the selector.
    pub fn child(&self, selector: impl Selector) -> Option<&Element> {
        self.elements().find(|e| selector.matches(e))
    }

    /// Every child element matching the selector, in order.
    pub fn children_named<S: Selector>(&self, selector: S) -> impl Iterator<Item = &Element> {
        self.elements().filter(move |e| selector.matches(e))
    }

    /// The text of this element when its content is text only: `Some("")` when empty, `None` when it holds
    /// elements, opaque bytes or several text nodes.
    pub fn text(&self) -> Option<&str> {
        match self.children.as_slice() {
            [] => Some(""),
            [Node::Text(t)] => Some(t),
            _ => None,
        }
    }

    /// The text of the first child matching the selector: `collection.child_text("SyncKey")`.
    pub fn child_text(&self, selector: impl Selector) -> Option<&str> {
        self.child(selector).and_then(Element::text)
    }

    /// The bytes of this element when its content is one opaque node (or one text node, as bytes).
    pub fn bytes(&self) -> Option<&[u8]> {
        match self.children.as_slice() {
            [] => Some(&[]),
            [Node::Opaque(b)] => Some(b),
            [Node::Text(t)] => Some(t.as_bytes()),
            _ => None,
        }
    }
}
