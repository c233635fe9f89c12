//! Deterministic generated calendar, contact and task items: what a mailbox's standard Calendar, Contacts
//! and Tasks folders hold the first time a device syncs them. Per mailbox a handful of each: a weekly and a
//! fortnightly recurring meeting with colleagues from the tenant, a meeting the user was invited to, an
//! all-day event and a private appointment; contacts with phones and a business address; tasks with due
//! dates, one of them complete.
//!
//! Same seed, epoch and mailbox Guid give the same items (a ChaCha stream per class, apart from mail's, so
//! generating one folder never changes another's content). Nothing here reads the clock or the mail store.

use std::sync::Arc;

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::model::{Guid, Timestamp};

use super::folder::{CALENDAR, CONTACTS, FolderType, TASKS};
use super::mail_gen::{DOMAINS, FIRST, LAST, Owner, rng_for};
use super::pim::{Attendee, Contact, Event, Payload, Recurrence, Task};

/// The standard folders whose items are generated on first Sync.
pub const GENERATED_FOLDERS: [u32; 3] = [CALENDAR, CONTACTS, TASKS];

/// The most colleagues a mailbox's meetings invite.
pub const MAX_COLLEAGUES: usize = 4;

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

const MEETINGS: [&str; 8] = [
    "Weekly team sync",
    "Project status meeting",
    "Sprint planning",
    "Design review",
    "Sales pipeline review",
    "Engineering stand-up",
    "Customer success check-in",
    "Operations weekly",
];
const ONE_ON_ONES: [&str; 4] = [
    "1:1 catch-up",
    "Mentoring session",
    "Career conversation",
    "Fortnightly review",
];
const INVITES: [&str; 6] = [
    "Quarterly budget review",
    "Vendor presentation",
    "Security awareness training",
    "Board meeting preparation",
    "New hire onboarding",
    "Customer escalation call",
];
const ALL_DAY: [&str; 5] = [
    "Company holiday",
    "Team offsite",
    "Trade fair",
    "Training day",
    "Annual leave",
];
const APPOINTMENTS: [&str; 4] = ["Dentist", "Car service", "Parent-teacher meeting", "Gym"];
const ROOMS: [&str; 6] = [
    "Conference Room 1",
    "Conference Room 2",
    "Board Room",
    "Building 4/2.14",
    "Microsoft Teams Meeting",
    "Cafeteria",
];
const TITLES: [&str; 8] = [
    "Account Manager",
    "Project Manager",
    "Software Engineer",
    "Sales Director",
    "Purchasing Agent",
    "Marketing Specialist",
    "Chief Financial Officer",
    "Support Engineer",
];
const DEPARTMENTS: [&str; 6] = [
    "Sales",
    "Engineering",
    "Finance",
    "Marketing",
    "Purchasing",
    "Support",
];
/// The fictitious companies behind `mail_gen`'s DOMAINS, in the same order.
const COMPANIES: [&str; 6] = [
    "Fabrikam, Inc.",
    "A. Datum Corporation",
    "Northwind Traders",
    "Tailspin Toys",
    "Wingtip Toys",
    "Litware, Inc.",
];
/// (street, city, state, postal code, country): the offices of the companies in `COMPANIES`.
const OFFICES: [(&str, &str, &str, &str, &str); 6] = [
    ("1 Microsoft Way", "Redmond", "WA", "98052", "United States"),
    ("4567 Main St", "Buffalo", "NY", "14201", "United States"),
    ("123 Elm Street", "Seattle", "WA", "98101", "United States"),
    ("25 Harbour Road", "Vancouver", "BC", "V6B 1A1", "Canada"),
    ("Hauptstrasse 12", "München", "BY", "80331", "Germany"),
    ("10 Rue de la Paix", "Paris", "IDF", "75002", "France"),
];
const TASKS_TODO: [&str; 10] = [
    "Submit expense report",
    "Review draft contract",
    "Prepare slides for the board meeting",
    "Renew parking permit",
    "Send the quarterly figures to finance",
    "Book travel for the conference",
    "Update the project plan",
    "Call the vendor about the shipping delay",
    "Complete security awareness training",
    "Write the sprint retrospective notes",
];

/// A distinct salt per class, so each folder's stream is its own.
fn class_rng(seed: u64, guid: Guid, salt: u64) -> ChaCha8Rng {
    rng_for(seed ^ salt.rotate_left(29), guid)
}

/// The items of one generated folder, in the order they are added.
pub fn folder_items(
    seed: u64,
    epoch: Timestamp,
    guid: Guid,
    kind: FolderType,
    owner: &Owner<'_>,
    colleagues: &[Owner<'_>],
) -> Vec<Payload> {
    match kind {
        FolderType::Calendar => events(seed, epoch, guid, owner, colleagues)
            .into_iter()
            .map(|e| Payload::Calendar(Arc::new(e)))
            .collect(),
        FolderType::Contacts => contacts(seed, guid)
            .into_iter()
            .map(|c| Payload::Contact(Arc::new(c)))
            .collect(),
        FolderType::Tasks => tasks(seed, epoch, guid)
            .into_iter()
            .map(|t| Payload::Task(Arc::new(t)))
            .collect(),
        _ => Vec::new(),
    }
}

/// The start of the UTC day of `t`.
fn midnight(t: Timestamp) -> Timestamp {
    Timestamp::from_secs(t.secs().div_euclid(DAY) * DAY)
}

/// The weekday bit of a day (MS-ASCAL DayOfWeek: 1 Sunday … 64 Saturday); 1970-01-01 was a Thursday.
fn weekday_bit(t: Timestamp) -> u8 {
    let weekday = (t.secs().div_euclid(DAY) + 4).rem_euclid(7);
    1 << weekday
}

/// A calendar UID: the mailbox Guid and a number, in hex.
pub fn uid(guid: Guid, n: u32) -> String {
    format!("{:032X}{n:08X}", { guid.0 })
}

fn attendees(colleagues: &[Owner<'_>], rng: &mut ChaCha8Rng, max: usize) -> Vec<Attendee> {
    let n = colleagues.len().min(max);
    colleagues[..n]
        .iter()
        .map(|c| Attendee {
            email: c.smtp.to_string(),
            name: c.display_name.to_string(),
            status: [0, 3, 3, 2, 5][rng.random_range(0..5)],
            kind: if rng.random_bool(0.2) { 2 } else { 1 },
        })
        .collect()
}

fn events(
    seed: u64,
    epoch: Timestamp,
    guid: Guid,
    owner: &Owner<'_>,
    colleagues: &[Owner<'_>],
) -> Vec<Event> {
    let mut rng = class_rng(seed, guid, 0xCA1E_0DA2);
    let today = midnight(epoch);
    let base = |uid_n: u32, subject: &str| Event {
        uid: uid(guid, uid_n),
        subject: subject.to_string(),
        location: String::new(),
        body: String::new(),
        start: today,
        end: today,
        all_day: false,
        busy_status: 2,
        sensitivity: 0,
        reminder: Some(15),
        organizer_name: owner.display_name.to_string(),
        organizer_email: owner.smtp.to_string(),
        attendees: Vec::new(),
        meeting_status: 0,
        recurrence: None,
        dtstamp: today.add_secs(-14 * DAY),
    };
    let mut out = Vec::new();

    // A weekly meeting the user organizes, started three weeks ago, for half a year.
    let start = today.add_secs(-21 * DAY + rng.random_range(0..5) * DAY + (9 * HOUR + HOUR / 2));
    let mut weekly = base(1, MEETINGS[rng.random_range(0..MEETINGS.len())]);
    weekly.location = ROOMS[rng.random_range(0..ROOMS.len())].to_string();
    weekly.body = "Agenda: status of each workstream, risks, and actions for the week.".to_string();
    weekly.start = start;
    weekly.end = start.add_secs(HOUR / 2);
    weekly.meeting_status = if colleagues.is_empty() { 0 } else { 1 };
    weekly.attendees = attendees(colleagues, &mut rng, MAX_COLLEAGUES);
    weekly.recurrence = Some(Recurrence {
        kind: 1,
        interval: 1,
        day_of_week: Some(weekday_bit(start)),
        occurrences: Some(26),
        ..Recurrence::default()
    });
    out.push(weekly);

    // A fortnightly 1:1 with the first colleague, until a fixed date.
    let start = today.add_secs(-7 * DAY + rng.random_range(0..5) * DAY + 14 * HOUR);
    let mut fortnightly = base(2, ONE_ON_ONES[rng.random_range(0..ONE_ON_ONES.len())]);
    fortnightly.location = ROOMS[rng.random_range(0..ROOMS.len())].to_string();
    fortnightly.start = start;
    fortnightly.end = start.add_secs(HOUR);
    fortnightly.meeting_status = if colleagues.is_empty() { 0 } else { 1 };
    fortnightly.attendees = attendees(colleagues, &mut rng, 1);
    fortnightly.recurrence = Some(Recurrence {
        kind: 1,
        interval: 2,
        day_of_week: Some(weekday_bit(start)),
        until: Some(start.add_secs(180 * DAY)),
        ..Recurrence::default()
    });
    out.push(fortnightly);

    // A meeting a colleague organizes and the user was invited to.
    let start = today.add_secs(rng.random_range(1..10) * DAY + rng.random_range(9..16) * HOUR);
    let mut invite = base(3, INVITES[rng.random_range(0..INVITES.len())]);
    if let Some(organizer) = colleagues.first() {
        invite.organizer_name = organizer.display_name.to_string();
        invite.organizer_email = organizer.smtp.to_string();
        invite.meeting_status = 3;
        invite.attendees = vec![Attendee {
            email: owner.smtp.to_string(),
            name: owner.display_name.to_string(),
            status: 3,
            kind: 1,
        }];
        invite
            .attendees
            .extend(attendees(&colleagues[1..], &mut rng, 2));
    }
    invite.location = ROOMS[rng.random_range(0..ROOMS.len())].to_string();
    invite.body = "Please review the attached figures before the meeting.".to_string();
    invite.start = start;
    invite.end = start.add_secs(HOUR);
    out.push(invite);

    // An all-day event next week.
    let day = today.add_secs(rng.random_range(7..14) * DAY);
    let mut all_day = base(4, ALL_DAY[rng.random_range(0..ALL_DAY.len())]);
    all_day.all_day = true;
    all_day.start = day;
    all_day.end = day.add_secs(DAY);
    all_day.busy_status = 3;
    all_day.reminder = None;
    out.push(all_day);

    // A private appointment (no attendees).
    let start = today.add_secs(rng.random_range(1..6) * DAY + rng.random_range(8..17) * HOUR);
    let mut appointment = base(5, APPOINTMENTS[rng.random_range(0..APPOINTMENTS.len())]);
    appointment.start = start;
    appointment.end = start.add_secs(HOUR * 3 / 4);
    appointment.sensitivity = 2;
    appointment.reminder = Some(30);
    out.push(appointment);
    out
}

/// A fictitious phone number in the 555-01xx range reserved for fiction.
fn phone(rng: &mut ChaCha8Rng, area: u32) -> String {
    format!("+1 {area} 555 01{:02}", rng.random_range(0..100))
}

fn contacts(seed: u64, guid: Guid) -> Vec<Contact> {
    let mut rng = class_rng(seed, guid, 0xC047_AC75);
    let n = rng.random_range(6..11);
    (0..n)
        .map(|i| {
            let first = FIRST[rng.random_range(0..FIRST.len())];
            let last = LAST[rng.random_range(0..LAST.len())];
            let domain_index = rng.random_range(0..DOMAINS.len());
            let domain = DOMAINS[domain_index];
            let (street, city, state, postal, country) = OFFICES[domain_index];
            let local: String = format!("{first}.{last}")
                .chars()
                .map(|c| match c {
                    'ü' => 'u',
                    c => c.to_ascii_lowercase(),
                })
                .collect();
            let area = [425, 206, 212, 604][rng.random_range(0..4)];
            let mut c = Contact {
                first_name: first.to_string(),
                last_name: last.to_string(),
                company_name: COMPANIES[domain_index].to_string(),
                job_title: TITLES[rng.random_range(0..TITLES.len())].to_string(),
                department: DEPARTMENTS[rng.random_range(0..DEPARTMENTS.len())].to_string(),
                email1: format!("{local}@{domain}"),
                business_phone: phone(&mut rng, area),
                mobile_phone: phone(&mut rng, area),
                business_street: street.to_string(),
                business_city: city.to_string(),
                business_state: state.to_string(),
                business_postal_code: postal.to_string(),
                business_country: country.to_string(),
                ..Contact::default()
            };
            // Every third contact has a home number, every other a birthday.
            if i % 3 == 0 {
                c.home_phone = phone(&mut rng, area);
            }
            if i % 2 == 0 {
                let year = rng.random_range(1960..2000);
                let day_of_year = rng.random_range(0..365);
                let jan1 = Timestamp::parse(&format!("{year}-01-01T00:00:00Z"))
                    .expect("a literal date in range");
                c.birthday = Some(jan1.add_secs(day_of_year * DAY));
            }
            c
        })
        .collect()
}

fn tasks(seed: u64, epoch: Timestamp, guid: Guid) -> Vec<Task> {
    let mut rng = class_rng(seed, guid, 0x7A5C);
    let today = midnight(epoch);
    let n = rng.random_range(4..7);
    let mut picked: Vec<usize> = Vec::new();
    while picked.len() < n {
        let k = rng.random_range(0..TASKS_TODO.len());
        if !picked.contains(&k) {
            picked.push(k);
        }
    }
    picked
        .into_iter()
        .enumerate()
        .map(|(i, k)| {
            let start = today.add_secs(-rng.random_range(0..10) * DAY);
            let due = today.add_secs(rng.random_range(1..21) * DAY);
            let mut t = Task {
                subject: TASKS_TODO[k].to_string(),
                body: format!(
                    "Follow-up from the meeting: {}.",
                    TASKS_TODO[k].to_lowercase()
                ),
                importance: if i == 1 { 2 } else { 1 },
                start: Some(start),
                due: Some(due),
                ..Task::default()
            };
            match i {
                // The first task is done.
                0 => {
                    t.complete = true;
                    t.due = Some(today.add_secs(-DAY));
                    t.date_completed = Some(today.add_secs(-2 * DAY + 16 * HOUR));
                }
                // The second has a reminder the morning it is due.
                1 => t.reminder = Some(due.add_secs(9 * HOUR)),
                _ => {}
            }
            t
        })
        .collect()
}
