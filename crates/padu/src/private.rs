//! Padu's files are for the account that runs it alone: the database with its journal files,
//! the evidence, the backups (whose `users.jsonl` holds every password hash). Whatever umask the
//! operator's shell or service manager sets, every folder Padu makes is 0700 and every file
//! 0600; a data directory made before (or by hand) is brought to that when Padu opens it.

use std::io;
use std::path::Path;

/// From now on, whatever this process creates is readable by its owner only (umask 077).
/// Call it first thing in `main`, before any file is made.
#[cfg(unix)]
#[allow(unsafe_code)]
pub fn restrict_new_files() {
    // SAFETY: umask only sets the process's file-mode creation mask; it takes no pointers,
    // cannot fail, and is called at start-up before other threads exist.
    unsafe {
        libc::umask(0o077);
    }
}

#[cfg(not(unix))]
pub fn restrict_new_files() {}

/// Brings what Padu keeps in its data directory to the modes above: the directory itself, the
/// SQLite database with its journal files (`padu.db*`) and a local evidence directory with
/// everything under it. Nothing else there is touched (the data directory may be shared).
pub fn tighten_data(config: &crate::config::Config) -> io::Result<()> {
    let data = &config.data_dir;
    if !data.is_dir() {
        return Ok(());
    }
    tighten_one(data)?;
    for entry in std::fs::read_dir(data)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with("padu.db") {
            tighten(&entry.path())?;
        }
    }
    if let padu_files::FilesConfig::Local { dir } = config.files() {
        tighten(&dir)?;
    }
    Ok(())
}

/// Brings `dir` and everything under it to 0700 (folders) and 0600 (files); symbolic links are
/// neither followed nor changed. A missing `dir` is nothing to do.
#[cfg(unix)]
pub fn tighten(dir: &Path) -> io::Result<()> {
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    if meta.file_type().is_symlink() {
        return Ok(());
    }
    set_private(dir, &meta)?;
    if meta.is_dir() {
        for entry in std::fs::read_dir(dir)? {
            tighten(&entry?.path())?;
        }
    }
    Ok(())
}

/// `path` alone (not what is under it) to 0700 or 0600.
#[cfg(unix)]
fn tighten_one(path: &Path) -> io::Result<()> {
    let meta = std::fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() {
        return Ok(());
    }
    set_private(path, &meta)
}

#[cfg(unix)]
fn set_private(path: &Path, meta: &std::fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    let wanted = if meta.is_dir() { 0o700 } else { 0o600 };
    if meta.permissions().mode() & 0o777 != wanted {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(wanted))?;
    }
    Ok(())
}

#[cfg(not(unix))]
pub fn tighten(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(not(unix))]
fn tighten_one(_path: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).expect("meta").permissions().mode() & 0o777
    }

    #[test]
    fn a_readable_tree_is_made_private() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sub = dir.path().join("files").join("ab");
        std::fs::create_dir_all(&sub).expect("dirs");
        let file = sub.join("bukti");
        std::fs::write(&file, b"%PDF-").expect("file");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        tighten(dir.path()).expect("tighten");
        assert_eq!(mode(dir.path()), 0o700);
        assert_eq!(mode(&sub), 0o700);
        assert_eq!(mode(&file), 0o600);
        assert!(tighten(&dir.path().join("tidak-ada")).is_ok());
    }
}
