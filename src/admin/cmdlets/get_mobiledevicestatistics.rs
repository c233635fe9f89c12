//! Get-MobileDeviceStatistics: sync statistics and wipe state of one device (-Identity) or of all a mailbox's
//! devices (-Mailbox), as Exchange's MobileDeviceConfiguration objects.
//!
//! -GetMailboxLog returns each device's Exchange ActiveSync mailbox log (written by the EAS endpoint while
//! `Set-CASMailbox -ActiveSyncDebugLogging $true` is in force, see `eas::mailbox_log`) in MailboxLogReport.
//! -UseCustomRouting (Exchange Online's routing to the mailbox's server) is accepted with no effect: one server.

use crate::model::{DeviceKey, Tenant, eq_ci};

use super::super::identity;
use super::super::messages;
use super::super::objects::MOBILE_DEVICE_CONFIGURATION_TYPE;
use super::super::objects::device::statistics_object;
use super::{CLIENT_TYPE_SWITCHES, ClientTypes};
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::admin::params::{IdentityKind, identity};
use crate::script::cmdlet::{CmdletInfo, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParamType, ParameterInfo, PipelineInput};

const PARAMS: [ParameterInfo; 10] = [
    ParameterInfo::new("Identity", identity(IdentityKind::MobileDevice))
        .mandatory()
        .position(0)
        .pipeline(PipelineInput::ByValue)
        .sets(&["Identity"])
        .help("A device Identity or Guid."),
    ParameterInfo::new("Mailbox", identity(IdentityKind::Mailbox))
        .mandatory()
        .pipeline(PipelineInput::ByValue)
        .sets(&["Mailbox"])
        .help("The mailbox whose devices to report."),
    ParameterInfo::new("ShowRecoveryPassword", ParamType::Switch),
    ParameterInfo::new("GetMailboxLog", ParamType::Switch).help(
        "Returns each device's ActiveSync mailbox log in MailboxLogReport (kept while Set-CASMailbox -ActiveSyncDebugLogging is on). The mail Exchange also sends is not delivered.",
    ),
    ParameterInfo::new("NotificationEmailAddresses", ParamType::Strings)
        .help("Where Exchange mails the logs; checked (a warning per invalid address) but no mail is delivered."),
    CLIENT_TYPE_SWITCHES[0],
    CLIENT_TYPE_SWITCHES[1],
    CLIENT_TYPE_SWITCHES[2],
    CLIENT_TYPE_SWITCHES[3],
    ParameterInfo::new("UseCustomRouting", ParamType::Switch).help(
        "Exchange Online's experimental routing straight to the mailbox's server (exchange-online-powershell-v2.md), which then takes only a UPN, email address or mailbox Guid as the mailbox's identity; accepted with no effect in the simulator: it has one server, and identities resolve as without it.",
    ),
];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Get-MobileDeviceStatistics",
        synopsis: "Reports a device's sync statistics, policy and remote wipe state.",
        output_type: Some(MOBILE_DEVICE_CONFIGURATION_TYPE),
        parameters: &PARAMS,
        default_parameter_set: "Identity",
        confirm_impact: None,
        examples: EXAMPLES,
    },
    run,
);

static EXAMPLES: &[Example] = &[
    Example {
        title: "A mailbox's Outlook mobile (REST) partnership, as scenario B reads it",
        input: "Get-MobileDeviceStatistics -Mailbox bob -RestApi",
        output: r#"FirstSyncTime                 : 11/1/2026 8:00:00 AM
LastPolicyUpdateTime          : 11/1/2026 8:00:00 AM
LastSyncAttemptTime           : 11/23/2026 7:55:00 AM
LastSuccessSync               : 11/23/2026 7:55:00 AM
DeviceType                    : Outlook
DeviceID                      : 5eec4e94a1b2c3d4
DeviceUserAgent               : Outlook-iOS/2.0
DeviceWipeSentTime            :
DeviceWipeRequestTime         :
DeviceWipeAckTime             :
LastPingHeartbeat             :
RecoveryPassword              : ********
DeviceModel                   : Outlook for iOS and Android
DeviceImei                    :
DeviceFriendlyName            : Bob's phone
DeviceOS                      : iOS 17.5
DeviceOSLanguage              : en-US
DevicePhoneNumber             :
MailboxLogReport              :
DeviceEnableOutboundSMS       : False
DeviceMobileOperator          :
Identity                      : Bob\ExchangeActiveSyncDevices\REST§Outlook§5eec4e94a1b2c3d4
Guid                          : 00000000-0000-4000-8000-0000de71ce04
IsRemoteWipeSupported         : True
Status                        : DeviceOk
StatusNote                    :
DeviceAccessState             : Allowed
DeviceAccessStateReason       : Individual
DeviceAccessControlRule       :
DevicePolicyApplied           : Default
DevicePolicyApplicationStatus : AppliedInFull
LastDeviceWipeRequestor       :
ClientVersion                 : 16.1
NumberOfFoldersSynced         : 12
SyncStateUpgradeTime          :
ClientType                    : REST"#,
    },
    Example {
        title: "A mailbox without devices writes nothing",
        input: "Get-MobileDeviceStatistics -Mailbox carol",
        output: r#""#,
    },
    Example {
        title: "No log without debug logging: each object's MailboxLogReport is empty and Exchange's error follows",
        input: "Get-MobileDeviceStatistics -Mailbox bob -GetMailboxLog -NotificationEmailAddresses nobody | Format-List DeviceID, MailboxLogReport",
        output: r#"WARNING: 'nobody' isn't a valid SMTP address or alias.
Get-MobileDeviceStatistics : Logs couldn't be retrieved for your mobile device. Make sure your mobile device is synchronizing with Exchange before you start logging again and try to retrieve the logs. If the problem continues, contact your helpdesk.
At line:1 char:1
+ Get-MobileDeviceStatistics -Mailbox bob -GetMailboxLog -NotificationEmailAddresses nobody | Format-List DeviceID, MailboxLogReport
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : NotSpecified: (Bob:String) [Get-MobileDeviceStatistics], MobileDeviceLogException
    + FullyQualifiedErrorId : MobileDeviceLogException,Get-MobileDeviceStatistics


DeviceID         : ApplG7H8J9K0
MailboxLogReport :

DeviceID         : 5eec4e94a1b2c3d4
MailboxLogReport :"#,
    },
    Example {
        title: "-GetMailboxLog:$false retrieves nothing and says so",
        input: "Get-MobileDeviceStatistics -Mailbox bob -GetMailboxLog:$false | Format-List DeviceID, MailboxLogReport",
        output: r#"WARNING: The Exchange ActiveSync mailbox log won't be retrieved.

DeviceID         : ApplG7H8J9K0
MailboxLogReport :

DeviceID         : 5eec4e94a1b2c3d4
MailboxLogReport :"#,
    },
];

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let (tenant, out) = ctx.read();
    let keys = if let Some(id) = args.string("Identity") {
        match identity::device(tenant, id) {
            Ok(key) => vec![key],
            Err(e) => {
                out.write_error(e);
                return Ok(());
            }
        }
    } else {
        let mailbox = args.string("Mailbox").unwrap_or_default();
        match identity::mailbox(tenant, mailbox) {
            Ok(id) => tenant.devices_of(id).to_vec(),
            Err(e) => {
                out.write_error(e);
                return Ok(());
            }
        }
    };
    write_statistics(ctx, &keys, args);
    Ok(())
}

/// Writes the statistics of `keys` (those of the client types the switches select) with what -GetMailboxLog,
/// -NotificationEmailAddresses and -ShowRecoveryPassword ask for, as `GetMobileDeviceStatisticsBase.cs` does:
/// the addresses are checked (a warning for each that is neither an SMTP address nor one mailbox's alias), each
/// object carries its device's log in MailboxLogReport, and when none of the devices has a log the "Logs couldn't
/// be retrieved" error follows the objects. `-GetMailboxLog:$false` only warns that no log is
/// retrieved. Exchange also mails the logs to the addresses (and to the admin running the cmdlet); the
/// simulator's admin layer has no mail store, so no mail is delivered.
pub(super) fn write_statistics(
    ctx: &mut CmdletContext<'_>,
    keys: &[DeviceKey],
    args: &BoundParameters,
) {
    let types = ClientTypes::from_args(args);
    let show_password = args.switch("ShowRecoveryPassword");
    let get_log = args.switch("GetMailboxLog");
    let (tenant, out) = ctx.read();
    // Exchange checks the addresses before it writes the objects; the warnings are written after them, in the
    // order the admin endpoint's answer carries them (objects, warnings, errors), so both hosts print the same.
    let invalid: Vec<String> = if get_log {
        args.strings("NotificationEmailAddresses")
            .unwrap_or_default()
            .into_iter()
            .filter(|a| !is_notification_address(tenant, a))
            .collect()
    } else {
        Vec::new()
    };
    let mut any_log = false;
    let mut owner = None;
    for &key in keys {
        let Some(d) = tenant.device(key) else {
            continue;
        };
        if types.allows(d.client_type) {
            any_log |= !d.mailbox_log.is_empty();
            owner.get_or_insert(d.mailbox);
            out.write_object_with(|| statistics_object(tenant, d, show_password, get_log).into());
        }
        if !out.wants_more() {
            break;
        }
    }
    for address in invalid {
        out.write_warning(messages::invalid_smtp_address_or_alias(&address));
    }
    if get_log && !any_log {
        let name = owner.map_or("", |id| tenant.mailbox(id).name.as_str());
        out.write_error(messages::mailbox_log_none_exist(name));
    } else if !get_log && args.is_bound("GetMailboxLog") {
        out.write_warning(messages::MAILBOX_LOG_NOT_RETRIEVED);
    }
}

/// An SMTP address, or an alias that names exactly one mailbox ([EX13]
/// `Microsoft.Exchange.Management/Exchange/Management/Tasks/MobileDeviceTaskHelper.cs ValidateAddresses`).
fn is_notification_address(tenant: &Tenant, value: &str) -> bool {
    let value = value.trim();
    if let Some((local, domain)) = value.split_once('@') {
        return !local.is_empty() && domain.contains('.') && !value.contains(char::is_whitespace);
    }
    matches!(tenant.find_mailboxes(value), [one] if eq_ci(&tenant.mailbox(*one).alias, value))
}
