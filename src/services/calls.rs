//! Booked calls as the video provider reports them: events taken in once, who joined and for
//! how long, reminders claimed once, and the bookings the call worker must look at.

use entity::{bookings, call_participants, processed_video_events};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TryInsertResult,
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::booking::BookingStatus;
use crate::services::booking::Booking;

/// Takes in a provider event id; `false` if it was taken in before (a redelivery).
pub async fn first_delivery(
    db: &impl ConnectionTrait,
    event_id: &str,
    now: OffsetDateTime,
) -> Result<bool, DbErr> {
    let row = processed_video_events::ActiveModel {
        event_id: Set(event_id.chars().take(128).collect()),
        received_at: Set(now),
    };
    let result = processed_video_events::Entity::insert(row)
        .on_conflict(
            OnConflict::column(processed_video_events::Column::EventId)
                .do_nothing()
                .to_owned(),
        )
        .do_nothing()
        .exec_without_returning(db)
        .await?;
    Ok(matches!(result, TryInsertResult::Inserted(n) if n > 0))
}

/// Gives an event back after its handling failed, so Daily's redelivery is handled.
pub async fn forget_delivery(db: &impl ConnectionTrait, event_id: &str) -> Result<(), DbErr> {
    processed_video_events::Entity::delete_by_id(event_id.to_owned())
        .exec(db)
        .await?;
    Ok(())
}

pub async fn booking_by_room(db: &impl ConnectionTrait, room_name: &str) -> Result<Option<Booking>, DbErr> {
    bookings::Entity::find()
        .filter(bookings::Column::RoomName.eq(room_name))
        .one(db)
        .await
}

pub use entity::call_participants::Side;

/// Records a join: the first join is kept, the latest join and the session count move.
pub async fn joined(
    db: &impl ConnectionTrait,
    booking_id: Uuid,
    participant_id: &str,
    side: Side,
    at: OffsetDateTime,
) -> Result<(), DbErr> {
    let row = call_participants::ActiveModel {
        booking_id: Set(booking_id),
        participant_id: Set(participant_id.chars().take(64).collect()),
        role: Set(side),
        first_joined_at: Set(at),
        last_joined_at: Set(at),
        last_left_at: Set(None),
        connected_seconds: Set(0),
        sessions: Set(1),
        ..Default::default()
    };
    let inserted = call_participants::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                call_participants::Column::BookingId,
                call_participants::Column::ParticipantId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .do_nothing()
        .exec_without_returning(db)
        .await?;
    if !matches!(inserted, TryInsertResult::Inserted(n) if n > 0) {
        call_participants::Entity::update_many()
            .col_expr(call_participants::Column::LastJoinedAt, Expr::value(at))
            .col_expr(
                call_participants::Column::Sessions,
                Expr::col(call_participants::Column::Sessions).add(1),
            )
            .filter(call_participants::Column::BookingId.eq(booking_id))
            .filter(call_participants::Column::ParticipantId.eq(participant_id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Records a leave with the session's connected time.
pub async fn left(
    db: &impl ConnectionTrait,
    booking_id: Uuid,
    participant_id: &str,
    at: OffsetDateTime,
    seconds: Option<i64>,
) -> Result<(), DbErr> {
    let seconds = match seconds {
        Some(seconds) => seconds,
        // Since this person's latest join (a provider that does not say).
        None => call_participants::Entity::find()
            .filter(call_participants::Column::BookingId.eq(booking_id))
            .filter(call_participants::Column::ParticipantId.eq(participant_id))
            .one(db)
            .await?
            .map_or(0, |row| (at - row.last_joined_at).whole_seconds()),
    };
    call_participants::Entity::update_many()
        .col_expr(call_participants::Column::LastLeftAt, Expr::value(at))
        .col_expr(
            call_participants::Column::ConnectedSeconds,
            Expr::col(call_participants::Column::ConnectedSeconds).add(seconds.max(0)),
        )
        .filter(call_participants::Column::BookingId.eq(booking_id))
        .filter(call_participants::Column::ParticipantId.eq(participant_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Who has joined the call so far: (user, performer).
pub async fn who_joined(db: &impl ConnectionTrait, booking_id: Uuid) -> Result<(bool, bool), DbErr> {
    let rows = call_participants::Entity::find()
        .filter(call_participants::Column::BookingId.eq(booking_id))
        .all(db)
        .await?;
    Ok((
        rows.iter().any(|r| r.role == Side::User),
        rows.iter().any(|r| r.role == Side::Performer),
    ))
}

/// How long the two sides of a call were connected, from their participant rows, counting a
/// session still open at `until` up to it: (together, the performer alone).
///
/// "Together" is bounded three ways, so it never credits more than happened: by each side's own
/// connected time, and by the window both were in the room (latest first join to earliest last
/// leave). With one session each it is the exact overlap; with reconnects an upper bound.
pub fn connected(
    rows: &[call_participants::Model],
    until: OffsetDateTime,
) -> (time::Duration, time::Duration) {
    let side = |side: Side| {
        let rows: Vec<_> = rows.iter().filter(|r| r.role == side).collect();
        if rows.is_empty() {
            return None;
        }
        let mut seconds = 0i64;
        let mut first = until;
        let mut last = OffsetDateTime::UNIX_EPOCH;
        for r in &rows {
            seconds += r.connected_seconds.max(0);
            let open = r.last_left_at.is_none_or(|left| left < r.last_joined_at);
            let left = if open {
                seconds += (until - r.last_joined_at).whole_seconds().max(0);
                until
            } else {
                r.last_left_at.unwrap_or(until)
            };
            first = first.min(r.first_joined_at);
            last = last.max(left);
        }
        Some((time::Duration::seconds(seconds), first, last))
    };
    let (Some(user), Some(performer)) = (side(Side::User), side(Side::Performer)) else {
        let alone = side(Side::Performer).map_or(time::Duration::ZERO, |(d, _, _)| d);
        return (time::Duration::ZERO, alone);
    };
    let window = (user.2.min(performer.2) - user.1.max(performer.1)).max(time::Duration::ZERO);
    (user.0.min(performer.0).min(window), performer.0)
}

pub async fn participants(
    db: &impl ConnectionTrait,
    booking_id: Uuid,
) -> Result<Vec<call_participants::Model>, DbErr> {
    call_participants::Entity::find()
        .filter(call_participants::Column::BookingId.eq(booking_id))
        .order_by_asc(call_participants::Column::Id)
        .all(db)
        .await
}

/// Confirmed bookings whose start plus `grace` has passed: the no-show check's candidates.
pub async fn past_grace(
    db: &impl ConnectionTrait,
    now: OffsetDateTime,
    grace: time::Duration,
    limit: u64,
) -> Result<Vec<Booking>, DbErr> {
    bookings::Entity::find()
        .filter(bookings::Column::Status.eq(BookingStatus::Confirmed))
        .filter(bookings::Column::StartsAt.lte(now - grace))
        .order_by_asc(bookings::Column::StartsAt)
        .limit(limit)
        .all(db)
        .await
}

/// Confirmed or in-progress bookings whose end plus `grace` has passed.
pub async fn past_end(
    db: &impl ConnectionTrait,
    now: OffsetDateTime,
    grace: time::Duration,
    limit: u64,
) -> Result<Vec<Booking>, DbErr> {
    bookings::Entity::find()
        .filter(bookings::Column::Status.is_in([BookingStatus::Confirmed, BookingStatus::InProgress]))
        .filter(bookings::Column::EndsAt.lte(now - grace))
        .order_by_asc(bookings::Column::EndsAt)
        .limit(limit)
        .all(db)
        .await
}

/// Which reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reminder {
    DayBefore,
    QuarterHour,
    Start,
}

impl Reminder {
    fn column(self) -> bookings::Column {
        match self {
            Reminder::DayBefore => bookings::Column::Reminded24hAt,
            Reminder::QuarterHour => bookings::Column::Reminded15mAt,
            Reminder::Start => bookings::Column::RemindedStartAt,
        }
    }

    /// How long before the start it is due.
    pub fn lead(self) -> time::Duration {
        match self {
            Reminder::DayBefore => time::Duration::hours(24),
            Reminder::QuarterHour => time::Duration::minutes(15),
            Reminder::Start => time::Duration::ZERO,
        }
    }
}

/// Confirmed bookings for which `reminder` is due now and not yet sent. A reminder is due from
/// its lead time until the next one's (a late worker skips a stale reminder rather than send
/// "in 24 hours" ten minutes before the call); the day-before one only for bookings made more
/// than a day ahead.
pub async fn due_reminders(
    db: &impl ConnectionTrait,
    reminder: Reminder,
    now: OffsetDateTime,
    limit: u64,
) -> Result<Vec<Booking>, DbErr> {
    let (from, until) = match reminder {
        Reminder::DayBefore => (Reminder::DayBefore.lead(), Reminder::QuarterHour.lead()),
        Reminder::QuarterHour => (Reminder::QuarterHour.lead(), time::Duration::ZERO),
        Reminder::Start => (time::Duration::ZERO, -time::Duration::minutes(10)),
    };
    let mut query = bookings::Entity::find()
        .filter(bookings::Column::Status.is_in([BookingStatus::Confirmed, BookingStatus::InProgress]))
        .filter(bookings::Column::LinksSentAt.is_not_null())
        .filter(reminder.column().is_null())
        .filter(bookings::Column::StartsAt.lte(now + from))
        .filter(bookings::Column::StartsAt.gt(now + until));
    if reminder == Reminder::DayBefore {
        query =
            query.filter(Expr::col(bookings::Column::CreatedAt).lt(Expr::col(bookings::Column::StartsAt)));
    }
    let rows = query
        .order_by_asc(bookings::Column::StartsAt)
        .limit(limit)
        .all(db)
        .await?;
    Ok(match reminder {
        // Booked less than a day ahead: the day-before reminder makes no sense.
        Reminder::DayBefore => rows
            .into_iter()
            .filter(|b| {
                b.starts_at
                    .is_some_and(|s| s - b.created_at > time::Duration::hours(24))
            })
            .collect(),
        _ => rows,
    })
}

/// Claims a reminder for a booking; `true` means this process sends it (exactly once).
pub async fn claim_reminder(
    db: &impl ConnectionTrait,
    booking_id: Uuid,
    reminder: Reminder,
    now: OffsetDateTime,
) -> Result<bool, DbErr> {
    let result = bookings::Entity::update_many()
        .col_expr(reminder.column(), Expr::value(now))
        .filter(bookings::Column::Id.eq(booking_id))
        .filter(reminder.column().is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn row(
        side: Side,
        joined: OffsetDateTime,
        left: Option<OffsetDateTime>,
        seconds: i64,
    ) -> call_participants::Model {
        call_participants::Model {
            id: 0,
            booking_id: Uuid::nil(),
            participant_id: format!("{side:?}"),
            role: side,
            first_joined_at: joined,
            last_joined_at: joined,
            last_left_at: left,
            connected_seconds: seconds,
            sessions: 1,
        }
    }

    const T0: OffsetDateTime = datetime!(2026-12-07 15:00 UTC);

    fn at(minutes: i64) -> OffsetDateTime {
        T0 + time::Duration::minutes(minutes)
    }

    #[test]
    fn together_is_the_overlap_of_one_session_each() {
        let rows = [
            row(Side::User, at(0), Some(at(30)), 30 * 60),
            row(Side::Performer, at(5), Some(at(25)), 20 * 60),
        ];
        let (together, performer) = connected(&rows, at(40));
        assert_eq!(together, time::Duration::minutes(20));
        assert_eq!(performer, time::Duration::minutes(20));
    }

    #[test]
    fn two_seconds_each_is_two_seconds_together_and_disjoint_visits_are_nothing() {
        let brief = [
            row(Side::User, at(0), Some(at(0) + time::Duration::seconds(2)), 2),
            row(
                Side::Performer,
                at(0),
                Some(at(0) + time::Duration::seconds(2)),
                2,
            ),
        ];
        assert_eq!(connected(&brief, at(40)).0, time::Duration::seconds(2));
        let disjoint = [
            row(Side::User, at(0), Some(at(10)), 600),
            row(Side::Performer, at(15), Some(at(30)), 900),
        ];
        assert_eq!(connected(&disjoint, at(40)).0, time::Duration::ZERO);
    }

    #[test]
    fn a_session_still_open_counts_up_to_now_and_one_side_alone_is_not_together() {
        let open = [
            row(Side::User, at(0), None, 0),
            row(Side::Performer, at(0), None, 0),
        ];
        assert_eq!(connected(&open, at(30)).0, time::Duration::minutes(30));
        let alone = [row(Side::Performer, at(0), Some(at(30)), 1800)];
        assert_eq!(
            connected(&alone, at(40)),
            (time::Duration::ZERO, time::Duration::minutes(30))
        );
    }
}
