//! The shell's built-in commands as the evaluator sees them: looking a utility cmdlet (`interp::UtilityInfo`) up
//! in a session's table, its signature in the shared `CmdletInfo` shape, and binding its arguments through the
//! one binder (into `args::UArgs`). The cmdlets themselves are `script::utility`'s; the session gives the evaluator their table, so the
//! evaluator does not depend on them.

use crate::model::eq_ci;
use crate::script::binder::{self, BindOptions, NamedArg, takes_value};
use crate::script::cmdlet::CmdletInfo;
use crate::script::params::BoundParameters;

use super::args::UArgs;
use super::flow::RuntimeError;
use super::functions::{RawArg, pair_args};
use super::interp::UtilityInfo;

/// The utility cmdlet called `name` in `table` (case-insensitive, not aliases).
pub(crate) fn find(
    table: &'static [&'static UtilityInfo],
    name: &str,
) -> Option<&'static UtilityInfo> {
    table.iter().copied().find(|u| eq_ci(u.name, name.trim()))
}

/// The command an alias in `table` stands for (`%` → ForEach-Object, `ft` → Format-Table).
pub(crate) fn resolve_alias(
    table: &'static [&'static UtilityInfo],
    name: &str,
) -> Option<&'static str> {
    table
        .iter()
        .find(|u| u.aliases.iter().any(|a| eq_ci(a, name)))
        .map(|u| u.name)
}

impl UtilityInfo {
    /// The cmdlet's signature in the shape every command shares, so it binds with the one binder.
    pub(crate) fn signature(&self) -> CmdletInfo {
        CmdletInfo {
            name: self.name,
            synopsis: self.synopsis,
            output_type: None,
            parameters: self.params,
            // A utility cmdlet with parameter sets lists a parameter of its default set first.
            default_parameter_set: self
                .params
                .iter()
                .find_map(|p| p.sets.first().copied())
                .unwrap_or(""),
            confirm_impact: None,
            examples: self.examples,
        }
    }
}

/// Binds call-site arguments to a utility cmdlet's parameters (with the one binder; the pipeline parameter is
/// the stage's input, so it may be missing now).
pub(crate) fn bind(
    info: &UtilityInfo,
    raw: Vec<RawArg>,
    culture: &'static crate::script::culture::Culture,
) -> Result<UArgs, RuntimeError> {
    let signature = info.signature();
    let paired = pair_args(raw, |n| takes_value(&signature, n));
    let named = paired
        .named
        .into_iter()
        .map(|(name, value)| NamedArg { name, value })
        .collect();
    let options = BindOptions {
        pipeline_later: true,
        culture,
    };
    let bound = binder::bind_with(&signature, paired.positional, named, options)
        .map_err(RuntimeError::new)?;
    let mut args = UArgs {
        error_action: bound.error_action,
        warning_action: bound.warning_action,
        verbose: false,
        bound: BoundParameters::default(),
    };
    for (name, value) in &bound.other_common {
        match *name {
            "Verbose" => args.verbose = super::convert::is_true(value),
            "Debug" | "OutBuffer" | "InformationAction" => {}
            other => {
                return Err(super::flow::unsupported(format!(
                    "The common parameter -{other} on {}",
                    info.name
                )));
            }
        }
    }
    args.bound = bound;
    Ok(args)
}
