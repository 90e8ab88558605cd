//! From a checked import to the store's edits: names become OPD ids, changes are grouped by
//! indicator, and a digest of what was previewed lets the confirmation apply exactly that.

use std::collections::BTreeMap;

use padu_core::audit::token_digest;
use padu_reports::{Change, NewValue, OfficialResult, Preview};
use padu_store::Opd;
use padu_store::evaluation::{PeriodIndicator, WorkPatch};
use padu_store::reports::{FinalResult, IndicatorEdit};

/// The names an imported worksheet may use for OPDs: the instansi's active OPDs.
pub fn opd_names(opds: &[Opd]) -> Vec<String> {
    opds.iter()
        .filter(|o| o.active)
        .map(|o| o.name.clone())
        .collect()
}

/// A short fingerprint of a preview's changes (or an official result's rows): the confirmation
/// carries it, and applies only while the file still means exactly what was shown.
pub fn digest(text: &str) -> String {
    token_digest(text)[..16].to_string()
}

pub fn worksheet_digest(preview: &Preview) -> String {
    digest(&format!("{:?}", preview.changes))
}

pub fn official_digest(result: &OfficialResult) -> String {
    digest(&format!("{:?}", result.rows))
}

/// The store edits of a clean preview, one per indicator with changes. An OPD name that is not
/// (or no longer) one of `opds` is an error naming it.
pub fn worksheet_edits(
    changes: &[Change],
    indicators: &[PeriodIndicator],
    opds: &[Opd],
) -> Result<Vec<IndicatorEdit>, String> {
    let id_of = |name: &str| {
        opds.iter()
            .find(|o| o.name.trim().eq_ignore_ascii_case(name.trim()))
            .map(|o| o.id)
            .ok_or_else(|| format!("OPD \"{name}\" tidak dikenal"))
    };
    let mut by_number: BTreeMap<u16, IndicatorEdit> = BTreeMap::new();
    for change in changes {
        let current = indicators
            .iter()
            .find(|pi| pi.number == change.number)
            .ok_or_else(|| format!("indikator {} tidak ada pada periode ini", change.number))?;
        let edit = by_number
            .entry(change.number)
            .or_insert_with(|| IndicatorEdit {
                number: change.number,
                assignment: None,
                work: WorkPatch::default(),
            });
        match &change.value {
            NewValue::LeadOpd(name) => {
                let lead = name.as_deref().map(id_of).transpose()?;
                let contributors = edit
                    .assignment
                    .take()
                    .map_or_else(|| current.contributors.clone(), |(_, c)| c);
                edit.assignment = Some((lead, contributors));
            }
            NewValue::Contributors(names) => {
                let ids = names
                    .iter()
                    .map(|n| id_of(n))
                    .collect::<Result<Vec<_>, _>>()?;
                let lead = edit
                    .assignment
                    .take()
                    .map_or(current.lead_opd, |(lead, _)| lead);
                edit.assignment = Some((lead, ids));
            }
            NewValue::SelfValue(v) => edit.work.self_value = Some(*v),
            NewValue::Text(text) => match change.field {
                padu_reports::Field::Fakta => edit.work.fakta = Some(text.clone()),
                padu_reports::Field::Analisis => edit.work.analisis = Some(text.clone()),
                _ => {}
            },
        }
    }
    Ok(by_number.into_values().collect())
}

/// The store rows of a clean official result.
pub fn final_results(result: &OfficialResult) -> Vec<FinalResult> {
    result
        .rows
        .iter()
        .map(|r| FinalResult {
            number: r.number,
            value: r.value,
            note: r.note.clone(),
            recommendation: r.recommendation.clone(),
        })
        .collect()
}
