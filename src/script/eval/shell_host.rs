//! `ShellHost`: where a session's output goes and where its prompts and files come from. The evaluator never
//! prints or touches the file system itself; `easim run` implements this over stdout/stderr and the real file
//! system, the interactive shell over its terminal, and tests use `StringHost`, which keeps everything as text
//! and files in memory.
//!
//! Each call carries complete text: output and host lines end with `\n` (unless `Write-Host -NoNewline`),
//! warnings, verbose and information messages come without their `WARNING: ` / `VERBOSE: ` prefixes or line
//! breaks, and errors come rendered as PowerShell shows them.

use std::collections::BTreeMap;

use crate::script::cmdlet::{ConfirmAnswer, ConfirmPrompt, Confirmer, NonInteractive};
use crate::script::error::ErrorRecord;

/// PowerShell's `ConsoleColor`, for `Write-Host -ForegroundColor/-BackgroundColor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsoleColor {
    Black,
    DarkBlue,
    DarkGreen,
    DarkCyan,
    DarkRed,
    DarkMagenta,
    DarkYellow,
    Gray,
    DarkGray,
    Blue,
    Green,
    Cyan,
    Red,
    Magenta,
    Yellow,
    White,
}

impl ConsoleColor {
    pub const ALL: [ConsoleColor; 16] = [
        ConsoleColor::Black,
        ConsoleColor::DarkBlue,
        ConsoleColor::DarkGreen,
        ConsoleColor::DarkCyan,
        ConsoleColor::DarkRed,
        ConsoleColor::DarkMagenta,
        ConsoleColor::DarkYellow,
        ConsoleColor::Gray,
        ConsoleColor::DarkGray,
        ConsoleColor::Blue,
        ConsoleColor::Green,
        ConsoleColor::Cyan,
        ConsoleColor::Red,
        ConsoleColor::Magenta,
        ConsoleColor::Yellow,
        ConsoleColor::White,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ConsoleColor::Black => "Black",
            ConsoleColor::DarkBlue => "DarkBlue",
            ConsoleColor::DarkGreen => "DarkGreen",
            ConsoleColor::DarkCyan => "DarkCyan",
            ConsoleColor::DarkRed => "DarkRed",
            ConsoleColor::DarkMagenta => "DarkMagenta",
            ConsoleColor::DarkYellow => "DarkYellow",
            ConsoleColor::Gray => "Gray",
            ConsoleColor::DarkGray => "DarkGray",
            ConsoleColor::Blue => "Blue",
            ConsoleColor::Green => "Green",
            ConsoleColor::Cyan => "Cyan",
            ConsoleColor::Red => "Red",
            ConsoleColor::Magenta => "Magenta",
            ConsoleColor::Yellow => "Yellow",
            ConsoleColor::White => "White",
        }
    }

    /// The color called `name` (case-insensitive), as `-ForegroundColor` binds it.
    pub fn parse(name: &str) -> Option<ConsoleColor> {
        ConsoleColor::ALL
            .iter()
            .copied()
            .find(|c| c.name().eq_ignore_ascii_case(name.trim()))
    }
}

/// The colors of one Write-Host call (`None`: the console's own).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HostColors {
    pub foreground: Option<ConsoleColor>,
    pub background: Option<ConsoleColor>,
}

/// An error on its way to the user: the record, where it happened, and the text PowerShell shows for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellError {
    pub record: ErrorRecord,
    /// The command that wrote or raised it (`Set-CASMailbox`), if any.
    pub command: Option<String>,
    /// The 1-based line and column of the failing command or expression, if known.
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// The whole error as PowerShell 5.1 prints it: `Cmdlet : message`, `At line:L char:C`, the source line with
    /// a `~` marker, `CategoryInfo` and `FullyQualifiedErrorId` (lines joined with `\n`, no final newline).
    pub rendered: String,
}

/// One `Write-Progress` call (PowerShell's `System.Management.Automation.ProgressRecord`: ActivityId, ParentActivityId,
/// Activity, StatusDescription, PercentComplete, SecondsRemaining, CurrentOperation, RecordType Completed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgressRecord {
    pub id: i32,
    /// `-1`: a top-level activity.
    pub parent_id: i32,
    pub activity: String,
    pub status: String,
    /// `-1`: no percentage.
    pub percent_complete: i32,
    /// `-1`: not given.
    pub seconds_remaining: i32,
    pub current_operation: String,
    /// `-Completed`: the activity (and those under it) is over.
    pub completed: bool,
}

/// The active activities as one line for a terminal's status line, each nested activity after its parent's
/// (`Activity: Status [ooooo     ] 45% 12 s left CurrentOperation › Child: …`). The bar is filled with `o` as
/// Windows PowerShell 5.1's console host fills it; the one-line layout is PowerShell 7's `Minimal` progress view
/// (`$PSStyle.Progress.View`), which fits a status line. `records` is in the order the activities started.
pub fn progress_line(records: &[ProgressRecord]) -> String {
    fn depth(records: &[ProgressRecord], r: &ProgressRecord) -> usize {
        let mut d = 0;
        let mut parent = r.parent_id;
        while parent >= 0 && d < records.len() {
            match records.iter().find(|p| p.id == parent) {
                Some(p) => {
                    d += 1;
                    parent = p.parent_id;
                }
                None => break,
            }
        }
        d
    }
    let mut ordered: Vec<&ProgressRecord> = records.iter().collect();
    ordered.sort_by_key(|r| depth(records, r));
    ordered
        .iter()
        .map(|r| {
            let mut part = r.activity.clone();
            if !r.status.is_empty() {
                part.push_str(": ");
                part.push_str(&r.status);
            }
            if (0..=100).contains(&r.percent_complete) {
                const WIDTH: usize = 20;
                let filled = r.percent_complete as usize * WIDTH / 100;
                part.push_str(&format!(
                    " [{}{}] {}%",
                    "o".repeat(filled),
                    " ".repeat(WIDTH - filled),
                    r.percent_complete
                ));
            }
            if r.seconds_remaining >= 0 {
                part.push_str(&format!(" {} s left", r.seconds_remaining));
            }
            if !r.current_operation.is_empty() {
                part.push(' ');
                part.push_str(&r.current_operation);
            }
            part
        })
        .collect::<Vec<_>>()
        .join(" › ")
}

/// The output side of a shell session.
pub trait ShellHost {
    /// Formatted pipeline output (tables, lists, strings), one or more complete lines.
    fn write_output(&mut self, text: &str);
    /// `Write-Host` text (ends with `\n` unless `-NoNewline` was given).
    fn write_host(&mut self, text: &str, colors: HostColors);
    /// A warning, without the `WARNING: ` prefix.
    fn write_warning(&mut self, message: &str);
    /// A terminating or non-terminating error.
    fn write_error(&mut self, error: &ShellError);
    /// A verbose message (only written when `-Verbose` or `$VerbosePreference` asks), without `VERBOSE: `.
    fn write_verbose(&mut self, message: &str);
    /// Informational host text such as cmdlets' `What if: …` lines.
    fn write_information(&mut self, text: &str);

    /// A `Write-Progress` record. A console shows it on the terminal, never in the output; the default ignores it
    /// (output redirected or kept as text shows no progress, as PowerShell's redirected streams do not).
    fn write_progress(&mut self, record: &ProgressRecord) {
        let _ = record;
    }

    /// Answers a confirmation prompt (`-Confirm`, high-impact cmdlets). The default cannot ask anybody: it
    /// answers impact-raised prompts Yes and fails an explicit `-Confirm`, like a non-interactive PowerShell.
    fn confirm(&mut self, prompt: &ConfirmPrompt<'_>) -> ConfirmAnswer {
        NonInteractive.confirm(prompt)
    }

    /// Reads a whole text file (`Import-Csv`, `Get-Content`); the error text is shown to the user.
    fn read_file(&mut self, path: &str) -> Result<String, String> {
        Err(format!(
            "Cannot read '{path}': this host has no file system."
        ))
    }

    /// Writes (or appends to) a text file (`Export-Csv`, `Out-File`).
    fn write_file(&mut self, path: &str, contents: &str, append: bool) -> Result<(), String> {
        let _ = (contents, append);
        Err(format!(
            "Cannot write '{path}': this host has no file system."
        ))
    }
}

/// Lets cmdlets ask the shell host to confirm.
pub(crate) struct HostConfirmer<'a>(pub(crate) &'a mut dyn ShellHost);

impl Confirmer for HostConfirmer<'_> {
    fn confirm(&mut self, prompt: &ConfirmPrompt<'_>) -> ConfirmAnswer {
        self.0.confirm(prompt)
    }
}

/// A host that keeps everything as text, in the order written, as a console would show it; files live in
/// memory. For tests and for callers that want the output as a string.
#[derive(Clone, Debug, Default)]
pub struct StringHost {
    /// Everything written, interleaved as on a console (errors and warnings included).
    pub text: String,
    /// Only the error blocks, each followed by a blank line.
    pub errors: String,
    /// Files written by Export-Csv / Out-File (and readable by Import-Csv), by the path as given.
    pub files: BTreeMap<String, String>,
    /// The `Write-Progress` records, in order (never part of `text`).
    pub progress: Vec<ProgressRecord>,
}

impl StringHost {
    pub fn new() -> StringHost {
        StringHost::default()
    }
}

impl ShellHost for StringHost {
    fn write_output(&mut self, text: &str) {
        self.text.push_str(text);
    }

    fn write_progress(&mut self, record: &ProgressRecord) {
        self.progress.push(record.clone());
    }

    fn write_host(&mut self, text: &str, _colors: HostColors) {
        self.text.push_str(text);
    }

    fn write_warning(&mut self, message: &str) {
        self.text.push_str("WARNING: ");
        self.text.push_str(message);
        self.text.push('\n');
    }

    fn write_error(&mut self, error: &ShellError) {
        self.text.push_str(&error.rendered);
        self.text.push_str("\n\n");
        self.errors.push_str(&error.rendered);
        self.errors.push_str("\n\n");
    }

    fn write_verbose(&mut self, message: &str) {
        self.text.push_str("VERBOSE: ");
        self.text.push_str(message);
        self.text.push('\n');
    }

    fn write_information(&mut self, text: &str) {
        self.text.push_str(text);
        self.text.push('\n');
    }

    fn read_file(&mut self, path: &str) -> Result<String, String> {
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| format!("Could not find file '{path}'."))
    }

    fn write_file(&mut self, path: &str, contents: &str, append: bool) -> Result<(), String> {
        let entry = self.files.entry(path.to_string()).or_default();
        if !append {
            entry.clear();
        }
        entry.push_str(contents);
        Ok(())
    }
}
