//! One InvokeCommand call, without HTTP: the request body becomes a cmdlet call (`prepare`: parse, find the
//! cmdlet, bind), the call runs against the tenant (`Call::run`, the only step that needs the tenant), and what it
//! wrote becomes the answer (`Ran::answer`: paging window, `$select`, which body and status).
//!
//! - Paging (read-only cmdlets only): pages of `page_size` objects; when more exist, `@odata.nextLink` is the same
//!   URL with an opaque `$skiptoken` bound to the body; re-POST the same body to it. Each page re-runs the cmdlet
//!   on the current tenant and keeps its window (only the kept objects are built). Warnings and non-terminating
//!   errors come with the last page. Cmdlets that change state are never paged.
//! - `?$select=A,B` keeps only those properties of each object.
//! - Confirmation: -WhatIf text comes back as information. Prompts cannot be answered over HTTP: impact-raised
//!   confirmations are taken as Yes (as Exchange Online's REST endpoint runs without prompting); an explicit
//!   `"Confirm": true` fails with PowerShell's NonInteractive error.
//! - Errors: a terminating error, or non-terminating errors with no objects, are an error body with 404 for
//!   ObjectNotFound and 400 otherwise; with objects, non-terminating errors come in the page.
//! - A call that replaced the whole tenant says so (`Ran::replaced_tenant`), so the server can drop the state it
//!   keeps beside the tenant.
//!
//! Pure: the time is given (`now`), the tenant is borrowed for `run` only, and nothing here knows of sockets,
//! headers or locks: the server authenticates, reads the headers, locks around `run` and writes the answer.

use std::fmt::Write as _;

use crate::model::{Tenant, Timestamp};
use crate::script::messages;
use crate::script::{
    BoundParameters, Confirmer, ErrorCategory, ErrorRecord, NonInteractive, Output, bind,
};

use super::cmdlets;
use super::context::{Cmdlet, CmdletContext, Prepared, invoke as run_invocation};
use super::wire;

/// What the server read from the HTTP request.
#[derive(Clone, Copy, Debug)]
pub struct InvokeRequest<'a> {
    /// The JSON body.
    pub body: &'a [u8],
    /// The URL's query string (`$skiptoken`, `$select`), without the `?`.
    pub query: &'a str,
    /// Objects per page (from `Prefer: odata.maxpagesize`; `wire::page_size` reads it).
    pub page_size: usize,
    /// Who runs the cmdlet (from `X-AnchorMailbox`; `wire::anchor_user` reads it).
    pub user: &'a str,
    /// `http://host/adminapi/{version}/{tenant}`: the base of `@odata.context` and `@odata.nextLink`.
    pub base: &'a str,
}

/// What to answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// 200 with a page (`wire::page_body`).
    Page(String),
    /// An error status (400, 404) with an `{"error":…}` body.
    Error { status: u16, body: String },
}

impl Answer {
    pub fn status(&self) -> u16 {
        match self {
            Answer::Page(_) => 200,
            Answer::Error { status, .. } => *status,
        }
    }

    pub fn body(&self) -> &str {
        match self {
            Answer::Page(body) | Answer::Error { body, .. } => body,
        }
    }

    fn error(e: &ErrorRecord) -> Answer {
        Answer::Error {
            status: status_for(e),
            body: wire::error_body(e),
        }
    }

    fn bad_request(e: &ErrorRecord) -> Answer {
        Answer::Error {
            status: 400,
            body: wire::error_body(e),
        }
    }
}

/// A bound call, ready to run.
#[derive(Debug)]
pub struct Call {
    cmdlet: &'static Cmdlet,
    args: BoundParameters,
    /// `Some((skip, take))` for read-only cmdlets, which are paged.
    window: Option<(usize, usize)>,
    body_hash: u64,
    query: Query,
    user: String,
    /// What the cmdlet's `prepare` made, outside the lock.
    prepared: Option<Prepared>,
}

/// Reads and binds the request; `Err` is the answer for a body that names no cmdlet or binds no call.
pub fn prepare(req: &InvokeRequest<'_>) -> Result<Call, Answer> {
    let query = Query::parse(req.query);
    let (name, named) = wire::parse_request(req.body).map_err(|e| {
        Answer::bad_request(&ErrorRecord::new(
            ErrorCategory::InvalidArgument,
            "BadRequest",
            e.0,
        ))
    })?;
    let cmdlet = cmdlets::find(&name)
        .ok_or_else(|| Answer::bad_request(&messages::unknown_command(&name)))?;
    let args = bind(cmdlet, Vec::new(), named).map_err(|e| Answer::bad_request(&e))?;
    let body_hash = fnv64(req.body);
    let skip = match &query.skiptoken {
        None => 0,
        Some(token) => decode_token(token, body_hash).ok_or_else(|| {
            Answer::bad_request(&ErrorRecord::new(
                ErrorCategory::InvalidArgument,
                "BadRequest",
                "The $skiptoken doesn't belong to this request: re-send the same body to the @odata.nextLink you were given.",
            ))
        })?,
    };
    let prepared = cmdlet.prepare.map(|prepare| prepare(&args));
    Ok(Call {
        cmdlet,
        window: (!cmdlet.changes_state()).then_some((skip, req.page_size)),
        prepared,
        args,
        body_hash,
        query,
        user: req.user.to_string(),
    })
}

impl Call {
    /// Whether the cmdlet may change the tenant (so the call is journaled and audited).
    pub fn changes_state(&self) -> bool {
        self.cmdlet.changes_state()
    }

    /// The cmdlet's name (the console's live feed shows it).
    pub fn cmdlet_name(&self) -> &'static str {
        self.cmdlet.info.name
    }

    /// The call as a command line for the console's live feed: `Set-CASMailbox -Identity alice
    /// -ActiveSyncEnabled False` (the audit log's parameter texts; a value with spaces in single quotes, a long one
    /// cut to `SHOWN_CHARS` and `…`).
    pub fn command_line(&self) -> String {
        const SHOWN_CHARS: usize = 60;
        let mut line = self.cmdlet.info.name.to_string();
        for p in super::audit::parameters(&self.cmdlet.info, &self.args) {
            let mut value: String = p.value.chars().take(SHOWN_CHARS).collect();
            if value.len() < p.value.len() {
                value.push('…');
            }
            if value.contains(char::is_whitespace) || value.is_empty() {
                value = format!("'{}'", value.replace('\'', "''"));
            }
            let _ = write!(line, " -{} {value}", p.name);
        }
        line
    }

    /// Runs the call against the tenant (the server holds its lock for this step only).
    pub fn run(self, tenant: &mut Tenant, now: Timestamp) -> Ran {
        self.run_with(tenant, now, &mut NonInteractive)
    }

    /// `run` with prompts answered by `confirmer` (a journal replay gives the answers recorded).
    pub fn run_with(
        mut self,
        tenant: &mut Tenant,
        now: Timestamp,
        confirmer: &mut dyn Confirmer,
    ) -> Ran {
        let mut ctx = CmdletContext::new(tenant, now, confirmer)
            .with_user(self.user.as_str())
            .with_prepared(self.prepared.take());
        if let Some((skip, take)) = self.window {
            ctx = ctx.with_window(skip, take);
        }
        let result = run_invocation(&mut ctx, self.cmdlet, &self.args);
        let replaced_tenant = ctx.replaced_tenant();
        let old_tenant = ctx.take_replaced();
        let written = ctx.out.written();
        let output = ctx.take_output();
        Ran {
            call: self,
            result,
            output,
            written,
            replaced_tenant,
            old_tenant,
        }
    }
}

/// What a call wrote, before it is put into an answer.
#[derive(Debug)]
pub struct Ran {
    call: Call,
    result: Result<(), ErrorRecord>,
    output: Output,
    /// Objects written, kept by the window or not.
    written: usize,
    /// The cmdlet replaced the whole tenant (`CmdletContext::replace_tenant`).
    replaced_tenant: bool,
    /// The tenant it replaced: freed with the `Ran`, which the server keeps past its lock.
    old_tenant: Option<Box<Tenant>>,
}

impl Ran {
    /// True when the call replaced the whole tenant (so state kept beside it, naming its mailboxes, is stale).
    pub fn replaced_tenant(&self) -> bool {
        self.replaced_tenant
    }

    /// The answer: a page, or an error body with its status. (The server calls it after releasing its lock, so
    /// a replaced tenant is freed here.)
    pub fn answer(self, base: &str) -> Answer {
        let Ran {
            call,
            result,
            output,
            written,
            old_tenant,
            ..
        } = self;
        drop(old_tenant);
        if let Err(e) = result {
            return Answer::error(&e);
        }
        let skip = call.window.map_or(0, |(skip, _)| skip);
        let kept = output.objects().count();
        let more = call.window.is_some() && written > skip + kept;
        if !more
            && kept == 0
            && skip == 0
            && let Some(first) = output.errors().next()
        {
            return Answer::Error {
                status: status_for(first),
                body: wire::non_terminating_body(&output),
            };
        }
        let next = more.then(|| {
            let mut link = format!(
                "{base}/InvokeCommand?$skiptoken={}",
                encode_token(skip + kept, call.body_hash)
            );
            if let Some(select) = &call.query.select_raw {
                let _ = write!(link, "&$select={select}");
            }
            link
        });
        Answer::Page(wire::page_body(
            base,
            &output,
            next.as_deref(),
            call.query.select.as_deref(),
        ))
    }
}

/// Runs a journaled call again: the same body, time, caller and prompt answers make the same change, since cmdlets
/// are pure functions of them and the tenant. Returns whether it replaced the tenant; `Err` when the body no
/// longer binds to a call (it did when it was journaled).
pub fn replay(
    tenant: &mut Tenant,
    now: Timestamp,
    user: &str,
    body: &[u8],
    confirmer: &mut dyn Confirmer,
) -> Result<bool, String> {
    let req = InvokeRequest {
        body,
        query: "",
        page_size: wire::DEFAULT_PAGE_SIZE,
        user,
        base: "",
    };
    let call = prepare(&req).map_err(|a| a.body().to_string())?;
    Ok(call.run_with(tenant, now, confirmer).replaced_tenant())
}

/// Prepares, runs and answers in one step (for callers without a lock to keep short). The flag is
/// `Ran::replaced_tenant`.
pub fn invoke(tenant: &mut Tenant, now: Timestamp, req: &InvokeRequest<'_>) -> (Answer, bool) {
    match prepare(req) {
        Err(answer) => (answer, false),
        Ok(call) => {
            let ran = call.run(tenant, now);
            let replaced = ran.replaced_tenant();
            (ran.answer(req.base), replaced)
        }
    }
}

fn status_for(e: &ErrorRecord) -> u16 {
    match e.category {
        ErrorCategory::ObjectNotFound if e.error_id != "CommandNotFoundException" => 404,
        _ => 400,
    }
}

/// The query parameters the endpoint reads.
#[derive(Debug, Default)]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::examples::example_tenant;

    const BASE: &str = "http://h/adminapi/beta/contoso.com";

    /// One call against `tenant`: the answer as JSON, and whether it replaced the tenant.
    fn check(
        tenant: &mut Tenant,
        body: &str,
        query: &str,
        page_size: usize,
    ) -> (u16, serde_json::Value, bool) {
        let req = InvokeRequest {
            body: body.as_bytes(),
            query,
            page_size,
            user: "admin@contoso.com",
            base: BASE,
        };
        let (answer, replaced) = invoke(tenant, Timestamp::from_secs(1_790_000_000), &req);
        let json = serde_json::from_str(answer.body()).expect("every answer is JSON");
        (answer.status(), json, replaced)
    }

    fn call(cmdlet: &str, params: &str) -> String {
        format!(r#"{{"CmdletInput":{{"CmdletName":"{cmdlet}","Parameters":{params}}}}}"#)
    }

    #[test]
    fn read_only_calls_are_paged_and_the_link_belongs_to_the_body() {
        let mut t = example_tenant();
        let body = call("Get-Mailbox", "{}");
        let (status, first, _) = check(&mut t, &body, "$select=Name", 2);
        assert_eq!(status, 200);
        let names = |page: &serde_json::Value| -> Vec<String> {
            let items = page["value"].as_array().expect("a value array");
            items
                .iter()
                .map(|o| {
                    assert_eq!(
                        o.as_object().map(|m| m.len()),
                        Some(2),
                        "only @data.type and Name: {o}"
                    );
                    o["Name"].as_str().unwrap_or_default().to_string()
                })
                .collect()
        };
        assert_eq!(names(&first).len(), 2);
        let link = first["@odata.nextLink"]
            .as_str()
            .expect("more mailboxes than one page");
        let query = link
            .strip_prefix(&format!("{BASE}/InvokeCommand?"))
            .expect("the link is this endpoint");
        assert!(query.ends_with("&$select=Name"), "{link}");
        let (status, second, _) = check(&mut t, &body, query, 2);
        assert_eq!(status, 200);
        assert!(names(&second).iter().all(|n| !names(&first).contains(n)));
        let (status, other, _) = check(&mut t, &call("Get-CASMailbox", "{}"), query, 2);
        assert_eq!(status, 400, "{other}");
    }

    #[test]
    fn errors_get_their_status() {
        let mut t = example_tenant();
        let (status, body, _) = check(&mut t, &call("Get-Nothing", "{}"), "", 10);
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (400, Some("CommandNotFoundException"))
        );
        let (status, _, _) = check(
            &mut t,
            &call("Get-Mailbox", r#"{"Identity":"nobody"}"#),
            "",
            10,
        );
        assert_eq!(status, 404);
        let (status, _, _) = check(&mut t, "not json", "", 10);
        assert_eq!(status, 400);
    }

    #[test]
    fn only_a_call_that_replaced_the_tenant_says_so() {
        let mut t = example_tenant();
        let (_, exported, replaced) = check(&mut t, &call("Export-Tenant", "{}"), "", 10);
        assert!(!replaced);
        let text = exported["value"][0].as_str().expect("the fixture text");
        let params =
            |what_if: bool| serde_json::json!({"Json": text, "WhatIf": what_if}).to_string();
        let (status, _, replaced) = check(&mut t, &call("Import-Tenant", &params(true)), "", 10);
        assert_eq!((status, replaced), (200, false));
        let (status, _, replaced) = check(&mut t, &call("Import-Tenant", &params(false)), "", 10);
        assert_eq!((status, replaced), (200, true));
    }

    #[test]
    fn tokens_belong_to_their_body() {
        let t = encode_token(1000, 42);
        assert_eq!(decode_token(&t, 42), Some(1000));
        assert_eq!(decode_token(&t, 43), None);
        assert_eq!(decode_token("garbage", 42), None);
    }
}
