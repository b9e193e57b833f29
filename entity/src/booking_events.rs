//! Every booking transition: from, to, the event, who did it, why, when.

use sea_orm::entity::prelude::*;

use super::bookings::BookingStatus;

stored_names! {
    /// Who caused an event.
    pub enum Actor: "actor", "String(StringLen::N(16))" {
        User = "user",
        Performer = "performer",
        Admin = "admin",
        /// Background jobs and webhooks: hold expiry, no-show detection, video provider events.
        System = "system",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "booking_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub booking_id: Uuid,
    /// `None` for the creation of the booking.
    pub from_status: Option<BookingStatus>,
    pub to_status: BookingStatus,
    pub event: String,
    pub actor: Actor,
    pub reason: Option<String>,
    pub at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
