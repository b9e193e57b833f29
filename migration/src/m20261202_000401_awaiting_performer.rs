//! A Start-now request waits for the performer's answer in the new booking status
//! `awaiting_performer`, which keeps her time like a hold. On PostgreSQL the no-overlap
//! constraint lists the statuses that occupy a slot, so it is made again with the new one;
//! SQLite checks overlaps in the hold statement itself and needs nothing.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn constraint(statuses: &str) -> String {
    format!(
        "ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (\
           performer_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&\
         ) WHERE (status IN ({statuses}))"
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            let db = manager.get_connection();
            db.execute_unprepared("ALTER TABLE bookings DROP CONSTRAINT IF EXISTS bookings_no_overlap")
                .await?;
            db.execute_unprepared(&constraint(
                "'awaiting_performer', 'held', 'awaiting_payment', 'confirmed', 'in_progress'",
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            let db = manager.get_connection();
            db.execute_unprepared("ALTER TABLE bookings DROP CONSTRAINT IF EXISTS bookings_no_overlap")
                .await?;
            db.execute_unprepared(&constraint(
                "'held', 'awaiting_payment', 'confirmed', 'in_progress'",
            ))
            .await?;
        }
        Ok(())
    }
}
