//! `easim import`'s logic: admins' exports of their production tenant (`Get-Mailbox`, `Get-CASMailbox`,
//! `Get-MobileDevice`, `Get-MobileDeviceStatistics`, `Get-ActiveSyncDeviceAccessRule`,
//! `Get-ActiveSyncOrganizationSettings`, `Get-MobileDeviceMailboxPolicy`, each as `Export-Csv` text with or
//! without the `#TYPE` line, or as `ConvertTo-Json` text) become one `Tenant`, optionally pseudonymised.
//!
//! All or nothing: every problem found is returned, each naming its file, line and column, and no tenant is
//! returned unless there are none. Pure: the caller reads the files and writes the fixture (`model::to_json`).
//!
//! Files: `table` (CSV and JSON records with positions), `fields` (typed values, multi-valued properties),
//! `kinds` (which export, what each record says), `build` (merging records into the tenant), `redact`.

mod build;
mod fields;
mod kinds;
mod redact;
mod table;

#[cfg(test)]
mod tests;

use std::fmt;

use crate::model::Tenant;

pub use kinds::Kind;
pub use redact::{DEFAULT_KEY, Redactor};
pub use table::Pos;

/// One export file's name (as messages should show it) and text.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// How to import.
#[derive(Clone, Debug)]
pub struct Options {
    /// The tenant's domain; by default the most common domain of the primary addresses.
    pub domain: Option<String>,
    /// The password every imported user signs in with (exports carry none).
    pub password: String,
    /// Pseudonymise names, addresses, phone numbers and device IDs.
    pub redact: Option<Redactor>,
    /// Dates are day first (`23/11/2026`), as Export-Csv writes them in en-GB and most European cultures.
    pub day_first: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            domain: None,
            password: "Passw0rd!".to_string(),
            redact: None,
            day_first: false,
        }
    }
}

/// What was imported.
#[derive(Debug)]
pub struct Imported {
    pub tenant: Tenant,
    /// Which export each file was taken for, in the order given.
    pub files: Vec<(String, Kind, usize)>,
    /// Mailboxes left out because easim does not model their type (DiscoveryMailbox, LinkedMailbox …).
    pub skipped_mailboxes: Vec<String>,
    /// Mailboxes made up from devices' owners because no Get-Mailbox or Get-CASMailbox export was given.
    pub synthesized_mailboxes: usize,
}

/// One problem, at a place in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub file: String,
    pub line: u64,
    pub column: u64,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// Every problem of an import; nothing was imported.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ImportErrors {
    pub errors: Vec<ImportError>,
    /// Problems found beyond those listed.
    pub more: usize,
}

/// At most this many problems are listed.
const MAX_LISTED: usize = 50;

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        if self.more > 0 {
            write!(f, "\n… and {} more problems", self.more)?;
        }
        let total = self.errors.len() + self.more;
        write!(
            f,
            "\n{total} problem{} found; nothing was imported",
            if total == 1 { "" } else { "s" }
        )
    }
}

/// A problem before its file is known.
#[derive(Clone, Debug)]
pub(crate) struct Problem {
    pub(crate) pos: Pos,
    pub(crate) message: String,
}

impl Problem {
    pub(crate) fn at(pos: Pos, message: impl Into<String>) -> Problem {
        Problem {
            pos,
            message: message.into(),
        }
    }
}

/// Collects problems, keeping the first `MAX_LISTED`.
#[derive(Default)]
pub(crate) struct Problems {
    errors: Vec<ImportError>,
    more: usize,
}

impl Problems {
    pub(crate) fn push(&mut self, file: &str, p: Problem) {
        if self.errors.len() < MAX_LISTED {
            self.errors.push(ImportError {
                file: file.to_string(),
                line: p.pos.line,
                column: p.pos.column,
                message: p.message,
            });
        } else {
            self.more += 1;
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub(crate) fn into_error(self) -> ImportErrors {
        ImportErrors {
            errors: self.errors,
            more: self.more,
        }
    }
}

/// Imports the exports into one tenant, or returns every problem found.
pub fn import(sources: &[Source<'_>], options: &Options) -> Result<Imported, ImportErrors> {
    build::import(sources, options)
}
