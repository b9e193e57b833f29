//! Several replicas on one database: updates are de-duplicated across them and every piece of
//! background work happens exactly once. Two `pnp-live serve` processes (the real binary) for
//! update de-duplication and broadcast deliveries; two in-process instances (each with its own
//! pool, listener and workers, on a clock the test moves) for hold expiry, reminders and
//! confirmations, which real time would make minutes long.

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
    // Telegram performs one response; a copy that got 200 too was given the same one.
    let mut given = Vec::new();
    for response in [ra, rb] {
        if response.status() == 200 {
            given.push(response.bytes().await.unwrap());
        }
    }
    assert!(given.windows(2).all(|w| w[0] == w[1]), "{given:?}");
    a.perform_reply_body(&given[0]).await;
    // Redeliveries later are skipped by both.
    a.redeliver(&update).await;
    b.redeliver(&update).await;
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
    a.press(&ana, &format!("u:b:b:{pid}")).await;
    b.press_button(&ana, "30 min").await;
    a.press_button(&ana, "Schedule").await;
    b.press_button(&ana, "Thu 10 ·").await;
    a.press_button(&ana, "12:00").await;
    pay_last_invoice(&b, &ana, "charge-replicas").await;
    // Bob holds a slot and never pays.
    b.press(&bob, &format!("u:b:b:{pid}")).await;
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
    assert_eq!(booking.status.as_str(), "confirmed");
    let confirmations = texts_to(&a, 42)
        .into_iter()
        .filter(|t| t.contains("Booking confirmed"))
        .count();
    assert_eq!(confirmations, 1);
    let _ = availability::occupying_statuses();
}

/// Two `pnp-live serve` processes (the real binary, each with its own pool, workers and
/// broadcast sender) on one database, updates posted to them alternately: an update delivered
/// to both is answered once, a go-online broadcast reaches every user exactly once, a hold that
/// ran out is expired once, a due reminder goes out once to each side and a call that ended is
/// closed once.
#[tokio::test]
async fn two_serve_processes_on_one_database_do_everything_once() {
    use std::process::{Command, Stdio};
    use std::time::Duration;

    use pnp_live::domain::money::{Currency, Money};
    use pnp_live::services::{profiles, roles, users};

    use crate::fake_telegram::FakeTelegram;
    use crate::helpers::{serve_binary, TestDb, WEBHOOK_SECRET};

    let telegram = FakeTelegram::start().await;
    let test_db = TestDb::fresh().await;
    let db = {
        let config = pnp_live::config::DatabaseConfig {
            url: test_db.url.clone(),
            max_connections: 4,
            sqlite_busy_timeout_ms: 10_000,
            flush_every_commit: false,
        };
        pnp_live::db::connect(&config).await.unwrap()
    };
    pnp_live::db::migrate(&db).await.unwrap();

    // The background jobs every second, so the test sees them race within a few seconds.
    let config_dir = tempfile::tempdir().unwrap();
    let config_file = config_dir.path().join("pnp.toml");
    std::fs::write(&config_file, "[jobs]\ninterval_secs = 1\n").unwrap();

    // Two processes, the same configuration apart from the port; killed however the test ends.
    struct Processes(Vec<std::process::Child>);
    impl Drop for Processes {
        fn drop(&mut self) {
            for child in &mut self.0 {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
    let mut children = Processes(Vec::new());
    let mut bases = Vec::new();
    let config_path = config_file.to_str().unwrap();
    for _ in 0..2 {
        let (child, base) = serve_binary(
            &test_db.url,
            &telegram.url,
            &[
                ("PNP_BROADCAST_RATE", "1000"),
                ("PNP_CONFIG", config_path),
                ("RUST_LOG", "warn"),
            ],
            Stdio::null(),
            Stdio::null(),
        )
        .await;
        children.0.push(child);
        bases.push(base);
    }
    let client = reqwest::Client::new();
    let post = |i: usize, update: serde_json::Value| {
        client
            .post(format!("{}/telegram/webhook", bases[i % 2]))
            .header("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET)
            .body(update.to_string())
            .send()
    };

    // The same update to both at once: one process answers, the other skips or defers it.
    let ana = TgUser::new(42, "Ana", None);
    let start = ana.message("/start");
    let (r0, r1) = tokio::join!(post(0, start.clone()), post(1, start.clone()));
    let mut statuses = [r0.unwrap().status().as_u16(), r1.unwrap().status().as_u16()];
    statuses.sort();
    assert!(statuses == [200, 200] || statuses == [200, 503], "{statuses:?}");
    // Telegram's redelivery later, to either, is skipped.
    for i in 0..2 {
        assert_eq!(post(i, start.clone()).await.unwrap().status(), 200);
    }
    let users_rows = users::find_by_telegram_id(&db, 42).await.unwrap();
    assert!(users_rows.is_some(), "the update was handled");
    let now = pnp_live::clock::now_utc();
    let processed = <entity::processed_updates::Entity as sea_orm::EntityTrait>::find()
        .all(&db)
        .await
        .unwrap();
    assert_eq!(processed.len(), 1);
    assert!(processed[0].completed_at.is_some());

    // A performer with a rate, and 300 users who will hear she is online.
    let maria = TgUser::new(7_000, "Maria", None);
    post(0, maria.message("/start")).await.unwrap();
    let maria_row = users::find_by_telegram_id(&db, maria.id).await.unwrap().unwrap();
    roles::grant(&db, maria_row.id, roles::Role::Performer, None, now)
        .await
        .unwrap();
    let profile = profiles::ensure(&db, maria_row.id, "Maria", "America/Mexico_City", now)
        .await
        .unwrap();
    profiles::set_rate(&db, profile.id, 30, Money::new(150, Currency::XTR), now)
        .await
        .unwrap();
    let mut recipients = Vec::new();
    for telegram_id in 100_000..100_300 {
        let person = users::Profile {
            telegram_id,
            username: None,
            first_name: "User",
            last_name: None,
            language: "en",
        };
        users::register(&db, &person, now).await.unwrap();
        recipients.push(telegram_id);
    }
    // She opens her menu through one process and goes online through the other.
    post(1, maria.message("/pnp_live")).await.unwrap();
    post(0, maria.callback("p:on", 1)).await.unwrap();
    // The go-online notices (each has a View Profile button).
    let notices = || {
        telegram
            .calls_to("sendMessage")
            .into_iter()
            .filter(|c| c.keyboard().iter().any(|(_, data)| data.starts_with("u:l:v:")))
            .collect::<Vec<_>>()
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while notices().len() < recipients.len() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Background work both processes' workers race for: Ana's hold that ran out, and her
    // confirmed call with Maria in ten minutes (its 15-minute reminder is due).
    let ana_row = users::find_by_telegram_id(&db, ana.id).await.unwrap().unwrap();
    let now = pnp_live::clock::now_utc();
    let booking = |status: &str, start: time::OffsetDateTime, expires: Option<time::OffsetDateTime>| {
        use sea_orm::ActiveValue::Set;
        entity::bookings::ActiveModel {
            id: Set(uuid::Uuid::new_v4()),
            user_id: Set(ana_row.id),
            performer_id: Set(profile.id),
            status: Set(status.parse().expect("a booking status")),
            starts_at: Set(Some(start)),
            ends_at: Set(Some(start + time::Duration::minutes(30))),
            duration_minutes: Set(30),
            price: Set(150),
            currency: Set(pnp_live::domain::money::Currency::XTR),
            hold_expires_at: Set(expires),
            version: Set(3),
            invoice_payload: Set(Some(format!("bk{}", uuid::Uuid::new_v4().simple()))),
            room_provider: Set(Some("meet".to_owned())),
            room_name: Set(Some("pnp-replicas-test".to_owned())),
            room_url: Set(Some("https://meet.jit.si/pnp-replicas-test".to_owned())),
            links_sent_at: Set(Some(now - time::Duration::minutes(20))),
            user_link_sent_at: Set(Some(now - time::Duration::minutes(20))),
            performer_link_sent_at: Set(Some(now - time::Duration::minutes(20))),
            starts_on_payment: Set(false),
            cancel_request: Set(None),
            cancel_requested_at: Set(None),
            reschedules: Set(0),
            moved_from: Set(None),
            created_at: Set(now - time::Duration::minutes(20)),
            updated_at: Set(now - time::Duration::minutes(20)),
            // Every other column as a new booking has it.
            ..Default::default()
        }
    };
    let held = booking(
        "awaiting_payment",
        now + time::Duration::hours(3),
        Some(now - time::Duration::minutes(1)),
    );
    let held_id = held.id.clone().unwrap();
    let confirmed = booking("confirmed", now + time::Duration::minutes(10), None);
    // And a call that ended ten minutes ago: with a link-only provider (no join events) the
    // call-end check completes it at its scheduled end, never as a no-show.
    let mut ended = booking("confirmed", now - time::Duration::minutes(40), None);
    ended.reminded15m_at = sea_orm::ActiveValue::Set(Some(now - time::Duration::minutes(55)));
    ended.reminded_start_at = sea_orm::ActiveValue::Set(Some(now - time::Duration::minutes(40)));
    let ended_id = ended.id.clone().unwrap();
    <entity::bookings::Entity as sea_orm::EntityTrait>::insert_many([held, confirmed, ended])
        .exec_without_returning(&db)
        .await
        .unwrap();
    let texts_to = |chat: i64, needle: &str| {
        telegram
            .messages_to(chat)
            .iter()
            .filter(|c| c.text().contains(needle))
            .count()
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let service = pnp_live::services::booking::BookingService::new(db.clone(), 10);
    let reached = |id: uuid::Uuid, status: &'static str| {
        let service = service.clone();
        async move {
            service
                .events(id)
                .await
                .unwrap()
                .into_iter()
                .filter(|e| e.to_status.as_str() == status)
                .count()
        }
    };
    while (texts_to(ana.id, "expired before payment") == 0
        || reached(ended_id, "completed").await == 0
        || texts_to(ana.id, "In 15 minutes") == 0
        || texts_to(maria.id, "In 15 minutes") == 0)
        && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // A little longer: a second delivery of anything would show up now (jobs run every second).
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    // Graceful stops (SIGTERM), as a container runtime does.
    for child in &mut children.0 {
        let _ = Command::new("kill").arg(child.id().to_string()).status();
        let _ = child.wait();
    }
    let calls = notices();
    let mut per_user = std::collections::HashMap::new();
    for call in &calls {
        *per_user.entry(call.chat_id().unwrap()).or_insert(0) += 1;
    }
    for id in &recipients {
        assert_eq!(per_user.get(id), Some(&1), "user {id}");
    }
    assert_eq!(
        per_user.get(&maria.id),
        None,
        "the performer is not told about herself"
    );
    // And the queue is empty: every delivery was recorded once, as sent.
    let pending = pnp_live::services::broadcast::pending_count(&db).await.unwrap();
    assert_eq!(pending, 0);

    // The hold expired once, and each side was reminded once.
    assert_eq!(texts_to(ana.id, "expired before payment"), 1);
    assert_eq!(texts_to(ana.id, "In 15 minutes"), 1);
    assert_eq!(texts_to(maria.id, "In 15 minutes"), 1);
    assert_eq!(reached(held_id, "expired").await, 1);
    assert_eq!(reached(ended_id, "completed").await, 1);
    assert_eq!(reached(ended_id, "no_show").await, 0);
}
