//! The Peta Rencana's monitoring on the Beranda, read as data from the store's `peta_rencana`
//! module (this feature comes before it): an operator's items of their OPD that still owe the
//! report of the semester being reported, with its deadline; for the leadership the items late
//! or off track (tertunda, or without the report of a semester whose deadline has passed).
//! The rules are `padu_core::peta_rencana::monitoring`'s; each roadmap sets its deadline
//! (`report_days` after the semester ends). Two queries (the roadmaps in force, their items).

use padu_core::access::Action;
use padu_core::peta_rencana::monitoring::{
    OffTrack, Semester, off_track, owes, reporting_semester,
};
use padu_store::Instansi;
use padu_store::peta_rencana::{Roadmap, RoadmapItem};
use time::Date;

use crate::evaluation::dashboard::today_in;
use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::{Acting as _, Caller};

/// An item that still owes its semester report.
#[derive(Debug, Clone)]
pub struct ReportDue {
    pub item: RoadmapItem,
    pub roadmap: String,
    pub semester: Semester,
    pub deadline: Date,
    /// Whole days until the deadline (0 on the day).
    pub days_left: i64,
}

/// An item late or off track.
#[derive(Debug, Clone)]
pub struct LateItem {
    pub item: RoadmapItem,
    pub roadmap: String,
    pub reason: OffTrack,
    /// The deadline missed, for a report not made.
    pub deadline: Option<Date>,
    /// The responsible OPD's name (filled by [`name_opds`]).
    pub opd: String,
}

/// Fills in the OPD names of `late` (one query).
pub async fn name_opds(
    app: &App,
    instansi: &Instansi,
    late: &mut [LateItem],
) -> Result<(), AppError> {
    if late.is_empty() {
        return Ok(());
    }
    let opds = app.store.opds_of(instansi.id).await?;
    for l in late {
        if let Some(o) = opds.iter().find(|o| o.id == l.item.opd_id) {
            l.opd = o.name.clone();
        }
    }
    Ok(())
}

/// The day (in `zone`) an item was entered, from its milliseconds since the epoch.
fn entered_on(ms: i64, zone: &str) -> Date {
    let at = time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    crate::kit::format::date_in(zone, at)
}

fn roadmap_of<'a>(roadmaps: &'a [Roadmap], item: &RoadmapItem) -> Option<&'a Roadmap> {
    roadmaps.iter().find(|r| r.id == item.roadmap_id)
}

/// Of `items` (of `roadmaps`), those of `opd` (every OPD with `None`) that owe the report of
/// the semester being reported on `today`, the soonest deadline first, then by title.
pub fn reports_due(
    roadmaps: &[Roadmap],
    items: &[RoadmapItem],
    opd: Option<i64>,
    today: Date,
) -> Vec<ReportDue> {
    let mut out: Vec<ReportDue> = items
        .iter()
        .filter(|i| opd.is_none_or(|o| i.opd_id == o))
        .filter_map(|i| {
            let r = roadmap_of(roadmaps, i)?;
            let semester = reporting_semester(today, r.report_days);
            owes(i.status, &i.details, semester).then(|| {
                let deadline = semester.deadline(r.report_days);
                ReportDue {
                    item: i.clone(),
                    roadmap: r.title.clone(),
                    semester,
                    deadline,
                    days_left: (deadline - today).whole_days(),
                }
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (a.deadline, &a.item.title, a.item.id).cmp(&(b.deadline, &b.item.title, b.item.id))
    });
    out
}

/// Of `items` (of `roadmaps`, in the instansi's zone `zone`), those late or off track on
/// `today`: tertunda first, then the reports missed, by OPD and title.
pub fn late_items(
    roadmaps: &[Roadmap],
    items: &[RoadmapItem],
    today: Date,
    zone: &str,
) -> Vec<LateItem> {
    let mut out: Vec<LateItem> = items
        .iter()
        .filter_map(|i| {
            let r = roadmap_of(roadmaps, i)?;
            let since = entered_on(i.created_at_ms, zone);
            let reason = off_track(i.status, &i.details, today, r.report_days, since)?;
            Some(LateItem {
                item: i.clone(),
                roadmap: r.title.clone(),
                reason,
                deadline: match reason {
                    OffTrack::Terlambat(s) => Some(s.deadline(r.report_days)),
                    OffTrack::Tertunda => None,
                },
                opd: String::new(),
            })
        })
        .collect();
    out.sort_by_key(|l| {
        (
            l.reason != OffTrack::Tertunda,
            l.item.opd_id,
            l.item.title.clone(),
            l.item.id,
        )
    });
    out
}

/// The reports the operator's OPD owes (nothing for an account without an OPD or without the
/// right to read the roadmap).
pub async fn operator_reports(
    app: &App,
    caller: &Caller,
    instansi: &Instansi,
) -> Result<Vec<ReportDue>, AppError> {
    let Some(opd) = caller.user.opd_id else {
        return Ok(Vec::new());
    };
    if !caller.may(Action::ViewRoadmap, &instansi.target()) {
        return Ok(Vec::new());
    }
    let (roadmaps, items) = app.store.items_in_force(Some(instansi.id)).await?;
    Ok(reports_due(
        &roadmaps,
        &items,
        Some(opd),
        today_in(&instansi.timezone),
    ))
}

/// The instansi's items late or off track (nothing for who may not read the roadmap).
pub async fn leader_late(
    app: &App,
    caller: &Caller,
    instansi: &Instansi,
) -> Result<Vec<LateItem>, AppError> {
    if !caller.may(Action::ViewRoadmap, &instansi.target()) {
        return Ok(Vec::new());
    }
    let (roadmaps, items) = app.store.items_in_force(Some(instansi.id)).await?;
    let mut late = late_items(
        &roadmaps,
        &items,
        today_in(&instansi.timezone),
        &instansi.timezone,
    );
    name_opds(app, instansi, &mut late).await?;
    Ok(late)
}
