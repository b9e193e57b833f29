//! Payments received through Telegram, keyed by `telegram_payment_charge_id`.

use sea_orm::entity::prelude::*;

stored_names! {
    /// Where a payment stands: kept, or on its way back to the payer.
    pub enum PaymentStatus: "payment status", "String(StringLen::N(16))" {
        Paid = "paid",
        /// A refund is owed and not made yet; the worker retries it until it goes through or
        /// has failed too often.
        RefundPending = "refund_pending",
        /// A refund an admin makes by hand: a provider payment Telegram cannot refund, or a
        /// Stars refund that failed `payments.refund_max_attempts` times.
        RefundDue = "refund_due",
        Refunded = "refunded",
    }
}

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
    /// As Telegram reported it: kept even when it is no code we know, so the payment is recorded.
    pub currency: String,
    pub status: PaymentStatus,
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
