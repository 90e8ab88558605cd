//! Peta Rencana SPBE (Perpres 95/2018 Pasal 19): an instansi's roadmap for a span of years
//! (five by default, aligned with the RPJMD) on its basis (the national roadmap, the
//! architecture, the RPJMD, the Renstra), its status (draft, ditetapkan by the kepala daerah's
//! decree, direviu at mid-term or at the end: a review makes a new version, the old one stays
//! readable), and its items: the need, the initiative, the responsible OPD, the years, the
//! yearly targets and budget, the indicators it raises, the status and the semester
//! realisation. Everything here is pure: the rules and the checks, with field errors in Bahasa
//! Indonesia as `(field, message)` pairs.

mod check;
pub mod iku;
pub mod monitoring;

pub use check::{
    MAX_SPAN, MAX_TEXT, MAX_TITLE, YEARS, check_decree, check_indicators, check_item_years,
    check_money, check_realisation, check_span, check_targets, default_end,
};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What a roadmap is based on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The national Peta Rencana SPBE.
    PetaRencanaNasional,
    /// The Pemda's Arsitektur SPBE.
    Arsitektur,
    Rpjmd,
    Renstra,
}

impl Basis {
    pub const ALL: [Basis; 4] = [
        Basis::PetaRencanaNasional,
        Basis::Arsitektur,
        Basis::Rpjmd,
        Basis::Renstra,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Basis::PetaRencanaNasional => "peta_rencana_nasional",
            Basis::Arsitektur => "arsitektur",
            Basis::Rpjmd => "rpjmd",
            Basis::Renstra => "renstra",
        }
    }

    pub fn from_code(code: &str) -> Option<Basis> {
        Basis::ALL.into_iter().find(|b| b.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Basis::PetaRencanaNasional => "Peta Rencana SPBE Nasional",
            Basis::Arsitektur => "Arsitektur SPBE Pemda",
            Basis::Rpjmd => "RPJMD",
            Basis::Renstra => "Renstra Perangkat Daerah",
        }
    }
}

/// Where a roadmap stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoadmapStatus {
    /// Being drafted: everything may change.
    Draft,
    /// Enacted by the kepala daerah (decree number and date recorded): its items keep their
    /// content; only their status, realisation and evaluation notes move.
    Ditetapkan,
    /// Reviewed: a newer version replaced it; it stays readable, and only realisation is still
    /// reported on it.
    Direviu,
}

impl RoadmapStatus {
    pub const ALL: [RoadmapStatus; 3] = [
        RoadmapStatus::Draft,
        RoadmapStatus::Ditetapkan,
        RoadmapStatus::Direviu,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RoadmapStatus::Draft => "draft",
            RoadmapStatus::Ditetapkan => "ditetapkan",
            RoadmapStatus::Direviu => "direviu",
        }
    }

    pub fn from_code(code: &str) -> Option<RoadmapStatus> {
        RoadmapStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            RoadmapStatus::Draft => "Draf",
            RoadmapStatus::Ditetapkan => "Ditetapkan",
            RoadmapStatus::Direviu => "Direviu",
        }
    }

    /// Whether the roadmap's own data (title, span, basis) and its items' content may change.
    pub fn content_editable(self) -> bool {
        self == RoadmapStatus::Draft
    }

    /// Whether its items' status and evaluation notes may change.
    pub fn progress_editable(self) -> bool {
        matches!(self, RoadmapStatus::Draft | RoadmapStatus::Ditetapkan)
    }

    /// Whether it may be enacted.
    pub fn may_enact(self) -> bool {
        self == RoadmapStatus::Draft
    }

    /// Whether it may be reviewed (only an enacted roadmap is).
    pub fn may_review(self) -> bool {
        self == RoadmapStatus::Ditetapkan
    }
}

/// When a review takes place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewKind {
    /// At mid-term.
    Tengah,
    /// In the final year.
    Akhir,
}

impl ReviewKind {
    pub const ALL: [ReviewKind; 2] = [ReviewKind::Tengah, ReviewKind::Akhir];

    pub fn code(self) -> &'static str {
        match self {
            ReviewKind::Tengah => "tengah",
            ReviewKind::Akhir => "akhir",
        }
    }

    pub fn from_code(code: &str) -> Option<ReviewKind> {
        ReviewKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ReviewKind::Tengah => "Reviu paruh waktu",
            ReviewKind::Akhir => "Reviu akhir periode",
        }
    }
}

/// Where a roadmap item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    BelumMulai,
    Berjalan,
    Selesai,
    Tertunda,
    Batal,
}

impl ItemStatus {
    pub const ALL: [ItemStatus; 5] = [
        ItemStatus::BelumMulai,
        ItemStatus::Berjalan,
        ItemStatus::Selesai,
        ItemStatus::Tertunda,
        ItemStatus::Batal,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ItemStatus::BelumMulai => "belum_mulai",
            ItemStatus::Berjalan => "berjalan",
            ItemStatus::Selesai => "selesai",
            ItemStatus::Tertunda => "tertunda",
            ItemStatus::Batal => "batal",
        }
    }

    pub fn from_code(code: &str) -> Option<ItemStatus> {
        ItemStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ItemStatus::BelumMulai => "Belum mulai",
            ItemStatus::Berjalan => "Berjalan",
            ItemStatus::Selesai => "Selesai",
            ItemStatus::Tertunda => "Tertunda",
            ItemStatus::Batal => "Batal",
        }
    }

    /// Whether an item of this status still answers what it aims at (an architecture to-be
    /// item, an indicator's level): every status but batal.
    pub fn counts(self) -> bool {
        self != ItemStatus::Batal
    }
}

/// An indicator of an evaluation instrument that an item raises, and to which level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorTarget {
    /// The instrument's id (`permenpanrb-8-2026`).
    pub instrument: String,
    pub number: u16,
    pub level: u32,
}

/// What an OPD reports for one semester of one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Realisation {
    pub year: i32,
    /// 1 or 2.
    pub semester: u8,
    /// Free text such as "40%".
    pub value: String,
    pub note: Option<String>,
    /// Who reported it, and when (ms since the epoch).
    pub reported_by: String,
    pub reported_at_ms: i64,
}

/// An item's details besides its title, OPD and status. Only the years are required.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemDetails {
    /// The need it answers.
    pub need: Option<String>,
    /// The architecture item (a gap, a to-be item) it closes.
    pub architecture_item: Option<i64>,
    /// The business process it serves.
    pub process: Option<String>,
    /// The SPBE domain or area.
    pub domain: Option<String>,
    /// The initiative (what is done).
    pub initiative: Option<String>,
    /// An external party that carries it out with the OPD.
    pub external_party: Option<String>,
    /// The years it runs, ascending.
    pub years: Vec<i32>,
    /// The target text for each year.
    pub targets: BTreeMap<i32, String>,
    pub baseline: Option<String>,
    /// The programme / kegiatan / sub-kegiatan code (`2.16.03.1.01`).
    pub program_code: Option<String>,
    /// The budget per year in whole rupiah.
    pub budget: BTreeMap<i32, i64>,
    pub indicators: Vec<IndicatorTarget>,
    /// The evaluation notes.
    pub evaluation: Option<String>,
    /// The semester reports, by year and semester (one per semester).
    pub realisation: Vec<Realisation>,
}

impl ItemDetails {
    /// The budget over every year (saturating).
    pub fn total_budget(&self) -> i64 {
        self.budget
            .values()
            .fold(0i64, |sum, v| sum.saturating_add(*v))
    }

    /// Records `r`, replacing an earlier report of the same semester; keeps them ordered.
    pub fn report(&mut self, r: Realisation) {
        self.realisation
            .retain(|x| (x.year, x.semester) != (r.year, r.semester));
        self.realisation.push(r);
        self.realisation.sort_by_key(|x| (x.year, x.semester));
    }

    /// The latest semester report.
    pub fn latest(&self) -> Option<&Realisation> {
        self.realisation.last()
    }
}

/// The budget per year over `items` (each year of `years`, zero where nothing is budgeted).
pub fn budget_per_year<'a>(
    years: std::ops::RangeInclusive<i32>,
    items: impl IntoIterator<Item = &'a ItemDetails>,
) -> BTreeMap<i32, i64> {
    let mut out: BTreeMap<i32, i64> = years.map(|y| (y, 0)).collect();
    for item in items {
        for (y, v) in &item.budget {
            let slot = out.entry(*y).or_insert(0);
            *slot = slot.saturating_add(*v);
        }
    }
    out
}

/// The budget per year of each group of `items` (an OPD, for the budget table per year and
/// OPD): every year of `years` in every group, zero where nothing is budgeted; groups in their
/// order.
pub fn budget_by_group<'a, K: Ord>(
    years: std::ops::RangeInclusive<i32>,
    items: impl IntoIterator<Item = (K, &'a ItemDetails)>,
) -> BTreeMap<K, BTreeMap<i32, i64>> {
    let mut out: BTreeMap<K, BTreeMap<i32, i64>> = BTreeMap::new();
    for (key, item) in items {
        let row = out
            .entry(key)
            .or_insert_with(|| years.clone().map(|y| (y, 0)).collect());
        for (y, v) in &item.budget {
            let slot = row.entry(*y).or_insert(0);
            *slot = slot.saturating_add(*v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_by_group_sums_each_opd_over_every_year() {
        let a = ItemDetails {
            budget: BTreeMap::from([(2026, 100), (2027, 50)]),
            ..ItemDetails::default()
        };
        let b = ItemDetails {
            budget: BTreeMap::from([(2026, 7)]),
            ..ItemDetails::default()
        };
        let out = budget_by_group(2025..=2027, [("X", &a), ("Y", &b), ("X", &b)]);
        assert_eq!(
            out["X"],
            BTreeMap::from([(2025, 0), (2026, 107), (2027, 50)])
        );
        assert_eq!(out["Y"], BTreeMap::from([(2025, 0), (2026, 7), (2027, 0)]));
    }

    #[test]
    fn codes_round_trip() {
        for b in Basis::ALL {
            assert_eq!(Basis::from_code(b.code()), Some(b));
        }
        for s in RoadmapStatus::ALL {
            assert_eq!(RoadmapStatus::from_code(s.code()), Some(s));
        }
        for s in ItemStatus::ALL {
            assert_eq!(ItemStatus::from_code(s.code()), Some(s));
        }
        for k in ReviewKind::ALL {
            assert_eq!(ReviewKind::from_code(k.code()), Some(k));
        }
        assert_eq!(ItemStatus::from_code("belum mulai"), None);
        assert_eq!(
            serde_json::to_value(ItemStatus::BelumMulai).ok(),
            Some(serde_json::json!("belum_mulai"))
        );
    }

    #[test]
    fn what_each_status_lets_change() {
        assert!(RoadmapStatus::Draft.content_editable());
        assert!(!RoadmapStatus::Ditetapkan.content_editable());
        assert!(RoadmapStatus::Ditetapkan.progress_editable());
        assert!(!RoadmapStatus::Direviu.progress_editable());
        assert!(RoadmapStatus::Draft.may_enact());
        assert!(!RoadmapStatus::Ditetapkan.may_enact());
        assert!(RoadmapStatus::Ditetapkan.may_review());
        assert!(!RoadmapStatus::Draft.may_review());
        assert!(!RoadmapStatus::Direviu.may_review());
    }

    fn report(year: i32, semester: u8, value: &str) -> Realisation {
        Realisation {
            year,
            semester,
            value: value.into(),
            note: None,
            reported_by: "op".into(),
            reported_at_ms: 0,
        }
    }

    #[test]
    fn a_semester_is_reported_once_and_reports_stay_ordered() {
        let mut d = ItemDetails::default();
        d.report(report(2026, 1, "40%"));
        d.report(report(2025, 2, "20%"));
        d.report(report(2026, 1, "45%"));
        let got: Vec<(i32, u8, &str)> = d
            .realisation
            .iter()
            .map(|r| (r.year, r.semester, r.value.as_str()))
            .collect();
        assert_eq!(got, [(2025, 2, "20%"), (2026, 1, "45%")]);
        assert_eq!(d.latest().map(|r| r.value.as_str()), Some("45%"));
    }

    #[test]
    fn budgets_add_up_per_year() {
        let a = ItemDetails {
            budget: BTreeMap::from([(2025, 100), (2026, 250)]),
            ..Default::default()
        };
        let b = ItemDetails {
            budget: BTreeMap::from([(2026, 50), (2029, i64::MAX)]),
            ..Default::default()
        };
        assert_eq!(a.total_budget(), 350);
        let per = budget_per_year(2025..=2029, [&a, &b]);
        assert_eq!(
            per.into_iter().collect::<Vec<_>>(),
            [
                (2025, 100),
                (2026, 300),
                (2027, 0),
                (2028, 0),
                (2029, i64::MAX)
            ]
        );
    }
}
