//! The device simulator's cmdlets (`Invoke-EasRequest`, `New-SimulatedDevice`) through `easim run` on scripts,
//! and their examples through `SimHost`. Expected statuses come from eas-facts.md (/work/shared/reference), which
//! cites MS-ASCMD, MS-ASPROV and Exchange 2013's own code for each.

use easim::script::catalog::commands;
use easim::sim::examples::run_example;

use crate::admin_examples::rewrite;

#[test]
fn every_simulator_command_example_produces_its_expected_output() {
    // All commands of the simulator's registry: its own cmdlets' examples, and Exchange's and the utility
    // cmdlets' run through SimHost (which forwards them to LocalHost) must print what they print there.
    let update = std::env::var_os("UPDATE_EXAMPLES").is_some();
    let mut failures = Vec::new();
    for command in commands(&easim::sim::REGISTRY) {
        for example in command.examples {
            let actual = run_example(example);
            if actual == example.output {
                continue;
            }
            if update {
                rewrite(example.input, example.output, &actual);
            } else {
                failures.push(format!(
                    "{} — {}\n--- input\n{}\n--- expected\n{}\n--- actual\n{}\n",
                    command.name, example.title, example.input, example.output, actual
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} example(s) differ (UPDATE_EXAMPLES=1 rewrites them):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---- through `easim run` ------------------------------------------------------------------------------------

use crate::support::{easim_with_stdin, fixture, stderr, stdout};

/// The examples' tenant (contoso.com: org default Quarantine, one Allow rule `iPhone6C2 (DeviceModel)`; Alice's
/// iPhone ApplF17XK1AB allowed by it, her Galaxy SEC1A2B3C4D5 quarantined, Bob's iPhone ApplG7H8J9K0).
const TENANT: &str = "tenants/examples.json";
const NOW: &str = "2026-11-23T08:30:00Z";

/// One line per answer: command, HTTP status, EAS status, the decision and the step that made it.
const SHOW: &str = r#"function Show($r) { "$($r.Command) http=$($r.HttpStatus) eas=$($r.EasStatus) $($r.DeviceAccessState)/$($r.DeviceAccessStateReason) step=$($r.DecidingStep)" }
"#;

/// Runs `script` (after `SHOW`) with `easim run` on the examples' tenant; stdout, stderr and the exit code.
fn run_with(extra: &[&str], script: &str) -> (String, String, Option<i32>) {
    let tenant = fixture(TENANT);
    let mut args = vec![
        "run",
        "-",
        "--tenant",
        tenant.to_str().unwrap(),
        "--now",
        NOW,
    ];
    args.extend_from_slice(extra);
    let out = easim_with_stdin(&args, format!("{SHOW}{script}").as_bytes());
    (stdout(&out), stderr(&out), out.status.code())
}

fn run(script: &str) -> String {
    let (out, err, code) = run_with(&[], script);
    assert_eq!(code, Some(0), "stderr: {err}\nstdout: {out}");
    assert_eq!(err, "", "stdout: {out}");
    out
}

#[test]
fn a_blocked_device_gets_129_in_the_body_from_14_0_and_a_bare_403_before() {
    // eas-facts §4.2 (EX13 Command.cs IsDeviceAccessAllowed: SetErrorResponse(403, 129 DeviceIsBlockedForThisUser))
    // and §3.2 (AirSyncResponse.cs SetErrorResponse): 14.0+ with an XML command gets HTTP 200 and
    // <Sync><Status>129</Status></Sync>; 12.1 cannot carry global codes and gets the bare HTTP 403.
    // Personal block lists beat rules (eas-facts §6.2 step 1: Blocked / Individual).
    let out = run(
        r#"Set-ActiveSyncDeviceAccessRule -Identity 'iPhone6C2 (DeviceModel)' -AccessLevel Block
Show (Invoke-EasRequest -Identity ApplF17XK1AB -Command Sync)
Show (Invoke-EasRequest -Identity ApplF17XK1AB -Command Sync -ProtocolVersion 14.0)
$old = Invoke-EasRequest -Identity ApplF17XK1AB -Command Sync -ProtocolVersion 12.1
Show $old
$old.Body
(Invoke-EasRequest -Identity ApplF17XK1AB -Command FolderSync).Body
Set-CASMailbox -Identity bob -ActiveSyncBlockedDeviceIDs @{Add='ApplG7H8J9K0'}
Show (Invoke-EasRequest -Identity 'Bob\ExchangeActiveSyncDevices\iPhone§ApplG7H8J9K0' -Command Ping)
Get-MobileDevice -Mailbox alice | Format-Table DeviceId, DeviceAccessState, DeviceAccessStateReason
"#,
    );
    assert_eq!(
        out,
        "Sync http=200 eas=129 Blocked/DeviceRule step=RuleBlock
Sync http=200 eas=129 Blocked/DeviceRule step=RuleBlock
Sync http=403 eas= Blocked/DeviceRule step=RuleBlock
(empty)
Status 129
Ping http=200 eas=129 Blocked/Individual step=PersonalBlock

DeviceId     DeviceAccessState DeviceAccessStateReason
--------     ----------------- -----------------------
ApplF17XK1AB Blocked           DeviceRule
SEC1A2B3C4D5 Quarantined       Global

"
    );
}

#[test]
fn removing_the_allow_rule_quarantines_the_iphone_at_its_next_request() {
    // With the rule gone the org default (Quarantine) decides: Quarantined / Global (eas-facts §6.2 step 6), and a
    // quarantined device's Sync proceeds with Status 1 (eas-facts §4.1).
    let out = run(
        r#"Show (Invoke-EasRequest -Identity ApplF17XK1AB -Command Sync)
Remove-ActiveSyncDeviceAccessRule -Identity 'iPhone6C2 (DeviceModel)' -Confirm:$false
Show (Invoke-EasRequest -Identity ApplF17XK1AB -Command Sync)
$d = Get-MobileDevice -Identity 'Alice\ExchangeActiveSyncDevices\iPhone§ApplF17XK1AB'
"$($d.DeviceAccessState)/$($d.DeviceAccessStateReason) rule=$($d.DeviceAccessControlRule)"
"#,
    );
    assert_eq!(
        out,
        "Sync http=200 eas=1 Allowed/DeviceRule step=RuleAllow
Sync http=200 eas=1 Quarantined/Global step=OrgDefault
Quarantined/Global rule=
"
    );
}

/// The subject of Exchange's quarantine notice (literal, eas-facts §4.1, from Microsoft.Exchange.AirSync's
/// Strings.resources).
const QUARANTINE_SUBJECT: &str = "Your mobile device is temporarily blocked from synchronizing using Exchange ActiveSync until your administrator grants it access.";

#[test]
fn a_new_android_is_quarantined_by_the_default_and_its_owner_gets_the_notice() {
    // First contact with Provision proceeds while quarantined (eas-facts §4.1), decided by the org default
    // (Quarantine, reason Global, §6.2 step 6). Exchange posts a real, unread message to the owner's Inbox when the
    // state changes to Quarantined (§4.1): her allowed iPhone syncs it like any mail; the quarantined phone sees
    // nothing but it.
    let out = run(
        r#"$n = New-SimulatedDevice -Mailbox alice -DeviceModel SM-S918B -DeviceType Android -UserAgent 'Android-SAMSUNG-SM-S918B/101.140' -DeviceOS 'Android 14' -FriendlyName 'Galaxy S23'
Show $n
$n.DeviceId.Length
$n.Identity -eq "Alice\ExchangeActiveSyncDevices\Android§$($n.DeviceId)"
'FolderSync', 'Sync' | ForEach-Object { $null = Invoke-EasRequest ApplF17XK1AB $_ }
$inbox = (Invoke-EasRequest ApplF17XK1AB Sync).Items
"iPhone items: $($inbox.Count)"
$inbox | Where-Object { $_ -like 'Your mobile device*' }
'Provision', 'FolderSync', 'Sync' | ForEach-Object { Show (Invoke-EasRequest $n.DeviceId $_) }
(Invoke-EasRequest $n.DeviceId Sync).Items
$d = Get-MobileDevice -Identity $n.Identity
"$($d.DeviceModel) $($d.DeviceOS) $($d.FriendlyName) $($d.DeviceAccessState)/$($d.DeviceAccessStateReason)"
"#,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "Provision http=200 eas=1 Quarantined/Global step=OrgDefault"
    );
    assert_eq!(lines[1], "32");
    assert_eq!(lines[2], "True");
    // 20 generated messages (the examples' mailboxes) plus the notice.
    assert_eq!(lines[3], "iPhone items: 21");
    assert_eq!(lines[4], QUARANTINE_SUBJECT);
    assert_eq!(
        &lines[5..8],
        [
            "Provision http=200 eas=1 Quarantined/Global step=OrgDefault",
            "FolderSync http=200 eas=1 Quarantined/Global step=OrgDefault",
            "Sync http=200 eas=1 Quarantined/Global step=OrgDefault",
        ]
    );
    assert_eq!(lines[8], QUARANTINE_SUBJECT);
    assert_eq!(
        lines[9],
        "SM-S918B Android 14 Galaxy S23 Quarantined/Global"
    );
    assert_eq!(lines.len(), 10, "{out}");
}

#[test]
fn first_contact_and_credentials_get_the_statuses_exchange_sends() {
    // A first FolderSync without a policy key, under a policy that does not allow non-provisionable devices:
    // 141 LegacyDeviceOnStrictPolicy, stored as Blocked / Policy (eas-facts §2.3 row 4 and the note below it).
    // A disabled user: 126 UserDisabledForSync in the body from 14.0 (§4.3), before any device logic: no
    // partnership is created. A wrong password: HTTP 401 and no decision (§1.5). A stale key: 144 (§2.3 row 7).
    let out = run(
        r#"Show (New-SimulatedDevice -Mailbox bob -DeviceModel SM-S918B -DeviceType Android -UserAgent 'Android/14' -Command FolderSync)
Set-CASMailbox -Identity carol -ActiveSyncEnabled $false
$c = New-SimulatedDevice -Mailbox carol -DeviceModel SM-S918B -DeviceType Android -UserAgent 'Android/14'
Show $c
"partnerships: $((Get-MobileDevice -Mailbox carol).Count) identity: [$($c.Identity)]"
Show (Invoke-EasRequest ApplF17XK1AB Sync -Password 'not it')
Show (Invoke-EasRequest ApplF17XK1AB FolderSync -PolicyKey 12345)
"#,
    );
    assert_eq!(
        out,
        "FolderSync http=200 eas=141 Blocked/Policy step=MailboxPolicy
Provision http=200 eas=126 Unknown/Unknown step=ActiveSyncEnabled
partnerships: 0 identity: []
Sync http=401 eas= / step=
FolderSync http=200 eas=144 Blocked/Policy step=MailboxPolicy
"
    );
}

#[test]
fn a_device_provisions_and_remembers_its_keys_like_a_client() {
    // MS-ASPROV flow (eas-facts §2.1): phase one returns a temporary key with the policy document, the
    // acknowledgement returns the final key (no document), and later commands present it.
    let out = run(
        r#"$n = New-SimulatedDevice -Mailbox bob -DeviceModel iPhone14C3 -DeviceType iPhone -UserAgent 'Apple-iPhone14C3/2104.236'
$n.Body -match '^Status 1; Policy Status 1; PolicyKey \d+; EASProvisionDoc$'
$n.PolicyKey -eq $null
$ack = Invoke-EasRequest $n.DeviceId Provision
$ack.Body -eq "Status 1; Policy Status 1; PolicyKey $($ack.PolicyKey)"
$ack.PolicyKey -ne $null
Show (Invoke-EasRequest $n.DeviceId FolderSync)
(Get-MobileDeviceStatistics -Identity $n.Identity).DevicePolicyApplicationStatus
"#,
    );
    assert_eq!(
        out,
        "True
True
True
True
FolderSync http=200 eas=1 Quarantined/Global step=OrgDefault
AppliedInFull
"
    );
}

#[test]
fn a_bad_identity_or_command_is_an_error_that_names_it() {
    // The not-found text is Get-MobileDevice's (admin::messages::not_found: Exchange Online's literal); an
    // argument outside -Command's set gets PowerShell's ValidateSet error with the set (Metadata.resx
    // ValidateSetFailure). Both are terminating: try/catch sees them.
    let (out, err, code) = run_with(
        &[],
        r#"Invoke-EasRequest -Identity NOPE -Command Sync
Get-MobileDevice -Identity NOPE
Invoke-EasRequest -Identity ApplF17XK1AB -Command Frobnicate
try { Invoke-EasRequest -Identity NOPE -Command Sync } catch { "caught $($_.FullyQualifiedErrorId)" }
New-SimulatedDevice -Mailbox alice -DeviceId TWIN1 -DeviceModel m -DeviceType Android -UserAgent u | Out-Null
New-SimulatedDevice -Mailbox bob -DeviceId TWIN1 -DeviceModel m -DeviceType Android -UserAgent u | Out-Null
Invoke-EasRequest -Identity TWIN1 -Command Sync
New-SimulatedDevice -Mailbox nobody -DeviceModel m -DeviceType Android -UserAgent u
'done'
"#,
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        "caught ManagementObjectNotFoundException,Invoke-EasRequest\ndone\n"
    );
    let first: Vec<&str> = err.lines().filter(|l| l.contains(" : ")).collect();
    let not_found = "The operation couldn't be performed because object 'NOPE' couldn't be found on 'EASPR01A001DC01.EASPR01A001.prod.outlook.com'.";
    assert_eq!(first[0], format!("Invoke-EasRequest : {not_found}"));
    assert_eq!(
        first[1],
        "    + CategoryInfo          : ObjectNotFound: (NOPE:String) [Invoke-EasRequest], ManagementObjectNotFoundException"
    );
    assert_eq!(first[3], format!("Get-MobileDevice : {not_found}"));
    assert!(err.contains(
        "Invoke-EasRequest : Cannot validate argument on parameter 'Command'. The argument \"Frobnicate\" does not belong to the set \"Provision,FolderSync,Sync,Ping,Settings,GetItemEstimate,ItemOperations,SendMail\" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.\n"
    ), "{err}");
    assert!(
        err.contains(
            "FullyQualifiedErrorId : ParameterArgumentValidationError,Invoke-EasRequest\n"
        ),
        "{err}"
    );
    assert!(err.contains("Invoke-EasRequest : The operation couldn't be performed because 'TWIN1' matches multiple entries.\n"), "{err}");
    assert!(err.contains("New-SimulatedDevice : The operation couldn't be performed because object 'nobody' couldn't be found on"), "{err}");
}

#[test]
fn runs_are_reproducible_and_save_writes_the_new_partnerships() {
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("after.json");
    let script = r#"$n = New-SimulatedDevice -Mailbox alice -DeviceModel SM-S918B -DeviceType Android -UserAgent 'Android/14'
"$($n.DeviceId) $($n.Body)"
"#;
    let (first, err, code) = run_with(&["--save", saved.to_str().unwrap()], script);
    assert_eq!(code, Some(0), "{err}");
    let (second, _, _) = run_with(&[], script);
    assert_eq!(first, second, "same tenant, same seed, same inputs");
    let id = first.split(' ').next().unwrap().to_string();
    // The saved tenant has the partnership; a later run's device acts from it.
    let out = easim_with_stdin(
        &["run", "-", "--tenant", saved.to_str().unwrap(), "--now", NOW],
        format!("{SHOW}(Get-MobileDevice -Mailbox alice).DeviceId -contains '{id}'\nShow (Invoke-EasRequest {id} Provision)\n").as_bytes(),
    );
    assert_eq!(
        stdout(&out),
        "True\nProvision http=200 eas=1 Quarantined/Global step=OrgDefault\n",
        "{}",
        stderr(&out)
    );
}

#[test]
fn over_connect_the_simulator_cmdlets_are_not_there() {
    // A running server's admin endpoint has Exchange's cmdlets only; devices act there over real HTTP.
    let tenant = fixture(TENANT);
    let server = crate::shell::serve(tenant.to_str().unwrap());
    let out = easim_with_stdin(
        &["run", "-", "--connect", &server.url, "--token", "shell-test-token"],
        b"(Get-Command -Name Get-MobileDevice).Name\nInvoke-EasRequest -Identity ApplF17XK1AB -Command Sync\n",
    );
    assert_eq!(stdout(&out), "Get-MobileDevice\n");
    assert!(
        stderr(&out).starts_with("The term 'Invoke-EasRequest' is not recognized"),
        "{}",
        stderr(&out)
    );
}
