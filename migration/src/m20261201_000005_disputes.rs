//! `disputes`: a completed call (of a provider without join events) the user said did not take
//! place. One per booking; the performer's answer and the settlement (refund or keep) are each
//! written once, by a conditional update.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Disputes {
    Table,
    BookingId,
    OpenedAt,
    PerformerSays,
    PerformerAnsweredAt,
    Outcome,
    SettledBy,
    SettledAt,
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
                    .table(Disputes::Table)
                    .col(
                        ColumnDef::new(Disputes::BookingId)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Disputes::OpenedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Disputes::PerformerSays).string_len(16).null())
                    .col(
                        ColumnDef::new(Disputes::PerformerAnsweredAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(Disputes::Outcome).string_len(16).null())
                    .col(ColumnDef::new(Disputes::SettledBy).big_integer().null())
                    .col(
                        ColumnDef::new(Disputes::SettledAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_disputes_booking")
                            .from(Disputes::Table, Disputes::BookingId)
                            .to(Bookings::Table, Bookings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Disputes::Table).to_owned())
            .await
    }
}
