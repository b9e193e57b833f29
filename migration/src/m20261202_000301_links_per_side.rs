//! Each side's meeting-link message recorded on its own (`bookings.user_link_sent_at`,
//! `performer_link_sent_at`): a side Telegram refused (the person blocked the bot, or the call
//! failed) is not counted as sent, and gets its link when it can be reached again, while the
//! side that got it is not sent it twice. Bookings whose links went out before keep them as sent.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Bookings {
    Table,
    LinksSentAt,
    UserLinkSentAt,
    PerformerLinkSentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Bookings::UserLinkSentAt, Bookings::PerformerLinkSentAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Bookings::Table)
                        .add_column(ColumnDef::new(column).timestamp_with_time_zone().null())
                        .to_owned(),
                )
                .await?;
        }
        let backfill = Query::update()
            .table(Bookings::Table)
            .value(Bookings::UserLinkSentAt, Expr::col(Bookings::LinksSentAt))
            .value(Bookings::PerformerLinkSentAt, Expr::col(Bookings::LinksSentAt))
            .and_where(Expr::col(Bookings::LinksSentAt).is_not_null())
            .to_owned();
        manager.exec_stmt(backfill).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Bookings::PerformerLinkSentAt, Bookings::UserLinkSentAt] {
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
