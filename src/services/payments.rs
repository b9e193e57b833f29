//! Payments: recorded once per `telegram_payment_charge_id`, in the same transaction as the
//! booking change they cause, so a crash can never keep one without the other. Refunds owed are
//! recorded before they are attempted (`refund_pending`), and retried by the worker until they go
//! through; provider-currency refunds that Telegram cannot make are recorded as `refund_due`
//! for an admin. One process at a time attempts a refund: it claims the payment first
//! ([`claim_refund`], a lease on `refund_claimed_at`), and a Stars refund that failed
//! `payments.refund_max_attempts` times is given up to the admins as `refund_due` too.

use entity::payments::{self, PaymentStatus::*};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TryInsertResult,
};
use time::OffsetDateTime;

use super::booking::{Booking, BookingError, BookingService, Transitioned};
use crate::domain::booking::Effect;

pub type Payment = payments::Model;

pub use entity::payments::PaymentStatus;

/// Telegram's `successful_payment`, as the bot received it.
#[derive(Debug, Clone)]
pub struct IncomingPayment {
    pub telegram_payment_charge_id: String,
    pub provider_payment_charge_id: Option<String>,
    pub invoice_payload: String,
    pub amount: i64,
    pub currency: String,
    /// `users.id` of the payer.
    pub user_id: i64,
}

#[derive(Debug)]
pub enum PaymentOutcome {
    /// This charge was recorded before: nothing changes, nothing is sent.
    Replay,
    /// No booking has this payload (or it is not the payer's): the money goes back.
    Orphan(Payment),
    /// The amount or currency is not the booking's: the booking is left as it was and the money
    /// goes back (pre-checkout checks both, but only this message says what was charged).
    Mismatch { payment: Payment, booking: Box<Booking> },
    /// The booking moved; `transition.effects` say what follows (a refund among them when the
    /// payment could not be honoured).
    Applied {
        payment: Payment,
        transition: Box<Transitioned>,
    },
}

/// Records a payment and applies it to its booking, in one transaction.
pub async fn record(
    bookings: &BookingService,
    incoming: &IncomingPayment,
    now: OffsetDateTime,
) -> Result<PaymentOutcome, BookingError> {
    let db = bookings.db();
    // Read before the transaction begins: a read on the pool while this transaction holds a
    // connection would need a second one (and wait forever on a one-connection pool). pay_in
    // reads the booking again inside the transaction.
    let booking = bookings
        .by_payload(&incoming.invoice_payload)
        .await?
        .filter(|b| b.user_id == incoming.user_id);
    let mismatch = booking
        .as_ref()
        .is_some_and(|b| b.price != incoming.amount || b.currency.as_str() != incoming.currency);
    let txn = crate::db::begin_write(db).await?;
    let row = payments::ActiveModel {
        booking_id: Set(booking.as_ref().map(|b| b.id)),
        user_id: Set(incoming.user_id),
        telegram_payment_charge_id: Set(incoming.telegram_payment_charge_id.clone()),
        provider_payment_charge_id: Set(incoming.provider_payment_charge_id.clone()),
        amount: Set(incoming.amount),
        currency: Set(incoming.currency.clone()),
        // Owed back from the start when it cannot pay for its booking.
        status: Set(if mismatch { RefundPending } else { Paid }),
        created_at: Set(now),
        refunded_at: Set(None),
        ..Default::default()
    };
    let inserted = payments::Entity::insert(row)
        .on_conflict(
            OnConflict::column(payments::Column::TelegramPaymentChargeId)
                .do_nothing()
                .to_owned(),
        )
        .do_nothing()
        .exec_without_returning(&txn)
        .await?;
    if !matches!(inserted, TryInsertResult::Inserted(n) if n > 0) {
        txn.rollback().await?;
        return Ok(PaymentOutcome::Replay);
    }
    let Some(booking) = booking else {
        set_status(&txn, &incoming.telegram_payment_charge_id, RefundPending).await?;
        txn.commit().await?;
        let payment = by_charge(db, &incoming.telegram_payment_charge_id).await?;
        return Ok(PaymentOutcome::Orphan(payment));
    };
    if mismatch {
        txn.commit().await?;
        let payment = by_charge(db, &incoming.telegram_payment_charge_id).await?;
        return Ok(PaymentOutcome::Mismatch {
            payment,
            booking: Box::new(booking),
        });
    }
    let transition = bookings.pay_in(&txn, booking.id, now).await?;
    if transition.effects.contains(&Effect::Refund) {
        set_status(&txn, &incoming.telegram_payment_charge_id, RefundPending).await?;
    }
    txn.commit().await?;
    let payment = by_charge(db, &incoming.telegram_payment_charge_id).await?;
    Ok(PaymentOutcome::Applied {
        payment,
        transition: Box::new(transition),
    })
}

async fn set_status(db: &impl ConnectionTrait, charge_id: &str, status: PaymentStatus) -> Result<(), DbErr> {
    payments::Entity::update_many()
        .col_expr(payments::Column::Status, Expr::value(status))
        .filter(payments::Column::TelegramPaymentChargeId.eq(charge_id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn by_charge(db: &impl ConnectionTrait, charge_id: &str) -> Result<Payment, DbErr> {
    payments::Entity::find()
        .filter(payments::Column::TelegramPaymentChargeId.eq(charge_id))
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("payment {charge_id}")))
}

/// The payment that paid for a booking, if any.
pub async fn for_booking(
    db: &impl ConnectionTrait,
    booking_id: uuid::Uuid,
) -> Result<Option<Payment>, DbErr> {
    payments::Entity::find()
        .filter(payments::Column::BookingId.eq(booking_id))
        .order_by_asc(payments::Column::Id)
        .one(db)
        .await
}

/// Marks the booking's payment as owed back (before the refund is attempted).
pub async fn owe_refund(db: &impl ConnectionTrait, booking_id: uuid::Uuid) -> Result<Option<Payment>, DbErr> {
    payments::Entity::update_many()
        .col_expr(payments::Column::Status, Expr::value(RefundPending))
        .filter(payments::Column::BookingId.eq(booking_id))
        .filter(payments::Column::Status.eq(Paid))
        .exec(db)
        .await?;
    payments::Entity::find()
        .filter(payments::Column::BookingId.eq(booking_id))
        .filter(payments::Column::Status.eq(RefundPending))
        .order_by_asc(payments::Column::Id)
        .one(db)
        .await
}

/// The refund went through. Conditional, so two workers never count one refund twice.
pub async fn mark_refunded(db: &impl ConnectionTrait, id: i64, now: OffsetDateTime) -> Result<bool, DbErr> {
    let result = payments::Entity::update_many()
        .col_expr(payments::Column::Status, Expr::value(Refunded))
        .col_expr(payments::Column::RefundedAt, Expr::value(now))
        .filter(payments::Column::Id.eq(id))
        .filter(payments::Column::Status.is_in([RefundPending, RefundDue]))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// A provider-currency refund Telegram cannot make: an admin must do it at the provider.
pub async fn mark_refund_due(db: &impl ConnectionTrait, id: i64) -> Result<bool, DbErr> {
    let result = payments::Entity::update_many()
        .col_expr(payments::Column::Status, Expr::value(RefundDue))
        .filter(payments::Column::Id.eq(id))
        .filter(payments::Column::Status.eq(RefundPending))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// How long a refund claim holds: longer than one attempt can last (a Bot API call waiting out
/// its 429s), so only a crashed claimer's refund is taken over.
pub const REFUND_LEASE: time::Duration = time::Duration::minutes(10);

/// Takes the lease on attempting a refund owed: the attempt's number, or `None` if the refund is
/// no longer owed or another process is attempting it now.
pub async fn claim_refund(
    db: &impl ConnectionTrait,
    id: i64,
    now: OffsetDateTime,
) -> Result<Option<i32>, DbErr> {
    let result = payments::Entity::update_many()
        .col_expr(payments::Column::RefundClaimedAt, Expr::value(now))
        .col_expr(
            payments::Column::RefundAttempts,
            Expr::col(payments::Column::RefundAttempts).add(1),
        )
        .filter(payments::Column::Id.eq(id))
        .filter(payments::Column::Status.eq(RefundPending))
        .filter(
            sea_orm::Condition::any()
                .add(payments::Column::RefundClaimedAt.is_null())
                .add(payments::Column::RefundClaimedAt.lt(now - REFUND_LEASE)),
        )
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Ok(None);
    }
    let row = payments::Entity::find_by_id(id).one(db).await?;
    Ok(row.map(|p| p.refund_attempts))
}

/// An attempt failed: the refund is free to be attempted again (by the next worker run).
pub async fn release_refund(db: &impl ConnectionTrait, id: i64) -> Result<(), DbErr> {
    payments::Entity::update_many()
        .col_expr(
            payments::Column::RefundClaimedAt,
            Expr::value(None::<OffsetDateTime>),
        )
        .filter(payments::Column::Id.eq(id))
        .filter(payments::Column::Status.eq(RefundPending))
        .exec(db)
        .await?;
    Ok(())
}

/// Refunds recorded but not yet made, oldest first.
pub async fn pending_refunds(db: &crate::db::Db, limit: u64) -> Result<Vec<Payment>, DbErr> {
    payments::Entity::find()
        .filter(payments::Column::Status.eq(RefundPending))
        .order_by_asc(payments::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// An admin refunds a booking's payment without cancelling it (a goodwill refund after a
/// completed call): in one transaction the payment becomes owed back (`paid` →
/// `refund_pending`, conditional, so a double tap refunds once), the performer's credit for it
/// is reversed if there was one, and the admin's audit row is written. The refund itself is
/// then made by `notify::fulfil::refund`, with its lease and retries, like any other. `None`
/// if the payment was no longer `paid`.
pub async fn refund_without_cancelling(
    db: &crate::db::Db,
    booking: &Booking,
    admin_id: i64,
    now: OffsetDateTime,
) -> Result<Option<Payment>, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let owed = payments::Entity::update_many()
        .col_expr(payments::Column::Status, Expr::value(RefundPending))
        .filter(payments::Column::BookingId.eq(booking.id))
        .filter(payments::Column::Status.eq(Paid))
        .exec(&txn)
        .await?;
    if owed.rows_affected == 0 {
        return Ok(None);
    }
    let payment = payments::Entity::find()
        .filter(payments::Column::BookingId.eq(booking.id))
        .filter(payments::Column::Status.eq(RefundPending))
        .order_by_asc(payments::Column::Id)
        .one(&txn)
        .await?;
    let Some(payment) = payment else {
        return Ok(None);
    };
    super::earnings::record(&txn, booking, crate::domain::earnings::Movement::Reverse, 0, now).await?;
    let detail = format!(
        "{} · {}",
        super::booking::short_id(booking.id),
        crate::domain::money::Money::new(payment.amount, booking.currency).format()
    );
    super::audit::record(
        &txn,
        admin_id,
        super::audit::REFUND,
        Some(booking.user_id),
        Some(detail),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(Some(payment))
}
