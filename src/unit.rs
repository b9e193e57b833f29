//! One update, one unit of work: its claim, every write its handler makes, its completion and
//! the Bot API calls it causes are committed together, in one transaction.
//!
//! [`run`] opens the unit around an update's handling. Inside it:
//! - every statement made through the application's [`Db`] goes to the unit's transaction,
//!   begun at the first statement (on SQLite it takes the write lock then and holds it to the
//!   commit; nothing slow happens before the commit, see below). On SQLite that transaction is
//!   shared by consecutive units, each in a savepoint of its own, and committed once for all of
//!   them ([`Group`]): each is still answered only after its own commit;
//! - a Bot API call that only tells someone something (a message, an edit, an invoice, a
//!   button's answer…) is not made but kept ([`keep`]) and its caller given the result shaped
//!   as Telegram's; at the end the last one may ride in the webhook response ([`ride`]), the
//!   others are written to the outbox in the same transaction, leased to this process;
//! - [`finish`] commits, then makes the kept calls in order and marks their outbox rows sent
//!   ([`finish_with`]: after the update's completion, which may go with the commit: on SQLite
//!   with its group's, on PostgreSQL with the `BEGIN` of a transaction the next unit takes,
//!   [`Ahead`]).
//!
//! A crash before the commit leaves nothing of the update: Telegram delivers it again and it
//! is handled as new. A crash after it leaves all of it: the redelivery is a duplicate answered
//! with the kept webhook response, and the outbox sender makes the kept calls whose lease ran
//! out unsent — so a crash repeats at most the calls in flight and loses none. (The answer to
//! a button or a pre-checkout query names no chat and expires within seconds: it is not
//! written to the outbox; when it rode in the webhook response it is replayed with it.)
//!
//! An external call whose result the handler needs (a video room, a refund, any Bot API
//! method that is not kept) first passes a [`commit_point`]: what the update did so far is
//! committed and its calls made, the external call runs outside any transaction, and the rest
//! of the update goes on in a new one — the record-then-attempt pattern those handlers are
//! written in. Such an update's claim is then committed before its completion; its heartbeat
//! (`services::updates`) keeps it from being taken over while it lives.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use sea_orm::{DatabaseTransaction, DbErr, Statement};
use serde_json::Value;
use tracing::warn;

use crate::clock::Clock;
use crate::db::Db;
use crate::telegram::{outbox, reply, Telegram};

mod ahead;
mod group;
pub use ahead::Ahead;
pub use group::{pauses as group_pauses, Group};

/// A Bot API call an update made, to be made once the update has committed.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub method: String,
    /// The chat it addresses, when it names one.
    pub chat_id: Option<i64>,
    /// Its parameters; an upload's files kept in them ([`outbox::with_files`]).
    pub body: Value,
    /// It may ride in the webhook response (not a [`Telegram::direct`] call).
    pub rides: bool,
}

struct Work {
    db: Db,
    telegram: Telegram,
    clock: Arc<dyn Clock>,
    /// The unit's transaction, begun at its first statement.
    tx: tokio::sync::Mutex<Option<Open>>,
    calls: Mutex<Vec<Call>>,
    /// Statements go to the pool and calls are made at once: the unit's calls are being made
    /// after its commit, or the unit is over.
    direct: AtomicBool,
    /// A transaction has been begun already (the first one starts with the update's claim).
    began: AtomicBool,
}

/// A unit's open transaction: its own (PostgreSQL), or on SQLite its group's, with its turn in
/// the group ([`Group`]).
struct Open {
    tx: Arc<DatabaseTransaction>,
    turn: Option<group::Holding>,
}

tokio::task_local! {
    static UNIT: Arc<Work>;
}

/// Runs `handling` as one unit of work on `db` (see the module docs). Whatever it has not
/// [`finish`]ed when it ends (an error, a panic, a dropped request) is rolled back.
pub async fn run<F: Future>(db: &Db, telegram: &Telegram, clock: Arc<dyn Clock>, handling: F) -> F::Output {
    let work = Arc::new(Work {
        db: db.clone(),
        telegram: telegram.clone(),
        clock,
        tx: tokio::sync::Mutex::new(None),
        calls: Mutex::new(Vec::new()),
        direct: AtomicBool::new(false),
        began: AtomicBool::new(false),
    });
    UNIT.scope(work, handling).await
}

/// The open unit of this task, when statements and calls are being kept in it.
fn open() -> Option<Arc<Work>> {
    UNIT.try_with(|w| (!w.direct.load(Ordering::Acquire)).then(|| w.clone()))
        .ok()
        .flatten()
}

/// Whether statements through `db` go to this task's unit.
pub(crate) fn routes(db: &Db) -> bool {
    open().is_some_and(|w| w.db.same_pool(db))
}

/// The unit's transaction for a statement through `db`, begun now if it is the first; `None`
/// when the statement goes to the pool.
pub(crate) async fn transaction(db: &Db) -> Option<Result<Arc<DatabaseTransaction>, DbErr>> {
    Some(route(db, false).await?.map(|(tx, _)| tx))
}

/// [`transaction`] for a query, with the statement it is to begin with when the unit's
/// savepoint in its group is still to begin (SQLite: [`Group`]): the query carries it, and
/// [`savepoint_carried`] is told when it succeeded. (Only a query: what `execute` counts as
/// changed is SQLite's count of the last `INSERT`, `UPDATE` or `DELETE`, which after a
/// `SAVEPOINT` in the same string may be another statement's.)
pub(crate) async fn transaction_for_query(
    db: &Db,
) -> Option<Result<(Arc<DatabaseTransaction>, Option<&'static str>), DbErr>> {
    route(db, true).await
}

/// A query that carried the unit's savepoint succeeded.
pub(crate) async fn savepoint_carried(db: &Db) {
    let Some(work) = open().filter(|w| w.db.same_pool(db)) else {
        return;
    };
    let mut slot = work.tx.lock().await;
    if let Some(Open { turn: Some(turn), .. }) = slot.as_mut() {
        turn.savepoint_begun();
    }
}

/// A unit's statements run one after another (no handler runs two at once), so what a
/// statement finds here is still so when it runs.
async fn route(
    db: &Db,
    carry_savepoint: bool,
) -> Option<Result<(Arc<DatabaseTransaction>, Option<&'static str>), DbErr>> {
    let work = open().filter(|w| w.db.same_pool(db))?;
    let mut slot = work.tx.lock().await;
    if slot.is_none() {
        match begin(&work).await {
            Ok(open) => *slot = Some(open),
            Err(e) => return Some(Err(e)),
        }
    }
    let open = slot.as_mut().expect("begun above");
    let Some(turn) = open.turn.as_mut() else {
        return Some(Ok((open.tx.clone(), None)));
    };
    match turn.savepoint_to_begin() {
        Some(savepoint) if carry_savepoint => Some(Ok((open.tx.clone(), Some(savepoint)))),
        Some(_) => Some(
            turn.begin_savepoint(&open.tx)
                .await
                .map(|()| (open.tx.clone(), None)),
        ),
        None => Some(Ok((open.tx.clone(), None))),
    }
}

/// The unit's transaction, at its first statement.
async fn begin(work: &Work) -> Result<Open, DbErr> {
    let writes_first = !work.began.swap(true, Ordering::AcqRel);
    if let Some(group) = work.db.group() {
        // SQLite: the unit waits for its turn and works in its group's transaction.
        let (turn, tx) = group.join(writes_first).await?;
        return Ok(Open { tx, turn: Some(turn) });
    }
    // PostgreSQL: one begun by an earlier unit's commit, when one waits ([`Ahead`]).
    if let Some(tx) = work.db.ahead().and_then(|ahead| ahead.take()) {
        return Ok(Open {
            tx: Arc::new(tx),
            turn: None,
        });
    }
    // The first transaction's first statement is the update's claim, a write: it waits for
    // SQLite's write lock as any first write does. A later one (after a commit point) may read
    // before it writes: see `begin_write`.
    let tx = if writes_first {
        sea_orm::TransactionTrait::begin(work.db.pool()).await?
    } else {
        crate::db::begin_write(work.db.pool()).await?
    };
    Ok(Open {
        tx: Arc::new(tx),
        turn: None,
    })
}

/// Whether a Bot API call made now would be kept in a unit rather than made.
pub fn keeping() -> bool {
    open().is_some()
}

/// Keeps `call` to be made after the unit commits; `false` (the call is to be made now) outside
/// a unit.
pub fn keep(call: Call) -> bool {
    match open() {
        Some(work) => {
            work.calls.lock().expect("never poisoned").push(call);
            true
        }
        None => false,
    }
}

/// The last kept call, when it can, is to ride in the webhook response
/// ([`reply::try_hold`]): it is taken off the calls to make.
pub fn ride() {
    let Some(work) = open() else { return };
    let mut calls = work.calls.lock().expect("never poisoned");
    let Some(last) = calls.last() else { return };
    // A chat with calls waiting in the outbox gets this one behind them, in order: it may not
    // ride in a response that Telegram would carry out first.
    let behind_queue = last.chat_id.is_some_and(|c| work.telegram.pacer().has_queued(c));
    if last.rides && !behind_queue && reply::try_hold(&last.method, last.chat_id, &last.body).is_some() {
        calls.pop();
    }
}

/// Undoes what the unit did since its last commit: its transaction is rolled back and its kept
/// calls dropped, except those `keep` says are to be made all the same (a button's answer, so
/// its spinner stops). Statements after this begin a new transaction.
pub async fn abandon(keep: impl Fn(&Call) -> bool) {
    let Some(work) = open() else { return };
    work.calls.lock().expect("never poisoned").retain(|c| keep(c));
    let open = work.tx.lock().await.take();
    match open {
        Some(Open { tx, turn: Some(turn) }) => {
            drop(tx);
            turn.abandon().await;
        }
        Some(Open { tx, turn: None }) => {
            if let Ok(tx) = Arc::try_unwrap(tx) {
                if let Err(e) = tx.rollback().await {
                    warn!(error = %e, "could not roll back an update's transaction");
                }
            }
        }
        None => {}
    }
}

/// Commits what the update has done so far and makes its kept calls, before an external call
/// that must not run inside the transaction (see the module docs); the update goes on in a new
/// transaction. Nothing outside a unit.
pub async fn commit_point() -> Result<(), DbErr> {
    match open() {
        Some(work) => settle(&work, true, None).await,
        None => Ok(()),
    }
}

/// Commits the unit and makes its kept calls; everything after goes to the pool directly.
/// Nothing outside a unit.
pub async fn finish() -> Result<(), DbErr> {
    match open() {
        Some(work) => settle(&work, false, None).await,
        None => Ok(()),
    }
}

/// [`finish`] after `last`, the update's last statement through `db` (its completion), sent
/// with the commit in one round trip where it can be: on SQLite by a unit that ends its group
/// ([`Group`]), on PostgreSQL with the `BEGIN` of the next unit's transaction ([`Ahead`]).
/// Outside a unit, `last` runs on the pool.
pub async fn finish_with(db: &Db, last: Statement) -> Result<(), DbErr> {
    match open().filter(|w| w.db.same_pool(db)) {
        Some(work) => settle(&work, false, Some(last)).await,
        None => sea_orm::ConnectionTrait::execute(db, last).await.map(|_| ()),
    }
}

/// How long this process holds the outbox rows of the calls it is about to make: past it, the
/// outbox sender makes the ones not marked sent (this process died before it could).
pub const KEPT_LEASE: time::Duration = crate::services::updates::STALE_AFTER;

/// When a kept call that failed for a moment (the network, a 5xx) is made again.
const AGAIN_AFTER: time::Duration = time::Duration::seconds(5);

async fn settle(work: &Work, reopen: bool, last: Option<Statement>) -> Result<(), DbErr> {
    let calls = std::mem::take(&mut *work.calls.lock().expect("never poisoned"));
    let now = work.clock.now();
    let mut rows = Vec::with_capacity(calls.len());
    for call in &calls {
        rows.push(match call.chat_id {
            // Through the unit's handle: in its transaction.
            Some(chat) => {
                Some(outbox::keep(&work.db, chat, &call.method, &call.body, now + KEPT_LEASE, now).await?)
            }
            None => None,
        });
    }
    let (in_group, own) = match &*work.tx.lock().await {
        Some(Open { turn: Some(_), .. }) => (true, false),
        Some(Open { turn: None, .. }) => (false, true),
        None => (false, false),
    };
    // PostgreSQL: written out, it goes with the commit that begins the next unit's transaction.
    let ahead = match work.db.ahead() {
        Some(ahead) if own && !reopen && ahead.has_room() => match &last {
            Some(last) => ahead::inline(last).map(|last| (ahead, Some(last))),
            None => Some((ahead, None)),
        },
        _ => None,
    };
    let last = match last {
        // In a group's turn it goes with the commit; ahead of the next unit's, written out.
        Some(_) if ahead.is_some() => None,
        Some(last) if in_group => Some(last),
        // Its own transaction, or none begun yet: an ordinary statement.
        Some(last) => {
            sea_orm::ConnectionTrait::execute(&work.db, last).await?;
            None
        }
        None => None,
    };
    let open = work.tx.lock().await.take();
    if let Some(Open { tx, turn }) = open {
        match turn {
            // At a commit point the group commits at once: the external call waits for it.
            Some(turn) => {
                drop(tx);
                turn.commit_with(reopen, last).await?;
            }
            None => {
                let tx = Arc::try_unwrap(tx).map_err(|_| {
                    DbErr::Custom("an update's transaction was still in use at its commit".into())
                })?;
                match ahead {
                    Some((ahead, last)) => ahead.commit_with(tx, last.as_deref()).await?,
                    None => tx.commit().await?,
                }
            }
        }
        metrics::counter!("pnp_update_commits_total", "at" => if reopen { "commit_point" } else { "end" })
            .increment(1);
    }
    work.direct.store(true, Ordering::Release);
    for (call, row) in calls.iter().zip(rows) {
        match (work.telegram.make_kept(call).await, row) {
            // Marked at once: a crash repeats at most the call in flight.
            (Ok(()), Some(row)) => {
                let now = work.clock.now();
                let marked = match work.db.group() {
                    // On SQLite in a turn of its own, not in the busy handler behind the queue.
                    Some(group) => {
                        let mark = |tx: Arc<DatabaseTransaction>| async move {
                            outbox::mark_sent(&*tx, &[row], now).await
                        };
                        group.write(mark).await
                    }
                    None => outbox::mark_sent(work.db.pool(), &[row], now).await,
                };
                if let Err(e) = marked {
                    // Its lease runs out and the sender makes it again: one repeat, nothing lost.
                    warn!(error = %e, "could not mark an update's call sent");
                }
            }
            (Ok(()), None) => {}
            (Err(e), Some(row)) => {
                // Kept for the outbox sender to make again, soon.
                let again = work.clock.now() + AGAIN_AFTER;
                let why = e.to_string();
                let handed = match work.db.group() {
                    Some(group) => {
                        let retry = |tx: Arc<DatabaseTransaction>| async move {
                            outbox::retry_at(&*tx, row, again, &why).await
                        };
                        group.write(retry).await
                    }
                    None => outbox::retry_at(work.db.pool(), row, again, &why).await,
                };
                if let Err(e) = handed {
                    warn!(error = %e, "could not hand a failed call to the outbox");
                }
            }
            (Err(e), None) => {
                warn!(method = call.method, error = %e, "a call made after the update's commit failed")
            }
        }
    }
    if reopen {
        work.direct.store(false, Ordering::Release);
    }
    Ok(())
}
