//! Bans, and the admins' audit log. A ban and its `audit_log` row are one transaction; what a
//! ban does to the person's bookings and profile is done after it by the caller
//! (`bot::admin::users`), through the booking service, so every slot and refund follows the
//! booking state machine.
//!
//! Who may ban whom is decided here, not by the screens: superadmins (`PNP_SUPERADMINS`) are
//! never banned, and only a superadmin bans or unbans an admin.

use entity::{audit_log, users};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use time::OffsetDateTime;

use super::audit;
use super::roles::{self, Role};

/// Longest ban reason kept, in characters.
pub const REASON_MAX_CHARS: usize = 500;

/// The one who acts: their `users.id` and whether they are a superadmin.
#[derive(Debug, Clone, Copy)]
pub struct Actor {
    pub user_id: i64,
    pub superadmin: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Already banned (ban) or not banned (unban): nothing written.
    Unchanged,
    /// The actor may not do this to the target (not an admin, a superadmin target, an admin
    /// target without being a superadmin, or themselves).
    Refused,
}

/// Whether `actor` may ban or unban `target` (`target_superadmin` from the configuration).
pub async fn may_act_on(
    db: &crate::db::Db,
    actor: Actor,
    target: &users::Model,
    target_superadmin: bool,
) -> Result<bool, DbErr> {
    if target_superadmin || target.id == actor.user_id {
        return Ok(false);
    }
    if !actor.superadmin && !roles::has_role(db, actor.user_id, Role::Admin).await? {
        return Ok(false);
    }
    Ok(actor.superadmin || !roles::has_role(db, target.id, Role::Admin).await?)
}

/// Bans `target` with `reason`, and writes the audit row, in one transaction.
pub async fn ban(
    db: &crate::db::Db,
    actor: Actor,
    target: &users::Model,
    target_superadmin: bool,
    reason: &str,
    now: OffsetDateTime,
) -> Result<Outcome, DbErr> {
    if !may_act_on(db, actor, target, target_superadmin).await? {
        return Ok(Outcome::Refused);
    }
    let reason: String = reason.trim().chars().take(REASON_MAX_CHARS).collect();
    let txn = crate::db::begin_write(db).await?;
    let banned = users::Entity::update_many()
        .col_expr(users::Column::BannedAt, Expr::value(now))
        .col_expr(users::Column::BannedReason, Expr::value(reason.clone()))
        .col_expr(users::Column::BannedBy, Expr::value(actor.user_id))
        .filter(users::Column::Id.eq(target.id))
        .filter(users::Column::BannedAt.is_null())
        .exec(&txn)
        .await?;
    if banned.rows_affected == 0 {
        return Ok(Outcome::Unchanged);
    }
    audit::record(
        &txn,
        actor.user_id,
        audit::BAN,
        Some(target.id),
        Some(reason),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(Outcome::Done)
}

/// Lifts `target`'s ban, and writes the audit row, in one transaction.
pub async fn unban(
    db: &crate::db::Db,
    actor: Actor,
    target: &users::Model,
    target_superadmin: bool,
    now: OffsetDateTime,
) -> Result<Outcome, DbErr> {
    if !may_act_on(db, actor, target, target_superadmin).await? {
        return Ok(Outcome::Refused);
    }
    let txn = crate::db::begin_write(db).await?;
    let lifted = users::Entity::update_many()
        .col_expr(
            users::Column::BannedAt,
            Expr::value(Option::<OffsetDateTime>::None),
        )
        .col_expr(users::Column::BannedReason, Expr::value(Option::<String>::None))
        .col_expr(users::Column::BannedBy, Expr::value(Option::<i64>::None))
        .filter(users::Column::Id.eq(target.id))
        .filter(users::Column::BannedAt.is_not_null())
        .exec(&txn)
        .await?;
    if lifted.rows_affected == 0 {
        return Ok(Outcome::Unchanged);
    }
    let detail = target.banned_reason.clone();
    audit::record(&txn, actor.user_id, audit::UNBAN, Some(target.id), detail, now).await?;
    txn.commit().await?;
    Ok(Outcome::Done)
}

/// The latest bans and unbans of `target_user_id`, newest first.
pub async fn history(
    db: &crate::db::Db,
    target_user_id: i64,
    limit: u64,
) -> Result<Vec<audit_log::Model>, DbErr> {
    audit_log::Entity::find()
        .filter(audit_log::Column::TargetUserId.eq(target_user_id))
        .filter(audit_log::Column::Action.is_in([audit::BAN, audit::UNBAN]))
        .order_by_desc(audit_log::Column::Id)
        .limit(limit)
        .all(db)
        .await
}
