//! The smallest typst `World` that makes our documents: one main source (the template compiled
//! into the binary), one virtual data file, the embedded fonts, a fixed "today". No packages,
//! no network, no file system: any other path is "not found".

use std::sync::Arc;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The template, compiled into the binary.
const TEMPLATE: &str = include_str!("report.typ");
/// Where the template reads its data from (`json("/data.json")`).
pub const DATA_PATH: &str = "/data.json";
const MAIN_PATH: &str = "/laporan.typ";

/// What every render shares: the standard library, the fonts and the parsed template. Built
/// once; immutable afterwards.
pub struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    data_id: FileId,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("fonts", &self.fonts.len())
            .field("template_bytes", &TEMPLATE.len())
            .finish_non_exhaustive()
    }
}

fn file_id(path: &str) -> Result<FileId, String> {
    let vpath = VirtualPath::new(path).map_err(|e| format!("jalur virtual {path}: {e:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl Shared {
    /// Loads the embedded fonts and parses the template.
    pub fn new() -> Result<Arc<Shared>, String> {
        let fonts: Vec<Font> = typst_kit::fonts::embedded().map(|(font, _)| font).collect();
        if fonts.is_empty() {
            return Err("tidak ada font tertanam".into());
        }
        let book = FontBook::from_fonts(&fonts);
        let main = Source::new(file_id(MAIN_PATH)?, TEMPLATE.to_string());
        Ok(Arc::new(Shared {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(book),
            fonts,
            main,
            data_id: file_id(DATA_PATH)?,
        }))
    }

    /// The world of one render: `data` is the JSON the template reads, `today` the date the
    /// template's `datetime.today()` gives.
    pub fn world(&self, data: Vec<u8>, today: Option<Datetime>) -> RenderWorld<'_> {
        RenderWorld {
            shared: self,
            data: Bytes::new(data),
            today,
        }
    }
}

/// One render's world.
pub struct RenderWorld<'a> {
    shared: &'a Shared,
    data: Bytes,
    today: Option<Datetime>,
}

impl World for RenderWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }

    fn main(&self) -> FileId {
        self.shared.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.shared.main.id() {
            Ok(self.shared.main.clone())
        } else if id == self.shared.data_id {
            Err(FileError::NotSource)
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.shared.data_id {
            Ok(self.data.clone())
        } else if id == self.shared.main.id() {
            Ok(Bytes::from_string(self.shared.main.text().to_string()))
        } else {
            Err(not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().trim_start_matches('/').into())
}

/// The date a report was made (ISO `yyyy-mm-dd`, by [`padu_core::date::parse_iso`]) as
/// typst's today.
pub fn date_of(iso: &str) -> Option<Datetime> {
    let date = padu_core::date::parse_iso(iso)?;
    Datetime::from_ymd(date.year(), u8::from(date.month()), date.day())
}

/// The line of the template a byte offset falls on (1-based), for error messages.
pub fn template_line(offset: usize) -> usize {
    TEMPLATE
        .get(..offset.min(TEMPLATE.len()))
        .map_or(0, |before| before.lines().count().max(1))
}

#[cfg(test)]
mod tests {
    use super::date_of;

    #[test]
    fn the_report_date_becomes_typsts_today() {
        let today = date_of(" 2025-11-22 ").expect("a date");
        assert_eq!(
            (today.year(), today.month(), today.day()),
            (Some(2025), Some(11), Some(22))
        );
        assert!(date_of("2025-02-30").is_none());
        assert!(date_of("2025-2-3").is_none());
        assert!(date_of("kemarin").is_none());
    }
}
