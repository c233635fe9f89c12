//! The Exchange ActiveSync mailbox log end to end, over real loopback HTTP: `Set-CASMailbox -ActiveSyncDebugLogging`
//! through the admin endpoint, EAS requests from the crate's client, and `Get-MobileDeviceStatistics
//! -GetMailboxLog` (and `Get-EXOMobileDeviceStatistics -GetMailboxLog`) reading each request back in the format
//! Exchange writes.
//!
//! The expected shape is Exchange's: the report banner `\r\n-----------------\r\n Log Entry: <n>\r\n
//! -----------------\r\n\r\n` and one `Name : \r\n<value>\r\n\r\n` block per datum, in the order Exchange 2013 sets
//! them ([EX13] `Microsoft.Exchange.AirSync/MailboxLogger.cs GenerateReport`, `GenerateLog`; `Command.cs`), read
//! here the way Microsoft's Mailbox Log Parser reads it (github.com/dseph/MailboxLogParser,
//! `MailboxLogParser.Common/Parsing/MailboxLog/MailboxLogEntry.cs`: a section starts at a line containing its
//! `Name : ` and ends at the next line containing ` : `). Personal data in bodies is cut as Exchange cuts it
//! without verbose mode ("the subject of an email may look like this: `<Subject xmlns="Email:" bytes="19"/>`",
//! learn.microsoft.com/en-us/archive/blogs/jasonsla/exchange-activesync-mailbox-logging).

use easim::eas::Command;
use easim::load::client;
use easim::load::session::Session;
use serde_json::{Value, json};

use crate::eas::{device, ready};
use crate::support::TestServer;

/// One log entry's sections, as Mailbox Log Parser finds them.
fn sections(entry: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in entry.split("\r\n") {
        if let Some(name) = line.strip_suffix(" : ")
            && !name.contains(' ')
        {
            out.push((name.to_string(), String::new()));
        } else if let Some((_, value)) = out.last_mut() {
            value.push_str(line);
            value.push('\n');
        }
    }
    for (_, v) in &mut out {
        *v = v.trim_end().to_string();
    }
    out
}

/// The entries of a MailboxLogReport, checking the banners count from 0.
fn entries(report: &str) -> Vec<Vec<(String, String)>> {
    let mut parts = report.split("\r\n-----------------\r\n Log Entry: ");
    assert_eq!(parts.next(), Some(""), "the report starts with a banner");
    parts
        .enumerate()
        .map(|(i, part)| {
            let rest = part
                .strip_prefix(&format!("{i}\r\n-----------------\r\n\r\n"))
                .unwrap_or_else(|| panic!("banner {i} is Exchange's: {part:?}"));
            sections(rest)
        })
        .collect()
}

fn names(entry: &[(String, String)]) -> Vec<&str> {
    entry.iter().map(|(n, _)| n.as_str()).collect()
}

fn value<'e>(entry: &'e [(String, String)], name: &str) -> &'e str {
    entry
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name} in {entry:?}"))
}

async fn report(server: &TestServer, cmdlet: &str, mailbox: &str) -> (Value, String) {
    let (status, body) = server
        .admin(cmdlet, json!({"Mailbox": mailbox, "GetMailboxLog": true}))
        .await;
    assert_eq!(status, 200, "{body}");
    let report = body["value"][0]["MailboxLogReport"]
        .as_str()
        .unwrap_or_else(|| panic!("a MailboxLogReport string: {body}"))
        .to_string();
    (body, report)
}

async fn set_logging(server: &TestServer, mailbox: &str, on: bool) {
    let (status, body) = server
        .admin(
            "Set-CASMailbox",
            json!({"Identity": mailbox, "ActiveSyncDebugLogging": on}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

const ANSWERED: [&str; 12] = [
    "RequestTime",
    "ServerName",
    "AssemblyVersion",
    "Identifier",
    "RequestHeader",
    "RequestBody",
    "AccessState",
    "AccessStateReason",
    "ResponseHeader",
    "ResponseBody",
    "ResponseTime",
    "",
];

#[tokio::test]
async fn debug_logging_writes_each_request_to_the_device_log_in_exchanges_format() {
    let server = TestServer::default().await;
    // Before logging is on nothing is kept: the objects come back with an empty report and Exchange's error.
    let mut phone = ready(&server, device("alice", "LOG1")).await;
    let (body, text) = report(&server, "Get-MobileDeviceStatistics", "alice").await;
    assert_eq!(text, "");
    assert!(
        body["@adminapi.errors"][0]
            .to_string()
            .contains("Logs couldn't be retrieved for your mobile device."),
        "{body}"
    );

    set_logging(&server, "alice", true).await;
    let (items, key) = phone.sync_all("5", 200).await.unwrap();
    assert!(!items.is_empty(), "the inbox has generated mail");
    let (body, text) = report(&server, "Get-MobileDeviceStatistics", "alice").await;
    assert!(body.get("@adminapi.errors").is_none(), "{body}");
    let log = entries(&text);
    assert!(
        log.len() >= 2,
        "the initial Sync and the one that fetched the mail: {log:?}"
    );
    for (i, entry) in log.iter().enumerate() {
        assert_eq!(names(entry), &ANSWERED[..11], "entry {i}");
        assert_eq!(value(entry, "Identifier"), format!("{:X}", i + 1));
        assert_eq!(value(entry, "AccessState"), "Allowed");
        assert_eq!(value(entry, "AccessStateReason"), "Global");
        // ExDateTime.Now.ToString(DateTimeFormatInfo.InvariantInfo): MM/dd/yyyy HH:mm:ss.
        let time = value(entry, "RequestTime");
        assert_eq!(time.len(), 19, "{time}");
        assert_eq!((&time[2..3], &time[5..6], &time[13..14]), ("/", "/", ":"));
        let header = value(entry, "RequestHeader");
        assert!(
            header.starts_with(
                "POST /Microsoft-Server-ActiveSync/default.eas?Cmd=Sync&User=alice@contoso.test&DeviceId=LOG1&DeviceType="
            ),
            "{header}"
        );
        assert!(header.contains("\nAuthorization: ********\n"), "{header}");
        assert!(value(entry, "ResponseHeader").starts_with("HTTP/1.1 200 OK"));
    }
    let first = &log[0];
    let request = value(first, "RequestBody");
    assert!(
        request.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n<Sync xmlns=\"AirSync:\">\n\t<Collections>"),
        "{request}"
    );
    assert!(request.contains("<SyncKey>0</SyncKey>"), "{request}");
    // The mail itself is cut to its length: no subject text, but Subject elements with a byte count.
    let fetched = value(log.last().unwrap(), "ResponseBody");
    assert!(
        fetched.contains("<Subject xmlns=\"Email:\" bytes=\""),
        "{fetched}"
    );
    for subject in items.iter().filter_map(|i| i.subject.as_deref()) {
        assert!(
            !fetched.contains(&format!(">{subject}<")),
            "{subject} leaked"
        );
    }

    // A blocked request is logged with the state that refused it.
    let (status, body) = server
        .admin(
            "Set-CASMailbox",
            json!({"Identity": "alice", "ActiveSyncBlockedDeviceIDs": {"@odata.type": "#Exchange.GenericHashTable", "Add": ["LOG1"]}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let r = phone
        .send(Command::Sync, Some(&client::sync("5", &key, 10)))
        .await
        .unwrap();
    assert_eq!(r.status(), Some(129));
    let (_, text) = report(&server, "Get-MobileDeviceStatistics", "alice").await;
    let log2 = entries(&text);
    assert_eq!(log2.len(), log.len() + 1);
    let blocked = log2.last().unwrap();
    assert_eq!(value(blocked, "AccessState"), "Blocked");
    assert_eq!(value(blocked, "AccessStateReason"), "Individual");
    assert!(
        value(blocked, "ResponseBody").contains("<Status>129</Status>"),
        "{blocked:?}"
    );

    // The EXO V3 cmdlet returns the same log.
    let (_, exo) = report(&server, "Get-EXOMobileDeviceStatistics", "alice").await;
    assert_eq!(exo, text);

    // Turned off, nothing more is written.
    set_logging(&server, "alice", false).await;
    phone
        .send(Command::Sync, Some(&client::sync("5", &key, 10)))
        .await
        .unwrap();
    let (_, after) = report(&server, "Get-MobileDeviceStatistics", "alice").await;
    assert_eq!(after, text);
    server.stop().await;
}

#[tokio::test]
async fn a_ping_that_waits_gets_a_second_entry_when_it_is_answered() {
    let server = TestServer::default().await;
    set_logging(&server, "bob", true).await;
    let mut bob = ready(&server, device("bob", "LOGPING")).await;
    bob.sync_all("5", 500).await.unwrap();
    let addr = server.addr;
    let sender = tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let mut alice = Session::connect(addr, device("alice", "LOGSEND"))
            .await
            .unwrap();
        alice.provision().await.unwrap();
        let mime = b"To: bob@contoso.test\r\nSubject: wake up\r\n\r\nhi";
        alice
            .send(Command::SendMail, Some(&client::send_mail(mime, false)))
            .await
            .unwrap()
    });
    let r = bob
        .send(Command::Ping, Some(&client::ping(3000, &["5"])))
        .await
        .unwrap();
    assert_eq!(client::ping_result(&r.doc().unwrap()).0, Some(2));
    assert_eq!(sender.await.unwrap().status, 200);
    let (_, text) = report(&server, "Get-MobileDeviceStatistics", "bob").await;
    let log = entries(&text);
    let n = log.len();
    assert!(n >= 5, "Provision ×2, FolderSync, Sync, Ping: {log:?}");
    assert!(
        value(&log[0], "RequestHeader").starts_with(
            "POST /Microsoft-Server-ActiveSync/default.eas?Cmd=Provision&User=bob@contoso.test&DeviceId=LOGPING&DeviceType="
        ),
        "{:?}",
        log[0]
    );
    // The Ping's request entry has no response; the second entry is PingCommand.cs's pending answer.
    let ping = &log[n - 2];
    assert_eq!(names(ping), &ANSWERED[..8]);
    assert!(value(ping, "RequestHeader").contains("Cmd=Ping"));
    assert!(value(ping, "RequestBody").contains("<Ping xmlns=\"Ping:\">"));
    let answer = &log[n - 1];
    assert_eq!(
        names(answer),
        ["WasPending", "ResponseBody", "ResponseTime"]
    );
    assert_eq!(value(answer, "WasPending"), "[Response was pending]");
    assert!(value(answer, "ResponseBody").contains("<Status>2</Status>"));
    // The sender's mailbox logs nothing: logging is per mailbox.
    let (_, alice) = report(&server, "Get-MobileDeviceStatistics", "alice").await;
    assert_eq!(alice, "");
    server.stop().await;
}
