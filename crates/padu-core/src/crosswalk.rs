//! Crosswalks between two instruments: which indicators of one feed which of the other.
//!
//! A crosswalk carries evidence and narratives across instruments. It never converts scores:
//! a level under 59/2020 says nothing exact about a value under 8/2026.

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::instrument::Instrument;
use crate::problem::Problems;

/// How sure the mapping is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Rendah,
    Sedang,
    Tinggi,
}

impl Confidence {
    pub fn label(self) -> &'static str {
        match self {
            Confidence::Tinggi => "tinggi",
            Confidence::Sedang => "sedang",
            Confidence::Rendah => "rendah",
        }
    }
}

/// One link: indicator `from` of the old instrument feeds indicator `to` of the new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrosswalkLink {
    pub from: u16,
    pub to: u16,
    pub confidence: Confidence,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crosswalk {
    pub from: String,
    pub to: String,
    pub note: Option<String>,
    /// Ordered by `to`, then `from`.
    pub links: Vec<CrosswalkLink>,
}

impl Crosswalk {
    /// The links as seen from `from_id` to `to_id`: the stored direction, or reversed.
    pub fn oriented(&self, from_id: &str, to_id: &str) -> Option<Vec<CrosswalkLink>> {
        if self.from == from_id && self.to == to_id {
            Some(self.links.clone())
        } else if self.from == to_id && self.to == from_id {
            let mut links: Vec<CrosswalkLink> = self
                .links
                .iter()
                .map(|l| CrosswalkLink {
                    from: l.to,
                    to: l.from,
                    confidence: l.confidence,
                })
                .collect();
            links.sort_by_key(|l| (l.to, l.from));
            Some(links)
        } else {
            None
        }
    }

    /// The old indicators that feed new indicator `to`, most confident first.
    pub fn sources_of(&self, to: u16) -> Vec<CrosswalkLink> {
        let mut links: Vec<CrosswalkLink> =
            self.links.iter().copied().filter(|l| l.to == to).collect();
        links.sort_by(|a, b| b.confidence.cmp(&a.confidence).then(a.from.cmp(&b.from)));
        links
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCrosswalk {
    from: String,
    to: String,
    note: Option<String>,
    links: Vec<RawLink>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLink {
    to: i64,
    from: Vec<i64>,
    confidence: Confidence,
    #[allow(dead_code)] // kept for people editing the file; not shown yet
    note: Option<String>,
}

/// Reads a crosswalk file and checks it against the instruments it joins.
pub fn parse_crosswalk(
    file: &str,
    text: &str,
    instruments: &[&Instrument],
) -> Result<Crosswalk, Problems> {
    let mut problems = Problems::default();
    let raw: RawCrosswalk = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            problems.push(file, crate::instrument::parse::toml_message(&e, text));
            return Err(problems);
        }
    };
    let find = |id: &str| instruments.iter().find(|i| i.id == id).copied();
    let (from, to) = (find(&raw.from), find(&raw.to));
    for (side, id, found) in [("from", &raw.from, from), ("to", &raw.to, to)] {
        if found.is_none() {
            problems.push(
                format!("{file}: {side}"),
                format!("instrumen \"{id}\" tidak dikenal"),
            );
        }
    }
    if raw.from == raw.to {
        problems.push(file, "instrumen asal dan tujuan sama");
    }
    let exists = |inst: Option<&Instrument>, n: i64| {
        u16::try_from(n)
            .ok()
            .filter(|n| inst.is_none_or(|i| i.indicator(*n).is_some()))
    };
    let mut seen = BTreeSet::new();
    let mut links = Vec::new();
    for link in raw.links {
        let item = format!("{file}: tautan ke indikator {}", link.to);
        let Some(to_number) = exists(to, link.to) else {
            problems.push(
                &item,
                format!("indikator {} tidak ada pada {}", link.to, raw.to),
            );
            continue;
        };
        for from_number in link.from {
            let Some(from_number) = exists(from, from_number) else {
                problems.push(
                    &item,
                    format!("indikator {from_number} tidak ada pada {}", raw.from),
                );
                continue;
            };
            if !seen.insert((to_number, from_number)) {
                problems.push(
                    &item,
                    format!("tautan dari indikator {from_number} ditulis lebih dari sekali"),
                );
                continue;
            }
            links.push(CrosswalkLink {
                from: from_number,
                to: to_number,
                confidence: link.confidence,
            });
        }
    }
    links.sort_by_key(|l| (l.to, l.from));
    problems.into_result(Crosswalk {
        from: raw.from,
        to: raw.to,
        note: raw.note,
        links,
    })
}
