//! The objects Get-Mailbox and Get-CASMailbox write, and the filterable records their `-Filter` evaluates.
//!
//! Only the properties the tenant models are shown (Exchange's objects have many more); names and relative order
//! follow Exchange's.

use std::borrow::Cow;

use crate::model::{MailboxId, RecipientTypeDetails, Tenant};

use super::super::opath::{FValue, PropDef, PropType, Record};
use super::device::fvalue_to_value;
use super::{CAS_MAILBOX_TYPE, MAILBOX_TYPE};
use crate::admin::enums::RECIPIENT_TYPE_DETAILS;
use crate::script::value::PsObject;

pub static MAILBOX_SCHEMA: &[PropDef] = &[
    PropDef::new("Name", PropType::String),
    PropDef::new("Alias", PropType::String),
    PropDef::new("DisplayName", PropType::String),
    PropDef::new("PrimarySmtpAddress", PropType::String),
    PropDef::new("UserPrincipalName", PropType::String),
    PropDef::new("RecipientType", PropType::String),
    PropDef::new(
        "RecipientTypeDetails",
        PropType::Enum(&RECIPIENT_TYPE_DETAILS),
    ),
    PropDef::new("Identity", PropType::String),
    PropDef::new("Guid", PropType::Guid),
];

pub static CAS_SCHEMA: &[PropDef] = &[
    PropDef::new("Name", PropType::String),
    PropDef::new("ActiveSyncEnabled", PropType::Bool),
    PropDef::new("ActiveSyncAllowedDeviceIDs", PropType::Strings),
    PropDef::new("ActiveSyncBlockedDeviceIDs", PropType::Strings),
    PropDef::new("ActiveSyncMailboxPolicy", PropType::String),
    PropDef::new("ActiveSyncMailboxPolicyIsDefaulted", PropType::Bool),
    PropDef::new("HasActiveSyncDevicePartnership", PropType::Bool),
    PropDef::new("OWAEnabled", PropType::Bool),
    PropDef::new("PopEnabled", PropType::Bool),
    PropDef::new("ImapEnabled", PropType::Bool),
    PropDef::new("MAPIEnabled", PropType::Bool),
    PropDef::new("EwsEnabled", PropType::Bool),
    PropDef::new("DisplayName", PropType::String),
    PropDef::new("PrimarySmtpAddress", PropType::String),
    PropDef::new("Identity", PropType::String),
    PropDef::new("Guid", PropType::Guid),
];

/// A mailbox as Get-Mailbox's filter sees it.
pub struct MailboxRow<'a> {
    pub tenant: &'a Tenant,
    pub id: MailboxId,
}

/// A mailbox as Get-CASMailbox shows it, or (`filter`) as its -Filter sees it. They differ in one property:
/// "The filter operates backwards" for OWAEnabled — `Get-CASMailbox -Filter 'OWAEnabled -eq $true'` returns
/// the mailboxes whose OWAEnabled is False (filter-properties.md, OWAEnabled) — so a filter reads it inverted.
pub struct CasRow<'a> {
    pub tenant: &'a Tenant,
    pub id: MailboxId,
    pub filter: bool,
}

/// RecipientType for a RecipientTypeDetails (every modelled kind is a mailbox).
pub(super) fn recipient_type(_details: RecipientTypeDetails) -> &'static str {
    "UserMailbox"
}

impl Record for MailboxRow<'_> {
    fn get(&self, prop: usize) -> FValue<'_> {
        let m = self.tenant.mailbox(self.id);
        match prop {
            0 | 7 => m.name.as_str().into(),
            1 => m.alias.as_str().into(),
            2 => m.display_name.as_str().into(),
            3 => m.primary_smtp_address.as_str().into(),
            4 => m.user_principal_name.as_str().into(),
            5 => recipient_type(m.recipient_type_details).into(),
            6 => FValue::Enum(m.recipient_type_details.into()),
            _ => FValue::Guid(m.guid),
        }
    }
}

impl Record for CasRow<'_> {
    fn get(&self, prop: usize) -> FValue<'_> {
        let t = self.tenant;
        let m = t.mailbox(self.id);
        match prop {
            0 | 14 => m.name.as_str().into(),
            1 => FValue::Bool(m.cas.active_sync_enabled),
            2 => FValue::Strs(&m.cas.allowed_device_ids),
            3 => FValue::Strs(&m.cas.blocked_device_ids),
            4 => FValue::Str(Cow::Owned(t.policy_for(self.id).name.clone())),
            5 => FValue::Bool(policy_is_defaulted(t, self.id)),
            6 => FValue::Bool(t.has_device_partnership(self.id)),
            7 => FValue::Bool(m.cas.owa_enabled != self.filter),
            8 => FValue::Bool(m.cas.pop_enabled),
            9 => FValue::Bool(m.cas.imap_enabled),
            10 => FValue::Bool(m.cas.mapi_enabled),
            11 => FValue::Bool(m.cas.ews_enabled),
            12 => m.display_name.as_str().into(),
            13 => m.primary_smtp_address.as_str().into(),
            _ => FValue::Guid(m.guid),
        }
    }
}

/// True when no policy is assigned explicitly (or the assigned one no longer exists).
pub(super) fn policy_is_defaulted(t: &Tenant, id: MailboxId) -> bool {
    t.mailbox(id)
        .cas
        .active_sync_mailbox_policy
        .as_deref()
        .is_none_or(|name| t.policy(name).is_none())
}

fn object(type_name: &'static str, schema: &[PropDef], row: &impl Record) -> PsObject {
    let mut o = PsObject::with_capacity(type_name, schema.len());
    for (i, p) in schema.iter().enumerate() {
        o.push(p.name, fvalue_to_value(row.get(i)));
    }
    o
}

/// The Get-Mailbox object.
pub fn mailbox_object(tenant: &Tenant, id: MailboxId) -> PsObject {
    object(MAILBOX_TYPE, MAILBOX_SCHEMA, &MailboxRow { tenant, id })
}

/// The Get-CASMailbox object.
pub fn cas_object(tenant: &Tenant, id: MailboxId) -> PsObject {
    object(
        CAS_MAILBOX_TYPE,
        CAS_SCHEMA,
        &CasRow {
            tenant,
            id,
            filter: false,
        },
    )
}
