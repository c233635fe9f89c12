//! The `-split` and `-replace` operators as Windows PowerShell 5.1 runs them (ParserOps.SplitOperatorImpl and
//! ReplaceOperator): a pattern, a limit and options (`SimpleMatch`, `RegexMatch`, `IgnoreCase`,
//! `CultureInvariant`, `IgnorePatternWhitespace`, `Multiline`, `Singleline`, `ExplicitCapture`, with 5.1's
//! refusal of SimpleMatch with regex options and of Multiline with Singleline), a script block as the
//! delimiter test, unary `-split` on white space; `-replace` with .NET's substitutions.
//!
//! What PowerShell 7 added (a negative limit counting from the end, a script block as `-replace`'s substitute)
//! is refused by name: 5.1 would quietly do something else with it.

use crate::model::eq_ci;
use crate::script::error::ErrorCategory;
use crate::script::value::Value;

use super::convert::{enumerate, is_true, to_int, to_str};
use super::flow::{Res, RuntimeError, convert_error, runtime, unsupported};
use super::interp::Interp;
use super::regex::{RegexOptions, escape, replace_all, split};

/// `System.Management.Automation.SplitOptions`, with its numbers.
const SPLIT_OPTIONS: &[(&str, u32)] = &[
    ("SimpleMatch", 0x01),
    ("RegexMatch", 0x02),
    ("CultureInvariant", 0x04),
    ("IgnorePatternWhitespace", 0x08),
    ("Multiline", 0x10),
    ("Singleline", 0x20),
    ("IgnoreCase", 0x40),
    ("ExplicitCapture", 0x80),
];

const SIMPLE: u32 = 0x01;
const REGEX: u32 = 0x02;
const MULTILINE: u32 = 0x10;
const SINGLELINE: u32 = 0x20;
const IGNORE_CASE: u32 = 0x40;

fn bad_options(text: &str) -> RuntimeError {
    convert_error(
        text,
        "System.Management.Automation.SplitOptions",
        &format!(
            "Unable to match the identifier name {text} to a valid enumerator name. Specify one of the following enumerator names and try again:\r\nSimpleMatch, RegexMatch, CultureInvariant, IgnorePatternWhitespace, Multiline, Singleline, IgnoreCase, ExplicitCapture"
        ),
    )
}

fn split_options(v: &Value) -> Result<u32, RuntimeError> {
    if let Some(n) = to_int(v).filter(|_| !matches!(v, Value::String(_))) {
        return u32::try_from(n).map_err(|_| bad_options(&to_str(v)));
    }
    let text = to_str(v);
    let mut bits = 0;
    for part in text.split(',') {
        let part = part.trim();
        let (_, b) = SPLIT_OPTIONS
            .iter()
            .find(|(n, _)| eq_ci(n, part))
            .ok_or_else(|| bad_options(&text))?;
        bits |= b;
    }
    Ok(bits)
}

fn invalid_combination() -> RuntimeError {
    runtime(
        ErrorCategory::InvalidOperation,
        "InvalidSplitOptionCombination",
        "The combination of options with the -split operator is not valid.",
    )
}

fn negative_limit() -> RuntimeError {
    unsupported(
        "A negative Max-substrings value of -split (PowerShell 7 counts it from the end; Windows PowerShell 5.1 splits at every delimiter)",
    )
}

impl Interp<'_> {
    /// Binary `-split`, `-isplit`, `-csplit` (`cs`).
    pub(crate) fn split_operator(&mut self, l: Value, r: Value, cs: bool) -> Res<Value> {
        let args = match r {
            Value::Array(items) => items.into_vec(),
            one => vec![one],
        };
        let Some(first) = args.first() else {
            return Err(runtime(
                ErrorCategory::InvalidOperation,
                "BadOperatorArgument",
                "The argument to operator '-split' is not valid: .",
            )
            .into());
        };
        let limit = match args.get(1) {
            Some(v) => to_int(v).ok_or_else(|| {
                convert_error(
                    &to_str(v),
                    "System.Int32",
                    "Input string was not in a correct format.",
                )
            })?,
            None => 0,
        };
        if limit < 0 {
            return Err(negative_limit().into());
        }
        let mut options = 0;
        let given = args
            .get(2)
            .filter(|o| !o.is_null() && !matches!(o, Value::String(s) if s.is_empty()));
        let predicate = self.stored_block(first).is_some();
        if let Some(o) = given {
            options = split_options(o)?;
            if predicate {
                return Err(runtime(
                    ErrorCategory::ParserError,
                    "InvalidSplitOptionWithPredicate",
                    "Options are not allowed on the -split operator with a predicate.",
                )
                .into());
            }
        }
        if !cs {
            options |= IGNORE_CASE;
        }
        let content: Vec<String> = enumerate(l).iter().map(to_str).collect();
        if predicate {
            return self.split_with_predicate(first, &content, limit);
        }
        let limit = usize::try_from(limit).unwrap_or(0);
        split_with_pattern(self, &to_str(first), &content, limit, options)
    }

    /// Unary `-split`: each string trimmed and split at runs of white space.
    pub(crate) fn unary_split(&mut self, v: Value) -> Res<Value> {
        let content: Vec<String> = enumerate(v)
            .iter()
            .map(|s| to_str(s).trim().to_string())
            .collect();
        split_with_pattern(self, r"\s+", &content, 0, 0)
    }

    /// A script block decides which characters are delimiters (`$_` is the character; its arguments the
    /// string and the index).
    fn split_with_predicate(
        &mut self,
        block: &Value,
        content: &[String],
        limit: i64,
    ) -> Res<Value> {
        let mut results = Vec::new();
        for item in content {
            if limit == 1 {
                results.push(Value::str(item.as_str()));
                continue;
            }
            let chars: Vec<char> = item.chars().collect();
            let mut split: Vec<String> = Vec::new();
            let mut buf = String::new();
            for (index, c) in chars.iter().enumerate() {
                let out = self.call_block_value(
                    block,
                    Some(Value::from(c.to_string())),
                    vec![Value::str(item.as_str()), Value::Int(index as i64)],
                    false,
                )?;
                if is_true(&super::convert::collapse(out)) {
                    split.push(std::mem::take(&mut buf));
                    if limit > 0 && split.len() as i64 >= limit - 1 {
                        split.push(chars[index + 1..].iter().collect());
                        buf.clear();
                        break;
                    }
                    if index == chars.len() - 1 {
                        split.push(String::new());
                    }
                } else {
                    buf.push(*c);
                }
            }
            if !buf.is_empty() && (limit <= 0 || (split.len() as i64) < limit) {
                split.push(buf);
            }
            results.extend(split.into_iter().map(Value::from));
        }
        Ok(Value::array(results))
    }

    /// `-replace`, `-ireplace`, `-creplace` (`cs`): a pattern and an optional substitution.
    pub(crate) fn replace_operator(&mut self, l: Value, r: Value, cs: bool) -> Res<Value> {
        let (pattern, replacement) = match r {
            Value::Array(items) => match items.to_vec().as_slice() {
                [p] => (p.clone(), Value::str("")),
                [p, rep] => (p.clone(), rep.clone()),
                _ => {
                    return Err(runtime(
                        ErrorCategory::InvalidOperation,
                        "BadReplaceArgument",
                        format!(
                            "The {} operator allows only two elements to follow it, not {}.",
                            if cs { "-creplace" } else { "-replace" },
                            items.len()
                        ),
                    )
                    .into());
                }
            },
            p => (p, Value::str("")),
        };
        if self.stored_block(&replacement).is_some() {
            return Err(unsupported(
                "A script block as the substitution of -replace (PowerShell 6.1; Windows PowerShell 5.1 uses the block's text)",
            )
            .into());
        }
        let replacement = to_str(&replacement);
        let re = self.st.regexes.get(&to_str(&pattern), cs)?;
        let one = |v: &Value| Value::from(replace_all(re, &to_str(v), &replacement));
        Ok(match l {
            Value::Array(items) => Value::array(items.to_vec().iter().map(one).collect()),
            v if v.is_null() => one(&Value::str("")),
            v => one(&v),
        })
    }
}

fn split_with_pattern(
    it: &mut Interp<'_>,
    pattern: &str,
    content: &[String],
    limit: usize,
    mut options: u32,
) -> Res<Value> {
    if options & (SIMPLE | REGEX) == 0 {
        options |= REGEX;
    }
    if options & SIMPLE != 0 && options & !(SIMPLE | IGNORE_CASE) != 0 {
        return Err(invalid_combination().into());
    }
    if options & (MULTILINE | SINGLELINE) == MULTILINE | SINGLELINE {
        return Err(invalid_combination().into());
    }
    let pattern = if options & SIMPLE != 0 {
        escape(pattern)
    } else {
        pattern.to_string()
    };
    let regex_options = RegexOptions {
        ignore_case: options & IGNORE_CASE != 0,
        multiline: options & MULTILINE != 0,
        singleline: options & SINGLELINE != 0,
        ignore_whitespace: options & 0x08 != 0,
        explicit_capture: options & 0x80 != 0,
    };
    let re = it.st.regexes.get_with(&pattern, regex_options)?;
    let mut out = Vec::new();
    for item in content {
        out.extend(
            split(re, item, limit, regex_options.explicit_capture)
                .into_iter()
                .map(Value::from),
        );
    }
    Ok(Value::array(out))
}
