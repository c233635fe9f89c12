//! One simulated request, end to end, the way `server::eas_endpoint` serves it: the request line and headers as
//! the device wrote them are parsed by `eas::request::parse`, the Basic credentials read from `Authorization`,
//! and `eas::handle` runs against the world's tenant, mail store, RNG and settings — the same dispatcher, the same
//! partnership path, so the device's state changes as a real request would change it. Only the socket is missing.
//!
//! Where the server would wait, the simulated clock does not move: a Ping or a Sync that has to wait answers at
//! once as its heartbeat expiring with nothing new (Ping Status 1, the empty Sync), since no other request can
//! change the mailbox meanwhile; the error tarpit is not applied. Pure: `now` is given.

use crate::access::Decision;
use crate::eas::response::{global_error, version_headers};
use crate::eas::{self, Context, Credentials, EasResponse, Headers, ProtocolVersion, RequestError};
use crate::load::client::{Reply, WireRequest};
use crate::model::Timestamp;

use super::world::EasServer;

/// What one request got back.
#[derive(Debug)]
pub(crate) struct Exchanged {
    /// The answer as the device reads it off the wire.
    pub(crate) reply: Reply,
    /// The access decision the dispatcher made for it (none when the request was refused before deciding:
    /// bad credentials, a malformed request line).
    pub(crate) access: Option<Decision>,
}

/// Sends `wire` to the simulated server at `now`.
pub(crate) fn send(server: &mut EasServer, now: Timestamp, wire: &WireRequest) -> Exchanged {
    let header = |name: &str| {
        wire.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let credentials = header("authorization").and_then(Credentials::from_header);
    let headers = Headers {
        protocol_version: header("ms-asprotocolversion"),
        policy_key: header("x-ms-policykey"),
        user_agent: header("user-agent"),
        xms_wl: header("x-ms-wl"),
        accept_multipart: header("ms-asacceptmultipart"),
        content_type: header("content-type"),
    };
    let query = wire.target.split_once('?').map(|(_, q)| q);
    let accepted = &server.config.accepted_versions;
    let (response, access) = match eas::request::parse(query, &headers, accepted) {
        Err(e) => (refused(&e, &headers, accepted), None),
        Ok(request) => {
            let mut cx = Context {
                tenant: &mut server.tenant,
                store: &mut server.mail,
                rng: &mut server.rng,
                config: &server.config,
                now,
            };
            let outcome = eas::handle(&mut cx, &request, credentials.as_ref(), &wire.body);
            // Nobody waits on a simulated mailbox: the change notices are dropped as the server drops them
            // once it has woken its Pings.
            let _ = server.mail.take_touched();
            let response = match &outcome.wait {
                Some(wait) => eas::long_poll_expired(wait),
                None => outcome.response,
            };
            (response, outcome.access)
        }
    };
    Exchanged {
        reply: Reply {
            status: response.http_status,
            headers: response
                .headers
                .iter()
                .map(|(k, v)| ((*k).to_string(), v.clone()))
                .collect(),
            body: response.body,
        },
        access,
    }
}

/// The answer to a request line the parser refused, as `server::eas_endpoint` gives it: a global status when the
/// command was recognised and the error has one, else the HTTP status with the reason as text.
fn refused(e: &RequestError, headers: &Headers<'_>, accepted: &[ProtocolVersion]) -> EasResponse {
    match (e.command(), e.status()) {
        (Some(command), Some(status)) => {
            let version = headers
                .protocol_version
                .and_then(ProtocolVersion::parse)
                .unwrap_or(ProtocolVersion::V12_1);
            global_error(command, version, status, e.http_status())
        }
        _ => {
            let mut r = EasResponse::text(e.http_status(), e.to_string());
            if matches!(e, RequestError::UnsupportedVersion(..)) {
                r.headers = version_headers(accepted);
            }
            r
        }
    }
}
