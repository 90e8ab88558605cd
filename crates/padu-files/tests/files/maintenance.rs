//! Configuration, hashes as keys, and sweeping the leftovers of a crash.

use std::time::{Duration, SystemTime};

use padu_files::{ContentHash, FileStore, FilesConfig, FilesError, S3Config};

use crate::support::{self, files_under, whole};

#[tokio::test]
async fn sweeping_removes_only_old_temporaries() {
    let h = support::local();
    let dir = h.dir().expect("local").to_path_buf();
    let stored = h
        .store
        .put("tetap.pdf", whole(&b"%PDF-1.7 kept"[..]))
        .await
        .expect("stored");
    // What a crash leaves: a finished temporary object and a multipart staging file, both an
    // hour old, and an upload in progress right now.
    let tmp = dir.join("tmp");
    std::fs::create_dir_all(tmp.join("nested")).expect("tmp dir");
    let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
    for name in ["0123abcd", "4567ef01#1", "nested/89ab"] {
        let file = std::fs::File::create(tmp.join(name)).expect("created");
        file.set_modified(an_hour_ago).expect("mtime set");
    }
    std::fs::write(tmp.join("fresh#1"), b"in progress").expect("written");

    let removed = h
        .store
        .sweep_temporaries(Duration::from_secs(600))
        .await
        .expect("swept");
    assert_eq!(removed, 3);
    let hex = stored.sha256.as_str();
    let kept = [
        format!("sha256/{}/{}/{hex}", &hex[..2], &hex[2..4]),
        "tmp/fresh#1".into(),
    ];
    assert_eq!(files_under(&dir), kept);
    assert!(h.store.exists(&stored.sha256).await.expect("exists"));
}

#[tokio::test]
async fn sweeping_works_through_listing_on_every_backend() {
    for h in support::backends().await {
        let stored = h
            .store
            .put("tetap.pdf", whole(&b"%PDF-1.7 kept"[..]))
            .await
            .expect("stored");
        assert_eq!(
            h.store
                .sweep_temporaries(Duration::ZERO)
                .await
                .expect("swept"),
            0,
            "{}",
            h.label
        );
        assert!(h.store.exists(&stored.sha256).await.expect("exists"));
        h.finish().await;
    }
}

#[tokio::test]
async fn hashes_that_could_escape_the_store_are_refused() {
    for bad in [
        "../../etc/passwd",
        "",
        &"A".repeat(64),
        &"0".repeat(63),
        &format!("{}/", "0".repeat(63)),
    ] {
        let err = ContentHash::parse(bad).expect_err("must fail");
        assert!(matches!(err, FilesError::InvalidHash), "{bad:?}");
        assert_eq!(err.to_string(), "Kode berkas tidak sah.");
        assert!(err.is_user_error());
    }
    let ok: ContentHash = "0".repeat(64).parse().expect("valid");
    assert_eq!(ok.to_string(), "0".repeat(64));
}

#[test]
fn the_s3_secret_is_never_in_debug_output() {
    let config = FilesConfig::S3(S3Config {
        bucket: "padu-bukti".into(),
        endpoint: Some("https://s3.pemda.example".into()),
        region: "us-east-1".into(),
        access_key_id: Some("AKIAPADU".into()),
        secret_access_key: Some("rahasia-sekali".into()),
        session_token: Some("token-sesi".into()),
        allow_http: false,
    });
    let shown = format!("{config:?} {config:#?}");
    assert!(
        !shown.contains("rahasia-sekali") && !shown.contains("token-sesi"),
        "{shown}"
    );
    assert!(
        shown.contains("[redacted]") && shown.contains("padu-bukti"),
        "{shown}"
    );
}

#[test]
fn configuration_reads_from_toml() {
    let local: FilesConfig =
        toml::from_str("backend = \"local\"\ndir = \"/srv/padu/files\"").expect("local");
    assert_eq!(
        local,
        FilesConfig::Local {
            dir: "/srv/padu/files".into()
        }
    );
    let s3: FilesConfig = toml::from_str(
        "backend = \"s3\"\nbucket = \"bukti\"\nendpoint = \"http://127.0.0.1:9000\"\nallow_http = true",
    )
    .expect("s3");
    let FilesConfig::S3(s3) = s3 else {
        panic!("{s3:?}")
    };
    assert_eq!(
        (s3.bucket.as_str(), s3.region.as_str(), s3.allow_http),
        ("bukti", "us-east-1", true)
    );
    assert!(
        toml::from_str::<FilesConfig>("backend = \"s3\"\nbucket = \"b\"\nsecret = \"x\"").is_err()
    );
    assert_eq!(
        FilesConfig::under_data_dir("/var/lib/padu".as_ref()),
        FilesConfig::Local {
            dir: "/var/lib/padu/files".into()
        }
    );
}

#[tokio::test]
async fn the_memory_backend_serves_other_crates_tests() {
    let store = FileStore::new(&FilesConfig::Memory).expect("memory store");
    let stored = store
        .put("a.gif", whole(&b"GIF87a tiny"[..]))
        .await
        .expect("stored");
    let again = store
        .put("b.gif", whole(&b"GIF87a tiny"[..]))
        .await
        .expect("stored");
    assert!(again.deduplicated && store.exists(&stored.sha256).await.expect("exists"));
}

#[test]
fn an_unusable_directory_is_a_configuration_error() {
    let file = tempfile::NamedTempFile::new().expect("a file");
    let err = FileStore::new(&FilesConfig::Local {
        dir: file.path().join("under-a-file"),
    })
    .expect_err("must fail");
    assert!(matches!(err, FilesError::Config(_)), "{err:?}");
    assert!(!err.is_user_error());
}
