//! The ActiveSyncOrganizationSettings object (identity `Mobile Mailbox Settings`).

use crate::model::Tenant;

use super::ORGANIZATION_SETTINGS_TYPE;
use crate::script::value::{PsObject, Value};

/// The settings object's Name and Identity.
pub const ORGANIZATION_SETTINGS_NAME: &str = "Mobile Mailbox Settings";

/// The properties in the order an Exchange Online tenant's object has them, as a capability survey recorded it
/// (DefaultAccessLevel, TenantAdminPreference, UserMailInsert, AllowAccessForUnSupportedPlatform,
/// EnableMobileMailboxPolicyWhenCAInplace, AllowRMSSupportForUnenlightenedApps, AdminMailRecipients,
/// OtaNotificationMailInsert, DeviceFiltering, Name, IsIntuneManaged, …).
pub fn org_object(tenant: &Tenant) -> PsObject {
    let org = &tenant.org;
    let mut o = PsObject::with_capacity(ORGANIZATION_SETTINGS_TYPE, 13);
    o.push("DefaultAccessLevel", org.default_access_level);
    o.push(
        "TenantAdminPreference",
        org.tenant_admin_preference.as_deref().map(Value::from),
    );
    o.push(
        "UserMailInsert",
        org.user_mail_insert.as_deref().map(Value::from),
    );
    o.push(
        "AllowAccessForUnSupportedPlatform",
        org.allow_access_for_unsupported_platform,
    );
    o.push(
        "EnableMobileMailboxPolicyWhenCAInplace",
        org.enable_mobile_mailbox_policy_when_ca_inplace,
    );
    o.push(
        "AllowRMSSupportForUnenlightenedApps",
        org.allow_rms_support_for_unenlightened_apps,
    );
    o.push(
        "AdminMailRecipients",
        Value::strings(&org.admin_mail_recipients),
    );
    o.push(
        "OtaNotificationMailInsert",
        org.ota_notification_mail_insert.as_deref().map(Value::from),
    );
    o.push("DeviceFiltering", Value::Null);
    o.push("IsIntuneManaged", false);
    o.push("Name", ORGANIZATION_SETTINGS_NAME);
    o.push("Identity", ORGANIZATION_SETTINGS_NAME);
    o
}
