//! The cmdlet registry (`CMDLETS`, `find`, `call`) and the few helpers several cmdlets share (OPATH -Filter
//! binding, the client-type switches, deterministic Guids for new objects). One file per cmdlet beside this one.
//!
//! Cmdlets are pure functions over the tenant; nothing here does I/O.

mod clear_mobiledevice;
mod compare_deviceaccess;
mod export_tenant;
mod get_activesyncdeviceaccessrule;
mod get_activesyncorganizationsettings;
mod get_adminauditlogconfig;
mod get_casmailbox;
mod get_exocasmailbox;
mod get_exomailbox;
mod get_exomobiledevicestatistics;
mod get_mailbox;
mod get_mobiledevice;
mod get_mobiledevicemailboxpolicy;
mod get_mobiledevicestatistics;
mod import_tenant;
mod new_activesyncdeviceaccessrule;
mod new_mobiledevicemailboxpolicy;
mod remove_activesyncdeviceaccessrule;
mod remove_mobiledevice;
mod remove_mobiledevicemailboxpolicy;
mod search_adminauditlog;
mod set_activesyncdeviceaccessrule;
mod set_activesyncorganizationsettings;
mod set_casmailbox;
mod set_mobiledevicemailboxpolicy;

use crate::model::{ClientType, Guid, Mailbox, MailboxId, Tenant, Timestamp, eq_ci};

use super::opath::{Filter, PropDef};
use crate::admin::context::{Cmdlet, CmdletContext, invoke};
use crate::script::binder::{NamedArg, bind};
use crate::script::cmdlet::CmdletInfo;
use crate::script::error::{ErrorCategory, ErrorRecord};
use crate::script::messages as ps_messages;
use crate::script::params::{BoundParameters, ParamType, ParameterInfo};
use crate::script::value::Value;

pub use get_mobiledevice::devices_matching;

/// Every cmdlet, in alphabetical order of noun then verb.
pub static CMDLETS: &[&Cmdlet] = &[
    &get_activesyncdeviceaccessrule::INFO,
    &new_activesyncdeviceaccessrule::INFO,
    &remove_activesyncdeviceaccessrule::INFO,
    &set_activesyncdeviceaccessrule::INFO,
    &get_activesyncorganizationsettings::INFO,
    &set_activesyncorganizationsettings::INFO,
    &get_adminauditlogconfig::INFO,
    &search_adminauditlog::INFO,
    &get_casmailbox::INFO,
    &set_casmailbox::INFO,
    &compare_deviceaccess::INFO,
    &get_exocasmailbox::INFO,
    &get_exomailbox::INFO,
    &get_exomobiledevicestatistics::INFO,
    &get_mailbox::INFO,
    &clear_mobiledevice::INFO,
    &get_mobiledevice::INFO,
    &remove_mobiledevice::INFO,
    &get_mobiledevicemailboxpolicy::INFO,
    &new_mobiledevicemailboxpolicy::INFO,
    &remove_mobiledevicemailboxpolicy::INFO,
    &set_mobiledevicemailboxpolicy::INFO,
    &get_mobiledevicestatistics::INFO,
    &export_tenant::INFO,
    &import_tenant::INFO,
];

/// The same cmdlets as the language sees them (what `admin::REGISTRY` gives the shell).
pub static INFOS: &[&CmdletInfo] = &[
    &get_activesyncdeviceaccessrule::INFO.info,
    &new_activesyncdeviceaccessrule::INFO.info,
    &remove_activesyncdeviceaccessrule::INFO.info,
    &set_activesyncdeviceaccessrule::INFO.info,
    &get_activesyncorganizationsettings::INFO.info,
    &set_activesyncorganizationsettings::INFO.info,
    &get_adminauditlogconfig::INFO.info,
    &search_adminauditlog::INFO.info,
    &get_casmailbox::INFO.info,
    &set_casmailbox::INFO.info,
    &compare_deviceaccess::INFO.info,
    &get_exocasmailbox::INFO.info,
    &get_exomailbox::INFO.info,
    &get_exomobiledevicestatistics::INFO.info,
    &get_mailbox::INFO.info,
    &clear_mobiledevice::INFO.info,
    &get_mobiledevice::INFO.info,
    &remove_mobiledevice::INFO.info,
    &get_mobiledevicemailboxpolicy::INFO.info,
    &new_mobiledevicemailboxpolicy::INFO.info,
    &remove_mobiledevicemailboxpolicy::INFO.info,
    &set_mobiledevicemailboxpolicy::INFO.info,
    &get_mobiledevicestatistics::INFO.info,
    &export_tenant::INFO.info,
    &import_tenant::INFO.info,
];

/// The cmdlet called `name` (case-insensitive).
pub fn find(name: &str) -> Option<&'static Cmdlet> {
    CMDLETS.iter().copied().find(|c| eq_ci(c.name, name.trim()))
}

/// The cmdlet whose metadata the language handed back (a `CmdletHost` gets `&CmdletInfo`s from `INFOS`).
pub fn of_info(info: &CmdletInfo) -> Result<&'static Cmdlet, ErrorRecord> {
    CMDLETS
        .iter()
        .copied()
        .find(|c| std::ptr::eq(&c.info, info))
        .or_else(|| find(info.name))
        .ok_or_else(|| ps_messages::unknown_command(info.name))
}

/// Finds, binds and runs one command: what the admin endpoint and the examples do for each call.
pub fn call(
    ctx: &mut CmdletContext<'_>,
    name: &str,
    positional: Vec<Value>,
    named: Vec<NamedArg>,
) -> Result<(), ErrorRecord> {
    let cmdlet = find(name).ok_or_else(|| ps_messages::unknown_command(name))?;
    let args = bind(cmdlet, positional, named)?;
    invoke(ctx, cmdlet, &args)
}

// ---- helpers shared by several cmdlets ---------------------------------------------------------------------

/// The bound -Filter compiled against `schema`, with Exchange's binding error around the OPATH error.
pub(crate) fn filter_arg(
    args: &BoundParameters,
    schema: &'static [PropDef],
) -> Result<Option<Filter>, ErrorRecord> {
    let Some(text) = args.string("Filter") else {
        return Ok(None);
    };
    Filter::compile(text, schema).map(Some).map_err(|e| {
        ErrorRecord::new(
            ErrorCategory::InvalidArgument,
            "ParameterBindingException",
            format!("Cannot bind parameter 'Filter' to the target. Exception setting \"Filter\": \"{e}\""),
        )
        .with_target("Filter")
    })
}

/// The -ActiveSync / -OWAforDevices / -RestApi / -UniversalOutlook switches as Get-MobileDevice and
/// Get-MobileDeviceStatistics read them: none given means every client type.
pub(crate) const CLIENT_TYPE_SWITCHES: [ParameterInfo; 4] = [
    ParameterInfo::new("ActiveSync", ParamType::Switch),
    ParameterInfo::new("OWAforDevices", ParamType::Switch),
    ParameterInfo::new("RestApi", ParamType::Switch),
    ParameterInfo::new("UniversalOutlook", ParamType::Switch),
];

/// Which client types the switches select.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ClientTypes([bool; 4]);

impl ClientTypes {
    pub(crate) fn from_args(args: &BoundParameters) -> ClientTypes {
        let given = [
            args.switch("ActiveSync"),
            args.switch("OWAforDevices"),
            args.switch("RestApi"),
            args.switch("UniversalOutlook"),
        ];
        if given.iter().any(|&g| g) {
            ClientTypes(given)
        } else {
            ClientTypes([true; 4])
        }
    }

    pub(crate) fn allows(self, t: ClientType) -> bool {
        let i = match t {
            ClientType::EAS => 0,
            ClientType::MOWA => 1,
            ClientType::REST => 2,
            ClientType::Outlook => 3,
        };
        self.0[i]
    }
}

/// A Guid for a new rule or policy, derived from what is being created and when (no randomness in cmdlets) and
/// distinct from every rule and policy Guid in the tenant.
pub(crate) fn new_guid(tenant: &Tenant, kind: &str, name: &str, now: Timestamp) -> Guid {
    let mut salt = 0u64;
    loop {
        let mut h = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d_u128;
        let bytes = kind
            .bytes()
            .chain([0])
            .chain(name.bytes())
            .chain(now.millis().to_le_bytes())
            .chain(salt.to_le_bytes());
        for b in bytes {
            h ^= u128::from(b);
            h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013B);
        }
        let guid = Guid::from_random_bits(h);
        let taken = tenant.rules.iter().any(|r| r.guid == guid)
            || tenant.policies().iter().any(|p| p.guid == guid);
        if !taken {
            return guid;
        }
        salt += 1;
    }
}

/// The mailboxes an EXO V3 cmdlet (Get-EXOMailbox, Get-EXOCasMailbox) names: -Identity (exact, no wildcards:
/// "Accept wildcard characters: False"), -UserPrincipalName, -PrimarySmtpAddress, -ExternalDirectoryObjectId
/// (at most one of them: "You can't use this parameter with the …" on each, learn.microsoft.com/powershell/
/// module/exchangepowershell/get-exomailbox), -Anr (the tenant's ANR index), or every mailbox. The simulated
/// tenant keeps no Microsoft Entra object ids, so -ExternalDirectoryObjectId finds none.
pub(crate) fn exo_mailboxes(
    tenant: &Tenant,
    args: &BoundParameters,
) -> Result<Vec<MailboxId>, ErrorRecord> {
    const BY: [&str; 4] = [
        "Identity",
        "ExternalDirectoryObjectId",
        "PrimarySmtpAddress",
        "UserPrincipalName",
    ];
    let given: Vec<&str> = BY
        .into_iter()
        .filter(|n| args.string(n).is_some())
        .collect();
    if let [first, second, ..] = given.as_slice() {
        return Err(super::messages::exclusive_parameters(first, second));
    }
    let exact = |value: &str, field: fn(&Mailbox) -> &str| -> Result<Vec<MailboxId>, ErrorRecord> {
        let found: Vec<MailboxId> = tenant
            .find_mailboxes(value)
            .iter()
            .copied()
            .filter(|&id| eq_ci(field(tenant.mailbox(id)), value.trim()))
            .collect();
        match found.as_slice() {
            [] => Err(super::messages::not_found(value)),
            _ => Ok(found),
        }
    };
    if let Some(id) = args.string("Identity") {
        return super::identity::mailbox(tenant, id).map(|m| vec![m]);
    }
    if let Some(upn) = args.string("UserPrincipalName") {
        return exact(upn, |m| &m.user_principal_name);
    }
    if let Some(smtp) = args.string("PrimarySmtpAddress") {
        return exact(smtp, |m| &m.primary_smtp_address);
    }
    if let Some(object_id) = args.string("ExternalDirectoryObjectId") {
        return Err(super::messages::not_found(object_id));
    }
    if let Some(anr) = args.string("Anr") {
        let mut ids = tenant.anr(anr, usize::MAX);
        ids.sort_unstable();
        return Ok(ids);
    }
    Ok(tenant.mailboxes().map(|(id, _)| id).collect())
}

/// The properties an EXO V3 object gets from -PropertySets and -Properties (`objects::exo::selected`); a
/// -Properties name the simulator does not know is a terminating error naming it.
pub(crate) fn exo_properties(
    args: &BoundParameters,
    cmdlet: &str,
    sets: &'static [super::objects::exo::PropertySet],
    props: &'static [PropDef],
) -> Result<Vec<&'static str>, ErrorRecord> {
    let chosen: Vec<&'static str> = match args.value("PropertySets") {
        Some(Value::Array(items)) => items
            .to_vec()
            .iter()
            .filter_map(|v| match v {
                Value::Enum(e) => Some(e.name),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut extra = Vec::new();
    for name in args.strings("Properties").unwrap_or_default() {
        let known = super::objects::exo::property_name(sets, props, &name)
            .filter(|n| props.iter().any(|p| p.name == *n));
        match known {
            Some(n) => extra.push(n),
            None => return Err(super::messages::property_not_modelled(cmdlet, name.trim())),
        }
    }
    Ok(super::objects::exo::selected(sets, &chosen, &extra))
}
