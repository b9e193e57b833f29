//! De-duplication of Telegram updates by `update_id`, shared by every replica through the database.
//!
//! A claim is taken before handling and completed after — on the update path both inside the
//! update's one transaction ([`crate::unit`]), so a crash before its commit leaves no claim
//! behind and the redelivery is simply handled. A redelivery of a completed update is
//! skipped; a redelivery while another process is still handling it is asked to come back later;
//! a claim left incomplete for [`STALE_AFTER`] (its process died mid-update) is taken over, so a
//! crash never loses an update. A living process renews the claims it is still handling every
//! [`HEARTBEAT`], so an update that takes long is never taken from it, and one whose process
//! died is taken over within [`STALE_AFTER`] instead of waiting out the longest update.
//! Handlers whose effects must happen once (payments) are idempotent on their own keys as well.
//!
//! A completion keeps the webhook response the update was answered with: Telegram redelivers an
//! update whose response it did not get, and the redelivery is answered with the same response,
//! so the call riding in it is not lost.
//!
//! The [`Journal`] renews this process's in-flight claims (those an update committed early, at
//! a commit point before an external call), and can write claims and completions of many callers
//! in one statement per batch (group commit) for work that claims outside an update's
//! transaction (the benchmarks' claim-only floor).

use entity::processed_updates;
use sea_orm::sea_query::{CaseStatement, Expr, OnConflict, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryTrait, Statement,
};
use std::collections::HashSet;
use std::sync::{Arc, Mutex, Weak};
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};
use tracing::warn;

/// How long an incomplete claim is trusted to be in flight without being renewed.
pub const STALE_AFTER: time::Duration = time::Duration::seconds(20);

/// How often a process renews the claims of the updates it is handling (four chances before
/// [`STALE_AFTER`]).
pub const HEARTBEAT: std::time::Duration = std::time::Duration::from_secs(5);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// Ours to handle.
    Claimed,
    /// Already handled: skip, answering with the webhook response it was answered with.
    Done { reply: Option<String> },
    /// Being handled elsewhere right now: ask Telegram to redeliver later.
    InFlight,
}

/// Claims `update_id` for handling.
pub async fn claim(db: &impl ConnectionTrait, update_id: i64, now: OffsetDateTime) -> Result<Claim, DbErr> {
    // A query (`RETURNING`) rather than a count of changed rows: on SQLite it may carry its
    // update's savepoint ([`crate::unit`]), after which the count is not this statement's.
    let inserted = db.query_all(claims_statement(db, &[(update_id, now)])).await?;
    if !inserted.is_empty() {
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
    Ok(
        match processed_updates::Entity::find_by_id(update_id).one(db).await? {
            Some(row) if row.completed_at.is_none() => Claim::InFlight,
            row => Claim::Done {
                reply: row.and_then(|r| r.reply),
            },
        },
    )
}

/// Marks the update handled, keeping the webhook response it is answered with.
pub async fn complete(
    db: &impl ConnectionTrait,
    update_id: i64,
    now: OffsetDateTime,
    reply: Option<&str>,
) -> Result<(), DbErr> {
    db.execute(completion(db, update_id, now, reply)).await?;
    Ok(())
}

/// The statement [`complete`] runs on `db` (an update's last, which `unit::finish_with` may
/// send together with its commit).
pub fn completion(
    db: &impl ConnectionTrait,
    update_id: i64,
    now: OffsetDateTime,
    reply: Option<&str>,
) -> Statement {
    completion_on(db.get_database_backend(), update_id, now, reply)
}

/// [`completion`] for a database of `backend`.
pub(crate) fn completion_on(
    backend: sea_orm::DbBackend,
    update_id: i64,
    now: OffsetDateTime,
    reply: Option<&str>,
) -> Statement {
    processed_updates::Entity::update_many()
        .col_expr(processed_updates::Column::CompletedAt, Expr::value(now))
        .col_expr(processed_updates::Column::Reply, Expr::value(reply))
        .filter(processed_updates::Column::UpdateId.eq(update_id))
        .build(backend)
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

/// Most requests one batch takes (a few bind values each, far under any database's limit).
const MAX_BATCH: usize = 256;

/// The process's writer of update claims and completions (see the module docs).
///
/// Every call is answered only once its write is committed, exactly as [`claim`] and [`complete`]
/// would: batching changes how many statements carry the writes, not when a caller may rely on
/// them. Requests that arrive while a batch is being written form the next batch, so a lone
/// update waits for nothing.
#[derive(Clone)]
pub struct Journal {
    requests: mpsc::UnboundedSender<Request>,
    /// The updates this process claimed and is still handling, renewed every [`HEARTBEAT`].
    in_flight: Arc<Mutex<HashSet<i64>>>,
}

enum Request {
    Claim {
        update_id: i64,
        now: OffsetDateTime,
        answer: oneshot::Sender<Result<Claim, DbErr>>,
    },
    Complete {
        update_id: i64,
        now: OffsetDateTime,
        reply: Option<String>,
        answer: oneshot::Sender<Result<(), DbErr>>,
    },
}

impl Journal {
    /// Starts the writer and the heartbeat on the current runtime; they end when the last handle
    /// is dropped. The heartbeat stamps renewed claims with `clock`'s time.
    pub fn start(db: DatabaseConnection, clock: Arc<dyn crate::clock::Clock>) -> Journal {
        let (requests, incoming) = mpsc::unbounded_channel();
        tokio::spawn(write_batches(db.clone(), incoming));
        let in_flight = Arc::new(Mutex::new(HashSet::new()));
        tokio::spawn(renew_claims(db, clock, Arc::downgrade(&in_flight)));
        Journal { requests, in_flight }
    }

    /// [`claim`], written together with the other claims in flight.
    pub async fn claim(&self, update_id: i64, now: OffsetDateTime) -> Result<Claim, DbErr> {
        let (answer, answered) = oneshot::channel();
        self.send(
            Request::Claim {
                update_id,
                now,
                answer,
            },
            answered,
        )
        .await
    }

    /// Keeps the claim of `update_id` fresh (every [`HEARTBEAT`]) until the returned guard is
    /// dropped: when the update is done, and also when its handling is cut off (a panic, a
    /// request timeout, a dropped connection), so such a claim goes stale and its redelivery
    /// is handled.
    pub fn renewing(&self, update_id: i64) -> Renewal {
        self.in_flight.lock().unwrap().insert(update_id);
        Renewal {
            in_flight: self.in_flight.clone(),
            update_id,
        }
    }

    /// [`complete`], written together with the other completions in flight.
    pub async fn complete(
        &self,
        update_id: i64,
        now: OffsetDateTime,
        reply: Option<String>,
    ) -> Result<(), DbErr> {
        let (answer, answered) = oneshot::channel();
        self.send(
            Request::Complete {
                update_id,
                now,
                reply,
                answer,
            },
            answered,
        )
        .await
    }

    async fn send<T>(
        &self,
        request: Request,
        answered: oneshot::Receiver<Result<T, DbErr>>,
    ) -> Result<T, DbErr> {
        let gone = || DbErr::Custom("the update journal's writer has stopped".into());
        self.requests.send(request).map_err(|_| gone())?;
        answered.await.map_err(|_| gone())?
    }
}

/// An update being handled: its claim is renewed while this lives ([`Journal::renewing`]).
pub struct Renewal {
    in_flight: Arc<Mutex<HashSet<i64>>>,
    update_id: i64,
}

impl Drop for Renewal {
    fn drop(&mut self) {
        if let Ok(mut in_flight) = self.in_flight.lock() {
            in_flight.remove(&self.update_id);
        }
    }
}

/// The heartbeat: every [`HEARTBEAT`], one `UPDATE` renews the claims of the updates in flight
/// (those not completed yet). Ends when the journal is dropped.
async fn renew_claims(
    db: DatabaseConnection,
    clock: Arc<dyn crate::clock::Clock>,
    in_flight: Weak<Mutex<HashSet<i64>>>,
) {
    let mut ticks = tokio::time::interval(HEARTBEAT);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    ticks.tick().await;
    loop {
        ticks.tick().await;
        let Some(in_flight) = in_flight.upgrade() else {
            return;
        };
        let ids: Vec<i64> = in_flight.lock().unwrap().iter().copied().collect();
        drop(in_flight);
        for ids in ids.chunks(MAX_BATCH) {
            let renewed = processed_updates::Entity::update_many()
                .col_expr(processed_updates::Column::ReceivedAt, Expr::value(clock.now()))
                .filter(processed_updates::Column::UpdateId.is_in(ids.iter().copied()))
                .filter(processed_updates::Column::CompletedAt.is_null())
                .exec(&db)
                .await;
            if let Err(e) = renewed {
                warn!(error = %e, n = ids.len(), "could not renew the claims of updates in flight");
            }
        }
    }
}

/// The writer: takes what is queued (at least one request, at most [`MAX_BATCH`]) and writes it.
async fn write_batches(db: DatabaseConnection, mut incoming: mpsc::UnboundedReceiver<Request>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while incoming.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let (mut claims, mut completions) = (Vec::new(), Vec::new());
        for request in batch.drain(..) {
            match request {
                Request::Claim {
                    update_id,
                    now,
                    answer,
                } => claims.push((update_id, now, answer)),
                Request::Complete {
                    update_id,
                    now,
                    reply,
                    answer,
                } => completions.push((update_id, now, reply, answer)),
            }
        }
        for (kind, n) in [("claim", claims.len()), ("complete", completions.len())] {
            if n > 0 {
                // Requests over batches is the average batch: how much group commit saves.
                metrics::counter!("pnp_update_journal_batches_total", "kind" => kind).increment(1);
                metrics::counter!("pnp_update_journal_requests_total", "kind" => kind).increment(n as u64);
            }
        }
        // Completions first: they finish updates, whose redeliveries may be among the claims.
        write_completions(&db, completions).await;
        write_claims(&db, claims).await;
    }
}

type Pending<T> = Vec<(i64, OffsetDateTime, oneshot::Sender<Result<T, DbErr>>)>;

/// Completions waiting to be written: update, time, the webhook response, who to tell.
type Completions = Vec<(
    i64,
    OffsetDateTime,
    Option<String>,
    oneshot::Sender<Result<(), DbErr>>,
)>;

/// One `UPDATE … WHERE update_id IN (…)` for all, each update's reply picked by a `CASE`; one by
/// one if that fails, so each caller gets its own outcome.
async fn write_completions(db: &DatabaseConnection, completions: Completions) {
    if completions.len() > 1 {
        let now = completions
            .iter()
            .map(|(_, now, _, _)| *now)
            .max()
            .expect("not empty");
        let ids: Vec<i64> = completions.iter().map(|(id, _, _, _)| *id).collect();
        let with_reply: Vec<(i64, &str)> = completions
            .iter()
            .filter_map(|(id, _, reply, _)| Some((*id, reply.as_deref()?)))
            .collect();
        // A CASE needs at least one WHEN.
        let replies: SimpleExpr = if with_reply.is_empty() {
            Expr::value(Option::<String>::None)
        } else {
            with_reply
                .into_iter()
                .fold(CaseStatement::new(), |case, (id, reply)| {
                    case.case(processed_updates::Column::UpdateId.eq(id), Expr::value(reply))
                })
                .finally(Expr::value(Option::<String>::None))
                .into()
        };
        let all = processed_updates::Entity::update_many()
            .col_expr(processed_updates::Column::CompletedAt, Expr::value(now))
            .col_expr(processed_updates::Column::Reply, replies)
            .filter(processed_updates::Column::UpdateId.is_in(ids))
            .exec(db)
            .await;
        match all {
            Ok(_) => {
                for (_, _, _, answer) in completions {
                    let _ = answer.send(Ok(()));
                }
                return;
            }
            Err(e) => {
                warn!(error = %e, n = completions.len(), "batched completion failed; writing one by one")
            }
        }
    }
    for (update_id, now, reply, answer) in completions {
        let _ = answer.send(complete(db, update_id, now, reply.as_deref()).await);
    }
}

/// `INSERT … ON CONFLICT DO NOTHING RETURNING update_id` of new claims: the ids it returns are
/// claimed.
fn claims_statement(db: &impl ConnectionTrait, claims: &[(i64, OffsetDateTime)]) -> sea_orm::Statement {
    let mut insert = Query::insert();
    insert
        .into_table(processed_updates::Entity)
        .columns([
            processed_updates::Column::UpdateId,
            processed_updates::Column::ReceivedAt,
            processed_updates::Column::CompletedAt,
        ])
        .on_conflict(
            OnConflict::column(processed_updates::Column::UpdateId)
                .do_nothing()
                .to_owned(),
        )
        .returning_col(processed_updates::Column::UpdateId);
    for (update_id, now) in claims {
        insert.values_panic([
            (*update_id).into(),
            (*now).into(),
            Option::<OffsetDateTime>::None.into(),
        ]);
    }
    db.get_database_backend().build(&insert)
}

/// One `INSERT … ON CONFLICT DO NOTHING RETURNING update_id` for all: an id it returns was claimed
/// by its (first) requester. The others — redeliveries, stale claims, the same update twice in
/// one batch — take the one-by-one path of [`claim`], as does everyone if the batch fails.
async fn write_claims(db: &DatabaseConnection, claims: Pending<Claim>) {
    let mut inserted = HashSet::new();
    if claims.len() > 1 {
        let rows: Vec<_> = claims
            .iter()
            .map(|(update_id, now, _)| (*update_id, *now))
            .collect();
        let statement = claims_statement(db, &rows);
        match db.query_all(statement).await {
            Ok(rows) => {
                for row in rows {
                    match row.try_get::<i64>("", "update_id") {
                        Ok(id) => {
                            inserted.insert(id);
                        }
                        Err(e) => warn!(error = %e, "batched claim returned an unreadable row"),
                    }
                }
            }
            Err(e) => warn!(error = %e, n = claims.len(), "batched claim failed; claiming one by one"),
        }
    }
    for (update_id, now, answer) in claims {
        let outcome = if inserted.remove(&update_id) {
            Ok(Claim::Claimed)
        } else {
            claim(db, update_id, now).await
        };
        let _ = answer.send(outcome);
    }
}
