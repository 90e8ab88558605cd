//! Backends to run the suite on, and streams that behave like clients.

use std::io::Write as _;
use std::path::Path;
use std::sync::Once;
use std::time::Duration;

use bytes::Bytes;
use futures_util::stream::{self, Stream, StreamExt};
use padu_files::{FileStore, FilesConfig};

use crate::s3::S3Bucket;

/// A fresh, empty store on one backend, and a way to see everything it holds.
pub struct Harness {
    pub store: FileStore,
    /// "local" or "s3", for assertion messages.
    pub label: &'static str,
    kind: Kind,
}

enum Kind {
    Local(tempfile::TempDir),
    S3(S3Bucket),
}

static SKIP_NOTICE: Once = Once::new();

/// A fresh store on every available backend: the local directory always, S3 when
/// `PADU_TEST_S3_ENDPOINT` names a server. Without one, the S3 runs are skipped with a notice,
/// unless `PADU_TEST_REQUIRE_S3=1` (for CI), which makes that a failure.
pub async fn backends() -> Vec<Harness> {
    let mut all = vec![local()];
    match std::env::var("PADU_TEST_S3_ENDPOINT") {
        Ok(endpoint) if !endpoint.is_empty() => all.push(s3(&endpoint).await),
        _ => {
            let required = std::env::var("PADU_TEST_REQUIRE_S3").is_ok_and(|v| v == "1");
            assert!(
                !required,
                "S3 is required (PADU_TEST_REQUIRE_S3=1) but PADU_TEST_S3_ENDPOINT is not set"
            );
            SKIP_NOTICE.call_once(|| {
                // Written past the test harness's capture, so the skip is seen in every run.
                let _ = writeln!(
                    std::io::stderr(),
                    "padu-files S3 tests skipped: PADU_TEST_S3_ENDPOINT is not set. Start a \
                     server with `crates/padu-files/s3-test-server start` and set it to the URL \
                     printed."
                );
            });
        }
    }
    all
}

/// A store in a fresh temporary directory.
pub fn local() -> Harness {
    let dir = tempfile::tempdir().expect("temporary directory");
    let store = FileStore::new(&FilesConfig::Local {
        dir: dir.path().to_path_buf(),
    })
    .expect("local store opens");
    Harness {
        store,
        label: "local",
        kind: Kind::Local(dir),
    }
}

async fn s3(endpoint: &str) -> Harness {
    let bucket = S3Bucket::create(endpoint).await;
    let store = FileStore::new(&FilesConfig::S3(bucket.config())).expect("S3 store opens");
    Harness {
        store,
        label: "s3",
        kind: Kind::S3(bucket),
    }
}

impl Harness {
    /// Everything the backend holds: files in the local directory (also the staging files
    /// object_store hides from listing), or the bucket's objects and unfinished multipart
    /// uploads (as `upload:<key>`).
    pub async fn contents(&self) -> Vec<String> {
        match &self.kind {
            Kind::Local(dir) => files_under(dir.path()),
            Kind::S3(bucket) => bucket.contents().await,
        }
    }

    /// The local directory (`None` on S3).
    pub fn dir(&self) -> Option<&Path> {
        match &self.kind {
            Kind::Local(dir) => Some(dir.path()),
            Kind::S3(_) => None,
        }
    }

    /// Asserts that the backend holds nothing at all.
    pub async fn assert_empty(&self, after: &str) {
        let left = self.contents().await;
        assert!(left.is_empty(), "{}: {after} left {left:?}", self.label);
    }

    /// Waits (up to 10 s) until the backend holds nothing: for clean-ups spawned on drop.
    pub async fn wait_until_empty(&self, after: &str) {
        for _ in 0..200 {
            if self.contents().await.is_empty() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.assert_empty(after).await;
    }

    /// Removes the test bucket (S3); the temporary directory goes by itself.
    pub async fn finish(self) {
        if let Kind::S3(bucket) = self.kind {
            bucket.remove().await;
        }
    }
}

/// Paths of the files under `root`, relative to it, sorted.
pub fn files_under(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let rel = path.strip_prefix(root).expect("under root");
                found.push(rel.to_string_lossy().into_owned());
            }
        }
    }
    found.sort();
    found
}

pub type ClientStream = stream::BoxStream<'static, Result<Bytes, std::io::Error>>;

/// `total` bytes starting with `header`, then deterministic noise, in chunks of `chunk` bytes,
/// made as they are pulled (the whole file never exists in memory).
pub fn generated(header: &'static [u8], total: usize, chunk: usize) -> ClientStream {
    stream::iter((0..total).step_by(chunk))
        .map(move |start| {
            Ok(Bytes::from(generated_range(
                header,
                start,
                (start + chunk).min(total),
            )))
        })
        .boxed()
}

/// Bytes `start..end` of the file [`generated`] makes.
pub fn generated_range(header: &[u8], start: usize, end: usize) -> Vec<u8> {
    (start..end)
        .map(|i| match header.get(i) {
            Some(b) => *b,
            // A cheap mix of the position: varied bytes, no repeating pattern per chunk.
            None => {
                let x = (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                (x >> 56) as u8 ^ (x >> 17) as u8
            }
        })
        .collect()
}

/// One chunk holding all of `bytes`.
pub fn whole(bytes: impl Into<Bytes>) -> ClientStream {
    stream::iter([Ok(bytes.into())]).boxed()
}

/// `ok_chunks` chunks of `chunk` bytes (a PDF), then a connection reset.
pub fn broken_after(ok_chunks: usize, chunk: usize) -> ClientStream {
    generated(b"%PDF-1.7\n", ok_chunks * chunk, chunk)
        .chain(stream::iter([Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "client went away",
        ))]))
        .boxed()
}

/// `ok_chunks` chunks of `chunk` bytes (a PDF), then nothing, ever: a client that hangs.
pub fn hanging_after(ok_chunks: usize, chunk: usize) -> ClientStream {
    generated(b"%PDF-1.7\n", ok_chunks * chunk, chunk)
        .chain(stream::pending())
        .boxed()
}

/// A stream that counts how many chunks were pulled from it.
pub fn counting(
    inner: impl Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static,
    pulled: std::sync::Arc<std::sync::atomic::AtomicUsize>,
) -> ClientStream {
    inner
        .inspect(move |_| {
            pulled.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        })
        .boxed()
}

/// Lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
