//! Import-Tenant (simulator-only): replaces the whole tenant with one read from fixture JSON text (as
//! Export-Tenant writes it), in one step: a trainer resets a scenario with one call. The text is fully validated
//! first; a bad fixture changes nothing. Prompts by default (it replaces everything).
//!
//! A restore must not silently win. The snapshot carries the change counter it was exported at
//! (`Tenant::changes`); when the tenant has changed since, Import-Tenant warns with the number of changes the
//! import discards and asks a second question that only `-Force` answers. That is how PowerShell and Exchange
//! guard a change that loses data: `-Confirm:$false` answers the ordinary ShouldProcess prompt, while the data-loss
//! question is a ShouldContinue that needs `-Force` (Exchange's `Enable-ExchangeCertificate -Services SMTP` asks
//! "Overwrite the existing default SMTP certificate?" whatever -Confirm says, and scripts pass `-Force` to run it
//! unattended: blog.rmilne.ca/2021/04/26/should-i-overwrite-the-default-exchange-smtp-certificate,
//! github.com/webprofusion/certify/issues/424). Where nobody can answer (the admin endpoint, a script without a
//! terminal) a stale import without -Force therefore fails, with an error that says what it would discard
//! (where PowerShell's ShouldContinue would fail with its bare NonInteractive error), and changes nothing. After
//! an import the counter is past both the old tenant's and the snapshot's, so it never goes back.

use crate::model::{Tenant, from_json};

use super::super::messages;
use crate::admin::context::{Cmdlet, CmdletContext, Prepared};
use crate::script::cmdlet::{CmdletInfo, ConfirmImpact, Example};
use crate::script::error::{ErrorCategory, ErrorRecord};
use crate::script::params::{BoundParameters, ParamType, ParameterInfo};

const PARAMS: [ParameterInfo; 2] = [
    ParameterInfo::new("Json", ParamType::String)
        .mandatory()
        .position(0)
        .help("The tenant fixture JSON text, as Export-Tenant writes it."),
    ParameterInfo::new("Force", ParamType::Switch).help(
        "Import a snapshot older than the tenant's current change, discarding the changes made since.",
    ),
];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Import-Tenant",
        synopsis: "Replaces the whole tenant with one from fixture JSON text (simulator only).",
        output_type: None,
        parameters: &PARAMS,
        default_parameter_set: "",
        confirm_impact: Some(ConfirmImpact::High),
        examples: EXAMPLES,
    },
    run,
)
.with_prepare(parse);

static EXAMPLES: &[Example] = &[
    Example {
        title: "A snapshot older than the tenant's last change is imported only with -Force, after a warning",
        input: "$snapshot = Export-Tenant
Set-CASMailbox alice -ActiveSyncEnabled $false
Import-Tenant $snapshot -Confirm:$false
Import-Tenant $snapshot -Force -Confirm:$false
(Get-CASMailbox alice).ActiveSyncEnabled",
        output: r#"Import-Tenant : This snapshot was exported at change 0 of the tenant, which is now at change 1: importing it discards the 1 change made since. Nothing was imported: use -Force to import it anyway.
At line:3 char:1
+ Import-Tenant $snapshot -Confirm:$false
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : InvalidOperation: (Json:String) [Import-Tenant], StaleSnapshotException
    + FullyQualifiedErrorId : StaleSnapshotException,Import-Tenant

WARNING: This snapshot was exported at change 0 of the tenant, which is now at change 1: importing it discards the 1 change made since.
True"#,
    },
    Example {
        title: "A fixture that is not valid changes nothing",
        input: r#"Import-Tenant -Json '{"Format": "something-else"}' -Confirm:$false"#,
        output: r#"Import-Tenant : The tenant can't be imported: not an easim tenant: Format is "something-else", expected "easim-tenant"
At line:1 char:1
+ Import-Tenant -Json '{"Format": "something-else"}' -Confirm:$false
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : InvalidData: (Json:String) [Import-Tenant], FixtureException
    + FullyQualifiedErrorId : FixtureException,Import-Tenant"#,
    },
];

fn describe(t: &Tenant) -> String {
    format!(
        "'{}' ({} mailboxes, {} devices, {} rules)",
        t.domain(),
        t.mailbox_count(),
        t.device_count(),
        t.rules.len()
    )
}

/// The fixture read from `-Json`, or why it can't be. The admin endpoint reads it before it takes the world lock
/// (a `large` tenant's JSON takes seconds to read: no request should wait for that).
type Parsed = Result<Tenant, String>;

fn parse(args: &BoundParameters) -> Prepared {
    let text = args.string("Json").unwrap_or_default();
    let parsed = from_json(text).map_err(|e| e.to_string());
    // Off the lock as the read is: the new tenant answers its first name resolution at once, as the first did.
    if let Ok(tenant) = &parsed {
        tenant.prepare_indexes();
    }
    Box::new(parsed as Parsed)
}

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let parsed = match ctx.take_prepared::<Parsed>() {
        Some(parsed) => parsed,
        None => from_json(args.string("Json").unwrap_or_default()).map_err(|e| e.to_string()),
    };
    let tenant = parsed.map_err(|e| {
        ErrorRecord::new(
            ErrorCategory::InvalidData,
            "FixtureException",
            format!("The tenant can't be imported: {e}"),
        )
        .with_target("Json")
    })?;
    let (current, exported_at) = (ctx.tenant.changes(), tenant.changes());
    let discarded = current.saturating_sub(exported_at);
    if discarded > 0 {
        ctx.out
            .write_warning(messages::stale_snapshot(exported_at, current, discarded));
    }
    let message = format!(
        "Replacing the tenant {} with the imported tenant {}.",
        describe(ctx.tenant),
        describe(&tenant)
    );
    if !ctx.should_process(&message)? {
        return Ok(());
    }
    if discarded > 0 && !args.switch("Force") {
        let go_on = ctx
            .should_continue(
                &messages::stale_snapshot_query(discarded),
                "Import-Tenant discards changes",
            )
            .map_err(|_| messages::stale_snapshot_refused(exported_at, current, discarded))?;
        if !go_on {
            return Ok(());
        }
    }
    let mut tenant = tenant;
    tenant.set_changes(current.max(exported_at).saturating_add(1));
    ctx.replace_tenant(tenant);
    Ok(())
}
