//! How Pester writes values and reasons into its failure messages: `Format-Nicely` (`'text'`, `$null`, `$true`,
//! `@(1, 'a')`, `[int]`), `Format-Because`, and the string difference report of `Should -Be` with its excerpt
//! and arrow. Source: pester/Pester `rel/5.x.x`, `src/Format.ps1` and `src/functions/assertions/Be.ps1`
//! (`Get-CompareStringMessage`, `Format-AsExcerpt`, `Expand-SpecialCharacters`).

use crate::model::eq_ci;
use crate::script::eval::convert::{SCRIPT_BLOCK, format_double, to_str};
use crate::script::value::Value;

/// How many items of a collection Format-Collection shows before `...N more`.
const COLLECTION_LIMIT: usize = 10;

/// `Format-Nicely $value`.
pub(crate) fn nicely(v: &Value) -> String {
    match v {
        Value::Null => "$null".to_string(),
        Value::Bool(b) => if *b { "$true" } else { "$false" }.to_string(),
        Value::String(s) if s.is_empty() => "<empty>".to_string(),
        Value::String(s) => format!("'{s}'"),
        // `$Value.ToString('o')`: the round-trip form (the shell's dates are UTC).
        Value::DateTime(t) => {
            let c = t.civil();
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.0000000Z",
                c.year, c.month, c.day, c.hour, c.minute, c.second
            )
        }
        Value::Int(i) => i.to_string(),
        Value::Double(d) => format_double(*d),
        // A one-element array unrolls (`@(1) | Should -HaveCount 0` reports "size 1 1", HaveCount.Tests.ps1).
        Value::Array(items) if let Some(one) = items.unwrap_single() => nicely(&one),
        // An array holding itself is shown to `MAX_DEPTH` levels.
        Value::Array(items) => crate::script::value::nested("@(...)".to_string(), || {
            let items = items.to_vec();
            let shown: Vec<String> = items.iter().take(COLLECTION_LIMIT).map(nicely).collect();
            let more = if items.len() > COLLECTION_LIMIT {
                format!(", ...{} more", items.len() - COLLECTION_LIMIT)
            } else {
                String::new()
            };
            format!("@({}{more})", shown.join(", "))
        }),
        Value::Object(o) if o.type_name() == SCRIPT_BLOCK => {
            format!(
                "{{{}}}",
                o.get("Text").as_ref().map(to_str).unwrap_or_default()
            )
        }
        Value::Object(o) if o.type_name() == "System.RuntimeType" => {
            format!(
                "[{}]",
                type_text(&o.get("FullName").as_ref().map(to_str).unwrap_or_default())
            )
        }
        other => to_str(other),
    }
}

/// `[string]$type`: PowerShell writes a type by its accelerator where it has one (`[int]`, `[string]`), else by
/// its full name (`[System.ArgumentException]`), as Pester's BeOfType and Throw messages show.
pub(crate) fn type_text(full_name: &str) -> String {
    const ACCELERATORS: &[(&str, &str)] = &[
        ("System.Int32", "int"),
        ("System.Int64", "long"),
        ("System.String", "string"),
        ("System.Double", "double"),
        ("System.Decimal", "decimal"),
        ("System.Boolean", "bool"),
        ("System.Char", "char"),
        ("System.Byte", "byte"),
        ("System.DateTime", "datetime"),
        ("System.Guid", "guid"),
        ("System.TimeSpan", "timespan"),
        ("System.Collections.Hashtable", "hashtable"),
        ("System.Management.Automation.ScriptBlock", "scriptblock"),
        ("System.Management.Automation.PSObject", "psobject"),
        (
            "System.Management.Automation.PSCustomObject",
            "System.Management.Automation.PSObject",
        ),
    ];
    ACCELERATORS
        .iter()
        .find(|(full, _)| eq_ci(full, full_name))
        .map_or_else(|| full_name.to_string(), |(_, short)| (*short).to_string())
}

/// The .NET type of a value, as `$value.GetType()` names it.
pub(crate) fn type_of(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        other => Some(other.type_name().into_owned()),
    }
}

/// `Format-Because`: ` because REASON,` (a leading "because" in the reason is not doubled), or nothing.
pub(crate) fn because(reason: Option<&str>) -> String {
    let Some(reason) = reason.map(str::trim).filter(|r| !r.is_empty()) else {
        return String::new();
    };
    // `$bcs -replace 'because\s'`: every "because " (any case) goes.
    let mut cleaned = String::with_capacity(reason.len());
    let mut rest = reason;
    while let Some(at) = find_because(rest) {
        cleaned.push_str(&rest[..at]);
        rest = &rest[at + "because".len() + 1..];
    }
    cleaned.push_str(rest);
    format!(" because {cleaned},")
}

fn find_because(s: &str) -> Option<usize> {
    let lower = s.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("because") {
        let at = from + i;
        let next = s[at + "because".len()..].chars().next();
        if next.is_some_and(char::is_whitespace) && next.is_some_and(|c| c.len_utf8() == 1) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// How the string report lays out: the console width and the depth of the test (each level indents).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Layout {
    pub(crate) max_line_length: usize,
    pub(crate) context_length: usize,
    /// How many names the test's path has (its blocks and itself).
    pub(crate) path_len: usize,
}

impl Layout {
    pub(crate) fn for_width(width: usize, path_len: usize) -> Layout {
        Layout {
            max_line_length: width,
            // `$MaximumLineLength / 7`, then bound to an [int] parameter (banker's rounding).
            context_length: ((width as f64) / 7.0).round_ties_even() as usize,
            path_len,
        }
    }
}

/// `Get-CompareStringMessage`: the lines saying where two strings differ, or none when they do not.
pub(crate) fn compare_strings(
    expected: &str,
    actual: &str,
    case_sensitive: bool,
    reason: Option<&str>,
    layout: Layout,
) -> Vec<String> {
    let e: Vec<char> = expected.chars().collect();
    let a: Vec<char> = actual.chars().collect();
    let Some(index) = difference(&e, &a, case_sensitive) else {
        return Vec::new();
    };
    let mut lines = vec![format!(
        "Expected strings to be the same,{} but they were different.",
        because(reason)
    )];
    if e.len() != a.len() {
        lines.push(format!("Expected length: {}", e.len()));
        lines.push(format!("Actual length:   {}", a.len()));
    } else {
        lines.push(format!("String lengths are both {}.", e.len()));
    }
    lines.push(format!("Strings differ at index {index}."));
    let ex: Vec<char> = expand_special(expected).chars().collect();
    let ax: Vec<char> = expand_special(actual).chars().collect();
    let index = difference(&ex, &ax, case_sensitive).unwrap_or(index);
    let surround = "Expected: ''".len();
    let side = layout.path_len + 3;
    let available = layout
        .max_line_length
        .saturating_sub(surround)
        .saturating_sub(side);
    let (e_line, _) = excerpt(&ex, index, available, layout.context_length);
    let (a_line, a_index) = excerpt(&ax, index, available, layout.context_length);
    lines.push(format!("Expected: '{e_line}'"));
    lines.push(format!("But was:  '{a_line}'"));
    lines.push(format!(
        "{}{}^",
        " ".repeat(surround - 1),
        "-".repeat(a_index)
    ));
    lines
}

/// The first index where the strings differ (`-ne` on characters is case-insensitive unless `-cne`).
fn difference(e: &[char], a: &[char], case_sensitive: bool) -> Option<usize> {
    let max = e.len().max(a.len());
    (0..max).find(|&i| match (e.get(i), a.get(i)) {
        (Some(x), Some(y)) if case_sensitive => x != y,
        (Some(x), Some(y)) => !x.to_lowercase().eq(y.to_lowercase()),
        _ => true,
    })
}

/// `Expand-SpecialCharacters`: line breaks, tabs, NUL and backspace as `\n`, `\r`, `\t`, `\0`, `\b`.
fn expand_special(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            '\u{8}' => out.push_str("\\b"),
            other => out.push(other),
        }
    }
    out
}

/// `Format-AsExcerpt`: the part of `input` around `index` that fits `line_length`, with `...` where cut, and
/// the index of the difference in it.
fn excerpt(input: &[char], index: usize, line_length: usize, context: usize) -> (String, usize) {
    const MARKER: &str = "...";
    let marker = MARKER.len();
    let minimum = context + marker + 1 + marker + context;
    if line_length < minimum || input.len() <= line_length {
        return (input.iter().collect(), index);
    }
    let shift = index.saturating_sub(line_length - 1 - context - marker);
    let mut shifted: Vec<char> = input[shift.min(input.len())..].to_vec();
    if shifted.len() < input.len() {
        let mut cut: Vec<char> = MARKER.chars().collect();
        cut.extend_from_slice(&shifted[marker.min(shifted.len())..]);
        shifted = cut;
    }
    if shifted.len() > line_length {
        shifted.truncate(line_length - marker);
        shifted.extend(MARKER.chars());
    }
    (shifted.into_iter().collect(), index - shift)
}

/// `[WildcardPattern]::Unescape`: a backtick-escaped character stands for itself.
pub(crate) fn unescape_wildcard(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '`' => out.extend(chars.next()),
            other => out.push(other),
        }
    }
    out
}
