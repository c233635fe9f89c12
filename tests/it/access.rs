//! Laws of the access engine over generated tenants (proptest), and the model test that compares the engine with
//! the naive references in `access/naive.rs`, for both precedence modes. `access/modes.rs` covers where the two
//! modes disagree.
//!
//! Runs are deterministic: a fixed RNG seed (overridable with `PROPTEST_RNG_SEED`) and no failure-persistence
//! files, so CI leaves the tree clean and a failure reproduces by re-running. A failure found this way is kept as
//! a named example test rather than a regressions file. Case counts are proptest's (`PROPTEST_CASES`).

mod modes;
mod naive;
mod spec;

use easim::access::{Decision, RequestFacts, Step, StepOutcome, Verdict, decide, explain};
use easim::model::{
    AccessLevel, Characteristic, DeviceAccessRule, DeviceAccessState, DeviceAccessStateReason,
    Guid, MobileDevice, Precedence, Tenant,
};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

use spec::{Scenario, recase, scenario, scenario_in};

/// The seed every property starts from unless `PROPTEST_RNG_SEED` says otherwise.
const SEED: u64 = 0x00EA_5517;

fn config() -> ProptestConfig {
    let base = ProptestConfig::default();
    let rng_seed = match base.rng_seed {
        RngSeed::Random => RngSeed::Fixed(SEED),
        fixed => fixed,
    };
    ProptestConfig {
        rng_seed,
        failure_persistence: None,
        ..base
    }
}

fn devices(t: &Tenant) -> Vec<&MobileDevice> {
    t.devices().map(|(_, d)| d).collect()
}

fn decide_all(t: &Tenant, facts: &RequestFacts) -> Vec<Decision> {
    devices(t)
        .into_iter()
        .map(|d| decide(t, d, facts))
        .collect()
}

/// A decision with the rule's name left out (the name spells the query string as typed).
fn without_rule_name(d: &Decision) -> Decision {
    let mut d = d.clone();
    if let Some(rule) = &mut d.rule {
        rule.name = "".into();
    }
    d
}

fn on_list(list: &[String], device_id: &str) -> bool {
    list.iter()
        .any(|e| e.to_lowercase() == device_id.to_lowercase())
}

fn is_rule_step(step: Step) -> bool {
    matches!(
        step,
        Step::RuleBlock | Step::RuleQuarantine | Step::RuleAllow | Step::Rule
    )
}

/// A rule for `c` with this query string, or `None` if the tenant has one for that pair already.
fn fresh_rule(
    t: &Tenant,
    c: Characteristic,
    q: &str,
    level: AccessLevel,
) -> Option<DeviceAccessRule> {
    let taken = t
        .rules
        .iter()
        .any(|r| r.characteristic == c && r.query_string.to_lowercase() == q.to_lowercase());
    (!taken).then(|| DeviceAccessRule {
        guid: Guid::from_random_bits(0x9999),
        query_string: q.to_string(),
        characteristic: c,
        access_level: level,
        when_created: None,
    })
}

proptest! {
    #![proptest_config(config())]

    /// The engine agrees with the naive nine-step reference on every device.
    #[test]
    fn documented_mode_matches_the_naive_reference(s in scenario_in(Just(Precedence::Documented))) {
        let t = s.build();
        for d in devices(&t) {
            prop_assert_eq!(decide(&t, d, &s.facts), naive::documented(&t, d, &s.facts), "device {}", d.device_id);
        }
    }

    /// The engine agrees with the naive Exchange 2013 reference on every device.
    #[test]
    fn exchange_2013_mode_matches_the_naive_reference(s in scenario_in(Just(Precedence::Exchange2013))) {
        let t = s.build();
        for d in devices(&t) {
            prop_assert_eq!(decide(&t, d, &s.facts), naive::exchange_2013(&t, d, &s.facts), "device {}", d.device_id);
        }
    }

    /// `explain` decides as `decide` does; the trace's deciding step (the last that applied) is the
    /// decision's and the reason is that step's; only in Exchange 2013 order does a second step apply (a failed
    /// policy check after device access); state, verdict and rule fit together.
    #[test]
    fn the_trace_agrees_with_the_decision(s in scenario()) {
        let t = s.build();
        for d in devices(&t) {
            let decision = decide(&t, d, &s.facts);
            let (explained, trace) = explain(&t, d, &s.facts);
            prop_assert_eq!(&explained, &decision);
            prop_assert_eq!(trace.decision.as_ref(), Some(&decision));
            prop_assert_eq!(trace.precedence, s.precedence);
            prop_assert_eq!(trace.deciding_step(), Some(decision.step));
            let applied: Vec<Step> = trace.steps.iter().filter(|x| x.outcome == StepOutcome::Applied).map(|x| x.step).collect();
            if applied.len() != 1 {
                prop_assert_eq!(s.precedence, Precedence::Exchange2013);
                prop_assert_eq!(applied.len(), 2);
                prop_assert_eq!(decision.step, Step::MailboxPolicy);
            }
            prop_assert_eq!(decision.reason, decision.step.reason());
            let state = match decision.verdict {
                Verdict::Challenge | Verdict::UserDisabled => DeviceAccessState::Unknown,
                Verdict::Allow if decision.step == Step::WipePending => DeviceAccessState::Unknown,
                Verdict::Policy(_) | Verdict::Block => DeviceAccessState::Blocked,
                Verdict::Quarantine => DeviceAccessState::Quarantined,
                Verdict::Discovery => DeviceAccessState::DeviceDiscovery,
                Verdict::Allow => DeviceAccessState::Allowed,
            };
            prop_assert_eq!(decision.state, state);
            prop_assert_eq!(decision.rule.is_some(), is_rule_step(decision.step));
            if let Some(rule) = &decision.rule {
                prop_assert_eq!(rule.level.state(), decision.state);
            }
        }
    }

    /// Without credentials the answer is a challenge; with EAS disabled it is 126; neither ever lets a device in.
    #[test]
    fn unauthenticated_requests_and_disabled_users_are_never_let_in(s in scenario()) {
        let t = s.build();
        for d in devices(&t) {
            let decision = decide(&t, d, &s.facts);
            let enabled = t.mailbox(d.mailbox).cas.active_sync_enabled;
            let expected = if !s.facts.authenticated {
                Some(Verdict::Challenge)
            } else if !enabled {
                Some(Verdict::UserDisabled)
            } else {
                None
            };
            if let Some(verdict) = expected {
                prop_assert_eq!(decision.verdict, verdict);
                prop_assert_ne!(decision.state, DeviceAccessState::Allowed);
                prop_assert!(!decision.is_stored());
            }
        }
    }

    /// Putting a device on its owner's block list makes it Blocked/Individual whatever came after that step:
    /// in the documented order once the policy is met, in Exchange 2013 unless a wipe is pending.
    #[test]
    fn a_personal_block_beats_everything_after_it(s in scenario()) {
        let t = s.build();
        for (key, d) in t.devices() {
            let before = decide(&t, d, &s.facts);
            let mut blocked = t.clone();
            blocked.cas_mut(d.mailbox).blocked_device_ids.push(d.device_id.to_uppercase());
            let after = decide(&blocked, blocked.device(key).unwrap(), &s.facts);
            let earlier = match s.precedence {
                Precedence::Documented => before.step <= Step::PersonalBlock,
                Precedence::Exchange2013 => before.step <= Step::ActiveSyncEnabled || d.wipe_pending(),
            };
            if earlier {
                prop_assert_eq!(after, before);
            } else {
                prop_assert_eq!(after.step, Step::PersonalBlock);
                prop_assert_eq!(after.state, DeviceAccessState::Blocked);
                prop_assert_eq!(after.reason, DeviceAccessStateReason::Individual);
            }
        }
    }

    /// Putting a device on its owner's allow list (and not on the block list) takes every rule and the default
    /// out of play: the device is Allowed/Individual unless an earlier step (or, in Exchange 2013, the policy
    /// check that follows device access) decides.
    #[test]
    fn a_personal_allow_beats_every_rule_and_the_default(s in scenario()) {
        let t = s.build();
        for (key, d) in t.devices() {
            let cas = &t.mailbox(d.mailbox).cas;
            if on_list(&cas.blocked_device_ids, &d.device_id) {
                continue;
            }
            let before = decide(&t, d, &s.facts);
            let mut allowed = t.clone();
            allowed.cas_mut(d.mailbox).allowed_device_ids.push(d.device_id.to_lowercase());
            let after = decide(&allowed, allowed.device(key).unwrap(), &s.facts);
            prop_assert!(!is_rule_step(after.step) && !matches!(after.step, Step::OrgDefault | Step::DeviceDiscovery), "{:?}", after);
            match s.precedence {
                Precedence::Documented if before.step < Step::PersonalAllow => prop_assert_eq!(after, before),
                Precedence::Documented => {
                    prop_assert_eq!(after.step, Step::PersonalAllow);
                    prop_assert_eq!(after.state, DeviceAccessState::Allowed);
                    prop_assert_eq!(after.reason, DeviceAccessStateReason::Individual);
                }
                Precedence::Exchange2013 => prop_assert!(
                    after.step <= Step::PersonalAllow || after.step == Step::MailboxPolicy,
                    "{:?}", after
                ),
            }
        }
    }

    /// Documented order: among the rules that match, a Block rule decides before any Quarantine rule and a
    /// Quarantine rule before any Allow rule, and the default only when none matches.
    #[test]
    fn documented_rule_levels_decide_block_then_quarantine_then_allow(s in scenario_in(Just(Precedence::Documented))) {
        let t = s.build();
        for d in devices(&t) {
            let decision = decide(&t, d, &s.facts);
            if decision.step < Step::RuleBlock {
                continue;
            }
            let levels: Vec<AccessLevel> = t.rules.iter().filter(|r| naive::rule_matches(r, d)).map(|r| r.access_level).collect();
            let expected = [
                (AccessLevel::Block, Step::RuleBlock),
                (AccessLevel::Quarantine, Step::RuleQuarantine),
                (AccessLevel::Allow, Step::RuleAllow),
            ]
            .into_iter()
            .find(|(l, _)| levels.contains(l))
            .map_or(Step::OrgDefault, |(_, step)| step);
            prop_assert_eq!(decision.step, expected);
        }
    }

    /// Documented order, said the other way round: adding a Block rule that matches a device turns any decision
    /// made by a Quarantine rule, an Allow rule or the default into that Block; a Quarantine rule likewise beats
    /// Allow rules and the default but not a Block rule.
    #[test]
    fn documented_a_new_matching_rule_overrides_only_weaker_levels(
        s in scenario_in(Just(Precedence::Documented)),
        c in prop::sample::select(&Characteristic::ALL[..4]),
        level in prop::sample::select(&[AccessLevel::Block, AccessLevel::Quarantine][..]),
    ) {
        let t = s.build();
        for (key, d) in t.devices() {
            let value = naive::device_value(d, c);
            if value.is_empty() {
                continue;
            }
            let Some(rule) = fresh_rule(&t, c, &value, level) else { continue };
            let before = decide(&t, d, &s.facts);
            let mut more = t.clone();
            more.rules.insert(rule).unwrap();
            let after = decide(&more, more.device(key).unwrap(), &s.facts);
            let (step, weaker): (Step, &[Step]) = match level {
                AccessLevel::Block => (Step::RuleBlock, &[Step::RuleQuarantine, Step::RuleAllow, Step::OrgDefault]),
                _ => (Step::RuleQuarantine, &[Step::RuleAllow, Step::OrgDefault]),
            };
            if weaker.contains(&before.step) {
                prop_assert_eq!(after.step, step);
                prop_assert_eq!(after.rule.map(|r| r.guid), Some(Guid::from_random_bits(0x9999)));
            } else {
                prop_assert_eq!(after.step, before.step);
                prop_assert_eq!(after.state, before.state);
            }
        }
    }

    /// Exchange 2013: the deciding rule is on the first characteristic (UserAgent, DeviceOS, DeviceModel,
    /// DeviceType) that has a matching rule, whatever the levels; XMSWLHeader rules never decide.
    #[test]
    fn exchange_2013_the_first_matching_characteristic_wins(s in scenario_in(Just(Precedence::Exchange2013))) {
        let t = s.build();
        for d in devices(&t) {
            let decision = decide(&t, d, &s.facts);
            let first = Characteristic::EXCHANGE_2013_ORDER
                .into_iter()
                .find(|&c| t.rules.iter().any(|r| r.characteristic == c && naive::rule_matches(r, d)));
            if let Some(rule) = &decision.rule {
                prop_assert_eq!(Some(rule.characteristic), first);
            }
            if matches!(decision.step, Step::OrgDefault) {
                prop_assert_eq!(first, None);
            }
        }
    }

    /// The organization default decides exactly when nothing earlier does: changing it changes a decision iff
    /// that decision was made by the default (in Exchange 2013 also when the default blocked and so spared the
    /// device the policy check that follows).
    #[test]
    fn the_default_applies_iff_nothing_earlier_applies(s in scenario()) {
        let t = s.build();
        let before = decide_all(&t, &s.facts);
        let mut changed = vec![false; before.len()];
        for &level in AccessLevel::ALL {
            let mut other = t.clone();
            other.org.default_access_level = level;
            for (i, after) in decide_all(&other, &s.facts).into_iter().enumerate() {
                changed[i] |= after != before[i];
            }
        }
        for (decision, changed) in before.iter().zip(changed) {
            if decision.step == Step::OrgDefault {
                prop_assert!(changed, "{:?}", decision);
                prop_assert_eq!(decision.reason, DeviceAccessStateReason::Global);
                if decision.verdict != Verdict::Discovery {
                    prop_assert_eq!(decision.state, t.org.default_access_level.state());
                }
            }
            let may_change = match s.precedence {
                Precedence::Documented => decision.step == Step::OrgDefault,
                Precedence::Exchange2013 => matches!(decision.step, Step::OrgDefault | Step::MailboxPolicy),
            };
            if changed {
                prop_assert!(may_change, "{:?}", decision);
            }
        }
    }

    /// A rule that matches no device changes no decision, except that in Exchange 2013 the first rule of a
    /// tenant starts DeviceDiscovery for unidentified new devices.
    #[test]
    fn an_unrelated_rule_changes_nothing(
        s in scenario(),
        c in prop::sample::select(Characteristic::ALL),
        level in prop::sample::select(AccessLevel::ALL),
    ) {
        let t = s.build();
        let before = decide_all(&t, &s.facts);
        let mut more = t.clone();
        more.rules.insert(fresh_rule(&t, c, "Unrelated", level).unwrap()).unwrap();
        let after = decide_all(&more, &s.facts);
        for ((b, a), d) in before.iter().zip(&after).zip(devices(&t)) {
            if s.precedence == Precedence::Exchange2013 && t.rules.is_empty() && a != b {
                prop_assert!(!d.device_information_received, "{:?}", a);
                prop_assert!(matches!(a.step, Step::DeviceDiscovery | Step::MailboxPolicy), "{:?}", a);
            } else {
                prop_assert_eq!(a, b);
            }
        }
    }

    /// The order in which rules were created does not matter.
    #[test]
    fn decisions_ignore_rule_insertion_order(
        (s, shuffled) in scenario().prop_flat_map(|s| {
            let rules = s.rules.clone();
            (Just(s), Just(rules).prop_shuffle())
        }),
    ) {
        let t = s.build();
        let reordered = Scenario { rules: shuffled, ..s.clone() }.build();
        prop_assert_eq!(decide_all(&t, &s.facts), decide_all(&reordered, &s.facts));
    }

    /// Letter case does not matter: not in rule query strings, list entries or device values.
    #[test]
    fn decisions_ignore_letter_case(s in scenario(), mask in any::<u64>()) {
        let t = s.build();
        let mut recased = s.clone();
        for (i, r) in recased.rules.iter_mut().enumerate() {
            r.query = recase(&r.query, mask.rotate_left(i as u32));
        }
        for m in &mut recased.mailboxes {
            for id in m.allowed.iter_mut().chain(m.blocked.iter_mut()) {
                *id = recase(id, !mask);
            }
        }
        for d in &mut recased.devices {
            for v in [&mut d.device_type, &mut d.model, &mut d.os, &mut d.user_agent, &mut d.wl_header] {
                *v = recase(v, mask.rotate_right(7));
            }
        }
        let other = recased.build();
        let a: Vec<Decision> = decide_all(&t, &s.facts).iter().map(without_rule_name).collect();
        let b: Vec<Decision> = decide_all(&other, &s.facts).iter().map(without_rule_name).collect();
        prop_assert_eq!(a, b);
    }
}

/// The generators reach every step of both sequences (and every policy failure), so the laws above are not
/// vacuously true of tenants where nothing ever matches.
#[test]
fn the_generators_reach_every_step() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
    use std::collections::BTreeMap;

    let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
    let mut runner = TestRunner::new_with_rng(config(), rng);
    let strategy = scenario();
    let mut seen: BTreeMap<(Precedence, Step), usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for _ in 0..1000 {
        let s = strategy.new_tree(&mut runner).unwrap().current();
        let t = s.build();
        for d in decide_all(&t, &s.facts) {
            *seen.entry((s.precedence, d.step)).or_default() += 1;
            if let Verdict::Policy(f) = d.verdict
                && !failures.contains(&f)
            {
                failures.push(f);
            }
        }
    }
    let documented = [
        Step::Authenticated,
        Step::ActiveSyncEnabled,
        Step::MailboxPolicy,
        Step::PersonalBlock,
        Step::PersonalAllow,
        Step::RuleBlock,
        Step::RuleQuarantine,
        Step::RuleAllow,
        Step::OrgDefault,
    ];
    let exchange = [
        Step::Authenticated,
        Step::ActiveSyncEnabled,
        Step::WipePending,
        Step::MailboxPolicy,
        Step::PersonalBlock,
        Step::PersonalAllow,
        Step::DeviceDiscovery,
        Step::Rule,
        Step::OrgDefault,
    ];
    let expected = documented
        .map(|s| (Precedence::Documented, s))
        .into_iter()
        .chain(exchange.map(|s| (Precedence::Exchange2013, s)));
    let missing: Vec<_> = expected.filter(|k| !seen.contains_key(k)).collect();
    assert!(
        missing.is_empty(),
        "never reached: {missing:?}; seen {seen:?}"
    );
    assert_eq!(failures.len(), 5, "policy failures reached: {failures:?}");
}
