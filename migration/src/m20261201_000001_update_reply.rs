//! `processed_updates.reply`: the webhook response an update was answered with (a Bot API call
//! as JSON), written with the update's completion. Telegram redelivers an update whose response
//! it did not get; the redelivery is given the same response again, so the call that rode in it
//! (a reply, a pre-checkout answer) is not lost with the first response.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ProcessedUpdates {
    Table,
    Reply,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ProcessedUpdates::Table)
                    .add_column(ColumnDef::new(ProcessedUpdates::Reply).text().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ProcessedUpdates::Table)
                    .drop_column(ProcessedUpdates::Reply)
                    .to_owned(),
            )
            .await
    }
}
