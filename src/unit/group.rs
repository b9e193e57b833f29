//! Group commit on SQLite: consecutive updates share one transaction and one commit.
//!
//! SQLite has one writer at a time, and an update's unit holds the write lock from its first
//! statement to its commit. Left to SQLite, the units of concurrent updates take turns through
//! its busy handler (each sleeping until it finds the lock free: idle time at every hand-off),
//! and every one pays its own `BEGIN`, `COMMIT` and log write. Here they queue in the process
//! instead ([`Group::join`], first come first served) and the unit at the head works in the
//! group's transaction, inside a savepoint of its own. When it is done it releases its work into
//! the transaction ([`Holding::commit`]) and, if another unit is queued and the group is not
//! full, hands the open transaction on and waits; the last unit of a group commits it and wakes
//! the others. Every unit is answered only once its own data is durable; a unit that fails
//! rolls back to its savepoint and nothing of the others is lost.
//!
//! Every statement is a round trip to the SQLite connection's thread, so a unit's savepoint
//! goes with its first query, the unit that ends a group sends its last statement (the
//! update's completion) with the commit, and the commit begins the next group's transaction in
//! the same string, on the same connection, which the group keeps: the next update finds it
//! begun.
//!
//! Writers outside updates (jobs, the Mini App, marking calls sent) wait for the lock in
//! SQLite's busy handler. A group that saw one waiting ([`crate::db::busy_waits`])
//! pauses after its commit before the next one begins, so they are not starved.
//!
//! PostgreSQL runs many writers at once: its units keep a transaction each.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, Statement, TransactionTrait};
use tokio::sync::{oneshot, Mutex, OwnedMutexGuard};
use tracing::warn;

/// How long a writer outside updates is let in after a group that kept it waiting: longer
/// than the longest sleep of the busy handler.
const LET_IN: Duration = Duration::from_millis(2);

/// How often a unit that handed the transaction on checks that someone took it.
const ORPHANED_AFTER: Duration = Duration::from_millis(10);

/// A group's end: its commit, and the next group's transaction begun at once, deferred (no lock,
/// no snapshot until its first statement), on the same connection. sqlx still counts one
/// transaction open on it, which is true again once the string has run. The connection stays
/// the group's: no hand-back to the pool (where sqlx pings every connection returned) and no
/// acquire for the next group, and SQLite's page cache stays warm (a connection that another
/// one's commit made stale drops its whole cache at its next transaction, and the pool hands
/// out the connection idle longest).
pub(super) const COMMIT_AND_BEGIN: &str = "COMMIT; BEGIN";

/// Each unit's savepoint (the latest of that name is the one `ROLLBACK TO` finds).
pub const SAVEPOINT: &str = "SAVEPOINT pnp_unit";
const BACK_TO_SAVEPOINT: &str = "ROLLBACK TO pnp_unit";

/// The queue of one SQLite pool's units and the transaction they share.
pub struct Group {
    pool: DatabaseConnection,
    shared: Arc<Mutex<Shared>>,
    /// Units waiting to join.
    queued: AtomicUsize,
    /// How long a unit waits to join before it gives up, as SQLite's busy timeout does.
    wait: Duration,
    /// The most units one commit carries (`sqlite.units_per_commit`): the first of them waits
    /// for the others' work.
    most: usize,
}

impl std::fmt::Debug for Group {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Group").finish_non_exhaustive()
    }
}

#[derive(Default)]
struct Shared {
    /// The group's transaction: it holds the write lock.
    tx: Option<Arc<DatabaseTransaction>>,
    /// The next group's transaction, begun after a commit while no unit was waiting, so that
    /// the next update does not wait for its `BEGIN`. Deferred: until its first statement it
    /// holds a connection of the pool, and no lock and no snapshot.
    ahead: Option<DatabaseTransaction>,
    /// The units whose work it holds, waiting for its commit.
    members: Vec<oneshot::Sender<Result<(), String>>>,
    /// [`crate::db::busy_waits`] when the transaction began.
    busy_waits: u64,
}

/// A unit's turn in the group, from its first statement to its commit. Dropped unfinished (the
/// update failed or its request went away), its work is rolled back and the turn passed on.
pub struct Holding {
    group: Arc<Group>,
    shared: Option<OwnedMutexGuard<Shared>>,
    /// Where the unit's savepoint is.
    savepoint: Savepoint,
}

/// A unit's savepoint. A unit that joins others' work keeps its own in a savepoint, begun with
/// its first statement (one round trip to SQLite's thread fewer than a statement of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Savepoint {
    /// The first unit of a group has none: the transaction holds its work alone until it hands
    /// it on.
    None,
    /// Not begun yet, so nothing of the unit is in the transaction: backing out undoes nothing.
    /// (A first statement that failed made no change either, whether or not its savepoint
    /// began: SQLite undoes a failed statement whole.)
    ToBegin,
    Begun,
}

/// Groups that paused to let a writer outside updates in.
static PAUSES: AtomicU64 = AtomicU64::new(0);

/// How many times, since the process started, a group commit paused to let a writer outside
/// updates in.
pub fn pauses() -> u64 {
    PAUSES.load(Ordering::Relaxed)
}

impl Group {
    /// The group of `pool`'s units.
    pub fn new(pool: DatabaseConnection, wait: Duration, most: usize) -> Arc<Self> {
        Arc::new(Group {
            pool,
            shared: Arc::new(Mutex::new(Shared::default())),
            queued: AtomicUsize::new(0),
            wait,
            most: most.max(1),
        })
    }

    /// Waits for this unit's turn, in the group's transaction (its savepoint to begin with its
    /// first statement: [`Holding::savepoint_to_begin`]), or begins the transaction when there
    /// is none: the transaction its statements go to. `writes_first`:
    /// the unit's first statement is a write (an update's claim), which takes the write lock
    /// itself; otherwise the lock is taken at once, so that a read does not begin a snapshot
    /// that a writer outside updates could make stale before the unit writes.
    pub async fn join(
        self: &Arc<Self>,
        writes_first: bool,
    ) -> Result<(Holding, Arc<DatabaseTransaction>), DbErr> {
        self.queued.fetch_add(1, Ordering::SeqCst);
        let turn = tokio::time::timeout(self.wait, self.shared.clone().lock_owned()).await;
        self.queued.fetch_sub(1, Ordering::SeqCst);
        let mut shared =
            turn.map_err(|_| DbErr::Custom("database is locked: no turn to write in time".into()))?;
        let tx = match shared.tx.clone() {
            Some(tx) => {
                let holding = Holding {
                    group: self.clone(),
                    shared: Some(shared),
                    savepoint: Savepoint::ToBegin,
                };
                return Ok((holding, tx));
            }
            None => match (shared.ahead.take(), writes_first) {
                (Some(ahead), true) => Arc::new(ahead),
                (Some(ahead), false) => {
                    // Its first statement would be a read: the transaction takes the lock first,
                    // as `begin_write` does (nothing ran in it yet). Dropped on failure: rolled
                    // back, and its connection handed back.
                    ahead.execute_unprepared(crate::db::TAKE_WRITE_LOCK).await?;
                    Arc::new(ahead)
                }
                (None, true) => Arc::new(self.pool.begin().await?),
                (None, false) => Arc::new(crate::db::begin_write(&self.pool).await?),
            },
        };
        shared.tx = Some(tx.clone());
        shared.busy_waits = crate::db::busy_waits();
        let holding = Holding {
            group: self.clone(),
            shared: Some(shared),
            savepoint: Savepoint::None,
        };
        Ok((holding, tx))
    }
}

impl Group {
    /// Makes `write` in a turn of its own, committed with the group: for the writes an update
    /// makes after its commit (marking its calls sent), which on the pool would wait in SQLite's
    /// busy handler behind the whole queue.
    pub async fn write<F, Fut>(self: &Arc<Self>, write: F) -> Result<(), DbErr>
    where
        F: FnOnce(Arc<DatabaseTransaction>) -> Fut,
        Fut: std::future::Future<Output = Result<(), DbErr>>,
    {
        let (mut turn, tx) = self.join(true).await?;
        // Dropped on failure: the others' work is committed without this unit.
        turn.begin_savepoint(&tx).await?;
        match write(tx).await {
            Ok(()) => turn.commit(false).await,
            Err(e) => {
                turn.abandon().await;
                Err(e)
            }
        }
    }
}

impl Holding {
    /// The statement the unit's first statement is to begin with (`SAVEPOINT …; ` and then the
    /// statement, in one round trip), until [`Holding::savepoint_begun`] says it did.
    pub fn savepoint_to_begin(&self) -> Option<&'static str> {
        (self.savepoint == Savepoint::ToBegin).then_some(SAVEPOINT)
    }

    /// A statement that began with [`Holding::savepoint_to_begin`] succeeded.
    pub fn savepoint_begun(&mut self) {
        if self.savepoint == Savepoint::ToBegin {
            self.savepoint = Savepoint::Begun;
        }
    }

    /// Begins the unit's savepoint on its own, when it is still to begin: before a statement
    /// that cannot carry it.
    pub async fn begin_savepoint(&mut self, tx: &DatabaseTransaction) -> Result<(), DbErr> {
        if self.savepoint_to_begin().is_some() {
            tx.execute_unprepared(SAVEPOINT).await?;
            self.savepoint_begun();
        }
        Ok(())
    }

    /// The unit's work is done (its savepoint stays, released by the commit): waits for the
    /// commit that makes it durable. `now`: commit without waiting for more units.
    pub async fn commit(self, now: bool) -> Result<(), DbErr> {
        self.commit_with(now, None).await
    }

    /// [`Holding::commit`] after the unit's `last` statement (an update's completion): when
    /// this unit ends its group, the statement and the commit go in one round trip. If either
    /// fails, the unit's work is taken back and the others' is committed without it.
    pub async fn commit_with(mut self, now: bool, last: Option<Statement>) -> Result<(), DbErr> {
        let mut shared = self.shared.take().expect("held until committed");
        let hands_on = !now && self.group.hands_on(&shared);
        let mut last = last;
        if last.is_some() && (hands_on || self.savepoint == Savepoint::ToBegin) {
            // Alone: the transaction goes on (or the unit's savepoint must begin first).
            let tx = shared.tx.clone().expect("a turn holds its group's transaction");
            let alone = async {
                self.begin_savepoint(&tx).await?;
                if hands_on {
                    tx.execute(last.take().expect("checked above")).await?;
                }
                Ok::<_, DbErr>(())
            };
            if let Err(e) = alone.await {
                drop(tx);
                self.group.clone().back_out(shared, self.savepoint).await;
                return Err(e);
            }
        }
        if hands_on {
            let (done, mut committed) = oneshot::channel();
            shared.members.push(done);
            drop(shared);
            loop {
                tokio::select! {
                    result = &mut committed => {
                        return result
                            .unwrap_or_else(|_| Err("an update's group commit was dropped".into()))
                            .map_err(DbErr::Custom);
                    }
                    // The unit it was handed to may have given up waiting (its request went
                    // away) just as it was handed on: a free turn with an open transaction is
                    // nobody's, and is committed here.
                    _ = tokio::time::sleep(ORPHANED_AFTER) => {
                        if let Ok(shared) = self.group.shared.clone().try_lock_owned() {
                            self.group.end(shared).await;
                        }
                    }
                }
            }
        }
        let (done, committed) = oneshot::channel();
        shared.members.push(done);
        if let Err((mut shared, e)) = self.group.end_with(shared, last).await {
            // Its last statement failed, or the commit after it: nothing is committed, and
            // nobody told. This unit's work is taken back, the others' committed without it.
            shared.members.pop();
            self.group.clone().back_out(shared, self.savepoint).await;
            return Err(e);
        }
        committed
            .await
            .unwrap_or_else(|_| Err("an update's group commit was dropped".into()))
            .map_err(DbErr::Custom)
    }

    /// Undoes the unit's work (back to its savepoint) and passes the turn on: the others' work
    /// stays in the group.
    pub async fn abandon(mut self) {
        let shared = self.shared.take().expect("held until abandoned");
        self.group.clone().back_out(shared, self.savepoint).await;
    }
}

impl Drop for Holding {
    fn drop(&mut self) {
        let Some(shared) = self.shared.take() else { return };
        let group = self.group.clone();
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(group.back_out(shared, self.savepoint));
            }
            // No runtime left to roll back on: the transaction goes with the process.
            Err(_) => drop(shared),
        }
    }
}

impl Group {
    /// Whether the unit at the head hands the open transaction on rather than committing it.
    fn hands_on(&self, shared: &Shared) -> bool {
        self.queued.load(Ordering::SeqCst) > 0 && shared.members.len() + 1 < self.most
    }

    async fn back_out(self: Arc<Self>, mut shared: OwnedMutexGuard<Shared>, savepoint: Savepoint) {
        let Some(tx) = shared.tx.clone() else { return };
        let undone = match savepoint {
            Savepoint::Begun => tx.execute_unprepared(BACK_TO_SAVEPOINT).await.map(|_| ()),
            // Nothing of the unit is in the transaction. (`ROLLBACK TO` would find the savepoint
            // of the unit before it, and undo that one's work.)
            Savepoint::ToBegin => Ok(()),
            // The first unit: the transaction holds nothing else (rolled back below).
            Savepoint::None => Ok(()),
        };
        if let Err(e) = undone {
            // What of this unit stays cannot be told apart from the others' work: none of it
            // is committed, and every member fails (its update is delivered again).
            warn!(error = %e, "could not roll an update back to its savepoint; its group is rolled back");
            drop(tx);
            fail(&mut shared, &e.to_string());
            return;
        }
        drop(tx);
        if shared.members.is_empty() {
            // Nothing of anyone's: the transaction ends, and the lock with it.
            if let Some(tx) = shared.tx.take().and_then(|tx| Arc::try_unwrap(tx).ok()) {
                if let Err(e) = tx.rollback().await {
                    warn!(error = %e, "could not roll back an update's transaction");
                }
            }
        } else if !self.hands_on(&shared) {
            self.end(shared).await;
        }
    }

    /// Commits the group's transaction and tells its members. The next group's transaction
    /// begins in the same round trip, on the same connection ([`COMMIT_AND_BEGIN`]).
    async fn end(&self, shared: OwnedMutexGuard<Shared>) {
        // Without a last statement there is nothing for the caller to take back.
        let _ = self.end_with(shared, None).await;
    }

    /// [`Group::end`], the committing unit's `last` statement going first in the same string.
    /// If the string fails, nobody is told: the transaction is left in the group for the
    /// caller to take its unit back ([`Group::back_out`]), which commits the others' work
    /// without it, or, if the commit itself failed and SQLite ended the transaction, fails
    /// them all.
    async fn end_with(
        &self,
        mut shared: OwnedMutexGuard<Shared>,
        last: Option<Statement>,
    ) -> Result<(), (OwnedMutexGuard<Shared>, DbErr)> {
        let Some(tx) = shared.tx.take() else { return Ok(()) };
        let had_last = last.is_some();
        let committed = match Arc::try_unwrap(tx) {
            Ok(tx) => {
                let ending = match last {
                    // The statement's values bind to its placeholders; `COMMIT` and `BEGIN`
                    // have none.
                    Some(last) => {
                        let sql = format!("{}; {COMMIT_AND_BEGIN}", last.sql);
                        tx.execute(Statement { sql, ..last }).await.map(|_| ())
                    }
                    None => tx.execute_unprepared(COMMIT_AND_BEGIN).await.map(|_| ()),
                };
                match ending {
                    Ok(()) => {
                        shared.ahead = Some(tx);
                        Ok(())
                    }
                    Err(e) if had_last => {
                        shared.tx = Some(Arc::new(tx));
                        return Err((shared, e));
                    }
                    // SQLite stops a string at its first failing statement: the `COMMIT`
                    // failed and the `BEGIN` never ran. Dropped, the transaction is rolled back
                    // (as a failed `commit` would be).
                    Err(e) => Err(e.to_string()),
                }
            }
            Err(_) => Err("an update's transaction was still in use at its commit".to_string()),
        };
        let units = shared.members.len();
        metrics::histogram!("pnp_update_group_units").record(units as f64);
        for member in shared.members.drain(..) {
            let _ = member.send(committed.clone());
        }
        if crate::db::busy_waits() != shared.busy_waits {
            PAUSES.fetch_add(1, Ordering::Relaxed);
            // A writer outside updates waited on this group: let it in before the next group
            // begins (the turn is kept that long; the members are answered already).
            tokio::spawn(async move {
                tokio::time::sleep(LET_IN).await;
                drop(shared);
            });
        }
        Ok(())
    }
}

/// Rolls the group back: each member's update fails and is delivered again.
fn fail(shared: &mut Shared, error: &str) {
    shared.tx = None;
    for member in shared.members.drain(..) {
        let _ = member.send(Err(error.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DatabaseConfig;
    use crate::db::{connect_with, SqliteSettings};

    const MOST_UNITS: usize = 8;

    async fn sqlite(dir: &tempfile::TempDir, wait: Duration) -> (DatabaseConnection, Arc<Group>) {
        let config = DatabaseConfig {
            url: format!("sqlite://{}?mode=rwc", dir.path().join("group.db").display()),
            max_connections: 3,
            sqlite_busy_timeout_ms: 1000,
            flush_every_commit: false,
        };
        let db = connect_with(&config, SqliteSettings::default()).await.unwrap();
        for create in [
            "CREATE TABLE seaql_migrations (version TEXT PRIMARY KEY, applied_at BIGINT)",
            "CREATE TABLE done (id INTEGER PRIMARY KEY)",
        ] {
            db.execute_unprepared(create).await.unwrap();
        }
        (db.clone(), Group::new(db, wait, MOST_UNITS))
    }

    /// What another connection sees: only what was committed.
    async fn committed(db: &DatabaseConnection) -> Vec<i64> {
        let rows = db
            .query_all(sea_orm::Statement::from_string(
                db.get_database_backend(),
                "SELECT id FROM done ORDER BY id",
            ))
            .await
            .unwrap();
        rows.iter().map(|r| r.try_get::<i64>("", "id").unwrap()).collect()
    }

    async fn insert(tx: &DatabaseTransaction, id: i64) {
        tx.execute_unprepared(&format!("INSERT INTO done (id) VALUES ({id})"))
            .await
            .unwrap();
    }

    /// A unit that takes its turn and writes `id`.
    async fn writes(group: &Arc<Group>, id: i64) -> Holding {
        let (mut turn, tx) = group.join(true).await.unwrap();
        turn.begin_savepoint(&tx).await.unwrap();
        insert(&tx, id).await;
        turn
    }

    /// The same in a task of its own, committing when done.
    fn committing(group: &Arc<Group>, id: i64) -> tokio::task::JoinHandle<Result<(), DbErr>> {
        let group = group.clone();
        tokio::spawn(async move { writes(&group, id).await.commit(false).await })
    }

    /// Lets spawned units reach their turn's queue.
    async fn settle() {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    #[tokio::test]
    async fn queued_units_share_one_commit_and_a_failed_one_takes_only_its_own_work_back() {
        let dir = tempfile::tempdir().unwrap();
        let (db, group) = sqlite(&dir, Duration::from_secs(5)).await;
        let first = writes(&group, 1).await;
        // Two more units queue while the first works.
        let g = group.clone();
        let failing = tokio::spawn(async move { writes(&g, 2).await.abandon().await });
        settle().await;
        let last = committing(&group, 3);
        settle().await;
        // The first hands the transaction on: it is answered with the group's commit, not before.
        first.commit(false).await.unwrap();
        last.await.unwrap().unwrap();
        failing.await.unwrap();
        assert_eq!(committed(&db).await, [1, 3]);
    }

    #[tokio::test]
    async fn a_unit_waits_for_the_commit_that_carries_its_work() {
        let dir = tempfile::tempdir().unwrap();
        let (db, group) = sqlite(&dir, Duration::from_secs(5)).await;
        let first = writes(&group, 1).await;
        let g = group.clone();
        let (go, ready) = oneshot::channel::<()>();
        let second = tokio::spawn(async move {
            let turn = writes(&g, 2).await;
            ready.await.unwrap();
            turn.commit(false).await
        });
        settle().await;
        let first = tokio::spawn(first.commit(false));
        settle().await;
        assert!(!first.is_finished(), "answered before its work was committed");
        assert_eq!(committed(&db).await, Vec::<i64>::new());
        go.send(()).unwrap();
        second.await.unwrap().unwrap();
        first.await.unwrap().unwrap();
        assert_eq!(committed(&db).await, [1, 2]);
    }

    #[tokio::test]
    async fn a_savepoint_rides_with_its_units_first_query_and_one_never_begun_undoes_nobodys_work() {
        let dir = tempfile::tempdir().unwrap();
        let (db, group) = sqlite(&dir, Duration::from_secs(5)).await;
        let first = writes(&group, 1).await;
        let g = group.clone();
        // Its turn comes, it makes no statement, and it fails.
        let never_began = tokio::spawn(async move {
            let (turn, _tx) = g.join(true).await.unwrap();
            assert_eq!(turn.savepoint_to_begin(), Some(SAVEPOINT));
            turn.abandon().await
        });
        settle().await;
        let (g, d) = (group.clone(), db.clone());
        // Its savepoint and its first write go in one string, and then it fails.
        let carried = tokio::spawn(async move {
            let (mut turn, tx) = g.join(true).await.unwrap();
            let sql = format!(
                "{}; INSERT INTO done (id) VALUES (3) RETURNING id",
                turn.savepoint_to_begin().unwrap()
            );
            let rows = tx
                .query_all(sea_orm::Statement::from_string(d.get_database_backend(), sql))
                .await
                .unwrap();
            assert_eq!(rows.len(), 1, "the insert's row, none of the savepoint's");
            turn.savepoint_begun();
            assert_eq!(turn.savepoint_to_begin(), None);
            drop(tx);
            turn.abandon().await
        });
        settle().await;
        let last = committing(&group, 4);
        settle().await;
        first.commit(false).await.unwrap();
        never_began.await.unwrap();
        carried.await.unwrap();
        last.await.unwrap().unwrap();
        assert_eq!(committed(&db).await, [1, 4]);
    }

    #[tokio::test]
    async fn the_transaction_begun_ahead_holds_no_lock_and_the_next_unit_works_in_it() {
        let dir = tempfile::tempdir().unwrap();
        let (db, group) = sqlite(&dir, Duration::from_secs(5)).await;
        writes(&group, 1).await.commit(false).await.unwrap();
        settle().await;
        assert!(
            group.shared.lock().await.ahead.is_some(),
            "no transaction begun ahead"
        );
        // A writer outside updates does not wait for it (SQLite's busy timeout here is 1 s).
        tokio::time::timeout(
            Duration::from_millis(500),
            db.execute_unprepared("INSERT INTO done (id) VALUES (2)"),
        )
        .await
        .expect("a writer outside updates waited")
        .unwrap();
        writes(&group, 3).await.commit(false).await.unwrap();
        settle().await;
        // A unit whose first statement is not a write begins with the lock instead.
        let (turn, tx) = group.join(false).await.unwrap();
        insert(&tx, 4).await;
        drop(tx);
        turn.commit(false).await.unwrap();
        assert_eq!(committed(&db).await, [1, 2, 3, 4]);
    }

    #[tokio::test]
    async fn one_group_after_another_keeps_the_same_connection() {
        let dir = tempfile::tempdir().unwrap();
        let (db, group) = sqlite(&dir, Duration::from_secs(5)).await;
        // A temporary table is seen by the connection that made it and no other.
        let (turn, tx) = group.join(true).await.unwrap();
        tx.execute_unprepared("CREATE TEMP TABLE mine (id INTEGER)")
            .await
            .unwrap();
        insert(&tx, 1).await;
        drop(tx);
        turn.commit(false).await.unwrap();
        for (id, writes_first) in [(2, true), (3, false), (4, true)] {
            let (turn, tx) = group.join(writes_first).await.unwrap();
            tx.execute_unprepared(&format!("INSERT INTO temp.mine (id) VALUES ({id})"))
                .await
                .unwrap_or_else(|e| panic!("group {id} is on another connection: {e}"));
            insert(&tx, id).await;
            drop(tx);
            turn.commit(false).await.unwrap();
        }
        assert_eq!(committed(&db).await, [1, 2, 3, 4]);
    }

    fn statement(sql: &str) -> Option<Statement> {
        Some(Statement::from_string(sea_orm::DbBackend::Sqlite, sql))
    }

    #[tokio::test]
    async fn the_last_statement_goes_with_the_commit_and_failing_takes_back_only_its_unit() {
        let dir = tempfile::tempdir().unwrap();
        let (db, group) = sqlite(&dir, Duration::from_secs(5)).await;
        // Alone in its group: the statement and the commit, in one string.
        let alone = writes(&group, 1).await;
        alone
            .commit_with(false, statement("INSERT INTO done (id) VALUES (2)"))
            .await
            .unwrap();
        assert_eq!(committed(&db).await, [1, 2]);
        // The unit ending a group of two fails at its last statement: the first is committed.
        let first = writes(&group, 3).await;
        let next = {
            let group = group.clone();
            tokio::spawn(async move {
                let turn = writes(&group, 4).await;
                turn.commit_with(false, statement("INSERT INTO done (id) VALUES (3)"))
                    .await
            })
        };
        settle().await;
        let first = tokio::spawn(first.commit(false));
        assert!(next.await.unwrap().is_err(), "a duplicate key was committed");
        first.await.unwrap().unwrap();
        assert_eq!(committed(&db).await, [1, 2, 3]);
        // Alone and failing: nothing of it stays, and the next group goes on.
        let alone = writes(&group, 5).await;
        let failed = alone
            .commit_with(false, statement("INSERT INTO done (id) VALUES (1)"))
            .await;
        assert!(failed.is_err());
        writes(&group, 6).await.commit(false).await.unwrap();
        assert_eq!(committed(&db).await, [1, 2, 3, 6]);
    }

    #[tokio::test]
    async fn the_first_unit_failing_takes_back_only_its_own_work_and_the_next_begins_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let (db, group) = sqlite(&dir, Duration::from_secs(5)).await;
        let first = writes(&group, 1).await;
        let next = committing(&group, 2);
        settle().await;
        first.abandon().await;
        next.await.unwrap().unwrap();
        assert_eq!(committed(&db).await, [2]);
    }

    #[tokio::test]
    async fn a_unit_dropped_in_its_turn_is_rolled_back_and_the_others_committed() {
        let dir = tempfile::tempdir().unwrap();
        let (db, group) = sqlite(&dir, Duration::from_secs(5)).await;
        let first = writes(&group, 1).await;
        let g = group.clone();
        let dropped = tokio::spawn(async move {
            let _turn = writes(&g, 2).await;
            std::future::pending::<()>().await;
        });
        settle().await;
        let first = tokio::spawn(first.commit(false));
        settle().await;
        // Its request went away.
        dropped.abort();
        let _ = dropped.await;
        tokio::time::timeout(Duration::from_secs(5), first)
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        assert_eq!(committed(&db).await, [1]);
        // And the next unit gets its turn at once.
        let (turn, tx) = tokio::time::timeout(Duration::from_secs(5), group.join(true))
            .await
            .unwrap()
            .unwrap();
        insert(&tx, 4).await;
        drop(tx);
        turn.commit(false).await.unwrap();
        assert_eq!(committed(&db).await, [1, 4]);
    }

    #[tokio::test]
    async fn a_transaction_handed_to_a_unit_that_went_away_is_committed_all_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let (db, group) = sqlite(&dir, Duration::from_secs(5)).await;
        let first = writes(&group, 1).await;
        // A unit queued when the first decides to hand on, gone before it takes the turn.
        group.queued.fetch_add(1, Ordering::SeqCst);
        let first = tokio::spawn(first.commit(false));
        settle().await;
        group.queued.fetch_sub(1, Ordering::SeqCst);
        tokio::time::timeout(Duration::from_secs(5), first)
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        assert_eq!(committed(&db).await, [1]);
    }

    #[tokio::test]
    async fn a_unit_that_gets_no_turn_in_time_fails_as_a_locked_database() {
        let dir = tempfile::tempdir().unwrap();
        let (_db, group) = sqlite(&dir, Duration::from_millis(100)).await;
        let (turn, _tx) = group.join(true).await.unwrap();
        let Err(e) = group.join(true).await else {
            panic!("a second turn while the first is held")
        };
        assert!(e.to_string().contains("database is locked"), "{e}");
        drop(_tx);
        turn.commit(false).await.unwrap();
    }

    #[tokio::test]
    async fn no_more_than_the_most_units_share_a_commit() {
        let dir = tempfile::tempdir().unwrap();
        let (db, group) = sqlite(&dir, Duration::from_secs(5)).await;
        let first = writes(&group, 0).await;
        let mut units: Vec<_> = (1..MOST_UNITS as i64).map(|id| committing(&group, id)).collect();
        // The first of the next group keeps its turn until the first group is seen committed.
        let (open, gate) = oneshot::channel::<()>();
        units.push({
            let group = group.clone();
            tokio::spawn(async move {
                let (turn, tx) = group.join(true).await?;
                gate.await.unwrap();
                insert(&tx, MOST_UNITS as i64).await;
                drop(tx);
                turn.commit(false).await
            })
        });
        units.extend((MOST_UNITS as i64 + 1..=MOST_UNITS as i64 + 2).map(|id| committing(&group, id)));
        settle().await;
        // The first group is full before the queue is empty: it commits without the last ones.
        let first = tokio::spawn(first.commit(false));
        tokio::time::timeout(Duration::from_secs(5), first)
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        let seen = committed(&db).await;
        assert_eq!(seen, (0..MOST_UNITS as i64).collect::<Vec<_>>());
        open.send(()).unwrap();
        for unit in units {
            unit.await.unwrap().unwrap();
        }
        assert_eq!(committed(&db).await.len(), MOST_UNITS + 3);
    }
}
