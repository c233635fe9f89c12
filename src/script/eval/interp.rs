//! The tree-walking interpreter's core: the session state that outlives one run (variables, functions, script
//! block values, source texts, the simulated clock), the per-run `Interp`, output sinks, and statements (`if`,
//! loops with labels, `switch`, `try/catch/finally`, `throw`, `return`, `exit`, function definitions).
//!
//! Expressions, members, pipelines, commands and functions are evaluated in their own files (`impl Interp`
//! blocks); this file decides what happens between statements, including writing errors and honouring
//! `$ErrorActionPreference`.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::model::eq_ci;
use crate::script::cmdlet::Example;
use crate::script::error::ErrorCategory;
use crate::script::host::CmdletHost;
use crate::script::params::ActionPreference;
use crate::script::params::ParameterInfo;
use crate::script::syntax::{self, LineIndex, ScriptBlock, Statement};
use crate::script::value::{PsObject, Value};

use super::args::UArgs;
use super::convert::{ERROR_RECORD, to_str};
use super::flow::{Flow, Res, RuntimeError, render, runtime};
use super::regex::Regexes;
use super::scope::{Qualifier, Scopes};
use super::shell_host::{ShellError, ShellHost};
use super::{RunOutcome, SessionOptions};
use crate::script::eval::format::OutDefault;

/// How many nested function and script-block calls are allowed (PowerShell's call depth limit is of this order).
pub(crate) const MAX_CALL_DEPTH: u32 = 100;

/// A function the session knows, with the source unit its spans point into.
#[derive(Debug)]
pub(crate) struct Function {
    pub(crate) name: String,
    pub(crate) body: Arc<ScriptBlock>,
    pub(crate) is_filter: bool,
    pub(crate) unit: u32,
}

/// A script block that became a value, with its source unit.
#[derive(Debug)]
pub(crate) struct StoredBlock {
    pub(crate) block: Arc<ScriptBlock>,
    pub(crate) unit: u32,
}

/// Everything a session keeps between runs.
pub(crate) struct SessionState {
    pub(crate) options: SessionOptions,
    pub(crate) scopes: Scopes,
    pub(crate) functions: HashMap<String, Arc<Function>>,
    pub(crate) blocks: Vec<StoredBlock>,
    pub(crate) block_ids: HashMap<(u32, u32), usize>,
    /// The text of every source unit run so far (spans of stored functions and blocks point into them).
    pub(crate) units: Vec<Arc<str>>,
    /// How far Start-Sleep has moved the simulated clock, in milliseconds.
    pub(crate) clock_offset_ms: i64,
    pub(crate) regexes: Regexes,
    pub(crate) interrupt: Arc<AtomicBool>,
    /// The built-in (utility) cmdlets the session's commands resolve to.
    pub(crate) builtins: &'static [&'static UtilityInfo],
    /// What a module's built-ins keep between their calls (the Pester runner's discovered blocks); the
    /// evaluator only carries it.
    pub(crate) module_state: Option<Box<dyn std::any::Any + Send>>,
}

impl SessionState {
    pub(crate) fn new(
        options: SessionOptions,
        builtins: &'static [&'static UtilityInfo],
    ) -> SessionState {
        let mut scopes = Scopes::default();
        for (name, value) in [
            ("ErrorActionPreference", Value::str("Continue")),
            ("WarningPreference", Value::str("Continue")),
            ("VerbosePreference", Value::str("SilentlyContinue")),
            ("ProgressPreference", Value::str("Continue")),
            ("ConfirmPreference", Value::str("High")),
            ("WhatIfPreference", Value::Bool(false)),
            ("Error", Value::array(Vec::new())),
            ("FormatEnumerationLimit", Value::Int(4)),
            ("OFS", Value::str(" ")),
            ("PSCulture", Value::str(options.culture.name)),
            // The UI culture (message texts) stays en-US: easim has PowerShell's English messages only.
            ("PSUICulture", Value::str("en-US")),
            ("MaximumErrorCount", Value::Int(256)),
            ("PSScriptRoot", Value::str(".")),
            ("DebugPreference", Value::str("SilentlyContinue")),
            ("InformationPreference", Value::str("SilentlyContinue")),
        ] {
            scopes.set(Qualifier::Global, name, value);
        }
        let mut version = PsObject::with_capacity("System.Version", 4);
        version.push("Major", Value::Int(5));
        version.push("Minor", Value::Int(1));
        version.push("Build", Value::Int(17763));
        version.push("Revision", Value::Int(0));
        let table = crate::script::value::Hashtable::new();
        table.insert("PSVersion", Value::Object(version));
        table.insert("PSEdition", Value::str("Desktop"));
        scopes.set(Qualifier::Global, "PSVersionTable", Value::Hashtable(table));
        let interrupt = options
            .interrupt
            .clone()
            .unwrap_or_else(|| Arc::new(AtomicBool::new(false)));
        SessionState {
            options,
            scopes,
            functions: HashMap::new(),
            blocks: Vec::new(),
            block_ids: HashMap::new(),
            units: Vec::new(),
            clock_offset_ms: 0,
            regexes: Regexes::default(),
            interrupt,
            builtins,
            module_state: None,
        }
    }

    pub(crate) fn add_unit(&mut self, source: &str) -> u32 {
        self.units.push(Arc::from(source));
        u32::try_from(self.units.len() - 1).unwrap_or(u32::MAX)
    }
}

/// Where a statement's output goes.
pub(crate) enum Sink<'s> {
    /// Out-Default: formatted for the console at the end of the top-level statement.
    Out,
    Collect(&'s mut Vec<Value>),
    Null,
}

/// One run of source text against a session.
pub(crate) struct Interp<'r> {
    pub(crate) st: &'r mut SessionState,
    pub(crate) host: &'r mut dyn CmdletHost,
    pub(crate) out: &'r mut dyn ShellHost,
    /// The source unit whose spans are being evaluated.
    pub(crate) unit: u32,
    /// `$_` / `$PSItem`.
    pub(crate) underscore: Value,
    pub(crate) depth: u32,
    pub(crate) out_default: OutDefault,
    /// `$input` of the function being run.
    pub(crate) input: Vec<Value>,
    /// How many `try` blocks are running: inside one, statement-terminating errors go to its `catch`.
    pub(crate) try_depth: u32,
    /// Whether the statement running now has written no error so far.
    pub(crate) status_ok: bool,
    /// `$?`: whether the last statement that finished ran without an error.
    pub(crate) last_ok: bool,
    /// The errors the running `catch` blocks took, innermost last (`throw` alone rethrows the last).
    pub(crate) caught: Vec<RuntimeError>,
    /// Output collected by an expression (`$x = if (…) { return 'a' }`, `$(…; return …)`) when a `return`
    /// left it: it goes to the output of the function or block being returned from.
    pub(crate) returned: Vec<Value>,
}

impl<'r> Interp<'r> {
    pub(crate) fn new(
        st: &'r mut SessionState,
        host: &'r mut dyn CmdletHost,
        out: &'r mut dyn ShellHost,
        unit: u32,
    ) -> Interp<'r> {
        let width = st.options.width;
        let culture = st.options.culture;
        let registry = host.registry();
        Interp {
            st,
            host,
            out,
            unit,
            underscore: Value::Null,
            depth: 0,
            out_default: OutDefault::new(width, registry, culture),
            input: Vec::new(),
            try_depth: 0,
            status_ok: true,
            last_ok: true,
            returned: Vec::new(),
            caught: Vec::new(),
        }
    }

    /// The session culture (`$PSCulture`): what `ToString()`, `-f` and output formatting use.
    pub(crate) fn culture(&self) -> &'static crate::script::culture::Culture {
        self.st.options.culture
    }

    pub(crate) fn check_interrupt(&self) -> Res<()> {
        if self.st.interrupt.load(Ordering::Relaxed) {
            return Err(Flow::Stopped);
        }
        Ok(())
    }

    pub(crate) fn emit(&mut self, sink: &mut Sink<'_>, v: Value) {
        match sink {
            Sink::Out => self.out_default.push(v, &mut *self.out),
            Sink::Collect(buf) => buf.push(v),
            Sink::Null => {}
        }
    }

    /// Runs a whole script: its `param()` block, then each top-level statement with Out-Default.
    pub(crate) fn run_script(&mut self, script: &ScriptBlock) -> RunOutcome {
        let result = self.run_script_inner(script);
        self.out_default.flush(&mut *self.out);
        match result {
            Ok(()) | Err(Flow::Return | Flow::Break(_) | Flow::Continue(_)) => {
                RunOutcome::Completed
            }
            Err(Flow::Exit(code)) => RunOutcome::Exited(code),
            Err(Flow::Stopped) => {
                self.st.interrupt.store(false, Ordering::Relaxed);
                let e = runtime(
                    ErrorCategory::OperationStopped,
                    "PipelineStopped",
                    "The pipeline has been stopped.",
                );
                self.write_error_record(&e);
                RunOutcome::Stopped
            }
            Err(Flow::Error(e)) => {
                self.record_error(&e);
                self.write_error_record(&e);
                RunOutcome::Failed
            }
        }
    }

    fn run_script_inner(&mut self, script: &ScriptBlock) -> Res<()> {
        if let Some(params) = &script.param_block {
            let args = self.st.options.script_arguments.clone();
            self.bind_script_params(params, args)?;
        }
        let statements: Vec<&Statement> = match &script.body {
            syntax::ScriptBody::Statements(s) => s.iter().collect(),
            syntax::ScriptBody::Named(n) => [&n.begin, &n.process, &n.end]
                .into_iter()
                .flatten()
                .flat_map(|b| b.statements.iter())
                .collect(),
        };
        if statements
            .iter()
            .any(|s| matches!(s.kind, syntax::StatementKind::Trap(_)))
        {
            // Traps at the top: the statements run as one list that the traps watch.
            let owned: Vec<Statement> = statements.into_iter().cloned().collect();
            let r = self.exec_list(&owned, &mut Sink::Out);
            for v in std::mem::take(&mut self.returned) {
                self.emit(&mut Sink::Out, v);
            }
            self.out_default.flush(&mut *self.out);
            return r;
        }
        for s in statements {
            self.check_interrupt()?;
            let r = self.exec_statement(s, &mut Sink::Out);
            for v in std::mem::take(&mut self.returned) {
                self.emit(&mut Sink::Out, v);
            }
            self.out_default.flush(&mut *self.out);
            r?;
        }
        Ok(())
    }

    /// Runs one statement of a statement list: a statement-terminating error is written (and recorded in
    /// `$Error`) and the list goes on with the next statement, unless a `try` is running or
    /// `$ErrorActionPreference` is `Stop`; script-terminating errors and other flows pass.
    pub(crate) fn exec_statement(&mut self, s: &Statement, sink: &mut Sink<'_>) -> Res<()> {
        let outer = std::mem::replace(&mut self.status_ok, true);
        let r = self.exec_statement_inner(s, sink);
        self.last_ok = self.status_ok && r.is_ok();
        self.status_ok = outer && self.last_ok;
        r
    }

    fn exec_statement_inner(&mut self, s: &Statement, sink: &mut Sink<'_>) -> Res<()> {
        match self.exec(s, sink) {
            Err(Flow::Error(e))
                if !e.script
                    && self.try_depth == 0
                    && self.preference(None, "ErrorActionPreference") != ActionPreference::Stop =>
            {
                self.record_error(&e);
                self.out_default.flush(&mut *self.out);
                self.write_error_record(&e);
                self.status_ok = false;
                Ok(())
            }
            other => other,
        }
    }

    // ---- errors --------------------------------------------------------------------------------------------

    /// Adds an error to `$Error` (newest first, at most `$MaximumErrorCount`).
    pub(crate) fn record_error(&mut self, e: &RuntimeError) {
        let obj = self.error_object(e);
        let max = match self.st.scopes.get(Qualifier::Global, "MaximumErrorCount") {
            Some(Value::Int(n)) => usize::try_from(*n).unwrap_or(256),
            _ => 256,
        };
        if let Some(Value::Array(items)) =
            self.st.scopes.get_mut_for_write(Qualifier::Global, "Error")
        {
            // `$Error` is an ArrayList in PowerShell: changed in place, seen through every reference to it.
            items.update(|items| {
                items.insert(0, obj);
                items.truncate(max);
            });
        } else {
            self.st
                .scopes
                .set(Qualifier::Global, "Error", Value::array(vec![obj]));
        }
    }

    /// The ErrorRecord object `$Error` and `catch` see.
    pub(crate) fn error_object(&self, e: &RuntimeError) -> Value {
        let r = &e.record;
        let exception = match &e.exception {
            Some(x) => x.clone(),
            None => {
                let mut x = PsObject::new(exception_type(r.error_id));
                x.push("Message", r.message.as_str());
                Value::Object(x)
            }
        };
        let mut o = PsObject::with_capacity(ERROR_RECORD, 6);
        o.push("Exception", exception);
        o.push(
            "TargetObject",
            match (&e.thrown, &r.target) {
                (Some(v), _) => v.clone(),
                (None, Some(t)) => Value::str(t.as_str()),
                (None, None) => Value::Null,
            },
        );
        o.push(
            "CategoryInfo",
            r.category_info(e.command.as_deref().unwrap_or("")),
        );
        o.push(
            "FullyQualifiedErrorId",
            e.fqid.clone().unwrap_or_else(|| match &e.command {
                Some(c) => format!("{},{c}", r.error_id),
                None => r.error_id.to_string(),
            }),
        );
        o.push("ErrorDetails", Value::Null);
        let position = e.span.map(|span| {
            let src = self
                .st
                .units
                .get(e.unit as usize)
                .cloned()
                .unwrap_or_else(|| Arc::from(""));
            let p = LineIndex::new(&src).position(span.start);
            format!("At line:{} char:{}", p.line, p.column)
        });
        o.push(
            "ScriptStackTrace",
            position.map_or(Value::Null, Value::from),
        );
        Value::Object(o)
    }

    /// Writes an error to the host, rendered with its position.
    pub(crate) fn write_error_record(&mut self, e: &RuntimeError) {
        let src = self.st.units.get(e.unit as usize).cloned();
        let rendered = render(e, src.as_deref());
        let (line, column) = match (e.span, &src) {
            (Some(span), Some(src)) => {
                let p = LineIndex::new(src).position(span.start);
                (Some(p.line), Some(p.column))
            }
            _ => (None, None),
        };
        self.out.write_error(&ShellError {
            record: e.record.clone(),
            command: e.command.clone(),
            line,
            column,
            rendered,
        });
    }

    /// The effective action for an error or warning: the command's `-ErrorAction`/`-WarningAction`, else the
    /// preference variable.
    pub(crate) fn preference(
        &self,
        explicit: Option<ActionPreference>,
        variable: &str,
    ) -> ActionPreference {
        if let Some(a) = explicit {
            return a;
        }
        let text = self
            .st
            .scopes
            .get(Qualifier::Local, variable)
            .map(to_str)
            .unwrap_or_default();
        ActionPreference::ALL
            .iter()
            .copied()
            .find(|a| eq_ci(a.name(), text.trim()))
            .unwrap_or(ActionPreference::Continue)
    }

    /// A non-terminating error: written (or not) per the error action; `Stop` makes it terminating.
    pub(crate) fn non_terminating(
        &mut self,
        e: RuntimeError,
        explicit: Option<ActionPreference>,
    ) -> Res<()> {
        self.status_ok = false;
        match self.preference(explicit, "ErrorActionPreference") {
            ActionPreference::Stop => Err(Flow::Error(Box::new(e.stopping()))),
            ActionPreference::Ignore => Ok(()),
            ActionPreference::SilentlyContinue => {
                self.record_error(&e);
                Ok(())
            }
            _ => {
                self.record_error(&e);
                self.out_default.flush(&mut *self.out);
                self.write_error_record(&e);
                Ok(())
            }
        }
    }

    /// A warning, per `-WarningAction` / `$WarningPreference`.
    pub(crate) fn warning(&mut self, message: &str, explicit: Option<ActionPreference>) -> Res<()> {
        match self.preference(explicit, "WarningPreference") {
            ActionPreference::SilentlyContinue | ActionPreference::Ignore => Ok(()),
            ActionPreference::Stop => Err(runtime(
                ErrorCategory::OperationStopped,
                "ActionPreferenceStop",
                format!(
                    "The running command stopped because the preference variable \"WarningPreference\" or common parameter is set to Stop: {message}"
                ),
            )
            .stopping()
            .into()),
            _ => {
                // As PowerShell streams output to the console, objects written before the warning show before it
                // (the ResultSize warnings come after the rows they follow).
                self.out_default.flush(&mut *self.out);
                self.out.write_warning(message);
                Ok(())
            }
        }
    }
}

/// The .NET exception type name shown for an error id.
pub(crate) fn exception_type(error_id: &str) -> String {
    if matches!(
        error_id,
        "InvalidCastParseTargetInvocation" | "ConvertToFinalInvalidCastException"
    ) {
        return "System.Management.Automation.PSInvalidCastException".to_string();
    }
    if error_id.ends_with("Exception") {
        format!("System.Management.Automation.{error_id}")
    } else {
        "System.Management.Automation.RuntimeException".to_string()
    }
}

/// One command of a pipeline.
pub(crate) trait Stage {
    fn begin(&mut self, _it: &mut Interp<'_>, _out: &mut Vec<Value>) -> Res<()> {
        Ok(())
    }

    /// One input record (`None` when the command is first in the pipeline and runs once).
    fn process(
        &mut self,
        it: &mut Interp<'_>,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> Res<()>;

    fn end(&mut self, _it: &mut Interp<'_>, _out: &mut Vec<Value>) -> Res<()> {
        Ok(())
    }

    /// Called once the records the stage just wrote have gone down the pipeline: writes what the stage held
    /// back so the console shows streams in the order they were written (rows, then the warning after them).
    fn after_output(&mut self, _it: &mut Interp<'_>) -> Res<()> {
        Ok(())
    }

    /// True once the stage wants no more input (`Select-Object -First`).
    fn done(&self) -> bool {
        false
    }
}

/// Builds a cmdlet's pipeline stage from its bound arguments.
pub(crate) type BuildFn = fn(&mut Interp<'_>, UArgs) -> Res<Box<dyn Stage>>;

/// Everything known about a utility cmdlet.
pub(crate) struct UtilityInfo {
    pub(crate) name: &'static str,
    pub(crate) aliases: &'static [&'static str],
    pub(crate) synopsis: &'static str,
    pub(crate) params: &'static [ParameterInfo],
    /// Runnable examples: the input runs in a session against the example tenant; the output is what it prints.
    pub(crate) examples: &'static [Example],
    pub(crate) build: BuildFn,
}
