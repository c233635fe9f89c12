//! The object the simulator cmdlets write for one request (`Easim.EasResponse`): the HTTP status, the EAS status
//! as the wire carries it, the access decision with the step that decided it, and a one-line summary of the body,
//! read back from the bytes with the crate's own EAS client readers (`load::client`), as a device reads them.
//!
//! Building the object is all this does; sending the request is `exchange`'s.

use crate::access::Decision;
use crate::eas::{Command, ProtocolVersion};
use crate::load::client::{self, Reply};
use crate::model::{MailboxId, Tenant};
use crate::script::{PsObject, Value};

/// The type name of what the simulator cmdlets write (its default view is registered by short name).
pub const EAS_RESPONSE_TYPE: &str = "Easim.EasResponse";

/// What one request was and what it got.
pub(crate) struct Answer<'a> {
    pub(crate) command: Command,
    pub(crate) version: ProtocolVersion,
    pub(crate) mailbox: MailboxId,
    pub(crate) device_id: &'a str,
    pub(crate) reply: &'a Reply,
    pub(crate) access: Option<&'a Decision>,
    /// The policy key the device holds after the answer.
    pub(crate) policy_key: Option<u32>,
}

impl Answer<'_> {
    /// The `Easim.EasResponse` object, reading the partnership as the request left it.
    pub(crate) fn to_object(&self, tenant: &Tenant) -> PsObject {
        let reply = self.reply;
        let mut o = PsObject::with_capacity(EAS_RESPONSE_TYPE, 14);
        o.push("Command", self.command.name());
        o.push("ProtocolVersion", self.version.to_string());
        o.push("DeviceId", self.device_id);
        let identity = tenant
            .find_device(self.mailbox, self.device_id)
            .and_then(|k| tenant.device(k))
            .map(|d| tenant.device_identity(d));
        o.push("Identity", identity);
        o.push("HttpStatus", i64::from(reply.status));
        o.push("EasStatus", eas_status(self.command, reply).map(i64::from));
        let d = self.access;
        o.push("DeviceAccessState", d.map(|d| Value::from(d.state)));
        o.push("DeviceAccessStateReason", d.map(|d| Value::from(d.reason)));
        o.push(
            "DeviceAccessControlRule",
            d.and_then(|d| d.rule.as_ref())
                .map(|r| Value::from(&*r.name)),
        );
        o.push("DecidingStep", d.map(|d| d.step.name()));
        o.push("PolicyKey", self.policy_key);
        o.push("Items", Value::strings(items(self.command, reply)));
        o.push("Body", summary(self.command, reply));
        o
    }
}

/// The status the answer carries: the root's Status (a global status, or the command's own), else for Sync the
/// first collection's and for GetItemEstimate the first response's; none for a body without one (HTTP-only
/// answers such as 403 below 14.0, an empty Sync, a successful SendMail).
pub(crate) fn eas_status(command: Command, reply: &Reply) -> Option<u16> {
    let root = reply.doc()?;
    reply.status().or_else(|| match command {
        Command::Sync => client::sync_result(reply).status,
        Command::GetItemEstimate => client::estimate_result(&root).0,
        _ => None,
    })
}

/// The subjects of the items a Sync answer delivered, in order.
fn items(command: Command, reply: &Reply) -> Vec<String> {
    if command != Command::Sync {
        return Vec::new();
    }
    client::sync_result(reply)
        .adds
        .into_iter()
        .map(|a| a.subject.unwrap_or_default())
        .collect()
}

/// One line saying what the body held.
pub(crate) fn summary(command: Command, reply: &Reply) -> String {
    if reply.body.is_empty() {
        return "(empty)".to_string();
    }
    let Some(root) = reply.doc() else {
        // A plain-text refusal (a malformed request line): its reason.
        return String::from_utf8_lossy(&reply.body).trim().to_string();
    };
    let status = |s: Option<u16>| s.map_or_else(|| "-".to_string(), |s| s.to_string());
    let top = reply.status();
    match command {
        Command::Provision => {
            let r = client::provision_result(&root);
            let mut s = format!("Status {}", status(r.status));
            if r.remote_wipe {
                s.push_str("; RemoteWipe");
            } else if r.account_only_wipe {
                s.push_str("; AccountOnlyRemoteWipe");
            } else if r.policy_status.is_some() {
                s.push_str(&format!("; Policy Status {}", status(r.policy_status)));
                if let Some(k) = r.policy_key {
                    s.push_str(&format!("; PolicyKey {k}"));
                }
                if r.has_policy_doc {
                    s.push_str("; EASProvisionDoc");
                }
            }
            s
        }
        Command::FolderSync => {
            let (st, key, folders) = client::folder_sync_result(&root);
            let mut s = format!("Status {}", status(st));
            if let Some(k) = key {
                s.push_str(&format!("; SyncKey {k}; {} folders added", folders.len()));
            }
            s
        }
        Command::Sync => {
            let r = client::sync_result(reply);
            if let Some(t) = r.top_status {
                return format!("Status {t}");
            }
            let mut s = format!("Collection Status {}", status(r.status));
            if let Some(k) = &r.key {
                s.push_str(&format!("; SyncKey {k}"));
            }
            s.push_str(&format!(
                "; {} added, {} changed, {} deleted",
                r.adds.len(),
                r.changes.len(),
                r.deletes.len()
            ));
            if r.more_available {
                s.push_str("; MoreAvailable");
            }
            s
        }
        Command::Ping => {
            let (st, folders) = client::ping_result(&root);
            let mut s = format!("Status {}", status(st));
            if !folders.is_empty() {
                s.push_str(&format!("; changed folders {}", folders.join(", ")));
            }
            s
        }
        Command::GetItemEstimate => {
            let (st, estimate) = client::estimate_result(&root);
            match (top, st) {
                (Some(t), None) => format!("Status {t}"),
                _ => format!(
                    "Status {}; Estimate {}",
                    status(st),
                    estimate.map_or_else(|| "-".to_string(), |e| e.to_string())
                ),
            }
        }
        Command::ItemOperations => {
            let (t, fetch, subject, _) = client::fetch_result(&root);
            let mut s = format!("Status {}", status(t));
            if fetch.is_some() {
                s.push_str(&format!("; Fetch Status {}", status(fetch)));
            }
            if let Some(subject) = subject {
                s.push_str(&format!("; Subject '{subject}'"));
            }
            s
        }
        _ => format!("Status {}", status(top)),
    }
}
