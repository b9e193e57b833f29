//! `ledger_entries`: what each performer earned and was paid, append-only (a credit when a call
//! is completed or the user did not come, a reversal when a credited booking is refunded, a
//! payout when an admin records one). One credit and one reversal per booking at most.
//! `reviews`: a user's stars (and a few words) for a completed call, one per booking, hidden by
//! an admin rather than deleted. `review_requests`: when the user was asked, and reminded.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LedgerEntries {
    Table,
    Id,
    PerformerId,
    BookingId,
    Kind,
    Amount,
    Commission,
    Currency,
    Reference,
    RecordedBy,
    At,
}

#[derive(DeriveIden)]
enum Reviews {
    Table,
    BookingId,
    UserId,
    PerformerId,
    Rating,
    Text,
    HiddenBy,
    HiddenAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ReviewRequests {
    Table,
    BookingId,
    UserId,
    AskedAt,
    RemindedAt,
}

#[derive(DeriveIden)]
enum Bookings {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LedgerEntries::Table)
                    .col(
                        ColumnDef::new(LedgerEntries::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(LedgerEntries::PerformerId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(LedgerEntries::BookingId).uuid().null())
                    .col(ColumnDef::new(LedgerEntries::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(LedgerEntries::Amount).big_integer().not_null())
                    .col(ColumnDef::new(LedgerEntries::Commission).big_integer().not_null())
                    .col(ColumnDef::new(LedgerEntries::Currency).string_len(3).not_null())
                    .col(ColumnDef::new(LedgerEntries::Reference).string_len(128).null())
                    .col(ColumnDef::new(LedgerEntries::RecordedBy).big_integer().null())
                    .col(
                        ColumnDef::new(LedgerEntries::At)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        // A replayed completion or refund cannot write a second credit or reversal; payouts
        // have no booking, and NULLs never collide on either database.
        manager
            .create_index(
                Index::create()
                    .name("ux_ledger_booking_kind")
                    .table(LedgerEntries::Table)
                    .col(LedgerEntries::BookingId)
                    .col(LedgerEntries::Kind)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_ledger_performer")
                    .table(LedgerEntries::Table)
                    .col(LedgerEntries::PerformerId)
                    .col(LedgerEntries::At)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Reviews::Table)
                    .col(ColumnDef::new(Reviews::BookingId).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Reviews::UserId).big_integer().not_null())
                    .col(ColumnDef::new(Reviews::PerformerId).big_integer().not_null())
                    .col(ColumnDef::new(Reviews::Rating).small_integer().not_null())
                    .col(ColumnDef::new(Reviews::Text).string_len(2048).null())
                    .col(ColumnDef::new(Reviews::HiddenBy).big_integer().null())
                    .col(
                        ColumnDef::new(Reviews::HiddenAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Reviews::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reviews_booking")
                            .from(Reviews::Table, Reviews::BookingId)
                            .to(Bookings::Table, Bookings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_reviews_performer")
                    .table(Reviews::Table)
                    .col(Reviews::PerformerId)
                    .col(Reviews::CreatedAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ReviewRequests::Table)
                    .col(
                        ColumnDef::new(ReviewRequests::BookingId)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(ReviewRequests::UserId).big_integer().not_null())
                    .col(
                        ColumnDef::new(ReviewRequests::AskedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ReviewRequests::RemindedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_review_requests_booking")
                            .from(ReviewRequests::Table, ReviewRequests::BookingId)
                            .to(Bookings::Table, Bookings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ReviewRequests::Table.into_iden(),
            Reviews::Table.into_iden(),
            LedgerEntries::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
