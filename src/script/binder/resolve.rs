//! Which parameter a `-name` at a call site means, by PowerShell's rules: an exact name or alias
//! (case-insensitive) first, then an unambiguous prefix of a full name. One algorithm for host commands, utility
//! cmdlets and script functions.

use crate::model::eq_ci;

use super::super::error::ErrorRecord;
use super::texts;

/// A parameter a name can resolve to: its full name and its aliases.
pub(crate) struct Candidate<'a, T> {
    pub(crate) name: &'a str,
    pub(crate) aliases: &'a [&'a str],
    pub(crate) item: T,
}

/// The candidate `name` (without its `-`) means: `Ok(None)` when none does, an `AmbiguousParameter` error when
/// it is a prefix of several.
pub(crate) fn resolve<'a, T>(
    name: &str,
    candidates: impl IntoIterator<Item = Candidate<'a, T>>,
) -> Result<Option<T>, ErrorRecord> {
    let mut prefixed: Vec<Candidate<'a, T>> = Vec::new();
    for c in candidates {
        if eq_ci(c.name, name) || c.aliases.iter().any(|a| eq_ci(a, name)) {
            return Ok(Some(c.item));
        }
        if !name.is_empty() && is_prefix(c.name, name) {
            prefixed.push(c);
        }
    }
    match prefixed.len() {
        0 => Ok(None),
        1 => Ok(prefixed.pop().map(|c| c.item)),
        _ => {
            let names: Vec<&str> = prefixed.iter().map(|c| c.name).collect();
            Err(texts::ambiguous_parameter(name, &names))
        }
    }
}

fn is_prefix(full: &str, prefix: &str) -> bool {
    full.len() >= prefix.len()
        && full.is_char_boundary(prefix.len())
        && eq_ci(&full[..prefix.len()], prefix)
}
