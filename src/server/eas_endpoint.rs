//! The EAS endpoint handler: `POST` and `OPTIONS /Microsoft-Server-ActiveSync`.
//!
//! Parse the request line and headers (pure, `eas::request`), check and decode the body within the request limits
//! (`eas::prepare`, also before the lock, so no body makes anyone wait), lock the world, let
//! `eas::handle_prepared` compute the response and the state changes, unlock, then wait where EAS waits — a Ping's
//! heartbeat (woken by mailbox changes), the configured error tarpit — and write the response. One INFO log line
//! per request.

use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{self, HeaderName, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};

use crate::eas::{self, Context, Credentials, EasResponse, Headers, LongPoll, Outcome};

use super::feed::FeedEvent;
use super::state::clock_now;
use super::{AppState, HttpError};

pub(crate) async fn handle(state: &AppState, req: Request<Bytes>) -> Response<Full<Bytes>> {
    let started = Instant::now();
    let method = req.method().clone();
    if method != Method::POST && method != Method::OPTIONS {
        return HttpError::MethodNotAllowed {
            allow: "OPTIONS, POST",
        }
        .into_response();
    }
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    let credentials = header("authorization").and_then(Credentials::from_header);
    let config = &state.config;

    if method == Method::OPTIONS {
        let outcome = {
            let mut world = state.lock();
            let w = &mut *world;
            let mut cx = Context {
                tenant: &mut w.tenant,
                store: &mut w.mail,
                rng: &mut w.rng,
                config: &config.eas,
                now: clock_now(),
            };
            eas::options(&mut cx, credentials.as_ref())
        };
        return finish(state, outcome, "OPTIONS", None, started).await;
    }

    let headers = Headers {
        protocol_version: header("ms-asprotocolversion"),
        policy_key: header("x-ms-policykey"),
        user_agent: header("user-agent"),
        xms_wl: header("x-ms-wl"),
        accept_multipart: header("ms-asacceptmultipart"),
        content_type: header("content-type"),
    };
    let parsed = eas::request::parse(req.uri().query(), &headers, &config.eas.accepted_versions);
    let request = match parsed {
        Ok(r) => r,
        Err(e) => {
            let response = match (e.command(), e.status()) {
                (Some(cmd), Some(status)) => {
                    let version = headers
                        .protocol_version
                        .and_then(eas::ProtocolVersion::parse)
                        .unwrap_or(eas::ProtocolVersion::V12_1);
                    eas::response::global_error(cmd, version, status, e.http_status())
                }
                _ => {
                    let mut r = EasResponse::text(e.http_status(), e.to_string());
                    if matches!(e, eas::RequestError::UnsupportedVersion(..)) {
                        r.headers = eas::response::version_headers(&config.eas.accepted_versions);
                    }
                    r
                }
            };
            let outcome = Outcome {
                response,
                user: None,
                decision: None,
                access: None,
                wait: None,
            };
            let cmd = e.command().map_or("-", |c| c.name());
            return finish(state, outcome, cmd, None, started).await;
        }
    };

    let body = eas::prepare(&request, req.body(), &config.eas);
    let (outcome, watcher, journaled) = {
        let mut world = state.lock();
        let watch = state.watch_request(&world, credentials.as_ref(), &request.device_id);
        let w = &mut *world;
        let before = state.feed.before(&w.tenant);
        let mut cx = Context {
            tenant: &mut w.tenant,
            store: &mut w.mail,
            rng: &mut w.rng,
            config: &config.eas,
            now: clock_now(),
        };
        let outcome = eas::handle_prepared(&mut cx, &request, credentials.as_ref(), &body);
        state.feed.after(before, &w.tenant, || {
            format!("{} from {}", request.command.name(), request.device_id)
        });
        w.notify_changes();
        let journaled = state.journal_device(w, watch);
        let watcher = outcome
            .wait
            .as_ref()
            .map(|wait| w.watch_mailbox(wait.mailbox));
        (outcome, watcher, journaled)
    };
    if let Err(e) = state.commit(journaled).await {
        return e.into_response();
    }
    let mut outcome = outcome;
    if let (Some(wait), Some(rx)) = (outcome.wait.take(), watcher) {
        outcome.response = wait_for_ping(state, &wait, rx).await;
    }
    finish(
        state,
        outcome,
        request.command.name(),
        Some(&request.device_id),
        started,
    )
    .await
}

/// Waits (without the lock) until a watched folder changes or the heartbeat expires.
async fn wait_for_ping(
    state: &AppState,
    wait: &LongPoll,
    mut changes: tokio::sync::watch::Receiver<u64>,
) -> EasResponse {
    let deadline = tokio::time::Instant::now() + state.config.ping_second * wait.heartbeat;
    let mut closing = state.closing();
    loop {
        let changed = tokio::select! {
            _ = tokio::time::sleep_until(deadline) => return eas::long_poll_expired(wait),
            _ = closing.wait_for(|c| *c) => return eas::long_poll_expired(wait),
            changed = changes.changed() => changed,
        };
        if changed.is_err() {
            return eas::long_poll_expired(wait);
        }
        let (answer, journaled) = {
            let mut world = state.lock();
            let watch = state.watch_device(&world, wait.mailbox, &wait.device_id);
            let w = &mut *world;
            let mut cx = Context {
                tenant: &mut w.tenant,
                store: &mut w.mail,
                rng: &mut w.rng,
                config: &state.config.eas,
                now: clock_now(),
            };
            let answer = eas::long_poll_recheck(&mut cx, wait);
            (answer, state.journal_device(w, watch))
        };
        if let Err(e) = state.commit(journaled).await {
            return EasResponse::text(500, e.to_string());
        }
        if let Some(r) = answer {
            return r;
        }
    }
}

/// Tarpits errors if configured, logs the request and builds the HTTP response.
async fn finish(
    state: &AppState,
    outcome: Outcome,
    command: &str,
    device: Option<&str>,
    started: Instant,
) -> Response<Full<Bytes>> {
    let r = outcome.response;
    let delay = state.config.tarpit;
    if r.tarpit && delay > Duration::ZERO {
        let mut closing = state.closing();
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = closing.wait_for(|c| *c) => {}
        }
    }
    tracing::debug!(
        user = outcome.user.as_deref().unwrap_or("-"),
        device = device.unwrap_or("-"),
        command,
        decision = outcome.decision.as_deref().unwrap_or("-"),
        http = r.http_status,
        eas_status = r
            .eas_status
            .map_or_else(|| "-".to_string(), |s| s.to_string()),
        elapsed_ms = started.elapsed().as_secs_f64() * 1000.0,
        "eas request"
    );
    if state.feed.admit_eas() {
        state.feed.publish(FeedEvent {
            kind: "eas",
            text: format!(
                "{} {} {command}: {} → HTTP {}{}",
                outcome.user.as_deref().unwrap_or("-"),
                device.unwrap_or("-"),
                outcome.decision.as_deref().unwrap_or("no decision"),
                r.http_status,
                r.eas_status
                    .map_or_else(String::new, |s| format!(", Status {s}")),
            ),
            transition: false,
        });
    }
    let mut response = Response::new(Full::new(Bytes::from(r.body)));
    *response.status_mut() =
        StatusCode::from_u16(r.http_status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    // Exchange names its version on every EAS response (OPTIONS already lists it among its own headers).
    if !r.headers.iter().any(|(k, _)| *k == "MS-Server-ActiveSync") {
        headers.insert(
            HeaderName::from_static("ms-server-activesync"),
            HeaderValue::from_static(eas::response::SERVER_VERSION),
        );
    }
    if let Some(ct) = r.content_type {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    for (name, value) in r.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            headers.append(name, value);
        }
    }
    response
}
