//! The upload edge cases of issue 4, on every backend: empty, oversize, wrong type, interrupted,
//! abandoned, the same file twice; and a large round trip.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures_util::StreamExt;
use padu_files::{ContentHash, FilesError};
use sha2::{Digest, Sha256};

use crate::support::{self, broken_after, generated, hanging_after, whole};

const KIB: usize = 1024;
const MIB: usize = 1024 * 1024;

#[tokio::test]
async fn an_empty_file_is_refused_and_nothing_is_stored() {
    for h in support::backends().await {
        let empty = futures_util::stream::iter(Vec::<Result<bytes::Bytes, std::io::Error>>::new());
        let err = h
            .store
            .put("kosong.pdf", empty)
            .await
            .expect_err("must fail");
        assert!(matches!(err, FilesError::Empty), "{}: {err:?}", h.label);
        assert_eq!(err.to_string(), "Berkas kosong.");
        // Empty chunks are no content either.
        let err = h
            .store
            .put("kosong.pdf", whole(&b""[..]))
            .await
            .expect_err("must fail");
        assert!(matches!(err, FilesError::Empty), "{}: {err:?}", h.label);
        h.assert_empty("an empty upload").await;
        h.finish().await;
    }
}

#[tokio::test]
async fn an_oversize_file_stops_at_the_cap_and_leaves_nothing() {
    for h in support::backends().await {
        // 6 MiB in 64 KiB chunks against a 5.5 MiB cap: parts (of 512 KiB on disk, 5 MiB on
        // S3) are already written when the cap is passed.
        let store = h.store.clone().with_max_size(11 * MIB as u64 / 2);
        let pulled = Arc::new(AtomicUsize::new(0));
        let stream = support::counting(generated(b"%PDF-1.7\n", 6 * MIB, 64 * KIB), pulled.clone());
        let err = store.put("besar.pdf", stream).await.expect_err("must fail");
        assert!(
            matches!(err, FilesError::TooLarge { .. }),
            "{}: {err:?}",
            h.label
        );
        assert_eq!(err.to_string(), "Berkas melebihi batas 5,5 MB.");
        // Reading stopped at the first chunk past the cap: 88 chunks fit, the 89th does not.
        assert_eq!(pulled.load(Ordering::SeqCst), 89, "{}", h.label);
        h.assert_empty("an oversize upload").await;
        h.finish().await;
    }
}

#[tokio::test]
async fn the_default_cap_is_50_mb() {
    let h = support::local();
    assert_eq!(h.store.max_size(), 50 * MIB as u64);
    let just_over = generated(b"%PDF-1.7\n", 50 * MIB + 1, MIB);
    let err = h
        .store
        .put("besar.pdf", just_over)
        .await
        .expect_err("must fail");
    assert_eq!(err.to_string(), "Berkas melebihi batas 50 MB.");
    h.assert_empty("an upload over 50 MB").await;
    let exactly = generated(b"%PDF-1.7\n", 50 * MIB, MIB);
    let stored = h.store.put("pas.pdf", exactly).await.expect("50 MB fit");
    assert_eq!(stored.size, 50 * MIB as u64);
}

#[tokio::test]
async fn a_file_of_the_wrong_type_is_refused_whatever_its_name() {
    for h in support::backends().await {
        let cases: [(&str, &[u8], &str); 3] = [
            (
                "laporan.pdf",
                b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0",
                "ELF executable",
            ),
            (
                "laporan.pdf",
                b"<!DOCTYPE html><html><script>alert(1)</script>",
                "markup (HTML, SVG or XML)",
            ),
            (
                "catatan.txt",
                b"  <html><body onload=alert(1)>",
                "markup (HTML, SVG or XML)",
            ),
        ];
        for (name, bytes, detected) in cases {
            let mut content = bytes.to_vec();
            content.resize(2 * MIB, b' ');
            let err = h
                .store
                .put(name, whole(content))
                .await
                .expect_err("must fail");
            match &err {
                FilesError::TypeNotAllowed { detected: d } => assert_eq!(*d, detected, "{name}"),
                other => panic!("{}: {name}: {other:?}", h.label),
            }
            assert!(
                err.to_string()
                    .starts_with("Jenis berkas tidak diizinkan: hanya PDF")
            );
        }
        h.assert_empty("refused uploads").await;
        h.finish().await;
    }
}

#[tokio::test]
async fn an_interrupted_upload_leaves_nothing() {
    for h in support::backends().await {
        // 6 MiB arrive (parts already written on both backends), then the connection drops.
        let err = h
            .store
            .put("putus.pdf", broken_after(96, 64 * KIB))
            .await
            .expect_err("must fail");
        assert!(
            matches!(err, FilesError::Interrupted(_)),
            "{}: {err:?}",
            h.label
        );
        assert_eq!(
            err.to_string(),
            "Unggahan terputus; tidak ada yang disimpan."
        );
        let source = std::error::Error::source(&err).expect("the client's error");
        assert_eq!(source.to_string(), "client went away");
        // Broken before the first block was complete: refused before anything is written.
        let err = h
            .store
            .put("putus.pdf", broken_after(1, 1024))
            .await
            .expect_err("must fail");
        assert!(
            matches!(err, FilesError::Interrupted(_)),
            "{}: {err:?}",
            h.label
        );
        h.assert_empty("interrupted uploads").await;
        h.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_dropped_half_way_cleans_up_after_itself() {
    for h in support::backends().await {
        let store = h.store.clone();
        // 6 MiB, then the client hangs; the handler's future is then dropped (as axum does when
        // the connection closes).
        let task =
            tokio::spawn(
                async move { store.put("gantung.pdf", hanging_after(96, 64 * KIB)).await },
            );
        let mut written = false;
        for _ in 0..200 {
            if !h.contents().await.is_empty() {
                written = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        assert!(written, "{}: the upload never reached the storage", h.label);
        task.abort();
        assert!(task.await.expect_err("aborted").is_cancelled());
        h.wait_until_empty("a dropped upload").await;
        h.finish().await;
    }
}

#[tokio::test]
async fn the_same_file_twice_is_stored_once() {
    for h in support::backends().await {
        let first = h
            .store
            .put("a.pdf", generated(b"%PDF-1.4\n", 700 * KIB, 64 * KIB))
            .await
            .expect("stored");
        let again = h
            .store
            .put("b.pdf", generated(b"%PDF-1.4\n", 700 * KIB, 100 * KIB))
            .await
            .expect("stored");
        assert!(!first.deduplicated, "{}", h.label);
        assert!(again.deduplicated, "{}", h.label);
        assert_eq!(
            (first.sha256.clone(), first.size),
            (again.sha256.clone(), again.size)
        );
        let hex = first.sha256.as_str();
        assert_eq!(
            h.contents().await,
            [format!("sha256/{}/{}/{hex}", &hex[..2], &hex[2..4])],
            "{}: one object, no temporaries",
            h.label
        );
        h.finish().await;
    }
}

#[tokio::test]
async fn a_20_mb_file_comes_back_identical() {
    for h in support::backends().await {
        const SIZE: usize = 20 * 1000 * 1000;
        let header = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
        let mut hasher = Sha256::new();
        for start in (0..SIZE).step_by(MIB) {
            hasher.update(support::generated_range(
                header,
                start,
                (start + MIB).min(SIZE),
            ));
        }
        let expected = ContentHash::parse(&support::hex(&hasher.finalize())).expect("hex");

        let stored = h
            .store
            .put("besar.pdf", generated(header, SIZE, 64 * KIB))
            .await
            .expect("stored");
        assert_eq!(stored.sha256, expected, "{}", h.label);
        assert_eq!(
            (stored.size, stored.content_type),
            (SIZE as u64, "application/pdf")
        );
        assert!(!stored.deduplicated);

        let download = h.store.get(&stored.sha256).await.expect("stored file");
        assert_eq!(download.size, SIZE as u64);
        let mut offset = 0;
        let mut chunks = download.stream;
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk.expect("chunk");
            let want = support::generated_range(header, offset, offset + chunk.len());
            assert!(
                chunk[..] == want[..],
                "{}: bytes differ at {offset}",
                h.label
            );
            offset += chunk.len();
        }
        assert_eq!(offset, SIZE, "{}", h.label);
        h.finish().await;
    }
}

#[tokio::test]
async fn get_exists_and_delete_by_hash() {
    for h in support::backends().await {
        let stored = h
            .store
            .put("bukti.png", whole(&b"\x89PNG\r\n\x1a\nrest of it"[..]))
            .await
            .expect("stored");
        assert_eq!(stored.content_type, "image/png");
        assert!(h.store.exists(&stored.sha256).await.expect("exists"));
        h.store.delete(&stored.sha256).await.expect("deleted");
        assert!(!h.store.exists(&stored.sha256).await.expect("exists"));
        let err = h.store.get(&stored.sha256).await.expect_err("must fail");
        assert!(matches!(err, FilesError::NotFound), "{}: {err:?}", h.label);
        assert_eq!(err.to_string(), "Berkas tidak ditemukan.");
        h.store
            .delete(&stored.sha256)
            .await
            .expect("deleting twice is fine");
        h.assert_empty("a deleted file").await;
        h.finish().await;
    }
}
