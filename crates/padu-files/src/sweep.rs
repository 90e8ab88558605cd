//! Removing temporary objects that a crash left behind.

use std::path::{Path as FsPath, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::StreamExt;
use object_store::ObjectStoreExt;
use object_store::path::Path;

use crate::config::Backend;
use crate::{FileStore, FilesError, TMP_PREFIX};

impl FileStore {
    /// Removes the temporary objects of uploads last written to more than `older_than` ago,
    /// and returns how many were removed.
    ///
    /// Failed and abandoned uploads clean up after themselves; what remains comes from a crash
    /// (or a future dropped outside a Tokio runtime). Run it at start-up, or periodically with an
    /// `older_than` well above the longest upload (say an hour): an upload in progress is
    /// written to all the time, so it is never old. On the local backend this includes the
    /// staging files (`tmp/<name>#<n>`) that `object_store` writes multipart uploads to. On S3,
    /// unfinished multipart uploads are not listed: a bucket lifecycle rule removes those.
    pub async fn sweep_temporaries(&self, older_than: Duration) -> Result<usize, FilesError> {
        let cutoff = SystemTime::now()
            .checked_sub(older_than)
            .unwrap_or(UNIX_EPOCH);
        let mut old = Vec::new();
        let mut listing = self.store.list(Some(&Path::from(TMP_PREFIX)));
        while let Some(meta) = listing.next().await {
            let meta = meta?;
            if SystemTime::from(meta.last_modified) <= cutoff {
                old.push(meta.location);
            }
        }
        drop(listing);
        let mut removed = 0;
        for location in old {
            match self.store.delete(&location).await {
                Ok(()) => removed += 1,
                Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        if let Backend::Local(dir) = &self.backend {
            let tmp = dir.join(TMP_PREFIX);
            removed += tokio::task::spawn_blocking(move || sweep_dir(&tmp, cutoff))
                .await
                .map_err(|e| storage_error(e.to_string()))?
                .map_err(|e| storage_error(format!("sweeping temporary files: {e}")))?;
        }
        if removed > 0 {
            tracing::info!(removed, "removed temporary objects of abandoned uploads");
        }
        Ok(removed)
    }
}

/// Removes the files under `dir` (not following symbolic links) last modified at or before
/// `cutoff`; returns how many.
fn sweep_dir(dir: &FsPath, cutoff: SystemTime) -> std::io::Result<usize> {
    let mut removed = 0;
    let mut dirs: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let entry = entry?;
            let meta = entry.metadata()?;
            if meta.is_dir() {
                dirs.push(entry.path());
            } else if meta.modified()? <= cutoff {
                match std::fs::remove_file(entry.path()) {
                    Ok(()) => removed += 1,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(removed)
}

fn storage_error(message: String) -> FilesError {
    FilesError::Storage(object_store::Error::Generic {
        store: "padu-files",
        source: message.into(),
    })
}
