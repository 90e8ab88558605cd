//! The temporary object an upload is written to: removed on every way out but publication,
//! including when the upload's future is dropped half-way.

use std::sync::Arc;

use bytes::Bytes;
use object_store::path::Path;
use object_store::{MultipartUpload, ObjectStore, ObjectStoreExt, PutPayloadMut};
use tokio::task::JoinHandle;

use crate::{FilesError, TMP_PREFIX, hash::to_hex};

type PartTask = JoinHandle<object_store::Result<()>>;

/// An object under `tmp/<random>` being written part by part.
///
/// Memory: at most one part is being filled and one is in flight, so an upload holds about two
/// part sizes whatever the file's size. A file smaller than one part is written with one `put`.
///
/// Dropped while armed (the upload failed or its future was dropped), it spawns a task that
/// aborts the unfinished multipart upload and deletes the object. Without a Tokio runtime it
/// cannot, and `FileStore::sweep_temporaries` is what removes the object later.
#[derive(Debug)]
pub(crate) struct TempObject {
    store: Arc<dyn ObjectStore>,
    path: Path,
    part_size: usize,
    buffer: PutPayloadMut,
    upload: Option<Box<dyn MultipartUpload>>,
    in_flight: Option<PartTask>,
    /// Whether something may exist in storage that is to be removed.
    armed: bool,
}

impl TempObject {
    /// A temporary object with a fresh random name; nothing is written yet.
    pub(crate) fn new(store: Arc<dyn ObjectStore>, part_size: usize) -> Result<Self, FilesError> {
        let mut random = [0u8; 16];
        getrandom::fill(&mut random).map_err(|e| {
            FilesError::Storage(object_store::Error::Generic {
                store: "padu-files",
                source: format!("no randomness for a temporary name: {e}").into(),
            })
        })?;
        Ok(Self {
            store,
            path: Path::from(format!("{TMP_PREFIX}/{}", to_hex(&random))),
            part_size: part_size.max(1),
            buffer: PutPayloadMut::new(),
            upload: None,
            in_flight: None,
            armed: true,
        })
    }

    /// Where the object is (complete once [`TempObject::finish`] returned).
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Appends `bytes`, sending a part whenever one is full.
    pub(crate) async fn write(&mut self, mut bytes: Bytes) -> Result<(), FilesError> {
        while !bytes.is_empty() {
            let room = self.part_size - self.buffer.content_length();
            if bytes.len() < room {
                self.buffer.push(bytes);
                return Ok(());
            }
            self.buffer.push(bytes.split_to(room));
            self.send_part().await?;
        }
        Ok(())
    }

    /// Sends the full buffer as the next part, after the previous part has arrived.
    async fn send_part(&mut self) -> Result<(), FilesError> {
        let payload = std::mem::take(&mut self.buffer).freeze();
        self.wait_in_flight().await?;
        let upload = match &mut self.upload {
            Some(upload) => upload,
            None => self
                .upload
                .insert(self.store.put_multipart(&self.path).await?),
        };
        self.in_flight = Some(tokio::spawn(upload.put_part(payload)));
        Ok(())
    }

    async fn wait_in_flight(&mut self) -> Result<(), FilesError> {
        if let Some(task) = self.in_flight.take() {
            task.await.map_err(|e| {
                FilesError::Storage(object_store::Error::Generic {
                    store: "padu-files",
                    source: Box::new(e),
                })
            })??;
        }
        Ok(())
    }

    /// Writes what is left; afterwards the whole file is at [`TempObject::path`].
    pub(crate) async fn finish(&mut self) -> Result<(), FilesError> {
        let payload = std::mem::take(&mut self.buffer).freeze();
        if self.upload.is_none() {
            self.store.put(&self.path, payload).await?;
            return Ok(());
        }
        self.wait_in_flight().await?;
        if let Some(upload) = &mut self.upload {
            if payload.content_length() > 0 {
                upload.put_part(payload).await?;
            }
            upload.complete().await?;
        }
        self.upload = None;
        Ok(())
    }

    /// The object has been moved away: nothing is left to remove.
    pub(crate) fn disarm(&mut self) {
        self.armed = false;
    }

    /// Removes the object and any unfinished upload now. Failures are logged, not returned:
    /// the caller is already reporting an error or a success, and a leftover is swept later.
    pub(crate) async fn remove(&mut self) {
        self.armed = false;
        let (task, upload) = (self.in_flight.take(), self.upload.take());
        cleanup(Arc::clone(&self.store), self.path.clone(), task, upload).await;
    }
}

impl Drop for TempObject {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        let (task, upload) = (self.in_flight.take(), self.upload.take());
        let (store, path) = (Arc::clone(&self.store), self.path.clone());
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                tracing::debug!(%path, "upload dropped half-way: removing its temporary object");
                drop(runtime.spawn(cleanup(store, path, task, upload)));
            }
            Err(_) => {
                tracing::warn!(%path, "no runtime to remove an abandoned upload: left for sweep_temporaries")
            }
        }
    }
}

async fn cleanup(
    store: Arc<dyn ObjectStore>,
    path: Path,
    task: Option<PartTask>,
    upload: Option<Box<dyn MultipartUpload>>,
) {
    if let Some(task) = task {
        task.abort();
        let _ = task.await;
    }
    if let Some(mut upload) = upload
        && let Err(e) = upload.abort().await
    {
        tracing::warn!(%path, error = %e, "could not abort an unfinished upload");
    }
    match store.delete(&path).await {
        Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
        Err(e) => tracing::warn!(%path, error = %e, "could not remove a temporary object"),
    }
}
