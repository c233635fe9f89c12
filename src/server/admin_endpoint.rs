//! The admin endpoint: `POST /adminapi/{beta|v1.0}/{tenant}/InvokeCommand`, shaped like Exchange Online's REST
//! management API (eas-facts §8). It authenticates the bearer token, turns the JSON body into a cmdlet call, runs
//! the cmdlet under the world lock, and writes the result as `{"@odata.context", "@adminapi.warnings", "value",
//! "@odata.nextLink"}` or an `{"error": …}` body. The cmdlets themselves are `script`'s.
//!
//! - Auth: `Authorization: Bearer <token>`, compared in constant time; otherwise 401 with `WWW-Authenticate:
//!   Bearer`. The `{tenant}` segment is not checked: the simulator serves one tenant and echoes the segment.
//! - Paging (read-only cmdlets only): `Prefer: odata.maxpagesize=N` (or `X-Prefer`; default 1000). When more
//!   objects exist, `@odata.nextLink` is this URL with an opaque `$skiptoken`; re-POST the same body to it. Each
//!   page re-runs the cmdlet on the current tenant and keeps its window (only the kept objects are built).
//!   Warnings and non-terminating errors come with the last page. Cmdlets that change state are never paged.
//! - `?$select=A,B` keeps only those properties of each object.
//! - -WhatIf text comes back in `@adminapi.information`. Prompts cannot be answered over HTTP: impact-raised
//!   confirmations are taken as Yes (as Exchange Online's REST endpoint runs without prompting); an explicit
//!   `"Confirm": true` fails with PowerShell's NonInteractive error.
//! - Errors: a terminating error, or non-terminating errors with no objects, become `{"error":{"code",
//!   "message","details":[{"code":"<ErrorCategory number>","target","message","errorId"}],"innererror":{…}}}`
//!   with 404 for ObjectNotFound and 400 otherwise; with objects they come as `@adminapi.errors`. The
//!   non-terminating case adds `"@adminapi.terminating":false`, every error in `details`, and the call's
//!   `@adminapi.warnings` and `@adminapi.information`, so a client can tell the two apart.
//! - Snapshots: `Export-Tenant` returns the fixture JSON as one string; `Import-Tenant -Json <text>` replaces the
//!   tenant in one call (see `script::cmdlets`).

mod json;

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Method, Request, Response, StatusCode, header};

use crate::admin::cmdlets;
use crate::admin::{CmdletContext, invoke};
use crate::model::Timestamp;
use crate::script::{ErrorCategory, ErrorRecord, NonInteractive, Output, Value, bind};

use super::{AppState, HttpError};

/// The page size when the client does not ask for one (Exchange Online's module asks for 1000).
const DEFAULT_PAGE_SIZE: usize = 1000;

static REQUEST_COUNTER: AtomicU64 = AtomicU64::new(1);

pub(crate) async fn handle(state: &AppState, req: Request<Bytes>) -> Response<Full<Bytes>> {
    match invoke_command(state, &req) {
        Ok(resp) => resp,
        Err(e) => e.into_response(),
    }
}

/// The `{version}` and `{tenant}` of an InvokeCommand path.
fn parse_path(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix("/adminapi/")?;
    let mut parts = rest.split('/');
    let (version, tenant, action) = (parts.next()?, parts.next()?, parts.next()?);
    let known_version =
        version.eq_ignore_ascii_case("beta") || version.eq_ignore_ascii_case("v1.0");
    (parts.next().is_none()
        && known_version
        && !tenant.is_empty()
        && action.eq_ignore_ascii_case("InvokeCommand"))
    .then_some((version, tenant))
}

fn invoke_command(
    state: &AppState,
    req: &Request<Bytes>,
) -> Result<Response<Full<Bytes>>, HttpError> {
    let path = req.uri().path();
    let (version, tenant_segment) =
        parse_path(path).ok_or_else(|| HttpError::NotFound(path.to_string()))?;
    if !authorized(req, &state.config.admin_token) {
        return Err(HttpError::BearerRequired);
    }
    if req.method() != Method::POST {
        return Err(HttpError::MethodNotAllowed { allow: "POST" });
    }
    if let Some(ct) = req.headers().get(header::CONTENT_TYPE)
        && !ct.to_str().is_ok_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        })
    {
        return Err(HttpError::UnsupportedMediaType(
            "the admin endpoint takes Content-Type: application/json".into(),
        ));
    }
    let query = Query::parse(req.uri().query().unwrap_or(""));
    let body = req.body();
    let (name, named) = json::parse_request(body).map_err(|e| {
        error_body(
            StatusCode::BAD_REQUEST,
            &ErrorRecord::new(ErrorCategory::InvalidArgument, "BadRequest", e.0),
        )
    })?;
    let cmdlet = cmdlets::find(&name).ok_or_else(|| {
        error_body(
            StatusCode::BAD_REQUEST,
            &crate::script::messages::unknown_command(&name),
        )
    })?;
    let args =
        bind(cmdlet, Vec::new(), named).map_err(|e| error_body(StatusCode::BAD_REQUEST, &e))?;
    let page_size = page_size(req);
    let body_hash = fnv64(body);
    let skip = match &query.skiptoken {
        None => 0,
        Some(token) => decode_token(token, body_hash).ok_or_else(|| {
            error_body(
                StatusCode::BAD_REQUEST,
                &ErrorRecord::new(
                    ErrorCategory::InvalidArgument,
                    "BadRequest",
                    "The $skiptoken doesn't belong to this request: re-send the same body to the @odata.nextLink you were given.",
                ),
            )
        })?,
    };
    let paged = !cmdlet.changes_state();
    let user = anchor_user(req);
    let now = clock_now();
    let (result, output, written) = {
        let mut world = state.lock();
        let mut confirmer = NonInteractive;
        let mut ctx = CmdletContext::new(&mut world.tenant, now, &mut confirmer).with_user(user);
        if paged {
            ctx = ctx.with_window(skip, page_size);
        }
        let result = invoke(&mut ctx, cmdlet, &args);
        let written = ctx.out.written();
        let output = ctx.take_output();
        if result.is_ok() && cmdlet.name == "Import-Tenant" && !args.what_if {
            world.tenant_replaced();
        }
        (result, output, written)
    };
    if let Err(e) = result {
        return Err(error_body(status_for(&e), &e));
    }
    let objects: Vec<&Value> = output.objects().collect();
    let more = paged && written > skip + objects.len();
    if !more
        && objects.is_empty()
        && skip == 0
        && let Some(first) = output.errors().next()
    {
        return Err(non_terminating_error_body(status_for(first), &output));
    }
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let base = format!("http://{host}/adminapi/{version}/{tenant_segment}");
    let next = more.then(|| {
        let mut link = format!(
            "{base}/InvokeCommand?$skiptoken={}",
            encode_token(skip + objects.len(), body_hash)
        );
        if let Some(select) = &query.select_raw {
            let _ = write!(link, "&$select={select}");
        }
        link
    });
    let body = success_body(
        &base,
        &output,
        &objects,
        next.as_deref(),
        query.select.as_deref(),
    );
    Response::builder()
        .status(StatusCode::OK)
        .header(
            header::CONTENT_TYPE,
            "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8",
        )
        .header("OData-Version", "4.0")
        .header("request-id", request_id())
        .body(Full::new(Bytes::from(body)))
        .map_err(|_| HttpError::Internal)
}

/// `Authorization: Bearer <token>` equal to the configured token (never with an empty configured token).
fn authorized(req: &Request<Bytes>, expected: &str) -> bool {
    let Some(value) = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let Some((scheme, token)) = value.trim().split_once(' ') else {
        return false;
    };
    !expected.is_empty()
        && scheme.eq_ignore_ascii_case("Bearer")
        && constant_time_eq(token.trim().as_bytes(), expected.as_bytes())
}

/// Compares without an early exit, so the time taken does not reveal how much of the token was right.
fn constant_time_eq(given: &[u8], expected: &[u8]) -> bool {
    let mut diff = u8::from(given.len() != expected.len());
    for (i, e) in expected.iter().enumerate() {
        diff |= given.get(i).copied().unwrap_or(0) ^ e;
    }
    std::hint::black_box(diff) == 0
}

/// `Prefer: odata.maxpagesize=N` (or `X-Prefer`, as one captured client sends it).
fn page_size(req: &Request<Bytes>) -> usize {
    req.headers()
        .get_all("prefer")
        .iter()
        .chain(req.headers().get_all("x-prefer").iter())
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|p| {
            let (k, v) = p.trim().split_once('=')?;
            k.trim()
                .eq_ignore_ascii_case("odata.maxpagesize")
                .then(|| v.trim().trim_matches('"').parse::<usize>().ok())?
        })
        .find(|&n| n > 0)
        .unwrap_or(DEFAULT_PAGE_SIZE)
}

/// Who runs the cmdlet, from `X-AnchorMailbox: UPN:<admin>` when the client sends it.
fn anchor_user(req: &Request<Bytes>) -> String {
    req.headers()
        .get("x-anchormailbox")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("UPN:").or_else(|| v.strip_prefix("upn:")))
        .map(str::to_string)
        .unwrap_or_else(|| "Administrator".to_string())
}

/// The clock is read here, in the server, because `script` never reads it.
fn clock_now() -> Timestamp {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Timestamp::from_millis(i64::try_from(since.as_millis()).unwrap_or(i64::MAX))
}

fn request_id() -> String {
    let n = REQUEST_COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("00000000-0000-4000-8000-{n:012x}")
}

/// The query parameters the endpoint reads.
#[derive(Default)]
struct Query {
    skiptoken: Option<String>,
    select: Option<Vec<String>>,
    select_raw: Option<String>,
}

impl Query {
    fn parse(query: &str) -> Query {
        let mut q = Query::default();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let k = k.replace("%24", "$");
            if k.eq_ignore_ascii_case("$skiptoken") {
                q.skiptoken = Some(v.to_string());
            } else if k.eq_ignore_ascii_case("$select") {
                let v = v.replace("%2C", ",").replace("%2c", ",");
                q.select = Some(
                    v.split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect(),
                );
                q.select_raw = Some(v);
            }
        }
        q
    }
}

/// FNV-1a over the request body: a nextLink is only valid for the body it was issued for.
fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    })
}

fn encode_token(offset: usize, body_hash: u64) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("v1:{offset}:{body_hash:016x}"))
}

fn decode_token(token: &str, body_hash: u64) -> Option<usize> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token.trim())
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let mut parts = text.split(':');
    if parts.next()? != "v1" {
        return None;
    }
    let offset = parts.next()?.parse().ok()?;
    let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
    (hash == body_hash && parts.next().is_none()).then_some(offset)
}

fn status_for(e: &ErrorRecord) -> StatusCode {
    match e.category {
        ErrorCategory::ObjectNotFound if e.error_id != "CommandNotFoundException" => {
            StatusCode::NOT_FOUND
        }
        _ => StatusCode::BAD_REQUEST,
    }
}

/// The documented error shape, with the cmdlet's error text: a terminating error.
fn error_body(status: StatusCode, e: &ErrorRecord) -> HttpError {
    let mut out = String::new();
    write_error(&mut out, e, std::slice::from_ref(&e));
    out.push('}');
    HttpError::Json { status, body: out }
}

/// The error shape for a call that wrote only non-terminating errors: the first is the `error`, all of them are
/// its `details`, and `"@adminapi.terminating":false` plus the call's warnings and information let a client
/// (`easim shell --connect`) give back exactly what the cmdlet wrote.
fn non_terminating_error_body(status: StatusCode, output: &Output) -> HttpError {
    let errors: Vec<&ErrorRecord> = output.errors().collect();
    let mut out = String::new();
    if let Some(first) = errors.first() {
        write_error(&mut out, first, &errors);
    }
    out.push_str(",\"@adminapi.terminating\":false,\"@adminapi.warnings\":");
    write_strings(&mut out, output.warnings());
    out.push_str(",\"@adminapi.information\":");
    write_strings(&mut out, output.information());
    out.push('}');
    HttpError::Json { status, body: out }
}

/// `{"error":{…}` (the caller closes the outer object).
fn write_error(out: &mut String, e: &ErrorRecord, details: &[&ErrorRecord]) {
    out.push_str("{\"error\":{\"code\":");
    json::write_str(out, e.error_id);
    out.push_str(",\"message\":");
    json::write_str(out, &e.message);
    out.push_str(",\"details\":[");
    for (i, d) in details.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_detail(out, d);
    }
    out.push_str("],\"innererror\":{\"internalexception\":{\"message\":");
    json::write_str(out, &e.message);
    out.push_str(",\"type\":");
    json::write_str(out, e.error_id);
    out.push_str("}}}");
}

fn write_strings<'a>(out: &mut String, items: impl Iterator<Item = &'a str>) {
    out.push('[');
    for (i, s) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        json::write_str(out, s);
    }
    out.push(']');
}

/// One error: its category number as `code` (as Exchange Online sends it), the target and text, and the error
/// id (`errorId`, an easim addition, so the client's record keeps it).
fn write_detail(out: &mut String, e: &ErrorRecord) {
    out.push_str("{\"code\":");
    json::write_str(out, &e.category.number().to_string());
    out.push_str(",\"target\":");
    match &e.target {
        Some(t) => json::write_str(out, t),
        None => out.push_str("null"),
    }
    out.push_str(",\"message\":");
    json::write_str(out, &e.message);
    out.push_str(",\"errorId\":");
    json::write_str(out, e.error_id);
    out.push('}');
}

fn success_body(
    base: &str,
    output: &Output,
    objects: &[&Value],
    next: Option<&str>,
    select: Option<&[String]>,
) -> String {
    let mut out = String::with_capacity(256 + objects.len() * 1024);
    out.push_str("{\"@odata.context\":");
    json::write_str(
        &mut out,
        &format!("{base}/$metadata#Collection(Exchange.GenericHashTable)"),
    );
    out.push_str(
        ",\"adminapi.warnings@odata.type\":\"#Collection(String)\",\"@adminapi.warnings\":[",
    );
    if next.is_none() {
        for (i, w) in output.warnings().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json::write_str(&mut out, w);
        }
    }
    out.push(']');
    let information: Vec<&str> = output.information().collect();
    if !information.is_empty() {
        out.push_str(",\"@adminapi.information\":[");
        for (i, s) in information.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json::write_str(&mut out, s);
        }
        out.push(']');
    }
    let errors: Vec<&ErrorRecord> = output.errors().collect();
    if next.is_none() && !errors.is_empty() {
        out.push_str(",\"@adminapi.errors\":[");
        for (i, e) in errors.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_detail(&mut out, e);
        }
        out.push(']');
    }
    out.push_str(",\"value\":[");
    for (i, v) in objects.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json::write_value(&mut out, v, select);
    }
    out.push(']');
    if let Some(link) = next {
        out.push_str(",\"@odata.nextLink\":");
        json::write_str(&mut out, link);
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_in_full_and_belong_to_their_body() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secreT", b"secret"));
        assert!(!constant_time_eq(b"secret-and-more", b"secret"));
        assert!(!constant_time_eq(b"", b"secret"));
        let t = encode_token(1000, 42);
        assert_eq!(decode_token(&t, 42), Some(1000));
        assert_eq!(decode_token(&t, 43), None);
        assert_eq!(decode_token("garbage", 42), None);
    }

    #[test]
    fn only_invoke_command_paths_are_served() {
        assert_eq!(
            parse_path("/adminapi/beta/contoso.com/InvokeCommand"),
            Some(("beta", "contoso.com"))
        );
        assert!(parse_path("/adminapi/v1.0/x/invokecommand").is_some());
        assert!(parse_path("/adminapi/beta/contoso.com/Other").is_none());
        assert!(parse_path("/adminapi/v2/contoso.com/InvokeCommand").is_none());
        assert!(parse_path("/adminapi/beta//InvokeCommand").is_none());
    }
}
