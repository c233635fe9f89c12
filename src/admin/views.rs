//! The default views of Exchange's object types, registered with the language through `admin::REGISTRY`.
//! Exchange's own format files are not public, so these are plausible shapes built from the properties the
//! simulator fills: Get-Mailbox, Get-CASMailbox and the device access rules as tables; devices, statistics,
//! policies and organization settings as lists of every property, as the Exchange Management Shell shows them.

use crate::script::TypeView;

/// Short type name → default view.
pub(super) static VIEWS: &[(&str, TypeView)] = &[
    (
        "Mailbox",
        TypeView::Table(&[
            "Name",
            "Alias",
            "RecipientTypeDetails",
            "PrimarySmtpAddress",
        ]),
    ),
    (
        "CASMailbox",
        TypeView::Table(&[
            "Name",
            "ActiveSyncEnabled",
            "ActiveSyncMailboxPolicy",
            "HasActiveSyncDevicePartnership",
        ]),
    ),
    (
        "ActiveSyncDeviceAccessRule",
        TypeView::Table(&["Name", "Characteristic", "QueryString", "AccessLevel"]),
    ),
    ("MobileDevice", TypeView::List),
    ("MobileDeviceConfiguration", TypeView::List),
    ("ActiveSyncOrganizationSettings", TypeView::List),
    ("MobileMailboxPolicy", TypeView::List),
    ("AdminAuditLogEvent", TypeView::List),
    ("AdminAuditLogConfig", TypeView::List),
    (
        "AdminAuditLogCmdletParameter",
        TypeView::Table(&["Name", "Value"]),
    ),
];
