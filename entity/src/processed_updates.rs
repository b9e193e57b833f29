//! Telegram updates already taken in, keyed by `update_id`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "processed_updates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub update_id: i64,
    pub received_at: TimeDateTimeWithTimeZone,
    /// Set when the handler finished; a claim without it is in flight (or its process died).
    pub completed_at: Option<TimeDateTimeWithTimeZone>,
    /// The webhook response it was answered with (a Bot API call as JSON), written with the
    /// completion and given again to a redelivery: Telegram redelivers when it lost a response.
    #[sea_orm(column_type = "Text", nullable)]
    pub reply: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
