//! The one error type of this crate.

/// Why a file operation failed.
///
/// The `Display` text is Bahasa Indonesia. For the user-caused variants
/// ([`FilesError::is_user_error`]) it is written for the person who uploaded the file and can be
/// shown as it is; for the others the server should show a generic message and log the error
/// with its `source()` chain.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FilesError {
    /// The upload had no bytes at all.
    #[error("Berkas kosong.")]
    Empty,
    /// The upload passed the size cap; reading stopped at the first chunk past it.
    #[error("Berkas melebihi batas {}.", megabytes(*limit))]
    TooLarge {
        /// The cap in bytes.
        limit: u64,
    },
    /// The first bytes are not those of an allowed kind of file (or a text file's or an office
    /// document's name does not agree with what the bytes are).
    #[error(
        "Jenis berkas tidak diizinkan: hanya PDF, gambar (PNG, JPEG, GIF, WebP), dokumen \
         perkantoran, dan teks atau CSV."
    )]
    TypeNotAllowed {
        /// What the bytes look like, in English, for logs and tests (e.g. "ELF executable").
        detected: &'static str,
    },
    /// The client's stream failed before the end (connection dropped, multipart error).
    #[error("Unggahan terputus; tidak ada yang disimpan.")]
    Interrupted(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A content hash that is not 64 lowercase hexadecimal characters.
    #[error("Kode berkas tidak sah.")]
    InvalidHash,
    /// No object is stored under that hash.
    #[error("Berkas tidak ditemukan.")]
    NotFound,
    /// The configuration cannot be used (say, a directory that cannot be created).
    #[error("Konfigurasi penyimpanan berkas tidak sah: {0}")]
    Config(String),
    /// The storage backend failed (disk, network, permissions): not the user's doing.
    #[error("Penyimpanan berkas sedang bermasalah; silakan coba lagi nanti.")]
    Storage(#[source] object_store::Error),
}

impl FilesError {
    /// Whether the user caused this error (and can fix it), so that its message is for them:
    /// an empty, too large, not allowed or interrupted upload, a malformed hash or a missing file.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Self::Empty
                | Self::TooLarge { .. }
                | Self::TypeNotAllowed { .. }
                | Self::Interrupted(_)
                | Self::InvalidHash
                | Self::NotFound
        )
    }
}

impl From<object_store::Error> for FilesError {
    fn from(e: object_store::Error) -> Self {
        match e {
            object_store::Error::NotFound { .. } => Self::NotFound,
            e => Self::Storage(e),
        }
    }
}

/// `limit` in MB (1 MB = 1024 × 1024 bytes, as file managers count), Indonesian style:
/// "50 MB", "1,5 MB".
pub(crate) fn megabytes(limit: u64) -> String {
    const MB: u64 = 1024 * 1024;
    let tenths = limit.saturating_mul(10).div_ceil(MB);
    match tenths % 10 {
        0 => format!("{} MB", tenths / 10),
        d => format!("{},{d} MB", tenths / 10),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn megabytes_are_written_the_indonesian_way() {
        assert_eq!(megabytes(50 * 1024 * 1024), "50 MB");
        assert_eq!(megabytes(3 * 1024 * 1024 / 2), "1,5 MB");
        assert_eq!(megabytes(1), "0,1 MB");
    }
}
