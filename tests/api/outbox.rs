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

async fn rows(app: &TestApp) -> Vec<outbox::Model> {
    outbox::Entity::find()
        .order_by_asc(outbox::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
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
    let id = queue::queue(&app.db, 42, "sendMessage", &body, NOW, NOW)
        .await
        .unwrap();

    assert!(
        queue::claim(&app.db, id, NOW).await.unwrap(),
        "the first sender takes it"
    );
    assert!(
        !queue::claim(&app.db, id, NOW + time::Duration::seconds(1))
            .await
            .unwrap(),
        "another replica does not while the lease lasts"
    );
    // The first sender died holding it: the worker sends it once the lease is over.
    app.clock.set(NOW + queue::LEASE + time::Duration::seconds(1));
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
