//! Payments received through Telegram, keyed by `telegram_payment_charge_id`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub booking_id: Option<Uuid>,
    pub user_id: i64,
    #[sea_orm(unique)]
    pub telegram_payment_charge_id: String,
    pub provider_payment_charge_id: Option<String>,
    /// Minor units of `currency` (whole Stars for XTR).
    pub amount: i64,
    pub currency: String,
    /// `paid`, `refund_pending`, `refund_due` (to refund by hand: a provider payment, or a Stars
    /// refund that kept failing) or `refunded`.
    pub status: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub refunded_at: Option<TimeDateTimeWithTimeZone>,
    /// When the process attempting the refund took it on (a lease; unset between attempts).
    pub refund_claimed_at: Option<TimeDateTimeWithTimeZone>,
    /// Refund attempts so far.
    pub refund_attempts: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
