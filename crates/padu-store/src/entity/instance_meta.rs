use sea_orm::entity::prelude::*;

/// One fact about the installation (`demo` = `true`).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "instance_meta")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub value: String,
    pub updated_at_ms: i64,
}

impl ActiveModelBehavior for ActiveModel {}
