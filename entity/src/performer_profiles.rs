//! A performer's public profile, status and booking settings (`PerformerProfileModel`).

use sea_orm::entity::prelude::*;

use crate::zone::Zone;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "performer_profiles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub user_id: i64,
    pub display_name: String,
    pub bio: String,
    /// Telegram `file_id` of the profile photo.
    pub photo_file_id: Option<String>,
    /// JSON array of strings.
    pub tags: Json,
    /// IANA zone the availability rules are written in.
    #[sea_orm(column_type = "String(StringLen::N(64))")]
    pub timezone: Zone,
    pub online: bool,
    pub status_changed_at: TimeDateTimeWithTimeZone,
    pub last_broadcast_at: Option<TimeDateTimeWithTimeZone>,
    pub buffer_before_min: i32,
    pub buffer_after_min: i32,
    pub min_notice_min: i32,
    pub window_days: i32,
    pub slot_step_min: i32,
    /// Bumped with every change to the rules, blocks, overrides, settings above or timezone:
    /// a hold checks it to know the schedule it was checked against is current.
    pub schedule_version: i64,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UserId",
        to = "super::users::Column::Id",
        on_delete = "Cascade"
    )]
    User,
    #[sea_orm(has_many = "super::performer_rates::Entity")]
    Rates,
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl Related<super::performer_rates::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Rates.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
