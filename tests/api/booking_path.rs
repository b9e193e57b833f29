//! The booking path as people walk it: a Start-now call paid minutes later, a performer busy
//! in a call, the meeting link as a button that stays the same, the calendar file and its
//! cancellation, buttons under a confirmation, and every time with its zone — for a user in
//! São Paulo booking a performer in Madrid.

use pnp_live::services::{profiles, users};

use crate::fake_telegram::Call;
use crate::helpers::{spawn_app, spawn_app_with, TestApp, TgUser};
use crate::user_flow::{
    adult, book_now, booking_by_payload, join_url, pay_last_invoice, performer, texts_to, NOW,
};

async fn app_at_now() -> TestApp {
    let app = spawn_app().await;
    app.clock.set(NOW);
    app
}

fn documents_to(app: &TestApp, chat: i64) -> Vec<String> {
    app.telegram
        .calls_to("sendDocument")
        .into_iter()
        .filter(|c: &Call| c.chat_id() == Some(chat))
        .map(|c| {
            c.body["document"]["content"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn a_start_now_call_paid_nine_minutes_later_starts_at_the_payment_with_one_link_message() {
    let app = app_at_now().await;
    let (maria, _) = performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    book_now(&app, &ana).await;
    let invoice = app.telegram.calls_to("sendInvoice").pop().expect("an invoice");
    let description = invoice.body["description"].as_str().unwrap();
    assert!(description.contains("as soon as you pay"), "{description}");

    // While Ana finds her card, Bob cannot take Maria: she is being booked.
    let bob = adult(&app, 43, "Bob").await;
    app.press_button(&bob, "Book").await;
    app.press_button(&bob, "30 min").await;
    let refusal = app.telegram.last_message_to(43);
    assert!(
        refusal.text().contains("someone else is booking"),
        "{}",
        refusal.text()
    );
    assert!(!refusal.buttons().iter().any(|b| b.contains("Start now")));

    app.clock.set(NOW + time::Duration::minutes(9));
    let payload = pay_last_invoice(&app, &ana, "charge-late-9").await;
    let booking = booking_by_payload(&app, &payload).await;
    assert_eq!(booking.status.as_str(), "confirmed");
    let paid_at = NOW + time::Duration::minutes(9);
    assert_eq!(
        booking.starts_at,
        Some(paid_at),
        "the call starts when it is paid"
    );
    assert_eq!(
        booking.ends_at,
        Some(paid_at + time::Duration::minutes(30)),
        "all 30 minutes"
    );
    let confirmation = texts_to(&app, 42)
        .into_iter()
        .find(|t| t.contains("Booking confirmed"))
        .unwrap();
    assert!(
        confirmation.contains("Mon 7 Dec, 09:09 (America/Mexico_City)"),
        "{confirmation}"
    );

    // The at-start reminder would only repeat the confirmation's link: one message.
    for minutes in [10, 12, 20] {
        app.clock.set(NOW + time::Duration::minutes(minutes));
        app.run_jobs().await;
    }
    for who in [42, maria.id] {
        let with_link: Vec<String> = app
            .telegram
            .messages_to(who)
            .into_iter()
            .filter(|c| c.button_url("Join call").is_some())
            .map(|c| c.text().to_owned())
            .collect();
        assert_eq!(with_link.len(), 1, "one link message for {who}: {with_link:?}");
    }
}

#[tokio::test]
async fn a_performer_in_a_call_is_said_busy_until_its_end_and_offers_her_next_times() {
    let app = app_at_now().await;
    let (_, pid) = performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    book_now(&app, &ana).await;
    pay_last_invoice(&app, &ana, "charge-busy").await;

    let bob = adult(&app, 43, "Bob").await;
    let list = app.telegram.last_message_to(43);
    assert!(
        list.text().contains("Maria"),
        "still listed online: {}",
        list.text()
    );
    app.press(&bob, &format!("u:b:b:{pid}")).await;
    app.press_button(&bob, "30 min").await;
    let busy = app.telegram.last_message_to(43);
    assert!(
        busy.text()
            .contains("Maria is in a call until 09:30 (America/Mexico_City)"),
        "{}",
        busy.text()
    );
    assert!(!busy.text().contains("offline"), "{}", busy.text());
    assert!(busy.text().contains("Next free times"), "{}", busy.text());
    // Her next free time is a button that holds it.
    let next = busy
        .keyboard()
        .into_iter()
        .find(|(_, data)| data.starts_with("u:b:t:"))
        .expect("a next free time");
    app.press(&bob, &next.1).await;
    let invoices = app.telegram.calls_to("sendInvoice");
    assert_eq!(
        invoices.last().and_then(Call::chat_id),
        Some(43),
        "Bob got his invoice"
    );
}

#[tokio::test]
async fn my_bookings_under_the_confirmation_opens_a_new_message_and_the_confirmation_stays() {
    let app = app_at_now().await;
    performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    book_now(&app, &ana).await;
    pay_last_invoice(&app, &ana, "charge-mb").await;
    let before = app.telegram.chat(42).len();
    app.press_under(&ana, |c| c.text().contains("Booking confirmed"), "My bookings")
        .await;
    let chat = app.telegram.chat(42);
    assert_eq!(chat.len(), before + 1, "a new message");
    assert!(
        chat.iter()
            .any(|m| m.text.as_deref().is_some_and(|t| t.contains("Booking confirmed"))),
        "the confirmation is still there"
    );
    let list = app.telegram.last_message_to(42);
    assert!(list.text().contains("Your bookings"), "{}", list.text());
    assert!(
        list.text().contains("Times in America/Mexico_City"),
        "{}",
        list.text()
    );
}

#[tokio::test]
async fn the_daily_link_is_minted_once_and_shown_the_same_in_my_bookings() {
    let daily = crate::fake_daily::FakeDaily::start().await;
    let app = spawn_app_with(&[
        ("PNP_VIDEO_PROVIDER", "daily"),
        ("PNP_DAILY_API_URL", &daily.url),
        ("PNP_DAILY_API_KEY", crate::fake_daily::API_KEY),
    ])
    .await;
    app.clock.set(NOW);
    performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    book_now(&app, &ana).await;
    pay_last_invoice(&app, &ana, "charge-daily").await;
    let tokens = || {
        daily
            .calls()
            .iter()
            .filter(|c| c.path == "/meeting-tokens")
            .count()
    };
    assert_eq!(tokens(), 2, "one token per person");
    let confirmed = join_url(&app, 42, "Booking confirmed");

    for _ in 0..3 {
        app.send_text(&ana, "/bookings").await;
        app.press_button(&ana, "Maria").await;
        let detail = app.telegram.last_message_to(42);
        assert_eq!(
            detail.button_url("Join call").as_deref(),
            Some(confirmed.as_str())
        );
    }
    assert_eq!(tokens(), 2, "viewing a booking mints no token");
}

#[tokio::test]
async fn a_cancelled_booking_sends_both_sides_a_calendar_cancellation() {
    let app = app_at_now().await;
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    let ana = adult(&app, 42, "Ana").await;
    app.press(&ana, &format!("u:b:b:{pid}")).await;
    app.press_button(&ana, "30 min").await;
    app.press_button(&ana, "Schedule").await;
    app.press_button(&ana, "Thu 10 ·").await;
    app.press_button(&ana, "12:00").await;
    pay_last_invoice(&app, &ana, "charge-ics").await;
    let published = documents_to(&app, 42);
    assert_eq!(published.len(), 1);
    assert_eq!(
        documents_to(&app, maria.id).len(),
        1,
        "the performer gets the file too"
    );
    let uid = published[0]
        .lines()
        .find(|l| l.starts_with("UID:"))
        .unwrap()
        .to_owned();

    app.send_text(&ana, "/bookings").await;
    app.press_button(&ana, "Thu 10 Dec").await;
    app.press_button(&ana, "Cancel booking").await;
    app.press_button(&ana, "Yes, cancel").await;
    for who in [42, maria.id] {
        let files = documents_to(&app, who);
        assert_eq!(files.len(), 2, "{who}: the event, then its cancellation");
        let cancel = &files[1];
        assert!(
            cancel.contains("METHOD:CANCEL") && cancel.contains("STATUS:CANCELLED"),
            "{cancel}"
        );
        assert!(cancel.contains(&uid), "the same event: {cancel}");
        let sequence = |ics: &str| -> i32 {
            ics.lines()
                .find_map(|l| l.strip_prefix("SEQUENCE:"))
                .unwrap()
                .trim()
                .parse()
                .unwrap()
        };
        assert!(sequence(cancel) > sequence(&files[0]), "a later version");
    }
}

#[tokio::test]
async fn a_user_in_sao_paulo_and_a_performer_in_madrid_each_read_their_own_time() {
    let app = app_at_now().await;
    let (valentina, pid) = performer(&app, 500, "Valentina", false).await;
    let row = users::find_by_telegram_id(&app.db, valentina.id)
        .await
        .unwrap()
        .unwrap();
    let profile = profiles::by_user(&app.db, row.id).await.unwrap().unwrap();
    assert_eq!(profile.id, pid);
    profiles::set_timezone(&app.db, pid, "Europe/Madrid", NOW)
        .await
        .unwrap();

    // Joana has not told us her zone: the profile's times wait for it.
    let joana = TgUser::new(42, "Joana", None).portuguese();
    app.send_text(&joana, "/start").await;
    app.press_button(&joana, "PNP Live").await;
    app.press_button(&joana, "18+").await;
    app.press(&joana, &format!("u:l:v:{pid}")).await;
    let asked = app.telegram.last_message_to(42);
    assert!(asked.text().contains("fuso horário"), "{}", asked.text());
    app.send_text(&joana, "São Paulo").await;
    let row = users::find_by_telegram_id(&app.db, 42).await.unwrap().unwrap();
    assert_eq!(row.timezone.as_deref(), Some("America/Sao_Paulo"));
    let card = app.telegram.last_message_to(42);
    assert!(
        card.text().contains("Valentina"),
        "the profile she tapped: {}",
        card.text()
    );
    assert!(card.text().contains("America/Sao_Paulo"), "{}", card.text());

    // Monday 7 Dec: Madrid's 10:00–22:00 is 06:00–18:00 in São Paulo; she books 12:00 hers.
    app.press_button(&joana, "Reservar").await;
    app.press_button(&joana, "30 min").await;
    app.press_button(&joana, "Agendar").await;
    app.press_button(&joana, "Qui 10 ·").await;
    app.press_button(&joana, "12:00").await;
    pay_last_invoice(&app, &joana, "charge-zones").await;
    let confirmation = texts_to(&app, 42)
        .into_iter()
        .find(|t| t.contains("Reserva confirmada"))
        .unwrap();
    assert!(
        confirmation.contains("10 dez, 12:00 (America/Sao_Paulo)"),
        "{confirmation}"
    );
    let told = texts_to(&app, valentina.id)
        .into_iter()
        .find(|t| t.contains("New booking"))
        .unwrap();
    assert!(told.contains("10 Dec, 16:00 (Europe/Madrid)"), "{told}");
}
