//! Start now with the performer's acceptance (`bookings.start_now_needs_acceptance`, on by
//! default): the performer is asked first ([Accept] / [Decline], 60 s); only an accepted request
//! sends the invoice; a decline or no answer tells the user at once with the next free times.

use entity::{booking_events, bookings};
use pnp_live::services::users;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use time::Duration;

use crate::flows::texts_saying;
use crate::helpers::{spawn_app_with, TestApp, TgUser};
use crate::user_flow::{adult, book_now, pay_last_invoice, performer, texts_to, NOW};

const ASKING: &[(&str, &str)] = &[("PNP_START_NOW_NEEDS_ACCEPTANCE", "true")];

async fn app_asking() -> TestApp {
    let app = spawn_app_with(ASKING).await;
    app.clock.set(NOW);
    app
}

/// Maria (performer, Mexico City, online) and Ana (user, Madrid); Ana taps Start now.
async fn asked(app: &TestApp) -> (TgUser, TgUser) {
    let (maria, _) = performer(app, 500, "Maria", true).await;
    let ana = adult(app, 42, "Ana").await;
    let row = users::find_by_telegram_id(&app.db, 42).await.unwrap().unwrap();
    users::set_timezone(&app.db, row.id, "Europe/Madrid", NOW)
        .await
        .unwrap();
    book_now(app, &ana).await;
    (ana, maria)
}

async fn the_booking(app: &TestApp) -> bookings::Model {
    bookings::Entity::find()
        .order_by_desc(bookings::Column::CreatedAt)
        .one(&app.db)
        .await
        .unwrap()
        .expect("a booking")
}

async fn events(app: &TestApp, id: uuid::Uuid) -> Vec<String> {
    booking_events::Entity::find()
        .filter(booking_events::Column::BookingId.eq(id))
        .order_by_asc(booking_events::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect()
}

fn invoices_to(app: &TestApp, chat: i64) -> usize {
    app.telegram
        .calls_to("sendInvoice")
        .iter()
        .filter(|c| c.chat_id() == Some(chat))
        .count()
}

/// The data of `label` under the performer's request message.
fn request_button(app: &TestApp, maria: &TgUser, label: &str) -> String {
    app.telegram
        .messages_to(maria.id)
        .into_iter()
        .rev()
        .find(|c| c.text().contains("wants a 30-minute call now"))
        .expect("the request")
        .button_data(label)
}

#[tokio::test]
async fn the_performer_accepts_the_invoice_goes_out_and_the_paid_call_is_confirmed() {
    let app = app_asking().await;
    let (ana, maria) = asked(&app).await;

    let waiting = app.telegram.last_message_to(ana.id);
    assert!(waiting.text().contains("Asking Maria"), "{}", waiting.text());
    assert!(waiting.text().contains("60 seconds"), "{}", waiting.text());
    assert!(waiting.buttons().iter().any(|b| b.contains("Withdraw")));
    assert_eq!(invoices_to(&app, ana.id), 0, "no invoice before she accepts");
    let booking = the_booking(&app).await;
    assert_eq!(booking.status.as_str(), "awaiting_performer");

    let request = app.telegram.last_message_to(maria.id);
    let text = request.text();
    assert!(text.contains("Ana wants a 30-minute call now"), "{text}");
    assert!(text.contains("150") && text.contains("60 seconds"), "{text}");
    assert!(!text.contains('@') && !text.contains("42"), "{text}");
    assert_eq!(request.buttons(), ["✅ Accept", "❌ Decline"]);

    app.press_button(&maria, "Accept").await;
    let after = app.telegram.last_sent(maria.id).unwrap();
    assert!(
        after.text.as_deref().unwrap().contains("You accepted Ana's call"),
        "{after:?}"
    );
    assert!(
        !format!("{:?}", after.reply_markup).contains("Decline"),
        "buttons gone"
    );
    assert_eq!(invoices_to(&app, ana.id), 1);
    assert_eq!(the_booking(&app).await.status.as_str(), "awaiting_payment");

    let payload = pay_last_invoice(&app, &ana, "charge-1").await;
    let booking = crate::user_flow::booking_by_payload(&app, &payload).await;
    assert_eq!(booking.status.as_str(), "confirmed");
    assert_eq!(booking.starts_at, Some(NOW));
    assert_eq!(
        events(&app, booking.id).await,
        [
            "draft",
            "ask_performer",
            "performer_accepted",
            "invoice_sent",
            "payment_received"
        ]
    );
}

#[tokio::test]
async fn a_decline_tells_the_user_at_once_with_the_next_free_times_in_their_zone() {
    let app = app_asking().await;
    let (ana, maria) = asked(&app).await;
    app.press_button(&maria, "Decline").await;

    let after = app.telegram.last_sent(maria.id).unwrap();
    assert!(after.text.as_deref().unwrap().contains("You declined Ana's call"));
    let told = app.telegram.last_message_to(ana.id);
    assert!(
        told.text().contains("Maria can't take the call right now"),
        "{}",
        told.text()
    );
    assert!(told.text().contains("Europe/Madrid"), "{}", told.text());
    assert_eq!(invoices_to(&app, ana.id), 0);
    let booking = the_booking(&app).await;
    assert_eq!(booking.status.as_str(), "cancelled");
    assert_eq!(
        events(&app, booking.id).await,
        ["draft", "ask_performer", "performer_declined"]
    );
    // Each time is a button that holds it: the next time, with its invoice at once.
    let times: Vec<_> = told
        .buttons()
        .into_iter()
        .filter(|b| b.contains(':') && !b.contains("Other"))
        .collect();
    assert!(!times.is_empty(), "{:?}", told.buttons());
    app.press_button(&ana, &times[0]).await;
    assert_eq!(invoices_to(&app, ana.id), 1);
}

#[tokio::test]
async fn no_answer_tells_the_user_after_60_seconds_and_a_late_accept_is_told_it_expired() {
    let app = app_asking().await;
    let (ana, maria) = asked(&app).await;
    let accept = request_button(&app, &maria, "Accept");

    app.clock.advance(Duration::seconds(59));
    app.run_jobs().await;
    assert_eq!(the_booking(&app).await.status.as_str(), "awaiting_performer");

    app.clock.advance(Duration::seconds(2));
    app.run_jobs().await;
    let booking = the_booking(&app).await;
    assert_eq!(booking.status.as_str(), "expired");
    let told = app.telegram.last_message_to(ana.id);
    assert!(
        told.text().contains("Maria didn't answer in time"),
        "{}",
        told.text()
    );
    assert!(told.text().contains("Europe/Madrid"), "{}", told.text());
    assert!(texts_to(&app, maria.id)
        .iter()
        .any(|t| t.contains("Ana's request to start a call now expired unanswered")));
    // Her time is free again: someone else can start now.
    let bob = adult(&app, 43, "Bob").await;
    app.press_button(&bob, "Book").await;
    app.press_button(&bob, "30 min").await;
    assert!(app
        .telegram
        .last_message_to(bob.id)
        .buttons()
        .iter()
        .any(|b| b.contains("Start now")));

    app.press_under(
        &maria,
        |c| c.text().contains("wants a 30-minute call now"),
        "Accept",
    )
    .await;
    assert!(texts_to(&app, maria.id)
        .iter()
        .any(|t| t.contains("Too late: Ana's request expired")));
    assert_eq!(invoices_to(&app, ana.id), 0, "a late accept sends nothing");
    // The same button pressed again (a second tap) says the same and sends nothing.
    app.press(&maria, &accept).await;
    assert_eq!(invoices_to(&app, ana.id), 0);
    // The job runs again: the user is not told twice.
    app.run_jobs().await;
    let no_answer = texts_saying(&app, ana.id, "didn't answer");
    assert_eq!(no_answer, 1);
}

#[tokio::test]
async fn accept_tapped_twice_at_once_sends_one_invoice() {
    let app = app_asking().await;
    let (ana, maria) = asked(&app).await;
    let accept = request_button(&app, &maria, "Accept");
    tokio::join!(app.press(&maria, &accept), app.press(&maria, &accept));
    assert_eq!(invoices_to(&app, ana.id), 1);
    let booking = the_booking(&app).await;
    let accepted = events(&app, booking.id)
        .await
        .into_iter()
        .filter(|e| e == "performer_accepted")
        .count();
    assert_eq!(accepted, 1);
    // A third tap later (a client still showing the buttons) says so, and sends nothing.
    app.press(&maria, &accept).await;
    assert!(texts_to(&app, maria.id)
        .iter()
        .any(|t| t.contains("You already accepted Ana's request")));
    assert_eq!(invoices_to(&app, ana.id), 1);
}

#[tokio::test]
async fn accept_exactly_as_the_time_runs_out_has_exactly_one_outcome() {
    for late_by in [0, 1] {
        let app = app_asking().await;
        let (ana, maria) = asked(&app).await;
        let accept = request_button(&app, &maria, "Accept");
        app.clock.advance(Duration::seconds(60 + late_by));
        tokio::join!(app.run_jobs(), app.press(&maria, &accept));
        app.run_jobs().await;
        let invoices = invoices_to(&app, ana.id);
        let no_answer = texts_saying(&app, ana.id, "didn't answer");
        assert_eq!(
            invoices + no_answer,
            1,
            "invoice {invoices}, no-answer {no_answer}"
        );
        let booking = the_booking(&app).await;
        let log = events(&app, booking.id).await;
        let outcomes = log
            .iter()
            .filter(|e| *e == "performer_accepted" || *e == "hold_expired")
            .count();
        assert_eq!(outcomes, 1, "{log:?}");
    }
}

#[tokio::test]
async fn the_user_withdrawing_while_the_performer_accepts_ends_cancelled_and_unpayable() {
    let app = app_asking().await;
    let (ana, maria) = asked(&app).await;
    app.press_button(&ana, "Withdraw").await;
    let yes = app.telegram.last_message_to(ana.id).button_data("Yes, cancel it");
    let accept = request_button(&app, &maria, "Accept");
    tokio::join!(app.press(&ana, &yes), app.press(&maria, &accept));

    let booking = the_booking(&app).await;
    assert_eq!(booking.status.as_str(), "cancelled");
    let log = events(&app, booking.id).await;
    assert_eq!(log.iter().filter(|e| *e == "cancel").count(), 1, "{log:?}");
    assert!(invoices_to(&app, ana.id) <= 1);
    if log.iter().any(|e| e == "performer_accepted") {
        // Accepted first: the invoice that went out can no longer be paid.
        let payload = booking.invoice_payload.clone().unwrap();
        app.post_update(ana.pre_checkout(&payload, 150, "XTR")).await;
        let answer = app.telegram.calls_to("answerPreCheckoutQuery").pop().unwrap();
        assert_eq!(answer.body["ok"], false);
    } else {
        // Withdrawn first: she is told, and her late Accept says so.
        assert_eq!(invoices_to(&app, ana.id), 0);
        assert!(texts_to(&app, maria.id)
            .iter()
            .any(|t| t.contains("Ana withdrew their request")));
    }
}

#[tokio::test]
async fn a_spanish_speaker_asks_a_portuguese_speaking_performer() {
    let app = app_asking().await;
    let maria = TgUser::new(500, "Maria", Some("maria_cam")).portuguese();
    app.send_text(&maria, "/start").await;
    // Her language is the one of her first contact; the performer setup keeps it.
    let (maria, _) = performer(&app, 500, "Maria", true).await;

    let ana = TgUser::new(42, "Ana", None).spanish();
    app.send_text(&ana, "/start").await;
    app.press_button(&ana, "PNP Live").await;
    app.press_button(&ana, "18+").await;
    let row = users::find_by_telegram_id(&app.db, 42).await.unwrap().unwrap();
    users::set_timezone(&app.db, row.id, "Europe/Madrid", NOW)
        .await
        .unwrap();
    app.press_button(&ana, "Reservar").await;
    app.press_button(&ana, "30 min").await;
    app.press_button(&ana, "Empezar ahora").await;
    let waiting = app.telegram.last_message_to(42);
    assert!(
        waiting.text().contains("Preguntando a Maria"),
        "{}",
        waiting.text()
    );
    let request = app.telegram.last_message_to(500);
    assert!(
        request
            .text()
            .contains("Ana quer uma chamada de 30 minutos agora"),
        "{}",
        request.text()
    );
    app.press_button(&maria, "Recusar").await;
    let told = app.telegram.last_message_to(42);
    assert!(
        told.text().contains("Maria no puede atender la llamada ahora"),
        "{}",
        told.text()
    );
    assert!(told.text().contains("Europe/Madrid"), "{}", told.text());
}

#[tokio::test]
async fn with_asking_turned_off_start_now_sends_the_invoice_at_once() {
    let app = spawn_app_with(&[("PNP_START_NOW_NEEDS_ACCEPTANCE", "false")]).await;
    app.clock.set(NOW);
    let (maria, _) = performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    book_now(&app, &ana).await;
    assert_eq!(invoices_to(&app, ana.id), 1);
    assert_eq!(the_booking(&app).await.status.as_str(), "awaiting_payment");
    assert!(!texts_to(&app, maria.id)
        .iter()
        .any(|t| t.contains("wants a 30-minute call now")));
}

#[tokio::test]
async fn the_performer_answers_from_her_upcoming_calls_in_her_own_zone() {
    let app = app_asking().await;
    let (ana, maria) = asked(&app).await;
    app.send_text(&maria, "/pnp_live").await;
    app.press_button(&maria, "Upcoming").await;
    let list = app.telegram.last_message_to(maria.id);
    // 15:00 UTC is 09:00 in Mexico City, her zone; the status says she is awaited.
    assert!(list.text().contains("America/Mexico_City"), "{}", list.text());
    assert!(list.text().contains("09:00"), "{}", list.text());
    assert!(
        list.text().contains("waiting for the performer"),
        "{}",
        list.text()
    );
    app.press_button(&maria, "Ana").await;
    let card = app.telegram.last_message_to(maria.id);
    assert!(
        card.buttons().iter().any(|b| b.contains("Accept")),
        "{:?}",
        card.buttons()
    );
    app.press_button(&maria, "Accept").await;
    assert_eq!(invoices_to(&app, ana.id), 1);
    assert!(app
        .telegram
        .last_sent(maria.id)
        .unwrap()
        .text
        .as_deref()
        .unwrap()
        .contains("You accepted Ana's call"));
}

#[tokio::test]
async fn two_users_tapping_start_now_at_once_ask_the_performer_once() {
    let app = app_asking().await;
    let (maria, _) = performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    let bob = adult(&app, 43, "Bob").await;
    for user in [&ana, &bob] {
        app.press_button(user, "Book").await;
        app.press_button(user, "30 min").await;
    }
    let now_a = app.telegram.last_message_to(ana.id).button_data("Start now");
    let now_b = app.telegram.last_message_to(bob.id).button_data("Start now");
    tokio::join!(app.press(&ana, &now_a), app.press(&bob, &now_b));
    let requests = texts_saying(&app, maria.id, "wants a 30-minute call now");
    assert_eq!(requests, 1, "her time is kept for the first request");
    let waiting = [&ana, &bob]
        .iter()
        .filter(|u| app.telegram.last_message_to(u.id).text().contains("Asking Maria"))
        .count();
    let refused = [&ana, &bob]
        .iter()
        .filter(|u| {
            app.telegram
                .last_message_to(u.id)
                .text()
                .contains("someone else is booking them")
        })
        .count();
    assert_eq!((waiting, refused), (1, 1));
}

/// Accepted, then withdrawn by the user before paying: the performer, who kept her time for it,
/// is told the call is off.
#[tokio::test]
async fn the_user_withdrawing_after_the_performer_accepted_tells_her() {
    let app = app_asking().await;
    let (ana, maria) = asked(&app).await;
    app.press_button(&ana, "Withdraw").await;
    let yes = app.telegram.last_message_to(ana.id).button_data("Yes, cancel it");
    app.press_button(&maria, "Accept").await;
    assert_eq!(the_booking(&app).await.status.as_str(), "awaiting_payment");
    app.press(&ana, &yes).await;
    assert_eq!(the_booking(&app).await.status.as_str(), "cancelled");
    let told: Vec<String> = texts_to(&app, maria.id)
        .into_iter()
        .filter(|t| t.contains("Ana withdrew their request after you accepted"))
        .collect();
    assert_eq!(told.len(), 1, "{:?}", texts_to(&app, maria.id));
    assert!(told[0].contains("your time is free again"), "{}", told[0]);
}

/// Accepted, then left unpaid until the hold ran out: the performer is told, in her language.
#[tokio::test]
async fn an_accepted_call_left_unpaid_tells_the_performer_in_her_language() {
    let app = app_asking().await;
    let (_ana, maria) = asked(&app).await;
    let row = users::find_by_telegram_id(&app.db, maria.id)
        .await
        .unwrap()
        .unwrap();
    users::set_language(&app.db, row.id, "pt", NOW).await.unwrap();
    let accept = request_button(&app, &maria, "Accept");
    app.press(&maria, &accept).await;
    assert_eq!(the_booking(&app).await.status.as_str(), "awaiting_payment");
    app.clock.advance(Duration::hours(1));
    app.run_jobs().await;
    assert_eq!(the_booking(&app).await.status.as_str(), "expired");
    let told: Vec<String> = texts_to(&app, maria.id)
        .into_iter()
        .filter(|t| t.contains("não foi paga"))
        .collect();
    assert_eq!(told.len(), 1, "{:?}", texts_to(&app, maria.id));
    assert!(told[0].contains("Ana"), "{}", told[0]);
    // The job runs again: she is not told twice.
    app.run_jobs().await;
    let again = texts_saying(&app, maria.id, "não foi paga");
    assert_eq!(again, 1);
}

/// With asking turned off the performer never heard of the unpaid hold, so its lapse is not
/// hers to hear of either.
#[tokio::test]
async fn an_unpaid_start_now_she_never_accepted_tells_the_performer_nothing() {
    let app = spawn_app_with(&[]).await;
    app.clock.set(NOW);
    let (maria, _) = performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    book_now(&app, &ana).await;
    assert_eq!(invoices_to(&app, ana.id), 1);
    let before = texts_to(&app, maria.id).len();
    app.clock.advance(Duration::hours(1));
    app.run_jobs().await;
    assert_eq!(the_booking(&app).await.status.as_str(), "expired");
    assert_eq!(texts_to(&app, maria.id).len(), before);
}
