//! A report about a person: a user about a performer (from her card or after a call), or a
//! performer about a user after a call. Admins handle it (new → handled, with the action taken);
//! the reported side is never told who reported them.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `users.id` of the one who reported.
    pub reporter_user_id: i64,
    /// `users.id` of the one reported.
    pub reported_user_id: i64,
    pub booking_id: Option<Uuid>,
    /// `performer_profiles.id`, when a performer is reported.
    pub performer_id: Option<i64>,
    /// `no_show`, `rude`, `inappropriate`, `scam` or `other`.
    pub reason: String,
    pub text: Option<String>,
    /// `new` or `handled`.
    pub status: String,
    /// `users.id` of the admin who handled it.
    pub handled_by: Option<i64>,
    pub handled_at: Option<TimeDateTimeWithTimeZone>,
    pub action_taken: Option<String>,
    /// Handled with an action: a strike against the reported person.
    pub strike: bool,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
