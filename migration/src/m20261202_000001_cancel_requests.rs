//! A user's request, inside the cancellation cut-off, that the performer cancel a paid call
//! (`bookings.cancel_request`: `open`, `accepted`, `declined`, `lapsed`; and when it was made).
//! Columns of the booking rather than a table of their own: a booking has at most one request,
//! and each step of it is one of the booking's transitions, so it moves in the same conditional
//! `UPDATE … WHERE status = ? AND version = ?` as the status (a double tap or two people acting
//! at once cannot leave two requests or two answers).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Bookings {
    Table,
    CancelRequest,
    CancelRequestedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            ColumnDef::new(Bookings::CancelRequest)
                .string_len(16)
                .null()
                .to_owned(),
            ColumnDef::new(Bookings::CancelRequestedAt)
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
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Bookings::CancelRequestedAt, Bookings::CancelRequest] {
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
