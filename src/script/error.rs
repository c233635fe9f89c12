//! Error records as PowerShell carries them: a message, an `ErrorCategory`, an error id (the exception type name
//! Exchange's errors show) and the target object, so the shell can honour `-ErrorAction` and render
//! `CategoryInfo`, and the HTTP adapter can fill the error body's `details`.
//!
//! Whether an error is terminating is decided by how a cmdlet reports it (`Err` from `run` versus
//! `CmdletContext::write_error`), not by the record. The literal texts live in `messages`.

use std::borrow::Cow;
use std::fmt;

/// How much of a caller's input an error message quotes: a 15 MB identity must not become a 60 MB error.
pub const QUOTE_LIMIT: usize = 256;

/// The longest message an `ErrorRecord` keeps. Messages quote input through `quoted`, so they stay far below it;
/// it is the backstop for a text that quotes input some other way (a parser's own error, say).
pub const MESSAGE_LIMIT: usize = 4096;

/// `text` as an error message quotes it: whole up to `QUOTE_LIMIT` characters, else its first `QUOTE_LIMIT`
/// characters and `…` (no input can make an error message unboundedly long).
pub fn quoted(text: &str) -> Cow<'_, str> {
    bounded(text, QUOTE_LIMIT)
}

/// `text` cut after `limit` characters, with `…` where it was cut.
fn bounded(text: &str, limit: usize) -> Cow<'_, str> {
    match text.char_indices().nth(limit) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
    }
}

/// Owned `text`, cut as `bounded` cuts it (no copy when it is short enough).
fn bounded_owned(text: String, limit: usize) -> String {
    match bounded(&text, limit) {
        Cow::Borrowed(_) => text,
        Cow::Owned(cut) => cut,
    }
}

/// PowerShell's `System.Management.Automation.ErrorCategory`, with its numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCategory {
    NotSpecified = 0,
    InvalidArgument = 5,
    InvalidData = 6,
    InvalidOperation = 7,
    InvalidResult = 8,
    InvalidType = 9,
    MetadataError = 10,
    NotImplemented = 11,
    ObjectNotFound = 13,
    OperationStopped = 14,
    OperationTimeout = 15,
    ParserError = 17,
    PermissionDenied = 18,
    ResourceExists = 20,
    ResourceUnavailable = 21,
    WriteError = 23,
    ProtocolError = 26,
    ConnectionError = 27,
    AuthenticationError = 28,
}

impl ErrorCategory {
    pub fn name(self) -> &'static str {
        match self {
            ErrorCategory::NotSpecified => "NotSpecified",
            ErrorCategory::InvalidArgument => "InvalidArgument",
            ErrorCategory::InvalidData => "InvalidData",
            ErrorCategory::InvalidOperation => "InvalidOperation",
            ErrorCategory::InvalidResult => "InvalidResult",
            ErrorCategory::InvalidType => "InvalidType",
            ErrorCategory::MetadataError => "MetadataError",
            ErrorCategory::NotImplemented => "NotImplemented",
            ErrorCategory::ObjectNotFound => "ObjectNotFound",
            ErrorCategory::OperationStopped => "OperationStopped",
            ErrorCategory::OperationTimeout => "OperationTimeout",
            ErrorCategory::ParserError => "ParserError",
            ErrorCategory::PermissionDenied => "PermissionDenied",
            ErrorCategory::ResourceExists => "ResourceExists",
            ErrorCategory::ResourceUnavailable => "ResourceUnavailable",
            ErrorCategory::WriteError => "WriteError",
            ErrorCategory::ProtocolError => "ProtocolError",
            ErrorCategory::ConnectionError => "ConnectionError",
            ErrorCategory::AuthenticationError => "AuthenticationError",
        }
    }

    /// Every category, in numeric order.
    pub const ALL: [ErrorCategory; 19] = [
        ErrorCategory::NotSpecified,
        ErrorCategory::InvalidArgument,
        ErrorCategory::InvalidData,
        ErrorCategory::InvalidOperation,
        ErrorCategory::InvalidResult,
        ErrorCategory::InvalidType,
        ErrorCategory::MetadataError,
        ErrorCategory::NotImplemented,
        ErrorCategory::ObjectNotFound,
        ErrorCategory::OperationStopped,
        ErrorCategory::OperationTimeout,
        ErrorCategory::ParserError,
        ErrorCategory::PermissionDenied,
        ErrorCategory::ResourceExists,
        ErrorCategory::ResourceUnavailable,
        ErrorCategory::WriteError,
        ErrorCategory::ProtocolError,
        ErrorCategory::ConnectionError,
        ErrorCategory::AuthenticationError,
    ];

    pub fn number(self) -> i32 {
        self as i32
    }

    /// The category with PowerShell's number `n` (the admin endpoint sends categories as numbers).
    pub fn from_number(n: i32) -> Option<ErrorCategory> {
        ErrorCategory::ALL.into_iter().find(|c| c.number() == n)
    }
}

/// One error: what PowerShell's `ErrorRecord` holds that the shell and the HTTP adapter need.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ErrorRecord {
    /// The text the user sees (Exchange's literal text where one is known).
    pub message: String,
    pub category: ErrorCategory,
    /// The exception type name or FullyQualifiedErrorId stem, e.g. `ManagementObjectNotFoundException`.
    pub error_id: &'static str,
    /// The object the error is about (an identity, a parameter name), when there is one.
    pub target: Option<String>,
}

impl ErrorRecord {
    pub fn new(
        category: ErrorCategory,
        error_id: &'static str,
        message: impl Into<String>,
    ) -> ErrorRecord {
        ErrorRecord {
            message: bounded_owned(message.into(), MESSAGE_LIMIT),
            category,
            error_id,
            target: None,
        }
    }

    /// Sets the target, quoted as error messages quote input (at most `QUOTE_LIMIT` characters).
    pub fn with_target(mut self, target: impl Into<String>) -> ErrorRecord {
        self.target = Some(bounded_owned(target.into(), QUOTE_LIMIT));
        self
    }

    /// PowerShell's `CategoryInfo` line: `ObjectNotFound: (alice:String) [Get-Mailbox], Exception`.
    pub fn category_info(&self, cmdlet: &str) -> String {
        format!(
            "{}: ({}:String) [{cmdlet}], {}",
            self.category.name(),
            self.target.as_deref().unwrap_or(""),
            self.error_id
        )
    }
}

impl fmt::Display for ErrorCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
