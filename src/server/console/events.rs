//! `/console/events`: the live feed as Server-Sent Events, aggregated into at most ten `feed` messages a second,
//! each carrying at most `MAX_PER_MESSAGE` events and the count of those it left out; a comment line keeps idle
//! connections open. The stream ends when the browser leaves (the body is dropped) or the server shuts down.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::BodyExt;
use http_body_util::combinators::BoxBody;
use hyper::body::{Body, Frame};
use hyper::{Request, Response, StatusCode, header};
use tokio::sync::{broadcast, mpsc};

use super::super::feed::{FeedEvent, message};
use super::super::{AppState, HttpError};

/// The event stream's path.
pub(crate) const EVENTS_PATH: &str = "/console/events";

/// How often a browser gets a message at most.
const TICK: Duration = Duration::from_millis(100);

/// Events in one message; more in one tick are counted, not sent.
const MAX_PER_MESSAGE: usize = 50;

/// A comment line this often keeps idle connections (and proxies) open.
const KEEP_ALIVE_TICKS: u32 = 150;

/// `GET /console/events` for a signed-in browser: the stream; otherwise 403 (an EventSource cannot follow a
/// sign-in redirect).
pub(crate) fn events<B>(
    state: Arc<AppState>,
    req: &Request<B>,
) -> Response<BoxBody<Bytes, Infallible>> {
    if req.method() != hyper::Method::GET {
        return HttpError::MethodNotAllowed { allow: "GET" }
            .into_response()
            .map(BodyExt::boxed);
    }
    if !super::is_signed_in(&state, req) {
        return HttpError::Forbidden("sign in to the console first".into())
            .into_response()
            .map(BodyExt::boxed);
    }
    let rx = state.feed.subscribe();
    let (tx, body_rx) = mpsc::channel(8);
    let task = tokio::spawn(pump(state, rx, tx));
    let body = EventBody {
        rx: body_rx,
        task: task.abort_handle(),
    };
    super::secure_headers(Response::builder().status(StatusCode::OK))
        .header(header::CONTENT_TYPE, "text/event-stream")
        .body(body.boxed())
        .expect("a status and valid headers always build a response")
}

/// Batches broadcast events into at most one message per tick until the browser leaves or the server stops.
async fn pump(
    state: Arc<AppState>,
    mut rx: broadcast::Receiver<FeedEvent>,
    tx: mpsc::Sender<Bytes>,
) {
    if tx
        .send(Bytes::from_static(b"retry: 3000\n: connected\n\n"))
        .await
        .is_err()
    {
        return;
    }
    let mut closing = state.closing();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut idle = 0;
    let mut skipped = state.feed.skipped();
    loop {
        tokio::select! {
            _ = closing.wait_for(|c| *c) => return,
            _ = tick.tick() => {}
        }
        let mut batch = Vec::new();
        // The EAS events the publishers counted without building them, since the last tick.
        let now_skipped = state.feed.skipped();
        let mut dropped = now_skipped.saturating_sub(skipped);
        skipped = now_skipped;
        loop {
            match rx.try_recv() {
                Ok(e) if batch.len() < MAX_PER_MESSAGE => batch.push(e),
                Ok(_) => dropped += 1,
                Err(broadcast::error::TryRecvError::Lagged(n)) => dropped += n,
                Err(broadcast::error::TryRecvError::Empty) => break,
                Err(broadcast::error::TryRecvError::Closed) => return,
            }
        }
        let frame = if !batch.is_empty() || dropped > 0 {
            idle = 0;
            message(&batch, dropped)
        } else {
            idle += 1;
            if idle < KEEP_ALIVE_TICKS {
                continue;
            }
            idle = 0;
            Bytes::from_static(b": keep-alive\n\n")
        };
        if tx.send(frame).await.is_err() {
            return;
        }
    }
}

/// The response body: frames from the pump; dropping it (the browser left) stops the pump.
struct EventBody {
    rx: mpsc::Receiver<Bytes>,
    task: tokio::task::AbortHandle,
}

impl Body for EventBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.rx.poll_recv(cx).map(|b| b.map(|b| Ok(Frame::data(b))))
    }
}

impl Drop for EventBody {
    fn drop(&mut self) {
        self.task.abort();
    }
}
