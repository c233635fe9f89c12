//! The tenant: mailboxes, CAS settings, device partnerships, device access rules, organization settings and
//! mobile device mailbox policies, with the indexes that keep lookups cheap at 100k+ devices.
//!
//! Pure data and invariants: no clock, no randomness, no I/O (the JSON fixture format is text in, text out).
//! Deciding access is `access`'s job; generating tenants is `gen`'s.

mod audit;
mod ci;
mod device;
mod enums;
mod fixture;
mod guid;
mod ids;
mod mailbox;
mod mailbox_log;
mod name_index;
mod policy;
mod rule;
mod settings;
mod tenant;
mod time;

#[cfg(test)]
mod tests;

pub use audit::{AUDIT_AGE_LIMIT_SECS, AUDIT_MAX_ENTRIES, AuditEntry, AuditLog, AuditParameter};
pub use ci::{CiKey, CiRef, eq_ci};
pub use device::{
    DEVICE_CONTAINER, IDENTITY_SEPARATOR, MobileDevice, Provisioning, StoredAccess, WipeRequest,
    is_valid_device_id,
};
pub use enums::{
    AccessLevel, BluetoothMode, CalendarAgeFilter, Characteristic, ClientType, DeviceAccessState,
    DeviceAccessStateReason, DevicePolicyApplicationStatus, DeviceStatus, EmailAgeFilter,
    EncryptionSmimeAlgorithm, EwsApplicationAccessPolicy, MimeTextFormat, Precedence,
    RecipientTypeDetails, SignedSmimeAlgorithm, SmimeNegotiation, UnknownName,
};
pub use fixture::{FORMAT_NAME, FORMAT_VERSION, FixtureError, from_json, to_json};
pub use guid::Guid;
pub use ids::{DeviceKey, MailboxId};
pub use mailbox::{CasSettings, DEBUG_LOGGING_HOURS, DEFAULT_OWA_POLICY, Mailbox};
pub use mailbox_log::{
    MAX_BYTES as MAILBOX_LOG_MAX_BYTES, MAX_ENTRIES as MAILBOX_LOG_MAX_ENTRIES, MailboxLog,
};
pub use policy::{DEFAULT_POLICY_NAME, MobileDeviceMailboxPolicy};
pub use rule::{DeviceAccessRule, MAX_RULE_NAME, RuleSet};
pub use settings::{OrganizationSettings, SimSettings};
pub use tenant::{CasMut, Tenant};
pub use time::{Civil, Timestamp, days_in_month};

/// A change the tenant refuses because it would break an invariant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// A mailbox property that must be unique is already used by another mailbox.
    #[error("a mailbox with {what} '{value}' already exists")]
    DuplicateMailbox { what: &'static str, value: String },
    /// A required text property is empty.
    #[error("{what} must not be empty")]
    EmptyField { what: &'static str },
    /// The mailbox already has a partnership with this DeviceId.
    #[error("mailbox '{mailbox}' already has a device partnership with DeviceId '{device_id}'")]
    DuplicateDevice { mailbox: String, device_id: String },
    /// Another partnership has this Guid already (Exchange's object Guids are unique).
    #[error("a device partnership with Guid '{0}' already exists")]
    DuplicateDeviceGuid(String),
    /// A device names a mailbox the tenant does not have.
    #[error("no such mailbox")]
    NoSuchMailbox,
    /// A rule for this characteristic and query string exists already.
    #[error("a device access rule named '{0}' already exists")]
    DuplicateRule(String),
    /// A rule with an empty query string.
    #[error("QueryString must not be empty")]
    EmptyQueryString,
    /// A policy with this name exists already.
    #[error("a mobile device mailbox policy named '{0}' already exists")]
    DuplicatePolicy(String),
    /// The policy does not exist.
    #[error("no such mobile device mailbox policy")]
    NoSuchPolicy,
    /// The default policy can only stop being the default when another policy becomes the default.
    #[error(
        "there must always be one default mobile device mailbox policy; make another policy the default first"
    )]
    DefaultPolicyRequired,
}
