//! `easim load --admin-script FILE`: admin load beside the fleet. `--admin-workers N` threads each run the script
//! again and again through the remote shell (`RemoteHost`, the admin endpoint's InvokeCommand, as
//! `easim run --connect` does) until the devices' run ends, so the lock contention between bulk admin scripts and
//! syncing devices shows in one report: every cmdlet call is a request `admin <Cmdlet>` (its answer's status: 200,
//! or 400 for the cmdlet's error), and every whole run one `admin script <file>`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Instant;

use anyhow::Context as _;
use easim::load::report::RunReport;
use easim::model::Timestamp;
use easim::remote::{RemoteConfig, RemoteHost};
use easim::script::{
    BoundParameters, CmdletHost, CmdletInfo, Confirmer, ErrorRecord, Output, RunOutcome, Session,
    SessionOptions, StringHost,
};

/// One timed request: seconds into the run, what, HTTP status, microseconds.
type Timing = (u64, String, u16, u64);

/// The running workers.
pub(crate) struct AdminLoad {
    stop: Arc<AtomicBool>,
    workers: Vec<JoinHandle<Vec<Timing>>>,
}

/// Times every cmdlet call the script makes.
struct TimingHost<'a> {
    inner: RemoteHost,
    started: Instant,
    timings: &'a mut Vec<Timing>,
}

impl CmdletHost for TimingHost<'_> {
    fn invoke(
        &mut self,
        cmdlet: &'static CmdletInfo,
        args: &BoundParameters,
        confirmer: &mut dyn Confirmer,
    ) -> Result<Output, ErrorRecord> {
        let t = Instant::now();
        let result = self.inner.invoke(cmdlet, args, confirmer);
        let micros = u64::try_from(t.elapsed().as_micros()).unwrap_or(u64::MAX);
        let status = if result.is_ok() { 200 } else { 400 };
        let second = self.started.elapsed().as_secs();
        self.timings
            .push((second, format!("admin {}", cmdlet.name), status, micros));
        result
    }

    fn now(&self) -> Timestamp {
        self.inner.now()
    }

    fn registry(&self) -> &'static easim::script::Registry {
        self.inner.registry()
    }
}

/// Starts `workers` threads running `source` (read from `name`) in a loop against the admin endpoint at `url`.
/// Each connects first: a wrong URL or token is an error here, before any load.
pub(crate) fn start(
    url: &str,
    token: &str,
    name: &str,
    source: String,
    workers: usize,
    now: Timestamp,
    started: Instant,
) -> anyhow::Result<AdminLoad> {
    let stop = Arc::new(AtomicBool::new(false));
    let source = Arc::new(source);
    let label = format!(
        "admin script {}",
        std::path::Path::new(name)
            .file_name()
            .map_or(name.into(), |f| f.to_string_lossy())
    );
    let mut handles = Vec::with_capacity(workers);
    for i in 0..workers {
        let mut host = RemoteHost::new(RemoteConfig::new(url.to_string(), token.to_string()), now)
            .context("the admin script workers cannot connect")?;
        host.check()
            .map_err(|e| anyhow::anyhow!("{}", e.message))
            .context("the admin script workers cannot connect")?;
        let (stop, source, label) = (stop.clone(), source.clone(), label.clone());
        let handle = std::thread::Builder::new()
            .name(format!("easim-admin-{i}"))
            // Scripts recurse as deeply as `easim run` allows them to.
            .stack_size(64 * 1024 * 1024)
            .spawn(move || {
                let mut timings = Vec::new();
                let mut host = Some(host);
                while !stop.load(Ordering::Relaxed) {
                    let Some(inner) = host.take() else { break };
                    let t = Instant::now();
                    let mut timing = TimingHost {
                        inner,
                        started,
                        timings: &mut timings,
                    };
                    let outcome = Session::new(SessionOptions::default()).run(
                        &source,
                        &mut timing,
                        &mut StringHost::new(),
                    );
                    host = Some(timing.inner);
                    let micros = u64::try_from(t.elapsed().as_micros()).unwrap_or(u64::MAX);
                    let status = if outcome == RunOutcome::Completed {
                        200
                    } else {
                        400
                    };
                    timings.push((started.elapsed().as_secs(), label.clone(), status, micros));
                }
                timings
            })
            .context("cannot start an admin script worker")?;
        handles.push(handle);
    }
    Ok(AdminLoad {
        stop,
        workers: handles,
    })
}

impl AdminLoad {
    /// Stops the workers after their current run and adds what they timed to `report`; returns the runs made.
    pub(crate) fn finish(self, report: &mut RunReport) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        let mut runs = 0;
        for worker in self.workers {
            let Ok(timings) = worker.join() else { continue };
            for (second, what, status, micros) in timings {
                runs += u64::from(what.starts_with("admin script "));
                report.record(second, &what, status, None, micros);
            }
        }
        runs
    }
}
