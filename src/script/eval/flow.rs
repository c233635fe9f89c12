//! How evaluation leaves the normal path: `Flow` (terminating errors, `break`/`continue` with labels,
//! `return`, `exit`, an interrupt) and `RuntimeError`, a PowerShell error record with the span of the command or
//! expression that failed, plus the constructors for the runtime errors PowerShell itself raises (with its texts).
//!
//! Rendering an error for a user (the `At line:L char:C` block) is `render`'s job, given the source text; nothing
//! here writes anywhere.

use crate::script::error::{ErrorCategory, ErrorRecord};
use crate::script::syntax::{LineIndex, Span};

/// A terminating error, or a non-terminating one on its way to the error stream (boxed: errors travel in
/// `Result`s on every evaluation path, which should stay small).
#[derive(Clone, Debug)]
pub(crate) struct RuntimeError(Box<ErrorData>);

/// What a `RuntimeError` carries.
#[derive(Clone, Debug)]
pub(crate) struct ErrorData {
    pub(crate) record: ErrorRecord,
    /// The command the error came from (`Set-CASMailbox`), shown as `Set-CASMailbox : message`.
    pub(crate) command: Option<String>,
    /// Where it happened, in source unit `unit` (the session keeps every unit's text).
    pub(crate) span: Option<Span>,
    pub(crate) unit: u32,
    /// The value `throw` threw, when it threw an object rather than text (`$_.TargetObject` in `catch`).
    pub(crate) thrown: Option<crate::script::value::Value>,
    /// PowerShell's FullyQualifiedErrorId when it is not the record's error id (`throw "x"` uses the text).
    pub(crate) fqid: Option<String>,
    /// The exception object (`$_.Exception`) when it is not the one the error id implies: a thrown
    /// `[System.IO.FileNotFoundException]`, a RuntimeException wrapping a `DivideByZeroException`.
    pub(crate) exception: Option<crate::script::value::Value>,
    /// Script-terminating (`throw`, `-ErrorAction Stop`): stops the script unless caught. Other terminating
    /// errors (a cmdlet's, a method call on `$null`) stop only the statement they happen in.
    pub(crate) script: bool,
}

/// Why evaluation stopped going straight on.
#[derive(Debug)]
pub(crate) enum Flow {
    /// A terminating error.
    Error(Box<RuntimeError>),
    Break(Option<Box<str>>),
    Continue(Option<Box<str>>),
    /// `return` (its value, if any, has already been written to the output).
    Return,
    Exit(i32),
    /// The host asked to stop (Ctrl+C).
    Stopped,
}

pub(crate) type Res<T> = Result<T, Flow>;

impl RuntimeError {
    pub(crate) fn new(record: ErrorRecord) -> RuntimeError {
        RuntimeError(Box::new(ErrorData {
            record,
            command: None,
            span: None,
            unit: 0,
            thrown: None,
            fqid: None,
            exception: None,
            script: false,
        }))
    }

    /// Sets the position unless one is already known (the innermost position wins).
    pub(crate) fn at(mut self, span: Span, unit: u32) -> RuntimeError {
        if self.span.is_none() {
            self.span = Some(span);
            self.unit = unit;
        }
        self
    }

    pub(crate) fn in_command(mut self, command: impl Into<String>) -> RuntimeError {
        if self.command.is_none() {
            self.command = Some(command.into());
        }
        self
    }
}

impl std::ops::Deref for RuntimeError {
    type Target = ErrorData;

    fn deref(&self) -> &ErrorData {
        &self.0
    }
}

impl std::ops::DerefMut for RuntimeError {
    fn deref_mut(&mut self) -> &mut ErrorData {
        &mut self.0
    }
}

impl From<RuntimeError> for Flow {
    fn from(e: RuntimeError) -> Flow {
        Flow::Error(Box::new(e))
    }
}

/// A terminating runtime error with PowerShell's category `RuntimeException` shape.
pub(crate) fn runtime(
    category: ErrorCategory,
    id: &'static str,
    message: impl Into<String>,
) -> RuntimeError {
    RuntimeError::new(ErrorRecord::new(category, id, message))
}

/// The error id of a refused construct.
pub(crate) const NOT_SUPPORTED: &str = "NotSupportedByEasim";

/// A construct the simulator does not implement: always an error naming it, never a silent wrong result. It ends
/// the script (what follows would run on a guess) and no `catch` takes it.
pub(crate) fn unsupported(what: impl std::fmt::Display) -> RuntimeError {
    runtime(
        ErrorCategory::NotImplemented,
        NOT_SUPPORTED,
        format!("{what} is not supported by the easim shell."),
    )
    .stopping()
}

pub(crate) fn invoke_method_on_null() -> RuntimeError {
    runtime(
        ErrorCategory::InvalidOperation,
        "InvokeMethodOnNull",
        "You cannot call a method on a null-valued expression.",
    )
}

pub(crate) fn null_index() -> RuntimeError {
    runtime(
        ErrorCategory::InvalidOperation,
        "NullArray",
        "Cannot index into a null array.",
    )
}

pub(crate) fn method_not_found(type_name: &str, method: &str) -> RuntimeError {
    runtime(
        ErrorCategory::InvalidOperation,
        "MethodNotFound",
        format!(
            "Method invocation failed because [{type_name}] does not contain a method named '{method}'."
        ),
    )
}

/// `Exception calling "Substring" with "2" argument(s): "…"`.
pub(crate) fn method_exception(method: &str, args: usize, message: &str) -> RuntimeError {
    runtime(
        ErrorCategory::NotSpecified,
        "MethodInvocationException",
        format!("Exception calling \"{method}\" with \"{args}\" argument(s): \"{message}\""),
    )
}

pub(crate) fn wrong_arg_count(method: &str, args: usize) -> RuntimeError {
    runtime(
        ErrorCategory::NotSpecified,
        "MethodCountCouldNotFindBest",
        format!("Cannot find an overload for \"{method}\" and the argument count: \"{args}\"."),
    )
}

pub(crate) fn convert_error(value: &str, type_name: &str, detail: &str) -> RuntimeError {
    let msg = if detail.is_empty() {
        format!("Cannot convert value \"{value}\" to type \"{type_name}\".")
    } else {
        format!("Cannot convert value \"{value}\" to type \"{type_name}\". Error: \"{detail}\"")
    };
    runtime(
        ErrorCategory::InvalidArgument,
        "InvalidCastParseTargetInvocation",
        msg,
    )
}

pub(crate) fn command_not_found(name: &str) -> RuntimeError {
    runtime(
        ErrorCategory::ObjectNotFound,
        "CommandNotFoundException",
        crate::script::messages::command_not_found_text(name),
    )
    .with_target(name)
}

pub(crate) fn property_not_found(name: &str) -> RuntimeError {
    runtime(
        ErrorCategory::InvalidOperation,
        "PropertyNotFound",
        format!(
            "The property '{name}' cannot be found on this object. Verify that the property exists and can be set."
        ),
    )
}

impl RuntimeError {
    /// Marks the error script-terminating.
    pub(crate) fn stopping(mut self) -> RuntimeError {
        self.script = true;
        self
    }

    /// Sets the FullyQualifiedErrorId `$_` shows when it is not the record's error id.
    pub(crate) fn with_fqid(mut self, fqid: impl Into<String>) -> RuntimeError {
        self.fqid = Some(fqid.into());
        self
    }

    pub(crate) fn with_target(mut self, target: impl Into<String>) -> RuntimeError {
        self.record.target = Some(target.into());
        self
    }
}

/// The `At line:L char:C` block under an error message: the source line and a `~` marker under the span.
pub(crate) fn position_text(source: &str, span: Span) -> String {
    let index = LineIndex::new(source);
    let start = index.position(span.start);
    let end = index.position(span.end);
    let line = index.line_text(start.line);
    let shown: String = line
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let before = (start.column as usize).saturating_sub(1);
    let width = if end.line == start.line {
        (end.column as usize).saturating_sub(start.column as usize)
    } else {
        shown.chars().count().saturating_sub(before)
    };
    format!(
        "At line:{} char:{}\n+ {}\n+ {}{}",
        start.line,
        start.column,
        shown.trim_end(),
        " ".repeat(before),
        "~".repeat(width.max(1))
    )
}

/// The whole error as PowerShell 5.1 shows it: `Cmdlet : message`, the position block, and the
/// `CategoryInfo` / `FullyQualifiedErrorId` lines.
pub(crate) fn render(error: &RuntimeError, source: Option<&str>) -> String {
    let r = &error.record;
    let mut out = match &error.command {
        Some(c) => format!("{c} : {}", r.message),
        None => r.message.clone(),
    };
    if let (Some(span), Some(src)) = (error.span, source) {
        out.push('\n');
        out.push_str(&position_text(src, span));
    }
    let target = r.target.as_deref().unwrap_or("");
    let target = if target.is_empty() {
        ":".to_string()
    } else {
        format!("{target}:String")
    };
    let command = error.command.as_deref().unwrap_or("");
    out.push_str(&format!(
        "\n    + CategoryInfo          : {}: ({target}) [{command}], {}",
        r.category.name(),
        r.error_id
    ));
    let fqid = if let Some(f) = &error.fqid {
        f.clone()
    } else if command.is_empty() {
        r.error_id.to_string()
    } else {
        format!("{},{command}", r.error_id)
    };
    out.push_str(&format!("\n    + FullyQualifiedErrorId : {fqid}"));
    out
}
