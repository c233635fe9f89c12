//! `easim run SCRIPT.ps1`: runs a PowerShell script unchanged against a tenant, printing what it prints (output
//! and host text on stdout, errors on stderr), and optionally saves the tenant afterwards.
//!
//! The tenant comes from `--tenant`/`--profile`, else from the script's first-line directive
//! `#@ tenant: profile=NAME seed=N now=ISO-TIME` (or `file=PATH`), else the default profile. The Exchange
//! cmdlets run in-process (`LocalHost`); the `CmdletHost` is chosen in `cmdlet_host` only.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use easim::model::{Tenant, Timestamp};
use easim::script::cmdlet::{ConfirmAnswer, ConfirmPrompt, Confirmer, NonInteractive};
use easim::script::eval::{HostColors, RunOutcome, Session, SessionOptions, ShellError, ShellHost};
use easim::script::value::Value;
use easim::script::{CmdletHost, LocalHost};

use crate::tenant_source::{TenantArgs, clock_now, parse_now};

#[derive(Args, Debug)]
#[command(after_help = "Examples:
  easim run scripts/pin-allowed-devices.ps1
  easim run report.ps1 --profile scenario-a --seed 1 --now 2026-11-23T00:00:00Z
  easim run cleanup.ps1 --tenant tenant.json --save tenant.json
  easim run stale.ps1 -- -Days 30
  echo 'Get-Mailbox alice' | easim run - --tenant tenant.json

The tenant: --tenant or --profile, else the script's first-line directive
`#@ tenant: profile=NAME seed=N now=ISO-TIME` (or `file=PATH`), else the default profile.
Exit code: 0 when the script ran to its end, 1 when a terminating error (or a parse error)
ended it, N for `exit N`, 2 for a usage error.")]
pub(crate) struct RunArgs {
    /// The script to run; `-` reads it from standard input.
    script: String,
    #[command(flatten)]
    tenant: TenantArgs,
    /// Writes the tenant to FILE afterwards (atomically), for a later --tenant.
    #[arg(long, value_name = "FILE")]
    save: Option<PathBuf>,
    /// The time Get-Date returns and cmdlets see (ISO 8601); defaults to the directive's, else now.
    #[arg(long, value_parser = parse_now)]
    now: Option<Timestamp>,
    /// Runs as if started in DIR: Export-Csv, Import-Csv and Out-File resolve relative paths against it.
    #[arg(long, value_name = "DIR")]
    cwd: Option<PathBuf>,
    /// Console width for tables and lists.
    #[arg(long, default_value_t = 120)]
    width: usize,
    /// Arguments for the script's param() block, after `--`: `-Name value` pairs or `-Switch`.
    #[arg(last = true, allow_hyphen_values = true)]
    script_args: Vec<String>,
}

/// The `#@ tenant:` directive of a script's first line.
#[derive(Debug, Default)]
struct Directive {
    profile: Option<String>,
    seed: Option<u64>,
    file: Option<PathBuf>,
    now: Option<Timestamp>,
}

fn directive(source: &str) -> anyhow::Result<Directive> {
    let mut d = Directive::default();
    let Some(rest) = source
        .lines()
        .next()
        .and_then(|l| l.trim().strip_prefix("#@ tenant:"))
    else {
        return Ok(d);
    };
    for part in rest.split_whitespace() {
        let (key, value) = part.split_once('=').with_context(|| {
            format!("the #@ tenant: directive has '{part}'; expected key=value")
        })?;
        match key {
            "profile" => d.profile = Some(value.to_string()),
            "seed" => {
                d.seed = Some(
                    value
                        .parse()
                        .context("the directive's seed is not a number")?,
                )
            }
            "file" => d.file = Some(PathBuf::from(value)),
            "now" => d.now = Some(parse_now(value).map_err(anyhow::Error::msg)?),
            other => bail!(
                "the #@ tenant: directive has an unknown key '{other}' (profile, seed, file, now)"
            ),
        }
    }
    Ok(d)
}

fn script_arguments(args: &[String]) -> anyhow::Result<Vec<(String, Value)>> {
    let mut out = Vec::new();
    let mut it = args.iter().peekable();
    while let Some(a) = it.next() {
        let Some(name) = a.strip_prefix('-') else {
            bail!("script arguments are -Name value pairs; '{a}' has no parameter name");
        };
        let value = match it.peek() {
            Some(v) if !v.starts_with('-') || v.parse::<f64>().is_ok() => {
                let v = it.next().map(String::as_str).unwrap_or_default();
                match v.parse::<i64>() {
                    Ok(n) => Value::Int(n),
                    Err(_) => Value::str(v),
                }
            }
            _ => Value::Bool(true),
        };
        out.push((name.to_string(), value));
    }
    Ok(out)
}

/// Prints to the terminal: output, host text, warnings and verbose lines on stdout, errors on stderr (with
/// colors when stdout is a terminal). Files resolve against the working directory.
struct ConsoleHost {
    cwd: Option<PathBuf>,
    color: bool,
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
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
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

    fn write_host(&mut self, text: &str, colors: HostColors) {
        if self.color && (colors.foreground.is_some() || colors.background.is_some()) {
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
        let text = if self.color {
            format!("\x1b[93mWARNING: {message}\x1b[0m\n")
        } else {
            format!("WARNING: {message}\n")
        };
        self.stdout(&text);
    }

    fn write_error(&mut self, error: &ShellError) {
        let _ = std::io::stdout().lock().flush();
        let text = if self.color && std::io::stderr().is_terminal() {
            format!("\x1b[91m{}\x1b[0m\n\n", error.rendered)
        } else {
            format!("{}\n\n", error.rendered)
        };
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(text.as_bytes());
        let _ = err.flush();
    }

    fn write_verbose(&mut self, message: &str) {
        self.stdout(&format!("VERBOSE: {message}\n"));
    }

    fn write_information(&mut self, text: &str) {
        self.stdout(&format!("{text}\n"));
    }

    fn confirm(&mut self, prompt: &ConfirmPrompt<'_>) -> ConfirmAnswer {
        NonInteractive.confirm(prompt)
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

/// Where the script's Exchange cmdlets run: in-process against `tenant`.
fn cmdlet_host(tenant: &mut Tenant, now: Timestamp) -> impl CmdletHost + Send + '_ {
    LocalHost::new(tenant, now)
}

pub(crate) fn run(args: RunArgs) -> anyhow::Result<u8> {
    let source = if args.script == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("cannot read the script from standard input")?;
        s
    } else {
        std::fs::read_to_string(&args.script)
            .with_context(|| format!("cannot read {}", args.script))?
    };
    let d = directive(&source)?;
    let now = args.now.or(d.now).unwrap_or_else(clock_now);
    let mut tenant = if args.tenant.tenant.is_some() || args.tenant.profile.is_some() {
        args.tenant.load(now)?
    } else if let Some(file) = &d.file {
        easim::persist::load_tenant(file)
            .with_context(|| format!("cannot load the tenant {}", file.display()))?
    } else {
        TenantArgs {
            tenant: None,
            profile: d.profile.clone(),
            seed: d.seed.unwrap_or(1),
        }
        .load(now)?
    };
    let options = SessionOptions {
        width: args.width.clamp(20, 10_000),
        script_arguments: script_arguments(&args.script_args)?,
        ..SessionOptions::default()
    };
    let mut out = ConsoleHost {
        cwd: args.cwd.clone(),
        color: std::io::stdout().is_terminal(),
    };
    let outcome = std::thread::scope(|scope| {
        // Deeply nested scripts recurse deeply: give the evaluator room (its own limits stop runaway recursion).
        std::thread::Builder::new()
            .name("easim-run".into())
            .stack_size(256 * 1024 * 1024)
            .spawn_scoped(scope, || {
                let mut host = cmdlet_host(&mut tenant, now);
                Session::new(options).run(&source, &mut host, &mut out)
            })
            .map(|h| h.join().unwrap_or(RunOutcome::Failed))
    })
    .context("cannot start the script thread")?;
    if let Some(path) = &args.save {
        easim::persist::save_tenant(path, &tenant)
            .with_context(|| format!("cannot save the tenant to {}", path.display()))?;
    }
    Ok(u8::try_from(outcome.exit_code().clamp(0, 255)).unwrap_or(1))
}
