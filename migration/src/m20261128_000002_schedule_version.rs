//! Faster holds (issue 3): `performer_profiles.schedule_version`, bumped in the same
//! transaction as every change to a performer's rules, blocks, overrides, booking settings or
//! timezone, so a process may keep a performer's schedule in memory and a hold can check in its
//! own `INSERT` that the schedule it was checked against is still the current one; and an index
//! on `bookings (performer_id, ends_at)`, so the overlap check reads only bookings that end after
//! the new one starts instead of a busy performer's whole history. It replaces
//! `idx_bookings_performer_time (performer_id, starts_at)`, which every query it served (busy
//! times, a performer's upcoming calls) also bounds by `ends_at`: one index fewer to write per
//! booking.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PerformerProfiles {
    Table,
    ScheduleVersion,
}

#[derive(DeriveIden)]
enum Bookings {
    Table,
    PerformerId,
    StartsAt,
    EndsAt,
}

const INDEX: &str = "idx_bookings_performer_end";
const REPLACED: &str = "idx_bookings_performer_time";
// The index statements are idempotent (IF [NOT] EXISTS): SQLite parses DDL against the schema a
// pooled connection last loaded, and a connection that has not yet seen another one's change
// refused "already exists" once under load in CI; with IF NOT EXISTS it re-reads the schema
// when the statement runs instead.

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(PerformerProfiles::Table)
                    .add_column(
                        ColumnDef::new(PerformerProfiles::ScheduleVersion)
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name(INDEX)
                    .table(Bookings::Table)
                    .col(Bookings::PerformerId)
                    .col(Bookings::EndsAt)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(REPLACED)
                    .table(Bookings::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name(REPLACED)
                    .table(Bookings::Table)
                    .col(Bookings::PerformerId)
                    .col(Bookings::StartsAt)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(INDEX)
                    .table(Bookings::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(PerformerProfiles::Table)
                    .drop_column(PerformerProfiles::ScheduleVersion)
                    .to_owned(),
            )
            .await
    }
}
