//! Call tracking for the video issue: Daily webhook events taken in (`processed_video_events`,
//! so a redelivered event counts once), who joined each call and for how long
//! (`call_participants`), and the reminders already sent (`bookings.reminded_*_at`).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ProcessedVideoEvents {
    Table,
    EventId,
    ReceivedAt,
}

#[derive(DeriveIden)]
enum CallParticipants {
    Table,
    Id,
    BookingId,
    ParticipantId,
    Role,
    FirstJoinedAt,
    LastJoinedAt,
    LastLeftAt,
    ConnectedSeconds,
    Sessions,
}

#[derive(DeriveIden)]
enum Bookings {
    Table,
    Id,
    Reminded24hAt,
    Reminded15mAt,
    RemindedStartAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ProcessedVideoEvents::Table)
                    .col(
                        ColumnDef::new(ProcessedVideoEvents::EventId)
                            .string_len(128)
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(ProcessedVideoEvents::ReceivedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        use CallParticipants as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(
                        ColumnDef::new(C::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(C::BookingId).uuid().not_null())
                    .col(ColumnDef::new(C::ParticipantId).string_len(64).not_null())
                    .col(ColumnDef::new(C::Role).string_len(16).not_null())
                    .col(
                        ColumnDef::new(C::FirstJoinedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(C::LastJoinedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(C::LastLeftAt).timestamp_with_time_zone().null())
                    .col(
                        ColumnDef::new(C::ConnectedSeconds)
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .col(ColumnDef::new(C::Sessions).integer().not_null().default(0))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_call_participants_booking")
                            .from(C::Table, C::BookingId)
                            .to(Bookings::Table, Bookings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_call_participants_booking")
                    .table(C::Table)
                    .col(C::BookingId)
                    .col(C::ParticipantId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        for col in [
            Bookings::Reminded24hAt,
            Bookings::Reminded15mAt,
            Bookings::RemindedStartAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Bookings::Table)
                        .add_column(ColumnDef::new(col).timestamp_with_time_zone().null())
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE drops one column at a time.
        for col in [
            Bookings::Reminded24hAt,
            Bookings::Reminded15mAt,
            Bookings::RemindedStartAt,
        ] {
            manager
                .alter_table(Table::alter().table(Bookings::Table).drop_column(col).to_owned())
                .await?;
        }
        manager
            .drop_table(Table::drop().table(CallParticipants::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ProcessedVideoEvents::Table).to_owned())
            .await
    }
}
