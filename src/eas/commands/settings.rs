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

fn user_information(cx: &mut Cx<'_>) -> Element {
    let m = cx.tenant.mailbox(cx.mailbox);
    let addresses =
        Element::new(S::EmailAddresses).with_leaf(S::SmtpAddress, &m.primary_smtp_address);
    let get = if cx.req.version >= ProtocolVersion::V14_1 {
        let account = Element::new(S::Account)
            .with_leaf(S::UserDisplayName, &m.display_name)
            .with(
                Element::new(S::EmailAddresses)
                    .with_leaf(S::SmtpAddress, &m.primary_smtp_address)
                    .with_leaf(S::PrimarySmtpAddress, &m.primary_smtp_address),
            );
        Element::new(S::Get).with(Element::new(S::Accounts).with(account))
    } else {
        Element::new(S::Get).with(addresses)
    };
    Element::new(S::UserInformation)
        .with_leaf(S::Status, "1")
        .with(get)
}

fn oof(cx: &mut Cx<'_>, el: &Element) -> Element {
    if let Some(set) = el.child(S::Set) {
        let state = set
            .child_text(S::OofState)
            .and_then(|s| s.trim().parse::<u8>().ok());
        let Some(state) = state.filter(|s| *s <= 2) else {
            return Element::new(S::Oof).with_leaf(S::Status, "2");
        };
        let mut oof = Oof {
            state,
            start: set.child_text(S::StartTime).map(str::to_string),
            end: set.child_text(S::EndTime).map(str::to_string),
            ..cx.mail().oof.clone()
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
        cx.mail().oof = oof;
        return Element::new(S::Oof).with_leaf(S::Status, "1");
    }
    let body_type = el
        .child(S::Get)
        .and_then(|g| g.child_text(S::BodyType))
        .unwrap_or("Text")
        .to_string();
    let oof = cx.mail().oof.clone();
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
