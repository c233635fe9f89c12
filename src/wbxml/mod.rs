//! WBXML as EAS uses it (MS-ASWBXML): bytes ⇄ a small document tree, the 26 EAS code pages, and an XML text
//! view of the same tree (libwbxml's shape) for logs, fixtures and people.
//!
//! - [`decode`] / [`Reader`]: bytes → tree, or a zero-copy token stream; precise errors, never a panic.
//! - [`encode`]: tree → the canonical bytes (what libwbxml's `xml2wbxml -a -n -k` writes).
//! - [`to_xml`] / [`from_xml`]: tree ⇄ XML text; [`hex_dump`]: bytes → an annotated token listing.
//! - [`tags`]: one enum per code page, so building and reading trees is typed:
//!   `Element::new(FolderHierarchy::FolderSync).with_leaf(FolderHierarchy::Status, "1")`.
//!
//! Knows nothing of EAS commands, HTTP or the tenant; imports nothing of the crate.

mod codepages;
mod decode;
mod document;
mod dump;
mod encode;
mod xml;

#[cfg(test)]
mod tests;

/// The tag enums, one per code page (`tags::AirSync::SyncKey`, `tags::FolderHierarchy::SyncKey` …).
pub mod tags {
    pub use super::codepages::{
        AirNotify, AirSync, AirSyncBase, Calendar, ComposeMail, Contacts, Contacts2,
        DocumentLibrary, Email, Email2, Find, FolderHierarchy, Gal, GetItemEstimate,
        ItemOperations, MeetingResponse, Move, Notes, Ping, Provision, ResolveRecipients,
        RightsManagement, Search, Settings, Tasks, ValidateCert,
    };
}

pub use codepages::{
    Page, Tag, libwbxml_knows, libwbxml_name, page_by_namespace, page_namespace, tag_name,
    tag_token,
};
pub use decode::{
    DecodeError, DecodeErrorKind, Event, Limits, MAX_DEPTH, Reader, decode, decode_with,
};
pub use document::{Document, Element, Node, Selector};
pub use dump::hex_dump;
pub use encode::{encode, encode_into};
pub use xml::{XmlError, XmlErrorKind, XmlOptions, from_xml, to_xml, to_xml_pretty, to_xml_with};
