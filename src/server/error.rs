//! `HttpError`: the one place where a failure becomes an HTTP response (status, headers, a short plain-text
//! reason that quotes at most a bounded prefix of the client's input). Nothing is logged here; callers log.

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Response, StatusCode, header};

use crate::script::messages::quoted;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    /// 400: the request is malformed (bad query string, missing parameter). Texts that name a client's input quote
    /// at most `script::messages::QUOTE_LIMIT` characters of it, here as in every error.
    #[error("{0}")]
    BadRequest(String),
    /// 401 with a Basic challenge.
    #[error("authentication required")]
    Unauthorized,
    /// 401 with a Bearer challenge (admin endpoint).
    #[error("a valid bearer token is required")]
    BearerRequired,
    /// 403: authenticated but not allowed.
    #[error("{0}")]
    Forbidden(String),
    /// 404.
    #[error("no such resource: {}", quoted(.0))]
    NotFound(String),
    /// 405 with the allowed methods.
    #[error("method not allowed; use {allow}")]
    MethodNotAllowed { allow: &'static str },
    /// 408: the body did not arrive in time.
    #[error("the request body did not arrive within {seconds} s")]
    RequestTimeout { seconds: u64 },
    /// 413.
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    /// 415.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 500: a bug, not the client's fault.
    #[error("internal server error")]
    Internal,
    /// 500: the change was made but could not be written to the state directory's journal (disk full, I/O
    /// error), so it may not survive a restart.
    #[error("the change was made but could not be saved to the state directory: {0}")]
    NotSaved(String),
    /// An error whose JSON body is already in its endpoint's documented shape (the admin API's `{"error": …}`).
    #[error("{body}")]
    Json { status: StatusCode, body: String },
    /// 429 with `Retry-After` (seconds): the admin call is over its throttling budget and was not run; the body
    /// is in the admin API's `{"error": …}` shape.
    #[error("{body}")]
    TooManyRequests { retry_after_secs: u64, body: String },
}

impl HttpError {
    pub fn status(&self) -> StatusCode {
        match self {
            HttpError::BadRequest(_) => StatusCode::BAD_REQUEST,
            HttpError::Unauthorized | HttpError::BearerRequired => StatusCode::UNAUTHORIZED,
            HttpError::Forbidden(_) => StatusCode::FORBIDDEN,
            HttpError::NotFound(_) => StatusCode::NOT_FOUND,
            HttpError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            HttpError::RequestTimeout { .. } => StatusCode::REQUEST_TIMEOUT,
            HttpError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            HttpError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            HttpError::Internal | HttpError::NotSaved(_) => StatusCode::INTERNAL_SERVER_ERROR,
            HttpError::Json { status, .. } => *status,
            HttpError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
        }
    }

    pub fn into_response(self) -> Response<Full<Bytes>> {
        if let HttpError::Json { status, body } = self {
            return Response::builder()
                .status(status)
                .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
                .body(Full::new(Bytes::from(body)))
                .expect("a status and a static header always build a response");
        }
        if let HttpError::TooManyRequests {
            retry_after_secs,
            body,
        } = self
        {
            return Response::builder()
                .status(StatusCode::TOO_MANY_REQUESTS)
                .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
                .header(header::RETRY_AFTER, retry_after_secs.to_string())
                .body(Full::new(Bytes::from(body)))
                .expect("a status and digits always build a response");
        }
        let mut builder = Response::builder()
            .status(self.status())
            .header(header::CONTENT_TYPE, "text/plain; charset=utf-8");
        match &self {
            HttpError::Unauthorized => {
                builder = builder.header(header::WWW_AUTHENTICATE, "Basic realm=\"easim\"");
            }
            HttpError::BearerRequired => {
                builder = builder.header(header::WWW_AUTHENTICATE, "Bearer");
            }
            HttpError::MethodNotAllowed { allow } => {
                builder = builder.header(header::ALLOW, *allow);
            }
            HttpError::RequestTimeout { .. } => {
                builder = builder.header(header::CONNECTION, "close");
            }
            _ => {}
        }
        builder
            .body(Full::new(Bytes::from(format!("{self}\n"))))
            .expect("static status and headers always build a response")
    }
}
