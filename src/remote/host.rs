//! `RemoteHost`: a `CmdletHost` that sends each bound Exchange cmdlet invocation to a running `easim serve`'s
//! admin endpoint and gives back what the cmdlet wrote, as `LocalHost` would for the same tenant.
//!
//! - Paging: follows `@odata.nextLink` (same server only) until the last page; objects come in order.
//! - Output order: objects, then information, warnings and errors (the endpoint returns each stream separately,
//!   so the interleaving of a local run is not kept; each stream is).
//! - Confirmation: the endpoint cannot prompt, so when a prompt is due (`-Confirm`, or a High-impact cmdlet without
//!   `-Confirm:$false`) the host first asks the server with `-WhatIf` what would change, puts each `What if:`
//!   message to the `Confirmer`, and sends the call with `-Confirm:$false` only if every answer is yes.
//! - Throttling: an answer of HTTP 429 with `Retry-After` (the endpoint ran nothing) is sent again after that
//!   many seconds, at most `max_retries` times and never after a wait longer than the exchange timeout, each
//!   wait announced by a warning in the form Exchange Online writes for a delay ("Micro delay applied. Actual
//!   delayed: <X> msecs, …", KB 2881759); past the bound the 429's error is the call's terminating error. The
//!   wait goes through `RemoteConfig::sleep`, so tests can advance a simulated clock instead of sleeping.
//! - Failures of the connection or of the token are terminating errors with a plain explanation.
//!
//! Not here: binding (the interpreter binds locally with the same metadata the server uses), JSON details
//! (`admin::wire`), sockets (`http`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::Bytes;

use crate::admin::wire::{self, Failure, Mode};
use crate::model::Timestamp;
use crate::script::{
    BoundParameters, CmdletHost, CmdletInfo, ConfirmAnswer, ConfirmImpact, ConfirmPrompt,
    Confirmer, Emitted, ErrorCategory, ErrorRecord, Output, messages,
};

use super::RemoteError;
use super::endpoint::Endpoint;
use super::http::{Client, Timeouts};

/// Where and how to connect.
#[derive(Clone, Debug)]
pub struct RemoteConfig {
    /// `http://HOST:PORT`, optionally with `/adminapi/beta/{tenant}/InvokeCommand`.
    pub url: String,
    /// The admin endpoint's bearer token.
    pub token: String,
    /// The tenant segment of the path, when the URL does not name one (the simulator serves one tenant and does
    /// not check it; the shell shows it in its prompt).
    pub tenant: Option<String>,
    /// Sent as `X-AnchorMailbox: UPN:<user>` (the server records it as the admin who ran the cmdlet).
    pub user: Option<String>,
    /// `Prefer: odata.maxpagesize` (the Exchange Online module asks for 1000).
    pub page_size: usize,
    pub timeouts: Timeouts,
    /// How many times one request is sent again after HTTP 429. The Exchange Online module's own count is not
    /// documented (its REST cmdlets' "transient failures use built-in retries",
    /// <https://learn.microsoft.com/powershell/exchange/exchange-online-powershell-v2>); 3 is the simulator's
    /// choice.
    pub max_retries: u32,
    /// How a `Retry-After` wait is spent (the thread sleeps; a test advances its server's clock instead).
    pub sleep: Sleeper,
}

/// Waits out a `Retry-After`.
#[derive(Clone)]
pub struct Sleeper(Arc<dyn Fn(Duration) + Send + Sync>);

impl Sleeper {
    /// Calls `f` with each wait instead of sleeping.
    pub fn new(f: impl Fn(Duration) + Send + Sync + 'static) -> Sleeper {
        Sleeper(Arc::new(f))
    }

    /// Sleeps the thread.
    pub fn thread() -> Sleeper {
        Sleeper::new(std::thread::sleep)
    }

    fn wait(&self, d: Duration) {
        (self.0)(d);
    }
}

impl Default for Sleeper {
    fn default() -> Sleeper {
        Sleeper::thread()
    }
}

impl std::fmt::Debug for Sleeper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sleeper")
    }
}

impl RemoteConfig {
    pub fn new(url: impl Into<String>, token: impl Into<String>) -> RemoteConfig {
        RemoteConfig {
            url: url.into(),
            token: token.into(),
            tenant: None,
            user: None,
            page_size: 1000,
            timeouts: Timeouts::default(),
            max_retries: 3,
            sleep: Sleeper::default(),
        }
    }
}

/// Runs cmdlets on a running `easim serve` (see the module docs).
pub struct RemoteHost {
    endpoint: Endpoint,
    tenant: Option<String>,
    invoke_path: String,
    authorization: String,
    prefer: String,
    anchor: Option<String>,
    client: Client,
    /// The time `now()` reports (`Get-Date`); the caller keeps it current. Cmdlets on the server use its clock.
    pub now: Timestamp,
    requests: u64,
    /// Set (by Ctrl-C) to stop a paged listing before its next page.
    interrupt: Option<Arc<AtomicBool>>,
    retry: Retry,
}

/// How 429 answers are retried (see the module docs).
struct Retry {
    max_retries: u32,
    /// The longest `Retry-After` waited for (the exchange timeout).
    max_wait: Duration,
    sleep: Sleeper,
}

/// The tenant segment used when neither the URL nor the config names one.
const UNNAMED_TENANT: &str = "easim";

impl RemoteHost {
    /// Prepares the host; nothing is sent until the first cmdlet (or `check`).
    pub fn new(config: RemoteConfig, now: Timestamp) -> Result<RemoteHost, RemoteError> {
        let endpoint = Endpoint::parse(&config.url)?;
        let token = config.token.trim();
        if token.is_empty() || token.chars().any(|c| c.is_control()) {
            return Err(RemoteError::BadUrl {
                url: config.url.clone(),
                why: "the admin token is empty or has control characters".into(),
            });
        }
        let tenant = config.tenant.clone().or_else(|| endpoint.tenant.clone());
        let client = Client::new(&endpoint.authority, config.timeouts)?;
        Ok(RemoteHost {
            invoke_path: endpoint.invoke_path(tenant.as_deref().unwrap_or(UNNAMED_TENANT)),
            authorization: format!("Bearer {token}"),
            prefer: wire::prefer_page_size(config.page_size),
            anchor: config.user.as_deref().map(wire::anchor_mailbox),
            endpoint,
            tenant,
            client,
            now,
            requests: 0,
            interrupt: None,
            retry: Retry {
                max_retries: config.max_retries,
                max_wait: config.timeouts.exchange,
                sleep: config.sleep.clone(),
            },
        })
    }

    /// The tenant name (from the URL, the config, or learnt by `check`), for the prompt.
    pub fn tenant(&self) -> Option<&str> {
        self.tenant.as_deref()
    }

    /// The InvokeCommand URL requests go to.
    pub fn url(&self) -> String {
        format!("{}{}", self.endpoint.base_url(), self.invoke_path)
    }

    /// A flag that, once set (the shell sets it on Ctrl-C), stops a paged answer before its next page with
    /// PowerShell's "The pipeline has been stopped." (the caller clears it).
    pub fn set_interrupt(&mut self, flag: Arc<AtomicBool>) {
        self.interrupt = Some(flag);
    }

    /// How many HTTP requests have been sent (pages and confirmation previews included).
    pub fn requests(&self) -> u64 {
        self.requests
    }

    /// Checks that the endpoint answers and takes the token, with one cheap call; when no tenant was named,
    /// learns it from the first mailbox's primary SMTP domain.
    pub fn check(&mut self) -> Result<(), ErrorRecord> {
        let Some(cmdlet) = crate::admin::REGISTRY.find("Get-Mailbox") else {
            return Err(ErrorRecord::new(
                ErrorCategory::InvalidOperation,
                "CommandNotFoundException",
                "Get-Mailbox is not a known cmdlet",
            ));
        };
        let mut args = BoundParameters::new();
        args.insert("ResultSize", crate::script::Arg::Unlimited(Some(1)));
        let out = self.send(cmdlet, &args, Mode::AsBound)?;
        if self.tenant.is_none() {
            let domain = out
                .objects()
                .filter_map(|o| o.as_object()?.get("PrimarySmtpAddress"))
                .find_map(|a| a.as_str()?.split_once('@').map(|(_, d)| d.to_string()));
            if let Some(domain) = domain {
                self.invoke_path = self.endpoint.invoke_path(&domain);
                self.tenant = Some(domain);
            }
        }
        Ok(())
    }

    /// Sends one invocation and follows its pages.
    fn send(
        &mut self,
        cmdlet: &CmdletInfo,
        args: &BoundParameters,
        mode: Mode,
    ) -> Result<Output, ErrorRecord> {
        let body = Bytes::from(wire::request_body(cmdlet, args, mode));
        let retry_safe = !cmdlet.changes_state() || mode == Mode::WhatIf;
        let mut headers: Vec<(&str, &str)> = vec![
            ("authorization", &self.authorization),
            ("content-type", "application/json"),
            ("accept", "application/json"),
            ("prefer", &self.prefer),
            ("x-cmdletname", cmdlet.name),
            ("x-responseformat", "json"),
            ("x-clientapplication", "easim-shell"),
        ];
        if let Some(anchor) = &self.anchor {
            headers.push(("x-anchormailbox", anchor));
        }
        let mut target = self.invoke_path.clone();
        let (mut objects, mut information, mut warnings, mut errors) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for page_number in 0u64.. {
            let answer = post(
                &mut self.client,
                &self.retry,
                self.interrupt.as_deref(),
                &mut self.requests,
                (&target, &headers, &body, retry_safe),
                &mut warnings,
            )?;
            match answer.status {
                200 => {}
                401 => {
                    return Err(to_record(RemoteError::TokenRefused {
                        url: self.endpoint.base_url(),
                    }));
                }
                status => {
                    return match wire::parse_failure(&answer.body) {
                        Some(Failure::Terminating(e)) => Err(e),
                        Some(Failure::NonTerminating {
                            errors: more_errors,
                            warnings: more_warnings,
                            information: more_information,
                        }) if page_number == 0 => Ok(assemble(
                            objects,
                            more_information,
                            warnings.into_iter().chain(more_warnings).collect(),
                            more_errors,
                        )),
                        _ if status == 404 => Err(to_record(RemoteError::Status {
                            status,
                            text: format!(
                                "{} (is {} easim serve's admin endpoint? It prints it as 'Admin endpoint: …' at start)",
                                short_text(&answer.body),
                                self.endpoint.base_url()
                            ),
                        })),
                        _ => Err(to_record(RemoteError::Status {
                            status,
                            text: short_text(&answer.body),
                        })),
                    };
                }
            }
            let page = wire::parse_page(&answer.body)
                .map_err(|e| to_record(RemoteError::Protocol(e.0)))?;
            let progressed = !page.objects.is_empty();
            objects.extend(page.objects);
            information.extend(page.information);
            warnings.extend(page.warnings);
            errors.extend(page.errors);
            let Some(link) = page.next_link else {
                break;
            };
            if self
                .interrupt
                .as_ref()
                .is_some_and(|f| f.load(Ordering::Relaxed))
            {
                return Err(ErrorRecord::new(
                    ErrorCategory::OperationStopped,
                    "PipelineStoppedException",
                    "The pipeline has been stopped.",
                ));
            }
            if !progressed {
                return Err(to_record(RemoteError::Protocol(
                    "a page with no objects pointed to another page; stopping".into(),
                )));
            }
            target = self
                .endpoint
                .same_server_target(&link)
                .ok_or_else(|| {
                    to_record(RemoteError::Protocol(format!(
                        "the next page is on another server ({link}); only {} is contacted",
                        self.endpoint.base_url()
                    )))
                })?
                .to_string();
        }
        Ok(assemble(objects, information, warnings, errors))
    }

    /// Asks the server what the call would change, asks the user, and sends the confirmed call.
    fn confirm_then_send(
        &mut self,
        cmdlet: &CmdletInfo,
        args: &BoundParameters,
        confirmer: &mut dyn Confirmer,
        explicit: bool,
    ) -> Result<Output, ErrorRecord> {
        let preview = self.send(cmdlet, args, Mode::WhatIf)?;
        let mut agreed = true;
        let mut asking = true;
        for message in preview
            .information()
            .filter_map(|i| i.strip_prefix("What if: "))
        {
            if !asking {
                break;
            }
            let prompt = ConfirmPrompt {
                query: "Are you sure you want to perform this action?",
                message,
                explicit,
            };
            match confirmer.confirm(&prompt) {
                ConfirmAnswer::Yes => {}
                ConfirmAnswer::YesToAll => asking = false,
                ConfirmAnswer::No | ConfirmAnswer::NoToAll => {
                    agreed = false;
                    asking = false;
                }
                ConfirmAnswer::Unavailable => return Err(messages::prompt_unavailable()),
            }
        }
        if agreed {
            return self.send(cmdlet, args, Mode::Confirmed);
        }
        // Declined: nothing is changed; what the cmdlet wrote besides its What if: lines still shows.
        let items = preview
            .items
            .into_iter()
            .filter(|i| !matches!(i, Emitted::Information(s) if s.starts_with("What if: ")))
            .collect();
        Ok(Output { items })
    }
}

impl CmdletHost for RemoteHost {
    fn invoke(
        &mut self,
        cmdlet: &'static CmdletInfo,
        args: &BoundParameters,
        confirmer: &mut dyn Confirmer,
    ) -> Result<Output, ErrorRecord> {
        if let Some(impact) = cmdlet.confirm_impact
            && !args.what_if
        {
            let explicit = args.confirm == Some(true);
            if explicit || (args.confirm.is_none() && impact >= ConfirmImpact::High) {
                return self.confirm_then_send(cmdlet, args, confirmer, explicit);
            }
        }
        self.send(cmdlet, args, Mode::AsBound)
    }

    fn now(&self) -> Timestamp {
        self.now
    }

    fn registry(&self) -> &'static crate::script::Registry {
        &crate::admin::REGISTRY
    }
}

/// Posts one request, sending it again after each HTTP 429 that gives a `Retry-After` within bounds (the server
/// ran nothing, so even a changing call is safe to repeat); each wait adds a warning to `warnings`.
fn post(
    client: &mut Client,
    retry: &Retry,
    interrupt: Option<&AtomicBool>,
    requests: &mut u64,
    (target, headers, body, retry_safe): (&str, &[(&str, &str)], &Bytes, bool),
    warnings: &mut Vec<String>,
) -> Result<super::http::Answer, ErrorRecord> {
    let mut retries = 0;
    loop {
        *requests += 1;
        let answer = client
            .post(target, headers, body, retry_safe)
            .map_err(to_record)?;
        let wait = match answer.retry_after {
            Some(secs) if answer.status == 429 && retries < retry.max_retries => {
                Duration::from_secs(secs)
            }
            _ => return Ok(answer),
        };
        if wait > retry.max_wait {
            return Ok(answer);
        }
        retries += 1;
        let reason = match wire::parse_failure(&answer.body) {
            Some(Failure::Terminating(e)) => e.message,
            _ => short_text(&answer.body),
        };
        warnings.push(format!(
            "Micro delay applied. Actual delayed: {} msecs, Enforced: True, Additional info: {reason}",
            wait.as_millis()
        ));
        // In slices, so Ctrl-C stops a long wait.
        let mut left = wait;
        while !left.is_zero() {
            let slice = left.min(WAIT_SLICE);
            retry.sleep.wait(slice);
            left -= slice;
            if interrupt.is_some_and(|f| f.load(Ordering::Relaxed)) {
                return Err(ErrorRecord::new(
                    ErrorCategory::OperationStopped,
                    "PipelineStoppedException",
                    "The pipeline has been stopped.",
                ));
            }
        }
    }
}

/// How often a `Retry-After` wait looks at the interrupt flag.
const WAIT_SLICE: Duration = Duration::from_millis(100);

fn assemble(
    objects: Vec<crate::script::Value>,
    information: Vec<String>,
    warnings: Vec<String>,
    errors: Vec<ErrorRecord>,
) -> Output {
    let mut items =
        Vec::with_capacity(objects.len() + information.len() + warnings.len() + errors.len());
    items.extend(objects.into_iter().map(Emitted::Object));
    items.extend(information.into_iter().map(Emitted::Information));
    items.extend(warnings.into_iter().map(Emitted::Warning));
    items.extend(errors.into_iter().map(Emitted::Error));
    Output { items }
}

/// The start of a non-JSON answer, for a message.
fn short_text(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    match text.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None if text.is_empty() => "(no body)".to_string(),
        None => text.to_string(),
    }
}

/// A connection-level failure as the terminating error the shell shows.
fn to_record(e: RemoteError) -> ErrorRecord {
    let (category, id) = match &e {
        RemoteError::BadUrl { .. } => (ErrorCategory::InvalidArgument, "AdminEndpointUrlInvalid"),
        RemoteError::Unreachable { .. } | RemoteError::Http { .. } => {
            (ErrorCategory::ConnectionError, "AdminEndpointUnreachable")
        }
        RemoteError::TokenRefused { .. } => {
            (ErrorCategory::AuthenticationError, "AdminTokenRefused")
        }
        RemoteError::Timeout { .. } => (ErrorCategory::OperationTimeout, "AdminEndpointTimeout"),
        RemoteError::Status { .. } | RemoteError::Protocol(_) => {
            (ErrorCategory::ProtocolError, "AdminEndpointProtocolError")
        }
        RemoteError::Runtime(_) => (ErrorCategory::InvalidOperation, "RemoteHostUnavailable"),
    };
    ErrorRecord::new(category, id, e.to_string())
}
