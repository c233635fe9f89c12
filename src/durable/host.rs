//! `JournalingHost`: the in-process shell's cmdlet host with a state directory (`easim shell --state DIR`). It runs
//! each bound invocation on the host it wraps, then journals it — as the InvokeCommand body the remote host would
//! send (`admin::wire`), with the time, the caller and the answers its prompts got — and commits the entry before
//! the shell goes on, so what the shell has shown as done survives the process.
//!
//! Only Exchange's cmdlets are journaled (replay runs them again through `admin::invoke`). Any other command the
//! wrapped host runs (the device simulator's, which change partnerships through simulated EAS requests) is refused
//! in such a session: its changes could not be replayed.

use std::sync::Arc;

use crate::admin::cmdlets;
use crate::admin::wire::{self, Mode};
use crate::model::Timestamp;
use crate::script::{
    BoundParameters, CmdletHost, CmdletInfo, ConfirmAnswer, ConfirmPrompt, Confirmer,
    ErrorCategory, ErrorRecord, Output, Registry,
};

use super::Durable;
use super::entry::{AdminCall, Entry};

/// A cmdlet host whose changes are journaled.
pub struct JournalingHost<H> {
    pub inner: H,
    durable: Arc<Durable>,
    /// Who runs the cmdlets, as the wrapped host names them (the audit log's Caller).
    user: String,
}

impl<H: CmdletHost> JournalingHost<H> {
    pub fn new(inner: H, durable: Arc<Durable>, user: impl Into<String>) -> JournalingHost<H> {
        JournalingHost {
            inner,
            durable,
            user: user.into(),
        }
    }

    pub fn durable(&self) -> &Arc<Durable> {
        &self.durable
    }
}

/// Passes prompts on and remembers the answers.
struct Recording<'a> {
    inner: &'a mut dyn Confirmer,
    answers: Vec<ConfirmAnswer>,
}

impl Confirmer for Recording<'_> {
    fn confirm(&mut self, prompt: &ConfirmPrompt<'_>) -> ConfirmAnswer {
        let a = self.inner.confirm(prompt);
        self.answers.push(a);
        a
    }
}

impl<H: CmdletHost> CmdletHost for JournalingHost<H> {
    fn invoke(
        &mut self,
        cmdlet: &'static CmdletInfo,
        args: &BoundParameters,
        confirmer: &mut dyn Confirmer,
    ) -> Result<Output, ErrorRecord> {
        if cmdlets::of_info(cmdlet).is_err() {
            return Err(ErrorRecord::new(
                ErrorCategory::InvalidOperation,
                "NotJournaled",
                format!(
                    "{} is not available in a shell with --state: the changes it makes could not be replayed from the journal. Run it without --state, or against easim serve --state with --connect.",
                    cmdlet.name
                ),
            ));
        }
        let mut recording = Recording {
            inner: confirmer,
            answers: Vec::new(),
        };
        let result = self.inner.invoke(cmdlet, args, &mut recording);
        if cmdlet.changes_state() {
            let entry = Entry::Admin(AdminCall {
                now: self.inner.now(),
                user: self.user.clone(),
                body: wire::request_body(cmdlet, args, Mode::AsBound),
                answers: Some(recording.answers),
            });
            let journal = self.durable.journal();
            let seq = journal.append(&entry);
            if let Err(e) = journal.commit(seq) {
                return Err(ErrorRecord::new(
                    ErrorCategory::WriteError,
                    "JournalWriteFailed",
                    format!(
                        "{} ran, but its change could not be written to the state directory's journal ({e}); it will be lost when the shell exits.",
                        cmdlet.name
                    ),
                ));
            }
        }
        result
    }

    fn now(&self) -> Timestamp {
        self.inner.now()
    }

    fn registry(&self) -> &'static Registry {
        self.inner.registry()
    }
}
