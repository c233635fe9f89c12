//! Get-EXOMobileDeviceStatistics, the Exchange Online PowerShell V3 module's REST cmdlet for device statistics:
//! the devices of a mailbox (-Mailbox, -UserPrincipalName, -PrimarySmtpAddress, -ExternalDirectoryObjectId) or
//! one device (-Identity: its Guid or DeviceID), with the client-type switches, -ShowRecoveryPassword and
//! -GetMailboxLog as Get-MobileDeviceStatistics has them. Reference:
//! https://learn.microsoft.com/powershell/module/exchangepowershell/get-exomobiledevicestatistics
//! (MicrosoftDocs/office-docs-powershell `exchange/exchange-ps/ExchangePowerShell/Get-EXOMobileDeviceStatistics.md`
//! @93336da). The reference gives this cmdlet no property sets; its objects are Get-MobileDeviceStatistics's
//! (`objects::device::statistics_object`).
//!
//! A DeviceID is looked up in the tenant's DeviceId index; one that several mailboxes' partnerships share is
//! ambiguous. With no identity at all every partnership is reported ("The value $null or a non-existent value
//! for the Identity parameter returns all objects", the reference's caution on -Identity).

use crate::model::{DeviceKey, Tenant};

use super::super::identity;
use super::super::messages;
use super::super::objects::MOBILE_DEVICE_CONFIGURATION_TYPE;
use super::get_mobiledevicestatistics::write_statistics;
use super::{CLIENT_TYPE_SWITCHES, exo_mailboxes};
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::admin::params::GUID;
use crate::script::cmdlet::{CmdletInfo, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParamType, ParameterInfo, PipelineInput};

const PARAMS: [ParameterInfo; 12] = [
    ParameterInfo::new("Identity", ParamType::String)
        .pipeline(PipelineInput::Both)
        .sets(&["Identity"])
        .help("The device's Guid or DeviceID."),
    ParameterInfo::new("Mailbox", ParamType::String)
        .pipeline(PipelineInput::Both)
        .sets(&["MobileDeviceIdentity"])
        .help("The mailbox whose devices to report (Guid, UPN, or any other mailbox identity)."),
    CLIENT_TYPE_SWITCHES[0],
    ParameterInfo::new("ExternalDirectoryObjectId", GUID)
        .pipeline(PipelineInput::ByPropertyName)
        .sets(&["Identity"])
        .help("The mailbox's Microsoft Entra ObjectId: the simulated tenant keeps none, so no mailbox is found."),
    ParameterInfo::new("GetMailboxLog", ParamType::Switch).help(
        "Returns each device's ActiveSync mailbox log in MailboxLogReport (kept while Set-CASMailbox -ActiveSyncDebugLogging is on). The mail Exchange also sends is not delivered.",
    ),
    ParameterInfo::new("NotificationEmailAddresses", ParamType::Strings)
        .help("Where Exchange mails the logs; checked (a warning per invalid address) but no mail is delivered."),
    CLIENT_TYPE_SWITCHES[1],
    ParameterInfo::new("PrimarySmtpAddress", ParamType::String)
        .pipeline(PipelineInput::ByPropertyName)
        .sets(&["Identity"])
        .help("The mailbox with this primary SMTP address."),
    CLIENT_TYPE_SWITCHES[2],
    ParameterInfo::new("ShowRecoveryPassword", ParamType::Switch),
    CLIENT_TYPE_SWITCHES[3],
    ParameterInfo::new("UserPrincipalName", ParamType::String)
        .pipeline(PipelineInput::ByPropertyName)
        .sets(&["Identity"])
        .help("The mailbox with this user principal name."),
];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Get-EXOMobileDeviceStatistics",
        synopsis: "Reports the sync statistics of a mailbox's devices or of one device (Exchange Online PowerShell V3).",
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
        title: "The reference's example 2: a mailbox's ActiveSync devices",
        input: "Get-EXOMobileDeviceStatistics -Mailbox alice@contoso.com -ActiveSync | Format-Table DeviceID, DeviceModel, ClientType, LastSuccessSync",
        output: r#"DeviceID     DeviceModel ClientType LastSuccessSync
--------     ----------- ---------- ---------------
ApplF17XK1AB iPhone6C2   EAS        11/23/2026 7:55:00 AM
SEC1A2B3C4D5 SM-G991B    EAS        11/23/2026 7:55:00 AM"#,
    },
    Example {
        title: "One device by its DeviceID",
        input: "Get-EXOMobileDeviceStatistics -Identity SEC1A2B3C4D5 | Format-List DeviceID, DeviceFriendlyName, DeviceAccessState",
        output: r#"DeviceID           : SEC1A2B3C4D5
DeviceFriendlyName : Galaxy S21
DeviceAccessState  : Quarantined"#,
    },
    Example {
        title: "A mailbox by its user principal name",
        input: "Get-EXOMobileDeviceStatistics -UserPrincipalName bob@contoso.com -RestApi | Format-Table DeviceID, DeviceModel, ClientType",
        output: r#"DeviceID         DeviceModel                 ClientType
--------         -----------                 ----------
5eec4e94a1b2c3d4 Outlook for iOS and Android REST"#,
    },
];

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let (tenant, out) = ctx.read();
    let keys = match devices(tenant, args) {
        Ok(keys) => keys,
        Err(e) => {
            out.write_error(e);
            return Ok(());
        }
    };
    write_statistics(ctx, &keys, args);
    Ok(())
}

/// The partnerships the identity parameters name.
fn devices(tenant: &Tenant, args: &BoundParameters) -> Result<Vec<DeviceKey>, ErrorRecord> {
    if let Some(mailbox) = args.string("Mailbox") {
        let id = identity::mailbox(tenant, mailbox)?;
        return Ok(tenant.devices_of(id).to_vec());
    }
    if let Some(device) = args.string("Identity") {
        if let Some(key) = tenant.device_by_identity(device) {
            return Ok(vec![key]);
        }
        return match tenant.devices_with_id(device).as_slice() {
            [] => Err(messages::not_found(device)),
            [one] => Ok(vec![*one]),
            _ => Err(messages::ambiguous(device)),
        };
    }
    let by_mailbox = [
        "UserPrincipalName",
        "PrimarySmtpAddress",
        "ExternalDirectoryObjectId",
    ]
    .iter()
    .any(|p| args.string(p).is_some());
    if by_mailbox {
        let ids = exo_mailboxes(tenant, args)?;
        return Ok(ids
            .into_iter()
            .flat_map(|id| tenant.devices_of(id).iter().copied())
            .collect());
    }
    Ok(tenant.devices().map(|(k, _)| k).collect())
}
