//! EAS semantics, pure: request-line parsing (both URI forms), credentials, the global-status-on-the-wire
//! rules, the per-mailbox mail store, and one file per command. Given the tenant, the mail store, `now` and an
//! RNG, `handle` turns one request into one response and the state changes Exchange would make.
//!
//! Imports inside run one way: `dispatch` → `commands` → `context` → `partnership` → `mail_store` →
//! `pim_gen` → `mail_gen` → `pim` → `message`, `folder`. A request reaches its device only through `partnership`, which stores the
//! tenant's partnership and the mail store's sync state for it together.
//!
//! No sockets, no clock, no tasks: `server` does the I/O, holds the lock around `handle`, and waits for Pings.

mod auth;
mod body;
mod commands;
mod context;
mod device_info;
mod dispatch;
pub mod folder;
pub mod limits;
pub mod mail_gen;
pub mod mail_store;
mod mailbox_log;
pub mod message;
mod partnership;
pub mod pim;
pub mod pim_gen;
pub mod request;
pub mod response;
mod status;

#[cfg(test)]
mod tests;

pub use auth::{Credentials, authenticate, names_mailbox};
pub use body::{Body, prepare};
pub use context::{Context, EasConfig, LongPoll, SyncRetry};
pub use dispatch::{
    Outcome, handle, handle_prepared, long_poll_expired, long_poll_recheck, options,
};
pub use limits::RequestLimits;
pub use mail_store::MailStore;
pub use request::{Command, EasRequest, Headers, ProtocolVersion, QueryForm, RequestError};
pub use response::EasResponse;
pub use status::GlobalStatus;
