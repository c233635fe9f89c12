//! A stable, readable S-expression rendering of syntax trees, for snapshot tests and debugging.
//!
//! Statements are lists such as `(cmd Get-Mailbox -ResultSize Unlimited)`, `(= $x …)`, `(foreach $d $list
//! (block …))`; expressions read like the operator they are: `(-eq (.DeviceModel $_) 'iPhone6C2')`,
//! `(.Split() $s "\")`, `(index $a 0)`. Strings show how they were written: bare words unquoted, `'single'`,
//! `"double"` with PowerShell backtick escapes. A list goes on one line when it fits in 100 columns, otherwise
//! its children go on their own lines, indented. Spans are not shown (diagnostic snapshots show them).

use super::ast::*;

const WIDTH: usize = 100;

enum Doc {
    Atom(String),
    List(String, Vec<Doc>),
}

fn atom(s: impl Into<String>) -> Doc {
    Doc::Atom(s.into())
}

fn list(head: impl Into<String>, children: Vec<Doc>) -> Doc {
    Doc::List(head.into(), children)
}

/// The tree of a script: its param block and top-level statements (or named blocks), one per line.
pub fn dump(script: &ScriptBlock) -> String {
    let mut out = String::new();
    for doc in script_block_children(script) {
        render(&doc, 0, &mut out);
        out.push('\n');
    }
    out
}

fn flat(doc: &Doc, out: &mut String) {
    match doc {
        Doc::Atom(s) => out.push_str(s),
        Doc::List(head, children) => {
            out.push('(');
            out.push_str(head);
            for c in children {
                out.push(' ');
                flat(c, out);
            }
            out.push(')');
        }
    }
}

fn render(doc: &Doc, indent: usize, out: &mut String) {
    let mut one_line = String::new();
    flat(doc, &mut one_line);
    let Doc::List(head, children) = doc else {
        out.push_str(&one_line);
        return;
    };
    if indent + one_line.chars().count() <= WIDTH {
        out.push_str(&one_line);
        return;
    }
    out.push('(');
    out.push_str(head);
    for c in children {
        out.push('\n');
        out.push_str(&" ".repeat(indent + 2));
        render(c, indent + 2, out);
    }
    out.push(')');
}

fn script_block_children(sb: &ScriptBlock) -> Vec<Doc> {
    let mut docs = Vec::new();
    if let Some(p) = &sb.param_block {
        docs.push(param_block(p));
    }
    match &sb.body {
        ScriptBody::Statements(s) => docs.extend(s.iter().map(statement)),
        ScriptBody::Named(named) => {
            for (name, block) in [
                ("begin", &named.begin),
                ("process", &named.process),
                ("end", &named.end),
            ] {
                if let Some(b) = block {
                    docs.push(list(name, b.statements.iter().map(statement).collect()));
                }
            }
        }
    }
    docs
}

fn param_block(p: &ParamBlock) -> Doc {
    let mut children: Vec<Doc> = p.attributes.iter().map(attribute).collect();
    children.extend(p.parameters.iter().map(|param| {
        let mut c: Vec<Doc> = param.attributes.iter().map(attribute).collect();
        if let Some(t) = &param.type_constraint {
            c.push(atom(format!("[{}]", t.name)));
        }
        c.push(atom(variable(&param.name)));
        if let Some(d) = &param.default {
            c.push(expr(d));
        }
        list("parameter", c)
    }));
    list("param", children)
}

fn attribute(a: &Attribute) -> Doc {
    let mut children: Vec<Doc> = a.positional.iter().map(expr).collect();
    children.extend(a.named.iter().map(|n| match &n.value {
        Some(v) => list(format!("{} =", n.name), vec![expr(v)]),
        None => atom(n.name.to_string()),
    }));
    list(format!("attribute {}", a.name.name), children)
}

fn block(b: &Block) -> Doc {
    list("block", b.statements.iter().map(statement).collect())
}

fn label_head(word: &str, label: &Option<Box<str>>) -> String {
    match label {
        Some(l) => format!("{word} :{l}"),
        None => word.to_string(),
    }
}

fn statement(s: &Statement) -> Doc {
    match &s.kind {
        StatementKind::Pipeline(p) => match p.elements.as_slice() {
            [one] => element(one),
            many => list("pipe", many.iter().map(element).collect()),
        },
        StatementKind::Assignment(a) => {
            let op = match a.op {
                AssignOp::Assign => "=",
                AssignOp::Add => "+=",
                AssignOp::Subtract => "-=",
                AssignOp::Multiply => "*=",
                AssignOp::Divide => "/=",
                AssignOp::Remainder => "%=",
            };
            list(op, vec![expr(&a.target), statement(&a.value)])
        }
        StatementKind::If(i) => {
            let mut c = Vec::new();
            for (n, clause) in i.clauses.iter().enumerate() {
                if n > 0 {
                    c.push(atom("elseif"));
                }
                c.push(statement(&clause.condition));
                c.push(block(&clause.body));
            }
            if let Some(e) = &i.else_block {
                c.push(atom("else"));
                c.push(block(e));
            }
            list("if", c)
        }
        StatementKind::ForEach(f) => list(
            label_head("foreach", &f.label),
            vec![
                atom(variable(&f.variable)),
                statement(&f.iterable),
                block(&f.body),
            ],
        ),
        StatementKind::For(f) => {
            let part = |p: &Option<Box<Statement>>| p.as_deref().map_or(atom("_"), statement);
            list(
                label_head("for", &f.label),
                vec![
                    part(&f.init),
                    part(&f.condition),
                    part(&f.iterator),
                    block(&f.body),
                ],
            )
        }
        StatementKind::While(w) => list(
            label_head("while", &w.label),
            vec![statement(&w.condition), block(&w.body)],
        ),
        StatementKind::DoLoop(d) => list(
            label_head(if d.until { "do-until" } else { "do-while" }, &d.label),
            vec![block(&d.body), statement(&d.condition)],
        ),
        StatementKind::Switch(sw) => {
            let mut head = label_head("switch", &sw.label);
            for (on, name) in [
                (sw.flags.regex, " -regex"),
                (sw.flags.wildcard, " -wildcard"),
                (sw.flags.exact, " -exact"),
                (sw.flags.case_sensitive, " -casesensitive"),
            ] {
                if on {
                    head.push_str(name);
                }
            }
            let mut c = vec![statement(&sw.subject)];
            c.extend(
                sw.clauses
                    .iter()
                    .map(|cl| list("clause", vec![expr(&cl.pattern), block(&cl.body)])),
            );
            if let Some(d) = &sw.default {
                c.push(list("default", vec![block(d)]));
            }
            list(head, c)
        }
        StatementKind::Function(f) => {
            let word = if f.is_filter { "filter" } else { "function" };
            list(format!("{word} {}", f.name), script_block_children(&f.body))
        }
        StatementKind::Try(t) => {
            let mut c = vec![block(&t.body)];
            for catch in &t.catches {
                let mut head = "catch".to_string();
                for ty in &catch.types {
                    head.push_str(&format!(" [{}]", ty.name));
                }
                c.push(list(head, vec![block(&catch.body)]));
            }
            if let Some(f) = &t.finally {
                c.push(list("finally", vec![block(f)]));
            }
            list("try", c)
        }
        StatementKind::Trap(t) => {
            let mut head = "trap".to_string();
            for ty in &t.types {
                head.push_str(&format!(" [{}]", ty.name));
            }
            list(head, vec![block(&t.body)])
        }
        StatementKind::Break { label } => list("break", label.iter().map(|l| atom(&**l)).collect()),
        StatementKind::Continue { label } => {
            list("continue", label.iter().map(|l| atom(&**l)).collect())
        }
        StatementKind::Return(v) => list("return", v.iter().map(|s| statement(s)).collect()),
        StatementKind::Throw(v) => list("throw", v.iter().map(|s| statement(s)).collect()),
        StatementKind::Exit(v) => list("exit", v.iter().map(|s| statement(s)).collect()),
        StatementKind::Error => atom("<error>"),
    }
}

fn element(e: &PipelineElement) -> Doc {
    match e {
        PipelineElement::Expression(x) => expr(x),
        PipelineElement::Command(c) => command(c),
    }
}

fn command(c: &Command) -> Doc {
    let mut children = Vec::new();
    let head = match (c.invocation, &c.name.kind) {
        (Invocation::Plain, ExprKind::String { value, .. }) => format!("cmd {value}"),
        (Invocation::Plain, _) => {
            children.push(expr(&c.name));
            "cmd".to_string()
        }
        (Invocation::Call, _) => {
            children.push(expr(&c.name));
            "call".to_string()
        }
        (Invocation::DotSource, _) => {
            children.push(expr(&c.name));
            "dot-source".to_string()
        }
    };
    children.extend(c.args.iter().map(|a| match a {
        CommandArg::Parameter {
            name,
            argument: None,
            ..
        } => atom(format!("-{name}")),
        CommandArg::Parameter {
            name,
            argument: Some(v),
            ..
        } => list(format!("-{name}:"), vec![expr(v)]),
        CommandArg::Positional(v) => expr(v),
        CommandArg::Splat { variable: v, .. } => {
            atom(format!("@{}", variable(v).trim_start_matches('$')))
        }
    }));
    list(head, children)
}

fn expr(e: &Expr) -> Doc {
    match &e.kind {
        ExprKind::Number(Number::Int(i)) => atom(i.to_string()),
        ExprKind::Number(Number::Long(i)) => atom(format!("{i}l")),
        ExprKind::Number(Number::Double(d)) => atom(format!("{d:?}")),
        ExprKind::Number(Number::Decimal(d)) => atom(format!("{d:?}d")),
        ExprKind::String { value, quote } => string(value, *quote),
        ExprKind::Expandable { parts, quote } => {
            let head = match quote {
                Quote::Bare => "expand-bare",
                Quote::DoubleHere => "expand-here",
                _ => "expand",
            };
            list(
                head,
                parts
                    .iter()
                    .map(|p| match p {
                        StringPart::Text(t) => atom(double_quoted(t)),
                        StringPart::Expr(x) => expr(x),
                    })
                    .collect(),
            )
        }
        ExprKind::Variable(v) => atom(variable(v)),
        ExprKind::Array(items) => list("array", items.iter().map(expr).collect()),
        ExprKind::Hashtable(entries) => list(
            "hashtable",
            entries
                .iter()
                .map(|en| {
                    let mut key = String::new();
                    flat(&expr(&en.key), &mut key);
                    list(key, vec![statement(&en.value)])
                })
                .collect(),
        ),
        ExprKind::ScriptBlock(sb) => list("scriptblock", script_block_children(sb)),
        ExprKind::Paren(s) => list("paren", vec![statement(s)]),
        ExprKind::Subexpression(s) => list("subexpr", s.iter().map(statement).collect()),
        ExprKind::ArraySubexpression(s) => list("array-subexpr", s.iter().map(statement).collect()),
        ExprKind::TypeLiteral(t) => atom(format!("[{}]", t.name)),
        ExprKind::Cast { ty, operand } => list(format!("cast [{}]", ty.name), vec![expr(operand)]),
        ExprKind::Member {
            target,
            member,
            is_static,
        } => member_doc(target, member, *is_static, None),
        ExprKind::Invoke {
            target,
            member,
            is_static,
            args,
        } => member_doc(target, member, *is_static, Some(args)),
        ExprKind::Index { target, index } => list("index", vec![expr(target), expr(index)]),
        ExprKind::Unary { op, operand } => {
            let name = match op {
                UnaryOp::Not => "-not",
                UnaryOp::Negate => "neg",
                UnaryOp::Plus => "plus",
                UnaryOp::BitNot => "-bnot",
                UnaryOp::Split => "-split",
                UnaryOp::Join => "-join",
                UnaryOp::PreIncrement => "pre++",
                UnaryOp::PreDecrement => "pre--",
                UnaryOp::PostIncrement => "post++",
                UnaryOp::PostDecrement => "post--",
            };
            list(name, vec![expr(operand)])
        }
        ExprKind::Binary { op, lhs, rhs } => list(binary_name(*op), vec![expr(lhs), expr(rhs)]),
        ExprKind::Error => atom("<error>"),
    }
}

fn member_doc(target: &Expr, member: &Member, is_static: bool, args: Option<&Vec<Expr>>) -> Doc {
    let sigil = if is_static { "::" } else { "." };
    let parens = if args.is_some() { "()" } else { "" };
    let mut children = vec![expr(target)];
    let head = match member {
        Member::Name(n) if !n.is_empty() && n.chars().all(|c| c.is_alphanumeric() || c == '_') => {
            format!("{sigil}{n}{parens}")
        }
        Member::Name(n) => format!("{sigil}{}{parens}", single_quoted(n)),
        Member::Dynamic(d) => {
            children.push(expr(d));
            format!("{sigil}dynamic{parens}")
        }
    };
    children.extend(args.into_iter().flatten().map(expr));
    list(head, children)
}

fn binary_name(op: BinaryOp) -> String {
    let name = match op {
        BinaryOp::Add => "+",
        BinaryOp::Subtract => "-",
        BinaryOp::Multiply => "*",
        BinaryOp::Divide => "/",
        BinaryOp::Remainder => "%",
        BinaryOp::Range => "..",
        BinaryOp::Format => "-f",
        BinaryOp::And => "-and",
        BinaryOp::Or => "-or",
        BinaryOp::Xor => "-xor",
        BinaryOp::BitAnd => "-band",
        BinaryOp::BitOr => "-bor",
        BinaryOp::BitXor => "-bxor",
        BinaryOp::ShiftLeft => "-shl",
        BinaryOp::ShiftRight => "-shr",
        BinaryOp::Is => "-is",
        BinaryOp::IsNot => "-isnot",
        BinaryOp::As => "-as",
        BinaryOp::Join => "-join",
        BinaryOp::Compare(op, case) => {
            let c = if case == Case::Sensitive { "c" } else { "" };
            let name = match op {
                CompareOp::Eq => "eq",
                CompareOp::Ne => "ne",
                CompareOp::Gt => "gt",
                CompareOp::Ge => "ge",
                CompareOp::Lt => "lt",
                CompareOp::Le => "le",
                CompareOp::Like => "like",
                CompareOp::NotLike => "notlike",
                CompareOp::Match => "match",
                CompareOp::NotMatch => "notmatch",
                CompareOp::Contains => "contains",
                CompareOp::NotContains => "notcontains",
                CompareOp::In => "in",
                CompareOp::NotIn => "notin",
                CompareOp::Replace => "replace",
                CompareOp::Split => "split",
            };
            return format!("-{c}{name}");
        }
    };
    name.to_string()
}

fn string(value: &str, quote: Quote) -> Doc {
    let plain = !value.is_empty()
        && !value
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "()\"'{}`".contains(c));
    match quote {
        Quote::Bare if plain => atom(value),
        Quote::Bare => list("bare", vec![atom(double_quoted(value))]),
        Quote::Single if !value.chars().any(char::is_control) => atom(single_quoted(value)),
        Quote::Single | Quote::Double => atom(double_quoted(value)),
        Quote::SingleHere => list("here", vec![atom(single_quoted(value))]),
        Quote::DoubleHere => list("here", vec![atom(double_quoted(value))]),
    }
}

fn single_quoted(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// `"…"` with PowerShell backtick escapes, so the text reads as the string it is.
fn double_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '`' => out.push_str("``"),
            '"' => out.push_str("`\""),
            '$' => out.push_str("`$"),
            '\n' => out.push_str("`n"),
            '\r' => out.push_str("`r"),
            '\t' => out.push_str("`t"),
            '\0' => out.push_str("`0"),
            c if c.is_control() => out.push_str(&format!("`u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn variable(v: &VariablePath) -> String {
    let simple = !v.name.is_empty()
        && (v.name.chars().all(|c| c.is_alphanumeric() || c == '_')
            || matches!(&*v.name, "$" | "?" | "^"));
    let full = match &v.scope {
        Some(s) => format!("{s}:{}", v.name),
        None => v.name.to_string(),
    };
    if simple {
        format!("${full}")
    } else {
        format!("${{{full}}}")
    }
}
