//! PowerShell's own texts that more than one part of the language (and its embedders) emit: the
//! CommandNotFoundException text and the NonInteractive prompt error. One copy each, so the shell, Get-Command and
//! the admin endpoint cannot word them differently.
//!
//! The texts are Windows PowerShell 5.1's (the shell reports `$PSVersionTable.PSVersion` 5.1, as the Exchange
//! Management Shell does). Exchange's own product strings live with the Exchange cmdlets, not here.

use super::error::{ErrorCategory, ErrorRecord};

/// How much of a caller's input an error message quotes (defined beside `ErrorRecord`, which bounds its target
/// the same way).
pub use super::error::{QUOTE_LIMIT, quoted};

/// A prompt that needs an answer where nobody can give one (PowerShell's NonInteractive text).
pub fn prompt_unavailable() -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::InvalidOperation,
        "HostException",
        "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.",
    )
}

/// The text of PowerShell 5.1's CommandNotFoundException for `name`.
pub fn command_not_found_text(name: &str) -> String {
    let name = quoted(name);
    format!(
        "The term '{name}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again."
    )
}

/// A command name nobody knows (PowerShell's CommandNotFoundException).
pub fn unknown_command(name: &str) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::ObjectNotFound,
        "CommandNotFoundException",
        command_not_found_text(name),
    )
    .with_target(quoted(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_input_is_quoted_as_a_bounded_prefix() {
        assert_eq!(quoted("Get-Mailbox"), "Get-Mailbox");
        let huge = "é".repeat(1_000_000);
        let q = quoted(&huge);
        assert_eq!(q.chars().count(), QUOTE_LIMIT + 1);
        assert!(q.ends_with('…'));
        let e = unknown_command(&huge);
        assert!(e.message.len() < 2 * 1024, "{} bytes", e.message.len());
    }
}
