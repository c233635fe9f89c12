//! Streaming pipelines: every command is a `Stage` with begin, process (once per input record) and end; each
//! record a stage writes is pushed through the next stages before the stage sees its next input, as in
//! PowerShell. An expression as the first element is enumerated into the pipeline.
//!
//! Exchange cmdlets are a stage too (`HostStage`): bound once without pipeline input, or once per record
//! with the record bound by value or by property name, and each invocation goes to the `CmdletHost` (so a
//! remote host makes one call per record). What they write goes to the right stream: objects down the
//! pipeline, warnings and errors per `-WarningAction`/`-ErrorAction` and the preference variables,
//! `What if:` text to the host.

use crate::script::binder::{BindOptions, NamedArg, bind_with, convert};
use crate::script::cmdlet::{CmdletInfo, Emitted};
use crate::script::culture::Culture;
use crate::script::error::ErrorCategory;
use crate::script::params::{ActionPreference, PipelineInput};
use crate::script::syntax::{ExprKind, Pipeline, PipelineElement, Span, UnaryOp};
use crate::script::value::Value;

use super::flow::{Flow, Res, RuntimeError, runtime};
use super::interp::{Interp, Sink, Stage};
use super::members::get_member;
use super::shell_host::HostConfirmer;

/// A stage with the span of its command, for errors that have no position of their own.
pub(crate) struct Placed<'a> {
    pub(crate) stage: Box<dyn Stage + 'a>,
    pub(crate) span: Span,
}

impl Interp<'_> {
    pub(crate) fn run_pipeline(&mut self, p: &Pipeline, sink: &mut Sink<'_>) -> Res<()> {
        self.run_pipeline_inner(p, sink)
    }

    fn run_pipeline_inner(&mut self, p: &Pipeline, sink: &mut Sink<'_>) -> Res<()> {
        let first = match p.elements.first() {
            Some(f) => f,
            None => return Ok(()),
        };
        if let (PipelineElement::Expression(e), 1) = (first, p.elements.len()) {
            // `$i++` and `--$i` as statements write nothing.
            if let ExprKind::Unary {
                op:
                    UnaryOp::PostIncrement
                    | UnaryOp::PostDecrement
                    | UnaryOp::PreIncrement
                    | UnaryOp::PreDecrement,
                ..
            } = &e.kind
            {
                self.eval(e)?;
                return Ok(());
            }
            let v = self.eval(e)?;
            for item in pipeline_items(v) {
                self.emit(sink, item);
            }
            return Ok(());
        }
        let (input, commands) = match first {
            PipelineElement::Expression(e) => (Some(self.eval(e)?), &p.elements[1..]),
            PipelineElement::Command(_) => (None, &p.elements[..]),
        };
        let mut stages: Vec<Placed<'_>> = Vec::with_capacity(commands.len());
        for (i, el) in commands.iter().enumerate() {
            let PipelineElement::Command(c) = el else {
                return Err(runtime(
                    ErrorCategory::ParserError,
                    "ExpressionsMustBeFirstInPipeline",
                    "Expressions are only allowed as the first element of a pipeline.",
                )
                .at(p.span, self.unit)
                .into());
            };
            let has_input = input.is_some() || i > 0;
            let stage = self.build_stage(c, has_input)?;
            stages.push(Placed {
                stage,
                span: c.span,
            });
        }
        for i in 0..stages.len() {
            let mut out = Vec::new();
            let span = stages[i].span;
            let r = stages[i].stage.begin(self, &mut out);
            self.feed_then(&mut stages, i + 1, out, sink, r, span)?;
        }
        match input {
            Some(v) => self.feed(&mut stages, 0, pipeline_items(v), sink)?,
            None => {
                let mut out = Vec::new();
                let span = stages[0].span;
                let r = stages[0].stage.process(self, None, &mut out);
                self.feed_then(&mut stages, 1, out, sink, r, span)?;
                stages[0]
                    .stage
                    .after_output(self)
                    .map_err(|f| self.place(f, span))?;
            }
        }
        for i in 0..stages.len() {
            // Commands stopped by a later one's having all it wants do not end (their end blocks do not run).
            if stages[i + 1..].iter().any(|s| s.stage.done()) {
                continue;
            }
            let mut out = Vec::new();
            let span = stages[i].span;
            let r = stages[i].stage.end(self, &mut out);
            self.feed_then(&mut stages, i + 1, out, sink, r, span)?;
        }
        Ok(())
    }

    /// Sends what a stage wrote on down the pipeline, then its outcome: output written before an error still
    /// goes on (PowerShell streams it), so a `trap` or `catch` further out sees it written.
    fn feed_then(
        &mut self,
        stages: &mut [Placed<'_>],
        next: usize,
        out: Vec<Value>,
        sink: &mut Sink<'_>,
        r: Res<()>,
        span: Span,
    ) -> Res<()> {
        if !out.is_empty() {
            let fed = self.feed(stages, next, out, sink);
            if r.is_ok() {
                fed?;
            }
        }
        r.map_err(|f| self.place(f, span))
    }

    /// Gives an error without a position the position of the command it came from.
    pub(crate) fn place(&self, f: Flow, span: Span) -> Flow {
        match f {
            Flow::Error(e) => Flow::Error(Box::new(e.at(span, self.unit))),
            other => other,
        }
    }

    fn feed(
        &mut self,
        stages: &mut [Placed<'_>],
        i: usize,
        items: Vec<Value>,
        sink: &mut Sink<'_>,
    ) -> Res<()> {
        if i >= stages.len() {
            for v in items {
                self.emit(sink, v);
            }
            return Ok(());
        }
        for v in items {
            // A stage that has all it wants (`Select-Object -First`) stops the commands before it, as
            // PowerShell's StopUpstreamCommandsException does.
            if stages[i..].iter().any(|s| s.stage.done()) {
                break;
            }
            self.check_interrupt()?;
            let mut out = Vec::new();
            let span = stages[i].span;
            let r = stages[i].stage.process(self, Some(v), &mut out);
            self.feed_then(stages, i + 1, out, sink, r, span)?;
            stages[i]
                .stage
                .after_output(self)
                .map_err(|f| self.place(f, span))?;
        }
        Ok(())
    }
}

/// The records a value sends into a pipeline: an array's elements (but not "nothing" among them), "nothing"
/// none, anything else (also `$null`) itself.
pub(crate) fn pipeline_items(v: Value) -> Vec<Value> {
    match v {
        Value::Array(items) => {
            let mut items = items.into_vec();
            items.retain(|i| !matches!(i, Value::Nothing));
            items
        }
        Value::Nothing => Vec::new(),
        one => vec![one],
    }
}

/// `-ErrorVariable`, `-WarningVariable`, `-OutVariable`: variable names (a leading `+` appends).
#[derive(Debug, Default)]
pub(crate) struct StreamVariables {
    pub(crate) error: Option<String>,
    pub(crate) warning: Option<String>,
    pub(crate) out: Option<String>,
}

/// What the stream variables collect during the command.
#[derive(Debug, Default)]
pub(crate) struct Captured {
    errors: Vec<Value>,
    warnings: Vec<Value>,
    out: Vec<Value>,
}

/// An Exchange cmdlet in a pipeline.
pub(crate) struct HostStage {
    pub(crate) info: &'static CmdletInfo,
    pub(crate) positional: Vec<Value>,
    pub(crate) named: Vec<NamedArg>,
    pub(crate) span: Span,
    pub(crate) error_action: Option<ActionPreference>,
    pub(crate) warning_action: Option<ActionPreference>,
    pub(crate) variables: StreamVariables,
    pub(crate) captured: Captured,
    /// Warnings, errors and information written after the invocation's first object, written once its
    /// objects have gone down the pipeline (`after_output`).
    pub(crate) deferred: Vec<Emitted>,
}

/// Sets (or with `+name` appends to) a stream variable.
fn set_stream_variable(it: &mut Interp<'_>, spec: &str, items: Vec<Value>) {
    let (append, name) = match spec.strip_prefix('+') {
        Some(n) => (true, n),
        None => (false, spec),
    };
    let path = crate::script::syntax::VariablePath {
        scope: None,
        name: name.into(),
    };
    let mut all = if append {
        match it.var_ref(&path) {
            Some(Value::Array(a)) => a.to_vec(),
            Some(Value::Null | Value::Nothing) | None => Vec::new(),
            Some(one) => vec![one.clone()],
        }
    } else {
        Vec::new()
    };
    all.extend(items);
    let _ = it.set_var(&path, Value::array(all), Span::default());
}

impl HostStage {
    /// Writes what the stream variables collected so far (appending after the first write).
    fn flush_variables(&mut self, it: &mut Interp<'_>) {
        let c = std::mem::take(&mut self.captured);
        for (spec, items) in [
            (&mut self.variables.error, c.errors),
            (&mut self.variables.warning, c.warnings),
            (&mut self.variables.out, c.out),
        ] {
            if let Some(s) = spec {
                set_stream_variable(it, s, items);
                if !s.starts_with('+') {
                    s.insert(0, '+');
                }
            }
        }
    }

    fn error(&self, it: &Interp<'_>, record: crate::script::error::ErrorRecord) -> RuntimeError {
        RuntimeError::new(record)
            .in_command(self.info.name)
            .at(self.span, it.unit)
    }

    /// The parameter a pipeline record binds to: by value first, then by property name.
    fn pipeline_arg(&self, v: &Value, c: &Culture) -> Option<NamedArg> {
        let given = |name: &str| {
            self.named.iter().any(|n| {
                self.info
                    .parameter(n.name.trim_start_matches('-'))
                    .is_some_and(|p| p.name == name)
            })
        };
        for p in self.info.parameters {
            if matches!(p.pipeline, PipelineInput::ByValue | PipelineInput::Both)
                && !given(p.name)
                && convert(p, v.clone(), c).is_ok()
            {
                return Some(NamedArg::new(p.name, v.clone()));
            }
        }
        for p in self.info.parameters {
            if matches!(
                p.pipeline,
                PipelineInput::ByPropertyName | PipelineInput::Both
            ) && !given(p.name)
            {
                let prop = std::iter::once(p.name)
                    .chain(p.aliases.iter().copied())
                    .map(|n| get_member(v, n, c))
                    .find(|x| !x.is_null());
                if let Some(x) = prop
                    && convert(p, x.clone(), c).is_ok()
                {
                    return Some(NamedArg::new(p.name, x));
                }
            }
        }
        None
    }

    fn run(
        &mut self,
        it: &mut Interp<'_>,
        mut named: Vec<NamedArg>,
        out: &mut Vec<Value>,
    ) -> Res<()> {
        // $WhatIfPreference = $true asks every cmdlet that changes something for -WhatIf.
        if self.info.changes_state()
            && !named.iter().any(|n| {
                let n = n.name.trim_start_matches('-').to_ascii_lowercase();
                n == "wi" || (n.len() >= 2 && "whatif".starts_with(&n))
            })
            && it
                .st
                .scopes
                .get(super::scope::Qualifier::Local, "WhatIfPreference")
                .is_some_and(super::convert::is_true)
        {
            named.push(NamedArg::switch("WhatIf"));
        }
        let options = BindOptions {
            pipeline_later: false,
            culture: it.culture(),
        };
        let args = match bind_with(self.info, self.positional.clone(), named, options) {
            Ok(a) => a,
            Err(e) => return Err(self.error(it, e).into()),
        };
        let result = {
            let mut confirmer = HostConfirmer(&mut *it.out);
            it.host.invoke(self.info, &args, &mut confirmer)
        };
        let output = match result {
            Ok(o) => o,
            Err(e) => {
                let err = self.error(it, e);
                if self.variables.error.is_some() {
                    self.captured.errors.push(it.error_object(&err));
                }
                let stop = self.error_action == Some(ActionPreference::Stop);
                return Err(if stop { err.stopping() } else { err }.into());
            }
        };
        for item in output.items {
            match item {
                Emitted::Object(v) => {
                    if self.variables.out.is_some() {
                        self.captured.out.push(v.clone());
                    }
                    out.push(v);
                }
                other if !out.is_empty() => self.deferred.push(other),
                other => self.write_side(it, other)?,
            }
        }
        Ok(())
    }

    /// Writes one non-object item of an invocation's output to its stream.
    fn write_side(&mut self, it: &mut Interp<'_>, item: Emitted) -> Res<()> {
        {
            match item {
                // `run` sends objects down the pipeline; only the other streams are written here.
                Emitted::Object(_) => {}
                Emitted::Warning(w) => {
                    if self.variables.warning.is_some() {
                        self.captured.warnings.push(Value::str(w.as_str()));
                    }
                    it.warning(&w, self.warning_action)?;
                }
                Emitted::Error(e) => {
                    let err = self.error(it, e);
                    if self.variables.error.is_some() {
                        self.captured.errors.push(it.error_object(&err));
                    }
                    it.non_terminating(err, self.error_action)?;
                }
                Emitted::Information(text) => {
                    it.out_default.flush(&mut *it.out);
                    it.out.write_information(&text);
                }
            }
        }
        Ok(())
    }
}

impl Stage for HostStage {
    fn after_output(&mut self, it: &mut Interp<'_>) -> Res<()> {
        for item in std::mem::take(&mut self.deferred) {
            self.write_side(it, item)?;
        }
        Ok(())
    }

    fn begin(&mut self, it: &mut Interp<'_>, _out: &mut Vec<Value>) -> Res<()> {
        // The variables are set even when the command writes nothing to them.
        self.flush_variables(it);
        Ok(())
    }

    fn end(&mut self, it: &mut Interp<'_>, _out: &mut Vec<Value>) -> Res<()> {
        self.flush_variables(it);
        Ok(())
    }

    fn process(
        &mut self,
        it: &mut Interp<'_>,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> Res<()> {
        let r = self.process_record(it, input, out);
        if r.is_err() {
            // The statement ends here; the stream variables still get what was collected.
            self.flush_variables(it);
        }
        r
    }
}

impl HostStage {
    fn process_record(
        &mut self,
        it: &mut Interp<'_>,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> Res<()> {
        let Some(v) = input else {
            return self.run(it, self.named.clone(), out);
        };
        match self.pipeline_arg(&v, it.culture()) {
            Some(arg) => {
                let mut named = self.named.clone();
                named.push(arg);
                match self.run(it, named, out) {
                    // A record that cannot be bound is an error for that record only.
                    Err(Flow::Error(e))
                        if e.record.error_id.starts_with("Parameter")
                            || e.record.category == ErrorCategory::InvalidArgument =>
                    {
                        it.non_terminating(*e, self.error_action)
                    }
                    other => other,
                }
            }
            None => {
                let e = self.error(
                    it,
                    crate::script::error::ErrorRecord::new(
                        ErrorCategory::InvalidArgument,
                        "InputObjectNotBound",
                        "The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.",
                    )
                    .with_target(super::convert::to_str(&v)),
                );
                it.non_terminating(e, self.error_action)
            }
        }
    }
}
