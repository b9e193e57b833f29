//! Reports: a user reports a performer (from her card, or after a call), a performer reports a
//! user after a call. One open report per reporter per booking (or per performer, from her
//! card): a double tap files one. Admins handle a report (new → handled, with the action
//! taken); the handling and its `audit_log` row are one transaction. The reported side is never
//! told.

use entity::{bookings, reports};
use sea_orm::sea_query::Expr;
use sea_orm::SqlErr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::bans;
use super::profiles;
use super::roles::{self, Role};
use crate::domain::booking::BookingStatus;

pub use entity::reports::Model as Report;

/// Longest text kept with a report, in characters.
pub const TEXT_MAX_CHARS: usize = 500;

/// What is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// A performer, from her card (`performer_profiles.id`).
    Performer(i64),
    /// The other side of a past call.
    Booking(Uuid),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filed {
    New(Report),
    /// This reporter has an open report on it already (a double tap).
    Already(Report),
    /// Not theirs to report (not their call, not a past call, themselves).
    NotAllowed,
}

/// Whether a call in `status` is over and may be reported.
pub fn reportable(status: BookingStatus) -> bool {
    matches!(
        status,
        BookingStatus::Completed | BookingStatus::NoShow | BookingStatus::Refunded
    )
}

/// Files a report by `reporter` with `reason` (a short stored name).
pub async fn file(
    db: &crate::db::Db,
    reporter: i64,
    subject: Subject,
    reason: &str,
    now: OffsetDateTime,
) -> Result<Filed, DbErr> {
    let (reported, booking_id, performer_id) = match subject {
        Subject::Performer(performer_id) => {
            let Some(profile) = profiles::get(db, performer_id).await? else {
                return Ok(Filed::NotAllowed);
            };
            (profile.user_id, None, Some(performer_id))
        }
        Subject::Booking(id) => {
            let Some(booking) = bookings::Entity::find_by_id(id).one(db).await? else {
                return Ok(Filed::NotAllowed);
            };
            let Some(profile) = profiles::get(db, booking.performer_id).await? else {
                return Ok(Filed::NotAllowed);
            };
            if !reportable(booking.status) {
                return Ok(Filed::NotAllowed);
            }
            if booking.user_id == reporter {
                (profile.user_id, Some(id), Some(profile.id))
            } else if profile.user_id == reporter {
                (booking.user_id, Some(id), None)
            } else {
                return Ok(Filed::NotAllowed);
            }
        }
    };
    if reported == reporter {
        return Ok(Filed::NotAllowed);
    }
    let mut open = reports::Entity::find()
        .filter(reports::Column::ReporterUserId.eq(reporter))
        .filter(reports::Column::ReportedUserId.eq(reported))
        .filter(reports::Column::Status.eq("new"));
    open = match booking_id {
        Some(id) => open.filter(reports::Column::BookingId.eq(id)),
        None => open.filter(reports::Column::BookingId.is_null()),
    };
    if let Some(existing) = open.clone().one(db).await? {
        return Ok(Filed::Already(existing));
    }
    let row = reports::ActiveModel {
        reporter_user_id: Set(reporter),
        reported_user_id: Set(reported),
        booking_id: Set(booking_id),
        performer_id: Set(performer_id),
        reason: Set(reason.to_owned()),
        text: Set(None),
        status: Set("new".to_owned()),
        handled_by: Set(None),
        handled_at: Set(None),
        action_taken: Set(None),
        strike: Set(false),
        created_at: Set(now),
        ..Default::default()
    };
    let id = match reports::Entity::insert(row).exec(db).await {
        Ok(done) => done.last_insert_id,
        // The same booking reported twice at once: the other tap's report stands.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Ok(match open.one(db).await? {
                Some(existing) => Filed::Already(existing),
                None => Filed::NotAllowed,
            });
        }
        Err(e) => return Err(e),
    };
    Ok(match get(db, id).await? {
        Some(report) => Filed::New(report),
        None => Filed::NotAllowed,
    })
}

/// Adds the reporter's words to their report, once; `false` if it is not theirs or has words.
pub async fn add_text(db: &crate::db::Db, id: i64, reporter: i64, text: &str) -> Result<bool, DbErr> {
    let result = reports::Entity::update_many()
        .col_expr(reports::Column::Text, Expr::value(text.to_owned()))
        .filter(reports::Column::Id.eq(id))
        .filter(reports::Column::ReporterUserId.eq(reporter))
        .filter(reports::Column::Text.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

pub async fn get(db: &crate::db::Db, id: i64) -> Result<Option<Report>, DbErr> {
    reports::Entity::find_by_id(id).one(db).await
}

/// How many reports wait for an admin.
pub async fn count_new(db: &crate::db::Db) -> Result<u64, DbErr> {
    reports::Entity::find()
        .filter(reports::Column::Status.eq("new"))
        .count(db)
        .await
}

/// Reports about `user_id`: how many in all, and how many wait for an admin.
pub async fn about(db: &crate::db::Db, user_id: i64) -> Result<(u64, u64), DbErr> {
    let all = reports::Entity::find()
        .filter(reports::Column::ReportedUserId.eq(user_id))
        .count(db)
        .await?;
    let new = reports::Entity::find()
        .filter(reports::Column::ReportedUserId.eq(user_id))
        .filter(reports::Column::Status.eq("new"))
        .count(db)
        .await?;
    Ok((all, new))
}

/// Strikes against `user_id`: reports about them an admin handled with an action.
pub async fn strikes(db: &crate::db::Db, user_id: i64) -> Result<u64, DbErr> {
    reports::Entity::find()
        .filter(reports::Column::ReportedUserId.eq(user_id))
        .filter(reports::Column::Strike.eq(true))
        .count(db)
        .await
}

/// The latest reports, newest first.
pub async fn latest(db: &crate::db::Db, limit: u64) -> Result<Vec<Report>, DbErr> {
    reports::Entity::find()
        .order_by_desc(reports::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Marks report `id` handled by `actor` with `action`, and writes the audit row, in one
/// transaction; `strike`: an action was taken against the reported person (it counts on their
/// card). `false` if the actor is no admin, or the report is gone or handled already.
pub async fn handle(
    db: &crate::db::Db,
    actor: bans::Actor,
    id: i64,
    action: &str,
    strike: bool,
    now: OffsetDateTime,
) -> Result<bool, DbErr> {
    if !actor.superadmin && !roles::has_role(db, actor.user_id, Role::Admin).await? {
        return Ok(false);
    }
    let Some(report) = get(db, id).await? else {
        return Ok(false);
    };
    let action: String = action.trim().chars().take(TEXT_MAX_CHARS).collect();
    let txn = crate::db::begin_write(db).await?;
    let done = reports::Entity::update_many()
        .col_expr(reports::Column::Status, Expr::value("handled"))
        .col_expr(reports::Column::HandledBy, Expr::value(actor.user_id))
        .col_expr(reports::Column::HandledAt, Expr::value(now))
        .col_expr(reports::Column::ActionTaken, Expr::value(action.clone()))
        .col_expr(reports::Column::Strike, Expr::value(strike))
        .filter(reports::Column::Id.eq(id))
        .filter(reports::Column::Status.eq("new"))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Ok(false);
    }
    let detail = format!("report #{id}: {action}");
    super::audit::record(
        &txn,
        actor.user_id,
        super::audit::REPORT_HANDLED,
        Some(report.reported_user_id),
        Some(detail),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// The performer's latest past calls that may be reported, newest first.
pub async fn past_calls_of_performer(
    db: &crate::db::Db,
    performer_id: i64,
    limit: u64,
) -> Result<Vec<bookings::Model>, DbErr> {
    bookings::Entity::find()
        .filter(bookings::Column::PerformerId.eq(performer_id))
        .filter(bookings::Column::Status.is_in([
            BookingStatus::Completed,
            BookingStatus::NoShow,
            BookingStatus::Refunded,
        ]))
        .order_by_desc(bookings::Column::StartsAt)
        .limit(limit)
        .all(db)
        .await
}
