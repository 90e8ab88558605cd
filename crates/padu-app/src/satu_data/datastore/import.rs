//! Uploading a CSV or XLSX file as a resource (a new one, or a new version of one): the bytes go
//! to the files store like evidence, then are read twice from it, streamed, never whole (XLSX:
//! whole, at most 20 MB): first to infer the columns' types and report the bad rows and columns
//! (`padu_reports::datatable::Scan`), then to insert the typed rows in batches of
//! [`BATCH_ROWS`] into a new row table; only then is the version recorded. A refused upload
//! leaves nothing behind: the table is dropped and a newly stored file removed.

use std::io::{self, Read};

use bytes::Bytes;
use futures_util::StreamExt;
use padu_core::access::Action;
use padu_core::satu_data::table::{Cell, TableColumn};
use padu_files::{ContentHash, Stored};
use padu_reports::datatable::{
    FileKind, Scan, TableError, TableShape, csv_rows, typed_row, xlsx_rows,
};
use padu_store::Instansi;
use padu_store::satu_data::{
    Dataset, DatastoreLoad, DatastoreVersion, NewResource, NewVersion, Resource,
};
use tokio::sync::mpsc;

use super::super::dataset_for;
use super::super::datasets::status_conflict;
use super::super::resources::RESOURCE;
use crate::evaluation::evidence::{clean_file_name, files_error};
use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::Caller;
use crate::kit::validate::{clean_paragraphs, clean_text};

/// Rows per insert batch.
pub const BATCH_ROWS: usize = 1000;

/// What comes with the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UploadInput {
    /// The resource's name (the file name when empty, on a new resource).
    pub name: Option<String>,
    pub description: Option<String>,
}

/// The dataset a file may be uploaded to (the caller edits it, it may be edited now, and the
/// resource, when given, is its own), asked before a byte is stored.
pub async fn check_upload(
    app: &App,
    caller: &Caller,
    key: &str,
    resource_id: Option<i64>,
) -> Result<(Dataset, Instansi), AppError> {
    let (ds, inst) = dataset_for(app, caller, key, Action::EditDataset).await?;
    if let Some(id) = resource_id
        && !ds.resources.iter().any(|r| r.id == id)
    {
        return Err(AppError::NotFound(RESOURCE));
    }
    if !ds.status.may_edit() {
        return Err(status_conflict(&ds, "diubah"));
    }
    Ok((ds, inst))
}

/// The format of an upload, by its name, else by what the file store found in it.
pub fn kind_of(file_name: &str, stored: &Stored) -> Result<FileKind, AppError> {
    FileKind::of_name(file_name)
        .or_else(|| {
            if stored.content_type.starts_with("text/") {
                Some(FileKind::Csv)
            } else if stored.content_type.contains("spreadsheetml") {
                Some(FileKind::Xlsx)
            } else {
                None
            }
        })
        .ok_or_else(|| {
            AppError::field(
                "upload",
                "Hanya berkas CSV atau XLSX yang dapat dijadikan tabel data",
            )
        })
}

/// Removes a file this upload newly stored, when the upload is refused.
pub async fn discard(app: &App, stored: &Stored) {
    if !stored.deduplicated
        && let Err(e) = app.files.delete(&stored.sha256).await
    {
        tracing::warn!(error = %e, "could not remove the file of a refused upload");
    }
}

/// A blocking reader over a channel of chunks (the file store's stream, pumped by a task).
struct ChannelReader {
    rx: mpsc::Receiver<io::Result<Bytes>>,
    cur: Bytes,
}

impl Read for ChannelReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.cur.is_empty() {
            match self.rx.blocking_recv() {
                Some(Ok(b)) => self.cur = b,
                Some(Err(e)) => return Err(e),
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.cur.len());
        buf[..n].copy_from_slice(&self.cur[..n]);
        self.cur = self.cur.slice(n..);
        Ok(n)
    }
}

/// Runs `work` on a blocking thread over the stored file's bytes, streamed.
async fn over_file<T, F>(app: &App, hash: &ContentHash, work: F) -> Result<T, AppError>
where
    F: FnOnce(ChannelReader) -> T + Send + 'static,
    T: Send + 'static,
{
    let download = app.files.get(hash).await.map_err(files_error)?;
    let (tx, rx) = mpsc::channel(8);
    let pump = async move {
        let mut stream = download.stream;
        while let Some(chunk) = stream.next().await {
            let item = chunk.map_err(|e| io::Error::other(e.to_string()));
            let failed = item.is_err();
            if tx.send(item).await.is_err() || failed {
                break;
            }
        }
    };
    let task = tokio::task::spawn_blocking(move || {
        work(ChannelReader {
            rx,
            cur: Bytes::new(),
        })
    });
    let ((), out) = tokio::join!(pump, task);
    out.map_err(|e| AppError::Internal(format!("table reader: {e}")))
}

fn table_error(e: TableError) -> AppError {
    AppError::field("upload", e.to_string())
}

/// The first pass: the columns, the row count, the problems.
async fn scan(app: &App, hash: &ContentHash, kind: FileKind) -> Result<TableShape, AppError> {
    over_file(
        app,
        hash,
        move |mut input| -> Result<TableShape, TableError> {
            match kind {
                FileKind::Csv => {
                    let mut rows = csv_rows(input);
                    let mut scan = Scan::new(&rows.header()?)?;
                    for row in rows {
                        match row {
                            Ok((n, cells)) => scan.push(n, &cells),
                            Err((n, why)) => scan.unreadable(n, &why),
                        }
                    }
                    Ok(scan.finish())
                }
                FileKind::Xlsx => {
                    let mut bytes = Vec::new();
                    input
                        .read_to_end(&mut bytes)
                        .map_err(|e| TableError::Unreadable(e.to_string()))?;
                    let rows = xlsx_rows(&bytes)?;
                    let mut iter = rows
                        .iter()
                        .skip_while(|(_, r)| r.iter().all(|c| c.trim().is_empty()));
                    let (_, header) = iter.next().ok_or(TableError::NoHeader)?;
                    let mut scan = Scan::new(header)?;
                    for (n, cells) in iter {
                        scan.push(*n, cells);
                    }
                    Ok(scan.finish())
                }
            }
        },
    )
    .await?
    .map_err(table_error)
}

/// The second pass: the typed rows into `load`, in batches.
async fn fill(
    app: &App,
    hash: &ContentHash,
    kind: FileKind,
    columns: &[TableColumn],
    load: &mut DatastoreLoad,
) -> Result<(), AppError> {
    let (tx, mut rx) = mpsc::channel::<Vec<Vec<Cell>>>(4);
    let cols = columns.to_vec();
    let parse = over_file(app, hash, move |mut input| -> Result<(), TableError> {
        let mut batch = Vec::with_capacity(BATCH_ROWS);
        let send = |row: Option<Vec<Cell>>, batch: &mut Vec<Vec<Cell>>| -> bool {
            if let Some(row) = row {
                batch.push(row);
            }
            if batch.len() >= BATCH_ROWS {
                let full = std::mem::replace(batch, Vec::with_capacity(BATCH_ROWS));
                return tx.blocking_send(full).is_ok();
            }
            true
        };
        match kind {
            FileKind::Csv => {
                let mut rows = csv_rows(input);
                rows.header()?;
                for (_, cells) in rows.flatten() {
                    if !send(typed_row(&cols, &cells), &mut batch) {
                        return Ok(());
                    }
                }
            }
            FileKind::Xlsx => {
                let mut bytes = Vec::new();
                input
                    .read_to_end(&mut bytes)
                    .map_err(|e| TableError::Unreadable(e.to_string()))?;
                let rows = xlsx_rows(&bytes)?;
                let mut iter = rows
                    .iter()
                    .skip_while(|(_, r)| r.iter().all(|c| c.trim().is_empty()));
                iter.next();
                for (_, cells) in iter {
                    if !send(typed_row(&cols, cells), &mut batch) {
                        return Ok(());
                    }
                }
            }
        }
        if !batch.is_empty() {
            let _ = tx.blocking_send(batch);
        }
        Ok(())
    });
    let insert = async {
        while let Some(batch) = rx.recv().await {
            load.insert(columns, &batch).await?;
        }
        Ok::<(), AppError>(())
    };
    let (parsed, inserted) = tokio::join!(parse, insert);
    inserted?;
    parsed?.map_err(table_error)
}

fn resource_values(
    base: Option<&Resource>,
    input: &UploadInput,
    file_name: &str,
    kind: FileKind,
) -> Result<NewResource, AppError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let name = match (&input.name, base) {
        (Some(n), _) => clean_text("name", "Nama", n, 0, 200, &mut errors),
        (None, Some(b)) => b.name.clone(),
        (None, None) => String::new(),
    };
    let description = match (&input.description, base) {
        (Some(d), _) => clean_paragraphs("description", "Deskripsi", d, 0, 5000, &mut errors),
        (None, Some(b)) => b.description.clone(),
        (None, None) => String::new(),
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    Ok(NewResource {
        name: if name.is_empty() {
            file_name.to_string()
        } else {
            name
        },
        url: String::new(),
        format: kind.code().to_string(),
        description,
    })
}

/// Reads a stored file into a new version of resource `resource_id` of `ds` (a new resource when
/// `None`), after [`check_upload`]. On any refusal nothing stays: call [`discard`] for the file.
pub async fn import(
    app: &App,
    caller: &Caller,
    (ds, inst): (&Dataset, &Instansi),
    resource_id: Option<i64>,
    input: &UploadInput,
    file_name: &str,
    stored: &Stored,
) -> Result<(Resource, DatastoreVersion), AppError> {
    let file_name = clean_file_name(file_name);
    let kind = kind_of(&file_name, stored)?;
    let base = resource_id.and_then(|id| ds.resources.iter().find(|r| r.id == id));
    let values = resource_values(base, input, &file_name, kind)?;
    let shape = scan(app, &stored.sha256, kind).await?;
    let mut load = app
        .store
        .datastore_load(stored.sha256.as_str(), &shape.columns)
        .await?;
    let url_prefix = format!(
        "{}/data/{}/dataset/{}/resource/",
        app.settings.public_url.trim_end_matches('/'),
        inst.slug,
        ds.id
    );
    let new = NewVersion {
        url_prefix,
        file_name: file_name.clone(),
        format: kind.code().to_string(),
        sha256: stored.sha256.as_str().to_string(),
        size: i64::try_from(stored.size).unwrap_or(i64::MAX),
        content_type: stored.content_type.to_string(),
        columns: shape.columns.clone(),
        problems: shape.problems.clone(),
        problems_omitted: i64::try_from(shape.problems_omitted).unwrap_or(i64::MAX),
    };
    let done = async {
        fill(app, &stored.sha256, kind, &shape.columns, &mut load).await?;
        load.finish().await?;
        Ok::<_, AppError>(
            app.store
                .record_datastore_version(&caller.who(), ds.id, resource_id, &values, &load, &new)
                .await?,
        )
    }
    .await;
    match done {
        Ok(made) => Ok(made),
        Err(e) => {
            load.abandon().await;
            Err(e)
        }
    }
}

/// Fills again, from their files, the row tables a restored database lacks (a backup holds the
/// versions and their files, not the tables derived from them); the number rebuilt. A table
/// that cannot be rebuilt is left out and logged, and the others still are.
pub async fn rebuild_missing_tables(app: &App) -> Result<usize, AppError> {
    let missing = app.store.datastore_versions_without_table().await?;
    let mut rebuilt = 0;
    for v in &missing {
        let kind = FileKind::of_name(&v.file_name).unwrap_or(if v.format == "XLSX" {
            FileKind::Xlsx
        } else {
            FileKind::Csv
        });
        let Ok(hash) = ContentHash::parse(&v.sha256) else {
            tracing::warn!(table = %v.table_name, "DataStore version names no valid SHA-256");
            continue;
        };
        let mut load = app.store.datastore_reload(v).await?;
        let done = async {
            fill(app, &hash, kind, &v.columns, &mut load).await?;
            load.finish().await?;
            Ok::<_, AppError>(())
        }
        .await;
        match done {
            Ok(()) if load.rows() == v.row_count => rebuilt += 1,
            Ok(()) => {
                tracing::warn!(table = %v.table_name, rows = load.rows(), recorded = v.row_count,
                    "a rebuilt DataStore table does not have its recorded row count");
                load.abandon().await;
            }
            Err(e) => {
                tracing::warn!(table = %v.table_name, error = ?e, "a DataStore table could not be rebuilt");
                load.abandon().await;
            }
        }
    }
    Ok(rebuilt)
}
