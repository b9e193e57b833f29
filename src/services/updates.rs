//! De-duplication of Telegram updates by `update_id`, shared by every replica through the database.

use entity::processed_updates;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, TryInsertResult,
};
use time::OffsetDateTime;

/// Claims `update_id`; `false` means it was already taken in (a redelivery) and must be skipped.
pub async fn claim(db: &impl ConnectionTrait, update_id: i64, now: OffsetDateTime) -> Result<bool, DbErr> {
    let row = processed_updates::ActiveModel {
        update_id: Set(update_id),
        received_at: Set(now),
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
    Ok(matches!(result, TryInsertResult::Inserted(n) if n > 0))
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
