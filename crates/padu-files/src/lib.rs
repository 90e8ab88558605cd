//! Evidence files (bukti dukung): content-addressed storage of their bytes.
//!
//! The database is the source of truth for a file's metadata (name, size, SHA-256, uploader);
//! this crate only stores and serves bytes, under a key derived from nothing but their SHA-256:
//! `sha256/ab/cd/<64 hex>`. The same file uploaded twice is stored once. The backend is a local
//! directory (the default, under the data directory) or an S3-compatible bucket, through
//! `object_store`; [`FilesConfig::Memory`] serves other crates' tests.
//!
//! An upload ([`FileStore::put`]) is streamed: never held whole in memory, hashed as it goes,
//! capped in size ([`DEFAULT_MAX_SIZE`], 50 MB, unless [`FileStore::with_max_size`] says
//! otherwise), and judged by its first bytes, whatever the client claims. Allowed: PDF, PNG,
//! JPEG, GIF, WebP; Office Open XML (docx, xlsx, pptx) and OpenDocument (odt, ods, odp), which
//! are ZIP files whose first entry and file-name extension must agree; legacy Office (doc, xls,
//! ppt: OLE2 with that extension); and `.txt`/`.csv` files whose first 8 KiB are UTF-8 text
//! without control characters or leading markup. A failed or refused upload leaves nothing
//! behind.
//!
//! Leftovers can only come from a crash or from a future dropped where no Tokio runtime runs:
//! call [`FileStore::sweep_temporaries`] at start-up. On S3, a crash can also leave an
//! unfinished multipart upload, invisible to listing: give the bucket a lifecycle rule
//! `AbortIncompleteMultipartUpload` (e.g. after one day).
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use bytes::Bytes;
//! use padu_files::{FileStore, FilesConfig};
//!
//! let store = FileStore::new(&FilesConfig::Memory)?;
//! let chunks = [Bytes::from_static(b"indikator;level\n"), Bytes::from_static(b"1;3\n")];
//! let stream = futures_util::stream::iter(chunks.map(Ok::<_, std::io::Error>));
//! let stored = store.put("levels.csv", stream).await?;
//! assert_eq!((stored.size, stored.content_type), (20, "text/csv; charset=utf-8"));
//! assert!(store.exists(&stored.sha256).await?);
//! # Ok::<_, padu_files::FilesError>(()) }).unwrap();
//! ```

mod config;
mod error;
mod hash;
mod sniff;
mod sweep;
mod temp;
mod upload;

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::stream::{BoxStream, StreamExt};
use object_store::{ObjectStore, ObjectStoreExt};

pub use config::{DEFAULT_MAX_SIZE, FilesConfig, S3Config};
pub use error::FilesError;
pub use hash::ContentHash;

use config::Backend;

/// The prefix of uploads in progress.
const TMP_PREFIX: &str = "tmp";

/// The evidence file store. Cheap to clone (it shares its backend).
#[derive(Debug, Clone)]
pub struct FileStore {
    store: Arc<dyn ObjectStore>,
    backend: Backend,
    max_size: u64,
}

/// What [`FileStore::put`] stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The SHA-256 of the bytes: the key to get them back.
    pub sha256: ContentHash,
    /// The size in bytes.
    pub size: u64,
    /// The MIME type judged from the bytes, e.g. `application/pdf` or
    /// `text/csv; charset=utf-8`: the one to serve the file with.
    pub content_type: &'static str,
    /// Whether the same bytes were already stored (nothing new was written).
    pub deduplicated: bool,
}

/// A stored file being read: its size and its bytes, chunk by chunk.
pub struct Download {
    /// The size in bytes (for `Content-Length`).
    pub size: u64,
    /// The bytes; an error part-way means the storage failed mid-read.
    pub stream: BoxStream<'static, Result<Bytes, FilesError>>,
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

impl FileStore {
    /// Opens the backend `config` names (creating a local directory when missing), with the
    /// default size cap.
    pub fn new(config: &FilesConfig) -> Result<Self, FilesError> {
        let (store, backend) = config::open(config)?;
        Ok(Self {
            store,
            backend,
            max_size: DEFAULT_MAX_SIZE,
        })
    }

    /// The same store with another size cap, in bytes.
    pub fn with_max_size(mut self, max_size: u64) -> Self {
        self.max_size = max_size;
        self
    }

    /// The size cap in bytes.
    pub fn max_size(&self) -> u64 {
        self.max_size
    }

    /// The stored file with this hash, as a stream of chunks;
    /// [`FilesError::NotFound`] when there is none.
    pub async fn get(&self, sha256: &ContentHash) -> Result<Download, FilesError> {
        let result = self.store.get(&sha256.key()).await?;
        Ok(Download {
            size: result.meta.size,
            stream: result
                .into_stream()
                .map(|r| r.map_err(FilesError::from))
                .boxed(),
        })
    }

    /// Whether a file with this hash is stored.
    pub async fn exists(&self, sha256: &ContentHash) -> Result<bool, FilesError> {
        match self.store.head(&sha256.key()).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Removes the file with this hash (for a garbage collector that has checked that no
    /// evidence refers to it any more). Removing a file that is not there is not an error.
    pub async fn delete(&self, sha256: &ContentHash) -> Result<(), FilesError> {
        match self.store.delete(&sha256.key()).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}
