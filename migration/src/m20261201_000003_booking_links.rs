//! Each side's meeting link kept with the booking (`bookings.user_link`, `performer_link`), so
//! a link is the same every time it is shown and a tap on a booking mints no new token; and
//! `bookings.starts_on_payment` for Start-now bookings, whose call starts when the payment
//! arrives (the hold keeps the performer free for hold time + duration until then).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Bookings {
    Table,
    UserLink,
    PerformerLink,
    StartsOnPayment,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            ColumnDef::new(Bookings::UserLink).text().null().to_owned(),
            ColumnDef::new(Bookings::PerformerLink).text().null().to_owned(),
            ColumnDef::new(Bookings::StartsOnPayment)
                .boolean()
                .not_null()
                .default(false)
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
        for column in [
            Bookings::StartsOnPayment,
            Bookings::PerformerLink,
            Bookings::UserLink,
        ] {
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
