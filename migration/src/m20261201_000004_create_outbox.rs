//! `outbox`: Bot API calls an update could not make within its time budget (a 429 asked for a
//! longer wait), kept to be sent by the background worker once `not_before` has passed. A sender
//! claims a row with a lease (`claimed_until`, a conditional update) so two replicas never send
//! one row at once; `sent_at` or `given_up_at` ends it.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    ChatId,
    Method,
    Payload,
    NotBefore,
    Attempts,
    ClaimedUntil,
    CreatedAt,
    SentAt,
    GivenUpAt,
    LastError,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .col(
                        ColumnDef::new(Outbox::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Outbox::ChatId).big_integer().not_null())
                    .col(ColumnDef::new(Outbox::Method).string_len(64).not_null())
                    .col(ColumnDef::new(Outbox::Payload).text().not_null())
                    .col(
                        ColumnDef::new(Outbox::NotBefore)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Outbox::Attempts).integer().not_null().default(0))
                    .col(
                        ColumnDef::new(Outbox::ClaimedUntil)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Outbox::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Outbox::SentAt).timestamp_with_time_zone().null())
                    .col(
                        ColumnDef::new(Outbox::GivenUpAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(Outbox::LastError).text().null())
                    .to_owned(),
            )
            .await?;
        // The sender reads the open rows in id order.
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_open")
                    .table(Outbox::Table)
                    .col(Outbox::SentAt)
                    .col(Outbox::GivenUpAt)
                    .col(Outbox::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Outbox::Table).to_owned())
            .await
    }
}
