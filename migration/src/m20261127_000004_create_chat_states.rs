//! `chat_states`: the pending multi-step input of a chat (e.g. an admin typing a username), so a
//! restart does not lose it.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ChatStates {
    Table,
    ChatId,
    State,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChatStates::Table)
                    .col(
                        ColumnDef::new(ChatStates::ChatId)
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(ChatStates::State).json().not_null())
                    .col(
                        ColumnDef::new(ChatStates::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ChatStates::Table).to_owned())
            .await
    }
}
