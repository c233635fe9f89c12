//! One EAS request from parsed request line to response: authenticate, check `User=`, find or create the
//! partnership, ask the access engine, store its decision (and post the ABQ notice), then run the command
//! with the view the decision allows. Every failure becomes the status Exchange would send.
//!
//! Pure: the caller holds the lock, passes `now` and the RNG, and writes the response afterwards. A Ping that
//! has to wait comes back as a `LongPoll` for the caller to wait on without the lock.

use crate::access::{self, PolicyFacts, RequestFacts, Verdict};
use crate::model::{DeviceAccessState, DeviceAccessStateReason, Guid, MailboxId, MobileDevice};
use crate::wbxml::{self, Element};

use super::commands;
use super::context::{Context, Cx, LongPoll, Reply};
use super::mail_store::View;
use super::response::{EasResponse, global_error, root_tag};
use super::{Command, Credentials, EasRequest, GlobalStatus, ProtocolVersion, auth, mail_gen};

/// What one request produced, plus what the log line needs.
#[derive(Debug)]
pub struct Outcome {
    pub response: EasResponse,
    /// The authenticated user (UPN), when authentication succeeded.
    pub user: Option<String>,
    /// `State/Reason` of the access decision, when one was made.
    pub decision: Option<String>,
    pub wait: Option<LongPoll>,
}

impl Outcome {
    fn of(response: EasResponse) -> Outcome {
        Outcome {
            response,
            user: None,
            decision: None,
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
    let mut out = Outcome::of(super::response::options(&cx.config.accepted_versions));
    out.user = Some(cx.tenant.mailbox(mailbox).user_principal_name.clone());
    out
}

/// Handles one POST whose request line parsed.
pub fn handle(
    cx: &mut Context<'_>,
    req: &EasRequest,
    credentials: Option<&Credentials>,
    body: &[u8],
) -> Outcome {
    let Some(mailbox) = credentials.and_then(|c| auth::authenticate(cx.tenant, c)) else {
        return Outcome::of(challenge());
    };
    let upn = cx.tenant.mailbox(mailbox).user_principal_name.clone();
    let mut out = run(cx, req, mailbox, body);
    out.user = Some(upn);
    out
}

fn error(req: &EasRequest, status: GlobalStatus, http: u16) -> Outcome {
    Outcome::of(global_error(req.command, req.version, status, http))
}

/// The decoded body, or the status a malformed one gets.
enum Body<'b> {
    None,
    Wbxml(Element),
    Mime(&'b [u8]),
}

fn decode_body<'b>(req: &EasRequest, body: &'b [u8]) -> Result<Body<'b>, GlobalStatus> {
    if body.is_empty() {
        return Ok(Body::None);
    }
    let Some(root) = root_tag(req.command, req.version) else {
        return Ok(Body::Mime(body));
    };
    let doc = wbxml::decode(body).map_err(|_| GlobalStatus::INVALID_WBXML)?;
    if doc.root.tag() != root {
        return Err(GlobalStatus::INVALID_XML);
    }
    Ok(Body::Wbxml(doc.root))
}

fn run(cx: &mut Context<'_>, req: &EasRequest, mailbox: MailboxId, body: &[u8]) -> Outcome {
    if let Some(user) = &req.user
        && !auth::names_mailbox(cx.tenant, user, mailbox)
    {
        return error(req, GlobalStatus::ACCESS_DENIED, 403);
    }
    let body = match decode_body(req, body) {
        Ok(b) => b,
        Err(status) => return error(req, status, 400),
    };
    let device_info = match (&body, req.command) {
        (Body::Wbxml(root), Command::Provision | Command::Settings) => {
            commands::settings::device_information(root)
        }
        _ => None,
    };

    // Find the partnership, or build the one first contact would create.
    let existing = cx.tenant.find_device(mailbox, &req.device_id);
    if existing.is_none() {
        // No partnership: whatever sync state this DeviceId left behind (Remove-MobileDevice, Import-Tenant) is
        // stale, and a new partnership starts from SyncKey 0 as it would on Exchange.
        cx.store
            .of(cx.tenant, mailbox)
            .forget_device(&req.device_id);
    }
    let mut device = match existing.and_then(|k| cx.tenant.device(k)) {
        Some(d) => d.clone(),
        None => {
            let mut d = MobileDevice::new(
                Guid::from_random_bits(
                    u128::from(cx.rng.next_u64()) << 64 | u128::from(cx.rng.next_u64()),
                ),
                mailbox,
                &req.device_id,
                &req.device_type,
            );
            d.first_sync_time = Some(cx.now);
            d
        }
    };
    device.last_sync_attempt_time = Some(cx.now);
    device.client_version = req.version.to_string().into();
    if !req.xms_wl.is_empty() {
        device.xms_wl_header = req.xms_wl.as_str().into();
    }
    let store = cx.store.of(cx.tenant, mailbox);
    let ua_from_info = store
        .device_state(&req.device_id)
        .is_some_and(|s| s.info_user_agent);
    if !req.user_agent.is_empty() && !ua_from_info {
        device.device_user_agent = req.user_agent.as_str().into();
    }
    if let Some(info) = &device_info {
        let sets_ua = info.apply(&mut device);
        if sets_ua {
            store.device(&req.device_id).info_user_agent = true;
        }
    }

    let policy = match req.command {
        Command::Provision => PolicyFacts::Exempt,
        Command::Ping if req.version < ProtocolVersion::V14_0 => PolicyFacts::Exempt,
        _ => PolicyFacts::Presented(req.presented_key()),
    };
    let facts = RequestFacts {
        authenticated: true,
        policy,
        now: cx.now,
    };
    let decision = access::decide(cx.tenant, &device, &facts);
    let decision_text = match decision.verdict {
        Verdict::UserDisabled => "UserDisabled".to_string(),
        _ => format!("{}/{}", decision.state, decision.reason),
    };
    let with_decision = |mut o: Outcome| {
        o.decision = Some(decision_text.clone());
        o
    };
    if decision.verdict == Verdict::UserDisabled {
        // Exchange refuses disabled users before any device logic: nothing is created or stored.
        return with_decision(error(req, GlobalStatus::USER_DISABLED_FOR_SYNC, 403));
    }

    // Create or update the partnership.
    let key = match existing {
        Some(k) => k,
        None => {
            let count = cx.tenant.devices_of(mailbox).len();
            let max = cx.tenant.settings.eas_max_devices;
            if count >= max as usize {
                post_max_devices_notice(cx, mailbox, req, count, max);
                return with_decision(error(req, GlobalStatus::MAXIMUM_DEVICES_REACHED, 403));
            }
            match cx.tenant.add_device(device.clone()) {
                Ok(k) => k,
                Err(_) => return with_decision(error(req, GlobalStatus::SERVER_ERROR, 500)),
            }
        }
    };
    let wipe_pending = device.wipe_pending();
    device.access = decision.stored_access();
    cx.tenant.update_device(key, |d| *d = device.clone());
    post_abq_notice(cx, mailbox, &device);

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

    let device_lower = req.device_id.to_ascii_lowercase();
    let view = if view_restricted {
        View::NoticesFor(&device_lower)
    } else {
        View::Full
    };
    let mut cmd = Cx {
        tenant: cx.tenant,
        store: cx.store,
        rng: cx.rng,
        config: cx.config,
        now: cx.now,
        req,
        mailbox,
        device: key,
        view,
    };
    let root = match &body {
        Body::Wbxml(root) => Some(root),
        _ => None,
    };
    let mime = match &body {
        Body::Mime(raw) => Some(*raw),
        _ => None,
    };
    let mut out = match commands::run(&mut cmd, root, mime) {
        Reply::Now(response) => Outcome::of(response),
        Reply::Wait(wait) => Outcome {
            response: EasResponse::empty(),
            user: None,
            decision: None,
            wait: Some(wait),
        },
    };
    let succeeded = out.response.http_status == 200 && !out.response.tarpit;
    if succeeded {
        let now = cx.now;
        cx.tenant
            .update_device(key, |d| d.last_success_sync = Some(now));
    }
    out.decision = Some(decision_text);
    out
}

/// Posts the ABQ notice when the device enters Quarantined, Blocked or DeviceDiscovery (not for the Policy
/// reason) and no notice for that state has been posted since it last changed (eas-facts §4.1).
fn post_abq_notice(cx: &mut Context<'_>, mailbox: MailboxId, device: &MobileDevice) {
    let state = device.access.state;
    let store = cx.store.of(cx.tenant, mailbox);
    let ds = store.device(&device.device_id);
    match state {
        DeviceAccessState::Allowed => {
            ds.abq_notice = None;
            return;
        }
        DeviceAccessState::Quarantined
        | DeviceAccessState::Blocked
        | DeviceAccessState::DeviceDiscovery => {}
        DeviceAccessState::Unknown => return,
    }
    if device.access.reason == DeviceAccessStateReason::Policy || ds.abq_notice == Some(state) {
        return;
    }
    ds.abq_notice = Some(state);
    let m = cx.tenant.mailbox(mailbox);
    let owner = mail_gen::Owner {
        display_name: &m.display_name,
        smtp: &m.primary_smtp_address,
    };
    let Some(message) = mail_gen::abq_notice(
        state,
        device,
        &owner,
        cx.tenant.domain(),
        cx.tenant.org.user_mail_insert.as_deref(),
        cx.now,
    ) else {
        return;
    };
    store.add_item(
        super::mail_store::INBOX,
        message,
        false,
        Some(device.device_id.to_ascii_lowercase()),
    );
    cx.store.touch(mailbox);
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
        .max_devices_notice
        .is_some_and(|last| now.secs_since(last) < 24 * 3600)
    {
        return;
    }
    store.max_devices_notice = Some(now);
    store.add_item(super::mail_store::INBOX, message, false, None);
    cx.store.touch(mailbox);
}

/// Re-checks a waiting Ping or Sync after its mailbox changed: `Some` answer when there is something to report.
pub fn long_poll_recheck(cx: &mut Context<'_>, wait: &LongPoll) -> Option<EasResponse> {
    let Some(retry) = &wait.sync else {
        return commands::ping::recheck(cx.store, wait, cx.now);
    };
    // The partnership may have been removed meanwhile: then the wait ends at its heartbeat.
    let device = cx.tenant.find_device(wait.mailbox, &wait.device_id)?;
    let view = if wait.quarantined {
        View::NoticesFor(&wait.device_id)
    } else {
        View::Full
    };
    let mut cmd = Cx {
        tenant: cx.tenant,
        store: cx.store,
        rng: cx.rng,
        config: cx.config,
        now: cx.now,
        req: &retry.request,
        mailbox: wait.mailbox,
        device,
        view,
    };
    let response = commands::sync::respond(&mut cmd, &retry.body);
    (!response.body.is_empty() || response.http_status != 200).then_some(response)
}

/// The answer when the heartbeat expired without changes: Ping Status 1, or the empty Sync response.
pub fn long_poll_expired(wait: &LongPoll) -> EasResponse {
    match wait.sync {
        Some(_) => EasResponse::empty(),
        None => commands::ping::expired(),
    }
}
