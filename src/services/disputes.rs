//! Disputes: a completed call of a provider without join events (`meet`, `jaas`, `jitsi`) that
//! its user said did not take place. The user opens it once; the performer answers once; it is
//! settled once — by the performer agreeing (refund), or by an admin (refund or keep). Each
//! step is a conditional write, so a double tap or two admins at once settle it one way.

use entity::disputes;
pub use entity::disputes::{Model as Dispute, Outcome, PerformerSays};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, TryInsertResult,
};
use time::OffsetDateTime;
use uuid::Uuid;

/// Opens the dispute of a booking; `false` if it was opened before.
pub async fn open(db: &impl ConnectionTrait, booking_id: Uuid, now: OffsetDateTime) -> Result<bool, DbErr> {
    let row = disputes::ActiveModel {
        booking_id: Set(booking_id),
        opened_at: Set(now),
        performer_says: Set(None),
        performer_answered_at: Set(None),
        outcome: Set(None),
        settled_by: Set(None),
        settled_at: Set(None),
    };
    let result = disputes::Entity::insert(row)
        .on_conflict(
            OnConflict::column(disputes::Column::BookingId)
                .do_nothing()
                .to_owned(),
        )
        .do_nothing()
        .exec_without_returning(db)
        .await?;
    Ok(matches!(result, TryInsertResult::Inserted(n) if n > 0))
}

pub async fn get(db: &impl ConnectionTrait, booking_id: Uuid) -> Result<Option<Dispute>, DbErr> {
    disputes::Entity::find_by_id(booking_id).one(db).await
}

/// Records the performer's answer; `false` if they answered before or it is settled.
pub async fn performer_answers(
    db: &impl ConnectionTrait,
    booking_id: Uuid,
    says: PerformerSays,
    now: OffsetDateTime,
) -> Result<bool, DbErr> {
    let result = disputes::Entity::update_many()
        .col_expr(disputes::Column::PerformerSays, Expr::value(says))
        .col_expr(disputes::Column::PerformerAnsweredAt, Expr::value(now))
        .filter(disputes::Column::BookingId.eq(booking_id))
        .filter(disputes::Column::PerformerSays.is_null())
        .filter(disputes::Column::SettledAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// Settles the dispute; `false` if it was settled before (the first settlement stands). When an
/// admin settles it (`by_admin`; not the performer agreeing), admin `by`'s `audit_log` row (`settle`, detail: the booking's short id and the outcome; target: the
/// booking's user) is written in the same transaction.
pub async fn settle(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    booking_id: Uuid,
    outcome: Outcome,
    by: i64,
    by_admin: bool,
    now: OffsetDateTime,
) -> Result<bool, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let result = disputes::Entity::update_many()
        .col_expr(disputes::Column::Outcome, Expr::value(outcome))
        .col_expr(disputes::Column::SettledBy, Expr::value(by))
        .col_expr(disputes::Column::SettledAt, Expr::value(now))
        .filter(disputes::Column::BookingId.eq(booking_id))
        .filter(disputes::Column::SettledAt.is_null())
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        return Ok(false);
    }
    if by_admin {
        let user = entity::bookings::Entity::find_by_id(booking_id)
            .one(&txn)
            .await?
            .map(|b| b.user_id);
        let detail = format!("{} · {}", super::booking::short_id(booking_id), outcome.as_str());
        super::audit::record(&txn, by, super::audit::SETTLE, user, Some(detail), now).await?;
    }
    txn.commit().await?;
    Ok(true)
}
