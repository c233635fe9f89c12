//! Issue #11 item 4 for Get-Mailbox, Get-CASMailbox, Get-MobileDevice -OrganizationalUnit and
//! Get-MobileDeviceStatistics -UseCustomRouting: every documented Exchange Online parameter is accepted and does
//! what its reference section says of a tenant that holds what the simulated one holds. Each expectation names the
//! reference text it comes from (MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/
//! <Cmdlet>.md @93336da2bca9); the sortable lists are kept verbatim in `fixtures/facts/get-mailbox.txt`.

use super::examples::{EXAMPLE_NOW, example_tenant, run_lines};
use super::fact_tests::section;
use crate::model::{Guid, Mailbox, Tenant};

const FACTS: &str = include_str!("../../fixtures/facts/get-mailbox.txt");

/// The example tenant (Alice "Alice Wilson" alice, Bob "Bob Kelly" bob, Carol "Carol Diaz" carol, HelpDesk
/// "Help Desk" helpdesk) plus two mailboxes whose Name, DisplayName and Alias orders all differ:
/// Zoe "Aaron Young" mid.zoe and dave "dave baker" Zed (lower and upper case, to see the order ignore case).
fn tenant() -> Tenant {
    let mut t = example_tenant();
    let (_, first) = t
        .mailboxes()
        .next()
        .expect("the example tenant has mailboxes");
    let template = first.clone();
    for (n, (name, display, alias)) in [
        ("Zoe", "Aaron Young", "mid.zoe"),
        ("dave", "dave baker", "Zed"),
    ]
    .into_iter()
    .enumerate()
    {
        t.add_mailbox(Mailbox {
            guid: Guid::from_random_bits(0x50_0000 + n as u128),
            name: name.to_string(),
            alias: alias.to_string(),
            display_name: display.to_string(),
            primary_smtp_address: format!("{alias}@contoso.com"),
            user_principal_name: format!("{alias}@contoso.com"),
            ..template.clone()
        })
        .expect("the added mailboxes are unique");
    }
    t
}

fn run(line: &str) -> String {
    run_lines(&mut tenant(), EXAMPLE_NOW, line)
}

/// The Names a pipeline writes, comma-separated.
fn names(pipeline: &str) -> String {
    run(&format!("({pipeline}).Name -join ','"))
}

const ALL: &str = "Alice,Bob,Carol,HelpDesk,Zoe,dave";

/// Get-Mailbox.md / Get-CASMailbox.md, -SortBy: "You can sort by only one property at a time. The results are
/// sorted in ascending order." and the list of properties (the fact file). Ascending by the directory's
/// case-insensitive string order: Name Alice < Bob < Carol < dave < HelpDesk < Zoe; DisplayName "Aaron Young"
/// (Zoe) < "Alice Wilson" < "Bob Kelly" < "Carol Diaz" < "dave baker" < "Help Desk"; Alias alice < bob < carol <
/// helpdesk < mid.zoe < Zed.
#[test]
fn sort_by_sorts_ascending_by_each_documented_property() {
    for cmdlet in ["Get-Mailbox", "Get-CASMailbox"] {
        assert_eq!(
            names(&format!("{cmdlet} -SortBy Name")),
            "Alice,Bob,Carol,dave,HelpDesk,Zoe",
            "{cmdlet}"
        );
        assert_eq!(
            names(&format!("{cmdlet} -SortBy displayname")),
            "Zoe,Alice,Bob,Carol,dave,HelpDesk",
            "{cmdlet}"
        );
    }
    assert_eq!(
        names("Get-Mailbox -SortBy Alias"),
        "Alice,Bob,Carol,HelpDesk,Zoe,dave"
    );
    // Every listed property is accepted; Office and ServerLegacyDN are not modelled, so every mailbox lacks them
    // and the whole selection comes back.
    for (cmdlet, list) in [
        ("Get-Mailbox", "Get-Mailbox SortBy"),
        ("Get-CASMailbox", "Get-CASMailbox SortBy"),
    ] {
        let properties = section(FACTS, list);
        assert!(properties.len() >= 3, "{list}: {properties:?}");
        for property in properties {
            let mut got: Vec<String> = names(&format!("{cmdlet} -SortBy {property}"))
                .split(',')
                .map(str::to_string)
                .collect();
            got.sort();
            let mut all: Vec<&str> = ALL.split(',').collect();
            all.sort();
            assert_eq!(got, all, "{cmdlet} -SortBy {property}");
        }
    }
}

/// "The ResultSize parameter specifies the maximum number of results to return" of the sorted results: the first
/// by DisplayName is Zoe ("Aaron Young"), then the more-results warning (result_size.rs).
#[test]
fn sort_by_applies_before_result_size() {
    let out = run("Get-Mailbox -SortBy DisplayName -ResultSize 1 | Format-Table Name");
    assert!(out.contains("Zoe"), "{out}");
    assert!(!out.contains("Alice"), "{out}");
    assert!(out.contains("There are more results available"), "{out}");
    let out = run("Get-CASMailbox -SortBy DisplayName -ResultSize 1 | Format-Table Name");
    assert!(out.contains("Zoe") && !out.contains("Alice"), "{out}");
}

/// A property outside the list is Exchange's ErrorInvalidSortProperty (QueryHelper.cs GetSortBy), as for
/// Get-MobileDevice. Alias is in Get-Mailbox's list but not in Get-CASMailbox's.
#[test]
fn sort_by_refuses_an_unlisted_property() {
    for (cmdlet, property) in [
        ("Get-Mailbox", "PrimarySmtpAddress"),
        ("Get-CASMailbox", "Alias"),
        ("Get-CASMailbox", "ActiveSyncEnabled"),
    ] {
        let out = run(&format!("{cmdlet} -SortBy {property}"));
        assert!(
            out.contains(&format!(
                "Cannot bind parameter 'SortBy' to the target. Exception setting \"SortBy\": \"Property {property} is not supported in the sort.\""
            )),
            "{cmdlet} -SortBy {property}: {out}"
        );
        assert!(!out.contains("Alice"), "nothing is written: {out}");
    }
}

/// Get-Mailbox.md: -Archive "return only mailboxes that have an archive enabled", -GroupMailbox "only Microsoft
/// 365 Groups", -InactiveMailboxOnly "only inactive mailboxes", -Migration "only migration mailboxes",
/// -PublicFolder "only public folder mailboxes", -SoftDeletedMailbox "only soft-deleted mailboxes", -MailboxPlan
/// "only mailboxes that are assigned the specified mailbox plan". The simulated tenant holds user, shared, room
/// and equipment mailboxes with no archive, plan or deletion: each selects none, also with -Anr or -Identity
/// (whose resolution error still comes first: "couldn't be found").
#[test]
fn switches_for_mailbox_kinds_the_tenant_lacks_select_none() {
    for selector in [
        "-Archive",
        "-GroupMailbox",
        "-InactiveMailboxOnly",
        "-Migration",
        "-PublicFolder",
        "-SoftDeletedMailbox",
        "-MailboxPlan ExchangeOnlineEnterprise",
    ] {
        for line in [
            format!("Get-Mailbox {selector}"),
            format!("Get-Mailbox {selector} -ResultSize Unlimited -Anr a"),
            format!("Get-Mailbox {selector} -Filter \"Name -like '*'\" -SortBy Name"),
        ] {
            if selector.starts_with("-MailboxPlan") && line.contains("-Anr") {
                continue; // the parameter-set case below
            }
            assert_eq!(run(&line), "", "{line}");
        }
    }
    assert_eq!(run("Get-Mailbox alice -Archive"), "");
    assert!(run("Get-Mailbox nobody -SoftDeletedMailbox").contains("couldn't be found"));
}

/// Get-Mailbox.md, -MailboxPlan: "You can't use this parameter with the Anr or Identity parameters." (the
/// MailboxPlanSet); -SoftDeletedMailbox, -InactiveMailboxOnly and the Include… switches are in the Identity,
/// AnrSet and MailboxPlanSet sets, so they combine with each.
#[test]
fn mailbox_plan_is_its_own_parameter_set() {
    for line in [
        "Get-Mailbox -MailboxPlan p -Identity alice",
        "Get-Mailbox -MailboxPlan p -Anr a",
    ] {
        assert!(run(line).contains("AmbiguousParameterSet"), "{line}");
    }
    for line in [
        "Get-Mailbox -MailboxPlan p -SoftDeletedMailbox -IncludeInactiveMailbox",
        "Get-Mailbox -Anr a -InactiveMailboxOnly -IncludeEmailAddressDisplayNames",
        "Get-Mailbox alice -SoftDeletedMailbox -IncludeGrantSendOnBehalfToWithDisplayNames",
    ] {
        assert_eq!(run(line), "", "{line}");
    }
}

/// The parameters with nothing to act on in the simulated tenant change nothing: -IncludeInactiveMailbox "include
/// inactive mailboxes" (there are none), -OrganizationalUnit (one unit holds every mailbox and device), the six
/// Include…WithDisplayNames switches (their properties are not modelled), Get-CASMailbox's -Credential and
/// -IgnoreDefaultScope, and Get-MobileDeviceStatistics -UseCustomRouting ("routes the command directly to the
/// required Mailbox server", exchange-online-powershell-v2.md; there is one).
#[test]
fn parameters_without_an_object_to_act_on_change_nothing() {
    let same = |plain: &str, with: &str| {
        let (a, b) = (run(plain), run(with));
        assert!(!a.is_empty(), "{plain}");
        assert_eq!(a, b, "{with}");
    };
    same(
        "Get-Mailbox -ResultSize Unlimited",
        "Get-Mailbox -ResultSize Unlimited -IncludeInactiveMailbox -OrganizationalUnit Users -IncludeAcceptMessagesOnlyFromDLMembersWithDisplayNames -IncludeAcceptMessagesOnlyFromSendersOrMembersWithDisplayNames -IncludeAcceptMessagesOnlyFromWithDisplayNames -IncludeEmailAddressDisplayNames -IncludeForwardingAddressWithDisplayNames -IncludeGrantSendOnBehalfToWithDisplayNames",
    );
    same(
        "Get-Mailbox -Anr a | Format-List",
        "Get-Mailbox -Anr a -IncludeInactiveMailbox -IncludeForwardingAddressWithDisplayNames | Format-List",
    );
    same(
        "Get-CASMailbox | Format-List",
        "Get-CASMailbox -Credential 'admin@contoso.com' -IgnoreDefaultScope -OrganizationalUnit 'contoso.com/Users' | Format-List",
    );
    same(
        "Get-MobileDevice | Format-List",
        "Get-MobileDevice -OrganizationalUnit Users | Format-List",
    );
    same(
        "Get-MobileDeviceStatistics -Mailbox bob | Format-List",
        "Get-MobileDeviceStatistics -Mailbox bob -UseCustomRouting | Format-List",
    );
}

/// The help of each accepted parameter says what it does here (issue #11 item 4: a parameter with no effect says
/// so, and why).
#[test]
fn help_says_what_each_new_parameter_does_here() {
    for (cmdlet, params) in [
        (
            "Get-Mailbox",
            &[
                "Archive",
                "GroupMailbox",
                "InactiveMailboxOnly",
                "IncludeAcceptMessagesOnlyFromDLMembersWithDisplayNames",
                "IncludeAcceptMessagesOnlyFromSendersOrMembersWithDisplayNames",
                "IncludeAcceptMessagesOnlyFromWithDisplayNames",
                "IncludeEmailAddressDisplayNames",
                "IncludeForwardingAddressWithDisplayNames",
                "IncludeGrantSendOnBehalfToWithDisplayNames",
                "IncludeInactiveMailbox",
                "MailboxPlan",
                "Migration",
                "OrganizationalUnit",
                "PublicFolder",
                "SoftDeletedMailbox",
                "SortBy",
            ][..],
        ),
        (
            "Get-CASMailbox",
            &[
                "SortBy",
                "Credential",
                "IgnoreDefaultScope",
                "OrganizationalUnit",
            ][..],
        ),
        ("Get-MobileDevice", &["OrganizationalUnit"][..]),
        ("Get-MobileDeviceStatistics", &["UseCustomRouting"][..]),
    ] {
        let info = &super::cmdlets::find(cmdlet).expect("registered").info;
        for name in params {
            let p = info
                .parameters
                .iter()
                .find(|p| p.answers_to(name))
                .unwrap_or_else(|| panic!("{cmdlet} -{name}"));
            assert!(p.help.contains("simulat"), "{cmdlet} -{name}: {}", p.help);
        }
    }
}
