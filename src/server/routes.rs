//! Routing: which handler answers which path on which listener. No protocol logic here.

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Request, Response};

use super::{AppState, HttpError, admin_endpoint, console, eas_endpoint};

/// Which listener a request arrived on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    Eas,
    Admin,
}

/// The path of the EAS endpoint (matched case-insensitively, as IIS does).
pub const EAS_PATH: &str = "/Microsoft-Server-ActiveSync";

/// Answers one request whose body has been read. Tests call this directly, without a socket.
pub async fn route(
    state: &AppState,
    endpoint: Endpoint,
    req: Request<Bytes>,
) -> Response<Full<Bytes>> {
    let path = req.uri().path();
    match endpoint {
        Endpoint::Eas if path.eq_ignore_ascii_case(EAS_PATH) => {
            eas_endpoint::handle(state, req).await
        }
        Endpoint::Admin if path.starts_with("/adminapi/") => {
            admin_endpoint::handle(state, req).await
        }
        Endpoint::Admin if console::owns(path) => console::handle(state, req).await,
        _ => HttpError::NotFound(path.to_string()).into_response(),
    }
}
