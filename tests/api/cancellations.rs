//! Bookings that can change (issue 15, items 2 and 3): a performer or an admin cancels a paid
//! call (always a full refund, the user told with an apology and a way to book someone else,
//! the performer's cancellations counted for the admins), and inside the cut-off the user asks
//! the performer to cancel (accept → full refund, decline → no refund, unanswered by the start →
//! the request lapses). Races: a double tap answers once; the user and the performer
//! cancelling at once leaves exactly one cancellation, and the other is told.

use entity::{booking_events, bookings};
use pnp_live::services::{profiles, users};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use time::macros::datetime;

use crate::helpers::{spawn_app, TestApp, TgUser, SUPERADMIN};
use crate::user_flow::{adult, booking_by_payload, pay_last_invoice, performer, texts_to, NOW};

/// 12 hours before the Thursday call: inside the 24 h cut-off.
const INSIDE_CUTOFF: time::OffsetDateTime = datetime!(2026-12-10 06:00 UTC);

async fn app_at_now() -> TestApp {
    let app = spawn_app().await;
    app.clock.set(NOW);
    app
}

/// Ana (Mexico City) books Maria for Thursday 10 Dec, 12:00 Mexico City (18:00 UTC) and pays;
/// then Maria's zone becomes `performer_zone` and her language `performer_lang`. Returns Ana,
/// Maria and the booking's invoice payload.
async fn booked(app: &TestApp, performer_zone: &str, performer_lang: &str) -> (TgUser, TgUser, String) {
    let (maria, pid) = performer(app, 500, "Maria", false).await;
    let ana = adult(app, 42, "Ana").await;
    app.press(&ana, &format!("u:b:b:{pid}")).await;
    app.press_button(&ana, "30 min").await;
    app.press_button(&ana, "Schedule").await;
    app.press_button(&ana, "Thu 10 ·").await;
    app.press_button(&ana, "12:00").await;
    let payload = pay_last_invoice(app, &ana, "charge-cancel").await;
    assert_eq!(
        booking_by_payload(app, &payload).await.status.as_str(),
        "confirmed"
    );
    profiles::set_timezone(&app.db, pid, performer_zone, NOW)
        .await
        .unwrap();
    let row = users::find_by_telegram_id(&app.db, maria.id)
        .await
        .unwrap()
        .unwrap();
    users::set_language(&app.db, row.id, performer_lang, NOW)
        .await
        .unwrap();
    (ana, maria, payload)
}

async fn events(app: &TestApp, payload: &str) -> Vec<(String, String)> {
    let booking = booking_by_payload(app, payload).await;
    booking_events::Entity::find()
        .filter(booking_events::Column::BookingId.eq(booking.id))
        .order_by_asc(booking_events::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.event, e.actor.to_string()))
        .collect()
}

fn refunds(app: &TestApp) -> usize {
    app.telegram.calls_to("refundStarPayment").len()
}

/// Maria opens her Upcoming calls and the call's card.
async fn open_card(app: &TestApp, maria: &TgUser, label: &str) {
    app.send_text(maria, "/pnp_live").await;
    app.press_button(maria, "Upcoming").await;
    app.press_button(maria, label).await;
}

/// Ana opens the Thursday booking in My bookings.
async fn open_booking(app: &TestApp, ana: &TgUser) {
    app.send_text(ana, "/start").await;
    app.press_button(ana, "My bookings").await;
    app.press_button(ana, "Thu 10 Dec").await;
}

/// The root admin's Bookings search, answered with `query`.
async fn admin_search(app: &TestApp, query: &str) -> TgUser {
    let root = TgUser::superadmin();
    app.send_text(&root, "/admin").await;
    app.press_button(&root, "Bookings").await;
    app.send_text(&root, query).await;
    root
}

#[tokio::test]
async fn a_performer_cancels_from_her_card_and_the_user_gets_an_apology_a_refund_and_a_way_on() {
    let app = app_at_now().await;
    let (ana, maria, payload) = booked(&app, "Europe/Madrid", "en").await;

    // 18:00 UTC is 19:00 in Madrid: the card is in Maria's zone, names Ana by her first name.
    open_card(&app, &maria, "Thu 10 Dec 19:00").await;
    let card = app.telegram.last_message_to(maria.id);
    assert!(card.text().contains("Call with Ana"), "{}", card.text());
    assert!(
        card.text().contains("Thu 10 Dec, 19:00 (Europe/Madrid)"),
        "{}",
        card.text()
    );
    assert!(
        !card.text().contains("42") && !card.text().contains('@'),
        "{}",
        card.text()
    );
    app.press_button(&maria, "Cancel this call").await;
    let confirm = app.telegram.last_message_to(maria.id);
    assert!(confirm.text().contains("full refund"), "{}", confirm.text());
    assert_eq!(refunds(&app), 0, "nothing happens before the confirmation");
    app.press_button(&maria, "Yes, cancel the call").await;
    // (The calendar file's cancellation follows the screen.)
    assert!(texts_to(&app, maria.id)
        .iter()
        .any(|t| t.contains("Your call with Ana on Thu 10 Dec, 19:00 (Europe/Madrid) is cancelled")));

    assert_eq!(refunds(&app), 1);
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "refunded"
    );
    let told = app
        .telegram
        .messages_to(42)
        .into_iter()
        .find(|c| c.text().contains("had to cancel"))
        .expect("Ana is told");
    assert!(told.text().contains("sorry"), "{}", told.text());
    assert!(
        told.text().contains("Thu 10 Dec, 12:00 (America/Mexico_City)"),
        "{}",
        told.text()
    );
    assert!(told.text().contains("full refund of 150"), "{}", told.text());
    assert!(told.buttons().iter().any(|b| b.contains("Book someone else")));
    assert!(told.buttons().iter().any(|b| b.contains("My bookings")));
    // [Book someone else] leads to the performer list.
    app.press_under(&ana, |c| c.text().contains("had to cancel"), "Book someone else")
        .await;
    assert!(
        app.telegram.last_message_to(42).text().contains("Online now")
            || app.telegram.last_message_to(42).text().contains("online")
    );

    // The admins hear of it with the count, and the card shows it.
    let alert = texts_to(&app, SUPERADMIN)
        .into_iter()
        .find(|t| t.contains("cancelled the paid call"))
        .expect("the admins are told");
    assert!(
        alert.contains("has cancelled 1 call in the last 30 days"),
        "{alert}"
    );
    let root = TgUser::superadmin();
    app.press_under(
        &root,
        |c| c.text().contains("cancelled the paid call"),
        "Open booking",
    )
    .await;
    let admin_card = app.telegram.last_message_to(SUPERADMIN);
    assert!(
        admin_card
            .text()
            .contains("Cancelled by the performer in the last 30 days: 1"),
        "{}",
        admin_card.text()
    );
    assert!(
        events(&app, &payload)
            .await
            .contains(&("cancel".to_owned(), "performer".to_owned())),
        "{:?}",
        events(&app, &payload).await
    );
}

#[tokio::test]
async fn inside_the_cutoff_the_user_asks_once_and_the_spanish_performer_accepts_once() {
    let app = app_at_now().await;
    let (ana, maria, payload) = booked(&app, "Europe/Madrid", "es").await;
    app.clock.set(INSIDE_CUTOFF);

    open_booking(&app, &ana).await;
    let detail = app.telegram.last_message_to(42);
    assert!(
        detail.buttons().iter().any(|b| b.contains("Ask Maria to cancel")),
        "{:?}",
        detail.buttons()
    );
    app.press_button(&ana, "Ask Maria to cancel").await;
    let policy = app.telegram.last_message_to(42);
    assert!(policy.text().contains("less than 24 h"), "{}", policy.text());
    assert!(policy.text().contains("full refund"), "{}", policy.text());
    let send = policy.button_data("Send the request");
    app.press(&ana, &send).await;
    assert!(app
        .telegram
        .last_message_to(42)
        .text()
        .contains("Your request went to Maria"));
    // A double tap sends nothing more.
    app.press(&ana, &send).await;
    assert!(app.telegram.last_message_to(42).text().contains("already asked"));
    let asked: Vec<String> = texts_to(&app, maria.id)
        .into_iter()
        .filter(|t| t.contains("te pide cancelar"))
        .collect();
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert!(
        asked[0].contains("jue 10 dic, 19:00 (Europe/Madrid)"),
        "{}",
        asked[0]
    );
    assert!(asked[0].contains("24 h"), "{}", asked[0]);

    // Maria taps Accept twice: one cancellation, one refund.
    let accept = app
        .telegram
        .messages_to(maria.id)
        .into_iter()
        .rev()
        .find(|c| c.text().contains("te pide cancelar"))
        .unwrap()
        .button_data("Aceptar");
    app.press_under(&maria, |c| c.text().contains("te pide cancelar"), "Aceptar")
        .await;
    assert!(texts_to(&app, maria.id).iter().any(|t| t.contains("Aceptaste")));
    app.press(&maria, &accept).await;
    assert!(
        app.telegram
            .last_message_to(maria.id)
            .text()
            .contains("Ya aceptaste"),
        "{}",
        app.telegram.last_message_to(maria.id).text()
    );
    assert_eq!(refunds(&app), 1);
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "refunded"
    );
    assert!(texts_to(&app, 42)
        .iter()
        .any(|t| t.contains("Maria accepted your request") && t.contains("full refund")));
    let log = events(&app, &payload).await;
    assert!(
        log.contains(&("cancel_requested".to_owned(), "user".to_owned())),
        "{log:?}"
    );
    assert!(
        log.contains(&("cancel_request_accepted".to_owned(), "performer".to_owned())),
        "{log:?}"
    );
    // Accepting a request is not the performer's own cancellation: no alert, a count of 0.
    assert!(!texts_to(&app, SUPERADMIN)
        .iter()
        .any(|t| t.contains("cancelled the paid call")));
    let short = booking_by_payload(&app, &payload).await.id.simple().to_string()[..8].to_owned();
    admin_search(&app, &short).await;
    let card = app.telegram.last_message_to(SUPERADMIN);
    assert!(
        card.text()
            .contains("Cancelled by the performer in the last 30 days: 0"),
        "{}",
        card.text()
    );
    assert!(card.text().contains("cancel_request_accepted"), "{}", card.text());
}

#[tokio::test]
async fn two_taps_at_once_on_send_the_request_send_one_request() {
    let app = app_at_now().await;
    let (ana, maria, payload) = booked(&app, "Europe/Madrid", "en").await;
    app.clock.set(INSIDE_CUTOFF);
    open_booking(&app, &ana).await;
    app.press_button(&ana, "Ask Maria to cancel").await;
    let send = app.telegram.last_message_to(42).button_data("Send the request");
    tokio::join!(app.press(&ana, &send), app.press(&ana, &send));
    let asked = texts_to(&app, maria.id)
        .into_iter()
        .filter(|t| t.contains("asks you to cancel"))
        .count();
    assert_eq!(asked, 1);
    let requested = events(&app, &payload)
        .await
        .into_iter()
        .filter(|(e, _)| e == "cancel_requested")
        .count();
    assert_eq!(requested, 1);
    assert!(texts_to(&app, 42).iter().any(|t| t.contains("already asked")));
}

#[tokio::test]
async fn a_declined_request_keeps_the_booking_and_the_portuguese_user_is_told_no_refund() {
    let app = app_at_now().await;
    let (ana, maria, payload) = booked(&app, "America/Sao_Paulo", "en").await;
    let row = users::find_by_telegram_id(&app.db, 42).await.unwrap().unwrap();
    users::set_language(&app.db, row.id, "pt", NOW).await.unwrap();
    app.clock.set(INSIDE_CUTOFF);

    app.send_text(&ana, "/start").await;
    app.press_button(&ana, "Minhas reservas").await;
    app.press_button(&ana, "qui 10 dez").await;
    app.press_button(&ana, "Pedir a Maria para cancelar").await;
    app.press_button(&ana, "Enviar o pedido").await;
    let asked = texts_to(&app, maria.id)
        .into_iter()
        .find(|t| t.contains("asks you to cancel"))
        .expect("Maria is asked");
    // 18:00 UTC is 15:00 in São Paulo.
    assert!(asked.contains("Thu 10 Dec, 15:00 (America/Sao_Paulo)"), "{asked}");
    app.press_under(&maria, |c| c.text().contains("asks you to cancel"), "Decline")
        .await;
    assert!(app.telegram.last_message_to(maria.id).text().contains("stays on"));

    assert_eq!(refunds(&app), 0);
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "confirmed"
    );
    let told = texts_to(&app, 42)
        .into_iter()
        .find(|t| t.contains("recusou"))
        .expect("Ana is told");
    assert!(told.contains("nada é reembolsado"), "{told}");
    assert!(told.contains("24 h"), "{told}");
    // The booking says so, and offers no second request.
    app.send_text(&ana, "/start").await;
    app.press_button(&ana, "Minhas reservas").await;
    app.press_button(&ana, "qui 10 dez").await;
    let detail = app.telegram.last_message_to(42);
    assert!(detail.text().contains("recusou"), "{}", detail.text());
    assert!(
        !detail.buttons().iter().any(|b| b.contains("cancelar")),
        "{:?}",
        detail.buttons()
    );
}

#[tokio::test]
async fn an_unanswered_request_lapses_at_the_start_and_both_sides_are_told_once() {
    let app = app_at_now().await;
    let (ana, maria, payload) = booked(&app, "Europe/Madrid", "en").await;
    app.clock.set(INSIDE_CUTOFF);
    open_booking(&app, &ana).await;
    app.press_button(&ana, "Ask Maria to cancel").await;
    app.press_button(&ana, "Send the request").await;

    app.run_jobs().await;
    assert!(
        !texts_to(&app, 42).iter().any(|t| t.contains("lapsed")),
        "not before the start"
    );
    app.clock.set(datetime!(2026-12-10 18:00 UTC));
    app.run_jobs().await;
    app.run_jobs().await;
    let user_told: Vec<String> = texts_to(&app, 42)
        .into_iter()
        .filter(|t| t.contains("lapsed"))
        .collect();
    assert_eq!(user_told.len(), 1, "{user_told:?}");
    assert!(user_told[0].contains("nothing is refunded"), "{}", user_told[0]);
    let performer_told: Vec<String> = texts_to(&app, maria.id)
        .into_iter()
        .filter(|t| t.contains("lapsed"))
        .collect();
    assert_eq!(performer_told.len(), 1, "{performer_told:?}");
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "confirmed"
    );
    // A late Accept changes nothing.
    app.press_under(&maria, |c| c.text().contains("asks you to cancel"), "Accept")
        .await;
    assert!(app.telegram.last_message_to(maria.id).text().contains("lapsed"));
    assert_eq!(refunds(&app), 0);
    assert!(events(&app, &payload)
        .await
        .contains(&("cancel_request_lapsed".to_owned(), "system".to_owned())));
}

#[tokio::test]
async fn an_accept_tapped_as_the_call_starts_is_too_late_and_the_request_lapses_once() {
    let app = app_at_now().await;
    let (ana, maria, payload) = booked(&app, "Europe/Madrid", "en").await;
    app.clock.set(INSIDE_CUTOFF);
    open_booking(&app, &ana).await;
    app.press_button(&ana, "Ask Maria to cancel").await;
    app.press_button(&ana, "Send the request").await;
    let accept = app
        .telegram
        .messages_to(maria.id)
        .into_iter()
        .rev()
        .find(|c| c.text().contains("asks you to cancel"))
        .unwrap()
        .button_data("Accept");
    app.clock.set(datetime!(2026-12-10 18:00 UTC));
    tokio::join!(app.run_jobs(), app.press(&maria, &accept));
    app.run_jobs().await;
    assert_eq!(refunds(&app), 0);
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "confirmed"
    );
    let lapsed: Vec<_> = texts_to(&app, 42)
        .into_iter()
        .filter(|t| t.contains("lapsed"))
        .collect();
    assert_eq!(lapsed.len(), 1, "{lapsed:?}");
    assert!(texts_to(&app, maria.id)
        .iter()
        .any(|t| t.contains("This request lapsed when the call started")));
}

/// How the user's and the performer's cancellations of one paid call meet.
#[derive(Clone, Copy, PartialEq)]
enum Order {
    AtOnce,
    UserFirst,
    PerformerFirst,
}

/// Ana and Maria both stand on their last confirmation screen and tap Yes in `order`: exactly
/// one cancellation and one refund; the other is told plainly that it was already cancelled.
/// Returns who won.
async fn both_cancel(order: Order) -> String {
    let app = app_at_now().await;
    let (ana, maria, payload) = booked(&app, "Europe/Madrid", "en").await;
    open_booking(&app, &ana).await;
    app.press_button(&ana, "Cancel booking").await;
    let user_yes = app.telegram.last_message_to(42).button_data("Yes, cancel it");
    open_card(&app, &maria, "Thu 10 Dec 19:00").await;
    app.press_button(&maria, "Cancel this call").await;
    let performer_yes = app
        .telegram
        .last_message_to(maria.id)
        .button_data("Yes, cancel the call");

    match order {
        Order::AtOnce => {
            tokio::join!(app.press(&ana, &user_yes), app.press(&maria, &performer_yes));
        }
        Order::UserFirst => {
            app.press(&ana, &user_yes).await;
            app.press(&maria, &performer_yes).await;
        }
        Order::PerformerFirst => {
            app.press(&maria, &performer_yes).await;
            app.press(&ana, &user_yes).await;
        }
    }

    let log = events(&app, &payload).await;
    let cancels: Vec<_> = log.iter().filter(|(e, _)| e == "cancel").collect();
    assert_eq!(cancels.len(), 1, "{log:?}");
    assert_eq!(refunds(&app), 1);
    let winner = cancels[0].1.clone();
    if winner == "user" {
        assert!(
            texts_to(&app, maria.id)
                .iter()
                .any(|t| t.contains("This call was already cancelled")),
            "{:?}",
            texts_to(&app, maria.id)
        );
        assert!(texts_to(&app, 42)
            .iter()
            .any(|t| t.contains("Your booking is cancelled")));
    } else {
        assert_eq!(winner, "performer");
        assert!(
            texts_to(&app, 42)
                .iter()
                .any(|t| t.contains("This booking was already cancelled")),
            "{:?}",
            texts_to(&app, 42)
        );
        assert!(texts_to(&app, 42).iter().any(|t| t.contains("had to cancel")));
    }
    winner
}

#[tokio::test]
async fn the_user_and_the_performer_cancelling_at_once_make_exactly_one_cancellation() {
    both_cancel(Order::AtOnce).await;
}

#[tokio::test]
async fn a_performer_cancelling_after_the_user_is_told_it_was_already_cancelled() {
    assert_eq!(both_cancel(Order::UserFirst).await, "user");
}

#[tokio::test]
async fn a_user_cancelling_after_the_performer_is_told_it_was_already_cancelled() {
    assert_eq!(both_cancel(Order::PerformerFirst).await, "performer");
}

#[tokio::test]
async fn forged_buttons_from_a_non_admin_or_another_performer_change_nothing() {
    let app = app_at_now().await;
    let (_, _, payload) = booked(&app, "Europe/Madrid", "en").await;
    let id = booking_by_payload(&app, &payload).await.id.simple().to_string();
    let bob = adult(&app, 43, "Bob").await;
    for data in [format!("a:b:x:{id}"), format!("a:b:k:{id}"), "a:b:f".to_owned()] {
        app.press(&bob, &data).await;
        let answer = app.telegram.calls_to("answerCallbackQuery").pop().unwrap();
        assert!(
            answer.body["text"]
                .as_str()
                .unwrap_or_default()
                .contains("only for admins"),
            "{:?}",
            answer.body
        );
    }
    assert!(!texts_to(&app, 43).iter().any(|t| t.contains("Booking #")));
    // Another performer's forged cancel and accept.
    let (lena, _) = performer(&app, 501, "Lena", false).await;
    app.press(&lena, &format!("p:cy:{id}")).await;
    app.press(&lena, &format!("p:ra:{id}")).await;
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "confirmed"
    );
    assert_eq!(refunds(&app), 0);
}

/// Eleven bookings of Ana's, made directly (the arrangement, not what is tested).
async fn many_bookings(app: &TestApp, user_telegram_id: i64, performer_id: i64) {
    use sea_orm::ActiveValue::Set;
    let user = users::find_by_telegram_id(&app.db, user_telegram_id)
        .await
        .unwrap()
        .unwrap();
    for i in 0..11 {
        let start = datetime!(2026-11-01 18:00 UTC) + time::Duration::days(i);
        let created = NOW - time::Duration::days(30 - i);
        let row = bookings::ActiveModel {
            id: Set(uuid::Uuid::new_v4()),
            user_id: Set(user.id),
            performer_id: Set(performer_id),
            status: Set(entity::bookings::BookingStatus::Completed),
            starts_at: Set(Some(start)),
            ends_at: Set(Some(start + time::Duration::minutes(30))),
            duration_minutes: Set(30),
            price: Set(150),
            currency: Set(pnp_live::domain::money::Currency::XTR),
            hold_expires_at: Set(None),
            version: Set(4),
            invoice_payload: Set(Some(format!("bk{}", uuid::Uuid::new_v4().simple()))),
            room_provider: Set(None),
            room_name: Set(None),
            starts_on_payment: Set(false),
            created_at: Set(created),
            updated_at: Set(created),
            // Every other column as a new booking has it.
            ..Default::default()
        };
        bookings::Entity::insert(row)
            .exec_without_returning(&app.db)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn an_admin_finds_a_users_bookings_newest_first_pages_them_and_cancels_one_with_a_refund() {
    let app = app_at_now().await;
    let (ana, maria, payload) = booked(&app, "Europe/Madrid", "en").await;
    let pid = booking_by_payload(&app, &payload).await.performer_id;
    many_bookings(&app, 42, pid).await;
    // The admin reads times in Tokyo.
    let root = TgUser::superadmin();
    app.send_text(&root, "/start").await;
    let row = users::find_by_telegram_id(&app.db, SUPERADMIN)
        .await
        .unwrap()
        .unwrap();
    users::set_timezone(&app.db, row.id, "Asia/Tokyo", NOW)
        .await
        .unwrap();

    admin_search(&app, "42").await;
    let first = app.telegram.last_message_to(SUPERADMIN);
    assert!(first.text().contains("12 bookings"), "{}", first.text());
    assert!(first.text().contains("page 1/2"), "{}", first.text());
    assert!(first.text().contains("Asia/Tokyo"), "{}", first.text());
    let listed: Vec<String> = first
        .buttons()
        .into_iter()
        .filter(|b| b.starts_with('#'))
        .collect();
    assert_eq!(listed.len(), 10);
    // Newest first: the real booking (made last) heads the list; Thu 10 Dec 18:00 UTC is
    // Fri 11 Dec 03:00 in Tokyo.
    assert!(listed[0].contains("Fri 11 Dec, 03:00"), "{listed:?}");
    app.press_button(&root, "Next").await;
    let second = app.telegram.last_message_to(SUPERADMIN);
    assert!(second.text().contains("page 2/2"), "{}", second.text());
    assert_eq!(second.buttons().iter().filter(|b| b.starts_with('#')).count(), 2);
    app.press_button(&root, "Prev").await;

    // Something that names nothing is said so, and the question stays.
    admin_search(&app, "@nobody_here").await;
    assert!(app
        .telegram
        .last_message_to(SUPERADMIN)
        .text()
        .contains("Nothing found for “@nobody_here”"));
    // The whole id opens the card at once.
    let id = booking_by_payload(&app, &payload).await.id;
    app.send_text(&root, &id.to_string()).await;
    assert!(app
        .telegram
        .last_message_to(SUPERADMIN)
        .text()
        .contains(&format!("Booking #{}", &id.simple().to_string()[..8])));
    // By the performer's @username too.
    admin_search(&app, "@maria_cam").await;
    assert!(app
        .telegram
        .last_message_to(SUPERADMIN)
        .text()
        .contains("12 bookings"));
    app.press_button(&root, "Fri 11 Dec, 03:00").await;
    let card = app.telegram.last_message_to(SUPERADMIN);
    for want in [
        "Ana (id 42)",
        "Maria (@maria_cam, id 500)",
        "Fri 11 Dec, 03:00 (Asia/Tokyo)",
        "150",
        "paid",
        "payment_received",
        "History (times in Asia/Tokyo)",
    ] {
        assert!(card.text().contains(want), "{want}: {}", card.text());
    }
    app.press_button(&root, "Cancel and refund").await;
    assert!(app
        .telegram
        .last_message_to(SUPERADMIN)
        .text()
        .contains("refunded in full"));
    assert_eq!(refunds(&app), 0, "nothing happens before the confirmation");
    app.press_button(&root, "Yes, cancel and refund").await;
    assert_eq!(refunds(&app), 1);
    let after = app.telegram.last_message_to(SUPERADMIN);
    assert!(after.text().contains("Cancelled;"), "{}", after.text());
    assert!(after.text().contains("refunded"), "{}", after.text());
    assert!(!after.buttons().iter().any(|b| b.contains("Cancel and refund")));
    let told = app
        .telegram
        .messages_to(42)
        .into_iter()
        .find(|c| c.text().contains("had to be cancelled"))
        .expect("Ana is told");
    assert!(told.text().contains("sorry"), "{}", told.text());
    assert!(told.buttons().iter().any(|b| b.contains("Book someone else")));
    assert!(texts_to(&app, maria.id)
        .iter()
        .any(|t| t.contains("An admin cancelled your call")));
    // The admin's cancellation is not the performer's.
    assert!(after
        .text()
        .contains("Cancelled by the performer in the last 30 days: 0"));
    let _ = ana;
}
