//! Database connection: SQLite (embedded default, WAL, foreign keys, busy timeout) or PostgreSQL.
//!
//! Durability on SQLite ([`Durability`]): the write-ahead log runs with `synchronous=NORMAL`, so a
//! commit is safe from a crash of the process at once and reaches the disk at the next flush (a
//! checkpoint, at most about a second later); a commit that changed a booking, a payment, a
//! performer's earnings or a dispute ([`FLUSHED_TABLES`]) flushes the log itself before it
//! returns, so it also survives a power loss. On PostgreSQL the same tables' commits wait for the
//! server's WAL flush (a trigger sets `synchronous_commit = on` for their transaction) and the
//! others do not (the pool's sessions run with `synchronous_commit = off`), unless
//! `database.flush_every_commit`; [`connect`] warns when the server does not flush at all.

use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, SqlxSqliteConnector,
    TransactionTrait,
};
use tokio::sync::Notify;
use tracing::{debug, info, warn};

use crate::config::{DatabaseConfig, SqliteConfig};

mod routed;
pub use routed::Db;

/// How often the background checkpointer copies SQLite's write-ahead log back into the
/// database file.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);
/// WAL pages after which a committing connection checkpoints on its own, in the committing
/// request (what SQLite's `wal_autocheckpoint` does; this module's commit hook replaces SQLite's
/// and does the same). SQLite's default is 1000 pages, which at a few pages per update meant a
/// checkpoint (copy plus fsync, about 4 ms here) inside every ~60th webhook request: it set the
/// p99. The background checkpointer keeps the log far below this; the limit only bounds it should
/// that task stall.
const AUTOCHECKPOINT_PAGES: i32 = 10_000;
/// Bytes the WAL file is cut back to whenever SQLite resets it after a full checkpoint. Without
/// a limit the file keeps its largest size for ever (it grew to 51 MB beside a 47 MB database in a
/// load run and never shrank); with it, a burst's log is given back once the checkpointer catches up.
const JOURNAL_SIZE_LIMIT_BYTES: &str = "67108864";
/// WAL pages (4 KiB each) above which the background checkpointer truncates the log
/// (`wal_checkpoint(TRUNCATE)`) instead of only copying it back. A passive checkpoint never waits,
/// so under constant reads it copies the log but the log never restarts from its beginning (a
/// reader still looks at its end) and the file keeps growing; a truncating one waits for the
/// readers of the moment (milliseconds) and blocks writers while it does, so it runs only when
/// the log has grown past this, off the request path.
const TRUNCATE_ABOVE_PAGES: i64 = 4_096;
/// The shortest time between two checkpoints (a commit past [`TRUNCATE_ABOVE_PAGES`] wakes the
/// checkpointer before its tick; under readers that keep it busy, not in a loop).
const WOKEN_AT_MOST_EVERY: Duration = Duration::from_millis(50);

/// Tables whose changes are flushed to disk before their commit returns (SQLite,
/// [`Durability::Flushed`]): bookings and their history, payments and refunds, performers'
/// earnings and payouts, disputes.
pub const FLUSHED_TABLES: &[&str] = &[
    "bookings",
    "booking_events",
    "payments",
    "ledger_entries",
    "disputes",
];

/// What a SQLite commit waits for before it returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// `synchronous=NORMAL`; a commit that changed any of [`FLUSHED_TABLES`] flushes the
    /// write-ahead log (fsync) before it returns. The default (`sqlite.synchronous = "normal"`).
    Flushed,
    /// `synchronous=FULL`: every commit flushes the log (`sqlite.synchronous = "full"`).
    Full,
    /// `synchronous=NORMAL` and nothing flushed by a commit: what PNP Live ran with before
    /// bookings and payments were flushed. Only for the benchmarks' side-by-side figures.
    Unflushed,
}

/// The SQLite settings [`connect_with`] opens the pool with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SqliteSettings {
    pub durability: Durability,
    /// Pool size (`sqlite.max_connections`); `None`: `database.max_connections`.
    pub max_connections: Option<u32>,
    /// Page cache per connection, in KiB.
    pub cache_size_kib: u32,
    /// How often the background checkpointer runs when nothing wakes it earlier (a commit
    /// that leaves the log past [`TRUNCATE_ABOVE_PAGES`] does).
    pub checkpoint_every: Duration,
}

/// `[sqlite]` of `config/default.toml`, except the pool size: `database.max_connections` of the
/// config given to [`connect_with`], as tests and benchmarks that open a pool directly set it.
impl Default for SqliteSettings {
    fn default() -> Self {
        SqliteSettings {
            max_connections: None,
            ..(&SqliteConfig::default()).into()
        }
    }
}

impl From<&SqliteConfig> for SqliteSettings {
    fn from(config: &SqliteConfig) -> Self {
        SqliteSettings {
            durability: match config.synchronous {
                crate::config::SqliteSynchronous::Normal => Durability::Flushed,
                crate::config::SqliteSynchronous::Full => Durability::Full,
            },
            max_connections: Some(config.max_connections),
            cache_size_kib: config.cache_size_kib,
            checkpoint_every: CHECKPOINT_EVERY,
        }
    }
}

/// [`connect_with`] the default SQLite settings (`[sqlite]` of `config/default.toml`).
pub async fn connect(config: &DatabaseConfig) -> Result<DatabaseConnection, DbErr> {
    connect_with(config, SqliteSettings::default()).await
}

/// Statements run through SeaORM by every pool this process opened, and the time they took
/// (SeaORM's metric callback): `/metrics` reports them, and the benchmarks divide them by the
/// updates they sent, which tells a statement saved apart from the machine's noise.
static STATEMENTS: AtomicU64 = AtomicU64::new(0);
static STATEMENT_MICROS: AtomicU64 = AtomicU64::new(0);

/// The statements run so far and the time spent in them (see [`STATEMENTS`]).
pub fn statements_run() -> (u64, Duration) {
    (
        STATEMENTS.load(Ordering::Relaxed),
        Duration::from_micros(STATEMENT_MICROS.load(Ordering::Relaxed)),
    )
}

fn count_statements(mut db: DatabaseConnection) -> DatabaseConnection {
    db.set_metric_callback(|info| statement_ran(info.elapsed));
    db
}

/// Counts a statement that took `elapsed` ([`statements_run`]): SeaORM's callback counts those
/// it runs from a `Statement`, and a string of statements sent unprepared is counted here.
pub(crate) fn statement_ran(elapsed: Duration) {
    STATEMENTS.fetch_add(1, Ordering::Relaxed);
    let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
    STATEMENT_MICROS.fetch_add(micros, Ordering::Relaxed);
}

/// Opens the pool. For SQLite the file's folder is created first, so the default
/// `sqlite://data/pnp-live.db?mode=rwc` works on a fresh checkout; `sqlite` applies to SQLite only.
pub async fn connect_with(
    config: &DatabaseConfig,
    sqlite: SqliteSettings,
) -> Result<DatabaseConnection, DbErr> {
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
            .synchronous(match sqlite.durability {
                Durability::Full => SqliteSynchronous::Full,
                Durability::Flushed | Durability::Unflushed => SqliteSynchronous::Normal,
            })
            .foreign_keys(true)
            .pragma("journal_size_limit", JOURNAL_SIZE_LIMIT_BYTES)
            .pragma("cache_size", format!("-{}", sqlite.cache_size_kib))
            .busy_timeout(Duration::from_millis(config.sqlite_busy_timeout_ms));
        if let Some(parent) = options.get_filename().parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent).map_err(|e| {
                    DbErr::Custom(format!("cannot create the data folder {}: {e}", parent.display()))
                })?;
            }
        }
        let busy_timeout_ms = config.sqlite_busy_timeout_ms;
        let watch = sqlite.durability == Durability::Flushed;
        // Rung by a commit that leaves the log past TRUNCATE_ABOVE_PAGES, so the checkpointer
        // need not wait for its tick while writes pile up faster than a second allows.
        let log_grown = Arc::new(Notify::new());
        let hooks_wake = log_grown.clone();
        let pool = SqlitePoolOptions::new()
            .max_connections(sqlite.max_connections.unwrap_or(config.max_connections))
            .after_connect(move |conn, _| {
                let wake = hooks_wake.clone();
                Box::pin(async move {
                    let mut handle = conn.lock_handle().await?;
                    busy::install(handle.as_raw_handle(), busy_timeout_ms);
                    flush::install(handle.as_raw_handle(), watch, AUTOCHECKPOINT_PAGES, wake)
                        .map_err(|e| sea_orm::sqlx::Error::Configuration(e.into()))?;
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
        tokio::spawn(checkpoint_regularly(
            pool.clone(),
            sqlite.checkpoint_every,
            log_grown,
        ));
        Ok(count_statements(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool)))
    } else {
        use sea_orm::sqlx::postgres::{PgConnectOptions, PgPoolOptions};
        use sea_orm::sqlx::{ConnectOptions as _, Connection as _};
        // sqlx says only "pool timed out while waiting for an open connection": name the server
        // (never the password) and the setting, so the operator knows what to check.
        let unreachable = |e: &dyn std::fmt::Display| {
            DbErr::Custom(format!(
                "cannot connect to the database at {} (PNP_DATABASE_URL): {e}",
                server_of(&config.url)
            ))
        };
        let flush_every_commit = config.flush_every_commit;
        let options = PgConnectOptions::from_str(&config.url)
            .map_err(|e| unreachable(&e))?
            .disable_statement_logging();
        let pool = PgPoolOptions::new()
            .max_connections(config.max_connections)
            .acquire_timeout(Duration::from_secs(10))
            // sqlx's default pings every connection it hands out: one more round trip to the
            // server per statement. A connection in steady use is known to be alive; one that
            // sat idle (the server may have restarted, a proxy may have cut it) is pinged first.
            .test_before_acquire(false)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if !flush_every_commit {
                        // The money and booking tables' triggers turn it back on for their
                        // transactions (migration m20261204_000001_flush_money_commits).
                        sea_orm::sqlx::Executor::execute(&mut *conn, "SET synchronous_commit = off").await?;
                    }
                    Ok(())
                })
            })
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for >= PING_IF_IDLE_FOR {
                        conn.ping().await?;
                    }
                    Ok(true)
                })
            })
            .connect_with(options)
            .await
            .map_err(|e| unreachable(&e))?;
        let db = count_statements(sea_orm::SqlxPostgresConnector::from_sqlx_postgres_pool(pool));
        say_postgres_durability(&db, flush_every_commit).await;
        Ok(db)
    }
}

/// A pooled PostgreSQL connection idle this long is pinged before it is handed out.
const PING_IF_IDLE_FOR: Duration = Duration::from_secs(1);

/// PostgreSQL's own durability: a commit waits for its WAL flush when `synchronous_commit` is
/// `on` (`remote_write`, `remote_apply` and `local` wait for the local flush too) and `fsync` is
/// on. The booking and money tables' commits force the former (their trigger); the server's
/// default decides the others only with `database.flush_every_commit`. What the server makes of
/// it is its operator's choice, said once at start.
async fn say_postgres_durability(db: &DatabaseConnection, flush_every_commit: bool) {
    // The server's (or database's, or role's) value, not the session's.
    let setting = |name: &'static str| async move {
        let row = db
            .query_one(sea_orm::Statement::from_string(
                db.get_database_backend(),
                format!("SELECT reset_val FROM pg_settings WHERE name = '{name}'"),
            ))
            .await
            .ok()??;
        row.try_get_by_index::<String>(0).ok()
    };
    let (commit, fsync) = (setting("synchronous_commit").await, setting("fsync").await);
    let flushing =
        |commit: Option<&str>| matches!(commit, Some("on" | "remote_write" | "remote_apply" | "local"));
    match (commit.as_deref(), fsync.as_deref()) {
        (_, Some("off")) => warn!(
            fsync = "off",
            "PostgreSQL does not flush its WAL to disk: a power loss or server crash may lose acknowledged payments and bookings"
        ),
        (commit, Some(_)) if flush_every_commit && !flushing(commit) => warn!(
            synchronous_commit = commit,
            "database.flush_every_commit is set but the server's synchronous_commit does not wait for the flush: only bookings and payments are flushed"
        ),
        (Some(_), Some(_)) => debug!(
            synchronous_commit = commit.as_deref(),
            flush_every_commit, "PostgreSQL durability read"
        ),
        _ => info!("could not read PostgreSQL's synchronous_commit and fsync"),
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

/// How many times, since the process started, an SQLite connection found the write lock taken
/// and waited for it ([`crate::unit::Group`] lets such a writer in).
pub fn busy_waits() -> u64 {
    busy::WAITS.load(std::sync::atomic::Ordering::Relaxed)
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
    use std::sync::atomic::{AtomicU64, Ordering};
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

    /// How many times a connection found the write lock taken and waited.
    pub static WAITS: AtomicU64 = AtomicU64::new(0);

    extern "C" fn on_busy(arg: *mut c_void, attempts: c_int) -> c_int {
        WAITS.fetch_add(1, Ordering::Relaxed);
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

/// The flush of a commit that changed bookings or money, and the autocheckpoint, both in
/// SQLite's commit hook of each connection.
///
/// `synchronous` is one setting per connection for every transaction it runs, and a pool hands
/// any connection to any query; so instead of switching it, each connection watches what its
/// transaction changes (`sqlite3_update_hook`: one row at a time, by table name) and, once a
/// transaction that changed one of [`FLUSHED_TABLES`] has committed, syncs the write-ahead log
/// (the VFS's own `xSync` on the log file, which `synchronous=FULL` would have called inside the
/// commit) before `COMMIT` returns to the caller. SQLite's WAL hook runs after the commit has
/// released the write lock, so other connections write while this one waits for the disk, and
/// one sync makes everything written to the log before it durable, other connections' commits
/// included. A rolled back transaction flushes nothing (`sqlite3_rollback_hook`). The WAL hook is
/// also where SQLite's `wal_autocheckpoint` lives: installing this one replaces it, so this one
/// checkpoints the same way past [`AUTOCHECKPOINT_PAGES`]. Every hook runs on the connection's
/// own worker thread, inside `sqlite3_step`. If the sync fails, the commit has happened but
/// `COMMIT` answers an error: the caller treats it as not durable (an update is redelivered and
/// handled again, which payments and bookings are idempotent for).
mod flush {
    use std::ffi::{c_char, c_int, c_void, CStr};
    use std::ptr::NonNull;
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::sync::Arc;

    use tokio::sync::Notify;

    use libsqlite3_sys::{
        sqlite3, sqlite3_file, sqlite3_file_control, sqlite3_int64, sqlite3_rollback_hook,
        sqlite3_set_clientdata, sqlite3_update_hook, sqlite3_wal_checkpoint, sqlite3_wal_hook, SQLITE_ERROR,
        SQLITE_FCNTL_JOURNAL_POINTER, SQLITE_OK, SQLITE_SYNC_NORMAL,
    };

    use super::FLUSHED_TABLES;

    /// Commits flushed by this process (all pools), for tests and the metric.
    static FLUSHES: AtomicU64 = AtomicU64::new(0);

    pub fn count() -> u64 {
        FLUSHES.load(Ordering::Relaxed)
    }

    /// One connection's state, owned by the connection (`sqlite3_set_clientdata` frees it when
    /// the connection closes, after which no hook can run).
    struct State {
        /// The open transaction changed a flushed table.
        pending: AtomicBool,
        autocheckpoint_pages: c_int,
        /// The pool's checkpointer, woken when a commit leaves the log past
        /// [`super::TRUNCATE_ABOVE_PAGES`].
        wake: Arc<Notify>,
    }

    const CLIENT_DATA: &CStr = c"pnp-live-flush";

    /// Installs the hooks on a new connection; `watch`: flush commits that changed
    /// [`FLUSHED_TABLES`] (else only the autocheckpoint runs in the hook).
    pub fn install(
        handle: NonNull<sqlite3>,
        watch: bool,
        autocheckpoint_pages: i32,
        wake: Arc<Notify>,
    ) -> Result<(), String> {
        let db = handle.as_ptr();
        let state = Box::into_raw(Box::new(State {
            pending: AtomicBool::new(false),
            autocheckpoint_pages,
            wake,
        }));
        // SAFETY: `db` is a live connection held exclusively while this runs (sqlx's
        // `lock_handle`). `state` stays valid until SQLite calls `free_state` at close; the
        // hooks only read it through a shared reference.
        unsafe {
            let rc = sqlite3_set_clientdata(db, CLIENT_DATA.as_ptr(), state.cast(), Some(free_state));
            if rc != SQLITE_OK {
                drop(Box::from_raw(state));
                return Err(format!("sqlite3_set_clientdata failed ({rc})"));
            }
            if watch {
                sqlite3_update_hook(db, Some(on_change), state.cast());
                sqlite3_rollback_hook(db, Some(on_rollback), state.cast());
            }
            sqlite3_wal_hook(db, Some(on_commit), state.cast());
        }
        Ok(())
    }

    unsafe extern "C" fn free_state(state: *mut c_void) {
        // SAFETY: the pointer `install` made with `Box::into_raw`, freed once, by SQLite.
        drop(unsafe { Box::from_raw(state.cast::<State>()) });
    }

    /// # Safety
    /// `state` is the `State` of `install`; `table` a NUL-terminated name (SQLite's contract).
    unsafe extern "C" fn on_change(
        state: *mut c_void,
        _op: c_int,
        _database: *const c_char,
        table: *const c_char,
        _rowid: sqlite3_int64,
    ) {
        // SAFETY: see the function's contract.
        let state = unsafe { &*state.cast::<State>() };
        if state.pending.load(Ordering::Relaxed) || table.is_null() {
            return;
        }
        // SAFETY: see the function's contract.
        let table = unsafe { CStr::from_ptr(table) }.to_bytes();
        if FLUSHED_TABLES.iter().any(|t| t.as_bytes() == table) {
            state.pending.store(true, Ordering::Relaxed);
        }
    }

    unsafe extern "C" fn on_rollback(state: *mut c_void) {
        // SAFETY: the `State` of `install`.
        let state = unsafe { &*state.cast::<State>() };
        state.pending.store(false, Ordering::Relaxed);
    }

    /// After a commit (write lock released): flush if the transaction asked for it, then
    /// checkpoint if the log has grown past the autocheckpoint.
    unsafe extern "C" fn on_commit(
        state: *mut c_void,
        db: *mut sqlite3,
        database: *const c_char,
        pages: c_int,
    ) -> c_int {
        // SAFETY: the `State` of `install`.
        let state = unsafe { &*state.cast::<State>() };
        let mut rc = SQLITE_OK;
        if state.pending.swap(false, Ordering::Relaxed) {
            // SAFETY: `db` and `database` are what SQLite passes to this hook.
            rc = unsafe { sync_log(db, database) };
            if rc == SQLITE_OK {
                FLUSHES.fetch_add(1, Ordering::Relaxed);
                metrics::counter!("pnp_sqlite_wal_flushes_total").increment(1);
            } else {
                tracing::error!(
                    code = rc,
                    "could not flush the SQLite write-ahead log after a commit"
                );
            }
        }
        if i64::from(pages) > super::TRUNCATE_ABOVE_PAGES {
            // Thread-safe, and a permit is kept if the checkpointer is busy: it runs once more.
            state.wake.notify_one();
        }
        if pages >= state.autocheckpoint_pages {
            // What SQLite's own hook does (sqlite3WalDefaultHook): a passive checkpoint.
            // SAFETY: as above; SQLite allows checkpoints from this hook.
            unsafe { sqlite3_wal_checkpoint(db, database) };
        }
        rc
    }

    /// Syncs the connection's write-ahead log file through the VFS.
    ///
    /// # Safety
    /// `db` is a live connection in WAL mode, on its own thread; `database` names one of its
    /// databases.
    unsafe fn sync_log(db: *mut sqlite3, database: *const c_char) -> c_int {
        let mut file: *mut sqlite3_file = std::ptr::null_mut();
        // SAFETY: the file control writes one pointer into `file`.
        let rc = unsafe {
            sqlite3_file_control(
                db,
                database,
                SQLITE_FCNTL_JOURNAL_POINTER,
                (&raw mut file).cast::<c_void>(),
            )
        };
        if rc != SQLITE_OK {
            return rc;
        }
        // SAFETY: a non-null file SQLite handed out has its methods while the connection lives.
        unsafe {
            match file
                .as_ref()
                .and_then(|f| f.pMethods.as_ref())
                .and_then(|m| m.xSync)
            {
                Some(sync) => sync(file, SQLITE_SYNC_NORMAL),
                None => SQLITE_ERROR,
            }
        }
    }
}

/// Commits whose write-ahead log this process has flushed for [`FLUSHED_TABLES`] (all pools).
pub fn flushed_commits() -> u64 {
    flush::count()
}

/// Folds the write-ahead log back into the database file every `every` (and whenever a commit
/// leaves the log past [`TRUNCATE_ABOVE_PAGES`], at most every [`WOKEN_AT_MOST_EVERY`]), off
/// the request path, until the pool is closed: a passive checkpoint each time, and a truncating
/// one when the log has grown past [`TRUNCATE_ABOVE_PAGES`].
async fn checkpoint_regularly(pool: SqlitePool, every: Duration, log_grown: Arc<Notify>) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = log_grown.notified() => {
                metrics::counter!("pnp_sqlite_wal_wakeups_total").increment(1);
            }
        }
        if pool.is_closed() {
            return;
        }
        match checkpoint(&pool, Checkpoint::Passive).await {
            Ok(passive) => {
                debug!(log = passive.log, done = passive.done, "WAL checkpoint");
                metrics::gauge!("pnp_sqlite_wal_pages").set(passive.log as f64);
                if passive.log > TRUNCATE_ABOVE_PAGES {
                    match checkpoint(&pool, Checkpoint::Truncate).await {
                        Ok(cut) if !cut.busy => {
                            debug!(log = passive.log, "WAL truncated");
                            metrics::counter!("pnp_sqlite_wal_truncations_total").increment(1);
                        }
                        Ok(_) => debug!(log = passive.log, "WAL truncation busy; next time"),
                        Err(e) => warn!(error = %e, "WAL truncation failed"),
                    }
                }
            }
            Err(e) => warn!(error = %e, "WAL checkpoint failed"),
        }
        // While readers keep a truncation busy, every commit rings again: give them a moment.
        tokio::time::sleep(WOKEN_AT_MOST_EVERY).await;
    }
}

/// `PRAGMA wal_checkpoint` modes the checkpointer uses.
#[derive(Debug, Clone, Copy)]
enum Checkpoint {
    /// Copies what it can without waiting for readers or writers.
    Passive,
    /// Waits for writers and for readers of older snapshots (blocking new writers meanwhile),
    /// copies the whole log and truncates the file to nothing.
    Truncate,
}

/// What a checkpoint answered, in pages: the log's size, how much of it is now in the database
/// file; `busy`: it could not finish.
#[derive(Debug, Clone, Copy)]
struct Checkpointed {
    busy: bool,
    log: i64,
    done: i64,
}

async fn checkpoint(pool: &SqlitePool, mode: Checkpoint) -> Result<Checkpointed, sea_orm::sqlx::Error> {
    let sql = match mode {
        Checkpoint::Passive => "PRAGMA wal_checkpoint(PASSIVE)",
        Checkpoint::Truncate => "PRAGMA wal_checkpoint(TRUNCATE)",
    };
    let (busy, log, done): (i64, i64, i64) = sea_orm::sqlx::query_as(sql).fetch_one(pool).await?;
    Ok(Checkpointed {
        busy: busy != 0,
        log,
        done,
    })
}

/// A transaction that is going to write, begun so it can wait for other writers.
///
/// SQLite begins a transaction without any lock (`BEGIN` is deferred) and takes the write lock at
/// its first write. If a read came first and another connection holds the write lock at that
/// moment (or has committed since the read), SQLite refuses the write at once with "database is
/// locked" (`SQLITE_BUSY`): waiting could not help, the read's snapshot would be stale, so the busy
/// handler is never asked. A transaction that reads before it writes therefore begins here: on
/// SQLite its first statement is a write that changes nothing, which waits for the lock like any
/// first write does and holds it to the commit. Elsewhere (PostgreSQL) it is a plain `begin`.
pub async fn begin_write<C>(db: &C) -> Result<DatabaseTransaction, DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    let txn = db.begin().await?;
    if txn.get_database_backend() == DbBackend::Sqlite {
        txn.execute_unprepared(TAKE_WRITE_LOCK).await?;
    }
    Ok(txn)
}

/// A statement that writes nothing but takes SQLite's write lock (an `UPDATE` does at its start,
/// whatever its `WHERE` matches), on a table every database here has.
pub(crate) const TAKE_WRITE_LOCK: &str = "UPDATE seaql_migrations SET version = version WHERE 0";

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

    async fn sqlite(dir: &tempfile::TempDir, durability: Durability) -> DatabaseConnection {
        let config = DatabaseConfig {
            url: format!("sqlite://{}?mode=rwc", dir.path().join("wal.db").display()),
            max_connections: 2,
            sqlite_busy_timeout_ms: 1000,
            flush_every_commit: false,
        };
        let settings = SqliteSettings {
            durability,
            ..SqliteSettings::default()
        };
        connect_with(&config, settings).await.unwrap()
    }

    async fn pragma(pool: &SqlitePool, name: &str) -> i64 {
        let row: (i64,) = sea_orm::sqlx::query_as(&format!("PRAGMA {name}"))
            .fetch_one(pool)
            .await
            .unwrap();
        row.0
    }

    #[tokio::test]
    async fn the_sqlite_pool_size_is_sqlites_own_when_given() {
        let dir = tempfile::tempdir().unwrap();
        let db = sqlite(&dir, Durability::Flushed).await;
        let size = |db: &DatabaseConnection| db.get_sqlite_connection_pool().options().get_max_connections();
        assert_eq!(
            size(&db),
            2,
            "database.max_connections without sqlite.max_connections"
        );
        let config = DatabaseConfig {
            url: format!("sqlite://{}?mode=rwc", dir.path().join("pool.db").display()),
            max_connections: 10,
            sqlite_busy_timeout_ms: 1000,
            flush_every_commit: false,
        };
        let settings = SqliteSettings::from(&SqliteConfig::default());
        assert_eq!(size(&connect_with(&config, settings).await.unwrap()), 4);
    }

    #[tokio::test]
    async fn the_sqlite_wal_is_checkpointed_off_the_request_path() {
        let dir = tempfile::tempdir().unwrap();
        let db = sqlite(&dir, Durability::Flushed).await;
        let pool = db.get_sqlite_connection_pool();
        assert_eq!(
            pragma(pool, "journal_size_limit").await,
            64 << 20,
            "the WAL file is cut back after a reset"
        );
        assert_eq!(pragma(pool, "synchronous").await, 1, "NORMAL");
        assert_eq!(
            pragma(pool, "cache_size").await,
            -512,
            "512 KiB of page cache per connection"
        );
        // The commit hook replaced SQLite's autocheckpoint (which PRAGMA then reads as 0).
        assert_eq!(pragma(pool, "wal_autocheckpoint").await, 0);
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
        let passive = checkpoint(pool, Checkpoint::Passive).await.unwrap();
        assert!(passive.log > 0);
        assert_eq!(
            passive.done, passive.log,
            "a passive checkpoint with nobody reading copies the whole log"
        );
        let cut = checkpoint(pool, Checkpoint::Truncate).await.unwrap();
        assert!(!cut.busy);
        let wal = dir.path().join("wal.db-wal");
        assert_eq!(
            std::fs::metadata(&wal).unwrap().len(),
            0,
            "TRUNCATE empties the file"
        );
    }

    #[tokio::test]
    async fn a_log_past_the_truncation_threshold_wakes_the_checkpointer_before_its_tick() {
        let dir = tempfile::tempdir().unwrap();
        let config = DatabaseConfig {
            url: format!("sqlite://{}?mode=rwc", dir.path().join("wal.db").display()),
            max_connections: 2,
            sqlite_busy_timeout_ms: 1000,
            flush_every_commit: false,
        };
        // A tick that never comes during the test: only the commit hook can wake it.
        let settings = SqliteSettings {
            checkpoint_every: Duration::from_secs(3600),
            ..SqliteSettings::default()
        };
        let db = connect_with(&config, settings).await.unwrap();
        let pool = db.get_sqlite_connection_pool();
        sea_orm::sqlx::query("CREATE TABLE t (x BLOB)")
            .execute(pool)
            .await
            .unwrap();
        // 400 commits of 64 KiB: about 6,600 pages of log, past the 4,096 that wake the
        // checkpointer and below SQLite's own autocheckpoint here (10,000 pages).
        for _ in 0..400 {
            sea_orm::sqlx::query("INSERT INTO t VALUES (randomblob(65536))")
                .execute(pool)
                .await
                .unwrap();
        }
        let written = 400 * 65_536;
        let wal = dir.path().join("wal.db-wal");
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            let size = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
            if size < written / 2 {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the log was never cut back: {size} bytes after {written} written"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The only test of this binary that counts flushes (the counter is per process).
    #[tokio::test]
    async fn commits_that_change_bookings_or_money_flush_the_log_and_others_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let db = sqlite(&dir, Durability::Flushed).await;
        let pool = db.get_sqlite_connection_pool();
        for ddl in [
            "CREATE TABLE t (x TEXT)",
            "CREATE TABLE bookings (x TEXT)",
            "CREATE TABLE payments (x TEXT)",
        ] {
            sea_orm::sqlx::query(ddl).execute(pool).await.unwrap();
        }
        let before = flushed_commits();
        sea_orm::sqlx::query("INSERT INTO t VALUES ('a')")
            .execute(pool)
            .await
            .unwrap();
        assert_eq!(
            flushed_commits(),
            before,
            "a commit of other tables waits for no disk"
        );
        sea_orm::sqlx::query("INSERT INTO bookings VALUES ('a')")
            .execute(pool)
            .await
            .unwrap();
        assert_eq!(flushed_commits(), before + 1, "a booking's commit is flushed");
        // A transaction: flushed once, at its commit.
        let mut txn = pool.begin().await.unwrap();
        sea_orm::sqlx::query("INSERT INTO t VALUES ('b')")
            .execute(&mut *txn)
            .await
            .unwrap();
        sea_orm::sqlx::query("UPDATE payments SET x = 'y'; INSERT INTO payments VALUES ('p'), ('q')")
            .execute(&mut *txn)
            .await
            .unwrap();
        assert_eq!(
            flushed_commits(),
            before + 1,
            "nothing is flushed before the commit"
        );
        txn.commit().await.unwrap();
        assert_eq!(flushed_commits(), before + 2);
        // Rolled back: nothing to flush, and the next commit of other tables is not flushed.
        let mut txn = pool.begin().await.unwrap();
        sea_orm::sqlx::query("DELETE FROM bookings")
            .execute(&mut *txn)
            .await
            .unwrap();
        txn.rollback().await.unwrap();
        sea_orm::sqlx::query("INSERT INTO t VALUES ('c')")
            .execute(pool)
            .await
            .unwrap();
        assert_eq!(flushed_commits(), before + 2);
        let rows: (i64,) = sea_orm::sqlx::query_as("SELECT count(*) FROM bookings")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(rows.0, 1, "the rollback kept the booking");

        // FULL: the pragma, and no hook of this module's flushing on top.
        let full_dir = tempfile::tempdir().unwrap();
        let full = sqlite(&full_dir, Durability::Full).await;
        let pool = full.get_sqlite_connection_pool();
        assert_eq!(pragma(pool, "synchronous").await, 2, "FULL");
        sea_orm::sqlx::query("CREATE TABLE bookings (x TEXT)")
            .execute(pool)
            .await
            .unwrap();
        sea_orm::sqlx::query("INSERT INTO bookings VALUES ('a')")
            .execute(pool)
            .await
            .unwrap();
        assert_eq!(
            flushed_commits(),
            before + 2,
            "FULL syncs inside the commit itself"
        );
    }
}
