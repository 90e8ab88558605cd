//! Roadmaps: listed newest first, drafted, changed while a draft, enacted with the kepala
//! daerah's decree, and reviewed into a new version that copies the items.

use padu_core::access::Action;
use padu_core::peta_rencana::monitoring::{DEFAULT_REPORT_DAYS, MAX_REPORT_DAYS};
use padu_core::peta_rencana::{self as pr, Basis, ReviewKind, RoadmapStatus};
use padu_store::peta_rencana::{NewRoadmap, Roadmap};

use super::{core_errors, field, roadmap_for};
use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::{Acting, Caller};
use crate::kit::validate::{clean_paragraphs, clean_text};
use crate::org::instansi_for;

/// What is typed for a roadmap; on a change `None` leaves a value as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoadmapInput {
    pub title: Option<String>,
    pub start_year: Option<i32>,
    /// Five years from the start when not given.
    pub end_year: Option<i32>,
    /// Basis codes: `peta_rencana_nasional`, `arsitektur`, `rpjmd`, `renstra`.
    pub basis: Option<Vec<String>>,
    /// Days after a semester ends by which the OPDs report its realisation (10 when not
    /// given, 0 to 90); it may change while the roadmap is in force.
    pub report_days: Option<i32>,
}

/// The decree that enacts a roadmap.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decree {
    pub number: String,
    /// `YYYY-MM-DD`.
    pub date: String,
}

/// A review: mid-term (`tengah`) or at the end (`akhir`), why, and the new version's title
/// (the old one's by default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewInput {
    pub kind: String,
    pub note: Option<String>,
    pub title: Option<String>,
}

fn parse_basis(codes: &[String], errors: &mut Vec<FieldError>) -> Vec<Basis> {
    let mut out = Vec::new();
    for c in codes {
        match Basis::from_code(c.trim()) {
            Some(b) if !out.contains(&b) => out.push(b),
            Some(_) => {}
            None => errors.push(field(
                "basis",
                format!(
                    "Dasar penyusunan harus salah satu dari: {}",
                    Basis::ALL.map(Basis::code).join(", ")
                ),
            )),
        }
    }
    out.sort();
    out
}

fn report_days_of(days: i32, errors: &mut Vec<FieldError>) -> i32 {
    if !(0..=MAX_REPORT_DAYS).contains(&days) {
        errors.push(field(
            "report_days",
            format!(
                "Batas pelaporan harus 0 sampai {MAX_REPORT_DAYS} hari setelah semester berakhir"
            ),
        ));
    }
    days
}

fn title_of(raw: &str, errors: &mut Vec<FieldError>) -> String {
    clean_text("title", "Judul", raw, 1, pr::MAX_TITLE, errors)
}

/// The roadmaps of instansi `instansi_id`, newest first.
pub async fn list(app: &App, caller: &Caller, instansi_id: i64) -> Result<Vec<Roadmap>, AppError> {
    instansi_for(app, caller, instansi_id, Action::ViewRoadmap).await?;
    Ok(app.store.roadmaps_of(instansi_id).await?)
}

/// Roadmap `id`.
pub async fn get(app: &App, caller: &Caller, id: i64) -> Result<Roadmap, AppError> {
    Ok(roadmap_for(app, caller, id, Action::ViewRoadmap).await?.0)
}

/// Drafts a roadmap of instansi `instansi_id`: a title and a start year required, five years
/// by default, one to ten allowed.
pub async fn create(
    app: &App,
    caller: &Caller,
    instansi_id: i64,
    input: &RoadmapInput,
) -> Result<Roadmap, AppError> {
    let inst = instansi_for(app, caller, instansi_id, Action::ViewRoadmap).await?;
    caller.check(Action::EditRoadmap, &inst.target())?;
    let mut errors = Vec::new();
    let title = title_of(input.title.as_deref().unwrap_or_default(), &mut errors);
    let mut pairs = Vec::new();
    let (start, end) = match input.start_year {
        Some(s) => {
            let e = input.end_year.unwrap_or_else(|| pr::default_end(s));
            pr::check_span(s, e, &mut pairs);
            (s, e)
        }
        None => {
            errors.push(field("start_year", "Tahun awal wajib diisi"));
            (0, 0)
        }
    };
    core_errors(pairs, &mut errors);
    let basis = parse_basis(input.basis.as_deref().unwrap_or_default(), &mut errors);
    let report_days = report_days_of(
        input.report_days.unwrap_or(DEFAULT_REPORT_DAYS),
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let new = NewRoadmap {
        instansi_id: inst.id,
        title,
        start_year: start,
        end_year: end,
        basis,
        report_days,
    };
    Ok(app.store.create_roadmap(&caller.who(), &new).await?)
}

/// Changes a draft roadmap's title, span or basis. The span may not leave out a year an item
/// runs, targets or budgets.
pub async fn update(
    app: &App,
    caller: &Caller,
    id: i64,
    input: &RoadmapInput,
) -> Result<Roadmap, AppError> {
    let (roadmap, _) = roadmap_for(app, caller, id, Action::EditRoadmap).await?;
    let mut errors = Vec::new();
    let mut next = roadmap.clone();
    if let Some(t) = &input.title {
        next.title = title_of(t, &mut errors);
    }
    if let Some(s) = input.start_year {
        next.start_year = s;
    }
    if let Some(e) = input.end_year {
        next.end_year = e;
    }
    if let Some(b) = &input.basis {
        next.basis = parse_basis(b, &mut errors);
    }
    if let Some(d) = input.report_days {
        next.report_days = report_days_of(d, &mut errors);
    }
    if (next.start_year, next.end_year) != (roadmap.start_year, roadmap.end_year) {
        let mut pairs = Vec::new();
        pr::check_span(next.start_year, next.end_year, &mut pairs);
        if pairs.is_empty() {
            let span = next.span();
            for item in app.store.roadmap_items(id).await? {
                let d = &item.details;
                let years = d
                    .years
                    .iter()
                    .chain(d.targets.keys())
                    .chain(d.budget.keys());
                if let Some(y) = years.into_iter().find(|y| !span.contains(y)) {
                    pairs.push((
                        "end_year".into(),
                        format!(
                            "Item \"{}\" memuat tahun {y} yang berada di luar rentang baru",
                            item.title
                        ),
                    ));
                }
            }
        }
        core_errors(pairs, &mut errors);
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if next == roadmap {
        return Ok(roadmap);
    }
    let only_deadline = Roadmap {
        report_days: roadmap.report_days,
        ..next.clone()
    } == roadmap;
    let allowed = if only_deadline {
        roadmap.status.progress_editable()
    } else {
        roadmap.status.content_editable()
    };
    if !allowed {
        return Err(AppError::Conflict(not_editable(roadmap.status)));
    }
    Ok(app
        .store
        .update_roadmap(&caller.who(), &next, roadmap.status, "roadmap.update")
        .await?)
}

/// Why a roadmap's content may not change now.
pub fn not_editable(status: RoadmapStatus) -> String {
    match status {
        RoadmapStatus::Ditetapkan => "Peta rencana ini sudah ditetapkan: isinya tidak dapat diubah; hanya status, catatan evaluasi dan realisasi item yang dapat dicatat. Lakukan reviu untuk menyusun versi baru".into(),
        _ => "Peta rencana ini sudah direviu dan digantikan versi yang lebih baru; versi ini hanya dapat dibaca".into(),
    }
}

/// Enacts a draft roadmap with the kepala daerah's decree (number and date required).
pub async fn enact(
    app: &App,
    caller: &Caller,
    id: i64,
    decree: &Decree,
) -> Result<Roadmap, AppError> {
    let (roadmap, _) = roadmap_for(app, caller, id, Action::EditRoadmap).await?;
    let mut pairs = Vec::new();
    let date = pr::check_decree(&decree.number, &decree.date, &mut pairs);
    let mut errors = Vec::new();
    core_errors(pairs, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if !roadmap.status.may_enact() {
        return Err(AppError::Conflict(
            "Hanya peta rencana berstatus draf yang dapat ditetapkan".into(),
        ));
    }
    let mut next = roadmap.clone();
    next.status = RoadmapStatus::Ditetapkan;
    next.decree_number = Some(decree.number.trim().to_string());
    next.decree_date = date;
    Ok(app
        .store
        .update_roadmap(&caller.who(), &next, roadmap.status, "roadmap.enact")
        .await?)
}

/// Reviews an enacted roadmap: it becomes `direviu` (readable, its realisation still
/// reported) and a new draft version with a copy of its items is returned.
pub async fn review(
    app: &App,
    caller: &Caller,
    id: i64,
    input: &ReviewInput,
) -> Result<Roadmap, AppError> {
    let (roadmap, _) = roadmap_for(app, caller, id, Action::EditRoadmap).await?;
    let mut errors = Vec::new();
    let kind = ReviewKind::from_code(input.kind.trim());
    if kind.is_none() {
        errors.push(field(
            "kind",
            "Jenis reviu harus tengah (paruh waktu) atau akhir (akhir periode)",
        ));
    }
    let note = input
        .note
        .as_deref()
        .map(|n| clean_paragraphs("note", "Catatan reviu", n, 0, pr::MAX_TEXT, &mut errors))
        .filter(|n| !n.is_empty());
    let title = match input.title.as_deref() {
        Some(t) => title_of(t, &mut errors),
        None => roadmap.title.clone(),
    };
    let Some(kind) = kind.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    if !roadmap.status.may_review() {
        return Err(AppError::Conflict(
            "Hanya peta rencana yang sudah ditetapkan yang dapat direviu".into(),
        ));
    }
    Ok(app
        .store
        .review_roadmap(&caller.who(), id, kind, note, &title)
        .await?)
}
