//! The `easim` command line: parses arguments, builds configuration and calls into the library.
//!
//! Each subcommand lives in its own file beside this one; none of them holds protocol or policy logic.

#![allow(clippy::print_stdout)]

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod admin_load;
mod connect;
mod console_host;
mod culture_arg;
mod decide;
mod explain;
mod generate;
mod help;
mod import;
mod load;
mod progress;
mod run;
mod serve;
mod shell;
mod state_dir;
mod tenant_source;
mod test;
mod throttle;
mod wbxml;
mod whatif;

/// A simulated Exchange ActiveSync environment: mock EAS and Exchange admin endpoints over an in-memory
/// tenant of mailboxes and generated mobile devices.
#[derive(Parser)]
#[command(name = "easim", version, about, long_about = None, propagate_version = true)]
struct Cli {
    /// No progress display on stderr (it is only drawn on a terminal anyway).
    #[arg(long, short = 'q', global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decide every device's access (Allowed, Blocked, Quarantined …) and say which step decided.
    Decide(decide::DecideArgs),
    /// Show the step-by-step access decision for one device.
    Explain(explain::ExplainArgs),
    /// Generate a tenant fixture (mailboxes and device partnerships) from a profile, seeded and deterministic.
    Gen(generate::GenArgs),
    /// Turn admins' Export-Csv / ConvertTo-Json exports of a real tenant into a tenant fixture (optionally pseudonymised).
    Import(import::ImportArgs),
    /// Load a running `easim serve` with a bounded fleet of simulated devices (loopback only).
    Load(load::LoadArgs),
    /// Run a PowerShell script (the admin shell's subset) against a tenant, as the Exchange Management Shell would.
    Run(run::RunArgs),
    /// Serve the mock EAS endpoint and admin endpoint over a tenant (the built-in default one without options).
    Serve(serve::ServeArgs),
    /// The interactive admin shell (PowerShell's Exchange cmdlets) over a tenant or a running `easim serve`.
    Shell(shell::ShellArgs),
    /// Run Pester 5 *.Tests.ps1 files against simulated tenants (JUnit/NUnit XML for CI).
    Test(test::TestArgs),
    /// Decode, encode and dump EAS WBXML bodies.
    Wbxml(wbxml::WbxmlArgs),
    /// Run a change script on a copy of the tenant and show every device whose access would change, and why.
    Whatif(whatif::WhatifArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelp => return help::print(&e),
        Err(e) => e.exit(),
    };
    progress::set_quiet(cli.quiet);
    let result = match cli.command {
        Command::Decide(args) => decide::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Gen(args) => generate::run(args),
        Command::Import(args) => match import::run(args) {
            Ok(code) => return ExitCode::from(code),
            Err(e) => Err(e),
        },
        Command::Load(args) => match load::run(args) {
            Ok(code) => return ExitCode::from(code),
            Err(e) => Err(e),
        },
        Command::Run(args) => match run::run(args) {
            Ok(code) => return ExitCode::from(code),
            Err(e) => Err(e),
        },
        Command::Serve(args) => serve::run(args),
        Command::Shell(args) => shell::run(args),
        Command::Test(args) => match test::run(args) {
            Ok(code) => return ExitCode::from(code),
            Err(e) => Err(e),
        },
        Command::Wbxml(args) => wbxml::run(args),
        Command::Whatif(args) => match whatif::run(args) {
            Ok(code) => return ExitCode::from(code),
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
