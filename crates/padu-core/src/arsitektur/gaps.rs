//! What is computed from a Pemda's items and links, never typed: the gaps (one row per item,
//! listing everything it misses), the counts per domain as-is and to-be (what SIA SPBE reports
//! nationally) and the applications of different OPDs that overlap. Every item counts, drafts
//! included.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value};
use time::{Date, Month};

use super::fields::AppKind;
use super::{Domain, State};

/// What the computations need of one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapItem {
    pub id: i64,
    pub opd: i64,
    pub domain: Domain,
    pub state: State,
    pub reference: Option<String>,
    /// Data: a produsen is named.
    pub produsen: bool,
    /// Data: a wali data is named.
    pub wali_data: bool,
    /// Aplikasi: a hosting is written in its fields.
    pub hosting: bool,
    /// Aplikasi: Umum or Khusus.
    pub app_kind: Option<AppKind>,
    /// Aplikasi: the last security audit.
    pub last_audit: Option<Date>,
}

impl GapItem {
    /// The item's facts read from its (validated) fields.
    pub fn new(
        id: i64,
        opd: i64,
        domain: Domain,
        state: State,
        reference: Option<String>,
        fields: &Map<String, Value>,
    ) -> GapItem {
        let filled = |key: &str| {
            fields
                .get(key)
                .and_then(Value::as_str)
                .is_some_and(|s| !s.trim().is_empty())
        };
        GapItem {
            id,
            opd,
            domain,
            state,
            reference,
            produsen: filled("produsen"),
            wali_data: filled("wali_data"),
            hosting: filled("hosting"),
            app_kind: AppKind::of(fields),
            last_audit: fields
                .get("last_audit")
                .and_then(Value::as_str)
                .and_then(crate::date::parse_iso),
        }
    }
}

/// One item's gaps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapRow {
    pub item: i64,
    pub domain: Domain,
    pub opd: i64,
    pub state: State,
    /// Domain codes it has no link to (`layanan`, `data`, `aplikasi`, `infrastruktur`,
    /// `keamanan`), what it lacks of its own (`produsen`, `wali_data`, `audit_keamanan`) and,
    /// for a to-be item, a roadmap item that answers it (`peta_rencana`), in that order.
    pub missing: Vec<&'static str>,
}

/// Every code [`GapRow::missing`] can hold, in its order.
pub fn missing_codes() -> [&'static str; 9] {
    [
        "layanan",
        "data",
        "aplikasi",
        "infrastruktur",
        "keamanan",
        "produsen",
        "wali_data",
        "audit_keamanan",
        "peta_rencana",
    ]
}

/// The day by which an application audited on `last` must be audited again: a year later for
/// an Aplikasi Umum (and an application whose kind is not given), two for an Aplikasi Khusus.
pub fn audit_due(kind: Option<AppKind>, last: Date) -> Date {
    let years = if kind == Some(AppKind::Khusus) { 2 } else { 1 };
    let year = last.year() + years;
    Date::from_calendar_date(year, last.month(), last.day())
        .or_else(|_| Date::from_calendar_date(year, Month::March, 1))
        .unwrap_or(last)
}

/// The gaps of an architecture: one row per item that misses anything, by OPD, domain and id.
/// `links` are pairs of item ids (either way round); links to ids not in `items` are ignored.
///
/// - a proses bisnis with no layanan, no data, or no aplikasi (reached through its layanan or
///   data: a process is not linked to applications directly);
/// - a layanan with no aplikasi;
/// - data without a produsen or a wali data;
/// - an aplikasi without hosting (no infrastruktur link and no hosting written), without a
///   keamanan control, or whose last security audit is older than a year (Aplikasi Umum, or
///   kind not given) or two (Aplikasi Khusus) on `today`, or that was never audited;
/// - and, in every domain, a to-be item that no roadmap item answers (`planned` holds the ids
///   the Peta Rencana's items aim at): the architecture says it shall be, nobody plans it.
pub fn gaps(
    items: &[GapItem],
    links: &[(i64, i64)],
    planned: &BTreeSet<i64>,
    today: Date,
) -> Vec<GapRow> {
    let by_id: HashMap<i64, &GapItem> = items.iter().map(|i| (i.id, i)).collect();
    let mut neighbours: HashMap<i64, Vec<&GapItem>> = HashMap::new();
    for (a, b) in links {
        if let (Some(x), Some(y)) = (by_id.get(a), by_id.get(b)) {
            neighbours.entry(*a).or_default().push(y);
            neighbours.entry(*b).or_default().push(x);
        }
    }
    let empty = Vec::new();
    let next = |id: i64| neighbours.get(&id).unwrap_or(&empty);
    let has = |id: i64, d: Domain| next(id).iter().any(|n| n.domain == d);
    let mut rows: Vec<GapRow> = Vec::new();
    for item in items {
        let mut missing = Vec::new();
        match item.domain {
            Domain::ProsesBisnis => {
                if !has(item.id, Domain::Layanan) {
                    missing.push("layanan");
                }
                if !has(item.id, Domain::Data) {
                    missing.push("data");
                }
                let reaches_app = next(item.id)
                    .iter()
                    .filter(|n| matches!(n.domain, Domain::Layanan | Domain::Data))
                    .any(|n| has(n.id, Domain::Aplikasi));
                if !reaches_app {
                    missing.push("aplikasi");
                }
            }
            Domain::Layanan => {
                if !has(item.id, Domain::Aplikasi) {
                    missing.push("aplikasi");
                }
            }
            Domain::Data => {
                if !item.produsen {
                    missing.push("produsen");
                }
                if !item.wali_data {
                    missing.push("wali_data");
                }
            }
            Domain::Aplikasi => {
                if !item.hosting && !has(item.id, Domain::Infrastruktur) {
                    missing.push("infrastruktur");
                }
                if !has(item.id, Domain::Keamanan) {
                    missing.push("keamanan");
                }
                let audited = item
                    .last_audit
                    .is_some_and(|last| audit_due(item.app_kind, last) >= today);
                if !audited {
                    missing.push("audit_keamanan");
                }
            }
            Domain::Infrastruktur | Domain::Keamanan => {}
        }
        if item.state == State::ToBe && !planned.contains(&item.id) {
            missing.push("peta_rencana");
        }
        if !missing.is_empty() {
            rows.push(GapRow {
                item: item.id,
                domain: item.domain,
                opd: item.opd,
                state: item.state,
                missing,
            });
        }
    }
    rows.sort_by_key(|r| (r.opd, r.domain, r.item));
    rows
}

/// Counts per domain (indexed by [`Domain::index`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub as_is: [usize; 6],
    pub to_be: [usize; 6],
    /// Items with at least one gap.
    pub gaps: [usize; 6],
}

impl Counts {
    pub fn total(&self) -> usize {
        self.as_is.iter().sum::<usize>() + self.to_be.iter().sum::<usize>()
    }

    pub fn total_gaps(&self) -> usize {
        self.gaps.iter().sum()
    }
}

/// The counts of an instansi and of each of its OPDs (by OPD id).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub instansi: Counts,
    pub opd: BTreeMap<i64, Counts>,
}

/// Counts items as-is and to-be, and items with a gap, per domain, for the instansi and per OPD.
pub fn summary(items: &[GapItem], gaps: &[GapRow]) -> Summary {
    let mut s = Summary::default();
    for item in items {
        let d = item.domain.index();
        for counts in [&mut s.instansi, s.opd.entry(item.opd).or_default()] {
            match item.state {
                State::AsIs => counts.as_is[d] += 1,
                State::ToBe => counts.to_be[d] += 1,
            }
        }
    }
    for row in gaps {
        let d = row.domain.index();
        s.instansi.gaps[d] += 1;
        s.opd.entry(row.opd).or_default().gaps[d] += 1;
    }
    s
}

/// Applications of different OPDs that may do the same job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlap {
    /// The shared code: an RAA code, or the RAL/RAB code of the layanan they serve.
    pub reference: String,
    /// The applications' ids, ascending.
    pub applications: Vec<i64>,
}

/// Groups the applications of at least two OPDs that share an RAA code, or that serve layanan
/// (linked) with the same RAL code; by code.
pub fn overlaps(items: &[GapItem], links: &[(i64, i64)]) -> Vec<Overlap> {
    let by_id: HashMap<i64, &GapItem> = items.iter().map(|i| (i.id, i)).collect();
    let mut groups: BTreeMap<String, BTreeSet<(i64, i64)>> = BTreeMap::new();
    for app in items.iter().filter(|i| i.domain == Domain::Aplikasi) {
        if let Some(code) = &app.reference {
            groups
                .entry(code.clone())
                .or_default()
                .insert((app.id, app.opd));
        }
    }
    for (a, b) in links {
        let (Some(x), Some(y)) = (by_id.get(a), by_id.get(b)) else {
            continue;
        };
        for (app, other) in [(x, y), (y, x)] {
            if app.domain == Domain::Aplikasi
                && other.domain == Domain::Layanan
                && let Some(code) = &other.reference
            {
                groups
                    .entry(code.clone())
                    .or_default()
                    .insert((app.id, app.opd));
            }
        }
    }
    groups
        .into_iter()
        .filter(|(_, apps)| {
            let opds: BTreeSet<i64> = apps.iter().map(|(_, o)| *o).collect();
            opds.len() > 1
        })
        .map(|(reference, apps)| {
            let ids: BTreeSet<i64> = apps.into_iter().map(|(id, _)| id).collect();
            Overlap {
                reference,
                applications: ids.into_iter().collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item(id: i64, opd: i64, domain: Domain, fields: Value) -> GapItem {
        GapItem::new(
            id,
            opd,
            domain,
            State::AsIs,
            None,
            fields.as_object().unwrap_or(&Map::new()),
        )
    }

    fn day(text: &str) -> Date {
        crate::date::parse_iso(text).unwrap_or(Date::MIN)
    }

    #[test]
    fn a_small_architecture_has_exactly_these_gaps() {
        use Domain::*;
        let items = [
            item(1, 10, ProsesBisnis, json!({})),
            item(2, 10, Layanan, json!({})),
            item(3, 10, Data, json!({"produsen": "Disdukcapil"})),
            item(
                4,
                20,
                Aplikasi,
                json!({"kind": "khusus", "last_audit": "2025-01-10"}),
            ),
            item(5, 20, Infrastruktur, json!({})),
            item(6, 20, Keamanan, json!({})),
            item(7, 10, ProsesBisnis, json!({})),
            item(
                8,
                20,
                Aplikasi,
                json!({"hosting": "Pusat data Pemda", "last_audit": "2025-01-10"}),
            ),
        ];
        // process 1 → layanan 2 → aplikasi 4; data 3 → process 1; aplikasi 4 → infra 5, keamanan 6
        let links = [(1, 2), (2, 4), (3, 1), (4, 5), (6, 4)];
        let rows = gaps(&items, &links, &BTreeSet::new(), day("2026-12-05"));
        let got: Vec<(i64, Vec<&str>)> = rows.iter().map(|r| (r.item, r.missing.clone())).collect();
        assert_eq!(
            got,
            vec![
                (7, vec!["layanan", "data", "aplikasi"]),
                (3, vec!["wali_data"]),
                (8, vec!["keamanan", "audit_keamanan"]),
            ]
        );
        let s = summary(&items, &rows);
        assert_eq!(s.instansi.as_is, [2, 1, 1, 2, 1, 1]);
        assert_eq!(s.instansi.gaps, [1, 0, 1, 1, 0, 0]);
        assert_eq!(s.opd[&10].total(), 4);
        assert_eq!(s.opd[&20].gaps[Aplikasi.index()], 1);
    }

    #[test]
    fn a_process_reaches_its_applications_through_its_data() {
        use Domain::*;
        let items = [
            item(1, 1, ProsesBisnis, json!({})),
            item(2, 1, Data, json!({})),
            item(3, 1, Aplikasi, json!({})),
        ];
        let rows = gaps(
            &items,
            &[(1, 2), (2, 3), (9, 1)],
            &BTreeSet::new(),
            day("2026-01-01"),
        );
        assert_eq!(rows[0].item, 1);
        assert_eq!(rows[0].missing, vec!["layanan"]);
    }

    #[test]
    fn a_to_be_item_nobody_plans_is_a_gap() {
        let to_be = |id| GapItem {
            state: State::ToBe,
            ..item(id, 1, Domain::Infrastruktur, json!({}))
        };
        let items = [
            to_be(1),
            to_be(2),
            item(3, 1, Domain::Infrastruktur, json!({})),
        ];
        let planned = BTreeSet::from([2, 3]);
        let rows = gaps(&items, &[], &planned, day("2026-12-05"));
        let got: Vec<(i64, Vec<&str>)> = rows.iter().map(|r| (r.item, r.missing.clone())).collect();
        assert_eq!(got, vec![(1, vec!["peta_rencana"])]);
        assert_eq!(missing_codes().last(), Some(&"peta_rencana"));
    }

    #[test]
    fn audits_fall_due_after_one_year_or_two() {
        let last = day("2024-02-29");
        assert_eq!(audit_due(Some(AppKind::Umum), last), day("2025-03-01"));
        assert_eq!(audit_due(None, day("2025-06-01")), day("2026-06-01"));
        assert_eq!(audit_due(Some(AppKind::Khusus), last), day("2026-03-01"));
        let items = [
            item(
                1,
                1,
                Domain::Aplikasi,
                json!({"kind": "umum", "last_audit": "2025-12-05", "hosting": "x"}),
            ),
            item(
                2,
                1,
                Domain::Aplikasi,
                json!({"kind": "umum", "last_audit": "2025-12-04", "hosting": "x"}),
            ),
        ];
        let rows = gaps(&items, &[], &BTreeSet::new(), day("2026-12-05"));
        assert_eq!(rows[0].missing, vec!["keamanan"]);
        assert_eq!(rows[1].missing, vec!["keamanan", "audit_keamanan"]);
    }

    #[test]
    fn overlaps_need_two_opds() {
        let app = |id, opd, code: &str| GapItem {
            reference: Some(code.to_string()),
            ..item(id, opd, Domain::Aplikasi, json!({}))
        };
        let layanan = GapItem {
            reference: Some("RAL.01.05".into()),
            ..item(9, 3, Domain::Layanan, json!({}))
        };
        let items = [
            app(1, 1, "RAA.02.01"),
            app(2, 2, "RAA.02.01"),
            app(3, 1, "RAA.02.02"),
            app(4, 1, "RAA.02.02"),
            app(5, 4, "RAA.02.03"),
            app(6, 5, "RAA.02.04"),
            layanan,
        ];
        let found = overlaps(&items, &[(5, 9), (9, 6)]);
        assert_eq!(
            found,
            vec![
                Overlap {
                    reference: "RAA.02.01".into(),
                    applications: vec![1, 2]
                },
                Overlap {
                    reference: "RAL.01.05".into(),
                    applications: vec![5, 6]
                },
            ]
        );
    }
}
