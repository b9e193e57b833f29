//! A completed call the user said did not take place (see `services::disputes`).

use sea_orm::entity::prelude::*;

stored_names! {
    /// What the performer says of a disputed call.
    pub enum PerformerSays: "performer answer", "String(StringLen::N(16))" {
        Held = "held",
        Missed = "missed",
    }
}

stored_names! {
    /// How a dispute was settled.
    pub enum Outcome: "dispute outcome", "String(StringLen::N(16))" {
        Refund = "refund",
        Keep = "keep",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "disputes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub booking_id: Uuid,
    pub opened_at: TimeDateTimeWithTimeZone,
    pub performer_says: Option<PerformerSays>,
    pub performer_answered_at: Option<TimeDateTimeWithTimeZone>,
    pub outcome: Option<Outcome>,
    /// `users.id` of the admin (or the performer) who settled it.
    pub settled_by: Option<i64>,
    pub settled_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
