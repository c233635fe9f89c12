//! The access engine: a total, pure function from (tenant, device, request facts) to a `Decision`, with an
//! optional step-by-step `Trace` of why.
//!
//! Two precedence modes (a tenant setting): the documented nine-step sequence (MISSION.md) and Exchange 2013's
//! server code (eas-facts §6.2–6.3). The engine never mutates the tenant, never reads the clock (`now` is a fact)
//! and never fails: an unknown mailbox or a device with no values still gets a decision. Storing the decision on
//! the device and turning it into a wire status are the callers' jobs.

mod engine;
mod policy_check;
mod trace;
mod view;

#[cfg(test)]
mod tests;

pub use engine::{decide, displayed_access, explain};
pub use policy_check::PolicyFailure;
pub use trace::{StepOutcome, Trace, TraceStep};

use std::sync::Arc;

use crate::model::{
    AccessLevel, Characteristic, DeviceAccessState, DeviceAccessStateReason, Guid, StoredAccess,
    Timestamp,
};

/// What the request (or, offline, the question) tells the engine beyond the tenant's data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestFacts {
    /// Whether the request carried valid credentials for the device's owner.
    pub authenticated: bool,
    /// Which policy key to check, if any.
    pub policy: PolicyFacts,
    /// The time of the request (DeviceDiscovery and policy refresh depend on it).
    pub now: Timestamp,
}

/// How the mailbox-policy step should see the request's policy key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyFacts {
    /// The command is not policy-checked (Provision itself, OPTIONS, Ping below 14.0).
    Exempt,
    /// The request's `X-MS-PolicyKey` (or base64 policy key): `None` when the header was absent.
    Presented(Option<u32>),
    /// Offline questions ("what would this device get?"): assume it presents the key stored on it.
    AssumeStored,
}

impl RequestFacts {
    /// An authenticated request presenting the device's stored key: the question `easim decide` answers.
    pub fn offline(now: Timestamp) -> RequestFacts {
        RequestFacts {
            authenticated: true,
            policy: PolicyFacts::AssumeStored,
            now,
        }
    }
}

/// The steps of both sequences. The documented order uses `Authenticated` … `OrgDefault` in declaration
/// order (skipping `WipePending`); Exchange 2013 uses `WipePending`, `DeviceDiscovery` and `Rule` instead of the
/// three rule steps, and checks the mailbox policy after the device-access steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    Authenticated,
    ActiveSyncEnabled,
    /// Exchange 2013 only: a pending remote wipe bypasses device access so the wipe can be delivered.
    WipePending,
    MailboxPolicy,
    PersonalBlock,
    PersonalAllow,
    RuleBlock,
    RuleQuarantine,
    RuleAllow,
    DeviceDiscovery,
    Rule,
    OrgDefault,
}

impl Step {
    /// A short, stable name (used in JSON output).
    pub fn name(self) -> &'static str {
        match self {
            Step::Authenticated => "Authenticated",
            Step::ActiveSyncEnabled => "ActiveSyncEnabled",
            Step::WipePending => "WipePending",
            Step::MailboxPolicy => "MailboxPolicy",
            Step::PersonalBlock => "PersonalBlock",
            Step::PersonalAllow => "PersonalAllow",
            Step::RuleBlock => "RuleBlock",
            Step::RuleQuarantine => "RuleQuarantine",
            Step::RuleAllow => "RuleAllow",
            Step::DeviceDiscovery => "DeviceDiscovery",
            Step::Rule => "Rule",
            Step::OrgDefault => "OrgDefault",
        }
    }

    /// How the step reads in a trace.
    pub fn title(self) -> &'static str {
        match self {
            Step::Authenticated => "User authenticated",
            Step::ActiveSyncEnabled => "ActiveSyncEnabled",
            Step::WipePending => "Remote wipe pending",
            Step::MailboxPolicy => "Mailbox policy met",
            Step::PersonalBlock => "Personal block list",
            Step::PersonalAllow => "Personal allow list",
            Step::RuleBlock => "Block rules",
            Step::RuleQuarantine => "Quarantine rules",
            Step::RuleAllow => "Allow rules",
            Step::DeviceDiscovery => "Device discovery",
            Step::Rule => "Device access rules",
            Step::OrgDefault => "Organization default",
        }
    }

    /// The DeviceAccessStateReason a decision made at this step carries.
    pub fn reason(self) -> DeviceAccessStateReason {
        match self {
            Step::Authenticated | Step::ActiveSyncEnabled | Step::WipePending => {
                DeviceAccessStateReason::Unknown
            }
            Step::MailboxPolicy => DeviceAccessStateReason::Policy,
            Step::PersonalBlock | Step::PersonalAllow => DeviceAccessStateReason::Individual,
            Step::RuleBlock
            | Step::RuleQuarantine
            | Step::RuleAllow
            | Step::Rule
            | Step::DeviceDiscovery => DeviceAccessStateReason::DeviceRule,
            Step::OrgDefault => DeviceAccessStateReason::Global,
        }
    }
}

/// What the EAS endpoint does with the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Step 1 failed: HTTP 401 with a Basic challenge.
    Challenge,
    /// Step 2 failed: 126 UserDisabledForSync (HTTP 403 below 14.0).
    UserDisabled,
    /// The mailbox policy is not met: 140–144.
    Policy(PolicyFailure),
    /// 129 DeviceIsBlockedForThisUser (HTTP 403 below 14.0).
    Block,
    /// Proceeds, but sees only the quarantine notice.
    Quarantine,
    /// Proceeds like Quarantine until the device is identified (Exchange 2013 mode).
    Discovery,
    /// Proceeds normally.
    Allow,
}

/// The rule that decided, as the trace and DeviceAccessControlRule show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleMatch {
    pub guid: Guid,
    pub name: Arc<str>,
    pub characteristic: Characteristic,
    pub level: AccessLevel,
}

/// The engine's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The step that decided.
    pub step: Step,
    pub verdict: Verdict,
    /// The state to store on the device (Unknown when steps 1–2 or a pending wipe decided: nothing is stored
    /// then).
    pub state: DeviceAccessState,
    pub reason: DeviceAccessStateReason,
    pub rule: Option<RuleMatch>,
}

impl Decision {
    /// Whether the decision is stored on the partnership. Exchange stores nothing for 401 and 126, nor when
    /// a pending wipe lets the request through (`IsDeviceAccessAllowed` returns before deciding).
    pub fn is_stored(&self) -> bool {
        !matches!(self.verdict, Verdict::Challenge | Verdict::UserDisabled)
            && self.step != Step::WipePending
    }

    /// The decision as the device's DeviceAccessState / Reason / ControlRule.
    pub fn stored_access(&self) -> StoredAccess {
        StoredAccess {
            state: self.state,
            reason: self.reason,
            rule: self.rule.as_ref().map(|r| r.name.to_string()),
        }
    }
}
