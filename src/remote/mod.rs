//! The remote cmdlet host: runs the shell's Exchange cmdlets on a running `easim serve` through its admin endpoint
//! (`POST /adminapi/beta/{tenant}/InvokeCommand`), as the Exchange Online module sends each cmdlet of a local
//! PowerShell session to Exchange Online's REST API. The PowerShell language runs locally; only bound cmdlet
//! invocations cross the wire (`easim shell --connect`, `easim run --connect`).
//!
//! - `endpoint`: `--connect` URLs and the same-server check for next links.
//! - `http`: one keep-alive HTTP/1.1 connection with timeouts, on a small runtime the host owns.
//! - `host`: `RemoteHost`, the `CmdletHost` (paging, confirmation prompts, clear connection errors).
//!
//! Every byte sent or read is `admin::wire`'s, the same definition the endpoint uses, so the two cannot drift.
//!
//! Imperative shell: this does I/O. It uses `admin`, `script` and `model`, never `server` (it speaks to the
//! server only over HTTP, like any outside client).

mod endpoint;
mod host;
mod http;

pub use endpoint::Endpoint;
pub use host::{RemoteConfig, RemoteHost, Sleeper};
pub use http::Timeouts;

/// Why the remote host could not get an answer (turned into a terminating `ErrorRecord` for the shell).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RemoteError {
    #[error("'{url}' is not an admin endpoint URL: {why}")]
    BadUrl { url: String, why: String },
    #[error(
        "cannot reach the admin endpoint at {url} ({detail}). Is `easim serve` running there? It prints its admin address at start."
    )]
    Unreachable { url: String, detail: String },
    #[error(
        "the admin token was refused by {url}: give the token `easim serve` printed (or its --admin-token / EASIM_ADMIN_TOKEN) with --token or EASIM_ADMIN_TOKEN"
    )]
    TokenRefused { url: String },
    #[error("the admin endpoint at {url} did not answer within {secs} s")]
    Timeout { url: String, secs: u64 },
    #[error("the connection to the admin endpoint at {url} failed: {detail}")]
    Http { url: String, detail: String },
    #[error("the admin endpoint answered HTTP {status}: {text}")]
    Status { status: u16, text: String },
    #[error("the admin endpoint's answer could not be read: {0}")]
    Protocol(String),
    #[error("the remote host cannot run: {0}")]
    Runtime(String),
}
