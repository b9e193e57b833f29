//! The outbox: a 429 asking an update to wait longer than its budget queues the call, the
//! webhook is answered at once, and the worker sends the call once the wait is over.

use std::time::{Duration, Instant};

use entity::outbox;
use pnp_live::services::users;
use sea_orm::{EntityTrait, QueryOrder};

use crate::fake_telegram::Failure;
use crate::helpers::{TestApp, TgUser};
use crate::user_flow::{adult, book_now, booking_by_payload, pay_last_invoice, performer, texts_to, NOW};

const CONFIRMED: &str = "Booking confirmed";

async fn app_at_now() -> TestApp {
    let app = crate::helpers::spawn_app().await;
    app.clock.set(NOW);
    app
}

/// The rows the outbox holds for later: not the calls updates wrote there and made at once,
/// after their commit (sent at the instant they were written, on the test's still clock).
async fn rows(app: &TestApp) -> Vec<outbox::Model> {
    outbox::Entity::find()
        .order_by_asc(outbox::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|row| row.sent_at != Some(row.created_at))
        .collect()
}

/// One pass of the jobs, then waits (up to 10 s) until no outbox row is being sent: the app's
/// own worker makes a pass when it starts, and may be the one that claimed a row.
async fn run_jobs(app: &TestApp) {
    app.run_jobs().await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while rows(app).await.iter().any(|r| r.claimed_until.is_some()) {
        assert!(Instant::now() < deadline, "an outbox row stays claimed");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Confirmations `chat` was shown (calls Telegram accepted).
fn confirmations(app: &TestApp, chat: i64) -> usize {
    texts_to(app, chat)
        .iter()
        .filter(|t| t.contains(CONFIRMED))
        .count()
}

/// Ana books Maria now; her chat answers the payment's confirmation with a 429 asking for two
/// minutes. Returns the invoice payload and how long the payment's update took to answer.
async fn paid_while_rate_limited(app: &TestApp) -> (TgUser, String, Duration) {
    performer(app, 500, "Maria", true).await;
    let ana = adult(app, 42, "Ana").await;
    book_now(app, &ana).await;
    let invoice = app.telegram.calls_to("sendInvoice").pop().expect("an invoice");
    let payload = invoice.body["payload"].as_str().unwrap().to_owned();
    let amount = invoice.body["prices"][0]["amount"].as_i64().unwrap();
    app.post_update(ana.pre_checkout(&payload, amount, "XTR")).await;

    app.telegram
        .fail_next_for("sendMessage", 42, Failure::TooManyRequests { retry_after: 120 });
    let started = Instant::now();
    app.post_update(ana.successful_payment(&payload, amount, "XTR", "charge-1"))
        .await;
    (ana, payload, started.elapsed())
}

#[tokio::test]
async fn a_notice_telegram_holds_back_two_minutes_is_queued_and_sent_once_when_the_wait_is_over() {
    let app = app_at_now().await;
    let (_, payload, took) = paid_while_rate_limited(&app).await;

    assert!(took < Duration::from_secs(10), "the update waited {took:?}");
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "confirmed"
    );
    let queued = rows(&app).await;
    let row = queued
        .iter()
        .find(|r| r.payload.contains(CONFIRMED))
        .expect("the confirmation is in the outbox");
    assert_eq!((row.chat_id, row.method.as_str()), (42, "sendMessage"));
    assert_eq!(row.not_before, NOW + time::Duration::seconds(120));
    assert!(row.sent_at.is_none());
    assert_eq!(confirmations(&app, 42), 0);

    app.clock.advance(time::Duration::seconds(60));
    run_jobs(&app).await;
    assert_eq!(confirmations(&app, 42), 0, "not before the wait is over");

    app.clock.advance(time::Duration::seconds(61));
    run_jobs(&app).await;
    run_jobs(&app).await;
    assert_eq!(confirmations(&app, 42), 1, "delivered once");
    assert!(rows(&app).await.iter().all(|r| r.sent_at.is_some()));
}

#[tokio::test]
async fn a_queued_notice_survives_a_restart() {
    let app = app_at_now().await;
    let (_, _, _) = paid_while_rate_limited(&app).await;
    assert!(!rows(&app).await.is_empty());

    let app = app.restart().await;
    app.clock.set(NOW + time::Duration::seconds(121));
    run_jobs(&app).await;
    assert_eq!(confirmations(&app, 42), 1);
}

#[tokio::test]
async fn a_new_429_pushes_the_row_back_and_a_403_gives_it_up() {
    let app = app_at_now().await;
    paid_while_rate_limited(&app).await;
    app.clock.advance(time::Duration::seconds(121));

    app.telegram
        .fail_next_for("sendMessage", 42, Failure::TooManyRequests { retry_after: 30 });
    run_jobs(&app).await;
    let row = rows(&app).await.into_iter().next().unwrap();
    assert_eq!(row.not_before, NOW + time::Duration::seconds(121 + 30));
    assert!(row.sent_at.is_none() && row.claimed_until.is_none());
    assert_eq!(confirmations(&app, 42), 0);

    app.clock.advance(time::Duration::seconds(31));
    app.telegram.fail_next_for("sendMessage", 42, Failure::Blocked);
    run_jobs(&app).await;
    let first = rows(&app).await.into_iter().next().unwrap();
    assert!(first.given_up_at.is_some(), "{first:?}");
    let ana = users::find_by_telegram_id(&app.db, 42).await.unwrap().unwrap();
    assert!(ana.bot_blocked_at.is_some());
}

#[tokio::test]
async fn an_invoice_telegram_holds_back_is_queued_the_hold_stays_and_it_can_be_paid_when_sent() {
    let app = app_at_now().await;
    performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    app.telegram
        .fail_next_for("sendInvoice", 42, Failure::TooManyRequests { retry_after: 120 });
    let started = Instant::now();
    book_now(&app, &ana).await;
    assert!(started.elapsed() < Duration::from_secs(10));

    let queued = rows(&app).await;
    assert_eq!(queued.len(), 1, "{queued:?}");
    assert_eq!(queued[0].method, "sendInvoice");
    let invoices = |app: &TestApp| {
        app.telegram
            .calls_to("sendInvoice")
            .into_iter()
            .filter(|c| !c.refused)
            .count()
    };
    assert_eq!(invoices(&app), 0);

    app.clock.advance(time::Duration::seconds(121));
    run_jobs(&app).await;
    assert_eq!(invoices(&app), 1, "the invoice goes out when the wait is over");
    let payload = pay_last_invoice(&app, &ana, "charge-1").await;
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "confirmed"
    );
    assert_eq!(confirmations(&app, 42), 1, "the chat is no longer paused");
}

#[tokio::test]
async fn a_buttons_answer_telegram_holds_back_is_dropped_and_the_update_answered_at_once() {
    let app = crate::helpers::spawn_app_tweaked(&[], |c| c.telegram.reply_in_webhook = false).await;
    let ana = TgUser::new(42, "Ana", None);
    app.send_text(&ana, "/start").await;
    app.telegram.fail_next(
        "answerCallbackQuery",
        Failure::TooManyRequests { retry_after: 120 },
    );

    let started = Instant::now();
    let response = app.post_raw(ana.callback("u:h", 1).to_string()).await;
    assert_eq!(response.status(), 200);
    assert!(started.elapsed() < Duration::from_secs(10));
    let answers = app.telegram.calls_to("answerCallbackQuery");
    assert_eq!(answers.len(), 1, "asked once, not retried: {answers:?}");
    assert!(answers[0].refused);
    assert!(rows(&app).await.is_empty(), "an answer is not queued");
}

#[tokio::test]
async fn a_row_is_sent_by_one_sender_at_a_time_and_a_dead_senders_lease_runs_out() {
    use pnp_live::telegram::outbox as queue;
    let app = app_at_now().await;
    let body = serde_json::json!({"chat_id": 42, "text": "hi"});
    // Due a second from now: the app's own worker, making its first pass as it starts, leaves it.
    let due = NOW + time::Duration::seconds(1);
    let id = queue::queue(&app.db, 42, "sendMessage", &body, due, NOW)
        .await
        .unwrap();

    assert!(
        queue::claim(&app.db, id, due).await.unwrap(),
        "the first sender takes it"
    );
    assert!(
        !queue::claim(&app.db, id, due + time::Duration::seconds(1))
            .await
            .unwrap(),
        "another replica does not while the lease lasts"
    );
    // The first sender died holding it: the worker sends it once the lease is over.
    app.clock.set(due + queue::LEASE + time::Duration::seconds(1));
    run_jobs(&app).await;
    assert_eq!(
        app.telegram
            .messages_to(42)
            .iter()
            .filter(|c| c.text() == "hi")
            .count(),
        1
    );
    let row = rows(&app).await.pop().unwrap();
    assert_eq!(row.attempts, 2);
    assert!(row.sent_at.is_some());
}

/// Texts Ana was shown, in order, that are one of `wanted`.
fn in_order(app: &TestApp, wanted: &[&str]) -> Vec<String> {
    texts_to(app, 42)
        .into_iter()
        .filter_map(|t| wanted.iter().find(|w| t.contains(**w)).map(|w| (*w).to_owned()))
        .collect()
}

#[tokio::test]
async fn once_the_chats_pause_is_over_a_fresh_answer_still_waits_behind_what_was_queued() {
    // An update may wait one second; Telegram asks Ana's chat to wait two.
    let app = crate::helpers::spawn_app_with(&[("PNP_TELEGRAM__MAX_WAIT_IN_UPDATE_SECS", "1")]).await;
    app.clock.set(NOW);
    performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    book_now(&app, &ana).await;
    let invoice = app.telegram.calls_to("sendInvoice").pop().expect("an invoice");
    let payload = invoice.body["payload"].as_str().unwrap().to_owned();
    let amount = invoice.body["prices"][0]["amount"].as_i64().unwrap();
    app.post_update(ana.pre_checkout(&payload, amount, "XTR")).await;
    app.telegram
        .fail_next_for("sendMessage", 42, Failure::TooManyRequests { retry_after: 2 });
    app.post_update(ana.successful_payment(&payload, amount, "XTR", "charge-1"))
        .await;
    assert_eq!(confirmations(&app, 42), 0, "the confirmation is queued");

    // The pause is over, but the worker has not sent the queued confirmation yet when Ana
    // opens her bookings: the list must not arrive before the confirmation.
    tokio::time::sleep(Duration::from_millis(2_200)).await;
    app.send_text(&ana, "/bookings").await;
    app.clock.advance(time::Duration::seconds(3));
    run_jobs(&app).await;
    run_jobs(&app).await;
    assert_eq!(
        in_order(&app, &[CONFIRMED, "Your bookings"]),
        vec![CONFIRMED.to_owned(), "Your bookings".to_owned()],
        "in the order they were sent"
    );
    // The calendar file, uploaded after the confirmation, was queued behind it with its bytes.
    let calls = app.telegram.messages_to(42);
    let confirmed_at = calls.iter().position(|c| c.text().contains(CONFIRMED)).unwrap();
    let ics_at = calls
        .iter()
        .position(|c| c.method == "sendDocument")
        .expect("the .ics arrives");
    assert!(ics_at > confirmed_at, "the .ics follows its confirmation");
    assert_eq!(calls.iter().filter(|c| c.method == "sendDocument").count(), 1);
    let file = &calls[ics_at].body["document"];
    assert_eq!(file["file_name"], "pnp-live-call.ics");
    assert!(
        file["content"].as_str().unwrap().starts_with("BEGIN:VCALENDAR"),
        "{file}"
    );
    // The queue drained, answers ride in the webhook response again.
    let response = app.post_raw(ana.message("/bookings").to_string()).await;
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["method"], "sendMessage", "{body}");
}

#[tokio::test]
async fn an_invoice_queued_past_its_hold_is_not_sent_and_the_user_is_told_the_time_is_free() {
    let app = app_at_now().await;
    performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    // Telegram asks Ana's chat to wait half an hour: longer than any hold.
    app.telegram
        .fail_next_for("sendInvoice", 42, Failure::TooManyRequests { retry_after: 1_800 });
    book_now(&app, &ana).await;
    assert_eq!(rows(&app).await.len(), 1);

    // Half an hour passes: on the test clock, and for the chat's pause Telegram asked for.
    app.clock.advance(time::Duration::seconds(1_801));
    app.state.telegram.pacer().chat_resumed(42);
    run_jobs(&app).await;
    run_jobs(&app).await;
    let sent_invoices = app
        .telegram
        .calls_to("sendInvoice")
        .into_iter()
        .filter(|c| !c.refused)
        .count();
    assert_eq!(sent_invoices, 0, "an invoice nobody can pay is not sent");
    let row = rows(&app)
        .await
        .into_iter()
        .find(|r| r.method == "sendInvoice")
        .unwrap();
    assert!(row.given_up_at.is_some(), "{row:?}");
    assert!(
        texts_to(&app, 42)
            .iter()
            .any(|t| t.contains("expired before payment")),
        "Ana is told her hold expired"
    );
}
