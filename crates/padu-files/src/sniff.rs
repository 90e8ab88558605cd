//! What a file is, from its first bytes (never from what the client claims).
//!
//! Binary formats are recognised by their magic numbers. Where the magic is shared by many
//! formats (ZIP, OLE2) the file name's extension must name an office document, and for ZIP the
//! first entry must agree with it: `mimetype` holding the OpenDocument type for odt/ods/odp, an
//! Office Open XML part (`[Content_Types].xml`, `_rels/`, `docProps/`, `word/`, `xl/`, `ppt/`)
//! for docx/xlsx/pptx, and `word/`, `xl/` or `ppt/` only for its own extension. Text is allowed
//! only for `.txt` and `.csv`, only when the first block is valid UTF-8 without control
//! characters, and never when it starts with markup (`<`: HTML, SVG, XML).

use crate::FilesError;

/// How many leading bytes are looked at (and must be valid UTF-8 for a text file).
pub(crate) const SNIFF_LEN: usize = 8 * 1024;

/// The MIME type of an allowed file whose first bytes are `head` (at most [`SNIFF_LEN`]).
/// `complete` says whether `head` is the whole file.
pub(crate) fn content_type(
    head: &[u8],
    complete: bool,
    file_name: &str,
) -> Result<&'static str, FilesError> {
    let ext = extension(file_name);
    let refuse = |detected| Err(FilesError::TypeNotAllowed { detected });
    if head.starts_with(b"%PDF-") {
        return Ok("application/pdf");
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok("image/png");
    }
    if head.starts_with(b"\xff\xd8\xff") {
        return Ok("image/jpeg");
    }
    if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        return Ok("image/gif");
    }
    if head.len() >= 12 && head.starts_with(b"RIFF") && &head[8..12] == b"WEBP" {
        return Ok("image/webp");
    }
    if head.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        return match ext.as_str() {
            "doc" => Ok("application/msword"),
            "xls" => Ok("application/vnd.ms-excel"),
            "ppt" => Ok("application/vnd.ms-powerpoint"),
            _ => refuse("OLE2 compound file without a .doc/.xls/.ppt name"),
        };
    }
    if head.starts_with(b"PK\x03\x04") {
        return zip_document(head, &ext).map_or_else(|| refuse("ZIP archive"), Ok);
    }
    if let Some(detected) = known_refused(head) {
        return refuse(detected);
    }
    match ext.as_str() {
        "txt" | "csv" if is_plain_text(head, complete) => Ok(if ext == "csv" {
            "text/csv; charset=utf-8"
        } else {
            "text/plain; charset=utf-8"
        }),
        "txt" | "csv" => refuse("not plain UTF-8 text"),
        _ => refuse("unknown"),
    }
}

/// The lowercase extension of the last path component of `file_name` ("" without one).
fn extension(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// An office document inside a ZIP, judged by its first entry and the extension.
fn zip_document(head: &[u8], ext: &str) -> Option<&'static str> {
    let (name, content) = first_zip_entry(head)?;
    if name == b"mimetype" {
        let mime = match ext {
            "odt" => ODT,
            "ods" => ODS,
            "odp" => ODP,
            _ => return None,
        };
        return content.starts_with(mime.as_bytes()).then_some(mime);
    }
    let (own_prefix, mime) = match ext {
        "docx" => (&b"word/"[..], DOCX),
        "xlsx" => (&b"xl/"[..], XLSX),
        "pptx" => (&b"ppt/"[..], PPTX),
        _ => return None,
    };
    let shared = [
        &b"[Content_Types].xml"[..],
        b"_rels/",
        b"docProps/",
        b"customXml/",
    ];
    let ok = name.starts_with(own_prefix) || shared.iter().any(|p| name.starts_with(p));
    ok.then_some(mime)
}

const ODT: &str = "application/vnd.oasis.opendocument.text";
const ODS: &str = "application/vnd.oasis.opendocument.spreadsheet";
const ODP: &str = "application/vnd.oasis.opendocument.presentation";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const PPTX: &str = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

/// The first local file header's name, and the bytes that follow the header within `head`
/// (the entry's data when it is stored uncompressed, as an OpenDocument's `mimetype` must be).
fn first_zip_entry(head: &[u8]) -> Option<(&[u8], &[u8])> {
    let u16_at = |i: usize| {
        let bytes = head.get(i..i + 2)?;
        Some(usize::from(u16::from_le_bytes([bytes[0], bytes[1]])))
    };
    let name_len = u16_at(26)?;
    let extra_len = u16_at(28)?;
    let name = head.get(30..30 + name_len)?;
    let data = head.get(30 + name_len + extra_len..).unwrap_or_default();
    Some((name, data))
}

/// Formats worth naming in a refusal (for logs and tests).
fn known_refused(head: &[u8]) -> Option<&'static str> {
    const KNOWN: [(&[u8], &str); 6] = [
        (b"\x7fELF", "ELF executable"),
        (b"MZ", "Windows executable"),
        (b"#!", "script"),
        (b"\x1f\x8b", "gzip archive"),
        (b"Rar!", "RAR archive"),
        (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    ];
    if let Some((_, name)) = KNOWN.iter().find(|(magic, _)| head.starts_with(magic)) {
        return Some(name);
    }
    let text = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let first = text.iter().find(|b| !b.is_ascii_whitespace());
    (first == Some(&b'<')).then_some("markup (HTML, SVG or XML)")
}

/// Valid UTF-8 (a character cut off at the end of an incomplete block is fine) with no control
/// characters but tab, line feed, carriage return and form feed.
fn is_plain_text(head: &[u8], complete: bool) -> bool {
    let valid = match std::str::from_utf8(head) {
        Ok(s) => s,
        Err(e) if !complete && e.error_len().is_none() => {
            // Only the last character is cut off: check everything before it.
            match std::str::from_utf8(&head[..e.valid_up_to()]) {
                Ok(s) => s,
                Err(_) => return false,
            }
        }
        Err(_) => return false,
    };
    !valid
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_come_from_the_last_component_only() {
        assert_eq!(extension("Laporan.PDF"), "pdf");
        assert_eq!(extension(r"C:\fakepath\data.csv"), "csv");
        assert_eq!(extension("dir.txt/noext"), "");
        assert_eq!(extension(".csv"), "");
    }

    #[test]
    fn a_character_cut_at_the_block_end_is_still_text() {
        let mut head = "rekap;nilai\n".repeat(10).into_bytes();
        head.extend_from_slice(&"é".as_bytes()[..1]);
        assert!(is_plain_text(&head, false));
        assert!(!is_plain_text(&head, true));
        assert!(!is_plain_text(b"a\x00b", true));
    }
}
