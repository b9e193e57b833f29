//! Removing a performer who has paid bookings ahead: the admin is told before confirming, the
//! bookings are cancelled and refunded in full, the users hear it with an apology, and the
//! profile goes offline.

use entity::bookings::BookingStatus;
use pnp_live::services::profiles;

use crate::helpers::{spawn_app, TestApp, TgUser};
use crate::user_flow::{adult, book_now, booking_by_payload, pay_last_invoice, performer, texts_to, NOW};

async fn app_at_now() -> TestApp {
    let app = spawn_app().await;
    app.clock.set(NOW);
    app
}

/// The superadmin opens the removal of `username`'s Performer role, up to the confirm screen.
async fn ask_to_remove(app: &TestApp, root: &TgUser, username: &str) -> String {
    app.send_text(root, "/admin").await;
    app.press_button(root, "Roles").await;
    app.press_button(root, "Remove performer").await;
    app.press_button(root, username).await;
    app.telegram.last_message_to(root.id).text().to_owned()
}

#[tokio::test]
async fn removing_a_performer_with_a_paid_booking_refunds_and_tells_the_user() {
    let app = app_at_now().await;
    let root = TgUser::superadmin();
    let (_maria, maria_id) = performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    book_now(&app, &ana).await;
    let payload = pay_last_invoice(&app, &ana, "charge-maria").await;
    assert_eq!(
        booking_by_payload(&app, &payload).await.status,
        BookingStatus::Confirmed
    );

    let question = ask_to_remove(&app, &root, "@maria_cam").await;
    assert!(
        question.contains("Maria has 1 upcoming paid booking; it will be cancelled and refunded in full"),
        "{question}"
    );
    assert!(question.contains("goes offline"), "{question}");
    assert!(
        app.telegram.calls_to("refundStarPayment").is_empty(),
        "nothing before Confirm"
    );

    app.press_button(&root, "Confirm").await;

    let refunds = app.telegram.calls_to("refundStarPayment");
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].body["telegram_payment_charge_id"], "charge-maria");
    assert_eq!(refunds[0].body["user_id"], 42);
    assert_eq!(
        booking_by_payload(&app, &payload).await.status,
        BookingStatus::Refunded
    );
    let told = texts_to(&app, 42).join("\n");
    assert!(told.contains("We're sorry: your call with Maria"), "{told}");
    assert!(told.contains("refunded"), "{told}");

    let report = app.telegram.last_message_to(root.id).text().to_owned();
    assert!(report.contains("no longer a performer"), "{report}");
    assert!(
        report.contains("1 upcoming paid booking was cancelled and refunded in full"),
        "{report}"
    );
    let profile = profiles::get(&app.db, maria_id).await.unwrap().unwrap();
    assert!(!profile.online, "the profile is offline");

    // Ana no longer finds her.
    app.send_text(&ana, "/start").await;
    app.press_button(&ana, "PNP Live").await;
    assert!(!app.telegram.last_message_to(42).text().contains("Maria"));
}

#[tokio::test]
async fn removing_a_performer_without_paid_bookings_says_so() {
    let app = app_at_now().await;
    let root = TgUser::superadmin();
    performer(&app, 500, "Maria", true).await;
    let question = ask_to_remove(&app, &root, "@maria_cam").await;
    assert!(
        question.contains("Maria has no upcoming paid bookings."),
        "{question}"
    );
    app.press_button(&root, "Confirm").await;
    let report = app.telegram.last_message_to(root.id).text().to_owned();
    assert!(report.contains("No paid bookings needed cancelling"), "{report}");
    assert!(app.telegram.calls_to("refundStarPayment").is_empty());
}

#[tokio::test]
async fn an_unpaid_hold_of_a_removed_performer_can_no_longer_be_paid() {
    let app = app_at_now().await;
    let root = TgUser::superadmin();
    performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    book_now(&app, &ana).await;
    let invoice = app.telegram.calls_to("sendInvoice").pop().expect("an invoice");
    let payload = invoice.body["payload"].as_str().unwrap().to_owned();
    ask_to_remove(&app, &root, "@maria_cam").await;
    app.press_button(&root, "Confirm").await;

    app.post_update(ana.pre_checkout(&payload, 150, "XTR")).await;
    let answer = app.telegram.calls_to("answerPreCheckoutQuery").pop().unwrap();
    assert_eq!(answer.body["ok"], false, "{:?}", answer.body);
    assert!(answer.body["error_message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
}
