//! What the shell's console looks like: the `PS contoso.com> ` prompt, `WARNING:` lines in yellow and errors in
//! red when standard output is a terminal (plain text otherwise, or with `NO_COLOR`), and PowerShell's
//! confirmation prompt (`[Y] Yes  [A] Yes to All  [N] No  [L] No to All`) answered from a terminal.
//!
//! Formatting only: whether output is a terminal is decided by the caller, and rendering objects is the
//! evaluator's business.

use std::io::{BufRead, Write};

use crate::script::{ConfirmAnswer, ConfirmPrompt, Confirmer};

/// The prompt for a session on `tenant`.
pub fn prompt(tenant: &str) -> String {
    format!("PS {tenant}> ")
}

const YELLOW: &str = "\x1b[93m";
const RED: &str = "\x1b[91m";
const RESET: &str = "\x1b[0m";

/// Colours on or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// Colours only on a terminal, and not when `NO_COLOR` is set (non-empty) or `TERM` is `dumb`.
    pub fn for_output(is_terminal: bool, no_color: Option<&str>, term: Option<&str>) -> Style {
        Style {
            color: is_terminal && no_color.is_none_or(str::is_empty) && term != Some("dumb"),
        }
    }

    /// `WARNING: <text>`, yellow.
    pub fn warning(&self, text: &str) -> String {
        self.paint(YELLOW, &format!("WARNING: {text}"))
    }

    /// An error's text (already rendered, possibly several lines), red.
    pub fn error(&self, text: &str) -> String {
        self.paint(RED, text)
    }

    fn paint(&self, color: &str, text: &str) -> String {
        if self.color {
            format!("{color}{text}{RESET}")
        } else {
            text.to_string()
        }
    }
}

/// How many unreadable answers are tolerated before a prompt is taken as "No to All".
const MAX_TRIES: usize = 10;

/// PowerShell's confirmation prompt, asked on `output` and answered from `input` (the terminal).
pub struct PromptConfirmer<R, W> {
    input: R,
    output: W,
}

impl<R: BufRead, W: Write> PromptConfirmer<R, W> {
    pub fn new(input: R, output: W) -> PromptConfirmer<R, W> {
        PromptConfirmer { input, output }
    }

    fn ask(&mut self, prompt: &ConfirmPrompt<'_>) -> std::io::Result<ConfirmAnswer> {
        writeln!(
            self.output,
            "\nConfirm\n{}\n{}",
            prompt.query, prompt.message
        )?;
        for _ in 0..MAX_TRIES {
            write!(
                self.output,
                "[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [?] Help (default is \"Y\"): "
            )?;
            self.output.flush()?;
            let mut line = String::new();
            if self.input.read_line(&mut line)? == 0 {
                writeln!(self.output)?;
                return Ok(ConfirmAnswer::NoToAll);
            }
            match line.trim().to_ascii_lowercase().as_str() {
                "" | "y" | "yes" => return Ok(ConfirmAnswer::Yes),
                "a" => return Ok(ConfirmAnswer::YesToAll),
                "n" | "no" => return Ok(ConfirmAnswer::No),
                "l" => return Ok(ConfirmAnswer::NoToAll),
                _ => writeln!(
                    self.output,
                    "Y - Continue with only the next step of the operation.\nA - Continue with all the steps of the operation.\nN - Skip this operation and proceed with the next operation.\nL - Skip this operation and all subsequent operations."
                )?,
            }
        }
        Ok(ConfirmAnswer::NoToAll)
    }
}

impl<R: BufRead, W: Write> Confirmer for PromptConfirmer<R, W> {
    fn confirm(&mut self, prompt: &ConfirmPrompt<'_>) -> ConfirmAnswer {
        // A terminal that cannot be read or written cannot answer.
        self.ask(prompt).unwrap_or(ConfirmAnswer::Unavailable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_only_on_a_terminal_without_no_color() {
        let on = Style::for_output(true, None, Some("xterm"));
        assert_eq!(on.warning("w"), "\x1b[93mWARNING: w\x1b[0m");
        assert_eq!(on.error("e"), "\x1b[91me\x1b[0m");
        assert_eq!(
            Style::for_output(false, None, None).warning("w"),
            "WARNING: w"
        );
        assert!(!Style::for_output(true, Some("1"), None).color);
        assert!(Style::for_output(true, Some(""), None).color);
        assert!(!Style::for_output(true, None, Some("dumb")).color);
        assert_eq!(prompt("contoso.com"), "PS contoso.com> ");
    }

    #[test]
    fn the_confirmation_prompt_reads_powershells_answers() {
        let prompt = ConfirmPrompt {
            query: "Are you sure you want to perform this action?",
            message: "Removing mobile device \"x\".",
            explicit: true,
        };
        let answer = |typed: &str| {
            let mut out = Vec::new();
            let a = PromptConfirmer::new(typed.as_bytes(), &mut out).confirm(&prompt);
            (a, String::from_utf8(out).expect("utf-8"))
        };
        let (a, shown) = answer("\n");
        assert_eq!(a, ConfirmAnswer::Yes);
        assert_eq!(
            shown,
            "\nConfirm\nAre you sure you want to perform this action?\nRemoving mobile device \"x\".\n[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [?] Help (default is \"Y\"): "
        );
        assert_eq!(answer("A\n").0, ConfirmAnswer::YesToAll);
        assert_eq!(answer("n\n").0, ConfirmAnswer::No);
        assert_eq!(answer("l\n").0, ConfirmAnswer::NoToAll);
        let (a, shown) = answer("?\nmaybe\nn\n");
        assert_eq!(a, ConfirmAnswer::No);
        assert_eq!(shown.matches("Y - Continue").count(), 2);
        assert_eq!(answer("").0, ConfirmAnswer::NoToAll, "end of input");
        assert_eq!(answer(&"x\n".repeat(20)).0, ConfirmAnswer::NoToAll);
    }
}
