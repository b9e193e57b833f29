//! The performer side (`PerformerProfileModel`): profiles, rates, weekly availability rules,
//! blocked dates/periods and date overrides. Rules are stored as local wall-clock times plus the
//! profile's IANA zone name, never pre-converted to UTC, so they stay right across DST.

use sea_orm_migration::prelude::*;

use crate::m20261127_000001_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum PerformerProfiles {
    Table,
    Id,
    UserId,
    DisplayName,
    Bio,
    PhotoFileId,
    Tags,
    Timezone,
    Online,
    StatusChangedAt,
    LastBroadcastAt,
    BufferBeforeMin,
    BufferAfterMin,
    MinNoticeMin,
    WindowDays,
    SlotStepMin,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PerformerRates {
    Table,
    Id,
    PerformerId,
    DurationMinutes,
    Price,
    Currency,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AvailabilityRules {
    Table,
    Id,
    PerformerId,
    Weekday,
    StartTime,
    EndTime,
}

#[derive(DeriveIden)]
enum AvailabilityBlocks {
    Table,
    Id,
    PerformerId,
    FromDate,
    ToDate,
    StartsAt,
    EndsAt,
    Reason,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AvailabilityOverrides {
    Table,
    Id,
    PerformerId,
    Date,
    Ranges,
}

fn performer_fk(
    table: impl IntoIden + 'static,
    name: &str,
    col: impl IntoIden + 'static,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, col)
        .to(PerformerProfiles::Table, PerformerProfiles::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn id_col(iden: impl IntoIden) -> ColumnDef {
    ColumnDef::new(iden)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use PerformerProfiles as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(id_col(P::Id))
                    .col(ColumnDef::new(P::UserId).big_integer().not_null().unique_key())
                    .col(ColumnDef::new(P::DisplayName).string_len(64).not_null())
                    .col(ColumnDef::new(P::Bio).text().not_null().default(""))
                    .col(ColumnDef::new(P::PhotoFileId).string_len(255).null())
                    .col(ColumnDef::new(P::Tags).json().not_null())
                    .col(ColumnDef::new(P::Timezone).string_len(64).not_null())
                    .col(ColumnDef::new(P::Online).boolean().not_null().default(false))
                    .col(
                        ColumnDef::new(P::StatusChangedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(P::LastBroadcastAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(P::BufferBeforeMin).integer().not_null().default(0))
                    .col(ColumnDef::new(P::BufferAfterMin).integer().not_null().default(0))
                    .col(ColumnDef::new(P::MinNoticeMin).integer().not_null().default(60))
                    .col(ColumnDef::new(P::WindowDays).integer().not_null().default(30))
                    .col(ColumnDef::new(P::SlotStepMin).integer().not_null().default(30))
                    .col(ColumnDef::new(P::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(P::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_performer_profiles_user")
                            .from(P::Table, P::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_performer_profiles_online")
                    .table(P::Table)
                    .col(P::Online)
                    .to_owned(),
            )
            .await?;

        use PerformerRates as R;
        manager
            .create_table(
                Table::create()
                    .table(R::Table)
                    .col(id_col(R::Id))
                    .col(ColumnDef::new(R::PerformerId).big_integer().not_null())
                    .col(ColumnDef::new(R::DurationMinutes).integer().not_null())
                    .col(ColumnDef::new(R::Price).big_integer().not_null())
                    .col(ColumnDef::new(R::Currency).string_len(3).not_null())
                    .col(ColumnDef::new(R::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut performer_fk(
                        R::Table,
                        "fk_performer_rates_performer",
                        R::PerformerId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_performer_rates_duration")
                    .table(R::Table)
                    .col(R::PerformerId)
                    .col(R::DurationMinutes)
                    .unique()
                    .to_owned(),
            )
            .await?;

        use AvailabilityRules as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .col(id_col(A::Id))
                    .col(ColumnDef::new(A::PerformerId).big_integer().not_null())
                    .col(ColumnDef::new(A::Weekday).small_integer().not_null())
                    .col(ColumnDef::new(A::StartTime).string_len(5).not_null())
                    .col(ColumnDef::new(A::EndTime).string_len(5).not_null())
                    .foreign_key(&mut performer_fk(
                        A::Table,
                        "fk_availability_rules_performer",
                        A::PerformerId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_availability_rules_performer")
                    .table(A::Table)
                    .col(A::PerformerId)
                    .to_owned(),
            )
            .await?;

        use AvailabilityBlocks as B;
        manager
            .create_table(
                Table::create()
                    .table(B::Table)
                    .col(id_col(B::Id))
                    .col(ColumnDef::new(B::PerformerId).big_integer().not_null())
                    .col(ColumnDef::new(B::FromDate).date().null())
                    .col(ColumnDef::new(B::ToDate).date().null())
                    .col(ColumnDef::new(B::StartsAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(B::EndsAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(B::Reason).string_len(255).null())
                    .col(ColumnDef::new(B::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut performer_fk(
                        B::Table,
                        "fk_availability_blocks_performer",
                        B::PerformerId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_availability_blocks_performer")
                    .table(B::Table)
                    .col(B::PerformerId)
                    .to_owned(),
            )
            .await?;

        use AvailabilityOverrides as O;
        manager
            .create_table(
                Table::create()
                    .table(O::Table)
                    .col(id_col(O::Id))
                    .col(ColumnDef::new(O::PerformerId).big_integer().not_null())
                    .col(ColumnDef::new(O::Date).date().not_null())
                    .col(ColumnDef::new(O::Ranges).json().not_null())
                    .foreign_key(&mut performer_fk(
                        O::Table,
                        "fk_availability_overrides_performer",
                        O::PerformerId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_availability_overrides_date")
                    .table(O::Table)
                    .col(O::PerformerId)
                    .col(O::Date)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AvailabilityOverrides::Table.into_iden(),
            AvailabilityBlocks::Table.into_iden(),
            AvailabilityRules::Table.into_iden(),
            PerformerRates::Table.into_iden(),
            PerformerProfiles::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
