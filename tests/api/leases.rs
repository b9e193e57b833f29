//! Nothing lost, nothing gamed: work claimed under a lease (meeting links, refunds) is done by one
//! process at a time, a crashed process's share is taken over within seconds, and a refund that
//! keeps failing is handed to the admins instead of being retried forever.

use std::time::Duration;

use entity::payments::PaymentStatus;
use entity::{bookings, payments};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::fake_telegram::Failure;
use crate::helpers::{spawn_app, TestApp, SUPERADMIN};
use crate::user_flow::{adult, book_now, booking_by_payload, pay_last_invoice, performer, texts_to, NOW};

async fn app_at_now() -> TestApp {
    let app = spawn_app().await;
    app.clock.set(NOW);
    app
}

/// Ana (42) books Maria now and pays: the links go out once. Returns the booking's payload.
async fn confirmed_booking(app: &TestApp) -> String {
    performer(app, 500, "Maria", true).await;
    let ana = adult(app, 42, "Ana").await;
    book_now(app, &ana).await;
    let payload = pay_last_invoice(app, &ana, "charge-lease").await;
    assert_eq!(confirmations(app), 1);
    payload
}

/// How many link messages ("Booking confirmed") Ana got.
fn confirmations(app: &TestApp) -> usize {
    texts_to(app, 42)
        .iter()
        .filter(|t| t.contains("Booking confirmed"))
        .count()
}

/// Puts the booking back to "links owed" to both sides, claimed at `claimed_at` (`None`: not
/// claimed).
async fn links_owed(app: &TestApp, payload: &str, claimed_at: Option<time::OffsetDateTime>) {
    let unsent = || Expr::value(None::<time::OffsetDateTime>);
    bookings::Entity::update_many()
        .col_expr(bookings::Column::LinksSentAt, unsent())
        .col_expr(bookings::Column::UserLinkSentAt, unsent())
        .col_expr(bookings::Column::PerformerLinkSentAt, unsent())
        .col_expr(bookings::Column::LinksClaimedAt, Expr::value(claimed_at))
        .filter(bookings::Column::InvoicePayload.eq(payload))
        .exec(&app.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn links_a_crashed_process_had_claimed_go_out_within_seconds() {
    let app = app_at_now().await;
    let payload = confirmed_booking(&app).await;
    // A process claimed the links and died before sending them.
    links_owed(&app, &payload, Some(NOW)).await;

    app.clock.advance(time::Duration::seconds(20));
    app.run_jobs().await;
    assert_eq!(confirmations(&app), 2, "sent again, 20 s after the crash");
    assert!(booking_by_payload(&app, &payload).await.links_sent_at.is_some());
    // And only once.
    app.clock.advance(time::Duration::minutes(5));
    app.run_jobs().await;
    assert_eq!(confirmations(&app), 2);
}

#[tokio::test]
async fn a_slow_sender_keeps_its_links_lease_and_nobody_sends_them_twice() {
    let app = app_at_now().await;
    let payload = confirmed_booking(&app).await;
    links_owed(&app, &payload, None).await;
    // The worker's message to Ana is refused with a 429: it waits 4 s before trying again.
    app.telegram
        .fail_next_for("sendMessage", 42, Failure::TooManyRequests { retry_after: 4 });
    let slow = {
        let app_state = app.state.clone();
        tokio::spawn(async move { pnp_live::jobs::run_booking_jobs(&app_state).await })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Minutes pass on the clock while it waits; its heartbeat renews the lease.
    app.clock.advance(time::Duration::minutes(3));
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    // Another run (another replica) finds the lease held.
    app.run_jobs().await;
    slow.await.unwrap();
    // The payment's, then the slow sender's retry (the refused attempt is not a message the
    // person got): nobody else's.
    assert_eq!(confirmations(&app), 2);
    assert!(booking_by_payload(&app, &payload).await.links_sent_at.is_some());
}

/// Ana books Maria for Thursday, pays, and cancels in time; Telegram refuses the first refund
/// attempt (with `failures` refusals queued in all). Returns the payment, owed back.
async fn refund_owed(app: &TestApp, failures: usize) -> payments::Model {
    let (_, pid) = performer(app, 500, "Maria", false).await;
    let ana = adult(app, 42, "Ana").await;
    app.press(&ana, &format!("u:b:b:{pid}")).await;
    app.press_button(&ana, "30 min").await;
    app.press_button(&ana, "Schedule").await;
    app.press_button(&ana, "Thu 10 ·").await;
    app.press_button(&ana, "12:00").await;
    pay_last_invoice(app, &ana, "charge-refund").await;
    for _ in 0..failures {
        app.telegram
            .fail_next("refundStarPayment", Failure::Status(500, "Internal Server Error"));
    }
    app.send_text(&ana, "/start").await;
    app.press_button(&ana, "My bookings").await;
    app.press_button(&ana, "Thu 10 Dec").await;
    app.press_button(&ana, "Cancel booking").await;
    app.press_button(&ana, "Yes, cancel").await;
    assert_eq!(app.telegram.calls_to("refundStarPayment").len(), 1);
    let payment = payment(app).await;
    assert_eq!(payment.status, PaymentStatus::RefundPending);
    payment
}

async fn payment(app: &TestApp) -> payments::Model {
    payments::Entity::find()
        .filter(payments::Column::TelegramPaymentChargeId.eq("charge-refund"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn two_processes_refunding_one_charge_at_once_call_telegram_once() {
    let app = app_at_now().await;
    let owed = refund_owed(&app, 1).await;
    // Telegram takes its time over the refund: the other attempt comes while it is under way.
    app.telegram.fail_next("refundStarPayment", Failure::Slow(300));
    tokio::join!(
        pnp_live::notify::fulfil::refund(&app.state, &owed),
        pnp_live::notify::fulfil::refund(&app.state, &owed),
    );
    assert_eq!(
        app.telegram.calls_to("refundStarPayment").len(),
        2,
        "the refused first attempt and one of the two"
    );
    assert_eq!(payment(&app).await.status, PaymentStatus::Refunded);
    let notices = texts_to(&app, 42)
        .iter()
        .filter(|t| t.contains("refunded in full"))
        .count();
    assert_eq!(notices, 1, "{:?}", texts_to(&app, 42));
}

#[tokio::test]
async fn a_refund_failing_five_times_is_handed_to_the_admins_once_and_not_tried_again() {
    let app = app_at_now().await;
    refund_owed(&app, 5).await;
    // The worker retries it at each run: attempts two to five fail too.
    for _ in 0..4 {
        app.run_jobs().await;
    }
    assert_eq!(app.telegram.calls_to("refundStarPayment").len(), 5);
    let alerts = || {
        texts_to(&app, SUPERADMIN)
            .into_iter()
            .filter(|t| t.contains("failed 5 times"))
            .collect::<Vec<_>>()
    };
    let told = alerts();
    assert_eq!(told.len(), 1, "{:?}", texts_to(&app, SUPERADMIN));
    assert!(
        told[0].contains("Ana") && told[0].contains("charge-refund"),
        "{}",
        told[0]
    );
    assert_eq!(payment(&app).await.status, PaymentStatus::RefundDue);
    // No more attempts, and no more alerts.
    for _ in 0..3 {
        app.clock.advance(time::Duration::minutes(15));
        app.run_jobs().await;
    }
    assert_eq!(app.telegram.calls_to("refundStarPayment").len(), 5);
    assert_eq!(alerts().len(), 1);
}
