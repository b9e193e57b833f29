//! [`Db`]: the application's database handle. Outside an update it is the pool; inside one
//! ([`crate::unit`]) every statement made through it goes to that update's transaction, so the
//! update's claim, its handler's writes and its completion commit together — without any
//! handler or service knowing which it is. Services take `&impl ConnectionTrait` (or `&Db`) and
//! begin their own transactions as before; inside an update those become savepoints.

use std::sync::Arc;

use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, ExecResult,
    IsolationLevel, QueryResult, Statement, TransactionError, TransactionTrait,
};

/// The database handle every part of the application shares. Cheap to clone.
#[derive(Clone)]
pub struct Db {
    conn: DatabaseConnection,
    /// Which pool this is: an update's transaction is only ever on its own pool's handle.
    id: Arc<()>,
    /// SQLite's units queue here and share commits ([`crate::unit::Group`]); `None` on
    /// PostgreSQL.
    group: Option<Arc<crate::unit::Group>>,
    /// PostgreSQL's transactions begun by one unit's commit for the next ([`crate::unit::Ahead`]);
    /// `None` on SQLite.
    ahead: Option<Arc<crate::unit::Ahead>>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").finish_non_exhaustive()
    }
}

/// With SQLite's default busy timeout of `config/default.toml`.
impl From<DatabaseConnection> for Db {
    fn from(conn: DatabaseConnection) -> Self {
        Db::new(conn, std::time::Duration::from_secs(5), 8)
    }
}

impl Db {
    /// The handle on `conn`. On SQLite an update waits at most `sqlite_wait` for its turn to
    /// write, as SQLite's own busy timeout, and one commit carries at most `units_per_commit`.
    pub fn new(conn: DatabaseConnection, sqlite_wait: std::time::Duration, units_per_commit: usize) -> Self {
        let group = (conn.get_database_backend() == DbBackend::Sqlite)
            .then(|| crate::unit::Group::new(conn.clone(), sqlite_wait, units_per_commit));
        let ahead = (conn.get_database_backend() == DbBackend::Postgres).then(|| {
            // At most a quarter of the pool, so the rest always serves the jobs and the checks.
            let pool = conn.get_postgres_connection_pool().clone();
            let size = pool.options().get_max_connections();
            crate::unit::Ahead::new(pool, (size / 4) as usize)
        });
        Db {
            conn,
            id: Arc::new(()),
            group,
            ahead,
        }
    }

    /// Where PostgreSQL's units find a transaction begun for them; `None` on SQLite.
    pub(crate) fn ahead(&self) -> Option<&Arc<crate::unit::Ahead>> {
        self.ahead.as_ref()
    }

    /// Where SQLite's updates queue to share commits; `None` on PostgreSQL.
    pub(crate) fn group(&self) -> Option<&Arc<crate::unit::Group>> {
        self.group.as_ref()
    }

    /// The pool itself, never an update's transaction: for the writers that must commit on
    /// their own whatever update is running (the journal's heartbeat, start-up, the checks of
    /// `/readyz`), and for what only the pool has (its size, SQLite's raw pool).
    pub fn pool(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// Whether `other` is a handle on the same pool.
    pub fn same_pool(&self, other: &Db) -> bool {
        Arc::ptr_eq(&self.id, &other.id)
    }

    /// The transaction of the update this task is handling, begun at its first statement;
    /// `None` outside an update (or while the update's calls are being sent after its commit).
    async fn routed(&self) -> Option<Result<Arc<DatabaseTransaction>, DbErr>> {
        crate::unit::transaction(self).await
    }

    /// Whether statements made through this handle now go to an update's transaction.
    pub fn in_update(&self) -> bool {
        crate::unit::routes(self)
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for Db {
    fn get_database_backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }

    async fn execute(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        match self.routed().await {
            Some(tx) => tx?.execute(stmt).await,
            None => self.conn.execute(stmt).await,
        }
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        match self.routed().await {
            Some(tx) => tx?.execute_unprepared(sql).await,
            None => self.conn.execute_unprepared(sql).await,
        }
    }

    async fn query_one(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        match self.route_query(stmt).await? {
            Query::Pool(stmt) => self.conn.query_one(stmt).await,
            Query::Unit { tx, stmt, carries } => {
                let row = tx.query_one(stmt).await?;
                self.carried(carries).await;
                Ok(row)
            }
        }
    }

    async fn query_all(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        match self.route_query(stmt).await? {
            Query::Pool(stmt) => self.conn.query_all(stmt).await,
            Query::Unit { tx, stmt, carries } => {
                let rows = tx.query_all(stmt).await?;
                self.carried(carries).await;
                Ok(rows)
            }
        }
    }

    fn support_returning(&self) -> bool {
        self.conn.support_returning()
    }
}

/// Where a query goes.
enum Query {
    Pool(Statement),
    /// The update's transaction; `carries`: the statement begins the unit's savepoint.
    Unit {
        tx: Arc<DatabaseTransaction>,
        stmt: Statement,
        carries: bool,
    },
}

impl Db {
    /// A query's way: to the pool, or to the update's transaction, after the unit's savepoint
    /// in one string when that is still to begin. SQLite's driver runs each statement of a
    /// string in turn, binding the values to the placeholders in order (the savepoint has
    /// none), and a query's rows are those of the statements that return rows.
    async fn route_query(&self, mut stmt: Statement) -> Result<Query, DbErr> {
        Ok(
            match crate::unit::transaction_for_query(self).await.transpose()? {
                None => Query::Pool(stmt),
                Some((tx, savepoint)) => {
                    if let Some(savepoint) = savepoint {
                        stmt.sql = format!("{savepoint}; {}", stmt.sql);
                    }
                    let carries = savepoint.is_some();
                    Query::Unit { tx, stmt, carries }
                }
            },
        )
    }

    /// A query that `carries` the unit's savepoint succeeded: the savepoint has begun.
    async fn carried(&self, carries: bool) {
        if carries {
            crate::unit::savepoint_carried(self).await;
        }
    }
}

#[async_trait::async_trait]
impl TransactionTrait for Db {
    /// Inside an update: a savepoint in its transaction (committing it releases the savepoint;
    /// the update's commit makes it durable).
    async fn begin(&self) -> Result<DatabaseTransaction, DbErr> {
        match self.routed().await {
            Some(tx) => tx?.begin().await,
            None => self.conn.begin().await,
        }
    }

    async fn begin_with_config(
        &self,
        isolation_level: Option<IsolationLevel>,
        access_mode: Option<AccessMode>,
    ) -> Result<DatabaseTransaction, DbErr> {
        match self.routed().await {
            Some(tx) => tx?.begin_with_config(isolation_level, access_mode).await,
            None => self.conn.begin_with_config(isolation_level, access_mode).await,
        }
    }

    async fn transaction<F, T, E>(&self, callback: F) -> Result<T, TransactionError<E>>
    where
        F: for<'c> FnOnce(
                &'c DatabaseTransaction,
            )
                -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, E>> + Send + 'c>>
            + Send,
        T: Send,
        E: std::fmt::Display + std::fmt::Debug + Send,
    {
        match self.routed().await {
            Some(tx) => {
                tx.map_err(TransactionError::Connection)?
                    .transaction(callback)
                    .await
            }
            None => self.conn.transaction(callback).await,
        }
    }

    async fn transaction_with_config<F, T, E>(
        &self,
        callback: F,
        isolation_level: Option<IsolationLevel>,
        access_mode: Option<AccessMode>,
    ) -> Result<T, TransactionError<E>>
    where
        F: for<'c> FnOnce(
                &'c DatabaseTransaction,
            )
                -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, E>> + Send + 'c>>
            + Send,
        T: Send,
        E: std::fmt::Display + std::fmt::Debug + Send,
    {
        match self.routed().await {
            Some(tx) => {
                tx.map_err(TransactionError::Connection)?
                    .transaction_with_config(callback, isolation_level, access_mode)
                    .await
            }
            None => {
                self.conn
                    .transaction_with_config(callback, isolation_level, access_mode)
                    .await
            }
        }
    }
}
