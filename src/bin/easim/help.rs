//! `--help` with example blocks exactly as written: clap re-wraps the text after the options to the terminal
//! width, which breaks quoted arguments across lines so they cannot be copied. Each subcommand's after-help
//! is therefore a one-word marker (`@verbatim:NAME@`, which wrapping leaves alone) that is replaced here, in
//! the rendered help, by the subcommand's text as written in its source.
//!
//! Nothing else about help is changed: options are still laid out (and wrapped) by clap.

use std::io::IsTerminal;

/// Each marker and the text it stands for.
const TEXTS: &[(&str, &str)] = &[
    ("@verbatim:decide@", crate::decide::AFTER_HELP),
    ("@verbatim:explain@", crate::explain::AFTER_HELP),
    ("@verbatim:gen@", crate::generate::AFTER_HELP),
    ("@verbatim:import@", crate::import::AFTER_HELP),
    ("@verbatim:load@", crate::load::AFTER_HELP),
    ("@verbatim:run@", crate::run::AFTER_HELP),
    ("@verbatim:serve@", crate::serve::AFTER_HELP),
    ("@verbatim:shell@", crate::shell::AFTER_HELP),
    ("@verbatim:test@", crate::test::AFTER_HELP),
    ("@verbatim:wbxml@", crate::wbxml::AFTER_HELP),
    ("@verbatim:whatif@", crate::whatif::AFTER_HELP),
];

/// The help text with every marker replaced by its verbatim text.
pub(crate) fn verbatim(rendered: &str) -> String {
    TEXTS
        .iter()
        .fold(rendered.to_string(), |text, (marker, with)| {
            text.replace(marker, with)
        })
}

/// Prints the help (or version) that clap rendered into `e`, examples verbatim, and says how to exit.
pub(crate) fn print(e: &clap::Error) -> std::process::ExitCode {
    let styled = e.render();
    let text = if std::io::stdout().is_terminal() {
        styled.ansi().to_string()
    } else {
        styled.to_string()
    };
    print!("{}", verbatim(&text));
    std::process::ExitCode::SUCCESS
}
