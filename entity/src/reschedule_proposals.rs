//! A time a performer proposes instead of a booking's (see `services::reschedule`): up to three
//! per booking version; drafted while she picks, offered to the user once `sent_at` is set.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reschedule_proposals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub booking_id: Uuid,
    /// The booking's `version` the proposal was made for: any later change retires it.
    pub booking_version: i32,
    pub starts_at: TimeDateTimeWithTimeZone,
    /// When the proposal went to the user; unset while the performer is still picking.
    pub sent_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
