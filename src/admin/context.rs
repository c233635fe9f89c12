//! The context an Exchange cmdlet runs in (`CmdletContext`: the tenant, the time, the output streams,
//! ShouldProcess), the cmdlet itself (`Cmdlet`: the language's `CmdletInfo` plus the function that runs it), and
//! `invoke`, which runs one bound invocation.
//!
//! A cmdlet is a plain function over the tenant: it validates everything first and then applies its change whole,
//! so an `Err` (a terminating error) leaves the tenant as it was. Cmdlets never prompt, print or read the clock:
//! prompts go through a `Confirmer`, output goes to `Output`, and `now` is given. The -WhatIf/-Confirm rules are
//! described in `script::cmdlet`; `should_process` applies them.

use std::any::Any;
use std::ops::Deref;

use crate::model::{Tenant, Timestamp};
use crate::script::{
    ActionPreference, BoundParameters, CmdletInfo, ConfirmAnswer, ConfirmImpact, ConfirmPrompt,
    Confirmer, Emitted, ErrorRecord, Output, Value,
};

use crate::script::messages as ps_messages;

use super::audit;

/// Runs one bound invocation against the context.
pub type RunFn = fn(&mut CmdletContext<'_>, &BoundParameters) -> Result<(), ErrorRecord>;

/// Work a cmdlet can do from its parameters alone, before the server takes the world lock (parsing a whole tenant
/// for Import-Tenant); what it makes reaches `run` through `CmdletContext::take_prepared`.
pub type PrepareFn = fn(&BoundParameters) -> Prepared;

/// What a `PrepareFn` made, for the cmdlet's `run` to take back by type.
pub type Prepared = Box<dyn Any + Send>;

/// An Exchange cmdlet: what the language sees of it (`info`), the function that runs it, and optionally the part
/// of its work that needs no tenant (run outside the lock by the admin endpoint; without it `run` does it all).
#[derive(Debug)]
pub struct Cmdlet {
    pub info: CmdletInfo,
    pub run: RunFn,
    pub prepare: Option<PrepareFn>,
}

impl Cmdlet {
    pub const fn new(info: CmdletInfo, run: RunFn) -> Cmdlet {
        Cmdlet {
            info,
            run,
            prepare: None,
        }
    }

    /// The cmdlet with work done before the lock (see `PrepareFn`).
    pub const fn with_prepare(mut self, prepare: PrepareFn) -> Cmdlet {
        self.prepare = Some(prepare);
        self
    }
}

impl Deref for Cmdlet {
    type Target = CmdletInfo;

    fn deref(&self) -> &CmdletInfo {
        &self.info
    }
}

/// Which written objects to keep: the HTTP adapter pages by re-running a read-only cmdlet with a window, and cmdlets
/// build objects lazily so the skipped ones cost only their filtering.
#[derive(Clone, Copy, Debug)]
struct Window {
    skip: usize,
    take: usize,
}

/// The output side of a context: the streams, and the window that decides which objects are kept. Separate from
/// the tenant so a cmdlet can read the tenant while writing (`CmdletContext::read`).
#[derive(Debug)]
pub struct Emitter {
    out: Output,
    window: Window,
    written: usize,
}

impl Emitter {
    /// Writes an object to the output.
    pub fn write_object(&mut self, value: impl Into<Value>) {
        self.write_object_with(|| value.into());
    }

    /// Writes an object built only if the output window keeps it.
    pub fn write_object_with(&mut self, build: impl FnOnce() -> Value) {
        let i = self.written;
        self.written += 1;
        if i >= self.window.skip && i - self.window.skip < self.window.take {
            self.out.items.push(Emitted::Object(build()));
        }
    }

    /// False once the window is full and one more object has been written (so the caller knows more exist):
    /// cmdlets may stop enumerating then.
    pub fn wants_more(&self) -> bool {
        self.written <= self.window.skip.saturating_add(self.window.take)
    }

    /// How many objects have been written in this invocation, kept or not.
    pub fn written(&self) -> usize {
        self.written
    }

    pub fn write_warning(&mut self, text: impl Into<String>) {
        self.out.items.push(Emitted::Warning(text.into()));
    }

    /// Writes a non-terminating error: the cmdlet goes on with its other inputs.
    pub fn write_error(&mut self, error: ErrorRecord) {
        self.out.items.push(Emitted::Error(error));
    }

    pub fn write_information(&mut self, text: impl Into<String>) {
        self.out.items.push(Emitted::Information(text.into()));
    }
}

/// What a cmdlet runs against, and where its output goes.
pub struct CmdletContext<'a> {
    pub tenant: &'a mut Tenant,
    /// The time of the invocation (wipe requests, creation times).
    pub now: Timestamp,
    /// Who runs the cmdlet (LastDeviceWipeRequestor).
    pub user: String,
    confirmer: &'a mut dyn Confirmer,
    /// The impact from which prompts are raised without -Confirm (PowerShell's $ConfirmPreference).
    pub confirm_preference: ConfirmImpact,
    pub out: Emitter,
    current: Invocation,
    /// Set when a cmdlet replaced the whole tenant (`replace_tenant`), so state kept beside it is stale.
    replaced_tenant: bool,
    /// The tenant a `replace_tenant` put aside, for the caller to drop once it released its lock.
    replaced: Option<Box<Tenant>>,
    /// What the cmdlet's `prepare` made before the lock, if the caller ran it.
    prepared: Option<Prepared>,
}

/// Per-invocation switches `invoke` sets from the bound common parameters.
#[derive(Clone, Copy, Debug, Default)]
struct Invocation {
    impact: Option<ConfirmImpact>,
    what_if: bool,
    confirm: Option<bool>,
    yes_to_all: bool,
    no_to_all: bool,
}

impl<'a> CmdletContext<'a> {
    pub fn new(
        tenant: &'a mut Tenant,
        now: Timestamp,
        confirmer: &'a mut dyn Confirmer,
    ) -> CmdletContext<'a> {
        CmdletContext {
            tenant,
            now,
            user: "Administrator".to_string(),
            confirmer,
            confirm_preference: ConfirmImpact::High,
            out: Emitter {
                out: Output::default(),
                window: Window {
                    skip: 0,
                    take: usize::MAX,
                },
                written: 0,
            },
            current: Invocation::default(),
            replaced_tenant: false,
            replaced: None,
            prepared: None,
        }
    }

    pub fn with_user(mut self, user: impl Into<String>) -> CmdletContext<'a> {
        self.user = user.into();
        self
    }

    /// Keeps only objects `skip .. skip + take` of those each invocation writes (the rest are counted, not built).
    pub fn with_window(mut self, skip: usize, take: usize) -> CmdletContext<'a> {
        self.out.window = Window { skip, take };
        self
    }

    /// Hands the cmdlet what its `prepare` made (the admin endpoint runs `prepare` outside the lock).
    pub fn with_prepared(mut self, prepared: Option<Prepared>) -> CmdletContext<'a> {
        self.prepared = prepared;
        self
    }

    /// What `prepare` made, if it ran and made a `T`; `None` means the cmdlet does the work itself.
    pub fn take_prepared<T: 'static>(&mut self) -> Option<T> {
        let prepared = self.prepared.take()?;
        prepared.downcast::<T>().ok().map(|b| *b)
    }

    /// The tenant to read and the output to write, borrowed together.
    pub fn read(&mut self) -> (&Tenant, &mut Emitter) {
        (&*self.tenant, &mut self.out)
    }

    /// Asks whether to make a change described by `message` (see the module docs): false means skip it.
    pub fn should_process(&mut self, message: &str) -> Result<bool, ErrorRecord> {
        let inv = self.current;
        if inv.what_if {
            self.out.write_information(format!("What if: {message}"));
            return Ok(false);
        }
        if inv.no_to_all {
            return Ok(false);
        }
        if inv.yes_to_all {
            return Ok(true);
        }
        let impact = inv.impact.unwrap_or(ConfirmImpact::Low);
        let explicit = inv.confirm == Some(true);
        let needed = explicit || (inv.confirm.is_none() && impact >= self.confirm_preference);
        if !needed {
            return Ok(true);
        }
        let prompt = ConfirmPrompt {
            query: "Are you sure you want to perform this action?",
            message,
            explicit,
        };
        match self.confirmer.confirm(&prompt) {
            ConfirmAnswer::Yes => Ok(true),
            ConfirmAnswer::YesToAll => {
                self.current.yes_to_all = true;
                Ok(true)
            }
            ConfirmAnswer::No => Ok(false),
            ConfirmAnswer::NoToAll => {
                self.current.no_to_all = true;
                Ok(false)
            }
            ConfirmAnswer::Unavailable => Err(ps_messages::prompt_unavailable()),
        }
    }

    /// `should_process` for a cmdlet's `-Force`, which "hides warning or confirmation messages" (Exchange's
    /// reference, e.g. Remove-MobileDeviceMailboxPolicy.md): no prompt, unless `-Confirm` asks for one; `-WhatIf`
    /// still only says what would happen.
    pub fn should_process_forced(&mut self, message: &str) -> Result<bool, ErrorRecord> {
        if !self.current.what_if && self.current.confirm != Some(true) {
            return Ok(true);
        }
        self.should_process(message)
    }

    /// PowerShell's ShouldContinue: a second question, for a change that loses data, asked after `should_process`
    /// said yes. Only the caller's `-Force` skips it (the caller checks that first): -Confirm:$false answers
    /// `should_process`, not this. It is always asked of the host (an explicit prompt), so a host that cannot ask
    /// (the admin endpoint, a script run without a terminal) fails with PowerShell's NonInteractive error, as
    /// ShouldContinue does there. No skips the change; the answers to `should_process` do not answer it.
    pub fn should_continue(&mut self, query: &str, caption: &str) -> Result<bool, ErrorRecord> {
        let prompt = ConfirmPrompt {
            query,
            message: caption,
            explicit: true,
        };
        match self.confirmer.confirm(&prompt) {
            ConfirmAnswer::Yes | ConfirmAnswer::YesToAll => Ok(true),
            ConfirmAnswer::No | ConfirmAnswer::NoToAll => Ok(false),
            ConfirmAnswer::Unavailable => Err(ps_messages::prompt_unavailable()),
        }
    }

    /// Replaces the whole tenant (Import-Tenant): whoever keeps state beside it learns so from
    /// `replaced_tenant`, rather than from the cmdlet's name.
    /// The audit log is the organization's, not the tenant data's: it stays.
    pub fn replace_tenant(&mut self, tenant: Tenant) {
        let mut old = std::mem::replace(self.tenant, tenant);
        self.tenant.audit = std::mem::take(&mut old.audit);
        self.replaced_tenant = true;
        // Freeing a `large` tenant takes a good part of a second: `take_replaced` lets the caller do it unlocked.
        self.replaced = Some(Box::new(old));
    }

    /// The tenant the last `replace_tenant` put aside (dropping it is the caller's, when convenient).
    pub fn take_replaced(&mut self) -> Option<Box<Tenant>> {
        self.replaced.take()
    }

    /// Whether a cmdlet run in this context replaced the whole tenant.
    pub fn replaced_tenant(&self) -> bool {
        self.replaced_tenant
    }

    /// Takes what has been written so far, leaving the streams empty.
    pub fn take_output(&mut self) -> Output {
        std::mem::take(&mut self.out.out)
    }

    pub fn output(&self) -> &Output {
        &self.out.out
    }
}

/// Runs one bound invocation: sets up -WhatIf/-Confirm, runs the cmdlet, then applies -ErrorAction and
/// -WarningAction to what it wrote. With `-ErrorAction Stop` the first non-terminating error becomes the
/// terminating one; `SilentlyContinue` and `Ignore` drop non-terminating errors (and warnings, for -WarningAction).
pub fn invoke(
    ctx: &mut CmdletContext<'_>,
    cmdlet: &Cmdlet,
    args: &BoundParameters,
) -> Result<(), ErrorRecord> {
    ctx.current = Invocation {
        impact: cmdlet.confirm_impact,
        what_if: args.what_if && cmdlet.changes_state(),
        confirm: args.confirm,
        yes_to_all: false,
        no_to_all: false,
    };
    ctx.out.written = 0;
    let start = ctx.out.out.items.len();
    let result = (cmdlet.run)(ctx, args);
    let error = result.as_ref().err().or_else(|| {
        ctx.out.out.items[start..].iter().find_map(|i| match i {
            Emitted::Error(e) => Some(e),
            _ => None,
        })
    });
    if let Some(entry) = audit::entry(
        &cmdlet.info,
        args,
        ctx.current.what_if,
        &ctx.user,
        ctx.now,
        error,
    ) {
        ctx.tenant.audit.record(entry);
    }
    ctx.current = Invocation::default();
    let silent = |a: Option<ActionPreference>| {
        matches!(
            a,
            Some(ActionPreference::SilentlyContinue | ActionPreference::Ignore)
        )
    };
    if silent(args.warning_action) {
        retain_from(&mut ctx.out.out.items, start, |i| {
            !matches!(i, Emitted::Warning(_))
        });
    }
    match args.error_action {
        Some(ActionPreference::Stop) => {
            let items = &mut ctx.out.out.items;
            let first = items[start..]
                .iter()
                .position(|i| matches!(i, Emitted::Error(_)));
            if let Some(i) = first
                && let Emitted::Error(e) = items.remove(start + i)
            {
                return Err(e);
            }
        }
        a if silent(a) => {
            retain_from(&mut ctx.out.out.items, start, |i| {
                !matches!(i, Emitted::Error(_))
            });
        }
        _ => {}
    }
    result
}

fn retain_from(items: &mut Vec<Emitted>, start: usize, keep: impl Fn(&Emitted) -> bool) {
    let mut i = start;
    while i < items.len() {
        if keep(&items[i]) {
            i += 1;
        } else {
            items.remove(i);
        }
    }
}
