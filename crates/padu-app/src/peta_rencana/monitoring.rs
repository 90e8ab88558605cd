//! Monitoring the Peta Rencana (monev): for whoever may read an instansi's roadmap, the
//! semester being reported with the items that still owe it, and the items late or off track
//! (tertunda, or without the report of a semester whose deadline has passed); and the
//! reminder job: a week before a semester's report deadline (or when the job first sees it
//! closer) the operators of each item's OPD are reminded, once per item and semester
//! whatever the number of servers (one unique row, as the evaluation's stage reminders).

use std::collections::HashMap;
use std::time::Duration;

use padu_core::access::{Action, Role};
use padu_core::date::long_id;
use padu_store::notifications::NewNotification;
use padu_store::{Instansi, StoreError};
use time::OffsetDateTime;

use crate::beranda::monitoring::{LateItem, ReportDue, late_items, name_opds, reports_due};
use crate::evaluation::dashboard::today_in;
use crate::evaluation::reminders::due_reminder;
use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::mail;
use crate::kit::principal::Caller;
use crate::org::instansi_for;

/// The kind of the in-app notification (and the e-mail's subject).
pub const KIND: &str = "realisasi";

/// An instansi's monitoring today.
#[derive(Debug, Clone)]
pub struct Monitoring {
    pub instansi: Instansi,
    /// The items that still owe the semester being reported, the soonest deadline first.
    pub due: Vec<ReportDue>,
    /// The items late or off track.
    pub late: Vec<LateItem>,
}

/// The monitoring of instansi `instansi_id` for every role of the instansi (three queries).
pub async fn load(app: &App, caller: &Caller, instansi_id: i64) -> Result<Monitoring, AppError> {
    let inst = instansi_for(app, caller, instansi_id, Action::ViewRoadmap).await?;
    let (roadmaps, items) = app.store.items_in_force(Some(inst.id)).await?;
    let today = today_in(&inst.timezone);
    let mut late = late_items(&roadmaps, &items, today, &inst.timezone);
    name_opds(app, &inst, &mut late).await?;
    Ok(Monitoring {
        due: reports_due(&roadmaps, &items, None, today),
        late,
        instansi: inst,
    })
}

/// Sends the realisation reminders due at `now` that have not gone out yet; returns how many
/// were recorded. Three queries, then one write per reminder.
pub async fn send_due_reminders(app: &App, now: OffsetDateTime) -> Result<usize, StoreError> {
    let (roadmaps, items) = app.store.items_in_force(None).await?;
    if items.is_empty() {
        return Ok(0);
    }
    let zones: HashMap<i64, String> = app
        .store
        .all_instansi()
        .await?
        .into_iter()
        .map(|i| (i.id, i.timezone))
        .collect();
    let mut operators: HashMap<i64, Vec<i64>> = HashMap::new();
    let instansi_ids: Vec<i64> = roadmaps.iter().map(|r| r.instansi_id).collect();
    for u in app.store.users_in(Some(&instansi_ids)).await? {
        if let (true, Role::OperatorOpd, Some(opd)) = (u.active, u.role, u.opd_id) {
            operators.entry(opd).or_default().push(u.id);
        }
    }
    let mut sent = 0;
    for r in &roadmaps {
        let zone = zones.get(&r.instansi_id).map_or("WIB", String::as_str);
        let today = crate::kit::format::date_in(zone, now);
        let mine: Vec<_> = items
            .iter()
            .filter(|i| i.roadmap_id == r.id)
            .cloned()
            .collect();
        for due in reports_due(std::slice::from_ref(r), &mine, None, today) {
            if due_reminder(due.days_left).is_none() {
                continue;
            }
            let message = format!(
                "Realisasi {} untuk \"{}\" ({}) ditunggu paling lambat {}. Mohon laporkan capaian item ini sebelum tenggat.",
                due.semester.label(),
                due.item.title,
                r.title,
                long_id(due.deadline),
            );
            let notes: Vec<NewNotification> = operators
                .get(&due.item.opd_id)
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|&user_id| NewNotification {
                    user_id,
                    kind: KIND.to_string(),
                    message: message.clone(),
                    link: format!("/peta-rencana/item/{}", due.item.id),
                })
                .collect();
            if app
                .store
                .record_realisation_reminder(due.item.id, due.semester, &notes)
                .await?
            {
                mail::notify(app, &notes);
                sent += 1;
            }
        }
    }
    Ok(sent)
}

/// Runs [`send_due_reminders`] every `every` until the process ends (the first run at once).
/// Failures are logged and retried at the next run.
pub fn spawn_job(app: App, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match send_due_reminders(&app, OffsetDateTime::now_utc()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(reminders = n, "realisation reminders sent"),
                Err(e) => {
                    tracing::warn!(error = %e, "realisation reminders failed; retrying later");
                }
            }
        }
    })
}
