//! Reads for the period dashboard and the page header: the indicator values of several periods
//! in one query (the trend across periods) and a user's unread notification count (the badge).

use padu_core::Value;
use padu_core::evaluation::Status;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::value;
use crate::entity::period_indicator;
use crate::{Store, StoreError};

/// The three values of one indicator in one period (no narrative, no evidence).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndicatorValues {
    pub period_id: i64,
    pub number: u16,
    pub self_value: Option<Value>,
    pub accepted_value: Option<Value>,
    pub final_value: Option<Value>,
}

/// A row of [`Store::indicator_values_of_periods`]: period, number, the three values.
type ValuesRow = (i64, i32, Option<i32>, Option<i32>, Option<i32>);

impl Store {
    /// The values of every indicator of the given periods, in one query whatever their number
    /// (ordered by period, then indicator number).
    pub async fn indicator_values_of_periods(
        &self,
        period_ids: &[i64],
    ) -> Result<Vec<IndicatorValues>, StoreError> {
        use period_indicator::Column as C;
        let rows: Vec<ValuesRow> = period_indicator::Entity::find()
            .select_only()
            .columns([
                C::PeriodId,
                C::Number,
                C::SelfValue,
                C::AcceptedValue,
                C::FinalValue,
            ])
            .filter(C::PeriodId.is_in(period_ids.iter().copied()))
            .order_by_asc(C::PeriodId)
            .order_by_asc(C::Number)
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(period_id, number, s, a, f)| {
                Some(IndicatorValues {
                    period_id,
                    number: u16::try_from(number).ok()?,
                    self_value: value(s),
                    accepted_value: value(a),
                    final_value: value(f),
                })
            })
            .collect())
    }
}

/// Where one indicator of one period stands: its status, lead OPD and three values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndicatorState {
    pub values: IndicatorValues,
    pub status: Status,
    pub lead_opd: Option<i64>,
    /// When the indicator last changed (how long it has waited for review).
    pub updated_at_ms: i64,
}

/// A row of [`Store::indicator_states_of_periods`].
type StateRow = (
    i64,
    i32,
    Option<i32>,
    Option<i32>,
    Option<i32>,
    String,
    Option<i64>,
    i64,
);

impl Store {
    /// [`Store::indicator_values_of_periods`] with each indicator's status, lead OPD and last
    /// change (the overview's progress and late OPDs, the Beranda's worklists), in one query
    /// whatever the number of periods.
    pub async fn indicator_states_of_periods(
        &self,
        period_ids: &[i64],
    ) -> Result<Vec<IndicatorState>, StoreError> {
        use period_indicator::Column as C;
        let rows: Vec<StateRow> = period_indicator::Entity::find()
            .select_only()
            .columns([
                C::PeriodId,
                C::Number,
                C::SelfValue,
                C::AcceptedValue,
                C::FinalValue,
                C::Status,
                C::LeadOpdId,
                C::UpdatedAtMs,
            ])
            .filter(C::PeriodId.is_in(period_ids.iter().copied()))
            .order_by_asc(C::PeriodId)
            .order_by_asc(C::Number)
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(
                |(period_id, number, s, a, f, status, lead_opd, updated_at_ms)| {
                    Some(IndicatorState {
                        values: IndicatorValues {
                            period_id,
                            number: u16::try_from(number).ok()?,
                            self_value: value(s),
                            accepted_value: value(a),
                            final_value: value(f),
                        },
                        status: Status::from_code(&status).unwrap_or(Status::Draft),
                        lead_opd,
                        updated_at_ms,
                    })
                },
            )
            .collect())
    }
}
