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
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
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
    /// Updates that needed more than one delivery (a crash got in their way).
    redelivered: usize,
    /// Updates answered 503 at least once: a killed process's claim on them was still fresh,
    /// so the crash caught them being handled.
    caught_in_flight: usize,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The real binary on the test's database, killed and started again at random moments.
struct Crashing {
    running: Arc<Mutex<Server>>,
    db_url: String,
    telegram_url: String,
    config_path: String,
}

impl Crashing {
    /// Starts the server with the jobs every second (so links and the broadcast resume soon
    /// after each restart) and a broadcast rate that lets 80 notices go in a few seconds.
    async fn start(db_url: &str, telegram_url: &str, config_dir: &tempfile::TempDir) -> Crashing {
        let config_file = config_dir.path().join("pnp.toml");
        std::fs::write(&config_file, "[jobs]\ninterval_secs = 1\n").unwrap();
        let mut crashing = Crashing {
            running: Arc::new(Mutex::new(Server {
                child: None,
                base: String::new(),
                redelivered: 0,
                caught_in_flight: 0,
            })),
            db_url: db_url.to_owned(),
            telegram_url: telegram_url.to_owned(),
            config_path: config_file.to_str().unwrap().to_owned(),
        };
        crashing.restart().await;
        crashing
    }

    async fn restart(&mut self) {
        let (child, base) = serve_binary(
            &self.db_url,
            &self.telegram_url,
            &[
                ("PNP_BROADCAST_RATE", "200"),
                ("PNP_CONFIG", &self.config_path),
                ("RUST_LOG", "warn"),
            ],
            Stdio::null(),
            Stdio::null(),
        )
        .await;
        let mut current = self.running.lock().unwrap();
        current.child = Some(child);
        current.base = base;
    }

    /// The crashes: SIGKILL at random moments, a fresh process each time.
    async fn kill_at_random_moments(&mut self, rng: &mut rand::rngs::StdRng, kills: usize) {
        for _ in 0..kills {
            tokio::time::sleep(Duration::from_millis(rng.random_range(150..700))).await;
            self.kill();
            self.restart().await;
        }
    }

    /// SIGKILL, and wait until the process is gone.
    fn kill(&mut self) {
        let dead = self.running.lock().unwrap().child.take();
        let mut dead = dead.unwrap();
        dead.kill().unwrap();
        dead.wait().unwrap();
    }
}

/// Delivers `update` as Telegram does: again and again until a 200 (a refused connection, a
/// reset, a 503 "still in progress" after a crash all get it redelivered), then performs the
/// call that came back in the response, if any.
async fn deliver(client: &reqwest::Client, server: &Mutex<Server>, telegram: &str, update: &Value) {
    let (mut first, mut busy) = (true, false);
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
            if response.status() == 503 && !std::mem::replace(&mut busy, true) {
                server.lock().unwrap().caught_in_flight += 1;
            }
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
            server.lock().unwrap().redelivered += 1;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The run's seed (`PNP_CRASH_SEED`, else a random one, printed) and its random numbers.
fn seeded(test: &str) -> (u64, rand::rngs::StdRng) {
    let seed: u64 = std::env::var("PNP_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random);
    eprintln!("{test} seed: {seed} (PNP_CRASH_SEED={seed} repeats it)");
    (seed, rand::rngs::StdRng::seed_from_u64(seed))
}

/// A fresh migrated database, and the test's own pool on it.
async fn database() -> (TestDb, sea_orm::DatabaseConnection) {
    let test_db = TestDb::fresh().await;
    let db = pnp_live::db::connect(&pnp_live::config::DatabaseConfig {
        url: test_db.url.clone(),
        max_connections: 4,
        sqlite_busy_timeout_ms: 10_000,
        flush_every_commit: false,
    })
    .await
    .unwrap();
    pnp_live::db::migrate(&db).await.unwrap();
    (test_db, db)
}

/// Someone who has written to the bot, in English.
fn person(telegram_id: i64, first_name: &'static str) -> users::Profile<'static> {
    users::Profile {
        telegram_id,
        username: None,
        first_name,
        last_name: None,
        language: "en",
    }
}

/// Maria, a performer in Mexico City with a 30-minute rate of 150 ⭐.
async fn performer(
    db: &sea_orm::DatabaseConnection,
    telegram_id: i64,
    now: time::OffsetDateTime,
) -> entity::performer_profiles::Model {
    let maria = users::register(db, &person(telegram_id, "Maria"), now)
        .await
        .unwrap();
    roles::grant(db, maria.id, roles::Role::Performer, None, now)
        .await
        .unwrap();
    let profile = profiles::ensure(db, maria.id, "Maria", "America/Mexico_City", now)
        .await
        .unwrap();
    profiles::set_rate(db, profile.id, 30, Money::new(150, Currency::XTR), now)
        .await
        .unwrap();
    profile
}

#[tokio::test]
async fn killed_at_random_points_the_server_loses_no_payment_doubles_none_and_delivers_every_link() {
    let (seed, mut rng) = seeded("crash test");
    let telegram = FakeTelegram::start().await;
    let (test_db, db) = database().await;

    // A performer with a rate, the payers with a held booking each (an invoice out, unpaid), and
    // the people who will hear she is online.
    let now = pnp_live::clock::now_utc();
    let maria = TgUser::new(7_000, "Maria", None);
    let profile = performer(&db, maria.id, now).await;
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

    let config_dir = tempfile::tempdir().unwrap();
    let mut server = Crashing::start(&test_db.url, &telegram.url, &config_dir).await;
    let client = reqwest::Client::new();

    // Telegram's side: each payer's pre-checkout and payment, in order; the performer going
    // online (a broadcast to everyone) while the payments come in.
    let mut traffic = Vec::new();
    for (k, (payer, payload)) in payers.iter().cloned().enumerate() {
        let (client, server, telegram_url) = (client.clone(), server.running.clone(), telegram.url.clone());
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
            server.running.clone(),
            telegram.url.clone(),
            maria.clone(),
        );
        traffic.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(400)).await;
            deliver(&client, &server, &telegram_url, &maria.message("/pnp_live")).await;
            deliver(&client, &server, &telegram_url, &maria.callback("p:on", 1)).await;
        }));
    }

    server.kill_at_random_moments(&mut rng, KILLS).await;
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
        // Calls a dead process had leased after its commit are sent once the lease runs out:
        // a link marked sent may still be on its way then.
        if done && !broadcast.is_empty() && pending_notices().await == 0 && unsent_calls(&db).await == 0 {
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
    // The performer's notices, one per booking (each names its time): every one at least once
    // and at most once more per crash.
    let mut notices: HashMap<String, usize> = HashMap::new();
    for call in telegram.messages_to(maria.id) {
        if call.method == "sendMessage" && call.text().contains("New booking") {
            *notices.entry(call.text().to_owned()).or_default() += 1;
        }
    }
    assert_eq!(notices.len() as i64, BOOKINGS, "seed {seed}: {notices:?}");
    assert!(
        notices.values().all(|&n| n <= 1 + KILLS),
        "seed {seed}: {notices:?}"
    );
    let performer_notices = notices.values().sum::<usize>();
    for k in 0..RECIPIENTS {
        let got = texts(100_000 + k, "is online now");
        assert!(got >= 1, "seed {seed}: recipient {k} was not told");
        assert!(got <= 1 + KILLS, "seed {seed}: recipient {k} got {got}");
    }
    let redelivered = server.running.lock().unwrap().redelivered;
    eprintln!(
        "crash test (seed {seed}): {KILLS} kills, {redelivered} updates delivered again, {} extra \
         confirmations, {} extra New booking",
        extra.values().sum::<usize>(),
        performer_notices as i64 - BOOKINGS
    );
    assert!(redelivered > 0, "seed {seed}: no crash hit an update in flight");
}

/// People booking through the chat while the server is killed.
const BOOKERS: i64 = 12;
const BOOKING_KILLS: usize = 5;

/// The set-up of the booking crash tests: Maria and the bookers on a fresh database, Telegram
/// slow over each invoice (a crash then often falls between a hold and its invoice, where a
/// call could be lost or a re-run go wrong), and the real server started on it.
struct Bookings {
    seed: u64,
    rng: rand::rngs::StdRng,
    telegram: Arc<FakeTelegram>,
    test_db: TestDb,
    db: sea_orm::DatabaseConnection,
    profile: entity::performer_profiles::Model,
    bookers: Vec<TgUser>,
    config_dir: tempfile::TempDir,
    server: Crashing,
    client: reqwest::Client,
}

impl Bookings {
    async fn start(test: &str) -> Bookings {
        let (seed, rng) = seeded(test);
        let telegram = FakeTelegram::start().await;
        let (test_db, db) = database().await;
        let (profile, bookers) = maria_and_bookers(&db, BOOKERS).await;
        for _ in 0..BOOKERS * 2 {
            telegram.fail_next("sendInvoice", crate::fake_telegram::Failure::Slow(300));
        }
        let config_dir = tempfile::tempdir().unwrap();
        let server = Crashing::start(&test_db.url, &telegram.url, &config_dir).await;
        Bookings {
            seed,
            rng,
            telegram: Arc::new(telegram),
            test_db,
            db,
            profile,
            bookers,
            config_dir,
            server,
            client: reqwest::Client::new(),
        }
    }
}

/// Maria, open 10:00–22:00 every day in Mexico City, and `count` bookers, past the 18+ gate and
/// in her zone.
async fn maria_and_bookers(
    db: &sea_orm::DatabaseConnection,
    count: i64,
) -> (entity::performer_profiles::Model, Vec<TgUser>) {
    let now = pnp_live::clock::now_utc();
    let profile = performer(db, 7_100, now).await;
    for day in 1..=7 {
        let weekday = jiff::civil::Weekday::from_monday_one_offset(day).unwrap();
        let hours = (jiff::civil::time(10, 0, 0, 0), jiff::civil::time(22, 0, 0, 0));
        pnp_live::services::availability::set_day(db, profile.id, weekday, &[hours])
            .await
            .unwrap();
    }
    let mut bookers = Vec::new();
    for k in 0..count {
        let booker = TgUser::new(60_000 + k, "Booker", None);
        let row = users::register(db, &person(booker.id, "Booker"), now)
            .await
            .unwrap();
        users::confirm_age(db, row.id, now).await.unwrap();
        users::set_timezone(db, row.id, "America/Mexico_City", now)
            .await
            .unwrap();
        bookers.push(booker);
    }
    (profile, bookers)
}

/// Taps Book → 30 min → Schedule → a day → a time as booker `k` would (day 1 + k % 3 of the
/// list, its (k / 3)-th time: nobody else's), each update delivered until answered; returns
/// the callback query ids, and the time tap's update before it is delivered to `on_time`.
async fn tap_to_a_time(
    k: usize,
    booker: &TgUser,
    performer: i64,
    client: &reqwest::Client,
    server: &Mutex<Server>,
    telegram: &FakeTelegram,
    on_time: impl FnOnce(&Value),
) -> Vec<String> {
    let url = telegram.url.clone();
    let mut taps = Vec::new();
    let mut tap = |data: String, message: Value| {
        let update = booker.callback_on(&data, message);
        taps.push(update["callback_query"]["id"].as_str().unwrap().to_owned());
        update
    };
    let book = tap(format!("u:b:b:{performer}"), booker.pressed_message(1));
    deliver(client, server, &url, &book).await;
    for label in ["30 min", "Schedule"] {
        let what = format!("booker {k}: {label:?}");
        let (found, message) = shown(telegram, booker, &what, |l| l.contains(label)).await;
        let update = tap(found[0].1.clone(), message);
        deliver(client, server, &url, &update).await;
    }
    let what = format!("booker {k}: days");
    let (days, message) = shown(telegram, booker, &what, |l| l.contains(" · ")).await;
    let day = tap(days[1 + k % 3].1.clone(), message);
    deliver(client, server, &url, &day).await;
    let what = format!("booker {k}: times");
    let (times, message) = shown(telegram, booker, &what, is_time).await;
    let time = tap(times[k / 3].1.clone(), message);
    on_time(&time);
    deliver(client, server, &url, &time).await;
    taps
}

/// The newest message to `user` (as it stands, edits applied) with buttons `pick` accepts: their
/// labels and data, and the message as a press of one of them carries it.
fn buttons(
    telegram: &FakeTelegram,
    user: &TgUser,
    pick: impl Fn(&str) -> bool,
) -> Option<(Vec<(String, String)>, Value)> {
    telegram.chat(user.id).into_iter().rev().find_map(|sent| {
        let rows = sent.reply_markup.as_ref()?["inline_keyboard"].as_array()?.clone();
        let found: Vec<(String, String)> = rows
            .iter()
            .flat_map(|row| row.as_array().cloned().unwrap_or_default())
            .filter_map(|b| {
                Some((
                    b["text"].as_str()?.to_owned(),
                    b["callback_data"].as_str()?.to_owned(),
                ))
            })
            .filter(|(label, _)| pick(label))
            .collect();
        (!found.is_empty()).then(|| (found, sent.as_pressed(user.chat())))
    })
}

/// [`buttons`], waited for: a crash after an update's commit leaves its screen to the outbox,
/// drawn once the dead process's lease on it runs out.
async fn shown(
    telegram: &FakeTelegram,
    user: &TgUser,
    what: &str,
    pick: impl Fn(&str) -> bool,
) -> (Vec<(String, String)>, Value) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(found) = buttons(telegram, user, &pick) {
            return found;
        }
        assert!(tokio::time::Instant::now() < deadline, "{what}: never shown");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Calls kept in the outbox and neither sent nor given up: what a killed process committed and
/// had not sent yet, still to be sent by the one after it.
async fn unsent_calls(db: &sea_orm::DatabaseConnection) -> usize {
    <entity::outbox::Entity as EntityTrait>::find()
        .filter(entity::outbox::Column::SentAt.is_null())
        .filter(entity::outbox::Column::GivenUpAt.is_null())
        .all(db)
        .await
        .unwrap()
        .len()
}

/// A time on a day's screen ("10:00", "21:30").
fn is_time(label: &str) -> bool {
    let b = label.as_bytes();
    b.len() == 5 && b[2] == b':' && b.iter().enumerate().all(|(i, c)| i == 2 || c.is_ascii_digit())
}

#[tokio::test]
async fn killed_while_people_book_and_pay_in_the_chat_each_hold_and_payment_happens_once() {
    let Bookings {
        seed,
        mut rng,
        telegram,
        test_db: _test_db,
        db,
        profile,
        bookers,
        config_dir: _config_dir,
        mut server,
        client,
    } = Bookings::start("booking crash test").await;

    // Each booker taps as people do: Book → 30 min → Schedule → a day → a time, then pays the
    // invoice. Booker k takes day 1 + k % 3 of the list and its (k / 3)-th time: nobody else's.
    let mut walks = Vec::new();
    for (k, booker) in bookers.iter().cloned().enumerate() {
        let (client, server, telegram) = (client.clone(), server.running.clone(), telegram.clone());
        let pid = profile.id;
        walks.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(150 * k as u64)).await;
            let url = telegram.url.clone();
            let taps = tap_to_a_time(k, &booker, pid, &client, &server, &telegram, |_| {}).await;

            let payload = invoice_payload(&telegram, &booker).await;
            deliver(&client, &server, &url, &booker.pre_checkout(&payload, 150, "XTR")).await;
            let charge = format!("crash-booking-{k}");
            deliver(
                &client,
                &server,
                &url,
                &booker.successful_payment(&payload, 150, "XTR", &charge),
            )
            .await;
            (booker, taps)
        }));
    }
    server.kill_at_random_moments(&mut rng, BOOKING_KILLS).await;
    let mut walked = Vec::new();
    for walk in walks {
        walked.push(walk.await.unwrap());
    }

    // Let the last process send what the crashes left (the links, each side's).
    let of = |user_id: i64| {
        let db = db.clone();
        async move {
            let row = users::find_by_telegram_id(&db, user_id).await.unwrap().unwrap();
            bookings::Entity::find()
                .filter(bookings::Column::UserId.eq(row.id))
                .all(&db)
                .await
                .unwrap()
        }
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let mut settled = true;
        for (booker, _) in &walked {
            settled &= of(booker.id).await.iter().all(|b| {
                b.status == BookingStatus::Confirmed
                    && b.user_link_sent_at.is_some()
                    && b.performer_link_sent_at.is_some()
            });
        }
        // A confirmation committed with its payment and kept in the outbox when the process
        // was killed is sent once the dead process's lease on it runs out: the booking reads
        // confirmed before that.
        settled &= unsent_calls(&db).await == 0;
        if settled {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "seed {seed}: not settled");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }

    // Each booker: one hold (all of it: the booking and its history), one payment applied once,
    // one confirmation at least and at most one more per crash; every tap answered.
    let events = <entity::booking_events::Entity as EntityTrait>::find()
        .all(&db)
        .await
        .unwrap();
    let payments = <entity::payments::Entity as EntityTrait>::find()
        .all(&db)
        .await
        .unwrap();
    let texts = |chat: i64, needle: &str| {
        telegram
            .messages_to(chat)
            .iter()
            .filter(|c| c.text().contains(needle))
            .count()
    };
    let mut extra_invoices = 0;
    for (booker, taps) in &walked {
        let booked = of(booker.id).await;
        assert_eq!(
            booked.len(),
            1,
            "seed {seed}: booker {} holds {booked:?}",
            booker.id
        );
        let booking = &booked[0];
        let history: Vec<_> = events.iter().filter(|e| e.booking_id == booking.id).collect();
        let into = |status: BookingStatus| history.iter().filter(|e| e.to_status == status).count();
        assert_eq!(
            (into(BookingStatus::Held), into(BookingStatus::Confirmed)),
            (1, 1),
            "seed {seed}: booker {}: {history:?}",
            booker.id
        );
        assert_eq!(
            payments
                .iter()
                .filter(|p| p.booking_id == Some(booking.id))
                .count(),
            1,
            "seed {seed}: booker {}",
            booker.id
        );
        let invoices = telegram
            .calls_to("sendInvoice")
            .iter()
            .filter(|c| c.chat_id() == Some(booker.id))
            .count();
        assert!(
            (1..=1 + BOOKING_KILLS).contains(&invoices),
            "seed {seed}: booker {} got {invoices} invoices",
            booker.id
        );
        extra_invoices += invoices - 1;
        let confirmed = texts(booker.id, "Booking confirmed");
        assert!(
            (1..=1 + BOOKING_KILLS).contains(&confirmed),
            "seed {seed}: booker {} got {confirmed} confirmations",
            booker.id
        );
        assert_eq!(
            texts(booker.id, "already hold"),
            0,
            "seed {seed}: booker {}",
            booker.id
        );
        for id in taps {
            assert!(
                telegram.answers_to(id) >= 1,
                "seed {seed}: booker {}'s tap {id} unanswered",
                booker.id
            );
        }
    }
    assert!(
        telegram.calls_to("refundStarPayment").is_empty(),
        "seed {seed}: nothing is refunded"
    );
    let (redelivered, caught) = {
        let server = server.running.lock().unwrap();
        (server.redelivered, server.caught_in_flight)
    };
    eprintln!(
        "booking crash test (seed {seed}): {BOOKING_KILLS} kills, {redelivered} updates delivered \
         again, {caught} caught past a commit point, {extra_invoices} extra invoices"
    );
    assert!(redelivered > 0, "seed {seed}: no crash cut an update off");
}

/// The payload of the newest invoice `booker` was sent, waiting for it (a crash after the
/// hold's commit leaves it to the outbox, sent once the dead process's lease runs out).
async fn invoice_payload(telegram: &FakeTelegram, booker: &TgUser) -> String {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let invoice = telegram
            .calls_to("sendInvoice")
            .into_iter()
            .rev()
            .find(|c| c.chat_id() == Some(booker.id) && !c.refused);
        if let Some(invoice) = invoice {
            return invoice.body["payload"].as_str().unwrap().to_owned();
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "booker {}: no invoice; got {:?}",
            booker.id,
            telegram.messages_to(booker.id)
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// How many messages to `chat` say `needle`.
fn flows_texts(telegram: &FakeTelegram, chat: i64, needle: &str) -> usize {
    telegram
        .messages_to(chat)
        .iter()
        .filter(|c| c.text().contains(needle))
        .count()
}

/// What an update left in the database at the moment of a crash, read with the server dead.
async fn claims(db: &sea_orm::DatabaseConnection) -> HashMap<i64, bool> {
    entity::processed_updates::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|row| (row.update_id, row.completed_at.is_some()))
        .collect()
}

#[tokio::test]
async fn killed_inside_updates_that_write_each_update_is_all_there_or_none_of_it() {
    let Bookings {
        seed,
        mut rng,
        telegram,
        test_db: _test_db,
        db,
        profile,
        bookers,
        config_dir: _config_dir,
        mut server,
        client,
    } = Bookings::start("all-or-none crash test").await;

    // Bookers tap to a time (the tap that writes a hold and sends its invoice) and pay (the
    // update that writes the payment, confirms the booking and sends both sides their links),
    // while newcomers say /start (the update that writes a person); each writing update's id is
    // noted before it is first delivered.
    let time_taps: Arc<Mutex<HashMap<i64, i64>>> = Arc::default();
    let payments: Arc<Mutex<HashMap<i64, i64>>> = Arc::default();
    let mut walks = Vec::new();
    for (k, booker) in bookers.iter().cloned().enumerate() {
        let (client, server, telegram, time_taps, payments) = (
            client.clone(),
            server.running.clone(),
            telegram.clone(),
            time_taps.clone(),
            payments.clone(),
        );
        let pid = profile.id;
        walks.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(120 * k as u64)).await;
            let taps = tap_to_a_time(k, &booker, pid, &client, &server, &telegram, |update| {
                let id = update["update_id"].as_i64().unwrap();
                time_taps.lock().unwrap().insert(booker.id, id);
            })
            .await;
            let payload = invoice_payload(&telegram, &booker).await;
            let url = telegram.url.clone();
            deliver(&client, &server, &url, &booker.pre_checkout(&payload, 150, "XTR")).await;
            let paid = booker.successful_payment(&payload, 150, "XTR", &format!("whole-{k}"));
            payments
                .lock()
                .unwrap()
                .insert(booker.id, paid["update_id"].as_i64().unwrap());
            deliver(&client, &server, &url, &paid).await;
            (booker, taps)
        }));
    }
    let newcomers: Vec<(TgUser, Value)> = (0..BOOKERS)
        .map(|k| {
            let person = TgUser::new(70_000 + k, "Newcomer", None);
            let start = person.message("/start");
            (person, start)
        })
        .collect();
    let mut starts = Vec::new();
    for (k, (_, start)) in newcomers.iter().cloned().enumerate() {
        let (client, server, url) = (client.clone(), server.running.clone(), telegram.url.clone());
        starts.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(150 * k as u64)).await;
            deliver(&client, &server, &url, &start).await;
        }));
    }

    // Each crash: with the process dead, every update in the database is whole or absent.
    let invoice_owed = |chat: i64, open: &[entity::outbox::Model]| {
        telegram
            .calls_to("sendInvoice")
            .iter()
            .any(|c| c.chat_id() == Some(chat))
            || open
                .iter()
                .any(|row| row.chat_id == chat && row.method == "sendInvoice")
    };
    let told = |chat: i64, needle: &str, open: &[entity::outbox::Model]| {
        flows_texts(&telegram, chat, needle) > 0
            || open
                .iter()
                .any(|row| row.chat_id == chat && row.payload.contains(needle))
    };
    let mut wholes = 0;
    for kill in 0..BOOKING_KILLS {
        tokio::time::sleep(Duration::from_millis(rng.random_range(150..700))).await;
        server.kill();
        let claims = claims(&db).await;
        let half_done: Vec<_> = claims.iter().filter(|(_, done)| !**done).collect();
        assert!(
            half_done.is_empty(),
            "seed {seed}, crash {kill}: claims committed without their update: {half_done:?}"
        );
        let open = <entity::outbox::Entity as EntityTrait>::find()
            .filter(entity::outbox::Column::SentAt.is_null())
            .all(&db)
            .await
            .unwrap();
        let taps = time_taps.lock().unwrap().clone();
        let paid = payments.lock().unwrap().clone();
        let charges = <entity::payments::Entity as EntityTrait>::find()
            .all(&db)
            .await
            .unwrap();
        for booker in &bookers {
            let row = users::find_by_telegram_id(&db, booker.id).await.unwrap().unwrap();
            let holds = bookings::Entity::find()
                .filter(bookings::Column::UserId.eq(row.id))
                .all(&db)
                .await
                .unwrap();
            let taken_in = taps.get(&booker.id).is_some_and(|id| claims.contains_key(id));
            assert_eq!(
                holds.len(),
                usize::from(taken_in),
                "seed {seed}, crash {kill}: booker {}: the time tap taken in: {taken_in}, holds {holds:?}",
                booker.id
            );
            if taken_in {
                wholes += 1;
                assert!(
                    invoice_owed(booker.id, &open),
                    "seed {seed}, crash {kill}: booker {}'s invoice neither sent nor kept to send",
                    booker.id
                );
            }
            // The payment: its row, the booking confirmed and both sides' links, or none of it.
            let paid_in = paid.get(&booker.id).is_some_and(|id| claims.contains_key(id));
            let charged = holds.first().map_or(0, |b| {
                charges.iter().filter(|p| p.booking_id == Some(b.id)).count()
            });
            let confirmed = holds
                .first()
                .is_some_and(|b| b.status == BookingStatus::Confirmed && b.links_sent_at.is_some());
            assert_eq!(
                (charged, confirmed),
                (usize::from(paid_in), paid_in),
                "seed {seed}, crash {kill}: booker {}: the payment taken in: {paid_in}, {holds:?}",
                booker.id
            );
            if paid_in {
                assert!(
                    told(booker.id, "Booking confirmed", &open),
                    "seed {seed}, crash {kill}: booker {}'s confirmation neither sent nor kept to send",
                    booker.id
                );
                assert!(
                    told(7_100, "New booking", &open),
                    "seed {seed}, crash {kill}: Maria's notice of booker {} neither sent nor kept",
                    booker.id
                );
            }
        }
        for (person, start) in &newcomers {
            let taken_in = claims.contains_key(&start["update_id"].as_i64().unwrap());
            let known = users::find_by_telegram_id(&db, person.id)
                .await
                .unwrap()
                .is_some();
            assert_eq!(
                known, taken_in,
                "seed {seed}, crash {kill}: newcomer {}: /start taken in {taken_in}, known {known}",
                person.id
            );
        }
        server.restart().await;
    }
    let mut walked = Vec::new();
    for walk in walks {
        walked.push(walk.await.unwrap());
    }
    for start in starts {
        start.await.unwrap();
    }

    // Afterwards (the last process sends what the crashes left, once its leases run out): one
    // hold each, paid once, its invoice and its confirmation at least once and at most once
    // more per crash; every newcomer welcomed the same way; every tap answered.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    let invoices = |chat: i64| {
        telegram
            .calls_to("sendInvoice")
            .iter()
            .filter(|c| c.chat_id() == Some(chat))
            .count()
    };
    // What a crash left kept but unsent goes out once its lease runs out: wait for all of it.
    loop {
        let owed: Vec<String> = walked
            .iter()
            .flat_map(|(booker, taps)| {
                let mut owed = Vec::new();
                if invoices(booker.id) == 0 {
                    owed.push(format!("booker {}'s invoice", booker.id));
                }
                if flows_texts(&telegram, booker.id, "Booking confirmed") == 0 {
                    owed.push(format!("booker {}'s confirmation", booker.id));
                }
                owed.extend(
                    taps.iter()
                        .filter(|id| telegram.answers_to(id.as_str()) == 0)
                        .map(|id| format!("booker {}'s answer to tap {id}", booker.id)),
                );
                owed
            })
            .chain(
                newcomers
                    .iter()
                    .filter(|(person, _)| telegram.messages_to(person.id).is_empty())
                    .map(|(person, _)| format!("newcomer {}'s welcome", person.id)),
            )
            .collect();
        if owed.is_empty() {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "seed {seed}: never sent: {owed:?}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    for (booker, taps) in &walked {
        let row = users::find_by_telegram_id(&db, booker.id).await.unwrap().unwrap();
        let holds = bookings::Entity::find()
            .filter(bookings::Column::UserId.eq(row.id))
            .count(&db)
            .await
            .unwrap();
        assert_eq!(holds, 1, "seed {seed}: booker {}", booker.id);
        let confirmations = flows_texts(&telegram, booker.id, "Booking confirmed");
        assert!(
            (1..=1 + BOOKING_KILLS).contains(&confirmations),
            "seed {seed}: booker {} got {confirmations} confirmations",
            booker.id
        );
        assert!(
            (1..=1 + BOOKING_KILLS).contains(&invoices(booker.id)),
            "seed {seed}: booker {} got {} invoices",
            booker.id,
            invoices(booker.id)
        );
        for id in taps {
            assert!(
                telegram.answers_to(id) >= 1,
                "seed {seed}: booker {}'s tap {id} unanswered",
                booker.id
            );
        }
    }
    for (person, _) in &newcomers {
        let welcomed = telegram.messages_to(person.id).len();
        assert!(
            (1..=1 + BOOKING_KILLS).contains(&welcomed),
            "seed {seed}: newcomer {} got {welcomed} messages",
            person.id
        );
    }
    let redelivered = server.running.lock().unwrap().redelivered;
    eprintln!(
        "all-or-none crash test (seed {seed}): {BOOKING_KILLS} kills, {redelivered} updates delivered \
         again, {wholes} holds found whole at a crash"
    );
    assert!(redelivered > 0, "seed {seed}: no crash cut an update off");
}
