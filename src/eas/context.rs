//! What a request works with: the server's shared state borrowed for one request (`Context`), the protocol
//! settings (`EasConfig`), and what a command receives (`Cx`) and gives back (`Reply`, `LongPoll`). Commands
//! import this, never the dispatcher.
//!
//! Types and accessors only: deciding access and running commands is `dispatch`'s.

use rand::RngCore;

use crate::model::{DeviceKey, MailboxId, MobileDevice, Tenant, Timestamp};
use crate::wbxml::Element;

use super::mail_store::{MailStore, MailboxStore, View};
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
    /// The most folders one Ping may watch.
    pub max_ping_folders: usize,
    /// The largest Sync WindowSize honoured (MS-ASCMD: 512).
    pub max_window_size: usize,
}

impl Default for EasConfig {
    fn default() -> EasConfig {
        EasConfig {
            accepted_versions: ProtocolVersion::SUPPORTED.to_vec(),
            min_heartbeat: 60,
            max_heartbeat: 3540,
            max_ping_folders: 300,
            max_window_size: 512,
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
    /// Lower-cased.
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
        self.store.of(self.tenant, self.mailbox)
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
