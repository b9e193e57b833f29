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
    /// `paid`, `refund_due` (a provider payment to refund by hand) or `refunded`.
    pub status: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub refunded_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
