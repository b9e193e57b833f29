//! Moving a confirmed booking to another time: `bookings.reschedules` (how often it was moved,
//! capped by `bookings.max_reschedules`) and `bookings.moved_from` (the start before the last
//! move, for the "moved from … to …" notices the link sender writes); and
//! `reschedule_proposals`, the up to three other times a performer offers instead of a booking's
//! time. A proposal is tied to the booking's `version` when it was sent, so any later change of
//! the booking (a move, a cancel) retires it without another write.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Bookings {
    Table,
    Id,
    Reschedules,
    MovedFrom,
}

#[derive(DeriveIden)]
enum RescheduleProposals {
    Table,
    Id,
    BookingId,
    BookingVersion,
    StartsAt,
    SentAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            ColumnDef::new(Bookings::Reschedules)
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
            ColumnDef::new(Bookings::MovedFrom)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
        ];
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for mut column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(Bookings::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(RescheduleProposals::Table)
                    .col(
                        ColumnDef::new(RescheduleProposals::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(RescheduleProposals::BookingId).uuid().not_null())
                    .col(
                        ColumnDef::new(RescheduleProposals::BookingVersion)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(RescheduleProposals::StartsAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(RescheduleProposals::SentAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(RescheduleProposals::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reschedule_proposals_booking")
                            .from(RescheduleProposals::Table, RescheduleProposals::BookingId)
                            .to(Bookings::Table, Bookings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_reschedule_proposals_time")
                    .table(RescheduleProposals::Table)
                    .col(RescheduleProposals::BookingId)
                    .col(RescheduleProposals::BookingVersion)
                    .col(RescheduleProposals::StartsAt)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RescheduleProposals::Table).to_owned())
            .await?;
        for column in [Bookings::MovedFrom, Bookings::Reschedules] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Bookings::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
