//! One movement of a performer's earnings (see `services::earnings`). Append-only: rows are
//! inserted, never updated or deleted. `amount` is signed: credits add, reversals and payouts
//! subtract, so a performer's sum is what they are owed.

use sea_orm::entity::prelude::*;

use crate::currency::Currency;

stored_names! {
    /// What a ledger row records.
    pub enum LedgerKind: "ledger kind", "String(StringLen::N(16))" {
        /// A completed call (or a user who did not come): the price minus the commission.
        Credit = "credit",
        /// A credited booking was refunded: the credit taken back.
        Reversal = "reversal",
        /// An admin recorded a payment to the performer.
        Payout = "payout",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `performer_profiles.id`.
    pub performer_id: i64,
    /// The booking of a credit or reversal; none for a payout.
    pub booking_id: Option<Uuid>,
    pub kind: LedgerKind,
    /// Minor units of `currency` (whole Stars for XTR); negative for reversals and payouts.
    pub amount: i64,
    /// The platform's share of the booking's price (0 for payouts; negative for reversals).
    pub commission: i64,
    #[sea_orm(column_type = "String(StringLen::N(3))")]
    pub currency: Currency,
    /// A payout's reference (transfer id, note).
    pub reference: Option<String>,
    /// `users.id` of the admin who recorded a payout.
    pub recorded_by: Option<i64>,
    pub at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
