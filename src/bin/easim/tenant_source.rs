//! Where a subcommand gets its tenant: a fixture file (`--tenant`), or one generated from a built-in or file
//! profile (`--profile`, `--seed`); also the CLI's clock and `--now` parsing (the library never reads the clock).

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use easim::generator::{Profile, builtin_profile, builtin_profile_names, generate};
use easim::model::{Tenant, Timestamp};

use crate::progress::Progress;

/// Options that name the tenant a command works on.
#[derive(Args, Debug, Clone)]
pub(crate) struct TenantArgs {
    /// A tenant fixture file (JSON), as written by `easim gen -o`.
    #[arg(long, value_name = "FILE", conflicts_with = "profile")]
    pub(crate) tenant: Option<PathBuf>,
    /// Generate the tenant from a built-in profile (small, default, large, scenario-a) or a profile .toml file.
    /// Used when --tenant is not given; defaults to `default`.
    #[arg(long, value_name = "NAME|FILE")]
    pub(crate) profile: Option<String>,
    /// Seed for --profile generation.
    #[arg(long, default_value_t = 1, requires = "profile")]
    pub(crate) seed: u64,
}

impl TenantArgs {
    /// The tenant and a short description of where it came from and what its figures depend on (for `easim
    /// serve`'s banner): a generated tenant depends on the profile, the seed and `now` (the device catalog grows
    /// with the date), so the description names all three, and says when `now` was the clock (`given` false).
    pub(crate) fn load_described(
        &self,
        now: Timestamp,
        given: bool,
    ) -> anyhow::Result<(Tenant, String)> {
        let tenant = self.load(now)?;
        let source = match &self.tenant {
            Some(path) => format!("file {}", path.display()),
            None => {
                let profile = self.profile.as_deref().unwrap_or("default");
                let seed = self.seed;
                if given {
                    format!("profile {profile}, seed {seed}, now {now}")
                } else {
                    format!(
                        "profile {profile}, seed {seed}, now {now} from the clock; --now fixes it"
                    )
                }
            }
        };
        Ok((tenant, source))
    }

    /// Loads the fixture, or generates the profile's tenant as of `now`.
    pub(crate) fn load(&self, now: Timestamp) -> anyhow::Result<Tenant> {
        if let Some(path) = &self.tenant {
            let _progress = Progress::spinner(format!("loading {}", path.display()));
            return easim::persist::load_tenant(path).context("cannot load the tenant");
        }
        let name = self.profile.as_deref().unwrap_or("default");
        let (source, text) = profile_text(name)?;
        let profile =
            Profile::parse(&text).with_context(|| format!("profile {source} is not valid"))?;
        let _progress = Progress::spinner(format!(
            "generating the tenant of profile {source}, seed {}",
            self.seed
        ));
        Ok(generate(&profile, self.seed, now))
    }
}

/// The profile's text and how to name it in messages: a built-in by name, else a file.
pub(crate) fn profile_text(profile: &str) -> anyhow::Result<(String, String)> {
    if let Some(text) = builtin_profile(profile) {
        return Ok((profile.to_string(), text.to_string()));
    }
    let path = Path::new(profile);
    let looks_like_path = profile.contains(['/', '\\']) || profile.ends_with(".toml");
    if !looks_like_path && !path.exists() {
        bail!(
            "unknown profile '{profile}': the built-in profiles are {}; or give the path of a .toml profile",
            builtin_profile_names().join(", ")
        );
    }
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read profile {}", path.display()))?;
    Ok((path.display().to_string(), text))
}

/// Parses `--now`, for reproducible output: an RFC 3339 / ISO 8601 date-time, or a date (`2026-11-23`, its
/// midnight UTC).
pub(crate) fn parse_now(text: &str) -> Result<Timestamp, String> {
    let trimmed = text.trim();
    let is_date = trimmed.len() == 10 && trimmed.as_bytes().get(4) == Some(&b'-');
    let parsed = if is_date {
        Timestamp::parse(&format!("{trimmed}T00:00:00Z"))
    } else {
        Timestamp::parse(trimmed)
    };
    parsed.ok_or_else(|| {
        format!("'{text}' is not an ISO 8601 date-time such as 2026-11-23T08:00:00Z")
    })
}

/// The current time, read here in the binary because the library never reads the clock.
pub(crate) fn clock_now() -> Timestamp {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Timestamp::from_millis(since.as_millis() as i64)
}

/// The `#@ tenant:` directive of a script's first line.
#[derive(Debug, Default)]
pub(crate) struct Directive {
    pub(crate) profile: Option<String>,
    pub(crate) seed: Option<u64>,
    pub(crate) file: Option<PathBuf>,
    pub(crate) now: Option<Timestamp>,
    /// The access sequence the tenant decides with (`precedence=Exchange2013`).
    pub(crate) precedence: Option<easim::model::Precedence>,
}

pub(crate) fn directive(source: &str) -> anyhow::Result<Directive> {
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
            "precedence" => d.precedence = Some(value.parse().map_err(|_| {
                anyhow::anyhow!(
                    "the directive's precedence is '{value}'; expected Documented or Exchange2013"
                )
            })?),
            other => bail!(
                "the #@ tenant: directive has an unknown key '{other}' (profile, seed, file, now, precedence)"
            ),
        }
    }
    Ok(d)
}
