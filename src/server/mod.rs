//! The only network server: HTTP/1.1 on tokio + hyper for the EAS endpoint (`/Microsoft-Server-ActiveSync`)
//! and the admin endpoint (`/adminapi/…`, and the trainer's console at `/console`), each on its own listener, sharing one tenant.
//!
//! Handlers lock the shared state, call pure functions in `eas` / `admin`, unlock, then do I/O; no lock is held
//! across `.await`. Every connection task is owned by a `JoinSet`.
//!
//! Bounded: headers must arrive within `header_timeout` (which also closes keep-alive connections idle that long)
//! and a body within `body_timeout` (HTTP 408); at most `max_connections` connections per endpoint are served
//! (more wait in the backlog); when `accept` fails for want of descriptors or memory the loop backs off
//! (`accept.rs`) instead of spinning. Shutdown: the first signal stops accepting and lets in-flight requests finish
//! (a Ping answers at once), for at most `shutdown_grace`; a connection with no request being handled (idle, or
//! still sending a request's head) is closed at once; past the grace, or on `force`, the remaining connections
//! are dropped.

mod accept;
mod admin_endpoint;
mod console;
mod durability;
mod eas_endpoint;
mod error;
mod feed;
mod routes;
mod scenario;
mod scenario_run;
mod session;
mod state;

use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::task::JoinSet;

use accept::AcceptBackoff;

pub use error::HttpError;
pub use routes::{EAS_PATH, Endpoint, route};
pub use state::{AppState, ServerConfig, World};

/// The bound listeners `run` serves. Tests bind `127.0.0.1:0`.
pub struct Listeners {
    pub eas: TcpListener,
    pub admin: Option<TcpListener>,
}

/// Serves until `shutdown` completes, then stops accepting, lets in-flight requests finish (for at most the
/// configured grace) and returns.
pub async fn run(
    listeners: Listeners,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    run_until(listeners, state, shutdown, std::future::pending()).await
}

/// `run`, and once shutting down, `force` completing drops every connection at once (a second Ctrl-C).
pub async fn run_until(
    listeners: Listeners,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()>,
    force: impl Future<Output = ()>,
) -> io::Result<()> {
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut acceptors = JoinSet::new();
    acceptors.spawn(accept_loop(
        listeners.eas,
        Endpoint::Eas,
        state.clone(),
        stop_rx.clone(),
    ));
    if let Some(admin) = listeners.admin {
        acceptors.spawn(accept_loop(
            admin,
            Endpoint::Admin,
            state.clone(),
            stop_rx.clone(),
        ));
    }
    let flusher = tokio::spawn(durability::background(state.clone(), stop_rx.clone()));
    let exercises = tokio::spawn(scenario_run::watch(state.clone(), stop_rx.clone()));
    shutdown.await;
    state.begin_shutdown();
    let _ = stop_tx.send(true);
    let mut result = Ok(());
    let mut forced = false;
    let mut force = std::pin::pin!(force);
    loop {
        tokio::select! {
            joined = acceptors.join_next() => match joined {
                None => break,
                Some(Ok(Err(e))) if result.is_ok() => result = Err(e),
                Some(Err(e)) if result.is_ok() && !e.is_cancelled() => result = Err(io::Error::other(e)),
                Some(_) => {}
            },
            _ = force.as_mut() => {
                tracing::warn!("stopping at once: open connections are dropped");
                acceptors.abort_all();
                while acceptors.join_next().await.is_some() {}
                forced = true;
                break;
            }
        }
    }
    let _ = flusher.await;
    exercises.abort();
    if let Some(durable) = state.durable().cloned() {
        // Every request has finished: the journal holds all it changed. Stopping at once only flushes it (the
        // next start replays it); a graceful stop also writes the snapshot, so that start replays nothing.
        let s = state.clone();
        let done = tokio::task::spawn_blocking(move || {
            if forced {
                durable
                    .journal()
                    .flush()
                    .map(|()| None)
                    .map_err(|e| e.to_string())
            } else {
                s.snapshot_now().map_err(|e| e.to_string())
            }
        })
        .await
        .unwrap_or_else(|e| Err(e.to_string()));
        match done {
            Ok(Some(seq)) => tracing::info!(seq, "final snapshot written"),
            Ok(None) => {}
            Err(e) => {
                tracing::error!(error = %e, "the state directory could not be saved at shutdown");
                if result.is_ok() {
                    result = Err(io::Error::other(e));
                }
            }
        }
    }
    result
}

async fn accept_loop(
    listener: TcpListener,
    endpoint: Endpoint,
    state: Arc<AppState>,
    mut stop: watch::Receiver<bool>,
) -> io::Result<()> {
    let mut connections = JoinSet::new();
    let limit = Arc::new(Semaphore::new(state.config.max_connections.max(1)));
    let mut backoff = AcceptBackoff::default();
    let mut at_limit_logged = false;
    loop {
        while connections.try_join_next().is_some() {}
        if limit.available_permits() == 0 {
            if !at_limit_logged {
                tracing::warn!(
                    ?endpoint,
                    limit = state.config.max_connections,
                    "connection limit reached: new connections wait until one closes"
                );
                at_limit_logged = true;
            }
        } else {
            at_limit_logged = false;
        }
        let permit: OwnedSemaphorePermit = tokio::select! {
            _ = stop.changed() => break,
            permit = limit.clone().acquire_owned() => match permit {
                Ok(p) => p,
                Err(_) => break,
            },
        };
        let accepted = tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _)) => {
                backoff.accepted();
                stream
            }
            Err(e) => {
                drop(permit);
                let verdict = backoff.failed(&e, Instant::now());
                if let Some(failures) = verdict.warn {
                    tracing::warn!(error = %e, failures, "accept failed; serving open connections");
                }
                if !verdict.wait.is_zero() {
                    tokio::select! {
                        _ = stop.changed() => break,
                        _ = tokio::time::sleep(verdict.wait) => {}
                    }
                }
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let state = state.clone();
        let stop = stop.clone();
        connections.spawn(serve_connection(stream, endpoint, state, stop, permit));
    }
    // Shutting down: connections finish their request (or are closed when idle); past the grace, drop them.
    let grace = tokio::time::sleep(state.config.shutdown_grace);
    tokio::select! {
        _ = async { while connections.join_next().await.is_some() {} } => {}
        _ = grace => {
            tracing::warn!(
                ?endpoint,
                open = connections.len(),
                "shutdown grace over: dropping connections that have not finished"
            );
            connections.shutdown().await;
        }
    }
    Ok(())
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    endpoint: Endpoint,
    state: Arc<AppState>,
    mut stop: watch::Receiver<bool>,
    _permit: OwnedSemaphorePermit,
) {
    let header_timeout = state.config.header_timeout;
    // How many requests of this connection are being handled: at shutdown, a connection with none is idle or
    // still sending a request's head, and is closed at once rather than given the grace.
    let active = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = active.clone();
    let service = service_fn(move |req: Request<Incoming>| {
        let state = state.clone();
        let counted = counted.clone();
        async move {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            // The console's event stream is the one response that is not a whole body.
            let response =
                if endpoint == Endpoint::Admin && req.uri().path() == console::EVENTS_PATH {
                    console::events(state.clone(), &req)
                } else {
                    handle(&state, endpoint, req).await.map(BodyExt::boxed)
                };
            counted.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
            Ok::<_, std::convert::Infallible>(response)
        }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service);
    let mut conn = std::pin::pin!(conn);
    tokio::select! {
        result = conn.as_mut() => {
            if let Err(e) = result {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        }
        _ = stop.changed() => {
            conn.as_mut().graceful_shutdown();
            if active.load(std::sync::atomic::Ordering::SeqCst) > 0 {
                let _ = conn.await;
            } else {
                // Idle, half-sent, or writing the answer it just made: a moment to finish writing, no more.
                let _ = tokio::time::timeout(Duration::from_millis(200), conn).await;
            }
        }
    }
}

/// Reads the body (bounded by the configured limit) and routes the request.
async fn handle(
    state: &AppState,
    endpoint: Endpoint,
    req: Request<Incoming>,
) -> Response<Full<Bytes>> {
    let (parts, body) = req.into_parts();
    let limit = state.config.max_body_bytes;
    let timeout = state.config.body_timeout;
    let read = tokio::time::timeout(timeout, Limited::new(body, limit).collect()).await;
    let Ok(read) = read else {
        return HttpError::RequestTimeout {
            seconds: timeout.as_secs().max(1),
        }
        .into_response();
    };
    let body = match read {
        Ok(collected) => collected.to_bytes(),
        Err(e)
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some() =>
        {
            return HttpError::PayloadTooLarge { limit }.into_response();
        }
        Err(_) => {
            return HttpError::BadRequest("the request body could not be read".into())
                .into_response();
        }
    };
    route(state, endpoint, Request::from_parts(parts, body)).await
}
