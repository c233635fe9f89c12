//! The simulator's cmdlets — `Invoke-EasRequest` (an existing device sends one EAS command) and
//! `New-SimulatedDevice` (a new device makes first contact) — one file each, and what they share: their
//! registry entry (`SimCmdlet`: the language's `CmdletInfo` plus the function that runs it over the simulated
//! world) and the per-request parameters.
//!
//! They run only in-process (`SimHost`): over `--connect` the remote host's registry is Exchange's alone.

mod invoke_easrequest;
mod new_simulateddevice;

use crate::eas::ProtocolVersion;
use crate::model::Timestamp;
use crate::script::{BoundParameters, CmdletInfo, ErrorRecord, ParamType, ParameterInfo, PsObject};

use super::params::PROTOCOL_VERSION;
use super::phone::Overrides;
use super::world::World;

/// Runs one bound invocation against the simulated world at `now`; the object it returns is written.
pub(crate) type RunFn =
    fn(&mut World, Timestamp, &BoundParameters) -> Result<PsObject, ErrorRecord>;

/// A simulator cmdlet: what the language sees of it and the function that runs it.
#[derive(Debug)]
pub(crate) struct SimCmdlet {
    pub(crate) info: CmdletInfo,
    pub(crate) run: RunFn,
}

/// The simulator's cmdlets, in the order Get-Command lists them after Exchange's.
pub(crate) static CMDLETS: [&SimCmdlet; 2] = [&invoke_easrequest::INFO, &new_simulateddevice::INFO];

/// The same cmdlets as the language sees them.
pub(crate) static INFOS: [&CmdletInfo; 2] = [
    &invoke_easrequest::INFO.info,
    &new_simulateddevice::INFO.info,
];

/// The simulator cmdlet whose metadata the language handed back, if it is one.
pub(crate) fn of_info(info: &CmdletInfo) -> Option<&'static SimCmdlet> {
    CMDLETS
        .iter()
        .copied()
        .find(|c| std::ptr::eq(&c.info, info))
}

const PROTOCOL_VERSION_PARAM: ParameterInfo =
    ParameterInfo::new("ProtocolVersion", PROTOCOL_VERSION)
        .help("The MS-ASProtocolVersion to send (2.5, 12.0, 12.1, 14.0, 14.1, 16.0 or 16.1).");

/// -ProtocolVersion, -Password and -PolicyKey of one request.
fn overrides(args: &BoundParameters) -> Overrides {
    Overrides {
        version: args
            .string("ProtocolVersion")
            .and_then(ProtocolVersion::parse),
        password: args.string("Password").map(str::to_string),
        policy_key: args.uint("PolicyKey"),
    }
}

const PASSWORD_PARAM: ParameterInfo = ParameterInfo::new("Password", ParamType::String);
