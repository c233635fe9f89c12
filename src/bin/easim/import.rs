//! `easim import FILE|DIR… -o tenant.json`: admins' exports of their production tenant (Export-Csv or
//! ConvertTo-Json output of Get-Mailbox, Get-CASMailbox, Get-MobileDevice, Get-MobileDeviceStatistics,
//! Get-ActiveSyncDeviceAccessRule, Get-ActiveSyncOrganizationSettings, Get-MobileDeviceMailboxPolicy) become a
//! tenant fixture, optionally pseudonymised (`--redact`).
//!
//! Reads the files and writes the fixture; what the exports mean is `easim::import`'s. All or nothing: on any
//! problem nothing is written and every problem is listed with file, line and column.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use easim::import::{self, DEFAULT_KEY, Options, Redactor, Source};

use crate::progress::Progress;

/// `--help`'s text after the options, printed verbatim (see `help.rs`).
pub(crate) const AFTER_HELP: &str = "\
Examples:
  easim import fixtures/import/exo -o tenant.json
  easim import mailboxes.csv cas.csv devices.csv rules.csv org.csv policies.csv -o tenant.json
  easim import exports/ --redact --redact-key \"$KEY\" -o customer.json
  easim import devices.json --domain contoso.com -o tenant.json

Each file's export is recognised by its #TYPE line or its columns; a folder means its
.csv and .json files. Multi-valued columns (ActiveSyncAllowedDeviceIDs …) must hold values
joined with ';' or ',' (or JSON arrays); see the README for the export commands.
Exit code: 0 when the tenant was written, 1 when the exports have problems (all listed,
nothing written), 2 for a usage error.";

#[derive(Args, Debug)]
#[command(after_help = "@verbatim:import@")]
pub(crate) struct ImportArgs {
    /// Export files (.csv, .json), or folders of them.
    #[arg(required = true, value_name = "FILE|DIR")]
    files: Vec<PathBuf>,
    /// Where to write the tenant fixture; standard output without it.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// The tenant's domain; by default the most common domain of the mailboxes' primary addresses.
    #[arg(long)]
    domain: Option<String>,
    /// The password every imported user signs in with (exports carry none).
    #[arg(long, default_value = "Passw0rd!")]
    password: String,
    /// Pseudonymise names, addresses, phone numbers, IMEIs, device IDs and Guids, consistently.
    #[arg(long)]
    redact: bool,
    /// The key pseudonyms are derived from (same key, same pseudonyms); a fixed default without it.
    #[arg(long, requires = "redact", value_name = "KEY")]
    redact_key: Option<String>,
    /// Dates are day first (23/11/2026 …), as Export-Csv writes them in en-GB and most European cultures.
    #[arg(long)]
    day_first: bool,
}

/// The export files named by the arguments, folders expanded (sorted, so the order is stable).
fn files(args: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in args {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .with_context(|| format!("cannot read the folder {}", path.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| is_export(p))
                .collect();
            found.sort();
            if found.is_empty() {
                bail!("the folder {} has no .csv or .json files", path.display());
            }
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn is_export(p: &Path) -> bool {
    p.is_file()
        && p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("json"))
}

/// Reads a file as text: UTF-8 (with or without BOM) or UTF-16 LE with BOM, which Windows PowerShell 5.1's
/// `Out-File` and `>` write.
fn read_text(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16(&units)
            .with_context(|| format!("{} is not valid UTF-16 text", path.display()));
    }
    String::from_utf8(bytes).with_context(|| {
        format!(
            "{} is not UTF-8 text; export with -Encoding UTF8 (Windows PowerShell's default is not)",
            path.display()
        )
    })
}

pub(crate) fn run(args: ImportArgs) -> anyhow::Result<u8> {
    let paths = files(&args.files)?;
    let texts: Vec<(String, String)> = paths
        .iter()
        .map(|p| Ok((p.display().to_string(), read_text(p)?)))
        .collect::<anyhow::Result<_>>()?;
    let sources: Vec<Source<'_>> = texts
        .iter()
        .map(|(name, text)| Source { name, text })
        .collect();
    let options = Options {
        domain: args.domain.clone(),
        password: args.password.clone(),
        redact: args
            .redact
            .then(|| Redactor::new(args.redact_key.as_deref().unwrap_or(DEFAULT_KEY))),
        day_first: args.day_first,
    };
    let progress = Progress::spinner(format!("importing {} files", sources.len()));
    let result = import::import(&sources, &options);
    progress.finish();
    let imported = match result {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{e}");
            return Ok(1);
        }
    };
    let json = easim::model::to_json(&imported.tenant);
    match &args.output {
        Some(path) => easim::persist::write_atomically(path, json.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            out.write_all(json.as_bytes())?;
            out.flush()?;
        }
    }
    for (file, kind, count) in &imported.files {
        eprintln!("{file}: {} ({count} records)", kind.cmdlet());
    }
    if imported.synthesized_mailboxes > 0 {
        eprintln!(
            "{} mailboxes made up from the devices' owners (no Get-Mailbox or Get-CASMailbox export was given)",
            imported.synthesized_mailboxes
        );
    }
    if !imported.skipped_mailboxes.is_empty() {
        eprintln!(
            "{} mailboxes of types easim does not model were left out: {}",
            imported.skipped_mailboxes.len(),
            imported.skipped_mailboxes.join(", ")
        );
    }
    let t = &imported.tenant;
    eprintln!(
        "imported {} mailboxes, {} devices, {} device access rules, {} policies (domain {}){}",
        t.mailbox_count(),
        t.device_count(),
        t.rules.len(),
        t.policies().len(),
        t.domain(),
        if options.redact.is_some() {
            ", pseudonymised"
        } else {
            ""
        }
    );
    Ok(0)
}
