//! Settings (MS-ASCMD 2.2.1.18): DeviceInformation Set (also read from Provision), UserInformation Get, Oof
//! Get/Set and DevicePassword Set. DeviceInformation is applied to the partnership by the dispatcher before
//! the access decision (`eas::device_info`), because rules match the model and OS it reports; here it is only
//! acknowledged.

use crate::wbxml::Element;
use crate::wbxml::tags::Settings as S;

use super::super::context::Cx;
use super::super::mail_store::Oof;
use super::super::request::ProtocolVersion;
use super::super::response::EasResponse;

pub(crate) fn run(cx: &mut Cx<'_>, root: Option<&Element>) -> EasResponse {
    let Some(root) = root else {
        return status_only(2);
    };
    let mut out = Element::new(S::Settings).with_leaf(S::Status, "1");
    for el in root.elements() {
        if el.is(&S::Oof) {
            out.push(oof(cx, el));
        } else if el.is(&S::DeviceInformation) {
            // Already applied by the dispatcher.
            out.push(Element::new(S::DeviceInformation).with_leaf(S::Status, "1"));
        } else if el.is(&S::UserInformation) {
            out.push(user_information(cx));
        } else if el.is(&S::DevicePassword) {
            out.push(Element::new(S::DevicePassword).with_leaf(S::Status, "1"));
        } else {
            return status_only(2);
        }
    }
    EasResponse::wbxml(out, Some(1))
}

fn status_only(status: u16) -> EasResponse {
    EasResponse::wbxml(
        Element::new(S::Settings).with_leaf(S::Status, status.to_string()),
        Some(status),
    )
}

/// UserInformation Get as Exchange 2013 builds it ([EX13] `Microsoft.Exchange.AirSync/UserInformationSetting.cs
/// ProcessGet`): the mailbox's SMTP addresses; from 14.1 inside `Accounts/Account`, with the primary one as
/// `PrimarySmtpAddress`, before 14.1 all as `SmtpAddress`. The model keeps one address per mailbox, its
/// primary. Exchange sends no UserDisplayName for the mailbox's own account (only for connected accounts).
fn user_information(cx: &mut Cx<'_>) -> Element {
    let m = cx.tenant.mailbox(cx.mailbox);
    let get = if cx.req.version >= ProtocolVersion::V14_1 {
        let addresses = Element::new(S::EmailAddresses)
            .with_leaf(S::PrimarySmtpAddress, &m.primary_smtp_address);
        Element::new(S::Get)
            .with(Element::new(S::Accounts).with(Element::new(S::Account).with(addresses)))
    } else {
        Element::new(S::Get).with(
            Element::new(S::EmailAddresses).with_leaf(S::SmtpAddress, &m.primary_smtp_address),
        )
    };
    Element::new(S::UserInformation)
        .with_leaf(S::Status, "1")
        .with(get)
}

/// An Oof StartTime/EndTime: an EAS date-time (`2026-11-23T08:30:00.000Z`), which is also an xs:dateTime as
/// Settings.xsd types them.
fn valid_time(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    b.len() == 24
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && b[19] == b'.'
        && digits(20..23)
        && b[23] == b'Z'
}

fn oof(cx: &mut Cx<'_>, el: &Element) -> Element {
    if let Some(set) = el.child(S::Set) {
        let state = set
            .child_text(S::OofState)
            .and_then(|s| s.trim().parse::<u8>().ok());
        let Some(state) = state.filter(|s| *s <= 2) else {
            return Element::new(S::Oof).with_leaf(S::Status, "2");
        };
        let start = set.child_text(S::StartTime).map(str::trim);
        let end = set.child_text(S::EndTime).map(str::trim);
        // A time-based Oof needs both times, start before end; a time that is not an EAS date-time is an
        // invalid argument (Settings status 5, [EX13] StatusCode.cs Settings_InvalidArguments).
        if start.is_some_and(|t| !valid_time(t)) || end.is_some_and(|t| !valid_time(t)) {
            return Element::new(S::Oof).with_leaf(S::Status, "5");
        }
        if state == 2 && !matches!((start, end), (Some(a), Some(b)) if a < b) {
            return Element::new(S::Oof).with_leaf(S::Status, "5");
        }
        let mut oof = Oof {
            state,
            start: start.map(str::to_string),
            end: end.map(str::to_string),
            ..cx.mail().oof().clone()
        };
        for msg in set.children_named(S::OofMessage) {
            let enabled = msg.child_text(S::Enabled) == Some("1");
            let reply = msg.child_text(S::ReplyMessage).map(str::to_string);
            let text = if enabled { reply } else { None };
            if msg.child(S::AppliesToInternal).is_some() {
                oof.internal_message = text;
            } else if msg.child(S::AppliesToExternalKnown).is_some()
                || msg.child(S::AppliesToExternalUnknown).is_some()
            {
                oof.external_message = text;
            }
        }
        cx.mail().set_oof(oof);
        return Element::new(S::Oof).with_leaf(S::Status, "1");
    }
    let body_type = el
        .child(S::Get)
        .and_then(|g| g.child_text(S::BodyType))
        .unwrap_or("Text")
        .to_string();
    let oof = cx.mail().oof().clone();
    let mut get = Element::new(S::Get).with_leaf(S::OofState, oof.state.to_string());
    if oof.state == 2 {
        if let Some(s) = &oof.start {
            get = get.with_leaf(S::StartTime, s);
        }
        if let Some(e) = &oof.end {
            get = get.with_leaf(S::EndTime, e);
        }
    }
    for (applies, text) in [
        (S::AppliesToInternal, &oof.internal_message),
        (S::AppliesToExternalKnown, &oof.external_message),
        (S::AppliesToExternalUnknown, &oof.external_message),
    ] {
        let mut msg = Element::new(S::OofMessage).with(Element::new(applies));
        match text {
            Some(t) => {
                msg = msg
                    .with_leaf(S::Enabled, "1")
                    .with_leaf(S::ReplyMessage, t)
                    .with_leaf(S::BodyType, &body_type);
            }
            None => msg = msg.with_leaf(S::Enabled, "0"),
        }
        get.push(msg);
    }
    Element::new(S::Oof).with_leaf(S::Status, "1").with(get)
}
