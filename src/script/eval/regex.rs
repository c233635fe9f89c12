//! Regular expressions as .NET writes them, run by the regex crate: the options PowerShell passes
//! (IgnoreCase, Multiline, Singleline, IgnorePatternWhitespace, ExplicitCapture), a compiled-pattern cache, the
//! .NET class quirk the crate rejects (`[\w-.]`: a `-` next to a class escape is literal), .NET's group numbering
//! (unnamed groups first, then named ones), `Regex.Split`, `Regex.Replace` with .NET's substitutions, and
//! `Regex.Escape`.
//!
//! Constructs the crate does not have (look-around, backreferences, `\Z`) are refused by name; a pattern that is
//! wrong in .NET too gets .NET's "not valid" text.

use std::collections::HashMap;

use regex::{Captures, Regex, RegexBuilder};

use crate::script::error::ErrorCategory;

use super::flow::{RuntimeError, runtime, unsupported};

/// `System.Text.RegularExpressions.RegexOptions` the shell passes on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct RegexOptions {
    pub(crate) ignore_case: bool,
    pub(crate) multiline: bool,
    pub(crate) singleline: bool,
    pub(crate) ignore_whitespace: bool,
    /// Only named groups capture (affects what `Split` keeps).
    pub(crate) explicit_capture: bool,
}

/// Compiled regular expressions by pattern and options, so a `-match` in a loop compiles once.
#[derive(Debug, Default)]
pub(crate) struct Regexes {
    cache: HashMap<(String, RegexOptions), Regex>,
}

impl Regexes {
    /// A pattern compiled case-insensitively unless `cs` (`-cmatch`, `-creplace`).
    pub(crate) fn get(&mut self, pattern: &str, cs: bool) -> Result<&Regex, RuntimeError> {
        self.get_with(
            pattern,
            RegexOptions {
                ignore_case: !cs,
                ..RegexOptions::default()
            },
        )
    }

    pub(crate) fn get_with(
        &mut self,
        pattern: &str,
        options: RegexOptions,
    ) -> Result<&Regex, RuntimeError> {
        let key = (pattern.to_string(), options);
        if !self.cache.contains_key(&key) {
            if self.cache.len() > 256 {
                self.cache.clear();
            }
            let re = RegexBuilder::new(&translate(pattern))
                .case_insensitive(options.ignore_case)
                .multi_line(options.multiline)
                .dot_matches_new_line(options.singleline)
                .ignore_whitespace(options.ignore_whitespace)
                .size_limit(1 << 22)
                .build()
                .map_err(|e| compile_error(pattern, &e))?;
            self.cache.insert(key.clone(), re);
        }
        self.cache.get(&key).ok_or_else(|| {
            runtime(
                ErrorCategory::InvalidOperation,
                "InvalidRegularExpression",
                "regex cache",
            )
        })
    }
}

fn compile_error(pattern: &str, e: &regex::Error) -> RuntimeError {
    let text = e.to_string();
    let detail = text.lines().last().unwrap_or("").trim();
    if detail.contains("look-around") || detail.contains("backreferences") {
        return unsupported(format!(
            "The regular expression {pattern} (look-around and backreferences)"
        ));
    }
    runtime(
        ErrorCategory::InvalidOperation,
        "InvalidRegularExpression",
        format!("The regular expression pattern {pattern} is not valid: {detail}"),
    )
}

/// A .NET pattern in the crate's syntax: inside a class, a `-` next to a class escape (`\w`, `\d`, `\s`, …) is
/// a literal hyphen in .NET and an error in the crate, so it is escaped.
fn translate(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len());
    let mut in_class = false;
    let mut i = 0;
    let class_escape = |c: Option<&char>| matches!(c, Some('w' | 'W' | 'd' | 'D' | 's' | 'S'));
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                out.push(c);
                if let Some(n) = chars.get(i + 1) {
                    out.push(*n);
                }
                i += 2;
                continue;
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` or `^]` right after the opening bracket is literal.
                if chars.get(i + 1) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if chars.get(i + 1) == Some(&']') {
                    out.push_str("\\]");
                    i += 1;
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            '-' if in_class => {
                let after_escape = i >= 2 && chars[i - 2] == '\\' && class_escape(chars.get(i - 1));
                let before_escape =
                    chars.get(i + 1) == Some(&'\\') && class_escape(chars.get(i + 2));
                if after_escape || before_escape {
                    out.push_str("\\-");
                } else {
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// A group as .NET numbers and names it: unnamed groups get 1, 2, … left to right, named groups the numbers
/// after them (a name that is a number is that number).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum GroupKey {
    Number(usize),
    Name(String),
}

/// Each group of the crate's regex (by the crate's index) with its .NET key; group 0 first. Unnamed groups are
/// numbered here; named ones keep their name (`group_by_number` gives them the numbers after the unnamed).
pub(crate) fn dotnet_groups(re: &Regex) -> Vec<(usize, GroupKey)> {
    let mut out = vec![(0, GroupKey::Number(0))];
    let mut next_unnamed = 1;
    for (i, n) in re.capture_names().enumerate().skip(1) {
        let key = match n {
            None => {
                next_unnamed += 1;
                GroupKey::Number(next_unnamed - 1)
            }
            Some(name) => match name.parse::<usize>() {
                Ok(num) => GroupKey::Number(num),
                Err(_) => GroupKey::Name(name.to_string()),
            },
        };
        out.push((i, key));
    }
    out
}

/// The crate's index of the group .NET calls by number `n`.
fn group_by_number(groups: &[(usize, GroupKey)], n: usize) -> Option<usize> {
    let unnamed = groups
        .iter()
        .filter(|(_, k)| matches!(k, GroupKey::Number(_)))
        .count();
    if let Some((i, _)) = groups.iter().find(|(_, k)| *k == GroupKey::Number(n)) {
        return Some(*i);
    }
    // Named groups take the numbers after the unnamed ones, in order.
    let named: Vec<usize> = groups
        .iter()
        .filter(|(_, k)| matches!(k, GroupKey::Name(_)))
        .map(|(i, _)| *i)
        .collect();
    n.checked_sub(unnamed).and_then(|k| named.get(k).copied())
}

fn group_by_name(groups: &[(usize, GroupKey)], name: &str) -> Option<usize> {
    if let Ok(n) = name.parse::<usize>() {
        return group_by_number(groups, n);
    }
    groups
        .iter()
        .find(|(_, k)| matches!(k, GroupKey::Name(g) if g == name))
        .map(|(i, _)| *i)
}

/// `Regex.Replace(input, replacement)`: every match replaced, .NET's substitutions in `replacement` (`$1`,
/// `${name}`, `$$`, `$&`, `` $` ``, `$'`, `$+`, `$_`); a reference to a group the pattern does not have stays
/// as written.
pub(crate) fn replace_all(re: &Regex, input: &str, replacement: &str) -> String {
    let groups = dotnet_groups(re);
    let mut out = String::with_capacity(input.len());
    let mut last = 0;
    for caps in re.captures_iter(input) {
        let Some(m) = caps.get(0) else { continue };
        out.push_str(&input[last..m.start()]);
        expand(&mut out, replacement, &caps, &groups, input);
        last = m.end();
    }
    out.push_str(&input[last..]);
    out
}

fn expand(
    out: &mut String,
    rep: &str,
    caps: &Captures<'_>,
    groups: &[(usize, GroupKey)],
    input: &str,
) {
    let text = |i: usize| caps.get(i).map_or("", |m| m.as_str());
    let whole = caps.get(0);
    let bytes = rep.as_bytes();
    let mut i = 0;
    while i < rep.len() {
        let Some(rel) = rep[i..].find('$') else {
            out.push_str(&rep[i..]);
            break;
        };
        out.push_str(&rep[i..i + rel]);
        i += rel;
        let next = bytes.get(i + 1).copied();
        match next {
            Some(b'$') => {
                out.push('$');
                i += 2;
            }
            Some(b'&') => {
                out.push_str(text(0));
                i += 2;
            }
            Some(b'`') => {
                out.push_str(&input[..whole.map_or(0, |m| m.start())]);
                i += 2;
            }
            Some(b'\'') => {
                out.push_str(&input[whole.map_or(input.len(), |m| m.end())..]);
                i += 2;
            }
            Some(b'_') => {
                out.push_str(input);
                i += 2;
            }
            Some(b'+') => {
                let last = groups
                    .iter()
                    .skip(1)
                    .rev()
                    .find(|(g, _)| caps.get(*g).is_some());
                if let Some((g, _)) = last {
                    out.push_str(text(*g));
                }
                i += 2;
            }
            Some(b'{') => match rep[i + 2..].find('}') {
                Some(close) => {
                    let name = &rep[i + 2..i + 2 + close];
                    match group_by_name(groups, name) {
                        Some(g) => out.push_str(text(g)),
                        None => out.push_str(&rep[i..i + 3 + close]),
                    }
                    i += 3 + close;
                }
                None => {
                    out.push('$');
                    i += 1;
                }
            },
            Some(d) if d.is_ascii_digit() => {
                // The longest run of digits that names a group; the rest is text.
                let mut end = i + 1;
                let mut best: Option<(usize, usize)> = None;
                let mut n: usize = 0;
                while end < rep.len() && bytes[end].is_ascii_digit() {
                    n = n
                        .saturating_mul(10)
                        .saturating_add(usize::from(bytes[end] - b'0'));
                    end += 1;
                    if let Some(g) = group_by_number(groups, n) {
                        best = Some((g, end));
                    }
                }
                match best {
                    Some((g, stop)) => {
                        out.push_str(text(g));
                        i = stop;
                    }
                    None => {
                        out.push('$');
                        i += 1;
                    }
                }
            }
            _ => {
                out.push('$');
                i += 1;
            }
        }
    }
}

/// `Regex.Split(input, count)`: the pieces between matches with the text of each match's capturing groups
/// after the piece before it (only named groups with ExplicitCapture); at most `count` pieces when `count`
/// is above 0, the last holding the rest.
pub(crate) fn split(re: &Regex, input: &str, count: usize, explicit_capture: bool) -> Vec<String> {
    if count == 1 {
        return vec![input.to_string()];
    }
    let groups = dotnet_groups(re);
    let mut out = Vec::new();
    let mut last = 0;
    let mut splits = 0;
    for caps in re.captures_iter(input) {
        let Some(m) = caps.get(0) else { continue };
        out.push(input[last..m.start()].to_string());
        last = m.end();
        let mut ordered: Vec<(usize, usize)> = Vec::new();
        for (g, key) in groups.iter().skip(1) {
            if explicit_capture && matches!(key, GroupKey::Number(_)) {
                continue;
            }
            if caps.get(*g).is_some() {
                let number = match key {
                    GroupKey::Number(n) => *n,
                    GroupKey::Name(_) => usize::MAX,
                };
                ordered.push((number, *g));
            }
        }
        ordered.sort_by_key(|(n, _)| *n);
        out.extend(
            ordered
                .iter()
                .map(|(_, g)| caps.get(*g).map_or("", |c| c.as_str()).to_string()),
        );
        splits += 1;
        if count > 0 && splits + 1 >= count {
            break;
        }
    }
    out.push(input[last..].to_string());
    out
}

/// `[regex]::Escape`: `\`, `*`, `+`, `?`, `|`, `{`, `[`, `(`, `)`, `^`, `$`, `.`, `#` and white space, as
/// .NET escapes them (`}` and `]` stay as they are).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '*' | '+' | '?' | '|' | '{' | '[' | '(' | ')' | '^' | '$' | '.' | '#' | ' ' => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{c}' => out.push_str("\\f"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn re(p: &str) -> Regex {
        let mut r = Regexes::default();
        r.get(p, false).expect("compiles").clone()
    }

    #[test]
    fn replacements_follow_dotnet() {
        assert_eq!(replace_all(&re("(.+)"), "5.72", "$$$1"), "$5.72");
        assert_eq!(replace_all(&re("(.+)"), "5.72", "$ $1"), "$ 5.72");
        assert_eq!(replace_all(&re("(.+)"), "5.72", "$$1"), "$1");
        assert_eq!(
            replace_all(&re("Gobble"), "Gobble", "$& $&"),
            "Gobble Gobble"
        );
        assert_eq!(replace_all(&re("(?<a>x)"), "x", "${b}${a}"), "${b}x");
        assert_eq!(replace_all(&re("(x)"), "x", "$2"), "$2");
    }

    #[test]
    fn split_keeps_captures_and_counts_pieces() {
        assert_eq!(
            split(&re("(1:)"), "a1:b1:c1:d", 0, false),
            ["a", "1:", "b", "1:", "c", "1:", "d"]
        );
        assert_eq!(
            split(&re("(-)"), "C-V-S-B", 3, false),
            ["C", "-", "V", "-", "S-B"]
        );
        assert_eq!(split(&re("(:)"), "a:b", 0, true), ["a", "b"]);
    }

    #[test]
    fn dotnet_class_quirks_and_escapes() {
        assert!(re(r"^[\w-.]+$").is_match("John.Doe-x"));
        assert_eq!(escape(r"3.\d{2,}"), r"3\.\\d\{2,}");
    }
}
