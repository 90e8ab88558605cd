//! Durability under SIGKILL: the real `padu serve` takes concurrent indicator edits and evidence
//! uploads from several threads, is killed with `kill -9` mid-flight, and restarted on the same
//! data, three times. Every acknowledged (2xx) write must be there with its value, every
//! evidence record must point to a file with its SHA-256, the audit chain must verify, and the
//! server must start cleanly. On SQLite, and on PostgreSQL when one answers (see
//! `padu_store::testing`; `PADU_TEST_REQUIRE_POSTGRES=1` makes its absence a failure).

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sha2::{Digest as _, Sha256};

pub(crate) const PASSWORD: &str = "Padu#Demo2026";

/// Where a server keeps its data: SQLite and files in `data`, or PostgreSQL at `database_url`
/// (files still in `data`).
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub(crate) data: PathBuf,
    pub(crate) database_url: Option<String>,
}

impl Target {
    pub(crate) fn sqlite(data: PathBuf) -> Target {
        std::fs::create_dir_all(&data).expect("data dir");
        Target {
            data,
            database_url: None,
        }
    }

    pub(crate) fn command(&self) -> Command {
        let mut cmd = crate::server::padu(&self.data);
        if let Some(url) = &self.database_url {
            cmd.env("PADU_DATABASE_URL", url);
        }
        cmd.env("PADU_LOG", "warn")
            .env("PADU_REMINDER_MINUTES", "0");
        cmd
    }

    /// Runs `padu ARGS` to the end: success, stdout, stderr.
    pub(crate) fn run(&self, args: &[&str]) -> (bool, String, String) {
        let out = self
            .command()
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("padu runs");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    pub(crate) fn store_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data.join("padu.db").display()))
    }
}

/// A running `padu serve`, killed when dropped.
pub(crate) struct Running {
    child: Child,
    pub(crate) address: String,
}

impl Running {
    pub(crate) fn start(target: &Target, args: &[&str]) -> Running {
        let mut child = target
            .command()
            .arg("serve")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("padu serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let mut seen = Vec::new();
        let address = loop {
            let Some(Ok(line)) = lines.next() else {
                panic!("server ended before serving: {seen:?}");
            };
            if let Some(rest) = line.strip_prefix("Padu berjalan di http://") {
                break rest.split_whitespace().next().expect("address").to_string();
            }
            seen.push(line);
        };
        std::thread::spawn(move || lines.for_each(drop));
        let running = Running { child, address };
        let (status, _) = running.call("GET", "/readyz", None, None).expect("readyz");
        assert_eq!(status, 200, "the server is ready");
        running
    }

    pub(crate) fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<(&str, &[u8])>,
    ) -> Result<(u16, Vec<u8>), Failure> {
        http(&self.address, method, path, token, body)
    }

    pub(crate) fn json(&self, path: &str, token: &str) -> serde_json::Value {
        let (status, body) = self.call("GET", path, Some(token), None).expect("GET");
        assert_eq!(status, 200, "{path}: {}", String::from_utf8_lossy(&body));
        serde_json::from_slice(&body).expect("json")
    }

    pub(crate) fn token(&self, username: &str) -> String {
        let body = format!("{{\"username\":\"{username}\",\"password\":\"{PASSWORD}\"}}");
        let (status, body) = self
            .call(
                "POST",
                "/api/v1/auth/token",
                None,
                Some(("application/json", body.as_bytes())),
            )
            .expect("token");
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        let json: serde_json::Value = serde_json::from_slice(&body).expect("json");
        json["token"].as_str().expect("token").to_string()
    }

    /// SIGKILL: no chance to finish anything.
    pub(crate) fn kill9(mut self) {
        let status = Command::new("kill")
            .args(["-9", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -9");
        let _ = self.child.wait();
    }

    /// SIGTERM, and wait for the server to end.
    pub(crate) fn stop(mut self) {
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Why a request got no answer.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Nothing was sent: the server was not there.
    NotSent(std::io::Error),
    /// Sent, but no (whole) answer came: it may or may not have taken effect.
    NoAnswer(std::io::Error),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::NotSent(e) => write!(f, "not sent: {e}"),
            Failure::NoAnswer(e) => write!(f, "no answer: {e}"),
        }
    }
}

/// One HTTP/1.1 request with `Connection: close`; the body of a chunked answer is decoded.
pub(crate) fn http(
    address: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<(&str, &[u8])>,
) -> Result<(u16, Vec<u8>), Failure> {
    let mut stream = TcpStream::connect(address).map_err(Failure::NotSent)?;
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .map_err(Failure::NotSent)?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    if let Some(t) = token {
        head.push_str(&format!("Authorization: Bearer {t}\r\n"));
    }
    let (content_type, bytes) = body.unwrap_or(("", b""));
    if !content_type.is_empty() {
        head.push_str(&format!(
            "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
            bytes.len()
        ));
    }
    head.push_str("\r\n");
    let mut request = head.into_bytes();
    request.extend_from_slice(bytes);
    stream.write_all(&request).map_err(Failure::NoAnswer)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).map_err(Failure::NoAnswer)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| Failure::NoAnswer(std::io::ErrorKind::UnexpectedEof.into()))?;
    let head = String::from_utf8_lossy(&raw[..split]).to_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| Failure::NoAnswer(std::io::ErrorKind::InvalidData.into()))?;
    let body = raw[split + 4..].to_vec();
    let body = if head.contains("transfer-encoding: chunked") {
        dechunk(&body).ok_or_else(|| Failure::NoAnswer(std::io::ErrorKind::InvalidData.into()))?
    } else {
        body
    };
    Ok((status, body))
}

fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = raw.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&raw[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        raw = &raw[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(raw.get(..size)?);
        raw = raw.get(size + 2..)?;
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    padu_core::audit::hex(&Sha256::digest(bytes))
}

/// A multipart evidence upload: `file` (a CSV) at level 1.
pub(crate) fn upload_body(name: &str, content: &[u8]) -> (String, Vec<u8>) {
    let boundary = "padu-batas-7d1e0c";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"level\"\r\n\r\n1\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The demo's Kabupaten Trenggalek, its 2026 period and the indicators still editable there.
pub(crate) fn demo_work(server: &Running, token: &str) -> (i64, i64, Vec<u16>) {
    let instansi = server.json("/api/v1/instansi", token);
    let kab = instansi
        .as_array()
        .expect("list")
        .iter()
        .find(|i| i["name"] == "Kabupaten Trenggalek")
        .and_then(|i| i["id"].as_i64())
        .expect("Trenggalek");
    let periods = server.json(&format!("/api/v1/instansi/{kab}/periods"), token);
    let period = periods
        .as_array()
        .expect("list")
        .iter()
        .find(|p| p["year"] == 2026)
        .and_then(|p| p["id"].as_i64())
        .expect("2026");
    let indicators = server.json(&format!("/api/v1/periods/{period}/indicators"), token);
    let open: Vec<u16> = indicators
        .as_array()
        .expect("list")
        .iter()
        .filter(|i| i["status"] == "draft" || i["status"] == "returned")
        .filter_map(|i| i["number"].as_u64().and_then(|n| u16::try_from(n).ok()))
        .collect();
    assert!(open.len() >= 8, "editable indicators: {open:?}");
    (kab, period, open)
}

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
