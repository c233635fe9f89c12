//! The only network server: HTTP/1.1 on tokio + hyper for the EAS endpoint (`/Microsoft-Server-ActiveSync`)
//! and the admin endpoint (`/adminapi/…`), each on its own listener, sharing one tenant.
//!
//! Handlers lock the shared state, call pure functions in `eas` / `script`, unlock, then do I/O; no lock is held
//! across `.await`. Every connection task is owned by a `JoinSet`; shutdown is graceful.

mod admin_endpoint;
mod eas_endpoint;
mod error;
mod routes;
mod state;

use std::future::Future;
use std::io;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

pub use error::HttpError;
pub use routes::{EAS_PATH, Endpoint, route};
pub use state::{AppState, ServerConfig, World};

/// The bound listeners `run` serves. Tests bind `127.0.0.1:0`.
pub struct Listeners {
    pub eas: TcpListener,
    pub admin: Option<TcpListener>,
}

/// Serves until `shutdown` completes, then stops accepting, lets in-flight requests finish and returns.
pub async fn run(
    listeners: Listeners,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()>,
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
    shutdown.await;
    state.begin_shutdown();
    let _ = stop_tx.send(true);
    let mut result = Ok(());
    while let Some(joined) = acceptors.join_next().await {
        match joined {
            Ok(Err(e)) if result.is_ok() => result = Err(e),
            Err(e) if result.is_ok() => result = Err(io::Error::other(e)),
            _ => {}
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
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => {
                let (stream, _) = match accepted {
                    Ok(pair) => pair,
                    // Running out of file descriptors or a reset during accept must not stop the server.
                    Err(e) => {
                        tracing::warn!(error = %e, "accept failed");
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let state = state.clone();
                let stop = stop.clone();
                connections.spawn(serve_connection(stream, endpoint, state, stop));
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    while connections.join_next().await.is_some() {}
    Ok(())
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    endpoint: Endpoint,
    state: Arc<AppState>,
    mut stop: watch::Receiver<bool>,
) {
    let service = service_fn(move |req: Request<Incoming>| {
        let state = state.clone();
        async move { Ok::<_, std::convert::Infallible>(handle(&state, endpoint, req).await) }
    });
    let conn = hyper::server::conn::http1::Builder::new()
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
            let _ = conn.await;
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
    let body = match Limited::new(body, limit).collect().await {
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
