//! Payments in the chat: `pre_checkout_query` (answered at once, ok only for a live hold of the
//! payer's with the right amount) and `successful_payment` (recorded once, then fulfilled).

use frankenstein::methods::AnswerPreCheckoutQueryParams;
use frankenstein::payments::{PreCheckoutQuery, SuccessfulPayment};
use tracing::{info, warn};

use crate::bot::{Ctx, Result};
use crate::domain::booking::{Actor, BookingStatus};
use crate::i18n::{Lang, Texts};
use crate::notify::fulfil;
use crate::services::booking::BookingError;
use crate::services::payments::{self, IncomingPayment, PaymentOutcome};
use crate::services::users as user_service;
use crate::state::AppState;

/// Telegram waits 10 seconds for this answer: it only reads the database.
pub async fn pre_checkout(app: &AppState, query: PreCheckoutQuery) -> crate::bot::Result<()> {
    let payer = user_service::find_by_telegram_id(&app.db, query.from.id as i64).await?;
    let lang = payer
        .as_ref()
        .map(|u| Lang::from_code(&u.language_code))
        .unwrap_or_else(|| Lang::from_telegram(query.from.language_code.as_deref(), Lang::En));
    let t = Texts(lang);
    let booking = app
        .bookings()
        .by_payload(&query.invoice_payload)
        .await
        .map_err(super::book::booking_error)?;
    let now = app.now();
    let refusal: Option<&str> = match (&booking, &payer) {
        (None, _) => Some(t.checkout_gone()),
        (Some(b), Some(u)) if b.user_id != u.id => Some(t.checkout_not_yours()),
        (Some(_), None) => Some(t.checkout_not_yours()),
        (Some(b), Some(_)) => {
            if !matches!(b.status, BookingStatus::Held | BookingStatus::AwaitingPayment) {
                Some(if b.status == BookingStatus::Expired {
                    t.checkout_expired()
                } else {
                    t.checkout_gone()
                })
            } else if b.hold_expires_at.is_some_and(|at| at <= now) {
                Some(t.checkout_expired())
            } else if i64::from(query.total_amount) != b.price || query.currency != b.currency.as_str() {
                Some(t.checkout_mismatch())
            } else {
                None
            }
        }
    };
    let params = AnswerPreCheckoutQueryParams {
        pre_checkout_query_id: query.id.clone(),
        ok: refusal.is_none(),
        error_message: refusal.map(str::to_owned),
    };
    if let Some(reason) = refusal {
        info!(payload = %query.invoice_payload, reason, "pre-checkout refused");
    }
    app.telegram
        .call::<_, bool>("answerPreCheckoutQuery", Some(query.from.id as i64), &params)
        .await?;
    Ok(())
}

/// The money arrived. Recorded once per charge id, in the same transaction as the booking
/// change; a replay changes nothing and sends nothing.
pub async fn successful_payment(ctx: &Ctx<'_>, payment: &SuccessfulPayment) -> Result<()> {
    let incoming = IncomingPayment {
        telegram_payment_charge_id: payment.telegram_payment_charge_id.clone(),
        provider_payment_charge_id: Some(payment.provider_payment_charge_id.clone())
            .filter(|s| !s.is_empty()),
        invoice_payload: payment.invoice_payload.clone(),
        amount: i64::from(payment.total_amount),
        currency: payment.currency.clone(),
        user_id: ctx.user.id,
    };
    let app = ctx.app;
    let outcome = match payments::record(&app.bookings(), &incoming, app.now()).await {
        Ok(outcome) => outcome,
        Err(BookingError::Db(e)) => return Err(e.into()),
        Err(e) => {
            // Not recorded (e.g. a corrupt row): Telegram redelivers, and the admins hear of it.
            warn!(charge = %incoming.telegram_payment_charge_id, error = %e, "payment could not be applied");
            return Err(crate::bot::BotError::Db(sea_orm::DbErr::Custom(e.to_string())));
        }
    };
    match outcome {
        PaymentOutcome::Replay => {
            info!(charge = %incoming.telegram_payment_charge_id, "payment replayed; nothing to do");
        }
        PaymentOutcome::Orphan(payment) => {
            warn!(charge = %payment.telegram_payment_charge_id, "payment for no open booking; refunding");
            ctx.send(ctx.t.payment_returned(), None).await?;
            fulfil::refund(app, &payment).await;
        }
        PaymentOutcome::Applied { payment, transition } => {
            info!(booking_id = %transition.booking.id, from = %transition.from, to = %transition.to, "payment applied");
            fulfil::perform(app, &transition, Actor::User, Some(&payment)).await;
        }
    }
    Ok(())
}
