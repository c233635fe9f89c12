//! A utility cmdlet's bound arguments (`UArgs`): the one binder's `BoundParameters` and the common parameters the
//! shell acts on, with the accessors the cmdlets read them through. Knows nothing of the interpreter.

use crate::script::binder::texts;
use crate::script::params::{ActionPreference, Arg, BoundParameters};
use crate::script::value::Value;

use super::flow::RuntimeError;

/// A utility cmdlet's bound arguments: the binder's `BoundParameters` (every parameter unconverted or a switch)
/// and the common parameters the shell acts on.
#[derive(Debug, Default)]
pub(crate) struct UArgs {
    pub(crate) bound: BoundParameters,
    pub(crate) error_action: Option<ActionPreference>,
    pub(crate) warning_action: Option<ActionPreference>,
    pub(crate) verbose: bool,
}

impl UArgs {
    pub(crate) fn get(&self, name: &str) -> Option<&Value> {
        self.bound.value(name)
    }

    pub(crate) fn take(&mut self, name: &str) -> Option<Value> {
        match self.bound.take(name)? {
            Arg::Value(v) => Some(v),
            _ => None,
        }
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    pub(crate) fn switch(&self, name: &str) -> bool {
        self.get(name).is_some_and(super::convert::is_true)
    }

    pub(crate) fn string(&self, name: &str) -> Option<String> {
        self.get(name).map(super::convert::to_str)
    }

    /// A whole-number argument, with PowerShell's conversion error.
    pub(crate) fn int(&self, name: &str) -> Result<Option<i64>, RuntimeError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => super::convert::to_int(v).map(Some).ok_or_else(|| {
                RuntimeError::new(texts::cannot_bind(
                    name,
                    format!(
                        "Cannot convert value \"{}\" to type \"System.Int32\". Error: \"Input string was not in a correct format.\"",
                        super::convert::to_str(v)
                    ),
                ))
            }),
        }
    }
}
