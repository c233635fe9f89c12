//! The standard folder hierarchy every mailbox gets: EAS folder types and the fixed ServerIds of the well-known
//! folders. Shared by `mail_store` (which builds folders from it) and `mail_gen` (which files mail into it).
//!
//! Constants only: the folders themselves, with their items, are the mail store's.

/// EAS folder types (MS-ASCMD FolderSync Type, eas-facts §3.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FolderType {
    Inbox = 2,
    Drafts = 3,
    DeletedItems = 4,
    SentItems = 5,
    Outbox = 6,
    Tasks = 7,
    Calendar = 8,
    Contacts = 9,
    Notes = 10,
    Journal = 11,
    UserMail = 12,
}

impl FolderType {
    /// The Sync `Class` of the folder's items.
    pub fn class(self) -> &'static str {
        match self {
            FolderType::Tasks => "Tasks",
            FolderType::Calendar => "Calendar",
            FolderType::Contacts => "Contacts",
            FolderType::Notes => "Notes",
            _ => "Email",
        }
    }

    /// Whether the folder holds mail (the only items the simulator generates and accepts).
    pub fn is_mail(self) -> bool {
        self.class() == "Email" && self != FolderType::Journal
    }
}

/// The standard hierarchy every mailbox gets: (ServerId, DisplayName, Type), ordered by ServerId.
pub const STANDARD_FOLDERS: [(u32, &str, FolderType); 11] = [
    (1, "Calendar", FolderType::Calendar),
    (2, "Contacts", FolderType::Contacts),
    (3, "Deleted Items", FolderType::DeletedItems),
    (4, "Drafts", FolderType::Drafts),
    (5, "Inbox", FolderType::Inbox),
    (6, "Journal", FolderType::Journal),
    (7, "Junk Email", FolderType::UserMail),
    (8, "Notes", FolderType::Notes),
    (9, "Outbox", FolderType::Outbox),
    (10, "Sent Items", FolderType::SentItems),
    (11, "Tasks", FolderType::Tasks),
];

pub const INBOX: u32 = 5;
pub const SENT_ITEMS: u32 = 10;
pub const DELETED_ITEMS: u32 = 3;
pub const DRAFTS: u32 = 4;
