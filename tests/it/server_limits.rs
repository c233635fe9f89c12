//! The server under slow and stuck clients, over loopback: headers and bodies that never finish are cut off at
//! their timeouts, idle keep-alive connections are closed, a connection limit makes extra clients wait instead of
//! being served past it, and shutdown finishes within its grace even with a half-sent request open (a second
//! signal stops at once). Every wait here is bounded; the timeouts are shortened to a fraction of a second.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use easim::server::{AppState, Listeners, ServerConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::{TestServer, test_config, test_tenant};

const SHORT: Duration = Duration::from_millis(300);
/// Far longer than any timeout under test: a connection still open by then was not closed by the server.
const PATIENCE: Duration = Duration::from_secs(5);

fn config() -> ServerConfig {
    ServerConfig {
        header_timeout: SHORT,
        body_timeout: SHORT,
        ..test_config()
    }
}

/// Reads until the server closes the connection (or PATIENCE runs out); what it sent, and how long it took.
async fn read_until_closed(stream: &mut TcpStream) -> (String, Duration) {
    let start = Instant::now();
    let mut raw = Vec::new();
    let read = tokio::time::timeout(PATIENCE, stream.read_to_end(&mut raw)).await;
    assert!(
        read.is_ok(),
        "the server kept the connection open for {PATIENCE:?}"
    );
    (String::from_utf8_lossy(&raw).into_owned(), start.elapsed())
}

const OPTIONS: &str = "OPTIONS /Microsoft-Server-ActiveSync HTTP/1.1\r\nHost: easim\r\n\r\n";

#[tokio::test]
async fn a_client_sending_headers_slowly_is_cut_off_at_the_header_timeout() {
    let server = TestServer::start(test_tenant(), config()).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(b"OPTIONS /Microsoft-Server-ActiveSync HTTP/1.1\r\nHo")
        .await
        .unwrap();
    let (_, took) = read_until_closed(&mut stream).await;
    assert!(took < PATIENCE, "{took:?}");
    server.stop().await;
}

#[tokio::test]
async fn a_body_shorter_than_announced_gets_408_at_the_body_timeout() {
    let server = TestServer::start(test_tenant(), config()).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(
            b"POST /Microsoft-Server-ActiveSync?Cmd=Sync&User=u&DeviceId=d&DeviceType=t HTTP/1.1\r\nHost: easim\r\nContent-Length: 1000000000\r\n\r\nabcde",
        )
        .await
        .unwrap();
    let (text, _) = read_until_closed(&mut stream).await;
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    server.stop().await;
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let server = TestServer::start(test_tenant(), config()).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream.write_all(OPTIONS.as_bytes()).await.unwrap();
    // The answer (401 without credentials) comes, then the connection stays open for a next request until idle.
    let (text, _) = read_until_closed(&mut stream).await;
    assert!(text.starts_with("HTTP/1.1 401"), "{text}");
    server.stop().await;
}

#[tokio::test]
async fn past_the_connection_limit_a_client_waits_until_a_connection_closes() {
    let cfg = ServerConfig {
        max_connections: 1,
        header_timeout: Duration::from_secs(30),
        ..test_config()
    };
    let server = TestServer::start(test_tenant(), cfg).await;
    let mut first = TcpStream::connect(server.addr).await.unwrap();
    first.write_all(OPTIONS.as_bytes()).await.unwrap();
    let mut buf = [0u8; 12];
    first.read_exact(&mut buf).await.unwrap();
    assert_eq!(&buf, b"HTTP/1.1 401");
    // The second connection is accepted by the kernel but not served while the first is open.
    let mut second = TcpStream::connect(server.addr).await.unwrap();
    second.write_all(OPTIONS.as_bytes()).await.unwrap();
    let waited = tokio::time::timeout(SHORT, second.read_exact(&mut buf)).await;
    assert!(waited.is_err(), "served past the limit");
    drop(first);
    tokio::time::timeout(PATIENCE, second.read_exact(&mut buf))
        .await
        .expect("served once the first connection closed")
        .unwrap();
    assert_eq!(&buf, b"HTTP/1.1 401");
    server.stop().await;
}

async fn listeners() -> (Listeners, SocketAddr) {
    let eas = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = eas.local_addr().unwrap();
    (Listeners { eas, admin: None }, addr)
}

#[tokio::test]
async fn shutdown_with_a_half_sent_request_open_ends_within_the_grace() {
    let (l, addr) = listeners().await;
    let cfg = ServerConfig {
        header_timeout: Duration::from_secs(60),
        shutdown_grace: SHORT,
        ..test_config()
    };
    let state = Arc::new(AppState::new(test_tenant(), cfg));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(easim::server::run(l, state, async move {
        let _ = stopped.await;
    }));
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"OPTIONS /Microsoft-Server-ActiveSync HTTP/1.1\r\nHo")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    let start = Instant::now();
    stop.send(()).unwrap();
    tokio::time::timeout(PATIENCE, server)
        .await
        .expect("the server stops within the grace")
        .unwrap()
        .unwrap();
    assert!(start.elapsed() < PATIENCE);
}

#[tokio::test]
async fn a_second_signal_stops_at_once_whatever_the_grace() {
    let (l, addr) = listeners().await;
    let cfg = ServerConfig {
        header_timeout: Duration::from_secs(60),
        shutdown_grace: Duration::from_secs(600),
        ..test_config()
    };
    let state = Arc::new(AppState::new(test_tenant(), cfg));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (force, forced) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(easim::server::run_until(
        l,
        state,
        async move {
            let _ = stopped.await;
        },
        async move {
            let _ = forced.await;
        },
    ));
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(b"OPTIONS /Micro").await.unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    force.send(()).unwrap();
    tokio::time::timeout(PATIENCE, server)
        .await
        .expect("the server stops at once on the second signal")
        .unwrap()
        .unwrap();
}

/// The EAS address `easim serve` printed, read up to its last banner line; the returned reader keeps its stdout
/// open (a closed pipe would make the server's next line fail and the server stop, which a test must not
/// mistake for what it tests).
fn eas_address(
    child: &mut std::process::Child,
) -> (SocketAddr, std::io::BufReader<std::process::ChildStdout>) {
    use std::io::BufRead;
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut url = None;
    let mut line = String::new();
    while reader.read_line(&mut line).unwrap() > 0 {
        if let Some(u) = line.strip_prefix("EAS endpoint:") {
            url = Some(u.trim().to_string());
        }
        if line.starts_with("Press Ctrl-C") {
            break;
        }
        line.clear();
    }
    let url = url.expect("serve printed its EAS endpoint");
    let addr = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    (addr, reader)
}

/// CPU time (user + system, in clock ticks) a process has used, from /proc.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name (which is in parentheses and may hold spaces): utime is the 12th, stime the
    // 13th of them.
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after.split(' ').collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

#[test]
fn out_of_file_descriptors_the_server_waits_instead_of_spinning_and_serves_again_later() {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    // 64 descriptors for the whole server process: the 100 clients below exhaust them.
    let mut child = Command::new("bash")
        .args([
            "-c",
            "ulimit -n 64 && exec \"$0\" serve --profile small --seed 3 --now 2026-11-23 --eas-addr 127.0.0.1:0 --admin-addr 127.0.0.1:0 --log warn",
            env!("CARGO_BIN_EXE_easim"),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (addr, _stdout) = eas_address(&mut child);
    let clients: Vec<std::net::TcpStream> = (0..100)
        .filter_map(|_| std::net::TcpStream::connect(addr).ok())
        .collect();
    assert!(clients.len() > 64, "{} connections", clients.len());
    std::thread::sleep(Duration::from_millis(300));
    let before = cpu_ticks(child.id());
    std::thread::sleep(Duration::from_millis(1500));
    let used = cpu_ticks(child.id()) - before;
    assert!(child.try_wait().unwrap().is_none(), "the server stopped");
    // A loop retrying accept at once would burn the whole 1.5 s (about 150 ticks at 100 Hz).
    assert!(used < 50, "the server used {used} ticks of CPU in 1.5 s");
    drop(clients);
    let deadline = Instant::now() + PATIENCE;
    let answered = loop {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        s.write_all(OPTIONS.as_bytes()).unwrap();
        let mut buf = [0u8; 12];
        if s.read_exact(&mut buf).is_ok() {
            break buf;
        }
        assert!(Instant::now() < deadline, "the server did not serve again");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(&answered, b"HTTP/1.1 401");
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let stop_deadline = Instant::now() + PATIENCE;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > stop_deadline {
            child.kill().unwrap();
            panic!("easim serve did not stop within 5 s of SIGINT");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn ctrl_c_with_a_half_sent_request_open_exits_within_five_seconds() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_easim"))
        .args([
            "serve",
            "--profile",
            "small",
            "--seed",
            "3",
            "--now",
            "2026-11-23",
            "--eas-addr",
            "127.0.0.1:0",
            "--admin-addr",
            "127.0.0.1:0",
            "--log",
            "warn",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (addr, _stdout) = eas_address(&mut child);
    let mut half = std::net::TcpStream::connect(addr).unwrap();
    half.write_all(b"POST /Microsoft-Server-ActiveSync HTTP/1.1\r\nHost: ea")
        .unwrap();
    std::thread::sleep(Duration::from_millis(100));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the server stopped before Ctrl-C"
    );
    let start = Instant::now();
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > PATIENCE {
            child.kill().unwrap();
            panic!("easim serve did not exit within 5 s of Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(half);
}

#[test]
fn serve_takes_its_timeouts_from_the_command_line() {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_easim"))
        .args([
            "serve",
            "--profile",
            "small",
            "--now",
            "2026-11-23",
            "--eas-addr",
            "127.0.0.1:0",
            "--admin-addr",
            "127.0.0.1:0",
            "--log",
            "warn",
            "--header-timeout",
            "1",
            "--shutdown-grace",
            "0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (addr, _stdout) = eas_address(&mut child);
    let mut slow = std::net::TcpStream::connect(addr).unwrap();
    slow.set_read_timeout(Some(PATIENCE)).unwrap();
    slow.write_all(b"OPTIONS /Microsoft-Server-ActiveSync HTTP/1.1\r\nHo")
        .unwrap();
    let start = Instant::now();
    let mut rest = Vec::new();
    let closed = slow.read_to_end(&mut rest);
    assert!(
        closed.is_ok() && start.elapsed() < PATIENCE,
        "--header-timeout 1 left a slow client connected for {:?}",
        start.elapsed()
    );
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + PATIENCE;
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "serve did not stop");
        std::thread::sleep(Duration::from_millis(50));
    }
}
