//! The pages of one indicator in a period: the work page (criteria of every level, claim,
//! narrative, evidence, review, final value, comments), "check your answers" before submitting,
//! and the forms that post to them. Also what the task list and the assignment page share with
//! them: the period's heading, status tags, values in the reader's number format.
//!
//! `load` fetches what the page shows and decides what the caller may do there, `levels` builds
//! the criteria and evidence per level, `view` the work page, `check` "check your answers";
//! `work` handles the OPD's forms, `review` the assessors' and the period managers'.

mod check;
mod levels;
mod load;
mod review;
mod view;
mod work;

use std::collections::HashMap;

use axum::http::{HeaderMap, StatusCode};
use padu_core::Value;
use padu_core::evaluation::{PeriodKind, Status};
use padu_store::Opd;
use serde::Deserialize;

use crate::kit::form::FormErrors;
use crate::kit::layout::{Failure, parse_id};
use padu_app::AppError;
use padu_app::evaluation::PeriodContext;
use padu_app::kit::i18n::{Lang, Tr};

pub use check::check;
pub use review::{accept, return_indicator, set_external, set_final, verdict};
pub use view::show;
pub use work::{comment, link, save_work, submit, upload};

/// The period a page belongs to, as its heading shows it.
#[derive(Debug, Clone)]
pub struct PeriodHead {
    pub id: i64,
    /// "Evaluasi 2026".
    pub title: String,
    /// "PermenPAN-RB 8/2026".
    pub instrument: String,
    pub instansi: String,
}

pub fn period_head(tr: Tr, ctx: &PeriodContext) -> PeriodHead {
    PeriodHead {
        id: ctx.period.id,
        title: format!("{} {}", kind_label(tr, ctx.period.kind), ctx.period.year),
        instrument: ctx.instrument.short_name.clone(),
        instansi: ctx.instansi.name.clone(),
    }
}

pub fn kind_label(tr: Tr, kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Evaluasi => tr.t("indikator.jenis_evaluasi"),
        PeriodKind::Pemantauan => tr.t("indikator.jenis_pemantauan"),
        PeriodKind::InternalS1 => tr.t("indikator.jenis_internal_s1"),
        PeriodKind::InternalS2 => tr.t("indikator.jenis_internal_s2"),
    }
}

/// A coloured status label (GOV.UK tag).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tag {
    pub label: &'static str,
    /// `tag--grey`, `tag--blue`, ...
    pub class: &'static str,
}

/// The status of an indicator; carried-forward work not yet looked at again says so instead.
pub fn status_tag(tr: Tr, status: Status, to_review: bool) -> Tag {
    if to_review {
        return Tag {
            label: tr.t("indikator.status_tinjau"),
            class: "tag--yellow",
        };
    }
    match status {
        Status::Draft => Tag {
            label: tr.t("indikator.status_draf"),
            class: "tag--grey",
        },
        Status::Submitted => Tag {
            label: tr.t("indikator.status_diajukan"),
            class: "tag--blue",
        },
        Status::Returned => Tag {
            label: tr.t("indikator.status_dikembalikan"),
            class: "tag--red",
        },
        Status::Accepted => Tag {
            label: tr.t("indikator.status_diterima"),
            class: "tag--green",
        },
    }
}

/// The decimal separator of the reader's language.
pub fn decimal_separator(lang: Lang) -> char {
    match lang {
        Lang::Id => ',',
        Lang::En => '.',
    }
}

/// A value as the instrument shows it (`3`; `1,26` under 8/2026), in the reader's format.
pub fn value_text(ctx: &PeriodContext, value: Value, lang: Lang) -> String {
    ctx.instrument.values.format(value, decimal_separator(lang))
}

/// A select option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The period id and indicator number of a path (`/periode/{id}/indikator/{number}`).
pub fn path_ids(raw: &(String, String), lang: Lang) -> Result<(i64, u16), Failure> {
    let id = parse_id(&raw.0, "Periode").map_err(|e| Failure(e, lang))?;
    let number = raw
        .1
        .parse::<u16>()
        .map_err(|_| Failure(AppError::NotFound("Indikator"), lang))?;
    Ok((id, number))
}

/// OPD names by id.
pub fn opd_names(opds: &[Opd]) -> HashMap<i64, String> {
    opds.iter().map(|o| (o.id, o.name.clone())).collect()
}

/// Whether a request comes from htmx (which then gets only the part it swaps).
pub fn is_htmx(headers: &HeaderMap) -> bool {
    headers.get("hx-request").is_some_and(|v| v == "true")
}

/// The query of a page reached by a redirect after a change: what happened, and about what.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoticeQuery {
    pub pesan: Option<String>,
    /// Searches the evidence offered for reuse by name.
    pub cari_bukti: Option<String>,
    pub jumlah: Option<String>,
    pub nomor: Option<String>,
}

/// A form's problems from a service error, with the services' field names renamed to the ids
/// of this page's fields (several forms share one page). `None`: not about the form.
pub fn form_errors(err: &AppError, rename: &[(&str, &str)]) -> Option<(StatusCode, FormErrors)> {
    let (status, mut errors) = FormErrors::from_error(err, "")?;
    for p in &mut errors.items {
        if let Some((_, to)) = rename.iter().find(|(from, _)| *from == p.field) {
            p.field = (*to).to_string();
        }
    }
    Some((status, errors))
}

/// A service message as a sentence ("level yang diklaim belum diisi" -> "Level ...").
pub fn capital(text: &str) -> String {
    padu_app::kit::text::capitalise(text.trim())
}

/// "2,0 MB" for a size in bytes (whole bytes under 1 KB), and "2.097.152 bita" for its title.
pub fn size_text(bytes: i64, lang: Lang) -> (String, String) {
    let exact = format!(
        "{} {}",
        padu_app::kit::format::number(usize::try_from(bytes).unwrap_or(0), lang),
        Tr::new(lang).t("indikator.bita")
    );
    let sep = decimal_separator(lang);
    let tenths = |unit: i64| {
        let t = (bytes * 10 + unit / 2) / unit;
        format!("{}{sep}{}", t / 10, t % 10)
    };
    let short = if bytes < 1024 {
        exact.clone()
    } else if bytes < 1024 * 1024 {
        format!("{} KB", tenths(1024))
    } else {
        format!("{} MB", tenths(1024 * 1024))
    };
    (short, exact)
}

#[cfg(test)]
mod tests {
    use super::*;
    use padu_app::kit::format::date_text;

    #[test]
    fn sizes_and_days_in_the_readers_format() {
        assert_eq!(
            size_text(512, Lang::Id),
            ("512 bita".to_string(), "512 bita".to_string())
        );
        assert_eq!(size_text(2048, Lang::Id).0, "2,0 KB");
        assert_eq!(size_text(2048, Lang::Id).1, "2.048 bita");
        assert_eq!(size_text(1_572_864, Lang::Id).0, "1,5 MB");
        assert_eq!(size_text(1_572_864, Lang::En).0, "1.5 MB");
        assert_eq!(size_text(1_572_864, Lang::En).1, "1,572,864 bytes");
        assert_eq!(date_text("2026-08-17", Lang::Id), "17 Agustus 2026");
        assert_eq!(date_text("2026-08-17", Lang::En), "17 August 2026");
        assert_eq!(date_text("kemarin", Lang::Id), "kemarin");
    }
}
