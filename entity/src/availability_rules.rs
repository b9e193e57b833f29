//! Weekly recurring hours, in the performer's local wall-clock time.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "availability_rules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub performer_id: i64,
    /// 1 = Monday … 7 = Sunday.
    pub weekday: i16,
    /// `HH:MM`, local.
    pub start_time: String,
    /// `HH:MM`, local; at or before `start_time` means the range ends the next day.
    pub end_time: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
