//! Reports: a user reports a performer (from her card or after a call), a performer reports a
//! user after a call. Admins handle them (`status` new → handled, with the action taken).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Reports {
    Table,
    Id,
    ReporterUserId,
    ReportedUserId,
    BookingId,
    PerformerId,
    Reason,
    Text,
    Status,
    HandledBy,
    HandledAt,
    ActionTaken,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Reports::Table)
                    .col(
                        ColumnDef::new(Reports::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Reports::ReporterUserId).big_integer().not_null())
                    .col(ColumnDef::new(Reports::ReportedUserId).big_integer().not_null())
                    .col(ColumnDef::new(Reports::BookingId).uuid().null())
                    .col(ColumnDef::new(Reports::PerformerId).big_integer().null())
                    .col(ColumnDef::new(Reports::Reason).string_len(32).not_null())
                    .col(ColumnDef::new(Reports::Text).string_len(1024).null())
                    .col(ColumnDef::new(Reports::Status).string_len(16).not_null())
                    .col(ColumnDef::new(Reports::HandledBy).big_integer().null())
                    .col(
                        ColumnDef::new(Reports::HandledAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(Reports::ActionTaken).string_len(1024).null())
                    .col(
                        ColumnDef::new(Reports::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reports_status")
                    .table(Reports::Table)
                    .col(Reports::Status)
                    .to_owned(),
            )
            .await?;
        // One open report per reporter per booking, even for two taps at once (the same SQL on
        // SQLite and PostgreSQL; a report from a performer's card has no booking, NULLs differ).
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX idx_reports_open_booking ON reports \
                 (reporter_user_id, booking_id) WHERE status = 'new'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Reports::Table).to_owned())
            .await
    }
}
