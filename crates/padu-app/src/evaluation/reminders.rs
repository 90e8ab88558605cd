//! Reminders of approaching deadlines, in the app and by e-mail: a job run every so often
//! (hourly by default) looks at every open period's stages and, a week before a stage ends and
//! again the day before, reminds the people it concerns. Each reminder is recorded with its
//! notifications in one transaction and goes out once, however often the job runs.
//!
//! Whom: for the self-assessment (mandiri), the operators of every OPD that still leads an
//! indicator in draft or returned, and the instansi's administrators and coordinators; for the
//! later stages (dokumen, interviu, visitasi), the administrators, coordinators and internal
//! assessors.

use std::collections::HashMap;
use std::time::Duration;

use padu_core::access::Role;
use padu_store::StoreError;
use padu_store::evaluation::{Period, Reminder};
use padu_store::notifications::NewNotification;
use time::OffsetDateTime;

use super::dashboard::{Deadline, Stage, deadlines};
use crate::evaluation::texts::deadline_text;
use crate::kit::app::App;
use crate::kit::i18n::{Lang, Tr};
use crate::kit::mail;

/// A stage is reminded this many days before it ends (the last entry: the day before, or the
/// day itself when the job first sees it then).
pub const REMINDER_DAYS: [u32; 2] = [7, 1];

/// How often the server's job looks, unless configured otherwise.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(3600);

/// The kind of the in-app notification (and the e-mail's subject).
pub const KIND: &str = "tenggat";

/// Which reminder (by its days ahead) a deadline `days_left` away is due for: the smallest
/// entry of [`REMINDER_DAYS`] at or above it.
pub fn due_reminder(days_left: i64) -> Option<u32> {
    REMINDER_DAYS
        .iter()
        .rev()
        .copied()
        .find(|&d| days_left >= 0 && days_left <= i64::from(d))
}

/// Sends the reminders due at `now` that have not gone out yet; returns how many were recorded.
pub async fn send_due_reminders(app: &App, now: OffsetDateTime) -> Result<usize, StoreError> {
    let periods = app.store.open_periods().await?;
    if periods.is_empty() {
        return Ok(0);
    }
    let zones: HashMap<i64, String> = app
        .store
        .all_instansi()
        .await?
        .into_iter()
        .map(|i| (i.id, i.timezone))
        .collect();
    let tr = Tr::new(Lang::Id);
    let mut sent = 0;
    for period in &periods {
        let zone = zones.get(&period.instansi_id).map_or("WIB", String::as_str);
        let today = crate::kit::format::date_in(zone, now);
        for deadline in deadlines(std::slice::from_ref(period), today) {
            let Some(days_before) = due_reminder(deadline.days_left) else {
                continue;
            };
            let reminder = Reminder {
                period_id: period.id,
                stage: deadline.stage.code().to_string(),
                end_date: deadline.end.clone(),
                days_before,
            };
            let notes = notes_for(app, tr, period, &deadline).await?;
            if app.store.record_reminder(&reminder, &notes).await? {
                mail::notify(app, &notes);
                sent += 1;
            }
        }
    }
    Ok(sent)
}

/// The notifications of one deadline, one per person it concerns.
async fn notes_for(
    app: &App,
    tr: Tr,
    period: &Period,
    deadline: &Deadline,
) -> Result<Vec<NewNotification>, StoreError> {
    let users = app.store.users_in(Some(&[period.instansi_id])).await?;
    let (open_opds, link, ask) = if deadline.stage == Stage::Mandiri {
        (
            app.store.opds_with_open_work(period.id).await?,
            format!("/periode/{}/tugas", period.id),
            "Mohon lengkapi dan ajukan indikator yang menjadi tanggung jawab Anda sebelum tenggat.",
        )
    } else {
        (
            Vec::new(),
            format!("/periode/{}", period.id),
            "Mohon pastikan persiapan tahap ini telah selesai sebelum tenggat.",
        )
    };
    let message = format!("{}. {ask}", deadline_text(tr, deadline));
    Ok(users
        .into_iter()
        .filter(|u| u.active)
        .filter(|u| match u.role {
            Role::AdminInstansi | Role::Koordinator => true,
            Role::OperatorOpd => {
                deadline.stage == Stage::Mandiri
                    && u.opd_id.is_some_and(|opd| open_opds.contains(&opd))
            }
            Role::AsesorInternal => deadline.stage != Stage::Mandiri,
            _ => false,
        })
        .map(|u| NewNotification {
            user_id: u.id,
            kind: KIND.to_string(),
            message: message.clone(),
            link: link.clone(),
        })
        .collect())
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
                Ok(n) => tracing::info!(reminders = n, "deadline reminders sent"),
                Err(e) => tracing::warn!(error = %e, "deadline reminders failed; retrying later"),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_ahead_and_the_day_before() {
        assert_eq!(due_reminder(8), None);
        assert_eq!(due_reminder(7), Some(7));
        assert_eq!(due_reminder(2), Some(7));
        assert_eq!(due_reminder(1), Some(1));
        assert_eq!(due_reminder(0), Some(1));
        assert_eq!(due_reminder(-1), None);
    }
}
