//! The cmdlet interface: static metadata (`CmdletInfo`), the context a cmdlet runs in (`CmdletContext`: the
//! tenant, the time, the output streams, ShouldProcess), and `invoke`, which runs one bound invocation.
//!
//! A cmdlet is a plain function over the tenant: it validates everything first and then applies its change whole,
//! so an `Err` (a terminating error) leaves the tenant as it was. Cmdlets never prompt, print or read the clock:
//! prompts go through a `Confirmer`, output goes to `Output`, and `now` is given.
//!
//! # -WhatIf and -Confirm
//! Cmdlets that change state declare a `ConfirmImpact` and call `should_process` before each change. With
//! `-WhatIf` it records `What if: <message>` on the information stream and answers false. A confirmation is needed
//! for `-Confirm` (or `-Confirm:$true`), or when the impact reaches the confirm preference (High, PowerShell's
//! default) and `-Confirm:$false` was not given; the `Confirmer` answers it. `NonInteractive` (used by the admin
//! endpoint and the examples) answers impact-raised prompts with Yes, as Exchange Online's REST endpoint runs
//! cmdlets without prompting, and fails an explicitly requested `-Confirm` with PowerShell's NonInteractive error,
//! since nobody can answer it.

use crate::model::{Tenant, Timestamp};

use super::error::ErrorRecord;
use super::messages;
use super::params::{ActionPreference, BoundParameters, ParameterInfo};
use super::value::Value;

/// Runs one bound invocation against the context.
pub type RunFn = fn(&mut CmdletContext<'_>, &BoundParameters) -> Result<(), ErrorRecord>;

/// Everything known about a cmdlet before running it.
#[derive(Debug)]
pub struct CmdletInfo {
    /// `Verb-Noun`, as Exchange spells it.
    pub name: &'static str,
    pub synopsis: &'static str,
    /// The type name of the objects it writes, if any.
    pub output_type: Option<&'static str>,
    pub parameters: &'static [ParameterInfo],
    /// The set used when the arguments fit several (`""` when the cmdlet has no sets).
    pub default_parameter_set: &'static str,
    /// `Some` for cmdlets that change state: they take -WhatIf and -Confirm.
    pub confirm_impact: Option<ConfirmImpact>,
    /// Runnable examples (input → expected `Format-List` output); a test runs them all.
    pub examples: &'static [Example],
    pub run: RunFn,
}

impl CmdletInfo {
    pub fn parameter(&self, name: &str) -> Option<&'static ParameterInfo> {
        self.parameters.iter().find(|p| p.answers_to(name))
    }

    /// Every parameter set the cmdlet declares, in declaration order (empty when it declares none).
    pub fn parameter_sets(&self) -> Vec<&'static str> {
        let mut sets: Vec<&'static str> = Vec::new();
        for p in self.parameters {
            for s in p.sets {
                if !sets.contains(s) {
                    sets.push(s);
                }
            }
        }
        sets
    }

    pub fn changes_state(&self) -> bool {
        self.confirm_impact.is_some()
    }
}

/// One runnable example: each line of `input` is one command; `output` is what they print together.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    pub title: &'static str,
    pub input: &'static str,
    pub output: &'static str,
}

/// How dangerous a change is (PowerShell's ConfirmImpact).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConfirmImpact {
    Low,
    Medium,
    High,
}

/// A confirmation prompt.
#[derive(Clone, Copy, Debug)]
pub struct ConfirmPrompt<'a> {
    /// `Are you sure you want to perform this action?`
    pub query: &'a str,
    /// What is about to happen (Exchange's confirmation message).
    pub message: &'a str,
    /// True when the user asked for it with -Confirm; false when the cmdlet's impact raised it.
    pub explicit: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfirmAnswer {
    Yes,
    YesToAll,
    No,
    NoToAll,
    /// Nobody can answer (no interactive host).
    Unavailable,
}

/// Answers confirmation prompts; the shell will implement an interactive one.
pub trait Confirmer {
    fn confirm(&mut self, prompt: &ConfirmPrompt<'_>) -> ConfirmAnswer;
}

/// No host to ask: impact-raised prompts are answered Yes, explicit `-Confirm` cannot be answered.
#[derive(Clone, Copy, Debug, Default)]
pub struct NonInteractive;

impl Confirmer for NonInteractive {
    fn confirm(&mut self, prompt: &ConfirmPrompt<'_>) -> ConfirmAnswer {
        if prompt.explicit {
            ConfirmAnswer::Unavailable
        } else {
            ConfirmAnswer::Yes
        }
    }
}

/// Answers every prompt the same way (tests, scripted sessions).
#[derive(Clone, Copy, Debug)]
pub struct AlwaysAnswer(pub ConfirmAnswer);

impl Confirmer for AlwaysAnswer {
    fn confirm(&mut self, _prompt: &ConfirmPrompt<'_>) -> ConfirmAnswer {
        self.0
    }
}

/// One item a cmdlet wrote, in the order written.
#[derive(Clone, Debug, PartialEq)]
pub enum Emitted {
    Object(Value),
    /// Without the `WARNING: ` prefix.
    Warning(String),
    /// A non-terminating error.
    Error(ErrorRecord),
    /// Host text such as `What if: …`.
    Information(String),
}

/// Everything an invocation wrote, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    pub items: Vec<Emitted>,
}

impl Output {
    pub fn objects(&self) -> impl Iterator<Item = &Value> {
        self.items.iter().filter_map(|i| match i {
            Emitted::Object(v) => Some(v),
            _ => None,
        })
    }

    pub fn warnings(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|i| match i {
            Emitted::Warning(w) => Some(w.as_str()),
            _ => None,
        })
    }

    pub fn errors(&self) -> impl Iterator<Item = &ErrorRecord> {
        self.items.iter().filter_map(|i| match i {
            Emitted::Error(e) => Some(e),
            _ => None,
        })
    }

    pub fn information(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|i| match i {
            Emitted::Information(s) => Some(s.as_str()),
            _ => None,
        })
    }

    pub fn into_objects(self) -> Vec<Value> {
        self.items
            .into_iter()
            .filter_map(|i| match i {
                Emitted::Object(v) => Some(v),
                _ => None,
            })
            .collect()
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
            ConfirmAnswer::Unavailable => Err(messages::prompt_unavailable()),
        }
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
    cmdlet: &CmdletInfo,
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
