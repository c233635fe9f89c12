//! -SortBy as Exchange's Get-* tasks take it (Get-Mailbox, Get-CASMailbox, Get-MobileDevice): one property from
//! the cmdlet's documented list, named case-insensitively, anything else Exchange's binding error; the selected
//! objects sorted ascending as the directory sorts the stored attribute, before -ResultSize applies. It does not
//! choose the properties (each cmdlet passes its list) nor read them (each cmdlet gives the keys).
//!
//! Sorting needs every match before the first is written (the directory sorts, then pages): O(n log n) in the
//! selected set, nothing more.

use super::messages;
use super::opath::FValue;
use crate::model::eq_ci;
use crate::script::error::ErrorRecord;
use crate::script::params::BoundParameters;

/// The property the bound -SortBy names, as the cmdlet's `sortable` list maps it (`(name, what the cmdlet
/// reads)`); `None` without -SortBy. A name not in the list is Exchange's `ErrorInvalidSortProperty` ([EX13]
/// `Microsoft.Exchange.Management/Exchange/Management/Common/QueryHelper.cs GetSortBy`; names match
/// case-insensitively, `MapPropertyName`).
pub fn from_args<T: Copy>(
    args: &BoundParameters,
    sortable: &[(&str, T)],
) -> Result<Option<T>, ErrorRecord> {
    let Some(name) = args.string("SortBy") else {
        return Ok(None);
    };
    sortable
        .iter()
        .find(|(n, _)| eq_ci(n, name.trim()))
        .map(|&(_, p)| Some(p))
        .ok_or_else(|| messages::invalid_sort_property(name))
}

/// A sort key as the directory orders the stored attribute: strings case-insensitively, dates and enumeration
/// numbers by value, and an entry without the attribute after every entry with it (RFC 2891 §1.1, the server
/// side sort Exchange's query asks the directory for).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey {
    Text(String),
    Number(i64),
    Absent,
}

impl SortKey {
    /// A string attribute; the empty string is an absent one.
    pub fn text(s: &str) -> SortKey {
        if s.is_empty() {
            SortKey::Absent
        } else {
            SortKey::Text(s.to_lowercase())
        }
    }

    /// The key of a filterable value: strings and dates; anything else sorts as absent.
    pub fn of(v: FValue<'_>) -> SortKey {
        match v {
            FValue::Str(s) => SortKey::text(&s),
            FValue::Date(t) => SortKey::Number(t.millis()),
            _ => SortKey::Absent,
        }
    }
}

/// `items` in ascending order of `key`; equal keys keep their order (a stable sort).
pub fn sorted<T>(items: impl Iterator<Item = T>, mut key: impl FnMut(&T) -> SortKey) -> Vec<T> {
    let mut keyed: Vec<(SortKey, T)> = items.map(|item| (key(&item), item)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.into_iter().map(|(_, item)| item).collect()
}
