//! Database connection: SQLite (embedded default, WAL, foreign keys, busy timeout) or PostgreSQL.

use std::str::FromStr;
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr, SqlxSqliteConnector};

use crate::config::DatabaseConfig;

/// Opens the pool. For SQLite the file's folder is created first, so the default
/// `sqlite://data/pnp-live.db?mode=rwc` works on a fresh checkout.
pub async fn connect(config: &DatabaseConfig) -> Result<DatabaseConnection, DbErr> {
    if config.url.starts_with("sqlite:") {
        let options = SqliteConnectOptions::from_str(&config.url)
            .map_err(|e| DbErr::Custom(format!("invalid SQLite URL: {e}")))?
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_millis(config.sqlite_busy_timeout_ms));
        if let Some(parent) = options.get_filename().parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", parent.display())))?;
            }
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(config.max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(|e| DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e)))?;
        Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
    } else {
        let mut options = ConnectOptions::new(config.url.clone());
        options
            .max_connections(config.max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(10))
            .sqlx_logging(false);
        Database::connect(options).await
    }
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
