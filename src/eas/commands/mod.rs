//! The EAS commands, one file each, and the table that routes a request to its command.
//!
//! Every command is a pure function of its context (`eas::context::Cx`: the tenant to read, the mail store, the
//! device's working copy and view, `now`, RNG) and the decoded request body. Access has been decided before a
//! command runs; a command only knows whether the device sees everything or only its ABQ notices (`View`).
//! Commands change the device only through the working copy, which the dispatcher stores whole afterwards;
//! they never import the dispatcher. Commands the simulator does not implement answer 137 CommandNotSupported.

pub(crate) mod compose;
pub(crate) mod directory;
pub(crate) mod email;
pub(crate) mod find;
pub(crate) mod folder_create;
pub(crate) mod folder_delete;
pub(crate) mod folder_sync;
pub(crate) mod folder_update;
pub(crate) mod get_item_estimate;
pub(crate) mod hierarchy;
pub(crate) mod item_operations;
pub(crate) mod mail_query;
pub(crate) mod meeting_response;
pub(crate) mod move_items;
pub(crate) mod pim;
pub(crate) mod ping;
pub(crate) mod provision;
pub(crate) mod resolve_recipients;
pub(crate) mod search;
pub(crate) mod send_mail;
pub(crate) mod settings;
pub(crate) mod smart_forward;
pub(crate) mod smart_reply;
pub(crate) mod sync;
pub(crate) mod validate_cert;

use crate::wbxml::Element;

use super::context::{Cx, Reply};
use super::request::Command;
use super::status::GlobalStatus;

/// Runs the request's command. `root` is the decoded WBXML body; `mime` the raw body of a pre-14.0 SendMail.
pub(crate) fn run(cx: &mut Cx<'_>, root: Option<&Element>, mime: Option<&[u8]>) -> Reply {
    let response = match cx.req.command {
        Command::Provision => provision::run(cx, root),
        Command::Settings => settings::run(cx, root),
        Command::FolderSync => folder_sync::run(cx, root),
        Command::FolderCreate => folder_create::run(cx, root),
        Command::FolderUpdate => folder_update::run(cx, root),
        Command::FolderDelete => folder_delete::run(cx, root),
        Command::MoveItems => move_items::run(cx, root),
        Command::MeetingResponse => meeting_response::run(cx, root),
        Command::Sync => return sync::run(cx, root),
        Command::Ping => return ping::run(cx, root),
        Command::GetItemEstimate => get_item_estimate::run(cx, root),
        Command::ItemOperations => item_operations::run(cx, root),
        Command::SendMail => match mime {
            Some(raw) => send_mail::run_mime(cx, raw),
            None => send_mail::run(cx, root),
        },
        Command::ResolveRecipients => resolve_recipients::run(cx, root),
        Command::Search => search::run(cx, root),
        Command::Find => find::run(cx, root),
        Command::ValidateCert => validate_cert::run(cx, root),
        Command::SmartReply => smart_reply::run(cx, root, mime),
        Command::SmartForward => smart_forward::run(cx, root, mime),
        _ => cx.global(GlobalStatus::COMMAND_NOT_SUPPORTED, 501),
    };
    Reply::Now(response)
}
