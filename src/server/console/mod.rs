//! The trainer's console on the admin listener: `/console` (the fleet: counts, filters, the device table),
//! `/console/device?id=<Guid>` (why a device has its state: the access trace, its properties, its sync state),
//! `/console/login` and `/console/logout`, `/console/events` (the live feed: `events.rs` over `server/feed.rs`), and
//! the scenario controls `/console/snapshot`, `/console/reset`, `/console/exercise[/clear]` (`server/scenario.rs`).
//!
//! Auth: the admin token, posted once to the sign-in form, opens a session (`server/session.rs`) held in an HttpOnly,
//! SameSite=Strict cookie; every POST carries a CSRF token (the session's, or for sign-in a pre-session one kept
//! in its own cookie) and is refused with 403 without it. Pages are rendered under the world lock by the pure
//! `page.rs` over the pure queries of `query.rs`; this file is HTTP only. The one change it makes to the tenant is
//! a reset, which runs Import-Tenant through the admin endpoint's own path.

mod chart;
mod events;
mod form;
mod page;
mod query;

use std::time::Instant;

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Method, Request, Response, StatusCode, header};
use maud::Markup;

use crate::access::{self, RequestFacts};

use self::form::Form;
use self::query::DeviceFilter;
use super::durability::Journaled;
use super::scenario;
use super::scenario_run::{self, Reset};
use super::session::{self, Session};
use super::state::clock_now;
use super::{AppState, HttpError};

pub(crate) use events::{EVENTS_PATH, events};

/// The pre-session cookie that carries the sign-in form's CSRF token.
const LOGIN_COOKIE: &str = "easim_console_login";

/// Whether a path belongs to the console.
pub(crate) fn owns(path: &str) -> bool {
    path == "/console" || path.starts_with("/console/")
}

/// Answers one console request (everything but the event stream, which `events` serves).
pub(crate) async fn handle(state: &AppState, req: Request<Bytes>) -> Response<Full<Bytes>> {
    let mut journaled = Journaled::default();
    let answer = respond(state, &req, &mut journaled);
    // A reset is journaled under the lock, as the admin endpoint journals it; on disk before the answer goes out.
    if let Err(e) = state.commit(journaled).await {
        return e.into_response();
    }
    match answer {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

fn respond(
    state: &AppState,
    req: &Request<Bytes>,
    journaled: &mut Journaled,
) -> Result<Response<Full<Bytes>>, HttpError> {
    let path = req.uri().path();
    let method = req.method();
    let now = Instant::now();
    match path {
        "/console/login" if method == Method::GET => sign_in_form(None, StatusCode::OK),
        "/console/login" if method == Method::POST => sign_in(state, req, now),
        "/console/login" => Err(HttpError::MethodNotAllowed { allow: "GET, POST" }),
        "/console/logout" if method == Method::POST => {
            let (id, session) = signed_in(state, req, now).ok_or_else(forbidden)?;
            check_csrf(&Form::parse(body_text(req)?).map_err(bad)?, &session.csrf)?;
            state.console_sessions.close(&id);
            Ok(redirect("/console/login", Some(session::clear_cookie())))
        }
        "/console/logout" => Err(HttpError::MethodNotAllowed { allow: "POST" }),
        "/console/snapshot"
        | "/console/reset"
        | "/console/exercise"
        | "/console/exercise/clear" => {
            if method != Method::POST {
                return Err(HttpError::MethodNotAllowed { allow: "POST" });
            }
            let (_, session) = signed_in(state, req, now).ok_or_else(forbidden)?;
            let form = Form::parse(body_text(req)?).map_err(bad)?;
            check_csrf(&form, &session.csrf)?;
            scenario_action(state, path, &form, &session, journaled)
        }
        "/console" | "/console/device" => {
            if method != Method::GET {
                return Err(HttpError::MethodNotAllowed { allow: "GET" });
            }
            let Some((_, session)) = signed_in(state, req, now) else {
                return Ok(redirect("/console/login", None));
            };
            let form = Form::parse(req.uri().query().unwrap_or("")).map_err(bad)?;
            let markup = if path == "/console" {
                fleet_page(state, &form, &session)?
            } else {
                device_page(state, &form, &session)?
            };
            Ok(html(StatusCode::OK, markup, None))
        }
        _ => Err(HttpError::NotFound(path.to_string())),
    }
}

/// The scenario controls' POSTs (signed in, CSRF checked): take a snapshot, reset to one (asking first when it
/// discards changes), load or clear an exercise.
fn scenario_action(
    state: &AppState,
    path: &str,
    form: &Form,
    session: &Session,
    journaled: &mut Journaled,
) -> Result<Response<Full<Bytes>>, HttpError> {
    match path {
        "/console/snapshot" => {
            scenario_run::take_snapshot(state);
            Ok(redirect("/console#scenario", None))
        }
        "/console/reset" => {
            let id = form
                .get("snapshot")
                .and_then(|v| v.parse::<u32>().ok())
                .ok_or_else(|| HttpError::BadRequest("name the snapshot to reset to".into()))?;
            let snapshot = state.scenario.snapshot(id).ok_or_else(|| {
                HttpError::NotFound(format!(
                    "snapshot {id} (the last {} are kept)",
                    scenario::MAX_SNAPSHOTS
                ))
            })?;
            let confirmed = form.get("confirm") == Some("yes");
            match scenario_run::reset(state, &snapshot, confirmed, journaled) {
                Reset::Done => Ok(redirect("/console#scenario", None)),
                Reset::NeedsConfirmation { discarded } => Ok(html(
                    StatusCode::OK,
                    page::confirm_reset(&snapshot, discarded, &session.csrf),
                    None,
                )),
                Reset::Refused(why) => Ok(html(
                    StatusCode::CONFLICT,
                    page::message("Reset refused", &why, &session.csrf),
                    None,
                )),
            }
        }
        "/console/exercise" => {
            let name = form.get("name").unwrap_or("");
            let source = form.get("source").unwrap_or("");
            match state.scenario.load_exercise(name, source) {
                Ok(()) => Ok(redirect("/console#exercise", None)),
                Err(why) => Ok(html(
                    StatusCode::BAD_REQUEST,
                    page::message("The exercise was not loaded", &why, &session.csrf),
                    None,
                )),
            }
        }
        _ => {
            state.scenario.clear_exercise();
            Ok(redirect("/console#exercise", None))
        }
    }
}

/// The session the request's cookie names, if live.
fn signed_in(state: &AppState, req: &Request<Bytes>, now: Instant) -> Option<(String, Session)> {
    let id = cookie(req, session::COOKIE)?;
    let session = state.console_sessions.get(id, now)?;
    Some((id.to_string(), session))
}

/// Whether the request carries a live session (the event stream checks this).
pub(crate) fn is_signed_in<B>(state: &AppState, req: &Request<B>) -> bool {
    req.headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| session::cookie(v, session::COOKIE))
        .is_some_and(|id| state.console_sessions.get(id, Instant::now()).is_some())
}

fn cookie<'r>(req: &'r Request<Bytes>, name: &str) -> Option<&'r str> {
    req.headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| session::cookie(v, name))
}

fn sign_in_form(
    error: Option<&str>,
    status: StatusCode,
) -> Result<Response<Full<Bytes>>, HttpError> {
    let token = session::random_token().map_err(|_| HttpError::Internal)?;
    let cookie = format!(
        "{LOGIN_COOKIE}={token}; Path=/console/login; HttpOnly; SameSite=Strict; Max-Age=900"
    );
    Ok(html(status, page::sign_in(&token, error), Some(cookie)))
}

fn sign_in(
    state: &AppState,
    req: &Request<Bytes>,
    now: Instant,
) -> Result<Response<Full<Bytes>>, HttpError> {
    let form = Form::parse(body_text(req)?).map_err(bad)?;
    let expected = cookie(req, LOGIN_COOKIE).ok_or_else(forbidden)?;
    check_csrf(&form, expected)?;
    let given = form.get("token").unwrap_or("");
    let token = &state.config.admin_token;
    if token.is_empty() || !session::constant_time_eq(given.as_bytes(), token.as_bytes()) {
        return sign_in_form(
            Some("that is not the admin token"),
            StatusCode::UNAUTHORIZED,
        );
    }
    let (id, _) = state
        .console_sessions
        .open(now)
        .map_err(|_| HttpError::Internal)?;
    Ok(redirect("/console", Some(session::set_cookie(&id))))
}

fn check_csrf(form: &Form, expected: &str) -> Result<(), HttpError> {
    match form.get("csrf") {
        Some(given) if session::constant_time_eq(given.as_bytes(), expected.as_bytes()) => Ok(()),
        _ => Err(forbidden()),
    }
}

fn forbidden() -> HttpError {
    HttpError::Forbidden(
        "the form's CSRF token is missing or wrong: reload the page and try again".into(),
    )
}

fn bad(e: form::BadEncoding) -> HttpError {
    HttpError::BadRequest(e.to_string())
}

fn body_text(req: &Request<Bytes>) -> Result<&str, HttpError> {
    std::str::from_utf8(req.body())
        .map_err(|_| HttpError::BadRequest("the form is not UTF-8".into()))
}

fn fleet_page(state: &AppState, form: &Form, session: &Session) -> Result<Markup, HttpError> {
    let filter = DeviceFilter::from_form(form).map_err(HttpError::BadRequest)?;
    let world = state.lock();
    let counts = query::fleet_counts(&world.tenant);
    let page = query::device_page(&world.tenant, &filter);
    let scenario = page::ScenarioView {
        changes: world.tenant.changes(),
        snapshots: state.scenario.snapshots(),
        exercise: state.scenario.exercise(),
    };
    Ok(page::fleet(
        &world.tenant,
        &counts,
        &filter,
        &page,
        &scenario,
        &session.csrf,
    ))
}

fn device_page(state: &AppState, form: &Form, session: &Session) -> Result<Markup, HttpError> {
    let id = form.get("id").ok_or_else(|| {
        HttpError::BadRequest("name the device: /console/device?id=<Guid>".into())
    })?;
    let now = clock_now();
    let world = state.lock();
    let tenant = &world.tenant;
    let device = tenant
        .device_by_identity(id)
        .and_then(|k| tenant.device(k))
        .ok_or_else(|| HttpError::NotFound(id.to_string()))?;
    let (_, trace) = access::explain(tenant, device, &RequestFacts::offline(now));
    let sync = world
        .mail
        .get(device.mailbox)
        .and_then(|m| m.device_state(&device.device_id));
    let logging = tenant.mailbox(device.mailbox).cas.debug_logging_at(now);
    Ok(page::device(
        tenant,
        device,
        &trace,
        sync,
        logging,
        &session.csrf,
    ))
}

fn html(status: StatusCode, markup: Markup, cookie: Option<String>) -> Response<Full<Bytes>> {
    let mut b = secure_headers(Response::builder().status(status))
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8");
    if let Some(c) = cookie {
        b = b.header(header::SET_COOKIE, c);
    }
    b.body(Full::new(Bytes::from(markup.into_string())))
        .expect("a status and valid headers always build a response")
}

fn redirect(to: &'static str, cookie: Option<String>) -> Response<Full<Bytes>> {
    let mut b = secure_headers(Response::builder().status(StatusCode::SEE_OTHER))
        .header(header::LOCATION, to);
    if let Some(c) = cookie {
        b = b.header(header::SET_COOKIE, c);
    }
    b.body(Full::new(Bytes::new()))
        .expect("a status and valid headers always build a response")
}

/// No caching of pages that show the tenant, no framing, and nothing loaded from anywhere else.
pub(crate) fn secure_headers(b: hyper::http::response::Builder) -> hyper::http::response::Builder {
    b.header(header::CACHE_CONTROL, "no-store")
        .header("x-content-type-options", "nosniff")
        .header("referrer-policy", "no-referrer")
        .header("x-frame-options", "DENY")
        .header(
            "content-security-policy",
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; \
             connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        )
}
