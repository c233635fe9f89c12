//! The standard folder hierarchy every mailbox gets: EAS folder types and the fixed ServerIds of the well-known
//! folders. Shared by `mail_store` (which builds folders from it) and `mail_gen` (which files mail into it).
//!
//! Constants only: the folders themselves, with their items, are the mail store's.

/// EAS folder types (MS-ASCMD FolderSync Type, eas-facts §3.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FolderType {
    /// A user-created folder of no particular class.
    UserGeneric = 1,
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
    UserCalendar = 13,
    UserContacts = 14,
    UserTasks = 15,
    UserJournal = 16,
    UserNotes = 17,
}

impl FolderType {
    /// The Sync `Class` of the folder's items.
    pub fn class(self) -> &'static str {
        match self {
            FolderType::Tasks | FolderType::UserTasks => "Tasks",
            FolderType::Calendar | FolderType::UserCalendar => "Calendar",
            FolderType::Contacts | FolderType::UserContacts => "Contacts",
            FolderType::Notes | FolderType::UserNotes => "Notes",
            _ => "Email",
        }
    }

    /// Whether the folder holds mail (the items the mail generator files, and the folders MoveItems and
    /// mailbox searches cover).
    pub fn is_mail(self) -> bool {
        self.class() == "Email" && !matches!(self, FolderType::Journal | FolderType::UserJournal)
    }

    /// Whether the folder holds calendar, contact or task items, which Sync writes and accepts in their
    /// classes' ApplicationData.
    pub fn is_pim(self) -> bool {
        matches!(self.class(), "Calendar" | "Contacts" | "Tasks")
    }

    /// The type a client may ask FolderCreate for: 1 and 12–17, the user-created types. Exchange maps exactly
    /// these to a folder class ([EX13] `Microsoft.Exchange.AirSync/AirSyncUtility.cs GetClassNameFromType`).
    pub fn user_created(code: u8) -> Option<FolderType> {
        Some(match code {
            1 => FolderType::UserGeneric,
            12 => FolderType::UserMail,
            13 => FolderType::UserCalendar,
            14 => FolderType::UserContacts,
            15 => FolderType::UserTasks,
            16 => FolderType::UserJournal,
            17 => FolderType::UserNotes,
            _ => return None,
        })
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

/// Whether a ServerId names one of the standard (default) folders, which clients cannot rename or delete.
pub fn is_standard(id: u32) -> bool {
    STANDARD_FOLDERS
        .iter()
        .any(|&(standard, _, _)| standard == id)
}

/// The first ServerId given to a user-created folder.
pub const FIRST_USER_FOLDER: u32 = 100;

pub const CALENDAR: u32 = 1;
pub const CONTACTS: u32 = 2;
pub const TASKS: u32 = 11;
pub const INBOX: u32 = 5;
pub const SENT_ITEMS: u32 = 10;
pub const DELETED_ITEMS: u32 = 3;
pub const DRAFTS: u32 = 4;
