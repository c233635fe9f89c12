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
