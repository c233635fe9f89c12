//! Get-EXOCasMailbox, the Exchange Online PowerShell V3 module's REST cmdlet for mailboxes' Client Access
//! settings: the Minimum property set by default, more through -PropertySets and -Properties (`objects::exo`),
//! 1000 results by default with Exchange's warning. Reference:
//! https://learn.microsoft.com/powershell/module/exchangepowershell/get-exocasmailbox (MicrosoftDocs/
//! office-docs-powershell `exchange/exchange-ps/ExchangePowerShell/Get-EXOCasMailbox.md` @93336da) and
//! https://learn.microsoft.com/powershell/exchange/cmdlet-property-sets#get-exocasmailbox-property-sets.
//!
//! Every documented parameter is accepted. -ActiveSyncDebugLogging, -GetImapProtocolLog, -GetPopProtocolLog,
//! -IgnoreDefaultScope, -ReadIsOptimizedForAccessibility and -SendLogsTo ("reserved for internal Microsoft use")
//! and -OrganizationalUnit have no effect; -ProtocolSettings asks for server names and ports the simulated tenant
//! does not have (the ProtocolSettings set's properties are not modelled), so it adds nothing.

use super::super::objects::exo::{
    CAS_PROPERTY_SET, CAS_PROPS, CAS_SETS, EXO_CAS_MAILBOX_TYPE, ExoCasRow, exo_cas_object,
};
use super::super::result_size::{RECIPIENT_DEFAULT, ResultLimit};
use super::{exo_mailboxes, exo_properties, filter_arg};
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::admin::params::{GUID, UNLIMITED};
use crate::script::cmdlet::{CmdletInfo, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParamType, ParameterInfo, PipelineInput};

const INTERNAL: &str = "Reserved for internal Microsoft use; no effect.";

const PARAMS: [ParameterInfo; 17] = [
    ParameterInfo::new("Identity", ParamType::String)
        .position(0)
        .pipeline(PipelineInput::Both)
        .sets(&["Identity"])
        .help("Name, Alias, SMTP address, UPN or Guid of one mailbox (no wildcards)."),
    ParameterInfo::new("Anr", ParamType::String)
        .sets(&["Anr"])
        .help("Ambiguous name resolution: mailboxes whose display name, a word of it, alias or SMTP address starts with it."),
    ParameterInfo::new("ActiveSyncDebugLogging", ParamType::Switch).help(INTERNAL),
    ParameterInfo::new("ExternalDirectoryObjectId", GUID)
        .pipeline(PipelineInput::ByPropertyName)
        .sets(&["Identity"])
        .help("The mailbox's Microsoft Entra ObjectId: the simulated tenant keeps none, so no mailbox is found."),
    ParameterInfo::new("Filter", ParamType::Filter)
        .help("An OPATH filter on the properties the objects can show (modelled ones)."),
    ParameterInfo::new("GetImapProtocolLog", ParamType::Switch).help(INTERNAL),
    ParameterInfo::new("GetPopProtocolLog", ParamType::Switch).help(INTERNAL),
    ParameterInfo::new("IgnoreDefaultScope", ParamType::Switch).help(INTERNAL),
    ParameterInfo::new("OrganizationalUnit", ParamType::String)
        .help("Accepted; the simulated tenant has one organizational unit, so it has no effect."),
    ParameterInfo::new("PrimarySmtpAddress", ParamType::String)
        .pipeline(PipelineInput::ByPropertyName)
        .sets(&["Identity"])
        .help("The mailbox with this primary SMTP address."),
    ParameterInfo::new("Properties", ParamType::Strings)
        .help("Properties to return besides the Minimum set; one the simulator does not model is an error."),
    ParameterInfo::new("PropertySets", ParamType::Enums(&CAS_PROPERTY_SET)).help(concat!(
        "Property sets to return besides Minimum (the default): Minimum, ActiveSync, Ews, Imap, Mapi, Pop, ProtocolSettings, All. ",
        "Properties not modelled, omitted from the objects: ",
        "ExternalDirectoryObjectId, ExternalImapSettings, ExternalPopSettings, ExternalSmtpSettings, InternalImapSettings, InternalPopSettings, InternalSmtpSettings, MAPIBlockOutlookExternalConnectivity, OrganizationId, ServerLegacyDN. ",
        "The others are the tenant's, or the default the Set-CASMailbox reference documents."
    )),
    ParameterInfo::new("ProtocolSettings", ParamType::Switch)
        .help("Server names, ports and encryption methods: not modelled, so nothing is added."),
    ParameterInfo::new("ReadIsOptimizedForAccessibility", ParamType::Switch).help(INTERNAL),
    ParameterInfo::new("ResultSize", UNLIMITED).help("Default 1000; `Unlimited` for all."),
    ParameterInfo::new("SendLogsTo", ParamType::Strings).help(INTERNAL),
    ParameterInfo::new("UserPrincipalName", ParamType::String)
        .pipeline(PipelineInput::ByPropertyName)
        .sets(&["Identity"])
        .help("The mailbox with this user principal name."),
];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Get-EXOCasMailbox",
        synopsis: "Shows mailboxes' Client Access settings with the Minimum property set or the sets and properties asked for (Exchange Online PowerShell V3).",
        output_type: Some(EXO_CAS_MAILBOX_TYPE),
        parameters: &PARAMS,
        default_parameter_set: "Identity",
        confirm_impact: None,
        examples: EXAMPLES,
    },
    run,
);

static EXAMPLES: &[Example] = &[
    Example {
        title: "The reference's example: one mailbox's client access settings (the Minimum set)",
        input: r#"Get-EXOCASMailbox -Identity "alice@contoso.com""#,
        output: r#"ActiveSyncEnabled  : True
DisplayName        : Alice Wilson
ECPEnabled         : True
EmailAddresses     : {SMTP:alice@contoso.com}
EwsEnabled         : True
ExchangeVersion    : 0.20 (15.0.0.0)
Guid               : 00000000-0000-4000-8000-0000a11ce000
Identity           : Alice
ImapEnabled        : True
MAPIEnabled        : True
Name               : Alice
OWAEnabled         : True
PopEnabled         : True
PrimarySmtpAddress : alice@contoso.com"#,
    },
    Example {
        title: "The ActiveSync property set: the device lists and the mailbox policy",
        input: "Get-EXOCasMailbox -PropertySets ActiveSync -ResultSize Unlimited | Format-Table Name, ActiveSyncAllowedDeviceIDs, ActiveSyncMailboxPolicy, HasActiveSyncDevicePartnership",
        output: r#"Name     ActiveSyncAllowedDeviceIDs ActiveSyncMailboxPolicy HasActiveSyncDevicePartnership
----     -------------------------- ----------------------- ------------------------------
Alice    {}                         Executives              True
Bob      {5eec4e94a1b2c3d4}         Default                 True
Carol    {}                         Default                 False
HelpDesk {}                         Default                 False"#,
    },
    Example {
        title: "A filter on a property of a set",
        input: r#"Get-EXOCasMailbox -Filter "HasActiveSyncDevicePartnership -eq `$true" -PropertySets ActiveSync | Format-Table Name, ActiveSyncEnabled"#,
        output: r#"Name  ActiveSyncEnabled
----  -----------------
Alice True
Bob   True"#,
    },
    Example {
        title: "A property set name that does not exist",
        input: "Get-EXOCasMailbox -PropertySets Eas",
        output: r#"Get-EXOCasMailbox : Cannot bind parameter 'PropertySets'. Cannot convert value "Eas" to type "Microsoft.Exchange.Management.RestApiClient.GetExoCasMailbox+PropertySet". Error: "Unable to match the identifier name Eas to a valid enumerator name. Specify one of the following enumerator names and try again: Minimum, ActiveSync, Ews, Imap, Mapi, Pop, ProtocolSettings, All"
At line:1 char:1
+ Get-EXOCasMailbox -PropertySets Eas
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : InvalidArgument: (PropertySets:String) [Get-EXOCasMailbox], ParameterBindingException
    + FullyQualifiedErrorId : ParameterBindingException,Get-EXOCasMailbox"#,
    },
];

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let filter = filter_arg(args, CAS_PROPS)?;
    let names = exo_properties(args, "Get-EXOCasMailbox", CAS_SETS, CAS_PROPS)?;
    let (tenant, out) = ctx.read();
    let ids = match exo_mailboxes(tenant, args) {
        Ok(ids) => ids,
        Err(e) => {
            out.write_error(e);
            return Ok(());
        }
    };
    let mut limit = ResultLimit::from_args(args, Some(RECIPIENT_DEFAULT));
    for id in ids {
        if filter
            .as_ref()
            .is_some_and(|f| !f.matches(&ExoCasRow { tenant, id }))
        {
            continue;
        }
        if !limit.admit(out) {
            break;
        }
        out.write_object_with(|| exo_cas_object(tenant, id, &names).into());
        if !out.wants_more() {
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::objects::exo::gaps;

    #[test]
    fn the_help_lists_exactly_the_properties_not_modelled() {
        let listed = gaps(CAS_SETS, CAS_PROPS).join(", ");
        let help = PARAMS
            .iter()
            .find(|p| p.name == "PropertySets")
            .map_or("", |p| p.help);
        assert!(
            help.contains(&format!("omitted from the objects: {listed}. ")),
            "{listed}"
        );
    }
}
