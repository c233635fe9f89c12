//! The EXO V3 cmdlets, Get-MobileDevice -SortBy and the mailbox log as an admin uses them: `easim run` scripts,
//! in-process and with `--connect` against a running server, printing the same text. The expected values are the
//! references' (each named beside its check): the property sets of
//! https://learn.microsoft.com/powershell/exchange/cmdlet-property-sets, the defaults of the Set-Mailbox /
//! Set-CASMailbox pages, the default 1000 of -ResultSize, and Exchange 2013's mailbox log format.

use std::process::Output;

use easim::eas::Command as EasCommand;
use serde_json::json;

use crate::eas::{device, ready};
use crate::support::{ADMIN_TOKEN, TestServer, easim, fixture, stderr, stdout};

const SCRIPT: &str = r#"Get-EXOMailbox -Identity alice | Format-List
Get-EXOMailbox -PropertySets Quota, SoftDelete -ResultSize 1 | Format-List Name, CalendarLoggingQuota, UseDatabaseQuotaDefaults, IsInactiveMailbox
Get-EXOCasMailbox -PropertySets ActiveSync -Filter "ActiveSyncMailboxPolicy -eq 'Executives'" | Format-List Name, ActiveSyncMailboxPolicy, ActiveSyncMailboxPolicyIsDefaulted, OWAEnabled
Get-EXOMailbox -ResultSize Unlimited | ForEach-Object { Get-EXOMobileDeviceStatistics -UserPrincipalName $_.UserPrincipalName } | Sort-Object DeviceID | Format-Table DeviceID, DeviceModel, ClientType
Get-MobileDevice -SortBy DeviceOS | Format-Table DeviceOS, DeviceId
Get-MobileDevice -Filter "DeviceActiveSyncVersion -like '16*'" | Measure-Object | Select-Object -ExpandProperty Count
Get-EXOMailbox -Properties WhenCreated
"#;

fn run_both(script: &str) -> (Output, Output) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("exo.ps1");
    std::fs::write(&path, script).unwrap();
    let path = path.to_str().unwrap();
    let tenant = fixture("tenants/examples.json");
    let tenant = tenant.to_str().unwrap();
    let now = "2026-11-23T08:30:00Z";
    let local = easim(&["run", path, "--tenant", tenant, "--now", now]);
    let server = crate::shell::serve(tenant);
    let remote = easim(&[
        "run",
        path,
        "--connect",
        &server.url,
        "--token",
        "shell-test-token",
        "--now",
        now,
    ]);
    (local, remote)
}

#[test]
fn exo_scripts_print_the_same_in_process_and_connected() {
    let (local, remote) = run_both(SCRIPT);
    assert_eq!(stdout(&remote), stdout(&local));
    assert_eq!(stderr(&remote), stderr(&local));
    let text = stdout(&local);
    // Minimum set, as modelled: the reference's members less DistinguishedName, ExternalDirectoryObjectId and
    // OrganizationId, which the tenant does not have.
    for line in [
        "ExchangeVersion      : 0.20 (15.0.0.0)",
        "EmailAddresses       : {SMTP:alice@contoso.com}",
        "RecipientTypeDetails : UserMailbox",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
    assert!(!text.contains("DistinguishedName"), "{text}");
    // Quota and SoftDelete sets: "The default value is 6 gigabytes (6442450944 bytes)"; "In Exchange Online, this
    // is the default value" ($false); no inactive mailboxes.
    assert!(
        text.contains("CalendarLoggingQuota     : 6 GB (6,442,450,944 bytes)"),
        "{text}"
    );
    assert!(text.contains("UseDatabaseQuotaDefaults : False"), "{text}");
    assert!(text.contains("IsInactiveMailbox        : False"), "{text}");
    // -ResultSize 1 of 4 mailboxes: the explicit-limit warning.
    assert!(
        text.contains("WARNING: There are more results available than are currently displayed."),
        "{text}"
    );
    // ActiveSync set with a filter on one of its properties; OWAEnabled comes from Minimum ("$true ... This value
    // is the default").
    assert!(
        text.contains("ActiveSyncMailboxPolicy            : Executives"),
        "{text}"
    );
    assert!(
        text.contains("OWAEnabled                         : True"),
        "{text}"
    );
    // Every partnership through the UPN pipeline, and -SortBy ascending.
    assert_eq!(
        text.matches("Outlook for iOS and Android").count(),
        1,
        "{text}"
    );
    let android = text.find("Android 13").unwrap();
    let ios = text.find("iOS 12.1 16B92").unwrap();
    assert!(android < ios, "DeviceOS sorted: {text}");
    // The four example devices all last used 16.1.
    assert!(text.lines().any(|l| l.trim() == "4"), "{text}");
    let errors = stderr(&local);
    assert!(
        errors.contains("The property 'WhenCreated' of Get-EXOMailbox isn't modelled"),
        "{errors}"
    );
}

/// A script an admin runs while troubleshooting a device: turn logging on, let the device sync, read the log.
#[tokio::test]
async fn the_mailbox_log_reads_back_through_a_connected_shell() {
    let server = TestServer::default().await;
    let (status, body) = server
        .admin(
            "Set-CASMailbox",
            json!({"Identity": "dave", "ActiveSyncDebugLogging": true}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let mut phone = ready(&server, device("dave", "SHLOG1")).await;
    phone.sync_all("5", 100).await.unwrap();
    phone.send(EasCommand::Ping, None).await.unwrap();

    let url = format!(
        "http://{}/adminapi/beta/contoso.test/InvokeCommand",
        server.admin_addr
    );
    let script = r#"$stats = Get-MobileDeviceStatistics -Mailbox dave -GetMailboxLog
$log = $stats.MailboxLogReport
"entries: " + ($log -split "Log Entry: ").Count
"commands: " + ((($log -split "`r`n") | Where-Object { $_ -like 'POST *' } | ForEach-Object { $_.Split('?')[1].Split('&')[0] }) -join ',')
"#;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.ps1");
    std::fs::write(&path, script).unwrap();
    let out = tokio::task::spawn_blocking(move || {
        easim(&[
            "run",
            path.to_str().unwrap(),
            "--connect",
            &url,
            "--token",
            ADMIN_TOKEN,
        ])
    })
    .await
    .unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    // Provision twice, FolderSync, two Syncs (key 0, then the mail), the Ping: six entries (seven pieces).
    assert!(text.contains("entries: 7"), "{text}");
    assert!(
        text.contains(
            "commands: Cmd=Provision,Cmd=Provision,Cmd=FolderSync,Cmd=Sync,Cmd=Sync,Cmd=Ping"
        ),
        "{text}"
    );
    server.stop().await;
}
