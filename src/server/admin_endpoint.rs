//! The admin endpoint's HTTP side: `POST /adminapi/{beta|v1.0}/{tenant}/InvokeCommand`, shaped like Exchange
//! Online's REST management API (eas-facts §8). It checks the path, the bearer token, the method and the content
//! type, reads `Prefer: odata.maxpagesize=N` (or `X-Prefer`; default 1000) and `X-AnchorMailbox`, reads the clock,
//! and hands the rest to `admin::invoke`: binding outside the lock, the run under the world lock (dropping the EAS
//! state when the call replaced the tenant, as `Import-Tenant` does), the answer after it. It writes the answer
//! with its status and OData headers; error bodies go out through `HttpError::Json`.
//!
//! - Auth: `Authorization: Bearer <token>`, compared in constant time; otherwise 401 with `WWW-Authenticate:
//!   Bearer`. The `{tenant}` segment is not checked: the simulator serves one tenant and echoes the segment.
//! - Paging, `$select`, -WhatIf, confirmation and which errors get which status: `admin::invoke`. The JSON of
//!   requests and answers: `admin::wire` (the one copy the remote host uses too).
//! - Throttling (`--throttle`): a bound call is charged to its user's budgets (`admin::throttle`) before it takes
//!   the world lock; over budget, it is not run and the answer is HTTP 429 with `Retry-After` and Exchange
//!   Online's text in the `{"error": …}` body. Every page of a paged listing is a call.

use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Method, Request, Response, StatusCode, header};

use crate::admin::invoke::{self, Answer, Call, InvokeRequest};
use crate::admin::throttle::Throttled;
use crate::admin::wire;
use crate::model::Timestamp;
use crate::script::{ErrorCategory, ErrorRecord};

use super::durability::Journaled;
use super::feed::FeedEvent;
use super::{AppState, HttpError};

static REQUEST_COUNTER: AtomicU64 = AtomicU64::new(1);

pub(crate) async fn handle(state: &AppState, req: Request<Bytes>) -> Response<Full<Bytes>> {
    let mut journaled = Journaled::default();
    let answer = invoke_command(state, &req, &mut journaled);
    // The change is journaled under the lock; it is on disk before the answer goes out.
    if let Err(e) = state.commit(journaled).await {
        return e.into_response();
    }
    match answer {
        Ok(resp) => resp,
        Err(e) => e.into_response(),
    }
}

/// The `{version}` and `{tenant}` of an InvokeCommand path.
fn parse_path(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix("/adminapi/")?;
    let mut parts = rest.split('/');
    let (version, tenant, action) = (parts.next()?, parts.next()?, parts.next()?);
    let known_version =
        version.eq_ignore_ascii_case("beta") || version.eq_ignore_ascii_case("v1.0");
    (parts.next().is_none()
        && known_version
        && !tenant.is_empty()
        && action.eq_ignore_ascii_case("InvokeCommand"))
    .then_some((version, tenant))
}

fn invoke_command(
    state: &AppState,
    req: &Request<Bytes>,
    journaled: &mut Journaled,
) -> Result<Response<Full<Bytes>>, HttpError> {
    let path = req.uri().path();
    let (version, tenant_segment) =
        parse_path(path).ok_or_else(|| HttpError::NotFound(path.to_string()))?;
    if !authorized(req, &state.config.admin_token) {
        return Err(HttpError::BearerRequired);
    }
    if req.method() != Method::POST {
        return Err(HttpError::MethodNotAllowed { allow: "POST" });
    }
    if let Some(ct) = req.headers().get(header::CONTENT_TYPE)
        && !ct.to_str().is_ok_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        })
    {
        return Err(HttpError::UnsupportedMediaType(
            "the admin endpoint takes Content-Type: application/json".into(),
        ));
    }
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let base = format!("http://{host}/adminapi/{version}/{tenant_segment}");
    let user = wire::anchor_user(
        req.headers()
            .get("x-anchormailbox")
            .and_then(|v| v.to_str().ok()),
    );
    let request = InvokeRequest {
        body: req.body(),
        query: req.uri().query().unwrap_or(""),
        page_size: page_size(req),
        user: &user,
        base: &base,
    };
    let answer = match invoke::prepare(&request) {
        Err(answer) => answer,
        Ok(call) => {
            if let Err(t) = state.charge_admin(&user, call.cmdlet_name()) {
                if state.feed.listening() {
                    state.feed.publish(FeedEvent {
                        kind: "admin",
                        text: format!(
                            "{user} was throttled running {} → 429 ({} budget)",
                            call.cmdlet_name(),
                            t.part
                        ),
                        transition: false,
                    });
                }
                return Err(throttled(&t));
            }
            run_call(state, &request, call, journaled)
        }
    };
    let status = StatusCode::from_u16(answer.status()).map_err(|_| HttpError::Internal)?;
    match answer {
        Answer::Error { body, .. } => Err(HttpError::Json { status, body }),
        Answer::Page(body) => Response::builder()
            .status(status)
            .header(
                header::CONTENT_TYPE,
                "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8",
            )
            .header("OData-Version", "4.0")
            .header("request-id", request_id())
            .body(Full::new(Bytes::from(body)))
            .map_err(|_| HttpError::Internal),
    }
}

/// Runs one InvokeCommand call as the endpoint does: bound outside the lock, run under it (the feed's transition
/// check around it, the EAS state dropped when the tenant was replaced, a changing call journaled before the lock
/// is released), then answered. The console's scenario control runs its Import-Tenant through here too, so a reset
/// is audited, journaled and shown exactly like the same call over HTTP.
pub(crate) fn run(
    state: &AppState,
    request: &InvokeRequest<'_>,
    journaled: &mut Journaled,
) -> Answer {
    match invoke::prepare(request) {
        Err(answer) => answer,
        Ok(call) => run_call(state, request, call, journaled),
    }
}

/// `run` for a call already bound.
fn run_call(
    state: &AppState,
    request: &InvokeRequest<'_>,
    call: Call,
    journaled: &mut Journaled,
) -> Answer {
    let user = request.user;
    let now = clock_now();
    let changes = call.changes_state();
    let cmdlet = call.cmdlet_name();
    // What the live feed shows of the call, built only when a console listens.
    let line = state.feed.listening().then(|| call.command_line());
    let ran = {
        let mut world = state.lock();
        let before = state.feed.before(&world.tenant);
        let ran = call.run(&mut world.tenant, now);
        state
            .feed
            .after(before, &world.tenant, || cmdlet.to_string());
        if ran.replaced_tenant() {
            world.tenant_replaced();
        }
        if changes {
            *journaled = state.journal_admin(now, user, request.body);
        }
        ran
    };
    let answer = ran.answer(request.base);
    if let Some(line) = line {
        state.feed.publish(FeedEvent {
            kind: "admin",
            text: format!("{user} ran {line} → {}", answer.status()),
            transition: false,
        });
    }
    answer
}

/// The 429 for a call over budget. The error's id is the simulator's own: no public capture shows the code the
/// REST endpoint gives a throttled call (the text is Exchange Online's, see `Throttled::message`).
fn throttled(t: &Throttled) -> HttpError {
    let record = ErrorRecord::new(
        ErrorCategory::ResourceUnavailable,
        "ThrottlingBudgetExceeded",
        t.message(),
    );
    HttpError::TooManyRequests {
        retry_after_secs: t.retry_after_secs().max(1),
        body: wire::error_body(&record),
    }
}

/// `Authorization: Bearer <token>` equal to the configured token (never with an empty configured token).
fn authorized(req: &Request<Bytes>, expected: &str) -> bool {
    let Some(value) = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let Some((scheme, token)) = value.trim().split_once(' ') else {
        return false;
    };
    !expected.is_empty()
        && scheme.eq_ignore_ascii_case("Bearer")
        && constant_time_eq(token.trim().as_bytes(), expected.as_bytes())
}

/// Compares without an early exit, so the time taken does not reveal how much of the token was right.
fn constant_time_eq(given: &[u8], expected: &[u8]) -> bool {
    let mut diff = u8::from(given.len() != expected.len());
    for (i, e) in expected.iter().enumerate() {
        diff |= given.get(i).copied().unwrap_or(0) ^ e;
    }
    std::hint::black_box(diff) == 0
}

/// `Prefer: odata.maxpagesize=N` (or `X-Prefer`, as one captured client sends it).
fn page_size(req: &Request<Bytes>) -> usize {
    wire::page_size(
        req.headers()
            .get_all("prefer")
            .iter()
            .chain(req.headers().get_all("x-prefer").iter())
            .filter_map(|v| v.to_str().ok()),
    )
}

/// The clock is read here, in the server, because `admin` and `script` never read it.
fn clock_now() -> Timestamp {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Timestamp::from_millis(i64::try_from(since.as_millis()).unwrap_or(i64::MAX))
}

fn request_id() -> String {
    let n = REQUEST_COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("00000000-0000-4000-8000-{n:012x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_in_full() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secreT", b"secret"));
        assert!(!constant_time_eq(b"secret-and-more", b"secret"));
        assert!(!constant_time_eq(b"", b"secret"));
    }

    #[test]
    fn only_invoke_command_paths_are_served() {
        assert_eq!(
            parse_path("/adminapi/beta/contoso.com/InvokeCommand"),
            Some(("beta", "contoso.com"))
        );
        assert!(parse_path("/adminapi/v1.0/x/invokecommand").is_some());
        assert!(parse_path("/adminapi/beta/contoso.com/Other").is_none());
        assert!(parse_path("/adminapi/v2/contoso.com/InvokeCommand").is_none());
        assert!(parse_path("/adminapi/beta//InvokeCommand").is_none());
    }
}
