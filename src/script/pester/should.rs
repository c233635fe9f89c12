//! `Should`: Pester 5's assertions. The input is collected (`$x | Should …`, or `-ActualValue`); operators that
//! take arrays (`-Be`, `-BeExactly`, `-BeNullOrEmpty`, `-Contain`, `-HaveCount`) test it whole, the others test
//! each object. A failure is a terminating error with id `PesterAssertionFailed` and Pester's text, which ends
//! the test. Operators, aliases and texts: pester/Pester `rel/5.x.x`, `src/functions/assertions/*.ps1`; the
//! texts are checked against that repository's `tst/functions/assertions/*.Tests.ps1` (see `tests.rs`).

use crate::script::cmdlet::Example;
use crate::script::error::ErrorCategory;
use crate::script::params::ParameterInfo;
use crate::script::syntax::{Case, CompareOp, LineIndex};
use crate::script::value::Value;

use super::format::{Layout, because, compare_strings, nicely, type_text};
use crate::script::eval::args::UArgs;
use crate::script::eval::convert::{is_true, to_int, to_str};
use crate::script::eval::flow::{Flow, Res, RuntimeError, runtime};
use crate::script::eval::interp::{Interp, Stage, UtilityInfo, exception_type};
use crate::script::eval::operators::compare;
use crate::script::eval::types::{is_type, type_object};

/// The assertion operators, with the parameter (switch) names and aliases Pester gives them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Be,
    BeExactly,
    BeGreaterThan,
    BeLessOrEqual,
    BeIn,
    BeLessThan,
    BeGreaterOrEqual,
    BeLike,
    BeLikeExactly,
    BeNullOrEmpty,
    BeOfType,
    BeTrue,
    BeFalse,
    Contain,
    HaveCount,
    Match,
    MatchExactly,
    Throw,
}

const OPS: &[(Op, &str)] = &[
    (Op::Be, "Be"),
    (Op::BeExactly, "BeExactly"),
    (Op::BeGreaterThan, "BeGreaterThan"),
    (Op::BeLessOrEqual, "BeLessOrEqual"),
    (Op::BeIn, "BeIn"),
    (Op::BeLessThan, "BeLessThan"),
    (Op::BeGreaterOrEqual, "BeGreaterOrEqual"),
    (Op::BeLike, "BeLike"),
    (Op::BeLikeExactly, "BeLikeExactly"),
    (Op::BeNullOrEmpty, "BeNullOrEmpty"),
    (Op::BeOfType, "BeOfType"),
    (Op::BeTrue, "BeTrue"),
    (Op::BeFalse, "BeFalse"),
    (Op::Contain, "Contain"),
    (Op::HaveCount, "HaveCount"),
    (Op::Match, "Match"),
    (Op::MatchExactly, "MatchExactly"),
    (Op::Throw, "Throw"),
];

/// Pester operators the shell does not implement: refused by name, never ignored.
const UNSUPPORTED: &[&str] = &[
    "Exist",
    "FileContentMatch",
    "FileContentMatchExactly",
    "FileContentMatchMultiline",
    "FileContentMatchMultilineExactly",
    "HaveParameter",
    "Invoke",
    "InvokeVerifiable",
];

impl Op {
    /// Whether the operator tests the collected input as one array (`-SupportsArrayInput` in Pester).
    fn takes_array(self) -> bool {
        matches!(
            self,
            Op::Be | Op::BeExactly | Op::BeNullOrEmpty | Op::Contain | Op::HaveCount
        )
    }
}

pub(crate) static INFO: UtilityInfo = UtilityInfo {
    name: "Should",
    aliases: &[],
    synopsis: "Asserts something about the input and fails the test when it does not hold (Pester).",
    params: &[
        ParameterInfo::value("ActualValue", "Object")
            .piped()
            // ValueFromRemainingArguments: what is left after -ExpectedValue's position (`Should Be 1`).
            .position(1)
            .remaining()
            .help("The value tested; usually piped."),
        ParameterInfo::switch("Not").help("Negates the assertion."),
        ParameterInfo::value("ExpectedValue", "Object")
            .position(0)
            .help("What the value is compared with (also the pattern of -Match/-BeLike, the type of -BeOfType, the message of -Throw)."),
        ParameterInfo::value("Because", "String").help("Why: shown in the failure message."),
        ParameterInfo::value("RegularExpression", "String"),
        ParameterInfo::value("ExpectedType", "Object"),
        ParameterInfo::value("ExpectedMessage", "String"),
        ParameterInfo::value("ErrorId", "String"),
        ParameterInfo::value("ExceptionType", "Type"),
        ParameterInfo::switch("PassThru"),
        ParameterInfo::switch("Be").aliases(&["EQ"]),
        ParameterInfo::switch("BeExactly").aliases(&["CEQ"]),
        ParameterInfo::switch("BeGreaterThan").aliases(&["GT"]),
        ParameterInfo::switch("BeLessOrEqual").aliases(&["LE"]),
        ParameterInfo::switch("BeIn"),
        ParameterInfo::switch("BeLessThan").aliases(&["LT"]),
        ParameterInfo::switch("BeGreaterOrEqual").aliases(&["GE"]),
        ParameterInfo::switch("BeLike"),
        ParameterInfo::switch("BeLikeExactly"),
        ParameterInfo::switch("BeNullOrEmpty"),
        ParameterInfo::switch("BeOfType").aliases(&["HaveType"]),
        ParameterInfo::switch("BeTrue"),
        ParameterInfo::switch("BeFalse"),
        ParameterInfo::switch("Contain"),
        ParameterInfo::switch("HaveCount"),
        ParameterInfo::switch("Match"),
        ParameterInfo::switch("MatchExactly").aliases(&["CMATCH"]),
        ParameterInfo::switch("Throw"),
        ParameterInfo::switch("Exist"),
        ParameterInfo::switch("FileContentMatch"),
        ParameterInfo::switch("FileContentMatchExactly"),
        ParameterInfo::switch("FileContentMatchMultiline"),
        ParameterInfo::switch("FileContentMatchMultilineExactly"),
        ParameterInfo::switch("HaveParameter"),
        ParameterInfo::switch("Invoke"),
        ParameterInfo::switch("InvokeVerifiable"),
    ],
    examples: &[] as &[Example],
    build,
};

/// One `Should` call's operator and arguments.
struct Assertion {
    op: Op,
    negate: bool,
    expected: Option<Value>,
    because: Option<String>,
    regex: Option<String>,
    expected_type: Option<Value>,
    expected_message: Option<String>,
    error_id: Option<String>,
    exception_type: Option<Value>,
}

struct ShouldStage {
    assertion: Assertion,
    actual: Option<Value>,
    input: Vec<Value>,
}

fn build(_it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    if let Some(name) = UNSUPPORTED.iter().find(|n| args.switch(n)) {
        return Err(crate::script::eval::flow::unsupported(format!("Should -{name}")).into());
    }
    let chosen: Vec<Op> = OPS
        .iter()
        .filter(|(_, name)| args.switch(name))
        .map(|(op, _)| *op)
        .collect();
    let op = match chosen.as_slice() {
        [op] => *op,
        [] => {
            // Pester 5 dropped Pester 3's `Should Be 1` (Should.ps1's dynamicparam block).
            let legacy = args.get("ExpectedValue").map(to_str).is_some_and(|v| {
                OPS.iter()
                    .any(|(_, n)| crate::model::eq_ci(n, &v) || crate::model::eq_ci("Not", &v))
            });
            let message = if legacy {
                "Legacy Should syntax (without dashes) is not supported in Pester 5. Please refer to migration guide at: https://pester.dev/docs/v5/migrations/v3-to-v4"
            } else {
                "Should needs an operator: -Be, -BeExactly, -BeNullOrEmpty, -BeTrue, -BeFalse, -HaveCount, -Contain, -BeIn, -Match, -MatchExactly, -BeLike, -BeLikeExactly, -BeGreaterThan, -BeLessThan, -BeGreaterOrEqual, -BeLessOrEqual, -BeOfType or -Throw."
            };
            return Err(runtime(
                ErrorCategory::InvalidArgument,
                "ParameterBindingException",
                message,
            )
            .into());
        }
        _ => {
            return Err(runtime(
                ErrorCategory::InvalidArgument,
                "AmbiguousParameterSet",
                "Parameter set cannot be resolved using the specified named parameters.",
            )
            .into());
        }
    };
    let assertion = Assertion {
        op,
        negate: args.switch("Not"),
        expected: args.take("ExpectedValue"),
        because: args.string("Because"),
        regex: args.string("RegularExpression"),
        expected_type: args.take("ExpectedType"),
        expected_message: args.string("ExpectedMessage"),
        error_id: args.string("ErrorId"),
        exception_type: args.take("ExceptionType"),
    };
    Ok(Box::new(ShouldStage {
        assertion,
        actual: args.take("ActualValue"),
        input: Vec::new(),
    }))
}

impl Stage for ShouldStage {
    fn process(
        &mut self,
        _it: &mut Interp<'_>,
        input: Option<Value>,
        _out: &mut Vec<Value>,
    ) -> Res<()> {
        // First in its pipeline, the process block runs once with -ActualValue (or $null).
        let v = input.unwrap_or_else(|| self.actual.take().unwrap_or(Value::Null));
        self.input.push(v);
        Ok(())
    }

    fn end(&mut self, it: &mut Interp<'_>, _out: &mut Vec<Value>) -> Res<()> {
        let input = std::mem::take(&mut self.input);
        let a = &self.assertion;
        if input.is_empty() {
            return check(it, a, Value::Null);
        }
        if a.op.takes_array() {
            return check(it, a, Value::array(input));
        }
        for v in input {
            check(it, a, v)?;
        }
        Ok(())
    }
}

/// Runs the assertion on one value: `Ok` when it holds, the assertion error when it does not.
fn check(it: &mut Interp<'_>, a: &Assertion, actual: Value) -> Res<()> {
    match evaluate(it, a, actual)? {
        None => Ok(()),
        Some(message) => Err(failed(message).into()),
    }
}

/// The error a failed assertion ends its test with.
pub(crate) fn failed(message: String) -> RuntimeError {
    runtime(
        ErrorCategory::InvalidResult,
        "PesterAssertionFailed",
        message,
    )
    .with_fqid("PesterAssertionFailed")
    .stopping()
}

fn cmp(it: &mut Interp<'_>, op: CompareOp, case: Case, l: &Value, r: &Value) -> Res<bool> {
    let c = compare(op, case, l.clone(), r.clone(), &mut it.st.regexes)?;
    Ok(is_true(&c.value))
}

/// `[object[]]$x`: an array as itself, `$null` as `$null`, anything else as a one-element array.
fn as_array(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::Null => None,
        Value::Array(items) => Some(items.to_vec()),
        other => Some(vec![other.clone()]),
    }
}

/// `ArraysAreEqual` (Be.ps1): element by element with `-eq`/`-ceq`, `$null` and `@()` alike.
fn arrays_equal(
    it: &mut Interp<'_>,
    first: &Value,
    second: &Value,
    cs: bool,
    depth: u32,
) -> Res<bool> {
    if depth > 100 {
        return Err(runtime(
            ErrorCategory::InvalidOperation,
            "RuntimeException",
            "Reached the recursion depth limit of 100 when comparing arrays. Is one of your arrays cyclic?",
        )
        .into());
    }
    let f = as_array(first);
    let s = as_array(second);
    let null_or_empty = |a: &Option<Vec<Value>>| match a {
        None => true,
        Some(items) => items.is_empty() || (items.len() == 1 && items[0].is_null()),
    };
    if null_or_empty(&f) || null_or_empty(&s) {
        return Ok(null_or_empty(&f) && null_or_empty(&s));
    }
    let (f, s) = (f.unwrap_or_default(), s.unwrap_or_default());
    if f.len() != s.len() {
        return Ok(false);
    }
    let case = if cs {
        Case::Sensitive
    } else {
        Case::Insensitive
    };
    for (x, y) in f.iter().zip(&s) {
        let same = if matches!(x, Value::Array(_)) || matches!(y, Value::Array(_)) {
            arrays_equal(it, x, y, cs, depth + 1)?
        } else {
            // `$Expected -eq $Actual`: the expected value on the left decides the conversion.
            cmp(it, CompareOp::Eq, case, y, x)?
        };
        if !same {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A one-element array as its element (`$($x)`).
fn unroll(v: &Value) -> Value {
    match v {
        Value::Array(items) if let Some(one) = items.single() => one,
        other => other.clone(),
    }
}

/// `$x.Count`: an array's length, a hashtable's entries, 1 for anything else, 0 for `$null`.
fn count(v: &Value) -> usize {
    match v {
        Value::Null => 0,
        Value::Array(items) => items.len(),
        Value::Hashtable(h) => h.len(),
        _ => 1,
    }
}

/// The failure message, or `None` when the assertion holds.
fn evaluate(it: &mut Interp<'_>, a: &Assertion, actual: Value) -> Res<Option<String>> {
    let b = because(a.because.as_deref());
    let expected = a.expected.clone().unwrap_or(Value::Null);
    let neg = a.negate;
    Ok(match a.op {
        Op::Be | Op::BeExactly => {
            let cs = a.op == Op::BeExactly;
            let same = arrays_equal(it, &actual, &expected, cs, 0)?;
            match (same, neg) {
                (true, false) | (false, true) => None,
                (false, false) => {
                    Some(be_message(it, &actual, &expected, cs, a.because.as_deref()))
                }
                (true, true) => Some(format!(
                    "Expected {} to be different from the actual value,{b} but got {}the same value.",
                    nicely(&expected),
                    if cs { "exactly " } else { "" }
                )),
            }
        }
        Op::BeTrue | Op::BeFalse => {
            let want = (a.op == Op::BeTrue) != neg;
            (is_true(&actual) != want).then(|| {
                format!(
                    "Expected {},{b} but got {}.",
                    if want { "$true" } else { "$false" },
                    nicely(&actual)
                )
            })
        }
        Op::BeNullOrEmpty => {
            let (empty, shown) = match &actual {
                Value::Null => (true, Value::Null),
                Value::Array(items) if items.is_empty() => (true, Value::Null),
                Value::Array(items) if let Some(one) = items.single() => {
                    let empty = match &one {
                        Value::Hashtable(h) => h.is_empty(),
                        Value::Null => true,
                        other => to_str(other).is_empty(),
                    };
                    (empty, one)
                }
                Value::Array(_) => (false, actual.clone()),
                other => (to_str(other).is_empty(), other.clone()),
            };
            match (empty, neg) {
                (true, false) | (false, true) => None,
                (false, false) => Some(format!(
                    "Expected $null or empty,{b} but got {}.",
                    nicely(&shown)
                )),
                (true, true) => Some(format!("Expected a value,{b} but got $null or empty.")),
            }
        }
        Op::HaveCount => {
            let want = match to_int(&expected) {
                Some(n) if n >= 0 => usize::try_from(n).unwrap_or(usize::MAX),
                Some(_) => {
                    return Err(runtime(
                        ErrorCategory::InvalidArgument,
                        "ArgumentException",
                        // HaveCount.ps1 (5.x) spells it so.
                        "Excpected collection size must be greater than or equal to 0.",
                    )
                    .into());
                }
                None => 0,
            };
            let n = count(&actual);
            let empty_wanted = want == 0;
            if (n == want) != neg {
                None
            } else if neg {
                let expect = if empty_wanted {
                    "Expected a non-empty collection".to_string()
                } else {
                    format!("Expected a collection with size different from {want}")
                };
                let but = if n != 0 {
                    format!("but got collection with that size {}.", nicely(&actual))
                } else {
                    "but got an empty collection.".to_string()
                };
                Some(format!("{expect},{b} {but}"))
            } else {
                let expect = if empty_wanted {
                    "Expected an empty collection".to_string()
                } else {
                    format!("Expected a collection with size {want}")
                };
                let but = if n != 0 {
                    format!("but got collection with size {n} {}.", nicely(&actual))
                } else {
                    "but got an empty collection.".to_string()
                };
                Some(format!("{expect},{b} {but}"))
            }
        }
        Op::Contain => {
            let found = cmp(
                it,
                CompareOp::Contains,
                Case::Insensitive,
                &actual,
                &expected,
            )?;
            match (found, neg) {
                (true, false) | (false, true) => None,
                (false, false) => Some(format!(
                    "Expected {} to be found in collection {},{b} but it was not found.",
                    nicely(&expected),
                    nicely(&actual)
                )),
                (true, true) => Some(format!(
                    "Expected {} to not be found in collection {},{b} but it was found.",
                    nicely(&expected),
                    nicely(&actual)
                )),
            }
        }
        Op::BeIn => {
            let found = cmp(
                it,
                CompareOp::Contains,
                Case::Insensitive,
                &expected,
                &actual,
            )?;
            match (found, neg) {
                (true, false) | (false, true) => None,
                (false, false) => Some(format!(
                    "Expected collection {} to contain {},{b} but it was not found.",
                    nicely(&expected),
                    nicely(&actual)
                )),
                (true, true) => Some(format!(
                    "Expected collection {} to not contain {},{b} but it was found.",
                    nicely(&expected),
                    nicely(&actual)
                )),
            }
        }
        Op::Match | Op::MatchExactly => {
            let pattern = a.regex.clone().map(Value::from).unwrap_or(expected);
            let (case, how) = if a.op == Op::MatchExactly {
                (Case::Sensitive, "case sensitively match")
            } else {
                (Case::Insensitive, "match")
            };
            let hit = cmp(it, CompareOp::Match, case, &actual, &pattern)?;
            match (hit, neg) {
                (true, false) | (false, true) => None,
                (false, false) => Some(format!(
                    "Expected regular expression {} to {how} {},{b} but it did not match.",
                    nicely(&pattern),
                    nicely(&actual)
                )),
                (true, true) => Some(format!(
                    "Expected regular expression {} to not {how} {},{b} but it did match.",
                    nicely(&pattern),
                    nicely(&actual)
                )),
            }
        }
        Op::BeLike | Op::BeLikeExactly => {
            let (case, what) = if a.op == Op::BeLikeExactly {
                (Case::Sensitive, "case sensitive like wildcard")
            } else {
                (Case::Insensitive, "like wildcard")
            };
            let hit = cmp(it, CompareOp::Like, case, &actual, &expected)?;
            match (hit, neg) {
                (true, false) | (false, true) => None,
                (false, false) => Some(format!(
                    "Expected {what} {} to match {},{b} but it did not match.",
                    nicely(&expected),
                    nicely(&actual)
                )),
                (true, true) => Some(format!(
                    "Expected {what} {} to not match {},{b} but it did match.",
                    nicely(&expected),
                    nicely(&actual)
                )),
            }
        }
        Op::BeGreaterThan | Op::BeLessOrEqual | Op::BeLessThan | Op::BeGreaterOrEqual => {
            // -Not flips each into its opposite (BeGreaterThan.ps1, BeLessThan.ps1).
            let op = match (a.op, neg) {
                (Op::BeGreaterThan, true) => Op::BeLessOrEqual,
                (Op::BeLessOrEqual, true) => Op::BeGreaterThan,
                (Op::BeLessThan, true) => Op::BeGreaterOrEqual,
                (Op::BeGreaterOrEqual, true) => Op::BeLessThan,
                (op, _) => op,
            };
            let (fails_if, words) = match op {
                Op::BeGreaterThan => (CompareOp::Le, "greater than"),
                Op::BeLessOrEqual => (CompareOp::Gt, "less than or equal to"),
                Op::BeLessThan => (CompareOp::Ge, "less than"),
                _ => (CompareOp::Lt, "greater than or equal to"),
            };
            cmp(it, fails_if, Case::Insensitive, &actual, &expected)?.then(|| {
                format!(
                    "Expected the actual value to be {words} {},{b} but got {}.",
                    nicely(&expected),
                    nicely(&actual)
                )
            })
        }
        Op::BeOfType => of_type(a, &actual, &b)?,
        Op::Throw => throws(it, a, &actual, &b)?,
    })
}

/// `-Be`'s message: strings get the difference report, anything else "Expected x, but got y.".
fn be_message(
    it: &Interp<'_>,
    actual: &Value,
    expected: &Value,
    cs: bool,
    reason: Option<&str>,
) -> String {
    let (actual, expected) = (unroll(actual), unroll(expected));
    if let (Value::String(a), Value::String(e)) = (&actual, &expected) {
        let layout = Layout::for_width(it.st.options.width, current_path_len(it));
        let lines = compare_strings(e, a, cs, reason, layout);
        if !lines.is_empty() {
            return lines.join("\n");
        }
    }
    format!(
        "Expected {},{} but got {}.",
        nicely(&expected),
        because(reason),
        nicely(&actual)
    )
}

/// How deep the running test is (its blocks and itself), for the string report's width.
fn current_path_len(it: &Interp<'_>) -> usize {
    it.st
        .module_state
        .as_ref()
        .and_then(|s| s.downcast_ref::<super::discovery::Discovery>())
        .map_or(2, |d| d.path_len.max(1))
}

/// The full .NET name of a type argument: `[int]`, `'int'`, `'[System.String]'`.
fn type_name_of(v: &Value) -> String {
    match v {
        Value::Object(o) if o.type_name() == "System.RuntimeType" => {
            o.get("FullName").as_ref().map(to_str).unwrap_or_default()
        }
        other => {
            let text = to_str(other);
            let trimmed = text.trim().trim_start_matches('[').trim_end_matches(']');
            match type_object(trimmed) {
                Value::Object(o) => o.get("FullName").as_ref().map(to_str).unwrap_or_default(),
                _ => trimmed.to_string(),
            }
        }
    }
}

fn of_type(a: &Assertion, actual: &Value, b: &str) -> Res<Option<String>> {
    let wanted = a
        .expected_type
        .as_ref()
        .or(a.expected.as_ref())
        .map(type_name_of)
        .unwrap_or_default();
    let is = is_type(actual, &wanted)?;
    if is != a.negate {
        return Ok(None);
    }
    let actual_type = match super::format::type_of(actual) {
        Some(t) => format!("[{}]", type_text(&t)),
        None => "$null".to_string(),
    };
    let not = if a.negate { "not " } else { "" };
    Ok(Some(format!(
        "Expected the value to {not}have type [{}] or any of its subtypes,{b} but got {} with type {actual_type}.",
        type_text(&wanted),
        nicely(actual)
    )))
}

/// Whether an exception of .NET type `actual` is an `expected` (the shell's errors are RuntimeExceptions).
fn exception_is(actual: &str, expected: &str) -> bool {
    let e = expected
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']');
    let e = e.strip_prefix("System.").unwrap_or(e);
    let a = actual.strip_prefix("System.").unwrap_or(actual);
    crate::model::eq_ci(a, e)
        || crate::model::eq_ci(e, "Exception")
        || (crate::model::eq_ci(e, "Management.Automation.RuntimeException")
            && a.starts_with("Management.Automation."))
}

fn throws(it: &mut Interp<'_>, a: &Assertion, actual: &Value, b: &str) -> Res<Option<String>> {
    if it.stored_block(actual).is_none() {
        return Err(runtime(
            ErrorCategory::InvalidArgument,
            "ArgumentException",
            "Input is missing or not a ScriptBlock. Input to '-Throw' and '-Not -Throw' must be enclosed in curly braces.",
        )
        .into());
    }
    it.try_depth += 1;
    let r = it.call_block_value(actual, None, Vec::new(), false);
    it.try_depth -= 1;
    let thrown = match r {
        Ok(_) => None,
        Err(Flow::Error(e)) => Some(e),
        Err(other) => return Err(other),
    };
    let line_info = thrown
        .as_deref()
        .map(|e| position(it, e))
        .unwrap_or_default();
    let message = thrown.as_ref().map(|e| e.record.message.clone());
    if a.negate {
        return Ok(thrown.map(|_| {
            format!(
                "Expected no exception to be thrown,{b} but an exception \"{}\" was thrown {line_info}.",
                message.clone().unwrap_or_default()
            )
        }));
    }
    let mut filters = Vec::new();
    let mut buts = Vec::new();
    if let Some(t) = &a.exception_type {
        let wanted = type_name_of(t);
        filters.push(format!("type [{}]", type_text(&wanted)));
        if let Some(e) = &thrown {
            let actual_type = exception_type(e.record.error_id);
            if !exception_is(&actual_type, &wanted) {
                buts.push(format!(
                    "the exception type was [{}]",
                    type_text(&actual_type)
                ));
            }
        }
    }
    let expected_message = a
        .expected_message
        .clone()
        .or_else(|| a.expected.as_ref().map(to_str))
        .filter(|m| !m.trim().is_empty());
    if let Some(pattern) = &expected_message {
        filters.push(format!(
            "message like {}",
            nicely(&Value::from(super::format::unescape_wildcard(pattern)))
        ));
        if let Some(m) = &message
            && !cmp(
                it,
                CompareOp::Like,
                Case::Insensitive,
                &Value::from(m.as_str()),
                &Value::from(pattern.as_str()),
            )?
        {
            buts.push(format!(
                "the message was {}",
                nicely(&Value::from(m.as_str()))
            ));
        }
    }
    if let Some(id) = a.error_id.as_ref().filter(|i| !i.trim().is_empty()) {
        filters.push(format!(
            "FullyQualifiedErrorId {}",
            nicely(&Value::from(id.as_str()))
        ));
        if let Some(e) = &thrown {
            let fqid = fqid(e);
            if !cmp(
                it,
                CompareOp::Like,
                Case::Insensitive,
                &Value::from(fqid.as_str()),
                &Value::from(id.as_str()),
            )? {
                buts.push(format!(
                    "the FullyQualifiedErrorId was {}",
                    nicely(&Value::from(fqid))
                ));
            }
        }
    }
    if thrown.is_none() {
        buts.push("no exception was thrown".to_string());
    }
    if buts.is_empty() {
        return Ok(None);
    }
    let filter = join_and(&filters);
    let with = if filter.is_empty() {
        String::new()
    } else {
        format!(" with {filter}")
    };
    Ok(Some(
        format!(
            "Expected an exception{with} to be thrown,{b} but {}. {line_info}",
            join_and(&buts)
        )
        .trim()
        .to_string(),
    ))
}

/// `$_.FullyQualifiedErrorId` of an error.
fn fqid(e: &RuntimeError) -> String {
    e.fqid.clone().unwrap_or_else(|| match &e.command {
        Some(c) => format!("{},{c}", e.record.error_id),
        None => e.record.error_id.to_string(),
    })
}

/// `Get-ExceptionLineInfo`: where the error happened, as "from FILE:LINE char:COLUMN".
fn position(it: &Interp<'_>, e: &RuntimeError) -> String {
    let (Some(span), Some(src)) = (e.span, it.st.units.get(e.unit as usize)) else {
        return String::new();
    };
    let p = LineIndex::new(src).position(span.start);
    let file = it
        .st
        .module_state
        .as_ref()
        .and_then(|s| s.downcast_ref::<super::discovery::Discovery>())
        .and_then(|d| d.file_of(e.unit))
        .unwrap_or("<No file>");
    format!("from {file}:{} char:{}", p.line, p.column)
}

/// Pester's `Join-And`: "a", "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
