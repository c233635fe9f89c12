//! Exchange's product strings, in one place: the literal warnings and errors cmdlets emit (eas-facts §7.3) and the
//! simulator's own messages where Exchange's exact text is not known (those say so). PowerShell's own texts (the
//! binder's, CommandNotFound, NonInteractive) are the language's: `script::messages`.
//!
//! Warnings are stored without the `WARNING: ` prefix; the host adds it when it prints them.

use crate::script::messages::quoted;
use crate::script::{ErrorCategory, ErrorRecord};

/// Recipient Get-* cmdlets hit their default 1000 and no -ResultSize was given (literal).
pub const WARNING_DEFAULT_RESULT_SIZE: &str = "By default, only the first 1000 items are returned. Use the ResultSize parameter to specify the number of items returned. To return all items, specify \"-ResultSize Unlimited\". Be aware that, depending on the actual number of items, returning all items can take a long time and consume a large amount of memory. Also, we don't recommend storing the results in a variable. Instead, pipe the results to another task or script to perform batch changes.";

/// An explicit -ResultSize N was reached and more results exist (literal).
pub const WARNING_MORE_RESULTS: &str = "There are more results available than are currently displayed. To view them, increase the value for the ResultSize parameter.";

/// The domain controller the simulated tenant's directory lookups name in their "couldn't be found" errors:
/// shaped like Exchange Online's (`<forest>DC<nn>.<forest>.prod.outlook.com`), with an `EAS` forest name no real
/// one has.
pub const DOMAIN_CONTROLLER: &str = "EASPR01A001DC01.EASPR01A001.prod.outlook.com";

/// `The operation couldn't be performed because object '{0}' couldn't be found on '{1}'.` (literal), {1} being
/// the domain controller the lookup ran on. Exchange Online prints this variant for identities it resolves in
/// the directory — mailboxes and recipients, groups, policies — as quoted in
/// https://github.com/timmcmic/DLConversionV2/issues/129 and /issues/130 (Get-Recipient),
/// https://github.com/MicrosoftDocs/office-docs-powershell/issues/3850 (a group),
/// https://github.com/Microsoft365DSC/Microsoft365DSC/issues/2998 and /issues/687 (Get-ApplicationAccessPolicy,
/// also over the REST InvokeCommand endpoint), and https://github.com/MicrosoftDocs/office-docs-powershell/pull/2460
/// ("not found in 'KAWPR01A001DC02.JPNPR01A001.PROD.OUTLOOK.COM'"); Exchange Server prints it with its own DC
/// (https://github.com/dpaulson45/HealthChecker/issues/213). The variant without a source (`…because '{0}'
/// couldn't be found.`, eas-facts §7.3) is for lookups that have none, which no cmdlet here makes: mobile
/// devices, rules, policies and the organization settings are directory objects too.
pub fn not_found(identity: &str) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::ObjectNotFound,
        "ManagementObjectNotFoundException",
        not_found_text(identity),
    )
    .with_target(identity)
}

/// The text of `not_found`, for callers outside a cmdlet (the `easim explain` command). Like every text here that
/// names a caller's input, it quotes at most `script::messages::QUOTE_LIMIT` characters of it.
pub fn not_found_text(identity: &str) -> String {
    let identity = quoted(identity);
    format!(
        "The operation couldn't be performed because object '{identity}' couldn't be found on '{DOMAIN_CONTROLLER}'."
    )
}

/// The warning a Set-* cmdlet writes when the call would change nothing (literal), `{0}` being the object's
/// Identity as its Get-* cmdlet shows it (a mailbox's Name, a rule's or policy's name). Exchange's Set tasks
/// share this behaviour, so every Set-* cmdlet here writes it. Console output quoting it:
/// https://github.com/MicrosoftDocs/OfficeDocs-Exchange/issues/394 (Set-Mailbox on Exchange 2010, where the
/// Identity is the canonical name `titan.local/MyBusiness/Users/SBSUsers/Tom Phillips`) and
/// https://github.com/MicrosoftDocs/office-docs-powershell/issues/565 (Set-RemoteMailbox:
/// `WARNING: The command completed successfully but no settings of 'object' have been modified.`).
pub fn no_settings_modified(identity: &str) -> String {
    format!(
        "The command completed successfully but no settings of '{identity}' have been modified."
    )
}

/// `The operation couldn't be performed because '{0}' matches multiple entries.` (literal).
pub fn ambiguous(identity: &str) -> ErrorRecord {
    let quoted_identity = quoted(identity);
    ErrorRecord::new(
        ErrorCategory::InvalidArgument,
        "ManagementObjectAmbiguousException",
        format!(
            "The operation couldn't be performed because '{quoted_identity}' matches multiple entries."
        ),
    )
    .with_target(identity)
}

/// The same DeviceID in both personal lists after a Set-CASMailbox that changed both (literal).
pub fn device_in_both_lists(device_id: &str, mailbox: &str) -> ErrorRecord {
    let device_id = quoted(device_id);
    ErrorRecord::new(
        ErrorCategory::InvalidArgument,
        "DeviceIdInBothListsException",
        format!(
            "DeviceID {device_id} is included in both the ActiveSyncAllowedDeviceIDs list and the ActiveSyncBlockedDeviceIDs list. It should be removed from one of the lists using the Set-CASMailbox cmdlet."
        ),
    )
    .with_target(mailbox)
}

/// A value for a personal device list that is not a DeviceId (`model::is_valid_device_id`: 1 to 32 letters and
/// digits, MS-ASHTTP). Exchange 2013's Set-CASMailbox stores such values unchecked ([EX13] class
/// `Microsoft.Exchange.Management.RecipientTasks.SetCASMailboxBase`, `InternalValidate`, checks only that no ID is
/// in both lists, and the `ActiveSyncAllowedDeviceIDs`/`ActiveSyncBlockedDeviceIDs` AD properties are declared with
/// `PropertyDefinitionConstraint.None`), yet no device can ever present such an ID, so the entry would never
/// match; the simulator refuses it instead, in its own words (there is no Exchange text to copy).
pub fn invalid_device_id(device_id: &str, parameter: &str, mailbox: &str) -> ErrorRecord {
    let shown = quoted(device_id);
    ErrorRecord::new(
        ErrorCategory::InvalidArgument,
        "DataValidationException",
        format!(
            "The value \"{shown}\" of {parameter} isn't a valid DeviceID: a DeviceID has 1 to 32 characters, each a letter (A-Z, a-z) or a digit (0-9), as devices send it (MS-ASHTTP). Nothing was changed."
        ),
    )
    .with_target(mailbox)
}

/// Import-Tenant's warning when the tenant changed after the snapshot was exported (the simulator's own words:
/// Import-Tenant is not an Exchange cmdlet).
pub fn stale_snapshot(exported_at: u64, current: u64, discarded: u64) -> String {
    let changes = if discarded == 1 { "change" } else { "changes" };
    format!(
        "This snapshot was exported at change {exported_at} of the tenant, which is now at change {current}: importing it discards the {discarded} {changes} made since."
    )
}

/// Import-Tenant's refusal of a stale snapshot where nobody can answer its question and -Force was not given.
pub fn stale_snapshot_refused(exported_at: u64, current: u64, discarded: u64) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::InvalidOperation,
        "StaleSnapshotException",
        format!(
            "{} Nothing was imported: use -Force to import it anyway.",
            stale_snapshot(exported_at, current, discarded)
        ),
    )
    .with_target("Json")
}

/// Import-Tenant's second question for a stale snapshot (answered by -Force).
pub fn stale_snapshot_query(discarded: u64) -> String {
    let changes = if discarded == 1 { "change" } else { "changes" };
    format!("Discard the {discarded} {changes} made since this snapshot was exported?")
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

// Get-MobileDeviceStatistics -GetMailboxLog. Texts from Exchange 2013's task resources ([EX13]
// `Microsoft.Exchange.Management/Exchange/Management/Tasks/Strings.resources`, the entries named below), used as
// `GetMobileDeviceStatisticsBase.cs` uses them.

/// `MobileDeviceLogNotRetrieved`: the warning for `-GetMailboxLog:$false`.
pub const MAILBOX_LOG_NOT_RETRIEVED: &str =
    "The Exchange ActiveSync mailbox log won't be retrieved.";

/// `MobileDeviceLogNoLogsExist`, written as a non-terminating error when none of the devices has a log.
pub fn mailbox_log_none_exist(mailbox: &str) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::NotSpecified,
        "MobileDeviceLogException",
        "Logs couldn't be retrieved for your mobile device. Make sure your mobile device is synchronizing with Exchange before you start logging again and try to retrieve the logs. If the problem continues, contact your helpdesk.",
    )
    .with_target(mailbox)
}

/// `InvalidSmtpAddressOrAlias`: the warning for a -NotificationEmailAddresses value that is neither an SMTP
/// address nor the alias of exactly one mailbox.
pub fn invalid_smtp_address_or_alias(value: &str) -> String {
    format!("'{}' isn't a valid SMTP address or alias.", quoted(value))
}

/// `ErrorInvalidSortProperty` ([EX13] `Microsoft.Exchange.Management/Exchange/Management/Common/QueryHelper.cs
/// GetSortBy`), thrown from the -SortBy setter, so PowerShell reports it as a binding failure.
pub fn invalid_sort_property(property: &str) -> ErrorRecord {
    let property = quoted(property);
    ErrorRecord::new(
        ErrorCategory::InvalidArgument,
        "ParameterBindingException",
        format!(
            "Cannot bind parameter 'SortBy' to the target. Exception setting \"SortBy\": \"Property {property} is not supported in the sort.\""
        ),
    )
    .with_target("SortBy")
}

/// Two of an EXO V3 cmdlet's mutually exclusive identity parameters in one call. The reference says only "You
/// can't use this parameter with the … parameters" (learn.microsoft.com/powershell/module/exchangepowershell/
/// get-exomailbox); the module's own text is not known, so this is the simulator's.
pub fn exclusive_parameters(first: &str, second: &str) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::InvalidArgument,
        "ParameterBindingException",
        format!("You can't use the {first} parameter with the {second} parameter."),
    )
    .with_target(second)
}

/// A -Properties name of an EXO V3 cmdlet that the simulator does not model (the simulator's own text: Exchange
/// Online would return the property).
pub fn property_not_modelled(cmdlet: &str, property: &str) -> ErrorRecord {
    let property = quoted(property);
    ErrorRecord::new(
        ErrorCategory::NotImplemented,
        "NotSupportedException",
        format!(
            "The property '{property}' of {cmdlet} isn't modelled by this simulated environment. Get-Help {cmdlet} -Parameter PropertySets lists the properties it returns."
        ),
    )
    .with_target(property.as_ref())
}
