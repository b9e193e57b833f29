//! The figures on the admin panel: bookings by status, Stars taken and refunded, no-shows, since
//! a moment (the start of the admin's day or week); performers online; notices waiting to go out.

use entity::{booking_events, bookings, broadcast_deliveries, payments, performer_profiles};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use time::OffsetDateTime;

use crate::domain::booking::BookingStatus;

/// What happened since a moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// Bookings made since (drafts left out), by their status now, most first.
    pub by_status: Vec<(BookingStatus, u64)>,
    /// Stars paid since, and Stars refunded since.
    pub stars_taken: i64,
    pub stars_refunded: i64,
    /// Calls someone did not come to (either side), decided since.
    pub no_shows: u64,
}

impl Figures {
    pub fn bookings(&self) -> u64 {
        self.by_status.iter().map(|(_, n)| n).sum()
    }
}

pub async fn since(db: &impl ConnectionTrait, from: OffsetDateTime) -> Result<Figures, DbErr> {
    let statuses: Vec<BookingStatus> = bookings::Entity::find()
        .select_only()
        .column(bookings::Column::Status)
        .filter(bookings::Column::CreatedAt.gte(from))
        .filter(bookings::Column::Status.ne(BookingStatus::Draft))
        .into_tuple()
        .all(db)
        .await?;
    let mut by_status: Vec<(BookingStatus, u64)> = Vec::new();
    for status in statuses {
        match by_status.iter_mut().find(|(s, _)| *s == status) {
            Some((_, n)) => *n += 1,
            None => by_status.push((status, 1)),
        }
    }
    by_status.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.as_str().cmp(b.0.as_str())));
    let paid = payments::Entity::find()
        .filter(payments::Column::Currency.eq("XTR"))
        .filter(payments::Column::CreatedAt.gte(from))
        .all(db)
        .await?;
    let refunded = payments::Entity::find()
        .filter(payments::Column::Currency.eq("XTR"))
        .filter(payments::Column::RefundedAt.gte(from))
        .all(db)
        .await?;
    let no_shows = booking_events::Entity::find()
        .filter(booking_events::Column::Event.is_in(["performer_absent", "user_absent"]))
        .filter(booking_events::Column::At.gte(from))
        .count(db)
        .await?;
    Ok(Figures {
        by_status,
        stars_taken: paid.iter().map(|p| p.amount).sum(),
        stars_refunded: refunded.iter().map(|p| p.amount).sum(),
        no_shows,
    })
}

pub async fn performers_online(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    performer_profiles::Entity::find()
        .filter(performer_profiles::Column::Online.eq(true))
        .count(db)
        .await
}

/// Go-online notices still to be sent.
pub async fn notices_waiting(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    broadcast_deliveries::Entity::find()
        .filter(broadcast_deliveries::Column::Status.eq(broadcast_deliveries::DeliveryStatus::Pending))
        .count(db)
        .await
}
