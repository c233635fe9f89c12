//! `easim import` as a user drives it: each export kind (Exchange Online CSV, Exchange Server CSV with `#TYPE`
//! lines, ConvertTo-Json), the tenant it makes (checked through `easim decide`), the all-or-nothing errors with
//! file, line and column (the Export-Csv type-name placeholder above all), and `--redact`'s stable pseudonyms.

use std::path::Path;

use expect_test::{Expect, expect};

use crate::support::{easim, fixture, stderr, stdout};

const NOW: &str = "2026-11-23T08:30:00Z";

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Imports `inputs` (under fixtures/import/) into a temp file and returns (tenant text, stderr).
fn import(inputs: &[&str], extra: &[&str]) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tenant.json");
    let files: Vec<String> = inputs
        .iter()
        .map(|i| fixture(&format!("import/{i}")).display().to_string())
        .collect();
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["-o", path(&out)]);
    args.extend_from_slice(extra);
    let o = easim(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    (std::fs::read_to_string(&out).unwrap(), stderr(&o))
}

/// `easim decide` over a tenant text.
fn decide(tenant: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.json");
    std::fs::write(&file, tenant).unwrap();
    stdout(&easim(&["decide", "--tenant", path(&file), "--now", NOW]))
}

/// The error text (stderr) of a failing import, with the fixture folder shortened, and checks that nothing
/// was written.
#[track_caller]
fn check_fails(inputs: &[&str], expected: Expect) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tenant.json");
    let files: Vec<String> = inputs
        .iter()
        .map(|i| fixture(&format!("import/{i}")).display().to_string())
        .collect();
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["-o", path(&out)]);
    let o = easim(&args);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        !out.exists(),
        "nothing may be written when the exports have problems"
    );
    let prefix = format!("{}/", fixture("import").display());
    expected.assert_eq(&stderr(&o).replace(&prefix, ""));
}

#[test]
fn an_exchange_online_export_becomes_a_tenant_that_decides_as_production_did() {
    let (tenant, err) = import(&["exo"], &[]);
    let prefix = format!("{}/", fixture("import").display());
    expect![[r#"
        exo/cas.csv: Get-CASMailbox (4 records)
        exo/devices.csv: Get-MobileDevice (4 records)
        exo/mailboxes.csv: Get-Mailbox (5 records)
        exo/org.csv: Get-ActiveSyncOrganizationSettings (1 records)
        exo/policies.csv: Get-MobileDeviceMailboxPolicy (2 records)
        exo/rules.csv: Get-ActiveSyncDeviceAccessRule (2 records)
        exo/statistics.csv: Get-MobileDeviceStatistics (2 records)
        1 mailboxes of types easim does not model were left out: DiscoverySearchMailbox{D919BA05-46A6-415f-80AD-7E09334BB852} (DiscoveryMailbox)
        imported 4 mailboxes, 4 devices, 2 device access rules, 2 policies (domain contoso.com)
    "#]]
    .assert_eq(&err.replace(&prefix, ""));
    expect![[r#"
        Identity                                                       State          Reason     Step              Rule
        --------                                                       -----          ------     ----              ----
        Alice Smith\ExchangeActiveSyncDevices\iPhone§ApplF17XK1        Allowed        DeviceRule RuleAllow         iPhone6C2 (DeviceModel)
        Bob Jones\ExchangeActiveSyncDevices\Android§androidc1234567890 Allowed        Individual PersonalAllow
        Bob Jones\ExchangeActiveSyncDevices\iPhone§ApplD3ADB33F99      Quarantined    Global     OrgDefault
        Carol White\ExchangeActiveSyncDevices\iPad§ApplC0FFEE123456    (126 disabled) Unknown    ActiveSyncEnabled
    "#]]
    .assert_eq(&decide(&tenant));
    let t = easim::model::from_json(&tenant).unwrap();
    // Get-MobileDeviceStatistics filled in what Get-MobileDevice lacks.
    let (_, alice) = t.devices().next().unwrap();
    assert_eq!(
        alice.last_success_sync.unwrap().to_string(),
        "2026-11-23T07:59:12Z"
    );
    assert_eq!(alice.last_ping_heartbeat, Some(540));
    assert_eq!(alice.friendly_name, "Alice's iPhone");
    // The policy's TimeSpans, sizes and counts.
    let exec = t.policy("Executives").unwrap();
    assert_eq!(exec.max_inactivity_time_lock, Some(900));
    assert_eq!(exec.password_expiration, Some(90));
    assert_eq!(exec.device_policy_refresh_interval, Some(86_400));
    assert_eq!(exec.max_attachment_size, Some(10_240));
    assert_eq!(exec.min_password_length, Some(6));
    assert_eq!(
        t.org.admin_mail_recipients,
        ["mobile-admins@contoso.com", "it-lead@contoso.com"]
    );
    let carol = t.find_mailboxes("carol@contoso.com")[0];
    assert_eq!(
        t.mailbox(carol).cas.active_sync_mailbox_policy.as_deref(),
        Some("Executives")
    );
    assert!(!t.mailbox(carol).cas.active_sync_enabled);
}

#[test]
fn an_exchange_server_export_with_type_lines_and_canonical_identities_imports() {
    let (tenant, err) = import(&["ex2016"], &[]);
    assert!(err.contains("imported 2 mailboxes, 2 devices, 1 device access rules, 1 policies (domain fabrikam.local)"), "{err}");
    expect![[r#"
        Identity                                                          State       Reason     Step          Rule
        --------                                                          -----       ------     ----          ----
        Dana Lee\ExchangeActiveSyncDevices\SAMSUNGSMG991B§SEC9F8E7D6C5B4A Allowed     Individual PersonalAllow
        Erik Berg\ExchangeActiveSyncDevices\iPhone§ApplE71K8ERG           Quarantined Global     OrgDefault
    "#]]
    .assert_eq(&decide(&tenant));
}

#[test]
fn convert_to_json_output_imports_with_lists_dates_and_numeric_enums() {
    let (tenant, _) = import(&["json"], &[]);
    let t = easim::model::from_json(&tenant).unwrap();
    let frank = t.find_mailboxes("frank@tailspin.example")[0];
    let cas = &t.mailbox(frank).cas;
    assert_eq!(cas.allowed_device_ids, ["ApplF4A9K2LM"]);
    assert_eq!(
        cas.blocked_device_ids,
        ["androidc99"],
        "the {{value, Count}} wrapper"
    );
    assert_eq!(t.org.default_access_level, easim::model::AccessLevel::Block);
    let devices: Vec<_> = t.devices().map(|(_, d)| d.clone()).collect();
    assert_eq!(
        devices[0].first_sync_time.unwrap().to_string(),
        "2026-11-22T07:00:00Z"
    );
    assert_eq!(
        devices[0].access.reason.name(),
        "Individual",
        "2 is Individual"
    );
    assert_eq!(
        devices[1].first_sync_time.unwrap().to_string(),
        "2026-11-22T10:00:00Z"
    );
}

#[test]
fn every_export_kind_is_recognised_on_its_own() {
    for (file, cmdlet) in [
        ("exo/mailboxes.csv", "Get-Mailbox"),
        ("exo/devices.csv", "Get-MobileDevice"),
        ("exo/statistics.csv", "Get-MobileDeviceStatistics"),
        ("exo/rules.csv", "Get-ActiveSyncDeviceAccessRule"),
        ("exo/org.csv", "Get-ActiveSyncOrganizationSettings"),
        ("exo/policies.csv", "Get-MobileDeviceMailboxPolicy"),
        ("ex2016/cas.csv", "Get-CASMailbox"),
        ("ex2016/devices.csv", "Get-MobileDevice"),
        ("json/devices.json", "Get-MobileDevice"),
        ("json/org.json", "Get-ActiveSyncOrganizationSettings"),
    ] {
        let (tenant, err) = import(&[file], &[]);
        assert!(
            err.contains(&format!("{file}: {cmdlet} (")),
            "{file}: {err}"
        );
        easim::model::from_json(&tenant).unwrap();
    }
    // A CAS mailbox on a policy the export does not include is refused, at the cell.
    check_fails(
        &["exo/cas.csv"],
        expect![[r#"
            exo/cas.csv:4:79: ActiveSyncMailboxPolicy 'Executives' is not among the imported policies; export Get-MobileDeviceMailboxPolicy too
            1 problem found; nothing was imported
        "#]],
    );
    // Devices without a mailbox export get their owners made up, named by the Identity's first segment.
    let (tenant, err) = import(&["exo/devices.csv"], &[]);
    assert!(
        err.contains("3 mailboxes made up from the devices' owners"),
        "{err}"
    );
    assert!(decide(&tenant).contains("Alice Smith\\ExchangeActiveSyncDevices\\iPhone§ApplF17XK1"));
}

#[test]
fn a_type_name_placeholder_is_refused_with_its_position_and_the_idiom_that_exports_it_right() {
    check_fails(
        &["bad/cas-placeholder.csv"],
        expect![[r#"
            bad/cas-placeholder.csv:3:38: ActiveSyncAllowedDeviceIDs holds "System.Collections.Generic.List`1[System.String]", the type name Export-Csv writes for a multi-valued property instead of its values; export it joined, with this calculated property in place of ActiveSyncAllowedDeviceIDs in Select-Object: @{n='ActiveSyncAllowedDeviceIDs';e={$_.ActiveSyncAllowedDeviceIDs -join ';'}} (or use ConvertTo-Json, which keeps lists)
            1 problem found; nothing was imported
        "#]],
    );
}

#[test]
fn every_problem_is_listed_with_file_line_and_column_and_nothing_is_half_imported() {
    check_fails(
        &["exo", "bad/devices-problems.csv"],
        expect![[r#"
            bad/devices-problems.csv:2:35: FirstSyncTime is 'yesterday', which is not a date as Export-Csv writes it (M/d/yyyy h:mm:ss AM, or ISO 8601; --day-first for d/M/yyyy)
            bad/devices-problems.csv:3:65: DeviceAccessState: Cannot convert value "Sleeping" to type "DeviceAccessState". Error: "Unable to match the identifier name Sleeping to a valid enumerator name. Specify one of the following enumerator names and try again: Unknown, Allowed, Blocked, Quarantined, DeviceDiscovery"
            2 problems found; nothing was imported
        "#]],
    );
}

#[test]
fn files_that_are_no_export_and_broken_json_are_refused_with_positions() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.csv");
    std::fs::write(&other, "\"Id\",\"Colour\"\n\"1\",\"red\"\n").unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        "[\n  {\"DeviceId\": \"a\",\n   \"DeviceType\": }\n]\n",
    )
    .unwrap();
    let o = easim(&["import", path(&other), path(&broken)]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o).replace(&format!("{}/", dir.path().display()), "");
    expect![[r#"
        other.csv:1:1: cannot tell which export this is: expected the columns of Get-Mailbox, Get-CASMailbox, Get-MobileDevice, Get-MobileDeviceStatistics, Get-ActiveSyncDeviceAccessRule, Get-ActiveSyncOrganizationSettings or Get-MobileDeviceMailboxPolicy (e.g. PrimarySmtpAddress, ActiveSyncAllowedDeviceIDs, DeviceId, QueryString, DefaultAccessLevel)
        broken.json:3:18: this is not ConvertTo-Json output of objects (an array of objects, or one object): expected value at line 3 column 18
        2 problems found; nothing was imported
    "#]]
    .assert_eq(&err);
    assert!(stdout(&o).is_empty());
}

#[test]
fn redaction_gives_the_same_pseudonyms_every_time_and_keeps_every_decision() {
    let (plain, _) = import(&["exo"], &[]);
    let (a, err) = import(&["exo"], &["--redact"]);
    let (b, _) = import(&["exo"], &["--redact"]);
    assert_eq!(a, b, "same input, same key: same pseudonyms");
    assert!(err.contains("pseudonymised"), "{err}");
    for secret in [
        "Alice",
        "alice",
        "contoso",
        "ApplF17XK1",
        "androidc1234567890",
        "4255550101",
        "354403064522046",
        "0a1b2c3d-0000-4000-8000-00000000a11c",
        "it-lead",
    ] {
        assert!(!a.contains(secret), "{secret} survived redaction");
    }
    let (keyed, _) = import(&["exo"], &["--redact", "--redact-key", "customer-42"]);
    assert_ne!(a, keyed, "another key, other pseudonyms");
    let (keyed_again, _) = import(&["exo"], &["--redact", "--redact-key", "customer-42"]);
    assert_eq!(keyed, keyed_again);
    // Bob's allow list still names his (pseudonymised) Android, so every device decides as before.
    let decisions = |tenant: &str| -> Vec<serde_json::Value> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.json");
        std::fs::write(&file, tenant).unwrap();
        let out = stdout(&easim(&[
            "decide",
            "--tenant",
            path(&file),
            "--now",
            NOW,
            "--json",
        ]));
        out.lines()
            .map(|l| {
                let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
                v.as_object_mut().unwrap().remove("Identity");
                v
            })
            .collect()
    };
    assert_eq!(decisions(&plain), decisions(&a));
    // The same device ID in two exports gets the same pseudonym: a device pseudonym appears in an allow list.
    let t = easim::model::from_json(&a).unwrap();
    let pinned: Vec<String> = t
        .mailboxes()
        .flat_map(|(_, m)| m.cas.allowed_device_ids.clone())
        .collect();
    assert!(
        pinned
            .iter()
            .any(|id| t.devices().any(|(_, d)| &d.device_id == id)),
        "no allow-list entry names a device: {pinned:?}"
    );
}
