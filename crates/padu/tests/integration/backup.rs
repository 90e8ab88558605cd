//! `padu backup` while `padu serve --demo` takes writes, then `padu restore` into a fresh data
//! directory (SQLite, and PostgreSQL when one answers): the restored server answers, serves the
//! evidence files with their hashes, and `padu audit verify` passes.

use std::io::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::faults::{PostgresSchema, Running, Target, demo_work, http, sha256_hex};

/// Every folder under `root` (itself included) is 0700 and every file 0600, whatever the umask
/// the test runs under: the database, its journals, the evidence, every table of an archive.
fn assert_private(root: &std::path::Path, label: &str) {
    use std::os::unix::fs::PermissionsExt as _;
    let meta = std::fs::symlink_metadata(root).expect("meta");
    let mode = meta.permissions().mode() & 0o777;
    let wanted = if meta.is_dir() { 0o700 } else { 0o600 };
    assert_eq!(mode, wanted, "{label}: {} is {mode:o}", root.display());
    if meta.is_dir() {
        for entry in std::fs::read_dir(root).expect("read").flatten() {
            assert_private(&entry.path(), label);
        }
    }
}

fn dir_size(path: &std::path::Path) -> u64 {
    let mut total = 0;
    let mut dirs = vec![path.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir").flatten() {
            let meta = entry.metadata().expect("meta");
            if meta.is_dir() {
                dirs.push(entry.path());
            } else {
                total += meta.len();
            }
        }
    }
    total
}

/// The restored server answers, with the demo's accounts, data and evidence bytes.
fn check_restored(target: &Target, label: &str) {
    let server = Running::start(target, &[]);
    let token = server.token("admin.trenggalek");
    let (_, period, _) = demo_work(&server, &token);
    let score = server.json(
        &format!("/api/v1/periods/{period}/score?basis=self"),
        &token,
    );
    assert!(score["index"].is_number(), "{label}: {score}");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let store = rt
        .block_on(padu_store::Store::connect(&target.store_url(), None))
        .expect("store");
    let kab = rt
        .block_on(store.instansi_by_name("Kabupaten Trenggalek"))
        .expect("ok")
        .expect("kab")
        .id;
    let records = rt
        .block_on(store.evidence_of_instansi(kab))
        .expect("evidence");
    rt.block_on(store.close());
    assert!(
        !records.is_empty(),
        "{label}: the demo's evidence came back"
    );
    for record in records.iter().filter(|r| r.sha256.is_some()) {
        let (status, body) = server
            .call(
                "GET",
                &format!("/api/v1/evidence/{}/content", record.id),
                Some(&token),
                None,
            )
            .expect("download");
        assert_eq!(status, 200, "{label}: evidence {}", record.id);
        assert_eq!(Some(sha256_hex(&body)), record.sha256, "{label}");
    }
    server.stop();
    let (ok, out, err) = target.run(&["audit", "verify"]);
    assert!(ok, "{label}: {out}{err}");
}

#[test]
fn backup_while_serving_then_restore_into_a_fresh_data_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = Target::sqlite(dir.path().join("asal"));
    let server = Running::start(&source, &["--demo"]);
    let token = server.token("admin.trenggalek");
    let (_, period, open) = demo_work(&server, &token);

    // Writes keep coming while the backup runs.
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (address, token, stop, written) = (
            server.address.clone(),
            token.clone(),
            stop.clone(),
            written.clone(),
        );
        let number = open[0];
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let body = format!("{{\"fakta\":\"selama pencadangan {n}\"}}");
                let (status, _) = http(
                    &address,
                    "PATCH",
                    &format!("/api/v1/periods/{period}/indicators/{number}"),
                    Some(&token),
                    Some(("application/json", body.as_bytes())),
                )
                .expect("the server keeps serving");
                assert_eq!(status, 200);
                written.fetch_add(1, Ordering::Relaxed);
                n += 1;
            }
        })
    };
    std::thread::sleep(Duration::from_millis(200));
    let archive = dir.path().join("cadangan-padu");
    let archive_arg = archive.to_str().expect("utf-8 path");
    let started = Instant::now();
    let (ok, out, err) = source.run(&["backup", archive_arg]);
    let backup_time = started.elapsed();
    let during = written.load(Ordering::Relaxed);
    stop.store(true, Ordering::Relaxed);
    writer.join().expect("writer");
    assert!(ok, "padu backup: {out}{err}");
    assert!(out.contains("Cadangan"), "{out}");
    assert!(during > 0, "writes ran during the backup");
    assert!(archive.join("manifest.json").is_file());
    assert!(!dir.path().join("cadangan-padu.partial").exists());
    server.stop();
    // the test made the data directory with its own umask; Padu keeps it and all in it private
    assert_private(&source.data, "data directory");
    assert_private(&archive, "archive");
    // An existing archive is never overwritten.
    let (ok, _, err) = source.run(&["backup", archive_arg]);
    assert!(!ok && err.contains("sudah ada"), "{err}");

    // Into a fresh SQLite data directory.
    let fresh = Target::sqlite(dir.path().join("baru"));
    let started = Instant::now();
    let (ok, out, err) = fresh.run(&["restore", archive_arg]);
    let restore_time = started.elapsed();
    assert!(ok, "padu restore: {out}{err}");
    assert!(out.contains("rantai audit utuh"), "{out}");
    check_restored(&fresh, "sqlite");
    assert_private(&fresh.data, "restored data directory");
    // Not twice: the database is no longer empty.
    let (ok, _, err) = fresh.run(&["restore", archive_arg]);
    assert!(!ok && err.contains("tidak kosong"), "{err}");
    // --force replaces it.
    let (ok, out, err) = fresh.run(&["restore", "--force", archive_arg]);
    assert!(ok, "{out}{err}");

    // A changed byte: refused before anything is written.
    let tampered = dir.path().join("rusak");
    copy_dir(&archive, &tampered);
    let table = tampered.join("tables").join("audit_log.jsonl");
    let mut bytes = std::fs::read(&table).expect("read");
    let last = bytes.len() - 3;
    bytes[last] ^= 1;
    std::fs::write(&table, bytes).expect("write");
    let empty = Target::sqlite(dir.path().join("kosong"));
    let (ok, _, err) = empty.run(&["restore", tampered.to_str().expect("utf-8")]);
    assert!(!ok && err.contains("audit_log"), "{err}");

    // SQLite's archive into PostgreSQL.
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    if let Some(pg) = PostgresSchema::create(&rt) {
        let target = Target {
            data: dir.path().join("pg"),
            database_url: Some(pg.url.clone()),
        };
        std::fs::create_dir_all(&target.data).expect("dir");
        let (ok, out, err) = target.run(&["restore", archive_arg]);
        assert!(ok, "restore into PostgreSQL: {out}{err}");
        check_restored(&target, "postgres");
        pg.drop_with(&rt);
    }
    let _ = writeln!(
        std::io::stderr(),
        "backup of the demo database: {:.2} s while {during} writes ran, {} KB; restore {:.2} s",
        backup_time.as_secs_f64(),
        dir_size(&archive) / 1024,
        restore_time.as_secs_f64()
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("read").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}
