//! Consolidating applications: what the finder proposes for each group of overlapping
//! applications (see [`super::overlaps`]), and the decision the Pemda records for one
//! application (keep it, integrate it with a national application, merge it into another of
//! its own, or retire it), checked here before anything is stored.
//!
//! The proposal is a starting point for the decision, never the decision itself: in a group
//! with a national Aplikasi Umum, the Pemda's own applications are proposed for integration
//! with it and the national one is kept; otherwise the application most linked to the rest of
//! the architecture (the lowest id on a tie) is kept and the others are proposed to be merged
//! into it.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::fields::AppKind;
use super::gaps::{GapItem, Overlap};

/// What is decided for one application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Kept as it is.
    Keep,
    /// Integrated with a national application (its name in `national`).
    Integrate,
    /// Merged into another application of the instansi (`into`).
    Merge,
    /// Retired.
    Retire,
}

impl Decision {
    pub const ALL: [Decision; 4] = [
        Decision::Keep,
        Decision::Integrate,
        Decision::Merge,
        Decision::Retire,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Decision::Keep => "keep",
            Decision::Integrate => "integrate",
            Decision::Merge => "merge",
            Decision::Retire => "retire",
        }
    }

    pub fn from_code(code: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.code() == code)
    }
}

/// What the finder proposes for one application of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub application: i64,
    pub decision: Decision,
    /// The application it would be merged into or integrated with.
    pub with: Option<i64>,
}

/// The proposals for one group of overlapping applications, one per application, in the
/// group's order. `items` must hold the group's applications; `links` the instansi's links.
pub fn propose(group: &Overlap, items: &[GapItem], links: &[(i64, i64)]) -> Vec<Proposal> {
    let by_id: HashMap<i64, &GapItem> = items.iter().map(|i| (i.id, i)).collect();
    let degree = |id: i64| links.iter().filter(|(a, b)| *a == id || *b == id).count();
    let national = group.applications.iter().copied().find(|id| {
        by_id
            .get(id)
            .is_some_and(|i| i.app_kind == Some(AppKind::Umum))
    });
    let kept = national.or_else(|| {
        group
            .applications
            .iter()
            .copied()
            // most links first, then the lowest id
            .max_by_key(|id| (degree(*id), std::cmp::Reverse(*id)))
    });
    group
        .applications
        .iter()
        .map(|&application| {
            let is_national = by_id
                .get(&application)
                .is_some_and(|i| i.app_kind == Some(AppKind::Umum));
            let (decision, with) = if Some(application) == kept || is_national {
                (Decision::Keep, None)
            } else if national.is_some() {
                (Decision::Integrate, national)
            } else {
                (Decision::Merge, kept)
            };
            Proposal {
                application,
                decision,
                with,
            }
        })
        .collect()
}

/// A decision as entered, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionInput<'a> {
    pub decision: Decision,
    /// Merge: the application it goes into.
    pub into: Option<i64>,
    /// Integrate: the national application's name (SRIKANDI, e-Kinerja BKN, ...).
    pub national: Option<&'a str>,
}

/// The problems of a decision for application `application` (field name and message in
/// Bahasa Indonesia); `into_is_application` tells whether `into` is an application of the same
/// instansi.
pub fn check_decision(
    application: i64,
    input: &DecisionInput<'_>,
    into_is_application: bool,
) -> Vec<(&'static str, &'static str)> {
    let mut problems = Vec::new();
    match input.decision {
        Decision::Merge => match input.into {
            None => problems.push(("into", "Pilih aplikasi tujuan penggabungan")),
            Some(id) if id == application => {
                problems.push((
                    "into",
                    "Aplikasi tidak dapat digabungkan ke dirinya sendiri",
                ));
            }
            Some(_) if !into_is_application => problems.push((
                "into",
                "Aplikasi tujuan harus aplikasi lain di arsitektur instansi yang sama",
            )),
            Some(_) => {}
        },
        _ if input.into.is_some() => problems.push((
            "into",
            "Aplikasi tujuan hanya diisi untuk keputusan penggabungan",
        )),
        _ => {}
    }
    let national = input.national.map(str::trim).filter(|n| !n.is_empty());
    match input.decision {
        Decision::Integrate if national.is_none() => {
            problems.push(("national", "Sebutkan aplikasi nasional tujuan integrasi"));
        }
        Decision::Integrate => {}
        _ if national.is_some() => problems.push((
            "national",
            "Aplikasi nasional hanya diisi untuk keputusan integrasi",
        )),
        _ => {}
    }
    problems
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value, json};

    use super::*;
    use crate::arsitektur::{Domain, State};

    fn app(id: i64, opd: i64, kind: &str) -> GapItem {
        let fields: Map<String, Value> = json!({ "kind": kind })
            .as_object()
            .cloned()
            .unwrap_or_default();
        GapItem::new(
            id,
            opd,
            Domain::Aplikasi,
            State::AsIs,
            Some("RAA.05.01".into()),
            &fields,
        )
    }

    #[test]
    fn a_national_application_in_the_group_is_kept_and_the_others_integrate_with_it() {
        let items = [
            app(1, 10, "khusus"),
            app(2, 11, "umum"),
            app(3, 12, "khusus"),
        ];
        let group = Overlap {
            reference: "RAA.05.01".into(),
            applications: vec![1, 2, 3],
        };
        let p = propose(&group, &items, &[]);
        assert_eq!(
            p.iter()
                .map(|p| (p.application, p.decision, p.with))
                .collect::<Vec<_>>(),
            [
                (1, Decision::Integrate, Some(2)),
                (2, Decision::Keep, None),
                (3, Decision::Integrate, Some(2)),
            ]
        );
    }

    #[test]
    fn without_one_the_most_linked_is_kept_and_the_others_merge_into_it() {
        let items = [
            app(1, 10, "khusus"),
            app(2, 11, "khusus"),
            app(3, 12, "khusus"),
        ];
        let group = Overlap {
            reference: "RAA.05.01".into(),
            applications: vec![1, 2, 3],
        };
        let links = [(3, 90), (3, 91), (1, 92)];
        let p = propose(&group, &items, &links);
        assert_eq!(
            p.iter()
                .map(|p| (p.application, p.decision, p.with))
                .collect::<Vec<_>>(),
            [
                (1, Decision::Merge, Some(3)),
                (2, Decision::Merge, Some(3)),
                (3, Decision::Keep, None),
            ]
        );
        // a tie keeps the lowest id
        let p = propose(&group, &items, &[]);
        assert_eq!(p[0].decision, Decision::Keep);
        assert_eq!(p[1].with, Some(1));
    }

    #[test]
    fn a_decision_names_exactly_what_it_needs() {
        let merge = |into| DecisionInput {
            decision: Decision::Merge,
            into,
            national: None,
        };
        assert_eq!(check_decision(5, &merge(Some(6)), true), []);
        assert_eq!(check_decision(5, &merge(None), true)[0].0, "into");
        assert_eq!(check_decision(5, &merge(Some(5)), true)[0].0, "into");
        assert_eq!(check_decision(5, &merge(Some(6)), false)[0].0, "into");
        let integrate = |national| DecisionInput {
            decision: Decision::Integrate,
            into: None,
            national,
        };
        assert_eq!(check_decision(5, &integrate(Some("SRIKANDI")), false), []);
        assert_eq!(
            check_decision(5, &integrate(Some("  ")), false)[0].0,
            "national"
        );
        let keep = DecisionInput {
            decision: Decision::Keep,
            into: Some(6),
            national: Some("SRIKANDI"),
        };
        let fields: Vec<_> = check_decision(5, &keep, true).iter().map(|p| p.0).collect();
        assert_eq!(fields, ["into", "national"]);
        for d in Decision::ALL {
            assert_eq!(Decision::from_code(d.code()), Some(d));
        }
        assert_eq!(Decision::from_code("pertahankan"), None);
    }
}
