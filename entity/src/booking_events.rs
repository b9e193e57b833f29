//! Every booking transition: from, to, the event, who did it, why, when.

use sea_orm::entity::prelude::*;

use super::bookings::BookingStatus;

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
    /// `user`, `performer`, `admin` or `system`.
    pub actor: String,
    pub reason: Option<String>,
    pub at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
