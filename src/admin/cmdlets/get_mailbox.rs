//! Get-Mailbox: mailboxes by -Identity (wildcards allowed), -Anr, -Filter and -RecipientTypeDetails, 1000 by
//! default with Exchange's literal warning when more exist.

use crate::admin::params::{IdentityKind, UNLIMITED, identity};
use crate::model::{Mailbox, MailboxId, RecipientTypeDetails};

use super::super::identity;
use super::super::objects::MAILBOX_TYPE;
use super::super::objects::mailbox::{MAILBOX_SCHEMA, MailboxRow, mailbox_object};
use super::super::result_size::{RECIPIENT_DEFAULT, ResultLimit};
use super::filter_arg;
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::admin::enums::RECIPIENT_TYPE_DETAILS;
use crate::script::cmdlet::{CmdletInfo, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParamType, ParameterInfo, PipelineInput};
use crate::script::wildcard::Wildcard;

const PARAMS: [ParameterInfo; 5] = [
    ParameterInfo::new("Identity", identity(IdentityKind::Mailbox))
        .position(0)
        .pipeline(PipelineInput::ByValue)
        .sets(&["Identity"])
        .help("Name, Alias, SMTP address, UPN or Guid; `*` wildcards allowed."),
    ParameterInfo::new("Anr", ParamType::String)
        .sets(&["AnrSet"])
        .help("Ambiguous name resolution: mailboxes whose Name, Alias, DisplayName, SMTP address or UPN starts with it."),
    ParameterInfo::new("Filter", ParamType::Filter),
    ParameterInfo::new("RecipientTypeDetails", ParamType::Enums(&RECIPIENT_TYPE_DETAILS)),
    ParameterInfo::new("ResultSize", UNLIMITED).help("Default 1000; `Unlimited` for all."),
];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Get-Mailbox",
        synopsis: "Lists mailboxes.",
        output_type: Some(MAILBOX_TYPE),
        parameters: &PARAMS,
        default_parameter_set: "Identity",
        confirm_impact: None,
        examples: EXAMPLES,
    },
    run,
);

static EXAMPLES: &[Example] = &[
    Example {
        title: "One mailbox by its SMTP address",
        input: "Get-Mailbox -Identity alice@contoso.com",
        output: r#"Name  Alias RecipientTypeDetails PrimarySmtpAddress
----  ----- -------------------- ------------------
Alice alice UserMailbox          alice@contoso.com"#,
    },
    Example {
        title: "User mailboxes only, as scenario B asks, with an explicit limit reached",
        input: "Get-Mailbox -RecipientTypeDetails UserMailbox -ResultSize 2",
        output: r#"Name  Alias RecipientTypeDetails PrimarySmtpAddress
----  ----- -------------------- ------------------
Alice alice UserMailbox          alice@contoso.com
Bob   bob   UserMailbox          bob@contoso.com

WARNING: There are more results available than are currently displayed. To view them, increase the value for the ResultSize parameter."#,
    },
    Example {
        title: "A filter on a property",
        input: r#"Get-Mailbox -Filter "DisplayName -like 'Help*'""#,
        output: r#"Name     Alias    RecipientTypeDetails PrimarySmtpAddress
----     -----    -------------------- ------------------
HelpDesk helpdesk SharedMailbox        helpdesk@contoso.com"#,
    },
    Example {
        title: "An identity that does not exist",
        input: "Get-Mailbox nobody",
        output: r#"Get-Mailbox : The operation couldn't be performed because object 'nobody' couldn't be found on 'EASPR01A001DC01.EASPR01A001.prod.outlook.com'.
At line:1 char:1
+ Get-Mailbox nobody
+ ~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : ObjectNotFound: (nobody:String) [Get-Mailbox], ManagementObjectNotFoundException
    + FullyQualifiedErrorId : ManagementObjectNotFoundException,Get-Mailbox"#,
    },
];

/// What -RecipientTypeDetails and -Anr ask of a mailbox (Get-Mailbox and Get-CASMailbox take both).
pub(super) struct Selection {
    kinds: Option<Vec<RecipientTypeDetails>>,
    anr: Option<Wildcard>,
}

impl Selection {
    pub(super) fn from_args(args: &BoundParameters) -> Selection {
        Selection {
            kinds: args.enums("RecipientTypeDetails"),
            anr: args
                .string("Anr")
                .map(|a| Wildcard::new(&format!("{}*", a.trim()))),
        }
    }

    pub(super) fn admits(&self, m: &Mailbox) -> bool {
        if self
            .kinds
            .as_ref()
            .is_some_and(|k| !k.contains(&m.recipient_type_details))
        {
            return false;
        }
        self.anr
            .as_ref()
            .is_none_or(|w| identity::names_match(m, w))
    }
}

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let filter = filter_arg(args, MAILBOX_SCHEMA)?;
    let select = Selection::from_args(args);
    let (tenant, out) = ctx.read();
    let ids: Vec<MailboxId> = match args.string("Identity") {
        Some(id) => match identity::mailboxes(tenant, id) {
            Ok(ids) => ids,
            Err(e) => {
                out.write_error(e);
                return Ok(());
            }
        },
        None => tenant.mailboxes().map(|(id, _)| id).collect(),
    };
    let mut limit = ResultLimit::from_args(args, Some(RECIPIENT_DEFAULT));
    for id in ids {
        if !select.admits(tenant.mailbox(id)) {
            continue;
        }
        if filter
            .as_ref()
            .is_some_and(|f| !f.matches(&MailboxRow { tenant, id }))
        {
            continue;
        }
        if !limit.admit(out) {
            break;
        }
        out.write_object_with(|| mailbox_object(tenant, id).into());
        if !out.wants_more() {
            break;
        }
    }
    Ok(())
}
