//! `processed_updates`: Telegram `update_id`s taken in (`received_at`) and fully handled
//! (`completed_at`), so a redelivered update is handled once, and one whose handler died midway is
//! handled again.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ProcessedUpdates {
    Table,
    UpdateId,
    ReceivedAt,
    CompletedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ProcessedUpdates::Table)
                    .col(
                        ColumnDef::new(ProcessedUpdates::UpdateId)
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(ProcessedUpdates::ReceivedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ProcessedUpdates::CompletedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_processed_updates_received_at")
                    .table(ProcessedUpdates::Table)
                    .col(ProcessedUpdates::ReceivedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ProcessedUpdates::Table).to_owned())
            .await
    }
}
