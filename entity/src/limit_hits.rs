//! One time a person ran into an abuse limit: who, which (`kind`) and when. Admins see them on
//! the person's card and in the panel's figures.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "limit_hits")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `users.id`.
    pub user_id: i64,
    /// `unpaid_holds`, `holds_per_hour` or `update_rate`.
    pub kind: String,
    pub at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
