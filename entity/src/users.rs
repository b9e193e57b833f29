//! Everyone who has used the bot.

use sea_orm::entity::prelude::*;

use crate::zone::Zone;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub telegram_id: i64,
    /// Lower-cased, without the `@`.
    pub username: Option<String>,
    pub first_name: String,
    pub last_name: Option<String>,
    /// `en` or `es`.
    pub language_code: String,
    /// IANA zone name chosen by the user; `None` means the configured default.
    #[sea_orm(column_type = "String(StringLen::N(64))", nullable)]
    pub timezone: Option<Zone>,
    pub age_confirmed_at: Option<TimeDateTimeWithTimeZone>,
    pub broadcast_opt_out: bool,
    pub bot_blocked_at: Option<TimeDateTimeWithTimeZone>,
    /// Banned by an admin: their updates get a short notice and nothing else.
    pub banned_at: Option<TimeDateTimeWithTimeZone>,
    /// Why (shown to admins only).
    pub banned_reason: Option<String>,
    /// `users.id` of the admin who banned them.
    pub banned_by: Option<i64>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::user_roles::Entity")]
    UserRoles,
}

impl Related<super::user_roles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::UserRoles.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
