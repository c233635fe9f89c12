//! Helpers shared by the integration tests: running the built `easim` binary and locating fixtures.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub(crate) fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A path under `fixtures/`.
pub(crate) fn fixture(rel: &str) -> PathBuf {
    root().join("fixtures").join(rel)
}

/// Runs the `easim` binary that cargo built for this test run.
pub(crate) fn easim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_easim"))
        .args(args)
        .output()
        .expect("the easim binary runs")
}

/// Runs `easim` with bytes on standard input.
pub(crate) fn easim_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_easim"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the easim binary starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin)
        .expect("stdin accepts the input");
    child.wait_with_output().expect("the easim binary finishes")
}

pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

// ---- a live server on loopback, for HTTP tests ------------------------------------------------------------

use std::net::SocketAddr;
use std::sync::Arc;

use easim::model::{CasSettings, Guid, Mailbox, RecipientTypeDetails, Tenant, Timestamp};
use easim::server::{AppState, Listeners, ServerConfig};

/// The password of every user in `test_tenant`.
pub(crate) const PASSWORD: &str = "Passw0rd!";

/// A small tenant: alice, bob, dave (users), carol (ActiveSync disabled) and a shared mailbox.
pub(crate) fn test_tenant() -> Tenant {
    let mut t = Tenant::new("contoso.test");
    for (i, (alias, name, enabled, kind)) in [
        (
            "alice",
            "Alice Smith",
            true,
            RecipientTypeDetails::UserMailbox,
        ),
        ("bob", "Bob Jones", true, RecipientTypeDetails::UserMailbox),
        (
            "carol",
            "Carol White",
            false,
            RecipientTypeDetails::UserMailbox,
        ),
        (
            "dave",
            "Dave Brown",
            true,
            RecipientTypeDetails::UserMailbox,
        ),
        (
            "support",
            "Support",
            true,
            RecipientTypeDetails::SharedMailbox,
        ),
    ]
    .into_iter()
    .enumerate()
    {
        t.add_mailbox(Mailbox {
            guid: Guid::from_random_bits(0x1000 + i as u128),
            name: name.to_string(),
            alias: alias.to_string(),
            display_name: name.to_string(),
            primary_smtp_address: format!("{alias}@contoso.test"),
            user_principal_name: format!("{alias}@contoso.test"),
            recipient_type_details: kind,
            password: PASSWORD.to_string(),
            cas: CasSettings {
                active_sync_enabled: enabled,
                ..CasSettings::default()
            },
        })
        .unwrap();
    }
    t
}

/// A fixed epoch for generated mail, so content is reproducible.
pub(crate) const EPOCH: Timestamp = Timestamp::from_secs(1_795_000_000);

/// The admin endpoint's bearer token in `test_config`.
pub(crate) const ADMIN_TOKEN: &str = "test-admin-token";

/// Server settings for tests: fixed seed and epoch, short Ping seconds.
pub(crate) fn test_config() -> ServerConfig {
    ServerConfig {
        admin_token: ADMIN_TOKEN.to_string(),
        seed: 7,
        mail_epoch: Some(EPOCH),
        ping_second: std::time::Duration::from_millis(10),
        max_body_bytes: 64 * 1024,
        ..ServerConfig::default()
    }
}

/// `easim::server::run` on 127.0.0.1:0 with a shutdown switch.
pub(crate) struct TestServer {
    pub(crate) addr: SocketAddr,
    /// The admin endpoint's address (bearer token `ADMIN_TOKEN`).
    pub(crate) admin_addr: SocketAddr,
    pub(crate) state: Arc<AppState>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl TestServer {
    pub(crate) async fn start(tenant: Tenant, config: ServerConfig) -> TestServer {
        let eas = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = eas.local_addr().unwrap();
        let admin = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let admin_addr = admin.local_addr().unwrap();
        let state = Arc::new(AppState::new(tenant, config));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(easim::server::run(
            Listeners {
                eas,
                admin: Some(admin),
            },
            state.clone(),
            async move {
                let _ = rx.await;
            },
        ));
        TestServer {
            addr,
            admin_addr,
            state,
            stop: Some(tx),
            task,
        }
    }

    pub(crate) async fn default() -> TestServer {
        TestServer::start(test_tenant(), test_config()).await
    }

    /// POSTs one cmdlet to the admin endpoint's InvokeCommand and returns the HTTP status and the JSON body.
    pub(crate) async fn admin(
        &self,
        cmdlet: &str,
        parameters: serde_json::Value,
    ) -> (u16, serde_json::Value) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let body =
            serde_json::json!({"CmdletInput": {"CmdletName": cmdlet, "Parameters": parameters}})
                .to_string();
        let request = format!(
            "POST /adminapi/beta/contoso.test/InvokeCommand HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {ADMIN_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.admin_addr,
            body.len()
        );
        let mut stream = tokio::net::TcpStream::connect(self.admin_addr)
            .await
            .unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut raw = Vec::new();
        tokio::time::timeout(
            std::time::Duration::from_secs(10),
            stream.read_to_end(&mut raw),
        )
        .await
        .expect("the admin endpoint answers within 10 s")
        .unwrap();
        let text = String::from_utf8(raw).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (
            status,
            serde_json::from_str(body).unwrap_or(serde_json::Value::Null),
        )
    }

    /// Stops the server and waits (bounded) for it to finish.
    pub(crate) async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        let task = &mut self.task;
        tokio::time::timeout(std::time::Duration::from_secs(10), task)
            .await
            .expect("the server stops within 10 s")
            .unwrap()
            .unwrap();
    }
}
