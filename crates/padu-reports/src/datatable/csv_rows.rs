//! The rows of a CSV file, streamed: the separator (`,`, `;` or tab) is the one the first line
//! uses most (outside quotes), a UTF-8 byte-order mark is dropped, quoted cells may hold
//! separators and line breaks. A row that is not UTF-8 text comes back as an error with its row
//! number, and reading goes on.

use std::io::{Chain, Cursor, Read};

use csv::{ByteRecord, Reader, ReaderBuilder};

use super::TableError;

/// How much of the start of the file is looked at to choose the separator.
const SNIFF_BYTES: usize = 64 * 1024;

/// A data row `(row number, cells)`, or a row that cannot be read `(row number, why)`.
pub type CsvRow = Result<(u64, Vec<String>), (u64, String)>;

/// A CSV file's rows: [`CsvRows::header`] first, then the data rows as `(row number, cells)`,
/// or `(row number, why)` for a row that cannot be read.
#[derive(Debug)]
pub struct CsvRows<R: Read> {
    reader: Reader<Chain<Cursor<Vec<u8>>, R>>,
    record: ByteRecord,
    failed: Option<String>,
    done: bool,
}

fn separator(start: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in start {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [b',', b';', b'\t'];
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    seps[best]
}

/// Reads `input` as CSV (see the module's notes).
pub fn csv_rows<R: Read>(mut input: R) -> CsvRows<R> {
    let mut start = Vec::with_capacity(4096);
    let failed = (&mut input)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut start)
        .err()
        .map(|e| e.to_string());
    if start.starts_with(b"\xef\xbb\xbf") {
        start.drain(..3);
    }
    let sep = separator(&start);
    let reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep)
        .from_reader(Cursor::new(start).chain(input));
    CsvRows {
        reader,
        record: ByteRecord::new(),
        failed,
        done: false,
    }
}

impl<R: Read> CsvRows<R> {
    fn next_record(&mut self) -> Option<CsvRow> {
        if self.done {
            return None;
        }
        if let Some(why) = self.failed.take() {
            self.done = true;
            return Some(Err((0, why)));
        }
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => {
                self.done = true;
                None
            }
            Ok(true) => {
                let row = self.record.position().map_or(0, |p| p.line());
                let cells: Result<Vec<String>, _> = self
                    .record
                    .iter()
                    .map(|c| std::str::from_utf8(c).map(str::to_string))
                    .collect();
                Some(cells.map(|c| (row, c)).map_err(|_| {
                    (
                        row,
                        "bukan teks UTF-8; simpan berkas sebagai CSV UTF-8".to_string(),
                    )
                }))
            }
            Err(e) => {
                self.done = true;
                let row = e.position().map_or(0, |p| p.line());
                Some(Err((row, e.to_string())))
            }
        }
    }

    /// The header row: the first row that is not empty.
    pub fn header(&mut self) -> Result<Vec<String>, TableError> {
        loop {
            match self.next_record() {
                None => return Err(TableError::NoHeader),
                Some(Ok((_, cells))) if cells.iter().all(|c| c.trim().is_empty()) => {}
                Some(Ok((_, cells))) => return Ok(cells),
                Some(Err((_, why))) => {
                    return Err(TableError::Unreadable(format!(
                        "Baris judul berkas CSV tidak dapat dibaca: {why}."
                    )));
                }
            }
        }
    }
}

impl<R: Read> Iterator for CsvRows<R> {
    type Item = CsvRow;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_record()
    }
}
