//! Caps on holds through the webhook: one unpaid hold at a time, a few holds an hour, each
//! refusal saying why and what to do next.

use crate::flows::bookings_of;

use crate::helpers::{spawn_app, spawn_app_tweaked, TestApp};
use crate::user_flow::{adult, performer, texts_to, NOW};

/// Schedule → Tue 8 Dec → `time` (Mexico City, the default zone), for a 30-minute call.
async fn schedule(app: &TestApp, user: &crate::helpers::TgUser, pid: i64, time: &str) {
    app.press(user, &format!("u:b:b:{pid}")).await;
    app.press_button(user, "30 min").await;
    app.press_button(user, "Schedule").await;
    app.press_button(user, "Tue 8 ·").await;
    app.press_button(user, time).await;
}

#[tokio::test]
async fn a_second_unpaid_hold_is_refused_and_the_first_can_be_paid_from_the_refusal() {
    let app = spawn_app().await;
    app.clock.set(NOW);
    let (_, pid) = performer(&app, 500, "Maria", false).await;
    let ana = adult(&app, 42, "Ana").await;
    schedule(&app, &ana, pid, "10:00").await;
    let first = app.telegram.calls_to("sendInvoice");
    assert_eq!(first.len(), 1);

    schedule(&app, &ana, pid, "11:00").await;
    assert_eq!(app.telegram.calls_to("sendInvoice").len(), 1, "no second invoice");
    assert_eq!(bookings_of(&app, 42).await.len(), 1, "no second hold");
    let refusal = app.telegram.last_message_to(42);
    assert!(
        refusal
            .text()
            .contains("already hold Tue 8 Dec, 10:00 (America/Mexico_City) with Maria"),
        "{}",
        refusal.text()
    );
    assert!(
        refusal.text().contains("at 09:10"),
        "the hold's end: {}",
        refusal.text()
    );
    assert!(refusal.buttons().iter().any(|b| b.contains("My bookings")));

    app.press_button(&ana, "Pay").await;
    let invoices = app.telegram.calls_to("sendInvoice");
    assert_eq!(invoices.len(), 2, "the held booking's invoice again");
    assert_eq!(invoices[1].body["payload"], first[0].body["payload"]);

    // The admin sees who ran into the cap: on the panel today, and on her card.
    let root = crate::helpers::TgUser::superadmin();
    app.send_text(&root, "/admin").await;
    let panel = app.telegram.last_message_to(root.id);
    assert!(
        panel.text().contains("Ran into a limit today: Ana (id 42) × 1"),
        "{}",
        panel.text()
    );
    app.press_button(&root, "Users").await;
    app.send_text(&root, "42").await;
    let card = app.telegram.last_message_to(root.id);
    assert!(
        card.text()
            .contains("Limits hit in the last 7 days: unpaid holds × 1"),
        "{}",
        card.text()
    );
}

#[tokio::test]
async fn holds_beyond_the_hourly_cap_are_refused_with_the_time_to_try_again() {
    let app = spawn_app_tweaked(&[], |config| {
        config.payments.max_unpaid_holds = 100;
        config.payments.max_holds_per_hour = 2;
    })
    .await;
    app.clock.set(NOW);
    let (_, pid) = performer(&app, 500, "Maria", false).await;
    let ana = adult(&app, 42, "Ana").await;
    schedule(&app, &ana, pid, "10:00").await;
    app.clock.advance(time::Duration::minutes(20));
    schedule(&app, &ana, pid, "11:00").await;
    assert_eq!(app.telegram.calls_to("sendInvoice").len(), 2);

    schedule(&app, &ana, pid, "12:00").await;
    assert_eq!(app.telegram.calls_to("sendInvoice").len(), 2, "no third invoice");
    assert_eq!(bookings_of(&app, 42).await.len(), 2);
    let refusal = texts_to(&app, 42).pop().unwrap();
    assert!(
        refusal.contains("from Mon 7 Dec, 10:00 (America/Mexico_City)"),
        "an hour after the first hold, in the user's zone: {refusal}"
    );

    // An hour after the first hold, one more fits.
    app.clock.advance(time::Duration::minutes(41));
    schedule(&app, &ana, pid, "12:00").await;
    assert_eq!(app.telegram.calls_to("sendInvoice").len(), 3);
}

#[tokio::test]
async fn an_unpaid_hold_in_my_bookings_can_be_paid_while_it_lasts() {
    let app = spawn_app().await;
    app.clock.set(NOW);
    let (_, pid) = performer(&app, 500, "Maria", false).await;
    let ana = adult(&app, 42, "Ana").await;
    schedule(&app, &ana, pid, "10:00").await;
    assert_eq!(app.telegram.calls_to("sendInvoice").len(), 1);

    app.send_text(&ana, "/start").await;
    app.press_button(&ana, "My bookings").await;
    app.press_button(&ana, "Maria").await;
    app.press_button(&ana, "Pay").await;
    let invoices = app.telegram.calls_to("sendInvoice");
    assert_eq!(invoices.len(), 2, "the invoice is sent again");
    assert_eq!(
        invoices[0].body["payload"], invoices[1].body["payload"],
        "for the same hold"
    );
}

#[tokio::test]
async fn the_same_time_tapped_again_brings_its_invoice_again_not_a_refusal() {
    let app = spawn_app().await;
    app.clock.set(NOW);
    let (_, pid) = performer(&app, 500, "Maria", false).await;
    let ana = adult(&app, 42, "Ana").await;
    app.press(&ana, &format!("u:b:b:{pid}")).await;
    app.press_button(&ana, "30 min").await;
    app.press_button(&ana, "Schedule").await;
    app.press_button(&ana, "Tue 8 ·").await;
    // Ana taps 10:00 twice before the screen changes (or Telegram delivers her tap twice).
    let times = app.telegram.last_sent(42).unwrap();
    let ten = app.telegram.last_message_to(42).button_data("10:00");
    app.post_update(ana.callback_on(&ten, times.as_pressed(ana.chat())))
        .await;
    let first = app.telegram.calls_to("sendInvoice");
    assert_eq!(first.len(), 1);
    app.post_update(ana.callback_on(&ten, times.as_pressed(ana.chat())))
        .await;
    let invoices = app.telegram.calls_to("sendInvoice");
    assert_eq!(invoices.len(), 2, "the same hold's invoice again");
    assert_eq!(invoices[1].body["payload"], first[0].body["payload"]);
    assert_eq!(bookings_of(&app, 42).await.len(), 1, "one hold");
    assert!(
        texts_to(&app, 42).iter().all(|t| !t.contains("already hold")),
        "{:?}",
        texts_to(&app, 42)
    );

    // It was no attempt at a second hold: nobody ran into a limit.
    let root = crate::helpers::TgUser::superadmin();
    app.send_text(&root, "/admin").await;
    let panel = app.telegram.last_message_to(root.id);
    assert!(!panel.text().contains("Ran into a limit"), "{}", panel.text());
}
