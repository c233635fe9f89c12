//! Exchange's product strings, in one place: the literal warnings and errors cmdlets emit (eas-facts §7.3) and the
//! simulator's own messages where Exchange's exact text is not known (those say so). PowerShell's own texts (the
//! binder's, CommandNotFound, NonInteractive) are the language's: `script::messages`.
//!
//! Warnings are stored without the `WARNING: ` prefix; the host adds it when it prints them.

use crate::script::{ErrorCategory, ErrorRecord};

/// Recipient Get-* cmdlets hit their default 1000 and no -ResultSize was given (literal).
pub const WARNING_DEFAULT_RESULT_SIZE: &str = "By default, only the first 1000 items are returned. Use the ResultSize parameter to specify the number of items returned. To return all items, specify \"-ResultSize Unlimited\". Be aware that, depending on the actual number of items, returning all items can take a long time and consume a large amount of memory. Also, we don't recommend storing the results in a variable. Instead, pipe the results to another task or script to perform batch changes.";

/// An explicit -ResultSize N was reached and more results exist (literal).
pub const WARNING_MORE_RESULTS: &str = "There are more results available than are currently displayed. To view them, increase the value for the ResultSize parameter.";

/// `The operation couldn't be performed because '{0}' couldn't be found.` (literal; the no-DC variant is used
/// throughout, since the simulator has no domain controller to name).
pub fn not_found(identity: &str) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::ObjectNotFound,
        "ManagementObjectNotFoundException",
        format!("The operation couldn't be performed because '{identity}' couldn't be found."),
    )
    .with_target(identity)
}

/// `The operation couldn't be performed because '{0}' matches multiple entries.` (literal).
pub fn ambiguous(identity: &str) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::InvalidArgument,
        "ManagementObjectAmbiguousException",
        format!(
            "The operation couldn't be performed because '{identity}' matches multiple entries."
        ),
    )
    .with_target(identity)
}

/// The same DeviceID in both personal lists after a Set-CASMailbox that changed both (literal).
pub fn device_in_both_lists(device_id: &str, mailbox: &str) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::InvalidArgument,
        "DeviceIdInBothListsException",
        format!(
            "DeviceID {device_id} is included in both the ActiveSyncAllowedDeviceIDs list and the ActiveSyncBlockedDeviceIDs list. It should be removed from one of the lists using the Set-CASMailbox cmdlet."
        ),
    )
    .with_target(mailbox)
}

/// Remove-MobileDevice's confirmation text (literal).
pub fn confirm_remove_device(identity: &str) -> String {
    format!(
        "Removing mobile device \"{identity}\". All information about this mobile device will be removed. It must be re-synchronized."
    )
}

/// Remove-MobileDevice's confirmation text when a wipe is pending (Exchange's wording is not known exactly).
pub fn confirm_remove_device_wipe_pending(identity: &str) -> String {
    format!(
        "Removing mobile device \"{identity}\". A remote wipe is pending for this device and will not be sent if the device is removed. All information about this mobile device will be removed."
    )
}

/// Clear-MobileDevice's confirmation text (literal).
pub fn confirm_clear_device(identity: &str) -> String {
    format!(
        "Clearing mobile device \"{identity}\". All the data on the mobile device will be permanently deleted."
    )
}

/// PowerShell's generic ShouldProcess text, used where Exchange's own confirmation text is not known.
pub fn confirm_generic(operation: &str, target: &str) -> String {
    format!("Performing the operation \"{operation}\" on target \"{target}\".")
}
