//! Durability under SIGKILL: the real `padu serve` takes concurrent indicator edits and evidence
//! uploads from several threads, is killed with `kill -9` mid-flight, and restarted on the same
//! data, three times. Every acknowledged (2xx) write must be there with its value, every
//! evidence record must point to a file with its SHA-256, the audit chain must verify, and the
//! server must start cleanly. On SQLite, and on PostgreSQL when one answers (see
//! `padu_store::testing`; `PADU_TEST_REQUIRE_POSTGRES=1` makes its absence a failure).

mod harness;

use std::collections::HashMap;
use std::io::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub(crate) use harness::*;

/// What one indicator should hold: the last acknowledged (fakta, level in hundredths), and the
/// writes sent after it without an answer (any of which may have committed).
#[derive(Debug, Default, Clone)]
struct Expect {
    acked: Option<(String, Option<u32>)>,
    pending: Vec<(String, Option<u32>)>,
}

#[derive(Debug, Default)]
struct Ledger {
    indicators: HashMap<u16, Expect>,
    /// Acknowledged uploads: evidence id and SHA-256.
    uploads: Vec<(i64, String)>,
    acked_writes: usize,
}

const WRITERS: usize = 4;
const ROUNDS: usize = 3;

fn drive(
    server: Running,
    token: &str,
    period: i64,
    open: &[u16],
    round: usize,
    ledger: &Arc<Mutex<Ledger>>,
) {
    let before = {
        let l = ledger.lock().expect("ledger");
        (l.acked_writes, l.uploads.len())
    };
    let stop = Arc::new(AtomicBool::new(false));
    let mut threads = Vec::new();
    for writer in 0..WRITERS {
        let mine: Vec<u16> = open
            .iter()
            .copied()
            .skip(1 + writer)
            .step_by(WRITERS)
            .collect();
        let (address, token, stop, ledger) = (
            server.address.clone(),
            token.to_string(),
            stop.clone(),
            ledger.clone(),
        );
        threads.push(std::thread::spawn(move || {
            let mut seq = 0usize;
            let mut narrative_only: Vec<u16> = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let number = mine[seq % mine.len()];
                let fakta = format!("putaran {round} penulis {writer} ke-{seq}");
                let level =
                    (!narrative_only.contains(&number)).then_some(100 * (1 + seq as u32 % 4));
                let body = match level {
                    Some(l) => format!("{{\"fakta\":\"{fakta}\",\"self_level\":{}}}", l / 100),
                    None => format!("{{\"fakta\":\"{fakta}\"}}"),
                };
                let value = (fakta, level);
                ledger
                    .lock()
                    .expect("ledger")
                    .indicators
                    .entry(number)
                    .or_default()
                    .pending
                    .push(value.clone());
                let answer = http(
                    &address,
                    "PATCH",
                    &format!("/api/v1/periods/{period}/indicators/{number}"),
                    Some(&token),
                    Some(("application/json", body.as_bytes())),
                );
                let mut ledger = ledger.lock().expect("ledger");
                let entry = ledger.indicators.entry(number).or_default();
                match answer {
                    Ok((status, _)) if (200..300).contains(&status) => {
                        entry.acked = Some(value);
                        entry.pending.clear();
                        ledger.acked_writes += 1;
                    }
                    Ok((status, _)) => {
                        // Refused: it did not happen.
                        entry.pending.retain(|v| *v != value);
                        if status == 422 {
                            narrative_only.push(number);
                        }
                    }
                    Err(Failure::NotSent(_)) => {
                        entry.pending.retain(|v| *v != value);
                        std::thread::sleep(Duration::from_millis(20));
                    }
                    Err(Failure::NoAnswer(_)) => {}
                }
                seq += 1;
            }
        }));
    }
    // Uploads: each file unique, a few hundred KB so that a kill can land mid-upload.
    {
        let (address, token, stop, ledger) = (
            server.address.clone(),
            token.to_string(),
            stop.clone(),
            ledger.clone(),
        );
        let number = open[0];
        threads.push(std::thread::spawn(move || {
            let mut seq = 0usize;
            while !stop.load(Ordering::Relaxed) {
                let mut content = format!(
                    "indikator;catatan\n{number};unggahan {round}-{seq}-{}\n",
                    padu_store::now_ms()
                )
                .into_bytes();
                let line = format!("{number};baris isi yang sama untuk memperbesar berkas\n");
                while content.len() < 300 * 1024 {
                    content.extend_from_slice(line.as_bytes());
                }
                let sha = sha256_hex(&content);
                let (content_type, body) =
                    upload_body(&format!("bukti-{round}-{seq}.csv"), &content);
                match http(
                    &address,
                    "POST",
                    &format!("/api/v1/periods/{period}/indicators/{number}/evidence"),
                    Some(&token),
                    Some((&content_type, &body)),
                ) {
                    Ok((status, body)) if (200..300).contains(&status) => {
                        let json: serde_json::Value = serde_json::from_slice(&body).expect("json");
                        assert_eq!(json["sha256"].as_str(), Some(sha.as_str()), "hash answered");
                        let id = json["id"].as_i64().expect("id");
                        ledger.lock().expect("ledger").uploads.push((id, sha));
                    }
                    Ok((status, body)) => panic!(
                        "upload refused: {status} {}",
                        String::from_utf8_lossy(&body)
                    ),
                    Err(_) => std::thread::sleep(Duration::from_millis(20)),
                }
                seq += 1;
            }
        }));
    }
    // At least a second of writes, and until this round has acknowledged edits and an upload
    // (a loaded machine is slower), but never long.
    let began = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let (edits, uploads) = {
            let l = ledger.lock().expect("ledger");
            (l.acked_writes - before.0, l.uploads.len() - before.1)
        };
        let elapsed = began.elapsed();
        if elapsed > Duration::from_secs(8)
            || (elapsed > Duration::from_millis(1200) && edits >= 10 && uploads >= 1)
        {
            break;
        }
    }
    // The writers are mid-flight: kill the server under them, then let them notice.
    server.kill9();
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        t.join().expect("writer thread");
    }
}

/// After a restart: every acknowledged write is there, every evidence record's file is there
/// with its hash, the audit chain verifies.
fn check(
    rt: &tokio::runtime::Runtime,
    target: &Target,
    server: &Running,
    token: &str,
    (kab, period): (i64, i64),
    ledger: &Arc<Mutex<Ledger>>,
    label: &str,
) {
    let store = rt
        .block_on(padu_store::Store::connect(&target.store_url(), None))
        .expect("store opens");
    let mut ledger = ledger.lock().expect("ledger");
    for (number, expect) in ledger.indicators.iter_mut() {
        let pi = rt
            .block_on(store.period_indicator(period, *number))
            .expect("read")
            .expect("indicator");
        let stored = (pi.fakta.clone(), pi.self_value.map(|v| v.0));
        let matches =
            |v: &(String, Option<u32>)| v.0 == stored.0 && (v.1.is_none() || v.1 == stored.1);
        if let Some(acked) = &expect.acked {
            assert!(
                matches(acked) || expect.pending.iter().any(matches),
                "{label}: indicator {number} holds {stored:?}, acknowledged {acked:?}, \
                 unanswered after it {:?}",
                expect.pending
            );
        }
        // What is stored now is the new baseline.
        if let Some(found) = expect.pending.iter().find(|v| matches(v)).cloned() {
            expect.acked = Some(found);
        }
        expect.pending.clear();
    }
    for (id, sha) in &ledger.uploads {
        let (status, body) = server
            .call(
                "GET",
                &format!("/api/v1/evidence/{id}/content"),
                Some(token),
                None,
            )
            .expect("download");
        assert_eq!(status, 200, "{label}: acknowledged evidence {id} is there");
        assert_eq!(
            &sha256_hex(&body),
            sha,
            "{label}: evidence {id} has its bytes"
        );
    }
    // Every record, acknowledged or not: its file is published under its hash, never a
    // temporary upload.
    let records = rt
        .block_on(store.evidence_of_instansi(kab))
        .expect("evidence");
    for record in records.iter().filter(|r| r.sha256.is_some()) {
        let (status, body) = server
            .call(
                "GET",
                &format!("/api/v1/evidence/{}/content", record.id),
                Some(token),
                None,
            )
            .expect("download");
        assert_eq!(
            status, 200,
            "{label}: evidence {} ({}) has a file",
            record.id, record.name
        );
        assert_eq!(
            Some(sha256_hex(&body)),
            record.sha256,
            "{label}: evidence {} has the right bytes",
            record.id
        );
        assert_eq!(Some(body.len() as i64), record.size);
    }
    rt.block_on(store.close());
    let (ok, out, err) = target.run(&["audit", "verify"]);
    assert!(ok, "{label}: padu audit verify: {out}{err}");
}

/// Leftover temporary upload files (a kill mid-upload leaves some; the server sweeps those
/// older than an hour at start).
fn leftover_temporaries(data: &Path) -> usize {
    let mut count = 0;
    let mut dirs = vec![data.join("files").join("tmp")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry.path().is_dir() {
                dirs.push(entry.path());
            } else {
                count += 1;
            }
        }
    }
    count
}

fn kill_rounds(target: &Target, label: &str) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let first = Running::start(target, &["--demo"]);
    let token = first.token("admin.trenggalek");
    let (kab, period, open) = demo_work(&first, &token);
    // Bounded: the kill rounds, not the demo's seeding (slow on a loaded machine).
    let started = Instant::now();
    let mut server = Some(first);
    for round in 0..ROUNDS {
        let running = match server.take() {
            Some(s) => s,
            None => {
                let s = Running::start(target, &[]);
                check(&rt, target, &s, &token, (kab, period), &ledger, label);
                s
            }
        };
        drive(running, &token, period, &open, round, &ledger);
    }
    let last = Running::start(target, &[]);
    check(&rt, target, &last, &token, (kab, period), &ledger, label);
    last.stop();
    let ledger = ledger.lock().expect("ledger");
    assert!(
        ledger.acked_writes > 20,
        "{label}: writes were acknowledged"
    );
    assert!(
        !ledger.uploads.is_empty(),
        "{label}: uploads were acknowledged"
    );
    let _ = writeln!(
        std::io::stderr(),
        "faults ({label}): {ROUNDS} kills in {:.1} s; {} acknowledged edits and {} uploads all \
         found; {} temporary upload files left for the start-up sweep",
        started.elapsed().as_secs_f64(),
        ledger.acked_writes,
        ledger.uploads.len(),
        leftover_temporaries(&target.data)
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{label}: bounded time"
    );
}

#[test]
fn sigkill_on_sqlite_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    kill_rounds(&Target::sqlite(dir.path().to_path_buf()), "sqlite");
}

/// A fresh schema on the test PostgreSQL server (found and skipped as `padu_store::testing`
/// does), reached by the server through the URL's `search_path` option.
pub(crate) struct PostgresSchema {
    db: padu_store::testing::TestDb,
    schema: String,
    pub(crate) url: String,
}

impl PostgresSchema {
    pub(crate) fn create(rt: &tokio::runtime::Runtime) -> Option<PostgresSchema> {
        let db = rt.block_on(padu_store::testing::postgres())?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let schema = format!("padu_it_{}_{nanos}", std::process::id());
        rt.block_on(db.execute(&format!("CREATE SCHEMA {schema}")));
        let base = std::env::var("PADU_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let separator = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{separator}options=-c%20search_path%3D{schema}");
        Some(PostgresSchema { db, schema, url })
    }

    pub(crate) fn drop_with(self, rt: &tokio::runtime::Runtime) {
        rt.block_on(async {
            self.db
                .execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema))
                .await;
            self.db.finish().await;
        });
    }
}

#[test]
fn sigkill_on_postgres_loses_no_acknowledged_write() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let Some(pg) = PostgresSchema::create(&rt) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let target = Target {
        data: dir.path().to_path_buf(),
        database_url: Some(pg.url.clone()),
    };
    kill_rounds(&target, "postgres");
    pg.drop_with(&rt);
}
