//! Time a performer is not available: whole local dates (`from_date`..=`to_date`) or an exact
//! period (`starts_at`..`ends_at`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "availability_blocks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub performer_id: i64,
    pub from_date: Option<TimeDate>,
    pub to_date: Option<TimeDate>,
    pub starts_at: Option<TimeDateTimeWithTimeZone>,
    pub ends_at: Option<TimeDateTimeWithTimeZone>,
    pub reason: Option<String>,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
