//! Database connection: SQLite (embedded default, WAL, foreign keys, busy timeout) or PostgreSQL.

use std::str::FromStr;
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr, SqlxSqliteConnector};
use tracing::{debug, warn};

use crate::config::DatabaseConfig;

/// How often the background checkpointer copies SQLite's write-ahead log back into the
/// database file.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);
/// WAL pages after which SQLite checkpoints on its own, in the committing request. SQLite's
/// default is 1000 pages, which at a few pages per update meant a checkpoint (copy plus fsync,
/// about 4 ms here) inside every ~60th webhook request: it set the p99. The background
/// checkpointer keeps the log far below this; the limit only bounds it should that task stall.
const AUTOCHECKPOINT_PAGES: &str = "10000";
/// Bytes the WAL file is cut back to whenever SQLite resets it after a full checkpoint. Without
/// a limit the file keeps its largest size for ever (it grew to 51 MB beside a 47 MB database in a
/// load run and never shrank); with it, a burst's log is given back once the checkpointer catches up.
const JOURNAL_SIZE_LIMIT_BYTES: &str = "67108864";

/// Opens the pool. For SQLite the file's folder is created first, so the default
/// `sqlite://data/pnp-live.db?mode=rwc` works on a fresh checkout.
pub async fn connect(config: &DatabaseConfig) -> Result<DatabaseConnection, DbErr> {
    if config.url.starts_with("sqlite:") {
        let mut options = SqliteConnectOptions::from_str(&config.url)
            .map_err(|e| DbErr::Custom(format!("invalid SQLite URL: {e}")))?;
        // `sqlite://data/pnp.db` without `?mode=rwc` would refuse a file that does not exist yet;
        // the embedded default is meant to start on a fresh machine, so the file is created. An
        // explicit `mode=` (ro, rw, memory) is left as it says.
        if !config.url.contains("mode=") {
            options = options.create_if_missing(true);
        }
        let options = options
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .pragma("wal_autocheckpoint", AUTOCHECKPOINT_PAGES)
            .pragma("journal_size_limit", JOURNAL_SIZE_LIMIT_BYTES)
            .busy_timeout(Duration::from_millis(config.sqlite_busy_timeout_ms));
        if let Some(parent) = options.get_filename().parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent).map_err(|e| {
                    DbErr::Custom(format!("cannot create the data folder {}: {e}", parent.display()))
                })?;
            }
        }
        let busy_timeout_ms = config.sqlite_busy_timeout_ms;
        let pool = SqlitePoolOptions::new()
            .max_connections(config.max_connections)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    let mut handle = conn.lock_handle().await?;
                    busy::install(handle.as_raw_handle(), busy_timeout_ms);
                    Ok(())
                })
            })
            // A file cannot drop a connection the way a network can; sqlx's default ping before
            // every acquire was one extra round trip to the connection's thread per statement.
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options.clone())
            .await
            .map_err(|e| {
                DbErr::Custom(format!(
                    "cannot open the SQLite database {}: {e}",
                    options.get_filename().display()
                ))
            })?;
        tokio::spawn(checkpoint_regularly(pool.clone()));
        Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
    } else {
        let mut options = ConnectOptions::new(config.url.clone());
        options
            .max_connections(config.max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(10))
            .sqlx_logging(false);
        // sqlx says only "pool timed out while waiting for an open connection": name the server
        // (never the password) and the setting, so the operator knows what to check.
        Database::connect(options).await.map_err(|e| {
            DbErr::Custom(format!(
                "cannot connect to the database at {} (PNP_DATABASE_URL): {e}",
                server_of(&config.url)
            ))
        })
    }
}

/// `host:port/database` of a database URL, without the user or password.
fn server_of(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(parsed) => format!(
            "{}:{}{}",
            parsed.host_str().unwrap_or("?"),
            parsed
                .port()
                .map_or_else(|| "default port".to_owned(), |p| p.to_string()),
            parsed.path()
        ),
        Err(_) => "an unreadable URL".to_owned(),
    }
}

/// A finer wait for SQLite's write lock than its default busy handler.
///
/// SQLite's own handler (what `busy_timeout` installs) sleeps 1, 2, 5, 10, 15, 20, 25, 25, 25,
/// 50, 50, 100 ms between attempts: a writer that finds the lock taken for a few hundred
/// microseconds (one other update's commit) sleeps milliseconds, which set the p99 of webhook
/// requests under concurrent load (max 512 ms in the end-to-end benchmark). This one retries after
/// 50 µs, doubling up to 1 ms, until the same total timeout. It runs on the connection's own
/// worker thread (inside `sqlite3_step`), never on the async runtime.
mod busy {
    use std::ffi::{c_int, c_void};
    use std::ptr::NonNull;
    use std::time::Duration;

    use libsqlite3_sys::{sqlite3, sqlite3_busy_handler};

    const FIRST_WAIT_US: u64 = 50;
    const LONGEST_WAIT_US: u64 = 1_000;

    /// Replaces the connection's busy handler; `timeout_ms` bounds the total wait.
    pub fn install(handle: NonNull<sqlite3>, timeout_ms: u64) {
        // The timeout travels as the handler's user pointer: no allocation to free.
        let arg = usize::try_from(timeout_ms).unwrap_or(usize::MAX) as *mut c_void;
        // SAFETY: `handle` is a live connection, held exclusively (sqlx's `lock_handle`) while
        // this runs; the handler touches no memory through `arg`, which is only a number.
        unsafe {
            sqlite3_busy_handler(handle.as_ptr(), Some(on_busy), arg);
        }
    }

    /// The wait before attempt `attempt` (0-based), and the total waited before it.
    pub fn schedule(attempt: u64) -> (u64, u64) {
        let mut total = 0;
        let mut wait = FIRST_WAIT_US;
        for _ in 0..attempt.min(64) {
            total += wait;
            wait = (wait * 2).min(LONGEST_WAIT_US);
        }
        if attempt > 64 {
            total += (attempt - 64) * LONGEST_WAIT_US;
        }
        (wait, total)
    }

    extern "C" fn on_busy(arg: *mut c_void, attempts: c_int) -> c_int {
        let timeout_us = (arg as usize as u64).saturating_mul(1_000);
        let (wait, waited) = schedule(u64::try_from(attempts).unwrap_or(0));
        if waited + wait > timeout_us {
            return 0; // give up: the statement fails with SQLITE_BUSY
        }
        std::thread::sleep(Duration::from_micros(wait));
        1
    }

    #[cfg(test)]
    mod tests {
        use super::schedule;

        #[test]
        fn waits_start_short_and_grow_to_a_millisecond() {
            assert_eq!(schedule(0), (50, 0));
            assert_eq!(schedule(1), (100, 50));
            assert_eq!(schedule(5), (1_000, 1_550));
            assert_eq!(schedule(6), (1_000, 2_550));
            // A 5-second timeout allows a few thousand attempts, not a dozen.
            let attempts = (0..)
                .take_while(|&n| {
                    let (w, t) = schedule(n);
                    t + w <= 5_000_000
                })
                .count();
            assert_eq!(attempts, 5_003);
        }
    }
}

/// Folds the write-ahead log back into the database file every [`CHECKPOINT_EVERY`], off the
/// request path, until the pool is closed.
async fn checkpoint_regularly(pool: SqlitePool) {
    let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if pool.is_closed() {
            return;
        }
        match checkpoint(&pool).await {
            Ok((log, done)) => debug!(log, done, "WAL checkpoint"),
            Err(e) => warn!(error = %e, "WAL checkpoint failed"),
        }
    }
}

/// One passive checkpoint: copies what it can without waiting for readers or writers.
/// Returns the WAL's size and how much of it is now in the database file, in pages.
async fn checkpoint(pool: &SqlitePool) -> Result<(i64, i64), sea_orm::sqlx::Error> {
    let (_busy, log, done): (i64, i64, i64) = sea_orm::sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
        .fetch_one(pool)
        .await?;
    Ok((log, done))
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// The SQLSTATE code of a database error, if the database raised one.
pub fn sqlstate(e: &DbErr) -> Option<String> {
    use sea_orm::RuntimeErr;
    match e {
        DbErr::Exec(RuntimeErr::SqlxError(sea_orm::sqlx::Error::Database(db)))
        | DbErr::Query(RuntimeErr::SqlxError(sea_orm::sqlx::Error::Database(db))) => {
            db.code().map(|code| code.into_owned())
        }
        _ => None,
    }
}

/// Whether the database refused the data itself (PostgreSQL's class 22, "data exception": a
/// string longer than its column, a NUL character in text, a number out of range). Unlike an
/// outage, the same input fails the same way every time, so it must not be retried.
pub fn is_data_error(e: &DbErr) -> bool {
    sqlstate(e).is_some_and(|code| code.starts_with("22"))
}

/// Whether every migration is applied (for `/readyz`).
pub async fn is_ready(db: &DatabaseConnection) -> Result<bool, DbErr> {
    Ok(Migrator::get_pending_migrations(db).await?.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_sqlite_wal_is_checkpointed_off_the_request_path() {
        let dir = tempfile::tempdir().unwrap();
        let config = DatabaseConfig {
            url: format!("sqlite://{}?mode=rwc", dir.path().join("wal.db").display()),
            max_connections: 2,
            sqlite_busy_timeout_ms: 1000,
        };
        let db = connect(&config).await.unwrap();
        let pool = db.get_sqlite_connection_pool();
        let pages: (i64,) = sea_orm::sqlx::query_as("PRAGMA wal_autocheckpoint")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(pages.0, 10_000, "requests do not checkpoint every 1000 pages");
        let limit: (i64,) = sea_orm::sqlx::query_as("PRAGMA journal_size_limit")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(limit.0, 64 << 20, "the WAL file is cut back after a reset");
        sea_orm::sqlx::query("CREATE TABLE t (x TEXT)")
            .execute(pool)
            .await
            .unwrap();
        for i in 0..50 {
            sea_orm::sqlx::query("INSERT INTO t VALUES (?)")
                .bind(format!("row {i}"))
                .execute(pool)
                .await
                .unwrap();
        }
        let (log, done) = checkpoint(pool).await.unwrap();
        assert!(log > 0);
        assert_eq!(
            done, log,
            "a passive checkpoint with nobody reading copies the whole log"
        );
    }
}
