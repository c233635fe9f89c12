//! `easim serve` as an admin uses it: the built binary on loopback ports, admin calls over a real socket with the
//! token from the command line, the environment or a generated one; and the example tenant fixture the command
//! lines in the docs use.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use easim::admin::examples::example_tenant;
use easim::model::{from_json, to_json};

use crate::support::fixture;

const FIXTURE: &str = "tenants/examples.json";

#[test]
fn the_examples_fixture_is_the_built_in_example_tenant() {
    let path = fixture(FIXTURE);
    let want = to_json(&example_tenant());
    if std::env::var_os("UPDATE_EXAMPLES").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(from_json(&text).unwrap(), example_tenant());
    assert_eq!(text, want, "UPDATE_EXAMPLES=1 rewrites {}", path.display());
}

struct Served {
    child: Child,
    admin: String,
    token: Option<String>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(extra: &[&str], env_token: Option<&str>) -> Served {
    let path = fixture(FIXTURE);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_easim"));
    cmd.args(["serve", "--tenant", path.to_str().unwrap()])
        .args(["--addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    match env_token {
        Some(t) => cmd.env("EASIM_ADMIN_TOKEN", t),
        None => cmd.env_remove("EASIM_ADMIN_TOKEN"),
    };
    let mut child = cmd.spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut admin, mut token) = (None, None);
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(url) = line.strip_prefix("Admin endpoint: http://") {
            admin = Some(url.split('/').next().unwrap().to_string());
        }
        if let Some((_, t)) = line.split_once("Admin token (generated") {
            token = Some(t.rsplit(' ').next().unwrap().to_string());
        }
        if line.starts_with("Press Ctrl-C") {
            break;
        }
    }
    Served {
        child,
        admin: admin.expect("the admin address is printed"),
        token,
    }
}

/// One HTTP/1.1 POST over a plain socket: (status, body).
fn post(addr: &str, token: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST /adminapi/beta/contoso.com/InvokeCommand HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut reply = String::new();
    s.read_to_string(&mut reply).unwrap();
    let status = reply[9..12].parse().unwrap();
    let body = reply.split_once("\r\n\r\n").unwrap().1.to_string();
    (status, body)
}

const GET_ALICE: &str =
    r#"{"CmdletInput":{"CmdletName":"Get-CASMailbox","Parameters":{"Identity":"alice"}}}"#;

#[test]
fn serve_takes_the_token_from_the_command_line_or_the_environment() {
    let s = serve(&["--admin-token", "from-args"], Some("from-env"));
    assert_eq!(s.token, None);
    assert_eq!(post(&s.admin, "from-env", GET_ALICE).0, 401);
    let (status, body) = post(&s.admin, "from-args", GET_ALICE);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""Name":"Alice""#), "{body}");
    drop(s);

    let s = serve(&[], Some("from-env"));
    assert_eq!(post(&s.admin, "from-env", GET_ALICE).0, 200);
}

#[test]
fn serve_generates_and_prints_a_token_when_none_is_given() {
    let s = serve(&[], None);
    let token = s.token.clone().expect("a generated token is printed");
    assert!(token.len() >= 40, "{token}");
    assert_eq!(post(&s.admin, "guess", GET_ALICE).0, 401);
    let (status, _) = post(&s.admin, &token, GET_ALICE);
    assert_eq!(status, 200);
}
