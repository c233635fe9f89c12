//! Progress for work that can take more than a second (generating a large tenant, deciding every device, a
//! long script, a load run): an `indicatif` spinner or bar on stderr, drawn only when stderr is a terminal and
//! `--quiet` was not given, cleared when the work is done so it never ends up in a log or a pipe.
//!
//! Only presentation: nothing here decides what a command does or prints on stdout.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

static QUIET: AtomicBool = AtomicBool::new(false);

/// `--quiet`: no progress at all.
pub(crate) fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Whether progress is drawn: stderr is a terminal and `--quiet` is off.
pub(crate) fn enabled() -> bool {
    !QUIET.load(Ordering::Relaxed) && std::io::stderr().is_terminal()
}

/// A spinner or bar on stderr, or nothing (every method is then a no-op).
pub(crate) struct Progress(Option<ProgressBar>);

impl Progress {
    /// No progress.
    pub(crate) fn none() -> Progress {
        Progress(None)
    }

    /// A spinner with a message and the time spent, for work of unknown length.
    pub(crate) fn spinner(message: impl Into<String>) -> Progress {
        if !enabled() {
            return Progress::none();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .expect("the spinner template is valid"),
        );
        bar.set_message(message.into());
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress(Some(bar))
    }

    /// A bar counting `len` items (`what`: "devices", "s" …), with rate and time left.
    pub(crate) fn bar(len: u64, message: impl Into<String>) -> Progress {
        if !enabled() {
            return Progress::none();
        }
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{msg} [{bar:30}] {human_pos}/{human_len} ({elapsed}, {eta} left)",
            )
            .expect("the bar template is valid")
            .progress_chars("=> "),
        );
        bar.set_message(message.into());
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress(Some(bar))
    }

    /// Whether anything is drawn.
    pub(crate) fn is_active(&self) -> bool {
        self.0.is_some()
    }

    /// Sets a bar's position.
    pub(crate) fn set_position(&self, pos: u64) {
        if let Some(bar) = &self.0 {
            bar.set_position(pos);
        }
    }

    /// Changes the message beside the spinner or bar.
    pub(crate) fn set_message(&self, message: impl Into<String>) {
        if let Some(bar) = &self.0 {
            bar.set_message(message.into());
        }
    }

    /// Runs `f` with the progress line hidden, so text written to the terminal does not mix with it.
    pub(crate) fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.0 {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Removes the progress line.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
