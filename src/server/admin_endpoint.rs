//! The admin endpoint handler: `POST /adminapi/beta/{tenant}/InvokeCommand`, shaped like Exchange Online's.
//!
//! Placeholder until the admin endpoint lands: answers 501 so the server and its routing can be exercised.

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Request, Response, StatusCode};

use super::AppState;

pub(crate) async fn handle(_state: &AppState, _req: Request<Bytes>) -> Response<Full<Bytes>> {
    let mut resp = Response::new(Full::new(Bytes::from_static(
        b"the admin endpoint is not built yet\n",
    )));
    *resp.status_mut() = StatusCode::NOT_IMPLEMENTED;
    resp
}
