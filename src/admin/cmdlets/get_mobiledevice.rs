//! Get-MobileDevice: device partnerships by -Identity, -Mailbox or -Filter, with the access state shown as
//! Exchange recomputes it at read time.
//!
//! `-Filter` terms `-eq` on DeviceModel, DeviceType, DeviceOS, DeviceUserAgent or DeviceAccessState are answered
//! from the tenant's indexes (the candidates are then checked against the whole filter), so selective filters do
//! not scan the tenant. A DeviceAccessState term equal to the org default's state is the exception: most devices
//! may show that state, so it scans. Every other documented filterable property (ClientType, DeviceId,
//! DeviceActiveSyncVersion, ProvisioningFlags, FirstSyncTime, FriendlyName, UserDisplayName …) is answered by one
//! linear pass over the devices, as are filters no index plan covers (`-ne`, `-like`, `-or` with an unindexed side).
//!
//! -SortBy sorts by one property, ascending, before -ResultSize applies (all matches are collected first).
//! -OrganizationalUnit is accepted with no effect: the simulated tenant has one organizational unit.
//!
//! Default -ResultSize is Unlimited: Exchange 2013's Get-MobileDevice pages through everything (eas-facts §7.2);
//! whether Exchange Online's cmdlet stops at 1000 with the recipient warning is unconfirmed.

use crate::admin::params::{IdentityKind, UNLIMITED, identity};
use crate::model::{Characteristic, DeviceAccessState, DeviceKey, MobileDevice, Tenant};

use super::super::identity;
use super::super::objects::MOBILE_DEVICE_TYPE;
use super::super::objects::device::{DEVICE_SCHEMA, DeviceRow, prop};
use super::super::opath::{Filter, Lit, Plan, Record};
use super::super::result_size::ResultLimit;
use super::super::sort_by::{self, SortKey};
use super::{CLIENT_TYPE_SWITCHES, ClientTypes, filter_arg};
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::script::cmdlet::{CmdletInfo, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParamType, ParameterInfo, PipelineInput};

const PARAMS: [ParameterInfo; 10] = [
    ParameterInfo::new("Identity", identity(IdentityKind::MobileDevice))
        .position(0)
        .pipeline(PipelineInput::ByValue)
        .sets(&["Identity"])
        .help("A device Identity (Mailbox\\ExchangeActiveSyncDevices\\Type§Id) or Guid."),
    ParameterInfo::new("Mailbox", identity(IdentityKind::Mailbox))
        .mandatory()
        .pipeline(PipelineInput::ByValue)
        .sets(&["Mailbox"])
        .help("The mailbox whose partnerships to list."),
    ParameterInfo::new("Filter", ParamType::Filter)
        .help("An OPATH filter on the device properties."),
    ParameterInfo::new("OrganizationalUnit", ParamType::String).help(
        "Only the devices of mailboxes in this organizational unit (Name, canonical name, DN or Guid); accepted with no effect in the simulator: its tenant keeps every mailbox, and so every device, in one unit (domain/Users, as UserDisplayName shows).",
    ),
    ParameterInfo::new("ResultSize", UNLIMITED)
        .help("How many devices to return (default Unlimited)."),
    ParameterInfo::new("SortBy", ParamType::String).help(
        "One property to sort by, ascending: FriendlyName, DeviceId, DeviceImei, DeviceMobileOperator, DeviceOS, DeviceOSLanguage, DeviceTelephoneNumber, DeviceType, DeviceUserAgent, DeviceModel, FirstSyncTime, UserDisplayName, DeviceAccessState, DeviceAccessStateReason, DeviceAccessControlRule or DeviceActiveSyncVersion.",
    ),
    CLIENT_TYPE_SWITCHES[0],
    CLIENT_TYPE_SWITCHES[1],
    CLIENT_TYPE_SWITCHES[2],
    CLIENT_TYPE_SWITCHES[3],
];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Get-MobileDevice",
        synopsis: "Lists mobile device partnerships, with their access state as Exchange shows it.",
        output_type: Some(MOBILE_DEVICE_TYPE),
        parameters: &PARAMS,
        default_parameter_set: "Identity",
        confirm_impact: None,
        examples: EXAMPLES,
    },
    run,
);

static EXAMPLES: &[Example] = &[
    Example {
        title: "One device by its Identity",
        input: r"Get-MobileDevice -Identity 'Alice\ExchangeActiveSyncDevices\iPhone§ApplF17XK1AB'",
        output: r#"FriendlyName            : Alice's iPhone
DeviceId                : ApplF17XK1AB
DeviceImei              :
DeviceMobileOperator    :
DeviceOS                : iOS 12.1 16B92
DeviceOSLanguage        : en-US
DeviceTelephoneNumber   :
DeviceType              : iPhone
DeviceUserAgent         : Apple-iPhone6C2/1602.92
DeviceModel             : iPhone6C2
FirstSyncTime           : 11/1/2026 8:00:00 AM
UserDisplayName         : contoso.com/Users/Alice
DeviceAccessState       : Allowed
DeviceAccessStateReason : DeviceRule
DeviceAccessControlRule : iPhone6C2 (DeviceModel)
ClientVersion           : 16.1
ClientType              : EAS
IsManaged               : False
IsCompliant             : False
IsDisabled              : False
Name                    : iPhone§ApplF17XK1AB
Identity                : Alice\ExchangeActiveSyncDevices\iPhone§ApplF17XK1AB
Guid                    : 00000000-0000-4000-8000-0000de71ce01"#,
    },
    Example {
        title: "The devices of one model (answered from the DeviceModel index)",
        input: r#"Get-MobileDevice -Filter "DeviceModel -eq 'iPhone6C2'" -ResultSize Unlimited"#,
        output: r#"FriendlyName            : Alice's iPhone
DeviceId                : ApplF17XK1AB
DeviceImei              :
DeviceMobileOperator    :
DeviceOS                : iOS 12.1 16B92
DeviceOSLanguage        : en-US
DeviceTelephoneNumber   :
DeviceType              : iPhone
DeviceUserAgent         : Apple-iPhone6C2/1602.92
DeviceModel             : iPhone6C2
FirstSyncTime           : 11/1/2026 8:00:00 AM
UserDisplayName         : contoso.com/Users/Alice
DeviceAccessState       : Allowed
DeviceAccessStateReason : DeviceRule
DeviceAccessControlRule : iPhone6C2 (DeviceModel)
ClientVersion           : 16.1
ClientType              : EAS
IsManaged               : False
IsCompliant             : False
IsDisabled              : False
Name                    : iPhone§ApplF17XK1AB
Identity                : Alice\ExchangeActiveSyncDevices\iPhone§ApplF17XK1AB
Guid                    : 00000000-0000-4000-8000-0000de71ce01


FriendlyName            : Bob's iPhone
DeviceId                : ApplG7H8J9K0
DeviceImei              :
DeviceMobileOperator    :
DeviceOS                : iOS 12.4 16G77
DeviceOSLanguage        : en-US
DeviceTelephoneNumber   :
DeviceType              : iPhone
DeviceUserAgent         : Apple-iPhone6C2/1607.77
DeviceModel             : iPhone6C2
FirstSyncTime           : 11/1/2026 8:00:00 AM
UserDisplayName         : contoso.com/Users/Bob
DeviceAccessState       : Allowed
DeviceAccessStateReason : DeviceRule
DeviceAccessControlRule : iPhone6C2 (DeviceModel)
ClientVersion           : 16.1
ClientType              : EAS
IsManaged               : False
IsCompliant             : False
IsDisabled              : False
Name                    : iPhone§ApplG7H8J9K0
Identity                : Bob\ExchangeActiveSyncDevices\iPhone§ApplG7H8J9K0
Guid                    : 00000000-0000-4000-8000-0000de71ce03"#,
    },
    Example {
        title: "Quarantined devices: the filter sees the state as recomputed at read time",
        input: r#"Get-MobileDevice -Filter "DeviceAccessState -eq 'Quarantined'""#,
        output: r#"FriendlyName            : Galaxy S21
DeviceId                : SEC1A2B3C4D5
DeviceImei              :
DeviceMobileOperator    :
DeviceOS                : Android 13
DeviceOSLanguage        : en-US
DeviceTelephoneNumber   :
DeviceType              : Android
DeviceUserAgent         : Android-SAMSUNG-SM-G991B/101.130
DeviceModel             : SM-G991B
FirstSyncTime           : 11/1/2026 8:00:00 AM
UserDisplayName         : contoso.com/Users/Alice
DeviceAccessState       : Quarantined
DeviceAccessStateReason : Global
DeviceAccessControlRule :
ClientVersion           : 16.1
ClientType              : EAS
IsManaged               : False
IsCompliant             : False
IsDisabled              : False
Name                    : Android§SEC1A2B3C4D5
Identity                : Alice\ExchangeActiveSyncDevices\Android§SEC1A2B3C4D5
Guid                    : 00000000-0000-4000-8000-0000de71ce02"#,
    },
    Example {
        title: "A mailbox's devices, limited to one, with the warning Exchange writes",
        input: "Get-MobileDevice -Mailbox alice@contoso.com -ResultSize 1",
        output: r#"FriendlyName            : Alice's iPhone
DeviceId                : ApplF17XK1AB
DeviceImei              :
DeviceMobileOperator    :
DeviceOS                : iOS 12.1 16B92
DeviceOSLanguage        : en-US
DeviceTelephoneNumber   :
DeviceType              : iPhone
DeviceUserAgent         : Apple-iPhone6C2/1602.92
DeviceModel             : iPhone6C2
FirstSyncTime           : 11/1/2026 8:00:00 AM
UserDisplayName         : contoso.com/Users/Alice
DeviceAccessState       : Allowed
DeviceAccessStateReason : DeviceRule
DeviceAccessControlRule : iPhone6C2 (DeviceModel)
ClientVersion           : 16.1
ClientType              : EAS
IsManaged               : False
IsCompliant             : False
IsDisabled              : False
Name                    : iPhone§ApplF17XK1AB
Identity                : Alice\ExchangeActiveSyncDevices\iPhone§ApplF17XK1AB
Guid                    : 00000000-0000-4000-8000-0000de71ce01

WARNING: There are more results available than are currently displayed. To view them, increase the value for the ResultSize parameter."#,
    },
    Example {
        title: "An unknown device",
        input: r"Get-MobileDevice -Identity 'Alice\ExchangeActiveSyncDevices\iPhone§NOPE'",
        output: r#"Get-MobileDevice : The operation couldn't be performed because object 'Alice\ExchangeActiveSyncDevices\iPhone§NOPE' couldn't be found on 'EASPR01A001DC01.EASPR01A001.prod.outlook.com'.
At line:1 char:1
+ Get-MobileDevice -Identity 'Alice\ExchangeActiveSyncDevices\iPhone§NOPE'
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : ObjectNotFound: (Alice\ExchangeActiveSyncDevices\iPhone§NOPE:String) [Get-MobileDevice], ManagementObjectNotFoundException
    + FullyQualifiedErrorId : ManagementObjectNotFoundException,Get-MobileDevice"#,
    },
    Example {
        title: "Sorted by one property, ascending (-SortBy)",
        input: "Get-MobileDevice -SortBy DeviceModel | Format-Table DeviceModel, DeviceId, UserDisplayName",
        output: r#"DeviceModel                 DeviceId         UserDisplayName
-----------                 --------         ---------------
iPhone6C2                   ApplF17XK1AB     contoso.com/Users/Alice
iPhone6C2                   ApplG7H8J9K0     contoso.com/Users/Bob
Outlook for iOS and Android 5eec4e94a1b2c3d4 contoso.com/Users/Bob
SM-G991B                    SEC1A2B3C4D5     contoso.com/Users/Alice"#,
    },
    Example {
        title: "A filter on DeviceActiveSyncVersion, the protocol version the device last used (a linear pass)",
        input: r#"Get-MobileDevice -Filter "DeviceActiveSyncVersion -eq '16.1' -and ProvisioningFlags -eq 0" | Format-Table DeviceId, ClientVersion"#,
        output: r#"DeviceId         ClientVersion
--------         -------------
ApplF17XK1AB     16.1
SEC1A2B3C4D5     16.1
ApplG7H8J9K0     16.1
5eec4e94a1b2c3d4 16.1"#,
    },
    Example {
        title: "A property -SortBy does not take",
        input: "Get-MobileDevice -SortBy ClientType",
        output: r#"Get-MobileDevice : Cannot bind parameter 'SortBy' to the target. Exception setting "SortBy": "Property ClientType is not supported in the sort."
At line:1 char:1
+ Get-MobileDevice -SortBy ClientType
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : InvalidArgument: (SortBy:String) [Get-MobileDevice], ParameterBindingException
    + FullyQualifiedErrorId : ParameterBindingException,Get-MobileDevice"#,
    },
    Example {
        title: "A bad filter names the position",
        input: r#"Get-MobileDevice -Filter "DeviceModel -eq""#,
        output: r#"Get-MobileDevice : Cannot bind parameter 'Filter' to the target. Exception setting "Filter": "Invalid filter syntax. For a description of the filter parameter syntax see the command help. "DeviceModel -eq" at position 16. Expected a value after '-eq'."
At line:1 char:1
+ Get-MobileDevice -Filter "DeviceModel -eq"
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : InvalidArgument: (Filter:String) [Get-MobileDevice], ParameterBindingException
    + FullyQualifiedErrorId : ParameterBindingException,Get-MobileDevice"#,
    },
];

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let filter = filter_arg(args, DEVICE_SCHEMA)?;
    let sortable = SORTABLE.map(|i| (DEVICE_SCHEMA[i].name, i));
    let sort = sort_by::from_args(args, &sortable)?;
    let types = ClientTypes::from_args(args);
    let (tenant, out) = ctx.read();
    let keys: Vec<DeviceKey> = if let Some(id) = args.string("Identity") {
        match identity::device(tenant, id) {
            Ok(key) => vec![key],
            Err(e) => {
                out.write_error(e);
                return Ok(());
            }
        }
    } else if let Some(mailbox) = args.string("Mailbox") {
        match identity::mailbox(tenant, mailbox) {
            Ok(id) => tenant.devices_of(id).to_vec(),
            Err(e) => {
                out.write_error(e);
                return Ok(());
            }
        }
    } else {
        match &filter {
            Some(f) => candidates(tenant, f),
            None => tenant.devices().map(|(k, _)| k).collect(),
        }
    };
    let selected = keys.into_iter().filter_map(|key| {
        let device = tenant.device(key)?;
        if !types.allows(device.client_type) {
            return None;
        }
        let row = DeviceRow::new(tenant, device);
        if filter.as_ref().is_some_and(|f| !f.matches(&row)) {
            return None;
        }
        Some(row)
    });
    let rows: Box<dyn Iterator<Item = DeviceRow<'_>>> = match sort {
        Some(prop) => Box::new(
            sort_by::sorted(selected, |row| sort_key(tenant, row.device(), prop)).into_iter(),
        ),
        None => Box::new(selected),
    };
    let mut limit = ResultLimit::from_args(args, None);
    for row in rows {
        if !limit.admit(out) {
            break;
        }
        out.write_object_with(|| row.to_object().into());
        if !out.wants_more() {
            break;
        }
    }
    Ok(())
}

/// The properties -SortBy accepts, by schema index: the reference's list
/// (learn.microsoft.com/powershell/module/exchangepowershell/get-mobiledevice, -SortBy) plus
/// DeviceActiveSyncVersion, which Exchange 2013's list also has ([EX13] `Microsoft.Exchange.Management/Exchange/
/// Management/Tasks/GetMobileDeviceBase.cs SortPropertiesArray`). Names match case-insensitively
/// (`QueryHelper.cs MapPropertyName`).
const SORTABLE: [usize; 16] = [
    0,
    1,
    2,
    3,
    prop::DEVICE_OS,
    5,
    6,
    prop::DEVICE_TYPE,
    prop::DEVICE_USER_AGENT,
    prop::DEVICE_MODEL,
    10,
    11,
    prop::DEVICE_ACCESS_STATE,
    prop::DEVICE_ACCESS_STATE_REASON,
    prop::DEVICE_ACCESS_CONTROL_RULE,
    prop::DEVICE_ACTIVE_SYNC_VERSION,
];

/// A device's -SortBy key ([`sort_by::SortKey`]). The access state, reason and rule sort by their stored values,
/// as the directory holds them, not by the values Get-MobileDevice recomputes for display.
fn sort_key(tenant: &Tenant, d: &MobileDevice, prop: usize) -> SortKey {
    match prop {
        prop::DEVICE_ACCESS_STATE => SortKey::Number(d.access.state as i64),
        prop::DEVICE_ACCESS_STATE_REASON => SortKey::Number(d.access.reason as i64),
        prop::DEVICE_ACCESS_CONTROL_RULE => d
            .access
            .rule
            .as_deref()
            .map_or(SortKey::Absent, SortKey::text),
        _ => SortKey::of(DeviceRow::new(tenant, d).get(prop)),
    }
}

/// The devices `filter` matches, in key order; with `use_index` false every device is checked (the reference the
/// tests compare the index plan with).
pub fn devices_matching(tenant: &Tenant, filter: &Filter, use_index: bool) -> Vec<DeviceKey> {
    let keys = if use_index {
        candidates(tenant, filter)
    } else {
        tenant.devices().map(|(k, _)| k).collect()
    };
    keys.into_iter()
        .filter(|&k| {
            tenant
                .device(k)
                .is_some_and(|d| filter.matches(&DeviceRow::new(tenant, d)))
        })
        .collect()
}

/// Every device that might match, from the indexes when the filter allows it, else all of them.
fn candidates(tenant: &Tenant, filter: &Filter) -> Vec<DeviceKey> {
    let indexed = |p: usize| {
        matches!(
            p,
            prop::DEVICE_OS
                | prop::DEVICE_TYPE
                | prop::DEVICE_USER_AGENT
                | prop::DEVICE_MODEL
                | prop::DEVICE_ACCESS_STATE
        )
    };
    filter
        .plan(indexed)
        .and_then(|plan| execute(tenant, &plan))
        .unwrap_or_else(|| tenant.devices().map(|(k, _)| k).collect())
}

/// Sorted, deduplicated keys for a plan; `None` when a needed lookup cannot be answered from an index.
fn execute(tenant: &Tenant, plan: &Plan<'_>) -> Option<Vec<DeviceKey>> {
    match plan {
        Plan::Lookup { prop, lit } => lookup(tenant, *prop, lit),
        Plan::Union(parts) => {
            let mut all = Vec::new();
            for p in parts {
                all.extend(execute(tenant, p)?);
            }
            all.sort_unstable();
            all.dedup();
            Some(all)
        }
        Plan::Intersect(parts) => {
            let mut sets: Vec<Vec<DeviceKey>> =
                parts.iter().filter_map(|p| execute(tenant, p)).collect();
            sets.sort_by_key(Vec::len);
            let mut iter = sets.into_iter();
            let mut acc = iter.next()?;
            for other in iter {
                acc.retain(|k| other.binary_search(k).is_ok());
            }
            Some(acc)
        }
    }
}

fn lookup(tenant: &Tenant, prop: usize, lit: &Lit) -> Option<Vec<DeviceKey>> {
    let characteristic = match prop {
        prop::DEVICE_OS => Characteristic::DeviceOS,
        prop::DEVICE_TYPE => Characteristic::DeviceType,
        prop::DEVICE_USER_AGENT => Characteristic::UserAgent,
        prop::DEVICE_MODEL => Characteristic::DeviceModel,
        prop::DEVICE_ACCESS_STATE => {
            let Lit::Enum(e) = lit else { return None };
            return shown_in_state(tenant, e.name.parse().ok()?);
        }
        _ => return None,
    };
    match lit {
        Lit::Str(s) => Some(tenant.devices_with(characteristic, s)),
        _ => None,
    }
}

/// A superset of the devices Get-MobileDevice shows in `state`: those stored in it (devices that are not
/// recomputed show their stored state) plus those a rule of that level matches (recomputed devices show the rule's
/// state or the org default). When `state` is the org default's, nearly every device may show it: `None` (scan).
fn shown_in_state(tenant: &Tenant, state: DeviceAccessState) -> Option<Vec<DeviceKey>> {
    if tenant.org.default_access_level.state() == state {
        return None;
    }
    let mut keys: Vec<DeviceKey> = tenant.devices_in_state(state).collect();
    for rule in tenant.rules.iter() {
        if rule.access_level.state() == state {
            keys.extend(tenant.devices_with(rule.characteristic, &rule.query_string));
            if rule.characteristic == Characteristic::DeviceModel {
                // A device that never sent a model is matched on its DeviceType.
                keys.extend(tenant.devices_with(Characteristic::DeviceType, &rule.query_string));
            }
        }
    }
    keys.sort_unstable();
    keys.dedup();
    Some(keys)
}
