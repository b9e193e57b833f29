//! PostgreSQL: the commits that change a booking, its history, a payment or refund, a
//! performer's earnings or a dispute wait for the WAL flush, whatever the session's
//! `synchronous_commit` says. A statement trigger on each of those tables sets
//! `synchronous_commit = on` for the transaction it runs in (`set_config(…, true)`, which lasts
//! until that transaction ends), so the server pool may run everything else with
//! `synchronous_commit = off` — the same rule as SQLite's commit hook (`db::FLUSHED_TABLES`).
//! Nothing on SQLite.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables whose commits are flushed (`db::FLUSHED_TABLES`; a test checks each has its
/// trigger).
const FLUSHED_TABLES: &[&str] = &[
    "bookings",
    "booking_events",
    "payments",
    "ledger_entries",
    "disputes",
];

const FUNCTION: &str = "CREATE OR REPLACE FUNCTION pnp_flush_commit() RETURNS trigger \
     LANGUAGE plpgsql AS $$ BEGIN \
     PERFORM set_config('synchronous_commit', 'on', true); \
     RETURN NULL; END $$";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared(FUNCTION).await?;
        for table in FLUSHED_TABLES {
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {table}_flush_commit AFTER INSERT OR UPDATE OR DELETE ON {table} \
                 FOR EACH STATEMENT EXECUTE FUNCTION pnp_flush_commit()"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        for table in FLUSHED_TABLES {
            db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {table}_flush_commit ON {table}"))
                .await?;
        }
        db.execute_unprepared("DROP FUNCTION IF EXISTS pnp_flush_commit()")
            .await?;
        Ok(())
    }
}
