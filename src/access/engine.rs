//! The decision procedure for both precedence modes, written once and generic over a tracer so that `decide`
//! (no trace, no allocation on the common path) and `explain` (full trace) cannot disagree.

use std::fmt::Write as _;
use std::sync::Arc;

use crate::model::{
    AccessLevel, Characteristic, DeviceAccessRule, DeviceAccessState, DeviceAccessStateReason,
    MobileDevice, Precedence, StoredAccess, Tenant,
};

use super::{
    Decision, PolicyFacts, RequestFacts, RuleMatch, Step, StepOutcome, Trace, Verdict,
    policy_check, trace::Tracer, view::DeviceRuleView,
};

/// Decides a device's access for one request.
pub fn decide(tenant: &Tenant, device: &MobileDevice, facts: &RequestFacts) -> Decision {
    run(tenant, device, facts, &mut ())
}

/// Decides and records every step: which applied, which passed and why.
pub fn explain(tenant: &Tenant, device: &MobileDevice, facts: &RequestFacts) -> (Decision, Trace) {
    let mut trace = Trace::new(tenant.settings.precedence);
    let decision = run(tenant, device, facts, &mut trace);
    trace.decision = Some(decision.clone());
    (decision, trace)
}

/// The state Get-MobileDevice shows: Exchange recomputes it at read time from the current rules and org
/// default, except for devices whose stored reason is personal (Individual), Upgrade, Policy, an auto-block
/// reason, or whose state is DeviceDiscovery (eas-facts §6.5). Unknown/Unknown (a device taken off a personal
/// list by Set-CASMailbox) is recomputed too (EX13 `GetMobileDeviceBase.cs WriteResult`). Nothing is saved.
pub fn displayed_access(tenant: &Tenant, device: &MobileDevice) -> StoredAccess {
    use DeviceAccessStateReason as R;
    let stored = &device.access;
    let recompute = matches!(stored.reason, R::Unknown | R::Global | R::DeviceRule)
        && stored.state != DeviceAccessState::DeviceDiscovery;
    if !recompute {
        return stored.clone();
    }
    let decision = match tenant.settings.precedence {
        Precedence::Documented => documented_rules(tenant, device, &mut ()),
        Precedence::Exchange2013 => exchange_2013_rule(tenant, device, &mut ()),
    }
    .unwrap_or_else(|| org_default(tenant, &mut ()));
    decision.stored_access()
}

fn run(
    tenant: &Tenant,
    device: &MobileDevice,
    facts: &RequestFacts,
    t: &mut impl Tracer,
) -> Decision {
    let mailbox = tenant.mailbox(device.mailbox);
    if !facts.authenticated {
        t.step(Step::Authenticated, StepOutcome::Applied, |s| {
            s.push_str(
                "no valid credentials for the device's user: HTTP 401 with a Basic challenge",
            );
        });
        return early(Step::Authenticated, Verdict::Challenge);
    }
    t.step(Step::Authenticated, StepOutcome::Passed, |s| {
        s.push_str("the request carried valid credentials");
    });
    if !mailbox.cas.active_sync_enabled {
        t.step(Step::ActiveSyncEnabled, StepOutcome::Applied, |s| {
            let _ = write!(
                s,
                "ActiveSyncEnabled is False for {}: status 126 UserDisabledForSync",
                mailbox.name
            );
        });
        return early(Step::ActiveSyncEnabled, Verdict::UserDisabled);
    }
    t.step(Step::ActiveSyncEnabled, StepOutcome::Passed, |s| {
        let _ = write!(s, "ActiveSyncEnabled is True for {}", mailbox.name);
    });
    match tenant.settings.precedence {
        Precedence::Documented => documented(tenant, device, facts, t),
        Precedence::Exchange2013 => exchange_2013(tenant, device, facts, t),
    }
}

fn early(step: Step, verdict: Verdict) -> Decision {
    Decision {
        step,
        verdict,
        state: DeviceAccessState::Unknown,
        reason: DeviceAccessStateReason::Unknown,
        rule: None,
    }
}

fn documented(
    tenant: &Tenant,
    device: &MobileDevice,
    facts: &RequestFacts,
    t: &mut impl Tracer,
) -> Decision {
    if let Some(d) = mailbox_policy(tenant, device, facts, t) {
        return d;
    }
    if let Some(d) = personal_lists(tenant, device, t) {
        return d;
    }
    if let Some(d) = documented_rules(tenant, device, t) {
        return d;
    }
    org_default(tenant, t)
}

fn exchange_2013(
    tenant: &Tenant,
    device: &MobileDevice,
    facts: &RequestFacts,
    t: &mut impl Tracer,
) -> Decision {
    // A pending wipe bypasses device access so the wipe can be delivered (eas-facts §6.2, §2.5); the policy
    // step then answers 140, or, for a command that is not policy-checked (Provision), the request proceeds.
    let abq = if device.wipe_pending() {
        t.step(Step::WipePending, StepOutcome::Applied, |s| {
            s.push_str("a remote wipe is pending: device access checks are bypassed so the wipe can be delivered");
        });
        None
    } else {
        personal_lists(tenant, device, t)
            .or_else(|| discovery(tenant, device, facts, t))
            .or_else(|| exchange_2013_rule(tenant, device, t))
            .or_else(|| Some(org_default_2013(tenant, device, facts, t)))
    };
    if let Some(d) = &abq
        && d.verdict == Verdict::Block
    {
        t.step(Step::MailboxPolicy, StepOutcome::Skipped, |s| {
            s.push_str("not checked: the device is already blocked");
        });
        return abq.expect("checked to be Some just above");
    }
    if let Some(d) = mailbox_policy(tenant, device, facts, t) {
        return d;
    }
    abq.unwrap_or(Decision {
        step: Step::WipePending,
        verdict: Verdict::Allow,
        state: DeviceAccessState::Unknown,
        reason: DeviceAccessStateReason::Unknown,
        rule: None,
    })
}

fn mailbox_policy(
    tenant: &Tenant,
    device: &MobileDevice,
    facts: &RequestFacts,
    t: &mut impl Tracer,
) -> Option<Decision> {
    let policy = tenant.policy_for(device.mailbox);
    match policy_check::check(policy, device, facts.policy, facts.now) {
        Ok(()) => {
            t.step(Step::MailboxPolicy, StepOutcome::Passed, |s| {
                match facts.policy {
                    PolicyFacts::Exempt => s.push_str("not checked for this command"),
                    _ if policy.allow_non_provisionable_devices
                        && device.provisioning.policy_key.is_none() =>
                    {
                        let _ = write!(
                            s,
                            "policy '{}' allows non-provisionable devices",
                            policy.name
                        );
                    }
                    _ => {
                        let _ = write!(
                            s,
                            "provisioned with the current key of policy '{}'",
                            policy.name
                        );
                    }
                }
            });
            None
        }
        Err(failure) => {
            t.step(Step::MailboxPolicy, StepOutcome::Applied, |s| {
                let _ = write!(
                    s,
                    "policy '{}': status {} {}",
                    policy.name,
                    failure.status(),
                    failure.name()
                );
            });
            Some(Decision {
                step: Step::MailboxPolicy,
                verdict: Verdict::Policy(failure),
                state: DeviceAccessState::Blocked,
                reason: DeviceAccessStateReason::Policy,
                rule: None,
            })
        }
    }
}

fn personal_lists(tenant: &Tenant, device: &MobileDevice, t: &mut impl Tracer) -> Option<Decision> {
    let cas = &tenant.mailbox(device.mailbox).cas;
    let id = &device.device_id;
    if cas.blocks(id) {
        t.step(Step::PersonalBlock, StepOutcome::Applied, |s| {
            let _ = write!(s, "{id} is in ActiveSyncBlockedDeviceIDs");
        });
        return Some(decided(Step::PersonalBlock, AccessLevel::Block, None));
    }
    t.step(Step::PersonalBlock, StepOutcome::Passed, |s| {
        let _ = write!(s, "{id} is not in ActiveSyncBlockedDeviceIDs");
    });
    if cas.allows(id) {
        t.step(Step::PersonalAllow, StepOutcome::Applied, |s| {
            let _ = write!(s, "{id} is in ActiveSyncAllowedDeviceIDs");
        });
        return Some(decided(Step::PersonalAllow, AccessLevel::Allow, None));
    }
    t.step(Step::PersonalAllow, StepOutcome::Passed, |s| {
        let _ = write!(s, "{id} is not in ActiveSyncAllowedDeviceIDs");
    });
    None
}

/// Documented steps 6–8: among the rules matching any of the device's values, Block beats Quarantine beats
/// Allow. Within one level the first characteristic in `Characteristic::ALL` order names the rule.
fn documented_rules(
    tenant: &Tenant,
    device: &MobileDevice,
    t: &mut impl Tracer,
) -> Option<Decision> {
    let view = DeviceRuleView::of(device);
    let mut best: Option<(&DeviceAccessRule, &Arc<str>)> = None;
    if !tenant.rules.is_empty() {
        let rank = |l: AccessLevel| match l {
            AccessLevel::Block => 3,
            AccessLevel::Quarantine => 2,
            AccessLevel::Allow => 1,
        };
        for &c in Characteristic::ALL {
            if let Some((rule, name)) = tenant.rules.lookup_named(c, view.value(c))
                && best.is_none_or(|(b, _)| rank(rule.access_level) > rank(b.access_level))
            {
                best = Some((rule, name));
                if rule.access_level == AccessLevel::Block {
                    break; // nothing outranks Block, and ties keep the first characteristic
                }
            }
        }
    }
    for (step, level) in [
        (Step::RuleBlock, AccessLevel::Block),
        (Step::RuleQuarantine, AccessLevel::Quarantine),
        (Step::RuleAllow, AccessLevel::Allow),
    ] {
        if let Some((rule, name)) = best
            && rule.access_level == level
        {
            let m = RuleMatch::of(rule, name);
            let c = rule.characteristic;
            t.step(step, StepOutcome::Applied, |s| {
                let _ = write!(s, "rule '{}' matches {c} '{}'", m.name, view.value(c));
            });
            return Some(decided(step, level, Some(m)));
        }
        t.step(step, StepOutcome::Passed, |s| {
            let _ = write!(s, "no {level} rule matches ");
            view.describe(s);
        });
    }
    None
}

/// Exchange 2013: characteristics in the order UserAgent, DeviceOS, DeviceModel, DeviceType; the first match
/// decides whatever its level. XMSWLHeader is never checked.
fn exchange_2013_rule(
    tenant: &Tenant,
    device: &MobileDevice,
    t: &mut impl Tracer,
) -> Option<Decision> {
    let view = DeviceRuleView::of(device);
    if !tenant.rules.is_empty() {
        for c in Characteristic::EXCHANGE_2013_ORDER {
            if let Some((rule, name)) = tenant.rules.lookup_named(c, view.value(c)) {
                let m = RuleMatch::of(rule, name);
                t.step(Step::Rule, StepOutcome::Applied, |s| {
                    let _ = write!(
                        s,
                        "rule '{}' ({}) matches {c} '{}': first match wins",
                        m.name,
                        m.level,
                        view.value(c)
                    );
                });
                return Some(decided(Step::Rule, m.level, Some(m)));
            }
        }
    }
    t.step(Step::Rule, StepOutcome::Passed, |s| {
        s.push_str("no rule matches ");
        view.describe(s);
    });
    None
}

fn in_discovery_window(tenant: &Tenant, device: &MobileDevice, facts: &RequestFacts) -> bool {
    let period = i64::from(tenant.settings.device_discovery_period_secs);
    !device.device_information_received
        && device
            .first_sync_time
            .is_none_or(|first| facts.now.secs_since(first) < period)
}

fn discovery(
    tenant: &Tenant,
    device: &MobileDevice,
    facts: &RequestFacts,
    t: &mut impl Tracer,
) -> Option<Decision> {
    if !tenant.rules.is_empty() && in_discovery_window(tenant, device, facts) {
        t.step(Step::DeviceDiscovery, StepOutcome::Applied, |s| {
            s.push_str("rules exist, no DeviceInformation received yet and first contact is within the discovery period");
        });
        return Some(Decision {
            step: Step::DeviceDiscovery,
            verdict: Verdict::Discovery,
            state: DeviceAccessState::DeviceDiscovery,
            reason: DeviceAccessStateReason::DeviceRule,
            rule: None,
        });
    }
    t.step(Step::DeviceDiscovery, StepOutcome::Passed, |s| {
        if tenant.rules.is_empty() {
            s.push_str("no device access rules exist");
        } else {
            s.push_str("the device has been identified (or the discovery period is over)");
        }
    });
    None
}

fn org_default(tenant: &Tenant, t: &mut impl Tracer) -> Decision {
    let level = tenant.org.default_access_level;
    t.step(Step::OrgDefault, StepOutcome::Applied, |s| {
        let _ = write!(s, "DefaultAccessLevel is {level}");
    });
    decided(Step::OrgDefault, level, None)
}

fn org_default_2013(
    tenant: &Tenant,
    device: &MobileDevice,
    facts: &RequestFacts,
    t: &mut impl Tracer,
) -> Decision {
    if tenant.org.default_access_level == AccessLevel::Quarantine
        && in_discovery_window(tenant, device, facts)
    {
        t.step(Step::OrgDefault, StepOutcome::Applied, |s| {
            s.push_str("DefaultAccessLevel is Quarantine and the device is not identified yet: DeviceDiscovery");
        });
        return Decision {
            step: Step::OrgDefault,
            verdict: Verdict::Discovery,
            state: DeviceAccessState::DeviceDiscovery,
            reason: DeviceAccessStateReason::Global,
            rule: None,
        };
    }
    org_default(tenant, t)
}

fn decided(step: Step, level: AccessLevel, rule: Option<RuleMatch>) -> Decision {
    let verdict = match level {
        AccessLevel::Allow => Verdict::Allow,
        AccessLevel::Block => Verdict::Block,
        AccessLevel::Quarantine => Verdict::Quarantine,
    };
    Decision {
        step,
        verdict,
        state: level.state(),
        reason: step.reason(),
        rule,
    }
}

impl RuleMatch {
    fn of(rule: &DeviceAccessRule, name: &Arc<str>) -> RuleMatch {
        RuleMatch {
            guid: rule.guid,
            name: Arc::clone(name),
            characteristic: rule.characteristic,
            level: rule.access_level,
        }
    }
}
