//! Invoke-EasRequest: an existing device sends one EAS request, built from the device's own identity and memory,
//! through the same dispatcher and partnership path as the EAS endpoint; writes what it got back
//! (`Easim.EasResponse`).
//!
//! What each -Command sends (one request per call; the device remembers what answers gave it):
//! - Provision: phase one with DeviceInformation; once it holds a temporary key, the acknowledgement (phase
//!   two); after an answer asking for a remote wipe, the wipe acknowledgement (then it erases its memory).
//! - FolderSync: with the hierarchy SyncKey it holds (0 at first).
//! - Sync: the Inbox with its SyncKey (0 at first: that Sync only returns a key), WindowSize 100.
//! - Ping: the Inbox, HeartbeatInterval 480. A Ping that would wait answers at once with Status 1.
//! - Settings: its DeviceInformation.
//! - GetItemEstimate: the Inbox with its SyncKey.
//! - ItemOperations: a Fetch of the last Inbox item a Sync delivered.
//! - SendMail: a short message to its owner (saved in Sent Items).

use crate::admin::messages;
use crate::admin::params::{IdentityKind, identity as identity_param};
use crate::model::{MailboxId, eq_ci};
use crate::script::cmdlet::{CmdletInfo, Example};
use crate::script::{
    BoundParameters, ErrorRecord, ParamType, ParameterInfo, PipelineInput, PsObject,
};

use super::super::act::act;
use super::super::answer::EAS_RESPONSE_TYPE;
use super::super::params::{self, EAS_COMMAND};
use super::super::phone::Phone;
use super::super::world::World;
use super::{PASSWORD_PARAM, PROTOCOL_VERSION_PARAM, SimCmdlet, overrides};
use crate::model::Timestamp;

const PARAMS: [ParameterInfo; 5] = [
    ParameterInfo::new("Identity", identity_param(IdentityKind::MobileDevice))
        .mandatory()
        .position(0)
        .pipeline(PipelineInput::Both)
        .help("The device: its Identity (Mailbox\\ExchangeActiveSyncDevices\\Type§Id), its Guid, or its DeviceId."),
    ParameterInfo::new("Command", EAS_COMMAND)
        .mandatory()
        .position(1)
        .help("The EAS command the device sends: Provision (phase one, then the acknowledgement of the temporary key, or of a remote wipe), FolderSync, Sync (the Inbox), Ping (the Inbox; answers at once), Settings (DeviceInformation), GetItemEstimate (the Inbox), ItemOperations (fetches the last item a Sync delivered) or SendMail (a message to the owner)."),
    PROTOCOL_VERSION_PARAM,
    PASSWORD_PARAM.help("The password to sign in with (default: the owner's)."),
    ParameterInfo::new("PolicyKey", ParamType::UInt32)
        .help("The X-MS-PolicyKey to present (default: the key the device holds)."),
];

pub(super) static INFO: SimCmdlet = SimCmdlet {
    info: CmdletInfo {
        name: "Invoke-EasRequest",
        synopsis: "Makes a device send one EAS request to the simulated server and shows the answer and the access decision.",
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
        title: "An allowed iPhone syncs its folder hierarchy",
        input: "Invoke-EasRequest -Identity ApplF17XK1AB -Command FolderSync | Format-List",
        output: r#"Command                 : FolderSync
ProtocolVersion         : 16.1
DeviceId                : ApplF17XK1AB
Identity                : Alice\ExchangeActiveSyncDevices\iPhone§ApplF17XK1AB
HttpStatus              : 200
EasStatus               : 1
DeviceAccessState       : Allowed
DeviceAccessStateReason : DeviceRule
DeviceAccessControlRule : iPhone6C2 (DeviceModel)
DecidingStep            : RuleAllow
PolicyKey               : 1592590337
Items                   : {}
Body                    : Status 1; SyncKey 1; 11 folders added"#,
    },
    Example {
        title: "Once a rule blocks its model, the iPhone's Sync gets 129 DeviceIsBlockedForThisUser",
        input: r"Set-ActiveSyncDeviceAccessRule -Identity 'iPhone6C2 (DeviceModel)' -AccessLevel Block
Invoke-EasRequest -Identity 'Alice\ExchangeActiveSyncDevices\iPhone§ApplF17XK1AB' -Command Sync",
        output: r#"Command DeviceId     HttpStatus EasStatus DeviceAccessState DeviceAccessStateReason DecidingStep
------- --------     ---------- --------- ----------------- ----------------------- ------------
Sync    ApplF17XK1AB        200       129 Blocked           DeviceRule              RuleBlock"#,
    },
    Example {
        title: "Below 14.0 the same block is a bare HTTP 403",
        input: r"Set-ActiveSyncDeviceAccessRule -Identity 'iPhone6C2 (DeviceModel)' -AccessLevel Block
Invoke-EasRequest ApplF17XK1AB Sync -ProtocolVersion 12.1 | Format-List HttpStatus,EasStatus,Body",
        output: r#"HttpStatus : 403
EasStatus  :
Body       : (empty)"#,
    },
    Example {
        title: "Every device of a mailbox provisions",
        input: "Get-MobileDevice -Mailbox alice | Invoke-EasRequest -Command Provision",
        output: r#"Command   DeviceId     HttpStatus EasStatus DeviceAccessState DeviceAccessStateReason DecidingStep
-------   --------     ---------- --------- ----------------- ----------------------- ------------
Provision ApplF17XK1AB        200         1 Allowed           DeviceRule              RuleAllow
Provision SEC1A2B3C4D5        200         1 Quarantined       Global                  OrgDefault"#,
    },
    Example {
        title: "A stale policy key gets 144 InvalidPolicyKey",
        input: "Invoke-EasRequest ApplF17XK1AB FolderSync -PolicyKey 12345 | Format-List EasStatus,DeviceAccessState,DeviceAccessStateReason,DecidingStep",
        output: r#"EasStatus               : 144
DeviceAccessState       : Blocked
DeviceAccessStateReason : Policy
DecidingStep            : MailboxPolicy"#,
    },
    Example {
        title: "An unknown device",
        input: "Invoke-EasRequest -Identity NOPE -Command Sync",
        output: r#"Invoke-EasRequest : The operation couldn't be performed because object 'NOPE' couldn't be found on 'EASPR01A001DC01.EASPR01A001.prod.outlook.com'.
At line:1 char:1
+ Invoke-EasRequest -Identity NOPE -Command Sync
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : ObjectNotFound: (NOPE:String) [Invoke-EasRequest], ManagementObjectNotFoundException
    + FullyQualifiedErrorId : ManagementObjectNotFoundException,Invoke-EasRequest"#,
    },
    Example {
        title: "A command the simulator cannot send",
        input: "Invoke-EasRequest -Identity ApplF17XK1AB -Command Search",
        output: r#"Invoke-EasRequest : Cannot validate argument on parameter 'Command'. The argument "Search" does not belong to the set "Provision,FolderSync,Sync,Ping,Settings,GetItemEstimate,ItemOperations,SendMail" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.
At line:1 char:1
+ Invoke-EasRequest -Identity ApplF17XK1AB -Command Search
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : InvalidData: (Command:String) [Invoke-EasRequest], ParameterArgumentValidationError
    + FullyQualifiedErrorId : ParameterArgumentValidationError,Invoke-EasRequest"#,
    },
];

fn run(world: &mut World, now: Timestamp, args: &BoundParameters) -> Result<PsObject, ErrorRecord> {
    let text = args.string("Identity").unwrap_or_default();
    // -Command is mandatory: the binder has asked for it.
    let command = params::bound_command(args, params::COMMANDS)?
        .ok_or_else(|| params::validate_set("Command", "", &[]))?;
    let (mailbox, device_id) = resolve(world, text)?;
    if !world.phones.contains(mailbox, &device_id) {
        let tenant = &world.server.tenant;
        let device = tenant
            .find_device(mailbox, &device_id)
            .and_then(|k| tenant.device(k))
            .ok_or_else(|| messages::not_found(text))?;
        let phone = Phone::of_partnership(tenant, device);
        world.phones.insert(phone);
    }
    act(world, now, mailbox, &device_id, command, &overrides(args))
}

/// The mailbox and DeviceId `text` names: a device Identity or Guid (from the tenant's indexes), else a bare
/// DeviceId. The tenant keeps no index by DeviceId, so a bare one is looked for among all partnerships (one pass,
/// no allocation per device), and among the simulator's own devices that hold none (a refused first contact).
fn resolve(world: &World, text: &str) -> Result<(MailboxId, String), ErrorRecord> {
    let tenant = &world.server.tenant;
    if let Some(d) = tenant
        .device_by_identity(text)
        .and_then(|k| tenant.device(k))
    {
        return Ok((d.mailbox, d.device_id.clone()));
    }
    let id = text.trim();
    if id.is_empty() || id.contains('\\') {
        return Err(messages::not_found(text));
    }
    let mut found: Vec<(MailboxId, String)> = tenant
        .devices()
        .filter(|(_, d)| eq_ci(&d.device_id, id))
        .map(|(_, d)| (d.mailbox, d.device_id.clone()))
        .collect();
    for mailbox in world.phones.mailboxes_with(id) {
        if !found.iter().any(|(m, _)| *m == mailbox) {
            found.push((mailbox, id.to_string()));
        }
    }
    match found.len() {
        0 => Err(messages::not_found(text)),
        1 => Ok(found.remove(0)),
        _ => Err(messages::ambiguous(text)),
    }
}
