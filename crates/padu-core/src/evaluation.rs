//! The rules of one indicator's evaluation: its review status, what a submission needs, and
//! how evidence reviews decide which level is proven.
//!
//! draft -> submitted (by the lead OPD's operator) -> returned with a note | accepted with a
//! level (by an internal assessor); returned -> submitted again. The final level is entered
//! separately (external assessor or an imported official result).

use serde::{Deserialize, Serialize};

use crate::exact::Value;
use crate::instrument::{Indicator, Instrument};

/// The kind of an evaluation period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PeriodKind {
    /// The national annual evaluation.
    #[serde(rename = "evaluasi")]
    Evaluasi,
    /// A monitoring year (self-assessment and document review only).
    #[serde(rename = "pemantauan")]
    Pemantauan,
    /// The Pemda's own internal evaluation, first semester.
    #[serde(rename = "internal-s1")]
    InternalS1,
    /// The Pemda's own internal evaluation, second semester.
    #[serde(rename = "internal-s2")]
    InternalS2,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 4] = [
        PeriodKind::Evaluasi,
        PeriodKind::Pemantauan,
        PeriodKind::InternalS1,
        PeriodKind::InternalS2,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PeriodKind::Evaluasi => "evaluasi",
            PeriodKind::Pemantauan => "pemantauan",
            PeriodKind::InternalS1 => "internal-s1",
            PeriodKind::InternalS2 => "internal-s2",
        }
    }

    pub fn from_code(code: &str) -> Option<PeriodKind> {
        PeriodKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            PeriodKind::Evaluasi => "Evaluasi",
            PeriodKind::Pemantauan => "Pemantauan",
            PeriodKind::InternalS1 => "Evaluasi Internal Semester I",
            PeriodKind::InternalS2 => "Evaluasi Internal Semester II",
        }
    }
}

/// The statuses in which the OPD may still change its work (and an import its claim).
pub const EDITABLE: [Status; 2] = [Status::Draft, Status::Returned];

/// Where an indicator is in the internal review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Submitted,
    Returned,
    Accepted,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Draft,
        Status::Submitted,
        Status::Returned,
        Status::Accepted,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Returned => "returned",
            Status::Accepted => "accepted",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draf",
            Status::Submitted => "Diajukan",
            Status::Returned => "Dikembalikan",
            Status::Accepted => "Diterima",
        }
    }

    /// Whether the OPD may still change the claim, narrative and evidence.
    pub fn editable(self) -> bool {
        matches!(self, Status::Draft | Status::Returned)
    }
}

/// What an OPD has put together for one indicator, as far as submitting is concerned.
#[derive(Debug, Clone, Default)]
pub struct Claim<'a> {
    pub value: Option<Value>,
    pub fakta: &'a str,
    pub analisis: &'a str,
    /// The levels that have at least one evidence item.
    pub evidence_levels: &'a [u32],
}

/// Why a transition is refused, in Indonesian.
pub type Refusal = String;

/// Checks a submission: a claimed value, both parts of the narrative, and (from level 2 on)
/// evidence for the claimed level. Indicators scored from an external index need no evidence.
/// Every missing piece is listed.
pub fn check_submission(
    instrument: &Instrument,
    indicator: &Indicator,
    status: Status,
    claim: &Claim<'_>,
) -> Result<(), Vec<Refusal>> {
    let mut refusals = Vec::new();
    if !status.editable() {
        refusals.push(format!(
            "indikator berstatus {} dan tidak dapat diajukan",
            status.label().to_lowercase()
        ));
    }
    match claim.value {
        None => refusals.push("level yang diklaim belum diisi".into()),
        Some(v) if !instrument.values.contains(v) => {
            refusals.push("level yang diklaim di luar skala instrumen".into());
        }
        Some(_) => {}
    }
    if !indicator.is_external() {
        if claim.fakta.trim().is_empty() {
            refusals.push("narasi fakta belum diisi".into());
        }
        if claim.analisis.trim().is_empty() {
            refusals.push("narasi analisis belum diisi".into());
        }
        if let Some(level) = claim.value.map(Value::floor_level)
            && level >= 2
            && !claim.evidence_levels.contains(&level)
        {
            refusals.push(format!("bukti dukung untuk level {level} belum diunggah"));
        }
    }
    if refusals.is_empty() {
        Ok(())
    } else {
        Err(refusals)
    }
}

/// Return (by an internal assessor): only a submitted indicator, and only with a note.
pub fn check_return(status: Status, note: &str) -> Result<(), Vec<Refusal>> {
    let mut refusals = Vec::new();
    if status != Status::Submitted {
        refusals.push("hanya indikator yang diajukan yang dapat dikembalikan".into());
    }
    if note.trim().is_empty() {
        refusals.push("catatan pengembalian wajib diisi".into());
    }
    if refusals.is_empty() {
        Ok(())
    } else {
        Err(refusals)
    }
}

/// Accept (by an internal assessor): only a submitted indicator, with a value on the scale.
pub fn check_accept(
    instrument: &Instrument,
    status: Status,
    value: Value,
) -> Result<(), Vec<Refusal>> {
    let mut refusals = Vec::new();
    if status != Status::Submitted {
        refusals.push("hanya indikator yang diajukan yang dapat diterima".into());
    }
    if let Some(problem) = crate::score::value_problem(instrument, value) {
        refusals.push(problem);
    }
    if refusals.is_empty() {
        Ok(())
    } else {
        Err(refusals)
    }
}

/// The review of one evidence item, as the national application records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceReview {
    /// Not reviewed yet (stored as `pending`).
    BelumDitinjau,
    Diterima,
    /// Revisi: tidak tepat (does not prove the level).
    TidakTepat,
    /// Revisi: belum diunggah (the expected document is missing).
    BelumDiunggah,
    /// Revisi: ditolak otomatis (a lower level is not yet accepted).
    DitolakOtomatis,
}

impl EvidenceReview {
    pub const ALL: [EvidenceReview; 5] = [
        EvidenceReview::BelumDitinjau,
        EvidenceReview::Diterima,
        EvidenceReview::TidakTepat,
        EvidenceReview::BelumDiunggah,
        EvidenceReview::DitolakOtomatis,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EvidenceReview::BelumDitinjau => "pending",
            EvidenceReview::Diterima => "diterima",
            EvidenceReview::TidakTepat => "tidak_tepat",
            EvidenceReview::BelumDiunggah => "belum_diunggah",
            EvidenceReview::DitolakOtomatis => "ditolak_otomatis",
        }
    }

    pub fn from_code(code: &str) -> Option<EvidenceReview> {
        EvidenceReview::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            EvidenceReview::BelumDitinjau => "Belum ditinjau",
            EvidenceReview::Diterima => "Diterima",
            EvidenceReview::TidakTepat => "Revisi: tidak tepat",
            EvidenceReview::BelumDiunggah => "Revisi: belum diunggah",
            EvidenceReview::DitolakOtomatis => "Revisi: ditolak otomatis",
        }
    }
}

/// The highest level proven by evidence: level N counts only when every item at levels
/// 2..=N is accepted and each of those levels has at least one item ("berjenjang"). Level 1,
/// the floor, needs nothing. `items` are (level, review).
pub fn proven_level(min_level: u32, items: &[(u32, EvidenceReview)]) -> u32 {
    let mut proven = min_level.max(1);
    loop {
        let next = proven + 1;
        let at_next: Vec<EvidenceReview> = items
            .iter()
            .filter(|(l, _)| *l == next)
            .map(|(_, r)| *r)
            .collect();
        if at_next.is_empty() || at_next.iter().any(|r| *r != EvidenceReview::Diterima) {
            return proven;
        }
        proven = next;
    }
}

/// After an assessor's review: items above the first level that is not fully accepted are
/// marked "ditolak otomatis" (unless already marked revisi for another reason). Returns the
/// indices of the items to change.
pub fn auto_rejections(min_level: u32, items: &[(u32, EvidenceReview)]) -> Vec<usize> {
    let proven = proven_level(min_level, items);
    // the first level that failed is proven + 1; everything above it cannot count yet
    items
        .iter()
        .enumerate()
        .filter(|(_, (level, review))| {
            *level > proven + 1
                && matches!(
                    review,
                    EvidenceReview::BelumDitinjau | EvidenceReview::Diterima
                )
        })
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::EvidenceReview::*;
    use super::*;

    #[test]
    fn levels_count_only_continuously_from_below() {
        assert_eq!(proven_level(1, &[]), 1);
        assert_eq!(proven_level(1, &[(2, Diterima), (3, Diterima)]), 3);
        assert_eq!(
            proven_level(1, &[(2, Diterima), (2, BelumDitinjau), (3, Diterima)]),
            1,
            "one item at level 2 is pending"
        );
        assert_eq!(proven_level(1, &[(3, Diterima)]), 1, "level 2 has no item");
        assert_eq!(
            proven_level(1, &[(2, Diterima), (3, TidakTepat), (4, Diterima)]),
            2
        );
        assert_eq!(proven_level(0, &[(1, Diterima)]), 1);
    }

    #[test]
    fn items_above_a_failed_level_are_rejected_automatically() {
        let items = [
            (2, Diterima),
            (3, TidakTepat),
            (4, Diterima),
            (5, BelumDitinjau),
            (4, BelumDiunggah),
        ];
        assert_eq!(auto_rejections(1, &items), vec![2, 3]);
        assert!(auto_rejections(1, &[(2, Diterima), (3, Diterima)]).is_empty());
    }

    #[test]
    fn status_codes_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
        }
        for r in EvidenceReview::ALL {
            assert_eq!(EvidenceReview::from_code(r.code()), Some(r));
        }
        assert!(Status::Returned.editable() && !Status::Submitted.editable());
    }
}
