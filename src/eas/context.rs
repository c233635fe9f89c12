//! What a request works with: the server's shared state borrowed for one request (`Context`), the protocol
//! settings (`EasConfig`), and what a command receives (`Cx`: the request, the device's working copy and its
//! view) and gives back (`Reply`, `LongPoll`). Commands import this, never the dispatcher.
//!
//! Types and accessors only: deciding access and running commands is `dispatch`'s; storing the device is
//! `partnership`'s. A command reads the tenant but cannot write it: its changes to the device go to the working
//! copy, which the dispatcher stores whole after the command.

use rand::RngCore;

use crate::model::{MailboxId, MobileDevice, Tenant, Timestamp};
use crate::wbxml::Element;

use super::limits::RequestLimits;
use super::mail_store::{DeviceState, MailStore, MailboxStore, View};
use super::partnership::Partnership;
use super::request::{EasRequest, ProtocolVersion};
use super::response::{EasResponse, global_error};
use super::status::GlobalStatus;

/// Protocol settings fixed at server start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EasConfig {
    /// The MS-ASProtocolVersion values accepted (Exchange Online: 16.1 only).
    pub accepted_versions: Vec<ProtocolVersion>,
    /// Ping HeartbeatInterval bounds in seconds (Exchange: 60–3540).
    pub min_heartbeat: u32,
    pub max_heartbeat: u32,
    /// The most folders one Ping may watch (a cached Ping's; a request body is held to `limits` first).
    pub max_ping_folders: usize,
    /// The largest Sync WindowSize honoured (MS-ASCMD: 512).
    pub max_window_size: usize,
    /// What ValidateCert answers for every non-empty certificate: 1 (valid) by default; any MS-ASCMD
    /// ValidateCert status (3 untrusted source, 7 expired, 13 revoked …) to simulate a failing chain.
    pub certificate_status: u16,
    /// What one request body may hold and ask for, checked before the server's lock is taken.
    pub limits: RequestLimits,
}

impl Default for EasConfig {
    fn default() -> EasConfig {
        EasConfig {
            accepted_versions: ProtocolVersion::SUPPORTED.to_vec(),
            min_heartbeat: 60,
            max_heartbeat: 3540,
            // Exchange's MaxNumOfFolders (see `limits`).
            max_ping_folders: 100,
            max_window_size: 512,
            certificate_status: 1,
            limits: RequestLimits::default(),
        }
    }
}

/// The shared state a request works on, borrowed from the server's world while its lock is held.
pub struct Context<'a> {
    pub tenant: &'a mut Tenant,
    pub store: &'a mut MailStore,
    pub rng: &'a mut dyn RngCore,
    pub config: &'a EasConfig,
    pub now: Timestamp,
}

/// A Ping, or a Sync with Wait/HeartbeatInterval, that found nothing yet: the caller waits (without the lock)
/// until the mailbox changes or the heartbeat expires, calling `long_poll_recheck` after each change and
/// `long_poll_expired` at the end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LongPoll {
    pub mailbox: MailboxId,
    /// As the request sent it; compared case-insensitively.
    pub device_id: String,
    /// The folders a Ping watches (empty for a Sync).
    pub folders: Vec<u32>,
    /// Seconds.
    pub heartbeat: u32,
    pub quarantined: bool,
    /// For a Sync: the request to run again when the mailbox changes.
    pub sync: Option<Box<SyncRetry>>,
}

/// A waiting Sync's request line and body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncRetry {
    pub request: EasRequest,
    pub body: Element,
}

/// A command's answer: now, or a Ping to wait on.
pub(crate) enum Reply {
    Now(EasResponse),
    Wait(LongPoll),
}

/// What a command works with: the tenant to read, the mail store, the request, and the device's working copy
/// (partnership and sync state), which the dispatcher stores after the command.
pub(crate) struct Cx<'a> {
    pub(crate) tenant: &'a Tenant,
    pub(crate) store: &'a mut MailStore,
    pub(crate) rng: &'a mut dyn RngCore,
    pub(crate) config: &'a EasConfig,
    pub(crate) now: Timestamp,
    pub(crate) req: &'a EasRequest,
    pub(crate) mailbox: MailboxId,
    pub(crate) view: View<'a>,
    partnership: &'a mut Partnership,
}

impl<'a> Cx<'a> {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        tenant: &'a Tenant,
        store: &'a mut MailStore,
        rng: &'a mut dyn RngCore,
        config: &'a EasConfig,
        now: Timestamp,
        req: &'a EasRequest,
        partnership: &'a mut Partnership,
        view: View<'a>,
    ) -> Cx<'a> {
        Cx {
            tenant,
            store,
            rng,
            config,
            now,
            req,
            mailbox: partnership.device().mailbox,
            view,
            partnership,
        }
    }

    /// The requesting device's partnership, as it will be stored.
    pub(crate) fn device(&self) -> &MobileDevice {
        self.partnership.device()
    }

    /// Changes the partnership (stored after the command).
    pub(crate) fn device_mut(&mut self) -> &mut MobileDevice {
        self.partnership.device_mut()
    }

    /// The device's sync state, as it will be stored.
    pub(crate) fn state(&self) -> &DeviceState {
        self.partnership.state()
    }

    /// Changes the sync state (stored after the command).
    pub(crate) fn state_mut(&mut self) -> &mut DeviceState {
        self.partnership.state_mut()
    }

    /// The requesting user's mail store.
    pub(crate) fn mail(&mut self) -> &mut MailboxStore {
        self.store.of(self.tenant, self.mailbox)
    }

    /// Makes the generated items of one of the user's Calendar, Contacts or Tasks folders, the first time
    /// the folder is synced (`MailStore::filled`); nothing for other folders.
    pub(crate) fn fill(&mut self, folder: u32) {
        self.store.filled(self.tenant, self.mailbox, folder);
    }

    /// The user's mail store, and the device's sync state to read beside it.
    pub(crate) fn mail_with_state(&mut self) -> (&mut MailboxStore, &DeviceState) {
        (
            self.store.of(self.tenant, self.mailbox),
            self.partnership.state(),
        )
    }

    /// The user's mail store and the device's sync state, to change together.
    pub(crate) fn mail_and_state(&mut self) -> (&mut MailboxStore, &mut DeviceState) {
        (
            self.store.of(self.tenant, self.mailbox),
            self.partnership.state_mut(),
        )
    }

    /// The device erased itself: its sync state is dropped when the partnership is stored.
    pub(crate) fn forget_state(&mut self) {
        self.partnership.forget_state();
    }

    pub(crate) fn quarantined(&self) -> bool {
        self.view != View::Full
    }

    /// A global error for this request.
    pub(crate) fn global(&self, status: GlobalStatus, http: u16) -> EasResponse {
        global_error(self.req.command, self.req.version, status, http)
    }
}
