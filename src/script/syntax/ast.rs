//! The syntax tree of a script, shaped for a tree-walking evaluator that streams pipelines.
//!
//! Every node has a span. Keywords and operators are normalized (`-IEQ`, `-eq` and `-ieq` are all
//! `CompareOp::Eq` with `Case::Insensitive`; `!` is `UnaryOp::Not`); names the evaluator may print or look up
//! case-insensitively (variables, commands, parameters, members, types) keep their original spelling.
//! Parameter binding is not done here: `-Name value` is a `Parameter` followed by a `Positional`, because only
//! the command's signature knows whether `-Name` is a switch.

use super::span::Span;

/// A script block: the whole script, a `{ … }` literal, or a function body.
#[derive(Clone, Debug, PartialEq)]
pub struct ScriptBlock {
    pub param_block: Option<ParamBlock>,
    pub body: ScriptBody,
    /// The source between the braces (the whole source for a script): `-Filter {…}` passes it as OPATH text.
    pub text: Box<str>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ScriptBody {
    /// Plain statements (PowerShell runs them as the `end` block).
    Statements(Vec<Statement>),
    /// `begin { } process { } end { }`.
    Named(NamedBlocks),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NamedBlocks {
    pub begin: Option<Block>,
    pub process: Option<Block>,
    pub end: Option<Block>,
}

/// A `{ … }` statement block of a control-flow statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub statements: Vec<Statement>,
    pub span: Span,
}

/// `[CmdletBinding()] param( … )`, or the parameter list of `function f($a, $b) { }`.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamBlock {
    pub attributes: Vec<Attribute>,
    pub parameters: Vec<Parameter>,
    pub span: Span,
}

/// One declared parameter: `[Parameter(Mandatory)][string]$Name = 'x'`.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    pub attributes: Vec<Attribute>,
    pub type_constraint: Option<TypeName>,
    pub name: VariablePath,
    pub default: Option<Expr>,
    pub span: Span,
}

/// `[Name(positional, Named = value, Switch)]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    pub name: TypeName,
    pub positional: Vec<Expr>,
    pub named: Vec<NamedArgument>,
    pub span: Span,
}

/// `Mandatory = $true`, or a bare `Mandatory` (`value` is `None`: it means `$true`).
#[derive(Clone, Debug, PartialEq)]
pub struct NamedArgument {
    pub name: Box<str>,
    pub value: Option<Expr>,
    pub span: Span,
}

/// A type as written between brackets, without spaces: `int`, `string[]`, `System.Collections.Generic.List[string]`.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeName {
    pub name: Box<str>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub kind: StatementKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StatementKind {
    Pipeline(Pipeline),
    Assignment(Assignment),
    If(If),
    ForEach(ForEach),
    For(For),
    While(While),
    DoLoop(DoLoop),
    Switch(Switch),
    Function(Box<FunctionDefinition>),
    Try(Try),
    /// `trap [T] { }`: a handler for the terminating errors of the statement list it is in.
    Trap(Catch),
    Break {
        label: Option<Box<str>>,
    },
    Continue {
        label: Option<Box<str>>,
    },
    /// `return`, `throw` and `exit` take an optional pipeline.
    Return(Option<Box<Statement>>),
    Throw(Option<Box<Statement>>),
    Exit(Option<Box<Statement>>),
    /// Source that could not be parsed; a diagnostic says why.
    Error,
}

/// `a | b | c`. Only the first element may be an expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Pipeline {
    pub elements: Vec<PipelineElement>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PipelineElement {
    Expression(Expr),
    Command(Command),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Command {
    pub invocation: Invocation,
    /// A bare word (`Get-Mailbox`, `%`, `.\x.ps1`) as `ExprKind::String` with `Quote::Bare`, or with `&` / `.`
    /// any expression (`& $block`, `& 'C:\my tool.exe'`).
    pub name: Expr,
    pub args: Vec<CommandArg>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invocation {
    /// `Get-Mailbox …`
    Plain,
    /// `& name …`: run in a child scope.
    Call,
    /// `. name …`: run in the current scope.
    DotSource,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CommandArg {
    /// `-Name`, or `-Name:value` (then `argument` is set). The name has no dash and keeps its spelling.
    Parameter {
        name: Box<str>,
        argument: Option<Expr>,
        span: Span,
    },
    /// Any other argument; `a,b,c` is one `Array` argument.
    Positional(Expr),
    /// `@params`.
    Splat { variable: VariablePath, span: Span },
}

/// `target op value`; `value` is a statement because `$x = Get-Thing | Sort-Object` and `$x = if … ` are legal.
#[derive(Clone, Debug, PartialEq)]
pub struct Assignment {
    pub target: Expr,
    pub op: AssignOp,
    pub value: Box<Statement>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignOp {
    Assign,
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
}

#[derive(Clone, Debug, PartialEq)]
pub struct If {
    /// The `if` clause then each `elseif` clause.
    pub clauses: Vec<IfClause>,
    pub else_block: Option<Block>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IfClause {
    pub condition: Statement,
    pub body: Block,
}

/// `foreach ($x in …) { }` (the statement; the `ForEach-Object` alias in a pipeline is a command).
#[derive(Clone, Debug, PartialEq)]
pub struct ForEach {
    pub label: Option<Box<str>>,
    pub variable: VariablePath,
    pub iterable: Box<Statement>,
    pub body: Block,
}

#[derive(Clone, Debug, PartialEq)]
pub struct For {
    pub label: Option<Box<str>>,
    pub init: Option<Box<Statement>>,
    pub condition: Option<Box<Statement>>,
    pub iterator: Option<Box<Statement>>,
    pub body: Block,
}

#[derive(Clone, Debug, PartialEq)]
pub struct While {
    pub label: Option<Box<str>>,
    pub condition: Box<Statement>,
    pub body: Block,
}

/// `do { } while (…)` or `do { } until (…)`.
#[derive(Clone, Debug, PartialEq)]
pub struct DoLoop {
    pub label: Option<Box<str>>,
    pub body: Block,
    pub until: bool,
    pub condition: Box<Statement>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Switch {
    pub label: Option<Box<str>>,
    pub flags: SwitchFlags,
    pub subject: Box<Statement>,
    pub clauses: Vec<SwitchClause>,
    pub default: Option<Block>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SwitchFlags {
    pub regex: bool,
    pub wildcard: bool,
    pub exact: bool,
    pub case_sensitive: bool,
}

/// `pattern { body }`: the pattern is a value (a bare word is a string) or a script block condition.
#[derive(Clone, Debug, PartialEq)]
pub struct SwitchClause {
    pub pattern: Expr,
    pub body: Block,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunctionDefinition {
    pub name: Box<str>,
    /// `filter` rather than `function`: the body runs once per pipeline input.
    pub is_filter: bool,
    /// Parameters declared as `function f($a)` appear as the body's `param_block`.
    pub body: ScriptBlock,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Try {
    pub body: Block,
    pub catches: Vec<Catch>,
    pub finally: Option<Block>,
}

/// `catch [T1], [T2] { }`; no types catches everything.
#[derive(Clone, Debug, PartialEq)]
pub struct Catch {
    pub types: Vec<TypeName>,
    pub body: Block,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Number(Number),
    /// A string with nothing to expand (also a bare word in argument mode).
    String {
        value: Box<str>,
        quote: Quote,
    },
    /// A string with `$var` or `$( … )` inside.
    Expandable {
        parts: Vec<StringPart>,
        quote: Quote,
    },
    Variable(VariablePath),
    /// `1, 2, 3` (also `,$x`, an array of one).
    Array(Vec<Expr>),
    /// `@{ key = value; … }` in source order.
    Hashtable(Vec<HashEntry>),
    ScriptBlock(Box<ScriptBlock>),
    /// `( pipeline )`: the pipeline's output (or the assignment's value).
    Paren(Box<Statement>),
    /// `$( … )`
    Subexpression(Vec<Statement>),
    /// `@( … )`: always an array.
    ArraySubexpression(Vec<Statement>),
    /// `[int]` on its own (`-is [int]`, `[math]::Round`).
    TypeLiteral(TypeName),
    /// `[int]$x`, `[PSCustomObject]@{ … }`.
    Cast {
        ty: TypeName,
        operand: Box<Expr>,
    },
    /// `$x.Name`, `[datetime]::Now`.
    Member {
        target: Box<Expr>,
        member: Member,
        is_static: bool,
    },
    /// `$x.Split("\")`, `[math]::Round(1.5)`.
    Invoke {
        target: Box<Expr>,
        member: Member,
        is_static: bool,
        args: Vec<Expr>,
    },
    /// `$a[0]`, `$a[-1]`, `$a[0, 2]`.
    Index {
        target: Box<Expr>,
        index: Box<Expr>,
    },
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// Source that could not be parsed; a diagnostic says why.
    Error,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// An Int32 (an integer literal that fits 32 bits, or a hex literal of up to 8 digits).
    Int(i64),
    /// An Int64: the `l` suffix, or an integer literal too large for Int32.
    Long(i64),
    Double(f64),
    /// A Decimal (the `d` suffix, or an integer literal too large for Int64), kept approximately: the evaluator
    /// refuses decimals.
    Decimal(f64),
}

/// How a string was written; the evaluator needs it only for display (`-Filter` texts, error messages).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quote {
    /// A bare word in argument mode: `Unlimited`, `C:\x.csv`.
    Bare,
    Single,
    Double,
    SingleHere,
    DoubleHere,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StringPart {
    Text(Box<str>),
    /// `$var` (an `ExprKind::Variable`) or `$( … )` (an `ExprKind::Subexpression`).
    Expr(Expr),
}

/// A variable name: `$x` is `{ scope: None, name: "x" }`, `$script:x` has scope `script`, `$env:Path` has
/// scope `env`. `$true`, `$false`, `$null` and `$_` are variables too, as in PowerShell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VariablePath {
    pub scope: Option<Box<str>>,
    pub name: Box<str>,
}

impl VariablePath {
    /// Whether this is the unscoped variable `name` (compared case-insensitively).
    pub fn is(&self, name: &str) -> bool {
        self.scope.is_none() && self.name.eq_ignore_ascii_case(name)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct HashEntry {
    /// A bare key (`Name`) is a `String` with `Quote::Bare`.
    pub key: Expr,
    pub value: Statement,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Member {
    /// `.Name`, `.'Name with spaces'`.
    Name(Box<str>),
    /// `.$name`, `.($expr)`.
    Dynamic(Box<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-not`, `!`
    Not,
    /// `-`
    Negate,
    /// `+`
    Plus,
    /// `-bnot`
    BitNot,
    /// `-split $s`
    Split,
    /// `-join $a`
    Join,
    PreIncrement,
    PreDecrement,
    PostIncrement,
    PostDecrement,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
    /// `1..10`
    Range,
    /// `-f`
    Format,
    And,
    Or,
    Xor,
    BitAnd,
    BitOr,
    BitXor,
    ShiftLeft,
    ShiftRight,
    Is,
    IsNot,
    As,
    Join,
    Compare(CompareOp, Case),
}

/// The comparison family, each with `-i` and `-c` spellings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    Like,
    NotLike,
    Match,
    NotMatch,
    Contains,
    NotContains,
    In,
    NotIn,
    Replace,
    Split,
}

/// `-eq` and `-ieq` compare case-insensitively; `-ceq` case-sensitively.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    Insensitive,
    Sensitive,
}

impl Command {
    /// The command's name when written as a plain word or constant string (`Get-Mailbox`, `'Get-Mailbox'`).
    pub fn name_text(&self) -> Option<&str> {
        match &self.name.kind {
            ExprKind::String { value, .. } => Some(value),
            _ => None,
        }
    }
}
