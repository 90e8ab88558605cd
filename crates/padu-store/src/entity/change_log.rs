use sea_orm::entity::prelude::*;

/// What one committed write touched, for the other instances' read caches (see
/// [`crate::changes`]): `keys` is `*` (everything) or keys such as `i3 u7 n9`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "change_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    pub at_ms: i64,
    pub keys: String,
}

impl ActiveModelBehavior for ActiveModel {}
