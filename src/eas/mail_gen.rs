//! Deterministic generated mail: the messages a mailbox starts with (Inbox, Sent Items, Deleted Items), and the
//! ABQ notices Exchange posts (eas-facts §4.1, literal subjects).
//!
//! Same seed, epoch and mailbox Guid give the same messages, so tests and benchmarks are reproducible. The
//! randomness is a seeded ChaCha stream; nothing here reads the clock. It makes messages (`eas::message`) for
//! folders of the standard hierarchy (`eas::folder`) and never sees the mail store that keeps them.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::model::{DeviceAccessState, Guid, MobileDevice, Timestamp};

use super::folder::{DELETED_ITEMS, INBOX, SENT_ITEMS};
use super::message::Message;

/// Who owns the mailbox (the To of received mail, the From of sent mail).
#[derive(Clone, Copy, Debug)]
pub struct Owner<'a> {
    pub display_name: &'a str,
    pub smtp: &'a str,
}

/// Literal subjects of the notices Exchange posts to the user's Inbox (eas-facts §4.1).
pub const QUARANTINE_SUBJECT: &str = "Your mobile device is temporarily blocked from synchronizing using Exchange ActiveSync until your administrator grants it access.";
pub const BLOCKED_SUBJECT: &str = "Your mobile device has been denied access to the server via Exchange ActiveSync because of server policies.";
pub const DISCOVERY_SUBJECT: &str =
    "Your device is temporarily blocked from synchronizing with the server until it is identified.";

/// Literal subject of the notice a user gets when a new device would exceed EasMaxDevices (eas-facts §9).
pub const MAX_DEVICES_SUBJECT: &str = "Problem with your new mobile device partnership";

/// The sender of Exchange's system notices.
pub const EXCHANGE_SENDER: &str =
    "\"Microsoft Exchange\" <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@";

pub(crate) const FIRST: [&str; 16] = [
    "Ava", "Noah", "Mia", "Liam", "Emma", "Lucas", "Sofia", "Ethan", "Chloe", "Mateo", "Hannah",
    "Oliver", "Yuki", "Aarav", "Lena", "Omar",
];
pub(crate) const LAST: [&str; 16] = [
    "Garcia", "Müller", "Nguyen", "Smith", "Rossi", "Kowalski", "Tanaka", "Silva", "Dubois",
    "Johnson", "Novak", "Larsen", "Patel", "Okafor", "Berg", "Moreau",
];
pub(crate) const DOMAINS: [&str; 6] = [
    "fabrikam.com",
    "adatum.com",
    "northwindtraders.com",
    "tailspintoys.com",
    "wingtiptoys.com",
    "litwareinc.com",
];
const TOPICS: [&str; 20] = [
    "Quarterly budget review",
    "Team offsite agenda",
    "Invoice 4471 overdue",
    "Re: project kickoff",
    "Lunch on Thursday?",
    "Updated travel policy",
    "Draft contract for review",
    "Weekly status report",
    "Security awareness training",
    "Re: customer escalation",
    "Conference room booking",
    "New hire onboarding",
    "Fw: shipping delay",
    "Sprint retrospective notes",
    "Holiday schedule",
    "Password expiry reminder",
    "Expense report approved",
    "Re: vendor quote",
    "Board meeting minutes",
    "Parking garage closure",
];
const SENTENCES: [&str; 12] = [
    "Please find the details below and let me know if anything is missing.",
    "Can we move this to next week? Tuesday afternoon works best for me.",
    "I have attached the latest figures; the totals changed slightly since Friday.",
    "Thanks for the quick turnaround on this.",
    "The deadline is end of day tomorrow, so a short review is enough.",
    "Let's discuss the open points in our next call.",
    "I spoke with the vendor and they confirmed the new dates.",
    "Nothing is needed from you right now; this is for your information.",
    "Could you check the numbers in section 3 before I send it out?",
    "We are still waiting on approval from finance.",
    "The room is booked from 10:00 to 11:30.",
    "Reply to all if you have concerns before the deadline.",
];

pub(crate) fn rng_for(seed: u64, guid: Guid) -> ChaCha8Rng {
    let g = guid.0;
    ChaCha8Rng::seed_from_u64(seed ^ (g as u64) ^ ((g >> 64) as u64).rotate_left(17))
}

fn person(rng: &mut ChaCha8Rng) -> String {
    let first = FIRST[rng.random_range(0..FIRST.len())];
    let last = LAST[rng.random_range(0..LAST.len())];
    let domain = DOMAINS[rng.random_range(0..DOMAINS.len())];
    let local: String = format!("{first}.{last}")
        .chars()
        .map(|c| match c {
            'ü' => 'u',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    format!("\"{first} {last}\" <{local}@{domain}>")
}

fn body(rng: &mut ChaCha8Rng, greeting: &str) -> String {
    let n = rng.random_range(2..6);
    let mut text = format!("Hi {greeting},\r\n\r\n");
    for _ in 0..n {
        text.push_str(SENTENCES[rng.random_range(0..SENTENCES.len())]);
        text.push(' ');
    }
    text.push_str("\r\n\r\nBest regards\r\n");
    text
}

fn first_name(display: &str) -> &str {
    display.split_whitespace().next().unwrap_or(display)
}

/// The messages a mailbox starts with: (folder id, message, read), oldest first within each folder.
pub fn mailbox_mail(
    seed: u64,
    epoch: Timestamp,
    guid: Guid,
    owner: &Owner<'_>,
) -> Vec<(u32, Message, bool)> {
    let mut rng = rng_for(seed, guid);
    let me = format!("\"{}\" <{}>", owner.display_name, owner.smtp);
    let mut out = Vec::new();
    for (folder, count) in [
        (INBOX, rng.random_range(12..40)),
        (SENT_ITEMS, rng.random_range(3..10)),
        (DELETED_ITEMS, rng.random_range(0..5)),
    ] {
        let mut ages: Vec<i64> = (0..count)
            .map(|_| rng.random_range(5..30 * 24 * 60))
            .collect();
        ages.sort_unstable_by(|a, b| b.cmp(a));
        for (i, age_minutes) in ages.into_iter().enumerate() {
            let other = person(&mut rng);
            let subject = TOPICS[rng.random_range(0..TOPICS.len())].to_string();
            let (from, to, greeting) = if folder == SENT_ITEMS {
                let name = other
                    .trim_start_matches('"')
                    .split_whitespace()
                    .next()
                    .unwrap_or("there")
                    .to_string();
                (me.clone(), other, name)
            } else {
                (
                    other,
                    me.clone(),
                    first_name(owner.display_name).to_string(),
                )
            };
            let message = Message {
                subject,
                from,
                to,
                cc: String::new(),
                date: epoch.add_secs(-age_minutes * 60),
                body: body(&mut rng, &greeting),
                html: false,
                importance: if rng.random_bool(0.1) { 2 } else { 1 },
                mime: None,
            };
            // The newest few Inbox messages are unread.
            let read = folder != INBOX || i + 5 < count;
            out.push((folder, message, read));
        }
    }
    out
}

/// The subject of the notice for a device entering `state`, when Exchange sends one.
pub fn notice_subject(state: DeviceAccessState) -> Option<&'static str> {
    match state {
        DeviceAccessState::Quarantined => Some(QUARANTINE_SUBJECT),
        DeviceAccessState::Blocked => Some(BLOCKED_SUBJECT),
        DeviceAccessState::DeviceDiscovery => Some(DISCOVERY_SUBJECT),
        _ => None,
    }
}

/// The ABQ notice Exchange posts to the user's Inbox: HTML body with the device-information table.
pub fn abq_notice(
    state: DeviceAccessState,
    device: &MobileDevice,
    owner: &Owner<'_>,
    domain: &str,
    user_mail_insert: Option<&str>,
    now: Timestamp,
) -> Option<Message> {
    let subject = notice_subject(state)?;
    let intro = match state {
        DeviceAccessState::Quarantined => {
            "Your mobile device is temporarily blocked from synchronizing using Exchange ActiveSync because it is quarantined. You don't need to take any action. Content will be downloaded automatically as soon as your administrator grants access to the device."
        }
        DeviceAccessState::Blocked => {
            "Your mobile device won't be able to synchronize using Exchange ActiveSync because of a server access policy. Contact your administrator for more information."
        }
        _ => {
            "Welcome to Exchange ActiveSync. Your device will start synchronizing once the server has identified it and checked the access policies that apply to it."
        }
    };
    let rows = [
        ("Device model", device.device_model.to_string()),
        ("Device type", device.device_type.to_string()),
        ("Device ID", device.device_id.clone()),
        ("Device OS", device.device_os.to_string()),
        ("Device user agent", device.device_user_agent.to_string()),
        ("Device IMEI", device.device_imei.clone()),
        (
            "Exchange ActiveSync version",
            device.client_version.to_string(),
        ),
        ("Device access state", state.to_string()),
        (
            "Device access state reason",
            device.access.reason.to_string(),
        ),
    ];
    let mut html = String::from("<html><body><p>");
    html.push_str(intro);
    html.push_str("</p>");
    if let Some(insert) = user_mail_insert.filter(|s| !s.is_empty()) {
        html.push_str("<p>");
        html.push_str(&escape_html(insert));
        html.push_str("</p>");
    }
    html.push_str("<p>Information about your device:</p><table>");
    for (name, value) in rows {
        html.push_str(&format!(
            "<tr><td>{name}:</td><td>{}</td></tr>",
            escape_html(&value)
        ));
    }
    html.push_str(&format!(
        "</table><p>Sent at {now} to {}</p></body></html>",
        escape_html(owner.smtp)
    ));
    Some(Message {
        subject: subject.to_string(),
        from: format!("{EXCHANGE_SENDER}{domain}>"),
        to: format!("\"{}\" <{}>", owner.display_name, owner.smtp),
        cc: String::new(),
        date: now,
        body: html,
        html: true,
        importance: 1,
        mime: None,
    })
}

/// The high-importance notice about a refused new partnership: `count` of `max` partnerships in use.
pub fn max_devices_notice(
    device_id: &str,
    device_type: &str,
    count: usize,
    max: u32,
    owner: &Owner<'_>,
    domain: &str,
    now: Timestamp,
) -> Message {
    let body = format!(
        "<html><body><p>Your new mobile device ({} {}) can't synchronize with your mailbox because you have {count} of {max} mobile device partnerships allowed.</p><p>To use the new device, remove the partnerships of devices you no longer use (Outlook on the web: Options, Mobile devices), then synchronize it again.</p><p>Sent at {now} to {}</p></body></html>",
        escape_html(device_type),
        escape_html(device_id),
        escape_html(owner.smtp)
    );
    Message {
        subject: MAX_DEVICES_SUBJECT.to_string(),
        from: format!("{EXCHANGE_SENDER}{domain}>"),
        to: format!("\"{}\" <{}>", owner.display_name, owner.smtp),
        cc: String::new(),
        date: now,
        body,
        html: true,
        importance: 2,
        mime: None,
    }
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The non-delivery report a sender gets when a message names more recipients than the mailbox may address
/// (`RequestLimits::max_recipients`): nothing was delivered. The status line is Exchange's (support.microsoft.com
/// kb/2524095 quotes the NDR: `5.5.3 - Too many recipients in the message. Reduce number of recipients in message
/// and resend.`); the `Undeliverable: ` subject prefix is Exchange Online's; the rest of the wording is the
/// simulator's own.
pub fn recipient_limit_report(
    original: &Message,
    recipients: usize,
    limit: usize,
    owner: &Owner<'_>,
    domain: &str,
    now: Timestamp,
) -> Message {
    let body = format!(
        "<html><body><p>Your message wasn't delivered to anyone: it has {recipients} recipients and you can address at most {limit} in one message.</p><p>5.5.3 - Too many recipients in the message. Reduce number of recipients in message and resend.</p></body></html>"
    );
    Message {
        subject: format!("Undeliverable: {}", original.subject),
        from: format!("{EXCHANGE_SENDER}{domain}>"),
        to: format!("\"{}\" <{}>", owner.display_name, owner.smtp),
        cc: String::new(),
        date: now,
        body,
        html: true,
        importance: 1,
        mime: None,
    }
}
