//! Which kinds of file are accepted, judged from their bytes (local backend: the judgement
//! comes before any storage, so it is the same on every backend).

use padu_files::FilesError;

use crate::support::{self, whole};

/// A ZIP file's first local header for an entry stored uncompressed, with its data.
fn zip(first_entry: &str, data: &[u8]) -> Vec<u8> {
    let mut z = b"PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00".to_vec();
    z.extend_from_slice(&[0; 4]); // crc-32 (not checked)
    let len = u32::try_from(data.len()).expect("small").to_le_bytes();
    z.extend_from_slice(&len);
    z.extend_from_slice(&len);
    z.extend_from_slice(
        &u16::try_from(first_entry.len())
            .expect("short")
            .to_le_bytes(),
    );
    z.extend_from_slice(&[0, 0]); // no extra field
    z.extend_from_slice(first_entry.as_bytes());
    z.extend_from_slice(data);
    z.extend_from_slice(b"PK\x03\x04 and the rest of the archive");
    z
}

const OLE2: &[u8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0";

#[tokio::test]
async fn allowed_kinds_are_recognised_by_their_bytes() {
    let h = support::local();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("surat.pdf", b"%PDF-1.7\n...".to_vec(), "application/pdf"),
        // The bytes decide, not the name.
        ("foto.jpg", b"\x89PNG\r\n\x1a\n....".to_vec(), "image/png"),
        (
            "foto.jpeg",
            b"\xff\xd8\xff\xe0\0\x10JFIF".to_vec(),
            "image/jpeg",
        ),
        ("grafik.gif", b"GIF89a\x01\0\x01\0".to_vec(), "image/gif"),
        (
            "layar.webp",
            b"RIFF\x24\0\0\0WEBPVP8 ".to_vec(),
            "image/webp",
        ),
        ("sk.doc", OLE2.to_vec(), "application/msword"),
        ("rekap.XLS", OLE2.to_vec(), "application/vnd.ms-excel"),
        (
            "paparan.ppt",
            OLE2.to_vec(),
            "application/vnd.ms-powerpoint",
        ),
        (
            "sk.docx",
            zip("[Content_Types].xml", b"<?xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "rekap.xlsx",
            zip("xl/workbook.xml", b"<?xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "paparan.pptx",
            zip("_rels/.rels", b"<?xml"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (
            "sk.odt",
            zip("mimetype", b"application/vnd.oasis.opendocument.text"),
            "application/vnd.oasis.opendocument.text",
        ),
        (
            "rekap.ods",
            zip(
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        (
            "catatan.txt",
            "Catatan rapat: indikator 1–47 ✓\n".into(),
            "text/plain; charset=utf-8",
        ),
        (
            "nilai.csv",
            b"\xef\xbb\xbfindikator;level\r\n1;3\r\n".to_vec(),
            "text/csv; charset=utf-8",
        ),
    ];
    for (name, bytes, content_type) in cases {
        let stored = h.store.put(name, whole(bytes)).await;
        let stored = stored.unwrap_or_else(|e| panic!("{name} refused: {e:?}"));
        assert_eq!(stored.content_type, content_type, "{name}");
    }
}

#[tokio::test]
async fn text_is_judged_on_its_whole_first_block() {
    let h = support::local();
    // A multi-byte character cut at the 8 KiB boundary, in chunks of 1000 bytes.
    let mut text = "a".repeat(8 * 1024 - 1).into_bytes();
    text.extend_from_slice("é and more text\n".as_bytes());
    let chunks = text
        .chunks(1000)
        .map(|c| Ok::<_, std::io::Error>(bytes::Bytes::copy_from_slice(c)));
    let stored = h
        .store
        .put(
            "panjang.txt",
            futures_util::stream::iter(chunks.collect::<Vec<_>>()),
        )
        .await;
    assert_eq!(stored.expect("valid UTF-8").size, text.len() as u64);
    // Latin-1 after a clean start is not UTF-8.
    let latin1 = b"indikator;keterangan\n1;sudah dibahas di rapat k\xe9\n".to_vec();
    let err = h
        .store
        .put("nilai.csv", whole(latin1))
        .await
        .expect_err("must fail");
    assert!(matches!(
        err,
        FilesError::TypeNotAllowed {
            detected: "not plain UTF-8 text"
        }
    ));
}

#[tokio::test]
async fn other_kinds_and_disagreeing_names_are_refused() {
    let h = support::local();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "program.exe",
            b"MZ\x90\0\x03".to_vec(),
            "Windows executable",
        ),
        (
            "laporan.doc",
            b"MZ\x90\0\x03".to_vec(),
            "Windows executable",
        ),
        ("skrip.txt", b"#!/bin/sh\nrm -rf /\n".to_vec(), "script"),
        (
            "gambar.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec(),
            "markup (HTML, SVG or XML)",
        ),
        ("arsip.zip", zip("foo.txt", b"hello"), "ZIP archive"),
        (
            "rekap.xlsx",
            zip("word/document.xml", b"<?xml"),
            "ZIP archive",
        ),
        (
            "sk.docx",
            zip("mimetype", b"application/vnd.oasis.opendocument.text"),
            "ZIP archive",
        ),
        (
            "rekap.ods",
            zip("mimetype", b"application/vnd.oasis.opendocument.text"),
            "ZIP archive",
        ),
        (
            "paket.msi",
            OLE2.to_vec(),
            "OLE2 compound file without a .doc/.xls/.ppt name",
        ),
        ("biner.txt", b"abc\0def".to_vec(), "not plain UTF-8 text"),
        (
            "halaman.html",
            b"Plain words, but not a .txt or .csv".to_vec(),
            "unknown",
        ),
        ("tanpa-nama", b"plain words".to_vec(), "unknown"),
        ("arsip.pdf", b"\x1f\x8b\x08\0".to_vec(), "gzip archive"),
    ];
    for (name, bytes, detected) in cases {
        match h.store.put(name, whole(bytes)).await {
            Err(FilesError::TypeNotAllowed { detected: d }) => assert_eq!(d, detected, "{name}"),
            other => panic!("{name}: {other:?}"),
        }
    }
    h.assert_empty("refused uploads").await;
}
