//! The default views of Exchange's object types, registered with the language through `admin::REGISTRY`.
//! Exchange's own format files are not public, so these are shapes built from the properties the simulator fills
//! (Get-CASMailbox's from its reference page's first example): Get-Mailbox, Get-CASMailbox and the device access rules as tables; devices, statistics,
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
        // The settings the reference's first example says `Get-CASMailbox "Jeff Hay"` returns: ActiveSyncEnabled,
        // OWAEnabled, PopEnabled, ImapEnabled, MapiEnabled (Get-CASMailbox.md, Example 1).
        TypeView::Table(&[
            "Name",
            "ActiveSyncEnabled",
            "OWAEnabled",
            "PopEnabled",
            "ImapEnabled",
            "MapiEnabled",
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
