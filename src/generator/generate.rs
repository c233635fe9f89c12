//! `generate`: builds a tenant from a profile, a seed and `now`, mailbox by mailbox, from one ChaCha8 stream.
//!
//! Catalog strings are turned into shared `Arc<str>`s once per run (`Prepared`), so a device costs a few small
//! allocations (its ids and names) and no formatting of model, OS or user-agent strings. The stored access state
//! is stamped with the documented order (personal block, personal allow, rule Block > Quarantine > Allow, org
//! default); the access engine may restamp it. This file draws devices; it never reads a clock or a file.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::catalog::{self, Kind, Locale};
use super::ids;
use super::names::{self, Directory};
use super::prepared::Prepared;
use super::profile::Profile;
use super::weighted::{Weighted, below, between, chance, unit};
use crate::model::{
    AccessLevel, CasSettings, Characteristic, ClientType, DeviceAccessRule, DeviceAccessState,
    DeviceAccessStateReason, DevicePolicyApplicationStatus, Guid, Mailbox, MailboxId, MobileDevice,
    Provisioning, RecipientTypeDetails, RuleSet, StoredAccess, Tenant, Timestamp,
};

const HOUR: f64 = 3600.0;
const DAY: f64 = 86_400.0;

/// Generates a tenant. The same profile, seed and `now` always give the same tenant, byte for byte in its
/// fixture JSON; `now` is the instant the sync times are relative to.
pub fn generate(profile: &Profile, seed: u64, now: Timestamp) -> Tenant {
    let mut run = Run {
        rng: ChaCha8Rng::seed_from_u64(seed),
        prepared: Prepared::new(profile, now),
        profile,
        now,
    };
    let mut tenant = Tenant::new(&profile.domain);
    tenant.org.default_access_level = profile.org.default_access_level;
    for rule in &profile.rules {
        let age_days = between(&mut run.rng, 7.0, 400.0);
        let rule = DeviceAccessRule {
            guid: run.guid(),
            query_string: rule.query_string.clone(),
            characteristic: rule.characteristic,
            access_level: rule.access_level,
            when_created: Some(run.ago(age_days * DAY)),
        };
        tenant
            .rules
            .insert(rule)
            .expect("profile rules are unique (checked when the profile was parsed)");
    }
    let policy_name = tenant.default_policy().name.clone();
    let policy_revision = tenant.default_policy().revision;
    let r = &profile.recipient_types;
    let kinds = Weighted::new([r.user.0, r.shared.0, r.room.0, r.equipment.0])
        .expect("a profile has a recipient type weight above 0 (checked when parsed)");
    let mut directory = Directory::default();
    let mut devices = Vec::new();
    for _ in 0..profile.mailboxes {
        let kind = kinds.pick(&mut run.rng);
        let (mailbox, first_name) = run.mailbox(kind, &mut directory, &tenant);
        let id = tenant
            .add_mailbox(mailbox)
            .expect("Directory hands out free names and aliases, and the Guid was checked");
        if kind != 0 {
            continue;
        }
        if chance(&mut run.rng, profile.users.active_sync_disabled.0) {
            tenant.cas_mut(id).active_sync_enabled = false;
        }
        run.devices(id, first_name, &mut devices);
        if devices.is_empty() {
            continue;
        }
        let mut cas = tenant.cas_mut(id);
        for d in &devices {
            let x = unit(&mut run.rng);
            if x < profile.lists.allow_fraction.0 {
                cas.allowed_device_ids.push(d.device_id.clone());
            } else if x < profile.lists.allow_fraction.0 + profile.lists.block_fraction.0 {
                cas.blocked_device_ids.push(d.device_id.clone());
            }
        }
        drop(cas);
        let cas = tenant.mailbox(id).cas.clone();
        for mut d in devices.drain(..) {
            if d.last_success_sync.is_some() {
                d.provisioning = Provisioning {
                    policy_key: Some(run.rng.random_range(1..=u32::MAX)),
                    pending_policy_key: None,
                    policy_applied: Some(policy_name.clone()),
                    policy_revision,
                    application_status: DevicePolicyApplicationStatus::AppliedInFull,
                };
            }
            if catalog::outlook_without_success_sync(&d) {
                // Cleared after the draws above, so the rest of the tenant is drawn as before. The partnership
                // keeps its policy: Outlook's service provisions it, so its access decision is unchanged.
                d.last_success_sync = None;
            }
            d.access = stamp(&tenant.rules, tenant.org.default_access_level, &cas, &d);
            tenant
                .add_device(d)
                .expect("DeviceIds are drawn unique within a mailbox");
        }
    }
    // Building is not a change: a generated tenant starts at change 0.
    tenant.set_changes(0);
    tenant
}

/// The stored access state by the documented order (steps 4–9): personal block, personal allow, the
/// strictest matching rule (Block, then Quarantine, then Allow), else the organization default.
pub(crate) fn stamp(
    rules: &RuleSet,
    default: AccessLevel,
    cas: &CasSettings,
    d: &MobileDevice,
) -> StoredAccess {
    let decided = |state, reason, rule| StoredAccess {
        state,
        reason,
        rule,
    };
    if cas.blocks(&d.device_id) {
        return decided(
            DeviceAccessState::Blocked,
            DeviceAccessStateReason::Individual,
            None,
        );
    }
    if cas.allows(&d.device_id) {
        return decided(
            DeviceAccessState::Allowed,
            DeviceAccessStateReason::Individual,
            None,
        );
    }
    let strictness = |level| match level {
        AccessLevel::Block => 0,
        AccessLevel::Quarantine => 1,
        AccessLevel::Allow => 2,
    };
    let mut best: Option<&DeviceAccessRule> = None;
    if !rules.is_empty() {
        for (characteristic, value) in [
            (Characteristic::DeviceType, &d.device_type),
            (Characteristic::DeviceModel, &d.device_model),
            (Characteristic::DeviceOS, &d.device_os),
            (Characteristic::UserAgent, &d.device_user_agent),
        ] {
            if let Some(rule) = rules.lookup(characteristic, value)
                && best.is_none_or(|b| strictness(rule.access_level) < strictness(b.access_level))
            {
                best = Some(rule);
            }
        }
    }
    match best {
        Some(rule) => decided(
            rule.access_level.state(),
            DeviceAccessStateReason::DeviceRule,
            Some(rule.name()),
        ),
        None => decided(default.state(), DeviceAccessStateReason::Global, None),
    }
}

/// One generation run: the RNG stream and everything drawn so far that must stay unique.
struct Run<'p> {
    rng: ChaCha8Rng,
    prepared: Prepared,
    profile: &'p Profile,
    now: Timestamp,
}

/// A partnership's sync times, in Unix seconds.
struct Timeline {
    history: History,
    first: i64,
    attempt: i64,
    success: Option<i64>,
}

/// What kind of sync history a partnership has.
#[derive(Clone, Copy, PartialEq, Eq)]
enum History {
    Active,
    Stale,
    NeverSynced,
}

impl Run<'_> {
    /// 122 random bits. Mailbox Guids are checked against the tenant (`mailbox`); device and rule Guids are
    /// not: two equal ones among 250k have a probability around 10⁻²⁶.
    fn guid(&mut self) -> Guid {
        Guid::from_random_bits(self.rng.random())
    }

    /// `now` minus `secs` seconds, in whole seconds.
    fn ago(&self, secs: f64) -> Timestamp {
        self.now.add_secs(-(secs as i64))
    }

    fn pick(&mut self, list: &[&'static str]) -> &'static str {
        list[below(&mut self.rng, list.len())]
    }

    /// A mailbox of kind `kind` (0 user, 1 shared, 2 room, 3 equipment) and, for users, the first name.
    fn mailbox(
        &mut self,
        kind: usize,
        directory: &mut Directory,
        tenant: &Tenant,
    ) -> (Mailbox, &'static str) {
        let (display, first, recipient_type) = match kind {
            0 => {
                let first = self.pick(names::FIRST_NAMES);
                let last = self.pick(names::LAST_NAMES);
                (
                    format!("{first} {last}"),
                    first,
                    RecipientTypeDetails::UserMailbox,
                )
            }
            1 => {
                let what = self.pick(names::SHARED_MAILBOXES);
                let site = self.pick(names::SITES);
                (
                    format!("{what} {site}"),
                    "",
                    RecipientTypeDetails::SharedMailbox,
                )
            }
            2 => {
                let site = self.pick(names::SITES);
                let floor = 1 + below(&mut self.rng, 9);
                let room = 1 + below(&mut self.rng, 30);
                (
                    format!("Room {site} {floor}.{room:02}"),
                    "",
                    RecipientTypeDetails::RoomMailbox,
                )
            }
            _ => {
                let what = self.pick(names::EQUIPMENT);
                let site = self.pick(names::SITES);
                let n = 1 + below(&mut self.rng, 20);
                (
                    format!("{what} {site} {n:02}"),
                    "",
                    RecipientTypeDetails::EquipmentMailbox,
                )
            }
        };
        let taken = |text: &str| !tenant.find_mailboxes(text).is_empty();
        let (name, alias) = directory.claim(&display, taken);
        let address = format!("{alias}@{}", self.profile.domain);
        let guid = loop {
            let guid = self.guid();
            if !taken(&guid.to_string()) {
                break guid;
            }
        };
        let mailbox = Mailbox {
            guid,
            name,
            alias,
            display_name: display,
            primary_smtp_address: address.clone(),
            user_principal_name: address,
            recipient_type_details: recipient_type,
            password: self.profile.password.clone(),
            cas: CasSettings::default(),
        };
        (mailbox, first)
    }

    /// Draws the partnerships of one user mailbox into `out` (empty on entry).
    fn devices(&mut self, owner: MailboxId, first_name: &str, out: &mut Vec<MobileDevice>) {
        let count = self.prepared.per_mailbox.pick(&mut self.rng);
        if count == 0 {
            return;
        }
        let locale = self.prepared.locale_pick.pick(&mut self.rng);
        let locale = self.prepared.locales[locale];
        for _ in 0..count {
            let Some(products) = &self.prepared.product_pick else {
                return;
            };
            let p = products.pick(&mut self.rng);
            let device = self.device(owner, p, locale, first_name, out);
            out.push(device);
        }
    }

    /// When a partnership of product `p` was created, last tried to sync and last synced (Unix seconds).
    fn timeline(&mut self, p: usize) -> Timeline {
        let sync = &self.profile.sync;
        let x = unit(&mut self.rng);
        let history = if x < sync.never_synced_fraction.0 {
            History::NeverSynced
        } else if x < sync.never_synced_fraction.0 + sync.stale_fraction.0 {
            History::Stale
        } else {
            History::Active
        };
        let now = self.now.secs();
        let (active, stale) = (sync.active_last_sync_hours, sync.stale_last_sync_days);
        let recent = |rng: &mut ChaCha8Rng| between(rng, active.low, active.high) * HOUR;
        let old = |rng: &mut ChaCha8Rng| between(rng, stale.low, stale.high) * DAY;
        let back = match history {
            History::Active => recent(&mut self.rng),
            History::Stale => old(&mut self.rng),
            // Half the partnerships that never synced are new devices, half were abandoned long ago.
            History::NeverSynced if chance(&mut self.rng, 0.5) => recent(&mut self.rng),
            History::NeverSynced => old(&mut self.rng),
        };
        let released = self.prepared.products[p].released.secs();
        let mut attempt = now - back as i64;
        if attempt <= released {
            // The product did not exist then: the partnership is from after its release instead.
            attempt = released + (unit(&mut self.rng) * (now - released).max(0) as f64) as i64;
        }
        let age = between(
            &mut self.rng,
            sync.partnership_age_days.low,
            sync.partnership_age_days.high,
        ) * DAY;
        let mut first = attempt - age as i64;
        if first < released {
            first = released + (unit(&mut self.rng) * (attempt - released).max(0) as f64) as i64;
        }
        let first = first.min(attempt - 60);
        let success = match history {
            History::NeverSynced => None,
            _ if chance(&mut self.rng, 0.85) => Some(attempt),
            _ => {
                // Attempts failed for a while after the last success.
                let gap = (unit(&mut self.rng) * 6.0 * HOUR) as i64;
                Some((attempt - gap).max(first))
            }
        };
        Timeline {
            history,
            first,
            attempt,
            success,
        }
    }

    fn device(
        &mut self,
        owner: MailboxId,
        p: usize,
        locale: usize,
        first_name: &str,
        siblings: &[MobileDevice],
    ) -> MobileDevice {
        let Timeline {
            history,
            first,
            attempt,
            success,
        } = self.timeline(p);
        let product = &self.prepared.products[p];
        let kind = product.product.kind;
        let variant = product.variant_at(attempt, &mut self.rng);
        let mut device_id;
        loop {
            device_id = ids::device_id(&mut self.rng, kind, product.product.released.0);
            if !siblings
                .iter()
                .any(|d| d.device_id.eq_ignore_ascii_case(&device_id))
            {
                break;
            }
        }
        let guid = self.guid();
        let product = &self.prepared.products[p];
        let variant = &product.variants[variant];
        let mut d = MobileDevice::new(guid, owner, &device_id, "");
        d.device_type = product.device_type.clone();
        d.device_model = product.device_type.clone();
        let ua = below(&mut self.rng, variant.user_agents.len());
        d.device_user_agent = variant.user_agents[ua].clone();
        d.client_version = variant.client_version.clone();
        d.client_type = match kind {
            Kind::OutlookIos | Kind::OutlookAndroid
                if chance(&mut self.rng, self.profile.outlook.rest_fraction.0) =>
            {
                ClientType::REST
            }
            Kind::OutlookIos | Kind::OutlookAndroid => ClientType::Outlook,
            _ => ClientType::EAS,
        };
        d.first_sync_time = Some(Timestamp::from_secs(first));
        d.last_sync_attempt_time = Some(Timestamp::from_secs(attempt));
        d.last_success_sync = success.map(Timestamp::from_secs);
        if let Some(success) = success {
            let policy = first + (unit(&mut self.rng) * (success - first) as f64) as i64;
            d.last_policy_update_time = Some(Timestamp::from_secs(policy));
        }
        // Half the partnerships that never synced stopped before sending their device information.
        let informed = history != History::NeverSynced || chance(&mut self.rng, 0.5);
        if !informed {
            return d;
        }
        let prepared_locale = &self.prepared.locale_strings[locale];
        let locale: &Locale = &catalog::LOCALES[locale];
        d.device_information_received = true;
        d.device_os = variant.os.clone();
        d.device_os_language = prepared_locale.language.clone();
        d.device_model = match kind {
            Kind::WindowsMail => {
                let i = below(&mut self.rng, product.hardware.len());
                product.hardware[i].clone()
            }
            _ => product.model.clone(),
        };
        d.friendly_name = match kind {
            Kind::Iphone => format!("{first_name}'s iPhone"),
            Kind::Ipad => format!("{first_name}'s iPad"),
            Kind::Samsung | Kind::Gmail => product.product.name.to_string(),
            // Outlook mobile reports its own name, not the phone's (catalog: OUTLOOK_FRIENDLY_NAMES).
            Kind::OutlookIos => catalog::OUTLOOK_IOS_FRIENDLY_NAME.to_string(),
            Kind::OutlookAndroid => {
                // The phone name this draw once picked is no longer shown; the draw stays so every later
                // device of the tenant comes out as before.
                let _ = below(&mut self.rng, self.prepared.android_names.len());
                catalog::OUTLOOK_ANDROID_FRIENDLY_NAME.to_string()
            }
            Kind::WindowsMail => ids::pc_name(&mut self.rng),
        };
        let (imei, phone) = match kind {
            Kind::Iphone => (0.9, 0.25),
            Kind::Samsung => (0.9, 0.6),
            Kind::Gmail => (0.0, 0.3),
            _ => (0.0, 0.0),
        };
        if chance(&mut self.rng, imei) {
            d.device_imei = ids::imei(&mut self.rng);
        }
        if chance(&mut self.rng, phone) {
            d.device_telephone_number = ids::phone_number(&mut self.rng, locale);
        }
        if matches!(kind, Kind::Iphone | Kind::Samsung | Kind::Gmail) {
            let ops = &prepared_locale.operators;
            d.device_mobile_operator = ops[below(&mut self.rng, ops.len())].clone();
        }
        if history != History::NeverSynced
            && matches!(
                kind,
                Kind::Iphone | Kind::Ipad | Kind::Samsung | Kind::Gmail
            )
        {
            d.number_of_folders_synced = 6 + below(&mut self.rng, 40) as u32;
            const HEARTBEATS: [u32; 4] = [480, 900, 1680, 1740];
            d.last_ping_heartbeat = Some(HEARTBEATS[below(&mut self.rng, HEARTBEATS.len())]);
        }
        d
    }
}
