//! Identity resolution as Exchange's identity parameters do it, with Exchange's literal "couldn't be found" and
//! "matches multiple entries" errors.
//!
//! Mailboxes resolve by Name, Alias, PrimarySmtpAddress, UserPrincipalName or Guid (and, for Get-* cmdlets, `*`
//! wildcards over those); devices by their Identity string (`Name\ExchangeActiveSyncDevices\Type§Id`, the middle
//! segment optional) or Guid; rules and policies by Name or Guid. A mailbox's canonical name
//! (`contoso.com/Users/Name`, what devices show as UserDisplayName) resolves too. Distinguished names and
//! LegacyExchangeDN are not modelled.

use crate::model::{DeviceKey, Guid, Mailbox, MailboxId, Tenant, eq_ci};

use super::messages;
use crate::script::error::ErrorRecord;
use crate::script::wildcard::Wildcard;

/// The mailboxes a canonical name `domain/Users/Name` names (empty when `identity` is not one).
fn by_canonical_name(tenant: &Tenant, identity: &str) -> Vec<MailboxId> {
    let text = identity.trim();
    let domain = tenant.domain();
    let prefix_len = domain.len() + "/Users/".len();
    let Some(prefix) = text.get(..prefix_len) else {
        return Vec::new();
    };
    if !eq_ci(prefix, &format!("{domain}/Users/")) {
        return Vec::new();
    }
    let name = &text[prefix_len..];
    tenant
        .find_mailboxes(name)
        .iter()
        .copied()
        .filter(|id| eq_ci(&tenant.mailbox(*id).name, name))
        .collect()
}

/// Mailboxes by exact identity, or by canonical name.
fn exact(tenant: &Tenant, identity: &str) -> Vec<MailboxId> {
    match tenant.find_mailboxes(identity) {
        [] => by_canonical_name(tenant, identity),
        found => found.to_vec(),
    }
}

/// The one mailbox `identity` names (Set-*, Remove-* and -Mailbox parameters).
pub fn mailbox(tenant: &Tenant, identity: &str) -> Result<MailboxId, ErrorRecord> {
    if Wildcard::is_pattern(identity) {
        return match mailboxes(tenant, identity)?.as_slice() {
            [one] => Ok(*one),
            _ => Err(messages::ambiguous(identity)),
        };
    }
    match exact(tenant, identity).as_slice() {
        [one] => Ok(*one),
        [] => Err(messages::not_found(identity)),
        _ => Err(messages::ambiguous(identity)),
    }
}

/// Whether any of a mailbox's names (Name, Alias, DisplayName, SMTP address, UPN) matches `w`: a wildcard
/// Identity, and -Anr as a prefix.
pub(crate) fn names_match(m: &Mailbox, w: &Wildcard) -> bool {
    [
        &m.name,
        &m.alias,
        &m.display_name,
        &m.primary_smtp_address,
        &m.user_principal_name,
    ]
    .iter()
    .any(|v| w.matches(v))
}

/// Every mailbox `identity` names, wildcards allowed (Get-* cmdlets); none is the "couldn't be found" error.
pub fn mailboxes(tenant: &Tenant, identity: &str) -> Result<Vec<MailboxId>, ErrorRecord> {
    let found: Vec<MailboxId> = if Wildcard::is_pattern(identity) {
        let w = Wildcard::new(identity.trim());
        tenant
            .mailboxes()
            .filter(|(_, m)| names_match(m, &w))
            .map(|(id, _)| id)
            .collect()
    } else {
        exact(tenant, identity)
    };
    if found.is_empty() {
        return Err(messages::not_found(identity));
    }
    Ok(found)
}

/// The device partnership `identity` names.
pub fn device(tenant: &Tenant, identity: &str) -> Result<DeviceKey, ErrorRecord> {
    tenant
        .device_by_identity(identity)
        .ok_or_else(|| messages::not_found(identity))
}

/// The device access rule `identity` (Name or Guid) names, by Guid.
pub fn rule(tenant: &Tenant, identity: &str) -> Result<Guid, ErrorRecord> {
    tenant
        .rules
        .find(identity)
        .map(|r| r.guid)
        .ok_or_else(|| messages::not_found(identity))
}

/// The mobile device mailbox policy `identity` (Name or Guid) names, by Guid.
pub fn policy(tenant: &Tenant, identity: &str) -> Result<Guid, ErrorRecord> {
    tenant
        .policy(identity)
        .map(|p| p.guid)
        .ok_or_else(|| messages::not_found(identity))
}
