//! Reads for someone's worklist (the Beranda): the assessor's note on each returned indicator,
//! and the evidence about to expire on a set of indicators of several periods.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::Evidence;
use super::evidence::to_evidence;
use crate::entity::{comment, evidence, indicator_evidence, period_indicator};
use crate::{Store, StoreError};

impl Store {
    /// The ids of the given indicators of a period, by number.
    async fn indicator_ids(
        &self,
        period_id: i64,
        numbers: &[u16],
    ) -> Result<HashMap<i64, u16>, StoreError> {
        let rows: Vec<(i64, i32)> = period_indicator::Entity::find()
            .select_only()
            .columns([
                period_indicator::Column::Id,
                period_indicator::Column::Number,
            ])
            .filter(period_indicator::Column::PeriodId.eq(period_id))
            .filter(period_indicator::Column::Number.is_in(numbers.iter().map(|n| i32::from(*n))))
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, n)| Some((id, u16::try_from(n).ok()?)))
            .collect())
    }

    /// The latest return note ("dikembalikan") of each of the given indicators that has one:
    /// two queries.
    pub async fn return_notes(
        &self,
        period_id: i64,
        numbers: &[u16],
    ) -> Result<HashMap<u16, String>, StoreError> {
        if numbers.is_empty() {
            return Ok(HashMap::new());
        }
        let ids = self.indicator_ids(period_id, numbers).await?;
        let rows: Vec<(i64, String)> = comment::Entity::find()
            .select_only()
            .columns([comment::Column::PeriodIndicatorId, comment::Column::Body])
            .filter(comment::Column::PeriodIndicatorId.is_in(ids.keys().copied()))
            .filter(comment::Column::Kind.eq("dikembalikan"))
            .order_by_desc(comment::Column::Id)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut notes = HashMap::new();
        for (pi, body) in rows {
            if let Some(number) = ids.get(&pi) {
                notes.entry(*number).or_insert(body);
            }
        }
        Ok(notes)
    }

    /// For each of several periods, the evidence linked to any of its listed indicators that expires on or before `date` (ISO), soonest
    /// first, with the indicators it serves there. Three queries whatever the number of periods.
    pub async fn expiring_evidence_of_periods(
        &self,
        wanted: &[(i64, Vec<u16>)],
        date: &str,
    ) -> Result<HashMap<i64, Vec<(Evidence, Vec<u16>)>>, StoreError> {
        let periods: Vec<i64> = wanted
            .iter()
            .filter(|(_, numbers)| !numbers.is_empty())
            .map(|(p, _)| *p)
            .collect();
        if periods.is_empty() {
            return Ok(HashMap::new());
        }
        let rows: Vec<(i64, i64, i32)> = period_indicator::Entity::find()
            .select_only()
            .columns([
                period_indicator::Column::Id,
                period_indicator::Column::PeriodId,
                period_indicator::Column::Number,
            ])
            .filter(period_indicator::Column::PeriodId.is_in(periods.iter().copied()))
            .into_tuple()
            .all(&self.db)
            .await?;
        // the indicator rows asked for: id -> (period, number)
        let ids: HashMap<i64, (i64, u16)> = rows
            .into_iter()
            .filter_map(|(id, p, n)| Some((id, (p, u16::try_from(n).ok()?))))
            .filter(|(_, (p, n))| {
                wanted
                    .iter()
                    .any(|(wp, numbers)| wp == p && numbers.contains(n))
            })
            .collect();
        let links: Vec<(i64, i64)> = indicator_evidence::Entity::find()
            .select_only()
            .columns([
                indicator_evidence::Column::PeriodIndicatorId,
                indicator_evidence::Column::EvidenceId,
            ])
            .filter(indicator_evidence::Column::PeriodIndicatorId.is_in(ids.keys().copied()))
            .into_tuple()
            .all(&self.db)
            .await?;
        // evidence -> period -> the numbers it serves there
        let mut serves: HashMap<i64, HashMap<i64, Vec<u16>>> = HashMap::new();
        for (pi, ev) in links {
            if let Some(&(period, number)) = ids.get(&pi) {
                let list = serves.entry(ev).or_default().entry(period).or_default();
                if !list.contains(&number) {
                    list.push(number);
                }
            }
        }
        let found = evidence::Entity::find()
            .filter(evidence::Column::Id.is_in(serves.keys().copied()))
            .filter(evidence::Column::ExpiryDate.is_not_null())
            .filter(evidence::Column::ExpiryDate.lte(date))
            .order_by_asc(evidence::Column::ExpiryDate)
            .order_by_asc(evidence::Column::Id)
            .all(&self.db)
            .await?;
        let mut out: HashMap<i64, Vec<(Evidence, Vec<u16>)>> = HashMap::new();
        for e in found {
            let Some(by_period) = serves.remove(&e.id) else {
                continue;
            };
            let evidence = to_evidence(e);
            for (period, mut numbers) in by_period {
                numbers.sort_unstable();
                out.entry(period)
                    .or_default()
                    .push((evidence.clone(), numbers));
            }
        }
        Ok(out)
    }
}
