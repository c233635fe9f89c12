//! Script blocks and functions: script block values (kept in the session so they outlive the run that made
//! them), invoking them (dot-sourced for ForEach-Object and Where-Object, in a child scope otherwise), and
//! binding arguments to `param()` blocks (named with prefixes, positional, switches, defaults, type constraints,
//! mandatory parameters, `$args`, `$PSBoundParameters`, pipeline input by value or property name).
//!
//! A script block value is a `ScriptBlock` object carrying the session's id for it; its AST lives in the
//! session, so values stay plain data.

use crate::script::binder::resolve::{Candidate, resolve};
use crate::script::binder::texts;
use std::sync::Arc;

use crate::model::eq_ci;
use crate::script::error::ErrorCategory;
use crate::script::syntax::{
    Expr, ExprKind, ParamBlock, Parameter, ScriptBlock, ScriptBody, Statement,
};
use crate::script::value::{Hashtable, PsObject, Value};

use super::convert::{SCRIPT_BLOCK, collapse, to_str};
use super::flow::{Flow, Res, RuntimeError, runtime};
use super::interp::{Interp, MAX_CALL_DEPTH, Sink, StoredBlock};
use super::members::get_member;
use super::scope::{Frame, Qualifier};

/// An argument as written at a call site, before it is matched with a signature.
#[derive(Clone, Debug)]
pub(crate) enum RawArg {
    /// `-Name`, `-Name:value` (`colon`), with the value if one was attached.
    Named {
        name: String,
        value: Option<Value>,
        colon: bool,
    },
    Positional(Value),
}

/// Named arguments (a value of `None` means given without one) and positional arguments, after deciding
/// which `-Name` takes the next argument.
pub(crate) struct Paired {
    pub(crate) named: Vec<(String, Option<Value>)>,
    pub(crate) positional: Vec<Value>,
}

/// Pairs `-Name value` using `takes_value(name)`: false for switches, true for parameters that take an
/// argument (the next positional becomes it).
pub(crate) fn pair_args(raw: Vec<RawArg>, takes_value: impl Fn(&str) -> bool) -> Paired {
    let mut named = Vec::new();
    let mut positional = Vec::new();
    let mut it = raw.into_iter().peekable();
    while let Some(a) = it.next() {
        match a {
            RawArg::Named {
                name,
                value: Some(v),
                ..
            } => named.push((name, Some(v))),
            RawArg::Named {
                name,
                value: None,
                colon,
            } => {
                if !colon
                    && takes_value(&name)
                    && let Some(RawArg::Positional(_)) = it.peek()
                    && let Some(RawArg::Positional(v)) = it.next()
                {
                    named.push((name, Some(v)));
                    continue;
                }
                named.push((name, None));
            }
            RawArg::Positional(v) => positional.push(v),
        }
    }
    Paired { named, positional }
}

/// Whether `param` is declared `[switch]`.
fn is_switch(param: &Parameter) -> bool {
    param.type_constraint.as_ref().is_some_and(|t| {
        eq_ci(&t.name, "switch") || eq_ci(&t.name, "System.Management.Automation.SwitchParameter")
    })
}

fn attribute_flag(param: &Parameter, flag: &str) -> bool {
    param.attributes.iter().any(|a| {
        eq_ci(&a.name.name, "Parameter")
            && a.named.iter().any(|n| {
                eq_ci(&n.name, flag)
                    && match &n.value {
                        None => true,
                        Some(Expr {
                            kind: ExprKind::Variable(v),
                            ..
                        }) => !v.is("false"),
                        Some(_) => true,
                    }
            })
    })
}

/// Whether the block is an advanced function (`[CmdletBinding()]` or `[Parameter()]` attributes).
fn is_advanced(p: &ParamBlock) -> bool {
    !p.attributes.is_empty() || p.parameters.iter().any(|x| !x.attributes.is_empty())
}

/// Whether `name` names one of the declared parameters that takes an argument.
pub(crate) fn param_takes_value(block: Option<&ParamBlock>, name: &str) -> bool {
    let Some(p) = block else { return true };
    match find_param(p, name) {
        Ok(Some(param)) => !is_switch(param),
        _ => true,
    }
}

fn find_param<'p>(p: &'p ParamBlock, name: &str) -> Result<Option<&'p Parameter>, RuntimeError> {
    let candidates = p.parameters.iter().map(|x| Candidate {
        name: &x.name.name,
        aliases: &[],
        item: x,
    });
    resolve(name, candidates).map_err(RuntimeError::new)
}

impl Interp<'_> {
    /// A script block literal as a value (registered once per literal).
    pub(crate) fn block_value(&mut self, sb: &ScriptBlock) -> Value {
        let key = (self.unit, sb.span.start);
        let id = match self.st.block_ids.get(&key) {
            Some(id) => *id,
            None => {
                self.st.blocks.push(StoredBlock {
                    block: Arc::new(sb.clone()),
                    unit: self.unit,
                });
                let id = self.st.blocks.len() - 1;
                self.st.block_ids.insert(key, id);
                id
            }
        };
        let mut o = PsObject::with_capacity(SCRIPT_BLOCK, 2);
        o.push("Id", id as i64);
        o.push("Text", sb.text.as_ref());
        Value::Object(o)
    }

    /// The stored block a value refers to, if it is a script block.
    pub(crate) fn stored_block(&self, v: &Value) -> Option<(Arc<ScriptBlock>, u32)> {
        let Value::Object(o) = v else { return None };
        if o.type_name() != SCRIPT_BLOCK {
            return None;
        }
        let Some(Value::Int(id)) = o.get("Id") else {
            return None;
        };
        let b = self.st.blocks.get(usize::try_from(id).ok()?)?;
        Some((b.block.clone(), b.unit))
    }

    pub(crate) fn enter_call(&mut self) -> Res<()> {
        self.depth += 1;
        if self.depth > MAX_CALL_DEPTH {
            self.depth -= 1;
            return Err(runtime(
                ErrorCategory::InvalidOperation,
                "CallDepthOverflow",
                "The script failed due to call depth overflow.",
            )
            .into());
        }
        Ok(())
    }

    /// Invokes a script block value with `$_` set to `underscore` (if given) and `args` bound to its `param()`
    /// or `$args`. `dot_source` runs it in the current scope (ForEach-Object, Where-Object); otherwise in a new
    /// child scope. Returns what it wrote to the output.
    pub(crate) fn call_block_value(
        &mut self,
        block: &Value,
        underscore: Option<Value>,
        args: Vec<Value>,
        dot_source: bool,
    ) -> Res<Vec<Value>> {
        let Some((sb, unit)) = self.stored_block(block) else {
            return Err(runtime(
                ErrorCategory::InvalidArgument,
                "NotAScriptBlock",
                format!("The value '{}' is not a script block.", to_str(block)),
            )
            .into());
        };
        let mut out = Vec::new();
        let item = underscore.unwrap_or(Value::Null);
        let (r, _) = self.run_block(&sb, unit, item, args, dot_source, &mut out);
        r.map(|()| out)
    }

    /// Runs a stored block with `$_` = `item`; returns the result and `$_` as it is afterwards (so Where-Object
    /// can pass the input on without copying it).
    pub(crate) fn run_block(
        &mut self,
        sb: &ScriptBlock,
        unit: u32,
        item: Value,
        args: Vec<Value>,
        dot_source: bool,
        out: &mut Vec<Value>,
    ) -> (Res<()>, Value) {
        if let Err(e) = self.enter_call() {
            return (Err(e), item);
        }
        let saved_unit = std::mem::replace(&mut self.unit, unit);
        let saved_item = std::mem::replace(&mut self.underscore, item);
        let depth = self.st.scopes.depth();
        if !dot_source {
            self.st.scopes.push();
        }
        let result = (|| -> Res<()> {
            if !dot_source {
                self.bind_block_args(sb.param_block.as_ref(), args)?;
            }
            let mut sink = Sink::Collect(out);
            match &sb.body {
                ScriptBody::Statements(statements) => self.exec_all(statements, &mut sink),
                ScriptBody::Named(n) => {
                    for b in [&n.begin, &n.process, &n.end].into_iter().flatten() {
                        self.exec_block(b, &mut sink)?;
                    }
                    Ok(())
                }
            }
        })();
        self.st.scopes.truncate(depth);
        self.unit = saved_unit;
        self.depth -= 1;
        let item = std::mem::replace(&mut self.underscore, saved_item);
        let result = match result {
            Err(Flow::Return) => {
                out.append(&mut self.returned);
                Ok(())
            }
            other => other,
        };
        (result, item)
    }

    pub(crate) fn exec_all(&mut self, statements: &[Statement], sink: &mut Sink<'_>) -> Res<()> {
        self.exec_list(statements, sink)
    }

    /// Binds positional `args` of `& { param($a) … } x` (or leaves them in `$args`).
    fn bind_block_args(&mut self, params: Option<&ParamBlock>, args: Vec<Value>) -> Res<()> {
        let raw = args.into_iter().map(RawArg::Positional).collect();
        self.bind_params(params, raw, "ScriptBlock")
    }

    /// The script's own `param()` block, from the session's script arguments (`-Name value` pairs).
    pub(crate) fn bind_script_params(
        &mut self,
        params: &ParamBlock,
        args: Vec<(String, Value)>,
    ) -> Res<()> {
        let raw = args
            .into_iter()
            .map(|(name, value)| RawArg::Named {
                name,
                value: Some(value),
                colon: true,
            })
            .collect();
        self.bind_params(Some(params), raw, "script")
    }

    /// Binds call-site arguments to a `param()` block in the current (new) scope.
    pub(crate) fn bind_params(
        &mut self,
        params: Option<&ParamBlock>,
        raw: Vec<RawArg>,
        command: &str,
    ) -> Res<()> {
        // "Nothing" passed to a parameter arrives as $null (everything-about-null.md).
        let raw = raw
            .into_iter()
            .map(|a| match a {
                RawArg::Positional(Value::Nothing) => RawArg::Positional(Value::Null),
                RawArg::Named {
                    name,
                    value: Some(Value::Nothing),
                    colon,
                } => RawArg::Named {
                    name,
                    value: Some(Value::Null),
                    colon,
                },
                other => other,
            })
            .collect();
        let paired = pair_args(raw, |n| param_takes_value(params, n));
        let Some(p) = params else {
            let mut rest = paired.positional;
            for (name, value) in paired.named {
                rest.push(Value::from(format!("-{name}")));
                if let Some(v) = value {
                    rest.push(v);
                }
            }
            self.st
                .scopes
                .set(Qualifier::Local, "args", Value::array(rest));
            return Ok(());
        };
        let mut bound: Vec<(String, Value)> = Vec::new();
        let mut extra: Vec<Value> = Vec::new();
        for (name, value) in paired.named {
            let param = find_param(p, &name).map_err(|e| e.in_command(command))?;
            match param {
                Some(param) => {
                    let value = match value {
                        Some(v) => v,
                        None if is_switch(param) => Value::Bool(true),
                        None => {
                            let type_name = param
                                .type_constraint
                                .as_ref()
                                .map_or("System.Object", |t| &t.name);
                            return Err(RuntimeError::new(texts::missing_argument(
                                &param.name.name,
                                type_name,
                            ))
                            .in_command(command)
                            .into());
                        }
                    };
                    bound.push((param.name.name.to_string(), self.constrain(param, value)?));
                }
                None if is_advanced(p) => {
                    return Err(RuntimeError::new(texts::parameter_not_found(&name))
                        .in_command(command)
                        .into());
                }
                None => {
                    extra.push(Value::from(format!("-{name}")));
                    if let Some(v) = value {
                        extra.push(v);
                    }
                }
            }
        }
        let free: Vec<&Parameter> = p
            .parameters
            .iter()
            .filter(|x| !is_switch(x) && !bound.iter().any(|(n, _)| eq_ci(n, &x.name.name)))
            .collect();
        let mut free = free.into_iter();
        for v in paired.positional {
            match free.next() {
                Some(param) => {
                    let v = self.constrain(param, v)?;
                    bound.push((param.name.name.to_string(), v));
                }
                None if is_advanced(p) => {
                    return Err(RuntimeError::new(texts::positional_not_found(&to_str(&v)))
                        .in_command(command)
                        .into());
                }
                None => extra.push(v),
            }
        }
        let bound_table = Hashtable::new();
        for (n, v) in &bound {
            bound_table.insert(n.clone(), v.clone());
        }
        let mut missing = Vec::new();
        for param in &p.parameters {
            let name = &param.name.name;
            if let Some((_, v)) = bound.iter().find(|(n, _)| eq_ci(n, name)) {
                self.st.scopes.set(Qualifier::Local, name, v.clone());
                continue;
            }
            if attribute_flag(param, "Mandatory") {
                missing.push(name.to_string());
                continue;
            }
            let v = match &param.default {
                Some(d) => self.eval(d)?,
                None if is_switch(param) => Value::Bool(false),
                None => Value::Null,
            };
            // An unbound typed parameter holds its type's default: '' for a string, 0 for a number.
            let v = match (&param.type_constraint, &v) {
                (Some(t), Value::Null) if super::types::has_default(&t.name) => {
                    self.constrain(param, v)?
                }
                (Some(_), Value::Null) => v,
                _ => self.constrain(param, v)?,
            };
            self.st.scopes.set(Qualifier::Local, name, v);
        }
        if !missing.is_empty() {
            let missing: Vec<&str> = missing.iter().map(String::as_str).collect();
            return Err(RuntimeError::new(texts::missing_mandatory(&missing))
                .in_command(command)
                .into());
        }
        self.st
            .scopes
            .set(Qualifier::Local, "args", Value::array(extra));
        self.st.scopes.set(
            Qualifier::Local,
            "PSBoundParameters",
            Value::Hashtable(bound_table),
        );
        Ok(())
    }

    /// Applies a parameter's type constraint; types the shell does not model leave the value as it is.
    fn constrain(&mut self, param: &Parameter, v: Value) -> Res<Value> {
        let Some(t) = &param.type_constraint else {
            return Ok(v);
        };
        match super::types::cast(&t.name, v.clone()) {
            Ok(c) => Ok(c),
            // A type the shell does not model (an embedder's, a .NET class) leaves the value as it is; a
            // numeric type it refuses is refused here too.
            Err(e) if e.record.error_id == super::flow::NOT_SUPPORTED => {
                if e.record.message.starts_with("The numeric type")
                    || e.record.message.starts_with("The decimal type")
                {
                    Err(e.into())
                } else {
                    Ok(v)
                }
            }
            Err(e) => Err(runtime(
                ErrorCategory::InvalidArgument,
                "ParameterArgumentTransformationError",
                format!(
                    "Cannot process argument transformation on parameter '{}'. {}",
                    param.name.name, e.record.message
                ),
            )
            .into()),
        }
    }

    /// Binds pipeline input to the parameters declared `ValueFromPipeline` (the value) or
    /// `ValueFromPipelineByPropertyName` (the input's property of the same name).
    pub(crate) fn bind_pipeline_params(
        &mut self,
        params: Option<&ParamBlock>,
        item: &Value,
    ) -> Res<()> {
        let Some(p) = params else { return Ok(()) };
        for param in &p.parameters {
            let name = &param.name.name;
            let v = if attribute_flag(param, "ValueFromPipeline") {
                Some(item.clone())
            } else if attribute_flag(param, "ValueFromPipelineByPropertyName") {
                match get_member(item, name, self.culture()) {
                    v if v.is_null() => None,
                    v => Some(v),
                }
            } else {
                None
            };
            if let Some(v) = v {
                let v = self.constrain(param, v)?;
                self.st.scopes.set(Qualifier::Local, name, v);
            }
        }
        Ok(())
    }
}

/// A function (or `& { }` block) as a pipeline stage: its scope is kept between begin, process and end.
pub(crate) struct FunctionStage {
    pub(crate) name: String,
    pub(crate) body: Arc<ScriptBlock>,
    pub(crate) unit: u32,
    pub(crate) is_filter: bool,
    pub(crate) args: Option<Vec<RawArg>>,
    pub(crate) frame: Option<Frame>,
    pub(crate) dot_source: bool,
    /// Input collected for a plain function's body (`$input`).
    pub(crate) collected: Vec<Value>,
    pub(crate) had_input: bool,
}

impl FunctionStage {
    fn enter(&mut self, it: &mut Interp<'_>) -> Res<(u32, Value)> {
        it.enter_call()?;
        if !self.dot_source {
            it.st
                .scopes
                .push_frame(self.frame.take().unwrap_or_default());
        }
        Ok((
            std::mem::replace(&mut it.unit, self.unit),
            std::mem::take(&mut it.underscore),
        ))
    }

    fn leave(&mut self, it: &mut Interp<'_>, saved: (u32, Value), depth: usize) {
        if !self.dot_source {
            it.st.scopes.truncate(depth + 1);
            self.frame = Some(it.st.scopes.take_frame());
        }
        it.unit = saved.0;
        it.underscore = saved.1;
        it.depth -= 1;
    }

    /// Runs `f` inside the function's scope.
    fn within(
        &mut self,
        it: &mut Interp<'_>,
        out: &mut Vec<Value>,
        f: impl FnOnce(&mut Interp<'_>, &ScriptBlock, &mut Sink<'_>) -> Res<()>,
    ) -> Res<()> {
        let depth = it.st.scopes.depth();
        let saved = self.enter(it)?;
        let body = self.body.clone();
        // Errors the function writes do not fail the statement that called it: `$?` after a function that
        // wrote a non-terminating error is True (about_Automatic_Variables).
        let status = it.status_ok;
        let r = f(it, &body, &mut Sink::Collect(out));
        it.status_ok = status;
        self.leave(it, saved, depth);
        match r {
            Err(Flow::Return) => {
                out.append(&mut it.returned);
                Ok(())
            }
            other => other,
        }
    }
}

impl super::interp::Stage for FunctionStage {
    fn begin(&mut self, it: &mut Interp<'_>, out: &mut Vec<Value>) -> Res<()> {
        let args = self.args.take().unwrap_or_default();
        let name = self.name.clone();
        let dot = self.dot_source;
        self.within(it, out, |it, body, sink| {
            if !dot {
                it.bind_params(body.param_block.as_ref(), args, &name)?;
            }
            if let ScriptBody::Named(n) = &body.body
                && let Some(b) = &n.begin
            {
                it.exec_block(b, sink)?;
            }
            Ok(())
        })
    }

    fn process(
        &mut self,
        it: &mut Interp<'_>,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> Res<()> {
        self.had_input |= input.is_some();
        let named = matches!(&self.body.body, ScriptBody::Named(_));
        if !named && !self.is_filter {
            if let Some(v) = input {
                self.collected.push(v);
            }
            return Ok(());
        }
        self.within(it, out, |it, body, sink| {
            if let Some(v) = &input {
                it.bind_pipeline_params(body.param_block.as_ref(), v)?;
                it.underscore = v.clone();
            }
            match &body.body {
                ScriptBody::Named(n) => match &n.process {
                    Some(b) => it.exec_block(b, sink),
                    None => Ok(()),
                },
                ScriptBody::Statements(s) => it.exec_all(s, sink),
            }
        })
    }

    fn end(&mut self, it: &mut Interp<'_>, out: &mut Vec<Value>) -> Res<()> {
        let named = matches!(&self.body.body, ScriptBody::Named(_));
        if self.is_filter && !named {
            return Ok(());
        }
        let input = std::mem::take(&mut self.collected);
        let r = self.within(it, out, |it, body, sink| {
            let saved = std::mem::replace(&mut it.input, input);
            let r = match &body.body {
                ScriptBody::Named(n) => match &n.end {
                    Some(b) => it.exec_block(b, sink),
                    None => Ok(()),
                },
                ScriptBody::Statements(s) => it.exec_all(s, sink),
            };
            it.input = saved;
            r
        });
        self.frame = None;
        r
    }
}

/// The collected output of a script block run as a condition.
pub(crate) fn truthy(values: Vec<Value>) -> bool {
    super::convert::is_true(&collapse(values))
}
