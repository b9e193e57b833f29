//! A webhook response Telegram did not get: it redelivers the update, and whatever rode in the
//! lost response must still happen; what must arrive never rides at all.

use crate::helpers::{spawn_app, TgUser};
use crate::user_flow::{adult, book_now, booking_by_payload, performer, NOW};

#[tokio::test]
async fn a_redelivered_update_whose_response_was_lost_is_answered_with_the_same_response() {
    let app = spawn_app().await;
    let ana = TgUser::new(42, "Ana", None);
    let update = ana.message("/start");
    let lost = app.post_raw(update.to_string()).await.bytes().await.unwrap();
    assert!(!lost.is_empty(), "the welcome rides in the response");
    assert!(app.telegram.calls_to("sendMessage").is_empty());

    let again = app.post_raw(update.to_string()).await;
    assert_eq!(again.status(), 200);
    let again = again.bytes().await.unwrap();
    assert_eq!(again, lost, "the redelivery gets the same response");
    app.perform_reply_body(&again).await;
    assert!(app.telegram.last_message_to(42).text().contains("Welcome"));
    assert_eq!(app.telegram.calls_to("sendMessage").len(), 1, "handled once");
}

#[tokio::test]
async fn the_meeting_links_arrive_even_when_the_payments_response_is_lost() {
    let app = spawn_app().await;
    app.clock.set(NOW);
    let (maria, _) = performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    book_now(&app, &ana).await;
    let invoice = app.telegram.calls_to("sendInvoice").pop().expect("an invoice");
    let payload = invoice.body["payload"].as_str().unwrap().to_owned();
    let amount = invoice.body["prices"][0]["amount"].as_i64().unwrap();
    app.post_update(ana.pre_checkout(&payload, amount, "XTR")).await;

    // The payment's webhook response never reaches Telegram.
    let paid = ana.successful_payment(&payload, amount, "XTR", "charge-1");
    let response = app.post_raw(paid.to_string()).await;
    assert_eq!(response.status(), 200);
    drop(response);

    let booking = booking_by_payload(&app, &payload).await;
    assert!(booking.links_sent_at.is_some());
    for (who, text) in [(ana.id, "Booking confirmed"), (maria.id, "New booking")] {
        let link = crate::user_flow::join_url(&app, who, text);
        assert!(link.starts_with("https://meet.jit.si/pnp-"), "{link}");
    }
}
