//! The evidence upload path without a server: the request's `Content-Type` and body go through
//! multer exactly as axum's `Multipart` extractor does (`multer::parse_boundary`, then
//! `multer::Multipart::new` over the body's chunks), each field as the upload handler treats it:
//! the file name cleaned by `clean_file_name`, the bytes streamed into the file store (sniffed,
//! hashed, capped at 16 KiB here), the other fields read as text.
//!
//! Input: the `Content-Type` value, a newline, then the body. Checked, besides "no panic": a
//! cleaned name has no path or control characters, is not empty and is at most 200 characters;
//! a stored file is within the cap and its bytes come back; whatever happens, no temporary
//! object is left in the store.
#![no_main]

use std::sync::OnceLock;
use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt;
use libfuzzer_sys::fuzz_target;
use padu_files::{FileStore, FilesConfig};
use padu_app::evaluation::evidence::clean_file_name;
use tokio::runtime::Runtime;

const CAP: u64 = 16 * 1024;

fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a Tokio runtime")
    })
}

fn check_name(raw: &str) -> String {
    let name = clean_file_name(raw);
    assert!(!name.is_empty(), "empty name from {raw:?}");
    assert!(name.chars().count() <= 200, "long name from {raw:?}");
    assert!(
        !name.contains(['/', '\\']) && !name.chars().any(char::is_control),
        "path or control characters kept: {name:?} from {raw:?}"
    );
    assert!(!name.starts_with('.'), "dot file {name:?} from {raw:?}");
    assert_eq!(name, name.trim(), "untrimmed {name:?} from {raw:?}");
    name
}

async fn upload(content_type: &str, body: Vec<Bytes>) {
    let store = FileStore::new(&FilesConfig::Memory)
        .expect("memory store")
        .with_max_size(CAP);
    let Ok(boundary) = multer::parse_boundary(content_type) else {
        return;
    };
    let stream = futures_util::stream::iter(body.into_iter().map(Ok::<_, std::io::Error>));
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut stored = 0;
    while let Ok(Some(field)) = multipart.next_field().await {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" && stored == 0 {
            let file_name = check_name(field.file_name().unwrap_or("berkas"));
            stored += 1;
            match store.put(&file_name, field).await {
                Ok(file) => {
                    assert!(file.size > 0 && file.size <= CAP, "size {}", file.size);
                    let download = store.get(&file.sha256).await.expect("stored file");
                    assert_eq!(download.size, file.size);
                    let mut read = 0u64;
                    let mut chunks = download.stream;
                    while let Some(chunk) = chunks.next().await {
                        read += chunk.expect("stored bytes").len() as u64;
                    }
                    assert_eq!(read, file.size);
                }
                Err(_) => break,
            }
        } else {
            if let Some(file_name) = field.file_name() {
                check_name(file_name);
            }
            if field.text().await.is_err() {
                break;
            }
        }
    }
    let left = store
        .sweep_temporaries(Duration::ZERO)
        .await
        .expect("sweep");
    assert_eq!(left, 0, "an upload left a temporary object behind");
}

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let Ok(content_type) = std::str::from_utf8(&data[..split]) else {
        return;
    };
    check_name(content_type);
    let body = data.get(split + 1..).unwrap_or_default();
    // The body arrives in chunks of a size picked from the input, as from a network.
    let size = 1 + (data.len() * 131 + usize::from(data.last().copied().unwrap_or(0))) % 2048;
    let chunks = body.chunks(size).map(Bytes::copy_from_slice).collect();
    runtime().block_on(upload(content_type, chunks));
});
