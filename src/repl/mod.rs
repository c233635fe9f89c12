//! The interactive shell's front end (`easim shell`): reading input in chunks with PowerShell's continuation
//! rules (`input`), a terminal line editor with history and Tab completion (`terminal`, over the pure `complete`),
//! and the console's look: prompt, colours, confirmation prompts (`console`).
//!
//! It runs nothing: the binary feeds each chunk to the evaluator's session with a `CmdletHost` (in-process or
//! `remote`). Imperative shell: the terminal does I/O; `complete` and `input::is_incomplete` are pure.

pub mod complete;
pub mod console;
pub mod input;
pub mod terminal;

pub use complete::{CommandMeta, Completion, Metadata, complete};
pub use console::{PromptConfirmer, Style, prompt};
pub use input::{Chunk, Line, LineSource, PipedInput, is_incomplete, read_chunk};
pub use terminal::{TerminalInput, default_history_path};
