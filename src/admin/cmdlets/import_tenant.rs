//! Import-Tenant (simulator-only): replaces the whole tenant with one read from fixture JSON text (as
//! Export-Tenant writes it), in one step: a trainer resets a scenario with one call. The text is fully validated
//! first; a bad fixture changes nothing. Prompts by default (it replaces everything).

use crate::model::{Tenant, from_json};

use crate::admin::context::{Cmdlet, CmdletContext};
use crate::script::cmdlet::{CmdletInfo, ConfirmImpact, Example};
use crate::script::error::{ErrorCategory, ErrorRecord};
use crate::script::params::{BoundParameters, ParamType, ParameterInfo};

const PARAMS: [ParameterInfo; 1] = [ParameterInfo::new("Json", ParamType::String)
    .mandatory()
    .position(0)
    .help("The tenant fixture JSON text, as Export-Tenant writes it.")];

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
);

static EXAMPLES: &[Example] = &[Example {
    title: "A fixture that is not valid changes nothing",
    input: r#"Import-Tenant -Json '{"Format": "something-else"}' -Confirm:$false"#,
    output: r#"Import-Tenant : The tenant can't be imported: not an easim tenant: Format is "something-else", expected "easim-tenant"
At line:1 char:1
+ Import-Tenant -Json '{"Format": "something-else"}' -Confirm:$false
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : InvalidData: (Json:String) [Import-Tenant], FixtureException
    + FullyQualifiedErrorId : FixtureException,Import-Tenant"#,
}];

fn describe(t: &Tenant) -> String {
    format!(
        "'{}' ({} mailboxes, {} devices, {} rules)",
        t.domain(),
        t.mailbox_count(),
        t.device_count(),
        t.rules.len()
    )
}

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let text = args.string("Json").unwrap_or_default();
    let tenant = from_json(text).map_err(|e| {
        ErrorRecord::new(
            ErrorCategory::InvalidData,
            "FixtureException",
            format!("The tenant can't be imported: {e}"),
        )
        .with_target("Json")
    })?;
    let message = format!(
        "Replacing the tenant {} with the imported tenant {}.",
        describe(ctx.tenant),
        describe(&tenant)
    );
    if ctx.should_process(&message)? {
        ctx.replace_tenant(tenant);
    }
    Ok(())
}
