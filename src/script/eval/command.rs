//! Commands: evaluating a command's arguments (named, positional, `-Name:value`, splatting), resolving its name
//! (aliases, then the session's functions, then the utility cmdlets, then the host's commands from its
//! `Registry`, as PowerShell's command lookup orders them), and building the pipeline stage that runs it.
//!
//! The host's commands are bound with the shared binder, so their errors read exactly as the admin endpoint's;
//! script blocks passed to them become their text (how `-Filter {…}` carries OPATH).

use crate::model::eq_ci;
use crate::script::binder::{NamedArg, takes_value};
use crate::script::params::ActionPreference;
use crate::script::syntax::{Command, CommandArg, ExprKind, Invocation};
use crate::script::value::Value;

use super::builtin;
use super::convert::{SCRIPT_BLOCK, to_str};
use super::flow::{Res, command_not_found, runtime, unsupported};
use super::functions::{FunctionStage, RawArg, pair_args};
use super::interp::Interp;
use super::interp::Stage;
use super::pipeline::{HostStage, StreamVariables};
use crate::script::error::ErrorCategory;

/// The `-ErrorAction`/`-WarningAction` given among named arguments (by name or alias).
pub(crate) fn action_arg(
    named: &[(String, Option<Value>)],
    names: &[&str],
) -> Option<ActionPreference> {
    named.iter().rev().find_map(|(n, v)| {
        if !names.iter().any(|x| eq_ci(x, n)) {
            return None;
        }
        let text = v.as_ref().map(to_str)?;
        ActionPreference::ALL
            .iter()
            .copied()
            .find(|a| eq_ci(a.name(), text.trim()))
    })
}

/// A value as an Exchange cmdlet receives it: script blocks become their text.
fn for_exchange(v: Value) -> Value {
    match v {
        Value::Object(o) if o.type_name() == SCRIPT_BLOCK => o.get("Text").unwrap_or(Value::Null),
        Value::Array(items) => Value::Array(items.map(for_exchange)),
        other => other,
    }
}

impl Interp<'_> {
    /// Evaluates a command's arguments in order.
    pub(crate) fn eval_args(&mut self, args: &[CommandArg]) -> Res<Vec<RawArg>> {
        let mut out = Vec::with_capacity(args.len());
        for a in args {
            match a {
                CommandArg::Parameter { name, argument, .. } => {
                    let value = match argument {
                        Some(e) => Some(self.eval(e)?),
                        None => None,
                    };
                    out.push(RawArg::Named {
                        name: name.to_string(),
                        colon: value.is_some(),
                        value,
                    });
                }
                CommandArg::Positional(e) => out.push(RawArg::Positional(self.eval(e)?)),
                CommandArg::Splat { variable, span } => {
                    let v = self.get_var(variable, *span)?;
                    match v {
                        Value::Hashtable(h) => {
                            for (k, v) in h.iter() {
                                out.push(RawArg::Named {
                                    name: k.to_string(),
                                    value: Some(v.clone()),
                                    colon: true,
                                });
                            }
                        }
                        Value::Array(items) => {
                            out.extend(items.into_vec().into_iter().map(RawArg::Positional))
                        }
                        Value::Null | Value::Nothing => {}
                        other => out.push(RawArg::Positional(other)),
                    }
                }
            }
        }
        Ok(out)
    }

    /// Resolves a command and builds its stage.
    pub(crate) fn build_stage(
        &mut self,
        c: &Command,
        _has_input: bool,
    ) -> Res<Box<dyn Stage + 'static>> {
        let name = match (&c.name.kind, c.invocation) {
            (ExprKind::String { value, .. }, _) => value.to_string(),
            _ => {
                let v = self.eval(&c.name)?;
                if self.stored_block(&v).is_some() {
                    let raw = self.eval_args(&c.args)?;
                    return self.block_stage(&v, raw, c.invocation == Invocation::DotSource);
                }
                to_str(&v)
            }
        };
        let raw = self.eval_args(&c.args)?;
        let resolved = builtin::resolve_alias(self.st.builtins, &name).unwrap_or(&name);
        if let Some(f) = self.st.functions.get(&resolved.to_lowercase()).cloned() {
            return Ok(Box::new(FunctionStage {
                name: f.name.clone(),
                body: f.body.clone(),
                unit: f.unit,
                is_filter: f.is_filter,
                args: Some(raw),
                frame: None,
                dot_source: c.invocation == Invocation::DotSource,
                collected: Vec::new(),
                had_input: false,
            }));
        }
        if let Some(info) = builtin::find(self.st.builtins, resolved) {
            let args = builtin::bind(info, raw, self.culture())
                .map_err(|e| self.place(e.in_command(info.name).into(), c.span))?;
            return (info.build)(self, args).map_err(|f| self.place(f, c.span));
        }
        if let Some(info) = self.host.registry().find(resolved) {
            let paired = pair_args(raw, |n| takes_value(info, n));
            let error_action = action_arg(&paired.named, &["ErrorAction", "ea"]);
            let warning_action = action_arg(&paired.named, &["WarningAction", "wa"]);
            let variable = |names: &[&str]| {
                paired
                    .named
                    .iter()
                    .rev()
                    .find(|(n, _)| names.iter().any(|x| eq_ci(x, n)))
                    .map(|(_, v)| v.as_ref().map(to_str).unwrap_or_default())
            };
            let variables = StreamVariables {
                error: variable(&["ErrorVariable", "ev"]),
                warning: variable(&["WarningVariable", "wv"]),
                out: variable(&["OutVariable", "ov"]),
            };
            if let Some(name) = ["PipelineVariable", "pv", "InformationVariable", "iv"]
                .iter()
                .find(|n| variable(&[n]).is_some())
            {
                return Err(unsupported(format!("The common parameter -{name}"))
                    .at(c.span, self.unit)
                    .into());
            }
            // The shell applies -ErrorAction and -WarningAction itself (so -ErrorVariable sees silenced errors)
            // and keeps the stream variables; the cmdlet gets the rest.
            let handled = [
                "ErrorAction",
                "ea",
                "WarningAction",
                "wa",
                "ErrorVariable",
                "ev",
                "WarningVariable",
                "wv",
                "OutVariable",
                "ov",
            ];
            let named = paired
                .named
                .into_iter()
                .filter(|(name, _)| !handled.iter().any(|h| eq_ci(h, name)))
                .map(|(name, value)| NamedArg {
                    name,
                    value: value.map(for_exchange),
                })
                .collect();
            return Ok(Box::new(HostStage {
                info,
                positional: paired.positional.into_iter().map(for_exchange).collect(),
                named,
                span: c.span,
                error_action,
                warning_action,
                variables,
                captured: Default::default(),
                deferred: Vec::new(),
            }));
        }
        if name.to_ascii_lowercase().ends_with(".ps1") {
            return self
                .script_file_stage(&name, raw, c.invocation == Invocation::DotSource)
                .map_err(|f| self.place(f, c.name.span));
        }
        let e = if name.contains(['\\', '/']) {
            unsupported(format!("Running the script file '{name}'"))
        } else if name.contains("::") || name.starts_with('[') {
            runtime(
                ErrorCategory::ParserError,
                "UnexpectedToken",
                format!("Unexpected token '{name}'."),
            )
        } else {
            command_not_found(&name)
        };
        Err(e.at(c.name.span, self.unit).into())
    }

    /// `& ./x.ps1 args` / `. ./x.ps1`: the file (through the shell host, relative to its working directory) runs
    /// as a script block, in a child scope or, dot-sourced, in the caller's. A file that cannot be read is not a
    /// command, as in PowerShell; one that does not parse stops with its own position.
    fn script_file_stage(
        &mut self,
        path: &str,
        raw: Vec<RawArg>,
        dot_source: bool,
    ) -> Res<Box<dyn Stage + 'static>> {
        let source = self
            .out
            .read_file(path)
            .map_err(|_| command_not_found(path))?;
        let parsed = crate::script::syntax::parse(&source);
        if let Some(d) = parsed
            .diagnostics
            .iter()
            .find(|d| d.severity == crate::script::syntax::Severity::Error)
        {
            let p = crate::script::syntax::LineIndex::new(&source).position(d.span.start);
            return Err(runtime(
                ErrorCategory::ParserError,
                "ParseException",
                format!("At {path}:{} char:{}: {}", p.line, p.column, d.message),
            )
            .into());
        }
        let unit = self.st.add_unit(&source);
        self.st.blocks.push(super::interp::StoredBlock {
            block: std::sync::Arc::new(parsed.script),
            unit,
        });
        Ok(Box::new(FunctionStage {
            name: path.to_string(),
            body: self.st.blocks[self.st.blocks.len() - 1].block.clone(),
            unit,
            is_filter: false,
            args: Some(raw),
            frame: None,
            dot_source,
            collected: Vec::new(),
            had_input: false,
        }))
    }

    /// `& $block args` / `. $block args`.
    fn block_stage(
        &mut self,
        v: &Value,
        raw: Vec<RawArg>,
        dot_source: bool,
    ) -> Res<Box<dyn Stage + 'static>> {
        let Some((sb, unit)) = self.stored_block(v) else {
            return Err(unsupported("Invoking a value that is not a script block").into());
        };
        Ok(Box::new(FunctionStage {
            name: String::new(),
            body: sb,
            unit,
            is_filter: false,
            args: Some(raw),
            frame: None,
            dot_source,
            collected: Vec::new(),
            had_input: false,
        }))
    }
}
