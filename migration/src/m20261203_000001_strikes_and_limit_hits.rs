//! Strikes and limit hits, for the admin's Users card and panel: a report handled with an action
//! counts as a strike against the reported person (`reports.strike`; "No action needed" does
//! not), and every time someone runs into an abuse limit (unpaid holds, holds per hour, the
//! per-person update rate) a row in `limit_hits` says who, which limit and when.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Reports {
    Table,
    Strike,
}

#[derive(DeriveIden)]
enum LimitHits {
    Table,
    Id,
    UserId,
    Kind,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Reports::Table)
                    .add_column(
                        ColumnDef::new(Reports::Strike)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LimitHits::Table)
                    .col(
                        ColumnDef::new(LimitHits::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(LimitHits::UserId).big_integer().not_null())
                    .col(ColumnDef::new(LimitHits::Kind).string_len(32).not_null())
                    .col(
                        ColumnDef::new(LimitHits::At)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_limit_hits_at")
                    .table(LimitHits::Table)
                    .col(LimitHits::At)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_limit_hits_user")
                    .table(LimitHits::Table)
                    .col(LimitHits::UserId)
                    .col(LimitHits::At)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LimitHits::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Reports::Table)
                    .drop_column(Reports::Strike)
                    .to_owned(),
            )
            .await
    }
}
