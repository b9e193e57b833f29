//! The server killed with SIGKILL at random points while people pay for bookings and a
//! go-online broadcast goes out, and started again each time, as Telegram keeps redelivering
//! whatever it got no 200 for. Afterwards: every payment applied exactly once (none lost, none
//! doubled, nothing refunded), every booking's links delivered to both sides, every recipient
//! notified, and no one given more than one extra copy of a message per crash.

use std::collections::HashMap;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use entity::bookings::{self, BookingStatus};
use pnp_live::domain::money::{Currency, Money};
use pnp_live::services::{profiles, roles, users};
use rand::{Rng, SeedableRng};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

use crate::fake_telegram::{FakeTelegram, TOKEN};
use crate::helpers::{serve_binary, TestDb, TgUser, WEBHOOK_SECRET};

/// Bookings paid for during the crashes, and people who hear the performer is online.
const BOOKINGS: i64 = 24;
const RECIPIENTS: i64 = 80;
const KILLS: usize = 6;

/// The running server: its process and base URL, replaced at each restart.
struct Server {
    child: Option<std::process::Child>,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Delivers `update` as Telegram does: again and again until a 200 (a refused connection, a
/// reset, a 503 "still in progress" after a crash all get it redelivered), then performs the
/// call that came back in the response, if any.
async fn deliver(client: &reqwest::Client, server: &Mutex<Server>, telegram: &str, update: &Value) {
    let mut first = true;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(150);
    loop {
        assert!(
            tokio::time::Instant::now() < deadline,
            "never delivered: {update}"
        );
        let base = server.lock().unwrap().base.clone();
        let sent = client
            .post(format!("{base}/telegram/webhook"))
            .header("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET)
            .header("Content-Type", "application/json")
            .timeout(Duration::from_secs(20))
            .body(update.to_string())
            .send()
            .await;
        if let Ok(response) = sent {
            if response.status() == 200 {
                if let Ok(body) = response.bytes().await {
                    if !body.is_empty() {
                        let mut call: Value = serde_json::from_slice(&body).expect("a reply is JSON");
                        let method = call["method"].as_str().unwrap().to_owned();
                        call.as_object_mut().unwrap().remove("method");
                        let _ = client
                            .post(format!("{telegram}/bot{TOKEN}/{method}"))
                            .json(&call)
                            .send()
                            .await;
                    }
                    return;
                }
            }
        }
        if std::mem::take(&mut first) {
            REDELIVERED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Updates that needed more than one delivery (a crash got in their way).
static REDELIVERED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[tokio::test]
async fn killed_at_random_points_the_server_loses_no_payment_doubles_none_and_delivers_every_link() {
    let seed: u64 = std::env::var("PNP_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random);
    eprintln!("crash test seed: {seed} (PNP_CRASH_SEED={seed} repeats it)");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);

    let telegram = FakeTelegram::start().await;
    let test_db = TestDb::fresh().await;
    let db = pnp_live::db::connect(&pnp_live::config::DatabaseConfig {
        url: test_db.url.clone(),
        max_connections: 4,
        sqlite_busy_timeout_ms: 10_000,
    })
    .await
    .unwrap();
    pnp_live::db::migrate(&db).await.unwrap();

    // A performer with a rate, the payers with a held booking each (an invoice out, unpaid), and
    // the people who will hear she is online.
    let now = pnp_live::clock::now_utc();
    let maria = TgUser::new(7_000, "Maria", None);
    let person = |telegram_id: i64, first_name: &'static str| users::Profile {
        telegram_id,
        username: None,
        first_name,
        last_name: None,
        language: "en",
    };
    let maria_row = users::register(&db, &person(maria.id, "Maria"), now)
        .await
        .unwrap();
    roles::grant(&db, maria_row.id, roles::Role::Performer, None, now)
        .await
        .unwrap();
    let profile = profiles::ensure(&db, maria_row.id, "Maria", "America/Mexico_City", now)
        .await
        .unwrap();
    profiles::set_rate(&db, profile.id, 30, Money::new(150, Currency::XTR), now)
        .await
        .unwrap();
    let mut payers = Vec::new();
    for k in 0..BOOKINGS {
        let payer = TgUser::new(50_000 + k, "Payer", None);
        let row = users::register(&db, &person(payer.id, "Payer"), now)
            .await
            .unwrap();
        let start = now + time::Duration::days(1) + time::Duration::hours(k);
        let payload = format!("bk{}", uuid::Uuid::new_v4().simple());
        bookings::Entity::insert(bookings::ActiveModel {
            id: Set(uuid::Uuid::new_v4()),
            user_id: Set(row.id),
            performer_id: Set(profile.id),
            status: Set(BookingStatus::AwaitingPayment),
            starts_at: Set(Some(start)),
            ends_at: Set(Some(start + time::Duration::minutes(30))),
            duration_minutes: Set(30),
            price: Set(150),
            currency: Set(Currency::XTR),
            hold_expires_at: Set(Some(now + time::Duration::hours(2))),
            version: Set(2),
            invoice_payload: Set(Some(payload.clone())),
            starts_on_payment: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .exec_without_returning(&db)
        .await
        .unwrap();
        payers.push((payer, payload));
    }
    for k in 0..RECIPIENTS {
        users::register(&db, &person(100_000 + k, "User"), now)
            .await
            .unwrap();
    }

    // The jobs every second, so links and the broadcast resume soon after each restart.
    let config_dir = tempfile::tempdir().unwrap();
    let config_file = config_dir.path().join("pnp.toml");
    std::fs::write(&config_file, "[jobs]\ninterval_secs = 1\n").unwrap();
    let config_path = config_file.to_str().unwrap().to_owned();
    let start_server = || {
        let (url, telegram_url, config_path) =
            (test_db.url.clone(), telegram.url.clone(), config_path.clone());
        async move {
            serve_binary(
                &url,
                &telegram_url,
                &[
                    ("PNP_BROADCAST_RATE", "200"),
                    ("PNP_CONFIG", &config_path),
                    ("RUST_LOG", "warn"),
                ],
                Stdio::null(),
                Stdio::null(),
            )
            .await
        }
    };
    let (child, base) = start_server().await;
    let server = Arc::new(Mutex::new(Server {
        child: Some(child),
        base,
    }));
    let client = reqwest::Client::new();

    // Telegram's side: each payer's pre-checkout and payment, in order; the performer going
    // online (a broadcast to everyone) while the payments come in.
    let mut traffic = Vec::new();
    for (k, (payer, payload)) in payers.iter().cloned().enumerate() {
        let (client, server, telegram_url) = (client.clone(), server.clone(), telegram.url.clone());
        traffic.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(200 * k as u64)).await;
            let charge = format!("crash-charge-{k}");
            deliver(
                &client,
                &server,
                &telegram_url,
                &payer.pre_checkout(&payload, 150, "XTR"),
            )
            .await;
            deliver(
                &client,
                &server,
                &telegram_url,
                &payer.successful_payment(&payload, 150, "XTR", &charge),
            )
            .await;
        }));
    }
    {
        let (client, server, telegram_url, maria) = (
            client.clone(),
            server.clone(),
            telegram.url.clone(),
            maria.clone(),
        );
        traffic.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(400)).await;
            deliver(&client, &server, &telegram_url, &maria.message("/pnp_live")).await;
            deliver(&client, &server, &telegram_url, &maria.callback("p:on", 1)).await;
        }));
    }

    // The crashes: SIGKILL at random moments, a fresh process each time.
    for _ in 0..KILLS {
        tokio::time::sleep(Duration::from_millis(rng.random_range(150..700))).await;
        let mut dead = server.lock().unwrap().child.take().unwrap();
        dead.kill().unwrap();
        dead.wait().unwrap();
        let (child, base) = start_server().await;
        let mut current = server.lock().unwrap();
        current.child = Some(child);
        current.base = base;
    }
    for t in traffic {
        t.await.unwrap();
    }

    // Let the last process finish what the crashes left (leases run out, jobs run every second).
    let booked = || async {
        bookings::Entity::find()
            .filter(bookings::Column::PerformerId.eq(profile.id))
            .all(&db)
            .await
            .unwrap()
    };
    let pending_notices = || async {
        <entity::broadcast_deliveries::Entity as EntityTrait>::find()
            .filter(entity::broadcast_deliveries::Column::Status.eq("pending"))
            .all(&db)
            .await
            .unwrap()
            .len()
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(150);
    loop {
        let all = booked().await;
        let done = all.iter().all(|b| {
            b.status == BookingStatus::Confirmed
                && b.user_link_sent_at.is_some()
                && b.performer_link_sent_at.is_some()
        });
        let broadcast = <entity::broadcasts::Entity as EntityTrait>::find()
            .all(&db)
            .await
            .unwrap();
        if done && !broadcast.is_empty() && pending_notices().await == 0 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "not settled (seed {seed}): {:?}",
            all.iter()
                .map(|b| (
                    b.status,
                    b.user_link_sent_at.is_some(),
                    b.performer_link_sent_at.is_some()
                ))
                .collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }

    // Money: one payment per charge, each applied once; nothing refunded.
    let payments = <entity::payments::Entity as EntityTrait>::find()
        .all(&db)
        .await
        .unwrap();
    assert_eq!(payments.len() as i64, BOOKINGS, "seed {seed}: {payments:?}");
    assert!(
        telegram.calls_to("refundStarPayment").is_empty(),
        "seed {seed}: nothing is refunded"
    );
    let events = <entity::booking_events::Entity as EntityTrait>::find()
        .all(&db)
        .await
        .unwrap();
    for booking in booked().await {
        let paid = events
            .iter()
            .filter(|e| e.booking_id == booking.id && e.to_status == BookingStatus::Confirmed)
            .count();
        assert_eq!(
            paid, 1,
            "seed {seed}: booking {} confirmed {paid} times",
            booking.id
        );
    }

    // Messages: everyone got theirs; nobody more than one extra copy per crash.
    let texts = |chat: i64, needle: &str| {
        telegram
            .messages_to(chat)
            .iter()
            .filter(|c| c.method == "sendMessage" && c.text().contains(needle))
            .count()
    };
    let mut extra = HashMap::new();
    for (payer, _) in &payers {
        let got = texts(payer.id, "Booking confirmed");
        assert!(got >= 1, "seed {seed}: payer {} got no confirmation", payer.id);
        assert!(got <= 1 + KILLS, "seed {seed}: payer {} got {got}", payer.id);
        extra.insert(payer.id, got - 1);
    }
    let performer_notices = texts(maria.id, "New booking");
    assert!(
        performer_notices as i64 >= BOOKINGS && performer_notices as i64 <= BOOKINGS + KILLS as i64,
        "seed {seed}: the performer got {performer_notices} New booking messages for {BOOKINGS}"
    );
    for k in 0..RECIPIENTS {
        let got = texts(100_000 + k, "is online now");
        assert!(got >= 1, "seed {seed}: recipient {k} was not told");
        assert!(got <= 1 + KILLS, "seed {seed}: recipient {k} got {got}");
    }
    let redelivered = REDELIVERED.load(std::sync::atomic::Ordering::Relaxed);
    eprintln!(
        "crash test (seed {seed}): {KILLS} kills, {redelivered} updates delivered again, {} extra \
         confirmations, {} extra New booking",
        extra.values().sum::<usize>(),
        performer_notices as i64 - BOOKINGS
    );
    assert!(redelivered > 0, "seed {seed}: no crash hit an update in flight");
}
