//! ResolveRecipients (MS-ASCMD 2.2.1.15): each `To` resolved against the tenant's directory by ambiguous
//! name resolution (display name and its words, alias, SMTP address prefixes), with free/busy when asked.
//!
//! As Exchange 2013 does it ([EX13] `Microsoft.Exchange.AirSync/ResolveRecipientsCommand.cs`,
//! `AnrManager.cs ResolveOneRecipient`, `AmbiguousRecipientToResolve.cs`, `ResolvedRecipient.cs`): one match
//! is Status 1; several are ambiguous, 2 when all of them fit in MaxAmbiguousRecipients (default 65535) and 3
//! when the list was cut to it; none is 4 (and carries no RecipientCount). RecipientCount is the number found
//! (ANR looks at most 1000 up). Recipients are directory entries (Type 1), sorted by display name. A
//! request without To, with an empty To, 100 To or more (`MaxRetrievedItems`), an unknown element, a second
//! or empty Options, an option that is not a number, or an availability window that is not 30 minutes to 62
//! days is top-level Status 5; a quarantined device gets Status 6.
//!
//! The simulator has no calendars, so every resolved recipient is free for the whole window: Availability
//! Status 1 with one `0` per 30 minutes. It holds no certificates: when certificates are asked for, each
//! recipient gets Certificates Status 7 (`ResolveRecipients_NoCertificate`) with no certificate.

use crate::model::Timestamp;
use crate::wbxml::Element;
use crate::wbxml::tags::ResolveRecipients as R;

use super::super::context::Cx;
use super::super::response::EasResponse;
use super::directory;

/// Exchange's `MaxRetrievedItems` ([EX13] `GlobalSettingsSchema.cs`).
const MAX_TO: usize = 100;
/// How many entries ANR looks up per name (`AnrManager.GetNamesByAnrFromAD`: `FindByANR(name, 1000)`).
const ANR_LIMIT: usize = 1000;
/// Free/busy: 30-minute slots, windows of 30 minutes to 62 days ([EX13] `ResolveRecipientsCommand
/// .AvailabilityOptions`; `InfoWorker/Common/Availability/Configuration.cs MaximumQueryIntervalDays` = 62),
/// for at most 100 recipients per request (`MaximumIdentityArraySize`); the others get 160.
const SLOT_SECS: i64 = 30 * 60;
const MAX_WINDOW_SECS: i64 = 62 * 86_400;
const MAX_AVAILABILITY_RECIPIENTS: usize = 100;

struct Options {
    max_ambiguous: usize,
    certificates: bool,
    availability: Option<(Timestamp, Timestamp)>,
}

fn protocol_error() -> EasResponse {
    status_only(5)
}

fn status_only(status: u16) -> EasResponse {
    EasResponse::wbxml(
        Element::new(R::ResolveRecipients).with_leaf(R::Status, status.to_string()),
        Some(status),
    )
}

fn number(el: &Element) -> Option<usize> {
    el.text()?.trim().parse().ok()
}

fn parse_options(el: &Element) -> Option<Options> {
    let mut o = Options {
        max_ambiguous: 65535,
        certificates: false,
        availability: None,
    };
    let mut any = false;
    for opt in el.elements() {
        any = true;
        if opt.is(&R::CertificateRetrieval) {
            o.certificates = number(opt)? != 1;
        } else if opt.is(&R::MaxCertificates) {
            number(opt)?;
        } else if opt.is(&R::MaxAmbiguousRecipients) {
            o.max_ambiguous = number(opt)?;
        } else if opt.is(&R::Availability) {
            let start = Timestamp::parse(opt.child_text(R::StartTime)?)?;
            let end = match opt.child_text(R::EndTime) {
                Some(t) => Timestamp::parse(t)?,
                None => start.add_secs(7 * 86_400),
            };
            let span = end.secs_since(start);
            if !(SLOT_SECS..=MAX_WINDOW_SECS).contains(&span) {
                return None;
            }
            o.availability = Some((start, end));
        } else if !opt.is(&R::Picture) {
            return None;
        }
    }
    any.then_some(o)
}

pub(crate) fn run(cx: &mut Cx<'_>, root: Option<&Element>) -> EasResponse {
    if cx.quarantined() {
        return status_only(6);
    }
    let Some(root) = root else {
        return protocol_error();
    };
    let mut names = Vec::new();
    let mut options = None;
    for el in root.elements() {
        if el.is(&R::To) {
            match el.text().map(str::trim) {
                Some(t) if !t.is_empty() => names.push(t.to_string()),
                _ => return protocol_error(),
            }
            if names.len() >= MAX_TO {
                return protocol_error();
            }
        } else if el.is(&R::Options) && options.is_none() {
            match parse_options(el) {
                Some(o) => options = Some(o),
                None => return protocol_error(),
            }
        } else {
            return protocol_error();
        }
    }
    if names.is_empty() {
        return protocol_error();
    }
    let options = options.unwrap_or(Options {
        max_ambiguous: 65535,
        certificates: false,
        availability: None,
    });
    let mut out = Element::new(R::ResolveRecipients).with_leaf(R::Status, "1");
    let mut with_availability = 0;
    for name in names {
        let found = directory::resolve(cx.tenant, &name, ANR_LIMIT);
        let mut response = Element::new(R::Response).with_leaf(R::To, &name);
        let (status, shown) = match found.len() {
            0 => (4, 0),
            1 => (1, 1),
            n if n <= options.max_ambiguous => (2, n),
            _ => (3, options.max_ambiguous),
        };
        response = response.with_leaf(R::Status, status.to_string());
        if status != 4 {
            response = response.with_leaf(R::RecipientCount, found.len().to_string());
        }
        for &id in &found[..shown] {
            let m = cx.tenant.mailbox(id);
            let mut recipient = Element::new(R::Recipient)
                .with_leaf(R::Type, "1")
                .with_leaf(R::DisplayName, &m.display_name)
                .with_leaf(R::EmailAddress, &m.primary_smtp_address);
            // Availability only for a name that resolved to one recipient (Exchange queries it for exact
            // matches only), and for at most 100 recipients per request.
            if let (Some((start, end)), 1) = (options.availability, status) {
                with_availability += 1;
                let el = if with_availability > MAX_AVAILABILITY_RECIPIENTS {
                    Element::new(R::Availability).with_leaf(R::Status, "160")
                } else {
                    let slots = (end.secs_since(start) + SLOT_SECS - 1) / SLOT_SECS;
                    Element::new(R::Availability)
                        .with_leaf(R::Status, "1")
                        .with_leaf(R::MergedFreeBusy, "0".repeat(slots as usize))
                };
                recipient.push(el);
            }
            if options.certificates {
                recipient.push(
                    Element::new(R::Certificates)
                        .with_leaf(R::Status, "7")
                        .with_leaf(R::CertificateCount, "0")
                        .with_leaf(R::RecipientCount, "1"),
                );
            }
            response.push(recipient);
        }
        out.push(response);
    }
    EasResponse::wbxml(out, Some(1))
}
