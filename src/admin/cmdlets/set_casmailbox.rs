//! Set-CASMailbox: ActiveSyncEnabled, the personal ActiveSyncAllowedDeviceIDs / ActiveSyncBlockedDeviceIDs
//! lists, the assigned mobile device mailbox policy, and ActiveSyncDebugLogging (the EAS mailbox log, on for 48
//! hours as in Exchange Online).
//!
//! Every other Exchange Online parameter of Set-CASMailbox.md is accepted and kept (the other protocols' switches
//! and settings, the EWS lists and policy, the OWA policy, SMTP AUTH, …), validated as Exchange binds them
//! (Booleans, `Nullable<bool>` where `$null` is documented, the `MimeTextFormat` and `EwsApplicationAccessPolicy`
//! enums by name or number, multi-valued lists); the simulator serves only EAS and sends no read receipts, so
//! they change nothing a device sees. The tenant has one Outlook on the web mailbox policy,
//! OwaMailboxPolicy-Default (Exchange Online's default), besides any an imported mailbox has; another name is
//! Exchange's "couldn't be found".
//! OutlookMobileEnabled $false does not refuse Outlook for iOS and Android here: that app syncs over REST or the
//! Outlook protocol, not EAS, and its partnerships' access is decided as every other one's.
//!
//! The lists are multi-valued: a plain list replaces, `@{Add=…; Remove=…}` edits (DeviceIds compare
//! case-insensitively). If both lists are changed in one call and an ID ends up in both, the call fails with
//! Exchange's literal error; changing one list silently removes its IDs from the other. Existing partnerships are
//! restamped at once, as Exchange does (eas-facts §6.5): an ID newly on the blocked list → Blocked/Individual, newly
//! on the allowed list → Allowed/Individual, taken off a list → Unknown/Unknown (decided again on the device's next
//! request). Every value added to a list must be a DeviceId as MS-ASHTTP defines it (`model::is_valid_device_id`;
//! `$null` entries follow Exchange's MultiValuedProperty, see `admin::params`). Everything is validated before
//! anything changes: one bad value refuses the whole call.

use crate::admin::enums::MIME_TEXT_FORMAT;
use crate::admin::params::{
    IdentityKind, MULTI_VALUED, NULLABLE_BOOL, NULLABLE_EWS_APPLICATION_ACCESS_POLICY, edit_list,
    identity,
};
use crate::model::{
    CasSettings, DEFAULT_OWA_POLICY, DeviceAccessState, DeviceAccessStateReason, MailboxId,
    StoredAccess, Tenant, Timestamp, eq_ci, is_valid_device_id,
};

use super::super::identity;
use super::super::messages;
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::script::cmdlet::{CmdletInfo, ConfirmImpact, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{
    BoundParameters, MultiValued, ParamType, ParameterInfo, PipelineInput,
};

const PARAMS: [ParameterInfo; 36] = [
    ParameterInfo::new("Identity", identity(IdentityKind::Mailbox))
        .mandatory()
        .position(0)
        .pipeline(PipelineInput::Both)
        .help("Name, Alias, SMTP address, UPN or Guid of one mailbox."),
    ParameterInfo::new("ActiveSyncEnabled", ParamType::Bool),
    ParameterInfo::new("ActiveSyncAllowedDeviceIDs", MULTI_VALUED).help(
        "DeviceIds allowed whatever the rules say: a list replaces, @{Add=…; Remove=…} edits.",
    ),
    ParameterInfo::new("ActiveSyncBlockedDeviceIDs", MULTI_VALUED).help(
        "DeviceIds blocked whatever the rules say: a list replaces, @{Add=…; Remove=…} edits.",
    ),
    ParameterInfo::new("ActiveSyncMailboxPolicy", ParamType::String).help(
        "The mobile device mailbox policy (Name or Guid); $null returns to the default policy.",
    ),
    ParameterInfo::new("OWAEnabled", ParamType::Bool)
        .help("Outlook on the web on or off (kept and shown; the simulator serves only EAS)."),
    ParameterInfo::new("PopEnabled", ParamType::Bool)
        .help("POP3 on or off (kept and shown; the simulator serves only EAS)."),
    ParameterInfo::new("ImapEnabled", ParamType::Bool)
        .help("IMAP4 on or off (kept and shown; the simulator serves only EAS)."),
    ParameterInfo::new("MAPIEnabled", ParamType::Bool)
        .help("MAPI clients (Outlook for Windows) on or off (kept and shown; the simulator serves only EAS)."),
    ParameterInfo::new("EwsEnabled", ParamType::Bool)
        .help("Exchange Web Services on or off (kept and shown; the simulator serves only EAS)."),
    ParameterInfo::new("ActiveSyncDebugLogging", ParamType::Bool).help(
        "$true writes every EAS request of the mailbox's devices to their mailbox logs for 48 hours (Exchange Online's period), for Get-MobileDeviceStatistics -GetMailboxLog; $false stops it.",
    ),
    // The other Exchange Online parameters of Set-CASMailbox.md (@93336da), in its order; defaults in
    // model::CasSettings. Kept, shown by Get-CASMailbox / Get-EXOCasMailbox, exported and journalled.
    ParameterInfo::new("ActiveSyncSuppressReadReceipt", ParamType::Bool).help(
        "$true: EAS clients return no read receipts when the user opens a message that asks for one (default $false). Kept and shown; no effect in the simulator, which sends no read receipts.",
    ),
    ParameterInfo::new("EwsAllowEntourage", ParamType::Bool).help(
        "Entourage clients over EWS on or off (default $true). Kept and shown; no effect in the simulator, which serves only EAS.",
    ),
    ParameterInfo::new("EwsAllowList", MULTI_VALUED).help(
        "EWS applications (user agent strings) allowed when EwsApplicationAccessPolicy is EnforceAllowList: a list replaces, @{Add=…; Remove=…} edits. Kept and shown; no effect in the simulator, which serves only EAS.",
    ),
    ParameterInfo::new("EwsAllowMacOutlook", ParamType::Bool).help(
        "Outlook for Mac over EWS on or off (default $true). Kept and shown; no effect in the simulator, which serves only EAS.",
    ),
    ParameterInfo::new("EwsAllowOutlook", NULLABLE_BOOL).help(
        "Outlook's use of EWS (free/busy, out of office, calendar sharing) on or off; blank until set, $null clears. Kept and shown; no effect in the simulator, which serves only EAS.",
    ),
    ParameterInfo::new("EwsApplicationAccessPolicy", NULLABLE_EWS_APPLICATION_ACCESS_POLICY).help(
        "EnforceAllowList or EnforceBlockList: which of EwsAllowList / EwsBlockList applies; blank until set, $null clears. Kept, shown and filterable; no effect in the simulator, which serves only EAS.",
    ),
    ParameterInfo::new("EwsBlockList", MULTI_VALUED).help(
        "EWS applications (user agent strings) refused when EwsApplicationAccessPolicy is EnforceBlockList: a list replaces, @{Add=…; Remove=…} edits. Kept and shown; no effect in the simulator, which serves only EAS.",
    ),
    ParameterInfo::new("ImapForceICalForCalendarRetrievalOption", ParamType::Bool).help(
        "$true: meeting requests reach IMAP4 clients as iCal, $false (default) as Outlook on the web links; applies when ImapUseProtocolDefaults is $false. Kept and shown; no effect in the simulator, which serves only EAS.",
    ),
    ParameterInfo::new("ImapMessagesRetrievalMimeFormat", ParamType::Enum(&MIME_TEXT_FORMAT)).help(
        "The message format for IMAP4 clients, a name or 0-6: TextOnly, HtmlOnly, HtmlAndTextAlternative, TextEnrichedOnly, TextEnrichedAndTextAlternative, BestBodyFormat (default), Tnef; applies when ImapUseProtocolDefaults is $false. Kept and shown; no effect in the simulator, which serves only EAS.",
    ),
    ParameterInfo::new("ImapSuppressReadReceipt", ParamType::Bool).help(
        "$true: one read receipt for IMAP4 clients (on opening), $false (default): two; applies when ImapUseProtocolDefaults is $false. Kept and shown; no effect in the simulator, which serves only EAS.",
    ),
    ParameterInfo::new("ImapUseProtocolDefaults", ParamType::Bool).help(
        "$true (default): IMAP4 uses the protocol defaults; $false: the mailbox's Imap* settings. Kept and shown; no effect in the simulator, which serves only EAS.",
    ),
    ParameterInfo::new("IsOptimizedForAccessibility", ParamType::Bool).help(
        "The light version of Outlook on the web (functional only in on-premises Exchange, the reference says). Kept; Get-CASMailbox -ReadIsOptimizedForAccessibility shows it; no effect in the simulator, which serves only EAS.",
    ),
    ParameterInfo::new("MacOutlookEnabled", ParamType::Bool).help(
        "Outlook for Mac over Microsoft Sync technology on or off (default $true). Kept and shown; no effect in the simulator, which serves only EAS.",
    ),
    ParameterInfo::new("OneWinNativeOutlookEnabled", ParamType::Bool).help(
        "The new Outlook for Windows on or off (default $true). Kept and shown; no effect in the simulator, which serves only EAS.",
    ),
    ParameterInfo::new("OutlookMobileEnabled", ParamType::Bool).help(
        "Outlook for iOS and Android on or off (default $true). Kept and shown; no effect in the simulator: Outlook mobile does not sync over EAS (its partnerships are REST or Outlook ClientType), and the simulated EAS endpoint does not refuse it.",
    ),
    ParameterInfo::new("OWAforDevicesEnabled", ParamType::Bool).help(
        "The older OWA app for iOS and Android on or off (default $true). Kept, shown and filterable; no effect in the simulator, which serves only EAS.",
    ),
    ParameterInfo::new("OwaMailboxPolicy", ParamType::String).help(
        "The Outlook on the web mailbox policy; OwaMailboxPolicy-Default (Exchange Online's default) or one an imported mailbox has; $null clears it. Kept, shown and filterable; no effect in the simulator, which serves only EAS.",
    ),
    ParameterInfo::new("PopForceICalForCalendarRetrievalOption", ParamType::Bool).help(
        "$true: meeting requests reach POP3 clients as iCal, $false (default) as Outlook on the web links; applies when PopUseProtocolDefaults is $false. Kept and shown; no effect in the simulator, which serves only EAS.",
    ),
    ParameterInfo::new("PopMessagesRetrievalMimeFormat", ParamType::Enum(&MIME_TEXT_FORMAT)).help(
        "The message format for POP3 clients, a name or 0-6: TextOnly, HtmlOnly, HtmlAndTextAlternative, TextEnrichedOnly, TextEnrichedAndTextAlternative, BestBodyFormat (default), Tnef; applies when PopUseProtocolDefaults is $false. Kept and shown; no effect in the simulator, which serves only EAS.",
    ),
    ParameterInfo::new("PopSuppressReadReceipt", ParamType::Bool).help(
        "$true: one read receipt for POP3 clients (on opening), $false (default): two; applies when PopUseProtocolDefaults is $false. Kept and shown; no effect in the simulator, which serves only EAS.",
    ),
    ParameterInfo::new("PopUseProtocolDefaults", ParamType::Bool).help(
        "$true (default): POP3 uses the protocol defaults; $false: the mailbox's Pop* settings. Kept and shown; no effect in the simulator, which serves only EAS.",
    ),
    ParameterInfo::new("PublicFolderClientAccess", ParamType::Bool).help(
        "Public folders in Outlook (default $false; needs the organization's PublicFolderShowClientControl). Kept and shown; no effect in the simulator, which has no public folders.",
    ),
    ParameterInfo::new("ShowGalAsDefaultView", ParamType::Bool).help(
        "The global address list as the default recipient picker (default $true). Kept and shown; no effect in the simulator, which serves only EAS.",
    ),
    ParameterInfo::new("SmtpClientAuthenticationDisabled", NULLABLE_BOOL).help(
        "$true disables authenticated SMTP for the mailbox, $false enables it, blank ($null, the default) leaves it to Set-TransportConfig. Kept and shown; no effect in the simulator, which has no SMTP endpoint.",
    ),
    ParameterInfo::new("UniversalOutlookEnabled", ParamType::Bool).help(
        "Windows 10 Mail and Calendar on or off (default $true). Kept and shown; no effect in the simulator (their EAS partnerships are decided by the ActiveSync settings alone).",
    ),
];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Set-CASMailbox",
        synopsis: "Changes a mailbox's Exchange ActiveSync settings and personal device lists.",
        output_type: None,
        parameters: &PARAMS,
        default_parameter_set: "",
        confirm_impact: Some(ConfirmImpact::Medium),
        examples: EXAMPLES,
    },
    run,
);

static EXAMPLES: &[Example] = &[
    Example {
        title: "Pin a device (scenario A): the ID is added and the device restamped Allowed/Individual",
        input: "Set-CASMailbox -Identity alice@contoso.com -ActiveSyncAllowedDeviceIDs @{Add='SEC1A2B3C4D5'}
Get-CASMailbox alice | Format-List Name, ActiveSync*
Get-MobileDeviceStatistics -Identity 'Alice\\ExchangeActiveSyncDevices\\Android§SEC1A2B3C4D5'",
        output: r#"Name                               : Alice
ActiveSyncEnabled                  : True
ActiveSyncAllowedDeviceIDs         : {SEC1A2B3C4D5}
ActiveSyncBlockedDeviceIDs         : {}
ActiveSyncMailboxPolicy            : Executives
ActiveSyncMailboxPolicyIsDefaulted : False
ActiveSyncDebugLogging             : False
ActiveSyncSuppressReadReceipt      : False


FirstSyncTime                 : 11/1/2026 8:00:00 AM
LastPolicyUpdateTime          : 11/1/2026 8:00:00 AM
LastSyncAttemptTime           : 11/23/2026 7:55:00 AM
LastSuccessSync               : 11/23/2026 7:55:00 AM
DeviceType                    : Android
DeviceID                      : SEC1A2B3C4D5
DeviceUserAgent               : Android-SAMSUNG-SM-G991B/101.130
DeviceWipeSentTime            :
DeviceWipeRequestTime         :
DeviceWipeAckTime             :
LastPingHeartbeat             :
RecoveryPassword              : ********
DeviceModel                   : SM-G991B
DeviceImei                    :
DeviceFriendlyName            : Galaxy S21
DeviceOS                      : Android 13
DeviceOSLanguage              : en-US
DevicePhoneNumber             :
MailboxLogReport              :
DeviceEnableOutboundSMS       : False
DeviceMobileOperator          :
Identity                      : Alice\ExchangeActiveSyncDevices\Android§SEC1A2B3C4D5
Guid                          : 00000000-0000-4000-8000-0000de71ce02
IsRemoteWipeSupported         : True
Status                        : DeviceOk
StatusNote                    :
DeviceAccessState             : Allowed
DeviceAccessStateReason       : Individual
DeviceAccessControlRule       :
DevicePolicyApplied           : Executives
DevicePolicyApplicationStatus : AppliedInFull
LastDeviceWipeRequestor       :
ClientVersion                 : 16.1
NumberOfFoldersSynced         : 12
SyncStateUpgradeTime          :
ClientType                    : EAS"#,
    },
    Example {
        title: "Blocking an allowed ID silently takes it off the allowed list",
        input: "Set-CASMailbox bob -ActiveSyncBlockedDeviceIDs @{Add='5eec4e94a1b2c3d4'}
Get-CASMailbox bob | Format-List Name, ActiveSync*",
        output: r#"Name                               : Bob
ActiveSyncEnabled                  : True
ActiveSyncAllowedDeviceIDs         : {}
ActiveSyncBlockedDeviceIDs         : {5eec4e94a1b2c3d4}
ActiveSyncMailboxPolicy            : Default
ActiveSyncMailboxPolicyIsDefaulted : True
ActiveSyncDebugLogging             : False
ActiveSyncSuppressReadReceipt      : False"#,
    },
    Example {
        title: "The same ID in both lists in one call is refused, and nothing changes",
        input: "Set-CASMailbox bob -ActiveSyncAllowedDeviceIDs 'X1','Y2' -ActiveSyncBlockedDeviceIDs 'Y2'
Get-CASMailbox bob | Format-List Name, ActiveSync*",
        output: r#"Set-CASMailbox : DeviceID Y2 is included in both the ActiveSyncAllowedDeviceIDs list and the ActiveSyncBlockedDeviceIDs list. It should be removed from one of the lists using the Set-CASMailbox cmdlet.
At line:1 char:1
+ Set-CASMailbox bob -ActiveSyncAllowedDeviceIDs 'X1','Y2' -ActiveSyncBlockedDeviceIDs 'Y2'
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : InvalidArgument: (Bob:String) [Set-CASMailbox], DeviceIdInBothListsException
    + FullyQualifiedErrorId : DeviceIdInBothListsException,Set-CASMailbox


Name                               : Bob
ActiveSyncEnabled                  : True
ActiveSyncAllowedDeviceIDs         : {5eec4e94a1b2c3d4}
ActiveSyncBlockedDeviceIDs         : {}
ActiveSyncMailboxPolicy            : Default
ActiveSyncMailboxPolicyIsDefaulted : True
ActiveSyncDebugLogging             : False
ActiveSyncSuppressReadReceipt      : False"#,
    },
    Example {
        title: "A value that is no DeviceId (MS-ASHTTP: 1 to 32 letters and digits) refuses the whole call",
        input: "Set-CASMailbox alice -ActiveSyncAllowedDeviceIDs @{Add='SEC1A2B3C4D5','My iPhone'}
Get-CASMailbox alice | Format-List Name, ActiveSyncAllowedDeviceIDs",
        output: r#"Set-CASMailbox : The value "My iPhone" of ActiveSyncAllowedDeviceIDs isn't a valid DeviceID: a DeviceID has 1 to 32 characters, each a letter (A-Z, a-z) or a digit (0-9), as devices send it (MS-ASHTTP). Nothing was changed.
At line:1 char:1
+ Set-CASMailbox alice -ActiveSyncAllowedDeviceIDs @{Add='SEC1A2B3C4D5','My iPhone'}
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : InvalidArgument: (Alice:String) [Set-CASMailbox], DataValidationException
    + FullyQualifiedErrorId : DataValidationException,Set-CASMailbox


Name                       : Alice
ActiveSyncAllowedDeviceIDs : {}"#,
    },
    Example {
        title: "$null can't be added to a list (Exchange's MultiValuedProperty refuses it); in a list that replaces, it is skipped",
        input: "Set-CASMailbox alice -ActiveSyncBlockedDeviceIDs @{Add=$null}
Set-CASMailbox alice -ActiveSyncBlockedDeviceIDs 'BAD0001',$null
Get-CASMailbox alice | Format-List Name, ActiveSyncBlockedDeviceIDs",
        output: r#"Set-CASMailbox : Cannot bind parameter 'ActiveSyncBlockedDeviceIDs'. Cannot convert value "System.Collections.Hashtable" to type "Microsoft.Exchange.Data.MultiValuedProperty`1[System.String]". Error: "A null value can't be added to a multivalued property. Parameter name: item"
At line:1 char:1
+ Set-CASMailbox alice -ActiveSyncBlockedDeviceIDs @{Add=$null}
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : InvalidArgument: (ActiveSyncBlockedDeviceIDs:String) [Set-CASMailbox], ParameterBindingException
    + FullyQualifiedErrorId : ParameterBindingException,Set-CASMailbox


Name                       : Alice
ActiveSyncBlockedDeviceIDs : {BAD0001}"#,
    },
    Example {
        title: "The IMAP4 settings (the reference's Example 2 reads them with Imap*): custom ones take ImapUseProtocolDefaults $false",
        input: "Set-CASMailbox carol -ImapUseProtocolDefaults $false -ImapMessagesRetrievalMimeFormat TextOnly -ImapSuppressReadReceipt $true
Get-CASMailbox carol | Format-List Imap*",
        output: r#"ImapEnabled                             : True
ImapUseProtocolDefaults                 : False
ImapMessagesRetrievalMimeFormat         : TextOnly
ImapSuppressReadReceipt                 : True
ImapForceICalForCalendarRetrievalOption : False"#,
    },
    Example {
        title: "-WhatIf says what would change and changes nothing",
        input: "Set-CASMailbox alice -ActiveSyncEnabled $false -WhatIf
Get-CASMailbox alice | Format-List Name, ActiveSync*",
        output: r#"What if: Performing the operation "Set-CASMailbox" on target "Alice".

Name                               : Alice
ActiveSyncEnabled                  : True
ActiveSyncAllowedDeviceIDs         : {}
ActiveSyncBlockedDeviceIDs         : {}
ActiveSyncMailboxPolicy            : Executives
ActiveSyncMailboxPolicyIsDefaulted : False
ActiveSyncDebugLogging             : False
ActiveSyncSuppressReadReceipt      : False"#,
    },
    Example {
        title: "Turning on ActiveSync debug logging for the mailbox (twice in the same minute changes nothing the second time)",
        input: "Set-CASMailbox bob -ActiveSyncDebugLogging $true
Set-CASMailbox bob -ActiveSyncDebugLogging $true",
        output: r#"WARNING: The command completed successfully but no settings of 'Bob' have been modified."#,
    },
    Example {
        title: "Booleans take only Boolean values and numbers",
        input: "Set-CASMailbox alice -ActiveSyncEnabled 'no'",
        output: r#"Set-CASMailbox : Cannot process argument transformation on parameter 'ActiveSyncEnabled'. Cannot convert value "System.String" to type "System.Boolean". Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.
At line:1 char:1
+ Set-CASMailbox alice -ActiveSyncEnabled 'no'
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : InvalidData: (ActiveSyncEnabled:String) [Set-CASMailbox], ParameterArgumentTransformationError
    + FullyQualifiedErrorId : ParameterArgumentTransformationError,Set-CASMailbox"#,
    },
];

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let identity = args.string("Identity").unwrap_or_default();
    let id = identity::mailbox(ctx.tenant, identity)?;
    let new = planned(ctx.tenant, id, args, ctx.now)?;
    let name = ctx.tenant.mailbox(id).name.clone();
    if !ctx.should_process(&messages::confirm_generic("Set-CASMailbox", &name))? {
        return Ok(());
    }
    if new == ctx.tenant.mailbox(id).cas {
        ctx.out.write_warning(messages::no_settings_modified(&name));
        return Ok(());
    }
    apply(ctx.tenant, id, new);
    Ok(())
}

/// The mailbox's CAS settings after this call, or the error that refuses it; changes nothing.
fn planned(
    tenant: &Tenant,
    id: MailboxId,
    args: &BoundParameters,
    now: Timestamp,
) -> Result<CasSettings, ErrorRecord> {
    let old = &tenant.mailbox(id).cas;
    let mut new = old.clone();
    if let Some(enabled) = args.bool("ActiveSyncEnabled") {
        new.active_sync_enabled = enabled;
    }
    for (parameter, field) in [
        ("OWAEnabled", &mut new.owa_enabled),
        ("PopEnabled", &mut new.pop_enabled),
        ("ImapEnabled", &mut new.imap_enabled),
        ("MAPIEnabled", &mut new.mapi_enabled),
        ("EwsEnabled", &mut new.ews_enabled),
    ] {
        if let Some(enabled) = args.bool(parameter) {
            *field = enabled;
        }
    }
    // Exchange stores the minute logging was turned on ([EX13] `Microsoft.Exchange.Data.Directory/Data/Directory/
    // Management/CASMailbox.cs SetMailboxProtocolLoggingEnabled`: whole minutes since a fixed instant) and
    // reports it on for 48 hours from then (model::CasSettings).
    if let Some(logging) = args.bool("ActiveSyncDebugLogging") {
        new.active_sync_debug_logging =
            logging.then(|| Timestamp::from_secs(now.secs().div_euclid(60) * 60));
    }
    let allow = args.multi("ActiveSyncAllowedDeviceIDs");
    let block = args.multi("ActiveSyncBlockedDeviceIDs");
    for (parameter, edit) in [
        ("ActiveSyncAllowedDeviceIDs", allow),
        ("ActiveSyncBlockedDeviceIDs", block),
    ] {
        let added = match edit {
            Some(MultiValued::Replace(values)) => values.as_slice(),
            Some(MultiValued::Edit { add, .. }) => add.as_slice(),
            None => &[],
        };
        if let Some(bad) = added.iter().find(|v| !is_valid_device_id(v)) {
            return Err(messages::invalid_device_id(
                bad,
                parameter,
                &tenant.mailbox(id).name,
            ));
        }
    }
    if let Some(edit) = allow {
        edit_list(&mut new.allowed_device_ids, edit);
    }
    if let Some(edit) = block {
        edit_list(&mut new.blocked_device_ids, edit);
    }
    match (allow.is_some(), block.is_some()) {
        (true, true) => {
            if let Some(both) = new
                .allowed_device_ids
                .iter()
                .find(|a| new.blocked_device_ids.iter().any(|b| eq_ci(a, b)))
            {
                return Err(messages::device_in_both_lists(
                    both,
                    &tenant.mailbox(id).name,
                ));
            }
        }
        (true, false) => {
            let allowed = new.allowed_device_ids.clone();
            new.blocked_device_ids
                .retain(|b| !allowed.iter().any(|a| eq_ci(a, b)));
        }
        (false, true) => {
            let blocked = new.blocked_device_ids.clone();
            new.allowed_device_ids
                .retain(|a| !blocked.iter().any(|b| eq_ci(a, b)));
        }
        (false, false) => {}
    }
    other_settings(&mut new, tenant, args)?;
    if args.is_bound("ActiveSyncMailboxPolicy") {
        new.active_sync_mailbox_policy = match args.string("ActiveSyncMailboxPolicy") {
            None => None,
            Some(p) if p.trim().is_empty() => None,
            Some(p) => {
                let guid = identity::policy(tenant, p)?;
                tenant
                    .policies()
                    .iter()
                    .find(|q| q.guid == guid)
                    .map(|q| q.name.clone())
            }
        };
    }
    Ok(new)
}

/// The Exchange Online settings that change nothing else in the simulator (Set-CASMailbox.md's other
/// parameters): stored as given, after the OWA policy is checked to exist.
fn other_settings(
    new: &mut CasSettings,
    tenant: &Tenant,
    args: &BoundParameters,
) -> Result<(), ErrorRecord> {
    for (parameter, field) in [
        (
            "ActiveSyncSuppressReadReceipt",
            &mut new.active_sync_suppress_read_receipt,
        ),
        ("EwsAllowEntourage", &mut new.ews_allow_entourage),
        ("EwsAllowMacOutlook", &mut new.ews_allow_mac_outlook),
        (
            "ImapForceICalForCalendarRetrievalOption",
            &mut new.imap_force_ical_for_calendar_retrieval_option,
        ),
        (
            "ImapSuppressReadReceipt",
            &mut new.imap_suppress_read_receipt,
        ),
        (
            "ImapUseProtocolDefaults",
            &mut new.imap_use_protocol_defaults,
        ),
        (
            "IsOptimizedForAccessibility",
            &mut new.is_optimized_for_accessibility,
        ),
        ("MacOutlookEnabled", &mut new.mac_outlook_enabled),
        (
            "OneWinNativeOutlookEnabled",
            &mut new.one_win_native_outlook_enabled,
        ),
        ("OutlookMobileEnabled", &mut new.outlook_mobile_enabled),
        ("OWAforDevicesEnabled", &mut new.owa_for_devices_enabled),
        (
            "PopForceICalForCalendarRetrievalOption",
            &mut new.pop_force_ical_for_calendar_retrieval_option,
        ),
        ("PopSuppressReadReceipt", &mut new.pop_suppress_read_receipt),
        ("PopUseProtocolDefaults", &mut new.pop_use_protocol_defaults),
        (
            "PublicFolderClientAccess",
            &mut new.public_folder_client_access,
        ),
        ("ShowGalAsDefaultView", &mut new.show_gal_as_default_view),
        (
            "UniversalOutlookEnabled",
            &mut new.universal_outlook_enabled,
        ),
    ] {
        if let Some(value) = args.bool(parameter) {
            *field = value;
        }
    }
    // Nullable: `$null` binds as Null and clears.
    for (parameter, field) in [
        ("EwsAllowOutlook", &mut new.ews_allow_outlook),
        (
            "SmtpClientAuthenticationDisabled",
            &mut new.smtp_client_authentication_disabled,
        ),
    ] {
        if args.is_bound(parameter) {
            *field = args.bool(parameter);
        }
    }
    if args.is_bound("EwsApplicationAccessPolicy") {
        new.ews_application_access_policy = args.enum_arg("EwsApplicationAccessPolicy");
    }
    for (parameter, field) in [
        (
            "ImapMessagesRetrievalMimeFormat",
            &mut new.imap_messages_retrieval_mime_format,
        ),
        (
            "PopMessagesRetrievalMimeFormat",
            &mut new.pop_messages_retrieval_mime_format,
        ),
    ] {
        if let Some(format) = args.enum_arg(parameter) {
            *field = format;
        }
    }
    for (parameter, list) in [
        ("EwsAllowList", &mut new.ews_allow_list),
        ("EwsBlockList", &mut new.ews_block_list),
    ] {
        if let Some(edit) = args.multi(parameter) {
            edit_list(list, edit);
        }
    }
    if args.is_bound("OwaMailboxPolicy") {
        new.owa_mailbox_policy = match args.string("OwaMailboxPolicy").map(str::trim) {
            None | Some("") => None,
            Some(p) => Some(owa_policy(tenant, p).ok_or_else(|| messages::not_found(p))?),
        };
    }
    Ok(())
}

/// The tenant's Outlook on the web mailbox policy named `name`, spelled as stored: the default one, or one an
/// imported mailbox has (the tenant keeps no other record of OWA policies).
fn owa_policy(tenant: &Tenant, name: &str) -> Option<String> {
    if eq_ci(name, DEFAULT_OWA_POLICY) {
        return Some(DEFAULT_OWA_POLICY.to_string());
    }
    tenant.owa_policy(name).map(str::to_string)
}

/// Stores the new settings and restamps the mailbox's partnerships whose list membership changed.
fn apply(tenant: &mut Tenant, id: MailboxId, new: CasSettings) {
    let old = std::mem::replace(&mut *tenant.cas_mut(id), new);
    let keys = tenant.devices_of(id).to_vec();
    for key in keys {
        let Some(device) = tenant.device(key) else {
            continue;
        };
        let cas = &tenant.mailbox(id).cas;
        let did = device.device_id.as_str();
        let (was_allowed, was_blocked) = (old.allows(did), old.blocks(did));
        let (allowed, blocked) = (cas.allows(did), cas.blocks(did));
        let stamp = if blocked && !was_blocked {
            Some((
                DeviceAccessState::Blocked,
                DeviceAccessStateReason::Individual,
            ))
        } else if allowed && !was_allowed {
            Some((
                DeviceAccessState::Allowed,
                DeviceAccessStateReason::Individual,
            ))
        } else if (was_allowed && !allowed) || (was_blocked && !blocked) {
            Some((DeviceAccessState::Unknown, DeviceAccessStateReason::Unknown))
        } else {
            None
        };
        if let Some((state, reason)) = stamp {
            tenant.update_device(key, |d| {
                d.access = StoredAccess {
                    state,
                    reason,
                    rule: None,
                };
            });
        }
    }
}
