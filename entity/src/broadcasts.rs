//! One go-online broadcast of a performer: who, what kind, how many recipients, whether it was
//! cancelled (the performer went offline while it was still draining).

use sea_orm::entity::prelude::*;

stored_names! {
    /// Why a broadcast went out.
    pub enum BroadcastKind: "broadcast kind", "String(StringLen::N(16))" {
        /// The performer went online.
        Online = "online",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "broadcasts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `performer_profiles.id`.
    pub performer_id: i64,
    pub kind: BroadcastKind,
    /// How many deliveries were queued.
    pub recipients: i32,
    pub created_at: TimeDateTimeWithTimeZone,
    pub cancelled_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::broadcast_deliveries::Entity")]
    Deliveries,
}

impl Related<super::broadcast_deliveries::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Deliveries.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
