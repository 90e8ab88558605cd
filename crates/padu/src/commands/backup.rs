//! `padu backup FILE` and `padu restore FILE`: the database's tables (one consistent snapshot,
//! taken while the server keeps serving) and the evidence files they refer to, in a directory
//! archive that restores into SQLite or PostgreSQL alike (see `padu_store::backup`).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};
use bytes::Bytes;
use futures_util::StreamExt as _;
use padu_files::{ContentHash, FileStore, FilesError};
use padu_store::Store;
use padu_store::backup::{self, FileEntry, Manifest};
use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt as _;

use super::server::{open_store, runtime};
use crate::config::{Config, redact};
use crate::say;

/// Writes the archive `target` (a new directory). It is assembled under `<target>.partial` and
/// renamed at the end, so a directory named `target` is always a whole archive.
pub fn backup(config: &Config, target: &Path) -> Result<()> {
    if target.exists() {
        bail!(
            "{} sudah ada: pilih nama cadangan baru (cadangan lama tidak pernah ditimpa)",
            target.display()
        );
    }
    let partial = partial_path(target)?;
    if partial.exists() {
        std::fs::remove_dir_all(&partial).with_context(|| {
            format!(
                "Sisa cadangan gagal {} tidak dapat dihapus",
                partial.display()
            )
        })?;
    }
    std::fs::create_dir_all(partial.join("files"))
        .with_context(|| format!("Direktori {} tidak dapat dibuat", partial.display()))?;
    let started = Instant::now();
    let manifest = runtime()?.block_on(async {
        let url = config.database_url();
        // No migration: a backup never changes the database it reads.
        let store = Store::connect(&url, None)
            .await
            .with_context(|| format!("Basis data {} tidak dapat dibuka", redact(&url)))?;
        let files = FileStore::new(&config.files())
            .context("Penyimpanan bukti dukung tidak dapat dibuka")?;
        let manifest = store
            .export_tables(&partial)
            .await
            .context("Tabel tidak dapat dicadangkan")?;
        store.close().await;
        for file in &manifest.files {
            copy_out(&files, file, &partial).await?;
        }
        backup::write_manifest(&partial, &manifest)?;
        Ok::<_, anyhow::Error>(manifest)
    })?;
    std::fs::rename(&partial, target).with_context(|| {
        format!(
            "{} tidak dapat dinamai {}",
            partial.display(),
            target.display()
        )
    })?;
    say!(
        "Cadangan {} dibuat dalam {:.1} detik: {} tabel, {} baris, {} berkas bukti, {} (skema {}).",
        target.display(),
        started.elapsed().as_secs_f64(),
        manifest.tables.len(),
        manifest.rows(),
        manifest.files.len(),
        human_size(archive_size(&manifest)),
        manifest.schema
    );
    Ok(())
}

/// Restores the archive `source` into the configured database and file store.
pub fn restore(config: &Config, source: &Path, force: bool) -> Result<()> {
    let started = Instant::now();
    // Every table and file is checked against the manifest before anything is written.
    let manifest = backup::verify_archive(source)
        .with_context(|| format!("Cadangan {} ditolak", source.display()))?;
    runtime()?.block_on(async {
        let store = open_store(config).await?;
        store
            .check_restorable(&manifest, force)
            .await
            .context("Pemulihan ditolak")?;
        // Files first: they are content-addressed, so storing one twice is harmless, and once the
        // rows commit every file they name is already there.
        let files = FileStore::new(&config.files())
            .context("Penyimpanan bukti dukung tidak dapat dibuka")?
            .with_max_size(u64::MAX);
        for file in &manifest.files {
            copy_in(&files, file, source).await?;
        }
        let rows = store
            .import_tables(source, &manifest, force)
            .await
            .context("Pemulihan gagal; basis data tidak berubah")?;
        let check = store.verify_audit().await?;
        store.close().await;
        if let Some((seq, reason)) = check.first_broken {
            bail!("Data dipulihkan, tetapi rantai audit rusak pada entri {seq}: {reason}");
        }
        say!(
            "Cadangan {} dipulihkan dalam {:.1} detik: {rows} baris, {} berkas bukti; rantai audit \
             utuh ({} entri).",
            source.display(),
            started.elapsed().as_secs_f64(),
            manifest.files.len(),
            check.entries
        );
        Ok(())
    })
}

fn partial_path(target: &Path) -> Result<PathBuf> {
    let name = target
        .file_name()
        .ok_or_else(|| anyhow!("{} bukan nama cadangan", target.display()))?;
    let mut partial = name.to_os_string();
    partial.push(".partial");
    Ok(target.with_file_name(partial))
}

/// Copies one stored evidence file into the archive, checking its SHA-256 on the way.
async fn copy_out(files: &FileStore, entry: &FileEntry, dir: &Path) -> Result<()> {
    let hash = ContentHash::parse(&entry.sha256)
        .map_err(|_| anyhow!("Bukti {} bernama SHA-256 tidak sah", entry.name))?;
    let download = match files.get(&hash).await {
        Ok(d) => d,
        Err(FilesError::NotFound) => bail!(
            "Berkas bukti {} ({}) tidak ada di penyimpanan: cadangan dibatalkan",
            entry.name,
            entry.sha256
        ),
        Err(e) => return Err(anyhow!(e).context(format!("Berkas bukti {}", entry.sha256))),
    };
    let path = backup::file_path(dir, &entry.sha256);
    let mut out = tokio::fs::File::create(&path)
        .await
        .with_context(|| format!("{} tidak dapat ditulis", path.display()))?;
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut stream = download.stream;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.with_context(|| format!("Berkas bukti {}", entry.sha256))?;
        hasher.update(&chunk);
        size += chunk.len() as u64;
        tokio::io::AsyncWriteExt::write_all(&mut out, &chunk)
            .await
            .with_context(|| format!("{} tidak dapat ditulis", path.display()))?;
    }
    out.sync_all()
        .await
        .with_context(|| format!("{} tidak dapat ditulis", path.display()))?;
    let sha256 = padu_core::audit::hex(&hasher.finalize());
    if sha256 != entry.sha256 || size != entry.size {
        bail!(
            "Berkas bukti {} di penyimpanan rusak (SHA-256 {sha256}, {size} bita): cadangan \
             dibatalkan",
            entry.sha256
        );
    }
    Ok(())
}

/// Stores one archived evidence file again, and checks it lands under the same hash.
async fn copy_in(files: &FileStore, entry: &FileEntry, dir: &Path) -> Result<()> {
    let path = backup::file_path(dir, &entry.sha256);
    let file = tokio::fs::File::open(&path)
        .await
        .with_context(|| format!("{} tidak dapat dibaca", path.display()))?;
    let chunks = futures_util::stream::try_unfold(file, |mut file| async move {
        let mut buf = vec![0u8; 256 * 1024];
        let n = file.read(&mut buf).await?;
        if n == 0 {
            return Ok::<_, std::io::Error>(None);
        }
        buf.truncate(n);
        Ok(Some((Bytes::from(buf), file)))
    });
    let stored = files
        .put(&entry.name, chunks)
        .await
        .with_context(|| format!("Berkas bukti {} tidak dapat disimpan", entry.sha256))?;
    if stored.sha256.as_str() != entry.sha256 {
        bail!(
            "Berkas bukti {} tersimpan dengan SHA-256 lain ({})",
            entry.sha256,
            stored.sha256
        );
    }
    Ok(())
}

fn archive_size(manifest: &Manifest) -> u64 {
    manifest.tables.iter().map(|t| t.bytes).sum::<u64>()
        + manifest.files.iter().map(|f| f.size).sum::<u64>()
}

fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}
