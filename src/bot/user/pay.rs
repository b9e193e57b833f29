//! Payments in the chat: `pre_checkout_query` (answered at once, ok only for a live hold of the
//! payer's with the right amount) and `successful_payment` (recorded once, then fulfilled).

use frankenstein::methods::AnswerPreCheckoutQueryParams;
use frankenstein::payments::{PreCheckoutQuery, SuccessfulPayment};
use frankenstein::AsyncTelegramApi;
use tracing::{error, info, warn};

use crate::bot::user::browse::money;
use crate::bot::{Ctx, Result};
use crate::domain::booking::{Actor, BookingStatus};
use crate::i18n::{tr, Lang, Texts};
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
        .map(|u| Lang::from_stored(&u.language_code))
        .unwrap_or_else(|| Lang::from_telegram(query.from.language_code.as_deref(), Lang::EN));
    let t = Texts(lang);
    let booking = app.bookings().by_payload(&query.invoice_payload).await?;
    let now = app.now();
    let refusal: Option<String> = match (&booking, &payer) {
        (None, _) => Some(tr!(t, "checkout-gone")),
        (Some(b), Some(u)) if b.user_id != u.id => Some(tr!(t, "checkout-not-yours")),
        (Some(_), None) => Some(tr!(t, "checkout-not-yours")),
        (Some(b), Some(_)) => {
            if !matches!(b.status, BookingStatus::Held | BookingStatus::AwaitingPayment) {
                Some(if b.status == BookingStatus::Expired {
                    tr!(t, "checkout-expired")
                } else {
                    tr!(t, "checkout-gone")
                })
            } else if b.hold_expires_at.is_some_and(|at| at <= now) {
                Some(tr!(t, "checkout-expired"))
            } else if i64::from(query.total_amount) != b.price || query.currency != b.currency.as_str() {
                Some(tr!(t, "checkout-mismatch"))
            } else if crate::services::profiles::get_active(&app.db, b.performer_id)
                .await?
                .is_none()
            {
                // The performer was removed after the invoice went out: nothing to pay for.
                Some(tr!(t, "checkout-gone"))
            } else {
                None
            }
        }
    };
    let params = AnswerPreCheckoutQueryParams {
        pre_checkout_query_id: query.id.clone(),
        ok: refusal.is_none(),
        error_message: refusal.clone(),
    };
    if let Some(reason) = &refusal {
        info!(payload = %query.invoice_payload, reason, "pre-checkout refused");
    }
    app.telegram.answer_pre_checkout_query(&params).await?;
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
            // Not recorded (e.g. a corrupt row): only a conflict is worth Telegram's redelivery
            // (see `BotError::disposition`); otherwise the charge id logged here is what an
            // admin refunds by hand.
            error!(charge = %incoming.telegram_payment_charge_id, error = %e, "payment could not be applied");
            return Err(e.into());
        }
    };
    match outcome {
        PaymentOutcome::Replay => {
            info!(charge = %incoming.telegram_payment_charge_id, "payment replayed; nothing to do");
        }
        PaymentOutcome::Orphan(payment) => {
            warn!(charge = %payment.telegram_payment_charge_id, "payment for no open booking; refunding");
            ctx.send(tr!(ctx.t, "payment-returned"), None).await?;
            fulfil::refund(app, &payment).await;
        }
        PaymentOutcome::Mismatch { payment, booking } => {
            warn!(charge = %payment.telegram_payment_charge_id, booking_id = %booking.id, "payment does not match its booking; refunding");
            let paid = money(payment.amount, &payment.currency);
            let price = money(booking.price, booking.currency.as_str());
            ctx.send(
                tr!(ctx.t, "payment-mismatch-returned", paid = &paid, price = &price),
                None,
            )
            .await?;
            let (who, charge, id) = (
                user_service::display(&ctx.user),
                payment.telegram_payment_charge_id.clone(),
                booking.id.to_string(),
            );
            fulfil::tell_admins(app, |t| {
                tr!(
                    t,
                    "admin-payment-mismatch",
                    paid = &paid,
                    who = &who,
                    charge = &charge,
                    booking = &id,
                    price = &price
                )
            })
            .await;
            fulfil::refund(app, &payment).await;
        }
        PaymentOutcome::Applied { payment, transition } => {
            info!(booking_id = %transition.booking.id, from = %transition.from, to = %transition.to, "payment applied");
            fulfil::perform(app, &transition, Actor::User, Some(&payment)).await;
        }
    }
    Ok(())
}
