//! `easim whatif` and `Compare-DeviceAccess` as a user drives them: the transition matrix and the changed
//! devices (most severe first) for scenario A's two changes (removing the rule outright, pinning then removing),
//! `--csv`, `--json`, `--fail-on` exit codes, a failing change script, and the cmdlet inside a script.

use expect_test::expect;

use crate::support::{easim, fixture, stderr, stdout};

const NOW: &str = "2026-11-23T08:30:00Z";

const REMOVE_RULE: &str =
    "Remove-ActiveSyncDeviceAccessRule 'iPhone6C2 (DeviceModel)' -Confirm:$false\n";

/// Runs `easim whatif` on the scenario-A fixture with `change` as the change script.
fn whatif(change: &str, extra: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("change.ps1");
    std::fs::write(&script, change).unwrap();
    let tenant = fixture("tenants/scenario-a.json");
    let mut args = vec![
        "whatif",
        "--tenant",
        tenant.to_str().unwrap(),
        "--now",
        NOW,
        "--change",
        script.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    easim(&args)
}

#[test]
fn removing_the_rule_shows_who_loses_access_first() {
    let o = whatif(REMOVE_RULE, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    expect![[r#"
        Transitions

        From                  To                    Devices Change
        ----                  --                    ------- ------
        Allowed/DeviceRule    Quarantined/Global          1 LostAccess
        Quarantined/Global    Quarantined/Global          2 (unchanged)
        (ActiveSync disabled) (ActiveSync disabled)       1 (unchanged)
        Allowed/Individual    Allowed/Individual          1 (unchanged)
        Blocked/DeviceRule    Blocked/DeviceRule          1 (unchanged)

        Devices that change (most severe first)

        Change     Owner                   DeviceModel DeviceId         Before             After              Step       Rule
        ------     -----                   ----------- --------         ------             -----              ----       ----
        LostAccess alex.wilber@contoso.com iPhone6C2   ApplC39QW2ABG5MN Allowed/DeviceRule Quarantined/Global OrgDefault
    "#]]
    .assert_eq(&stdout(&o));
    expect![[r#"
        1 of 6 devices change (1 lose access)
    "#]]
    .assert_eq(&stderr(&o));
}

#[test]
fn pinning_before_removing_the_rule_changes_only_the_reason() {
    let pin =
        std::fs::read_to_string(crate::support::root().join("scripts/pin-allowed-devices.ps1"))
            .unwrap();
    let o = whatif(&pin, &["--fail-on", "lost-access"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "nobody loses access: {}",
        stderr(&o)
    );
    expect![[r#"
        Transitions

        From                  To                    Devices Change
        ----                  --                    ------- ------
        Allowed/DeviceRule    Allowed/Individual          1 ReasonChanged
        Quarantined/Global    Quarantined/Global          2 (unchanged)
        (ActiveSync disabled) (ActiveSync disabled)       1 (unchanged)
        Allowed/Individual    Allowed/Individual          1 (unchanged)
        Blocked/DeviceRule    Blocked/DeviceRule          1 (unchanged)

        Devices that change (most severe first)

        Change        Owner                   DeviceModel DeviceId         Before             After              Step          Rule
        ------        -----                   ----------- --------         ------             -----              ----          ----
        ReasonChanged alex.wilber@contoso.com iPhone6C2   ApplC39QW2ABG5MN Allowed/DeviceRule Allowed/Individual PersonalAllow
    "#]]
    .assert_eq(&stdout(&o));
    // Any change at all still fails the stricter gate.
    let o = whatif(&pin, &["--fail-on", "any-change"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn fail_on_sets_the_exit_code() {
    assert_eq!(
        whatif(REMOVE_RULE, &["--fail-on", "lost-access"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        whatif(REMOVE_RULE, &["--fail-on", "any-change"])
            .status
            .code(),
        Some(1)
    );
    let nothing = "Get-Mailbox | Out-Null\n";
    let o = whatif(nothing, &["--fail-on", "any-change"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("No device's access changes."),
        "{}",
        stdout(&o)
    );
}

#[test]
fn csv_and_json_carry_the_same_report() {
    let o = whatif(REMOVE_RULE, &["--csv"]);
    expect![[r#"
        "Change","Identity","Owner","DeviceModel","DeviceId","Before","After","Step","Rule"
        "LostAccess","Alex Wilber\ExchangeActiveSyncDevices\iPhone§ApplC39QW2ABG5MN","alex.wilber@contoso.com","iPhone6C2","ApplC39QW2ABG5MN","Allowed/DeviceRule","Quarantined/Global","OrgDefault",""
    "#]]
    .assert_eq(&stdout(&o));
    let o = whatif(REMOVE_RULE, &["--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["LostAccess"], 1);
    assert_eq!(v["Changes"][0]["Change"], "LostAccess");
    assert_eq!(
        v["Changes"][0]["Before"]["DeviceAccessStateReason"],
        "DeviceRule"
    );
    assert_eq!(v["Changes"][0]["After"]["Step"], "OrgDefault");
    assert_eq!(v["Transitions"][0]["Count"], 1);
}

#[test]
fn a_change_script_that_fails_compares_nothing() {
    let o = whatif(
        "Remove-ActiveSyncDeviceAccessRule 'nope' -ErrorAction Stop\n",
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    assert!(
        stderr(&o).contains("did not run to its end"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn compare_deviceaccess_reports_in_the_shell_and_leaves_the_tenant_alone() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("s.ps1");
    std::fs::write(
        &script,
        "Compare-DeviceAccess -Change { Remove-ActiveSyncDeviceAccessRule 'iPhone6C2 (DeviceModel)' -Confirm:$false } |\n    Format-Table Owner,Change,Before,After,Step\n(Get-ActiveSyncDeviceAccessRule).Count\n",
    )
    .unwrap();
    let tenant = fixture("tenants/scenario-a.json");
    let o = easim(&[
        "run",
        script.to_str().unwrap(),
        "--tenant",
        tenant.to_str().unwrap(),
        "--now",
        NOW,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    expect![[r#"
        Allowed/DeviceRule -> Quarantined/Global: 1 device (LostAccess)
        Quarantined/Global -> Quarantined/Global: 2 devices
        (ActiveSync disabled) -> (ActiveSync disabled): 1 device
        Allowed/Individual -> Allowed/Individual: 1 device
        Blocked/DeviceRule -> Blocked/DeviceRule: 1 device

        Owner                   Change     Before             After              Step
        -----                   ------     ------             -----              ----
        alex.wilber@contoso.com LostAccess Allowed/DeviceRule Quarantined/Global OrgDefault

        2
    "#]]
    .assert_eq(&stdout(&o));
}
