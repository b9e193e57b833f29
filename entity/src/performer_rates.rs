//! What a call with a performer costs, per duration.

use sea_orm::entity::prelude::*;

use crate::currency::Currency;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "performer_rates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub performer_id: i64,
    pub duration_minutes: i32,
    /// Minor units of `currency` (whole Stars for XTR).
    pub price: i64,
    #[sea_orm(column_type = "String(StringLen::N(3))")]
    pub currency: Currency,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::performer_profiles::Entity",
        from = "Column::PerformerId",
        to = "super::performer_profiles::Column::Id",
        on_delete = "Cascade"
    )]
    Performer,
}

impl Related<super::performer_profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Performer.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
