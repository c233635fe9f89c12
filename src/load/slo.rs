//! `--slo 'p99<50ms,errors<0.1%'`: service-level objectives a load run is judged by. Each term names a
//! latency quantile (`p50`, `p90`, `p99`, `p99.9`, `max`, `mean`) with a duration (`us`/`µs`, `ms`, `s`),
//! `errors` with a share (`0.1%`) or a count, or `rps` with a rate; compared with `<`, `<=`, `>` or `>=`.
//!
//! Pure: parsing and judging a `RunReport`; the CLI turns a miss into the exit code.

use std::fmt;

use super::report::RunReport;

/// What a term measures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Metric {
    /// A latency quantile (0..=1); 1 is the maximum.
    Quantile(f64),
    Mean,
    /// Errors as a share of requests.
    ErrorShare,
    /// Errors as a count.
    ErrorCount,
    Rps,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Op::Lt => a < b,
            Op::Le => a <= b,
            Op::Gt => a > b,
            Op::Ge => a >= b,
        }
    }

    fn text(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }
}

/// One objective as written, and its meaning. Latency limits are in microseconds, shares in 0..=1.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    pub text: String,
    pub metric: Metric,
    pub op: Op,
    pub limit: f64,
}

/// One term's verdict.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub term: Term,
    /// The measured value, in the term's unit (µs, share, count, req/s).
    pub actual: f64,
    pub met: bool,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let actual = match self.term.metric {
            Metric::Quantile(_) | Metric::Mean => format!("{:.0} µs", self.actual),
            Metric::ErrorShare => format!("{:.4}%", self.actual * 100.0),
            Metric::ErrorCount => format!("{:.0}", self.actual),
            Metric::Rps => format!("{:.0} req/s", self.actual),
        };
        let mark = if self.met { "met" } else { "MISSED" };
        write!(f, "{mark}: {} (measured {actual})", self.term.text)
    }
}

/// A set of objectives.
#[derive(Clone, Debug, PartialEq)]
pub struct Slo(pub Vec<Term>);

impl std::str::FromStr for Slo {
    type Err = String;

    fn from_str(text: &str) -> Result<Slo, String> {
        let terms = text
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(term)
            .collect::<Result<Vec<_>, _>>()?;
        if terms.is_empty() {
            return Err("an SLO needs at least one term, e.g. 'p99<50ms,errors<0.1%'".to_string());
        }
        Ok(Slo(terms))
    }
}

fn term(text: &str) -> Result<Term, String> {
    let at = text
        .find(['<', '>'])
        .ok_or_else(|| format!("'{text}' has no comparison: write e.g. p99<50ms or errors<0.1%"))?;
    let (name, rest) = text.split_at(at);
    let (op, value) = if let Some(v) = rest.strip_prefix("<=") {
        (Op::Le, v)
    } else if let Some(v) = rest.strip_prefix(">=") {
        (Op::Ge, v)
    } else if let Some(v) = rest.strip_prefix('<') {
        (Op::Lt, v)
    } else {
        (Op::Gt, &rest[1..])
    };
    let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
    let metric = match name.as_str() {
        "max" => Metric::Quantile(1.0),
        "mean" => Metric::Mean,
        "errors" => {
            if value.ends_with('%') {
                Metric::ErrorShare
            } else {
                Metric::ErrorCount
            }
        }
        "rps" => Metric::Rps,
        q => match q.strip_prefix('p').and_then(|p| p.parse::<f64>().ok()) {
            Some(p) if p > 0.0 && p < 100.0 => Metric::Quantile(p / 100.0),
            _ => {
                return Err(format!(
                    "'{text}': '{name}' is not a measure; use p50, p90, p99, p99.9, max, mean, errors or rps"
                ));
            }
        },
    };
    let number = |s: &str| -> Result<f64, String> {
        s.trim()
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && *n >= 0.0)
            .ok_or_else(|| {
                format!("'{text}': '{value}' is not a number this term can compare with")
            })
    };
    let limit = match metric {
        Metric::Quantile(_) | Metric::Mean => {
            let (digits, scale) = if let Some(n) = value.strip_suffix("ms") {
                (n, 1000.0)
            } else if let Some(n) = value.strip_suffix("us").or(value.strip_suffix("µs")) {
                (n, 1.0)
            } else if let Some(n) = value.strip_suffix('s') {
                (n, 1_000_000.0)
            } else {
                return Err(format!(
                    "'{text}': a latency needs a unit (us, ms or s), e.g. {name}<50ms"
                ));
            };
            number(digits)? * scale
        }
        Metric::ErrorShare => number(&value[..value.len() - 1])? / 100.0,
        Metric::ErrorCount | Metric::Rps => number(value)?,
    };
    Ok(Term {
        text: text.to_string(),
        metric,
        op,
        limit,
    })
}

impl Slo {
    /// Judges a run by every term.
    pub fn judge(&self, report: &RunReport) -> Vec<Verdict> {
        self.0
            .iter()
            .map(|term| {
                let actual = match term.metric {
                    Metric::Quantile(q) if q >= 1.0 => report.latency.max() as f64,
                    Metric::Quantile(q) => report.latency.quantile(q) as f64,
                    Metric::Mean => {
                        if report.latency.count() == 0 {
                            0.0
                        } else {
                            report.latency.0.mean()
                        }
                    }
                    Metric::ErrorShare => report.error_ratio(),
                    Metric::ErrorCount => report.errors as f64,
                    Metric::Rps => report.requests_per_second,
                };
                Verdict {
                    term: term.clone(),
                    actual,
                    met: term.op.holds(actual, term.limit),
                }
            })
            .collect()
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} {} {}", self.metric, self.op.text(), self.limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slo(text: &str) -> Slo {
        text.parse().expect("a valid SLO")
    }

    #[test]
    fn parses_the_issue_example() {
        let s = slo("p99<50ms, errors<0.1%");
        assert_eq!(s.0[0].metric, Metric::Quantile(0.99));
        assert_eq!((s.0[0].op, s.0[0].limit), (Op::Lt, 50_000.0));
        assert_eq!(s.0[1].metric, Metric::ErrorShare);
        assert!((s.0[1].limit - 0.001).abs() < 1e-12);
        let p999 = slo("p99.9<=2s");
        assert!(matches!(p999.0[0].metric, Metric::Quantile(q) if (q - 0.999).abs() < 1e-12));
        assert_eq!((p999.0[0].op, p999.0[0].limit), (Op::Le, 2_000_000.0));
        assert_eq!(slo("rps>=100").0[0].op, Op::Ge);
    }

    #[test]
    fn refuses_what_it_cannot_judge() {
        for bad in [
            "",
            "p99",
            "p99<50",
            "p100<1ms",
            "latency<5ms",
            "errors<x%",
            "p99<-1ms",
            "rps>fast",
        ] {
            assert!(bad.parse::<Slo>().is_err(), "{bad}");
        }
    }

    #[test]
    fn judges_a_report() {
        let mut r = RunReport::default();
        for v in 1..=100 {
            r.record(0, "Sync", if v == 100 { 503 } else { 200 }, None, v * 1000);
        }
        r.finish(1.0);
        let verdicts = slo("p50<60ms,p99<50ms,errors<=1%,errors<1,rps>50").judge(&r);
        let met: Vec<bool> = verdicts.iter().map(|v| v.met).collect();
        assert_eq!(met, [true, false, true, false, true]);
    }
}
