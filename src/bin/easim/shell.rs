//! `easim shell`: the interactive admin shell — `PS contoso.com> ` prompt, history, Tab completion, `>> `
//! continuation — over an in-process tenant (`--tenant`, `--profile`) or a running `easim serve` (`--connect`).
//! When standard input is not a terminal it reads commands from it line by line (same continuation rules) and
//! prints no prompts, so sessions can be scripted and tested.
//!
//! Only the wiring: the line editor, completion and console look are `easim::repl`, the cmdlets' hosts are
//! `easim::script::LocalHost` and `easim::remote::RemoteHost`. Until the PowerShell evaluator is merged, each
//! line is one cmdlet command line (`Verb-Noun -Name value …`, read by `script::command_line`) shown as
//! Format-List; the evaluator replaces `run_chunk`.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use easim::model::Timestamp;
use easim::repl::{
    Chunk, Line, LineSource, Metadata, PipedInput, PromptConfirmer, Style, TerminalInput,
    default_history_path, exit_code, prompt, read_chunk,
};
use easim::script::{
    CmdletHost, Confirmer, Emitted, ErrorRecord, LocalHost, NonInteractive, Output, bind, cmdlets,
    command_line, format_list, messages,
};

use crate::connect::ConnectArgs;
use crate::tenant_source::{TenantArgs, clock_now, parse_now};

#[derive(Args, Debug)]
#[command(after_help = "Examples:
  easim shell --profile small
  easim shell --tenant tenant.json --no-history
  easim shell --connect http://127.0.0.1:8081 --token $TOKEN
  printf 'Get-Mailbox -ResultSize 2\\nexit\\n' | easim shell --profile small")]
pub(crate) struct ShellArgs {
    #[command(flatten)]
    tenant: TenantArgs,
    #[command(flatten)]
    connect: ConnectArgs,
    /// Keep no history file (default: $HOME/.easim_history).
    #[arg(long)]
    no_history: bool,
    /// The session's clock (ISO 8601), fixed for reproducible output; defaults to the real time.
    #[arg(long, value_parser = parse_now)]
    now: Option<Timestamp>,
}

pub(crate) fn run(args: ShellArgs) -> anyhow::Result<()> {
    let now = args.now.unwrap_or_else(clock_now);
    let fixed = args.now.is_some();
    let history = if args.no_history {
        None
    } else {
        default_history_path()
    };
    let code = match args.connect.host(now)? {
        Some(mut host) => {
            let name = host.tenant().unwrap_or("easim").to_string();
            session(&mut host, &name, history, |h, t| {
                if !fixed {
                    h.now = t;
                }
            })?
        }
        None => {
            let mut tenant = args.tenant.load(now)?;
            let name = tenant.domain().to_string();
            let mut host = LocalHost::new(&mut tenant, now);
            session(&mut host, &name, history, |h, t| {
                if !fixed {
                    h.now = t;
                }
            })?
        }
    };
    if code != 0 {
        std::process::exit(code);
    }
    Ok(())
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
fn session<H: CmdletHost>(
    host: &mut H,
    tenant_name: &str,
    history: Option<PathBuf>,
    set_now: impl Fn(&mut H, Timestamp),
) -> anyhow::Result<i32> {
    let interactive = io::stdin().is_terminal();
    let style = Style::for_output(
        io::stdout().is_terminal(),
        std::env::var("NO_COLOR").ok().as_deref(),
        std::env::var("TERM").ok().as_deref(),
    );
    let mut input = if interactive {
        let terminal =
            TerminalInput::new(history, metadata()).context("cannot start the line editor")?;
        Input::Terminal(Box::new(terminal))
    } else {
        Input::Piped(PipedInput::new(io::stdin().lock()))
    };
    let shown = if interactive {
        prompt(tenant_name)
    } else {
        String::new()
    };
    let mut code = 0;
    loop {
        let chunk = match read_chunk(&mut input, &shown).context("cannot read input")? {
            Chunk::Eof => break,
            Chunk::Cancelled => continue,
            Chunk::Code(c) => c,
        };
        if let Input::Terminal(t) = &mut input {
            t.add_history(&chunk);
        }
        if let Some(c) = exit_code(&chunk) {
            code = c;
            break;
        }
        set_now(host, clock_now());
        let mut out = io::stdout().lock();
        if interactive {
            let mut confirmer = PromptConfirmer::new(io::stdin().lock(), io::stdout());
            run_chunk(&chunk, host, &mut confirmer, &mut out, style)?;
        } else {
            run_chunk(&chunk, host, &mut NonInteractive, &mut out, style)?;
        }
        out.flush()?;
    }
    if let Input::Terminal(t) = &mut input
        && let Err(e) = t.save_history()
    {
        eprintln!("easim shell: the history could not be saved: {e}");
    }
    Ok(code)
}

/// What completion offers: the Exchange cmdlets (the evaluator adds utility cmdlets and variables).
fn metadata() -> Metadata {
    Metadata::exchange()
}

/// Runs each line of a chunk as one cmdlet command line and prints what it wrote.
fn run_chunk(
    chunk: &str,
    host: &mut dyn CmdletHost,
    confirmer: &mut dyn Confirmer,
    out: &mut impl Write,
    style: Style,
) -> io::Result<()> {
    for line in chunk
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let cmd = match command_line::read(line) {
            Ok(cmd) => cmd,
            Err(e) => {
                writeln!(out, "{}", style.error(&format!("ParserError: {e}")))?;
                continue;
            }
        };
        let Some(info) = cmdlets::find(&cmd.name) else {
            let e = messages::unknown_cmdlet(&cmd.name);
            writeln!(out, "{}", style.error(&error_text(&cmd.name, &e)))?;
            continue;
        };
        let result = bind(info, cmd.positional, cmd.named)
            .and_then(|args| host.invoke(info, &args, confirmer));
        match result {
            Ok(output) => print_output(info.name, &output, out, style)?,
            Err(e) => writeln!(out, "{}", style.error(&error_text(info.name, &e)))?,
        }
    }
    Ok(())
}

/// Objects as Format-List blocks, warnings and errors coloured, host text as is.
fn print_output(
    cmdlet: &str,
    output: &Output,
    out: &mut impl Write,
    style: Style,
) -> io::Result<()> {
    let mut objects = Output::default();
    let flush = |objects: &mut Output, out: &mut dyn Write| -> io::Result<()> {
        if !objects.items.is_empty() {
            writeln!(out, "\n{}\n", format_list::render(cmdlet, objects, None))?;
            objects.items.clear();
        }
        Ok(())
    };
    for item in &output.items {
        match item {
            Emitted::Object(_) => objects.items.push(item.clone()),
            Emitted::Warning(w) => {
                flush(&mut objects, out)?;
                writeln!(out, "{}", style.warning(w))?;
            }
            Emitted::Error(e) => {
                flush(&mut objects, out)?;
                writeln!(out, "{}", style.error(&error_text(cmdlet, e)))?;
            }
            Emitted::Information(s) => {
                flush(&mut objects, out)?;
                writeln!(out, "{s}")?;
            }
        }
    }
    flush(&mut objects, out)
}

/// `Cmdlet : message` and PowerShell's CategoryInfo line.
fn error_text(cmdlet: &str, e: &ErrorRecord) -> String {
    format!(
        "{cmdlet} : {}\n    + CategoryInfo          : {}",
        e.message,
        e.category_info(cmdlet)
    )
}
