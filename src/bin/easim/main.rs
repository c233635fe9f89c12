//! The `easim` command line: parses arguments, builds configuration and calls into the library.
//!
//! Each subcommand lives in its own file beside this one; none of them holds protocol or policy logic.

#![allow(clippy::print_stdout)]

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod decide;
mod explain;
mod serve;
mod tenant_source;

/// A simulated Exchange ActiveSync environment: mock EAS and Exchange admin endpoints over an in-memory
/// tenant of mailboxes and generated mobile devices.
#[derive(Parser)]
#[command(name = "easim", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decide every device's access (Allowed, Blocked, Quarantined …) and say which step decided.
    Decide(decide::DecideArgs),
    /// Show the step-by-step access decision for one device.
    Explain(explain::ExplainArgs),
    /// Serve the EAS endpoint and the admin endpoint over one tenant.
    Serve(serve::ServeArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Decide(args) => decide::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Serve(args) => serve::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
