//! Holds per second through `BookingService::hold_slot`, next to the raw rate of one-row
//! `INSERT` transactions on the same kind of database, in the same run (issue 3, item 8: holds
//! ≥ 0.5 × raw).
//!
//! Every side opens its database with `pnp_live::db::connect` and the same `DatabaseConfig`
//! (SQLite: a fresh file in WAL mode, `synchronous = NORMAL`, the default pool size), so the only
//! difference is the work: a hold is a slot check plus a booking transaction; a raw insert is
//! `BEGIN; INSERT; COMMIT` of one row, measured twice: into a bare two-column table, and into
//! `bookings` itself (the same row a hold writes, with the table's indexes, but no check and no
//! events). The first ratio shows everything a hold costs over the cheapest write, the
//! schema's indexes included; the second what the hold's own logic costs over writing its row.
//! No two holds conflict: each takes a different (performer, slot).
//! Rounds alternate raw and holds and the median of each is reported, so noise from other
//! processes on the machine hits both sides alike. With `TEST_DATABASE_URL` set, the same runs on
//! a fresh PostgreSQL database, dropped afterwards.
//!
//! On SQLite the whole table runs once per durability (issue 18, item 3), in the same run:
//! `unflushed` (`synchronous=NORMAL`, nothing flushed: what ran before), `flushed` (the default:
//! NORMAL, and a commit that changed bookings or payments flushes the log before it returns — so
//! the holds and the raw `bookings` rows are flushed, the bare table is not) and `full`
//! (`synchronous=FULL`: every commit flushed); the end compares them.
//!
//! Then, beside it, a whole paid booking end to end through the webhook of the real server
//! (issue 18): the list of performers with free time → a profile → Book →
//! a length → the week → a slot (the hold and its invoice) → pre-checkout → the payment → both
//! sides told with the call's link; nine updates, each answered 200 before the next, from
//! `PAID_CLIENTS` (default `1,8`) concurrent people, each booking a performer of their own for
//! `PAID_SECS` (default 3) seconds: bookings per second, on SQLite and (with
//! `TEST_DATABASE_URL`) PostgreSQL. Every booking is checked confirmed with its payment, and
//! both sides' confirmations sent.
//!
//! `cargo bench --bench holds`; `HOLDS_SECS` (default 2) is the length of one measurement,
//! `HOLDS_ROUNDS` (default 3) how many alternating rounds, `HOLDS_CLIENTS` (default `1,8`) the
//! numbers of concurrent callers, `HOLDS_HISTORY` (default 0) completed past calls per performer
//! loaded first, `HOLDS_DURABILITY` (default `unflushed,flushed,full`) the SQLite durabilities.

#[allow(dead_code)] // the tests' fake Bot API; the paid-booking case uses only part of it
#[path = "../tests/api/fake_telegram.rs"]
mod fake_telegram;
#[allow(dead_code)] // the tests' helpers; the paid-booking case uses their update builders
#[path = "../tests/api/helpers.rs"]
mod helpers;
#[allow(dead_code)] // shared with the e2e benchmark, which uses other parts
mod support;

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use pnp_live::db::{Durability, SqliteSettings};
use pnp_live::domain::booking::BookingStatus;
use pnp_live::domain::money::{Currency, Money};
use pnp_live::services::availability::{self, to_ts};
use pnp_live::services::booking::BookingService;
use pnp_live::services::profiles::{self, Profile, Rate};
use pnp_live::services::users;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement, TransactionTrait};
use support::{env_list, env_or, median, postgres_admin_url, FreshDb};
use time::{macros::datetime, OffsetDateTime};

/// "Now" for every hold: a Monday morning, so every slot asked for lies inside the window.
const NOW: OffsetDateTime = datetime!(2026-12-07 09:00 UTC);
/// Performers the holds are spread over; each has 24/7 hours and hourly slots for 30 days.
const PERFORMERS: u64 = 64;
/// Slots used per performer at most (30 days × 24 hours, less the first hour).
const SLOTS_PER_PERFORMER: u64 = 700;

/// Runs `op(i)` with a fresh `i` from `clients` concurrent callers for `secs` seconds (or until
/// `limit` operations); returns operations per second.
async fn rate<F, Fut>(clients: usize, secs: f64, limit: u64, next: &Arc<AtomicU64>, op: F) -> f64
where
    F: Fn(u64) -> Fut + Clone + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    let deadline = Instant::now() + Duration::from_secs_f64(secs);
    let start_count = next.load(Ordering::Relaxed);
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let op = op.clone();
            let next = next.clone();
            tokio::spawn(async move {
                let mut done = 0u64;
                while Instant::now() < deadline {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= limit {
                        break;
                    }
                    op(i).await;
                    done += 1;
                }
                done
            })
        })
        .collect();
    let mut done = 0;
    for task in tasks {
        done += task.await.expect("bench task");
    }
    let elapsed = started.elapsed().as_secs_f64();
    assert!(
        next.load(Ordering::Relaxed) - start_count >= done,
        "every counted operation took an index"
    );
    done as f64 / elapsed
}

/// The raw side: a table of two columns, one transaction per row.
struct Raw {
    db: DatabaseConnection,
    sql: &'static str,
    backend: DbBackend,
}

impl Raw {
    async fn new(db: DatabaseConnection) -> Raw {
        let backend = db.get_database_backend();
        let ddl = match backend {
            DbBackend::Postgres => {
                "CREATE TABLE raw_inserts (id BIGSERIAL PRIMARY KEY, n BIGINT NOT NULL, note TEXT NOT NULL)"
            }
            _ => "CREATE TABLE raw_inserts (id INTEGER PRIMARY KEY, n BIGINT NOT NULL, note TEXT NOT NULL)",
        };
        db.execute_unprepared(ddl).await.expect("raw table");
        let sql = match backend {
            DbBackend::Postgres => "INSERT INTO raw_inserts (n, note) VALUES ($1, $2)",
            _ => "INSERT INTO raw_inserts (n, note) VALUES (?, ?)",
        };
        Raw { db, sql, backend }
    }

    async fn insert(&self, i: u64) {
        let txn = self.db.begin().await.expect("begin");
        txn.execute(Statement::from_sql_and_values(
            self.backend,
            self.sql,
            [(i as i64).into(), format!("row {i}").into()],
        ))
        .await
        .expect("raw insert");
        txn.commit().await.expect("commit");
    }
}

/// The like-for-like raw side: one `bookings` row per transaction, through the entity, no check.
struct RawBooking {
    db: DatabaseConnection,
    performer: i64,
    user: i64,
}

impl RawBooking {
    async fn new(db: DatabaseConnection) -> RawBooking {
        pnp_live::db::migrate(&db).await.expect("migrations");
        let user = register(&db, 700_000).await;
        let performer = profiles::ensure(&db, register(&db, 700_001).await, "Raw", "UTC", NOW)
            .await
            .expect("profile")
            .id;
        RawBooking { db, performer, user }
    }

    async fn insert(&self, i: u64) {
        use entity::bookings;
        use sea_orm::{ActiveValue::Set, EntityTrait};
        let start = NOW + time::Duration::hours(i as i64 + 1);
        let mut row = booking_row(self.user, self.performer, BookingStatus::Held, start);
        row.hold_expires_at = Set(Some(NOW + time::Duration::minutes(10)));
        row.invoice_payload = Set(Some(format!("raw{i}")));
        row.created_at = Set(NOW);
        row.updated_at = Set(NOW);
        let txn = self.db.begin().await.expect("begin");
        bookings::Entity::insert(row)
            .exec_without_returning(&txn)
            .await
            .expect("raw booking insert");
        txn.commit().await.expect("commit");
    }
}

/// The booking side: performers with hours and a rate, users to book them.
struct Holds {
    service: BookingService,
    performers: Vec<(Profile, Rate)>,
    users: Vec<i64>,
}

impl Holds {
    async fn new(db: DatabaseConnection) -> Holds {
        pnp_live::db::migrate(&db).await.expect("migrations");
        let mut performers = Vec::new();
        for p in 0..PERFORMERS as i64 {
            let user = register(&db, 500_000 + p).await;
            let profile = profiles::ensure(&db, user, "Performer", "America/Mexico_City", NOW)
                .await
                .expect("profile");
            let mut settings = profiles::settings(&profile);
            settings.min_notice_min = 0;
            settings.slot_step_min = 60;
            profiles::set_settings(&db, profile.id, &settings, NOW)
                .await
                .unwrap();
            profiles::set_rate(&db, profile.id, 60, Money::new(500, Currency::XTR), NOW)
                .await
                .unwrap();
            let midnight = jiff::civil::Time::midnight();
            for day in 1..=7 {
                let weekday = jiff::civil::Weekday::from_monday_one_offset(day).unwrap();
                availability::set_day(&db, profile.id, weekday, &[(midnight, midnight)])
                    .await
                    .unwrap();
            }
            let profile = profiles::get(&db, profile.id).await.unwrap().unwrap();
            let rate = profiles::rates(&db, profile.id).await.unwrap().remove(0);
            performers.push((profile, rate));
        }
        let mut users = Vec::new();
        for u in 0..32 {
            users.push(register(&db, 600_000 + u).await);
        }
        let history: i64 = env_or("HOLDS_HISTORY", 0);
        if history > 0 {
            for (profile, _) in &performers {
                past_calls(&db, profile, users[0], history).await;
            }
        }
        Holds {
            service: BookingService::new(db, 10),
            performers,
            users,
        }
    }

    /// The `i`-th slot: performers round-robin, then the next hour.
    fn slot(&self, i: u64) -> (&Profile, &Rate, Timestamp) {
        let (profile, rate) = &self.performers[(i % PERFORMERS) as usize];
        let start = to_ts(NOW) + SignedDuration::from_hours(1 + (i / PERFORMERS) as i64);
        (profile, rate, start)
    }

    async fn hold(&self, i: u64) {
        let (profile, rate, start) = self.slot(i);
        let user = self.users[(i % self.users.len() as u64) as usize];
        if let Err(e) = self.service.hold_slot(user, profile, rate, start, NOW).await {
            panic!("hold {i} failed (holds never conflict here): {e}");
        }
    }
}

/// A one-hour booking row at the benchmark's rate (60 minutes, 500 XTR), version 1, created at
/// its start; callers change what differs.
fn booking_row(
    user: i64,
    performer: i64,
    status: BookingStatus,
    start: OffsetDateTime,
) -> entity::bookings::ActiveModel {
    use sea_orm::ActiveValue::Set;
    entity::bookings::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        user_id: Set(user),
        performer_id: Set(performer),
        status: Set(status),
        starts_at: Set(Some(start)),
        ends_at: Set(Some(start + time::Duration::hours(1))),
        duration_minutes: Set(60),
        price: Set(500),
        currency: Set(Currency::XTR),
        hold_expires_at: Set(None),
        version: Set(1),
        invoice_payload: Set(None),
        room_provider: Set(None),
        room_name: Set(None),
        starts_on_payment: Set(false),
        cancel_request: Set(None),
        cancel_requested_at: Set(None),
        reschedules: Set(0),
        moved_from: Set(None),
        created_at: Set(start),
        updated_at: Set(start),
        // Every other column as a new booking has it.
        ..Default::default()
    }
}

/// `count` completed one-hour calls of the performer before [`NOW`], as a busy performer has
/// after some months (`HOLDS_HISTORY`): they occupy nothing, but sit in the same index.
async fn past_calls(db: &DatabaseConnection, profile: &Profile, user: i64, count: i64) {
    use entity::bookings;
    use sea_orm::{ActiveValue::Set, EntityTrait};
    let rows: Vec<_> = (1..=count)
        .map(|k| {
            let start = NOW - time::Duration::hours(k);
            let mut row = booking_row(user, profile.id, BookingStatus::Completed, start);
            row.version = Set(5);
            row
        })
        .collect();
    for chunk in rows.chunks(500) {
        bookings::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await
            .expect("past calls");
    }
}

async fn register(db: &DatabaseConnection, telegram_id: i64) -> i64 {
    let profile = users::Profile {
        telegram_id,
        username: None,
        first_name: "Bench",
        last_name: None,
        language: "en",
    };
    users::register(db, &profile, NOW).await.expect("user").id
}

/// Per client count: (clients, raw inserts/s, raw bookings/s, holds/s).
type Rates = Vec<(usize, f64, f64, f64)>;

async fn bench(postgres_admin: Option<&str>, durability: Durability) -> Rates {
    let kind = if postgres_admin.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let settings = SqliteSettings {
        durability,
        ..SqliteSettings::default()
    };
    let secs: f64 = env_or("HOLDS_SECS", 2.0);
    let rounds: usize = env_or("HOLDS_ROUNDS", 3).max(1);
    let clients = env_list("HOLDS_CLIENTS", "1,8");

    let raw_db = FreshDb::new(postgres_admin, "raw").await;
    let raw_booking_db = FreshDb::new(postgres_admin, "rawbooking").await;
    let holds_db = FreshDb::new(postgres_admin, "holds").await;
    println!(
        "\n== {kind}: pool of {} connections ({})",
        env_or("BENCH_POOL", raw_db.config.max_connections),
        if postgres_admin.is_some() {
            "fresh database each side".to_owned()
        } else {
            format!("fresh WAL file each side, {}", durability_label(durability))
        }
    );
    let raw = Arc::new(Raw::new(open_side(&raw_db, settings).await).await);
    let raw_booking = Arc::new(RawBooking::new(open_side(&raw_booking_db, settings).await).await);
    let raw_booking_next = Arc::new(AtomicU64::new(0));
    let holds = Arc::new(Holds::new(open_side(&holds_db, settings).await).await);
    let raw_next = Arc::new(AtomicU64::new(0));
    let hold_next = Arc::new(AtomicU64::new(0));
    let slot_limit = PERFORMERS * SLOTS_PER_PERFORMER;

    // Warm-up: prepared-statement caches and pool connections on both sides.
    let r = raw.clone();
    rate(4, 0.3, u64::MAX, &raw_next, move |i| {
        let r = r.clone();
        async move { r.insert(i).await }
    })
    .await;
    let r = raw_booking.clone();
    rate(4, 0.3, u64::MAX, &raw_booking_next, move |i| {
        let r = r.clone();
        async move { r.insert(i).await }
    })
    .await;
    let h = holds.clone();
    rate(4, 0.3, slot_limit, &hold_next, move |i| {
        let h = h.clone();
        async move { h.hold(i).await }
    })
    .await;

    // Latencies are per operation as each client sees it (clients / rate): a hold's "check" is
    // its read half (the slot check before the transaction), the rest is the transaction.
    println!(
        "{:>8} {:>14} {:>15} {:>10} {:>7} {:>13} | {:>8} {:>11} {:>8}",
        "clients",
        "raw inserts/s",
        "raw booking/s",
        "holds/s",
        "ratio",
        "ratio booking",
        "raw µs",
        "booking µs",
        "hold µs"
    );
    let mut table = Rates::new();
    for &n in &clients {
        let (mut raw_rates, mut booking_rates, mut hold_rates) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..rounds {
            let r = raw.clone();
            raw_rates.push(
                rate(n, secs, u64::MAX, &raw_next, move |i| {
                    let r = r.clone();
                    async move { r.insert(i).await }
                })
                .await,
            );
            let h = holds.clone();
            hold_rates.push(
                rate(n, secs, slot_limit, &hold_next, move |i| {
                    let h = h.clone();
                    async move { h.hold(i).await }
                })
                .await,
            );
            let r = raw_booking.clone();
            booking_rates.push(
                rate(n, secs, u64::MAX, &raw_booking_next, move |i| {
                    let r = r.clone();
                    async move { r.insert(i).await }
                })
                .await,
            );
        }
        let (raw_rate, booking_rate, hold_rate) =
            (median(raw_rates), median(booking_rates), median(hold_rates));
        let micros = |rate: f64| n as f64 / rate * 1e6;
        println!(
            "{n:>8} {raw_rate:>14.0} {booking_rate:>15.0} {hold_rate:>10.0} {:>7.2} {:>13.2} | {:>8.0} {:>11.0} {:>8.0}",
            hold_rate / raw_rate,
            hold_rate / booking_rate,
            micros(raw_rate),
            micros(booking_rate),
            micros(hold_rate),
        );
        table.push((n, raw_rate, booking_rate, hold_rate));
    }
    let taken = hold_next.load(Ordering::Relaxed).min(slot_limit);
    assert!(taken < slot_limit, "the run used up every slot: lower HOLDS_SECS");
    println!(
        "target: holds >= 0.5 x raw ({taken} holds made in all; ratio = vs the bare table, \
         ratio booking = vs one bookings row)"
    );

    drop(raw);
    drop(raw_booking);
    drop(holds);
    raw_db.drop_database().await;
    raw_booking_db.drop_database().await;
    holds_db.drop_database().await;
    table
}

/// Opens a side's pool with the durability under test.
async fn open_side(db: &FreshDb, settings: SqliteSettings) -> DatabaseConnection {
    db.connect_with(settings).await
}

fn durability_label(durability: Durability) -> &'static str {
    match durability {
        Durability::Unflushed => "synchronous=NORMAL, nothing flushed (before)",
        Durability::Flushed => "synchronous=NORMAL, bookings and payments flushed (default)",
        Durability::Full => "synchronous=FULL throughout",
    }
}

/// What flushing costs: each durability's rates over the unflushed run's, per client count.
fn durability_cost(runs: &[(Durability, Rates)]) {
    let Some((_, base)) = runs.iter().find(|(d, _)| *d == Durability::Unflushed) else {
        return;
    };
    println!(
        "\n== SQLite durability, same run: rate / the unflushed rate (raw bare table, raw booking, hold)"
    );
    for (durability, rates) in runs {
        for ((n, raw, booking, hold), (_, raw0, booking0, hold0)) in rates.iter().zip(base) {
            println!(
                "  {:<62} {n:>2} clients: raw {:>5.0}/s ({:.2}), booking {:>5.0}/s ({:.2}), hold {:>5.0}/s ({:.2})",
                durability_label(*durability),
                raw,
                raw / raw0,
                booking,
                booking / booking0,
                hold,
                hold / hold0,
            );
        }
    }
}

fn durabilities() -> Vec<Durability> {
    std::env::var("HOLDS_DURABILITY")
        .unwrap_or_else(|_| "unflushed,flushed,full".to_owned())
        .split(',')
        .filter_map(|d| match d.trim() {
            "unflushed" => Some(Durability::Unflushed),
            "flushed" => Some(Durability::Flushed),
            "full" => Some(Durability::Full),
            _ => None,
        })
        .collect()
}

fn main() {
    if !support::invoked_by_cargo_bench() {
        println!("holds: run with `cargo bench --bench holds`");
        return;
    }
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    runtime.block_on(async {
        let mut runs = Vec::new();
        for durability in durabilities() {
            runs.push((durability, bench(None, durability).await));
        }
        durability_cost(&runs);
        let postgres = postgres_admin_url();
        if let Some(url) = &postgres {
            // PostgreSQL's durability is the server's (synchronous_commit = on by default).
            bench(Some(url), Durability::Flushed).await;
        }
        let mut paid = vec![("SQLite", paid::bookings(None).await)];
        if let Some(url) = &postgres {
            paid.push(("PostgreSQL", paid::bookings(Some(url)).await));
        }
        println!("\n== paid bookings end to end (9 updates each) beside the holds above");
        for (kind, rows) in &paid {
            for (clients, rate, p50) in rows {
                println!("  {kind:<10} {clients:>2} clients: {rate:>6.1} paid bookings/s, p50 {p50:.1} ms per booking");
            }
        }
        if postgres.is_none() {
            println!("\n(set TEST_DATABASE_URL=postgres://… to also measure PostgreSQL)");
        }
    });
}

/// A whole paid booking through the webhook (see the module docs).
mod paid {
    use std::collections::HashMap;
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use entity::bookings;
    use pnp_live::clock::ManualClock;
    use pnp_live::config::Config;
    use pnp_live::domain::booking::BookingStatus;
    use pnp_live::domain::money::{Currency, Money};
    use pnp_live::services::{availability, profiles, roles, users};
    use pnp_live::Application;
    use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
    use serde_json::Value;
    use time::{macros::datetime, OffsetDateTime};

    use crate::fake_telegram::{FakeTelegram, TOKEN};
    use crate::helpers::{TgUser, WEBHOOK_SECRET};
    use crate::support::{env_list, env_or, median, FreshDb};

    /// Monday 2026-12-07, 15:00 UTC, held still (a manual clock): every slot lies ahead.
    const NOW: OffsetDateTime = datetime!(2026-12-07 15:00 UTC);
    /// A 30-minute call at 150 Stars.
    const PRICE: i64 = 150;

    struct Person {
        user: TgUser,
        performer: i64,
        rate: i64,
        /// The user's `users.id`, to find their hold's invoice.
        user_id: i64,
        /// Slots booked so far (the next one is the next half hour).
        booked: u64,
    }

    struct Rig {
        url: String,
        http: reqwest::Client,
        db: DatabaseConnection,
        telegram: FakeTelegram,
    }

    impl Rig {
        /// Posts one update as Telegram does; the response is 200 and, returned, its body.
        async fn post(&self, update: &Value) -> Value {
            let response = self
                .http
                .post(&self.url)
                .header("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET)
                .json(update)
                .send()
                .await
                .expect("webhook answers");
            assert_eq!(response.status(), 200, "update {update}");
            response.json().await.unwrap_or(Value::Null)
        }

        /// One paid booking of `person`'s next slot, from the list to the links.
        async fn book(&self, person: &mut Person, client: usize) {
            let (u, pid, rate) = (&person.user, person.performer, person.rate);
            let start = NOW + time::Duration::hours(2) + time::Duration::minutes(30 * person.booked as i64);
            person.booked += 1;
            for data in [
                "u:l:l:0".to_owned(),
                format!("u:l:v:{pid}"),
                format!("u:b:b:{pid}"),
                format!("u:b:r:{pid}:{rate}"),
                format!("u:b:s:{pid}:{rate}:0"),
                format!("u:b:t:{pid}:{rate}:{}", start.unix_timestamp() / 60),
            ] {
                self.post(&u.callback(&data, 1)).await;
            }
            let hold = bookings::Entity::find()
                .filter(bookings::Column::UserId.eq(person.user_id))
                .filter(bookings::Column::Status.is_in([BookingStatus::Held, BookingStatus::AwaitingPayment]))
                .one(&self.db)
                .await
                .expect("read the hold")
                .unwrap_or_else(|| {
                    let last = self
                        .telegram
                        .calls()
                        .pop()
                        .map(|c| (c.method.clone(), c.body.clone()));
                    panic!("no hold for the slot at {start}: the bot's last call {last:?}")
                });
            let payload = hold.invoice_payload.expect("the hold's invoice");
            let answer = self.post(&u.pre_checkout(&payload, PRICE, "XTR")).await;
            assert_eq!(answer["ok"], true, "pre-checkout approved: {answer}");
            let charge = format!("bench-{client}-{}", person.booked);
            self.post(&u.successful_payment(&payload, PRICE, "XTR", &charge))
                .await;
        }
    }

    /// A performer with 24/7 hours, half-hour steps and one 30-minute rate, and a person of
    /// age in Mexico City who has started the bot, for each client.
    async fn people(rig: &Rig, n: usize) -> Vec<Person> {
        let db = &rig.db;
        let mut people = Vec::new();
        for c in 0..n as i64 {
            let tg = TgUser::new(900_000 + c, "Maria", Some(&format!("maria{c}_cam")));
            rig.post(&tg.message("/start")).await;
            let performer_user = users::find_by_telegram_id(db, tg.id).await.unwrap().unwrap();
            roles::grant(db, performer_user.id, roles::Role::Performer, None, NOW)
                .await
                .unwrap();
            let profile = profiles::ensure(
                db,
                performer_user.id,
                &format!("Maria {c}"),
                "America/Mexico_City",
                NOW,
            )
            .await
            .unwrap();
            let mut settings = profiles::settings(&profile);
            settings.min_notice_min = 0;
            settings.slot_step_min = 30;
            profiles::set_settings(db, profile.id, &settings, NOW)
                .await
                .unwrap();
            profiles::set_rate(db, profile.id, 30, Money::new(PRICE, Currency::XTR), NOW)
                .await
                .unwrap();
            let midnight = jiff::civil::Time::midnight();
            for day in 1..=7 {
                let weekday = jiff::civil::Weekday::from_monday_one_offset(day).unwrap();
                availability::set_day(db, profile.id, weekday, &[(midnight, midnight)])
                    .await
                    .unwrap();
            }
            let rate = profiles::rates(db, profile.id).await.unwrap().remove(0).id;

            let user = TgUser::new(800_000 + c, "Ana", None);
            rig.post(&user.message("/start")).await;
            rig.post(&user.callback("u:l:18", 1)).await;
            let row = users::find_by_telegram_id(db, user.id).await.unwrap().unwrap();
            users::set_timezone(db, row.id, "America/Mexico_City", NOW)
                .await
                .unwrap();
            people.push(Person {
                user,
                performer: profile.id,
                rate,
                user_id: row.id,
                booked: 0,
            });
        }
        people
    }

    /// Paid bookings per second and the median time of one, per client count.
    pub async fn bookings(postgres_admin: Option<&str>) -> Vec<(usize, f64, f64)> {
        let clients = env_list("PAID_CLIENTS", "1,8");
        let secs: f64 = env_or("PAID_SECS", 3.0);
        let fresh = FreshDb::new(postgres_admin, "paid").await;
        let telegram = FakeTelegram::start().await;
        let vars: HashMap<String, String> = [
            ("PNP_HTTP_ADDR", "127.0.0.1:0"),
            ("PNP_DATABASE_URL", fresh.config.url.as_str()),
            ("PNP_TELEGRAM_API_URL", telegram.url.as_str()),
            ("PNP_TELEGRAM_TOKEN", TOKEN),
            ("PNP_TELEGRAM_WEBHOOK_SECRET", WEBHOOK_SECRET),
            // People here book at machine speed, many times an hour.
            ("PNP_ABUSE__UPDATES_BURST", "1000"),
            ("PNP_ABUSE__UPDATES_PER_SECOND", "1000"),
            ("PNP_PAYMENTS__MAX_HOLDS_PER_HOUR", "1000000"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let config = Config::load(&vars).expect("bench config");
        let app = Application::build_with_clock(config, Arc::new(ManualClock::new(NOW)))
            .await
            .expect("app builds");
        let rig = Arc::new(Rig {
            url: format!("http://127.0.0.1:{}/telegram/webhook", app.port()),
            http: reqwest::Client::new(),
            db: app.state().db.pool().clone(),
            telegram: telegram.clone(),
        });
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(app.run_until(async {
            let _ = stopped.await;
        }));
        let most = clients.iter().copied().max().unwrap_or(1);
        let mut people: Vec<_> = people(&rig, most).await.into_iter().map(Some).collect();
        // Warm-up: one booking each.
        let mut rows = Vec::new();
        let mut done_total = 0u64;
        for (round, &n) in std::iter::once(&most).chain(&clients).enumerate() {
            let deadline = Instant::now() + Duration::from_secs_f64(if round == 0 { 0.0 } else { secs });
            let started = Instant::now();
            let tasks: Vec<_> = (0..n)
                .map(|c| {
                    let (rig, mut person) = (rig.clone(), people[c].take().expect("one task per person"));
                    tokio::spawn(async move {
                        let mut times = Vec::new();
                        loop {
                            let t = Instant::now();
                            rig.book(&mut person, c).await;
                            times.push(t.elapsed().as_secs_f64() * 1000.0);
                            if Instant::now() >= deadline {
                                break;
                            }
                        }
                        (person, times)
                    })
                })
                .collect();
            let mut times = Vec::new();
            for (c, task) in tasks.into_iter().enumerate() {
                let (person, t) = task.await.expect("booking client");
                people[c] = Some(person);
                times.extend(t);
            }
            let elapsed = started.elapsed().as_secs_f64();
            done_total += times.len() as u64;
            if round > 0 {
                rows.push((n, times.len() as f64 / elapsed, median(times)));
            }
        }
        // Every booking made is confirmed and paid, and both sides were told.
        let confirmed = bookings::Entity::find()
            .filter(bookings::Column::Status.eq(BookingStatus::Confirmed))
            .count(&rig.db)
            .await
            .unwrap();
        let paid = entity::payments::Entity::find().count(&rig.db).await.unwrap();
        assert_eq!(confirmed, done_total, "every booking confirmed");
        assert_eq!(paid, done_total, "one payment per booking");
        for person in people.iter().flatten() {
            let performer_tg = 900_000 + (person.user.id - 800_000);
            let told = telegram.messages_to(performer_tg).len() as u64;
            assert!(
                told >= person.booked,
                "the performer heard of each booking ({told} < {})",
                person.booked
            );
        }
        let _ = stop.send(());
        let _ = tokio::time::timeout(Duration::from_secs(10), server).await;
        fresh.drop_database().await;
        rows
    }
}
