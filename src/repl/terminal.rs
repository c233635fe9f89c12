//! The interactive line editor (rustyline): prompts, history (`$HOME/.easim_history` by default), Ctrl-C to drop
//! the line, Ctrl-D to leave, and Tab completion from `complete`. Used only when standard input is a terminal;
//! piped input goes through `input::PipedInput` and shows no prompts.
//!
//! Not here: deciding when input is complete (`input`), colours (`console`), running anything.

use std::io;
use std::path::{Path, PathBuf};

use rustyline::completion::Completer;
use rustyline::config::{CompletionType, Config};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::{DefaultHistory, History as _};
use rustyline::validate::Validator;
use rustyline::{Context, Editor, Helper};

use super::complete::{Metadata, complete};
use super::input::{Line, LineSource};

/// How many entries the history keeps.
const HISTORY_SIZE: usize = 2000;

/// The default history file: `$HOME/.easim_history` (`None` without a home directory).
pub fn default_history_path() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty())?;
    Some(Path::new(&home).join(".easim_history"))
}

/// Completion for rustyline, over the metadata the shell last gave it.
struct ShellHelper {
    metadata: Metadata,
}

impl Completer for ShellHelper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        let c = complete(line, pos, &self.metadata);
        Ok((c.start, c.candidates))
    }
}

impl Hinter for ShellHelper {
    type Hint = String;
}

impl Highlighter for ShellHelper {}

impl Validator for ShellHelper {}

impl Helper for ShellHelper {}

/// A terminal line editor with history and completion.
pub struct TerminalInput {
    editor: Editor<ShellHelper, DefaultHistory>,
    history: Option<PathBuf>,
}

impl TerminalInput {
    /// `history`: the file to load now and save with `save_history` (`None`: keep no history on disk).
    pub fn new(history: Option<PathBuf>, metadata: Metadata) -> io::Result<TerminalInput> {
        let config = Config::builder()
            .completion_type(CompletionType::List)
            .auto_add_history(false)
            .history_ignore_space(true)
            .max_history_size(HISTORY_SIZE)
            .and_then(|b| b.history_ignore_dups(true))
            .map_err(to_io)?
            .build();
        let mut editor = Editor::with_config(config).map_err(to_io)?;
        editor.set_helper(Some(ShellHelper { metadata }));
        if let Some(path) = &history
            && path.exists()
        {
            // A history file that cannot be read (another format, no permission) is not worth failing over.
            let _ = editor.load_history(path);
        }
        Ok(TerminalInput { editor, history })
    }

    /// What completion offers from now on (the session's variables change as commands run).
    pub fn set_metadata(&mut self, metadata: Metadata) {
        if let Some(h) = self.editor.helper_mut() {
            h.metadata = metadata;
        }
    }

    /// Remembers a chunk that was run (multi-line chunks as one entry).
    pub fn add_history(&mut self, chunk: &str) {
        if !chunk.trim().is_empty() {
            let _ = self.editor.add_history_entry(chunk);
        }
    }

    /// Writes the history file, if there is one.
    pub fn save_history(&mut self) -> io::Result<()> {
        match &self.history {
            Some(path) if !self.editor.history().is_empty() => {
                self.editor.save_history(path).map_err(to_io)
            }
            _ => Ok(()),
        }
    }
}

impl LineSource for TerminalInput {
    fn read_line(&mut self, prompt: &str) -> io::Result<Line> {
        match self.editor.readline(prompt) {
            Ok(line) => Ok(Line::Text(line)),
            Err(ReadlineError::Interrupted) => Ok(Line::Interrupted),
            Err(ReadlineError::Eof) => Ok(Line::Eof),
            Err(e) => Err(to_io(e)),
        }
    }
}

fn to_io(e: ReadlineError) -> io::Error {
    match e {
        ReadlineError::Io(e) => e,
        other => io::Error::other(other.to_string()),
    }
}
