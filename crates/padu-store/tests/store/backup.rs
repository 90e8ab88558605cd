//! Backup and restore: a round trip on each backend, tables compared row for row; a tampered
//! archive and a non-empty target refused; SQLite to PostgreSQL and back.

use std::path::Path;

use padu_core::Value;
use padu_core::access::Role;
use padu_core::evaluation::{EDITABLE, PeriodKind};
use padu_store::backup::{self, BackupError, Manifest};
use padu_store::evaluation::{Carry, EvidenceKind, NewEvidence, NewPeriod, Stages, WorkPatch};
use padu_store::testing::{TestDb, databases, postgres, sqlite};
use padu_store::{NewUser, Store, Who, now_ms};

use crate::org::tree;

/// The one evidence file's bytes: the archive holds them under their SHA-256.
const CONTENT: &[u8] = b"%PDF-1.4 SK Kepala Daerah tentang keamanan informasi";

fn content_sha256() -> String {
    use sha2::Digest as _;
    padu_core::audit::hex(&sha2::Sha256::digest(CONTENT))
}

fn period(instansi_id: i64, year: i32, carry: Option<Carry>) -> NewPeriod {
    NewPeriod {
        instansi_id,
        year,
        kind: PeriodKind::Evaluasi,
        instrument: "permenpanrb-59-2020".into(),
        target: Some(Value(260)),
        stages: Stages::default(),
        indicators: (1..=47).collect(),
        max_level: 5,
        carry,
    }
}

/// A little of everything: the organisation tree, OPDs, a user with a session and a used token,
/// two periods (the second carried from the first), assignments, narratives, evidence, comments.
async fn seed(store: &Store) {
    let who = Who::system("uji");
    let (_, _, kab) = tree(store).await;
    let diskominfo = store
        .create_opd(&who, kab, "Diskominfo", "diskominfo")
        .await
        .expect("opd")
        .id;
    let bappeda = store
        .create_opd(&who, kab, "Bappeda", "bappeda")
        .await
        .expect("opd")
        .id;
    let user_id = store
        .create_user(
            &who,
            NewUser {
                username: "operator".into(),
                display_name: "Operator \"Diskominfo\" — uji ü".into(),
                password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
                role: Role::OperatorOpd,
                instansi_id: Some(kab),
                opd_id: Some(diskominfo),
                email: Some("operator@trenggalekkab.go.id".into()),
            },
        )
        .await
        .expect("user");
    let user = store.user(user_id).await.expect("ok").expect("user");
    store
        .create_session(&user, "digest-session", now_ms() + 60_000)
        .await
        .expect("session");
    store
        .create_api_token(&user, "digest-token", "skrip", now_ms() + 60_000)
        .await
        .expect("token");
    // used once: its last use is a column of the archive too
    store
        .token_user("digest-token", now_ms())
        .await
        .expect("token used");
    let old = store
        .create_period(&who, period(kab, 2024, None))
        .await
        .expect("period");
    store
        .set_assignment(&who, old, 8, Some(diskominfo), &[bappeda])
        .await
        .expect("assign");
    store
        .update_work(
            &who,
            old,
            8,
            &EDITABLE,
            WorkPatch {
                self_value: Some(Some(Value(300))),
                fakta: Some("Kebijakan keamanan\nbaris kedua, \"kutipan\"".into()),
                analisis: Some("L3".into()),
            },
        )
        .await
        .expect("work");
    for (number, name) in [(8, "sk-keamanan.pdf"), (22, "laporan.pdf")] {
        store
            .add_evidence(
                &who,
                old,
                number,
                &EDITABLE,
                NewEvidence {
                    instansi_id: kab,
                    kind: EvidenceKind::File,
                    name: name.into(),
                    sha256: Some(content_sha256()),
                    size: Some(CONTENT.len() as i64),
                    content_type: Some("application/pdf".into()),
                    url: None,
                    uploaded_by: Some(user_id),
                    effective_date: Some("2026-01-02".into()),
                    expiry_date: None,
                    // one instansi-wide document: the flag goes through backup and restore
                    instansi_wide: number == 8,
                },
                3,
            )
            .await
            .expect("evidence");
    }
    store
        .comment(&who, old, 8, "Mohon lengkapi SK")
        .await
        .expect("comment");
    store
        .create_period(
            &who,
            period(
                kab,
                2025,
                Some(Carry {
                    from_period: old,
                    sources: (1..=47).map(|n| (n, vec![n])).collect(),
                    copy_values: true,
                    source_label: None,
                }),
            ),
        )
        .await
        .expect("carried period");
    // a roadmap reviewed into a second version: the self-reference and the items' JSON
    crate::peta_rencana::reviewed(store, kab, bappeda).await;
    store.mark_demo(&who).await.expect("demo mark");
}

/// A fresh directory for one archive, removed when dropped.
struct ArchiveDir(std::path::PathBuf);

impl ArchiveDir {
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for ArchiveDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn archive_dir() -> ArchiveDir {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!(
        "padu_backup_test_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        now_ms()
    ));
    std::fs::create_dir_all(&dir).expect("archive dir");
    ArchiveDir(dir)
}

/// Exports `store` into `dir` as a whole archive (the evidence bytes, which `padu backup`
/// copies from the file store, written here directly).
async fn export(store: &Store, dir: &Path) -> Manifest {
    let manifest = store.export_tables(dir).await.expect("export");
    std::fs::create_dir_all(dir.join("files")).expect("files");
    for file in &manifest.files {
        assert_eq!(file.sha256, content_sha256());
        std::fs::write(backup::file_path(dir, &file.sha256), CONTENT).expect("file");
    }
    backup::write_manifest(dir, &manifest).expect("manifest");
    manifest
}

async fn restore(store: &Store, dir: &Path, force: bool) -> Result<u64, BackupError> {
    let manifest = backup::verify_archive(dir)?;
    store.check_restorable(&manifest, force).await?;
    store.import_tables(dir, &manifest, force).await
}

/// Restores `from`'s archive into `to`, then checks every table matches row for row (by
/// exporting `to` again and comparing the table files) and the audit chain verifies.
async fn round_trip(from: &TestDb, to: &TestDb) {
    let first = archive_dir();
    let manifest = export(&from.store, first.path()).await;
    assert!(manifest.rows() > 100, "{}: {manifest:?}", from.label);
    assert_eq!(manifest.files.len(), 1, "one distinct evidence file");
    let rows = restore(&to.store, first.path(), false)
        .await
        .unwrap_or_else(|e| panic!("{} -> {}: {e}", from.label, to.label));
    assert_eq!(rows, manifest.rows());

    let second = archive_dir();
    let again = export(&to.store, second.path()).await;
    for (a, b) in manifest.tables.iter().zip(&again.tables) {
        let left = std::fs::read_to_string(backup::table_path(first.path(), &a.name)).expect("a");
        let right = std::fs::read_to_string(backup::table_path(second.path(), &b.name)).expect("b");
        assert_eq!(
            left, right,
            "{} -> {}: table {} row for row",
            from.label, to.label, a.name
        );
    }
    assert_eq!(manifest.tables, again.tables);
    let check = to.store.verify_audit().await.expect("verify");
    assert_eq!(check.first_broken, None, "{} -> {}", from.label, to.label);
    assert!(check.entries > 10);
    assert!(
        to.store.is_demo().await.expect("read"),
        "{} -> {}: the demo mark came along",
        from.label,
        to.label
    );

    // The restored database goes on working: new ids follow the restored ones (PostgreSQL's
    // sequences were moved), and the audit chain continues.
    let kab = to
        .store
        .instansi_by_name("Kabupaten Trenggalek")
        .await
        .expect("ok")
        .expect("restored")
        .id;
    let wide: Vec<(String, bool)> = to
        .store
        .evidence_of_instansi(kab)
        .await
        .expect("evidence")
        .into_iter()
        .map(|e| (e.name, e.instansi_wide))
        .collect();
    assert!(
        wide.contains(&("sk-keamanan.pdf".into(), true))
            && wide.contains(&("laporan.pdf".into(), false)),
        "{} -> {}: the instansi-wide mark came along: {wide:?}",
        from.label,
        to.label
    );
    let opd = to
        .store
        .create_opd(
            &Who::system("uji"),
            kab,
            &format!("Inspektorat ({} ke {})", from.label, to.label),
            "inspektorat",
        )
        .await
        .unwrap_or_else(|e| panic!("{}: a new OPD after restore: {e}", to.label));
    assert!(opd.id > 2, "{}: id {}", to.label, opd.id);
    assert_eq!(
        to.store.verify_audit().await.expect("verify").first_broken,
        None
    );
}

#[tokio::test]
async fn a_backup_restores_row_for_row_on_each_backend() {
    for db in databases().await {
        seed(&db.store).await;
        let target = match db.label {
            "postgres" => postgres().await.expect("postgres again"),
            _ => sqlite().await,
        };
        round_trip(&db, &target).await;
        target.finish().await;
        db.finish().await;
    }
}

#[tokio::test]
async fn an_archive_moves_from_sqlite_to_postgres_and_back() {
    let Some(pg) = postgres().await else {
        return;
    };
    let lite = sqlite().await;
    seed(&lite.store).await;
    round_trip(&lite, &pg).await;
    let back = sqlite().await;
    round_trip(&pg, &back).await;
    for db in [lite, pg, back] {
        db.finish().await;
    }
}

#[tokio::test]
async fn a_tampered_archive_is_refused_before_anything_changes() {
    for db in databases().await {
        seed(&db.store).await;
        let dir = archive_dir();
        export(&db.store, dir.path()).await;
        let path = backup::table_path(dir.path(), "period_indicators");
        let mut bytes = std::fs::read(&path).expect("read");
        let at = bytes
            .windows(4)
            .position(|w| w == b"L3\"}" || w == b"\"L3\"")
            .expect("the narrative is there");
        bytes[at + 1] = b'4';
        std::fs::write(&path, bytes).expect("write");
        let err = backup::verify_archive(dir.path()).expect_err("tampered");
        assert!(
            matches!(&err, BackupError::Archive(m) if m.contains("period_indicators")),
            "{}: {err}",
            db.label
        );
        // Also refused if someone skips the check: the archive's manifest says another schema.
        let target = sqlite().await;
        let mut manifest = backup::read_manifest(dir.path()).expect("manifest");
        manifest.schema = "m20991231_000001_future".into();
        let err = target
            .store
            .check_restorable(&manifest, false)
            .await
            .expect_err("another schema");
        assert!(matches!(err, BackupError::Archive(_)), "{err}");
        target.finish().await;
        db.finish().await;
    }
}

#[tokio::test]
async fn a_non_empty_database_is_refused_unless_forced() {
    for db in databases().await {
        seed(&db.store).await;
        let dir = archive_dir();
        let manifest = export(&db.store, dir.path()).await;
        // Restoring onto itself: it holds data.
        let err = restore(&db.store, dir.path(), false)
            .await
            .expect_err("non-empty");
        assert!(
            matches!(err, BackupError::NotEmpty(_)),
            "{}: {err}",
            db.label
        );
        // With --force everything is replaced by the archive's rows, in one transaction.
        db.store
            .create_opd(&Who::system("uji"), 1, "Dinas Baru", "lainnya")
            .await
            .expect("a row the archive does not have");
        let rows = restore(&db.store, dir.path(), true)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", db.label));
        assert_eq!(rows, manifest.rows());
        let again = archive_dir();
        assert_eq!(
            export(&db.store, again.path()).await.tables,
            manifest.tables,
            "{}",
            db.label
        );
        assert_eq!(
            db.store.verify_audit().await.expect("verify").first_broken,
            None
        );
        db.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_writes_is_one_consistent_snapshot() {
    for db in databases().await {
        seed(&db.store).await;
        let kab = db
            .store
            .instansi_by_name("Kabupaten Trenggalek")
            .await
            .expect("ok")
            .expect("kab")
            .id;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let writer = {
            let store = db.store.clone();
            let stop = stop.clone();
            tokio::spawn(async move {
                let mut n = 0u32;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    store
                        .create_opd(&Who::system("uji"), kab, &format!("Dinas {n}"), "lainnya")
                        .await
                        .expect("write during the backup");
                    n += 1;
                }
                n
            })
        };
        let mut archives = Vec::new();
        for _ in 0..3 {
            let dir = archive_dir();
            export(&db.store, dir.path()).await;
            archives.push(dir);
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let written = writer.await.expect("writer");
        assert!(written > 0, "{}: writes ran during the backups", db.label);
        for dir in &archives {
            let target = sqlite().await;
            restore(&target.store, dir.path(), false)
                .await
                .unwrap_or_else(|e| panic!("{}: {e}", db.label));
            assert_eq!(
                target
                    .store
                    .verify_audit()
                    .await
                    .expect("verify")
                    .first_broken,
                None,
                "{}: the archive's audit chain verifies",
                db.label
            );
            target.finish().await;
        }
        db.finish().await;
    }
}
