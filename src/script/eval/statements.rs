//! Statements: blocks, `if`, the loops (`foreach`, `for`, `while`, `do`), `switch`, `try`/`catch`/`finally`,
//! `throw`, and which `catch` takes an error. Expressions are `expr`, commands and pipelines `command` and
//! `pipeline`; this file only sequences them.

use std::sync::Arc;

use crate::model::eq_ci;
use crate::script::error::ErrorCategory;
use crate::script::syntax::{
    self, Block, Catch, DoLoop, ExprKind, For, ForEach, If, PipelineElement, Statement,
    StatementKind, Switch, Try, While,
};
use crate::script::value::Value;

use super::compare::{equals, like};
use super::convert::{ERROR_RECORD, collapse, enumerate, is_true, to_str};
use super::flow::{Flow, Res, RuntimeError, runtime};
use super::interp::{Function, Interp, Sink};
use super::scope::Qualifier;

impl Interp<'_> {
    pub(crate) fn exec_block(&mut self, block: &Block, sink: &mut Sink<'_>) -> Res<()> {
        self.exec_list(&block.statements, sink)
    }

    /// Runs a statement list. With `trap` statements in it (wherever they stand), a terminating error of one
    /// of its statements runs the matching trap with `$_` set: `continue` in the trap goes on with the next
    /// statement, `break` passes the error on, otherwise the error is written and the list goes on
    /// (about_Trap).
    pub(crate) fn exec_list(&mut self, statements: &[Statement], sink: &mut Sink<'_>) -> Res<()> {
        let traps: Vec<&Catch> = statements
            .iter()
            .filter_map(|s| match &s.kind {
                StatementKind::Trap(t) => Some(t),
                _ => None,
            })
            .collect();
        if traps.is_empty() {
            for s in statements {
                self.exec_statement(s, sink)?;
            }
            return Ok(());
        }
        let outer_try = self.try_depth;
        for s in statements {
            self.try_depth += 1;
            let r = self.exec_statement(s, sink);
            self.try_depth -= 1;
            let e = match r {
                Err(Flow::Error(e)) => e,
                other => {
                    other?;
                    continue;
                }
            };
            let Some(trap) = handler(&traps, &e) else {
                // No trap takes it: a statement-terminating error is written as without traps.
                if !e.script
                    && outer_try == 0
                    && self.preference(None, "ErrorActionPreference")
                        != crate::script::params::ActionPreference::Stop
                {
                    self.record_error(&e);
                    self.out_default.flush(&mut *self.out);
                    self.write_error_record(&e);
                    self.status_ok = false;
                    continue;
                }
                return Err(Flow::Error(e));
            };
            self.record_error(&e);
            let obj = self.error_object(&e);
            let saved = std::mem::replace(&mut self.underscore, obj);
            self.caught.push((*e).clone());
            let r = self.exec_block(&trap.body, sink);
            self.caught.pop();
            self.underscore = saved;
            match r {
                Ok(()) => {
                    self.out_default.flush(&mut *self.out);
                    self.write_error_record(&e);
                    self.status_ok = false;
                }
                Err(Flow::Continue(None)) => {}
                Err(Flow::Break(None)) => return Err(Flow::Error(e)),
                Err(other) => return Err(other),
            }
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
            // A trap runs when an error reaches it (`exec_list`), not where it stands.
            StatementKind::Trap(_) => Ok(()),
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
                    // `throw` alone in a catch block rethrows the error it took.
                    None => match self.caught.last() {
                        Some(e) => return Err(e.clone().into()),
                        None => Value::Null,
                    },
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
        self.collect_or_return(s, &mut buf)?;
        Ok(collapse(buf))
    }

    /// Runs a statement into `buf`; when a `return` leaves it, what it collected goes to the output of what is
    /// being returned from (`$x = if ($true) { return 'one' }` writes 'one').
    pub(crate) fn collect_or_return(&mut self, s: &Statement, buf: &mut Vec<Value>) -> Res<()> {
        match self.exec(s, &mut Sink::Collect(buf)) {
            Err(Flow::Return) => {
                self.returned.append(buf);
                Err(Flow::Return)
            }
            other => other,
        }
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
            v if v.is_null() => Vec::new(),
            v => enumerate(v),
        };
        let q = Qualifier::parse(f.variable.scope.as_deref()).unwrap_or(Qualifier::Local);
        // Arrays, hashtables and objects are shared handles: a change made through the loop variable
        // (`$o.Status = 'x'`, `$row[0] = 1`) is a change of the element in the list itself.
        for item in items {
            self.check_interrupt()?;
            self.st.scopes.set(q, &f.variable.name, item);
            let r = self.exec_block(&f.body, sink);
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
            Value::Array(items) => items.into_vec(),
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
                                let re = self.st.regexes.get(&to_str(&p), cs)?;
                                match super::operators::matches_table(re, &text) {
                                    Some(m) => {
                                        self.st.scopes.set(
                                            Qualifier::Local,
                                            "Matches",
                                            Value::Hashtable(m),
                                        );
                                        true
                                    }
                                    None => false,
                                }
                            } else {
                                // switch compares the value and the clause as text (about_Switch): an
                                // enum matches its name, a hashtable its type name, not a number.
                                equals(&Value::from(to_str(&item)), &Value::from(to_str(&p)), cs)
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
                let catches: Vec<&Catch> = t.catches.iter().collect();
                match handler(&catches, &e) {
                    Some(c) => {
                        self.record_error(&e);
                        let obj = self.error_object(&e);
                        let saved = std::mem::replace(&mut self.underscore, obj);
                        self.caught.push((*e).clone());
                        let r = self.exec_block(&c.body, sink);
                        self.caught.pop();
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
        // A thrown exception object is the error's exception (its message, its type for `catch`).
        if super::exceptions::of_value(&v).is_some() {
            let message = super::members::get_member(&v, "Message", self.culture()).to_text();
            let mut e = runtime(
                ErrorCategory::OperationStopped,
                "RuntimeException",
                message.clone(),
            );
            e.fqid = Some(message);
            e.exception = Some(v);
            return e.at(span, self.unit).stopping();
        }
        if let Value::Object(o) = &v
            && o.type_name() == ERROR_RECORD
        {
            let message = super::convert::error_message(o);
            let mut e = runtime(ErrorCategory::OperationStopped, "RuntimeException", message);
            e.fqid = o.get("FullyQualifiedErrorId").as_ref().map(to_str);
            return e.at(span, self.unit).stopping();
        }
        let message = match &v {
            Value::Null | Value::Nothing => "ScriptHalted".to_string(),
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

/// The exception type names an error matches a `catch` by: the exception a RuntimeException wraps (PowerShell
/// looks at it first: `1/0` is caught by `[DivideByZeroException]`), then the exception itself.
fn exception_types(e: &RuntimeError) -> Vec<String> {
    let mut out = Vec::new();
    let outer = match &e.exception {
        Some(Value::Object(o)) => {
            if let Some(Value::Object(inner)) = o.get("InnerException") {
                out.push(inner.type_name().to_string());
            }
            o.type_name().to_string()
        }
        _ => super::interp::exception_type(e.record.error_id),
    };
    out.push(outer);
    out
}

/// Whether a type named in a `catch` takes an exception of type `actual`: the same type or a base class of it;
/// `[RuntimeException]` and `[ActionPreferenceStopException]` take every error, as PowerShell wraps every
/// error in a RuntimeException (about_Try_Catch_Finally) and legacy scripts catch `-ErrorAction Stop` errors so.
fn type_matches(written: &str, actual: &str) -> bool {
    let last = written.rsplit('.').next().unwrap_or(written);
    if eq_ci(last, "RuntimeException") || eq_ci(last, "ActionPreferenceStopException") {
        return true;
    }
    match super::exceptions::find(written) {
        Some(t) => super::exceptions::is_a(actual, t.name),
        None => eq_ci(written, actual) || eq_ci(last, actual.rsplit('.').next().unwrap_or(actual)),
    }
}

/// The `catch` clause that takes an error, as PowerShell picks it: the first clause naming a type of the
/// wrapped exception, else the first naming a type of the exception itself, else a clause with no type. A
/// construct the shell refuses is never caught.
fn handler<'c>(catches: &[&'c Catch], e: &RuntimeError) -> Option<&'c Catch> {
    if e.record.error_id == super::flow::NOT_SUPPORTED {
        return None;
    }
    for actual in exception_types(e) {
        if let Some(c) = catches
            .iter()
            .find(|c| c.types.iter().any(|t| type_matches(&t.name, &actual)))
        {
            return Some(*c);
        }
    }
    catches.iter().find(|c| c.types.is_empty()).copied()
}
