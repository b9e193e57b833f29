//! `broadcasts` and `broadcast_deliveries`: the durable fan-out queue of go-online notices. A
//! broadcast is one performer going online; each recipient is one delivery row, claimed by a
//! sender process with a conditional update (`claimed_by`/`claimed_at`) before it is sent, so a
//! restart resumes where it stopped and two processes never send one delivery twice.

use sea_orm_migration::prelude::*;

use crate::m20261127_000001_create_users::Users;
use crate::m20261127_000005_create_performer_tables::PerformerProfiles;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Broadcasts {
    Table,
    Id,
    PerformerId,
    Kind,
    Recipients,
    CreatedAt,
    CancelledAt,
}

#[derive(DeriveIden)]
enum BroadcastDeliveries {
    Table,
    Id,
    BroadcastId,
    UserId,
    ChatId,
    Status,
    Attempts,
    Detail,
    ClaimedBy,
    ClaimedAt,
    SentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use BroadcastDeliveries as D;
        use Broadcasts as B;
        manager
            .create_table(
                Table::create()
                    .table(B::Table)
                    .col(
                        ColumnDef::new(B::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(B::PerformerId).big_integer().not_null())
                    .col(ColumnDef::new(B::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(B::Recipients).integer().not_null().default(0))
                    .col(ColumnDef::new(B::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(B::CancelledAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_broadcasts_performer")
                            .from(B::Table, B::PerformerId)
                            .to(PerformerProfiles::Table, PerformerProfiles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_broadcasts_performer")
                    .table(B::Table)
                    .col(B::PerformerId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(D::Table)
                    .col(
                        ColumnDef::new(D::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(D::BroadcastId).big_integer().not_null())
                    .col(ColumnDef::new(D::UserId).big_integer().not_null())
                    .col(ColumnDef::new(D::ChatId).big_integer().not_null())
                    .col(
                        ColumnDef::new(D::Status)
                            .string_len(16)
                            .not_null()
                            .default("pending"),
                    )
                    .col(ColumnDef::new(D::Attempts).integer().not_null().default(0))
                    .col(ColumnDef::new(D::Detail).string_len(255).null())
                    .col(ColumnDef::new(D::ClaimedBy).string_len(64).null())
                    .col(ColumnDef::new(D::ClaimedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(D::SentAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_broadcast_deliveries_broadcast")
                            .from(D::Table, D::BroadcastId)
                            .to(B::Table, B::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_broadcast_deliveries_user")
                            .from(D::Table, D::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One delivery per recipient and broadcast, whatever happens to the enqueueing code.
        manager
            .create_index(
                Index::create()
                    .name("idx_broadcast_deliveries_recipient")
                    .table(D::Table)
                    .col(D::BroadcastId)
                    .col(D::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The sender claims the oldest pending rows: (status, id) serves that scan.
        manager
            .create_index(
                Index::create()
                    .name("idx_broadcast_deliveries_status")
                    .table(D::Table)
                    .col(D::Status)
                    .col(D::Id)
                    .to_owned(),
            )
            .await?;
        // A user who blocks the bot has their pending deliveries skipped.
        manager
            .create_index(
                Index::create()
                    .name("idx_broadcast_deliveries_user")
                    .table(D::Table)
                    .col(D::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BroadcastDeliveries::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Broadcasts::Table).to_owned())
            .await
    }
}
