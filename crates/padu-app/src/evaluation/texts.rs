//! How the evaluation's things are named in the user's language: periods, stages, deadlines.
//! Shared by the pages and by the reminders that go out by notification and e-mail.

use padu_core::evaluation::PeriodKind;

use crate::evaluation::dashboard::{Deadline, Stage};
use crate::kit::format::date_text;
use crate::kit::i18n::{Lang, Tr};

/// The kind of a period in the page's language (Indonesian: [`PeriodKind::label`]).
pub fn kind_label(tr: Tr, kind: PeriodKind) -> &'static str {
    match tr.lang {
        Lang::Id => kind.label(),
        Lang::En => match kind {
            PeriodKind::Evaluasi => tr.t("periode.jenis_evaluasi"),
            PeriodKind::Pemantauan => tr.t("periode.jenis_pemantauan"),
            PeriodKind::InternalS1 => tr.t("periode.jenis_internal_s1"),
            PeriodKind::InternalS2 => tr.t("periode.jenis_internal_s2"),
        },
    }
}

/// "Evaluasi 2026", the name of a period.
pub fn period_name(tr: Tr, kind: PeriodKind, year: i32) -> String {
    format!("{} {year}", kind_label(tr, kind))
}

/// The name of a stage in the page's language.
pub fn stage_label(tr: Tr, stage: Stage) -> &'static str {
    match stage {
        Stage::Mandiri => tr.t("periode.tahap_mandiri"),
        Stage::Dokumen => tr.t("periode.tahap_dokumen"),
        Stage::Interviu => tr.t("periode.tahap_interviu"),
        Stage::Visitasi => tr.t("periode.tahap_visitasi"),
    }
}

/// "Penilaian mandiri Evaluasi 2026 berakhir 20 Agustus 2026 (3 hari lagi)".
pub fn deadline_text(tr: Tr, d: &Deadline) -> String {
    let left = if d.days_left == 0 {
        tr.t("dasbor.hari_ini").to_string()
    } else {
        tr.t("dasbor.hari_lagi")
            .replace("{n}", &d.days_left.to_string())
    };
    tr.t("dasbor.tenggat_item")
        .replace("{tahap}", stage_label(tr, d.stage))
        .replace("{periode}", &period_name(tr, d.kind, d.year))
        .replace("{tanggal}", &date_text(&d.end, tr.lang))
        .replace("{sisa}", &left)
}
