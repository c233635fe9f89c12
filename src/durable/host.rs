//! `JournalingHost`: the in-process shell's cmdlet host with a state directory (`easim shell --state DIR`). It runs
//! each bound invocation on a `LocalHost`, then journals it — as the InvokeCommand body the remote host would send
//! (`admin::wire`), with the time, the caller and the answers its prompts got — and commits the entry before the
//! shell goes on, so what the shell has shown as done survives the process.

use crate::admin::LocalHost;
use crate::admin::wire::{self, Mode};
use crate::model::Timestamp;
use crate::script::{
    BoundParameters, CmdletHost, CmdletInfo, ConfirmAnswer, ConfirmPrompt, Confirmer,
    ErrorCategory, ErrorRecord, Output, Registry,
};

use super::entry::{AdminCall, Entry};
use super::journal::Journal;

/// A `LocalHost` whose changes are journaled.
pub struct JournalingHost<'t> {
    pub inner: LocalHost<'t>,
    journal: &'t Journal,
}

impl<'t> JournalingHost<'t> {
    pub fn new(inner: LocalHost<'t>, journal: &'t Journal) -> JournalingHost<'t> {
        JournalingHost { inner, journal }
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

impl CmdletHost for JournalingHost<'_> {
    fn invoke(
        &mut self,
        cmdlet: &'static CmdletInfo,
        args: &BoundParameters,
        confirmer: &mut dyn Confirmer,
    ) -> Result<Output, ErrorRecord> {
        let mut recording = Recording {
            inner: confirmer,
            answers: Vec::new(),
        };
        let result = self.inner.invoke(cmdlet, args, &mut recording);
        if cmdlet.changes_state() {
            let entry = Entry::Admin(AdminCall {
                now: self.inner.now,
                user: self.inner.user.clone(),
                body: wire::request_body(cmdlet, args, Mode::AsBound),
                answers: Some(recording.answers),
            });
            let seq = self.journal.append(&entry);
            if let Err(e) = self.journal.commit(seq) {
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
        self.inner.now
    }

    fn registry(&self) -> &'static Registry {
        self.inner.registry()
    }
}
