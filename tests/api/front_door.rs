//! `POST /telegram/webhook` and the health endpoints.

use serde_json::json;

use crate::helpers::{spawn_app, TgUser};

/// `ana` says /start and taps Settings under the menu: the tap, not yet delivered.
async fn settings_tap(app: &crate::helpers::TestApp, ana: &TgUser) -> serde_json::Value {
    app.post_update(ana.message("/start")).await;
    let settings = app.telegram.last_message_to(ana.id).button_data("Settings");
    ana.callback_on(
        &settings,
        app.telegram.last_sent(ana.id).unwrap().as_pressed(ana.chat()),
    )
}

#[tokio::test]
async fn a_missing_or_wrong_secret_is_refused_with_401() {
    let app = spawn_app().await;
    let update = TgUser::new(42, "Ana", None).message("/start").to_string();
    let url = format!("{}/telegram/webhook", app.address);

    let missing = app.client.post(&url).body(update.clone()).send().await.unwrap();
    assert_eq!(missing.status(), 401);
    let wrong = app
        .client
        .post(&url)
        .header("X-Telegram-Bot-Api-Secret-Token", "not-the-secret")
        .body(update)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    assert!(
        app.telegram.calls_to("sendMessage").is_empty(),
        "nothing is answered"
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_400() {
    let app = spawn_app().await;
    for body in ["garbage", "{\"update_id\": ", "", "\u{0}\u{1}"] {
        let response = app.post_raw(body).await;
        assert_eq!(response.status(), 400, "{body:?}");
    }
    let not_an_update = app.post_raw(json!({"hello": "world"}).to_string()).await;
    assert_eq!(not_an_update.status(), 400);
}

#[tokio::test]
async fn an_oversized_body_is_a_413() {
    let app = spawn_app().await;
    let huge = format!(
        "{{\"update_id\":1,\"padding\":\"{}\"}}",
        "x".repeat(2 * 1024 * 1024)
    );
    let response = app.post_raw(huge).await;
    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn an_update_the_bot_cannot_use_is_acknowledged_with_200() {
    let app = spawn_app().await;
    // A kind the bot does not handle, a kind that does not exist, and a known kind whose shape is wrong.
    let bodies = [
        json!({"update_id": 9001, "poll": {"id": "p", "question": "q?", "options": [], "total_voter_count": 0,
            "is_closed": false, "is_anonymous": true, "type": "regular", "allows_multiple_answers": false}}),
        json!({"update_id": 9002, "something_new": {"x": 1}}),
        json!({"update_id": 9003, "message": {"text": 5}}),
        json!({"update_id": 9004, "callback_query": "nope"}),
    ];
    for body in bodies {
        let response = app.post_raw(body.to_string()).await;
        assert_eq!(response.status(), 200, "{body}");
    }
    assert!(app.telegram.calls_to("sendMessage").is_empty());
}

#[tokio::test]
async fn a_redelivered_update_is_handled_once() {
    let app = spawn_app().await;
    let update = TgUser::new(42, "Ana", None).message("/start");
    let first = app.post_raw(update.to_string()).await.bytes().await.unwrap();
    app.perform_reply_body(&first).await;
    let again = app.redeliver(&update).await;
    assert_eq!(again, first, "the redelivery is given the same response");
    assert_eq!(app.telegram.calls_to("sendMessage").len(), 1);
}

/// A burst: forty users' `/start` arrive at once, each delivered twice at the same moment (as
/// when Telegram retries a delivery it timed out on). The process writes their claims and
/// completions in shared batches; still every update is handled exactly once, a copy that loses
/// the race is told to come back (503) or skipped, and the later redeliveries are all skipped.
#[tokio::test]
async fn a_burst_of_updates_delivered_twice_at_once_is_handled_once_each() {
    let app = spawn_app().await;
    let users: Vec<TgUser> = (0..40).map(|i| TgUser::new(9_000 + i, "Ana", None)).collect();
    let updates: Vec<_> = users.iter().map(|u| u.message("/start")).collect();
    let burst = updates.iter().chain(&updates).map(|update| async {
        let response = app.post_raw(update.to_string()).await;
        let status = response.status().as_u16();
        (status, response.bytes().await.unwrap())
    });
    let answers = futures::future::join_all(burst).await;
    assert!(answers.iter().all(|(s, _)| *s == 200 || *s == 503), "{answers:?}");
    // Telegram performs the response of one delivery; a copy that got 200 got the same one.
    let (first, second) = answers.split_at(users.len());
    for (a, b) in first.iter().zip(second) {
        let answered: Vec<_> = [a, b].into_iter().filter(|(s, _)| *s == 200).collect();
        if let [x, y] = answered.as_slice() {
            assert_eq!(x.1, y.1, "both copies are given the same response");
        }
        app.perform_reply_body(&answered[0].1).await;
    }
    for user in &users {
        assert_eq!(
            app.telegram.messages_to(user.id).len(),
            1,
            "user {} answered once",
            user.id
        );
    }
    // Telegram redelivers whatever got a 503, and anything else it likes: nothing happens twice.
    for update in &updates {
        app.redeliver(update).await;
    }
    assert_eq!(app.telegram.calls_to("sendMessage").len(), users.len());
}

#[tokio::test]
async fn a_database_outage_is_answered_with_a_5xx_so_telegram_retries() {
    let app = spawn_app().await;
    app.db.pool().clone().close().await.unwrap();
    let response = app
        .post_raw(TgUser::new(42, "Ana", None).message("/start").to_string())
        .await;
    assert!(response.status().is_server_error(), "{}", response.status());
    let ready = app
        .client
        .get(format!("{}/readyz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 503);
}

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = spawn_app().await;
    let health = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let ready = app
        .client
        .get(format!("{}/readyz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.text().await.unwrap(), "ready");
}

#[tokio::test]
async fn the_command_menu_is_registered_at_start_up_in_every_language() {
    let app = spawn_app().await;
    let calls = app.telegram.wait_for("setMyCommands", 3).await;
    let languages: Vec<_> = calls
        .iter()
        .map(|c| c.body.get("language_code").cloned())
        .collect();
    assert!(languages.contains(&None));
    assert!(languages.contains(&Some(json!("es"))));
    assert!(languages.contains(&Some(json!("pt"))));
    let commands = calls[0].body["commands"].as_array().unwrap();
    assert!(commands.iter().any(|c| c["command"] == "start"));
    assert!(commands.iter().any(|c| c["command"] == "help"));
}

#[tokio::test]
async fn an_update_whose_handler_died_midway_is_handled_when_telegram_redelivers_it() {
    use entity::processed_updates;
    use sea_orm::{ActiveValue::Set, EntityTrait};

    let app = spawn_app().await;
    let update = TgUser::new(42, "Ana", None).message("/start");
    let update_id = update["update_id"].as_i64().unwrap();
    // A process claimed it and died before finishing.
    processed_updates::Entity::insert(processed_updates::ActiveModel {
        update_id: Set(update_id),
        received_at: Set(pnp_live::clock::Clock::now(&app.clock)),
        completed_at: Set(None),
        reply: Set(None),
    })
    .exec_without_returning(&app.db)
    .await
    .unwrap();

    // While the claim is fresh, Telegram is asked to come back later.
    let response = app.post_raw(update.to_string()).await;
    assert_eq!(response.status(), 503);
    assert!(app.telegram.calls_to("sendMessage").is_empty());

    // Once nobody has renewed the claim for a while, it is stale: the redelivery is handled, once.
    app.clock
        .advance(pnp_live::services::updates::STALE_AFTER + time::Duration::seconds(1));
    let first = app.post_raw(update.to_string()).await.bytes().await.unwrap();
    app.perform_reply_body(&first).await;
    let again = app.redeliver(&update).await;
    assert_eq!(again, first, "the redelivery is given the same response");
    assert_eq!(app.telegram.calls_to("sendMessage").len(), 1);
}

#[tokio::test]
async fn a_redelivery_while_telegram_is_slow_over_the_redraw_is_answered_as_the_first_not_handled_again() {
    use std::time::Duration;

    let app = spawn_app().await;
    let ana = TgUser::new(8_201, "Ana", None);
    let tap = settings_tap(&app, &ana).await;
    // Telegram takes its time over the redraw, which is made after the update has committed.
    app.telegram
        .fail_next("editMessageText", crate::fake_telegram::Failure::Slow(3_000));
    let first = tokio::spawn({
        let (client, url, tap) = (
            app.client.clone(),
            format!("{}/telegram/webhook", app.address),
            tap.to_string(),
        );
        async move {
            client
                .post(url)
                .header("X-Telegram-Bot-Api-Secret-Token", crate::helpers::WEBHOOK_SECRET)
                .header("Content-Type", "application/json")
                .body(tap)
                .send()
                .await
                .unwrap()
        }
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    // Telegram gave up waiting and delivers it again: it is taken in already, and answered
    // with the response kept for it, at once.
    let started = std::time::Instant::now();
    let redelivery = app.post_raw(tap.to_string()).await;
    assert_eq!(redelivery.status(), 200);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "not held up by the redraw"
    );

    let response = first.await.unwrap();
    assert_eq!(response.status(), 200);
    app.perform_reply(response).await;
    let id = tap["callback_query"]["id"].as_str().unwrap();
    assert_eq!(app.telegram.answers_to(id), 1, "the tap is answered once");
    assert_eq!(app.telegram.calls_to("editMessageText").len(), 1, "redrawn once");
    app.redeliver(&tap).await;
    assert_eq!(
        app.telegram.answers_to(id),
        1,
        "a later redelivery changes nothing"
    );
}

#[tokio::test]
async fn an_update_cut_off_while_its_redraw_is_made_gets_it_made_from_the_outbox() {
    use pnp_live::unit::KEPT_LEASE;

    // Requests are cut off after 2 s.
    let app = crate::helpers::spawn_app_with(&[
        ("PNP_HTTP__REQUEST_TIMEOUT_SECS", "2"),
        ("PNP_TELEGRAM__MAX_WAIT_IN_UPDATE_SECS", "1"),
    ])
    .await;
    let ana = TgUser::new(8_301, "Ana", None);
    let tap = settings_tap(&app, &ana).await;
    // Telegram takes longer over the redraw than the request may last: the request is cut off
    // after the update committed, while its redraw is being made.
    app.telegram
        .fail_next("editMessageText", crate::fake_telegram::Failure::Slow(4_000));
    let cut = app.post_raw(tap.to_string()).await;
    assert_ne!(cut.status(), 200, "the request was cut off");

    // Telegram's redelivery is a duplicate; the redraw nobody marked made is made by the
    // outbox once its lease runs out: at least once, at most once more.
    app.post_update(tap.clone()).await;
    app.clock.advance(KEPT_LEASE + time::Duration::seconds(1));
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    app.run_jobs().await;
    let redraws = app.telegram.calls_to("editMessageText").len();
    assert!((1..=2).contains(&redraws), "redrawn {redraws} times");
    assert!(
        app.telegram.last_message_to(ana.id).text().contains("Settings"),
        "{}",
        app.telegram.last_message_to(ana.id).text()
    );
}

#[tokio::test]
async fn metrics_are_served_in_prometheus_text() {
    let app = spawn_app().await;
    app.post_update(TgUser::new(42, "Ana", None).message("/start"))
        .await;
    let response = app
        .client
        .get(format!("{}/metrics", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    for needle in [
        "pnp_updates_total{kind=\"message\"}",
        "pnp_update_handle_seconds_bucket{kind=\"message\",le=\"0.005\"}",
        "pnp_telegram_calls_total{method=\"setMyCommands\",outcome=\"ok\"}",
        "pnp_db_pool_connections",
        "pnp_broadcast_queue_depth",
        "pnp_update_commits_total{at=\"end\"}",
    ] {
        assert!(text.contains(needle), "{needle} missing from:\n{text}");
    }
}

/// A booking the service refuses to apply is acknowledged (200) and taken in once: a 503 would
/// have Telegram redeliver an update that can only fail the same way, holding up the chat.
/// Here the refusal is a payment for a booking whose stored status the service does not know.
#[tokio::test]
async fn an_update_whose_booking_is_refused_is_acknowledged_once_not_redelivered() {
    use entity::{bookings, payments};
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    use crate::user_flow::{adult, book_now, performer, NOW};

    let app = spawn_app().await;
    app.clock.set(NOW);
    performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    book_now(&app, &ana).await;
    let invoice = app.telegram.calls_to("sendInvoice").pop().expect("an invoice");
    let payload = invoice.body["payload"].as_str().unwrap().to_owned();
    bookings::Entity::update_many()
        .col_expr(bookings::Column::Status, Expr::value("bogus"))
        .filter(bookings::Column::InvoicePayload.eq(payload.as_str()))
        .exec(&app.db)
        .await
        .unwrap();
    let calls_before = app.telegram.calls().len();

    let payment = ana.successful_payment(&payload, 150, "XTR", "charge-refused");
    for delivery in ["first", "redelivered"] {
        let response = app.post_raw(payment.to_string()).await;
        assert_eq!(response.status(), 200, "{delivery} delivery");
        assert!(response.bytes().await.unwrap().is_empty(), "{delivery}: no reply");
    }
    assert_eq!(app.telegram.calls().len(), calls_before, "nothing sent");
    assert!(
        payments::Entity::find().all(&app.db).await.unwrap().is_empty(),
        "the payment was not applied"
    );
}

/// Ana taps Settings, whose redraw Telegram answers slowly (1.5 s), and Bea sends /start
/// while it is on its way: whether Bea's update had to wait for Ana's to end.
async fn bea_waits_for_ana(env: &[(&str, &str)]) -> bool {
    use std::time::{Duration, Instant};
    const SLOW: Duration = Duration::from_millis(1500);
    let app = crate::helpers::spawn_app_with(env).await;
    let (ana, bea) = (TgUser::new(8_101, "Ana", None), TgUser::new(8_102, "Bea", None));
    let tap = settings_tap(&app, &ana).await;
    app.telegram.fail_next(
        "editMessageText",
        crate::fake_telegram::Failure::Slow(SLOW.as_millis() as u64),
    );
    let started = Instant::now();
    let slow = async {
        let response = app.post_raw(tap.to_string()).await;
        (Instant::now(), response)
    };
    let quick = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let response = app.post_raw(bea.message("/start").to_string()).await;
        (Instant::now(), response)
    };
    let ((ana_done, ana_response), (bea_done, bea_response)) = tokio::join!(slow, quick);
    assert_eq!(
        (ana_response.status().as_u16(), bea_response.status().as_u16()),
        (200, 200)
    );
    app.perform_reply(ana_response).await;
    app.perform_reply(bea_response).await;
    assert_eq!(app.telegram.messages_to(bea.id).len(), 1, "Bea is answered");
    assert_eq!(
        app.telegram
            .answers_to(tap["callback_query"]["id"].as_str().unwrap()),
        1,
        "Ana's tap is answered"
    );
    assert!(ana_done >= started + SLOW);
    if bea_done < ana_done {
        false
    } else {
        assert!(
            bea_done >= started + SLOW,
            "Bea was answered only after Ana's redraw"
        );
        true
    }
}

#[tokio::test]
async fn updates_past_the_in_flight_bound_wait_for_a_turn_and_none_is_lost() {
    assert!(
        bea_waits_for_ana(&[("PNP_TELEGRAM__MAX_UPDATES_IN_FLIGHT", "1")]).await,
        "with one turn, Bea's update waits for Ana's to finish"
    );
    assert!(
        !bea_waits_for_ana(&[]).await,
        "with the default turns, a slow update holds up nobody else"
    );
}
