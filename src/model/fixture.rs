//! The tenant fixture format: versioned JSON with Exchange's property names, devices nested under their mailbox.
//!
//! Text in, text out: reading and writing files (atomically) is `persist`'s job. Errors name the JSON path, line
//! and column of what is wrong.

use std::sync::Arc;

use hashbrown::HashSet;
use serde::{Deserialize, Serialize};

use super::{
    DeviceAccessRule, Mailbox, MobileDevice, MobileDeviceMailboxPolicy, ModelError,
    OrganizationSettings, SimSettings, Tenant,
};

/// The `Format` field every fixture carries.
pub const FORMAT_NAME: &str = "easim-tenant";
/// The fixture version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FixtureError {
    /// The text is not valid JSON or a field has the wrong type or an unknown name.
    #[error("at {path} (line {line}, column {column}): {message}")]
    Json {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// The `Format` or `Version` field is not one this build reads.
    #[error("{0}")]
    Format(String),
    /// The data is well-formed but breaks a tenant invariant.
    #[error("{context}: {source}")]
    Invalid {
        context: String,
        #[source]
        source: ModelError,
    },
    /// A reference to something the fixture does not define.
    #[error("{0}")]
    Reference(String),
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct FixtureFile {
    format: String,
    version: u32,
    /// The tenant's change counter when it was written (`Tenant::changes`); absent means 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    changes: u64,
    domain: String,
    #[serde(default)]
    settings: SimSettings,
    #[serde(default)]
    organization_settings: OrganizationSettings,
    #[serde(default)]
    mobile_device_mailbox_policies: Vec<MobileDeviceMailboxPolicy>,
    #[serde(default)]
    device_access_rules: Vec<DeviceAccessRule>,
    #[serde(default)]
    mailboxes: Vec<MailboxEntry>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct MailboxEntry {
    mailbox: Mailbox,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    devices: Vec<MobileDevice>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Header {
    format: Option<String>,
    version: Option<u32>,
}

/// Parses a fixture into a tenant, checking every invariant `Tenant` enforces.
pub fn from_json(text: &str) -> Result<Tenant, FixtureError> {
    check_header(text)?;
    // Tracking the path costs a third of reading a large fixture: it is read again with it only to say where
    // an error is.
    if let Ok(file) = serde_json::from_str::<FixtureFile>(text) {
        return build(file);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let file: FixtureFile = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = field_words(&e.path().to_string());
        let inner = e.into_inner();
        FixtureError::Json {
            path,
            line: inner.line(),
            column: inner.column(),
            message: plain_message(&strip_position(&inner.to_string())),
        }
    })?;
    build(file)
}

/// The JSON path of an error as a user finds it in the file: `Mailboxes[0].Mailbox`, with the segments
/// serde could not name (`?`, where the text broke off between fields) left out, and "the top level of the
/// file" for the root.
fn field_words(path: &str) -> String {
    let known: Vec<&str> = path
        .split('.')
        .take_while(|s| *s != "?" && !s.is_empty())
        .collect();
    if known.is_empty() {
        "the top level of the file".to_string()
    } else {
        known.join(".")
    }
}

/// serde's message without the Rust type names it mentions (`expected struct CasSettings` → `expected a JSON
/// object`).
fn plain_message(message: &str) -> String {
    match message.find("expected struct ") {
        Some(i) => format!("{}expected a JSON object", &message[..i]),
        None => message.to_string(),
    }
}

fn check_header(text: &str) -> Result<(), FixtureError> {
    // A header-only pass gives a clear message for other files (a profile, a device list) before field errors.
    let Ok(header) = serde_json::from_str::<Header>(text) else {
        if text.trim().is_empty() {
            return Err(FixtureError::Format(
                "not an easim tenant: the file is empty".to_string(),
            ));
        }
        if text.trim_start().starts_with('[') {
            return Err(FixtureError::Format(format!(
                "not an easim tenant: the file is a JSON array; a tenant is an object with \"Format\": {FORMAT_NAME:?}, \"Version\", \"Domain\" and \"Mailboxes\""
            )));
        }
        return Ok(());
    };
    match header.format.as_deref() {
        Some(FORMAT_NAME) => {}
        Some(other) => {
            return Err(FixtureError::Format(format!(
                "not an easim tenant: Format is {other:?}, expected {FORMAT_NAME:?}"
            )));
        }
        None => {
            return Err(FixtureError::Format(format!(
                "not an easim tenant: the top-level \"Format\": {FORMAT_NAME:?} field is missing"
            )));
        }
    }
    match header.version {
        Some(FORMAT_VERSION) => Ok(()),
        Some(v) => Err(FixtureError::Format(format!(
            "tenant fixture version {v} is not supported by this build (it reads version {FORMAT_VERSION})"
        ))),
        None => Err(FixtureError::Format(
            "the top-level \"Version\" field is missing".to_string(),
        )),
    }
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

fn build(file: FixtureFile) -> Result<Tenant, FixtureError> {
    let mut tenant = Tenant::new(&file.domain);
    tenant.settings = file.settings;
    tenant.org = file.organization_settings;
    if !file.mobile_device_mailbox_policies.is_empty() {
        tenant
            .replace_policies(file.mobile_device_mailbox_policies)
            .map_err(|source| FixtureError::Invalid {
                context: "MobileDeviceMailboxPolicies".to_string(),
                source,
            })?;
    }
    for rule in file.device_access_rules {
        let context = format!("DeviceAccessRules: rule '{}'", rule.name());
        tenant
            .rules
            .insert(rule)
            .map_err(|source| FixtureError::Invalid { context, source })?;
    }
    let mut interner = Interner::default();
    for (i, entry) in file.mailboxes.into_iter().enumerate() {
        let name = entry.mailbox.name.clone();
        if let Some(policy) = &entry.mailbox.cas.active_sync_mailbox_policy
            && tenant.policy(policy).is_none()
        {
            return Err(FixtureError::Reference(format!(
                "Mailboxes[{i}] '{name}': ActiveSyncMailboxPolicy '{policy}' is not one of MobileDeviceMailboxPolicies"
            )));
        }
        let id = tenant
            .add_mailbox(entry.mailbox)
            .map_err(|source| FixtureError::Invalid {
                context: format!("Mailboxes[{i}] '{name}'"),
                source,
            })?;
        for (j, mut device) in entry.devices.into_iter().enumerate() {
            device.mailbox = id;
            interner.intern_device(&mut device);
            tenant
                .add_device(device)
                .map_err(|source| FixtureError::Invalid {
                    context: format!("Mailboxes[{i}] '{name}'.Devices[{j}]"),
                    source,
                })?;
        }
    }
    // Loading is not a change: the tenant is at the change the snapshot was written at.
    tenant.set_changes(file.changes);
    Ok(tenant)
}

/// Writes the tenant as pretty-printed fixture JSON, mailboxes and devices in tenant order.
pub fn to_json(tenant: &Tenant) -> String {
    let file = FixtureFileRef {
        format: FORMAT_NAME,
        version: FORMAT_VERSION,
        changes: tenant.changes(),
        domain: tenant.domain(),
        settings: &tenant.settings,
        organization_settings: &tenant.org,
        mobile_device_mailbox_policies: tenant.policies(),
        device_access_rules: tenant.rules.iter().collect(),
        mailboxes: tenant
            .mailboxes()
            .map(|(id, m)| MailboxEntryRef {
                mailbox: m,
                devices: tenant
                    .devices_of(id)
                    .iter()
                    .filter_map(|&k| tenant.device(k))
                    .collect(),
            })
            .collect(),
    };
    let mut text =
        serde_json::to_string_pretty(&file).expect("tenant data always serializes to JSON");
    text.push('\n');
    text
}

/// `FixtureFile` as written: the same fields in the same order, borrowing the tenant's data instead of a copy of
/// it (the `large` tenant's 100k mailboxes and 250k devices are not cloned to be printed).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct FixtureFileRef<'a> {
    format: &'a str,
    version: u32,
    #[serde(skip_serializing_if = "is_zero")]
    changes: u64,
    domain: &'a str,
    settings: &'a SimSettings,
    organization_settings: &'a OrganizationSettings,
    mobile_device_mailbox_policies: &'a [MobileDeviceMailboxPolicy],
    device_access_rules: Vec<&'a DeviceAccessRule>,
    mailboxes: Vec<MailboxEntryRef<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct MailboxEntryRef<'a> {
    mailbox: &'a Mailbox,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    devices: Vec<&'a MobileDevice>,
}

/// Shares one allocation among equal strings (model names, OS versions, user agents) across devices.
#[derive(Default)]
struct Interner(HashSet<Arc<str>>);

impl Interner {
    fn intern(&mut self, s: &mut Arc<str>) {
        match self.0.get(&**s) {
            Some(shared) => *s = shared.clone(),
            None => {
                self.0.insert(s.clone());
            }
        }
    }

    fn intern_device(&mut self, d: &mut MobileDevice) {
        for s in [
            &mut d.device_type,
            &mut d.device_model,
            &mut d.device_os,
            &mut d.device_os_language,
            &mut d.device_user_agent,
            &mut d.xms_wl_header,
            &mut d.device_mobile_operator,
            &mut d.client_version,
        ] {
            self.intern(s);
        }
    }
}
