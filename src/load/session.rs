//! The crate's own EAS client, I/O half: one keep-alive HTTP/1.1 connection to a loopback EAS endpoint and
//! the multi-step flows a device runs (two-phase Provision, FolderSync, Sync until nothing is left).
//!
//! Loopback only: `connect` refuses any other address. The connection task is owned and aborted on drop.

use std::io;
use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio::task::JoinHandle;

use crate::eas::Command;
use crate::wbxml::Element;

use super::client::{self, Device, FolderInfo, Reply, SyncItem, WireRequest};

/// Why a client flow failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error(transparent)]
    Io(#[from] io::Error),
    /// The endpoint did not accept the connection (nothing listens there, or it is full).
    #[error("cannot connect to {addr}: {error}")]
    Connect { addr: SocketAddr, error: io::Error },
    #[error("HTTP: {0}")]
    Http(#[from] hyper::Error),
    #[error("only loopback addresses may be targeted, not {0}")]
    NotLoopback(SocketAddr),
    #[error("{command} failed: HTTP {http}, status {status:?}: {detail}")]
    Status {
        command: &'static str,
        http: u16,
        status: Option<u16>,
        detail: String,
    },
}

/// An open connection.
pub struct Connection {
    sender: http1::SendRequest<Full<Bytes>>,
    task: JoinHandle<()>,
    host: String,
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Connection {
    pub async fn open(addr: SocketAddr) -> Result<Connection, ClientError> {
        if !addr.ip().is_loopback() {
            return Err(ClientError::NotLoopback(addr));
        }
        let stream = TcpStream::connect(addr)
            .await
            .map_err(|error| ClientError::Connect { addr, error })?;
        stream.set_nodelay(true)?;
        let (sender, conn) = http1::handshake(TokioIo::new(stream)).await?;
        let task = tokio::spawn(async move {
            let _ = conn.await;
        });
        Ok(Connection {
            sender,
            task,
            host: addr.to_string(),
        })
    }

    /// Sends one request and reads the whole answer.
    pub async fn send(&mut self, req: &WireRequest) -> Result<Reply, ClientError> {
        let mut builder = hyper::Request::builder()
            .method(req.method)
            .uri(&req.target)
            .header("Host", &self.host);
        for (name, value) in &req.headers {
            builder = builder.header(*name, value);
        }
        let request = builder
            .body(Full::new(Bytes::from(req.body.clone())))
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        self.sender.ready().await?;
        let response = self.sender.send_request(request).await?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response.into_body().collect().await?.to_bytes().to_vec();
        Ok(Reply {
            status,
            headers,
            body,
        })
    }
}

/// A device talking to the endpoint over one connection.
pub struct Session {
    pub device: Device,
    conn: Connection,
    /// When set (`recording`), each command sent and how long its answer took, in microseconds.
    timings: Option<Vec<(Command, u64)>>,
}

impl Session {
    pub async fn connect(addr: SocketAddr, device: Device) -> Result<Session, ClientError> {
        Ok(Session {
            device,
            conn: Connection::open(addr).await?,
            timings: None,
        })
    }

    /// From now on, remembers each command's latency (for a load run's set-up histograms).
    pub fn recording(mut self) -> Session {
        self.timings = Some(Vec::new());
        self
    }

    /// The latencies remembered since `recording`, emptied.
    pub fn take_timings(&mut self) -> Vec<(Command, u64)> {
        self.timings
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// The connection, for sending prepared requests in a loop.
    pub fn into_connection(self) -> Connection {
        self.conn
    }

    /// Sends a command with a WBXML body.
    pub async fn send(
        &mut self,
        command: Command,
        body: Option<&Element>,
    ) -> Result<Reply, ClientError> {
        let req = client::request(&self.device, command, body);
        let started = std::time::Instant::now();
        let reply = self.conn.send(&req).await;
        if let Some(t) = &mut self.timings {
            t.push((command, started.elapsed().as_micros() as u64));
        }
        reply
    }

    /// Sends a prepared request.
    pub async fn send_wire(&mut self, req: &WireRequest) -> Result<Reply, ClientError> {
        self.conn.send(req).await
    }

    pub async fn options(&mut self) -> Result<Reply, ClientError> {
        let req = client::options(&self.device);
        self.conn.send(&req).await
    }

    fn fail(command: &'static str, reply: &Reply) -> ClientError {
        ClientError::Status {
            command,
            http: reply.status,
            status: reply.status(),
            detail: reply.xml(),
        }
    }

    /// The two-phase Provision; stores and returns the final key.
    pub async fn provision(&mut self) -> Result<u32, ClientError> {
        let first = self
            .send(
                Command::Provision,
                Some(&client::provision_request(&self.device)),
            )
            .await?;
        let p1 = first
            .doc()
            .map(|d| client::provision_result(&d))
            .unwrap_or_default();
        let Some(temp) = p1.policy_key.filter(|_| p1.status == Some(1)) else {
            return Err(Self::fail("Provision", &first));
        };
        let saved = self.device.policy_key.replace(temp);
        let second = self
            .send(Command::Provision, Some(&client::provision_ack(temp)))
            .await;
        self.device.policy_key = saved;
        let second = second?;
        let p2 = second
            .doc()
            .map(|d| client::provision_result(&d))
            .unwrap_or_default();
        match p2.policy_key {
            Some(key) if p2.policy_status == Some(1) => {
                self.device.policy_key = Some(key);
                Ok(key)
            }
            _ => Err(Self::fail("Provision", &second)),
        }
    }

    /// FolderSync from key 0; returns the folders.
    pub async fn folder_sync(&mut self) -> Result<Vec<FolderInfo>, ClientError> {
        let reply = self
            .send(Command::FolderSync, Some(&client::folder_sync("0")))
            .await?;
        match reply.doc().map(|d| client::folder_sync_result(&d)) {
            Some((Some(1), _, folders)) => Ok(folders),
            _ => Err(Self::fail("FolderSync", &reply)),
        }
    }

    /// Syncs a collection from key 0 until nothing more is available; returns the items and the last key.
    pub async fn sync_all(
        &mut self,
        collection: &str,
        window: usize,
    ) -> Result<(Vec<SyncItem>, String), ClientError> {
        let reply = self
            .send(Command::Sync, Some(&client::sync(collection, "0", window)))
            .await?;
        let first = client::sync_result(&reply);
        let Some(mut key) = first.key.filter(|_| first.status == Some(1)) else {
            return Err(Self::fail("Sync", &reply));
        };
        let mut items = Vec::new();
        // Bounded: a collection can only hold so many items.
        for _ in 0..10_000 {
            let reply = self
                .send(Command::Sync, Some(&client::sync(collection, &key, window)))
                .await?;
            let r = client::sync_result(&reply);
            if r.empty {
                break;
            }
            if r.status != Some(1) {
                return Err(Self::fail("Sync", &reply));
            }
            items.extend(r.adds);
            if let Some(k) = r.key {
                key = k;
            }
            if !r.more_available {
                break;
            }
        }
        Ok((items, key))
    }
}
