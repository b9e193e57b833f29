//! The go-online broadcast as a durable queue in the database.
//!
//! Going online inserts one `broadcasts` row and one `broadcast_deliveries` row per recipient in
//! one transaction (an `INSERT … SELECT` over `users`), guarded by the performer's cooldown on
//! `performer_profiles.last_broadcast_at`. A sender process then *claims* pending deliveries with
//! one conditional `UPDATE … RETURNING` (with `FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite's
//! single writer serialises the statement), sends them, and records each outcome only on rows it
//! still holds (`claimed_by = me`). A claim older than the lease is taken over by whoever claims
//! next, so a crashed process's batch is finished by the next one; nothing is ever re-queued from
//! the start. Going offline skips what is still pending.

use entity::{broadcast_deliveries as deliveries, broadcasts, performer_profiles, users};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, FromQueryResult,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Statement, TransactionTrait, Value,
};
use time::OffsetDateTime;

use super::profiles::Profile;

pub use entity::broadcasts::BroadcastKind;

/// What became of one delivery (`broadcast_deliveries.status`).
pub use entity::broadcast_deliveries::DeliveryStatus as Status;

/// Why a delivery was skipped.
pub const SKIP_CANCELLED: &str = "cancelled";
pub const SKIP_BLOCKED: &str = "blocked";
pub const SKIP_OPTED_OUT: &str = "opted_out";
pub const SKIP_BANNED: &str = "banned";

/// The outcome of going online.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Queued {
    /// A broadcast to `recipients` users was queued.
    Broadcast { id: i64, recipients: u64 },
    /// The performer broadcast less than the cooldown ago; the next one is possible at `until`.
    Cooldown { until: OffsetDateTime },
}

/// The performer goes online: the status and the go-online broadcast change together, so a crash
/// in between cannot leave the performer online with nobody told, or told while offline.
/// `None` when they already were online (a second press).
pub async fn go_online(
    db: &(impl ConnectionTrait + TransactionTrait),
    profile: &Profile,
    cooldown: time::Duration,
    now: OffsetDateTime,
) -> Result<Option<Queued>, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let changed = super::profiles::set_online(&txn, profile.id, true, now).await?;
    let queued = if changed {
        Some(queue_online(&txn, profile, cooldown, now).await?)
    } else {
        None
    };
    txn.commit().await?;
    Ok(queued)
}

/// The performer goes offline, and their broadcasts still draining stop, together. Returns
/// whether the status changed and how many deliveries were skipped.
pub async fn go_offline(
    db: &(impl ConnectionTrait + TransactionTrait),
    performer_id: i64,
    now: OffsetDateTime,
) -> Result<(bool, u64), DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let changed = super::profiles::set_online(&txn, performer_id, false, now).await?;
    let skipped = cancel_of_performer(&txn, performer_id, now).await?;
    txn.commit().await?;
    Ok((changed, skipped))
}

/// Queues a go-online broadcast of `profile` to every user who has used the bot, has not switched
/// the notices off and has not blocked the bot, except the performer; unless the last one was
/// less than `cooldown` ago. Safe against a double press or two processes: the cooldown is taken
/// with a conditional update, so only one broadcast is queued.
pub async fn queue_online(
    db: &(impl ConnectionTrait + TransactionTrait),
    profile: &Profile,
    cooldown: time::Duration,
    now: OffsetDateTime,
) -> Result<Queued, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let taken = performer_profiles::Entity::update_many()
        .col_expr(performer_profiles::Column::LastBroadcastAt, Expr::value(now))
        .filter(performer_profiles::Column::Id.eq(profile.id))
        .filter(
            performer_profiles::Column::LastBroadcastAt
                .is_null()
                .or(performer_profiles::Column::LastBroadcastAt.lte(now - cooldown)),
        )
        .exec(&txn)
        .await?;
    if taken.rows_affected == 0 {
        let last = performer_profiles::Entity::find_by_id(profile.id)
            .one(&txn)
            .await?
            .and_then(|p| p.last_broadcast_at)
            .unwrap_or(now);
        txn.rollback().await?;
        return Ok(Queued::Cooldown {
            until: last + cooldown,
        });
    }
    let broadcast = broadcasts::ActiveModel {
        performer_id: Set(profile.id),
        kind: Set(BroadcastKind::Online),
        recipients: Set(0),
        created_at: Set(now),
        cancelled_at: Set(None),
        ..Default::default()
    };
    let id = broadcasts::Entity::insert(broadcast)
        .exec(&txn)
        .await?
        .last_insert_id;
    let mut recipients = Query::select();
    recipients
        .expr(Expr::val(id))
        .column(users::Column::Id)
        .column(users::Column::TelegramId)
        .expr(Expr::val(Status::Pending))
        .expr(Expr::val(0))
        .from(users::Entity)
        .and_where(users::Column::BroadcastOptOut.eq(false))
        .and_where(users::Column::BotBlockedAt.is_null())
        .and_where(users::Column::BannedAt.is_null())
        .and_where(users::Column::Id.ne(profile.user_id))
        .order_by(users::Column::Id, sea_orm::Order::Asc);
    let insert = Query::insert()
        .into_table(deliveries::Entity)
        .columns([
            deliveries::Column::BroadcastId,
            deliveries::Column::UserId,
            deliveries::Column::ChatId,
            deliveries::Column::Status,
            deliveries::Column::Attempts,
        ])
        .select_from(recipients)
        .map_err(|e| DbErr::Custom(format!("broadcast recipients query: {e}")))?
        .to_owned();
    let backend = txn.get_database_backend();
    let queued = txn.execute(backend.build(&insert)).await?.rows_affected();
    broadcasts::Entity::update_many()
        .col_expr(
            broadcasts::Column::Recipients,
            Expr::value(i32::try_from(queued).unwrap_or(i32::MAX)),
        )
        .filter(broadcasts::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(Queued::Broadcast {
        id,
        recipients: queued,
    })
}

/// Stops the performer's broadcasts that are still draining: their pending deliveries are
/// skipped. Returns how many were skipped.
pub async fn cancel_of_performer(
    db: &(impl ConnectionTrait + TransactionTrait),
    performer_id: i64,
    now: OffsetDateTime,
) -> Result<u64, DbErr> {
    // It reads before it writes: see `begin_write`.
    let txn = crate::db::begin_write(db).await?;
    let draining: Vec<i64> = deliveries::Entity::find()
        .select_only()
        .column(deliveries::Column::BroadcastId)
        .distinct()
        .inner_join(broadcasts::Entity)
        .filter(broadcasts::Column::PerformerId.eq(performer_id))
        .filter(broadcasts::Column::CancelledAt.is_null())
        .filter(deliveries::Column::Status.eq(Status::Pending))
        .into_tuple()
        .all(&txn)
        .await?;
    if draining.is_empty() {
        txn.rollback().await?;
        return Ok(0);
    }
    broadcasts::Entity::update_many()
        .col_expr(broadcasts::Column::CancelledAt, Expr::value(now))
        .filter(broadcasts::Column::Id.is_in(draining.clone()))
        .exec(&txn)
        .await?;
    let skipped = deliveries::Entity::update_many()
        .col_expr(deliveries::Column::Status, Expr::value(Status::Skipped))
        .col_expr(deliveries::Column::Detail, Expr::value(SKIP_CANCELLED))
        .filter(deliveries::Column::BroadcastId.is_in(draining))
        .filter(deliveries::Column::Status.eq(Status::Pending))
        .exec(&txn)
        .await?
        .rows_affected;
    txn.commit().await?;
    Ok(skipped)
}

/// How far a broadcast has got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub broadcast: broadcasts::Model,
    pub pending: u64,
    pub sent: u64,
    pub failed: u64,
    pub skipped: u64,
}

impl Progress {
    pub fn is_draining(&self) -> bool {
        self.pending > 0 && self.broadcast.cancelled_at.is_none()
    }
}

/// The performer's most recent broadcast and its counts.
pub async fn latest_of_performer(
    db: &impl ConnectionTrait,
    performer_id: i64,
) -> Result<Option<Progress>, DbErr> {
    let Some(broadcast) = broadcasts::Entity::find()
        .filter(broadcasts::Column::PerformerId.eq(performer_id))
        .order_by_desc(broadcasts::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    progress(db, broadcast).await.map(Some)
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<Option<broadcasts::Model>, DbErr> {
    broadcasts::Entity::find_by_id(id).one(db).await
}

async fn progress(db: &impl ConnectionTrait, broadcast: broadcasts::Model) -> Result<Progress, DbErr> {
    let counts: Vec<(Status, i64)> = deliveries::Entity::find()
        .select_only()
        .column(deliveries::Column::Status)
        .column_as(deliveries::Column::Id.count(), "n")
        .filter(deliveries::Column::BroadcastId.eq(broadcast.id))
        .group_by(deliveries::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let count = |status: Status| {
        counts
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(0, |(_, n)| u64::try_from(*n).unwrap_or(0))
    };
    Ok(Progress {
        pending: count(Status::Pending),
        sent: count(Status::Sent),
        failed: count(Status::Failed),
        skipped: count(Status::Skipped),
        broadcast,
    })
}

// ── The sender's side ────────────────────────────────────────────────────────────────────

/// A delivery this process has claimed and must send.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Claimed {
    pub id: i64,
    pub broadcast_id: i64,
    pub user_id: i64,
    pub chat_id: i64,
    pub attempts: i32,
}

fn time_value(t: OffsetDateTime) -> Value {
    Value::TimeDateTimeWithTimeZone(Some(Box::new(t)))
}

/// Claims up to `limit` pending deliveries, oldest first, that nobody holds or whose claim was
/// made before `stale_before`. One statement: on PostgreSQL the candidate rows are locked with
/// `FOR UPDATE SKIP LOCKED`, so concurrent claimers take disjoint sets; on SQLite the statement
/// runs under the database's single write lock. The outer `WHERE` repeats the condition, so a
/// row claimed meanwhile is never taken twice.
pub async fn claim(
    db: &impl ConnectionTrait,
    worker: &str,
    now: OffsetDateTime,
    stale_before: OffsetDateTime,
    limit: u64,
) -> Result<Vec<Claimed>, DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        // The rows are picked once, in a materialized CTE: as a plain `id IN (subquery)` the
        // planner may run the subquery again for every row it joins, and with SKIP LOCKED each
        // run finds other rows, so one claim took several batches (336 rows for a LIMIT of 100,
        // leaving the other replica idle). `FOR UPDATE` re-checks the condition on the locked row.
        DatabaseBackend::Postgres => {
            "WITH picked AS MATERIALIZED ( \
                 SELECT id FROM broadcast_deliveries \
                 WHERE status = $5 AND (claimed_at IS NULL OR claimed_at < $3) \
                 ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED) \
             UPDATE broadcast_deliveries d SET claimed_by = $1, claimed_at = $2 \
             FROM picked WHERE d.id = picked.id \
             RETURNING d.id, d.broadcast_id, d.user_id, d.chat_id, d.attempts"
        }
        _ => {
            "UPDATE broadcast_deliveries SET claimed_by = ?1, claimed_at = ?2 \
             WHERE id IN (SELECT id FROM broadcast_deliveries \
                 WHERE status = ?5 AND (claimed_at IS NULL OR claimed_at < ?3) \
                 ORDER BY id LIMIT ?4) \
             AND status = ?5 AND (claimed_at IS NULL OR claimed_at < ?3) \
             RETURNING id, broadcast_id, user_id, chat_id, attempts"
        }
    };
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let statement = Statement::from_sql_and_values(
        backend,
        sql,
        [
            worker.into(),
            time_value(now),
            time_value(stale_before),
            limit.into(),
            // Bound rather than spelled in the SQL, so the stored name has one source: the enum.
            Status::Pending.into(),
        ],
    );
    let mut claimed = Claimed::find_by_statement(statement).all(db).await?;
    claimed.sort_by_key(|c| c.id);
    Ok(claimed)
}

/// Deliveries not sent yet, across every broadcast and every process (the queue depth).
pub async fn pending_count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    deliveries::Entity::find()
        .filter(deliveries::Column::Status.eq(Status::Pending))
        .count(db)
        .await
}

/// How many senders (processes) hold live claims on pending deliveries: the processes
/// broadcasting right now, which share the bot's broadcast rate.
pub async fn active_senders(db: &impl ConnectionTrait, stale_before: OffsetDateTime) -> Result<u32, DbErr> {
    let senders: Option<i64> = deliveries::Entity::find()
        .select_only()
        .column_as(
            Expr::col(deliveries::Column::ClaimedBy).count_distinct(),
            "senders",
        )
        .filter(deliveries::Column::Status.eq(Status::Pending))
        .filter(deliveries::Column::ClaimedAt.gte(stale_before))
        .into_tuple()
        .one(db)
        .await?;
    Ok(u32::try_from(senders.unwrap_or(0)).unwrap_or(u32::MAX))
}

/// Whether any delivery is waiting to be claimed (a cheap probe for an idle sender).
pub async fn has_claimable(db: &impl ConnectionTrait, stale_before: OffsetDateTime) -> Result<bool, DbErr> {
    let found: Option<i64> = deliveries::Entity::find()
        .select_only()
        .column(deliveries::Column::Id)
        .filter(deliveries::Column::Status.eq(Status::Pending))
        .filter(
            deliveries::Column::ClaimedAt
                .is_null()
                .or(deliveries::Column::ClaimedAt.lt(stale_before)),
        )
        .limit(1)
        .into_tuple()
        .one(db)
        .await?;
    Ok(found.is_some())
}

/// Refreshes this worker's claims on the pending rows it holds, so a long pause (a 429) does not
/// let another process take them over. Returns how many are still held.
pub async fn renew(db: &impl ConnectionTrait, worker: &str, now: OffsetDateTime) -> Result<u64, DbErr> {
    Ok(deliveries::Entity::update_many()
        .col_expr(deliveries::Column::ClaimedAt, Expr::value(now))
        .filter(deliveries::Column::ClaimedBy.eq(worker))
        .filter(deliveries::Column::Status.eq(Status::Pending))
        .exec(db)
        .await?
        .rows_affected)
}

/// Records the outcome of deliveries this worker holds. `Sent` is recorded even if the broadcast
/// was cancelled meanwhile (the message did go out); the other outcomes only touch rows still
/// pending.
pub async fn finish(
    db: &impl ConnectionTrait,
    worker: &str,
    ids: &[i64],
    status: Status,
    detail: Option<&str>,
    attempts: i32,
    now: OffsetDateTime,
) -> Result<u64, DbErr> {
    if ids.is_empty() {
        return Ok(0);
    }
    let mut update = deliveries::Entity::update_many()
        .col_expr(deliveries::Column::Status, Expr::value(status))
        .col_expr(
            deliveries::Column::Attempts,
            Expr::col(deliveries::Column::Attempts).add(attempts),
        )
        .col_expr(deliveries::Column::Detail, Expr::value(detail))
        .filter(deliveries::Column::Id.is_in(ids.iter().copied()))
        .filter(deliveries::Column::ClaimedBy.eq(worker));
    if status == Status::Sent {
        update = update.col_expr(deliveries::Column::SentAt, Expr::value(now));
    } else {
        update = update.filter(deliveries::Column::Status.eq(Status::Pending));
    }
    Ok(update.exec(db).await?.rows_affected)
}

/// Skips every pending delivery to a user who has blocked the bot.
pub async fn skip_user(db: &impl ConnectionTrait, user_id: i64, detail: &str) -> Result<u64, DbErr> {
    Ok(deliveries::Entity::update_many()
        .col_expr(deliveries::Column::Status, Expr::value(Status::Skipped))
        .col_expr(deliveries::Column::Detail, Expr::value(detail))
        .filter(deliveries::Column::UserId.eq(user_id))
        .filter(deliveries::Column::Status.eq(Status::Pending))
        .exec(db)
        .await?
        .rows_affected)
}

/// Which of `ids` were cancelled.
pub async fn cancelled_among(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<i64>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    broadcasts::Entity::find()
        .select_only()
        .column(broadcasts::Column::Id)
        .filter(broadcasts::Column::Id.is_in(ids.iter().copied()))
        .filter(broadcasts::Column::CancelledAt.is_not_null())
        .into_tuple()
        .all(db)
        .await
}

/// Deletes the deliveries of broadcasts created before `before` (their counts stay on the
/// broadcast row).
pub async fn prune(db: &impl ConnectionTrait, before: OffsetDateTime) -> Result<u64, DbErr> {
    let old = Query::select()
        .column(broadcasts::Column::Id)
        .from(broadcasts::Entity)
        .and_where(broadcasts::Column::CreatedAt.lt(before))
        .to_owned();
    Ok(deliveries::Entity::delete_many()
        .filter(deliveries::Column::BroadcastId.in_subquery(old))
        .exec(db)
        .await?
        .rows_affected)
}

/// All deliveries of a broadcast (for tests and operators).
pub async fn deliveries_of(
    db: &impl ConnectionTrait,
    broadcast_id: i64,
) -> Result<Vec<deliveries::Model>, DbErr> {
    deliveries::Entity::find()
        .filter(deliveries::Column::BroadcastId.eq(broadcast_id))
        .order_by_asc(deliveries::Column::Id)
        .all(db)
        .await
}
