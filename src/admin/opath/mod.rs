//! OPATH `-Filter` expressions: lexer, parser, binding to a cmdlet's filterable properties, evaluation, and an
//! index plan so cmdlets can answer selective filters without scanning the tenant.
//!
//! Supported: `-eq -ne -lt -gt -le -ge -like -notlike -and -or -not`, parentheses, `$true/$false/$null`, quoted
//! and bare values, case-insensitive property names and string comparisons, enum values by name or number, dates
//! in ISO 8601 or `M/d/yyyy [h:mm:ss AM]`. As in the directory, an empty string counts as `$null`, a multi-valued
//! property matches when any value does, and `-like` knows only `*`. Errors name the 1-based character position.
//!
//! What a property's value is for a record (a device, a mailbox) is the cmdlet's business (`Record`); this module
//! knows nothing of the tenant.

mod eval;
mod lexer;
mod parser;

use std::fmt;

pub use eval::{Filter, Lit, Plan};
pub use parser::{Expr, Op, RawValue, parse};

use crate::model::{Guid, Timestamp};

use crate::script::error::quoted;
use crate::script::value::{EnumInfo, EnumValue};

/// The type of a filterable property.
#[derive(Clone, Copy, Debug)]
pub enum PropType {
    String,
    /// A multi-valued string property.
    Strings,
    Bool,
    Int,
    DateTime,
    Guid,
    Enum(&'static EnumInfo),
}

/// A filterable property.
#[derive(Clone, Copy, Debug)]
pub struct PropDef {
    pub name: &'static str,
    pub ty: PropType,
}

impl PropDef {
    pub const fn new(name: &'static str, ty: PropType) -> PropDef {
        PropDef { name, ty }
    }
}

/// A property's value on one record, borrowed where possible.
#[derive(Clone, Debug, PartialEq)]
pub enum FValue<'a> {
    Null,
    Str(std::borrow::Cow<'a, str>),
    Strs(&'a [String]),
    Bool(bool),
    Int(i64),
    Date(Timestamp),
    Guid(Guid),
    Enum(EnumValue),
}

impl<'a> From<&'a str> for FValue<'a> {
    fn from(s: &'a str) -> FValue<'a> {
        FValue::Str(std::borrow::Cow::Borrowed(s))
    }
}

impl From<Option<Timestamp>> for FValue<'_> {
    fn from(t: Option<Timestamp>) -> Self {
        t.map_or(FValue::Null, FValue::Date)
    }
}

/// Something a filter can be evaluated on: `prop` indexes the schema the filter was compiled against.
pub trait Record {
    fn get(&self, prop: usize) -> FValue<'_>;
}

/// What went wrong, for the message's opening words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Syntax,
    UnknownProperty,
    BadValue,
}

/// A filter that cannot be used, with the 1-based position Exchange's messages give.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct OpathError {
    pub kind: ErrorKind,
    /// 1-based character position in the filter text.
    pub position: usize,
    pub filter: String,
    /// What exactly is wrong at that position.
    pub detail: String,
}

impl OpathError {
    pub(crate) fn new(kind: ErrorKind, filter: &str, pos0: usize, detail: String) -> OpathError {
        OpathError {
            kind,
            position: pos0 + 1,
            filter: filter.to_string(),
            detail,
        }
    }
}

impl fmt::Display for OpathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let help = "For a description of the filter parameter syntax see the command help.";
        match self.kind {
            ErrorKind::Syntax => write!(f, "Invalid filter syntax. {help}")?,
            ErrorKind::UnknownProperty => write!(f, "{} {help}", self.detail)?,
            ErrorKind::BadValue => write!(f, "{}", self.detail)?,
        }
        // Input is quoted as every error quotes it: a prefix of at most QUOTE_LIMIT characters.
        write!(
            f,
            " \"{}\" at position {}.",
            quoted(&self.filter),
            self.position
        )?;
        if self.kind == ErrorKind::Syntax {
            write!(f, " {}", self.detail)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
