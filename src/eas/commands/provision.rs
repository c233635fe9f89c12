//! Provision (MS-ASPROV, eas-facts §2): phase one hands out a temporary key with the EASProvisionDoc built
//! from the user's mobile device mailbox policy; phase two turns the acknowledged temporary key into the final
//! key stored on the partnership. A pending remote wipe is delivered instead, and its acknowledgement
//! recorded.
//!
//! Policy document values follow Exchange's encoding: booleans `0`/`1`, "Unlimited" as an empty element. Keys
//! and wipe progress go on the request's working copy of the partnership (`Cx::device_mut`), which the
//! dispatcher stores with the device's sync state.

use rand::RngCore;

use crate::model::{
    BluetoothMode, DevicePolicyApplicationStatus, DeviceStatus, MobileDeviceMailboxPolicy,
};
use crate::wbxml::Element;
use crate::wbxml::tags::{Provision as P, Settings as S};

use super::super::context::Cx;
use super::super::request::ProtocolVersion;
use super::super::response::EasResponse;
use super::super::status::GlobalStatus;

/// The only PolicyType of EAS 12.0 and later.
pub(crate) const POLICY_TYPE: &str = "MS-EAS-Provisioning-WBXML";

pub(crate) fn run(cx: &mut Cx<'_>, root: Option<&Element>) -> EasResponse {
    let empty = Element::new(P::Provision);
    let root = root.unwrap_or(&empty);
    // A wipe acknowledgement.
    if let Some(ack) = root
        .child(P::RemoteWipe)
        .or_else(|| root.child(P::AccountOnlyRemoteWipe))
        && let Some(status) = ack.child_text(P::Status)
    {
        return acknowledge_wipe(cx, status.trim());
    }
    if cx.device().wipe_pending() {
        return deliver_wipe(cx);
    }
    let Some(policy_el) = root.child(P::Policies).and_then(|p| p.child(P::Policy)) else {
        return status_only(2);
    };
    let policy_type = policy_el
        .child_text(P::PolicyType)
        .unwrap_or_default()
        .trim();
    let acknowledged = policy_el
        .child_text(P::PolicyKey)
        .and_then(|k| k.trim().parse::<u32>().ok())
        .or(cx.req.presented_key())
        .filter(|&k| k != 0);
    let client_status = policy_el.child_text(P::Status);
    match (acknowledged, client_status) {
        (Some(key), Some(status)) => phase_two(cx, policy_type, key, status.trim()),
        _ => phase_one(cx, root, policy_type),
    }
}

fn status_only(status: u16) -> EasResponse {
    let el = Element::new(P::Provision).with_leaf(P::Status, status.to_string());
    EasResponse::wbxml(el, Some(status))
}

fn new_key(rng: &mut dyn RngCore, avoid: &[Option<u32>]) -> u32 {
    loop {
        let k = rng.next_u32();
        if k != 0 && !avoid.contains(&Some(k)) {
            return k;
        }
    }
}

fn phase_one(cx: &mut Cx<'_>, root: &Element, policy_type: &str) -> EasResponse {
    if cx.req.version >= ProtocolVersion::V14_1 && root.child(S::DeviceInformation).is_none() {
        return cx.global(GlobalStatus::DEVICE_INFORMATION_REQUIRED, 400);
    }
    if policy_type != POLICY_TYPE {
        let policy = Element::new(P::Policy)
            .with_leaf(P::PolicyType, policy_type)
            .with_leaf(P::Status, "3");
        let el = Element::new(P::Provision)
            .with_leaf(P::Status, "1")
            .with(Element::new(P::Policies).with(policy));
        return EasResponse::wbxml(el, Some(1));
    }
    let prov = &cx.device().provisioning;
    let avoid = [prov.policy_key, prov.pending_policy_key];
    let temp = new_key(cx.rng, &avoid);
    let policy = cx.tenant.policy_for(cx.mailbox).clone();
    cx.device_mut().provisioning.pending_policy_key = Some(temp);
    let doc = provision_doc(&policy, cx.req.version);
    let policy_el = Element::new(P::Policy)
        .with_leaf(P::PolicyType, POLICY_TYPE)
        .with_leaf(P::Status, "1")
        .with_leaf(P::PolicyKey, temp.to_string())
        .with(Element::new(P::Data).with(doc));
    let el = Element::new(P::Provision)
        .with_leaf(P::Status, "1")
        .with(Element::new(P::Policies).with(policy_el));
    EasResponse::wbxml(el, Some(1))
}

fn phase_two(cx: &mut Cx<'_>, policy_type: &str, key: u32, client_status: &str) -> EasResponse {
    let device = cx.device();
    let pending = device.provisioning.pending_policy_key;
    let current = device.provisioning.policy_key;
    let policy_status = if policy_type != POLICY_TYPE {
        "3"
    } else if pending == Some(key) {
        "1"
    } else {
        // Not the temporary key we handed out: "the client acknowledged the wrong policy key".
        "5"
    };
    let mut policy_el = Element::new(P::Policy)
        .with_leaf(P::PolicyType, policy_type)
        .with_leaf(P::Status, policy_status);
    if policy_status == "1" {
        let final_key = new_key(cx.rng, &[current, pending]);
        let policy = cx.tenant.policy_for(cx.mailbox).clone();
        let applied = match client_status {
            "1" => DevicePolicyApplicationStatus::AppliedInFull,
            "2" => DevicePolicyApplicationStatus::PartiallyApplied,
            "4" => DevicePolicyApplicationStatus::ExternallyManaged,
            _ => DevicePolicyApplicationStatus::NotApplied,
        };
        let now = cx.now;
        let d = cx.device_mut();
        let p = &mut d.provisioning;
        p.policy_key = Some(final_key);
        p.pending_policy_key = None;
        p.policy_applied = Some(policy.name.clone());
        p.policy_revision = policy.revision;
        p.application_status = applied;
        d.last_policy_update_time = Some(now);
        policy_el = policy_el.with_leaf(P::PolicyKey, final_key.to_string());
    }
    let el = Element::new(P::Provision)
        .with_leaf(P::Status, "1")
        .with(Element::new(P::Policies).with(policy_el));
    EasResponse::wbxml(el, Some(1))
}

fn deliver_wipe(cx: &mut Cx<'_>) -> EasResponse {
    let now = cx.now;
    let account_only = cx.device().wipe.as_ref().is_some_and(|w| w.account_only)
        && cx.req.version >= ProtocolVersion::V16_1;
    let d = cx.device_mut();
    if let Some(w) = d.wipe.as_mut() {
        w.sent.get_or_insert(now);
    }
    d.status = DeviceStatus::DeviceWipePending;
    let wipe = if account_only {
        Element::new(P::AccountOnlyRemoteWipe)
    } else {
        Element::new(P::RemoteWipe)
    };
    let el = Element::new(P::Provision)
        .with_leaf(P::Status, "1")
        .with(wipe);
    EasResponse::wbxml(el, Some(1))
}

fn acknowledge_wipe(cx: &mut Cx<'_>, status: &str) -> EasResponse {
    let now = cx.now;
    let was_pending = cx.device().wipe_pending();
    if was_pending {
        let succeeded = status == "1";
        let d = cx.device_mut();
        if let Some(w) = d.wipe.as_mut() {
            w.acknowledged = Some(now);
        }
        if succeeded {
            d.status = DeviceStatus::DeviceWipeSucceeded;
            d.provisioning.policy_key = None;
            d.provisioning.pending_policy_key = None;
            // The device erased itself: it starts over with FolderSync 0.
            cx.forget_state();
        }
    }
    status_only(1)
}

fn flag(b: bool) -> &'static str {
    if b { "1" } else { "0" }
}

/// "Unlimited" (`None`) is an empty element.
fn limit(el: Element, tag: P, value: Option<u32>) -> Element {
    match value {
        Some(v) => el.with_leaf(tag, v.to_string()),
        None => el.with(Element::new(tag)),
    }
}

/// Days of mail or calendar to sync as the EAS FilterType code (0 = all).
fn age_filter(days: Option<u32>, calendar: bool) -> &'static str {
    match (days, calendar) {
        (None, _) => "0",
        (Some(d), false) if d <= 1 => "1",
        (Some(d), false) if d <= 3 => "2",
        (Some(d), false) if d <= 7 => "3",
        (Some(d), _) if d <= 14 => "4",
        (Some(d), _) if d <= 31 => "5",
        (Some(d), true) if d <= 93 => "6",
        (Some(_), true) => "7",
        (Some(_), false) => "5",
    }
}

/// `-1` for unlimited truncation sizes.
fn truncation(kb: Option<u32>) -> String {
    kb.map_or("-1".to_string(), |k| k.to_string())
}

/// The EASProvisionDoc for a policy, elements in the order Exchange emits them (eas-facts §2.4).
pub(crate) fn provision_doc(p: &MobileDeviceMailboxPolicy, version: ProtocolVersion) -> Element {
    let mut d = Element::new(P::EASProvisionDoc)
        .with_leaf(P::DevicePasswordEnabled, flag(p.password_enabled))
        .with_leaf(
            P::AlphanumericDevicePasswordRequired,
            flag(p.alphanumeric_password_required),
        )
        .with_leaf(
            P::PasswordRecoveryEnabled,
            flag(p.password_recovery_enabled),
        )
        .with_leaf(
            P::RequireStorageCardEncryption,
            flag(p.require_storage_card_encryption),
        )
        .with_leaf(P::AttachmentsEnabled, flag(p.attachments_enabled));
    d = limit(d, P::MinDevicePasswordLength, p.min_password_length);
    d = limit(
        d,
        P::MaxInactivityTimeDeviceLock,
        p.max_inactivity_time_lock,
    );
    d = limit(
        d,
        P::MaxDevicePasswordFailedAttempts,
        p.max_password_failed_attempts,
    );
    d = limit(
        d,
        P::MaxAttachmentSize,
        p.max_attachment_size.map(|kb| kb.saturating_mul(1024)),
    );
    d = d.with_leaf(P::AllowSimpleDevicePassword, flag(p.allow_simple_password));
    d = limit(d, P::DevicePasswordExpiration, p.password_expiration);
    d = d.with_leaf(P::DevicePasswordHistory, p.password_history.to_string());
    if version < ProtocolVersion::V12_1 {
        return d;
    }
    let bluetooth = match p.allow_bluetooth {
        BluetoothMode::Disable => "0",
        BluetoothMode::HandsfreeOnly => "1",
        BluetoothMode::Allow => "2",
    };
    d.with_leaf(P::AllowStorageCard, flag(p.allow_storage_card))
        .with_leaf(P::AllowCamera, flag(p.allow_camera))
        .with_leaf(
            P::RequireDeviceEncryption,
            flag(p.require_device_encryption),
        )
        .with_leaf(
            P::AllowUnsignedApplications,
            flag(p.allow_unsigned_applications),
        )
        .with_leaf(
            P::AllowUnsignedInstallationPackages,
            flag(p.allow_unsigned_installation_packages),
        )
        .with_leaf(
            P::MinDevicePasswordComplexCharacters,
            p.min_password_complex_characters.to_string(),
        )
        .with_leaf(P::AllowWiFi, flag(p.allow_wifi))
        .with_leaf(P::AllowTextMessaging, flag(p.allow_text_messaging))
        .with_leaf(P::AllowPOPIMAPEmail, flag(p.allow_pop_imap_email))
        .with_leaf(P::AllowBluetooth, bluetooth)
        .with_leaf(P::AllowIrDA, flag(p.allow_irda))
        .with_leaf(
            P::RequireManualSyncWhenRoaming,
            flag(p.require_manual_sync_when_roaming),
        )
        .with_leaf(P::AllowDesktopSync, flag(p.allow_desktop_sync))
        .with_leaf(
            P::MaxCalendarAgeFilter,
            age_filter(p.max_calendar_age_filter, true),
        )
        .with_leaf(P::AllowHTMLEmail, flag(p.allow_html_email))
        .with_leaf(
            P::MaxEmailAgeFilter,
            age_filter(p.max_email_age_filter, false),
        )
        .with_leaf(
            P::MaxEmailBodyTruncationSize,
            truncation(p.max_email_body_truncation_size),
        )
        .with_leaf(
            P::MaxEmailHTMLBodyTruncationSize,
            truncation(p.max_email_html_body_truncation_size),
        )
        .with_leaf(
            P::RequireSignedSMIMEMessages,
            flag(p.require_signed_smime_messages),
        )
        .with_leaf(
            P::RequireEncryptedSMIMEMessages,
            flag(p.require_encrypted_smime_messages),
        )
        // MS-ASPROV 2.2.2.50, 2.2.2.48 and 2.2.2.13: the model enums' numbers are the protocol's codes.
        .with_leaf(
            P::RequireSignedSMIMEAlgorithm,
            (p.require_signed_smime_algorithm as u8).to_string(),
        )
        .with_leaf(
            P::RequireEncryptionSMIMEAlgorithm,
            (p.require_encryption_smime_algorithm as u8).to_string(),
        )
        .with_leaf(
            P::AllowSMIMEEncryptionAlgorithmNegotiation,
            (p.allow_smime_encryption_algorithm_negotiation as u8).to_string(),
        )
        .with_leaf(P::AllowSMIMESoftCerts, flag(p.allow_smime_soft_certs))
        .with_leaf(P::AllowBrowser, flag(p.allow_browser))
        .with_leaf(P::AllowConsumerEmail, flag(p.allow_consumer_email))
        .with_leaf(P::AllowRemoteDesktop, flag(p.allow_remote_desktop))
        .with_leaf(P::AllowInternetSharing, flag(p.allow_internet_sharing))
        .with(list(
            P::UnapprovedInROMApplicationList,
            P::ApplicationName,
            &p.unapproved_in_rom_application_list,
        ))
        .with(list(
            P::ApprovedApplicationList,
            P::Hash,
            &p.approved_application_list,
        ))
}

/// A container of one leaf per value (MS-ASPROV 2.2.2.55 UnapprovedInROMApplicationList of ApplicationName,
/// 2.2.2.22 ApprovedApplicationList of Hash); empty when the list is.
fn list(container: P, item: P, values: &[String]) -> Element {
    values.iter().fold(Element::new(container), |el, v| {
        el.with_leaf(item, v.as_str())
    })
}
