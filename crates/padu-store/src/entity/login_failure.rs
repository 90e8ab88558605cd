use sea_orm::entity::prelude::*;

/// Recent failed sign-ins under one throttle key (a username and address, an address, or a
/// username), counted since `since_ms`: shared by every instance on the database.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_failures")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub throttle_key: String,
    pub failures: i64,
    pub since_ms: i64,
}

impl ActiveModelBehavior for ActiveModel {}
