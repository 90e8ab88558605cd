//! Storing an upload: stream, sniff, hash, cap, then publish under its content hash.

use std::pin::pin;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use object_store::{ObjectStoreExt, path::Path};
use sha2::{Digest, Sha256};

use crate::sniff::{self, SNIFF_LEN};
use crate::temp::TempObject;
use crate::{ContentHash, FileStore, FilesError, Stored};

/// The client's error type, as the stream yields it.
type ClientError = Box<dyn std::error::Error + Send + Sync>;

impl FileStore {
    /// Stores the file that `stream` yields, chunk by chunk, under its SHA-256.
    ///
    /// `file_name` is the name the client gave; only its extension is used, to tell office
    /// documents and text files apart (the kind of file is judged from its first 8 KiB, see the
    /// crate documentation). The file is never held whole in memory: chunks go to a temporary
    /// object as they come (about two parts of 512 KiB on disk, 5 MiB on S3, are held at a time)
    /// while the hash is computed, and reading stops at the first chunk past the size cap.
    /// Finally the temporary object is moved to `sha256/ab/cd/<hex>`; if that key already holds
    /// the file, the temporary object is dropped and `deduplicated` is `true`.
    ///
    /// Every error leaves nothing behind: [`FilesError::Empty`], [`FilesError::TooLarge`],
    /// [`FilesError::TypeNotAllowed`], [`FilesError::Interrupted`] (the stream yielded an
    /// error) and [`FilesError::Storage`] remove the temporary object before returning, and a
    /// future dropped half-way spawns that removal.
    ///
    /// With axum, pass a multipart `Field` as it is: it yields `Result<Bytes, MultipartError>`.
    pub async fn put<S, E>(&self, file_name: &str, stream: S) -> Result<Stored, FilesError>
    where
        S: Stream<Item = Result<Bytes, E>> + Send,
        E: Into<ClientError>,
    {
        let mut stream = pin!(stream);
        let mut counted = Counted::new(self.max_size);

        // The first block, to judge the kind of file before anything is stored.
        let mut head = Vec::new();
        let mut ended = false;
        while counted.size < SNIFF_LEN as u64 {
            match next_chunk(&mut stream).await? {
                Some(chunk) => head.push(counted.take(chunk)?),
                None => {
                    ended = true;
                    break;
                }
            }
        }
        if counted.size == 0 {
            return Err(FilesError::Empty);
        }
        let mut first = Vec::with_capacity(SNIFF_LEN);
        for chunk in &head {
            let want = SNIFF_LEN - first.len();
            first.extend_from_slice(&chunk[..chunk.len().min(want)]);
        }
        let content_type = sniff::content_type(&first, ended, file_name)?;
        drop(first);

        let mut temp = TempObject::new(self.store.clone(), self.backend.part_size())?;
        let written = async {
            for chunk in head {
                temp.write(chunk).await?;
            }
            if !ended {
                while let Some(chunk) = next_chunk(&mut stream).await? {
                    temp.write(counted.take(chunk)?).await?;
                }
            }
            temp.finish().await?;
            let sha256 = ContentHash::from_digest(&std::mem::take(&mut counted.hasher).finalize());
            let deduplicated = self.publish(&mut temp, &sha256, counted.size).await?;
            Ok(Stored {
                sha256,
                size: counted.size,
                content_type,
                deduplicated,
            })
        }
        .await;
        if written.is_err() {
            temp.remove().await;
        }
        written
    }

    /// Moves the finished temporary object to the content-addressed key. Returns whether the key
    /// already held the file (then the temporary object is removed instead).
    async fn publish(
        &self,
        temp: &mut TempObject,
        sha256: &ContentHash,
        size: u64,
    ) -> Result<bool, FilesError> {
        let key = sha256.key();
        match self.store.head(&key).await {
            Ok(meta) if meta.size == size => {
                temp.remove().await;
                return Ok(true);
            }
            Ok(meta) => {
                // Same hash, other size: the stored copy is damaged. Replace it.
                tracing::warn!(%key, stored = meta.size, size, "replacing a damaged stored file");
                return self.replace(temp, &key).await.map(|()| false);
            }
            Err(object_store::Error::NotFound { .. }) => {}
            Err(e) => return Err(e.into()),
        }
        match self.store.rename_if_not_exists(temp.path(), &key).await {
            Ok(()) => {
                temp.disarm();
                Ok(false)
            }
            // Someone stored the same file in the meantime.
            Err(object_store::Error::AlreadyExists { .. }) => {
                temp.remove().await;
                Ok(true)
            }
            // S3 without a copy-if-not-exists mode: overwrite. The key names the content, so an
            // upload racing this one writes the same bytes.
            Err(
                object_store::Error::NotSupported { .. }
                | object_store::Error::NotImplemented { .. },
            ) => self.replace(temp, &key).await.map(|()| false),
            Err(e) => Err(e.into()),
        }
    }

    async fn replace(&self, temp: &mut TempObject, key: &Path) -> Result<(), FilesError> {
        self.store.rename(temp.path(), key).await?;
        temp.disarm();
        Ok(())
    }
}

/// The bytes seen so far: their count, capped, and their hash.
struct Counted {
    size: u64,
    max: u64,
    hasher: Sha256,
}

impl Counted {
    fn new(max: u64) -> Self {
        Self {
            size: 0,
            max,
            hasher: Sha256::new(),
        }
    }

    /// Counts and hashes `chunk`, or refuses it when it takes the file past the cap.
    fn take(&mut self, chunk: Bytes) -> Result<Bytes, FilesError> {
        self.size = self.size.saturating_add(chunk.len() as u64);
        if self.size > self.max {
            return Err(FilesError::TooLarge { limit: self.max });
        }
        self.hasher.update(&chunk);
        Ok(chunk)
    }
}

/// The next non-empty chunk, `None` at the end; a stream error is an interrupted upload.
async fn next_chunk<S, E>(stream: &mut std::pin::Pin<&mut S>) -> Result<Option<Bytes>, FilesError>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: Into<ClientError>,
{
    loop {
        match stream.next().await {
            None => return Ok(None),
            Some(Err(e)) => return Err(FilesError::Interrupted(e.into())),
            Some(Ok(chunk)) if chunk.is_empty() => {}
            Some(Ok(chunk)) => return Ok(Some(chunk)),
        }
    }
}
