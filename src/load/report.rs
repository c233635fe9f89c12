//! What a load run measured, as data: latency in HDR histograms (overall, per EAS command, per HTTP/EAS
//! status, per second of the run, and for the set-up requests), counters, errors by status. Mergeable —
//! workers of one run and shards of a fleet add up exactly (`RunReport::absorb`, `merge`) — and
//! serialisable as `report.json`, each histogram in HdrHistogram's V2 format, base64.
//!
//! Pure: the caller measures time and passes microseconds. Rendering lives in `html`, SLOs in `slo`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hdrhistogram::Histogram;
use hdrhistogram::serialization::{Deserializer, Serializer, V2Serializer};
use serde::{Deserialize, Serialize};

use super::shard::Shard;

/// The `schema` every report.json names; `merge` refuses others.
pub const SCHEMA: &str = "easim-load-report/1";

/// Significant figures kept by every histogram (values are exact to 1 part in 1000).
pub const SIGNIFICANT_FIGURES: u8 = 3;

/// Why reports cannot be merged or read.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("the report's schema is '{0}', not '{SCHEMA}'")]
    Schema(String),
    #[error("shard {0} appears twice: its requests would be counted twice")]
    DuplicateShard(Shard),
    #[error("shard {a} and shard {b} split the fleet differently (into {} and {} parts)", .a.count, .b.count)]
    ShardCounts { a: Shard, b: Shard },
    #[error("a histogram cannot be read: {0}")]
    Histogram(String),
    #[error("no reports to merge")]
    Empty,
}

/// Latency in microseconds: an HDR histogram that serialises with its summary beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct Latency(pub Histogram<u64>);

impl Default for Latency {
    fn default() -> Latency {
        Latency(Histogram::new(SIGNIFICANT_FIGURES).expect("3 significant figures are in range"))
    }
}

impl Latency {
    /// Records one request (an auto-resizing histogram takes any u64).
    pub fn record(&mut self, micros: u64) {
        // The histogram grows to take the value; one past its reach (near u64::MAX / 2) saturates instead.
        if self.0.record(micros).is_err() {
            self.0.saturating_record(micros);
        }
    }

    pub fn count(&self) -> u64 {
        self.0.len()
    }

    /// The value at quantile `q` (0..=1), 0 when empty.
    pub fn quantile(&self, q: f64) -> u64 {
        if self.0.is_empty() {
            0
        } else {
            self.0.value_at_quantile(q)
        }
    }

    pub fn max(&self) -> u64 {
        if self.0.is_empty() { 0 } else { self.0.max() }
    }

    /// Adds another histogram's counts exactly.
    pub fn add(&mut self, other: &Latency) {
        // Both auto-resize, so the addition cannot fail for range.
        if self.0.add(&other.0).is_err() {
            for v in other.0.iter_recorded() {
                let (value, n) = (v.value_iterated_to(), v.count_at_value());
                if self.0.record_n(value, n).is_err() {
                    self.0.saturating_record_n(value, n);
                }
            }
        }
    }

    /// HdrHistogram V2 bytes, base64.
    pub fn encode(&self) -> String {
        let mut bytes = Vec::new();
        V2Serializer::new()
            .serialize(&self.0, &mut bytes)
            .expect("serialising into a Vec cannot fail for I/O, and V2 takes any histogram");
        STANDARD.encode(bytes)
    }

    pub fn decode(text: &str) -> Result<Latency, ReportError> {
        let bytes = STANDARD
            .decode(text)
            .map_err(|e| ReportError::Histogram(format!("not base64: {e}")))?;
        let mut h: Histogram<u64> = Deserializer::new()
            .deserialize(&mut bytes.as_slice())
            .map_err(|e| ReportError::Histogram(format!("{e:?}")))?;
        h.auto(true);
        Ok(Latency(h))
    }

    fn summary(&self) -> LatencyJson {
        LatencyJson {
            count: self.count(),
            min_us: if self.0.is_empty() { 0 } else { self.0.min() },
            p50_us: self.quantile(0.5),
            p90_us: self.quantile(0.9),
            p99_us: self.quantile(0.99),
            p999_us: self.quantile(0.999),
            max_us: self.max(),
            mean_us: if self.0.is_empty() {
                0.0
            } else {
                self.0.mean()
            },
            histogram: self.encode(),
        }
    }
}

/// How a `Latency` looks in report.json: the summary for people and scripts, the histogram for merging.
/// Reading takes only the histogram and recomputes the rest, so the two cannot disagree.
#[derive(Serialize, Deserialize)]
struct LatencyJson {
    count: u64,
    min_us: u64,
    p50_us: u64,
    p90_us: u64,
    p99_us: u64,
    p999_us: u64,
    max_us: u64,
    mean_us: f64,
    histogram: String,
}

impl Serialize for Latency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.summary().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Latency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Latency, D::Error> {
        let json = LatencyJson::deserialize(d)?;
        Latency::decode(&json.histogram).map_err(serde::de::Error::custom)
    }
}

/// One second of the timed loop (seconds count from its start, per shard).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Second {
    pub second: u64,
    pub requests: u64,
    pub errors: u64,
    pub latency: Latency,
}

/// A whole run (or the merge of shards' runs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    pub schema: String,
    /// What was loaded (the EAS endpoint's URL, or a baseline's).
    pub target: String,
    /// The shards merged into this report (empty: an unsharded run).
    pub shards: Vec<Shard>,
    pub devices: u64,
    pub connections: u64,
    /// Wall time of the timed loop; merged shards ran side by side, so the longest.
    pub elapsed_secs: f64,
    pub requests: u64,
    /// Answers other than HTTP 200, or with an EAS Status other than 1 (Success).
    pub errors: u64,
    pub requests_per_second: f64,
    pub latency: Latency,
    pub by_command: BTreeMap<String, Latency>,
    pub by_status: BTreeMap<String, Latency>,
    pub errors_by_status: BTreeMap<String, u64>,
    pub seconds: Vec<Second>,
    /// The requests that brought each device to steady state (not timed in the totals above).
    pub setup: BTreeMap<String, Latency>,
}

impl Default for RunReport {
    fn default() -> RunReport {
        RunReport {
            schema: SCHEMA.to_string(),
            target: String::new(),
            shards: Vec::new(),
            devices: 0,
            connections: 0,
            elapsed_secs: 0.0,
            requests: 0,
            errors: 0,
            requests_per_second: 0.0,
            latency: Latency::default(),
            by_command: BTreeMap::new(),
            by_status: BTreeMap::new(),
            errors_by_status: BTreeMap::new(),
            seconds: Vec::new(),
            setup: BTreeMap::new(),
        }
    }
}

/// `HTTP 200`, or `HTTP 200, EAS 1` when the answer carried an EAS Status (the common ones borrowed, so
/// recording a success allocates nothing).
pub fn status_key(http: u16, eas: Option<u16>) -> Cow<'static, str> {
    match (http, eas) {
        (200, None) => Cow::Borrowed("HTTP 200"),
        (200, Some(1)) => Cow::Borrowed("HTTP 200, EAS 1"),
        (http, Some(s)) => Cow::Owned(format!("HTTP {http}, EAS {s}")),
        (http, None) => Cow::Owned(format!("HTTP {http}")),
    }
}

/// The histogram under `key`, created on first use without allocating a key when it exists.
fn slot<'a>(map: &'a mut BTreeMap<String, Latency>, key: &str) -> &'a mut Latency {
    if !map.contains_key(key) {
        map.insert(key.to_string(), Latency::default());
    }
    map.get_mut(key).expect("inserted just above")
}

/// Whether an answer counts as an error.
pub fn is_error(http: u16, eas: Option<u16>) -> bool {
    http != 200 || eas.is_some_and(|s| s != 1)
}

/// Whether an answer to `command` counts as an error: as `is_error`, except that a Ping's Status 2 ("Changes
/// occurred in at least one of the monitored folders", MS-ASCMD 2.2.3.177.11) is the success a push waits for.
pub fn is_error_for(command: &str, http: u16, eas: Option<u16>) -> bool {
    !(command == "Ping" && http == 200 && eas == Some(2)) && is_error(http, eas)
}

/// Running totals of a load run, updated as answers arrive (for a progress line while it goes).
#[derive(Debug, Default)]
pub struct Live {
    pub requests: AtomicU64,
    pub errors: AtomicU64,
}

impl Live {
    /// Counts one answer.
    pub fn count(&self, error: bool) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if error {
            self.errors.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl RunReport {
    /// Records one timed request, `second` seconds into the loop.
    pub fn record(&mut self, second: u64, command: &str, http: u16, eas: Option<u16>, micros: u64) {
        let error = is_error_for(command, http, eas);
        let key = status_key(http, eas);
        self.requests += 1;
        self.latency.record(micros);
        slot(&mut self.by_command, command).record(micros);
        if error {
            self.errors += 1;
            *self.errors_by_status.entry(key.to_string()).or_default() += 1;
        }
        slot(&mut self.by_status, &key).record(micros);
        let slot = self.second_mut(second);
        slot.requests += 1;
        slot.errors += u64::from(error);
        slot.latency.record(micros);
    }

    /// Records one set-up request.
    pub fn record_setup(&mut self, command: &str, micros: u64) {
        slot(&mut self.setup, command).record(micros);
    }

    fn second_mut(&mut self, second: u64) -> &mut Second {
        let i = usize::try_from(second).unwrap_or(usize::MAX);
        if self.seconds.len() <= i {
            let start = self.seconds.len() as u64;
            self.seconds.extend((start..=second).map(|s| Second {
                second: s,
                ..Second::default()
            }));
        }
        &mut self.seconds[i]
    }

    /// Adds another part of the same fleet (a worker, or a shard) exactly: counters summed, histograms
    /// added, seconds aligned by their offset from each part's start, elapsed the longest.
    pub fn absorb(&mut self, other: &RunReport) {
        self.devices += other.devices;
        self.connections += other.connections;
        self.elapsed_secs = self.elapsed_secs.max(other.elapsed_secs);
        self.requests += other.requests;
        self.errors += other.errors;
        self.latency.add(&other.latency);
        for (maps, theirs) in [
            (&mut self.by_command, &other.by_command),
            (&mut self.by_status, &other.by_status),
            (&mut self.setup, &other.setup),
        ] {
            for (k, v) in theirs {
                maps.entry(k.clone()).or_default().add(v);
            }
        }
        for (k, n) in &other.errors_by_status {
            *self.errors_by_status.entry(k.clone()).or_default() += n;
        }
        for s in &other.seconds {
            let mine = self.second_mut(s.second);
            mine.requests += s.requests;
            mine.errors += s.errors;
            mine.latency.add(&s.latency);
        }
        self.shards.extend(other.shards.iter().copied());
        self.shards.sort();
        if self.target.is_empty() {
            self.target = other.target.clone();
        }
        self.finish(self.elapsed_secs);
    }

    /// Sets the elapsed time and the rate derived from it.
    pub fn finish(&mut self, elapsed_secs: f64) {
        self.elapsed_secs = elapsed_secs;
        self.requests_per_second = if elapsed_secs > 0.0 {
            self.requests as f64 / elapsed_secs
        } else {
            0.0
        };
    }

    /// The share of requests that were errors (0..=1).
    pub fn error_ratio(&self) -> f64 {
        if self.requests == 0 {
            0.0
        } else {
            self.errors as f64 / self.requests as f64
        }
    }

    /// The one-line summary.
    pub fn summary(&self) -> LoadReport {
        LoadReport {
            connections: self.connections as usize,
            requests: self.requests,
            errors: self.errors,
            elapsed: Duration::from_secs_f64(self.elapsed_secs.max(0.0)),
            p50_micros: self.latency.quantile(0.5),
            p99_micros: self.latency.quantile(0.99),
        }
    }

    /// A report from report.json's text.
    pub fn from_json(text: &str) -> Result<RunReport, String> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let report: RunReport = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            format!("at {path}: {}", e.into_inner())
        })?;
        if report.schema != SCHEMA {
            return Err(ReportError::Schema(report.schema).to_string());
        }
        Ok(report)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report is plain data and always serialises")
    }
}

/// The one-line summary of a run (`RunReport::summary`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadReport {
    pub connections: usize,
    pub requests: u64,
    /// Answers other than HTTP 200 or EAS Status 1.
    pub errors: u64,
    pub elapsed: Duration,
    pub p50_micros: u64,
    pub p99_micros: u64,
}

impl LoadReport {
    pub fn per_second(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.requests as f64 / secs
        } else {
            0.0
        }
    }
}

impl std::fmt::Display for LoadReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} requests on {} connections in {:.2} s: {:.0} req/s, {} errors, p50 {} µs, p99 {} µs",
            self.requests,
            self.connections,
            self.elapsed.as_secs_f64(),
            self.per_second(),
            self.errors,
            self.p50_micros,
            self.p99_micros
        )
    }
}

/// Merges shard reports exactly; refuses a shard given twice or shards of different splits.
pub fn merge(reports: &[RunReport]) -> Result<RunReport, ReportError> {
    let first = reports.first().ok_or(ReportError::Empty)?;
    let mut seen: Vec<Shard> = Vec::new();
    for r in reports {
        if r.schema != SCHEMA {
            return Err(ReportError::Schema(r.schema.clone()));
        }
        for s in &r.shards {
            if let Some(other) = seen.iter().find(|o| o.count != s.count) {
                return Err(ReportError::ShardCounts { a: *other, b: *s });
            }
            if seen.contains(s) {
                return Err(ReportError::DuplicateShard(*s));
            }
            seen.push(*s);
        }
    }
    let mut merged = RunReport {
        target: first.target.clone(),
        ..RunReport::default()
    };
    for r in reports {
        merged.absorb(r);
    }
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(values: &[u64], shard: Option<Shard>) -> RunReport {
        let mut r = RunReport::default();
        for (i, v) in values.iter().enumerate() {
            let http = if *v > 900 { 503 } else { 200 };
            r.record(i as u64 / 3, "Sync", http, None, *v);
        }
        r.record_setup("Provision", 1200);
        r.shards.extend(shard);
        r.connections = 1;
        r.finish(2.0);
        r
    }

    #[test]
    fn counts_errors_and_seconds() {
        let r = sample(&[100, 200, 950, 300, 400], None);
        assert_eq!((r.requests, r.errors), (5, 1));
        assert_eq!(r.errors_by_status["HTTP 503"], 1);
        assert_eq!(r.by_status["HTTP 200"].count(), 4);
        assert_eq!(r.seconds.len(), 2);
        assert_eq!((r.seconds[0].requests, r.seconds[1].requests), (3, 2));
        assert_eq!(r.requests_per_second, 2.5);
        assert!(is_error(200, Some(110)) && !is_error(200, Some(1)));
    }

    #[test]
    fn json_round_trips_the_histograms_exactly() {
        let r = sample(&[100, 200, 950, 300, 40_000], None);
        let back = RunReport::from_json(&r.to_json()).expect("reads its own output");
        assert_eq!(back, r);
    }

    #[test]
    fn merge_adds_histograms_and_refuses_duplicates() {
        let a = sample(&[100, 200, 300], Some(Shard { index: 0, count: 2 }));
        let b = sample(&[400, 950], Some(Shard { index: 1, count: 2 }));
        let m = merge(&[a.clone(), b.clone()]).expect("two shards merge");
        let mut h = a.latency.0.clone();
        h.add(&b.latency.0).expect("same settings");
        assert_eq!(m.latency.0, h);
        assert_eq!((m.requests, m.errors, m.connections), (5, 1, 2));
        assert_eq!(m.setup["Provision"].count(), 2);
        assert!(matches!(
            merge(&[a.clone(), a.clone()]),
            Err(ReportError::DuplicateShard(_))
        ));
        let c = sample(&[1], Some(Shard { index: 1, count: 3 }));
        assert!(matches!(
            merge(&[a, c]),
            Err(ReportError::ShardCounts { .. })
        ));
        assert!(matches!(merge(&[]), Err(ReportError::Empty)));
    }
}
