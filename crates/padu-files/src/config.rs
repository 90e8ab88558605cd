//! Where the bytes live: a local directory, an S3-compatible bucket, or memory (tests).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use object_store::ObjectStore;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use serde::Deserialize;

use crate::FilesError;

/// The default size cap: 50 MB (50 × 1024 × 1024 bytes).
pub const DEFAULT_MAX_SIZE: u64 = 50 * 1024 * 1024;

/// Which backend stores the files.
///
/// It deserializes from the server's configuration with a `backend` tag, e.g. in TOML:
///
/// ```toml
/// [files]
/// backend = "local"
/// dir = "/var/lib/padu/files"
/// ```
/// or
/// ```toml
/// [files]
/// backend = "s3"
/// bucket = "padu-bukti"
/// endpoint = "https://s3.pemda.example"
/// region = "us-east-1"
/// access_key_id = "…"
/// secret_access_key = "…"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "backend", rename_all = "lowercase")]
pub enum FilesConfig {
    /// A directory on this machine, created when missing.
    Local {
        /// The directory (objects under `sha256/`, uploads in progress under `tmp/`).
        dir: PathBuf,
    },
    /// An S3-compatible bucket (AWS S3, MinIO, Ceph, Garage, ...). The bucket must exist.
    S3(S3Config),
    /// Memory, for other crates' tests: nothing survives the process.
    Memory,
}

impl FilesConfig {
    /// The default: the directory `files` under the server's data directory.
    pub fn under_data_dir(data_dir: &Path) -> Self {
        Self::Local {
            dir: data_dir.join("files"),
        }
    }
}

/// An S3-compatible bucket. `Debug` shows the secret key and the session token as `[redacted]`.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3Config {
    /// The bucket's name.
    pub bucket: String,
    /// The server's URL, e.g. `https://minio.pemda.example:9000`; `None` for AWS itself.
    /// A custom endpoint is addressed path-style (`<endpoint>/<bucket>/<key>`).
    #[serde(default)]
    pub endpoint: Option<String>,
    /// The region (most S3-compatible servers accept `us-east-1`).
    #[serde(default = "default_region")]
    pub region: String,
    /// The access key id; with the secret key absent too, credentials come from the
    /// environment (instance metadata, web identity) as the AWS SDKs find them.
    #[serde(default)]
    pub access_key_id: Option<String>,
    /// The secret access key.
    #[serde(default)]
    pub secret_access_key: Option<String>,
    /// A session token for temporary credentials.
    #[serde(default)]
    pub session_token: Option<String>,
    /// Allow plain `http://` endpoints (a server on the same host or network only).
    #[serde(default)]
    pub allow_http: bool,
}

fn default_region() -> String {
    "us-east-1".into()
}

impl fmt::Debug for S3Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |s: &Option<String>| s.as_ref().map(|_| "[redacted]");
        f.debug_struct("S3Config")
            .field("bucket", &self.bucket)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &redacted(&self.secret_access_key))
            .field("session_token", &redacted(&self.session_token))
            .field("allow_http", &self.allow_http)
            .finish()
    }
}

/// What the store needs to know about its backend beyond the `ObjectStore`.
#[derive(Debug, Clone)]
pub(crate) enum Backend {
    /// The local directory, for sweeping the staging files `LocalFileSystem` hides from `list`.
    Local(PathBuf),
    S3,
    Memory,
}

impl Backend {
    /// The size of an upload's parts: small on disk (it bounds the memory an upload holds),
    /// 5 MiB on S3 (its minimum for every part but the last).
    pub(crate) fn part_size(&self) -> usize {
        match self {
            Self::Local(_) | Self::Memory => 512 * 1024,
            Self::S3 => 5 * 1024 * 1024,
        }
    }
}

/// Opens the backend `config` names.
pub(crate) fn open(config: &FilesConfig) -> Result<(Arc<dyn ObjectStore>, Backend), FilesError> {
    match config {
        FilesConfig::Local { dir } => {
            let tmp = dir.join(crate::TMP_PREFIX);
            std::fs::create_dir_all(&tmp).map_err(|e| {
                FilesError::Config(format!(
                    "direktori {} tidak dapat dibuat ({e})",
                    tmp.display()
                ))
            })?;
            let store = LocalFileSystem::new_with_prefix(dir)
                .map_err(|e| FilesError::Config(format!("direktori {}: {e}", dir.display())))?
                .with_automatic_cleanup(true);
            Ok((Arc::new(store), Backend::Local(dir.clone())))
        }
        FilesConfig::S3(s3) => {
            let mut builder = AmazonS3Builder::new()
                .with_bucket_name(&s3.bucket)
                .with_region(&s3.region)
                .with_allow_http(s3.allow_http);
            if let Some(endpoint) = &s3.endpoint {
                builder = builder.with_endpoint(endpoint);
            }
            if let Some(id) = &s3.access_key_id {
                builder = builder.with_access_key_id(id);
            }
            if let Some(secret) = &s3.secret_access_key {
                builder = builder.with_secret_access_key(secret);
            }
            if let Some(token) = &s3.session_token {
                builder = builder.with_token(token);
            }
            let store = builder
                .build()
                .map_err(|e| FilesError::Config(format!("S3 bucket {}: {e}", s3.bucket)))?;
            Ok((Arc::new(store), Backend::S3))
        }
        FilesConfig::Memory => Ok((Arc::new(InMemory::new()), Backend::Memory)),
    }
}
