//! Merging the records of every file into one tenant: Get-CASMailbox records join the Get-Mailbox record of the
//! same mailbox (by Guid, Name, Alias, address, UPN or Identity), Get-MobileDeviceStatistics records join the
//! Get-MobileDevice record of the same partnership (owner and DeviceId), devices find their owner through the
//! first segment of their Identity (`owner\ExchangeActiveSyncDevices\Type§Id`). With no mailbox export at all,
//! mailboxes are made up from the devices' owners.
//!
//! Imported devices count as provisioned with their mailbox's current policy unless the export says the policy
//! is not applied (exports carry no policy keys). Dates are read as UTC.

use std::sync::Arc;

use hashbrown::HashMap;

use crate::model::{
    CasSettings, DEVICE_CONTAINER, DeviceAccessState, DeviceAccessStateReason,
    DevicePolicyApplicationStatus, IDENTITY_SEPARATOR, Mailbox, MailboxId, MobileDevice,
    MobileDeviceMailboxPolicy, Provisioning, RecipientTypeDetails, StoredAccess, Tenant,
};

use super::kinds::{self, DeviceRec, Kind, MailboxRec, OrgRec, Origin, RuleRec};
use super::redact::derived_guid;
use super::table;
use super::{ImportErrors, Imported, Options, Problem, Problems, Source};

/// Every record of every file, before merging.
#[derive(Default)]
struct Collected {
    org: Option<(OrgRec, Origin)>,
    policies: Vec<(MobileDeviceMailboxPolicy, Origin)>,
    rules: Vec<(RuleRec, Origin)>,
    mailboxes: Vec<(MailboxRec, Origin)>,
    cas: Vec<(MailboxRec, Origin)>,
    devices: Vec<(DeviceRec, Origin)>,
}

pub(super) fn import(sources: &[Source<'_>], options: &Options) -> Result<Imported, ImportErrors> {
    let mut problems = Problems::default();
    let mut collected = Collected::default();
    let mut files = Vec::new();
    for (file, source) in sources.iter().enumerate() {
        let fail = |problems: &mut Problems, p: Problem| problems.push(source.name, p);
        let table = match table::open(source.text) {
            Ok(t) => t,
            Err(p) => {
                fail(&mut problems, p);
                continue;
            }
        };
        let kind = match kinds::detect(&table) {
            Ok(k) => k,
            Err(p) => {
                fail(&mut problems, p);
                continue;
            }
        };
        let mut count = 0;
        let day_first = options.day_first;
        let result = {
            let c = &mut collected;
            let problems = &mut problems;
            let mailbox_cols = kinds::MailboxCols::new(&table.columns);
            let device_cols = kinds::DeviceCols::new(&table.columns);
            table.for_each_row(|row| {
                count += 1;
                let origin = Origin {
                    file,
                    byte: row.start_offset(),
                };
                let r: Result<(), Problem> = (|| {
                    match kind {
                        Kind::Mailbox => c
                            .mailboxes
                            .push((kinds::mailbox(row, &mailbox_cols)?, origin)),
                        Kind::CasMailbox => {
                            c.cas.push((kinds::mailbox(row, &mailbox_cols)?, origin))
                        }
                        Kind::MobileDevice | Kind::MobileDeviceStatistics => c
                            .devices
                            .push((kinds::device(row, &device_cols, day_first)?, origin)),
                        Kind::DeviceAccessRule => c
                            .rules
                            .push((kinds::rule(row, row.columns, day_first)?, origin)),
                        Kind::MailboxPolicy => {
                            c.policies.push((kinds::policy(row, row.columns)?, origin))
                        }
                        Kind::OrganizationSettings => {
                            let rec = kinds::org(row, row.columns)?;
                            if c.org.is_some() {
                                return Err(Problem::at(
                                    row.position(None),
                                    "a second organization settings record: a tenant has one",
                                ));
                            }
                            c.org = Some((rec, origin));
                        }
                    }
                    Ok(())
                })();
                if let Err(p) = r {
                    problems.push(source.name, p);
                }
            })
        };
        if let Err(p) = result {
            fail(&mut problems, p);
        }
        files.push((source.name.to_string(), kind, count));
    }
    if !problems.is_empty() {
        return Err(problems.into_error());
    }
    let names: Vec<&str> = sources.iter().map(|s| s.name).collect();
    let texts: Vec<&str> = sources.iter().map(|s| s.text).collect();
    let mut b = Builder {
        names: &names,
        texts: &texts,
        options,
        problems,
        index: HashMap::new(),
        mailboxes: Vec::new(),
    };
    let (tenant, skipped, synthesized) = b.build(collected);
    if !b.problems.is_empty() {
        return Err(b.problems.into_error());
    }
    Ok(Imported {
        tenant,
        files,
        skipped_mailboxes: skipped,
        synthesized_mailboxes: synthesized,
    })
}

/// A mailbox being merged from records.
struct Draft {
    rec: MailboxRec,
    origin: Origin,
    id: Option<MailboxId>,
}

struct Builder<'a> {
    names: &'a [&'a str],
    /// The files' texts, to turn byte offsets into lines and columns for messages.
    texts: &'a [&'a str],
    options: &'a Options,
    problems: Problems,
    /// Every key of every draft (lower case) → its index.
    index: HashMap<String, usize>,
    mailboxes: Vec<Draft>,
}

fn keys(r: &MailboxRec) -> impl Iterator<Item = String> + '_ {
    let guid = r.guid.map(|g| g.to_string());
    [
        r.name.clone(),
        r.alias.clone(),
        r.primary_smtp_address.clone(),
        r.user_principal_name.clone(),
        r.identity.clone(),
        r.identity.as_deref().map(last_segment).map(str::to_string),
        r.external_id.clone(),
        guid,
    ]
    .into_iter()
    .flatten()
    .map(|k| k.trim().to_ascii_lowercase())
    .filter(|k| !k.is_empty())
}

/// The last segment of a canonical name (`contoso.com/Users/Alice` → `Alice`).
fn last_segment(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s).trim()
}

fn or<T>(a: &mut Option<T>, b: Option<T>) {
    if a.is_none() {
        *a = b;
    }
}

impl Builder<'_> {
    fn fail(&mut self, origin: Origin, message: impl Into<String>) {
        self.fail_at(origin.file, origin.byte, message);
    }

    fn fail_at(&mut self, file: usize, byte: usize, message: impl Into<String>) {
        let name = self.names.get(file).copied().unwrap_or("?");
        let text = self.texts.get(file).copied().unwrap_or_default();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let pos = table::offset_position(text, byte);
        self.problems.push(name, Problem::at(pos, message));
    }

    fn find(&self, key: &str) -> Option<usize> {
        self.index.get(&key.trim().to_ascii_lowercase()).copied()
    }

    fn add_draft(&mut self, rec: MailboxRec, origin: Origin) -> usize {
        let i = self.mailboxes.len();
        for k in keys(&rec) {
            self.index.entry(k).or_insert(i);
        }
        self.mailboxes.push(Draft {
            rec,
            origin,
            id: None,
        });
        i
    }

    fn merge_cas(&mut self, rec: MailboxRec, origin: Origin, mailbox_export: bool) {
        let found = keys(&rec).find_map(|k| self.index.get(&k).copied());
        let Some(i) = found else {
            if mailbox_export {
                // Get-Mailbox was exported too, and this CAS mailbox is not among its mailboxes.
                let who = rec
                    .primary_smtp_address
                    .clone()
                    .or(rec.name.clone())
                    .unwrap_or_default();
                self.fail(
                    origin,
                    format!("CAS mailbox '{who}' is not among the Get-Mailbox export's mailboxes"),
                );
                return;
            }
            self.add_draft(rec, origin);
            return;
        };
        let new_keys: Vec<String> = keys(&rec).collect();
        let d = &mut self.mailboxes[i].rec;
        or(&mut d.name, rec.name);
        or(&mut d.alias, rec.alias);
        or(&mut d.display_name, rec.display_name);
        or(&mut d.primary_smtp_address, rec.primary_smtp_address);
        or(&mut d.user_principal_name, rec.user_principal_name);
        or(&mut d.guid, rec.guid);
        d.active_sync_enabled = rec.active_sync_enabled.or(d.active_sync_enabled);
        d.allowed = rec.allowed.or(d.allowed.take());
        d.blocked = rec.blocked.or(d.blocked.take());
        d.policy = rec.policy.or(d.policy.take());
        d.settings.extend(rec.settings);
        for k in new_keys {
            self.index.entry(k).or_insert(i);
        }
    }

    fn domain(&self) -> String {
        if let Some(d) = &self.options.domain {
            return d.clone();
        }
        let mut counts: HashMap<String, usize> = HashMap::new();
        for d in &self.mailboxes {
            if let Some((_, dom)) = d
                .rec
                .primary_smtp_address
                .as_deref()
                .and_then(|a| a.split_once('@'))
            {
                *counts.entry(dom.to_ascii_lowercase()).or_default() += 1;
            }
        }
        let mut best: Vec<(String, usize)> = counts.into_iter().collect();
        best.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        best.into_iter()
            .next()
            .map_or_else(|| "contoso.com".to_string(), |(d, _)| d)
    }

    fn build(&mut self, c: Collected) -> (Tenant, Vec<String>, usize) {
        let mailbox_export = !c.mailboxes.is_empty();
        for (rec, origin) in c.mailboxes {
            self.add_draft(rec, origin);
        }
        for (rec, origin) in c.cas {
            self.merge_cas(rec, origin, mailbox_export);
        }
        let no_mailbox_export = self.mailboxes.is_empty();
        // Devices: owner, then merge Get-MobileDevice and Get-MobileDeviceStatistics records.
        let mut synthesized = 0;
        let mut devices: Vec<(usize, DeviceRec, Origin)> = Vec::new();
        let mut device_index: HashMap<(usize, String), usize> = HashMap::new();
        for (mut rec, origin) in c.devices {
            let (owner, leaf) = split_identity(rec.identity.as_deref());
            let owner_name = owner.or(rec.owner.as_deref().map(last_segment).map(str::to_string));
            let Some(owner_name) = owner_name else {
                self.fail(origin, "the device's Identity has no owner (expected owner\\ExchangeActiveSyncDevices\\Type§Id)");
                continue;
            };
            let mailbox = match self.find(&owner_name) {
                Some(i) => i,
                None if no_mailbox_export => {
                    synthesized += 1;
                    let address = owner_name.contains('@').then(|| owner_name.clone());
                    let name = address
                        .as_deref()
                        .and_then(|a| a.split('@').next())
                        .unwrap_or(&owner_name)
                        .to_string();
                    let rec = MailboxRec {
                        name: Some(name),
                        primary_smtp_address: address,
                        display_name: rec.owner.as_deref().map(last_segment).map(str::to_string),
                        ..MailboxRec::default()
                    };
                    let i = self.add_draft(rec, origin);
                    self.index
                        .entry(owner_name.to_ascii_lowercase())
                        .or_insert(i);
                    i
                }
                None => {
                    self.fail(
                        origin,
                        format!(
                            "the device's owner '{owner_name}' is not among the imported mailboxes"
                        ),
                    );
                    continue;
                }
            };
            if let Some((ty, id)) = leaf {
                or(&mut rec.device_type, ty);
                or(&mut rec.device_id, Some(id));
            }
            let Some(device_id) = rec.device_id.clone() else {
                self.fail(origin, "the device has no DeviceId");
                continue;
            };
            let key = (mailbox, device_id.to_ascii_lowercase());
            match device_index.get(&key) {
                Some(&j) => merge_device(&mut devices[j].1, rec),
                None => {
                    device_index.insert(key, devices.len());
                    devices.push((mailbox, rec, origin));
                }
            }
        }

        let redact = self.options.redact.clone();
        let real_domain = self.domain();
        let domain = match &redact {
            Some(r) => r.domain(&real_domain),
            None => real_domain.clone(),
        };
        let mut tenant = Tenant::new(&domain);
        if let Some((org, _)) = c.org {
            tenant.org.default_access_level = org.default_access_level;
            if let Some(list) = org.admin_mail_recipients {
                tenant.org.admin_mail_recipients = match &redact {
                    Some(r) => list.iter().map(|a| r.address(a, &domain)).collect(),
                    None => list,
                };
            }
            let text = |t: Option<String>| match (&redact, t) {
                (Some(_), Some(_)) => Some("[redacted]".to_string()),
                (_, t) => t,
            };
            tenant.org.user_mail_insert = text(org.user_mail_insert);
            tenant.org.ota_notification_mail_insert = text(org.ota_notification_mail_insert);
            if let Some(b) = org.allow_unsupported {
                tenant.org.allow_access_for_unsupported_platform = b;
            }
            if let Some(b) = org.allow_rms_unenlightened {
                tenant.org.allow_rms_support_for_unenlightened_apps = b;
            }
            if let Some(b) = org.mobile_policy_when_ca {
                tenant.org.enable_mobile_mailbox_policy_when_ca_inplace = b;
            }
            tenant.org.tenant_admin_preference = org.tenant_admin_preference;
        }
        self.policies(&mut tenant, c.policies);
        for (rule, origin) in c.rules {
            let r = crate::model::DeviceAccessRule {
                guid: rule.guid.unwrap_or_else(|| {
                    derived_guid(
                        "rule",
                        &format!("{}|{}", rule.query_string, rule.characteristic),
                    )
                }),
                query_string: rule.query_string,
                characteristic: rule.characteristic,
                access_level: rule.access_level,
                when_created: rule.when_created,
            };
            if let Err(e) = tenant.rules.insert(r) {
                self.fail(origin, e.to_string());
            }
        }
        let skipped = self.add_mailboxes(&mut tenant, &real_domain);
        for (mailbox, rec, origin) in devices {
            let Some(id) = self.mailboxes[mailbox].id else {
                let who = self.mailboxes[mailbox].rec.name.clone().unwrap_or_default();
                self.fail(
                    origin,
                    format!("the device's owner '{who}' is a mailbox easim does not model"),
                );
                continue;
            };
            let device = self.device(&tenant, id, rec);
            if let Err(e) = tenant.add_device(device) {
                self.fail(origin, e.to_string());
            }
        }
        (tenant, skipped, synthesized)
    }

    fn policies(
        &mut self,
        tenant: &mut Tenant,
        policies: Vec<(MobileDeviceMailboxPolicy, Origin)>,
    ) {
        let Some(first) = policies.first().map(|p| p.1) else {
            return;
        };
        let mut list: Vec<MobileDeviceMailboxPolicy> = Vec::new();
        for (mut p, origin) in policies {
            if list.iter().any(|q| q.name.eq_ignore_ascii_case(&p.name)) {
                self.fail(origin, format!("a second policy named '{}'", p.name));
                continue;
            }
            if p.guid == crate::model::Guid::default() {
                p.guid = derived_guid("policy", &p.name);
            }
            list.push(p);
        }
        if list.iter().filter(|p| p.is_default).count() != 1 {
            self.fail(
                first,
                "exactly one policy must have IsDefault True (export every policy, with the IsDefault column)",
            );
            return;
        }
        if let Err(e) = tenant.replace_policies(list) {
            self.fail(first, e.to_string());
        }
    }

    fn add_mailboxes(&mut self, tenant: &mut Tenant, real_domain: &str) -> Vec<String> {
        let redact = self.options.redact.clone();
        let mut skipped = Vec::new();
        let domain = tenant.domain().to_string();
        let mut used_aliases: hashbrown::HashSet<String> = self
            .mailboxes
            .iter()
            .filter_map(|d| d.rec.alias.as_deref().map(str::to_ascii_lowercase))
            .collect();
        for i in 0..self.mailboxes.len() {
            let d = &self.mailboxes[i];
            let origin = d.origin;
            let r = &d.rec;
            let rtd = match &r.recipient_type {
                None => RecipientTypeDetails::UserMailbox,
                Some(Ok(t)) => *t,
                Some(Err(other)) => {
                    skipped.push(format!("{} ({other})", r.name.clone().unwrap_or_default()));
                    continue;
                }
            };
            let name = r
                .name
                .clone()
                .or(r.alias.clone())
                .or(r.identity.as_deref().map(last_segment).map(str::to_string))
                .or(r
                    .primary_smtp_address
                    .as_deref()
                    .and_then(|a| a.split('@').next())
                    .map(str::to_string))
                .unwrap_or_default();
            // Get-CASMailbox has no Alias: derive one from the address (else the name), unique in the tenant.
            let alias = match &r.alias {
                Some(a) => a.clone(),
                None => {
                    let base = r
                        .primary_smtp_address
                        .as_deref()
                        .and_then(|a| a.split('@').next())
                        .map_or_else(|| alias_of(&name), alias_of);
                    let mut alias = base.clone();
                    let mut n = 2;
                    while used_aliases.contains(&alias.to_ascii_lowercase()) {
                        alias = format!("{base}{n}");
                        n += 1;
                    }
                    alias
                }
            };
            used_aliases.insert(alias.to_ascii_lowercase());
            let smtp = r
                .primary_smtp_address
                .clone()
                .unwrap_or_else(|| format!("{alias}@{real_domain}"));
            let upn = r
                .user_principal_name
                .clone()
                .unwrap_or_else(|| smtp.clone());
            let display = r.display_name.clone().unwrap_or_else(|| name.clone());
            let guid = r
                .guid
                .unwrap_or_else(|| derived_guid("mailbox", &smtp.to_ascii_lowercase()));
            let policy = match &r.policy {
                None => None,
                Some((p, pos)) => match tenant.policy(p) {
                    Some(found) if found.is_default && tenant.policies().len() == 1 => None,
                    Some(found) => Some(found.name.clone()),
                    None if p.eq_ignore_ascii_case(crate::model::DEFAULT_POLICY_NAME) => None,
                    None => {
                        let pos = *pos;
                        self.fail_at(
                            origin.file,
                            pos,
                            format!(
                                "ActiveSyncMailboxPolicy '{p}' is not among the imported policies; export Get-MobileDeviceMailboxPolicy too"
                            ),
                        );
                        continue;
                    }
                },
            };
            let mut cas = CasSettings {
                active_sync_enabled: r.active_sync_enabled.unwrap_or(true),
                allowed_device_ids: r.allowed.clone().unwrap_or_default(),
                blocked_device_ids: r.blocked.clone().unwrap_or_default(),
                active_sync_mailbox_policy: policy,
                active_sync_debug_logging: None,
                ..CasSettings::default()
            };
            for (name, value) in r.settings.iter().cloned() {
                kinds::apply_setting(&mut cas, name, value);
            }
            let mut mailbox = Mailbox {
                guid,
                name,
                alias,
                display_name: display,
                primary_smtp_address: smtp.clone(),
                user_principal_name: upn,
                recipient_type_details: rtd,
                password: self.options.password.clone(),
                cas: CasSettings::default(),
            };
            if let Some(rd) = &redact {
                let person = rd.person(&smtp);
                mailbox.guid = rd.guid(mailbox.guid);
                mailbox.name = person.clone();
                mailbox.alias = person.clone();
                mailbox.display_name = format!("User {}", &person[5..]);
                mailbox.primary_smtp_address = format!("{person}@{domain}");
                mailbox.user_principal_name = mailbox.primary_smtp_address.clone();
                for id in cas
                    .allowed_device_ids
                    .iter_mut()
                    .chain(cas.blocked_device_ids.iter_mut())
                {
                    *id = rd.device_id(id);
                }
            }
            mailbox.cas = cas;
            match tenant.add_mailbox(mailbox) {
                Ok(id) => self.mailboxes[i].id = Some(id),
                Err(e) => self.fail(origin, e.to_string()),
            }
        }
        skipped
    }

    fn device(&self, tenant: &Tenant, mailbox: MailboxId, r: DeviceRec) -> MobileDevice {
        let device_id = r.device_id.unwrap_or_default();
        let device_type = r.device_type.unwrap_or_else(|| "Unknown".to_string());
        let owner = tenant.mailbox(mailbox);
        let guid = r.guid.unwrap_or_else(|| {
            derived_guid(
                "device",
                &format!("{}|{}", owner.guid, device_id.to_ascii_lowercase()),
            )
        });
        let mut d = MobileDevice::new(guid, mailbox, &device_id, &device_type);
        let arc = |s: Option<String>| -> Arc<str> { s.unwrap_or_default().into() };
        d.device_model = r
            .device_model
            .map_or_else(|| d.device_type.clone(), Arc::from);
        d.device_os = arc(r.device_os);
        d.device_os_language = arc(r.device_os_language);
        d.device_user_agent = arc(r.device_user_agent);
        d.device_imei = r.device_imei.unwrap_or_default();
        d.friendly_name = r.friendly_name.unwrap_or_default();
        d.device_telephone_number = r.phone.unwrap_or_default();
        d.device_mobile_operator = arc(r.operator);
        d.client_type = r.client_type.unwrap_or(d.client_type);
        d.client_version = arc(r.client_version);
        d.device_information_received = true;
        d.first_sync_time = r.first_sync_time;
        d.last_sync_attempt_time = r.last_sync_attempt_time;
        d.last_success_sync = r.last_success_sync;
        d.last_policy_update_time = r.last_policy_update_time;
        d.last_ping_heartbeat = r.last_ping_heartbeat;
        d.number_of_folders_synced = r.folders.unwrap_or(0);
        d.access = StoredAccess {
            state: r.state.unwrap_or(DeviceAccessState::Unknown),
            reason: r.reason.unwrap_or(DeviceAccessStateReason::Unknown),
            rule: r.rule,
        };
        if let Some(s) = r.status {
            d.status = s;
        }
        let status = r
            .policy_status
            .unwrap_or(DevicePolicyApplicationStatus::AppliedInFull);
        if status != DevicePolicyApplicationStatus::NotApplied {
            let policy = tenant.policy_for(mailbox);
            let key = (derived_guid("policy-key", &guid.to_string()).0 as u32).max(1);
            d.provisioning = Provisioning {
                policy_key: Some(key),
                pending_policy_key: None,
                policy_applied: Some(policy.name.clone()),
                policy_revision: policy.revision,
                application_status: status,
            };
        } else {
            d.provisioning.application_status = status;
        }
        if let Some(rd) = &self.options.redact {
            d.guid = rd.guid(d.guid);
            d.device_id = rd.device_id(&d.device_id);
            if !d.device_imei.is_empty() {
                d.device_imei = rd.imei(&d.device_imei);
            }
            if !d.device_telephone_number.is_empty() {
                d.device_telephone_number = rd.phone(&d.device_telephone_number);
            }
            if !d.friendly_name.is_empty() {
                d.friendly_name = rd.friendly_name(&d.friendly_name);
            }
        }
        d
    }
}

/// An alias from a name: letters, digits and `.-_` (Exchange's alias characters, roughly).
fn alias_of(name: &str) -> String {
    let a: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    if a.is_empty() { "user".to_string() } else { a }
}

/// The owner and (type, DeviceId) of a device Identity: `owner\ExchangeActiveSyncDevices\Type§Id` (Exchange
/// Online), `contoso.com/Users/Owner/ExchangeActiveSyncDevices/Type§Id` (Exchange Server's canonical name);
/// `REST§Outlook§Id` and `MOWA§Type§Id` leaves too.
fn split_identity(identity: Option<&str>) -> (Option<String>, Option<(Option<String>, String)>) {
    let Some(identity) = identity else {
        return (None, None);
    };
    let lower = identity.to_ascii_lowercase();
    let container = DEVICE_CONTAINER.to_ascii_lowercase();
    let Some(at) = lower.find(&container) else {
        return (None, None);
    };
    let owner = identity[..at].trim_end_matches(['\\', '/']);
    let owner = last_segment(owner.rsplit('\\').next().unwrap_or(owner));
    let leaf = identity[at + container.len()..].trim_start_matches(['\\', '/']);
    let parts: Vec<&str> = leaf.split(IDENTITY_SEPARATOR).collect();
    let leaf = match parts.as_slice() {
        [ty, id] => Some((Some(ty.to_string()), id.to_string())),
        [first, _, id] if first.eq_ignore_ascii_case("REST") => {
            Some((Some("Outlook".to_string()), id.to_string()))
        }
        [_, ty, id] => Some((Some(ty.to_string()), id.to_string())),
        _ => None,
    };
    ((!owner.is_empty()).then(|| owner.to_string()), leaf)
}

/// Fills what the first record of a partnership lacks from a later one (Get-MobileDeviceStatistics after
/// Get-MobileDevice, or the other way round).
fn merge_device(a: &mut DeviceRec, b: DeviceRec) {
    or(&mut a.guid, b.guid);
    or(&mut a.device_type, b.device_type);
    or(&mut a.device_model, b.device_model);
    or(&mut a.device_os, b.device_os);
    or(&mut a.device_os_language, b.device_os_language);
    or(&mut a.device_user_agent, b.device_user_agent);
    or(&mut a.device_imei, b.device_imei);
    or(&mut a.friendly_name, b.friendly_name);
    or(&mut a.phone, b.phone);
    or(&mut a.operator, b.operator);
    or(&mut a.client_type, b.client_type);
    or(&mut a.client_version, b.client_version);
    or(&mut a.first_sync_time, b.first_sync_time);
    or(&mut a.last_sync_attempt_time, b.last_sync_attempt_time);
    or(&mut a.last_success_sync, b.last_success_sync);
    or(&mut a.last_policy_update_time, b.last_policy_update_time);
    or(&mut a.last_ping_heartbeat, b.last_ping_heartbeat);
    or(&mut a.folders, b.folders);
    or(&mut a.state, b.state);
    or(&mut a.reason, b.reason);
    or(&mut a.rule, b.rule);
    or(&mut a.policy_applied, b.policy_applied);
    or(&mut a.policy_status, b.policy_status);
    or(&mut a.status, b.status);
}
