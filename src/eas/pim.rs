//! The non-mail items a mailbox keeps: calendar events (MS-ASCAL), contacts (MS-ASCNTC) and tasks
//! (MS-ASTASK), as plain values. Shared by `mail_store` (which keeps them in items), `pim_gen` (which makes up
//! a mailbox's first ones) and the Sync command (which writes and reads them as ApplicationData).
//!
//! Only the data: no WBXML, no protocol versions; how an item is put on the wire is the commands'.

use std::sync::Arc;

use crate::model::Timestamp;

use super::message::Message;

/// What an item is: a message, or a calendar, contact or task item (the folder's class says which).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Payload {
    Email(Arc<Message>),
    Calendar(Arc<Event>),
    Contact(Arc<Contact>),
    Task(Arc<Task>),
}

/// A calendar item: an appointment or a meeting, single or recurring.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Event {
    /// The iCalendar UID (MS-ASCAL UID: at most 300 characters).
    pub uid: String,
    pub subject: String,
    pub location: String,
    /// Plain text.
    pub body: String,
    pub start: Timestamp,
    pub end: Timestamp,
    /// An all-day event starts and ends at midnight (MS-ASCAL AllDayEvent).
    pub all_day: bool,
    /// 0 free, 1 tentative, 2 busy, 3 out of office (MS-ASCAL BusyStatus).
    pub busy_status: u8,
    /// 0 normal, 1 personal, 2 private, 3 confidential.
    pub sensitivity: u8,
    /// Minutes before the start; `None` for no reminder.
    pub reminder: Option<u32>,
    pub organizer_name: String,
    pub organizer_email: String,
    pub attendees: Vec<Attendee>,
    /// 0 an appointment, 1 a meeting the user organizes, 3 a meeting the user was invited to (MS-ASCAL MeetingStatus).
    pub meeting_status: u8,
    pub recurrence: Option<Recurrence>,
    /// When the item was created or last changed.
    pub dtstamp: Timestamp,
}

/// A meeting attendee (MS-ASCAL Attendee).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Attendee {
    pub email: String,
    pub name: String,
    /// 0 response unknown, 2 tentative, 3 accept, 4 decline, 5 not responded.
    pub status: u8,
    /// 1 required, 2 optional, 3 resource.
    pub kind: u8,
}

/// A recurrence pattern (MS-ASCAL Recurrence for calendar items; tasks use the same fields).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Recurrence {
    /// 0 daily, 1 weekly, 2 monthly, 3 monthly on the nth day, 5 yearly, 6 yearly on the nth day.
    pub kind: u8,
    pub interval: u16,
    /// Bit mask: 1 Sunday, 2 Monday, 4 Tuesday … 64 Saturday.
    pub day_of_week: Option<u8>,
    pub day_of_month: Option<u8>,
    pub week_of_month: Option<u8>,
    pub month_of_year: Option<u8>,
    pub until: Option<Timestamp>,
    pub occurrences: Option<u16>,
}

/// A contact (MS-ASCNTC): the fields easim keeps; others a client sends are not stored.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Contact {
    pub first_name: String,
    pub last_name: String,
    pub company_name: String,
    pub job_title: String,
    pub department: String,
    pub email1: String,
    pub business_phone: String,
    pub mobile_phone: String,
    pub home_phone: String,
    pub business_street: String,
    pub business_city: String,
    pub business_state: String,
    pub business_postal_code: String,
    pub business_country: String,
    pub birthday: Option<Timestamp>,
}

impl Contact {
    /// "Last, First", as Outlook files a contact.
    pub fn file_as(&self) -> String {
        match (self.last_name.is_empty(), self.first_name.is_empty()) {
            (false, false) => format!("{}, {}", self.last_name, self.first_name),
            (false, true) => self.last_name.clone(),
            _ => self.first_name.clone(),
        }
    }
}

/// A task (MS-ASTASK).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Task {
    pub subject: String,
    /// Plain text.
    pub body: String,
    /// 0 low, 1 normal, 2 high.
    pub importance: u8,
    pub start: Option<Timestamp>,
    pub due: Option<Timestamp>,
    pub complete: bool,
    pub date_completed: Option<Timestamp>,
    pub sensitivity: u8,
    pub reminder: Option<Timestamp>,
}
