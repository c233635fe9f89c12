//! `easim load`'s report through the command line, against a real `easim serve` on loopback: report.json's
//! schema and values, a self-contained report.html, `--slo` exit codes, bad `--slo`/`--shard` input, and
//! shards whose merged report adds up exactly to one run of the whole fleet.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use easim::load::RunReport;
use easim::load::report::Latency;

use crate::support::{easim, stderr, stdout};

const NOW: &str = "2026-11-23";

/// A running `easim serve --profile small` on free ports; stopped when dropped.
struct Served {
    child: Child,
    url: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve() -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_easim"))
        .args(["serve", "--profile", "small", "--now", NOW, "--log", "warn"])
        .args(["--eas-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0"])
        .env_remove("EASIM_ADMIN_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut url = None;
    loop {
        let mut line = String::new();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "easim serve stopped"
        );
        if let Some(rest) = line.strip_prefix("EAS endpoint:") {
            url = Some(rest.trim().to_string());
        }
        if line.starts_with("Press Ctrl-C") {
            break;
        }
    }
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    Served {
        child,
        url: url.expect("the banner names the EAS endpoint"),
    }
}

/// `easim load` against the server with the small profile's tenant and `extra` options.
fn load(server: &Served, extra: &[&str]) -> Output {
    let mut args = vec![
        "load",
        "--url",
        &server.url,
        "--profile",
        "small",
        "--now",
        NOW,
    ];
    args.extend_from_slice(extra);
    easim(&args)
}

fn read_report(path: &Path) -> (RunReport, serde_json::Value) {
    let text = std::fs::read_to_string(path).unwrap();
    (
        RunReport::from_json(&text).unwrap(),
        serde_json::from_str(&text).unwrap(),
    )
}

#[test]
fn a_run_writes_report_json_with_exact_counts_and_a_self_contained_html() {
    let server = serve();
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let out = load(
        &server,
        &[
            "--devices",
            "4",
            "--requests-per-device",
            "25",
            "--duration",
            "60",
            "--report",
            out_dir.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("easim load: 100 requests on 4 connections"),
        "{}",
        stdout(&out)
    );
    let (report, json) = read_report(&out_dir.join("report.json"));
    assert_eq!(json["schema"], "easim-load-report/1");
    assert_eq!(json["target"], server.url.as_str());
    assert_eq!((report.devices, report.connections), (4, 4));
    assert_eq!((report.requests, report.errors), (100, 0));
    assert_eq!(report.by_command["Sync"].count(), 100);
    assert_eq!(report.by_status["HTTP 200"].count(), 100);
    assert!(report.errors_by_status.is_empty());
    let per_second: u64 = report.seconds.iter().map(|s| s.requests).sum();
    assert_eq!(per_second, 100);
    // Set-up: a two-phase Provision and one FolderSync per device, then at least one Sync each.
    assert_eq!(report.setup["Provision"].count(), 8);
    assert_eq!(report.setup["FolderSync"].count(), 4);
    assert!(report.setup["Sync"].count() >= 4);
    // The summary beside each histogram is the histogram's own.
    let summary = &json["latency"];
    let h = Latency::decode(summary["histogram"].as_str().unwrap()).unwrap();
    assert_eq!(summary["count"], 100);
    for (field, q) in [
        ("p50_us", 0.5),
        ("p90_us", 0.9),
        ("p99_us", 0.99),
        ("p999_us", 0.999),
    ] {
        assert_eq!(summary[field], h.quantile(q), "{field}");
    }
    assert_eq!(summary["max_us"], h.max());
    let ordered: Vec<u64> = ["min_us", "p50_us", "p90_us", "p99_us", "p999_us", "max_us"]
        .iter()
        .map(|f| summary[f].as_u64().unwrap())
        .collect();
    assert!(ordered.windows(2).all(|w| w[0] <= w[1]), "{ordered:?}");
    assert!(json["requests_per_second"].as_f64().unwrap() > 0.0);

    let html = std::fs::read_to_string(out_dir.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<svg").count(), 3, "three charts");
    assert!(html.contains("<polyline") && html.contains("Status mix"));
    for external in ["src=", "href=", "<script", "<link", "url(", "@import"] {
        assert!(
            !html.contains(external),
            "report.html loads nothing: {external}"
        );
    }
}

#[test]
fn the_slo_decides_the_exit_code() {
    let server = serve();
    let base = [
        "--devices",
        "2",
        "--requests-per-device",
        "10",
        "--duration",
        "60",
    ];
    let met = load(
        &server,
        &[&base[..], &["--slo", "p99<60s,errors<0.1%"]].concat(),
    );
    assert_eq!(met.status.code(), Some(0), "{}", stderr(&met));
    assert!(
        stdout(&met).contains("SLO met: p99<60s"),
        "{}",
        stdout(&met)
    );
    assert!(stdout(&met).contains("SLO met: errors<0.1%"));
    // No answer over loopback comes back within a microsecond; nor a billion a second.
    let missed = load(
        &server,
        &[&base[..], &["--slo", "p50<1us,rps>1000000000"]].concat(),
    );
    assert_eq!(missed.status.code(), Some(1), "{}", stderr(&missed));
    assert!(
        stdout(&missed).contains("SLO MISSED: p50<1us"),
        "{}",
        stdout(&missed)
    );
    assert!(stdout(&missed).contains("SLO MISSED: rps>1000000000"));
}

#[test]
fn bad_slo_and_shard_are_usage_errors_before_any_load() {
    for (args, says) in [
        (["--slo", "p99<50"], "a latency needs a unit"),
        (["--slo", "latency<5ms"], "is not a measure"),
        (["--slo", "p99"], "has no comparison"),
        (["--shard", "4/4"], "out of range for 4 shards"),
        (["--shard", "1/0"], "cannot be split into 0 shards"),
        (["--shard", "half"], "is not a shard: write I/N"),
    ] {
        // Nothing listens on port 9: a usage error must come before any connection is tried.
        let out = easim(
            &[
                &[
                    "load",
                    "--url",
                    "http://127.0.0.1:9/Microsoft-Server-ActiveSync",
                ][..],
                &args[..],
            ]
            .concat(),
        );
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("cannot reach"), "{}", stderr(&out));
    }
}

/// Asserts `value` is within `lo..=hi`, give or take one histogram bucket (3 significant figures).
fn within(value: u64, lo: u64, hi: u64, what: &str) {
    let slack = |v: u64| v / 1000 + 1;
    assert!(
        value + slack(lo) >= lo && value <= hi + slack(hi),
        "{what}: {value} not within {lo}..={hi}"
    );
}

#[test]
fn shards_merge_exactly_into_the_totals_of_one_run() {
    let server = serve();
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let fleet = [
        "--devices",
        "8",
        "--requests-per-device",
        "20",
        "--duration",
        "60",
    ];
    let one = load(&server, &[&fleet[..], &["--report", &path("one")]].concat());
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    // Three agents side by side, as an Indexed Job runs them.
    let agents: Vec<Child> = (0..3)
        .map(|i| {
            let shard = format!("{i}/3");
            Command::new(env!("CARGO_BIN_EXE_easim"))
                .args([
                    "load",
                    "--url",
                    &server.url,
                    "--profile",
                    "small",
                    "--now",
                    NOW,
                ])
                .args(fleet)
                .args(["--shard", &shard, "--report", &path(&format!("shard-{i}"))])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for agent in agents {
        let out = agent.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let shard_files: Vec<String> = (0..3)
        .map(|i| path(&format!("shard-{i}/report.json")))
        .collect();
    let merged_path = path("merged.json");
    let merge_args: Vec<&str> = ["load", "merge"]
        .into_iter()
        .chain(shard_files.iter().map(String::as_str))
        .chain(["-o", &merged_path])
        .collect();
    let out = easim(&merge_args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("merged 3 reports"),
        "{}",
        stdout(&out)
    );

    let (whole, _) = read_report(&dir.path().join("one/report.json"));
    let (merged, json) = read_report(Path::new(&merged_path));
    let shards: Vec<RunReport> = shard_files
        .iter()
        .map(|f| read_report(Path::new(f)).0)
        .collect();
    assert_eq!(
        json["shards"],
        serde_json::json!([{"index": 0, "count": 3}, {"index": 1, "count": 3}, {"index": 2, "count": 3}])
    );
    // Disjoint slices covering the fleet: the same totals as one run, exactly.
    assert_eq!(shards.iter().map(|s| s.devices).sum::<u64>(), 8);
    assert_eq!((merged.devices, merged.connections), (8, 8));
    assert_eq!((merged.requests, whole.requests), (160, 160));
    assert_eq!(merged.errors, whole.errors);
    for (name, l) in &whole.by_command {
        assert_eq!(merged.by_command[name].count(), l.count(), "{name}");
    }
    for (name, l) in &whole.by_status {
        assert_eq!(merged.by_status[name].count(), l.count(), "{name}");
    }
    for step in ["Provision", "FolderSync"] {
        assert_eq!(
            merged.setup[step].count(),
            whole.setup[step].count(),
            "{step}"
        );
    }
    // The merged histogram is the exact sum of the shards' histograms.
    let mut sum = Latency::default();
    for s in &shards {
        sum.add(&s.latency);
    }
    assert_eq!(merged.latency, sum);
    // A quantile of the merged fleet lies between the shards' quantiles, to histogram precision.
    for q in [0.5, 0.9, 0.99, 0.999] {
        let per_shard: Vec<u64> = shards
            .iter()
            .filter(|s| s.requests > 0)
            .map(|s| s.latency.quantile(q))
            .collect();
        let (lo, hi) = (
            *per_shard.iter().min().unwrap(),
            *per_shard.iter().max().unwrap(),
        );
        within(
            merged.latency.quantile(q),
            lo,
            hi,
            &format!("p{}", q * 100.0),
        );
    }

    // The merged fleet is judged like one run, and drawn like one.
    let html = path("merged.html");
    let judged = easim(&[&merge_args[..], &["--html", &html, "--slo", "p50<1us"][..]].concat());
    assert_eq!(judged.status.code(), Some(1), "{}", stderr(&judged));
    assert!(stdout(&judged).contains("SLO MISSED: p50<1us"));
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .contains("Merged from shards 0/3, 1/3, 2/3.")
    );

    // The same shard twice would count its requests twice: refused, nothing written.
    let twice = path("twice.json");
    let out = easim(&[
        "load",
        "merge",
        &shard_files[0],
        &shard_files[0],
        "-o",
        &twice,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("shard 0/3 appears twice"),
        "{}",
        stderr(&out)
    );
    assert!(!Path::new(&twice).exists());
    // Something that is not a report names the file.
    let bogus = path("bogus.json");
    std::fs::write(&bogus, "{\"schema\": \"x\"}").unwrap();
    let out = easim(&["load", "merge", &bogus, "-o", &twice]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("bogus.json is not an easim load report"),
        "{}",
        stderr(&out)
    );
}

/// `--admin-script`: admin load beside the fleet. Each worker runs the script again and again through the
/// admin endpoint while the devices sync; every cmdlet call and every whole run is in the report.
#[test]
fn admin_script_workers_run_beside_the_devices_and_are_reported_per_cmdlet() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_easim"))
        .args(["serve", "--profile", "small", "--now", NOW, "--log", "warn"])
        .args(["--eas-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0"])
        .args(["--admin-token", "load-secret"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let (mut eas, mut admin) = (None, None);
    loop {
        let mut line = String::new();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "easim serve stopped"
        );
        if let Some(rest) = line.strip_prefix("EAS endpoint:") {
            eas = Some(rest.trim().to_string());
        }
        if let Some(rest) = line.strip_prefix("Admin endpoint:") {
            let url = rest.trim();
            admin = Some(url[..url.find("/adminapi").unwrap()].to_string());
        }
        if line.starts_with("Press Ctrl-C") {
            break;
        }
    }
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    let served = Served {
        child,
        url: eas.unwrap(),
    };
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("bulk.ps1");
    std::fs::write(
        &script,
        "$m = Get-Mailbox -ResultSize 5\n$d = Get-MobileDevice -ResultSize 20\n",
    )
    .unwrap();
    let report_dir = dir.path().join("r");
    let out = easim(&[
        "load",
        "-q",
        "--url",
        &served.url,
        "--admin-url",
        admin.as_deref().unwrap(),
        "--token",
        "load-secret",
        "--devices",
        "4",
        "--duration",
        "2",
        "--admin-script",
        script.to_str().unwrap(),
        "--admin-workers",
        "2",
        "--report",
        report_dir.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stderr(&out).contains("2 admin script workers ran"),
        "{}",
        stderr(&out)
    );
    let (report, _) = read_report(&report_dir.join("report.json"));
    let count = |name: &str| report.by_command.get(name).map_or(0, Latency::count);
    let runs = count("admin script bulk.ps1");
    assert!(runs >= 2, "{:?}", report.by_command.keys());
    // Each whole run made one call of each cmdlet (a run under way when the devices stop is finished first).
    assert_eq!(count("admin Get-Mailbox"), runs);
    assert_eq!(count("admin Get-MobileDevice"), runs);
    assert!(count("Sync") > 0, "the devices synced meanwhile");
    assert_eq!(report.errors, 0);
    assert_eq!(report.requests, count("Sync") + 3 * runs);
}
