//! Two server instances on one database (the several-replicas deployment): updates are
//! de-duplicated across them and every piece of background work happens exactly once.

use std::sync::Arc;

use pnp_live::services::availability;
use time::macros::datetime;

use crate::helpers::{spawn_app, spawn_on, TestApp, TgUser};
use crate::user_flow::{adult, booking_by_payload, pay_last_invoice, performer, texts_to, NOW};

async fn two_replicas() -> (TestApp, TestApp) {
    let a = spawn_app().await;
    let b = spawn_on(a.telegram.clone(), Arc::clone(&a.test_db), &[]).await;
    a.clock.set(NOW);
    b.clock.set(NOW);
    (a, b)
}

#[tokio::test]
async fn an_update_delivered_to_both_replicas_is_handled_once() {
    let (a, b) = two_replicas().await;
    let update = TgUser::new(42, "Ana", None).message("/start");
    let (ra, rb) = tokio::join!(a.post_raw(update.to_string()), b.post_raw(update.to_string()));
    let mut statuses = [ra.status().as_u16(), rb.status().as_u16()];
    statuses.sort();
    // At the same moment, one replica handles it and the other asks Telegram to come back.
    assert!(statuses == [200, 200] || statuses == [200, 503], "{statuses:?}");
    a.perform_reply(ra).await;
    a.perform_reply(rb).await;
    // Redeliveries later are skipped by both.
    a.post_update(update.clone()).await;
    b.post_update(update).await;
    let welcomes = texts_to(&a, 42)
        .into_iter()
        .filter(|t| t.contains("Welcome"))
        .count();
    assert_eq!(welcomes, 1);
}

#[tokio::test]
async fn hold_expiry_and_reminders_happen_once_with_two_replicas_working() {
    let (a, b) = two_replicas().await;
    let (_, pid) = performer(&a, 500, "Maria", true).await;
    // Updates alternate between the replicas.
    let ana = adult(&b, 42, "Ana").await;
    let bob = adult(&a, 43, "Bob").await;
    a.press(&ana, &format!("u:b:{pid}")).await;
    b.press_button(&ana, "30 min").await;
    a.press_button(&ana, "Schedule").await;
    b.press_button(&ana, "Thu 10 Dec").await;
    a.press_button(&ana, "12:00").await;
    pay_last_invoice(&b, &ana, "charge-replicas").await;
    // Bob holds a slot and never pays.
    b.press(&bob, &format!("u:b:{pid}")).await;
    a.press_button(&bob, "30 min").await;
    b.press_button(&bob, "Start now").await;

    for at in [
        NOW + time::Duration::minutes(11),
        datetime!(2026-12-09 18:30 UTC),
        datetime!(2026-12-10 17:50 UTC),
        datetime!(2026-12-10 18:00 UTC),
    ] {
        a.clock.set(at);
        b.clock.set(at);
        tokio::join!(a.run_jobs(), b.run_jobs(), a.run_jobs(), b.run_jobs());
    }

    let expired = texts_to(&a, 43)
        .into_iter()
        .filter(|t| t.contains("expired before payment"))
        .count();
    assert_eq!(expired, 1, "Bob's hold expired once");
    let reminders: Vec<String> = texts_to(&a, 42)
        .into_iter()
        .filter(|t| t.starts_with('⏰') || t.starts_with('📹'))
        .collect();
    assert_eq!(reminders.len(), 3, "{reminders:?}");
    let invoice = a
        .telegram
        .calls_to("sendInvoice")
        .into_iter()
        .find(|c| c.chat_id() == Some(42))
        .unwrap();
    let booking = booking_by_payload(&a, invoice.body["payload"].as_str().unwrap()).await;
    assert_eq!(booking.status, "confirmed");
    let confirmations = texts_to(&a, 42)
        .into_iter()
        .filter(|t| t.contains("Booking confirmed"))
        .count();
    assert_eq!(confirmations, 1);
    let _ = availability::occupying_statuses();
}
