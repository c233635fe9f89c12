//! Load generators and the crate's own EAS client. The client speaks EAS like an outside device (it never
//! looks inside the server): `client` builds requests and reads answers (pure), `session` sends them over a
//! keep-alive loopback connection, `run` drives a bounded fleet of devices for benchmarks, either repeating one
//! steady-state Sync or, with a behaviour `model` per device, living as phones do (`fleet`). What a run
//! measured is a `report` (HDR histograms, mergeable across `shard`s), judged by an `slo` and drawn by `html`.

pub mod client;
pub mod fleet;
pub mod html;
pub mod model;
pub mod report;
pub mod run;
pub mod session;
pub mod shard;
pub mod slo;

pub use client::{Device, Reply};
pub use fleet::FleetSettings;
pub use model::Mix;
pub use report::{LoadReport, RunReport};
pub use run::{Live, LoadPlan, Target};
pub use session::{ClientError, Connection, Session};
pub use shard::Shard;
pub use slo::Slo;
