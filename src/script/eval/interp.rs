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
use crate::script::error::ErrorCategory;
use crate::script::host::CmdletHost;
use crate::script::params::ActionPreference;
use crate::script::syntax::{
    self, Block, Catch, DoLoop, ExprKind, For, ForEach, If, LineIndex, PipelineElement,
    ScriptBlock, Statement, StatementKind, Switch, Try, While,
};
use crate::script::value::{PsObject, Value};

use super::compare::{Regexes, equals, like};
use super::convert::{ERROR_RECORD, collapse, enumerate, is_true, to_str};
use super::flow::{Flow, Res, RuntimeError, render, runtime};
use super::scope::{Qualifier, Scopes};
use super::shell_host::{ShellError, ShellHost};
use super::{RunOutcome, SessionOptions};
use crate::script::format::OutDefault;

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
}

impl SessionState {
    pub(crate) fn new(options: SessionOptions) -> SessionState {
        let mut scopes = Scopes::default();
        for (name, value) in [
            ("ErrorActionPreference", Value::str("Continue")),
            ("WarningPreference", Value::str("Continue")),
            ("VerbosePreference", Value::str("SilentlyContinue")),
            ("ConfirmPreference", Value::str("High")),
            ("WhatIfPreference", Value::Bool(false)),
            ("Error", Value::Array(Vec::new())),
            ("FormatEnumerationLimit", Value::Int(4)),
            ("OFS", Value::str(" ")),
            ("PSCulture", Value::str("en-US")),
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
        let mut table = crate::script::value::Hashtable::new();
        table.insert("PSVersion", Value::Object(version));
        table.insert("PSEdition", Value::str("Desktop"));
        scopes.set(Qualifier::Global, "PSVersionTable", Value::Hashtable(table));
        SessionState {
            options,
            scopes,
            functions: HashMap::new(),
            blocks: Vec::new(),
            block_ids: HashMap::new(),
            units: Vec::new(),
            clock_offset_ms: 0,
            regexes: Regexes::default(),
            interrupt: Arc::new(AtomicBool::new(false)),
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
    /// Variables whose value had a property or element set since the enclosing `foreach` last looked.
    pub(crate) mutated: Vec<Box<str>>,
}

impl<'r> Interp<'r> {
    pub(crate) fn new(
        st: &'r mut SessionState,
        host: &'r mut dyn CmdletHost,
        out: &'r mut dyn ShellHost,
        unit: u32,
    ) -> Interp<'r> {
        let width = st.options.width;
        let registry = host.registry();
        Interp {
            st,
            host,
            out,
            unit,
            underscore: Value::Null,
            depth: 0,
            out_default: OutDefault::new(width, registry),
            input: Vec::new(),
            try_depth: 0,
            status_ok: true,
            last_ok: true,
            mutated: Vec::new(),
        }
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
        for s in statements {
            self.check_interrupt()?;
            let r = self.exec_statement(s, &mut Sink::Out);
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
            items.insert(0, obj);
            items.truncate(max);
        } else {
            self.st
                .scopes
                .set(Qualifier::Global, "Error", Value::Array(vec![obj]));
        }
    }

    /// The ErrorRecord object `$Error` and `catch` see.
    pub(crate) fn error_object(&self, e: &RuntimeError) -> Value {
        let r = &e.record;
        let mut exception = PsObject::new(exception_type(r.error_id));
        exception.push("Message", r.message.as_str());
        let mut o = PsObject::with_capacity(ERROR_RECORD, 6);
        o.push("Exception", Value::Object(exception));
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

    // ---- statements ----------------------------------------------------------------------------------------

    pub(crate) fn exec_block(&mut self, block: &Block, sink: &mut Sink<'_>) -> Res<()> {
        for s in &block.statements {
            self.exec_statement(s, sink)?;
        }
        Ok(())
    }

    pub(crate) fn exec(&mut self, s: &Statement, sink: &mut Sink<'_>) -> Res<()> {
        match &s.kind {
            StatementKind::Pipeline(p) => self.run_pipeline(p, sink),
            StatementKind::Assignment(a) => self.assign(a, s.span),
            StatementKind::If(i) => self.exec_if(i, sink),
            StatementKind::ForEach(f) => self.exec_foreach(f, sink),
            StatementKind::For(f) => self.exec_for(f, sink),
            StatementKind::While(w) => self.exec_while(w, sink),
            StatementKind::DoLoop(d) => self.exec_do(d, sink),
            StatementKind::Switch(sw) => self.exec_switch(sw, sink),
            StatementKind::Function(f) => {
                let func = Function {
                    name: f.name.to_string(),
                    body: Arc::new(f.body.clone()),
                    is_filter: f.is_filter,
                    unit: self.unit,
                };
                self.st
                    .functions
                    .insert(f.name.to_lowercase(), Arc::new(func));
                Ok(())
            }
            StatementKind::Try(t) => self.exec_try(t, sink),
            StatementKind::Break { label } => Err(Flow::Break(label.clone())),
            StatementKind::Continue { label } => Err(Flow::Continue(label.clone())),
            StatementKind::Return(value) => {
                if let Some(v) = value {
                    self.exec(v, sink)?;
                }
                Err(Flow::Return)
            }
            StatementKind::Throw(value) => {
                let v = match value {
                    Some(v) => self.value_of(v)?,
                    None => Value::Null,
                };
                Err(self.throw_error(v, s.span).into())
            }
            StatementKind::Exit(value) => {
                let code = match value {
                    Some(v) => super::convert::to_int(&self.value_of(v)?).unwrap_or(0),
                    None => 0,
                };
                Err(Flow::Exit(i32::try_from(code).unwrap_or(1)))
            }
            StatementKind::Error => Err(runtime(
                ErrorCategory::ParserError,
                "ParseError",
                "This statement could not be parsed.",
            )
            .at(s.span, self.unit)
            .into()),
        }
    }

    /// The value of a statement used as an expression: a lone expression is its value (an array stays an
    /// array); a pipeline's output is collected (`$null` for none, the item for one, an array for more).
    pub(crate) fn value_of(&mut self, s: &Statement) -> Res<Value> {
        if let StatementKind::Pipeline(p) = &s.kind
            && let [PipelineElement::Expression(e)] = p.elements.as_slice()
        {
            return self.eval(e);
        }
        if let StatementKind::Assignment(a) = &s.kind {
            self.assign(a, s.span)?;
            return self.eval(&a.target);
        }
        let mut buf = Vec::new();
        self.exec(s, &mut Sink::Collect(&mut buf))?;
        Ok(collapse(buf))
    }

    fn exec_if(&mut self, i: &If, sink: &mut Sink<'_>) -> Res<()> {
        for clause in &i.clauses {
            let c = self.value_of(&clause.condition)?;
            if is_true(&c) {
                return self.exec_block(&clause.body, sink);
            }
        }
        match &i.else_block {
            Some(b) => self.exec_block(b, sink),
            None => Ok(()),
        }
    }

    /// What a loop does with a `break`/`continue` that reached it: `Ok(true)` stop, `Ok(false)` go on, or
    /// pass the flow outwards (a label of an outer loop, an error, `return`).
    fn loop_flow(label: &Option<Box<str>>, flow: Flow) -> Res<bool> {
        let mine = |l: &Option<Box<str>>| match (l, label) {
            (None, _) => true,
            (Some(want), Some(have)) => eq_ci(want, have),
            (Some(_), None) => false,
        };
        match flow {
            Flow::Break(l) if mine(&l) => Ok(true),
            Flow::Continue(l) if mine(&l) => Ok(false),
            other => Err(other),
        }
    }

    fn exec_foreach(&mut self, f: &ForEach, sink: &mut Sink<'_>) -> Res<()> {
        let items = match self.value_of(&f.iterable)? {
            Value::Null => Vec::new(),
            v => enumerate(v),
        };
        let q = Qualifier::parse(f.variable.scope.as_deref()).unwrap_or(Qualifier::Local);
        // Objects are references in PowerShell: `foreach ($o in $list) { $o.Status = 'x' }` changes the objects
        // in $list. Values are copies here, so a changed loop variable is written back into the list.
        let source = match &f.iterable.kind {
            StatementKind::Pipeline(p) => match p.elements.as_slice() {
                [PipelineElement::Expression(e)] => match &e.kind {
                    ExprKind::Variable(v) => Some(v.clone()),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        };
        for (i, item) in items.into_iter().enumerate() {
            self.check_interrupt()?;
            self.st.scopes.set(q, &f.variable.name, item);
            self.mutated.retain(|m| !eq_ci(m, &f.variable.name));
            let r = self.exec_block(&f.body, sink);
            if let Some(src) = &source
                && let Some(at) = self.mutated.iter().position(|m| eq_ci(m, &f.variable.name))
            {
                self.mutated.remove(at);
                let changed = self.st.scopes.get(q, &f.variable.name).cloned();
                let sq = Qualifier::parse(src.scope.as_deref()).unwrap_or(Qualifier::Local);
                if let (Some(changed), Some(Value::Array(list))) =
                    (changed, self.st.scopes.get_mut_any(sq, &src.name))
                    && let Some(slot) = list.get_mut(i)
                {
                    *slot = changed;
                }
            }
            if let Err(flow) = r
                && Self::loop_flow(&f.label, flow)?
            {
                break;
            }
        }
        Ok(())
    }

    fn exec_for(&mut self, f: &For, sink: &mut Sink<'_>) -> Res<()> {
        if let Some(init) = &f.init {
            self.exec(init, &mut Sink::Null)?;
        }
        loop {
            self.check_interrupt()?;
            if let Some(c) = &f.condition
                && !is_true(&self.value_of(c)?)
            {
                break;
            }
            if let Err(flow) = self.exec_block(&f.body, sink)
                && Self::loop_flow(&f.label, flow)?
            {
                break;
            }
            if let Some(it) = &f.iterator {
                self.exec(it, &mut Sink::Null)?;
            }
        }
        Ok(())
    }

    fn exec_while(&mut self, w: &While, sink: &mut Sink<'_>) -> Res<()> {
        loop {
            self.check_interrupt()?;
            if !is_true(&self.value_of(&w.condition)?) {
                break;
            }
            if let Err(flow) = self.exec_block(&w.body, sink)
                && Self::loop_flow(&w.label, flow)?
            {
                break;
            }
        }
        Ok(())
    }

    fn exec_do(&mut self, d: &DoLoop, sink: &mut Sink<'_>) -> Res<()> {
        loop {
            self.check_interrupt()?;
            if let Err(flow) = self.exec_block(&d.body, sink)
                && Self::loop_flow(&d.label, flow)?
            {
                break;
            }
            let c = is_true(&self.value_of(&d.condition)?);
            if c == d.until {
                break;
            }
        }
        Ok(())
    }

    fn exec_switch(&mut self, sw: &Switch, sink: &mut Sink<'_>) -> Res<()> {
        let items = match self.value_of(&sw.subject)? {
            Value::Array(items) => items,
            v => vec![v],
        };
        let cs = sw.flags.case_sensitive;
        let saved = std::mem::take(&mut self.underscore);
        let result = (|| -> Res<()> {
            'items: for item in items {
                self.check_interrupt()?;
                self.underscore = item.clone();
                let mut matched = false;
                for clause in &sw.clauses {
                    let hit = match &clause.pattern.kind {
                        ExprKind::ScriptBlock(_) => {
                            let v = self.eval(&clause.pattern)?;
                            let out =
                                self.call_block_value(&v, Some(item.clone()), Vec::new(), true)?;
                            is_true(&collapse(out))
                        }
                        _ => {
                            let p = self.eval(&clause.pattern)?;
                            if sw.flags.wildcard {
                                like(&to_str(&item), &to_str(&p), cs)
                            } else if sw.flags.regex {
                                let text = to_str(&item);
                                self.st.regexes.get(&to_str(&p), cs)?.is_match(&text)
                            } else {
                                equals(&item, &p, cs)
                            }
                        }
                    };
                    if !hit {
                        continue;
                    }
                    matched = true;
                    match self.exec_block(&clause.body, sink) {
                        Ok(()) => {}
                        Err(Flow::Break(None)) => break 'items,
                        Err(Flow::Continue(None)) => continue 'items,
                        Err(flow) => {
                            if Self::loop_flow(&sw.label, flow)? {
                                break 'items;
                            }
                            continue 'items;
                        }
                    }
                }
                if !matched && let Some(d) = &sw.default {
                    match self.exec_block(d, sink) {
                        Ok(()) => {}
                        Err(Flow::Break(None)) => break 'items,
                        Err(Flow::Continue(None)) => continue 'items,
                        Err(flow) => {
                            if Self::loop_flow(&sw.label, flow)? {
                                break 'items;
                            }
                        }
                    }
                }
            }
            Ok(())
        })();
        self.underscore = saved;
        result
    }

    fn exec_try(&mut self, t: &Try, sink: &mut Sink<'_>) -> Res<()> {
        let depth = self.st.scopes.depth();
        let call_depth = self.depth;
        let unit = self.unit;
        self.try_depth += 1;
        let result = self.exec_block(&t.body, sink);
        self.try_depth -= 1;
        let result = match result {
            Err(Flow::Error(e)) => {
                self.st.scopes.truncate(depth);
                self.depth = call_depth;
                self.unit = unit;
                match t.catches.iter().find(|c| catches(c, &e)) {
                    Some(c) => {
                        self.record_error(&e);
                        let obj = self.error_object(&e);
                        let saved = std::mem::replace(&mut self.underscore, obj);
                        let r = self.exec_block(&c.body, sink);
                        self.underscore = saved;
                        r
                    }
                    None => Err(Flow::Error(e)),
                }
            }
            other => other,
        };
        if let Some(f) = &t.finally {
            self.exec_block(f, sink)?;
        }
        result
    }

    /// The error `throw <value>` raises.
    fn throw_error(&self, v: Value, span: syntax::Span) -> RuntimeError {
        if let Value::Object(o) = &v
            && o.type_name() == ERROR_RECORD
        {
            let message = super::convert::error_message(o);
            let mut e = runtime(ErrorCategory::OperationStopped, "RuntimeException", message);
            e.fqid = o.get("FullyQualifiedErrorId").map(to_str);
            return e.at(span, self.unit).stopping();
        }
        let message = match &v {
            Value::Null => "ScriptHalted".to_string(),
            other => to_str(other),
        };
        let mut e = runtime(
            ErrorCategory::OperationStopped,
            "RuntimeException",
            message.clone(),
        )
        .with_target(message.clone());
        e.fqid = Some(message);
        if matches!(v, Value::Object(_) | Value::Hashtable(_)) {
            e.thrown = Some(v);
        }
        e.at(span, self.unit).stopping()
    }
}

/// The .NET exception type name shown for an error id.
fn exception_type(error_id: &str) -> String {
    if error_id.ends_with("Exception") {
        format!("System.Management.Automation.{error_id}")
    } else {
        "System.Management.Automation.RuntimeException".to_string()
    }
}

/// Whether a `catch` clause takes the error: no types catch everything; `[Exception]`, `[System.Exception]`
/// and `[RuntimeException]` catch every error; other types match the error's exception type by name.
fn catches(c: &Catch, e: &RuntimeError) -> bool {
    if c.types.is_empty() {
        return true;
    }
    c.types.iter().any(|t| {
        let last = t.name.rsplit('.').next().unwrap_or(&t.name);
        eq_ci(last, "Exception")
            || eq_ci(last, "RuntimeException")
            || eq_ci(last, "ActionPreferenceStopException")
            || eq_ci(last, e.record.error_id)
    })
}
