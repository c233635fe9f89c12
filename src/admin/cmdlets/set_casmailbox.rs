//! Set-CASMailbox: ActiveSyncEnabled, the personal ActiveSyncAllowedDeviceIDs / ActiveSyncBlockedDeviceIDs
//! lists, the assigned mobile device mailbox policy, and ActiveSyncDebugLogging (the EAS mailbox log, on for 48
//! hours as in Exchange Online).
//!
//! The lists are multi-valued: a plain list replaces, `@{Add=…; Remove=…}` edits (DeviceIds compare
//! case-insensitively). If both lists are changed in one call and an ID ends up in both, the call fails with
//! Exchange's literal error; changing one list silently removes its IDs from the other. Existing partnerships are
//! restamped at once, as Exchange does (eas-facts §6.5): an ID newly on the blocked list → Blocked/Individual, newly
//! on the allowed list → Allowed/Individual, taken off a list → Unknown/Unknown (decided again on the device's next
//! request). Every value added to a list must be a DeviceId as MS-ASHTTP defines it (`model::is_valid_device_id`;
//! `$null` entries follow Exchange's MultiValuedProperty, see `admin::params`). Everything is validated before
//! anything changes: one bad value refuses the whole call.

use crate::admin::params::{IdentityKind, MULTI_VALUED, identity};
use crate::model::{
    CasSettings, DeviceAccessState, DeviceAccessStateReason, MailboxId, StoredAccess, Tenant,
    Timestamp, eq_ci, is_valid_device_id,
};

use super::super::identity;
use super::super::messages;
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::script::cmdlet::{CmdletInfo, ConfirmImpact, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{
    BoundParameters, MultiValued, ParamType, ParameterInfo, PipelineInput,
};

const PARAMS: [ParameterInfo; 11] = [
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
ActiveSyncMailboxPolicyIsDefaulted : True"#,
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
ActiveSyncMailboxPolicyIsDefaulted : True"#,
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
        title: "-WhatIf says what would change and changes nothing",
        input: "Set-CASMailbox alice -ActiveSyncEnabled $false -WhatIf
Get-CASMailbox alice | Format-List Name, ActiveSync*",
        output: r#"What if: Performing the operation "Set-CASMailbox" on target "Alice".

Name                               : Alice
ActiveSyncEnabled                  : True
ActiveSyncAllowedDeviceIDs         : {}
ActiveSyncBlockedDeviceIDs         : {}
ActiveSyncMailboxPolicy            : Executives
ActiveSyncMailboxPolicyIsDefaulted : False"#,
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

/// Applies a multi-valued edit of validated values; the result has no case-insensitive duplicates and keeps
/// first-seen order. Values are stored as given (Exchange does not trim them).
fn edit_list(list: &mut Vec<String>, edit: &MultiValued) {
    let push_unique = |list: &mut Vec<String>, v: &str| {
        if !list.iter().any(|x| eq_ci(x, v)) {
            list.push(v.to_string());
        }
    };
    match edit {
        MultiValued::Replace(values) => {
            list.clear();
            for v in values {
                push_unique(list, v);
            }
        }
        MultiValued::Edit { add, remove } => {
            list.retain(|x| !remove.iter().any(|r| eq_ci(x, r)));
            for v in add {
                push_unique(list, v);
            }
        }
    }
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
