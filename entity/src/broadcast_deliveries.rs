//! One recipient of one broadcast. `status` is `pending`, `sent`, `failed` or `skipped`; a
//! pending row with `claimed_by` set is being sent by that process (until `claimed_at` is stale).

use sea_orm::entity::prelude::*;

stored_names! {
    /// What became of one delivery.
    pub enum DeliveryStatus: "delivery status", "String(StringLen::N(16))" {
        Pending = "pending",
        Sent = "sent",
        Failed = "failed",
        Skipped = "skipped",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "broadcast_deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub broadcast_id: i64,
    pub user_id: i64,
    /// The recipient's private chat (their Telegram id) at the time of queueing.
    pub chat_id: i64,
    pub status: DeliveryStatus,
    pub attempts: i32,
    /// Why it failed or was skipped (`cancelled`, `blocked`, `opted_out`, an API error).
    pub detail: Option<String>,
    pub claimed_by: Option<String>,
    pub claimed_at: Option<TimeDateTimeWithTimeZone>,
    pub sent_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::broadcasts::Entity",
        from = "Column::BroadcastId",
        to = "super::broadcasts::Column::Id",
        on_delete = "Cascade"
    )]
    Broadcast,
}

impl Related<super::broadcasts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Broadcast.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
