//! `report.html`: one self-contained page for a load run — summary, tables per command, status and set-up
//! step, and inline SVG charts (latency percentiles over time, throughput per second, the status mix). No
//! scripts, fonts, stylesheets or images from anywhere else: it opens offline and can be mailed.
//!
//! Pure: a `RunReport` in, a string out.

use std::fmt::Write as _;

use super::report::{Latency, RunReport};

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 64.0;
const BOTTOM: f64 = 28.0;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Microseconds as people read them.
fn micros(us: f64) -> String {
    if us >= 1_000_000.0 {
        format!("{:.2} s", us / 1_000_000.0)
    } else if us >= 1000.0 {
        format!("{:.2} ms", us / 1000.0)
    } else {
        format!("{us:.0} µs")
    }
}

fn latency_row(name: &str, l: &Latency) -> String {
    format!(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        escape(name),
        l.count(),
        micros(l.quantile(0.5) as f64),
        micros(l.quantile(0.9) as f64),
        micros(l.quantile(0.99) as f64),
        micros(l.quantile(0.999) as f64),
        micros(l.max() as f64),
    )
}

fn latency_table(title: &str, rows: &[(String, &Latency)]) -> String {
    let mut out = format!(
        "<h2>{}</h2><table><tr><th></th><th>requests</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th></tr>",
        escape(title)
    );
    for (name, l) in rows {
        out.push_str(&latency_row(name, l));
    }
    out.push_str("</table>");
    out
}

/// The frame of a chart: axes, y gridlines with labels, x labels every few seconds.
fn frame(title: &str, seconds: usize, y_max: f64, y_label: &dyn Fn(f64) -> String) -> String {
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = escape(title)
    );
    let plot_h = HEIGHT - BOTTOM - 10.0;
    for i in 0..=4 {
        let y = 10.0 + plot_h * (1.0 - f64::from(i) / 4.0);
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{WIDTH}" y2="{y:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" text-anchor="end" font-size="11">{}</text>"##,
            LEFT - 4.0,
            y + 4.0,
            escape(&y_label(y_max * f64::from(i) / 4.0))
        );
    }
    let step = (seconds / 10).max(1);
    for s in (0..seconds).step_by(step) {
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="11">{s}s</text>"#,
            x_at(s, seconds) + bar_width(seconds) / 2.0,
            HEIGHT - 10.0
        );
    }
    svg
}

fn bar_width(seconds: usize) -> f64 {
    (WIDTH - LEFT) / seconds.max(1) as f64
}

fn x_at(second: usize, seconds: usize) -> f64 {
    LEFT + bar_width(seconds) * second as f64
}

fn y_at(value: f64, y_max: f64) -> f64 {
    let plot_h = HEIGHT - BOTTOM - 10.0;
    10.0 + plot_h * (1.0 - (value / y_max.max(1.0)).min(1.0))
}

fn percentile_chart(report: &RunReport) -> String {
    let n = report.seconds.len();
    let series = [
        (0.5, "p50", "#1f77b4"),
        (0.9, "p90", "#2ca02c"),
        (0.99, "p99", "#d62728"),
    ];
    let y_max = report
        .seconds
        .iter()
        .map(|s| s.latency.quantile(0.99))
        .max()
        .unwrap_or(0) as f64
        * 1.1;
    let mut svg = frame("Latency percentiles per second", n, y_max, &|v| micros(v));
    for (i, (q, name, colour)) in series.iter().enumerate() {
        let points: Vec<String> = report
            .seconds
            .iter()
            .enumerate()
            .filter(|(_, s)| s.requests > 0)
            .map(|(i, s)| {
                format!(
                    "{:.1},{:.1}",
                    x_at(i, n) + bar_width(n) / 2.0,
                    y_at(s.latency.quantile(*q) as f64, y_max)
                )
            })
            .collect();
        let _ = write!(
            svg,
            r#"<polyline class="series" fill="none" stroke="{colour}" stroke-width="2" points="{}"/><text x="{:.1}" y="22" font-size="12" fill="{colour}">{name}</text>"#,
            points.join(" "),
            LEFT + 10.0 + 44.0 * i as f64
        );
    }
    svg.push_str("</svg>");
    svg
}

fn throughput_chart(report: &RunReport) -> String {
    let n = report.seconds.len();
    let y_max = report.seconds.iter().map(|s| s.requests).max().unwrap_or(0) as f64 * 1.1;
    let mut svg = frame("Requests per second", n, y_max, &|v| format!("{v:.0}"));
    let w = (bar_width(n) - 2.0).max(1.0);
    for (i, s) in report.seconds.iter().enumerate() {
        let (top, err_top) = (y_at(s.requests as f64, y_max), y_at(s.errors as f64, y_max));
        let base = y_at(0.0, y_max);
        let _ = write!(
            svg,
            r##"<rect class="bar" x="{:.1}" y="{top:.1}" width="{w:.1}" height="{:.1}" fill="#1f77b4"><title>{}s: {} requests, {} errors</title></rect>"##,
            x_at(i, n) + 1.0,
            base - top,
            s.second,
            s.requests,
            s.errors
        );
        if s.errors > 0 {
            let _ = write!(
                svg,
                r##"<rect x="{:.1}" y="{err_top:.1}" width="{w:.1}" height="{:.1}" fill="#d62728"/>"##,
                x_at(i, n) + 1.0,
                base - err_top
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

fn status_chart(report: &RunReport) -> String {
    let rows: Vec<(&String, u64)> = report
        .by_status
        .iter()
        .map(|(k, l)| (k, l.count()))
        .collect();
    let height = 24.0 * rows.len().max(1) as f64 + 10.0;
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="Status mix"><title>Status mix</title>"#
    );
    let total = report.requests.max(1) as f64;
    for (i, (key, count)) in rows.iter().enumerate() {
        let y = 5.0 + 24.0 * i as f64;
        let share = *count as f64 / total;
        let colour = if key.as_str() == "HTTP 200" || key.as_str() == "HTTP 200, EAS 1" {
            "#2ca02c"
        } else {
            "#d62728"
        };
        let _ = write!(
            svg,
            r#"<text x="0" y="{:.1}" font-size="12">{}</text><rect class="bar" x="160" y="{y:.1}" width="{:.1}" height="18" fill="{colour}"/><text x="{:.1}" y="{:.1}" font-size="12">{count} ({:.2}%)</text>"#,
            y + 13.0,
            escape(key),
            (WIDTH - 300.0) * share,
            165.0 + (WIDTH - 300.0) * share,
            y + 13.0,
            share * 100.0
        );
    }
    svg.push_str("</svg>");
    svg
}

fn rows(m: &std::collections::BTreeMap<String, Latency>) -> Vec<(String, &Latency)> {
    m.iter().map(|(k, v)| (k.clone(), v)).collect()
}

/// The whole page.
pub fn render(report: &RunReport) -> String {
    let mut page = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>easim load report</title><style>\
         body{font-family:system-ui,sans-serif;margin:2em;max-width:60em;color:#222}\
         table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}\
         td:first-child,th:first-child{text-align:left}.chart{width:100%;max-width:720px;display:block;margin:.5em 0 1.5em}\
         </style></head><body><h1>easim load report</h1>",
    );
    let shards = if report.shards.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = report.shards.iter().map(|s| s.to_string()).collect();
        format!(" Merged from shards {}.", names.join(", "))
    };
    let _ = write!(
        page,
        "<p>Target {}: {} devices on {} connections for {:.2} s — {} requests, {:.0} req/s, {} errors ({:.3}%).{}</p>",
        escape(&report.target),
        report.devices,
        report.connections,
        report.elapsed_secs,
        report.requests,
        report.requests_per_second,
        report.errors,
        report.error_ratio() * 100.0,
        escape(&shards)
    );
    page.push_str(&latency_table(
        "Latency",
        &[("all timed requests".to_string(), &report.latency)],
    ));
    page.push_str("<h2>Latency percentiles over time</h2>");
    page.push_str(&percentile_chart(report));
    page.push_str("<h2>Throughput</h2>");
    page.push_str(&throughput_chart(report));
    page.push_str("<h2>Status mix</h2>");
    page.push_str(&status_chart(report));
    page.push_str(&latency_table("Per EAS command", &rows(&report.by_command)));
    page.push_str(&latency_table(
        "Per HTTP / EAS status",
        &rows(&report.by_status),
    ));
    page.push_str("<h2>Errors by status</h2>");
    if report.errors_by_status.is_empty() {
        page.push_str("<p>None.</p>");
    } else {
        page.push_str("<table><tr><th>status</th><th>errors</th></tr>");
        for (k, n) in &report.errors_by_status {
            let _ = write!(page, "<tr><td>{}</td><td>{n}</td></tr>", escape(k));
        }
        page.push_str("</table>");
    }
    page.push_str(&latency_table(
        "Set-up requests (not in the totals)",
        &rows(&report.setup),
    ));
    page.push_str("</body></html>\n");
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_is_self_contained_and_escapes() {
        let mut r = RunReport {
            target: "<x>".to_string(),
            ..RunReport::default()
        };
        for s in 0..3 {
            r.record(s, "Sync", 200, None, 100 + s * 10);
        }
        r.record(2, "Sync", 503, None, 900);
        r.finish(3.0);
        let page = render(&r);
        assert!(page.contains("&lt;x&gt;") && !page.contains("<x>"));
        assert_eq!(page.matches("<svg").count(), 3);
        assert!(!page.contains("src=") && !page.contains("href=") && !page.contains("<script"));
        assert!(page.contains("HTTP 503"));
    }
}
