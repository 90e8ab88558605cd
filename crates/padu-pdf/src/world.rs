//! The smallest typst `World` that makes our documents: the templates compiled into the binary
//! (one main source per document, and the house style they import), one virtual data file, the
//! embedded fonts, a fixed "today". No packages, no network, no file system: any other path is
//! "not found".

use std::sync::Arc;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The templates, compiled into the binary: path and text. The first three are documents; the
/// house style (`gaya.typ`: colours, tables) is imported by each.
const TEMPLATES: [(&str, &str); 4] = [
    ("/report.typ", include_str!("report.typ")),
    ("/overview.typ", include_str!("overview.typ")),
    ("/roadmap.typ", include_str!("roadmap.typ")),
    ("/gaya.typ", include_str!("gaya.typ")),
];
/// Where the templates read their data from (`json("/data.json")`).
pub const DATA_PATH: &str = "/data.json";

/// Which template a render compiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// The period report and the action plan (`report.typ`).
    Report,
    /// The province or national overview (`overview.typ`).
    Overview,
    /// The Peta Rencana SPBE (`roadmap.typ`).
    Roadmap,
}

/// What every render shares: the standard library, the fonts and the parsed templates. Built
/// once; immutable afterwards.
pub struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    /// Parallel to [`TEMPLATES`].
    sources: Vec<Source>,
    data_id: FileId,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("fonts", &self.fonts.len())
            .field(
                "template_bytes",
                &TEMPLATES.iter().map(|(_, t)| t.len()).sum::<usize>(),
            )
            .finish_non_exhaustive()
    }
}

fn file_id(path: &str) -> Result<FileId, String> {
    let vpath = VirtualPath::new(path).map_err(|e| format!("jalur virtual {path}: {e:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl Shared {
    /// Loads the embedded fonts and parses the templates.
    pub fn new() -> Result<Arc<Shared>, String> {
        let fonts: Vec<Font> = typst_kit::fonts::embedded().map(|(font, _)| font).collect();
        if fonts.is_empty() {
            return Err("tidak ada font tertanam".into());
        }
        let book = FontBook::from_fonts(&fonts);
        let sources = TEMPLATES
            .iter()
            .map(|(path, text)| Ok(Source::new(file_id(path)?, (*text).to_string())))
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Arc::new(Shared {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(book),
            fonts,
            sources,
            data_id: file_id(DATA_PATH)?,
        }))
    }

    /// The world of one render of `template`: `data` is the JSON the template reads, `today`
    /// the date the template's `datetime.today()` gives.
    pub fn world(
        &self,
        template: Template,
        data: Vec<u8>,
        today: Option<Datetime>,
    ) -> RenderWorld<'_> {
        let main = match template {
            Template::Report => 0,
            Template::Overview => 1,
            Template::Roadmap => 2,
        };
        RenderWorld {
            shared: self,
            main: self.sources[main].id(),
            data: Bytes::new(data),
            today,
        }
    }

    fn source(&self, id: FileId) -> Option<&Source> {
        self.sources.iter().find(|s| s.id() == id)
    }
}

/// One render's world.
pub struct RenderWorld<'a> {
    shared: &'a Shared,
    main: FileId,
    data: Bytes,
    today: Option<Datetime>,
}

impl RenderWorld<'_> {
    /// "report.typ baris 12": the template and line (1-based) of a byte offset into one of the
    /// templates, for error messages.
    pub fn place(&self, id: FileId, offset: usize) -> Option<String> {
        let source = self.shared.source(id)?;
        let line = source.lines().byte_to_line(offset)?;
        let name = id
            .vpath()
            .get_with_slash()
            .trim_start_matches('/')
            .to_string();
        Some(format!("{name} baris {}", line + 1))
    }
}

impl World for RenderWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.shared.data_id {
            return Err(FileError::NotSource);
        }
        self.shared.source(id).cloned().ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.shared.data_id {
            Ok(self.data.clone())
        } else {
            self.shared
                .source(id)
                .map(|s| Bytes::from_string(s.text().to_string()))
                .ok_or_else(|| not_found(id))
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
