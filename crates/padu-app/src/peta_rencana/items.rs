//! Roadmap items: entered, listed, changed, deleted, and their semester realisation reported by
//! the responsible OPD. Only the title, the OPD and the years are required; every input is
//! checked before the first write (years, targets and budget within the roadmap's span, the
//! budget never negative, the indicators in the catalog, the architecture item of the same
//! instansi). An enacted roadmap's items keep their content: only their status and
//! evaluation notes change, and the realisation is reported whatever the roadmap's status.

use std::collections::BTreeMap;

use padu_core::access::{Action, Target};
use padu_core::peta_rencana::{self as pr, IndicatorTarget, ItemDetails, ItemStatus, Realisation};
use padu_store::Instansi;
use padu_store::peta_rencana::{NewRoadmapItem, Roadmap, RoadmapItem};

use super::roadmaps::not_editable;
use super::{core_errors, field, item_for, roadmap_for};
use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::{Acting, Caller};
use crate::kit::validate::{clean_paragraphs, clean_text, has_forbidden_control};

/// What is typed for an item. On a change `None` leaves a value as it is; an empty text
/// clears an optional one, and `gap: Some(None)` unlinks the architecture item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemInput {
    pub title: Option<String>,
    pub opd: Option<i64>,
    pub years: Option<Vec<i32>>,
    pub targets: Option<BTreeMap<i32, String>>,
    pub budget: Option<BTreeMap<i32, i64>>,
    pub indicators: Option<Vec<IndicatorTarget>>,
    /// The architecture item (a gap or a to-be item) it answers.
    pub gap: Option<Option<i64>>,
    pub need: Option<String>,
    pub process: Option<String>,
    pub domain: Option<String>,
    pub initiative: Option<String>,
    pub external_party: Option<String>,
    pub baseline: Option<String>,
    pub program_code: Option<String>,
    pub evaluation: Option<String>,
    /// `belum_mulai` (default), `berjalan`, `selesai`, `tertunda` or `batal`.
    pub status: Option<String>,
}

impl ItemInput {
    /// Whether it changes anything but the status and the evaluation notes.
    fn touches_content(&self) -> bool {
        self.title.is_some()
            || self.opd.is_some()
            || self.years.is_some()
            || self.targets.is_some()
            || self.budget.is_some()
            || self.indicators.is_some()
            || self.gap.is_some()
            || self.need.is_some()
            || self.process.is_some()
            || self.domain.is_some()
            || self.initiative.is_some()
            || self.external_party.is_some()
            || self.baseline.is_some()
            || self.program_code.is_some()
    }
}

/// A semester report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RealisationInput {
    pub year: i32,
    pub semester: u8,
    pub value: String,
    pub note: Option<String>,
}

/// The items of roadmap `roadmap_id`, by OPD and title.
pub async fn list(
    app: &App,
    caller: &Caller,
    roadmap_id: i64,
) -> Result<Vec<RoadmapItem>, AppError> {
    roadmap_for(app, caller, roadmap_id, Action::ViewRoadmap).await?;
    let mut items = app.store.roadmap_items(roadmap_id).await?;
    items.sort_by(|a, b| (a.opd_id, &a.title, a.id).cmp(&(b.opd_id, &b.title, b.id)));
    Ok(items)
}

/// Item `id`.
pub async fn get(app: &App, caller: &Caller, id: i64) -> Result<RoadmapItem, AppError> {
    Ok(item_for(app, caller, id, Action::ViewRoadmap).await?.0)
}

fn one_line(
    name: &str,
    label: &str,
    value: &Option<String>,
    slot: &mut Option<String>,
    errors: &mut Vec<FieldError>,
) {
    if let Some(v) = value {
        let t = clean_text(name, label, v, 0, pr::MAX_TITLE, errors);
        *slot = Some(t).filter(|t| !t.is_empty());
    }
}

fn paragraphs(
    name: &str,
    label: &str,
    value: &Option<String>,
    slot: &mut Option<String>,
    errors: &mut Vec<FieldError>,
) {
    if let Some(v) = value {
        let t = clean_paragraphs(name, label, v, 0, pr::MAX_TEXT, errors);
        *slot = Some(t).filter(|t| !t.is_empty());
    }
}

/// `input` applied over `item` (title, OPD, status and details), every value checked; the
/// errors gathered in `errors`.
async fn apply(
    app: &App,
    inst: &Instansi,
    roadmap: &Roadmap,
    input: &ItemInput,
    item: &mut RoadmapItem,
    errors: &mut Vec<FieldError>,
) -> Result<(), AppError> {
    let span = roadmap.span();
    if let Some(t) = &input.title {
        item.title = clean_text("title", "Judul", t, 1, pr::MAX_TITLE, errors);
    }
    if let Some(o) = input.opd {
        match app.store.opd(o).await? {
            Some(opd) if opd.instansi_id == inst.id && opd.active => item.opd_id = opd.id,
            _ => errors.push(field("opd", "OPD tidak ditemukan di instansi ini")),
        }
    }
    if let Some(s) = input.status.as_deref() {
        match ItemStatus::from_code(s.trim()) {
            Some(st) => item.status = st,
            None => errors.push(field(
                "status",
                format!(
                    "Status harus salah satu dari: {}",
                    ItemStatus::ALL.map(ItemStatus::code).join(", ")
                ),
            )),
        }
    }
    let d = &mut item.details;
    let mut pairs = Vec::new();
    if let Some(y) = &input.years {
        d.years = pr::check_item_years(y, span.clone(), &mut pairs);
    }
    if let Some(t) = &input.targets {
        for (y, text) in t {
            if has_forbidden_control(text) {
                pairs.push((
                    "targets".into(),
                    format!("Target tahun {y} memuat karakter yang tidak diizinkan"),
                ));
            }
        }
        d.targets = pr::check_targets(t, span.clone(), &mut pairs);
    }
    if let Some(b) = &input.budget {
        d.budget = pr::check_money(b, span.clone(), &mut pairs);
    }
    if let Some(i) = &input.indicators {
        d.indicators = pr::check_indicators(&app.catalog, i, &mut pairs);
    }
    core_errors(pairs, errors);
    if let Some(gap) = input.gap {
        d.architecture_item = match gap {
            None => None,
            Some(id) => match app.store.architecture_item(id).await? {
                Some(a) if a.instansi_id == inst.id => Some(a.id),
                _ => {
                    errors.push(field(
                        "gap",
                        format!("Item arsitektur {id} tidak ditemukan di instansi ini"),
                    ));
                    None
                }
            },
        };
    }
    paragraphs("need", "Kebutuhan", &input.need, &mut d.need, errors);
    one_line(
        "process",
        "Proses bisnis",
        &input.process,
        &mut d.process,
        errors,
    );
    one_line("domain", "Domain", &input.domain, &mut d.domain, errors);
    paragraphs(
        "initiative",
        "Inisiatif",
        &input.initiative,
        &mut d.initiative,
        errors,
    );
    one_line(
        "external_party",
        "Pihak eksternal",
        &input.external_party,
        &mut d.external_party,
        errors,
    );
    paragraphs(
        "baseline",
        "Kondisi awal",
        &input.baseline,
        &mut d.baseline,
        errors,
    );
    one_line(
        "program_code",
        "Kode program/kegiatan/sub-kegiatan",
        &input.program_code,
        &mut d.program_code,
        errors,
    );
    paragraphs(
        "evaluation",
        "Catatan evaluasi",
        &input.evaluation,
        &mut d.evaluation,
        errors,
    );
    Ok(())
}

/// Enters an item in a draft roadmap (the admin instansi or the koordinator): title, OPD and
/// years required.
pub async fn create(
    app: &App,
    caller: &Caller,
    roadmap_id: i64,
    input: &ItemInput,
) -> Result<RoadmapItem, AppError> {
    let (roadmap, inst) = roadmap_for(app, caller, roadmap_id, Action::EditRoadmap).await?;
    let mut errors = Vec::new();
    if input.title.is_none() {
        errors.push(field("title", "Judul wajib diisi"));
    }
    if input.opd.is_none() {
        errors.push(field("opd", "OPD penanggung jawab wajib dipilih"));
    }
    if input.years.is_none() {
        errors.push(field("years", "Tahun pelaksanaan wajib diisi"));
    }
    let mut item = RoadmapItem {
        id: 0,
        roadmap_id,
        instansi_id: inst.id,
        opd_id: 0,
        title: String::new(),
        status: ItemStatus::BelumMulai,
        details: ItemDetails::default(),
        created_at_ms: 0,
        updated_at_ms: 0,
        updated_by: String::new(),
    };
    apply(app, &inst, &roadmap, input, &mut item, &mut errors).await?;
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if !roadmap.status.content_editable() {
        return Err(AppError::Conflict(not_editable(roadmap.status)));
    }
    let new = NewRoadmapItem {
        roadmap_id,
        opd_id: item.opd_id,
        title: item.title,
        status: item.status,
        details: item.details,
    };
    Ok(app.store.create_roadmap_item(&caller.who(), &new).await?)
}

/// Changes item `id` (the admin instansi or the koordinator). In an enacted roadmap only the
/// status and the evaluation notes change (else 409); a reviewed version is read only.
pub async fn update(
    app: &App,
    caller: &Caller,
    id: i64,
    input: &ItemInput,
) -> Result<RoadmapItem, AppError> {
    let (item, roadmap, inst) = item_for(app, caller, id, Action::EditRoadmap).await?;
    let mut errors = Vec::new();
    let mut next = item.clone();
    apply(app, &inst, &roadmap, input, &mut next, &mut errors).await?;
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if next == item {
        return Ok(item);
    }
    let allowed = if input.touches_content() {
        roadmap.status.content_editable()
    } else {
        roadmap.status.progress_editable()
    };
    if !allowed {
        return Err(AppError::Conflict(not_editable(roadmap.status)));
    }
    Ok(app
        .store
        .update_roadmap_item(&caller.who(), &next, "roadmap_item.update")
        .await?)
}

/// Deletes item `id` of a draft roadmap.
pub async fn delete(app: &App, caller: &Caller, id: i64) -> Result<(), AppError> {
    let (_, roadmap, _) = item_for(app, caller, id, Action::EditRoadmap).await?;
    if !roadmap.status.content_editable() {
        return Err(AppError::Conflict(not_editable(roadmap.status)));
    }
    Ok(app.store.delete_roadmap_item(&caller.who(), id).await?)
}

/// Reports one semester's realisation of item `id` (its OPD's operator, the admin instansi or
/// the koordinator), whatever the roadmap's status; a second report of the same semester
/// replaces the first.
pub async fn report(
    app: &App,
    caller: &Caller,
    id: i64,
    input: &RealisationInput,
) -> Result<RoadmapItem, AppError> {
    let (item, roadmap, _) = item_for(app, caller, id, Action::ReportRealisation).await?;
    let mut pairs = Vec::new();
    pr::check_realisation(
        input.year,
        input.semester,
        &input.value,
        input.note.as_deref(),
        roadmap.span(),
        &mut pairs,
    );
    let mut errors = Vec::new();
    core_errors(pairs, &mut errors);
    let value = clean_text("value", "Capaian", &input.value, 0, 1000, &mut errors);
    let note = input
        .note
        .as_deref()
        .map(|n| clean_paragraphs("note", "Catatan", n, 0, pr::MAX_TEXT, &mut errors))
        .filter(|n| !n.is_empty());
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut next = item.clone();
    next.details.report(Realisation {
        year: input.year,
        semester: input.semester,
        value,
        note,
        reported_by: caller.who().name,
        reported_at_ms: padu_store::now_ms(),
    });
    Ok(app
        .store
        .update_roadmap_item(&caller.who(), &next, "roadmap_item.realisation")
        .await?)
}

/// Whether `caller` may report the realisation of `item` (for the pages' forms).
pub fn may_report(caller: &Caller, inst: &Instansi, item: &RoadmapItem) -> bool {
    caller.may(
        Action::ReportRealisation,
        &Target::opd(inst.id, inst.province(), item.opd_id),
    )
}
