//! Unit tests of the access engine: each case builds a small tenant, decides one device and snapshots the full
//! trace, so both the decision and the explanation are checked. Laws over generated tenants live in the
//! property tests (`tests/it/access.rs`).

use expect_test::{Expect, expect};

use super::*;
use crate::model::{
    AccessLevel, CasSettings, Characteristic, DeviceAccessRule, Guid, Mailbox, MailboxId,
    MobileDevice, Precedence, RecipientTypeDetails, Tenant, Timestamp,
};

const NOW: Timestamp = Timestamp::from_secs(1_795_000_000);

fn tenant() -> Tenant {
    let mut t = Tenant::new("contoso.com");
    let m = Mailbox {
        guid: Guid::from_random_bits(1),
        name: "Alice".into(),
        alias: "alice".into(),
        display_name: "Alice".into(),
        primary_smtp_address: "alice@contoso.com".into(),
        user_principal_name: "alice@contoso.com".into(),
        recipient_type_details: RecipientTypeDetails::UserMailbox,
        password: "pw".into(),
        cas: CasSettings::default(),
    };
    let id = t.add_mailbox(m).unwrap();
    let mut d = MobileDevice::new(Guid::from_random_bits(2), id, "ApplF17XK1", "iPhone");
    d.device_model = "iPhone6C2".into();
    d.device_os = "iOS 12.1 16B92".into();
    d.device_user_agent = "Apple-iPhone6C2/1602.92".into();
    d.device_information_received = true;
    d.first_sync_time = Some(NOW.add_secs(-86_400));
    d.provisioning.policy_key = Some(1234);
    d.provisioning.policy_applied = Some("Default".into());
    t.add_device(d).unwrap();
    t
}

fn rule(t: &mut Tenant, q: &str, c: Characteristic, l: AccessLevel) {
    let n = t.rules.len() as u128 + 100;
    t.rules
        .insert(DeviceAccessRule {
            guid: Guid::from_random_bits(n),
            query_string: q.into(),
            characteristic: c,
            access_level: l,
            when_created: None,
        })
        .unwrap();
}

#[track_caller]
fn check(t: &Tenant, facts: RequestFacts, expect: Expect) {
    let (key, device) = t.devices().next().unwrap();
    let (decision, trace) = explain(t, device, &facts);
    assert_eq!(
        decision,
        decide(t, device, &facts),
        "explain and decide disagree for {key:?}"
    );
    assert_eq!(trace.deciding_step(), Some(decision.step));
    expect.assert_eq(&trace.to_string());
}

fn offline() -> RequestFacts {
    RequestFacts::offline(NOW)
}

#[test]
fn default_allow_with_no_rules() {
    check(
        &tenant(),
        offline(),
        expect![[r#"
            Precedence: Documented
             1. User authenticated     passed   the request carried valid credentials
             2. ActiveSyncEnabled      passed   ActiveSyncEnabled is True for Alice
             3. Mailbox policy met     passed   provisioned with the current key of policy 'Default'
             4. Personal block list    passed   ApplF17XK1 is not in ActiveSyncBlockedDeviceIDs
             5. Personal allow list    passed   ApplF17XK1 is not in ActiveSyncAllowedDeviceIDs
             6. Block rules            passed   no Block rule matches DeviceType 'iPhone', DeviceModel 'iPhone6C2', DeviceOS 'iOS 12.1 16B92', UserAgent 'Apple-iPhone6C2/1602.92'
             7. Quarantine rules       passed   no Quarantine rule matches DeviceType 'iPhone', DeviceModel 'iPhone6C2', DeviceOS 'iOS 12.1 16B92', UserAgent 'Apple-iPhone6C2/1602.92'
             8. Allow rules            passed   no Allow rule matches DeviceType 'iPhone', DeviceModel 'iPhone6C2', DeviceOS 'iOS 12.1 16B92', UserAgent 'Apple-iPhone6C2/1602.92'
             9. Organization default   APPLIES  DefaultAccessLevel is Allow
            Decision: Allow (DeviceAccessState Allowed, reason Global)
        "#]],
    );
}

#[test]
fn unauthenticated_requests_are_challenged() {
    let facts = RequestFacts {
        authenticated: false,
        ..offline()
    };
    check(
        &tenant(),
        facts,
        expect![[r#"
        Precedence: Documented
         1. User authenticated     APPLIES  no valid credentials for the device's user: HTTP 401 with a Basic challenge
        Decision: Challenge
    "#]],
    );
}

#[test]
fn disabled_users_are_refused_before_any_device_logic() {
    let mut t = tenant();
    t.cas_mut(MailboxId(0)).active_sync_enabled = false;
    t.cas_mut(MailboxId(0))
        .allowed_device_ids
        .push("ApplF17XK1".into());
    check(
        &t,
        offline(),
        expect![[r#"
        Precedence: Documented
         1. User authenticated     passed   the request carried valid credentials
         2. ActiveSyncEnabled      APPLIES  ActiveSyncEnabled is False for Alice: status 126 UserDisabledForSync
        Decision: UserDisabled
    "#]],
    );
}

#[test]
fn policy_failures_come_before_personal_lists() {
    let mut t = tenant();
    t.cas_mut(MailboxId(0))
        .allowed_device_ids
        .push("applf17xk1".into());
    let facts = RequestFacts {
        policy: PolicyFacts::Presented(None),
        ..offline()
    };
    check(
        &t,
        facts,
        expect![[r#"
        Precedence: Documented
         1. User authenticated     passed   the request carried valid credentials
         2. ActiveSyncEnabled      passed   ActiveSyncEnabled is True for Alice
         3. Mailbox policy met     APPLIES  policy 'Default': status 141 LegacyDeviceOnStrictPolicy
        Decision: Policy(LegacyDeviceOnStrictPolicy) (DeviceAccessState Blocked, reason Policy)
    "#]],
    );
    let facts = RequestFacts {
        policy: PolicyFacts::Presented(Some(999)),
        ..offline()
    };
    check(
        &t,
        facts,
        expect![[r#"
        Precedence: Documented
         1. User authenticated     passed   the request carried valid credentials
         2. ActiveSyncEnabled      passed   ActiveSyncEnabled is True for Alice
         3. Mailbox policy met     APPLIES  policy 'Default': status 144 InvalidPolicyKey
        Decision: Policy(InvalidPolicyKey) (DeviceAccessState Blocked, reason Policy)
    "#]],
    );
}

#[test]
fn personal_block_beats_personal_allow_and_rules() {
    let mut t = tenant();
    t.cas_mut(MailboxId(0))
        .blocked_device_ids
        .push("APPLF17XK1".into());
    t.cas_mut(MailboxId(0))
        .allowed_device_ids
        .push("ApplF17XK1".into());
    rule(
        &mut t,
        "iPhone6C2",
        Characteristic::DeviceModel,
        AccessLevel::Allow,
    );
    check(
        &t,
        offline(),
        expect![[r#"
        Precedence: Documented
         1. User authenticated     passed   the request carried valid credentials
         2. ActiveSyncEnabled      passed   ActiveSyncEnabled is True for Alice
         3. Mailbox policy met     passed   provisioned with the current key of policy 'Default'
         4. Personal block list    APPLIES  ApplF17XK1 is in ActiveSyncBlockedDeviceIDs
        Decision: Block (DeviceAccessState Blocked, reason Individual)
    "#]],
    );
}

#[test]
fn documented_order_block_rule_beats_allow_rule_on_another_characteristic() {
    let mut t = tenant();
    rule(
        &mut t,
        "iPhone6C2",
        Characteristic::DeviceModel,
        AccessLevel::Allow,
    );
    rule(
        &mut t,
        "IPHONE",
        Characteristic::DeviceType,
        AccessLevel::Block,
    );
    check(
        &t,
        offline(),
        expect![[r#"
        Precedence: Documented
         1. User authenticated     passed   the request carried valid credentials
         2. ActiveSyncEnabled      passed   ActiveSyncEnabled is True for Alice
         3. Mailbox policy met     passed   provisioned with the current key of policy 'Default'
         4. Personal block list    passed   ApplF17XK1 is not in ActiveSyncBlockedDeviceIDs
         5. Personal allow list    passed   ApplF17XK1 is not in ActiveSyncAllowedDeviceIDs
         6. Block rules            APPLIES  rule 'IPHONE (DeviceType)' matches DeviceType 'iPhone'
        Decision: Block (DeviceAccessState Blocked, reason DeviceRule, rule 'IPHONE (DeviceType)')
    "#]],
    );
}

#[test]
fn exchange_2013_first_characteristic_match_wins_whatever_its_level() {
    let mut t = tenant();
    t.settings.precedence = Precedence::Exchange2013;
    rule(
        &mut t,
        "iPhone6C2",
        Characteristic::DeviceModel,
        AccessLevel::Allow,
    );
    rule(
        &mut t,
        "IPHONE",
        Characteristic::DeviceType,
        AccessLevel::Block,
    );
    check(
        &t,
        offline(),
        expect![[r#"
        Precedence: Exchange2013
         1. User authenticated     passed   the request carried valid credentials
         2. ActiveSyncEnabled      passed   ActiveSyncEnabled is True for Alice
         3. Personal block list    passed   ApplF17XK1 is not in ActiveSyncBlockedDeviceIDs
         4. Personal allow list    passed   ApplF17XK1 is not in ActiveSyncAllowedDeviceIDs
         5. Device discovery       passed   the device has been identified (or the discovery period is over)
         6. Device access rules    APPLIES  rule 'iPhone6C2 (DeviceModel)' (Allow) matches DeviceModel 'iPhone6C2': first match wins
         7. Mailbox policy met     passed   provisioned with the current key of policy 'Default'
        Decision: Allow (DeviceAccessState Allowed, reason DeviceRule, rule 'iPhone6C2 (DeviceModel)')
    "#]],
    );
}

#[test]
fn exchange_2013_device_discovery_for_unidentified_new_devices() {
    let mut t = tenant();
    t.settings.precedence = Precedence::Exchange2013;
    rule(
        &mut t,
        "Android",
        Characteristic::DeviceType,
        AccessLevel::Allow,
    );
    t.update_device(crate::model::DeviceKey(0), |d| {
        d.device_information_received = false;
        d.first_sync_time = Some(NOW.add_secs(-60));
    });
    check(
        &t,
        offline(),
        expect![[r#"
        Precedence: Exchange2013
         1. User authenticated     passed   the request carried valid credentials
         2. ActiveSyncEnabled      passed   ActiveSyncEnabled is True for Alice
         3. Personal block list    passed   ApplF17XK1 is not in ActiveSyncBlockedDeviceIDs
         4. Personal allow list    passed   ApplF17XK1 is not in ActiveSyncAllowedDeviceIDs
         5. Device discovery       APPLIES  rules exist, no DeviceInformation received yet and first contact is within the discovery period
         6. Mailbox policy met     passed   provisioned with the current key of policy 'Default'
        Decision: Discovery (DeviceAccessState DeviceDiscovery, reason DeviceRule)
    "#]],
    );
}

#[test]
fn org_default_quarantine_with_model_falling_back_to_type() {
    let mut t = tenant();
    t.org.default_access_level = AccessLevel::Quarantine;
    t.update_device(crate::model::DeviceKey(0), |d| d.device_model = "".into());
    rule(
        &mut t,
        "iPhone7C2",
        Characteristic::DeviceModel,
        AccessLevel::Allow,
    );
    check(
        &t,
        offline(),
        expect![[r#"
        Precedence: Documented
         1. User authenticated     passed   the request carried valid credentials
         2. ActiveSyncEnabled      passed   ActiveSyncEnabled is True for Alice
         3. Mailbox policy met     passed   provisioned with the current key of policy 'Default'
         4. Personal block list    passed   ApplF17XK1 is not in ActiveSyncBlockedDeviceIDs
         5. Personal allow list    passed   ApplF17XK1 is not in ActiveSyncAllowedDeviceIDs
         6. Block rules            passed   no Block rule matches DeviceType 'iPhone', DeviceModel 'iPhone', DeviceOS 'iOS 12.1 16B92', UserAgent 'Apple-iPhone6C2/1602.92'
         7. Quarantine rules       passed   no Quarantine rule matches DeviceType 'iPhone', DeviceModel 'iPhone', DeviceOS 'iOS 12.1 16B92', UserAgent 'Apple-iPhone6C2/1602.92'
         8. Allow rules            passed   no Allow rule matches DeviceType 'iPhone', DeviceModel 'iPhone', DeviceOS 'iOS 12.1 16B92', UserAgent 'Apple-iPhone6C2/1602.92'
         9. Organization default   APPLIES  DefaultAccessLevel is Quarantine
        Decision: Quarantine (DeviceAccessState Quarantined, reason Global)
    "#]],
    );
}

#[test]
fn pending_wipe_answers_140_in_both_modes() {
    let mut t = tenant();
    t.update_device(crate::model::DeviceKey(0), |d| {
        d.wipe = Some(crate::model::WipeRequest {
            requested: NOW,
            sent: None,
            acknowledged: None,
            account_only: false,
            requestor: "admin".into(),
        });
    });
    t.cas_mut(MailboxId(0))
        .blocked_device_ids
        .push("ApplF17XK1".into());
    check(
        &t,
        offline(),
        expect![[r#"
        Precedence: Documented
         1. User authenticated     passed   the request carried valid credentials
         2. ActiveSyncEnabled      passed   ActiveSyncEnabled is True for Alice
         3. Mailbox policy met     APPLIES  policy 'Default': status 140 RemoteWipeRequested
        Decision: Policy(RemoteWipeRequested) (DeviceAccessState Blocked, reason Policy)
    "#]],
    );
    t.settings.precedence = Precedence::Exchange2013;
    check(
        &t,
        offline(),
        expect![[r#"
            Precedence: Exchange2013
             1. User authenticated     passed   the request carried valid credentials
             2. ActiveSyncEnabled      passed   ActiveSyncEnabled is True for Alice
             3. Remote wipe pending    APPLIES  a remote wipe is pending: device access checks are bypassed so the wipe can be delivered
             4. Mailbox policy met     APPLIES  policy 'Default': status 140 RemoteWipeRequested
            Decision: Policy(RemoteWipeRequested) (DeviceAccessState Blocked, reason Policy)
        "#]],
    );
    // Provision is not policy-checked: the blocked device gets through to receive its wipe, and nothing is
    // stored on it (eas-facts §2.5, §6.2).
    let provision = RequestFacts {
        policy: PolicyFacts::Exempt,
        ..offline()
    };
    check(
        &t,
        provision,
        expect![[r#"
            Precedence: Exchange2013
             1. User authenticated     passed   the request carried valid credentials
             2. ActiveSyncEnabled      passed   ActiveSyncEnabled is True for Alice
             3. Remote wipe pending    APPLIES  a remote wipe is pending: device access checks are bypassed so the wipe can be delivered
             4. Mailbox policy met     passed   not checked for this command
            Decision: Allow
        "#]],
    );
}

#[test]
fn get_mobile_device_recomputes_rule_and_default_states_only() {
    let mut t = tenant();
    let key = crate::model::DeviceKey(0);
    t.update_device(key, |d| {
        d.access = decide_stored(
            AccessLevel::Allow,
            crate::model::DeviceAccessStateReason::Global,
        )
    });
    t.org.default_access_level = AccessLevel::Block;
    let shown = displayed_access(&t, t.device(key).unwrap());
    expect!["StoredAccess { state: Blocked, reason: Global, rule: None }"]
        .assert_eq(&format!("{shown:?}"));
    t.update_device(key, |d| {
        d.access = decide_stored(
            AccessLevel::Allow,
            crate::model::DeviceAccessStateReason::Individual,
        )
    });
    let shown = displayed_access(&t, t.device(key).unwrap());
    expect!["StoredAccess { state: Allowed, reason: Individual, rule: None }"]
        .assert_eq(&format!("{shown:?}"));
    // Set-CASMailbox stamps Unknown/Unknown on a device taken off a personal list: shown recomputed.
    t.update_device(key, |d| d.access = crate::model::StoredAccess::default());
    let shown = displayed_access(&t, t.device(key).unwrap());
    expect!["StoredAccess { state: Blocked, reason: Global, rule: None }"]
        .assert_eq(&format!("{shown:?}"));
}

fn decide_stored(
    level: AccessLevel,
    reason: crate::model::DeviceAccessStateReason,
) -> crate::model::StoredAccess {
    crate::model::StoredAccess {
        state: level.state(),
        reason,
        rule: None,
    }
}
