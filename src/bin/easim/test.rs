//! `easim test [PATH…]`: runs Pester 5 `*.Tests.ps1` files (a folder is searched recursively) against simulated
//! tenants, prints Pester's Detailed console output, optionally writes JUnit 4 / NUnit 2.5 XML, and exits 0 when
//! everything passed, 1 when a test or a block failed, 2 when a file could not be run.
//!
//! Each file's tenant: `--tenant`/`--profile` for every file, else the file's first-line directive
//! `#@ tenant: profile=NAME seed=N now=ISO-TIME` (or `file=PATH`), else the default profile. Every top-level
//! `Describe` (and the discovery phase) gets a fresh copy of it, so no block sees another's changes, in a
//! `SimHost`: Exchange's cmdlets plus the device simulator's Invoke-EasRequest and New-SimulatedDevice.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Args;
use easim::model::{Precedence, Tenant, Timestamp};
use easim::script::SessionOptions;
use easim::script::culture::{self, Culture};
use easim::script::eval::{ConsoleColor, HostColors, ShellHost};
use easim::script::pester::{self, Discovered, FileResult, ReportContext, RunOptions, TestFile};
use easim::sim::SimCopies;

use crate::console_host::ConsoleHost;
use crate::culture_arg::parse_culture;
use crate::tenant_source::{TenantArgs, clock_now, directive, parse_now};

/// `--help`'s text after the options, printed verbatim (see `help.rs`).
pub(crate) const AFTER_HELP: &str = "\
Examples:
  easim test tests/policy
  easim test tests/policy --tag quarantine --junit results.xml
  easim test rollout.Tests.ps1 --profile scenario-a --seed 1 --now 2026-11-23T00:00:00Z
  easim test tests/policy --filter '*personal block list*' --nunit testResults.xml

The tenant of each file: --tenant or --profile, else the file's first-line directive
`#@ tenant: profile=NAME seed=N now=ISO-TIME` (or `file=PATH`), else the default profile;
`precedence=Exchange2013` in it decides with Exchange 2013's access sequence.
Every top-level Describe starts from a fresh copy of it.
Exit code: 0 when every test passed, 1 when a test or a BeforeAll/AfterAll failed,
2 when a file could not be run (a parse error, an error at discovery) or no test file was found.";

#[derive(Args, Debug)]
#[command(after_help = "@verbatim:test@")]
pub(crate) struct TestArgs {
    /// Test files, or folders searched recursively for *.Tests.ps1 (default: the current folder).
    paths: Vec<PathBuf>,
    #[command(flatten)]
    tenant: TenantArgs,
    /// The time Get-Date returns and cmdlets see (ISO 8601); defaults to the file's directive, else now.
    #[arg(long, value_parser = parse_now)]
    now: Option<Timestamp>,
    /// Runs only tests whose full name (Describe.Context.It) matches this wildcard; repeatable.
    #[arg(long, value_name = "PATTERN")]
    filter: Vec<String>,
    /// Runs only tests tagged so (on the It or one of its blocks; wildcards); repeatable.
    #[arg(long, value_name = "TAG")]
    tag: Vec<String>,
    /// Leaves out tests tagged so; repeatable.
    #[arg(long, value_name = "TAG")]
    exclude_tag: Vec<String>,
    /// Writes a JUnit 4 XML report to FILE.
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
    /// Writes an NUnit 2.5 XML report (Pester's default format) to FILE.
    #[arg(long, value_name = "FILE")]
    nunit: Option<PathBuf>,
    /// Console width for tables and for Should's string differences.
    #[arg(long, default_value_t = 120)]
    width: usize,
    /// The culture dates and numbers print in ($PSCulture): en-US (default), en-GB, de-DE or fr-FR.
    #[arg(long, value_name = "NAME", value_parser = parse_culture)]
    culture: Option<&'static Culture>,
}

/// Every `*.Tests.ps1` under the paths, in a stable order (folders sorted, files as given).
fn test_files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let mut out = Vec::new();
    for p in &paths {
        if p.is_dir() {
            walk(p, &mut out).with_context(|| format!("cannot read the folder {}", p.display()))?;
        } else if p.is_file() {
            out.push(p.clone());
        } else {
            bail!(
                "Cannot find path '{}' because it does not exist.",
                p.display()
            );
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for e in entries {
        if e.is_dir() {
            walk(&e, out)?;
        } else if e
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.to_ascii_lowercase().ends_with(".tests.ps1"))
        {
            out.push(e);
        }
    }
    Ok(())
}

/// Where a file's tenant comes from, as a key for sharing one loaded tenant between files.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum TenantKey {
    Cli,
    File(PathBuf),
    Profile(String, u64),
}

struct Prepared {
    file: TestFile,
    key: (TenantKey, Option<Precedence>),
    now: Timestamp,
}

fn host_line(out: &mut dyn ShellHost, text: &str, color: ConsoleColor) {
    out.write_host(
        &format!("{text}\n"),
        HostColors {
            foreground: Some(color),
            background: None,
        },
    );
}

pub(crate) fn run(args: TestArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let clock = move || started.elapsed();
    let files = test_files(&args.paths)?;
    let mut out = ConsoleHost::new(None, false);
    if files.is_empty() {
        eprintln!("No test files were found and no scriptblocks were provided.");
        return Ok(2);
    }
    let cli_tenant = args.tenant.tenant.is_some() || args.tenant.profile.is_some();
    let mut prepared = Vec::new();
    for path in &files {
        let source = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let d = directive(&source).with_context(|| format!("in {}", path.display()))?;
        let now = args.now.or(d.now).unwrap_or_else(clock_now);
        let key = if cli_tenant {
            TenantKey::Cli
        } else if let Some(f) = &d.file {
            TenantKey::File(path.parent().unwrap_or(Path::new(".")).join(f))
        } else {
            TenantKey::Profile(
                d.profile.clone().unwrap_or_else(|| "default".to_string()),
                d.seed.unwrap_or(1),
            )
        };
        prepared.push(Prepared {
            file: TestFile {
                path: path.display().to_string(),
                source,
            },
            key: (key, d.precedence),
            now,
        });
    }
    let mut tenants: HashMap<(TenantKey, Option<Precedence>), Tenant> = HashMap::new();
    for p in &prepared {
        if tenants.contains_key(&p.key) {
            continue;
        }
        let mut tenant = match &p.key.0 {
            TenantKey::Cli => args.tenant.load(p.now)?,
            TenantKey::File(f) => easim::persist::load_tenant(f)
                .with_context(|| format!("cannot load the tenant {}", f.display()))?,
            TenantKey::Profile(name, seed) => TenantArgs {
                tenant: None,
                profile: Some(name.clone()),
                seed: *seed,
            }
            .load(p.now)?,
        };
        if let Some(precedence) = p.key.1 {
            tenant.settings.precedence = precedence;
        }
        tenants.insert(p.key.clone(), tenant);
    }
    let options = RunOptions {
        filter: args.filter.clone(),
        tags: args.tag.clone(),
        exclude_tags: args.exclude_tag.clone(),
        session: SessionOptions {
            width: args.width.clamp(20, 10_000),
            culture: args.culture.unwrap_or(&culture::EN_US),
            ..SessionOptions::default()
        },
    };
    let results = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("easim-test".into())
            .stack_size(256 * 1024 * 1024)
            .spawn_scoped(scope, || {
                run_all(&prepared, &tenants, &options, &mut out, &clock)
            })
            .map(|h| h.join())
    })
    .context("cannot start the test thread")?
    .map_err(|_| anyhow::anyhow!("the test run stopped unexpectedly"))?;
    let duration = clock();
    pester::write_summary(&mut out, &results, duration);
    let context = ReportContext {
        executed_at: clock_now(),
        duration,
        environment: environment(),
        culture: options.session.culture.name.to_string(),
    };
    if let Some(path) = &args.junit {
        easim::persist::write_atomically(path, pester::junit(&results, &context).as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &args.nunit {
        easim::persist::write_atomically(path, pester::nunit(&results, &context).as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(pester::Summary::of(&results).exit_code())
}

/// Discovers every file, then runs them, printing as Pester does.
fn run_all(
    prepared: &[Prepared],
    tenants: &HashMap<(TenantKey, Option<Precedence>), Tenant>,
    options: &RunOptions,
    out: &mut ConsoleHost,
    clock: &dyn Fn() -> std::time::Duration,
) -> Vec<FileResult> {
    let count = prepared.len();
    host_line(
        out,
        &format!(
            "\nStarting discovery in {count} file{}.",
            if count == 1 { "" } else { "s" }
        ),
        ConsoleColor::Magenta,
    );
    let discovery_start = clock();
    let mut discovered: Vec<(Discovered, &Prepared)> = Vec::new();
    for p in prepared {
        let Some(base) = tenants.get(&p.key) else {
            continue;
        };
        let mut hosts = SimCopies { base, now: p.now };
        let d = pester::discover(&p.file, &mut hosts, out, clock, options);
        if let Some(f) = d.failure() {
            host_line(
                out,
                &format!("[-] Discovery in {} failed with:", d.path()),
                ConsoleColor::Red,
            );
            host_line(out, f, ConsoleColor::Red);
        }
        discovered.push((d, p));
    }
    let tests: usize = discovered.iter().map(|(d, _)| d.test_count()).sum();
    host_line(
        out,
        &format!(
            "Discovery found {tests} tests in {}.",
            pester::human_time(clock().saturating_sub(discovery_start))
        ),
        ConsoleColor::Magenta,
    );
    host_line(out, "Running tests.", ConsoleColor::Magenta);
    let mut results = Vec::new();
    for (d, p) in discovered {
        let Some(base) = tenants.get(&p.key) else {
            continue;
        };
        let mut hosts = SimCopies { base, now: p.now };
        results.push(pester::run(d, &mut hosts, out, clock, options));
    }
    results
}

/// `Get-RunTimeEnvironment`'s values for the XML reports.
fn environment() -> Vec<(String, String)> {
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| var("HOSTNAME"));
    let os = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| "0.0.0.0".to_string());
    vec![
        ("os-version".into(), os),
        ("platform".into(), std::env::consts::OS.to_string()),
        (
            "cwd".into(),
            std::env::current_dir()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        ),
        ("machine-name".into(), host),
        ("user".into(), var("USER")),
        ("user-domain".into(), String::new()),
        (
            "clr-version".into(),
            concat!("easim ", env!("CARGO_PKG_VERSION")).to_string(),
        ),
    ]
}
