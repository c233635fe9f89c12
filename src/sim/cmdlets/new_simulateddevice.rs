//! New-SimulatedDevice: a device the tenant has never seen makes first contact for a mailbox — Provision by
//! default (with its DeviceInformation), or FolderSync or Sync — through the same dispatcher as the EAS
//! endpoint, so the partnership is created, decided and stored by `eas::partnership` as a real phone's would be
//! (with the ABQ notice in the owner's Inbox when it is quarantined or blocked). Writes the answer
//! (`Easim.EasResponse`); the device then acts with Invoke-EasRequest by its DeviceId.
//!
//! Without -DeviceId the DeviceId is derived from the mailbox and the device's values (32 hex digits; the same
//! inputs give the same id, the next free one when that is taken), so runs are reproducible.

use crate::admin::identity;
use crate::admin::params::{IdentityKind, identity as identity_param};
use crate::eas::{Command, ProtocolVersion};
use crate::load::client::{Device, DeviceDetails};
use crate::model::{MailboxId, Timestamp};
use crate::script::cmdlet::{CmdletInfo, Example};
use crate::script::{
    BoundParameters, ErrorCategory, ErrorRecord, ParamType, ParameterInfo, PsObject,
};

use super::super::act::act;
use super::super::answer::EAS_RESPONSE_TYPE;
use super::super::params::{self, FIRST_COMMAND};
use super::super::phone::{Overrides, Phone};
use super::super::world::World;
use super::{PASSWORD_PARAM, PROTOCOL_VERSION_PARAM, SimCmdlet};

const PARAMS: [ParameterInfo; 10] = [
    ParameterInfo::new("Mailbox", identity_param(IdentityKind::Mailbox))
        .mandatory()
        .position(0)
        .help("The mailbox whose user signs in on the new device."),
    ParameterInfo::new("DeviceModel", ParamType::String)
        .mandatory()
        .help("The model its DeviceInformation reports (e.g. SM-G991B, iPhone14C3)."),
    ParameterInfo::new("DeviceType", ParamType::String)
        .mandatory()
        .help("The DeviceType= it sends (e.g. Android, iPhone)."),
    ParameterInfo::new("UserAgent", ParamType::String)
        .mandatory()
        .help("The User-Agent header it sends."),
    ParameterInfo::new("DeviceId", ParamType::String)
        .help("The DeviceId= it sends (default: derived from the mailbox and the values above)."),
    ParameterInfo::new("DeviceOS", ParamType::String).help("The OS its DeviceInformation reports."),
    ParameterInfo::new("FriendlyName", ParamType::String)
        .help("The FriendlyName its DeviceInformation reports."),
    ParameterInfo::new("Command", FIRST_COMMAND)
        .help("What it sends first: Provision (default; phase one with DeviceInformation), FolderSync or Sync."),
    PROTOCOL_VERSION_PARAM,
    PASSWORD_PARAM.help("The password it signs in with (default: the owner's)."),
];

pub(super) static INFO: SimCmdlet = SimCmdlet {
    info: CmdletInfo {
        name: "New-SimulatedDevice",
        synopsis: "Makes a new device contact the simulated server for a mailbox, creating its partnership as a real first contact does.",
        output_type: Some(EAS_RESPONSE_TYPE),
        parameters: &PARAMS,
        default_parameter_set: "",
        confirm_impact: None,
        examples: EXAMPLES,
    },
    run,
};

static EXAMPLES: &[Example] = &[
    Example {
        title: "A new Android phone is quarantined by the organization default",
        input: "New-SimulatedDevice -Mailbox alice -DeviceModel SM-S918B -DeviceType Android -UserAgent 'Android-SAMSUNG-SM-S918B/101.140' -DeviceOS 'Android 14' | Format-List",
        output: r#"Command                 : Provision
ProtocolVersion         : 16.1
DeviceId                : FEA20D0CB5210DF269DC56944E5A59A6
Identity                : Alice\ExchangeActiveSyncDevices\Android§FEA20D0CB5210DF269DC56944E5A59A6
HttpStatus              : 200
EasStatus               : 1
DeviceAccessState       : Quarantined
DeviceAccessStateReason : Global
DeviceAccessControlRule :
DecidingStep            : OrgDefault
PolicyKey               :
Items                   : {}
Body                    : Status 1; Policy Status 1; PolicyKey 906430053; EASProvisionDoc"#,
    },
    Example {
        title: "The quarantined phone finds the quarantine notice in its Inbox",
        input: r"$d = New-SimulatedDevice -Mailbox alice -DeviceModel SM-S918B -DeviceType Android -UserAgent 'Android-SAMSUNG-SM-S918B/101.140'
'Provision', 'FolderSync', 'Sync' | ForEach-Object { $null = Invoke-EasRequest $d.DeviceId $_ }
(Invoke-EasRequest $d.DeviceId Sync).Items",
        output: r#"Your mobile device is temporarily blocked from synchronizing using Exchange ActiveSync until your administrator grants it access."#,
    },
    Example {
        title: "A DeviceId the mailbox already has",
        input: "New-SimulatedDevice -Mailbox alice -DeviceId ApplF17XK1AB -DeviceModel iPhone6C2 -DeviceType iPhone -UserAgent 'Apple-iPhone6C2/1602.92'",
        output: r#"New-SimulatedDevice : The mailbox 'Alice' already has a device with DeviceId 'ApplF17XK1AB'. Use Invoke-EasRequest to make it send a request.
At line:1 char:1
+ New-SimulatedDevice -Mailbox alice -DeviceId ApplF17XK1AB -DeviceModel iPhone6C2 -DeviceType iPhone -UserAgent 'Apple-iPhone6C2/1602.92'
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : ResourceExists: (ApplF17XK1AB:String) [New-SimulatedDevice], DeviceAlreadyExists
    + FullyQualifiedErrorId : DeviceAlreadyExists,New-SimulatedDevice"#,
    },
];

fn run(world: &mut World, now: Timestamp, args: &BoundParameters) -> Result<PsObject, ErrorRecord> {
    let text = |name: &str| args.string(name).unwrap_or_default();
    let tenant = &world.server.tenant;
    let mailbox = identity::mailbox(tenant, text("Mailbox"))?;
    let values = Values {
        device_type: text("DeviceType"),
        model: text("DeviceModel"),
        user_agent: text("UserAgent"),
        os: text("DeviceOS"),
        friendly_name: text("FriendlyName"),
    };
    let device_id = match args.string("DeviceId") {
        Some(id) => {
            if taken(world, mailbox, id) {
                return Err(already_exists(id, &tenant.mailbox(mailbox).name));
            }
            id.to_string()
        }
        None => derived_id(world, mailbox, &values),
    };
    let command =
        params::bound_command(args, params::FIRST_COMMANDS)?.unwrap_or(Command::Provision);
    let owner = tenant.mailbox(mailbox);
    let password = args.string("Password").unwrap_or(&owner.password);
    let mut device = Device::new(&owner.user_principal_name, password, &device_id);
    device.device_type = values.device_type.to_string();
    device.model = values.model.to_string();
    device.os = values.os.to_string();
    device.user_agent = values.user_agent.to_string();
    device.info = DeviceDetails {
        friendly_name: Some(values.friendly_name.to_string()),
        imei: String::new(),
        os_language: String::new(),
        phone_number: String::new(),
        mobile_operator: String::new(),
    };
    device.version = args
        .string("ProtocolVersion")
        .and_then(ProtocolVersion::parse)
        .unwrap_or(ProtocolVersion::V16_1);
    world.phones.insert(Phone::new(mailbox, device));
    act(
        world,
        now,
        mailbox,
        &device_id,
        command,
        &Overrides::default(),
    )
}

/// What the new device reports about itself.
struct Values<'a> {
    device_type: &'a str,
    model: &'a str,
    user_agent: &'a str,
    os: &'a str,
    friendly_name: &'a str,
}

/// Whether the mailbox already has this DeviceId: a partnership, or a simulated device that was refused one.
fn taken(world: &World, mailbox: MailboxId, device_id: &str) -> bool {
    world
        .server
        .tenant
        .find_device(mailbox, device_id)
        .is_some()
        || world.phones.contains(mailbox, device_id)
}

/// 32 hex digits from the mailbox's Guid and the device's values (FNV-1a, 128 bits), the first free one.
fn derived_id(world: &World, mailbox: MailboxId, v: &Values<'_>) -> String {
    let guid = world.server.tenant.mailbox(mailbox).guid;
    let mut salt = 0u64;
    loop {
        let mut h = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d_u128;
        let bytes = guid
            .0
            .to_le_bytes()
            .into_iter()
            .chain(
                [v.device_type, v.model, v.user_agent, v.os, v.friendly_name]
                    .into_iter()
                    .flat_map(|s| s.bytes().chain([0])),
            )
            .chain(salt.to_le_bytes());
        for b in bytes {
            h ^= u128::from(b);
            h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013B);
        }
        let id = format!("{h:032X}");
        if !taken(world, mailbox, &id) {
            return id;
        }
        salt += 1;
    }
}

fn already_exists(device_id: &str, mailbox: &str) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::ResourceExists,
        "DeviceAlreadyExists",
        format!(
            "The mailbox '{mailbox}' already has a device with DeviceId '{device_id}'. Use Invoke-EasRequest to make it send a request."
        ),
    )
    .with_target(device_id)
}
