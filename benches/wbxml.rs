//! Throughput of the WBXML codec over the fixture corpus (`fixtures/wbxml/**/*.wbxml`), in bytes of WBXML per
//! second of one core: `decode` (bytes → owned tree, dropped each time), `read` (the zero-copy token reader
//! alone) and `encode` (tree → bytes into a reused buffer). And the wide body of issue #12 (a 3 MB Sync of
//! 3,000,000 empty collections): decoded with no limits, as the server did before it had any, against what the
//! server does now (`eas::prepare`: Exchange's collection cap on the raw bytes, then the tree within the request
//! limits). Run: `cargo bench --bench wbxml`; see BENCHMARKS.md.
//!
//! Time is the benchmark thread's on-CPU time, not wall time, so figures stay "one core" on a shared machine.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use easim::eas::{self, Body, Command, EasConfig, EasRequest, ProtocolVersion};
use easim::wbxml;

/// The calling thread's on-CPU time (Linux `/proc/thread-self/schedstat`, nanoseconds, updated at least every
/// scheduler tick, so samples are kept long); wall time where that file is missing.
struct ThreadCpuTime {
    wall: WallTime,
}

fn on_cpu_nanos() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

impl Measurement for ThreadCpuTime {
    type Intermediate = (Option<u64>, Instant);
    type Value = Duration;

    fn start(&self) -> Self::Intermediate {
        (on_cpu_nanos(), Instant::now())
    }

    fn end(&self, (cpu, wall): Self::Intermediate) -> Duration {
        match (cpu, on_cpu_nanos()) {
            (Some(a), Some(b)) => Duration::from_nanos(b.saturating_sub(a)),
            _ => wall.elapsed(),
        }
    }

    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }

    fn zero(&self) -> Duration {
        Duration::ZERO
    }

    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        self.wall.formatter()
    }
}

fn wbxml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).expect("fixtures/wbxml is readable");
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            wbxml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "wbxml") {
            out.push(path);
        }
    }
}

fn corpus() -> Vec<Vec<u8>> {
    let mut paths = Vec::new();
    wbxml_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/wbxml"),
        &mut paths,
    );
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read(p).expect("fixture is readable"))
        .collect()
}

fn codec(c: &mut Criterion<ThreadCpuTime>) {
    let files = corpus();
    let total: u64 = files.iter().map(|f| f.len() as u64).sum();
    let docs: Vec<wbxml::Document> = files
        .iter()
        .map(|b| wbxml::decode(b).expect("the corpus decodes"))
        .collect();

    let mut group = c.benchmark_group("wbxml");
    group.throughput(Throughput::Bytes(total));
    // Equal, long samples: the CPU clock moves in scheduler ticks.
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("decode", |b| {
        b.iter(|| {
            for f in &files {
                black_box(wbxml::decode(black_box(f)).expect("the corpus decodes"));
            }
        })
    });
    group.bench_function("read", |b| {
        b.iter(|| {
            for f in &files {
                let mut reader = wbxml::Reader::new(black_box(f)).expect("the corpus decodes");
                while let Some(event) = reader.next().expect("the corpus decodes") {
                    black_box(event);
                }
            }
        })
    });
    group.bench_function("encode", |b| {
        let mut out = Vec::with_capacity(64 * 1024);
        b.iter(|| {
            for d in &docs {
                out.clear();
                wbxml::encode_into(black_box(d), &mut out);
                black_box(&out);
            }
        })
    });
    group.finish();
}

/// `Sync{Collections{Collection/ × n}}`, one byte per empty Collection.
fn wide_sync(n: usize) -> Vec<u8> {
    let mut body = vec![0x03, 0x01, 0x6A, 0x00, 0x45, 0x5C];
    body.extend(std::iter::repeat_n(0x0F, n));
    body.extend([0x01, 0x01]);
    body
}

fn wide_body(c: &mut Criterion<ThreadCpuTime>) {
    let body = wide_sync(3_000_000);
    let req = EasRequest::new(
        Command::Sync,
        "alice",
        "WIDE01",
        "iPhone",
        ProtocolVersion::V16_1,
    );
    let config = EasConfig::default();
    let mut group = c.benchmark_group("wide_sync_3MB");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.bench_function("decode_unlimited (before)", |b| {
        b.iter(|| {
            black_box(
                wbxml::decode_with(black_box(&body), &wbxml::Limits::UNLIMITED)
                    .expect("the wide body is well-formed"),
            )
        })
    });
    group.bench_function("prepare (after)", |b| {
        b.iter(|| {
            let prepared = eas::prepare(&req, black_box(&body), &config);
            assert!(matches!(prepared, Body::OverCap(_)));
            black_box(prepared)
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .with_measurement(ThreadCpuTime { wall: WallTime })
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = codec, wide_body
}
criterion_main!(benches);
