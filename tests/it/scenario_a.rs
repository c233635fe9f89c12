//! MISSION.md's scenario A end to end: a device access rule lets a new model in, the devices connect over EAS
//! (Allowed by the rule), the project's pin script (`scripts/pin-allowed-devices.ps1`) runs in-process against
//! the server's tenant and removes the rule, and when the devices connect again the pinned ones are still
//! Allowed (reason Individual) while everything else falls to the org default (Quarantined).

use easim::admin::LocalHost;
use easim::model::{
    AccessLevel, Characteristic, DeviceAccessRule, DeviceAccessState, DeviceAccessStateReason, Guid,
};
use easim::script::{RunOutcome, Session, StringHost};

use crate::eas::{device, ready, session, stored};
use crate::support::{EPOCH, TestServer, root, test_config, test_tenant};

fn iphone_5s(user: &str, id: &str) -> easim::load::client::Device {
    let mut d = device(user, id);
    d.model = "iPhone6C2".into();
    d.os = "iOS 12.5.7 16H81".into();
    d.user_agent = "Apple-iPhone6C2/1605.7".into();
    d
}

fn state(
    server: &TestServer,
    user: &str,
    id: &str,
) -> (DeviceAccessState, DeviceAccessStateReason) {
    let d = stored(server, user, id).unwrap();
    (d.access.state, d.access.reason)
}

#[tokio::test]
async fn pinned_devices_stay_allowed_after_the_rule_is_removed() {
    let mut tenant = test_tenant();
    tenant.org.default_access_level = AccessLevel::Quarantine;
    tenant
        .rules
        .insert(DeviceAccessRule {
            guid: Guid::from_random_bits(0x5A),
            query_string: "iPhone6C2".into(),
            characteristic: Characteristic::DeviceModel,
            access_level: AccessLevel::Allow,
            when_created: Some(EPOCH),
        })
        .unwrap();
    let server = TestServer::start(tenant, test_config()).await;

    // The rollout: the new phones connect and are let in by the rule; another model is quarantined.
    let phones = [("alice", "A5S1"), ("bob", "B5S1"), ("dave", "D5S1")];
    for (user, id) in phones {
        ready(&server, iphone_5s(user, id)).await;
        assert_eq!(
            state(&server, user, id),
            (
                DeviceAccessState::Allowed,
                DeviceAccessStateReason::DeviceRule
            )
        );
    }
    let mut other = session(&server, device("bob", "BOTHER1")).await;
    let _ = other.provision().await;
    assert_eq!(
        state(&server, "bob", "BOTHER1"),
        (
            DeviceAccessState::Quarantined,
            DeviceAccessStateReason::Global
        )
    );

    // The admin runs the pin script against the live tenant (in-process, between requests).
    let script = std::fs::read_to_string(root().join("scripts/pin-allowed-devices.ps1")).unwrap();
    let mut out = StringHost::new();
    let outcome = {
        let mut world = server.state.lock();
        let mut host = LocalHost::new(&mut world.tenant, EPOCH);
        Session::default().run(&script, &mut host, &mut out)
    };
    assert_eq!(outcome, RunOutcome::Completed, "{}", out.text);
    assert!(out.errors.is_empty(), "{}", out.errors);
    assert!(
        out.text.contains("Found 3 allowed iPhone6C2 devices"),
        "{}",
        out.text
    );
    assert!(
        out.text
            .contains("Pinned 3 device(s), skipped 0 already pinned"),
        "{}",
        out.text
    );
    assert!(
        out.text
            .contains("Removed the rule 'iPhone6C2 (DeviceModel)'"),
        "{}",
        out.text
    );
    assert!(server.state.lock().tenant.rules.iter().next().is_none());

    // The devices connect again: the pinned phones are Allowed by their owners' lists.
    for (user, id) in phones {
        let mut s = session(&server, iphone_5s(user, id)).await;
        s.provision().await.unwrap();
        s.folder_sync().await.unwrap();
        assert_eq!(
            state(&server, user, id),
            (
                DeviceAccessState::Allowed,
                DeviceAccessStateReason::Individual
            ),
            "{user}'s {id}"
        );
    }
    // Everything not pinned is at the org default: the other device, and a phone of the model that shows up
    // only now that the rule is gone.
    let _ = other.provision().await;
    assert_eq!(
        state(&server, "bob", "BOTHER1"),
        (
            DeviceAccessState::Quarantined,
            DeviceAccessStateReason::Global
        )
    );
    let mut late = session(&server, iphone_5s("alice", "A5S2")).await;
    let _ = late.provision().await;
    assert_eq!(
        state(&server, "alice", "A5S2"),
        (
            DeviceAccessState::Quarantined,
            DeviceAccessStateReason::Global
        )
    );

    // A re-run skips every pinned device and finds no rule to remove.
    let mut out = StringHost::new();
    {
        let mut world = server.state.lock();
        let mut host = LocalHost::new(&mut world.tenant, EPOCH);
        Session::default().run(&script, &mut host, &mut out);
    }
    assert!(
        out.text
            .contains("Pinned 0 device(s), skipped 3 already pinned"),
        "{}",
        out.text
    );
    assert!(
        out.text
            .contains("No device access rule for iPhone6C2 is left"),
        "{}",
        out.text
    );
    server.stop().await;
}
