//! `Message`: one immutable mail message, the value the mail store keeps in its items and the mail generator
//! produces. Shared by `mail_store` and `mail_gen` so neither has to import the other for it.
//!
//! Only the data: where a message lives (folders, items, read flags) is the mail store's; how one is made up is
//! the generator's.

use crate::model::Timestamp;

/// An immutable mail message; items share it (a moved item keeps its message).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Message {
    pub subject: String,
    pub from: String,
    pub to: String,
    pub cc: String,
    pub date: Timestamp,
    /// Plain text, or HTML when `html` is set.
    pub body: String,
    pub html: bool,
    /// 0 low, 1 normal, 2 high.
    pub importance: u8,
    /// The original MIME, for messages the client sent.
    pub mime: Option<Vec<u8>>,
}
