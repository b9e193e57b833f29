//! Times a performer proposes instead of a booking's (`reschedule_proposals`): drafted while she
//! picks (up to [`MAX_PROPOSED`]), then sent to the user, who takes one (a move, see
//! [`super::booking::BookingService::reschedule`]), keeps the original time, or declines with a
//! full refund. Proposals are not holds: the booking keeps its own slot while they are open,
//! and a proposed time someone else takes meanwhile is refused when picked. Every row names the
//! booking's `version` it was made for, so any change of the booking retires them all.

use entity::reschedule_proposals as proposals;
pub use entity::reschedule_proposals::Model as Proposal;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use time::OffsetDateTime;

use super::booking::Booking;

/// At most this many times per proposal.
pub const MAX_PROPOSED: usize = 3;

/// All of a booking's proposed times for its current version, drafts and sent, soonest first.
pub async fn of(db: &impl ConnectionTrait, booking: &Booking) -> Result<Vec<Proposal>, DbErr> {
    proposals::Entity::find()
        .filter(proposals::Column::BookingId.eq(booking.id))
        .filter(proposals::Column::BookingVersion.eq(booking.version))
        .order_by_asc(proposals::Column::StartsAt)
        .all(db)
        .await
}

/// The times sent to the user and still open (the booking has not changed since).
pub async fn open(db: &impl ConnectionTrait, booking: &Booking) -> Result<Vec<Proposal>, DbErr> {
    Ok(of(db, booking)
        .await?
        .into_iter()
        .filter(|p| p.sent_at.is_some())
        .collect())
}

/// Where the user's booking is moving to: a time the performer proposed and sent, or one the
/// user picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserMove {
    Proposed,
    Picked,
}

impl UserMove {
    /// The reason written to the booking's history.
    pub fn reason(self) -> &'static str {
        match self {
            UserMove::Proposed => "the user took a time the performer proposed",
            UserMove::Picked => "the user picked a new time",
        }
    }
}

/// Whether moving `booking` to `start` takes a time the performer proposed.
pub async fn user_move(
    db: &impl ConnectionTrait,
    booking: &Booking,
    start: jiff::Timestamp,
) -> Result<UserMove, DbErr> {
    let proposed = open(db, booking)
        .await?
        .iter()
        .any(|p| super::availability::to_ts(p.starts_at) == start);
    Ok(if proposed {
        UserMove::Proposed
    } else {
        UserMove::Picked
    })
}

/// What a tap on a time did to the performer's draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toggled {
    Added,
    Removed,
    /// Already [`MAX_PROPOSED`] times: nothing added.
    Full,
    /// That time was sent already: it stays.
    Sent,
}

/// Adds `start` to the draft, or takes it out again.
pub async fn toggle(
    db: &impl ConnectionTrait,
    booking: &Booking,
    start: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<Toggled, DbErr> {
    let rows = of(db, booking).await?;
    if let Some(row) = rows.iter().find(|p| p.starts_at == start) {
        if row.sent_at.is_some() {
            return Ok(Toggled::Sent);
        }
        proposals::Entity::delete_by_id(row.id).exec(db).await?;
        return Ok(Toggled::Removed);
    }
    if rows.len() >= MAX_PROPOSED {
        return Ok(Toggled::Full);
    }
    let row = proposals::ActiveModel {
        booking_id: Set(booking.id),
        booking_version: Set(booking.version),
        starts_at: Set(start),
        sent_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    };
    // A double tap inserts the same time twice: the unique index keeps one.
    proposals::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                proposals::Column::BookingId,
                proposals::Column::BookingVersion,
                proposals::Column::StartsAt,
            ])
            .do_nothing()
            .to_owned(),
        )
        .do_nothing()
        .exec_without_returning(db)
        .await?;
    Ok(Toggled::Added)
}

/// Sends the draft: its times become open to the user. Returns all open times.
pub async fn send(
    db: &impl ConnectionTrait,
    booking: &Booking,
    now: OffsetDateTime,
) -> Result<Vec<Proposal>, DbErr> {
    proposals::Entity::update_many()
        .col_expr(proposals::Column::SentAt, Expr::value(now))
        .filter(proposals::Column::BookingId.eq(booking.id))
        .filter(proposals::Column::BookingVersion.eq(booking.version))
        .filter(proposals::Column::SentAt.is_null())
        .exec(db)
        .await?;
    open(db, booking).await
}

/// The user keeps the original time: the booking's proposals are closed. `false` if there
/// were none open (a second tap).
pub async fn close(db: &impl ConnectionTrait, booking: &Booking) -> Result<bool, DbErr> {
    let result = proposals::Entity::delete_many()
        .filter(proposals::Column::BookingId.eq(booking.id))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}
