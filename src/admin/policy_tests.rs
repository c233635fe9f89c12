//! The mobile device mailbox policy parameters and ActiveSync organization settings of #11 item 4, driven through
//! the shell: the defaults and values of `fixtures/facts/mobile-policy-parameters.txt` (each with its reference
//! page's words), the lists, the round trip through Export-Tenant/Import-Tenant and the fixture format, the help
//! of the settings without effect, and Remove-MobileDeviceMailboxPolicy -Force as its reference page describes it.

use super::cmdlets;
use super::context::CmdletContext;
use super::examples::{EXAMPLE_NOW, example_tenant, run_lines};
use super::fact_tests::{pairs, section};
use crate::model::{from_json, to_json};
use crate::script::{AlwaysAnswer, ConfirmAnswer, NamedArg, Value};

const FACTS: &str = include_str!("../../fixtures/facts/mobile-policy-parameters.txt");

/// `Property : value` lines of Format-List output, as pairs.
fn listed(out: &str) -> Vec<(String, String)> {
    out.lines()
        .filter_map(|l| {
            l.split_once(" : ")
                .or_else(|| l.strip_suffix(" :").map(|k| (k, "")))
        })
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

fn shown(out: &str, property: &str) -> String {
    listed(out)
        .into_iter()
        .find(|(k, _)| k == property)
        .unwrap_or_else(|| panic!("{property} not shown in {out}"))
        .1
}

#[test]
fn a_new_policy_and_the_org_settings_show_the_documented_defaults() {
    let mut t = example_tenant();
    let out = run_lines(
        &mut t,
        EXAMPLE_NOW,
        "New-MobileDeviceMailboxPolicy Fresh | Out-Null
Get-MobileDeviceMailboxPolicy Fresh | Format-List *",
    );
    let defaults = pairs(&section(FACTS, "MobileDeviceMailboxPolicy defaults"));
    assert_eq!(defaults.len(), 9);
    for (property, value) in defaults {
        assert_eq!(shown(&out, &property), value, "{property}");
    }
    // The lists start empty, as the Default policy's do.
    assert_eq!(shown(&out, "ApprovedApplicationList"), "{}");
    assert_eq!(shown(&out, "UnapprovedInROMApplicationList"), "{}");
    let out = run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Get-ActiveSyncOrganizationSettings | Format-List *",
    );
    for (property, value) in pairs(&section(FACTS, "ActiveSyncOrganizationSettings defaults")) {
        assert_eq!(shown(&out, &property), value, "{property}");
    }
}

/// Every valid value the reference lists is accepted, in any case, and shown by its name; anything else gets
/// PowerShell's conversion error naming the enumeration's values in Exchange's order.
#[test]
fn the_smime_settings_take_the_documented_values_in_any_case() {
    for setting in [
        "RequireSignedSMIMEAlgorithm",
        "RequireEncryptionSMIMEAlgorithm",
        "AllowSMIMEEncryptionAlgorithmNegotiation",
    ] {
        let values = pairs(&section(FACTS, setting));
        assert!(values.len() >= 2, "{setting}");
        for (name, _code) in &values {
            let mut t = example_tenant();
            let out = run_lines(
                &mut t,
                EXAMPLE_NOW,
                &format!(
                    "Set-MobileDeviceMailboxPolicy Default -{setting} {}
Get-MobileDeviceMailboxPolicy Default | Format-List {setting}",
                    name.to_lowercase()
                ),
            );
            assert_eq!(shown(&out, setting), *name, "{out}");
        }
        let mut t = example_tenant();
        let out = run_lines(
            &mut t,
            EXAMPLE_NOW,
            &format!("Set-MobileDeviceMailboxPolicy Default -{setting} Rot13"),
        );
        let names: Vec<&str> = values.iter().map(|(n, _)| n.as_str()).collect();
        assert!(
            out.contains(&format!(
                "Cannot bind parameter '{setting}'. Cannot convert value \"Rot13\""
            )) && out.contains(&format!(
                "Specify one of the following enumerator names and try again: {}",
                names.join(", ")
            )),
            "{out}"
        );
        assert_eq!(t.default_policy(), example_tenant().default_policy());
    }
}

/// The application lists are MultiValuedProperty parameters: a list replaces, `@{Add=…; Remove=…}` edits.
#[test]
fn the_application_lists_are_replaced_or_edited() {
    let mut t = example_tenant();
    let out = run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Set-MobileDeviceMailboxPolicy Default -ApprovedApplicationList 'aa11','bb22' -UnapprovedInROMApplicationList 'iexplore.exe'
Set-MobileDeviceMailboxPolicy Default -ApprovedApplicationList @{Add='cc33'; Remove='AA11'} -UnapprovedInROMApplicationList @{Add='tmail.exe'}
Get-MobileDeviceMailboxPolicy Default | Format-List ApprovedApplicationList, UnapprovedInROMApplicationList",
    );
    assert_eq!(shown(&out, "ApprovedApplicationList"), "{bb22, cc33}");
    assert_eq!(
        shown(&out, "UnapprovedInROMApplicationList"),
        "{iexplore.exe, tmail.exe}"
    );
    let p = t.default_policy();
    assert_eq!(p.approved_application_list, ["bb22", "cc33"]);
}

const CHANGES: &str = "Set-MobileDeviceMailboxPolicy Default -AllowApplePushNotifications $false -AllowMicrosoftPushNotifications $false -AllowGooglePushNotifications $false -AllowExternalDeviceManagement $true -AllowMobileOTAUpdate $false -IrmEnabled $false -UNCAccessEnabled $false -WSSAccessEnabled $false -RequireSignedSMIMEAlgorithm MD5 -RequireEncryptionSMIMEAlgorithm RC264bit -AllowSMIMEEncryptionAlgorithmNegotiation BlockNegotiation -ApprovedApplicationList 'aa11' -UnapprovedInROMApplicationList 'x.exe'
Set-ActiveSyncOrganizationSettings -AllowRMSSupportForUnenlightenedApps $true -EnableMobileMailboxPolicyWhenCAInplace $true -TenantAdminPreference 'Custom'";

const CHANGED: &[(&str, &str)] = &[
    ("AllowApplePushNotifications", "False"),
    ("AllowMicrosoftPushNotifications", "False"),
    ("AllowGooglePushNotifications", "False"),
    ("AllowExternalDeviceManagement", "True"),
    ("AllowMobileOTAUpdate", "False"),
    ("IrmEnabled", "False"),
    ("UNCAccessEnabled", "False"),
    ("WSSAccessEnabled", "False"),
    ("RequireSignedSMIMEAlgorithm", "MD5"),
    ("RequireEncryptionSMIMEAlgorithm", "RC264bit"),
    (
        "AllowSMIMEEncryptionAlgorithmNegotiation",
        "BlockNegotiation",
    ),
    ("ApprovedApplicationList", "{aa11}"),
    ("UnapprovedInROMApplicationList", "{x.exe}"),
];

const ORG_CHANGED: &[(&str, &str)] = &[
    ("AllowRMSSupportForUnenlightenedApps", "True"),
    ("EnableMobileMailboxPolicyWhenCAInplace", "True"),
    ("TenantAdminPreference", "Custom"),
];

fn check_changed(t: &mut crate::model::Tenant) {
    let out = run_lines(
        t,
        EXAMPLE_NOW,
        "Get-MobileDeviceMailboxPolicy Default | Format-List *",
    );
    for (property, value) in CHANGED {
        assert_eq!(shown(&out, property), *value, "{property}");
    }
    let out = run_lines(
        t,
        EXAMPLE_NOW,
        "Get-ActiveSyncOrganizationSettings | Format-List *",
    );
    for (property, value) in ORG_CHANGED {
        assert_eq!(shown(&out, property), *value, "{property}");
    }
}

/// Every new setting is kept and shown, and comes back from a snapshot (Export-Tenant, then Import-Tenant over a
/// tenant changed back) and from the fixture format.
#[test]
fn the_new_settings_are_kept_shown_and_round_trip() {
    let mut t = example_tenant();
    let out = run_lines(&mut t, EXAMPLE_NOW, CHANGES);
    assert!(!out.contains("FullyQualifiedErrorId"), "{out}");
    check_changed(&mut t);

    let back = from_json(&to_json(&t)).unwrap();
    assert_eq!(back.default_policy(), t.default_policy());
    assert_eq!(back.org, t.org);

    let out = run_lines(
        &mut t,
        EXAMPLE_NOW,
        "$snapshot = Export-Tenant
Set-MobileDeviceMailboxPolicy Default -IrmEnabled $true -RequireSignedSMIMEAlgorithm SHA1 -ApprovedApplicationList $null
Set-ActiveSyncOrganizationSettings -AllowRMSSupportForUnenlightenedApps $false -TenantAdminPreference $null
Import-Tenant $snapshot -Force -Confirm:$false",
    );
    assert!(!out.contains("FullyQualifiedErrorId"), "{out}");
    check_changed(&mut t);
}

/// The settings with no EAS element say so in their help (the rule: "…; no effect in the simulator").
#[test]
fn the_settings_without_effect_say_so_in_their_help() {
    let no_effect = [
        (
            "Set-MobileDeviceMailboxPolicy",
            "AllowApplePushNotifications",
        ),
        (
            "Set-MobileDeviceMailboxPolicy",
            "AllowMicrosoftPushNotifications",
        ),
        (
            "Set-MobileDeviceMailboxPolicy",
            "AllowGooglePushNotifications",
        ),
        (
            "Set-MobileDeviceMailboxPolicy",
            "AllowExternalDeviceManagement",
        ),
        ("Set-MobileDeviceMailboxPolicy", "AllowMobileOTAUpdate"),
        ("Set-MobileDeviceMailboxPolicy", "IrmEnabled"),
        ("Set-MobileDeviceMailboxPolicy", "UNCAccessEnabled"),
        ("Set-MobileDeviceMailboxPolicy", "WSSAccessEnabled"),
        ("New-MobileDeviceMailboxPolicy", "IrmEnabled"),
        (
            "Set-ActiveSyncOrganizationSettings",
            "AllowRMSSupportForUnenlightenedApps",
        ),
        (
            "Set-ActiveSyncOrganizationSettings",
            "EnableMobileMailboxPolicyWhenCAInplace",
        ),
        (
            "Set-ActiveSyncOrganizationSettings",
            "TenantAdminPreference",
        ),
    ];
    for (cmdlet, parameter) in no_effect {
        let help = cmdlets::find(cmdlet)
            .and_then(|c| c.parameter(parameter))
            .unwrap_or_else(|| panic!("{cmdlet} -{parameter}"))
            .help;
        assert!(
            help.contains("no effect in the simulator"),
            "{cmdlet} -{parameter}: {help}"
        );
    }
    for parameter in ["RequireSignedSMIMEAlgorithm", "ApprovedApplicationList"] {
        let help = cmdlets::find("Set-MobileDeviceMailboxPolicy")
            .and_then(|c| c.parameter(parameter))
            .expect("the parameter")
            .help;
        assert!(help.contains("EASProvisionDoc"), "{parameter}: {help}");
    }
}

/// Remove-MobileDeviceMailboxPolicy.md: "If any users are assigned to the policy when you remove it, the
/// Remove-MobileDeviceMailboxPolicy cmdlet fails"; -Force "hides warning or confirmation messages" (Example 3:
/// "removes the mobile device mailbox policy named Management and bypasses any warning or error messages").
/// In the example tenant Alice is assigned Executives.
#[test]
fn remove_refuses_a_policy_in_use_unless_forced_and_force_skips_the_prompt() {
    let mut t = example_tenant();
    let out = run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Remove-MobileDeviceMailboxPolicy Executives -Confirm:$false",
    );
    assert!(out.contains("is assigned to 1 mailbox"), "{out}");
    assert!(t.policy("Executives").is_some());

    // -Force -WhatIf only says what would happen.
    let out = run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Remove-MobileDeviceMailboxPolicy Executives -Force -WhatIf",
    );
    assert!(out.contains("What if:"), "{out}");
    assert!(t.policy("Executives").is_some());

    // A confirmer that answers No to everything: without -Force the prompt stops an unused policy's removal …
    let mut no = AlwaysAnswer(ConfirmAnswer::No);
    let mut ctx = CmdletContext::new(&mut t, EXAMPLE_NOW, &mut no);
    cmdlets::call(
        &mut ctx,
        "New-MobileDeviceMailboxPolicy",
        vec![Value::str("Unused")],
        vec![NamedArg::new("Confirm", false)],
    )
    .unwrap();
    cmdlets::call(
        &mut ctx,
        "Remove-MobileDeviceMailboxPolicy",
        vec![Value::str("Unused")],
        vec![],
    )
    .unwrap();
    // … an explicit -Confirm asks even with -Force …
    cmdlets::call(
        &mut ctx,
        "Remove-MobileDeviceMailboxPolicy",
        vec![Value::str("Executives")],
        vec![NamedArg::switch("Force"), NamedArg::switch("Confirm")],
    )
    .unwrap();
    assert!(t.policy("Unused").is_some() && t.policy("Executives").is_some());
    // … and -Force alone asks nothing: both go, Alice falls back to the default policy.
    let mut no = AlwaysAnswer(ConfirmAnswer::No);
    let mut ctx = CmdletContext::new(&mut t, EXAMPLE_NOW, &mut no);
    for name in ["Unused", "Executives"] {
        cmdlets::call(
            &mut ctx,
            "Remove-MobileDeviceMailboxPolicy",
            vec![Value::str(name)],
            vec![NamedArg::switch("Force")],
        )
        .unwrap();
    }
    assert!(t.policy("Unused").is_none() && t.policy("Executives").is_none());
    let out = run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Get-CASMailbox alice | Format-List ActiveSyncMailboxPolicy, ActiveSyncMailboxPolicyIsDefaulted",
    );
    assert_eq!(shown(&out, "ActiveSyncMailboxPolicy"), "Default");
    assert_eq!(shown(&out, "ActiveSyncMailboxPolicyIsDefaulted"), "True");

    // The default policy stays, -Force or not: a tenant always has one.
    let out = run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Remove-MobileDeviceMailboxPolicy Default -Force",
    );
    assert!(
        out.contains("is the default mobile device mailbox policy"),
        "{out}"
    );
    assert_eq!(t.policies().len(), 1);
}
