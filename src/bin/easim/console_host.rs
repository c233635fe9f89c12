//! `ConsoleHost`: the evaluator's `ShellHost` over the process's terminal and file system, shared by `easim run`
//! and `easim shell`: output, host text, warnings and verbose lines on stdout, errors on stderr, colours from
//! `easim::repl::Style` (only on a terminal, never with `NO_COLOR`), confirmation prompts asked on the terminal in
//! the interactive shell, files relative to `--cwd`.
//!
//! Nothing here decides what is printed; the evaluator renders, this only writes.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use easim::repl::{PromptConfirmer, Style};
use easim::script::cmdlet::{ConfirmAnswer, ConfirmPrompt, Confirmer, NonInteractive};
use easim::script::eval::{HostColors, ProgressRecord, ShellError, ShellHost, progress_line};

use crate::progress::Progress;

impl ConsoleHost {
    /// Colours decided from the environment: stdout a terminal, `NO_COLOR` unset, `TERM` not `dumb`.
    pub(crate) fn new(cwd: Option<PathBuf>, interactive: bool) -> ConsoleHost {
        ConsoleHost {
            cwd,
            style: Style::for_output(
                std::io::stdout().is_terminal(),
                std::env::var("NO_COLOR").ok().as_deref(),
                std::env::var("TERM").ok().as_deref(),
            ),
            interactive,
            progress: Progress::none(),
            progress_label: None,
            activities: Vec::new(),
            draws: None,
        }
    }
}

/// Prints to the terminal: output, host text, warnings and verbose lines on stdout, errors on stderr (with
/// colors when stdout is a terminal). Files resolve against the working directory.
pub(crate) struct ConsoleHost {
    /// Where relative paths start (`--cwd`); the process's working directory when `None`.
    pub(crate) cwd: Option<PathBuf>,
    /// Warnings yellow, errors red, Write-Host colours.
    pub(crate) style: Style,
    /// Confirmation prompts are asked on the terminal (`easim shell` on a TTY); otherwise they are answered as a
    /// non-interactive PowerShell does.
    pub(crate) interactive: bool,
    /// A progress line on stderr (`easim run` on a terminal), hidden while text is written.
    pub(crate) progress: Progress,
    /// What `progress` says when no `Write-Progress` activity is under way (`None`: there is no line then).
    pub(crate) progress_label: Option<String>,
    /// The script's `Write-Progress` activities under way, in the order they started.
    activities: Vec<ProgressRecord>,
    /// Whether progress is drawn at all (decided at the first record).
    draws: Option<bool>,
}

fn ansi(c: easim::script::eval::ConsoleColor, background: bool) -> String {
    use easim::script::eval::ConsoleColor as C;
    let code = match c {
        C::Black => 30,
        C::DarkRed => 31,
        C::DarkGreen => 32,
        C::DarkYellow => 33,
        C::DarkBlue => 34,
        C::DarkMagenta => 35,
        C::DarkCyan => 36,
        C::Gray => 37,
        C::DarkGray => 90,
        C::Red => 91,
        C::Green => 92,
        C::Yellow => 93,
        C::Blue => 94,
        C::Magenta => 95,
        C::Cyan => 96,
        C::White => 97,
    };
    format!("\x1b[{}m", if background { code + 10 } else { code })
}

impl ConsoleHost {
    fn stdout(&mut self, text: &str) {
        self.progress.suspend(|| {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
        });
    }

    /// A script's path on this machine: `\` separates directories (as PowerShell on Linux accepts), relative
    /// paths start at --cwd, and Windows drive letters are refused the way PowerShell on Linux refuses them.
    fn path(&self, p: &str) -> Result<PathBuf, String> {
        let bytes = p.as_bytes();
        if bytes.len() >= 2 && bytes[1] == b':' && bytes[0].is_ascii_alphabetic() {
            return Err(format!(
                "Cannot find drive. A drive with the name '{}' does not exist.",
                &p[..1]
            ));
        }
        let unix = p.replace('\\', "/");
        let p = Path::new(&unix);
        Ok(match &self.cwd {
            Some(dir) if p.is_relative() => dir.join(p),
            _ => p.to_path_buf(),
        })
    }
}

impl ShellHost for ConsoleHost {
    fn write_output(&mut self, text: &str) {
        self.stdout(text);
    }

    /// The activities on the progress line (stderr, only when it is a terminal and not `--quiet`: `Progress`
    /// draws nothing otherwise, so redirected output holds no progress); `-Completed` ends an activity and those
    /// under it. When none is left the line says what it said before, or goes.
    fn write_progress(&mut self, record: &ProgressRecord) {
        // Redirected (or --quiet): nothing is drawn, so nothing is kept (a tight loop of calls costs nothing).
        if !*self.draws.get_or_insert_with(crate::progress::enabled) {
            return;
        }
        if record.completed {
            let mut gone = vec![record.id];
            while let Some(id) = gone.pop() {
                self.activities.retain(|a| a.id != id);
                gone.extend(
                    self.activities
                        .iter()
                        .filter(|a| a.parent_id == id)
                        .map(|a| a.id),
                );
            }
        } else if let Some(a) = self.activities.iter_mut().find(|a| a.id == record.id) {
            *a = record.clone();
        } else {
            self.activities.push(record.clone());
        }
        match (self.activities.is_empty(), &self.progress_label) {
            (false, _) if self.progress.is_active() => {
                self.progress.set_message(progress_line(&self.activities))
            }
            (false, _) => self.progress = Progress::spinner(progress_line(&self.activities)),
            (true, Some(label)) => self.progress.set_message(label.clone()),
            (true, None) => self.progress = Progress::none(),
        }
    }

    fn write_host(&mut self, text: &str, colors: HostColors) {
        if self.style.color && (colors.foreground.is_some() || colors.background.is_some()) {
            let body = text.trim_end_matches('\n');
            let mut s = String::new();
            if let Some(f) = colors.foreground {
                s.push_str(&ansi(f, false));
            }
            if let Some(b) = colors.background {
                s.push_str(&ansi(b, true));
            }
            s.push_str(body);
            s.push_str("\x1b[0m");
            s.push_str(&text[body.len()..]);
            self.stdout(&s);
        } else {
            self.stdout(text);
        }
    }

    fn write_warning(&mut self, message: &str) {
        let text = format!("{}\n", self.style.warning(message));
        self.stdout(&text);
    }

    fn write_error(&mut self, error: &ShellError) {
        let _ = std::io::stdout().lock().flush();
        let text = if std::io::stderr().is_terminal() {
            format!("{}\n\n", self.style.error(&error.rendered))
        } else {
            format!("{}\n\n", error.rendered)
        };
        self.progress.suspend(|| {
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(text.as_bytes());
            let _ = err.flush();
        });
    }

    fn write_verbose(&mut self, message: &str) {
        self.stdout(&format!("VERBOSE: {message}\n"));
    }

    fn write_information(&mut self, text: &str) {
        self.stdout(&format!("{text}\n"));
    }

    fn confirm(&mut self, prompt: &ConfirmPrompt<'_>) -> ConfirmAnswer {
        if self.interactive {
            let _ = std::io::stdout().lock().flush();
            PromptConfirmer::new(std::io::stdin().lock(), std::io::stdout()).confirm(prompt)
        } else {
            NonInteractive.confirm(prompt)
        }
    }

    fn read_file(&mut self, path: &str) -> Result<String, String> {
        let full = self.path(path)?;
        std::fs::read_to_string(&full).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("Could not find file '{}'.", full.display()),
            _ => format!("Cannot read '{}': {e}", full.display()),
        })
    }

    fn write_file(&mut self, path: &str, contents: &str, append: bool) -> Result<(), String> {
        let full = self.path(path)?;
        let result = if append {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&full)
                .and_then(|mut f| f.write_all(contents.as_bytes()))
        } else {
            std::fs::write(&full, contents)
        };
        result.map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                format!("Could not find a part of the path '{}'.", full.display())
            }
            _ => format!("Cannot write '{}': {e}", full.display()),
        })
    }
}
