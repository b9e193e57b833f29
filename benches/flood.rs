//! Flood benchmark (issue 16, item 4): one account floods the webhook while quiet people keep
//! using the bot; what the quiet people see must not change. The real server (release settings,
//! the product's default per-person limit: 20 at once, 5/s) on SQLite and, with
//! `TEST_DATABASE_URL`, on PostgreSQL, with the tests' fake Bot API on loopback.
//!
//! Each database runs two phases of `FLOOD_SECS` (default 5) seconds, after a warm-up:
//! - quiet alone: one client sends `/start` from 1,000 known people in turn (each one writes
//!   every few hundred milliseconds at most, far under the limit);
//! - quiet + flood: the same, while `FLOOD_CLIENTS` (default 16) concurrent clients post
//!   `FLOOD_UPDATES` (default 3,000) `/start` updates from ONE account as fast as they can.
//!
//! It prints the quiet client's p50/p99 in both phases and their ratio, how many flood updates
//! were answered with a reply (those within the limit, and one "slow down" per
//! `abuse.notice_every_secs`; the rest were dropped after their claim). `cargo bench --bench flood`.

#[allow(dead_code)] // the tests' fake Bot API; the benchmark uses only part of it
#[path = "../tests/api/fake_telegram.rs"]
mod fake_telegram;
#[allow(dead_code)] // shared with the other benchmarks, which use other parts
mod support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use fake_telegram::{FakeTelegram, TOKEN};
use pnp_live::clock::SystemClock;
use pnp_live::config::Config;
use pnp_live::Application;
use serde_json::json;
use support::{env_or, postgres_admin_url, FreshDb};
use tokio::runtime::Runtime;

const SECRET: &str = "bench-webhook-secret_0123456789";
const SECRET_HEADER: &str = "X-Telegram-Bot-Api-Secret-Token";
const FLOODER: u64 = 99_000_000;
const QUIET_PEOPLE: u64 = 1_000;

fn start_update(update_id: u64, user: u64) -> String {
    json!({
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 1_790_000_000,
            "chat": {"id": user, "type": "private", "first_name": "Ana"},
            "from": {"id": user, "is_bot": false, "first_name": "Ana", "language_code": "es"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        }
    })
    .to_string()
}

/// Posts one update; `Some(true)` when the response carried a reply.
async fn post(client: &reqwest::Client, url: &str, body: String) -> Option<bool> {
    let response = client
        .post(url)
        .header(SECRET_HEADER, SECRET)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .ok()?;
    if response.status() != StatusCode::OK {
        return None;
    }
    let bytes = response.bytes().await.ok()?;
    Some(bytes.windows(9).any(|w| w == b"\"method\":"))
}

/// The quiet client: `/start` from the quiet people in turn for `secs`; sorted latencies (µs).
async fn quiet(url: &str, secs: f64, ids: &AtomicU64) -> Vec<u32> {
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs_f64(secs);
    let mut latencies = Vec::new();
    while Instant::now() < deadline {
        let n = ids.fetch_add(1, Ordering::Relaxed);
        let body = start_update(n, 10_000_000 + n % QUIET_PEOPLE);
        let t = Instant::now();
        post(&client, url, body)
            .await
            .expect("a quiet person's update is taken in");
        latencies.push(t.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
    }
    latencies.sort_unstable();
    latencies
}

/// The flood: `total` updates from one account over `clients` connections; (answered with a
/// reply, taken in, seconds).
async fn flood(url: &str, clients: usize, total: u64, ids: &Arc<AtomicU64>) -> (u64, u64, f64) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()
        .expect("client");
    let left = Arc::new(AtomicU64::new(total));
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let (client, url, ids, left) = (client.clone(), url.to_owned(), ids.clone(), left.clone());
            tokio::spawn(async move {
                let (mut replied, mut taken) = (0, 0);
                while left
                    .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                    .is_ok()
                {
                    let n = ids.fetch_add(1, Ordering::Relaxed);
                    if let Some(reply) = post(&client, &url, start_update(n, FLOODER)).await {
                        taken += 1;
                        replied += u64::from(reply);
                    }
                }
                (replied, taken)
            })
        })
        .collect();
    let (mut replied, mut taken) = (0, 0);
    for worker in workers {
        let (r, t) = worker.await.expect("flood task");
        replied += r;
        taken += t;
    }
    (replied, taken, started.elapsed().as_secs_f64())
}

fn percentile_ms(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 * p) as usize).min(sorted.len() - 1);
    f64::from(sorted[i]) / 1000.0
}

/// The real application with the product's default limits and the reply in the webhook response.
fn start_app(server: &Runtime, db_url: &str, telegram_url: &str) -> (u16, tokio::sync::oneshot::Sender<()>) {
    let vars: HashMap<String, String> = [
        ("PNP_HTTP_ADDR", "127.0.0.1:0"),
        ("PNP_DATABASE_URL", db_url),
        ("PNP_TELEGRAM_API_URL", telegram_url),
        ("PNP_TELEGRAM_TOKEN", TOKEN),
        ("PNP_TELEGRAM_WEBHOOK_SECRET", SECRET),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let config = Config::load(&vars).expect("bench config");
    server.block_on(async {
        let app = Application::build_with_clock(config, Arc::new(SystemClock))
            .await
            .expect("app builds");
        let port = app.port();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            app.run_until(async {
                let _ = stopped.await;
            })
            .await
            .expect("server runs");
        });
        (port, stop)
    })
}

fn run(server: &Runtime, client: &Runtime, telegram: &FakeTelegram, name: &str, postgres: Option<&str>) {
    let secs: f64 = env_or("FLOOD_SECS", 5.0);
    let clients: usize = env_or("FLOOD_CLIENTS", 16);
    let total: u64 = env_or("FLOOD_UPDATES", 3_000);
    let db = client.block_on(FreshDb::new(postgres, "flood"));
    let (port, stop) = start_app(server, &db.config.url, &telegram.url);
    let url = format!("http://127.0.0.1:{port}/telegram/webhook");
    let ids = Arc::new(AtomicU64::new(1));
    // Warm-up: every quiet person writes once (known from then on), and the pools fill.
    client.block_on(async {
        let http = reqwest::Client::new();
        for person in 0..QUIET_PEOPLE {
            let n = ids.fetch_add(1, Ordering::Relaxed);
            post(&http, &url, start_update(n, 10_000_000 + person)).await;
        }
    });
    telegram.clear();
    let alone = client.block_on(quiet(&url, secs, &ids));
    let (flooded, (replied, taken, flood_secs)) = client.block_on(async {
        let flooding = flood(&url, clients, total, &ids);
        tokio::join!(quiet(&url, secs, &ids), flooding)
    });
    let _ = stop.send(());
    client.block_on(db.drop_database());
    let (p50_a, p99_a) = (percentile_ms(&alone, 0.5), percentile_ms(&alone, 0.99));
    let (p50_f, p99_f) = (percentile_ms(&flooded, 0.5), percentile_ms(&flooded, 0.99));
    println!("{name}:");
    println!(
        "  quiet people alone:      {:>6} updates, p50 {p50_a:.2} ms, p99 {p99_a:.2} ms",
        alone.len()
    );
    println!(
        "  quiet people + flood:    {:>6} updates, p50 {p50_f:.2} ms, p99 {p99_f:.2} ms ({:.2} x alone)",
        flooded.len(),
        p99_f / p99_a
    );
    println!(
        "  flood: {total} updates from one account over {clients} connections in {flood_secs:.2} s ({:.0}/s); {taken} taken in (200), {replied} answered with a reply (the updates within the limit and the one slow-down notice per window); the rest dropped after their claim",
        total as f64 / flood_secs
    );
}

fn main() {
    if !support::invoked_by_cargo_bench() {
        println!("flood: run with `cargo bench --bench flood`");
        return;
    }
    let server = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("server runtime");
    let client = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("client runtime");
    let telegram = client.block_on(FakeTelegram::start());
    run(&server, &client, &telegram, "SQLite", None);
    if let Some(admin) = postgres_admin_url() {
        run(&server, &client, &telegram, "PostgreSQL", Some(&admin));
    }
}
