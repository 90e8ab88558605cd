//! Reads for the province and national rankings: the annual evaluations of many instansi in
//! one query; their values come from [`Store::indicator_values_of_periods`].

use padu_core::evaluation::PeriodKind;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entity::period;
use crate::evaluation::Period;
use crate::evaluation::periods::to_period;
use crate::{Store, StoreError};

impl Store {
    /// The years that have an annual evaluation (`evaluasi`) among `instansi_ids` (all instansi
    /// when `None`), the newest first.
    pub async fn evaluation_years(
        &self,
        instansi_ids: Option<&[i64]>,
    ) -> Result<Vec<i32>, StoreError> {
        let mut query = period::Entity::find()
            .select_only()
            .column(period::Column::Year)
            .distinct()
            .filter(period::Column::Kind.eq(PeriodKind::Evaluasi.code()));
        if let Some(ids) = instansi_ids {
            query = query.filter(period::Column::InstansiId.is_in(ids.iter().copied()));
        }
        Ok(query
            .order_by_desc(period::Column::Year)
            .into_tuple()
            .all(&self.db)
            .await?)
    }

    /// The annual evaluations (`evaluasi`) of `year` among `instansi_ids` (all when `None`):
    /// one query. An instansi with several (which the pages do not create) appears with each.
    pub async fn evaluations_of_year(
        &self,
        year: i32,
        instansi_ids: Option<&[i64]>,
    ) -> Result<Vec<Period>, StoreError> {
        let mut query = period::Entity::find()
            .filter(period::Column::Year.eq(year))
            .filter(period::Column::Kind.eq(PeriodKind::Evaluasi.code()));
        if let Some(ids) = instansi_ids {
            query = query.filter(period::Column::InstansiId.is_in(ids.iter().copied()));
        }
        query
            .order_by_asc(period::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_period)
            .collect()
    }
}
