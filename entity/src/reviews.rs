//! A user's review of a completed call: one per booking, hidden by an admin (never deleted).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reviews")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub booking_id: Uuid,
    /// `users.id` of the reviewer (the booking's user).
    pub user_id: i64,
    /// `performer_profiles.id`.
    pub performer_id: i64,
    /// 1 to 5 stars.
    pub rating: i16,
    pub text: Option<String>,
    /// `users.id` of the admin who hid it.
    pub hidden_by: Option<i64>,
    pub hidden_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
