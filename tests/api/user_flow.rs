//! The user's booking flow through the webhook: 18+ gate, PNP Live, View Profile, Book (now and
//! scheduled), invoice, pre-checkout, payment (replayed, late), My bookings, cancel.

use entity::payments;
use pnp_live::clock::Clock;
use pnp_live::domain::money::{Currency, Money};
use pnp_live::services::{profiles, roles, users};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use time::macros::datetime;

use crate::helpers::{spawn_app, spawn_app_with, TestApp, TgUser};

pub(crate) use crate::flows::{
    adult, adult_as, book_now, booking_by_payload, join_url, pay_last_invoice, performer, texts_to, NOW,
};
use crate::flows::{amount, invoice_payload};

async fn app_at_now() -> TestApp {
    let app = spawn_app().await;
    app.clock.set(NOW);
    app
}

#[tokio::test]
async fn no_performer_is_shown_before_the_18_plus_gate() {
    let app = app_at_now().await;
    performer(&app, 500, "Maria", true).await;
    let ana = TgUser::new(42, "Ana", None);
    app.send_text(&ana, "/start").await;
    app.press_button(&ana, "PNP Live").await;
    let gate = app.telegram.last_message_to(42);
    assert!(gate.text().contains("18 or older"), "{}", gate.text());
    assert!(!gate.text().contains("Maria"));
    // A forged View Profile button does not get past the gate either.
    app.press(&ana, "u:l:v:1").await;
    assert!(!app.telegram.last_message_to(42).text().contains("Maria"));
    let row = users::find_by_telegram_id(&app.db, 42).await.unwrap().unwrap();
    assert!(row.age_confirmed_at.is_none());

    app.press_button(&ana, "18+").await;
    let list = app.telegram.last_message_to(42);
    assert!(
        list.text().contains("Online now") && list.text().contains("Maria"),
        "{}",
        list.text()
    );
    let row = users::find_by_telegram_id(&app.db, 42).await.unwrap().unwrap();
    assert_eq!(row.age_confirmed_at, Some(NOW));
}

#[tokio::test]
async fn a_user_books_an_online_performer_now_pays_and_both_get_the_link() {
    let app = app_at_now().await;
    let (maria, _) = performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    let list = app.telegram.last_message_to(42);
    assert!(list.buttons().iter().any(|b| b.contains("View Profile: Maria")));
    book_now(&app, &ana).await;

    let invoice = app.telegram.calls_to("sendInvoice").pop().expect("an invoice");
    assert_eq!(invoice.body["currency"], "XTR");
    assert_eq!(amount(&invoice), 150);
    assert!(
        invoice.body.get("provider_token").is_none(),
        "Stars need no provider token"
    );
    assert!(invoice.body["description"]
        .as_str()
        .unwrap()
        .contains("held for you for 10 minutes"));
    let payload = invoice_payload(&invoice);
    assert!(payload.len() <= 128 && payload.len() >= 32);
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "awaiting_payment"
    );

    pay_last_invoice(&app, &ana, "charge-1").await;
    let booking = booking_by_payload(&app, &payload).await;
    assert_eq!(booking.status.as_str(), "confirmed");
    assert_eq!(booking.starts_at, Some(NOW));
    assert!(booking
        .room_url
        .as_deref()
        .unwrap()
        .starts_with("https://meet.jit.si/pnp-"));

    let confirmation = texts_to(&app, 42)
        .into_iter()
        .find(|t| t.contains("Booking confirmed"))
        .unwrap();
    let link = join_url(&app, 42, "Booking confirmed");
    assert!(link.starts_with("https://meet.jit.si/pnp-"), "{link}");
    assert!(
        confirmation.contains("Mon 7 Dec, 09:00"),
        "in the user's timezone: {confirmation}"
    );
    assert!(
        confirmation.contains("My bookings"),
        "how to cancel: {confirmation}"
    );
    assert!(
        confirmation.contains("Mon 7 Dec, 09:00 (America/Mexico_City)"),
        "the time carries its zone: {confirmation}"
    );
    // Each side gets the calendar file after the confirmation that announces it.
    for (who, announced) in [(42, "Booking confirmed"), (maria.id, "New booking")] {
        let calls = app.telegram.calls();
        let position = |pred: &dyn Fn(&crate::fake_telegram::Call) -> bool| {
            calls.iter().position(|c| c.chat_id() == Some(who) && pred(c))
        };
        let ics_at = position(&|c| c.method == "sendDocument").expect("an .ics file");
        let text_at = position(&|c| c.text().contains(announced)).expect("the confirmation");
        assert!(text_at < ics_at, "the .ics comes after the text for {who}");
        let ics = &calls[ics_at];
        assert_eq!(ics.body["document"]["file_name"], "pnp-live-call.ics");
        let content = ics.body["document"]["content"].as_str().unwrap();
        assert!(content.contains("DTSTART:20261207T150000Z"), "{content}");
        assert!(content.contains("METHOD:PUBLISH"), "{content}");
    }
    let told = texts_to(&app, maria.id)
        .into_iter()
        .find(|t| t.contains("New booking"))
        .unwrap();
    assert!(told.contains("Ana"), "{told}");
    assert!(join_url(&app, maria.id, "New booking").starts_with("https://meet.jit.si/pnp-"));
    let stored = payments::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!((stored[0].amount, stored[0].status.as_str()), (150, "paid"));
}

#[tokio::test]
async fn a_user_schedules_a_call_for_later_in_their_own_timezone() {
    let app = app_at_now().await;
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    let ana = adult(&app, 42, "Ana").await;
    // Ana lives in Madrid; Maria's hours are 10:00–22:00 in Mexico City (17:00–05:00 in Madrid).
    app.press_button(&ana, "Main menu").await;
    app.press_button(&ana, "Settings").await;
    app.press_button(&ana, "Timezone").await;
    app.press_button(&ana, "Europe/Madrid").await;

    app.press(&ana, &format!("u:l:v:{pid}")).await;
    let profile = app.telegram.last_message_to(42);
    assert!(profile.text().contains("Offline"), "{}", profile.text());
    assert!(
        profile.text().contains("Times in Europe/Madrid"),
        "{}",
        profile.text()
    );
    // The first free 30-minute slot: Mon 10:00 Mexico City = 17:00 Madrid (min notice 60 min from 16:00 Madrid).
    assert!(profile.text().contains("Mon 7 Dec, 17:00"), "{}", profile.text());

    app.press_button(&ana, "Book").await;
    app.press_button(&ana, "60 min").await;
    let choice = app.telegram.last_message_to(42);
    assert!(
        !choice.buttons().iter().any(|b| b.contains("Start now")),
        "offline: no Start now"
    );
    app.press_button(&ana, "Schedule").await;
    app.press_button(&ana, "Tue 8 ·").await;
    let slots = app.telegram.last_message_to(42);
    assert!(slots.text().contains("Tue 8 Dec"), "{}", slots.text());
    app.press_button(&ana, "17:30").await;
    let payload = pay_last_invoice(&app, &ana, "charge-2").await;
    let booking = booking_by_payload(&app, &payload).await;
    assert_eq!(booking.status.as_str(), "confirmed");
    assert_eq!(booking.starts_at, Some(datetime!(2026-12-08 16:30 UTC)));
    assert_eq!(booking.duration_minutes, 60);
    let told = texts_to(&app, maria.id)
        .into_iter()
        .find(|t| t.contains("New booking"))
        .unwrap();
    assert!(
        told.contains("Tue 8 Dec, 10:30"),
        "in the performer's timezone: {told}"
    );
}

#[tokio::test]
async fn with_nobody_online_the_user_is_offered_later_times_and_the_notification_switch() {
    let app = app_at_now().await;
    let ana = adult(&app, 42, "Ana").await;
    let empty = app.telegram.last_message_to(42);
    assert!(empty.text().contains("Nobody is online"), "{}", empty.text());
    assert!(empty.text().contains("no performers yet"), "{}", empty.text());
    assert!(empty.buttons().iter().any(|b| b.contains("notifications: on")));

    app.press_button(&ana, "notifications").await;
    assert!(
        users::find_by_telegram_id(&app.db, 42)
            .await
            .unwrap()
            .unwrap()
            .broadcast_opt_out
    );

    performer(&app, 500, "Maria", false).await;
    app.press(&ana, "u:l:o:0").await;
    let later = app.telegram.last_message_to(42);
    assert!(
        later.text().contains("Nobody is online") && later.text().contains("Maria"),
        "{}",
        later.text()
    );
    assert!(later.buttons().iter().any(|b| b.contains("notifications: off")));
}

#[tokio::test]
async fn a_pre_checkout_for_an_expired_hold_is_refused_with_a_reason() {
    let app = app_at_now().await;
    performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    book_now(&app, &ana).await;
    let invoice = app.telegram.calls_to("sendInvoice").pop().unwrap();
    app.clock.advance(time::Duration::minutes(11));
    app.post_update(ana.pre_checkout(&invoice_payload(&invoice), 150, "XTR"))
        .await;
    let answer = app.telegram.calls_to("answerPreCheckoutQuery").pop().unwrap();
    assert_eq!(answer.body["ok"], false);
    assert!(answer.body["error_message"].as_str().unwrap().contains("expired"));

    // A wrong amount and someone else's invoice are refused too.
    app.clock.set(NOW);
    app.post_update(ana.pre_checkout(&invoice_payload(&invoice), 1, "XTR"))
        .await;
    assert_eq!(
        app.telegram
            .calls_to("answerPreCheckoutQuery")
            .pop()
            .unwrap()
            .body["ok"],
        false
    );
    let eve = TgUser::new(66, "Eve", None);
    app.send_text(&eve, "/start").await;
    app.post_update(eve.pre_checkout(&invoice_payload(&invoice), 150, "XTR"))
        .await;
    let answer = app.telegram.calls_to("answerPreCheckoutQuery").pop().unwrap();
    assert_eq!(answer.body["ok"], false);
    assert!(answer.body["error_message"]
        .as_str()
        .unwrap()
        .contains("not valid for your account"));
}

#[tokio::test]
async fn a_replayed_successful_payment_changes_nothing_and_sends_nothing() {
    let app = app_at_now().await;
    performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    book_now(&app, &ana).await;
    let payload = pay_last_invoice(&app, &ana, "charge-3").await;
    let sent_before = app.telegram.calls().len();
    let version = booking_by_payload(&app, &payload).await.version;

    app.post_update(ana.successful_payment(&payload, 150, "XTR", "charge-3"))
        .await;
    assert_eq!(app.telegram.calls().len(), sent_before, "nothing sent");
    assert_eq!(payments::Entity::find().all(&app.db).await.unwrap().len(), 1);
    assert_eq!(booking_by_payload(&app, &payload).await.version, version);
}

#[tokio::test]
async fn a_late_payment_is_confirmed_while_the_slot_is_still_free() {
    let app = app_at_now().await;
    performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    book_now(&app, &ana).await;
    let invoice = app.telegram.calls_to("sendInvoice").pop().unwrap();
    let payload = invoice_payload(&invoice);
    app.clock.advance(time::Duration::minutes(11));
    app.run_jobs().await;
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "expired"
    );
    assert!(texts_to(&app, 42)
        .iter()
        .any(|t| t.contains("expired before payment")));

    app.post_update(ana.successful_payment(&payload, 150, "XTR", "charge-4"))
        .await;
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "confirmed"
    );
    assert!(texts_to(&app, 42).iter().any(|t| t.contains("Booking confirmed")));
    assert!(app.telegram.calls_to("refundStarPayment").is_empty());
}

#[tokio::test]
async fn a_late_payment_for_a_slot_taken_meanwhile_is_refunded_and_the_user_told() {
    let app = app_at_now().await;
    let (_, pid) = performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    let bob = adult(&app, 43, "Bob").await;
    app.press(&ana, &format!("u:b:b:{pid}")).await;
    app.press_button(&ana, "30 min").await;
    app.press_button(&ana, "Start now").await;
    let ana_invoice = app.telegram.calls_to("sendInvoice").pop().unwrap();
    app.clock.advance(time::Duration::minutes(11));
    app.run_jobs().await;

    app.press(&bob, &format!("u:b:b:{pid}")).await;
    app.press_button(&bob, "30 min").await;
    app.press_button(&bob, "Start now").await;
    pay_last_invoice(&app, &bob, "charge-bob").await;

    let payload = invoice_payload(&ana_invoice);
    app.post_update(ana.successful_payment(&payload, 150, "XTR", "charge-ana"))
        .await;
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "refunded"
    );
    let refunds = app.telegram.calls_to("refundStarPayment");
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].body["telegram_payment_charge_id"], "charge-ana");
    assert_eq!(refunds[0].body["user_id"], 42);
    assert!(
        texts_to(&app, 42).iter().any(|t| t.contains("refunded in full")),
        "{:?}",
        texts_to(&app, 42)
    );
    let payment = payments::Entity::find()
        .filter(payments::Column::TelegramPaymentChargeId.eq("charge-ana"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(payment.status.as_str(), "refunded");
    assert!(payment.refunded_at.is_some());
}

#[tokio::test]
async fn a_user_cancels_in_time_sees_the_policy_first_and_is_refunded() {
    let app = app_at_now().await;
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    let ana = adult(&app, 42, "Ana").await;
    app.press(&ana, &format!("u:b:b:{pid}")).await;
    app.press_button(&ana, "30 min").await;
    app.press_button(&ana, "Schedule").await;
    app.press_button(&ana, "Thu 10 ·").await;
    app.press_button(&ana, "12:00").await;
    let payload = pay_last_invoice(&app, &ana, "charge-5").await;

    app.send_text(&ana, "/start").await;
    app.press_button(&ana, "My bookings").await;
    let list = app.telegram.last_message_to(42);
    assert!(
        list.text().contains("Upcoming") && list.text().contains("Maria"),
        "{}",
        list.text()
    );
    app.press_button(&ana, "Thu 10 Dec").await;
    let detail = app.telegram.last_message_to(42);
    let shown = detail.button_url("Join call").expect("a Join call button");
    assert_eq!(
        shown,
        join_url(&app, 42, "Booking confirmed"),
        "the same link as in the confirmation"
    );
    app.press_button(&ana, "Cancel booking").await;
    let policy = app.telegram.last_message_to(42);
    assert!(policy.text().contains("full refund"), "{}", policy.text());
    app.press_button(&ana, "Yes, cancel").await;

    let booking = booking_by_payload(&app, &payload).await;
    assert_eq!(booking.status.as_str(), "refunded");
    assert_eq!(app.telegram.calls_to("refundStarPayment").len(), 1);
    assert!(texts_to(&app, maria.id)
        .iter()
        .any(|t| t.contains("cancelled the call")));
    let events: Vec<String> = entity::booking_events::Entity::find()
        .filter(entity::booking_events::Column::BookingId.eq(booking.id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.to_status.to_string())
        .collect();
    assert_eq!(
        events,
        [
            "draft",
            "held",
            "awaiting_payment",
            "confirmed",
            "cancelled",
            "refunded"
        ]
    );
}

#[tokio::test]
async fn a_user_cannot_cancel_after_the_cut_off() {
    let app = app_at_now().await;
    performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    book_now(&app, &ana).await;
    let payload = pay_last_invoice(&app, &ana, "charge-6").await;
    let booking = booking_by_payload(&app, &payload).await;
    app.press(&ana, &format!("u:k:c:{}", booking.id.simple())).await;
    let reply = app.telegram.last_message_to(42);
    assert!(
        reply.text().contains("can no longer be cancelled"),
        "{}",
        reply.text()
    );
    app.press(&ana, &format!("u:k:y:{}", booking.id.simple())).await;
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "confirmed"
    );
    assert!(app.telegram.calls_to("refundStarPayment").is_empty());
}

#[tokio::test]
async fn two_users_racing_for_start_now_get_one_invoice_and_one_polite_refusal() {
    let app = app_at_now().await;
    let (_, pid) = performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    let bob = adult(&app, 43, "Bob").await;
    let rate = profiles::rates(&app.db, pid).await.unwrap()[0].id;
    let data = format!("u:b:n:{pid}:{rate}");
    tokio::join!(app.press(&ana, &data), app.press(&bob, &data));
    let invoices = app.telegram.calls_to("sendInvoice");
    assert_eq!(invoices.len(), 1);
    let loser = if invoices[0].chat_id() == Some(42) { 43 } else { 42 };
    let refusal = app.telegram.last_message_to(loser);
    assert!(
        refusal.text().contains("can't start right now"),
        "{}",
        refusal.text()
    );
    assert!(refusal.buttons().iter().any(|b| b.contains("Other times")));
}

#[tokio::test]
async fn the_online_list_is_paginated_with_prev_and_next_at_the_right_edges() {
    let app = app_at_now().await;
    for i in 0..7 {
        performer(&app, 500 + i, &format!("Perf{i}"), true).await;
    }
    let ana = adult(&app, 42, "Ana").await;
    let first = app.telegram.last_message_to(42);
    assert!(first.text().contains("(1/2)"), "{}", first.text());
    assert_eq!(
        first
            .buttons()
            .iter()
            .filter(|b| b.contains("View Profile"))
            .count(),
        5
    );
    assert!(first.buttons().iter().any(|b| b.contains("Next")));
    assert!(!first.buttons().iter().any(|b| b.contains("Prev")));
    app.press_button(&ana, "Next").await;
    let second = app.telegram.last_message_to(42);
    assert!(second.text().contains("(2/2)"), "{}", second.text());
    assert_eq!(
        second
            .buttons()
            .iter()
            .filter(|b| b.contains("View Profile"))
            .count(),
        2
    );
    assert!(second.buttons().iter().any(|b| b.contains("Prev")));
    assert!(!second.buttons().iter().any(|b| b.contains("Next")));
    // A stale button for a page that no longer exists shows the last page.
    app.press(&ana, "u:l:o:9").await;
    assert!(app.telegram.last_message_to(42).text().contains("(2/2)"));
}

#[tokio::test]
async fn a_button_naming_someone_elses_booking_is_refused() {
    let app = app_at_now().await;
    performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    let eve = adult(&app, 66, "Eve").await;
    book_now(&app, &ana).await;
    let payload = pay_last_invoice(&app, &ana, "charge-7").await;
    let booking = booking_by_payload(&app, &payload).await;

    app.press(&eve, &format!("u:k:k:{}", booking.id.simple())).await;
    let shown = app.telegram.last_message_to(66);
    assert!(!shown.text().contains("meet.jit.si"), "{}", shown.text());
    assert!(shown.text().contains("no bookings yet"), "{}", shown.text());
    app.press(&eve, &format!("u:k:y:{}", booking.id.simple())).await;
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "confirmed"
    );
}

#[tokio::test]
async fn a_spanish_speaker_books_in_spanish() {
    let app = app_at_now().await;
    performer(&app, 500, "Maria", true).await;
    let luis = TgUser::new(44, "Luis", None).spanish();
    app.send_text(&luis, "/start").await;
    app.press_button(&luis, "PNP Live").await;
    assert!(app.telegram.last_message_to(44).text().contains("18 años"));
    app.press_button(&luis, "18+").await;
    app.press_button(&luis, "Reservar").await;
    app.press_button(&luis, "30 min").await;
    app.press_button(&luis, "Empezar ahora").await;
    // The first time a time matters, he is asked his zone, with zones of Spanish speakers.
    let asked = app.telegram.last_message_to(44);
    assert!(asked.text().contains("zona horaria"), "{}", asked.text());
    assert!(
        asked.buttons().iter().any(|b| b == "Bogota"),
        "{:?}",
        asked.buttons()
    );
    assert!(app.telegram.calls_to("sendInvoice").is_empty());
    app.press_button(&luis, "Bogota").await;
    // And the booking goes on where it was.
    let invoice = app.telegram.calls_to("sendInvoice").pop().unwrap();
    assert_eq!(invoice.body["title"], "Llamada privada con Maria");
    pay_last_invoice(&app, &luis, "charge-8").await;
    let confirmation = texts_to(&app, 44)
        .into_iter()
        .find(|t| t.contains("¡Reserva confirmada!"))
        .expect("a confirmation");
    assert!(confirmation.contains("(America/Bogota)"), "{confirmation}");
}

#[tokio::test]
async fn a_timezone_can_be_typed_and_a_wrong_one_is_explained() {
    let app = app_at_now().await;
    let ana = TgUser::new(42, "Ana", None);
    app.send_text(&ana, "/start").await;
    app.press_button(&ana, "Settings").await;
    app.press_button(&ana, "Timezone").await;
    app.send_text(&ana, "Mars/Olympus").await;
    assert!(app
        .telegram
        .last_message_to(42)
        .text()
        .contains("don't know the timezone"));
    app.send_text(&ana, "Asia/Tokyo").await;
    assert!(texts_to(&app, 42)
        .iter()
        .any(|t| t.contains("Timezone set to Asia/Tokyo")));
    let row = users::find_by_telegram_id(&app.db, 42).await.unwrap().unwrap();
    assert_eq!(row.timezone.as_deref(), Some("Asia/Tokyo"));
}

#[tokio::test]
async fn a_provider_currency_invoice_carries_the_provider_token() {
    let app = spawn_app_with(&[
        ("PNP_PAYMENT_CURRENCY", "USD"),
        ("PNP_PAYMENT_PROVIDER_TOKEN", "284685063:TEST:provider"),
    ])
    .await;
    app.clock.set(NOW);
    let who = TgUser::new(500, "Maria", Some("maria_cam"));
    app.send_text(&who, "/start").await;
    let user = users::find_by_telegram_id(&app.db, 500).await.unwrap().unwrap();
    roles::grant(&app.db, user.id, roles::Role::Performer, None, NOW)
        .await
        .unwrap();
    let profile = profiles::ensure(&app.db, user.id, "Maria", "America/Mexico_City", NOW)
        .await
        .unwrap();
    profiles::set_rate(&app.db, profile.id, 30, Money::new(2500, Currency::USD), NOW)
        .await
        .unwrap();
    profiles::set_online(&app.db, profile.id, true, NOW)
        .await
        .unwrap();
    let ana = adult(&app, 42, "Ana").await;
    app.press_button(&ana, "Book").await;
    app.press_button(&ana, "25.00 USD").await;
    app.press_button(&ana, "Start now").await;
    let invoice = app.telegram.calls_to("sendInvoice").pop().unwrap();
    assert_eq!(invoice.body["currency"], "USD");
    assert_eq!(invoice.body["provider_token"], "284685063:TEST:provider");
    assert_eq!(amount(&invoice), 2500);
    let _: &Value = &invoice.body;
    let _ = app.clock.now();
}
