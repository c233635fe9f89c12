//! A minimal reader for one cmdlet command line, so examples and tests can be written the way admins type them
//! until the PowerShell parser exists: `Verb-Noun [-Name[:]value | -Switch | positional]…`.
//!
//! Values: `'single'` and `"double"` quoted strings (no variable expansion), bare words, integers,
//! `$true/$false/$null`, comma lists `a,b`, hashtables `@{Add='x','y'; Remove='z'}`, empty arrays `@()`, and script
//! blocks `{ … }` whose text becomes a string (for -Filter). Nothing else of PowerShell: no variables, pipelines,
//! expressions or escapes beyond doubled quotes. The shell replaces this.

use super::binder::NamedArg;
use super::value::{Hashtable, Value};

/// A command line split into the cmdlet name and its arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct CommandLine {
    pub name: String,
    pub positional: Vec<Value>,
    pub named: Vec<NamedArg>,
}

/// Why a line could not be read, with the 0-based character position.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("at position {position}: {message}")]
pub struct ReadError {
    pub position: usize,
    pub message: String,
}

pub fn read(line: &str) -> Result<CommandLine, ReadError> {
    let mut r = Reader {
        chars: line.chars().collect(),
        i: 0,
    };
    r.skip_ws();
    let name = r.word();
    if name.is_empty() {
        return Err(r.error("expected a cmdlet name"));
    }
    let mut positional = Vec::new();
    let mut named = Vec::new();
    loop {
        r.skip_ws();
        let Some(c) = r.peek() else { break };
        if c == '-' && r.peek_at(1).is_some_and(|c| c.is_alphabetic()) {
            r.i += 1;
            let pname: String = r.take_while(|c| c.is_alphanumeric() || c == '_');
            if r.peek() == Some(':') {
                r.i += 1;
                let v = r.value_list()?;
                named.push(NamedArg::new(pname, v));
                continue;
            }
            r.skip_ws();
            let next_is_value = match r.peek() {
                None => false,
                Some('-') => r.peek_at(1).is_some_and(|c| c.is_ascii_digit()),
                Some(_) => true,
            };
            if next_is_value {
                let v = r.value_list()?;
                named.push(NamedArg::new(pname, v));
            } else {
                named.push(NamedArg::switch(pname));
            }
        } else {
            positional.push(r.value_list()?);
        }
    }
    Ok(CommandLine {
        name,
        positional,
        named,
    })
}

struct Reader {
    chars: Vec<char>,
    i: usize,
}

impl Reader {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.i + n).copied()
    }

    fn error(&self, message: &str) -> ReadError {
        ReadError {
            position: self.i,
            message: message.to_string(),
        }
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.i += 1;
        }
    }

    fn take_while(&mut self, f: impl Fn(char) -> bool) -> String {
        let start = self.i;
        while self.peek().is_some_and(&f) {
            self.i += 1;
        }
        self.chars[start..self.i].iter().collect()
    }

    fn word(&mut self) -> String {
        self.take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ';' | '}' | ')' | '='))
    }

    /// `v` or `v, v, …`.
    fn value_list(&mut self) -> Result<Value, ReadError> {
        let first = self.value()?;
        self.skip_ws_inline();
        if self.peek() != Some(',') {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.peek() == Some(',') {
            self.i += 1;
            self.skip_ws_inline();
            items.push(self.value()?);
            self.skip_ws_inline();
        }
        Ok(Value::Array(items))
    }

    fn skip_ws_inline(&mut self) {
        while self.peek().is_some_and(|c| c == ' ' || c == '\t') {
            self.i += 1;
        }
    }

    fn value(&mut self) -> Result<Value, ReadError> {
        match self.peek() {
            None => Err(self.error("expected a value")),
            Some(q @ ('\'' | '"')) => {
                self.i += 1;
                let mut s = String::new();
                loop {
                    match self.peek() {
                        None => return Err(self.error("the string is not terminated")),
                        Some(c) if c == q && self.peek_at(1) == Some(q) => {
                            s.push(q);
                            self.i += 2;
                        }
                        Some(c) if c == q => {
                            self.i += 1;
                            break;
                        }
                        Some(c) => {
                            s.push(c);
                            self.i += 1;
                        }
                    }
                }
                Ok(Value::str(s))
            }
            Some('{') => {
                self.i += 1;
                let mut depth = 1;
                let start = self.i;
                while depth > 0 {
                    match self.peek() {
                        None => return Err(self.error("the script block is not closed")),
                        Some('{') => depth += 1,
                        Some('}') => depth -= 1,
                        _ => {}
                    }
                    self.i += 1;
                }
                let text: String = self.chars[start..self.i - 1].iter().collect();
                Ok(Value::str(text.trim()))
            }
            Some('@') if self.peek_at(1) == Some('(') => {
                self.i += 2;
                self.skip_ws();
                if self.peek() == Some(')') {
                    self.i += 1;
                    return Ok(Value::Array(Vec::new()));
                }
                let v = self.value_list()?;
                self.skip_ws();
                if self.peek() != Some(')') {
                    return Err(self.error("expected ')'"));
                }
                self.i += 1;
                Ok(match v {
                    Value::Array(items) => Value::Array(items),
                    one => Value::Array(vec![one]),
                })
            }
            Some('@') if self.peek_at(1) == Some('{') => {
                self.i += 2;
                let mut h = Hashtable::new();
                loop {
                    self.skip_ws();
                    match self.peek() {
                        Some('}') => {
                            self.i += 1;
                            break;
                        }
                        Some(';') => {
                            self.i += 1;
                            continue;
                        }
                        None => return Err(self.error("the hashtable is not closed")),
                        _ => {}
                    }
                    let key = match self.value()? {
                        Value::String(s) => s.to_string(),
                        other => other.to_text(),
                    };
                    self.skip_ws();
                    if self.peek() != Some('=') {
                        return Err(self.error("expected '=' after a hashtable key"));
                    }
                    self.i += 1;
                    self.skip_ws();
                    let v = self.value_list()?;
                    h.insert(key, v);
                }
                Ok(Value::Hashtable(h))
            }
            Some(_) => {
                let w = self.word();
                if w.is_empty() {
                    return Err(self.error("expected a value"));
                }
                Ok(match w.to_ascii_lowercase().as_str() {
                    "$true" => Value::Bool(true),
                    "$false" => Value::Bool(false),
                    "$null" => Value::Null,
                    _ => match w.parse::<i64>() {
                        Ok(n) => Value::Int(n),
                        Err(_) => Value::str(w),
                    },
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_forms_admins_type() {
        let c = read(
            "Set-CASMailbox alice -ActiveSyncAllowedDeviceIDs @{Add='A1','B2'; Remove=\"C3\"} -Confirm:$false -WhatIf -ResultSize 5",
        )
        .expect("the line reads");
        assert_eq!(c.name, "Set-CASMailbox");
        assert_eq!(c.positional, vec![Value::str("alice")]);
        let mut h = Hashtable::new();
        h.insert("Add", Value::strings(["A1", "B2"]));
        h.insert("Remove", Value::str("C3"));
        assert_eq!(
            c.named,
            vec![
                NamedArg::new("ActiveSyncAllowedDeviceIDs", Value::Hashtable(h)),
                NamedArg::new("Confirm", false),
                NamedArg::switch("WhatIf"),
                NamedArg::new("ResultSize", 5i64),
            ]
        );
        let f =
            read("Get-MobileDevice -Filter {DeviceModel -eq 'iPhone6C2'} -ResultSize Unlimited")
                .expect("the line reads");
        assert_eq!(
            f.named[0],
            NamedArg::new("Filter", "DeviceModel -eq 'iPhone6C2'")
        );
        assert!(read("Get-Mailbox -Identity 'open").is_err());
    }
}
