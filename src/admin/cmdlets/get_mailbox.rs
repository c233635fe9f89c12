//! Get-Mailbox: mailboxes by -Identity (wildcards allowed), -Anr, -Filter and -RecipientTypeDetails, 1000 by
//! default with Exchange's literal warning when more exist; -SortBy sorts them by one property first.
//!
//! Every parameter the Exchange Online reference lists is accepted (Get-Mailbox.md; on-premises-only ones such
//! as -Database, -Server, -Arbitration are not). The switches that select a kind of mailbox the simulated tenant
//! never holds (-Archive, -GroupMailbox, -InactiveMailboxOnly, -Migration, -PublicFolder, -SoftDeletedMailbox)
//! and -MailboxPlan (no plans are modelled) return no mailbox, without a scan; -IncludeInactiveMailbox adds
//! none; -OrganizationalUnit has no effect (one unit holds every mailbox); the six Include…WithDisplayNames
//! switches, which the reference leaves undescribed, complete properties the simulator does not model, so they
//! have no effect either.

use crate::admin::params::{IdentityKind, UNLIMITED, identity};
use crate::model::{Mailbox, MailboxId, RecipientTypeDetails, Tenant};

use super::super::identity;
use super::super::objects::MAILBOX_TYPE;
use super::super::objects::mailbox::{MAILBOX_SCHEMA, MailboxRow, mailbox_object};
use super::super::result_size::{RECIPIENT_DEFAULT, ResultLimit};
use super::super::sort_by::{self, SortKey};
use super::filter_arg;
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::admin::enums::RECIPIENT_TYPE_DETAILS;
use crate::script::cmdlet::{CmdletInfo, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParamType, ParameterInfo, PipelineInput};
use crate::script::wildcard::Wildcard;

/// The sets of the reference's switches that Get-Mailbox takes with -Identity, -Anr or -MailboxPlan (not with
/// -Database or -Server, which Exchange Online lacks).
const IDENTITY_ANR_PLAN: &[&str] = &["Identity", "AnrSet", "MailboxPlanSet"];

/// What an Include…WithDisplayNames switch says (the reference leaves all six undescribed).
macro_rules! with_display_names {
    ($property:literal) => {
        concat!(
            "Exchange Online only; the reference leaves it undescribed (it completes the ",
            $property,
            " entries with their display names). No effect in the simulator: it does not model ",
            $property,
            "."
        )
    };
}

const PARAMS: [ParameterInfo; 21] = [
    ParameterInfo::new("Identity", identity(IdentityKind::Mailbox))
        .position(0)
        .pipeline(PipelineInput::ByValue)
        .sets(&["Identity"])
        .help("Name, Alias, SMTP address, UPN or Guid; `*` wildcards allowed."),
    ParameterInfo::new("Anr", ParamType::String)
        .sets(&["AnrSet"])
        .help("Ambiguous name resolution: mailboxes whose Name, Alias, DisplayName, SMTP address or UPN starts with it."),
    ParameterInfo::new("Archive", ParamType::Switch).help(
        "Only mailboxes that have an archive enabled: none in the simulated tenant, which models no archives.",
    ),
    ParameterInfo::new("Filter", ParamType::Filter),
    ParameterInfo::new("GroupMailbox", ParamType::Switch).help(
        "Only Microsoft 365 Groups: none in the simulated tenant (it holds user, shared, room and equipment mailboxes).",
    ),
    ParameterInfo::new("InactiveMailboxOnly", ParamType::Switch)
        .sets(IDENTITY_ANR_PLAN)
        .help("Exchange Online only. Only inactive mailboxes (soft-deleted while on hold): none in the simulated tenant."),
    ParameterInfo::new("IncludeAcceptMessagesOnlyFromDLMembersWithDisplayNames", ParamType::Switch)
        .sets(IDENTITY_ANR_PLAN)
        .help(with_display_names!("AcceptMessagesOnlyFromDLMembers")),
    ParameterInfo::new("IncludeAcceptMessagesOnlyFromSendersOrMembersWithDisplayNames", ParamType::Switch)
        .sets(IDENTITY_ANR_PLAN)
        .help(with_display_names!("AcceptMessagesOnlyFromSendersOrMembers")),
    ParameterInfo::new("IncludeAcceptMessagesOnlyFromWithDisplayNames", ParamType::Switch)
        .sets(IDENTITY_ANR_PLAN)
        .help(with_display_names!("AcceptMessagesOnlyFrom")),
    ParameterInfo::new("IncludeEmailAddressDisplayNames", ParamType::Switch)
        .sets(IDENTITY_ANR_PLAN)
        .help(with_display_names!("EmailAddresses")),
    ParameterInfo::new("IncludeForwardingAddressWithDisplayNames", ParamType::Switch)
        .sets(IDENTITY_ANR_PLAN)
        .help(with_display_names!("ForwardingAddress")),
    ParameterInfo::new("IncludeGrantSendOnBehalfToWithDisplayNames", ParamType::Switch)
        .sets(IDENTITY_ANR_PLAN)
        .help(with_display_names!("GrantSendOnBehalfTo")),
    ParameterInfo::new("IncludeInactiveMailbox", ParamType::Switch)
        .sets(IDENTITY_ANR_PLAN)
        .help("Exchange Online only. Adds inactive mailboxes to the results; no effect in the simulator: its tenant has none."),
    ParameterInfo::new("MailboxPlan", ParamType::String)
        .sets(&["MailboxPlanSet"])
        .help("Exchange Online only. Only mailboxes assigned this mailbox plan (Name, Alias, DisplayName, DN or Guid): none in the simulated tenant, which models no mailbox plans."),
    ParameterInfo::new("Migration", ParamType::Switch)
        .help("Only migration mailboxes: none in the simulated tenant."),
    ParameterInfo::new("OrganizationalUnit", ParamType::String).help(
        "Only mailboxes in this organizational unit or domain (Name, canonical name, DN or Guid); no effect in the simulator: its tenant keeps every mailbox in one unit (domain/Users, as devices' UserDisplayName shows).",
    ),
    ParameterInfo::new("PublicFolder", ParamType::Switch)
        .help("Only public folder mailboxes: none in the simulated tenant."),
    ParameterInfo::new("RecipientTypeDetails", ParamType::Enums(&RECIPIENT_TYPE_DETAILS)),
    ParameterInfo::new("ResultSize", UNLIMITED).help("Default 1000; `Unlimited` for all."),
    ParameterInfo::new("SoftDeletedMailbox", ParamType::Switch)
        .sets(IDENTITY_ANR_PLAN)
        .help("Exchange Online only. Only soft-deleted (still recoverable) mailboxes: none in the simulated tenant."),
    ParameterInfo::new("SortBy", ParamType::String).help(
        "One property to sort by, ascending: Name, DisplayName, Alias, Office or ServerLegacyDN. The simulator models no Office or ServerLegacyDN: every mailbox lacks them, so sorting by them keeps the order.",
    ),
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
        title: "Sorted by one of the documented properties (Name, DisplayName, Alias, Office, ServerLegacyDN)",
        input: "Get-Mailbox -SortBy DisplayName | Format-Table Name, DisplayName",
        output: r#"Name     DisplayName
----     -----------
Alice    Alice Wilson
Bob      Bob Kelly
Carol    Carol Diaz
HelpDesk Help Desk"#,
    },
    Example {
        title: "Soft-deleted mailboxes: the simulated tenant has none",
        input: "Get-Mailbox -SoftDeletedMailbox",
        output: r#""#,
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

/// What -RecipientTypeDetails, -Anr and the selecting switches ask of a mailbox (Get-Mailbox and Get-CASMailbox
/// take the first two; only Get-Mailbox has the switches, unbound for Get-CASMailbox).
pub(super) struct Selection {
    kinds: Option<Vec<RecipientTypeDetails>>,
    anr: Option<Wildcard>,
    /// A switch or -MailboxPlan asks for a kind of mailbox the simulated tenant never holds.
    none: bool,
}

/// Get-Mailbox's switches for kinds of mailbox the simulator does not model (no archives, Microsoft 365 Groups,
/// inactive, migration, public folder or soft-deleted mailboxes), so each selects none.
const SELECTS_NONE: [&str; 6] = [
    "Archive",
    "GroupMailbox",
    "InactiveMailboxOnly",
    "Migration",
    "PublicFolder",
    "SoftDeletedMailbox",
];

impl Selection {
    pub(super) fn from_args(args: &BoundParameters) -> Selection {
        Selection {
            kinds: args.enums("RecipientTypeDetails"),
            anr: args
                .string("Anr")
                .map(|a| Wildcard::new(&format!("{}*", a.trim()))),
            none: SELECTS_NONE.iter().any(|s| args.switch(s)) || args.is_bound("MailboxPlan"),
        }
    }

    /// True when no mailbox of the tenant can be admitted (so no scan is needed).
    pub(super) fn selects_none(&self) -> bool {
        self.none
    }

    pub(super) fn admits(&self, m: &Mailbox) -> bool {
        if self.none {
            return false;
        }
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

/// A mailbox property -SortBy takes (Get-Mailbox's and Get-CASMailbox's lists name them).
#[derive(Clone, Copy, Debug)]
pub(super) enum SortProperty {
    Name,
    DisplayName,
    Alias,
    /// Office and ServerLegacyDN: not modelled, so absent on every mailbox.
    NotModelled,
}

/// Get-Mailbox's sortable properties (Get-Mailbox.md, -SortBy: "You can sort by the following properties: Name,
/// DisplayName, Alias, Office, ServerLegacyDN").
const SORTABLE: [(&str, SortProperty); 5] = [
    ("Name", SortProperty::Name),
    ("DisplayName", SortProperty::DisplayName),
    ("Alias", SortProperty::Alias),
    ("Office", SortProperty::NotModelled),
    ("ServerLegacyDN", SortProperty::NotModelled),
];

/// `ids` in ascending order of `prop`, as -SortBy asks.
pub(super) fn sorted(
    tenant: &Tenant,
    ids: impl Iterator<Item = MailboxId>,
    prop: SortProperty,
) -> Vec<MailboxId> {
    sort_by::sorted(ids, |&id| {
        let m = tenant.mailbox(id);
        match prop {
            SortProperty::Name => SortKey::text(&m.name),
            SortProperty::DisplayName => SortKey::text(&m.display_name),
            SortProperty::Alias => SortKey::text(&m.alias),
            SortProperty::NotModelled => SortKey::Absent,
        }
    })
}

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let filter = filter_arg(args, MAILBOX_SCHEMA)?;
    let sort = sort_by::from_args(args, &SORTABLE)?;
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
        None if select.selects_none() => Vec::new(),
        None => tenant.mailboxes().map(|(id, _)| id).collect(),
    };
    let selected = ids.into_iter().filter(|&id| {
        select.admits(tenant.mailbox(id))
            && filter
                .as_ref()
                .is_none_or(|f| f.matches(&MailboxRow { tenant, id }))
    });
    let mut limit = ResultLimit::from_args(args, Some(RECIPIENT_DEFAULT));
    // Without -SortBy the selection streams: nothing past -ResultSize is read.
    let ids: Box<dyn Iterator<Item = MailboxId>> = match sort {
        Some(prop) => Box::new(sorted(tenant, selected, prop).into_iter()),
        None => Box::new(selected),
    };
    for id in ids {
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
