//! Roles (`roleService` of the product document): Performer and Admin grants with an audit trail.
//! Superadmins are not stored: they come from `PNP_SUPERADMINS`.

use entity::{user_roles, users};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    SqlErr, TransactionTrait,
};

use super::audit;
use time::OffsetDateTime;

pub use entity::user_roles::Role;

/// The outcome of a grant or a revoke, so the caller can tell the admin what happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Done,
    /// The user already had the role (grant) or did not have it (revoke).
    Unchanged,
}

/// Every role the user holds now, in one query (for menus that show several).
pub async fn active(db: &impl ConnectionTrait, user_id: i64) -> Result<Vec<Role>, DbErr> {
    // Read as names: a role this version does not know (granted by a newer one) is skipped, not
    // an error that would hide the roles it does know.
    let names: Vec<String> = user_roles::Entity::find()
        .select_only()
        .column(user_roles::Column::Role)
        .filter(user_roles::Column::UserId.eq(user_id))
        .filter(user_roles::Column::RevokedAt.is_null())
        .into_tuple()
        .all(db)
        .await?;
    Ok(names.iter().filter_map(|name| name.parse().ok()).collect())
}

pub async fn has_role(db: &impl ConnectionTrait, user_id: i64, role: Role) -> Result<bool, DbErr> {
    Ok(user_roles::Entity::find()
        .filter(user_roles::Column::UserId.eq(user_id))
        .filter(user_roles::Column::Role.eq(role))
        .filter(user_roles::Column::RevokedAt.is_null())
        .one(db)
        .await?
        .is_some())
}

/// Grants `role` to `user_id`; `by` is the admin's `users.id`, whose audit row is written in
/// the same transaction as the grant.
pub async fn grant(
    db: &(impl ConnectionTrait + TransactionTrait),
    user_id: i64,
    role: Role,
    by: Option<i64>,
    now: OffsetDateTime,
) -> Result<Change, DbErr> {
    // It reads before it writes: see `begin_write`.
    let txn = crate::db::begin_write(db).await?;
    if has_role(&txn, user_id, role).await? {
        return Ok(Change::Unchanged);
    }
    let row = user_roles::ActiveModel {
        user_id: Set(user_id),
        role: Set(role),
        granted_by: Set(by),
        granted_at: Set(now),
        revoked_by: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    };
    match user_roles::Entity::insert(row).exec_without_returning(&txn).await {
        Ok(_) => {
            if let Some(by) = by {
                audit::record(
                    &txn,
                    by,
                    audit::GRANT,
                    Some(user_id),
                    Some(role.as_str().to_owned()),
                    now,
                )
                .await?;
            }
            txn.commit().await?;
            Ok(Change::Done)
        }
        // Another admin granted it at the same moment: the partial unique index kept one grant.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Ok(Change::Unchanged),
        Err(e) => Err(e),
    }
}

/// Revokes `role` from `user_id`, keeping the grant row with who revoked it and when, and the
/// admin's audit row, in one transaction.
pub async fn revoke(
    db: &(impl ConnectionTrait + TransactionTrait),
    user_id: i64,
    role: Role,
    by: Option<i64>,
    now: OffsetDateTime,
) -> Result<Change, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let result = user_roles::Entity::update_many()
        .col_expr(user_roles::Column::RevokedAt, Expr::value(now))
        .col_expr(user_roles::Column::RevokedBy, Expr::value(by))
        .filter(user_roles::Column::UserId.eq(user_id))
        .filter(user_roles::Column::Role.eq(role))
        .filter(user_roles::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if result.rows_affected > 0 {
        if let Some(by) = by {
            audit::record(
                &txn,
                by,
                audit::REVOKE,
                Some(user_id),
                Some(role.as_str().to_owned()),
                now,
            )
            .await?;
        }
        txn.commit().await?;
    }
    Ok(if result.rows_affected > 0 {
        Change::Done
    } else {
        Change::Unchanged
    })
}

/// Everyone who holds `role` now, oldest grant first.
pub async fn holders(db: &impl ConnectionTrait, role: Role) -> Result<Vec<users::Model>, DbErr> {
    let rows = user_roles::Entity::find()
        .filter(user_roles::Column::Role.eq(role))
        .filter(user_roles::Column::RevokedAt.is_null())
        .order_by_asc(user_roles::Column::GrantedAt)
        .find_also_related(users::Entity)
        .all(db)
        .await?;
    Ok(rows.into_iter().filter_map(|(_, user)| user).collect())
}

/// The full history of role changes, newest first (for audits).
pub async fn history(db: &impl ConnectionTrait, user_id: i64) -> Result<Vec<user_roles::Model>, DbErr> {
    user_roles::Entity::find()
        .filter(user_roles::Column::UserId.eq(user_id))
        .order_by_desc(user_roles::Column::Id)
        .all(db)
        .await
}
