//! A booking (`BookingModel`); `status` holds the lowercase state names of the state machine.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bookings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: i64,
    /// `performer_profiles.id`.
    pub performer_id: i64,
    pub status: String,
    /// Unset while a draft.
    pub starts_at: Option<TimeDateTimeWithTimeZone>,
    pub ends_at: Option<TimeDateTimeWithTimeZone>,
    pub duration_minutes: i32,
    /// Minor units of `currency` (whole Stars for XTR).
    pub price: i64,
    pub currency: String,
    pub hold_expires_at: Option<TimeDateTimeWithTimeZone>,
    /// Bumped by every transition; transitions are conditional on it.
    pub version: i32,
    /// The unguessable invoice payload that names this booking.
    #[sea_orm(unique)]
    pub invoice_payload: Option<String>,
    pub room_provider: Option<String>,
    pub room_name: Option<String>,
    pub room_url: Option<String>,
    /// When both sides were sent their meeting link; confirmed bookings without it are picked
    /// up by the fulfilment worker, so a crash or a failing video provider never loses them.
    pub links_sent_at: Option<TimeDateTimeWithTimeZone>,
    /// A process sending the links holds this lease, so replicas do not send them twice.
    pub links_claimed_at: Option<TimeDateTimeWithTimeZone>,
    /// Reminders sent (each claimed by a conditional update, so it goes out once).
    pub reminded24h_at: Option<TimeDateTimeWithTimeZone>,
    pub reminded15m_at: Option<TimeDateTimeWithTimeZone>,
    pub reminded_start_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::performer_profiles::Entity",
        from = "Column::PerformerId",
        to = "super::performer_profiles::Column::Id"
    )]
    Performer,
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UserId",
        to = "super::users::Column::Id"
    )]
    User,
}

impl Related<super::performer_profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Performer.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
