//! A booking (`BookingModel`) and its status, the states of the machine in `domain::booking`.

use sea_orm::entity::prelude::*;

use crate::currency::Currency;

stored_names! {
    /// A booking's status, as `bookings.status` and `booking_events.{from,to}_status` hold it.
    ///
    /// Defined here rather than in the domain because the entity's column needs the type and
    /// this crate cannot depend on the application; `domain::booking` re-exports it, and the
    /// transitions between these states live there.
    pub enum BookingStatus: "booking status", "String(StringLen::N(20))" {
        Draft = "draft",
        /// A Start-now request the performer must accept before the invoice goes out; it
        /// already keeps her time, so nobody else can take it meanwhile.
        AwaitingPerformer = "awaiting_performer",
        Held = "held",
        AwaitingPayment = "awaiting_payment",
        Confirmed = "confirmed",
        InProgress = "in_progress",
        Completed = "completed",
        Cancelled = "cancelled",
        Expired = "expired",
        Refunded = "refunded",
        NoShow = "no_show",
    }
}

stored_names! {
    /// Where a user's request that the performer cancel a paid call (made inside the
    /// cancellation cut-off) stands, as `bookings.cancel_request` holds it.
    pub enum CancelRequest: "cancel request", "String(StringLen::N(16))" {
        /// Waiting for the performer's answer (until the call starts).
        Open = "open",
        /// The performer agreed: the booking was cancelled and refunded in full.
        Accepted = "accepted",
        /// The performer declined: the booking stands, the policy holds.
        Declined = "declined",
        /// Nobody answered before the start: the booking stands, the policy holds.
        Lapsed = "lapsed",
    }
}

impl BookingStatus {
    /// Whether a booking in this status makes its time busy for the performer (design.md §2).
    pub fn occupies_slot(self) -> bool {
        matches!(
            self,
            BookingStatus::AwaitingPerformer
                | BookingStatus::Held
                | BookingStatus::AwaitingPayment
                | BookingStatus::Confirmed
                | BookingStatus::InProgress
        )
    }

    /// The booking is over: it holds no slot and no user, performer or meeting event moves it.
    ///
    /// Only money can still move a terminal booking, and only these ways: `RefundCompleted`
    /// takes `cancelled` / `no_show` to `refunded`; `LatePayment` takes `expired` to `confirmed`
    /// or `refunded`; `DisputeRefund` takes a `completed` call the user said did not happen to
    /// `refunded`; and `PaymentReceived` in any terminal status refunds that payment without a
    /// status change.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            BookingStatus::Completed
                | BookingStatus::Cancelled
                | BookingStatus::Expired
                | BookingStatus::Refunded
                | BookingStatus::NoShow
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bookings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: i64,
    /// `performer_profiles.id`.
    pub performer_id: i64,
    pub status: BookingStatus,
    /// Unset while a draft.
    pub starts_at: Option<TimeDateTimeWithTimeZone>,
    pub ends_at: Option<TimeDateTimeWithTimeZone>,
    pub duration_minutes: i32,
    /// Minor units of `currency` (whole Stars for XTR).
    pub price: i64,
    #[sea_orm(column_type = "String(StringLen::N(3))")]
    pub currency: Currency,
    pub hold_expires_at: Option<TimeDateTimeWithTimeZone>,
    /// Bumped by every transition; transitions are conditional on it.
    pub version: i32,
    /// The unguessable invoice payload that names this booking.
    #[sea_orm(unique)]
    pub invoice_payload: Option<String>,
    pub room_provider: Option<String>,
    pub room_name: Option<String>,
    pub room_url: Option<String>,
    /// When the last sending pass ended with every side sent its meeting link or out of reach
    /// (blocked the bot); confirmed bookings without it are picked up by the fulfilment worker,
    /// so a crash or a failing video provider never loses them.
    pub links_sent_at: Option<TimeDateTimeWithTimeZone>,
    /// When each side's confirmation with its link went out: a side Telegram refused is not
    /// counted, and is sent its link once it can be reached again (see `links_unsent`).
    pub user_link_sent_at: Option<TimeDateTimeWithTimeZone>,
    pub performer_link_sent_at: Option<TimeDateTimeWithTimeZone>,
    /// A process sending the links holds this lease, so replicas do not send them twice.
    pub links_claimed_at: Option<TimeDateTimeWithTimeZone>,
    /// Reminders sent (each claimed by a conditional update, so it goes out once).
    pub reminded24h_at: Option<TimeDateTimeWithTimeZone>,
    pub reminded15m_at: Option<TimeDateTimeWithTimeZone>,
    pub reminded_start_at: Option<TimeDateTimeWithTimeZone>,
    /// Each side's meeting link, made once when the links are first sent and shown the same
    /// every time after (a Daily token is not minted again per view).
    pub user_link: Option<String>,
    pub performer_link: Option<String>,
    /// A Start-now booking: its call starts when the payment arrives, not when it was held.
    pub starts_on_payment: bool,
    /// The user's request that the performer cancel (one per booking at most), and when it
    /// was made; each of its steps is a transition of the booking.
    pub cancel_request: Option<CancelRequest>,
    pub cancel_requested_at: Option<TimeDateTimeWithTimeZone>,
    /// How many times the booking was moved to another time (capped by `bookings.max_reschedules`).
    pub reschedules: i32,
    /// The start before the last move; set by a reschedule, for the "moved from … to …" notices.
    pub moved_from: Option<TimeDateTimeWithTimeZone>,
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
