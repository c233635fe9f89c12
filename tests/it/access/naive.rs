//! Deliberately naive reference implementations of both access sequences, written from the product brief
//! (MISSION.md, "The access sequence") and eas-facts §2.3 and §6.2–6.3, not from the engine.
//!
//! Plain on purpose: every rule is scanned linearly, strings are compared by lowercasing both sides, nothing is
//! indexed or cached, and nothing is shared with the engine (no `eq_ci`, no `CasSettings::allows`, no
//! `wipe_pending`). The model test compares these with `access::decide` on generated tenants. Speed is no concern.

use easim::access::{Decision, PolicyFacts, PolicyFailure, RequestFacts, RuleMatch, Step, Verdict};
use easim::model::{
    AccessLevel, Characteristic, DeviceAccessRule, DeviceAccessState, DeviceAccessStateReason,
    MobileDevice, MobileDeviceMailboxPolicy, Tenant,
};

fn same(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

fn listed(list: &[String], device_id: &str) -> bool {
    list.iter().any(|entry| same(entry, device_id))
}

/// The device value a rule on `c` is compared with. A device that never sent a model is matched by its type.
pub(crate) fn device_value(d: &MobileDevice, c: Characteristic) -> String {
    match c {
        Characteristic::DeviceType => d.device_type.to_string(),
        Characteristic::DeviceModel => {
            if d.device_model.is_empty() {
                d.device_type.to_string()
            } else {
                d.device_model.to_string()
            }
        }
        Characteristic::DeviceOS => d.device_os.to_string(),
        Characteristic::UserAgent => d.device_user_agent.to_string(),
        Characteristic::XMSWLHeader => d.xms_wl_header.to_string(),
    }
}

/// Whether the rule's query string equals the device's value (exact, case-insensitive; no wildcards).
pub(crate) fn rule_matches(rule: &DeviceAccessRule, d: &MobileDevice) -> bool {
    same(&rule.query_string, &device_value(d, rule.characteristic))
}

fn state_of(level: AccessLevel) -> DeviceAccessState {
    match level {
        AccessLevel::Allow => DeviceAccessState::Allowed,
        AccessLevel::Block => DeviceAccessState::Blocked,
        AccessLevel::Quarantine => DeviceAccessState::Quarantined,
    }
}

fn verdict_of(level: AccessLevel) -> Verdict {
    match level {
        AccessLevel::Allow => Verdict::Allow,
        AccessLevel::Block => Verdict::Block,
        AccessLevel::Quarantine => Verdict::Quarantine,
    }
}

fn refused(step: Step, verdict: Verdict) -> Decision {
    Decision {
        step,
        verdict,
        state: DeviceAccessState::Unknown,
        reason: DeviceAccessStateReason::Unknown,
        rule: None,
    }
}

fn individual(step: Step, level: AccessLevel) -> Decision {
    Decision {
        step,
        verdict: verdict_of(level),
        state: state_of(level),
        reason: DeviceAccessStateReason::Individual,
        rule: None,
    }
}

fn by_rule(step: Step, rule: &DeviceAccessRule) -> Decision {
    Decision {
        step,
        verdict: verdict_of(rule.access_level),
        state: state_of(rule.access_level),
        reason: DeviceAccessStateReason::DeviceRule,
        rule: Some(RuleMatch {
            guid: rule.guid,
            name: rule.name().into(),
            characteristic: rule.characteristic,
            level: rule.access_level,
        }),
    }
}

fn by_default(level: AccessLevel) -> Decision {
    Decision {
        step: Step::OrgDefault,
        verdict: verdict_of(level),
        state: state_of(level),
        reason: DeviceAccessStateReason::Global,
        rule: None,
    }
}

fn policy_failed(failure: PolicyFailure) -> Decision {
    Decision {
        step: Step::MailboxPolicy,
        verdict: Verdict::Policy(failure),
        state: DeviceAccessState::Blocked,
        reason: DeviceAccessStateReason::Policy,
        rule: None,
    }
}

fn discovery(step: Step, reason: DeviceAccessStateReason) -> Decision {
    Decision {
        step,
        verdict: Verdict::Discovery,
        state: DeviceAccessState::DeviceDiscovery,
        reason,
        rule: None,
    }
}

fn wipe_requested(d: &MobileDevice) -> bool {
    match &d.wipe {
        Some(w) => w.acknowledged.is_none(),
        None => false,
    }
}

/// The mailbox policy that governs the device's owner: the assigned one by name, else the default.
fn governing_policy<'t>(t: &'t Tenant, d: &MobileDevice) -> &'t MobileDeviceMailboxPolicy {
    let assigned = t.mailbox(d.mailbox).cas.active_sync_mailbox_policy.clone();
    for p in t.policies() {
        if let Some(name) = &assigned
            && same(&p.name, name)
        {
            return p;
        }
    }
    for p in t.policies() {
        if p.is_default {
            return p;
        }
    }
    panic!("a tenant has a default policy")
}

/// eas-facts §2.3, rows 2 and 4–7 (row 1, version compatibility, is not modelled). `None` means the policy is met.
pub(crate) fn policy_check(
    t: &Tenant,
    d: &MobileDevice,
    f: &RequestFacts,
) -> Option<PolicyFailure> {
    let presented = match f.policy {
        PolicyFacts::Exempt => return None,
        PolicyFacts::Presented(key) => key,
        PolicyFacts::AssumeStored => d.provisioning.policy_key,
    };
    if wipe_requested(d) {
        return Some(PolicyFailure::RemoteWipeRequested);
    }
    let policy = governing_policy(t, d);
    let Some(key) = presented else {
        if policy.allow_non_provisionable_devices {
            return None;
        }
        return Some(PolicyFailure::LegacyDeviceOnStrictPolicy);
    };
    let Some(stored) = d.provisioning.policy_key else {
        return Some(PolicyFailure::DeviceNotProvisioned);
    };
    if key == 0 {
        return Some(PolicyFailure::DeviceNotProvisioned);
    }
    let applied_now = match &d.provisioning.policy_applied {
        Some(name) => same(name, &policy.name) && d.provisioning.policy_revision == policy.revision,
        None => false,
    };
    // A device with no LastPolicyUpdateTime is not known to be older than the interval (§2.3 is silent).
    let refreshed_in_time = match policy.device_policy_refresh_interval {
        None => true,
        Some(interval) => match d.last_policy_update_time {
            None => true,
            Some(at) => f.now.millis() - at.millis() < i64::from(interval) * 1000,
        },
    };
    if !applied_now || !refreshed_in_time {
        return Some(PolicyFailure::PolicyRefresh);
    }
    if key != stored {
        return Some(PolicyFailure::InvalidPolicyKey);
    }
    None
}

/// The nine documented steps, in order; the first that applies decides.
pub(crate) fn documented(t: &Tenant, d: &MobileDevice, f: &RequestFacts) -> Decision {
    // 1. Authenticated?
    if !f.authenticated {
        return refused(Step::Authenticated, Verdict::Challenge);
    }
    // 2. ActiveSyncEnabled?
    let cas = &t.mailbox(d.mailbox).cas;
    if !cas.active_sync_enabled {
        return refused(Step::ActiveSyncEnabled, Verdict::UserDisabled);
    }
    // 3. Mailbox policy met?
    if let Some(failure) = policy_check(t, d, f) {
        return policy_failed(failure);
    }
    // 4. Personal block list.
    if listed(&cas.blocked_device_ids, &d.device_id) {
        return individual(Step::PersonalBlock, AccessLevel::Block);
    }
    // 5. Personal allow list.
    if listed(&cas.allowed_device_ids, &d.device_id) {
        return individual(Step::PersonalAllow, AccessLevel::Allow);
    }
    // 6–8. Block rules, then Quarantine rules, then Allow rules. Among several matching rules of one level the
    // first in characteristic declaration order is reported (any fixed order keeps insertion order irrelevant).
    for (step, level) in [
        (Step::RuleBlock, AccessLevel::Block),
        (Step::RuleQuarantine, AccessLevel::Quarantine),
        (Step::RuleAllow, AccessLevel::Allow),
    ] {
        let mut found: Option<&DeviceAccessRule> = None;
        for rule in t.rules.iter() {
            if rule.access_level == level
                && rule_matches(rule, d)
                && found.is_none_or(|f| rule.characteristic < f.characteristic)
            {
                found = Some(rule);
            }
        }
        if let Some(rule) = found {
            return by_rule(step, rule);
        }
    }
    // 9. The organization default.
    by_default(t.org.default_access_level)
}

/// Whether the device is still "new": first contact within DeviceDiscoveryPeriod, or no first contact yet.
fn within_discovery_period(t: &Tenant, d: &MobileDevice, f: &RequestFacts) -> bool {
    match d.first_sync_time {
        None => true,
        Some(first) => {
            f.now.millis() - first.millis()
                < i64::from(t.settings.device_discovery_period_secs) * 1000
        }
    }
}

/// Exchange 2013 (eas-facts §6.2): handler checks, then device access (bypassed while a wipe is pending), then
/// the policy check unless device access blocked.
pub(crate) fn exchange_2013(t: &Tenant, d: &MobileDevice, f: &RequestFacts) -> Decision {
    if !f.authenticated {
        return refused(Step::Authenticated, Verdict::Challenge);
    }
    let cas = &t.mailbox(d.mailbox).cas;
    if !cas.active_sync_enabled {
        return refused(Step::ActiveSyncEnabled, Verdict::UserDisabled);
    }
    let access = if wipe_requested(d) {
        None
    } else {
        Some(device_access_2013(t, d, f))
    };
    if let Some(a) = &access
        && a.state == DeviceAccessState::Blocked
    {
        return a.clone();
    }
    if let Some(failure) = policy_check(t, d, f) {
        return policy_failed(failure);
    }
    match access {
        Some(a) => a,
        // A pending wipe skips device access so the wipe can be delivered: a request that is not
        // policy-checked (Provision itself) proceeds, and nothing is stored on the device.
        None => Decision {
            step: Step::WipePending,
            verdict: Verdict::Allow,
            state: DeviceAccessState::Unknown,
            reason: DeviceAccessStateReason::Unknown,
            rule: None,
        },
    }
}

/// `DetermineDeviceAccessState` as eas-facts §6.2 rows 1, 3–6 and §6.3 describe it.
fn device_access_2013(t: &Tenant, d: &MobileDevice, f: &RequestFacts) -> Decision {
    let cas = &t.mailbox(d.mailbox).cas;
    if listed(&cas.blocked_device_ids, &d.device_id) {
        return individual(Step::PersonalBlock, AccessLevel::Block);
    }
    if listed(&cas.allowed_device_ids, &d.device_id) {
        return individual(Step::PersonalAllow, AccessLevel::Allow);
    }
    let unidentified = !d.device_information_received && within_discovery_period(t, d, f);
    if !t.rules.is_empty() && unidentified {
        return discovery(Step::DeviceDiscovery, DeviceAccessStateReason::DeviceRule);
    }
    for c in [
        Characteristic::UserAgent,
        Characteristic::DeviceOS,
        Characteristic::DeviceModel,
        Characteristic::DeviceType,
    ] {
        for rule in t.rules.iter() {
            if rule.characteristic == c && rule_matches(rule, d) {
                return by_rule(Step::Rule, rule);
            }
        }
    }
    let level = t.org.default_access_level;
    if level == AccessLevel::Quarantine && unidentified {
        return discovery(Step::OrgDefault, DeviceAccessStateReason::Global);
    }
    by_default(level)
}
