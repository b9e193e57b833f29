//! What admins did: one row per admin action, written in the same transaction as its effect
//! (role changes also keep their own history in `user_roles`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `users.id` of the admin; `None` from the command line.
    pub actor_id: Option<i64>,
    /// `ban`, `unban`, …
    pub action: String,
    pub target_user_id: Option<i64>,
    pub detail: Option<String>,
    pub at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
