//! A 20 MB upload holds about one megabyte (on S3: about two 5 MiB parts), not twenty.
//!
//! The measurement runs in a child process running only this test, so that the counting
//! allocator (see `main.rs`) sees no other test's allocations.

use std::process::Command;

use crate::PEAK;
use crate::support::{self, generated};

const CHILD: &str = "PADU_FILES_MEASURE_MEMORY";
const NAME: &str = "memory::a_20_mb_upload_holds_about_a_megabyte";
const MIB: usize = 1024 * 1024;

#[test]
fn a_20_mb_upload_holds_about_a_megabyte() {
    if std::env::var_os(CHILD).is_some() {
        measure();
        return;
    }
    let exe = std::env::current_exe().expect("the test binary");
    let out = Command::new(exe)
        .args([NAME, "--exact", "--test-threads=1", "--nocapture"])
        .env(CHILD, "1")
        .output()
        .expect("the test binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "measuring failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let figures: Vec<(&str, usize)> = stdout
        .lines()
        .filter_map(|l| {
            let (label, rest) = l.split("peak growth on ").nth(1)?.split_once(": ")?;
            Some((label, rest.strip_suffix(" bytes")?.parse().ok()?))
        })
        .collect();
    assert!(!figures.is_empty(), "no figure in:\n{stdout}");
    for (label, growth) in figures {
        // On S3 a part is 5 MiB (its minimum), and one is filled while one is sent.
        let limit = if label == "s3" { 12 * MIB } else { 4 * MIB };
        println!("20 MB upload on {label}: peak heap growth {growth} bytes");
        assert!(
            growth < limit,
            "a 20 MB upload on {label} grew the heap by {growth} bytes"
        );
    }
}

fn measure() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        for h in support::backends().await {
            // A first upload, so that what is allocated once (threads, buffers, connections) is
            // not counted.
            let warm = generated(b"%PDF-1.7\n", 6 * MIB, 64 * 1024);
            h.store.put("awal.pdf", warm).await.expect("stored");

            let before = PEAK.current_usage();
            PEAK.reset_peak_usage();
            let file = generated(b"%PDF-1.7\n", 20 * 1000 * 1000, 64 * 1024);
            let stored = h.store.put("besar.pdf", file).await.expect("stored");
            let growth = PEAK.peak_usage().saturating_sub(before);
            assert_eq!(stored.size, 20_000_000);
            println!("peak growth on {}: {growth} bytes", h.label);
            h.finish().await;
        }
    });
}
