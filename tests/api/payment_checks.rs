//! `successful_payment` checked against its booking through the webhook: a wrong amount or
//! currency never confirms it, and a payment is applied whatever chat it arrives in.

use entity::payments;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::helpers::{spawn_app, TestApp, SUPERADMIN};
use crate::user_flow::{adult, book_now, booking_by_payload, pay_last_invoice, performer, texts_to, NOW};

async fn app_with_a_hold() -> (TestApp, crate::helpers::TgUser, String) {
    let app = spawn_app().await;
    app.clock.set(NOW);
    performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    book_now(&app, &ana).await;
    let invoice = app.telegram.calls_to("sendInvoice").pop().unwrap();
    let payload = invoice.body["payload"].as_str().unwrap().to_owned();
    (app, ana, payload)
}

async fn payment(app: &TestApp, charge: &str) -> payments::Model {
    payments::Entity::find()
        .filter(payments::Column::TelegramPaymentChargeId.eq(charge))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn a_payment_of_the_wrong_amount_is_refunded_the_booking_stays_held_and_admins_are_told() {
    let (app, ana, payload) = app_with_a_hold().await;
    let before = booking_by_payload(&app, &payload).await;

    app.post_update(ana.successful_payment(&payload, 1, "XTR", "charge-low"))
        .await;
    let after = booking_by_payload(&app, &payload).await;
    assert_eq!(after.status, before.status, "not confirmed");
    assert_eq!(after.version, before.version, "untouched");
    let refunds = app.telegram.calls_to("refundStarPayment");
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].body["telegram_payment_charge_id"], "charge-low");
    let recorded = payment(&app, "charge-low").await;
    assert_eq!(recorded.booking_id, Some(after.id));
    assert_eq!(recorded.amount, 1);
    assert_eq!(recorded.status.as_str(), "refunded");
    assert!(
        texts_to(&app, 42)
            .iter()
            .any(|t| t.contains("does not match the price") && t.contains("refunded")),
        "{:?}",
        texts_to(&app, 42)
    );
    assert!(
        texts_to(&app, SUPERADMIN)
            .iter()
            .any(|t| t.contains("did not match booking") && t.contains("charge-low")),
        "{:?}",
        texts_to(&app, SUPERADMIN)
    );

    // The hold still stands: the right payment confirms it.
    pay_last_invoice(&app, &ana, "charge-right").await;
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "confirmed"
    );
    assert_eq!(payment(&app, "charge-right").await.status.as_str(), "paid");
}

#[tokio::test]
async fn a_payment_in_another_currency_does_not_confirm_the_booking() {
    let (app, ana, payload) = app_with_a_hold().await;
    app.post_update(ana.successful_payment(&payload, 150, "USD", "charge-usd"))
        .await;
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "awaiting_payment"
    );
    // Not Stars: Telegram cannot refund it, so it is due at the provider, for an admin.
    assert_eq!(payment(&app, "charge-usd").await.status.as_str(), "refund_due");
    assert!(texts_to(&app, 42)
        .iter()
        .any(|t| t.contains("does not match the price")));
}

#[tokio::test]
async fn a_payment_arriving_in_a_group_chat_confirms_its_booking() {
    let (app, ana, payload) = app_with_a_hold().await;
    let mut update = ana.successful_payment(&payload, 150, "XTR", "charge-group");
    update["message"]["chat"] = json!({"id": -100_777, "type": "supergroup", "title": "Fans"});
    app.post_update(update).await;
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "confirmed"
    );
    assert!(
        texts_to(&app, 42).iter().any(|t| t.contains("Booking confirmed")),
        "the payer is told in their own chat: {:?}",
        texts_to(&app, 42)
    );
    assert!(
        app.telegram.messages_to(-100_777).is_empty(),
        "nothing in the group"
    );
}
