//! What the administrator audit log records of one cmdlet run (`context::invoke` calls `record` after every
//! invocation): cmdlets that change something — Exchange audits "each cmdlet run, excluding Get cmdlets"
//! (<https://learn.microsoft.com/powershell/module/exchange/get-adminauditlogconfig>); here, the cmdlets with a
//! ConfirmImpact, which are exactly those that can change the tenant — whether they succeeded or failed. A `-WhatIf`
//! run changes nothing and is not recorded.
//!
//! An entry carries `CmdletName`, `CmdletParameters` (name and value text of every bound parameter, in the
//! cmdlet's declaration order; common parameters left out), `ObjectModified` (the `Identity` given, else the `Name`), `Caller`, `RunDate`,
//! `Succeeded` and `Error`, as the log structure describes them
//! (<https://learn.microsoft.com/exchange/policy-and-compliance/admin-audit-logging/log-structure>). A parameter
//! value longer than `MAX_VALUE_CHARS` is kept as its prefix and `…` (Import-Tenant's -Json is a whole tenant), so
//! one entry stays small.

use crate::model::{AuditEntry, AuditParameter};
use crate::script::{Arg, BoundParameters, CmdletInfo, ErrorRecord, MultiValued, ParamType};

use super::params::{BYTE_SIZE_TYPE, TIME_SPAN_TYPE};

/// Longest parameter value text kept whole.
pub const MAX_VALUE_CHARS: usize = 1000;

/// The entry for one run, or `None` when the run is not audited.
pub fn entry(
    cmdlet: &CmdletInfo,
    args: &BoundParameters,
    what_if: bool,
    caller: &str,
    run_date: crate::model::Timestamp,
    error: Option<&ErrorRecord>,
) -> Option<AuditEntry> {
    if !cmdlet.changes_state() || what_if {
        return None;
    }
    let parameters = parameters(cmdlet, args);
    let object_modified = args
        .value("Identity")
        .or_else(|| args.value("Name"))
        .map(|v| bounded(v.to_text()))
        .unwrap_or_default();
    Some(AuditEntry {
        cmdlet: cmdlet.name.to_string(),
        parameters,
        object_modified,
        caller: caller.to_string(),
        run_date,
        succeeded: error.is_none(),
        error: error.map(|e| bounded(e.message.clone())),
    })
}

/// The bound parameters as the audit log records them (name and bounded value text), in the cmdlet's declaration
/// order, not binding order: the shell, the endpoint's JSON and a replay bind the same arguments in different
/// orders, and must record the same entry. The console's live feed shows them too.
pub fn parameters(cmdlet: &CmdletInfo, args: &BoundParameters) -> Vec<AuditParameter> {
    cmdlet
        .parameters
        .iter()
        .filter_map(|p| {
            let arg = args.get(p.name)?;
            Some(AuditParameter {
                name: p.name.to_string(),
                value: bounded(arg_text(arg, Some(p.ty))),
            })
        })
        .collect()
}

/// A bound argument as text: lists joined by commas, `@{Add=…;Remove=…}` edits as written, time spans and sizes
/// in Exchange's forms.
fn arg_text(arg: &Arg, ty: Option<ParamType>) -> String {
    match arg {
        Arg::Value(crate::script::Value::Array(items)) => items
            .to_vec()
            .iter()
            .map(crate::script::Value::to_text)
            .collect::<Vec<_>>()
            .join(","),
        Arg::Value(v) => v.to_text(),
        Arg::Unlimited(None) => "Unlimited".to_string(),
        Arg::Unlimited(Some(n)) => match ty {
            Some(t) if t.is_custom(&TIME_SPAN_TYPE) => {
                let (d, h, m, s) = (n / 86_400, n / 3600 % 24, n / 60 % 60, n % 60);
                if d > 0 {
                    format!("{d}.{h:02}:{m:02}:{s:02}")
                } else {
                    format!("{h:02}:{m:02}:{s:02}")
                }
            }
            Some(t) if t.is_custom(&BYTE_SIZE_TYPE) => format!("{n} KB"),
            _ => n.to_string(),
        },
        Arg::Multi(MultiValued::Replace(items)) => items.join(","),
        Arg::Multi(MultiValued::Edit { add, remove }) => {
            let mut parts = Vec::new();
            if !add.is_empty() {
                parts.push(format!("Add={}", add.join(",")));
            }
            if !remove.is_empty() {
                parts.push(format!("Remove={}", remove.join(",")));
            }
            format!("@{{{}}}", parts.join(";"))
        }
    }
}

/// At most `MAX_VALUE_CHARS` characters, with `…` when cut.
fn bounded(text: String) -> String {
    match text.char_indices().nth(MAX_VALUE_CHARS) {
        None => text,
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_keep_a_prefix() {
        assert_eq!(bounded("abc".into()), "abc");
        let long = "é".repeat(MAX_VALUE_CHARS + 10);
        let cut = bounded(long);
        assert_eq!(cut.chars().count(), MAX_VALUE_CHARS + 1);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn edits_and_spans_read_as_written() {
        let edit = Arg::Multi(MultiValued::Edit {
            add: vec!["a".into(), "b".into()],
            remove: vec!["c".into()],
        });
        assert_eq!(arg_text(&edit, None), "@{Add=a,b;Remove=c}");
        let span = Arg::Unlimited(Some(90 * 86_400 + 61));
        assert_eq!(
            arg_text(&span, Some(crate::admin::params::TIME_SPAN)),
            "90.00:01:01"
        );
        assert_eq!(arg_text(&Arg::Unlimited(None), None), "Unlimited");
    }
}
