//! The EAS commands, one file each, and the table that routes a request to its command.
//!
//! Every command is a pure function of the context (tenant, mail store, the device's view, `now`, RNG) and
//! the decoded request body. Access has been decided before a command runs; a command only knows whether the
//! device sees everything or only its ABQ notices (`View`). Commands the simulator does not implement answer
//! 137 CommandNotSupported.

pub(crate) mod email;
pub(crate) mod folder_sync;
pub(crate) mod get_item_estimate;
pub(crate) mod item_operations;
pub(crate) mod ping;
pub(crate) mod provision;
pub(crate) mod send_mail;
pub(crate) mod settings;
pub(crate) mod sync;

use rand::RngCore;

use crate::model::{DeviceKey, MailboxId, MobileDevice, Tenant, Timestamp};
use crate::wbxml::Element;

use super::dispatch::{EasConfig, LongPoll, mailbox_store};
use super::mail_store::{MailStore, MailboxStore, View};
use super::response::{EasResponse, global_error};
use super::{Command, EasRequest, GlobalStatus};

/// What a command works with.
pub(crate) struct Cx<'a, 'v> {
    pub(crate) tenant: &'a mut Tenant,
    pub(crate) store: &'a mut MailStore,
    pub(crate) rng: &'a mut dyn RngCore,
    pub(crate) config: &'a EasConfig,
    pub(crate) now: Timestamp,
    pub(crate) req: &'a EasRequest,
    pub(crate) mailbox: MailboxId,
    pub(crate) device: DeviceKey,
    pub(crate) view: View<'v>,
}

impl Cx<'_, '_> {
    /// The requesting device's partnership.
    pub(crate) fn device(&self) -> &MobileDevice {
        self.tenant
            .device(self.device)
            .expect("the dispatcher created the partnership before running the command")
    }

    /// The requesting user's mail store.
    pub(crate) fn mail(&mut self) -> &mut MailboxStore {
        mailbox_store(self.store, self.tenant, self.mailbox)
    }

    pub(crate) fn quarantined(&self) -> bool {
        self.view != View::Full
    }

    /// A global error for this request.
    pub(crate) fn global(&self, status: GlobalStatus, http: u16) -> EasResponse {
        global_error(self.req.command, self.req.version, status, http)
    }
}

/// A command's answer: now, or a Ping to wait on.
pub(crate) enum Reply {
    Now(EasResponse),
    Wait(LongPoll),
}

/// Runs the request's command. `root` is the decoded WBXML body; `mime` the raw body of a pre-14.0 SendMail.
pub(crate) fn run(cx: &mut Cx<'_, '_>, root: Option<&Element>, mime: Option<&[u8]>) -> Reply {
    let response = match cx.req.command {
        Command::Provision => provision::run(cx, root),
        Command::Settings => settings::run(cx, root),
        Command::FolderSync => folder_sync::run(cx, root),
        Command::Sync => return sync::run(cx, root),
        Command::Ping => return ping::run(cx, root),
        Command::GetItemEstimate => get_item_estimate::run(cx, root),
        Command::ItemOperations => item_operations::run(cx, root),
        Command::SendMail => match mime {
            Some(raw) => send_mail::run_mime(cx, raw),
            None => send_mail::run(cx, root),
        },
        _ => cx.global(GlobalStatus::COMMAND_NOT_SUPPORTED, 501),
    };
    Reply::Now(response)
}
