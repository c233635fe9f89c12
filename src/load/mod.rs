//! Load generators and the crate's own EAS client. The client speaks EAS like an outside device (it never
//! looks inside the server): `client` builds requests and reads answers (pure), `session` sends them over a
//! keep-alive loopback connection, `run` drives a bounded fleet of devices for benchmarks.

pub mod client;
pub mod run;
pub mod session;

pub use client::{Device, Reply};
pub use run::{LoadPlan, LoadReport, Target};
pub use session::{ClientError, Connection, Session};
