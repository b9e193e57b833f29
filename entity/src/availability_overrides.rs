//! Special hours on one local date, replacing that weekday's rules (no ranges = closed).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "availability_overrides")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub performer_id: i64,
    pub date: TimeDate,
    /// JSON array of `["HH:MM", "HH:MM"]` pairs.
    pub ranges: Json,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
