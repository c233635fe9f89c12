//! `easim explain`: the step-by-step trace of one device's access decision.

use anyhow::bail;
use clap::Args;
use easim::access::{self, RequestFacts};
use easim::model::{MailboxId, Tenant};
use easim::script::text_table;

use crate::decide::PrecedenceArg;
use crate::tenant_source::{TenantArgs, clock_now, parse_now};

/// `--help`'s text after the options, printed verbatim (see `help.rs`).
pub(crate) const AFTER_HELP: &str = "\
Examples:
  easim explain --tenant tenant.json --identity 'Alice Smith\\ExchangeActiveSyncDevices\\iPhone§ApplF17XK1'
  easim explain --tenant tenant.json --identity alice@contoso.com --device-id ApplF17XK1";

#[derive(Args, Debug)]
#[command(after_help = "@verbatim:explain@")]
pub(crate) struct ExplainArgs {
    #[command(flatten)]
    tenant: TenantArgs,
    /// The device's Identity (`Name\ExchangeActiveSyncDevices\Type§Id`), its Guid, or with --device-id the
    /// owning mailbox (name, alias, SMTP address, UPN).
    #[arg(long)]
    identity: String,
    /// The DeviceId within the mailbox named by --identity.
    #[arg(long)]
    device_id: Option<String>,
    /// Explain with this precedence instead of the tenant's setting.
    #[arg(long, value_enum)]
    precedence: Option<PrecedenceArg>,
    /// The moment to decide at (ISO 8601); defaults to now.
    #[arg(long, value_parser = parse_now)]
    now: Option<easim::model::Timestamp>,
}

pub(crate) fn run(args: ExplainArgs) -> anyhow::Result<()> {
    let now = args.now.unwrap_or_else(clock_now);
    let mut tenant = args.tenant.load(now)?;
    if let Some(p) = args.precedence {
        tenant.settings.precedence = p.into();
    }
    let key = match &args.device_id {
        None => match (
            tenant.device_by_identity(&args.identity),
            tenant.find_mailboxes(&args.identity),
        ) {
            (None, [mailbox]) => bail!("{}", which_device(&tenant, *mailbox, &args.identity)),
            (key, _) => key,
        },
        Some(id) => match tenant.find_mailboxes(&args.identity) {
            [] => bail!("{}", easim::admin::messages::not_found_text(&args.identity)),
            [one] => tenant.find_device(*one, id),
            _ => bail!(
                "The operation couldn't be performed because '{}' matches multiple entries.",
                args.identity
            ),
        },
    };
    let Some(device) = key.and_then(|k| tenant.device(k)) else {
        let what = match &args.device_id {
            Some(id) => format!("{}\\{id}", args.identity),
            None => args.identity.clone(),
        };
        bail!("{}", easim::admin::messages::not_found_text(&what));
    };
    let facts = RequestFacts::offline(now);
    let (_, trace) = access::explain(&tenant, device, &facts);
    println!("Device: {}", tenant.device_identity(device));
    println!(
        "  DeviceType '{}', DeviceModel '{}', DeviceOS '{}', UserAgent '{}'",
        device.device_type, device.device_model, device.device_os, device.device_user_agent
    );
    print!("{trace}");
    Ok(())
}

/// `--identity` named a mailbox but no `--device-id`: the mailbox's devices, and how to pick one.
fn which_device(tenant: &Tenant, mailbox: MailboxId, identity: &str) -> String {
    let devices = tenant.devices_of(mailbox);
    let name = &tenant.mailbox(mailbox).name;
    if devices.is_empty() {
        return format!("'{identity}' is the mailbox {name}, which has no device partnerships.");
    }
    let rows = devices
        .iter()
        .filter_map(|k| tenant.device(*k))
        .map(|d| {
            vec![
                d.device_id.to_string(),
                d.device_type.to_string(),
                d.device_model.to_string(),
                d.device_os.to_string(),
            ]
        })
        .collect();
    let table = text_table(
        &["DeviceId", "DeviceType", "DeviceModel", "DeviceOS"],
        &[],
        rows,
    );
    format!(
        "'{identity}' is the mailbox {name}; which of its {} device(s)? Add --device-id ID:\n\n{}",
        devices.len(),
        table.trim_end()
    )
}
