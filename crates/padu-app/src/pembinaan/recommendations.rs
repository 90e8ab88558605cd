//! Recommendations (rekomendasi pembinaan): a province advises one of its kabupaten/kota,
//! optionally about one indicator of that year's evaluation; the instansi's admin and
//! koordinator are notified, and the instansi marks it followed up.

use padu_core::access::{Action, Role};
use padu_core::evaluation::PeriodKind;
use padu_store::notifications::NewNotification;
use padu_store::pembinaan::{NewRecommendation, Recommendation};

use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::Caller;
use crate::kit::validate::clean_paragraphs;
use crate::org::instansi_for;

/// The longest recommendation, in characters.
pub const MAX_TEXT: usize = 4000;
/// The longest follow-up note, in characters.
pub const MAX_NOTE: usize = 2000;
/// The years a recommendation may be about.
pub const YEARS: std::ops::RangeInclusive<i32> = 2018..=2100;

/// What the province writes.
#[derive(Debug, Clone, Default)]
pub struct RecommendationInput {
    pub year: Option<i32>,
    pub text: String,
    pub indicator: Option<u16>,
}

/// The recommendations to instansi `instansi_id`, the newest first: for its own roles, its
/// province and the superadmin.
pub async fn list(
    app: &App,
    caller: &Caller,
    instansi_id: i64,
) -> Result<Vec<Recommendation>, AppError> {
    instansi_for(app, caller, instansi_id, Action::ViewRecommendations).await?;
    Ok(app.store.recommendations_of(instansi_id).await?)
}

/// Writes a recommendation to instansi `instansi_id` and notifies its admin and koordinator.
pub async fn add(
    app: &App,
    caller: &Caller,
    instansi_id: i64,
    input: &RecommendationInput,
) -> Result<Recommendation, AppError> {
    let inst = instansi_for(app, caller, instansi_id, Action::Recommend).await?;
    let mut errors = Vec::new();
    let text = clean_paragraphs("text", "Rekomendasi", &input.text, 1, MAX_TEXT, &mut errors);
    let year = match input.year {
        Some(y) if YEARS.contains(&y) => Some(y),
        Some(_) => {
            errors.push(FieldError {
                field: "year".into(),
                message: format!(
                    "Tahun harus di antara {} dan {}",
                    YEARS.start(),
                    YEARS.end()
                ),
            });
            None
        }
        None => {
            errors.push(FieldError {
                field: "year".into(),
                message: "Tahun wajib diisi".into(),
            });
            None
        }
    };
    let mut period_id = None;
    if let (Some(number), Some(year)) = (input.indicator, year) {
        // the indicator of that year's annual evaluation of the instansi
        let periods = app.store.periods_of(inst.id).await?;
        let period = periods
            .iter()
            .filter(|p| p.year == year && p.kind == PeriodKind::Evaluasi)
            .min_by_key(|p| p.id);
        match period.and_then(|p| Some((p, app.catalog.instrument(&p.instrument)?))) {
            Some((p, instrument)) if instrument.indicator(number).is_some() => {
                period_id = Some(p.id);
            }
            Some((_, instrument)) => errors.push(FieldError {
                field: "indicator".into(),
                message: format!(
                    "Indikator {number} tidak ada dalam {} (1 sampai {})",
                    instrument.short_name,
                    instrument.indicators.len()
                ),
            }),
            None => errors.push(FieldError {
                field: "indicator".into(),
                message: format!(
                    "{} belum mempunyai periode evaluasi tahun {year}; rekomendasi tentang satu indikator memerlukannya",
                    inst.name
                ),
            }),
        }
    }
    let Some(year) = year.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let recipients: Vec<i64> = app
        .store
        .users_in(Some(&[inst.id]))
        .await?
        .into_iter()
        .filter(|u| u.active && matches!(u.role, Role::AdminInstansi | Role::Koordinator))
        .map(|u| u.id)
        .collect();
    let about = input
        .indicator
        .map(|n| format!(" (indikator {n})"))
        .unwrap_or_default();
    let message = format!(
        "Rekomendasi pembinaan {year}{about}: {}",
        excerpt(&text, 160)
    );
    let notes: Vec<NewNotification> = recipients
        .into_iter()
        .map(|user_id| NewNotification {
            user_id,
            kind: "rekomendasi".into(),
            message: message.clone(),
            link: format!("/instansi/{}/rekomendasi", inst.id),
        })
        .collect();
    let new = NewRecommendation {
        instansi_id: inst.id,
        year,
        period_id,
        indicator: input.indicator.filter(|_| period_id.is_some()),
        text,
    };
    Ok(app
        .store
        .add_recommendation(&caller.who(), &new, &notes)
        .await?)
}

/// Marks recommendation `id` followed up by its instansi, with a note, and tells its author.
pub async fn follow_up(
    app: &App,
    caller: &Caller,
    id: i64,
    note: &str,
) -> Result<Recommendation, AppError> {
    let rec = app
        .store
        .recommendation(id)
        .await?
        .ok_or(AppError::NotFound("Rekomendasi"))?;
    // who may not read it learns nothing of it
    instansi_for(app, caller, rec.instansi_id, Action::ViewRecommendations)
        .await
        .map_err(|_| AppError::NotFound("Rekomendasi"))?;
    let inst = instansi_for(app, caller, rec.instansi_id, Action::FollowUpRecommendation).await?;
    let mut errors = Vec::new();
    let note = clean_paragraphs("note", "Tindak lanjut", note, 1, MAX_NOTE, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if rec.follow_up.is_some() {
        return Err(AppError::Conflict(
            "Rekomendasi ini sudah ditindaklanjuti".into(),
        ));
    }
    let notes: Vec<NewNotification> = rec
        .author_id
        .filter(|a| *a != caller.user.id)
        .map(|user_id| NewNotification {
            user_id,
            kind: "rekomendasi".into(),
            message: format!(
                "{} menindaklanjuti rekomendasi {}: {}",
                inst.name,
                rec.year,
                excerpt(&note, 160)
            ),
            link: format!("/instansi/{}/rekomendasi", inst.id),
        })
        .into_iter()
        .collect();
    Ok(app
        .store
        .follow_up_recommendation(&caller.who(), id, &note, &notes)
        .await?)
}

/// The instansi a recommendation was written to, for a caller who may read it (else it is not
/// found).
pub async fn instansi_of(app: &App, caller: &Caller, id: i64) -> Result<i64, AppError> {
    let rec = app
        .store
        .recommendation(id)
        .await?
        .ok_or(AppError::NotFound("Rekomendasi"))?;
    instansi_for(app, caller, rec.instansi_id, Action::ViewRecommendations)
        .await
        .map_err(|_| AppError::NotFound("Rekomendasi"))?;
    Ok(rec.instansi_id)
}

/// The first `max` characters of `text`, with an ellipsis when cut.
fn excerpt(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().count() > max {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn excerpts_cut_on_characters() {
        assert_eq!(excerpt("pendek", 10), "pendek");
        assert_eq!(excerpt("ééééé", 3), "ééé…");
    }
}
