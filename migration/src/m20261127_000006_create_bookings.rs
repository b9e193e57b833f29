//! `bookings` (`BookingModel`), `booking_events` (the audit trail of every transition) and
//! `payments` (keyed by Telegram's charge id, so a replayed payment is recorded once).
//!
//! No double booking: on PostgreSQL an exclusion constraint over `tstzrange(starts_at, ends_at)`
//! forbids two occupying bookings of one performer to overlap, whatever the application does.
//! SQLite has no such constraint; there the booking service checks and writes inside one write
//! transaction (SQLite runs one writer at a time).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

use crate::m20261127_000001_create_users::Users;
use crate::m20261127_000005_create_performer_tables::PerformerProfiles;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Bookings {
    Table,
    Id,
    UserId,
    PerformerId,
    Status,
    StartsAt,
    EndsAt,
    DurationMinutes,
    Price,
    Currency,
    HoldExpiresAt,
    Version,
    InvoicePayload,
    RoomProvider,
    RoomName,
    RoomUrl,
    LinksSentAt,
    LinksClaimedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum BookingEvents {
    Table,
    Id,
    BookingId,
    FromStatus,
    ToStatus,
    Event,
    Actor,
    Reason,
    At,
}

#[derive(DeriveIden)]
enum Payments {
    Table,
    Id,
    BookingId,
    UserId,
    TelegramPaymentChargeId,
    ProviderPaymentChargeId,
    Amount,
    Currency,
    Status,
    CreatedAt,
    RefundedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Bookings as B;
        manager
            .create_table(
                Table::create()
                    .table(B::Table)
                    .col(ColumnDef::new(B::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(B::UserId).big_integer().not_null())
                    .col(ColumnDef::new(B::PerformerId).big_integer().not_null())
                    .col(ColumnDef::new(B::Status).string_len(20).not_null())
                    .col(ColumnDef::new(B::StartsAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(B::EndsAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(B::DurationMinutes).integer().not_null())
                    .col(ColumnDef::new(B::Price).big_integer().not_null())
                    .col(ColumnDef::new(B::Currency).string_len(3).not_null())
                    .col(ColumnDef::new(B::HoldExpiresAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(B::Version).integer().not_null().default(0))
                    .col(
                        ColumnDef::new(B::InvoicePayload)
                            .string_len(128)
                            .null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(B::RoomProvider).string_len(16).null())
                    .col(ColumnDef::new(B::RoomName).string_len(128).null())
                    .col(ColumnDef::new(B::RoomUrl).string_len(512).null())
                    .col(ColumnDef::new(B::LinksSentAt).timestamp_with_time_zone().null())
                    .col(
                        ColumnDef::new(B::LinksClaimedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(B::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(B::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_bookings_user")
                            .from(B::Table, B::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_bookings_performer")
                            .from(B::Table, B::PerformerId)
                            .to(PerformerProfiles::Table, PerformerProfiles::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("idx_bookings_performer_time", vec![B::PerformerId, B::StartsAt]),
            ("idx_bookings_user", vec![B::UserId, B::StartsAt]),
            ("idx_bookings_status_hold", vec![B::Status, B::HoldExpiresAt]),
        ] {
            let mut index = Index::create();
            index.name(name).table(B::Table);
            for col in cols {
                index.col(col);
            }
            manager.create_index(index.to_owned()).await?;
        }
        let db = manager.get_connection();
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS btree_gist")
                .await?;
            db.execute_unprepared(
                "ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (\
                   performer_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&\
                 ) WHERE (status IN ('held', 'awaiting_payment', 'confirmed', 'in_progress'))",
            )
            .await?;
        }

        use BookingEvents as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(
                        ColumnDef::new(E::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(E::BookingId).uuid().not_null())
                    .col(ColumnDef::new(E::FromStatus).string_len(20).null())
                    .col(ColumnDef::new(E::ToStatus).string_len(20).not_null())
                    .col(ColumnDef::new(E::Event).string_len(32).not_null())
                    .col(ColumnDef::new(E::Actor).string_len(16).not_null())
                    .col(ColumnDef::new(E::Reason).string_len(255).null())
                    .col(ColumnDef::new(E::At).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_booking_events_booking")
                            .from(E::Table, E::BookingId)
                            .to(B::Table, B::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_booking_events_booking")
                    .table(E::Table)
                    .col(E::BookingId)
                    .to_owned(),
            )
            .await?;

        use Payments as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(
                        ColumnDef::new(P::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(P::BookingId).uuid().null())
                    .col(ColumnDef::new(P::UserId).big_integer().not_null())
                    .col(
                        ColumnDef::new(P::TelegramPaymentChargeId)
                            .string_len(255)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(P::ProviderPaymentChargeId).string_len(255).null())
                    .col(ColumnDef::new(P::Amount).big_integer().not_null())
                    .col(ColumnDef::new(P::Currency).string_len(3).not_null())
                    .col(ColumnDef::new(P::Status).string_len(16).not_null())
                    .col(ColumnDef::new(P::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(P::RefundedAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_payments_booking")
                            .from(P::Table, P::BookingId)
                            .to(B::Table, B::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_payments_user")
                            .from(P::Table, P::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Payments::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(BookingEvents::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Bookings::Table).to_owned())
            .await
    }
}
