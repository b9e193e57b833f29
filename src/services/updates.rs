//! De-duplication of Telegram updates by `update_id`, shared by every replica through the database.
//!
//! A claim is taken before handling and completed after. A redelivery of a completed update is
//! skipped; a redelivery while another process is still handling it is asked to come back later;
//! a claim left incomplete for [`STALE_AFTER`] (its process died mid-update) is taken over, so a
//! crash never loses an update. Handlers whose effects must happen once (payments) are idempotent
//! on their own keys as well.

use entity::processed_updates;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, TryInsertResult,
};
use time::OffsetDateTime;

/// How long an incomplete claim is trusted to be in flight.
pub const STALE_AFTER: time::Duration = time::Duration::seconds(60);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// Ours to handle.
    Claimed,
    /// Already handled: skip.
    Done,
    /// Being handled elsewhere right now: ask Telegram to redeliver later.
    InFlight,
}

/// Claims `update_id` for handling.
pub async fn claim(db: &impl ConnectionTrait, update_id: i64, now: OffsetDateTime) -> Result<Claim, DbErr> {
    let row = processed_updates::ActiveModel {
        update_id: Set(update_id),
        received_at: Set(now),
        completed_at: Set(None),
    };
    let result = processed_updates::Entity::insert(row)
        .on_conflict(
            OnConflict::column(processed_updates::Column::UpdateId)
                .do_nothing()
                .to_owned(),
        )
        .do_nothing()
        .exec_without_returning(db)
        .await?;
    if matches!(result, TryInsertResult::Inserted(n) if n > 0) {
        return Ok(Claim::Claimed);
    }
    // Take over a stale claim; the condition makes sure only one process does.
    let taken = processed_updates::Entity::update_many()
        .col_expr(processed_updates::Column::ReceivedAt, Expr::value(now))
        .filter(processed_updates::Column::UpdateId.eq(update_id))
        .filter(processed_updates::Column::CompletedAt.is_null())
        .filter(processed_updates::Column::ReceivedAt.lt(now - STALE_AFTER))
        .exec(db)
        .await?;
    if taken.rows_affected > 0 {
        return Ok(Claim::Claimed);
    }
    let done = processed_updates::Entity::find_by_id(update_id)
        .one(db)
        .await?
        .is_none_or(|row| row.completed_at.is_some());
    Ok(if done { Claim::Done } else { Claim::InFlight })
}

/// Marks the update handled.
pub async fn complete(db: &impl ConnectionTrait, update_id: i64, now: OffsetDateTime) -> Result<(), DbErr> {
    processed_updates::Entity::update_many()
        .col_expr(processed_updates::Column::CompletedAt, Expr::value(now))
        .filter(processed_updates::Column::UpdateId.eq(update_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Gives a claim back, so Telegram's redelivery of an update whose handling failed on the
/// database is handled again.
pub async fn release(db: &impl ConnectionTrait, update_id: i64) -> Result<(), DbErr> {
    processed_updates::Entity::delete_many()
        .filter(processed_updates::Column::UpdateId.eq(update_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Forgets claims older than `before`: Telegram keeps undelivered updates for 24 hours, so
/// older ids cannot come back.
pub async fn prune(db: &impl ConnectionTrait, before: OffsetDateTime) -> Result<u64, DbErr> {
    Ok(processed_updates::Entity::delete_many()
        .filter(processed_updates::Column::ReceivedAt.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}
