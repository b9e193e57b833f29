//! The admins' audit log: who did what to whom, and when. Every admin action writes its row
//! with [`record`] on the same transaction as its effect, so the log never claims an action
//! that did not happen nor misses one that did.

use entity::audit_log;
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryOrder, QuerySelect,
};
use time::OffsetDateTime;

/// The actions written, as stored in `audit_log.action`.
pub const BAN: &str = "ban";
pub const UNBAN: &str = "unban";
/// `detail`: the role.
pub const GRANT: &str = "grant";
pub const REVOKE: &str = "revoke";
/// `detail`: amount, currency and the admin's reference.
pub const PAYOUT: &str = "payout";
/// `detail`: the booking id of the review.
pub const HIDE_REVIEW: &str = "hide-review";
/// `detail`: the booking id of the review shown again.
pub const UNHIDE_REVIEW: &str = "unhide-review";
/// An admin cancelled a booking (refunded in full); `detail`: its short id and new status.
pub const CANCEL: &str = "cancel";
/// A dispute settled (`detail`: the booking's short id and `refund` or `keep`).
pub const SETTLE: &str = "settle";
/// A refund without cancelling; `detail`: the booking's short id and the amount.
pub const REFUND: &str = "refund";
/// A report marked handled; `detail`: the report's id and the action taken.
pub const REPORT_HANDLED: &str = "report_handled";

/// One `audit_log` row, on the caller's transaction.
pub async fn record(
    db: &impl ConnectionTrait,
    actor_id: i64,
    action: &str,
    target_user_id: Option<i64>,
    detail: Option<String>,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    audit_log::Entity::insert(audit_log::ActiveModel {
        actor_id: Set(Some(actor_id)),
        action: Set(action.to_owned()),
        target_user_id: Set(target_user_id),
        detail: Set(detail),
        at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// One page of the whole log, newest first, and how many rows there are.
pub async fn page(
    db: &impl ConnectionTrait,
    offset: u64,
    limit: u64,
) -> Result<(Vec<audit_log::Model>, u64), DbErr> {
    let total = audit_log::Entity::find().count(db).await?;
    let rows = audit_log::Entity::find()
        .order_by_desc(audit_log::Column::At)
        .order_by_desc(audit_log::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}
