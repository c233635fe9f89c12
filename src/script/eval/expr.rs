//! Expressions: literals, variables (`$_`, `$true`, `$env:X`, scoped names), string expansion, arrays,
//! hashtables, `( )`, `$( )`, `@( )`, casts, member access and method calls, indexing, unary and binary
//! operators, and assignment (`=`, `+=` … on variables, indexes and properties, `++`/`--`).
//!
//! Reads of `$var.Prop` and `$var[i]` borrow the variable instead of copying it, and `$list += $item` appends in
//! place, so loops over large result sets do not copy them.

use crate::model::eq_ci;
use crate::script::error::ErrorCategory;
use crate::script::syntax::{
    AssignOp, Assignment, BinaryOp, Case, CompareOp, Expr, ExprKind, Member, Number,
    PipelineElement, Span, Statement, StatementKind, StringPart, UnaryOp, VariablePath,
};
use crate::script::value::{Hashtable, Value};

use super::convert::{collapse, is_true, to_int, to_str};
use super::flow::{Res, RuntimeError, null_index, runtime, unsupported};
use super::interp::Interp;
use super::members::get_member;
use super::operators::{self, arith};
use super::scope::Qualifier;

/// Automatic variables of PowerShell the shell does not model: reading one is an error, not a silent `$null`.
const UNMODELED: &[&str] = &[
    "Host",
    "MyInvocation",
    "ExecutionContext",
    "PSCmdlet",
    "LASTEXITCODE",
    "PSCommandPath",
    "PWD",
    "HOME",
    "PROFILE",
    "StackTrace",
];

impl Interp<'_> {
    pub(crate) fn err_at(&self, e: RuntimeError, span: Span) -> super::flow::Flow {
        e.at(span, self.unit).into()
    }

    pub(crate) fn eval(&mut self, e: &Expr) -> Res<Value> {
        match &e.kind {
            ExprKind::Number(Number::Int(i)) => Ok(Value::Int(*i)),
            ExprKind::Number(Number::Long(i)) => Ok(Value::Long(*i)),
            ExprKind::Number(Number::Double(d)) => Ok(Value::Double(*d)),
            ExprKind::Number(Number::Decimal(_)) => Err(self.err_at(
                unsupported("The decimal type ([decimal], the d suffix)"),
                e.span,
            )),
            ExprKind::String { value, .. } => Ok(Value::str(&**value)),
            ExprKind::Expandable { parts, .. } => self.expand(parts).map(Value::from),
            ExprKind::Variable(path) => self.get_var(path, e.span),
            ExprKind::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.eval(i)?);
                }
                Ok(Value::array(out))
            }
            ExprKind::Hashtable(entries) => {
                let h = Hashtable::new();
                for entry in entries {
                    let key = match &entry.key.kind {
                        ExprKind::String { value, .. } => value.to_string(),
                        _ => to_str(&self.eval(&entry.key)?),
                    };
                    if h.get(&key).is_some() {
                        return Err(self.err_at(
                            runtime(
                                ErrorCategory::ParserError,
                                "DuplicateKeyInHashLiteral",
                                format!("Duplicate keys '{key}' are not allowed in hash literals."),
                            ),
                            entry.key.span,
                        ));
                    }
                    let value = self.value_of(&entry.value)?;
                    h.insert(key, value);
                }
                Ok(Value::Hashtable(h))
            }
            ExprKind::ScriptBlock(sb) => Ok(self.block_value(sb)),
            ExprKind::Paren(s) => self.value_of(s),
            ExprKind::Subexpression(statements) => {
                let mut buf = Vec::new();
                for s in statements {
                    self.collect_or_return(s, &mut buf)?;
                }
                Ok(collapse(buf))
            }
            ExprKind::ArraySubexpression(statements) => {
                // `@([object[]]$a)` is `$a` itself: PowerShell compiles `@()` around nothing but a cast to an
                // array type as that cast (PowerShell/PowerShell issue #4280), with no new array.
                if let Some(cast) = lone_array_cast(statements) {
                    return Ok(match self.eval(cast)? {
                        a @ Value::Array(_) => a,
                        other => Value::array(super::pipeline::pipeline_items(other)),
                    });
                }
                let mut buf = Vec::new();
                for s in statements {
                    self.collect_or_return(s, &mut buf)?;
                }
                Ok(Value::array(buf))
            }
            ExprKind::TypeLiteral(t) => Ok(super::types::type_object(&t.name)),
            ExprKind::Cast { ty, operand } => {
                if let ExprKind::Hashtable(_) = &operand.kind {
                    let v = self.eval(operand)?;
                    return super::types::cast_hashtable(&ty.name, v)
                        .map_err(|err| self.err_at(err, e.span));
                }
                let v = self.eval(operand)?;
                super::types::cast(&ty.name, v).map_err(|err| self.err_at(err, e.span))
            }
            ExprKind::Member {
                target,
                member,
                is_static,
            } => {
                let name = self.member_name(member)?;
                let c = self.culture();
                if *is_static {
                    let ExprKind::TypeLiteral(t) = &target.kind else {
                        return Err(self
                            .err_at(unsupported("A static member access on a non-type"), e.span));
                    };
                    let now = self.now();
                    return super::types::static_member(&t.name, &name, now, c)
                        .map_err(|err| self.err_at(err, e.span));
                }
                if let ExprKind::Variable(path) = &target.kind
                    && let Some(v) = self.var_ref(path)
                {
                    return Ok(get_member(v, &name, c));
                }
                let v = self.eval(target)?;
                Ok(get_member(&v, &name, c))
            }
            ExprKind::Invoke {
                target,
                member,
                is_static,
                args,
            } => {
                let name = self.member_name(member)?;
                let mut argv = Vec::with_capacity(args.len());
                for a in args {
                    argv.push(self.eval(a)?);
                }
                if *is_static {
                    let ExprKind::TypeLiteral(t) = &target.kind else {
                        return Err(
                            self.err_at(unsupported("A static method call on a non-type"), e.span)
                        );
                    };
                    return self
                        .call_static(&t.name, &name, argv)
                        .map_err(|f| self.place(f, e.span));
                }
                if let ExprKind::Variable(path) = &target.kind
                    && let Some(q) = Qualifier::parse(path.scope.as_deref())
                {
                    // `Clear()` of a typed array sets its elements to the type's default (0 for [int[]]).
                    let cleared = match self.st.scopes.constraint(q, &path.name) {
                        Some(t) if eq_ci(&name, "Clear") && argv.is_empty() => t
                            .strip_suffix("[]")
                            .and_then(|elem| super::types::cast(elem, Value::Null).ok()),
                        _ => None,
                    };
                    if let Some(slot) = self.st.scopes.get_mut_any(q, &path.name) {
                        if let (Some(default), Value::Array(items)) = (&cleared, &*slot) {
                            items.update(|items| items.fill(default.clone()));
                            return Ok(Value::Nothing);
                        }
                        if let Some(r) = super::members::mutate_in_place(slot, &name, &argv) {
                            return r.map_err(|err| self.err_at(err, e.span));
                        }
                    }
                }
                let v = self.eval(target)?;
                self.call_method(v, &name, argv, e.span)
            }
            ExprKind::Index { target, index } => {
                let i = self.eval(index)?;
                // An integer index into an [ordered] dictionary is a position; `[object]1` is a key.
                let by_key =
                    matches!(&index.kind, ExprKind::Cast { ty, .. } if eq_ci(&ty.name, "object"));
                let position = |t: &Value| match t {
                    Value::Hashtable(h) if h.is_ordered() && !by_key => match &i {
                        Value::Int(n) | Value::Long(n) => Some(
                            usize::try_from(*n)
                                .ok()
                                .and_then(|n| h.value_at(n))
                                .unwrap_or(Value::Null),
                        ),
                        _ => None,
                    },
                    _ => None,
                };
                if let ExprKind::Variable(path) = &target.kind
                    && let Some(v) = self.var_ref(path)
                {
                    if let Some(x) = position(v) {
                        return Ok(x);
                    }
                    return index_value(v, &i).map_err(|err| self.err_at(err, e.span));
                }
                let v = self.eval(target)?;
                if let Some(x) = position(&v) {
                    return Ok(x);
                }
                index_value(&v, &i).map_err(|err| self.err_at(err, e.span))
            }
            ExprKind::Unary { op, operand } => self.eval_unary(*op, operand, e.span),
            ExprKind::Binary { op, lhs, rhs } => self.eval_binary(*op, lhs, rhs, e.span),
            ExprKind::Error => Err(self.err_at(
                runtime(
                    ErrorCategory::ParserError,
                    "ParseError",
                    "This expression could not be parsed.",
                ),
                e.span,
            )),
        }
    }

    pub(crate) fn member_name(&mut self, m: &Member) -> Res<String> {
        match m {
            Member::Name(n) => Ok(n.to_string()),
            Member::Dynamic(e) => {
                let v = self.eval(e)?;
                Ok(to_str(&v))
            }
        }
    }

    /// The current time: the host's clock plus what Start-Sleep has added.
    pub(crate) fn now(&self) -> crate::model::Timestamp {
        let t = self.host.now();
        crate::model::Timestamp::from_millis(t.millis().saturating_add(self.st.clock_offset_ms))
    }

    /// A variable's value, borrowed when it is stored (`None` for computed ones and unknown names).
    pub(crate) fn var_ref(&self, path: &VariablePath) -> Option<&Value> {
        if path.scope.is_none() && (eq_ci(&path.name, "_") || eq_ci(&path.name, "PSItem")) {
            return Some(&self.underscore);
        }
        let q = Qualifier::parse(path.scope.as_deref())?;
        self.st.scopes.get(q, &path.name)
    }

    pub(crate) fn get_var(&mut self, path: &VariablePath, span: Span) -> Res<Value> {
        if let Some(scope) = &path.scope
            && eq_ci(scope, "env")
        {
            return Ok(self
                .st
                .options
                .environment
                .iter()
                .find(|(k, _)| eq_ci(k, &path.name))
                .map_or(Value::Null, |(_, v)| Value::str(v.as_str())));
        }
        if path.scope.is_none() {
            let n = &*path.name;
            if eq_ci(n, "true") {
                return Ok(Value::Bool(true));
            }
            if eq_ci(n, "false") {
                return Ok(Value::Bool(false));
            }
            if eq_ci(n, "null") {
                return Ok(Value::Null);
            }
            if eq_ci(n, "input") {
                return Ok(Value::array(self.input.clone()));
            }
            if n == "?" {
                return Ok(Value::Bool(self.last_ok));
            }
        }
        if Qualifier::parse(path.scope.as_deref()).is_none() {
            return Err(self.err_at(
                unsupported(format!(
                    "The variable scope '{}:'",
                    path.scope.as_deref().unwrap_or("")
                )),
                span,
            ));
        }
        match self.var_ref(path) {
            Some(v) => Ok(v.clone()),
            None if path.scope.is_none() && UNMODELED.iter().any(|u| eq_ci(u, &path.name)) => {
                Err(self.err_at(
                    unsupported(format!("The automatic variable ${}", path.name)),
                    span,
                ))
            }
            None => Ok(Value::Null),
        }
    }

    pub(crate) fn set_var(&mut self, path: &VariablePath, value: Value, span: Span) -> Res<()> {
        if path.scope.is_none() {
            let n = &*path.name;
            if eq_ci(n, "null") {
                return Ok(());
            }
            if eq_ci(n, "_") || eq_ci(n, "PSItem") {
                self.underscore = value;
                return Ok(());
            }
            if eq_ci(n, "true") || eq_ci(n, "false") {
                return Err(self.err_at(
                    runtime(
                        ErrorCategory::WriteError,
                        "VariableNotWritable",
                        format!(
                            "Cannot overwrite variable {n} because it is read-only or constant."
                        ),
                    ),
                    span,
                ));
            }
        }
        let Some(q) = Qualifier::parse(path.scope.as_deref()) else {
            return Err(self.err_at(
                unsupported(format!(
                    "Assigning to the scope '{}:'",
                    path.scope.as_deref().unwrap_or("")
                )),
                span,
            ));
        };
        // A type-constrained variable converts what is assigned to it (about_Type_Conversion).
        let value = match self.st.scopes.constraint(q, &path.name) {
            Some(t) => {
                let t = t.to_string();
                super::types::cast(&t, value).map_err(|e| self.err_at(e, span))?
            }
            None => value,
        };
        self.st.scopes.set(q, &path.name, value);
        Ok(())
    }

    /// `"…$x…$(…)…"`: variables and subexpressions as text (invariant culture, arrays joined with spaces).
    pub(crate) fn expand(&mut self, parts: &[StringPart]) -> Res<String> {
        let mut out = String::new();
        for p in parts {
            match p {
                StringPart::Text(t) => out.push_str(t),
                StringPart::Expr(e) => {
                    let v = self.eval(e)?;
                    let sep = match self.st.scopes.get(Qualifier::Local, "OFS") {
                        Some(Value::String(s)) => s.to_string(),
                        _ => " ".to_string(),
                    };
                    match &v {
                        Value::Array(items) => out.push_str(
                            &items
                                .to_vec()
                                .iter()
                                .map(to_str)
                                .collect::<Vec<_>>()
                                .join(&sep),
                        ),
                        other => out.push_str(&to_str(other)),
                    }
                }
            }
        }
        Ok(out)
    }

    fn eval_unary(&mut self, op: UnaryOp, operand: &Expr, span: Span) -> Res<Value> {
        match op {
            UnaryOp::PreIncrement
            | UnaryOp::PreDecrement
            | UnaryOp::PostIncrement
            | UnaryOp::PostDecrement => {
                let old = self.eval(operand)?;
                let delta = if matches!(op, UnaryOp::PreIncrement | UnaryOp::PostIncrement) {
                    BinaryOp::Add
                } else {
                    BinaryOp::Subtract
                };
                let base = if old.is_null() {
                    Value::Int(0)
                } else {
                    old.clone()
                };
                let new = arith(delta, base, Value::Int(1)).map_err(|e| self.err_at(e, span))?;
                self.store(operand, new.clone())?;
                Ok(
                    if matches!(op, UnaryOp::PostIncrement | UnaryOp::PostDecrement) {
                        if old.is_null() { Value::Int(0) } else { old }
                    } else {
                        new
                    },
                )
            }
            _ => {
                let v = self.eval(operand)?;
                match op {
                    UnaryOp::Not => Ok(Value::Bool(!is_true(&v))),
                    UnaryOp::Negate => operators::negate(&v).map_err(|e| self.err_at(e, span)),
                    UnaryOp::Plus => match super::convert::to_number(&v) {
                        Some(n) => Ok(n.into_value()),
                        None => Ok(v),
                    },
                    UnaryOp::BitNot => super::numeric::bnot(&v).map_err(|e| self.err_at(e, span)),
                    UnaryOp::Split => self.unary_split(v).map_err(|f| self.place(f, span)),
                    UnaryOp::Join => Ok(operators::join(&v, "")),
                    _ => Ok(v),
                }
            }
        }
    }

    fn eval_binary(&mut self, op: BinaryOp, lhs: &Expr, rhs: &Expr, span: Span) -> Res<Value> {
        match op {
            BinaryOp::And => {
                let l = self.eval(lhs)?;
                if !is_true(&l) {
                    return Ok(Value::Bool(false));
                }
                let r = self.eval(rhs)?;
                return Ok(Value::Bool(is_true(&r)));
            }
            BinaryOp::Or => {
                let l = self.eval(lhs)?;
                if is_true(&l) {
                    return Ok(Value::Bool(true));
                }
                let r = self.eval(rhs)?;
                return Ok(Value::Bool(is_true(&r)));
            }
            BinaryOp::Is | BinaryOp::IsNot | BinaryOp::As => {
                let l = self.eval(lhs)?;
                let type_name = match &rhs.kind {
                    ExprKind::TypeLiteral(t) => t.name.to_string(),
                    _ => to_str(&self.eval(rhs)?),
                };
                let r = match op {
                    BinaryOp::Is => super::types::is_type(&l, &type_name).map(Value::Bool),
                    BinaryOp::IsNot => {
                        super::types::is_type(&l, &type_name).map(|b| Value::Bool(!b))
                    }
                    // `-as` answers $null for a value that does not convert, but a type the shell does not
                    // model is an error, not a guess.
                    _ => match super::types::cast(&type_name, l) {
                        Ok(v) => Ok(v),
                        Err(e) if e.record.error_id == super::flow::NOT_SUPPORTED => Err(e),
                        Err(_) => Ok(Value::Null),
                    },
                };
                return r.map_err(|e| self.err_at(e, span));
            }
            _ => {}
        }
        let l = self.eval(lhs)?;
        let r = self.eval(rhs)?;
        let result = match op {
            BinaryOp::Add
            | BinaryOp::Subtract
            | BinaryOp::Multiply
            | BinaryOp::Divide
            | BinaryOp::Remainder => arith(op, l, r),
            BinaryOp::Range => operators::range(&l, &r),
            BinaryOp::Format => {
                let args = match r {
                    Value::Array(items) => items.into_vec(),
                    one => vec![one],
                };
                super::strings::format_composite(&to_str(&l), &args, self.culture())
                    .map(Value::from)
            }
            BinaryOp::Xor => Ok(operators::xor(&l, &r)),
            BinaryOp::Join => Ok(operators::join(&l, &to_str(&r))),
            BinaryOp::BitAnd
            | BinaryOp::BitOr
            | BinaryOp::BitXor
            | BinaryOp::ShiftLeft
            | BinaryOp::ShiftRight => super::numeric::bitwise(op, &l, &r),
            BinaryOp::Compare(CompareOp::Split, case) => {
                return self
                    .split_operator(l, r, case == Case::Sensitive)
                    .map_err(|f| self.place(f, span));
            }
            BinaryOp::Compare(CompareOp::Replace, case) => {
                return self
                    .replace_operator(l, r, case == Case::Sensitive)
                    .map_err(|f| self.place(f, span));
            }
            BinaryOp::Compare(cop, case) => {
                match operators::compare(cop, case, l, r, &mut self.st.regexes) {
                    Ok(c) => {
                        if let Some(m) = c.matches {
                            self.st
                                .scopes
                                .set(Qualifier::Local, "Matches", Value::Hashtable(m));
                        }
                        Ok(c.value)
                    }
                    Err(e) => Err(e),
                }
            }
            BinaryOp::And | BinaryOp::Or | BinaryOp::Is | BinaryOp::IsNot | BinaryOp::As => {
                Ok(Value::Null)
            }
        };
        result.map_err(|e| self.err_at(e, span))
    }

    // ---- assignment ----------------------------------------------------------------------------------------

    pub(crate) fn assign(&mut self, a: &Assignment, span: Span) -> Res<()> {
        let rhs = self.value_of(&a.value)?;
        let op = match a.op {
            AssignOp::Assign => return self.store(&a.target, rhs),
            AssignOp::Add => BinaryOp::Add,
            AssignOp::Subtract => BinaryOp::Subtract,
            AssignOp::Multiply => BinaryOp::Multiply,
            AssignOp::Divide => BinaryOp::Divide,
            AssignOp::Remainder => BinaryOp::Remainder,
        };
        // `$list += $item` makes a new array (other references keep the old one, about_Assignment_Operators);
        // when the variable in the current scope holds the only reference, appending in place is the same.
        if op == BinaryOp::Add
            && let ExprKind::Variable(path) = &a.target.kind
            && let Some(q) = Qualifier::parse(path.scope.as_deref())
            && self.st.scopes.constraint(q, &path.name).is_none()
            && let Some(Value::Array(list)) = self.st.scopes.get_mut_for_write(q, &path.name)
        {
            let rhs = match rhs {
                Value::Array(more) => more.into_vec(),
                one => vec![one],
            };
            match list.unique_mut() {
                Some(items) => items.extend(rhs),
                None => {
                    let mut items = list.to_vec();
                    items.extend(rhs);
                    *list = items.into();
                }
            }
            return Ok(());
        }
        let current = self.eval(&a.target)?;
        let new = arith(op, current, rhs).map_err(|e| self.err_at(e, span))?;
        self.store(&a.target, new)
    }

    /// Stores `value` into an assignable expression.
    pub(crate) fn store(&mut self, target: &Expr, value: Value) -> Res<()> {
        match &target.kind {
            ExprKind::Variable(path) => self.set_var(path, value, target.span),
            ExprKind::Cast { ty, operand } => {
                let v = super::types::cast(&ty.name, value).map_err(|e| self.err_at(e, target.span))?;
                if let ExprKind::Variable(path) = &operand.kind
                    && let Some(q) = Qualifier::parse(path.scope.as_deref())
                    && path.scope.as_deref().is_none_or(|s| !eq_ci(s, "env"))
                    && !["null", "_", "PSItem", "true", "false"]
                        .iter()
                        .any(|n| eq_ci(n, &path.name))
                {
                    // `[int]$x = …` constrains $x: the constraint is replaced, then the value stored.
                    self.st.scopes.set_constraint(q, &path.name, &ty.name);
                    self.st.scopes.set(q, &path.name, v);
                    return Ok(());
                }
                self.store(operand, v)
            }
            ExprKind::Array(targets) => {
                let mut items = super::convert::enumerate(value);
                let n = targets.len();
                for (i, t) in targets.iter().enumerate() {
                    let v = if i + 1 == n {
                        let rest: Vec<Value> = std::mem::take(&mut items);
                        super::convert::collapse_or_null(rest)
                    } else if items.is_empty() {
                        Value::Null
                    } else {
                        items.remove(0)
                    };
                    self.store(t, v)?;
                }
                Ok(())
            }
            ExprKind::Index { target: inner, index } => {
                let i = self.eval(index)?;
                let span = target.span;
                if let ExprKind::Variable(path) = &inner.kind
                    && let Some(q) = Qualifier::parse(path.scope.as_deref())
                    && let Some(slot) = self.st.scopes.get_mut_for_write(q, &path.name)
                {
                    set_index(slot, &i, value).map_err(|e| self.err_at(e, span))?;
                    return Ok(());
                }
                let mut container = self.eval(inner)?;
                set_index(&mut container, &i, value).map_err(|e| self.err_at(e, span))?;
                self.store(inner, container)
            }
            ExprKind::Member {
                target: inner,
                member,
                is_static: false,
            } => {
                let name = self.member_name(member)?;
                let span = target.span;
                // Hashtables and objects are shared: setting a member changes the one value every variable,
                // array element or property holding it sees, so nothing is stored back.
                let container = self.eval(inner)?;
                super::members::set_member(&container, &name, value).map_err(|e| self.err_at(e, span))
            }
            _ => Err(self.err_at(
                runtime(
                    ErrorCategory::InvalidOperation,
                    "InvalidLeftHandSide",
                    "The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.",
                ),
                target.span,
            )),
        }
    }
}

/// The cast of `@([T[]]…)` or `@(([T[]]…))` when it is all the array subexpression holds.
fn lone_array_cast(statements: &[Statement]) -> Option<&Expr> {
    let [
        Statement {
            kind: StatementKind::Pipeline(p),
            ..
        },
    ] = statements
    else {
        return None;
    };
    let [PipelineElement::Expression(e)] = p.elements.as_slice() else {
        return None;
    };
    match &e.kind {
        ExprKind::Cast { ty, .. } if ty.name.trim_end().ends_with("[]") => Some(e),
        ExprKind::Paren(inner) => lone_array_cast(std::slice::from_ref(&**inner)),
        _ => None,
    }
}

/// `$v[$i]`: arrays (negative indexes from the end, several indexes slice), strings, hashtables; out of range
/// is `$null` as in PowerShell.
pub(crate) fn index_value(v: &Value, i: &Value) -> Result<Value, RuntimeError> {
    match v {
        Value::Null | Value::Nothing => Err(null_index()),
        Value::Hashtable(h) => match i {
            Value::Array(keys) => Ok(Value::array(
                keys.to_vec()
                    .iter()
                    .map(|k| h.get(&to_str(k)).unwrap_or(Value::Null))
                    .collect(),
            )),
            k => Ok(h.get(&to_str(k)).unwrap_or(Value::Null)),
        },
        Value::Array(items) => match i {
            // `.psobject.Properties['Name']`: that collection is indexed by name.
            Value::String(name)
                if let Some(p) = items.with(|items| super::members::property_info(items, name)) =>
            {
                Ok(p)
            }
            // Positions are worked out before the elements are read (an index may be this very array).
            Value::Array(idx) => {
                let len = items.len();
                let at: Vec<usize> = idx
                    .to_vec()
                    .iter()
                    .filter_map(|k| position(len, k))
                    .collect();
                Ok(Value::array(
                    at.into_iter().filter_map(|p| items.get(p)).collect(),
                ))
            }
            k => Ok(position(items.len(), k)
                .and_then(|p| items.get(p))
                .unwrap_or(Value::Null)),
        },
        Value::String(s) => {
            let chars: Vec<char> = s.chars().collect();
            Ok(position(chars.len(), i).map_or(Value::Null, |p| Value::from(chars[p].to_string())))
        }
        Value::Object(o) if super::convert::is_custom(o) => Err(runtime(
            ErrorCategory::InvalidOperation,
            "CannotIndex",
            format!("Unable to index into an object of type {}.", o.type_name()),
        )),
        // A scalar is a collection of one: `(2)[0]` and `(2)[-1]` are 2 (about_Operators).
        other => Ok(if matches!(to_int(i), Some(0 | -1)) {
            other.clone()
        } else {
            Value::Null
        }),
    }
}

fn position(len: usize, i: &Value) -> Option<usize> {
    let n = to_int(i)?;
    let len = i64::try_from(len).ok()?;
    let p = if n < 0 { len + n } else { n };
    (0..len).contains(&p).then_some(p as usize)
}

fn set_index(container: &mut Value, i: &Value, value: Value) -> Result<(), RuntimeError> {
    match container {
        Value::Hashtable(h) => {
            h.insert(to_str(i), value);
            Ok(())
        }
        Value::Array(items) => match position(items.len(), i) {
            Some(p) if items.set(p, value) => Ok(()),
            _ => Err(runtime(
                ErrorCategory::InvalidOperation,
                "IndexOutOfRange",
                "Index was outside the bounds of the array.",
            )),
        },
        Value::Null | Value::Nothing => Err(null_index()),
        other => Err(runtime(
            ErrorCategory::InvalidOperation,
            "CannotIndex",
            format!(
                "Unable to index into an object of type {}.",
                other.type_name()
            ),
        )),
    }
}
