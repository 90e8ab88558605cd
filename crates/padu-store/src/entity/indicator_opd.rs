use sea_orm::entity::prelude::*;

/// A contributing OPD of one indicator in one period.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "indicator_opds")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub period_indicator_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub opd_id: i64,
}

impl ActiveModelBehavior for ActiveModel {}
