//! OPATH tokens: parentheses, `-operators`, `$true/$false/$null`, quoted strings and bare words, each with the
//! character position it starts at.
//!
//! The lexer never fails silently and never panics: an unterminated string or a stray variable is an error with a
//! position. Deciding what the tokens mean is the parser's job.

use crate::script::error::quoted;

use super::{ErrorKind, OpathError};

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    LParen,
    RParen,
    /// `-eq`, `-and`, … (lowercased, without the dash).
    Op(String),
    True,
    False,
    Null,
    /// A quoted string, unescaped.
    Quoted(String),
    /// A bare word: a property name or an unquoted value.
    Word(String),
}

/// A token and its 0-based character position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub(crate) tok: Tok,
    pub(crate) pos: usize,
}

pub(crate) fn lex(text: &str) -> Result<Vec<Token>, OpathError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let err = |pos: usize, detail: String| OpathError::new(ErrorKind::Syntax, text, pos, detail);
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                out.push(Token {
                    tok: Tok::LParen,
                    pos: start,
                });
                i += 1;
            }
            ')' => {
                out.push(Token {
                    tok: Tok::RParen,
                    pos: start,
                });
                i += 1;
            }
            '\'' | '"' | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' => {
                let double = matches!(c, '"' | '\u{201C}' | '\u{201D}');
                let closes = |q: char| {
                    if double {
                        matches!(q, '"' | '\u{201C}' | '\u{201D}')
                    } else {
                        matches!(q, '\'' | '\u{2018}' | '\u{2019}')
                    }
                };
                let mut s = String::new();
                i += 1;
                loop {
                    let Some(&q) = chars.get(i) else {
                        return Err(err(
                            start,
                            "The string starting here is not terminated.".into(),
                        ));
                    };
                    if double
                        && q == '`'
                        && let Some(&next) = chars.get(i + 1)
                    {
                        s.push(next);
                        i += 2;
                        continue;
                    }
                    if closes(q) {
                        // A doubled quote is one literal quote.
                        if chars.get(i + 1).is_some_and(|&n| closes(n)) {
                            s.push(q);
                            i += 2;
                            continue;
                        }
                        i += 1;
                        break;
                    }
                    s.push(q);
                    i += 1;
                }
                out.push(Token {
                    tok: Tok::Quoted(s),
                    pos: start,
                });
            }
            '$' | '`' => {
                // `$null inside a double-quoted PowerShell string arrives as `$null when the shell kept the backtick.
                let at = if c == '`' { i + 1 } else { i };
                if chars.get(at) != Some(&'$') {
                    return Err(err(start, "Unexpected character '`'.".into()));
                }
                let name: String = chars[at + 1..]
                    .iter()
                    .take_while(|c| c.is_alphanumeric() || **c == '_')
                    .collect();
                let tok = match name.to_ascii_lowercase().as_str() {
                    "true" => Tok::True,
                    "false" => Tok::False,
                    "null" => Tok::Null,
                    _ => {
                        return Err(err(
                            start,
                            format!(
                                "The variable '${}' can't be used in a filter: only $true, $false and $null can. Put the variable's value in the filter text instead (for example with a double-quoted string).",
                                quoted(&name)
                            ),
                        ));
                    }
                };
                i = at + 1 + name.chars().count();
                out.push(Token { tok, pos: start });
            }
            '-' if chars.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic()) => {
                let name: String = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                i += 1 + name.len();
                out.push(Token {
                    tok: Tok::Op(name.to_ascii_lowercase()),
                    pos: start,
                });
            }
            _ => {
                let word: String = chars[i..]
                    .iter()
                    .take_while(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '\'' | '"'))
                    .collect();
                i += word.chars().count();
                out.push(Token {
                    tok: Tok::Word(word),
                    pos: start,
                });
            }
        }
    }
    Ok(out)
}
