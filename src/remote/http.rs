//! The HTTP side of the remote host: one keep-alive HTTP/1.1 connection (hyper's client) to the admin endpoint,
//! driven by a small current-thread tokio runtime the host owns, so the synchronous shell can call it.
//!
//! Timeouts bound connecting and each whole exchange; answers are size-limited. A connection the server has closed
//! is replaced before the next request; a request that failed in flight is retried on a new connection only when
//! the caller says it is safe (read-only cmdlets). No knowledge of InvokeCommand here: `host` builds the requests.

use std::net::{SocketAddr, ToSocketAddrs};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::runtime::Runtime;
use tokio::task::JoinHandle;

use super::RemoteError;

/// The largest answer read (a tenant export of a large profile is tens of MB).
const MAX_ANSWER_BYTES: usize = 1 << 30;

/// Timeouts for the connection.
#[derive(Clone, Copy, Debug)]
pub struct Timeouts {
    pub connect: Duration,
    /// One request and its whole answer.
    pub exchange: Duration,
}

impl Default for Timeouts {
    fn default() -> Timeouts {
        Timeouts {
            connect: Duration::from_secs(5),
            exchange: Duration::from_secs(300),
        }
    }
}

/// An answer: status, `Retry-After` (in seconds; the HTTP-date form is not read) and body.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) retry_after: Option<u64>,
    pub(crate) body: Bytes,
}

/// The connection and the runtime that drives it.
pub(crate) struct Client {
    runtime: Runtime,
    /// `host:port`, also the Host header.
    authority: String,
    /// Shown in messages (`http://host:port`).
    url: String,
    timeouts: Timeouts,
    conn: Option<Conn>,
}

struct Conn {
    sender: http1::SendRequest<Full<Bytes>>,
    driver: JoinHandle<()>,
}

impl Drop for Conn {
    fn drop(&mut self) {
        self.driver.abort();
    }
}

/// How a failed exchange failed: before anything was sent (safe to retry) or not.
enum Failed {
    NotSent(RemoteError),
    InFlight(RemoteError),
}

impl Client {
    pub(crate) fn new(authority: &str, timeouts: Timeouts) -> Result<Client, RemoteError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| RemoteError::Runtime(e.to_string()))?;
        Ok(Client {
            runtime,
            authority: authority.to_string(),
            url: format!("http://{authority}"),
            timeouts,
            conn: None,
        })
    }

    /// POSTs `body` to `target` (path and query) with `headers`. `retry_safe`: the request may be sent twice.
    pub(crate) fn post(
        &mut self,
        target: &str,
        headers: &[(&str, &str)],
        body: &Bytes,
        retry_safe: bool,
    ) -> Result<Answer, RemoteError> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(RemoteError::Runtime(
                "the remote cmdlet host blocks, so it cannot be called from async code; call it from a plain thread"
                    .into(),
            ));
        }
        match self.try_post(target, headers, body) {
            Ok(answer) => Ok(answer),
            Err(Failed::NotSent(e)) => Err(e),
            Err(Failed::InFlight(e)) => {
                self.conn = None;
                if !retry_safe {
                    return Err(e);
                }
                self.try_post(target, headers, body).map_err(|f| match f {
                    Failed::NotSent(e) | Failed::InFlight(e) => e,
                })
            }
        }
    }

    fn try_post(
        &mut self,
        target: &str,
        headers: &[(&str, &str)],
        body: &Bytes,
    ) -> Result<Answer, Failed> {
        let mut builder = hyper::Request::builder()
            .method(hyper::Method::POST)
            .uri(target)
            .header(hyper::header::HOST, &self.authority);
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        let request = builder.body(Full::new(body.clone())).map_err(|e| {
            Failed::NotSent(RemoteError::Protocol(format!(
                "cannot build the request for {target}: {e}"
            )))
        })?;
        let timeouts = self.timeouts;
        let url = self.url.clone();
        let authority = self.authority.clone();
        let Client { runtime, conn, .. } = self;
        runtime.block_on(async move {
            if conn
                .as_ref()
                .is_none_or(|c| c.sender.is_closed() || c.driver.is_finished())
            {
                *conn = Some(open(&authority, &url, timeouts.connect).await?);
            }
            let Some(c) = conn.as_mut() else {
                return Err(Failed::NotSent(RemoteError::Protocol(
                    "no connection".into(),
                )));
            };
            let exchange = async {
                c.sender.ready().await.map_err(|e| {
                    Failed::NotSent(RemoteError::Http {
                        url: url.clone(),
                        detail: e.to_string(),
                    })
                })?;
                let response = c.sender.send_request(request).await.map_err(|e| {
                    Failed::InFlight(RemoteError::Http {
                        url: url.clone(),
                        detail: e.to_string(),
                    })
                })?;
                let status = response.status().as_u16();
                let retry_after = response
                    .headers()
                    .get(hyper::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok());
                let body = Limited::new(response.into_body(), MAX_ANSWER_BYTES)
                    .collect()
                    .await
                    .map_err(|e| {
                        Failed::InFlight(RemoteError::Http {
                            url: url.clone(),
                            detail: format!("reading the answer failed: {e}"),
                        })
                    })?
                    .to_bytes();
                Ok(Answer {
                    status,
                    retry_after,
                    body,
                })
            };
            match tokio::time::timeout(timeouts.exchange, exchange).await {
                Ok(result) => result,
                Err(_) => Err(Failed::InFlight(RemoteError::Timeout {
                    url: url.clone(),
                    secs: timeouts.exchange.as_secs(),
                })),
            }
        })
    }
}

async fn open(authority: &str, url: &str, timeout: Duration) -> Result<Conn, Failed> {
    let unreachable = |detail: String| {
        Failed::NotSent(RemoteError::Unreachable {
            url: url.to_string(),
            detail,
        })
    };
    let addrs: Vec<SocketAddr> = authority
        .to_socket_addrs()
        .map_err(|e| unreachable(format!("cannot resolve {authority}: {e}")))?
        .collect();
    let mut last = String::from("the name resolves to no address");
    for addr in addrs {
        let attempt = tokio::time::timeout(timeout, tokio::net::TcpStream::connect(addr)).await;
        let stream = match attempt {
            Ok(Ok(s)) => s,
            Ok(Err(e)) => {
                last = e.to_string();
                continue;
            }
            Err(_) => {
                last = format!("no answer within {} s", timeout.as_secs());
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let (sender, connection) = http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| unreachable(e.to_string()))?;
        let driver = tokio::spawn(async move {
            let _ = connection.await;
        });
        return Ok(Conn { sender, driver });
    }
    Err(unreachable(last))
}
