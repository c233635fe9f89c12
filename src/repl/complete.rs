//! Tab completion for the shell, as a pure function of the line, the cursor and what the session knows
//! (`Metadata`): command names where a command starts, parameter names after `-` for the command at the start of
//! the current pipeline segment, and variable names after `$` (also inside double-quoted strings).
//!
//! It reads the line with a small quote- and bracket-aware scan rather than the parser, because the line being
//! typed is usually not valid yet. It does not complete arguments (identities, enum values, paths).

use crate::admin::REGISTRY;
use crate::model::eq_ci;
use crate::script::Registry;
use crate::script::binder::common_parameters;
use crate::script::catalog::{self, COMMON_PARAMETERS, CommandKind};

/// One command the shell can run, with its parameter names (common parameters included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandMeta {
    pub name: String,
    pub parameters: Vec<String>,
}

/// What completion can offer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    pub commands: Vec<CommandMeta>,
    /// `(alias, command)`, e.g. `("select", "Select-Object")`: parameters of an alias are its command's.
    pub aliases: Vec<(String, String)>,
    /// Variable names without `$`.
    pub variables: Vec<String>,
}

impl Metadata {
    /// The Exchange cmdlets with their parameters and common parameters.
    pub fn exchange() -> Metadata {
        Metadata::of(&REGISTRY)
    }

    /// A host's commands (its `registry()`) with their parameters and common parameters.
    pub fn of(registry: &Registry) -> Metadata {
        let commands = registry
            .cmdlets
            .iter()
            .map(|c| CommandMeta {
                name: c.name.to_string(),
                parameters: c
                    .parameters
                    .iter()
                    .map(|p| p.name)
                    .chain(common_parameters(c))
                    .map(str::to_string)
                    .collect(),
            })
            .collect();
        Metadata {
            commands,
            ..Metadata::default()
        }
    }

    /// Everything a shell session can complete: the Exchange cmdlets, the shell's own cmdlets with their aliases
    /// (`select`, `?`, `ft` …), the session's functions and its variables.
    pub fn for_session(variables: Vec<String>, functions: Vec<String>) -> Metadata {
        Metadata::for_session_of(&REGISTRY, variables, functions)
    }

    /// The same for a host whose commands are `registry` (the in-process host adds the device simulator's).
    pub fn for_session_of(
        registry: &Registry,
        variables: Vec<String>,
        functions: Vec<String>,
    ) -> Metadata {
        let mut m = Metadata::of(registry);
        for c in catalog::commands(registry) {
            if c.kind == CommandKind::UtilityCmdlet {
                m.commands.push(CommandMeta {
                    name: c.name.to_string(),
                    parameters: c
                        .parameters
                        .iter()
                        .map(|p| p.name)
                        .chain(
                            COMMON_PARAMETERS
                                .iter()
                                .copied()
                                .filter(|p| !matches!(*p, "WhatIf" | "Confirm")),
                        )
                        .map(str::to_string)
                        .collect(),
                });
            }
            m.aliases.extend(
                c.aliases
                    .iter()
                    .map(|a| (a.to_string(), c.name.to_string())),
            );
        }
        m.commands
            .extend(functions.into_iter().map(|name| CommandMeta {
                name,
                parameters: Vec::new(),
            }));
        m.variables = variables;
        m
    }

    fn command(&self, name: &str) -> Option<&CommandMeta> {
        let name = self
            .aliases
            .iter()
            .find(|(a, _)| eq_ci(a, name))
            .map_or(name, |(_, c)| c.as_str());
        self.commands.iter().find(|c| eq_ci(&c.name, name))
    }
}

/// Candidates for the word that ends at the cursor: they replace `line[start..cursor]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completion {
    pub start: usize,
    pub candidates: Vec<String>,
}

/// Characters that end a word.
fn is_break(c: char) -> bool {
    c.is_whitespace() || matches!(c, '|' | ';' | '(' | ')' | '{' | '}' | ',' | '=' | '[' | ']')
}

/// Characters after which a new command starts.
fn starts_command(c: char) -> bool {
    matches!(c, '|' | ';' | '(' | '{' | '}' | '=' | '\n')
}

/// What the scan learnt about the text before the cursor.
struct Scan {
    /// Byte offset where the current pipeline segment starts.
    segment: usize,
    /// Inside a double-quoted string, from this byte offset (its opening quote).
    in_double: Option<usize>,
    /// Inside a single-quoted string or a comment: nothing completes there.
    in_literal: bool,
}

fn scan(text: &str) -> Scan {
    let mut s = Scan {
        segment: 0,
        in_double: None,
        in_literal: false,
    };
    let mut escaped = false;
    let mut in_comment = false;
    let mut previous = ' ';
    for (i, c) in text.char_indices() {
        let before = std::mem::replace(&mut previous, c);
        if escaped {
            escaped = false;
        } else if in_comment {
            if c == '\n' {
                in_comment = false;
                s.segment = i + 1;
            }
        } else if s.in_literal {
            s.in_literal = c != '\'';
        } else if s.in_double.is_some() {
            match c {
                '`' => escaped = true,
                '"' => s.in_double = None,
                _ => {}
            }
        } else {
            match c {
                '`' => escaped = true,
                '\'' => s.in_literal = true,
                '"' => s.in_double = Some(i),
                '#' if before.is_whitespace() || before == ';' => in_comment = true,
                c if starts_command(c) => s.segment = i + c.len_utf8(),
                _ => {}
            }
        }
    }
    s.in_literal |= in_comment;
    s
}

/// Completes the word before `cursor` (a byte offset into `line`; clamped to the line and to a char boundary).
pub fn complete(line: &str, cursor: usize, meta: &Metadata) -> Completion {
    let mut cursor = cursor.min(line.len());
    while !line.is_char_boundary(cursor) {
        cursor -= 1;
    }
    let before = &line[..cursor];
    let s = scan(before);
    if s.in_literal {
        return Completion::default();
    }
    if let Some(open) = s.in_double {
        // Inside "…": only `$name` completes.
        let inner = &before[open + 1..];
        let start = open + 1 + word_start(inner, |c| !is_variable_char(c) && c != '$');
        let word = &before[start..];
        return match word.strip_prefix('$') {
            Some(partial) if !partial.contains('$') => Completion {
                start,
                candidates: variables(meta, partial),
            },
            _ => Completion::default(),
        };
    }
    let start = word_start(before, is_break);
    let word = &before[start..];
    if let Some(partial) = word.strip_prefix('$') {
        return Completion {
            start,
            candidates: variables(meta, partial),
        };
    }
    let segment = &before[s.segment..start];
    let first_word = segment
        .trim_start()
        .trim_start_matches(['&', '.'])
        .trim_start();
    if first_word.is_empty() {
        if word.starts_with(['-', '\'', '"']) || word.starts_with(|c: char| c.is_ascii_digit()) {
            return Completion::default();
        }
        return Completion {
            start,
            candidates: commands(meta, word),
        };
    }
    if let Some(partial) = word.strip_prefix('-')
        && !partial.contains(':')
    {
        let name_end = first_word.find(is_break).unwrap_or(first_word.len());
        let Some(command) = meta.command(&first_word[..name_end]) else {
            return Completion::default();
        };
        let mut candidates: Vec<String> = command
            .parameters
            .iter()
            .filter(|p| starts_with_ci(p, partial))
            .map(|p| format!("-{p}"))
            .collect();
        candidates.dedup();
        return Completion { start, candidates };
    }
    Completion::default()
}

fn is_variable_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == ':'
}

/// The byte offset where the word ending at the end of `text` starts.
fn word_start(text: &str, is_break: impl Fn(char) -> bool) -> usize {
    text.char_indices()
        .rev()
        .find(|(_, c)| is_break(*c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

fn starts_with_ci(name: &str, prefix: &str) -> bool {
    name.len() >= prefix.len()
        && name.is_char_boundary(prefix.len())
        && eq_ci(&name[..prefix.len()], prefix)
}

fn commands(meta: &Metadata, partial: &str) -> Vec<String> {
    let mut names: Vec<String> = meta
        .commands
        .iter()
        .map(|c| c.name.as_str())
        .filter(|n| starts_with_ci(n, partial))
        .map(str::to_string)
        .collect();
    names.sort_by_key(|n| n.to_ascii_lowercase());
    names.dedup_by(|a, b| eq_ci(a, b));
    names
}

fn variables(meta: &Metadata, partial: &str) -> Vec<String> {
    let mut names: Vec<String> = meta
        .variables
        .iter()
        .filter(|v| starts_with_ci(v, partial))
        .map(|v| format!("${v}"))
        .collect();
    names.sort_by_key(|n| n.to_ascii_lowercase());
    names.dedup_by(|a, b| eq_ci(a, b));
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Metadata {
        let mut m = Metadata::exchange();
        m.commands.push(CommandMeta {
            name: "Select-Object".into(),
            parameters: vec!["Property".into(), "First".into(), "ExpandProperty".into()],
        });
        m.commands.push(CommandMeta {
            name: "Write-Host".into(),
            parameters: vec!["Object".into(), "ForegroundColor".into()],
        });
        m.aliases.push(("select".into(), "Select-Object".into()));
        m.variables = vec![
            "devices".into(),
            "DeviceCount".into(),
            "true".into(),
            "null".into(),
        ];
        m
    }

    /// Completes at the `^` in `line` (or at the end) and returns (replaced text, candidates).
    fn check(line: &str) -> (String, Vec<String>) {
        let (text, cursor) = match line.find('^') {
            Some(i) => (line.replacen('^', "", 1), i),
            None => (line.to_string(), line.len()),
        };
        let c = complete(&text, cursor, &meta());
        (text[c.start..cursor].to_string(), c.candidates)
    }

    #[test]
    fn command_names_complete_where_a_command_starts() {
        assert_eq!(
            check("get-mobiled"),
            (
                "get-mobiled".into(),
                vec![
                    "Get-MobileDevice".to_string(),
                    "Get-MobileDeviceMailboxPolicy".into(),
                    "Get-MobileDeviceStatistics".into()
                ]
            )
        );
        assert_eq!(check("Get-Mailbox | sel").1, ["Select-Object"]);
        assert_eq!(check("$x = get-casm").1, ["Get-CASMailbox"]);
        assert_eq!(check("foreach ($m in $x) { Write-H").1, ["Write-Host"]);
        assert_eq!(check("(Get-Mailb").1, ["Get-Mailbox"]);
        assert_eq!(check("  & Set-CAS").1, ["Set-CASMailbox"]);
        assert!(check("Get-Mailbox alice Get-M").1.is_empty(), "an argument");
        assert_eq!(check("").1.len(), meta().commands.len());
    }

    #[test]
    fn parameters_complete_for_the_command_of_the_current_segment() {
        assert_eq!(
            check("Get-MobileDevice -Res"),
            (
                "-Res".into(),
                vec!["-ResultSize".to_string(), "-RestApi".into()]
            )
        );
        assert_eq!(
            check("Get-Mailbox | Set-CASMailbox -ActiveSyncA"),
            (
                "-ActiveSyncA".into(),
                vec!["-ActiveSyncAllowedDeviceIDs".to_string()]
            )
        );
        assert_eq!(check("get-mailbox | select -f").1, ["-First"]);
        assert_eq!(check("Remove-MobileDevice -Identity x -wh").1, ["-WhatIf"]);
        assert!(check("Get-Mailbox -wh").1.is_empty(), "no -WhatIf on Get-");
        assert_eq!(check("Get-Mailbox -ErrorA").1, ["-ErrorAction"]);
        assert!(check("Get-Mailbox -Confirm:").1.is_empty());
        assert!(check("Nope-Thing -x").1.is_empty());
        // The cursor in the middle of the line completes the word before it.
        assert_eq!(
            check("Get-MobileDevice -Mail^ x | Get-Mailbox").1,
            ["-Mailbox"]
        );
        let all = check("Get-MobileDeviceStatistics -").1;
        assert!(all.contains(&"-Mailbox".to_string()) && all.contains(&"-Verbose".to_string()));
    }

    #[test]
    fn variables_complete_after_a_dollar_also_in_double_quotes() {
        assert_eq!(
            check("$dev"),
            (
                "$dev".into(),
                vec!["$DeviceCount".to_string(), "$devices".into()]
            )
        );
        assert_eq!(
            check("Write-Host $devices.Count $Dev").1,
            ["$DeviceCount", "$devices"]
        );
        assert_eq!(check("Write-Host \"Found $devices").1, ["$devices"]);
        assert_eq!(check("Write-Host \"Found $devices").0, "$devices");
        assert!(
            check("Write-Host 'no $dev").1.is_empty(),
            "single quotes are literal"
        );
        assert!(check("Get-Mailbox # comment $dev").1.is_empty());
        assert_eq!(
            check("Get-Mailbox # it's a comment\n$dev").1,
            ["$DeviceCount", "$devices"]
        );
        assert_eq!(
            check("Get-Mailbox # comment\nGet-CASM").1,
            ["Get-CASMailbox"]
        );
        assert_eq!(check("Get-Mailbox -Identity $t").1, ["$true"]);
    }

    #[test]
    fn a_session_completes_utility_cmdlets_aliases_functions_and_variables() {
        let m = Metadata::for_session(vec!["devices".into()], vec!["Pin-Device".into()]);
        let c = |line: &str| complete(line, line.len(), &m).candidates;
        assert_eq!(c("Where-Ob"), ["Where-Object"]);
        assert_eq!(c("Get-Mailbox | ? -Filter"), ["-FilterScript"]);
        assert!(c("Get-Mailbox | ft -").contains(&"-AutoSize".to_string()));
        assert!(!c("Get-Mailbox | ft -").contains(&"-WhatIf".to_string()));
        assert_eq!(c("Pin-D"), ["Pin-Device"]);
        assert_eq!(c("$dev"), ["$devices"]);
        assert_eq!(c("Get-MobileDeviceS"), ["Get-MobileDeviceStatistics"]);
    }

    #[test]
    fn odd_cursors_and_text_never_panic() {
        let m = meta();
        for line in [
            "",
            "é",
            "Get-Mailbox -Idé",
            "\"$",
            "'",
            "`",
            "$",
            "-",
            "|||",
            "{{{(",
            "é$é",
        ] {
            for cursor in 0..=line.len() + 2 {
                let c = complete(line, cursor, &m);
                // `start` is a char boundary at or before the (clamped) cursor.
                assert!(c.start <= line.len());
            }
        }
    }
}
