//! The access CLI as a user drives it: `easim decide` and `easim explain` on the scenario-A fixture, their
//! output shapes and their errors.

use expect_test::{Expect, expect};

use crate::support::{easim, fixture, stderr, stdout};

const NOW: &str = "2026-11-23T00:00:00Z";

#[track_caller]
fn check(args: &[&str], expect_out: Expect, expect_err: Expect) {
    let tenant = fixture("tenants/scenario-a.json");
    let mut full = vec![args[0], "--tenant", tenant.to_str().unwrap(), "--now", NOW];
    full.extend_from_slice(&args[1..]);
    let out = easim(&full);
    expect_out.assert_eq(&stdout(&out));
    expect_err.assert_eq(&stderr(&out));
}

#[test]
fn decide_prints_every_device_with_its_deciding_step() {
    check(
        &["decide"],
        expect![[r#"
            Identity                                                                               State          Reason     Step              Rule
            --------                                                                               -----          ------     ----              ----
            Megan Bowen\ExchangeActiveSyncDevices\iPhone§ApplF17XK1ZHFF9R                          Allowed        Individual PersonalAllow
            Alex Wilber\ExchangeActiveSyncDevices\iPhone§ApplC39QW2ABG5MN                          Allowed        DeviceRule RuleAllow         iPhone6C2 (DeviceModel)
            Alex Wilber\ExchangeActiveSyncDevices\Android§androidc1873519284                       Blocked        DeviceRule RuleBlock         Android (DeviceType)
            Lidia Holloway\ExchangeActiveSyncDevices\REST§Outlook§5EEC4E9405F04C5AA4C6E0A4D1B2C3D4 Quarantined    Global     OrgDefault
            Lidia Holloway\ExchangeActiveSyncDevices\iPhone§ApplDN6T2K8Q1P0A                       Quarantined    Global     OrgDefault
            Joni Sherman\ExchangeActiveSyncDevices\iPhone§ApplJS7V0L3E5R2T                         (126 disabled) Unknown    ActiveSyncEnabled
        "#]],
        expect![[r#"
            6 devices: 1 Unknown, 2 Allowed, 1 Blocked, 2 Quarantined
        "#]],
    );
}

#[test]
fn decide_json_lines() {
    check(
        &["decide", "--json"],
        expect![[r#"
        {"DeviceAccessControlRule":null,"DeviceAccessState":"Allowed","DeviceAccessStateReason":"Individual","Identity":"Megan Bowen\\ExchangeActiveSyncDevices\\iPhone§ApplF17XK1ZHFF9R","Step":"PersonalAllow","Verdict":"Allow"}
        {"DeviceAccessControlRule":"iPhone6C2 (DeviceModel)","DeviceAccessState":"Allowed","DeviceAccessStateReason":"DeviceRule","Identity":"Alex Wilber\\ExchangeActiveSyncDevices\\iPhone§ApplC39QW2ABG5MN","Step":"RuleAllow","Verdict":"Allow"}
        {"DeviceAccessControlRule":"Android (DeviceType)","DeviceAccessState":"Blocked","DeviceAccessStateReason":"DeviceRule","Identity":"Alex Wilber\\ExchangeActiveSyncDevices\\Android§androidc1873519284","Step":"RuleBlock","Verdict":"Block"}
        {"DeviceAccessControlRule":null,"DeviceAccessState":"Quarantined","DeviceAccessStateReason":"Global","Identity":"Lidia Holloway\\ExchangeActiveSyncDevices\\REST§Outlook§5EEC4E9405F04C5AA4C6E0A4D1B2C3D4","Step":"OrgDefault","Verdict":"Quarantine"}
        {"DeviceAccessControlRule":null,"DeviceAccessState":"Quarantined","DeviceAccessStateReason":"Global","Identity":"Lidia Holloway\\ExchangeActiveSyncDevices\\iPhone§ApplDN6T2K8Q1P0A","Step":"OrgDefault","Verdict":"Quarantine"}
        {"DeviceAccessControlRule":null,"DeviceAccessState":"Unknown","DeviceAccessStateReason":"Unknown","Identity":"Joni Sherman\\ExchangeActiveSyncDevices\\iPhone§ApplJS7V0L3E5R2T","Step":"ActiveSyncEnabled","Verdict":"UserDisabled"}
    "#]],
        expect![[r#"
        6 devices: 1 Unknown, 2 Allowed, 1 Blocked, 2 Quarantined
    "#]],
    );
}

#[test]
fn decide_lists_where_the_precedence_modes_disagree() {
    check(
        &["decide", "--compare-precedence"],
        expect![[r#"
            Identity                                                         Documented         Exchange2013
            --------                                                         ----------         ------------
            Lidia Holloway\ExchangeActiveSyncDevices\iPhone§ApplDN6T2K8Q1P0A Quarantined/Global DeviceDiscovery/DeviceRule
        "#]],
        expect![[r#"
        1 of 6 devices decide differently under the two precedence modes
    "#]],
    );
}

#[test]
fn explain_by_identity_and_by_mailbox_and_device_id() {
    check(
        &[
            "explain",
            "--identity",
            "Megan Bowen\\ExchangeActiveSyncDevices\\iPhone§ApplF17XK1ZHFF9R",
        ],
        expect![[r#"
            Device: Megan Bowen\ExchangeActiveSyncDevices\iPhone§ApplF17XK1ZHFF9R
              DeviceType 'iPhone', DeviceModel 'iPhone6C2', DeviceOS 'iOS 12.1 16B92', UserAgent 'Apple-iPhone6C2/1602.92'
            Precedence: Documented
             1. User authenticated     passed   the request carried valid credentials
             2. ActiveSyncEnabled      passed   ActiveSyncEnabled is True for Megan Bowen
             3. Mailbox policy met     passed   provisioned with the current key of policy 'Default'
             4. Personal block list    passed   ApplF17XK1ZHFF9R is not in ActiveSyncBlockedDeviceIDs
             5. Personal allow list    APPLIES  ApplF17XK1ZHFF9R is in ActiveSyncAllowedDeviceIDs
            Decision: Allow (DeviceAccessState Allowed, reason Individual)
        "#]],
        expect![[r#""#]],
    );
    check(
        &[
            "explain",
            "--identity",
            "ALEX.WILBER@contoso.com",
            "--device-id",
            "androidc1873519284",
            "--precedence",
            "exchange2013",
        ],
        expect![[r#"
            Device: Alex Wilber\ExchangeActiveSyncDevices\Android§androidc1873519284
              DeviceType 'Android', DeviceModel 'SM-G991B', DeviceOS 'Android 13.0.0', UserAgent 'Android-SAMSUNG-SM-G991B/101.130101'
            Precedence: Exchange2013
             1. User authenticated     passed   the request carried valid credentials
             2. ActiveSyncEnabled      passed   ActiveSyncEnabled is True for Alex Wilber
             3. Personal block list    passed   androidc1873519284 is not in ActiveSyncBlockedDeviceIDs
             4. Personal allow list    passed   androidc1873519284 is not in ActiveSyncAllowedDeviceIDs
             5. Device discovery       passed   the device has been identified (or the discovery period is over)
             6. Device access rules    APPLIES  rule 'Android (DeviceType)' (Block) matches DeviceType 'Android': first match wins
             7. Mailbox policy met     skipped  not checked: the device is already blocked
            Decision: Block (DeviceAccessState Blocked, reason DeviceRule, rule 'Android (DeviceType)')
        "#]],
        expect![[r#""#]],
    );
}

#[test]
fn explain_unknown_identity_is_a_clear_error() {
    check(
        &["explain", "--identity", "nobody", "--device-id", "x"],
        expect![[r#""#]],
        expect![[r#"
        error: The operation couldn't be performed because object 'nobody' couldn't be found on 'EASPR01A001DC01.EASPR01A001.prod.outlook.com'.
    "#]],
    );
    check(
        &[
            "explain",
            "--identity",
            "Megan Bowen\\ExchangeActiveSyncDevices\\iPhone§nope",
        ],
        expect![[r#""#]],
        expect![[r#"
        error: The operation couldn't be performed because object 'Megan Bowen\ExchangeActiveSyncDevices\iPhone§nope' couldn't be found on 'EASPR01A001DC01.EASPR01A001.prod.outlook.com'.
    "#]],
    );
}

#[test]
fn bad_tenant_files_and_arguments_are_clear_errors() {
    let out = easim(&["decide", "--tenant", "/nonexistent/tenant.json"]);
    assert_eq!(out.status.code(), Some(2));
    expect![[r#"
        error: cannot load the tenant: /nonexistent/tenant.json: No such file or directory (os error 2)
    "#]].assert_eq(&stderr(&out));
    let out = easim(&[
        "decide",
        "--tenant",
        fixture("tenants/scenario-a.json").to_str().unwrap(),
        "--now",
        "yesterday",
    ]);
    assert_eq!(out.status.code(), Some(2));
    expect![[r#"
        error: invalid value 'yesterday' for '--now <NOW>': 'yesterday' is not an ISO 8601 date-time such as 2026-11-23T08:00:00Z

        For more information, try '--help'.
    "#]].assert_eq(&stderr(&out));
}

#[test]
fn decide_generates_from_a_profile_when_no_tenant_file_is_given() {
    let out = easim(&[
        "decide",
        "--profile",
        "scenario-a",
        "--seed",
        "3",
        "--now",
        NOW,
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = stdout(&out).lines().count();
    expect![[r#"
        2301 devices: 28 Unknown, 621 Allowed, 100 Blocked, 1552 Quarantined
    "#]]
    .assert_eq(&stderr(&out));
    assert!(lines > 2000, "one JSON line per device, got {lines}");
}
