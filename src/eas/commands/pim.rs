//! How calendar (MS-ASCAL), contact (MS-ASCNTC) and task (MS-ASTASK) items are written in Sync
//! ApplicationData and ItemOperations Properties for the negotiated protocol version, and how the
//! ApplicationData a client sends in a Sync Add or Change is read back into an item.
//!
//! Elements go in the order of each class's `AllProps` group in Microsoft's schemas (Calendar.xsd,
//! Contacts.xsd, Tasks.xsd in OfficeDev/Interop-TestSuites ExchangeActiveSync/Source/Common/ActiveSyncClient/
//! SchemaValidation), which is also the order of the spec's examples. Knows nothing of sync state.

use std::sync::Arc;

use crate::model::{Civil, Timestamp};
use crate::wbxml::tags::{AirSyncBase as B, Calendar as C, Contacts as N, Tasks as T};
use crate::wbxml::{Element, Selector};

use super::super::mail_store::{Item, Payload, SyncOptions};
use super::super::pim::{Attendee, Contact, Event, Recurrence, Task};
use super::super::request::ProtocolVersion;
use super::email;

/// Who owns the mailbox: the organizer of the meetings its devices create.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Organizer<'a> {
    pub(crate) name: &'a str,
    pub(crate) email: &'a str,
}

/// The ApplicationData children of any item, mail or not.
pub(crate) fn properties(
    item: &Item,
    options: &SyncOptions,
    version: ProtocolVersion,
) -> Vec<Element> {
    match &item.payload {
        Payload::Email(_) => email::properties(item, options),
        Payload::Calendar(e) => event_properties(e, options, version),
        Payload::Contact(c) => contact_properties(c),
        Payload::Task(t) => task_properties(t, options),
    }
}

/// The Sync/ItemOperations `Class` of an item.
pub(crate) fn class(item: &Item) -> &'static str {
    match item.payload {
        Payload::Email(_) => "Email",
        Payload::Calendar(_) => "Calendar",
        Payload::Contact(_) => "Contacts",
        Payload::Task(_) => "Tasks",
    }
}

/// MS-ASDTYPE 2.7.2 Compact DateTime (`20261123T083000Z`), the form of calendar times.
fn compact(t: Timestamp) -> String {
    let c = t.civil();
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// Reads a Compact DateTime, or the full xs:dateTime form some clients send.
fn parse_time(text: &str) -> Option<Timestamp> {
    let t = text.trim();
    let b = t.as_bytes();
    if b.len() == 16 && b[8] == b'T' && b[15] == b'Z' {
        let num = |r: std::ops::Range<usize>| t.get(r)?.parse::<u32>().ok();
        return Timestamp::from_civil(Civil {
            year: num(0..4)? as i32,
            month: num(4..6)?,
            day: num(6..8)?,
            hour: num(9..11)?,
            minute: num(11..13)?,
            second: num(13..15)?,
            millis: 0,
        });
    }
    Timestamp::parse(t)
}

/// MS-ASCAL Timezone: a base64 TIME_ZONE_INFORMATION (172 bytes). Times are UTC, so the structure
/// is all zeros (bias 0, no daylight saving); written out once rather than encoded per item.
const UTC_TIMEZONE: &str = concat!(
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="
);

/// A plain-text AirSyncBase Body in the type the client prefers (plain, or HTML around it), truncated to
/// TruncationSize.
fn text_body(text: &str, options: &SyncOptions) -> Element {
    let (kind, data) = match options.body_type {
        Some(2) => (
            "2",
            format!(
                "<html><body><p>{}</p></body></html>",
                text.replace('&', "&amp;").replace('<', "&lt;")
            ),
        ),
        _ => ("1", text.to_string()),
    };
    let size = data.len();
    let el = Element::new(B::Body)
        .with_leaf(B::Type, kind)
        .with_leaf(B::EstimatedDataSize, size.to_string());
    match options.truncation_size.map(|t| t as usize) {
        Some(max) if max < size => {
            let mut end = max;
            while !data.is_char_boundary(end) {
                end -= 1;
            }
            el.with_leaf(B::Truncated, "1")
                .with_leaf(B::Data, &data[..end])
        }
        _ => el.with_leaf(B::Data, data),
    }
}

fn flag(on: bool) -> &'static str {
    if on { "1" } else { "0" }
}

// ---- calendar ------------------------------------------------------------------------------------------------

/// A calendar item's ApplicationData (MS-ASCAL 2.2.2). Version differences: calendar:Location up to 14.1,
/// airsyncbase:Location with a DisplayName from 16.0 (MS-ASCAL 2.2.2.27, MS-ASAIRS 2.2.2.28);
/// ResponseRequested, ResponseType and DisallowNewTimeProposal from 14.0 (MS-ASCAL 2.2.2.39, 2.2.2.40
/// and DisallowNewTimeProposal); UID in every version (MS-ASCAL UID; from 16.0 only the server sets it).
fn event_properties(e: &Event, options: &SyncOptions, version: ProtocolVersion) -> Vec<Element> {
    let mut out = vec![
        Element::leaf(C::Timezone, UTC_TIMEZONE),
        Element::leaf(C::AllDayEvent, flag(e.all_day)),
    ];
    if !e.body.is_empty() {
        out.push(text_body(&e.body, options));
    }
    out.push(Element::leaf(C::BusyStatus, e.busy_status.to_string()));
    if !e.organizer_email.is_empty() {
        out.push(Element::leaf(C::OrganizerName, &e.organizer_name));
        out.push(Element::leaf(C::OrganizerEmail, &e.organizer_email));
    }
    out.push(Element::leaf(C::DtStamp, compact(e.dtstamp)));
    out.push(Element::leaf(C::EndTime, compact(e.end)));
    if !e.location.is_empty() {
        if version >= ProtocolVersion::V16_0 {
            out.push(Element::new(B::Location).with_leaf(B::DisplayName, &e.location));
        } else {
            out.push(Element::leaf(C::Location, &e.location));
        }
    }
    if let Some(minutes) = e.reminder {
        out.push(Element::leaf(C::Reminder, minutes.to_string()));
    }
    out.push(Element::leaf(C::Sensitivity, e.sensitivity.to_string()));
    out.push(Element::leaf(C::Subject, &e.subject));
    out.push(Element::leaf(C::StartTime, compact(e.start)));
    out.push(Element::leaf(C::UID, &e.uid));
    out.push(Element::leaf(
        C::MeetingStatus,
        e.meeting_status.to_string(),
    ));
    if !e.attendees.is_empty() {
        out.push(
            Element::new(C::Attendees).with_all(e.attendees.iter().map(|a| {
                Element::new(C::Attendee)
                    .with_leaf(C::Email, &a.email)
                    .with_leaf(C::Name, &a.name)
                    .with_leaf(C::AttendeeStatus, a.status.to_string())
                    .with_leaf(C::AttendeeType, a.kind.to_string())
            })),
        );
    }
    if let Some(r) = &e.recurrence {
        out.push(recurrence(r));
    }
    if version >= ProtocolVersion::V14_0 && e.meeting_status != 0 {
        out.push(Element::leaf(C::ResponseRequested, "1"));
        // 1 organizer; an invitee's response is its own attendee status (3 accepted …).
        let response = if e.meeting_status == 1 {
            1
        } else {
            e.attendees.first().map_or(0, |a| a.status)
        };
        out.push(Element::leaf(C::ResponseType, response.to_string()));
        out.push(Element::leaf(C::DisallowNewTimeProposal, "0"));
    }
    out.push(Element::leaf(B::NativeBodyType, "1"));
    out
}

/// MS-ASCAL Recurrence, children in the schema's order.
fn recurrence(r: &Recurrence) -> Element {
    let mut el = Element::new(C::Recurrence).with_leaf(C::Type, r.kind.to_string());
    if let Some(n) = r.occurrences {
        el.push(Element::leaf(C::Occurrences, n.to_string()));
    }
    el.push(Element::leaf(C::Interval, r.interval.to_string()));
    if let Some(w) = r.week_of_month {
        el.push(Element::leaf(C::WeekOfMonth, w.to_string()));
    }
    if let Some(d) = r.day_of_week {
        el.push(Element::leaf(C::DayOfWeek, d.to_string()));
    }
    if let Some(m) = r.month_of_year {
        el.push(Element::leaf(C::MonthOfYear, m.to_string()));
    }
    if let Some(u) = r.until {
        el.push(Element::leaf(C::Until, compact(u)));
    }
    if let Some(d) = r.day_of_month {
        el.push(Element::leaf(C::DayOfMonth, d.to_string()));
    }
    el
}

/// Why a client's ApplicationData could not become an item (Sync Status 6, "error in client/server
/// conversion", MS-ASCMD 2.2.3.177.17).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Invalid;

fn text(data: &Element, tag: impl Selector) -> String {
    data.child_text(tag).unwrap_or_default().trim().to_string()
}

fn number<N: std::str::FromStr>(data: &Element, tag: impl Selector) -> Option<N> {
    data.child_text(tag).and_then(|t| t.trim().parse().ok())
}

fn body_text(data: &Element) -> String {
    data.child(B::Body)
        .and_then(|b| b.child_text(B::Data))
        .unwrap_or_default()
        .to_string()
}

/// A calendar item from a client's ApplicationData. `base` is the item a Change replaces: its UID and
/// organizer stay when the client leaves them out. A new item without a UID (16.0 clients must not send
/// one) gets `new_uid`.
pub(crate) fn read_event(
    data: &Element,
    base: Option<&Event>,
    organizer: Organizer<'_>,
    new_uid: &str,
    now: Timestamp,
) -> Result<Event, Invalid> {
    let start = data
        .child_text(C::StartTime)
        .and_then(parse_time)
        .or(base.map(|b| b.start))
        .ok_or(Invalid)?;
    let end = data
        .child_text(C::EndTime)
        .and_then(parse_time)
        .or(base.map(|b| b.end))
        .unwrap_or(start);
    if end < start {
        return Err(Invalid);
    }
    let location = match data.child(B::Location) {
        Some(l) => text(l, B::DisplayName),
        None => text(data, C::Location),
    };
    let attendees: Vec<Attendee> = data
        .child(C::Attendees)
        .map(|list| {
            list.children_named(C::Attendee)
                .map(|a| Attendee {
                    email: text(a, C::Email),
                    name: text(a, C::Name),
                    status: number(a, C::AttendeeStatus).unwrap_or(0),
                    kind: number(a, C::AttendeeType).unwrap_or(1),
                })
                .collect()
        })
        .unwrap_or_default();
    let recurrence = match data.child(C::Recurrence) {
        Some(r) => Some(Recurrence {
            kind: number(r, C::Type).filter(|k| *k <= 6).ok_or(Invalid)?,
            interval: number(r, C::Interval).unwrap_or(1),
            day_of_week: number(r, C::DayOfWeek),
            day_of_month: number(r, C::DayOfMonth),
            week_of_month: number(r, C::WeekOfMonth),
            month_of_year: number(r, C::MonthOfYear),
            until: r.child_text(C::Until).and_then(parse_time),
            occurrences: number(r, C::Occurrences),
        }),
        None => None,
    };
    let uid = match data.child_text(C::UID).map(str::trim) {
        Some(u) if !u.is_empty() => u.chars().take(300).collect(),
        _ => base.map_or_else(|| new_uid.to_string(), |b| b.uid.clone()),
    };
    let (organizer_name, organizer_email) = match base {
        Some(b) if !b.organizer_email.is_empty() => {
            (b.organizer_name.clone(), b.organizer_email.clone())
        }
        _ => (organizer.name.to_string(), organizer.email.to_string()),
    };
    let meeting_status = number(data, C::MeetingStatus)
        .or(base.map(|b| b.meeting_status))
        .unwrap_or(if attendees.is_empty() { 0 } else { 1 });
    Ok(Event {
        uid,
        subject: text(data, C::Subject),
        location,
        body: body_text(data),
        start,
        end,
        all_day: number::<u8>(data, C::AllDayEvent) == Some(1),
        // Calendar.xsd BusyStatus is 0–3.
        busy_status: number(data, C::BusyStatus).filter(|b| *b <= 3).unwrap_or(2),
        sensitivity: number(data, C::Sensitivity)
            .filter(|s| *s <= 3)
            .unwrap_or(0),
        reminder: number(data, C::Reminder),
        organizer_name,
        organizer_email,
        attendees,
        meeting_status,
        recurrence,
        dtstamp: now,
    })
}

// ---- contacts ------------------------------------------------------------------------------------------------

/// xs:dateTime as Contacts.xsd and Tasks.xsd type their dates (`2026-11-23T08:30:00.000Z`).
fn date_time(t: Timestamp) -> String {
    email::eas_date(t)
}

/// A contact's ApplicationData (MS-ASCNTC 2.2.2), empty fields left out.
fn contact_properties(c: &Contact) -> Vec<Element> {
    let mut out = Vec::new();
    let mut put = |tag: N, value: &str| {
        if !value.is_empty() {
            out.push(Element::leaf(tag, value));
        }
    };
    let birthday = c.birthday.map(date_time).unwrap_or_default();
    put(N::Birthday, &birthday);
    put(N::BusinessAddressCity, &c.business_city);
    put(N::BusinessPhoneNumber, &c.business_phone);
    put(N::BusinessAddressCountry, &c.business_country);
    put(N::Department, &c.department);
    put(N::Email1Address, &c.email1);
    put(N::FileAs, &c.file_as());
    put(N::FirstName, &c.first_name);
    put(N::HomePhoneNumber, &c.home_phone);
    put(N::MobilePhoneNumber, &c.mobile_phone);
    put(N::CompanyName, &c.company_name);
    put(N::BusinessAddressPostalCode, &c.business_postal_code);
    put(N::LastName, &c.last_name);
    put(N::BusinessAddressState, &c.business_state);
    put(N::BusinessAddressStreet, &c.business_street);
    put(N::JobTitle, &c.job_title);
    out
}

/// A contact from a client's ApplicationData (a Change sends the whole item: what it leaves out is gone,
/// MS-ASCMD 2.2.3.11 for non-ghosted properties).
pub(crate) fn read_contact(data: &Element) -> Result<Contact, Invalid> {
    let birthday = match data.child_text(N::Birthday) {
        Some(t) => Some(Timestamp::parse(t).ok_or(Invalid)?),
        None => None,
    };
    Ok(Contact {
        first_name: text(data, N::FirstName),
        last_name: text(data, N::LastName),
        company_name: text(data, N::CompanyName),
        job_title: text(data, N::JobTitle),
        department: text(data, N::Department),
        email1: text(data, N::Email1Address),
        business_phone: text(data, N::BusinessPhoneNumber),
        mobile_phone: text(data, N::MobilePhoneNumber),
        home_phone: text(data, N::HomePhoneNumber),
        business_street: text(data, N::BusinessAddressStreet),
        business_city: text(data, N::BusinessAddressCity),
        business_state: text(data, N::BusinessAddressState),
        business_postal_code: text(data, N::BusinessAddressPostalCode),
        business_country: text(data, N::BusinessAddressCountry),
        birthday,
    })
}

// ---- tasks ---------------------------------------------------------------------------------------------------

/// A task's ApplicationData (MS-ASTASK 2.2.2): times are UTC, so the local StartDate/DueDate equal the
/// Utc ones; Complete always, DateCompleted when it is (MS-ASTASK Complete and DateCompleted).
fn task_properties(t: &Task, options: &SyncOptions) -> Vec<Element> {
    let mut out = vec![Element::leaf(T::Subject, &t.subject)];
    if !t.body.is_empty() {
        out.push(text_body(&t.body, options));
    }
    out.push(Element::leaf(T::Importance, t.importance.to_string()));
    if let Some(s) = t.start {
        out.push(Element::leaf(T::UtcStartDate, date_time(s)));
        out.push(Element::leaf(T::StartDate, date_time(s)));
    }
    if let Some(d) = t.due {
        out.push(Element::leaf(T::UtcDueDate, date_time(d)));
        out.push(Element::leaf(T::DueDate, date_time(d)));
    }
    out.push(Element::leaf(T::Complete, flag(t.complete)));
    if let (true, Some(done)) = (t.complete, t.date_completed) {
        out.push(Element::leaf(T::DateCompleted, date_time(done)));
    }
    out.push(Element::leaf(T::Sensitivity, t.sensitivity.to_string()));
    if let Some(r) = t.reminder {
        out.push(Element::leaf(T::ReminderTime, date_time(r)));
    }
    out.push(Element::leaf(T::ReminderSet, flag(t.reminder.is_some())));
    out
}

/// A task from a client's ApplicationData. A task marked complete without a DateCompleted is completed
/// `now`.
pub(crate) fn read_task(data: &Element, now: Timestamp) -> Result<Task, Invalid> {
    let date = |tag: T| -> Result<Option<Timestamp>, Invalid> {
        match data.child_text(tag) {
            Some(t) => Timestamp::parse(t).map(Some).ok_or(Invalid),
            None => Ok(None),
        }
    };
    let complete = number::<u8>(data, T::Complete) == Some(1);
    let reminder = if number::<u8>(data, T::ReminderSet) == Some(1) {
        date(T::ReminderTime)?
    } else {
        None
    };
    Ok(Task {
        subject: text(data, T::Subject),
        body: body_text(data),
        importance: number(data, T::Importance).filter(|i| *i <= 2).unwrap_or(1),
        start: date(T::UtcStartDate)?.or(date(T::StartDate)?),
        due: date(T::UtcDueDate)?.or(date(T::DueDate)?),
        complete,
        date_completed: if complete {
            Some(date(T::DateCompleted)?.unwrap_or(now))
        } else {
            None
        },
        sensitivity: number(data, T::Sensitivity)
            .filter(|s| *s <= 3)
            .unwrap_or(0),
        reminder,
    })
}

/// The item a client's Add or Change in a folder of `class` describes.
pub(crate) fn read(
    class: &str,
    data: &Element,
    base: Option<&Payload>,
    organizer: Organizer<'_>,
    new_uid: &str,
    now: Timestamp,
) -> Result<Payload, Invalid> {
    Ok(match class {
        "Calendar" => {
            let base = match base {
                Some(Payload::Calendar(e)) => Some(&**e),
                _ => None,
            };
            Payload::Calendar(Arc::new(read_event(data, base, organizer, new_uid, now)?))
        }
        "Contacts" => Payload::Contact(Arc::new(read_contact(data)?)),
        "Tasks" => Payload::Task(Arc::new(read_task(data, now)?)),
        _ => return Err(Invalid),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_utc_timezone_is_172_zero_bytes_in_base64() {
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(super::UTC_TIMEZONE)
            .expect("valid base64");
        assert_eq!(bytes, vec![0u8; 172]);
    }
}
