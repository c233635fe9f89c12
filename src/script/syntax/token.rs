//! Tokens: what the lexer hands the parser. A token is a kind and a span; its text is read back from the source
//! and "cooked" (escapes, numbers, variable names) by the parser's literal helpers, so tokens stay `Copy`.
//!
//! PowerShell tokenizes differently in expression mode (`-eq` is an operator, `foo` is an error) and argument
//! mode (`-eq` is a parameter name, `foo` is a bare word), so the parser says which mode it wants each token in.

use super::span::Span;

/// How the lexer should read the next token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Operators, numbers, identifiers: inside `( )`, after `=`, in conditions, member names.
    Expression,
    /// Command arguments: bare words, `-Parameter` names, numbers only when followed by a separator.
    Argument,
    /// Inside `[ ]` of a type literal or attribute: dotted names as one word.
    TypeName,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub(crate) kind: TokenKind,
    pub(crate) span: Span,
    /// Whether whitespace, a comment or a line continuation came right before: `$a[0]` indexes, `$a [0]` does not.
    pub(crate) space_before: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Eof,
    NewLine,
    Semi,
    /// `$name`, `${any name}`, `$scope:name`, `$_`, `$?`, `$$`, `$^`.
    Variable,
    /// `@name` (splatting).
    Splat,
    Number,
    /// Argument mode: `-Name` or `-Name:` (the colon is part of the token).
    Parameter,
    /// Argument mode: a bare word (`Get-Mailbox`, `Unlimited`, `C:\x.csv`, `%`); may hold `$var` and escapes.
    Generic,
    /// Expression mode: a word of letters, digits and `_` (member names, keywords, hashtable keys).
    Identifier,
    /// Type-name mode: a dotted name (`System.Collections.Generic.List`).
    TypeWord,
    SingleString,
    DoubleString,
    SingleHereString,
    DoubleHereString,
    LParen,
    RParen,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    /// `$(`
    DollarParen,
    /// `@(`
    AtParen,
    /// `@{`
    AtBrace,
    Comma,
    Dot,
    DotDot,
    ColonColon,
    Ampersand,
    Pipe,
    Bang,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    PlusPlus,
    MinusMinus,
    /// `=`, `+=`, `-=`, `*=`, `/=`, `%=`.
    Assign(AssignKind),
    /// Expression mode: `-eq`, `-not`, `-like`, …; the parser looks the word up (unknown words are errors).
    DashOperator,
    /// `>`, `>>`, `2>`, `2>&1`, `*>` …
    Redirection,
    AndAnd,
    OrOr,
    Error(LexError),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AssignKind {
    Assign,
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
}

/// Input the lexer could not make a token of; the parser turns it into a diagnostic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LexError {
    UnterminatedString {
        double: bool,
    },
    UnterminatedHereString {
        double: bool,
    },
    HereStringHeader,
    UnterminatedComment,
    UnterminatedBracedVariable,
    /// `$` followed by nothing that can name a variable (expression mode).
    InvalidVariable,
    /// `$name:` with no name after the colon.
    InvalidScopedVariable,
    /// A number run into letters: `12abc`.
    BadNumber,
    /// `<`, reserved by PowerShell.
    LessThan,
    /// A backtick not followed by a line break, outside a string or bare word.
    StrayBacktick,
    /// `?`, `??`, `?.`: PowerShell 7 operators.
    Ternary,
    /// `--%`
    StopParsing,
    /// `$( … )` nested in strings past the nesting limit.
    TooDeep,
    /// Any other character that starts no token.
    Unexpected,
}

impl LexError {
    pub(crate) fn message(self, text: &str) -> String {
        match self {
            LexError::UnterminatedString { double: true } => {
                "The string is missing the terminator: \".".into()
            }
            LexError::UnterminatedString { double: false } => {
                "The string is missing the terminator: '.".into()
            }
            LexError::UnterminatedHereString { double: true } => {
                "The here-string is missing the terminator: \"@ at the start of a line.".into()
            }
            LexError::UnterminatedHereString { double: false } => {
                "The here-string is missing the terminator: '@ at the start of a line.".into()
            }
            LexError::HereStringHeader => {
                "No characters are allowed after a here-string header but before the end of the line."
                    .into()
            }
            LexError::UnterminatedComment => {
                "Missing the end of a block comment: '#>'.".into()
            }
            LexError::UnterminatedBracedVariable => {
                "Missing '}' at the end of the variable name.".into()
            }
            LexError::InvalidVariable => {
                "Invalid variable reference. '$' was not followed by a valid variable name character. \
                 Consider using ${} to delimit the name."
                    .into()
            }
            LexError::InvalidScopedVariable => format!(
                "Variable reference is not valid. ':' was not followed by a valid variable name character. \
                 Consider using ${{}} to delimit the name: '{text}'."
            ),
            LexError::BadNumber => {
                format!("Unexpected token '{text}' in expression or statement.")
            }
            LexError::LessThan => "The '<' operator is reserved for future use.".into(),
            LexError::StrayBacktick => {
                "A backtick (`) must be followed by a line break to continue a line, or be inside a string."
                    .into()
            }
            LexError::Ternary => format!(
                "The '{text}' operator (PowerShell 7) is not supported by easim; use if/else or -eq $null."
            ),
            LexError::StopParsing => {
                "The stop-parsing token '--%' is not supported by easim.".into()
            }
            LexError::TooDeep => "The string nests '$( )' too deeply.".into(),
            LexError::Unexpected => {
                format!("Unexpected token '{text}' in expression or statement.")
            }
        }
    }
}
