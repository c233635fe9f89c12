//! .NET exception types as `catch` and `throw` see them: the ones scripts name, with their base classes (a
//! `catch [System.IO.IOException]` takes a `FileNotFoundException`, a `catch [SystemException]` a
//! `CommandNotFoundException`) and the message of their parameterless constructor; exception objects
//! (`[System.IO.FileNotFoundException]::new('…')`, `[ArgumentException]'…'`) as values.
//!
//! An exception type not in the table cannot be constructed (an error naming it); a `catch` naming one matches
//! by exact name only.

use crate::model::eq_ci;
use crate::script::value::{PsObject, Value};

/// One exception type: its full .NET name, its base class, and the message `new()` gives it.
pub(crate) struct ExceptionType {
    pub(crate) name: &'static str,
    pub(crate) base: Option<&'static str>,
    pub(crate) message: &'static str,
    /// Whether a one-string constructor takes a parameter name rather than a message (`ArgumentNullException`).
    param_name_ctor: bool,
}

const fn t(name: &'static str, base: &'static str, message: &'static str) -> ExceptionType {
    ExceptionType {
        name,
        base: Some(base),
        message,
        param_name_ctor: false,
    }
}

const SMA: &str = "System.Management.Automation.";

/// The table, base classes first.
static TYPES: &[ExceptionType] = &[
    ExceptionType {
        name: "System.Exception",
        base: None,
        message: "Exception of type 'System.Exception' was thrown.",
        param_name_ctor: false,
    },
    t(
        "System.SystemException",
        "System.Exception",
        "System error.",
    ),
    t(
        "System.ApplicationException",
        "System.Exception",
        "Error in the application.",
    ),
    t(
        "System.ArgumentException",
        "System.SystemException",
        "Value does not fall within the expected range.",
    ),
    ExceptionType {
        name: "System.ArgumentNullException",
        base: Some("System.ArgumentException"),
        message: "Value cannot be null.",
        param_name_ctor: true,
    },
    ExceptionType {
        name: "System.ArgumentOutOfRangeException",
        base: Some("System.ArgumentException"),
        message: "Specified argument was out of the range of valid values.",
        param_name_ctor: true,
    },
    t(
        "System.ArithmeticException",
        "System.SystemException",
        "Overflow or underflow in the arithmetic operation.",
    ),
    t(
        "System.DivideByZeroException",
        "System.ArithmeticException",
        "Attempted to divide by zero.",
    ),
    t(
        "System.OverflowException",
        "System.ArithmeticException",
        "Arithmetic operation resulted in an overflow.",
    ),
    t(
        "System.FormatException",
        "System.SystemException",
        "One of the identified items was in an invalid format.",
    ),
    t(
        "System.InvalidCastException",
        "System.SystemException",
        "Specified cast is not valid.",
    ),
    t(
        "System.InvalidOperationException",
        "System.SystemException",
        "Operation is not valid due to the current state of the object.",
    ),
    t(
        "System.NotSupportedException",
        "System.SystemException",
        "Specified method is not supported.",
    ),
    t(
        "System.NotImplementedException",
        "System.SystemException",
        "The method or operation is not implemented.",
    ),
    t(
        "System.NullReferenceException",
        "System.SystemException",
        "Object reference not set to an instance of an object.",
    ),
    t(
        "System.IndexOutOfRangeException",
        "System.SystemException",
        "Index was outside the bounds of the array.",
    ),
    t(
        "System.Collections.Generic.KeyNotFoundException",
        "System.SystemException",
        "The given key was not present in the dictionary.",
    ),
    t(
        "System.TimeoutException",
        "System.SystemException",
        "The operation has timed out.",
    ),
    t(
        "System.UnauthorizedAccessException",
        "System.SystemException",
        "Attempted to perform an unauthorized operation.",
    ),
    t(
        "System.OutOfMemoryException",
        "System.SystemException",
        "Insufficient memory to continue the execution of the program.",
    ),
    t(
        "System.InsufficientMemoryException",
        "System.OutOfMemoryException",
        "Insufficient memory to continue the execution of the program.",
    ),
    t(
        "System.MemberAccessException",
        "System.SystemException",
        "Cannot access member.",
    ),
    t(
        "System.MissingMemberException",
        "System.MemberAccessException",
        "Attempted to access a missing member.",
    ),
    t(
        "System.MissingFieldException",
        "System.MissingMemberException",
        "Attempted to access a non-existing field.",
    ),
    t(
        "System.IO.IOException",
        "System.SystemException",
        "I/O error occurred.",
    ),
    t(
        "System.IO.FileNotFoundException",
        "System.IO.IOException",
        "Unable to find the specified file.",
    ),
    t(
        "System.IO.DirectoryNotFoundException",
        "System.IO.IOException",
        "Attempted to access a path that is not on the disk.",
    ),
    t(
        "System.IO.PathTooLongException",
        "System.IO.IOException",
        "The specified path, file name, or both are too long. The fully qualified file name must be less than 260 characters, and the directory name must be less than 248 characters.",
    ),
    t(
        "System.Net.WebException",
        "System.InvalidOperationException",
        "An exception occurred during a WebClient request.",
    ),
    t(
        "System.Management.Automation.RuntimeException",
        "System.SystemException",
        "System error.",
    ),
    t(
        "System.Management.Automation.CommandNotFoundException",
        "System.Management.Automation.RuntimeException",
        "System error.",
    ),
    t(
        "System.Management.Automation.ParameterBindingException",
        "System.Management.Automation.RuntimeException",
        "System error.",
    ),
    t(
        "System.Management.Automation.ActionPreferenceStopException",
        "System.Management.Automation.RuntimeException",
        "System error.",
    ),
    t(
        "System.Management.Automation.MethodException",
        "System.Management.Automation.RuntimeException",
        "System error.",
    ),
    t(
        "System.Management.Automation.MethodInvocationException",
        "System.Management.Automation.MethodException",
        "System error.",
    ),
    t(
        "System.Management.Automation.PSInvalidOperationException",
        "System.InvalidOperationException",
        "Operation is not valid due to the current state of the object.",
    ),
    t(
        "System.Management.Automation.PSArgumentException",
        "System.ArgumentException",
        "Value does not fall within the expected range.",
    ),
    t(
        "System.Management.Automation.PSInvalidCastException",
        "System.InvalidCastException",
        "Specified cast is not valid.",
    ),
    t(
        "System.Management.Automation.SessionStateException",
        "System.Management.Automation.RuntimeException",
        "System error.",
    ),
    t(
        "System.Management.Automation.ItemNotFoundException",
        "System.Management.Automation.SessionStateException",
        "System error.",
    ),
    t(
        "System.Management.Automation.PipelineStoppedException",
        "System.Management.Automation.RuntimeException",
        "The pipeline has been stopped.",
    ),
    t(
        "System.Management.Automation.ParentContainsErrorRecordException",
        "System.SystemException",
        "System error.",
    ),
];

/// The exception type a name (as written in brackets: `[DivideByZeroException]`, `[System.IO.IOException]`,
/// `[Management.Automation.RuntimeException]`) refers to.
pub(crate) fn find(name: &str) -> Option<&'static ExceptionType> {
    let n = name.trim();
    TYPES.iter().find(|x| {
        eq_ci(x.name, n)
            || x.name
                .strip_prefix("System.")
                .is_some_and(|short| eq_ci(short, n))
            || x.name
                .strip_prefix(SMA)
                .is_some_and(|short| eq_ci(short, n))
    })
}

/// Whether an exception of type `name` (full name) is a `base` (full name): the same type or derived from it.
pub(crate) fn is_a(name: &str, base: &str) -> bool {
    let mut at = Some(name);
    while let Some(n) = at {
        if eq_ci(n, base) {
            return true;
        }
        at = TYPES.iter().find(|x| eq_ci(x.name, n)).and_then(|x| x.base);
    }
    false
}

/// An exception object: what `[T]::new(…)` and `[T]'message'` make and `$_.Exception` is.
pub(crate) fn object(ty: &ExceptionType, message: &str, inner: Option<Value>) -> Value {
    let mut o = PsObject::with_capacity(ty.name, 2);
    o.push("Message", message.to_string());
    o.push("InnerException", inner.unwrap_or(Value::Null));
    Value::Object(o)
}

/// `[T]::new(args)` and `[T]'message'`: `None` when the arguments fit no constructor the shell models.
pub(crate) fn construct(ty: &'static ExceptionType, args: &[Value]) -> Option<Value> {
    let text = |v: &Value| super::convert::to_str(v);
    Some(match args {
        [] => object(ty, ty.message, None),
        [one] if ty.param_name_ctor => object(
            ty,
            &format!("{}\r\nParameter name: {}", ty.message, text(one)),
            None,
        ),
        [one] => object(ty, &text(one), None),
        [message, inner @ Value::Object(_)] if !ty.param_name_ctor => {
            object(ty, &text(message), Some(inner.clone()))
        }
        [param, message] if ty.param_name_ctor => object(
            ty,
            &format!("{}\r\nParameter name: {}", text(message), text(param)),
            None,
        ),
        [message, file] if ty.name == "System.IO.FileNotFoundException" => {
            let Value::Object(mut o) = object(ty, &text(message), None) else {
                return None;
            };
            o.push("FileName", text(file));
            Value::Object(o)
        }
        _ => return None,
    })
}

/// The table entry of an exception object's type, if the value is one.
pub(crate) fn of_value(v: &Value) -> Option<&'static ExceptionType> {
    let Value::Object(o) = v else { return None };
    TYPES.iter().find(|x| x.name == o.type_name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_classes_match_as_in_dotnet() {
        assert!(is_a(
            "System.IO.FileNotFoundException",
            "System.IO.IOException"
        ));
        assert!(is_a(
            "System.Management.Automation.CommandNotFoundException",
            "System.SystemException"
        ));
        assert!(is_a("System.DivideByZeroException", "System.Exception"));
        assert!(!is_a(
            "System.InsufficientMemoryException",
            "System.IO.IOException"
        ));
        assert_eq!(
            find("DivideByZeroException").map(|t| t.name),
            Some("System.DivideByZeroException")
        );
        assert_eq!(
            find("system.management.automation.runtimeexception").map(|t| t.name),
            Some("System.Management.Automation.RuntimeException")
        );
    }
}
