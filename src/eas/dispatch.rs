//! One EAS request from parsed request line to response: authenticate, check `User=`, find or create the
//! partnership, ask the access engine, store its decision (and post the ABQ notice), then run the command
//! with the view the decision allows and store what it changed. Every failure becomes the status Exchange
//! would send.
//!
//! The device is reached only through `partnership` (find-or-create, decide, store the tenant's and the mail
//! store's halves together); the commands get a `context::Cx` and never import this file. Pure: the caller
//! holds the lock, passes `now` and the RNG, and writes the response afterwards. A Ping that has to wait comes
//! back as a `LongPoll` for the caller to wait on without the lock.

use crate::access::{Decision, Verdict};
use crate::model::MailboxId;

use super::auth::{self, Credentials};
use super::body::{self, Body};
use super::commands;
use super::context::{Context, Cx, LongPoll, Reply};
use super::device_info;
use super::folder::INBOX;
use super::mail_gen;
use super::mail_store::View;
use super::mailbox_log;
use super::partnership::{Partnership, Refusal};
use super::request::{Command, EasRequest};
use super::response::{self, EasResponse, global_error};
use super::status::GlobalStatus;

/// What one request produced, plus what the log line needs.
#[derive(Debug)]
pub struct Outcome {
    pub response: EasResponse,
    /// The authenticated user (UPN), when authentication succeeded.
    pub user: Option<String>,
    /// `State/Reason` of the access decision, when one was made.
    pub decision: Option<String>,
    /// The access decision itself (with the step that decided), when one was made.
    pub access: Option<Decision>,
    pub wait: Option<LongPoll>,
}

impl Outcome {
    fn of(response: EasResponse) -> Outcome {
        Outcome {
            response,
            user: None,
            decision: None,
            access: None,
            wait: None,
        }
    }
}

/// A 401 with the Basic challenge.
fn challenge() -> EasResponse {
    let mut r = EasResponse::http(401).with_header("WWW-Authenticate", "Basic realm=\"\"");
    r.tarpit = true;
    r
}

/// `OPTIONS`: authenticated like every request, then the version and command lists.
pub fn options(cx: &mut Context<'_>, credentials: Option<&Credentials>) -> Outcome {
    let Some(mailbox) = credentials.and_then(|c| auth::authenticate(cx.tenant, c)) else {
        return Outcome::of(challenge());
    };
    let mut out = Outcome::of(response::options(&cx.config.accepted_versions));
    out.user = Some(cx.tenant.mailbox(mailbox).user_principal_name.clone());
    out
}

/// Handles one POST whose request line parsed: `body::prepare`, then `handle_prepared` (the server calls the two
/// separately, so that the body is read before it takes its lock).
pub fn handle(
    cx: &mut Context<'_>,
    req: &EasRequest,
    credentials: Option<&Credentials>,
    body: &[u8],
) -> Outcome {
    let body = body::prepare(req, body, cx.config);
    handle_prepared(cx, req, credentials, &body)
}

/// Handles one POST whose request line parsed and whose body `body::prepare` made ready.
pub fn handle_prepared(
    cx: &mut Context<'_>,
    req: &EasRequest,
    credentials: Option<&Credentials>,
    body: &Body<'_>,
) -> Outcome {
    let Some(mailbox) = credentials.and_then(|c| auth::authenticate(cx.tenant, c)) else {
        return Outcome::of(challenge());
    };
    let upn = cx.tenant.mailbox(mailbox).user_principal_name.clone();
    let mut out = run(cx, req, mailbox, body);
    let answered = out.wait.is_none().then_some(&out.response);
    mailbox_log::record_request(cx.tenant, mailbox, req, body, answered, cx.now);
    out.user = Some(upn);
    out
}

fn error(req: &EasRequest, status: GlobalStatus, http: u16) -> Outcome {
    Outcome::of(global_error(req.command, req.version, status, http))
}

fn run(cx: &mut Context<'_>, req: &EasRequest, mailbox: MailboxId, body: &Body<'_>) -> Outcome {
    if let Some(user) = &req.user
        && !auth::names_mailbox(cx.tenant, user, mailbox)
    {
        return error(req, GlobalStatus::ACCESS_DENIED, 403);
    }
    if let Body::Malformed(status) = body {
        return error(req, *status, 400);
    }
    let device_info = match (body, req.command) {
        (Body::Wbxml(root), Command::Provision | Command::Settings) => {
            device_info::device_information(root)
        }
        _ => None,
    };

    // Find the partnership (or build the one first contact would create), decide, and store the decision.
    let mut partnership = Partnership::find_or_create(
        cx.tenant,
        cx.store,
        mailbox,
        req,
        device_info.as_ref(),
        cx.rng,
        cx.now,
    );
    let decision = partnership.decide(cx.tenant, req, cx.now);
    let decision_text = match decision.verdict {
        Verdict::UserDisabled => "UserDisabled".to_string(),
        _ => format!("{}/{}", decision.state, decision.reason),
    };
    let with_decision = |mut o: Outcome| {
        o.decision = Some(decision_text.clone());
        o.access = Some(decision.clone());
        o
    };
    let wipe_pending = partnership.device().wipe_pending();
    match partnership.admit(&decision, cx.tenant, cx.store, cx.now) {
        Ok(_) => {}
        // Exchange refuses disabled users before any device logic: nothing is created or stored.
        Err(Refusal::UserDisabled) => {
            return with_decision(error(req, GlobalStatus::USER_DISABLED_FOR_SYNC, 403));
        }
        Err(Refusal::MaxDevices { count, max }) => {
            post_max_devices_notice(cx, mailbox, req, count, max);
            return with_decision(error(req, GlobalStatus::MAXIMUM_DEVICES_REACHED, 403));
        }
        Err(Refusal::Model(_) | Refusal::Gone) => {
            return with_decision(error(req, GlobalStatus::SERVER_ERROR, 500));
        }
    }

    let view_restricted = match decision.verdict {
        Verdict::Policy(failure) => {
            let http = match failure.status() {
                141 => 403,
                140 if req.presented_key().is_none() => 403,
                _ => 449,
            };
            return with_decision(error(req, GlobalStatus(failure.status()), http));
        }
        // A pending wipe bypasses device access so the wipe can be delivered (eas-facts §2.5).
        Verdict::Block if wipe_pending && req.command == Command::Provision => false,
        Verdict::Block => {
            return with_decision(error(
                req,
                GlobalStatus::DEVICE_IS_BLOCKED_FOR_THIS_USER,
                403,
            ));
        }
        Verdict::Quarantine | Verdict::Discovery => true,
        Verdict::Allow => false,
        Verdict::Challenge | Verdict::UserDisabled => {
            return with_decision(Outcome::of(challenge()));
        }
    };

    let view = if view_restricted {
        View::NoticesFor(&req.device_id)
    } else {
        View::Full
    };
    let root = match body {
        Body::Wbxml(root) => Some(root),
        _ => None,
    };
    let mime = match body {
        Body::Mime(raw) => Some(*raw),
        _ => None,
    };
    let reply = if let Body::OverCap(refusal) = body {
        // Exchange refuses an over-cap request while parsing it, after the access checks (the cap's answer is
        // the command's).
        Reply::Now(refusal.clone())
    } else {
        let mut cmd = Cx::new(
            cx.tenant,
            cx.store,
            cx.rng,
            cx.config,
            cx.now,
            req,
            &mut partnership,
            view,
        );
        commands::run(&mut cmd, root, mime)
    };
    let mut out = match reply {
        Reply::Now(response) => Outcome::of(response),
        Reply::Wait(wait) => Outcome {
            wait: Some(wait),
            ..Outcome::of(EasResponse::empty())
        },
    };
    let succeeded = out.response.http_status == 200 && !out.response.tarpit;
    if succeeded {
        partnership.device_mut().last_success_sync = Some(cx.now);
    }
    // What the command changed on the device, stored whole.
    if partnership.commit(cx.tenant, cx.store).is_err() {
        return with_decision(error(req, GlobalStatus::SERVER_ERROR, 500));
    }
    out.decision = Some(decision_text);
    out.access = Some(decision);
    out
}

/// Tells the user (at most once per 24 hours, high importance) that a new device was refused.
fn post_max_devices_notice(
    cx: &mut Context<'_>,
    mailbox: MailboxId,
    req: &EasRequest,
    count: usize,
    max: u32,
) {
    let now = cx.now;
    let m = cx.tenant.mailbox(mailbox);
    let owner = mail_gen::Owner {
        display_name: &m.display_name,
        smtp: &m.primary_smtp_address,
    };
    let message = mail_gen::max_devices_notice(
        &req.device_id,
        &req.device_type,
        count,
        max,
        &owner,
        cx.tenant.domain(),
        now,
    );
    let store = cx.store.of(cx.tenant, mailbox);
    if store
        .max_devices_notice()
        .is_some_and(|last| now.secs_since(last) < 24 * 3600)
    {
        return;
    }
    store.set_max_devices_notice(now);
    store.add_item(INBOX, message, false, None);
    cx.store.touch(mailbox);
}

/// Re-checks a waiting Ping or Sync after its mailbox changed: `Some` answer when there is something to report
/// (written to the mailbox log as the pending request's response).
pub fn long_poll_recheck(cx: &mut Context<'_>, wait: &LongPoll) -> Option<EasResponse> {
    let answer = recheck(cx, wait)?;
    mailbox_log::record_pending_response(cx.tenant, wait.mailbox, &wait.device_id, &answer, cx.now);
    Some(answer)
}

fn recheck(cx: &mut Context<'_>, wait: &LongPoll) -> Option<EasResponse> {
    let Some(retry) = &wait.sync else {
        return commands::ping::recheck(cx.store, wait, cx.now);
    };
    // The partnership may have been removed meanwhile: then the wait ends at its heartbeat. The access decision
    // of the request that started the wait stands (its view); what the Sync changes is stored as usual.
    let mut partnership = Partnership::find(cx.tenant, cx.store, wait.mailbox, &wait.device_id)?;
    let view = if wait.quarantined {
        View::NoticesFor(&wait.device_id)
    } else {
        View::Full
    };
    let response = {
        let mut cmd = Cx::new(
            cx.tenant,
            cx.store,
            cx.rng,
            cx.config,
            cx.now,
            &retry.request,
            &mut partnership,
            view,
        );
        commands::sync::respond(&mut cmd, &retry.body)
    };
    partnership.commit(cx.tenant, cx.store).ok()?;
    (!response.body.is_empty() || response.http_status != 200).then_some(response)
}

/// The answer when the heartbeat expired without changes: Ping Status 1, or the empty Sync response.
pub fn long_poll_expired(wait: &LongPoll) -> EasResponse {
    match wait.sync {
        Some(_) => EasResponse::empty(),
        None => commands::ping::expired(),
    }
}
