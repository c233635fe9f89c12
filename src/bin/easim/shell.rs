//! `easim shell`: the interactive admin shell — `PS contoso.com> ` prompt, history, Tab completion, `>> `
//! continuation — over an in-process tenant (`--tenant`, `--profile`) or a running `easim serve` (`--connect`).
//! Each entered chunk runs in one persistent evaluator `Session`, so variables and functions carry over. When
//! standard input is not a terminal it reads commands from it line by line (same continuation rules) and prints no
//! prompts, so sessions can be scripted and tested.
//!
//! Only the wiring: the line editor, completion and console look are `easim::repl`, the language is
//! `easim::script::eval`, the cmdlets' hosts are `easim::sim::SimHost` (in-process, with the device simulator's
//! cmdlets) and `easim::remote::RemoteHost`.

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;
use clap::Args;
use easim::durable::JournalingHost;
use easim::model::Timestamp;
use easim::repl::{
    Chunk, Line, LineSource, Metadata, PipedInput, TerminalInput, default_history_path, prompt,
    read_chunk,
};
use easim::script::culture::{self, Culture};
use easim::script::{CmdletHost, RunOutcome, Session, SessionOptions};
use easim::sim::SimHost;

use crate::connect::{AnyHost, ConnectArgs};
use crate::console_host::ConsoleHost;
use crate::culture_arg::parse_culture;
use crate::state_dir::{self, StateArgs};
use crate::tenant_source::{TenantArgs, clock_now, parse_now};

/// `--help`'s text after the options, printed verbatim (see `help.rs`).
pub(crate) const AFTER_HELP: &str = "\
Examples:
  easim shell --profile small
  easim shell --tenant tenant.json --no-history
  easim shell --state ./state                   every change kept in ./state (also after a crash)
  easim shell --connect http://127.0.0.1:8081 --token $TOKEN
  easim shell --profile small --culture en-GB   dates as 24/08/2018 17:30:53 ($PSCulture en-GB)
  printf 'Get-Mailbox -ResultSize 2\\nexit\\n' | easim shell --profile small

Keys: Tab completes cmdlet, parameter and variable names; Ctrl-C drops the line (or stops the running
command); Ctrl-D or `exit` leaves. History: $HOME/.easim_history (--no-history keeps none).";

#[derive(Args, Debug)]
#[command(after_help = "@verbatim:shell@")]
pub(crate) struct ShellArgs {
    #[command(flatten)]
    tenant: TenantArgs,
    #[command(flatten)]
    connect: ConnectArgs,
    #[command(flatten)]
    state: StateArgs,
    /// Keep no history file (default: $HOME/.easim_history).
    #[arg(long)]
    no_history: bool,
    /// The session's clock (ISO 8601), fixed for reproducible output; defaults to the real time.
    #[arg(long, value_parser = parse_now)]
    now: Option<Timestamp>,
    /// Console width for tables and lists (default: $COLUMNS, else 120).
    #[arg(long)]
    width: Option<usize>,
    /// The culture dates and numbers print in ($PSCulture): en-US (default), en-GB, de-DE or fr-FR; with
    /// --connect too (the shell formats what the server sends).
    #[arg(long, value_name = "NAME", value_parser = parse_culture)]
    culture: Option<&'static Culture>,
}

/// How the session was started.
struct Settings {
    tenant_name: String,
    history: Option<PathBuf>,
    fixed_now: bool,
    width: usize,
    culture: &'static Culture,
}

pub(crate) fn run(args: ShellArgs) -> anyhow::Result<()> {
    let now = args.now.unwrap_or_else(clock_now);
    let width = args
        .width
        .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
        .unwrap_or(120)
        .clamp(20, 10_000);
    let mut settings = Settings {
        tenant_name: String::new(),
        history: (!args.no_history).then(default_history_path).flatten(),
        fixed_now: args.now.is_some(),
        width,
        culture: args.culture.unwrap_or(&culture::EN_US),
    };
    if args.connect.connect.is_some() && args.state.state.is_some() {
        anyhow::bail!(
            "--state keeps an in-process tenant; with --connect the server keeps the state (start it with easim serve --state DIR)"
        );
    }
    let code = match args.connect.host(now)? {
        Some(remote) => {
            settings.tenant_name = remote.tenant().unwrap_or("easim").to_string();
            in_big_stack(AnyHost::Remote(Box::new(remote)), &settings)?
        }
        None => match &args.state.state {
            None => {
                let tenant = args.tenant.load(now)?;
                settings.tenant_name = tenant.domain().to_string();
                in_big_stack(
                    AnyHost::Local(Box::new(SimHost::new(tenant, now))),
                    &settings,
                )?
            }
            Some(dir) => {
                // Every Exchange cmdlet's change is committed to the journal before the shell goes on; the next
                // start replays it (and then writes a fresh snapshot).
                let opened =
                    state_dir::open(dir, &args.state, &args.tenant, now, args.now.is_some())?;
                eprintln!("easim shell: {}", opened.source);
                settings.tenant_name = opened.state.tenant.domain().to_string();
                let s = opened.state;
                let mut sim = SimHost::with_seed(s.tenant, s.mail_epoch, s.seed);
                sim.set_now(now);
                let host =
                    JournalingHost::new(sim, std::sync::Arc::new(opened.durable), "Administrator");
                in_big_stack(AnyHost::Journaling(Box::new(host)), &settings)?
            }
        },
    };
    if code != 0 {
        std::process::exit(code);
    }
    Ok(())
}

/// Runs the session on a thread with room for deeply nested scripts (as `easim run` does).
fn in_big_stack(host: AnyHost, settings: &Settings) -> anyhow::Result<i32> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("easim-shell".into())
            .stack_size(256 * 1024 * 1024)
            .spawn_scoped(scope, move || session(host, settings))
            .context("cannot start the shell thread")?
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the shell stopped unexpectedly")))
    })
}

/// Where the session's lines come from.
enum Input {
    Terminal(Box<TerminalInput>),
    Piped(PipedInput<io::StdinLock<'static>>),
}

impl LineSource for Input {
    fn read_line(&mut self, prompt: &str) -> io::Result<Line> {
        match self {
            Input::Terminal(t) => t.read_line(prompt),
            Input::Piped(p) => p.read_line(prompt),
        }
    }
}

/// Reads and runs chunks until `exit` or the end of input; returns the exit code.
fn session(mut host: AnyHost, settings: &Settings) -> anyhow::Result<i32> {
    let interactive = io::stdin().is_terminal();
    let mut session = Session::new(SessionOptions {
        width: settings.width,
        culture: settings.culture,
        ..SessionOptions::default()
    });
    let interrupt = session.interrupt_handle();
    if let AnyHost::Remote(remote) = &mut host {
        remote.set_interrupt(interrupt.clone());
    }
    let mut out = ConsoleHost::new(None, interactive);
    let mut input = if interactive {
        stop_on_ctrl_c(interrupt.clone());
        let terminal = TerminalInput::new(settings.history.clone(), Metadata::of(host.registry()))
            .context("cannot start the line editor")?;
        Input::Terminal(Box::new(terminal))
    } else {
        Input::Piped(PipedInput::new(io::stdin().lock()))
    };
    let shown = if interactive {
        prompt(&settings.tenant_name)
    } else {
        String::new()
    };
    let mut code = 0;
    loop {
        if let Input::Terminal(t) = &mut input {
            t.set_metadata(Metadata::for_session_of(
                host.registry(),
                session.variable_names(),
                session.function_names(),
            ));
        }
        let chunk = match read_chunk(&mut input, &shown).context("cannot read input")? {
            Chunk::Eof => break,
            Chunk::Cancelled => continue,
            Chunk::Code(c) => c,
        };
        if chunk.trim().is_empty() {
            continue;
        }
        if let Input::Terminal(t) = &mut input {
            t.add_history(&chunk);
        }
        if !settings.fixed_now {
            host.set_now(clock_now());
        }
        interrupt.store(false, Ordering::Relaxed);
        if let RunOutcome::Exited(n) = session.run(&chunk, &mut host, &mut out) {
            code = n;
            break;
        }
    }
    if let Input::Terminal(t) = &mut input
        && let Err(e) = t.save_history()
    {
        eprintln!("easim shell: the history could not be saved: {e}");
    }
    Ok(code)
}

/// Ctrl-C while a command runs sets the session's interrupt flag (it stops at the next statement or record, and a
/// remote listing before its next page) instead of ending the shell. At the prompt the line editor reads Ctrl-C
/// as a key and drops the line. Only for a terminal: piped sessions keep the default (Ctrl-C ends them).
fn stop_on_ctrl_c(flag: Arc<AtomicBool>) {
    let spawned = std::thread::Builder::new()
        .name("easim-ctrl-c".into())
        .spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async {
                while tokio::signal::ctrl_c().await.is_ok() {
                    flag.store(true, Ordering::Relaxed);
                }
            });
        });
    if let Err(e) = spawned {
        eprintln!("easim shell: Ctrl-C will end the shell instead of the command ({e})");
    }
}
