//! Latencies, percentiles and the results file.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context as _, Result};
use serde::{Deserialize, Serialize};

/// Latencies of one scenario in microseconds, plus the outcome counts.
#[derive(Debug, Default, Clone)]
pub struct Recorder {
    latencies_us: Vec<u64>,
    pub errors: u64,
    pub redirects: u64,
}

impl Recorder {
    pub fn ok(&mut self, latency: Duration, redirect: bool) {
        self.latencies_us
            .push(u64::try_from(latency.as_micros()).unwrap_or(u64::MAX));
        if redirect {
            self.redirects += 1;
        }
    }

    /// An error still took time: it counts in the latencies too, so a fast failure cannot make
    /// the percentiles look better than they are.
    pub fn error(&mut self, latency: Duration) {
        self.ok(latency, false);
        self.errors += 1;
    }

    pub fn merge(&mut self, other: Recorder) {
        self.latencies_us.extend(other.latencies_us);
        self.errors += other.errors;
        self.redirects += other.redirects;
    }

    /// Sorts the latencies once and returns the summary.
    pub fn summary(mut self, elapsed: Duration) -> Summary {
        self.latencies_us.sort_unstable();
        let secs = elapsed.as_secs_f64().max(1e-9);
        Summary {
            requests: self.latencies_us.len() as u64,
            rps: self.latencies_us.len() as f64 / secs,
            p50_ms: percentile(&self.latencies_us, 50.0) as f64 / 1000.0,
            p99_ms: percentile(&self.latencies_us, 99.0) as f64 / 1000.0,
            max_ms: self.latencies_us.last().copied().unwrap_or(0) as f64 / 1000.0,
            errors: self.errors,
            redirects: self.redirects,
        }
    }
}

/// The nearest-rank percentile of sorted values (0 for none).
pub fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[derive(Debug, Clone)]
pub struct Summary {
    pub requests: u64,
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub errors: u64,
    pub redirects: u64,
}

/// One line of `target/bench/results.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ResultRow {
    pub backend: String,
    pub scenario: String,
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub errors: u64,
    pub peak_rss_mb: f64,
    /// Extra keys: how many requests, the slowest, how many were redirects (3xx), the
    /// connections (or users), the measured seconds, and the RSS seen during the scenario.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

impl ResultRow {
    pub fn new(backend: &str, scenario: &str, s: &Summary, peak_rss_mb: f64) -> ResultRow {
        let mut extra = serde_json::Map::new();
        extra.insert("requests".into(), s.requests.into());
        extra.insert("max_ms".into(), round(s.max_ms, 2).into());
        extra.insert("redirects".into(), s.redirects.into());
        ResultRow {
            backend: backend.to_string(),
            scenario: scenario.to_string(),
            rps: round(s.rps, 1),
            p50_ms: round(s.p50_ms, 2),
            p99_ms: round(s.p99_ms, 2),
            errors: s.errors,
            peak_rss_mb: round(peak_rss_mb, 1),
            extra,
        }
    }

    pub fn with(mut self, key: &str, value: impl Into<serde_json::Value>) -> ResultRow {
        self.extra.insert(key.to_string(), value.into());
        self
    }
}

/// Writes `rows` to `path`, keeping the rows of other backends or scenarios already there (so
/// one file holds a run over both backends, and the national step beside them); creates the
/// directory.
pub fn write_results(path: &Path, rows: &[ResultRow]) -> Result<()> {
    let mut all: Vec<ResultRow> = match std::fs::read_to_string(path) {
        Ok(text) if !text.trim().is_empty() => serde_json::from_str(&text)
            .with_context(|| format!("{} is not a results array", path.display()))?,
        _ => Vec::new(),
    };
    all.retain(|old| {
        !rows
            .iter()
            .any(|new| new.backend == old.backend && new.scenario == old.scenario)
    });
    all.extend(rows.iter().cloned());
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut text = serde_json::to_string_pretty(&all)?;
    text.push('\n');
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 50.0), 50);
        assert_eq!(percentile(&v, 99.0), 99);
        assert_eq!(percentile(&v, 100.0), 100);
        assert_eq!(percentile(&v, 0.0), 1);
        assert_eq!(percentile(&[7], 99.0), 7);
        assert_eq!(percentile(&[], 50.0), 0);
        let v = [10, 20, 30];
        assert_eq!(percentile(&v, 50.0), 20);
        assert_eq!(percentile(&v, 99.0), 30);
    }

    #[test]
    fn summary_counts_errors_in_latencies() {
        let mut r = Recorder::default();
        for ms in [3, 1, 2] {
            r.ok(Duration::from_millis(ms), false);
        }
        r.error(Duration::from_millis(100));
        let mut other = Recorder::default();
        other.ok(Duration::from_millis(4), true);
        r.merge(other);
        let s = r.summary(Duration::from_secs(1));
        assert_eq!(s.requests, 5);
        assert_eq!(s.errors, 1);
        assert_eq!(s.redirects, 1);
        assert!((s.rps - 5.0).abs() < 1e-9);
        assert!((s.p50_ms - 3.0).abs() < 1e-9);
        assert!((s.p99_ms - 100.0).abs() < 1e-9);
    }

    #[test]
    fn results_file_has_the_fixed_keys_and_keeps_other_backends() {
        let dir = std::env::temp_dir().join(format!("padu-load-test-{}", std::process::id()));
        let path = dir.join("bench").join("results.json");
        let _ = std::fs::remove_file(&path);
        let s = Summary {
            requests: 10,
            rps: 1234.5678,
            p50_ms: 1.23456,
            p99_ms: 9.87654,
            max_ms: 12.0,
            errors: 0,
            redirects: 0,
        };
        let sqlite = ResultRow::new("sqlite", "dashboard", &s, 42.04).with("connections", 64);
        write_results(&path, std::slice::from_ref(&sqlite)).expect("write");
        let pg = ResultRow::new("postgres", "dashboard", &s, 50.0);
        write_results(&path, std::slice::from_ref(&pg)).expect("write");
        // another postgres scenario (the national step) joins them
        let national = ResultRow::new("postgres", "national-overview", &s, 60.0);
        write_results(&path, std::slice::from_ref(&national)).expect("write");
        // a second sqlite run replaces the first, the postgres rows stay
        write_results(&path, std::slice::from_ref(&sqlite)).expect("write");
        let text = std::fs::read_to_string(&path).expect("read");
        let json: serde_json::Value = serde_json::from_str(&text).expect("json");
        let rows = json.as_array().expect("array");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0]["backend"], "postgres");
        assert_eq!(rows[1]["scenario"], "national-overview");
        let row = rows[2].as_object().expect("object");
        for key in [
            "backend",
            "scenario",
            "rps",
            "p50_ms",
            "p99_ms",
            "errors",
            "peak_rss_mb",
        ] {
            assert!(row.contains_key(key), "{key} missing in {text}");
        }
        assert_eq!(row["scenario"], "dashboard");
        assert_eq!(row["rps"], 1234.6);
        assert_eq!(row["p50_ms"], 1.23);
        assert_eq!(row["p99_ms"], 9.88);
        assert_eq!(row["errors"], 0);
        assert_eq!(row["peak_rss_mb"], 42.0);
        assert_eq!(row["connections"], 64);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
