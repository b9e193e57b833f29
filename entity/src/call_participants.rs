//! Who joined a booked call (from the video provider's events) and for how long.

use sea_orm::entity::prelude::*;

stored_names! {
    /// Which side of the booked call a participant is.
    pub enum Side: "call side", "String(StringLen::N(16))" {
        User = "user",
        Performer = "performer",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "call_participants")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub booking_id: Uuid,
    /// The provider's user id: our Telegram user id.
    pub participant_id: String,
    pub role: Side,
    pub first_joined_at: TimeDateTimeWithTimeZone,
    pub last_joined_at: TimeDateTimeWithTimeZone,
    pub last_left_at: Option<TimeDateTimeWithTimeZone>,
    pub connected_seconds: i64,
    pub sessions: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
