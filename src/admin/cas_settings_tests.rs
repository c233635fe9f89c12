//! Set-CASMailbox's Exchange Online settings beyond ActiveSync and the protocol switches (issue #11 item 4), and
//! Get-CASMailbox's display switches, driven through the script interface. Expected values come from the
//! reference pages (MicrosoftDocs/office-docs-powershell @93336da2bca9): the defaults and filterable properties
//! from `fixtures/facts/set-casmailbox.txt`, the rest quoted beside each case.

use super::examples::{EXAMPLE_NOW, example_tenant, run_lines};
use super::fact_tests::{pairs, section};
use super::objects::exo::CAS_PROPS;
use crate::model::{self, DEBUG_LOGGING_HOURS, Tenant, Timestamp};

const FACTS: &str = include_str!("../../fixtures/facts/set-casmailbox.txt");

/// What `Format-List` prints for `property` of the first object `command` writes ("" for blank).
fn shown_at(t: &mut Tenant, now: Timestamp, command: &str, property: &str) -> String {
    let out = run_lines(t, now, &format!("{command} | Format-List {property}"));
    out.lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case(property)
                .then(|| value.trim().to_string())
        })
        .unwrap_or_else(|| panic!("{command}: no {property} in {out}"))
}

fn shown(t: &mut Tenant, command: &str, property: &str) -> String {
    shown_at(t, EXAMPLE_NOW, command, property)
}

/// Names of the mailboxes a Get-CASMailbox call writes.
fn names(t: &mut Tenant, command: &str) -> Vec<String> {
    let out = run_lines(
        t,
        EXAMPLE_NOW,
        &format!("{command} | ForEach-Object {{ $_.Name }}"),
    );
    out.lines().map(str::to_string).collect()
}

#[test]
fn get_casmailbox_shows_the_documented_defaults() {
    let defaults = pairs(&section(FACTS, "Defaults"));
    assert_eq!(defaults.len(), 25, "the 25 parameters of issue #11 item 4");
    let mut t = example_tenant();
    for (property, value) in &defaults {
        for mailbox in ["alice", "bob", "carol"] {
            assert_eq!(
                &shown(&mut t, &format!("Get-CASMailbox {mailbox}"), property),
                value,
                "{mailbox} {property}"
            );
        }
    }
    // Get-EXOCasMailbox shows the same stored values (its property sets, or -Properties).
    for (property, value) in &defaults {
        if CAS_PROPS.iter().any(|p| p.name == property) {
            let command = format!("Get-EXOCasMailbox alice -Properties {property}");
            assert_eq!(&shown(&mut t, &command, property), value, "{command}");
        }
    }
}

/// Each parameter with a value other than its default, and what Get-CASMailbox then shows. Values are of the
/// types and from the value lists Set-CASMailbox.md gives per parameter.
const CHANGES: &[(&str, &str, &str)] = &[
    ("ActiveSyncSuppressReadReceipt", "$true", "True"),
    ("EwsAllowEntourage", "$false", "False"),
    // "To enter multiple values and overwrite any existing entries, use the following syntax: Value1,Value2,...ValueN."
    (
        "EwsAllowList",
        "'MyApp/1.0','Other App'",
        "{MyApp/1.0, Other App}",
    ),
    ("EwsAllowMacOutlook", "$false", "False"),
    ("EwsAllowOutlook", "$false", "False"),
    (
        "EwsApplicationAccessPolicy",
        "EnforceBlockList",
        "EnforceBlockList",
    ),
    ("EwsBlockList", "'BadApp/2'", "{BadApp/2}"),
    ("ImapForceICalForCalendarRetrievalOption", "$true", "True"),
    // "You can use an integer or a text value. Valid values are: ... 6: Tnef"
    ("ImapMessagesRetrievalMimeFormat", "6", "Tnef"),
    ("ImapSuppressReadReceipt", "$true", "True"),
    ("ImapUseProtocolDefaults", "$false", "False"),
    ("IsOptimizedForAccessibility", "$true", "False"), // shown only with -ReadIsOptimizedForAccessibility
    ("MacOutlookEnabled", "$false", "False"),
    ("OneWinNativeOutlookEnabled", "$false", "False"),
    ("OutlookMobileEnabled", "$false", "False"),
    ("OWAforDevicesEnabled", "$false", "False"),
    ("OwaMailboxPolicy", "$null", ""),
    ("PopForceICalForCalendarRetrievalOption", "$true", "True"),
    // "1: HtmlOnly" — enum names bind case-insensitively, as PowerShell's enum conversion does.
    ("PopMessagesRetrievalMimeFormat", "htmlonly", "HtmlOnly"),
    ("PopSuppressReadReceipt", "$true", "True"),
    ("PopUseProtocolDefaults", "$false", "False"),
    ("PublicFolderClientAccess", "$true", "True"),
    ("ShowGalAsDefaultView", "$false", "False"),
    ("SmtpClientAuthenticationDisabled", "$false", "False"),
    ("UniversalOutlookEnabled", "$false", "False"),
];

#[test]
fn set_casmailbox_keeps_shows_and_round_trips_each_setting() {
    let defaults = pairs(&section(FACTS, "Defaults"));
    for (property, _) in &defaults {
        assert!(
            CHANGES.iter().any(|(p, _, _)| p == property),
            "{property} is exercised"
        );
    }
    for (parameter, value, expected) in CHANGES {
        let mut t = example_tenant();
        let out = run_lines(
            &mut t,
            EXAMPLE_NOW,
            &format!("Set-CASMailbox bob -{parameter} {value}"),
        );
        assert_eq!(out, "", "-{parameter} {value}");
        assert_eq!(
            &shown(&mut t, "Get-CASMailbox bob", parameter),
            expected,
            "-{parameter} {value}"
        );
        // Alice is untouched.
        let default = &defaults
            .iter()
            .find(|(p, _)| p == parameter)
            .expect("a fact")
            .1;
        assert_eq!(
            &shown(&mut t, "Get-CASMailbox alice", parameter),
            default,
            "{parameter}"
        );
        // Export-Tenant / Import-Tenant and the durable snapshot write the tenant as model::to_json.
        let json = model::to_json(&t);
        let mut back = model::from_json(&json).expect("reads back");
        let bob = t.find_mailboxes("bob")[0];
        assert_eq!(
            back.mailbox(bob).cas,
            t.mailbox(bob).cas,
            "-{parameter} round-trips"
        );
        assert_eq!(
            &shown(&mut back, "Get-CASMailbox bob", parameter),
            expected,
            "-{parameter} {value} after a round trip"
        );
        assert_ne!(
            back.mailbox(bob).cas,
            example_tenant().mailbox(bob).cas,
            "-{parameter} {value} changed something"
        );
    }
}

#[test]
fn a_tenant_written_before_these_settings_reads_them_as_the_defaults() {
    let t = example_tenant();
    let json = model::to_json(&t);
    for (property, _) in pairs(&section(FACTS, "Defaults")) {
        assert!(
            !json.contains(&format!("\"{property}\"")),
            "{property} is written only when changed"
        );
    }
    let back = model::from_json(&json).expect("reads");
    for (id, m) in t.mailboxes() {
        assert_eq!(back.mailbox(id).cas, m.cas);
    }
}

#[test]
fn nullable_settings_clear_with_null() {
    // SmtpClientAuthenticationDisabled: "blank ($null): This value is the default."; EwsApplicationAccessPolicy:
    // filter-properties.md lists `$null` among its values; OwaMailboxPolicy back to the default policy by name.
    let mut t = example_tenant();
    run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Set-CASMailbox bob -SmtpClientAuthenticationDisabled $true -EwsApplicationAccessPolicy EnforceAllowList -EwsAllowOutlook $true -OwaMailboxPolicy $null",
    );
    run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Set-CASMailbox bob -SmtpClientAuthenticationDisabled $null -EwsApplicationAccessPolicy $null -EwsAllowOutlook $null -OwaMailboxPolicy owamailboxpolicy-default",
    );
    let bob = t.find_mailboxes("bob")[0];
    assert_eq!(t.mailbox(bob).cas, example_tenant().mailbox(bob).cas);
    assert_eq!(
        shown(&mut t, "Get-CASMailbox bob", "OwaMailboxPolicy"),
        "OwaMailboxPolicy-Default"
    );
}

#[test]
fn ews_lists_edit_with_add_and_remove() {
    // "To add or remove one or more values without affecting any existing entries, use the following syntax:
    // @{Add="Value1","Value2"...; Remove="Value3","Value4"...}." (-EwsAllowList, -EwsBlockList)
    let mut t = example_tenant();
    run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Set-CASMailbox bob -EwsAllowList 'A/1','B/2'
Set-CASMailbox bob -EwsAllowList @{Add='C/3'; Remove='A/1'}
Set-CASMailbox bob -EwsBlockList @{Add='X/9'}",
    );
    assert_eq!(
        shown(&mut t, "Get-CASMailbox bob", "EwsAllowList"),
        "{B/2, C/3}"
    );
    assert_eq!(shown(&mut t, "Get-CASMailbox bob", "EwsBlockList"), "{X/9}");
}

#[test]
fn values_outside_the_documented_lists_are_refused_and_change_nothing() {
    let mut t = example_tenant();
    // The valid values are the reference's lists, in its order; the text is PowerShell's enum conversion error.
    let out = run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Set-CASMailbox bob -PopSuppressReadReceipt $true -PopMessagesRetrievalMimeFormat Rtf",
    );
    assert!(
        out.contains(
            "Cannot bind parameter 'PopMessagesRetrievalMimeFormat'. Cannot convert value \"Rtf\" to type \"Microsoft.Exchange.Data.Directory.SystemConfiguration.MimeTextFormat\". Error: \"Unable to match the identifier name Rtf to a valid enumerator name. Specify one of the following enumerator names and try again: TextOnly, HtmlOnly, HtmlAndTextAlternative, TextEnrichedOnly, TextEnrichedAndTextAlternative, BestBodyFormat, Tnef\""
        ),
        "{out}"
    );
    let out = run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Set-CASMailbox bob -EwsApplicationAccessPolicy EnforceNothing",
    );
    assert!(
        out.contains("Specify one of the following enumerator names and try again: EnforceAllowList, EnforceBlockList"),
        "{out}"
    );
    // An Outlook on the web policy the tenant does not have: Exchange's "couldn't be found", and the other
    // setting of the same call is not made.
    let out = run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Set-CASMailbox bob -ShowGalAsDefaultView $false -OwaMailboxPolicy Contractors",
    );
    assert!(
        out.contains(
            "The operation couldn't be performed because object 'Contractors' couldn't be found"
        ),
        "{out}"
    );
    let out = run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Set-CASMailbox bob -OutlookMobileEnabled 'no'",
    );
    assert!(
        out.contains("Boolean parameters accept only Boolean values and numbers"),
        "{out}"
    );
    let bob = t.find_mailboxes("bob")[0];
    assert_eq!(t.mailbox(bob).cas, example_tenant().mailbox(bob).cas);
}

#[test]
fn get_casmailbox_filters_on_the_documented_properties() {
    // filter-properties.md's examples for these properties, each against a tenant where one mailbox differs.
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "Set-CASMailbox bob -ActiveSyncSuppressReadReceipt $true",
            "ActiveSyncSuppressReadReceipt -eq $true",
            &["Bob"],
        ),
        (
            "Set-CASMailbox carol -EwsApplicationAccessPolicy EnforceAllowList",
            "EwsApplicationAccessPolicy -eq 'EnforceAllowList'",
            &["Carol"],
        ),
        (
            "Set-CASMailbox bob -OWAforDevicesEnabled $false",
            "OWAForDevicesEnabled -eq $false",
            &["Bob"],
        ),
        (
            "Set-CASMailbox alice -OwaMailboxPolicy $null",
            "OWAMailboxPolicy -eq $null",
            &["Alice"],
        ),
    ];
    let filterable = pairs(&section(FACTS, "Filterable"));
    assert_eq!(filterable.len(), cases.len());
    for (property, literal) in &filterable {
        let mut t = example_tenant();
        let filter = format!("{property} -eq {literal}");
        assert!(
            !run_lines(
                &mut t,
                EXAMPLE_NOW,
                &format!("Get-CASMailbox -Filter \"{}\"", filter.replace('$', "`$"))
            )
            .contains("Cannot bind parameter 'Filter'"),
            "{filter}"
        );
    }
    for (set, filter, expected) in cases {
        let mut t = example_tenant();
        run_lines(&mut t, EXAMPLE_NOW, set);
        assert_eq!(
            names(
                &mut t,
                &format!("Get-CASMailbox -Filter \"{}\"", filter.replace('$', "`$"))
            ),
            *expected,
            "{filter}"
        );
    }
}

#[test]
fn get_casmailbox_activesyncdebuglogging_shows_the_actual_value() {
    // Get-CASMailbox.md: "The ActiveSyncDebugLogging switch shows the actual value of the ActiveSyncDebugLogging
    // property for the mailbox. ... If you don't use this switch, the value always appears as $false."
    // Set-CASMailbox.md: "enabled for 48 hours in Exchange Online ... the value reverts to $false."
    let mut t = example_tenant();
    run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Set-CASMailbox bob -ActiveSyncDebugLogging $true",
    );
    assert_eq!(
        shown(&mut t, "Get-CASMailbox bob", "ActiveSyncDebugLogging"),
        "False"
    );
    assert_eq!(
        shown(
            &mut t,
            "Get-CASMailbox bob -ActiveSyncDebugLogging",
            "ActiveSyncDebugLogging"
        ),
        "True"
    );
    assert_eq!(
        shown(
            &mut t,
            "Get-CASMailbox alice -ActiveSyncDebugLogging",
            "ActiveSyncDebugLogging"
        ),
        "False"
    );
    let later = Timestamp::from_secs(EXAMPLE_NOW.secs() + DEBUG_LOGGING_HOURS * 3600 + 60);
    assert_eq!(
        shown_at(
            &mut t,
            later,
            "Get-CASMailbox bob -ActiveSyncDebugLogging",
            "ActiveSyncDebugLogging"
        ),
        "False"
    );
}

#[test]
fn get_casmailbox_reads_isoptimizedforaccessibility_only_when_asked() {
    // Get-CASMailbox.md: "The ReadIsOptimizedForAccessibility switch specifies whether to read the value of the
    // IsOptimizedForAccessibility property on the mailbox".
    let mut t = example_tenant();
    run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Set-CASMailbox carol -IsOptimizedForAccessibility $true",
    );
    assert_eq!(
        shown(
            &mut t,
            "Get-CASMailbox carol -ReadIsOptimizedForAccessibility",
            "IsOptimizedForAccessibility"
        ),
        "True"
    );
    assert_eq!(
        shown(
            &mut t,
            "Get-CASMailbox carol",
            "IsOptimizedForAccessibility"
        ),
        "False"
    );
}

#[test]
fn get_casmailbox_recalculates_hasactivesyncdevicepartnership_from_the_partnerships() {
    // Get-CASMailbox.md: "The RecalculateHasActiveSyncDevicePartnership switch recalculates the value of the
    // HasActiveSyncDevicePartnership property on the mailbox."
    let mut t = example_tenant();
    for mailbox in ["alice", "bob", "carol", "helpdesk"] {
        let devices = run_lines(
            &mut t,
            EXAMPLE_NOW,
            &format!("@(Get-MobileDevice -Mailbox {mailbox}).Count"),
        );
        let expected = if devices.trim() == "0" {
            "False"
        } else {
            "True"
        };
        assert_eq!(
            shown(
                &mut t,
                &format!("Get-CASMailbox {mailbox} -RecalculateHasActiveSyncDevicePartnership"),
                "HasActiveSyncDevicePartnership"
            ),
            expected,
            "{mailbox} has {devices} devices"
        );
    }
}

#[test]
fn the_switches_without_a_simulated_effect_change_no_output() {
    // -ProtocolSettings adds server settings the tenant does not model; -ActiveSyncSuppressReadReceipt is
    // "reserved for internal Microsoft use" (Get-CASMailbox.md).
    let mut t = example_tenant();
    let plain = run_lines(&mut t, EXAMPLE_NOW, "Get-CASMailbox bob | Format-List");
    for switch in ["-ProtocolSettings", "-ActiveSyncSuppressReadReceipt"] {
        assert_eq!(
            run_lines(
                &mut t,
                EXAMPLE_NOW,
                &format!("Get-CASMailbox bob {switch} | Format-List")
            ),
            plain,
            "{switch}"
        );
    }
}

#[test]
fn get_exocasmailbox_shows_the_stored_settings() {
    // Get-EXOCasMailbox.md: "The Properties parameter specifies the properties that are returned in the output of
    // this cmdlet."; the
    // Imap property set lists ImapMessagesRetrievalMimeFormat (cmdlet-property-sets.md).
    let mut t = example_tenant();
    run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Set-CASMailbox bob -OutlookMobileEnabled $false -ImapMessagesRetrievalMimeFormat HtmlOnly -SmtpClientAuthenticationDisabled $true",
    );
    for (command, property, expected) in [
        (
            "Get-EXOCasMailbox bob -Properties OutlookMobileEnabled",
            "OutlookMobileEnabled",
            "False",
        ),
        (
            "Get-EXOCasMailbox bob -PropertySets Imap",
            "ImapMessagesRetrievalMimeFormat",
            "HtmlOnly",
        ),
        (
            "Get-EXOCasMailbox bob -Properties SmtpClientAuthenticationDisabled",
            "SmtpClientAuthenticationDisabled",
            "True",
        ),
    ] {
        assert_eq!(shown(&mut t, command, property), expected, "{command}");
    }
}

#[test]
fn an_owa_policy_an_imported_mailbox_has_can_be_assigned() {
    // Set-CASMailbox.md -OwaMailboxPolicy: "You can use any value that uniquely identifies the Outlook on the
    // web mailbox policy. For example: Name"; the tenant knows the policies its mailboxes were imported with.
    // The known names are gathered once, not looked for in every mailbox per call: a name given to a mailbox
    // after the first question is known too, and one the tenant never had is still refused.
    let mut t = example_tenant();
    assert_eq!(t.owa_policy("Contractors"), None);
    let carol = t.find_mailboxes("carol")[0];
    t.cas_mut(carol).owa_mailbox_policy = Some("Contractors".to_string());
    assert_eq!(t.owa_policy("CONTRACTORS"), Some("Contractors"));
    run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Set-CASMailbox bob -OwaMailboxPolicy contractors",
    );
    assert_eq!(
        shown(&mut t, "Get-CASMailbox bob", "OwaMailboxPolicy"),
        "Contractors"
    );
    let out = run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Set-CASMailbox bob -OwaMailboxPolicy Interns",
    );
    assert!(out.contains("couldn't be found"), "{out}");
}
