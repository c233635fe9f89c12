//! `easim serve`: runs the EAS endpoint and the admin endpoint over one tenant until Ctrl-C.
//!
//! The admin bearer token comes from `--admin-token`, else the `EASIM_ADMIN_TOKEN` environment variable, else a
//! random one generated here and printed at start. The bound addresses are printed too (useful with port 0).

#![allow(clippy::print_stdout)]

use std::io::Read as _;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use base64::Engine as _;
use clap::Args;
use easim::server::{self, AppState, Listeners, ServerConfig};

use crate::tenant_source::TenantArgs;

/// The environment variable the admin token is read from when `--admin-token` is not given.
const TOKEN_ENV: &str = "EASIM_ADMIN_TOKEN";

#[derive(Args, Debug)]
#[command(after_help = "Examples:
  easim serve --tenant tenant.json
  EASIM_ADMIN_TOKEN=s3cret easim serve --tenant tenant.json --addr 127.0.0.1:8080 --admin-addr 127.0.0.1:8081

Admin calls: POST http://<admin-addr>/adminapi/beta/<domain>/InvokeCommand with
  Authorization: Bearer <token>
  {\"CmdletInput\":{\"CmdletName\":\"Get-MobileDevice\",\"Parameters\":{\"Mailbox\":\"alice\"}}}")]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    tenant: TenantArgs,
    /// Where the EAS endpoint (/Microsoft-Server-ActiveSync) listens.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Where the admin endpoint (/adminapi/beta/{tenant}/InvokeCommand) listens.
    #[arg(long, default_value = "127.0.0.1:8081")]
    admin_addr: SocketAddr,
    /// The bearer token admin calls must present (default: $EASIM_ADMIN_TOKEN, else a generated one).
    #[arg(long, value_name = "TOKEN")]
    admin_token: Option<String>,
}

pub(crate) fn run(args: ServeArgs) -> anyhow::Result<()> {
    let tenant = args.tenant.load()?;
    let domain = tenant.domain().to_string();
    let (token, generated) = match args
        .admin_token
        .or_else(|| std::env::var(TOKEN_ENV).ok())
        .filter(|t| !t.trim().is_empty())
    {
        Some(t) => (t, false),
        None => (generate_token(), true),
    };
    let config = ServerConfig {
        admin_token: token.clone(),
        ..ServerConfig::default()
    };
    let state = Arc::new(AppState::new(tenant, config));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let eas = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let admin = tokio::net::TcpListener::bind(args.admin_addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.admin_addr))?;
        let (eas_addr, admin_addr) = (eas.local_addr()?, admin.local_addr()?);
        println!("EAS endpoint:   http://{eas_addr}{}", server::EAS_PATH);
        println!("Admin endpoint: http://{admin_addr}/adminapi/beta/{domain}/InvokeCommand");
        if generated {
            println!(
                "Admin token (generated; set --admin-token or {TOKEN_ENV} to choose one): {token}"
            );
        }
        println!("Press Ctrl-C to stop.");
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        server::run(
            Listeners {
                eas,
                admin: Some(admin),
            },
            state,
            shutdown,
        )
        .await
        .context("the server stopped with an error")
    })
}

/// 32 random bytes from the operating system, base64url: a token nobody can guess.
fn generate_token() -> String {
    let mut bytes = [0u8; 32];
    let from_os = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if from_os.is_err() {
        // No /dev/urandom (not Unix): std's hasher keys are seeded from the OS.
        use std::hash::{BuildHasher, Hasher};
        for chunk in bytes.chunks_mut(8) {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u64(0);
            chunk.copy_from_slice(&h.finish().to_le_bytes()[..chunk.len()]);
        }
    }
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
