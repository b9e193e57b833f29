//! The people and first steps most flow tests start from: a performer with rates and hours, an
//! adult user past the 18+ gate in a zone, Start now up to the invoice, paying the last invoice
//! through the webhook. Shared by the API tests and the browser tests.

use entity::bookings;
use pnp_live::clock::Clock;
use pnp_live::domain::money::{Currency, Money};
use pnp_live::services::{availability, profiles, roles, users};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use time::macros::datetime;
use time::OffsetDateTime;

use crate::fake_telegram::Call;
use crate::helpers::{TestApp, TgUser};

/// Monday 2026-12-07, 15:00 UTC (09:00 in Mexico City).
pub(crate) const NOW: OffsetDateTime = datetime!(2026-12-07 15:00 UTC);

/// A performer who has opened the bot, with two rates and all-day hours.
pub(crate) async fn performer(app: &TestApp, telegram_id: i64, name: &str, online: bool) -> (TgUser, i64) {
    let who = TgUser::new(telegram_id, name, Some(&format!("{}_cam", name.to_lowercase())));
    app.send_text(&who, "/start").await;
    let user = users::find_by_telegram_id(&app.db, telegram_id)
        .await
        .unwrap()
        .unwrap();
    roles::grant(&app.db, user.id, roles::Role::Performer, None, NOW)
        .await
        .unwrap();
    let profile = profiles::ensure(&app.db, user.id, name, "America/Mexico_City", NOW)
        .await
        .unwrap();
    profiles::set_rate(&app.db, profile.id, 30, Money::new(150, Currency::XTR), NOW)
        .await
        .unwrap();
    profiles::set_rate(&app.db, profile.id, 60, Money::new(250, Currency::XTR), NOW)
        .await
        .unwrap();
    for day in 1..=7 {
        let weekday = jiff::civil::Weekday::from_monday_one_offset(day).unwrap();
        let (from, to) = (jiff::civil::time(10, 0, 0, 0), jiff::civil::time(22, 0, 0, 0));
        availability::set_day(&app.db, profile.id, weekday, &[(from, to)])
            .await
            .unwrap();
    }
    if online {
        profiles::set_online(&app.db, profile.id, true, NOW)
            .await
            .unwrap();
    }
    (who, profile.id)
}

/// A user who has started the bot and passed the 18+ gate.
pub(crate) async fn adult(app: &TestApp, telegram_id: i64, name: &str) -> TgUser {
    adult_as(app, TgUser::new(telegram_id, name, None), "America/Mexico_City").await
}

/// [`adult`] for a given person (a @username, a language) living in `zone`.
pub(crate) async fn adult_as(app: &TestApp, user: TgUser, zone: &str) -> TgUser {
    app.send_text(&user, "/start").await;
    app.press_button(&user, "PNP Live").await;
    app.press_button(&user, "18+").await;
    // And who has told us their zone, as the first screen with times asks (Mexico City, the
    // tests' default zone; `zones.rs` walks the question itself).
    let row = pnp_live::services::users::find_by_telegram_id(&app.db, user.id)
        .await
        .unwrap()
        .unwrap();
    pnp_live::services::users::set_timezone(&app.db, row.id, zone, app.clock.now())
        .await
        .unwrap();
    user
}

/// From the online list: Book the first performer, 30 minutes, Start now (up to the invoice).
pub(crate) async fn book_now(app: &TestApp, user: &TgUser) {
    app.press_button(user, "Book").await;
    app.press_button(user, "30 min").await;
    app.press_button(user, "Start now").await;
}

pub(crate) fn invoice_payload(call: &Call) -> String {
    call.body["payload"].as_str().unwrap().to_owned()
}

pub(crate) fn amount(call: &Call) -> i64 {
    call.body["prices"][0]["amount"].as_i64().unwrap()
}

/// Pays the last invoice sent to `user`: pre-checkout approved, then the payment.
pub(crate) async fn pay_last_invoice(app: &TestApp, user: &TgUser, charge: &str) -> String {
    let invoice = app
        .telegram
        .calls_to("sendInvoice")
        .into_iter()
        .rev()
        .find(|c| c.chat_id() == Some(user.id))
        .unwrap();
    let payload = invoice_payload(&invoice);
    app.post_update(user.pre_checkout(&payload, amount(&invoice), "XTR"))
        .await;
    let answer = app.telegram.calls_to("answerPreCheckoutQuery").pop().unwrap();
    assert_eq!(answer.body["ok"], true, "{:?}", answer.body);
    app.post_update(user.successful_payment(&payload, amount(&invoice), "XTR", charge))
        .await;
    payload
}

pub(crate) async fn booking_by_payload(app: &TestApp, payload: &str) -> bookings::Model {
    bookings::Entity::find()
        .filter(bookings::Column::InvoicePayload.eq(payload))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

pub(crate) fn texts_to(app: &TestApp, chat: i64) -> Vec<String> {
    app.telegram
        .messages_to(chat)
        .iter()
        .map(|c| c.text().to_owned())
        .collect()
}

/// How many messages to `chat` say `needle`.
pub(crate) fn texts_saying(app: &TestApp, chat: i64, needle: &str) -> usize {
    texts_to(app, chat).iter().filter(|t| t.contains(needle)).count()
}

/// The [▶️ Join call] link under the last message to `chat` whose text contains `text`.
pub(crate) fn join_url(app: &TestApp, chat: i64, text: &str) -> String {
    let message = app
        .telegram
        .messages_to(chat)
        .into_iter()
        .rev()
        .find(|c| c.text().contains(text))
        .unwrap_or_else(|| panic!("no message with {text:?} to {chat}"));
    assert!(
        !message.text().contains("https://"),
        "the link is a button, not pasted in the text: {}",
        message.text()
    );
    message
        .button_url("Join call")
        .unwrap_or_else(|| panic!("no Join call button under {:?}", message.text()))
}

/// An admin (by role, not a superadmin) who has started the bot.
pub(crate) async fn admin(app: &TestApp) -> TgUser {
    let who = TgUser::new(900, "Ada", Some("ada_admin"));
    app.send_text(&who, "/start").await;
    let row = users::find_by_telegram_id(&app.db, who.id)
        .await
        .unwrap()
        .unwrap();
    roles::grant(&app.db, row.id, roles::Role::Admin, None, NOW)
        .await
        .unwrap();
    who
}

/// The times (HH:MM buttons) the chat offers `user` on the day button starting with `day`.
pub(crate) async fn chat_times(app: &TestApp, user: &TgUser, pid: i64, day: &str) -> Vec<String> {
    app.press(user, &format!("u:l:v:{pid}")).await;
    app.press_button(user, "Book").await;
    app.press_button(user, "30 min").await;
    app.press_button(user, "Schedule").await;
    app.press_button(user, day).await;
    app.telegram
        .last_message_to(user.id)
        .buttons()
        .into_iter()
        .filter(|b| b.len() == 5 && b.as_bytes()[2] == b':')
        .collect()
}

/// Maria (Mexico City) is free only on Tuesdays (8 December first), 10:00–12:00 her time
/// (16:00–18:00 UTC); returns her Telegram user and profile id.
pub(crate) async fn maria_on_tuesday(app: &TestApp) -> (TgUser, i64) {
    let (maria, pid) = performer(app, 500, "Maria", false).await;
    for day in 1..=7 {
        let weekday = jiff::civil::Weekday::from_monday_one_offset(day).unwrap();
        let hours = if weekday == jiff::civil::Weekday::Tuesday {
            vec![(jiff::civil::time(10, 0, 0, 0), jiff::civil::time(12, 0, 0, 0))]
        } else {
            Vec::new()
        };
        availability::set_day(&app.db, pid, weekday, &hours)
            .await
            .unwrap();
    }
    (maria, pid)
}

/// The performer's rate for calls of `minutes`.
pub(crate) async fn rate_of(app: &TestApp, performer_id: i64, minutes: i32) -> profiles::Rate {
    profiles::rates(&app.db, performer_id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.duration_minutes == minutes)
        .unwrap_or_else(|| panic!("no {minutes}-minute rate"))
}

/// Every booking of the person with Telegram id `telegram_id`, as the user.
pub(crate) async fn bookings_of(app: &TestApp, telegram_id: i64) -> Vec<bookings::Model> {
    let user = users::find_by_telegram_id(&app.db, telegram_id)
        .await
        .unwrap()
        .unwrap();
    bookings::Entity::find()
        .filter(bookings::Column::UserId.eq(user.id))
        .all(&app.db)
        .await
        .unwrap()
}

/// What an admin has to look at: Maria online; Ana booked her now and paid; Bea scheduled
/// Tuesday 17:30 and was sent the invoice; Ada, an admin.
pub(crate) struct AdminsWeek {
    pub ada: TgUser,
    pub ana: TgUser,
    pub bea: TgUser,
    /// Ana's paid call with Maria, now.
    pub paid: bookings::Model,
    /// Maria's profile id.
    pub maria: i64,
}

pub(crate) async fn admins_week(app: &TestApp) -> AdminsWeek {
    let (_maria, maria) = performer(app, 500, "Maria", true).await;
    let ana = adult(app, 42, "Ana").await;
    book_now(app, &ana).await;
    let payload = pay_last_invoice(app, &ana, "charge-ana").await;
    let paid = booking_by_payload(app, &payload).await;
    assert_eq!(paid.status, bookings::BookingStatus::Confirmed);
    let bea = adult(app, 43, "Bea").await;
    app.press(&bea, &format!("u:l:v:{maria}")).await;
    app.press_button(&bea, "Book").await;
    app.press_button(&bea, "30 min").await;
    app.press_button(&bea, "Other times").await;
    app.press_button(&bea, "Tue 8 ·").await;
    app.press_button(&bea, "17:30").await;
    assert!(
        app.telegram
            .calls_to("sendInvoice")
            .iter()
            .any(|c| c.chat_id() == Some(43)),
        "Bea has her invoice"
    );
    let ada = admin(app).await;
    AdminsWeek {
        ada,
        ana,
        bea,
        paid,
        maria,
    }
}
