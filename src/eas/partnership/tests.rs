//! Unit tests of the one way into device state (`partnership`): find-or-create and decide store nothing, `admit`
//! stores the tenant's partnership and the mail store's sync state together, and every refusal — a disabled
//! user, too many partnerships, a partnership the model will not take — leaves both stores as they were.

#![allow(clippy::unwrap_used)]

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::super::mail_store::{self, MailStore};
use super::super::*;
use super::{Partnership, Refusal};
use crate::access::Verdict;
use crate::model::{
    AccessLevel, CasSettings, DeviceAccessState, Guid, Mailbox, MailboxId, RecipientTypeDetails,
    Tenant, Timestamp,
};
use crate::wbxml::tags::{FolderHierarchy as F, Provision as P, Settings as S};
use crate::wbxml::{Document, Element, encode};

const NOW: Timestamp = Timestamp::from_secs(1_795_000_000);

/// The tenant, mail store and RNG one test's requests share.
struct World {
    tenant: Tenant,
    store: MailStore,
    rng: ChaCha8Rng,
    config: EasConfig,
}

impl World {
    fn new() -> World {
        let mut tenant = Tenant::new("contoso.test");
        tenant
            .add_mailbox(Mailbox {
                guid: Guid::from_random_bits(1),
                name: "Alice".into(),
                alias: "alice".into(),
                display_name: "Alice".into(),
                primary_smtp_address: "alice@contoso.test".into(),
                user_principal_name: "alice@contoso.test".into(),
                recipient_type_details: RecipientTypeDetails::UserMailbox,
                password: "pw".into(),
                cas: CasSettings::default(),
            })
            .unwrap();
        World {
            tenant,
            store: MailStore::new(1, NOW),
            rng: ChaCha8Rng::seed_from_u64(1),
            config: EasConfig::default(),
        }
    }

    /// One request through `handle`; returns the HTTP status and the EAS status.
    fn send(&mut self, req: &EasRequest, root: Option<Element>) -> (u16, Option<u16>) {
        let mut cx = Context {
            tenant: &mut self.tenant,
            store: &mut self.store,
            rng: &mut self.rng,
            config: &self.config,
            now: NOW,
        };
        let creds = Credentials {
            user: "alice".into(),
            password: "pw".into(),
        };
        let body = root.map(|r| encode(&Document::new(r))).unwrap_or_default();
        let out = handle(&mut cx, req, Some(&creds), &body);
        (out.response.http_status, out.response.eas_status)
    }

    /// Provisions `device_id` and syncs its hierarchy; returns the policy key.
    fn ready(&mut self, device_id: &str) -> u32 {
        let mut req = request(Command::Provision, device_id, None);
        self.send(&req, Some(provision(None)));
        let temp = self.pending_key(device_id);
        req.policy_key = temp;
        self.send(&req, Some(provision(temp)));
        let key = self.device(device_id).unwrap().provisioning.policy_key;
        let folder_sync = Element::new(F::FolderSync).with_leaf(F::SyncKey, "0");
        let r = self.send(
            &request(Command::FolderSync, device_id, key),
            Some(folder_sync),
        );
        assert_eq!(r, (200, Some(1)));
        key.unwrap()
    }

    fn pending_key(&self, device_id: &str) -> Option<u32> {
        self.device(device_id)?.provisioning.pending_policy_key
    }

    fn device(&self, device_id: &str) -> Option<&crate::model::MobileDevice> {
        let k = self.tenant.find_device(MailboxId(0), device_id)?;
        self.tenant.device(k)
    }

    /// Everything both stores hold, to compare before and after a request.
    fn snapshot(&self) -> String {
        let devices: Vec<_> = self.tenant.devices().map(|(_, d)| d.clone()).collect();
        format!("{devices:#?}\n{:#?}", self.store.get(MailboxId(0)))
    }

    fn inbox_len(&self) -> usize {
        self.store
            .get(MailboxId(0))
            .and_then(|m| m.folder(mail_store::INBOX))
            .map_or(0, |f| f.items.len())
    }
}

fn request(command: Command, device_id: &str, key: Option<u32>) -> EasRequest {
    let mut req = EasRequest::new(
        command,
        "alice",
        device_id,
        "iPhone",
        ProtocolVersion::V14_0,
    );
    req.policy_key = key;
    req.user_agent = "Apple-iPhone/1".into();
    req
}

fn provision(ack: Option<u32>) -> Element {
    let mut policy = Element::new(P::Policy).with_leaf(P::PolicyType, "MS-EAS-Provisioning-WBXML");
    if let Some(k) = ack {
        policy = policy
            .with_leaf(P::PolicyKey, k.to_string())
            .with_leaf(P::Status, "1");
    }
    Element::new(P::Provision).with(Element::new(P::Policies).with(policy))
}

/// A Settings body whose DeviceInformation names a model and a UserAgent.
fn device_information() -> Element {
    let set = Element::new(S::Set)
        .with_leaf(S::Model, "iPhone14C3")
        .with_leaf(S::UserAgent, "Apple-iPhone14C3/2104.112");
    Element::new(S::Settings).with(Element::new(S::DeviceInformation).with(set))
}

#[test]
fn find_or_create_and_decide_store_nothing() {
    let mut w = World::new();
    let key = w.ready("DEV1");
    let before = w.snapshot();
    let req = request(Command::Sync, "dev1", Some(key));
    let p = Partnership::find_or_create(
        &w.tenant,
        &w.store,
        MailboxId(0),
        &req,
        None,
        &mut w.rng,
        NOW,
    );
    // The existing partnership (DeviceIds compare case-insensitively), with the request's facts applied.
    assert_eq!(p.device().device_id, "DEV1");
    assert_eq!(p.device().last_sync_attempt_time, Some(NOW));
    assert_eq!(p.state().hierarchy_key(), 1);
    let decision = p.decide(&w.tenant, &req, NOW);
    assert_eq!(decision.verdict, Verdict::Allow);
    drop(p);
    assert_eq!(w.snapshot(), before);
}

#[test]
fn admit_stores_the_partnership_and_its_sync_state_together() {
    let mut w = World::new();
    w.tenant.org.default_access_level = AccessLevel::Quarantine;
    w.store.of(&w.tenant, MailboxId(0));
    let before_inbox = w.inbox_len();
    // First contact: Provision phase one carrying DeviceInformation.
    let info = device_information()
        .child(S::DeviceInformation)
        .unwrap()
        .clone();
    let r = w.send(
        &request(Command::Provision, "NEW1", None),
        Some(provision(None).with(info)),
    );
    assert_eq!(r, (200, Some(1)));
    // The tenant's half: the partnership with the DeviceInformation and the decision.
    let d = w.device("new1").unwrap();
    assert_eq!(d.access.state, DeviceAccessState::Quarantined);
    assert_eq!(&*d.device_user_agent, "Apple-iPhone14C3/2104.112");
    // The mail store's half, under any case of the DeviceId: the notice flag, the UserAgent's origin, and
    // the notice itself.
    let mail = w.store.get(MailboxId(0)).unwrap();
    let state = mail.device_state("New1").unwrap();
    assert_eq!(state.abq_notice(), Some(DeviceAccessState::Quarantined));
    assert!(state.user_agent_from_info());
    assert_eq!(w.inbox_len(), before_inbox + 1);
    // The next request's User-Agent header no longer overrides what DeviceInformation said, and the notice
    // for this state is not posted twice.
    let mut req = request(Command::Provision, "NEW1", None);
    req.policy_key = w.pending_key("NEW1");
    let r = w.send(&req, Some(provision(req.policy_key)));
    assert_eq!(r, (200, Some(1)));
    let d = w.device("NEW1").unwrap();
    assert_eq!(&*d.device_user_agent, "Apple-iPhone14C3/2104.112");
    assert!(d.provisioning.policy_key.is_some());
    assert_eq!(w.inbox_len(), before_inbox + 1);
}

#[test]
fn a_disabled_user_leaves_both_stores_untouched() {
    let mut w = World::new();
    let key = w.ready("DEV1");
    w.tenant.cas_mut(MailboxId(0)).active_sync_enabled = false;
    let before = w.snapshot();
    // DeviceInformation with a UserAgent would change both the partnership and the sync state.
    let r = w.send(
        &request(Command::Settings, "DEV1", Some(key)),
        Some(device_information()),
    );
    assert_eq!(r, (200, Some(GlobalStatus::USER_DISABLED_FOR_SYNC.0)));
    assert_eq!(w.snapshot(), before);
}

#[test]
fn a_refused_new_partnership_stores_no_device_state() {
    let mut w = World::new();
    w.ready("DEV1");
    w.tenant.settings.eas_max_devices = 1;
    let devices = w.tenant.device_count();
    let inbox = w.inbox_len();
    let r = w.send(
        &request(Command::Settings, "DEV2", None),
        Some(device_information()),
    );
    assert_eq!(r, (403, Some(GlobalStatus::MAXIMUM_DEVICES_REACHED.0)));
    assert_eq!(w.tenant.device_count(), devices);
    let mail = w.store.get(MailboxId(0)).unwrap();
    assert!(mail.device_state("DEV2").is_none());
    // The refusal's own effect: the "too many partnerships" notice, once.
    assert_eq!(w.inbox_len(), inbox + 1);
}

#[test]
fn a_partnership_the_model_refuses_leaves_both_stores_untouched() {
    let mut w = World::new();
    w.ready("DEV1");
    let before = w.snapshot();
    // An empty DeviceId gets this far only from a caller that skipped request parsing; the model refuses it.
    let r = w.send(
        &request(Command::Settings, "", None),
        Some(device_information()),
    );
    assert_eq!(r, (200, Some(GlobalStatus::SERVER_ERROR.0)));
    assert_eq!(w.snapshot(), before);

    let mut p = Partnership::find_or_create(
        &w.tenant,
        &w.store,
        MailboxId(0),
        &request(Command::Settings, "", None),
        None,
        &mut w.rng,
        NOW,
    );
    let decision = p.decide(&w.tenant, &request(Command::Settings, "", None), NOW);
    let refused = p.admit(&decision, &mut w.tenant, &mut w.store, NOW);
    assert!(matches!(refused, Err(Refusal::Model(_))), "{refused:?}");
    assert_eq!(w.snapshot(), before);
}

#[test]
fn first_contact_after_removal_starts_from_empty_sync_state() {
    let mut w = World::new();
    w.ready("DEV1");
    let k = w.tenant.find_device(MailboxId(0), "DEV1").unwrap();
    w.tenant.remove_device(k);
    let stale = w.store.get(MailboxId(0)).unwrap().device_state("DEV1");
    assert_eq!(stale.map(|s| s.hierarchy_key()), Some(1));
    // The stale state is replaced when the new partnership is stored, not before.
    let r = w.send(&request(Command::Sync, "dev1", None), None);
    assert_eq!(
        r,
        (200, Some(GlobalStatus::LEGACY_DEVICE_ON_STRICT_POLICY.0))
    );
    assert!(w.device("DEV1").is_some());
    let state = w.store.get(MailboxId(0)).unwrap().device_state("DEV1");
    assert_eq!(state.map_or(0, |s| s.hierarchy_key()), 0);
}
