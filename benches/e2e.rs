//! End-to-end benchmark (issue 7, item 6): the real server, started as `main` starts it
//! (`Application::build_with_clock`, port 0, the default pool), with the fake Bot API of the tests
//! on loopback, takes realistic `/start` updates from a bounded number of concurrent clients;
//! side by side, in the same run and with the same client, a bare axum endpoint that answers 200
//! (the ceiling of this machine). On SQLite and, with `TEST_DATABASE_URL`, on PostgreSQL, each
//! database also runs two more cases: the claim-only floor (an endpoint that only records the
//! update's claim, the one write every update needs to be processed once) and `/start` with
//! `reply_in_webhook` off, so the reply takes a Bot API call instead of riding in the webhook
//! response (issue 7, item 5: the difference is printed per client count), and `/start` from
//! 1,000 people who keep coming back (known after their first, so a lookup and no user insert:
//! what most `/start` traffic costs). Then
//! the idle RSS of the `pnp-live serve` binary (built with the bench profile, i.e. release
//! settings) on the default SQLite database.
//!
//! On SQLite, `/start` and the claim-only floor also run with `synchronous=FULL` for every
//! commit, beside the default (issue 18, item 3), and every SQLite case says how large its WAL
//! file grew (item 4). Last, the binary is measured under load: its peak RSS (VmHWM) under 64
//! clients sending new users' `/start`, beside its idle RSS (item 5).
//!
//! `cargo bench --bench e2e`. Knobs: `E2E_SECS` (default 3) measured seconds per case after
//! `E2E_WARMUP_SECS` (default 1); `E2E_CLIENTS` (default `1,4,16`) concurrent clients;
//! `E2E_MAX` (default 200000) updates per case at most; `BENCH_POOL` overrides the pool size;
//! `BENCH_UNITS_PER_COMMIT` SQLite's `sqlite.units_per_commit`;
//! `E2E_ONLY_APP=1` skips the ceiling and the RSS (for profiling); `E2E_BINARY` names another
//! `pnp-live` binary for the RSS; `E2E_RSS_CLIENTS` (64), `E2E_RSS_SECS` (5), `E2E_RSS_ROUNDS` (1)
//! and `E2E_RSS_VARIANTS` (`;`-separated sets of `KEY=VALUE` given to the binary, e.g.
//! `;PNP_SQLITE__CACHE_SIZE_KIB=2000;MALLOC_ARENA_MAX=2`) for the RSS under load;
//! `E2E_ONLY_RSS=1` runs only the RSS under load; `E2E_LONG_SECS` (default 0, off) runs `/start` that long on SQLite with `E2E_LONG_CLIENTS`
//! (16) clients and says the WAL's size every minute. Everything stays on 127.0.0.1.
//!
//! Each `/start` comes from a new user with a new `update_id` and the right secret header, so
//! every one is claimed, registers a user and is answered with the main menu. The run checks
//! that every update was answered (a `sendMessage` to the fake Bot API, or the same method in
//! the webhook's response body) so a fast but broken path cannot pass for a fast one.
//!
//! Each row also says what an update cost the database: the statements SeaORM ran per update
//! answered and the microseconds spent in them (`pnp_live::db::statements_run`), figures the
//! machine's noise moves far less than the throughput (background jobs' statements included),
//! and the CPU time the whole process (server, clients, fake Bot API) used per update answered.

#[allow(dead_code)] // the tests' fake Bot API; the benchmark uses only part of it
#[path = "../tests/api/fake_telegram.rs"]
mod fake_telegram;
#[allow(dead_code)] // shared with the holds benchmark, which uses other parts
mod support;

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::routing::post;
use fake_telegram::{FakeTelegram, TOKEN};
use pnp_live::clock::SystemClock;
use pnp_live::config::Config;
use pnp_live::Application;
use serde_json::json;
use support::{env_list, env_or, postgres_admin_url, FreshDb, WalWatch};
use tokio::runtime::Runtime;
use tokio::sync::oneshot;

const SECRET: &str = "bench-webhook-secret_0123456789";
const SECRET_HEADER: &str = "X-Telegram-Bot-Api-Secret-Token";

/// A private `/start` from user `user`, as Telegram sends it.
fn start_update(update_id: u64, user: u64) -> String {
    json!({
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 1_790_000_000,
            "chat": {"id": user, "type": "private", "first_name": "Ana", "username": format!("ana{user}")},
            "from": {"id": user, "is_bot": false, "first_name": "Ana", "username": format!("ana{user}"),
                     "language_code": "es"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        }
    })
    .to_string()
}

/// Hands out update numbers, and the user each update comes from.
#[derive(Default)]
struct Ids {
    next: AtomicU64,
    /// `None`: every update from a new user (the worst case: the user row is written).
    /// `Some(n)`: users cycle over `n` people, who are known after their first `/start`.
    users: Option<u64>,
}

impl Ids {
    /// The next (update_id, user id).
    fn take(&self) -> (u64, u64) {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        (
            1_000_000 + n,
            10_000_000 + self.users.map_or(n, |users| n % users),
        )
    }

    fn handed_out(&self) -> u64 {
        self.next.load(Ordering::Relaxed)
    }
}

/// What the clients saw in one case.
struct Outcome {
    ok: u64,
    failed: u64,
    /// Responses whose body is itself the reply (the Bot API's `{"method": …}` form).
    replies_in_body: u64,
    secs: f64,
    latencies_us: Vec<u32>,
}

impl Outcome {
    fn throughput(&self) -> f64 {
        self.ok as f64 / self.secs
    }

    fn percentile_ms(&self, p: f64) -> f64 {
        if self.latencies_us.is_empty() {
            return f64::NAN;
        }
        let i = ((self.latencies_us.len() as f64 * p) as usize).min(self.latencies_us.len() - 1);
        f64::from(self.latencies_us[i]) / 1000.0
    }
}

/// `clients` concurrent clients post `/start` updates to `url` for `secs` seconds (or `max`
/// updates); `ids` hands out update and user numbers, so no update is ever repeated.
async fn load(url: &str, clients: usize, secs: f64, max: u64, ids: &Arc<Ids>, measured: bool) -> Outcome {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()
        .expect("client");
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(secs);
    let sent = Arc::new(AtomicU64::new(0));
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let (client, url, ids, sent) = (client.clone(), url.to_owned(), ids.clone(), sent.clone());
            tokio::spawn(async move {
                let (mut ok, mut failed, mut in_body) = (0u64, 0u64, 0u64);
                let mut latencies = Vec::new();
                while Instant::now() < deadline && sent.fetch_add(1, Ordering::Relaxed) < max {
                    let (update_id, user) = ids.take();
                    let body = start_update(update_id, user);
                    let t = Instant::now();
                    let response = client
                        .post(&url)
                        .header(SECRET_HEADER, SECRET)
                        .header("Content-Type", "application/json")
                        .body(body)
                        .send()
                        .await;
                    let result = match response {
                        Ok(r) if r.status() == StatusCode::OK => r.bytes().await.ok(),
                        _ => None,
                    };
                    let took = t.elapsed();
                    match result {
                        Some(bytes) => {
                            ok += 1;
                            if bytes.starts_with(b"{") && bytes.windows(9).any(|w| w == b"\"method\":") {
                                in_body += 1;
                            }
                            if measured {
                                latencies.push(took.as_micros().min(u128::from(u32::MAX)) as u32);
                            }
                        }
                        None => failed += 1,
                    }
                }
                (ok, failed, in_body, latencies)
            })
        })
        .collect();
    let mut outcome = Outcome {
        ok: 0,
        failed: 0,
        replies_in_body: 0,
        secs: 0.0,
        latencies_us: Vec::new(),
    };
    for worker in workers {
        let (ok, failed, in_body, latencies) = worker.await.expect("client task");
        outcome.ok += ok;
        outcome.failed += failed;
        outcome.replies_in_body += in_body;
        outcome.latencies_us.extend(latencies);
    }
    outcome.secs = started.elapsed().as_secs_f64();
    outcome.latencies_us.sort_unstable();
    outcome
}

/// A server under test: its webhook URL and how to stop it.
struct Running {
    url: String,
    stop: oneshot::Sender<()>,
    done: tokio::task::JoinHandle<()>,
}

/// The ceiling: axum with one route that answers 200, nothing else.
fn start_bare(server: &Runtime) -> Running {
    server.block_on(serve_router(
        axum::Router::new().route("/telegram/webhook", post(|| async { StatusCode::OK })),
    ))
}

/// The floor under durability: an endpoint that does only what "a replayed update is processed
/// once" demands of every update, however trivial. It parses the body, takes the update's claim
/// in `processed_updates` through the server's own journal (claims of concurrent requests share
/// one committed INSERT) on the pool the server opens, and answers 200; it handles nothing, does
/// not mark the update done and replies nothing.
fn start_claim_only(server: &Runtime, db: &FreshDb, sqlite: pnp_live::db::SqliteSettings) -> Running {
    server.block_on(async {
        let pool = db.connect_with(sqlite).await;
        pnp_live::db::migrate(&pool).await.expect("migrations");
        let clock: std::sync::Arc<dyn pnp_live::clock::Clock> =
            std::sync::Arc::new(pnp_live::clock::SystemClock);
        let journal = pnp_live::services::updates::Journal::start(pool, clock);
        let claim = move |body: axum::body::Bytes| {
            let journal = journal.clone();
            async move {
                let update: serde_json::Value = match serde_json::from_slice(&body) {
                    Ok(v) => v,
                    Err(_) => return StatusCode::BAD_REQUEST,
                };
                let Some(id) = update.get("update_id").and_then(serde_json::Value::as_i64) else {
                    return StatusCode::BAD_REQUEST;
                };
                match journal.claim(id, pnp_live::clock::now_utc()).await {
                    Ok(_) => StatusCode::OK,
                    Err(_) => StatusCode::SERVICE_UNAVAILABLE,
                }
            }
        };
        let app = axum::Router::new().route("/telegram/webhook", post(claim));
        serve_router(app).await
    })
}

/// Serves `app` on a loopback port of its own until stopped.
async fn serve_router(app: axum::Router) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/telegram/webhook", listener.local_addr().unwrap());
    let (stop, stopped) = oneshot::channel::<()>();
    let done = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
            .expect("bench server");
    });
    Running { url, stop, done }
}

/// The real application, configured as in production except for the loopback Bot API;
/// `reply_in_webhook` as given (production default: on).
fn start_app(
    server: &Runtime,
    db_url: &str,
    telegram_url: &str,
    reply_in_webhook: bool,
    extra: &[(&str, &str)],
) -> Running {
    let vars: HashMap<String, String> = [
        ("PNP_HTTP_ADDR", "127.0.0.1:0"),
        ("PNP_DATABASE_URL", db_url),
        ("PNP_TELEGRAM_API_URL", telegram_url),
        ("PNP_TELEGRAM_TOKEN", TOKEN),
        ("PNP_TELEGRAM_WEBHOOK_SECRET", SECRET),
        // 1,000 known users at thousands of updates a second is several a second each, at the
        // per-person limit's default: this measures the update path, not the limit.
        ("PNP_ABUSE__UPDATES_BURST", "1000"),
        ("PNP_ABUSE__UPDATES_PER_SECOND", "1000"),
    ]
    .iter()
    .chain(extra)
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let mut config = Config::load(&vars).expect("bench config");
    if let Some(pool) = std::env::var("BENCH_POOL").ok().and_then(|p| p.parse().ok()) {
        config.database.max_connections = pool;
        config.sqlite.max_connections = pool;
    }
    if let Some(units) = std::env::var("BENCH_UNITS_PER_COMMIT")
        .ok()
        .and_then(|u| u.parse().ok())
    {
        config.sqlite.units_per_commit = units;
    }
    config.telegram.reply_in_webhook = reply_in_webhook;
    server.block_on(async {
        let app = Application::build_with_clock(config, Arc::new(SystemClock))
            .await
            .expect("app builds");
        let url = format!("http://127.0.0.1:{}/telegram/webhook", app.port());
        let (stop, stopped) = oneshot::channel::<()>();
        let done = tokio::spawn(async move {
            app.run_until(async {
                let _ = stopped.await;
            })
            .await
            .expect("server runs");
        });
        Running { url, stop, done }
    })
}

impl Running {
    fn stop(self, server: &Runtime) {
        let _ = self.stop.send(());
        server.block_on(async {
            let _ = tokio::time::timeout(Duration::from_secs(10), self.done).await;
        });
    }
}

struct Knobs {
    secs: f64,
    warmup: f64,
    max: u64,
    clients: Vec<usize>,
}

/// Warms up, measures, prints one row per client count; returns (clients, outcome) rows.
fn measure(label: &str, client: &Runtime, url: &str, knobs: &Knobs, ids: &Arc<Ids>) -> Vec<(usize, Outcome)> {
    let mut rows = Vec::new();
    for &clients in &knobs.clients {
        let warmup = client.block_on(load(url, clients, knobs.warmup, knobs.max, ids, false));
        let (statements_before, in_statements_before) = pnp_live::db::statements_run();
        let cpu_before = process_cpu();
        let mut outcome = client.block_on(load(url, clients, knobs.secs, knobs.max, ids, true));
        // What each update cost the database, free of the machine's noise in the count.
        let (statements, in_statements) = pnp_live::db::statements_run();
        let cpu = process_cpu() - cpu_before;
        let per_update = (outcome.ok as f64).max(1.0);
        println!(
            "{label:<22} {clients:>7} {:>10} {:>10.0} {:>9.2} {:>9.2} {:>9.2} {:>7} {:>9.2} {:>9.0} {:>9.0}",
            outcome.ok,
            outcome.throughput(),
            outcome.percentile_ms(0.50),
            outcome.percentile_ms(0.99),
            outcome
                .latencies_us
                .last()
                .map_or(f64::NAN, |&m| f64::from(m) / 1000.0),
            outcome.failed,
            (statements - statements_before) as f64 / per_update,
            (in_statements - in_statements_before).as_secs_f64() * 1e6 / per_update,
            cpu.as_secs_f64() * 1e6 / per_update,
        );
        // The warm-up's updates were answered too: count them for the every-update check.
        outcome.replies_in_body += warmup.replies_in_body;
        outcome.failed += warmup.failed;
        rows.push((clients, outcome));
    }
    rows
}

fn header() {
    println!(
        "{:<22} {:>7} {:>10} {:>10} {:>9} {:>9} {:>9} {:>7} {:>9} {:>9} {:>9}",
        "case",
        "clients",
        "requests",
        "req/s",
        "p50 ms",
        "p99 ms",
        "max ms",
        "failed",
        "stmts/upd",
        "µs in db",
        "CPU µs"
    );
}

/// The CPU time this process has used (every thread: server, clients, fake Bot API), from
/// `/proc/self/stat` in clock ticks: a cost per update that time the machine gives to other
/// processes does not move, unlike the throughput.
fn process_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|f| f.parse::<u64>().ok()))
        .sum();
    // USER_HZ is 100 on Linux.
    Duration::from_millis(ticks * 10)
}

/// `/start` against the bare ceiling and the claim-only floor, and the same `/start` with its
/// reply sent through the Bot API instead of the webhook response, per client count.
fn verdict(
    bare: &[(usize, Outcome)],
    floor: &[(usize, Outcome)],
    app: &[(usize, Outcome)],
    api: &[(usize, Outcome)],
) {
    for (i, (clients, a)) in app.iter().enumerate() {
        let p99 = a.percentile_ms(0.99);
        let versus = |rows: &[(usize, Outcome)]| rows.get(i).map(|(_, o)| a.throughput() / o.throughput());
        match versus(bare) {
            Some(ratio) => print!(
                "  {clients:>3} clients: /start at {ratio:.2} x bare (target >= 0.5: {})",
                if ratio >= 0.5 { "met" } else { "missed" },
            ),
            None => print!("  {clients:>3} clients: /start"),
        }
        println!(
            ", {:.2} x claim only; p99 {p99:.2} ms (target < 5: {})",
            versus(floor).unwrap_or(f64::NAN),
            if p99 < 5.0 { "met" } else { "missed" },
        );
        if let Some((_, b)) = api.get(i) {
            println!(
                "               reply in the webhook response vs through the Bot API: {:.0} vs {:.0} req/s ({:+.0}%), p50 {:.2} vs {:.2} ms",
                a.throughput(),
                b.throughput(),
                (a.throughput() / b.throughput() - 1.0) * 100.0,
                a.percentile_ms(0.5),
                b.percentile_ms(0.5),
            );
        }
    }
}

/// How many people the known-user case cycles over (each is new only on their first `/start`).
const RETURNING_USERS: u64 = 1_000;

/// The known-user case against the bare ceiling: what most `/start` traffic costs.
fn known_users(bare: &[(usize, Outcome)], known: &[(usize, Outcome)]) {
    for (i, (clients, k)) in known.iter().enumerate() {
        let ratio = bare
            .get(i)
            .map_or(f64::NAN, |(_, b)| k.throughput() / b.throughput());
        println!(
            "  {clients:>3} clients, known users: {:.0} req/s, {ratio:.2} x bare, p99 {:.2} ms",
            k.throughput(),
            k.percentile_ms(0.99),
        );
    }
}

/// Every case on one database: the claim-only floor, `/start` with the reply in the webhook
/// response (production default), `/start` with the reply through the Bot API, and `/start` from
/// people who wrote before (a lookup instead of a user insert).
/// What every case runs with: the server's and the clients' runtimes, the fake Bot API, the knobs.
struct Rig<'a> {
    server: &'a Runtime,
    client: &'a Runtime,
    telegram: &'a FakeTelegram,
    knobs: &'a Knobs,
}

fn database_cases(rig: &Rig, name: &str, ceiling: &[(usize, Outcome)], postgres_admin: Option<&str>) {
    let Rig {
        server,
        client,
        knobs,
        ..
    } = *rig;
    let floor_case = |label: &str, sqlite: pnp_live::db::SqliteSettings| {
        let db = client.block_on(FreshDb::new(postgres_admin, "e2e_floor"));
        let running = start_claim_only(server, &db, sqlite);
        let ids = Arc::new(Ids::default());
        let wal = WalWatch::start(db.sqlite_file());
        let rows = measure(label, client, &running.url, knobs, &ids);
        wal.report(label);
        running.stop(server);
        client.block_on(db.drop_database());
        rows
    };
    let floor = floor_case(&format!("claim only, {name}"), Default::default());
    let mut cases = Vec::new();
    for (label, in_body, users) in [
        ("/start", true, None),
        ("/start, API reply", false, None),
        ("/start, known user", true, Some(RETURNING_USERS)),
    ] {
        let db = client.block_on(FreshDb::new(postgres_admin, "e2e"));
        let ids = Arc::new(Ids {
            users,
            ..Ids::default()
        });
        cases.push(app_case(
            rig,
            &format!("{label}, {name}"),
            &db,
            in_body,
            &ids,
            &[],
        ));
        client.block_on(db.drop_database());
    }
    println!("{name}:");
    verdict(ceiling, &floor, &cases[0], &cases[1]);
    known_users(ceiling, &cases[2]);
    if postgres_admin.is_none() {
        full_throughout(rig, &floor, &cases[0], floor_case);
    }
}

/// SQLite with `synchronous=FULL` for every commit, beside the default (NORMAL, with only
/// bookings and payments flushed — `/start` writes neither): the claim-only floor and `/start`.
fn full_throughout(
    rig: &Rig,
    floor: &[(usize, Outcome)],
    start: &[(usize, Outcome)],
    floor_case: impl Fn(&str, pnp_live::db::SqliteSettings) -> Vec<(usize, Outcome)>,
) {
    let full = pnp_live::db::SqliteSettings {
        durability: pnp_live::db::Durability::Full,
        ..Default::default()
    };
    let full_floor = floor_case("claim only, FULL", full);
    let db = rig.client.block_on(FreshDb::new(None, "e2e_full"));
    let full_start = app_case(
        rig,
        "/start, SQLite FULL",
        &db,
        true,
        &Arc::new(Ids::default()),
        &[("PNP_SQLITE__SYNCHRONOUS", "full")],
    );
    println!("SQLite, synchronous=FULL throughout vs the default (NORMAL; bookings and payments flushed):");
    for (i, (clients, f)) in full_start.iter().enumerate() {
        let (Some((_, n)), Some((_, ff)), Some((_, nf))) = (start.get(i), full_floor.get(i), floor.get(i))
        else {
            continue;
        };
        println!(
            "  {clients:>3} clients: /start {:.0} vs {:.0} req/s ({:.2} x), p99 {:.2} vs {:.2} ms; claim only {:.0} vs {:.0} ({:.2} x)",
            f.throughput(),
            n.throughput(),
            f.throughput() / n.throughput(),
            f.percentile_ms(0.99),
            n.percentile_ms(0.99),
            ff.throughput(),
            nf.throughput(),
            ff.throughput() / nf.throughput(),
        );
    }
}

/// Runs `/start` against the app on one database and checks every update was answered.
fn app_case(
    rig: &Rig,
    label: &str,
    db: &FreshDb,
    reply_in_webhook: bool,
    ids: &Arc<Ids>,
    extra: &[(&str, &str)],
) -> Vec<(usize, Outcome)> {
    let Rig {
        server,
        client,
        telegram,
        knobs,
    } = *rig;
    telegram.clear();
    let app = start_app(server, &db.config.url, &telegram.url, reply_in_webhook, extra);
    // The start-up's setMyCommands calls go out in the background; let them land first.
    client.block_on(async {
        let _ = tokio::time::timeout(Duration::from_secs(5), telegram.wait_for("setMyCommands", 2)).await;
    });
    telegram.clear();
    let wal = WalWatch::start(db.sqlite_file());
    let rows = measure(label, client, &app.url, knobs, ids);
    wal.report(label);
    app.stop(server);
    // Every number handed out was posted, and answered before its response came back.
    let handled = ids.handed_out();
    let sent = telegram.calls_to("sendMessage").len() as u64;
    let in_body: u64 = rows.iter().map(|(_, o)| o.replies_in_body).sum();
    let failed: u64 = rows.iter().map(|(_, o)| o.failed).sum();
    println!(
        "  {label}: {} replies via the Bot API + {in_body} in webhook responses for ~{handled} updates, {failed} failed",
        sent
    );
    assert!(
        sent + in_body >= handled && failed == 0,
        "some /start updates were not answered"
    );
    rows
}

/// `pnp-live serve` (the binary cargo built alongside this benchmark — bench profile, release
/// settings — or the one named by `E2E_BINARY`) on the default SQLite database in `dir`, on
/// `port`, with the fake Bot API when given, and `extra` variables.
fn spawn_binary(
    dir: &std::path::Path,
    port: u16,
    telegram: Option<&FakeTelegram>,
    extra: &[(String, String)],
) -> Option<std::process::Child> {
    // The server runs in an empty directory: a relative E2E_BINARY is made absolute first.
    let binary = match std::env::var("E2E_BINARY") {
        Ok(path) => std::fs::canonicalize(&path).ok()?,
        Err(_) => env!("CARGO_BIN_EXE_pnp-live").into(),
    };
    let mut command = Command::new(binary);
    command
        .arg("serve")
        .current_dir(dir)
        .env_remove("PNP_DATABASE_URL")
        .env_remove("PNP_CONFIG")
        .env("PNP_HTTP_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "info")
        // As in `start_app`: the per-person limit is not what is measured.
        .env("PNP_ABUSE__UPDATES_BURST", "1000")
        .env("PNP_ABUSE__UPDATES_PER_SECOND", "1000")
        .envs(extra.iter().map(|(k, v)| (k, v)))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match telegram {
        Some(t) => command
            .env("PNP_TELEGRAM_TOKEN", TOKEN)
            .env("PNP_TELEGRAM_API_URL", &t.url)
            .env("PNP_TELEGRAM_WEBHOOK_SECRET", SECRET),
        None => command.env_remove("PNP_TELEGRAM_TOKEN"),
    };
    command.spawn().ok()
}

/// A free loopback port.
fn free_port() -> Option<u16> {
    Some(
        std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port(),
    )
}

/// Waits until the server on `port` answers `/readyz` 200 (at most 20 s).
fn wait_ready(client: &Runtime, port: u16) -> bool {
    client.block_on(async {
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            let answer = http.get(format!("http://127.0.0.1:{port}/readyz")).send().await;
            if answer.is_ok_and(|r| r.status() == StatusCode::OK) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    })
}

/// (VmRSS, VmHWM) of a process, in KiB.
fn rss_of(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kib = |key: &str| -> Option<u64> {
        status
            .lines()
            .find(|l| l.starts_with(key))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    };
    Some((kib("VmRSS:")?, kib("VmHWM:")?))
}

/// Idle RSS of `pnp-live serve` on the default SQLite database in an empty directory.
fn idle_rss(client: &Runtime, telegram: Option<&FakeTelegram>) -> Option<(u64, u64)> {
    let dir = tempfile::tempdir().ok()?;
    let port = free_port()?;
    let mut child = spawn_binary(dir.path(), port, telegram, &[])?;
    let ready = wait_ready(client, port);
    // Let start-up work (migrations, the command menu) finish, then read the resident set.
    std::thread::sleep(Duration::from_secs(2));
    let rss = rss_of(child.id());
    let _ = child.kill();
    let _ = child.wait();
    if !ready {
        println!("  pnp-live serve did not answer /readyz within 20 s");
        return None;
    }
    rss
}

/// What one run of the binary under load showed.
struct Loaded {
    idle_kib: u64,
    peak_kib: u64,
    after_kib: u64,
    /// After the load: anonymous memory and mapped files (the binary's own pages) of the RSS.
    after_anon_kib: u64,
    after_file_kib: u64,
    threads: u64,
    outcome: Outcome,
}

/// `pnp-live serve` with the fake Bot API under `clients` clients sending new users' `/start`
/// for `secs` seconds: idle RSS before, peak (VmHWM) and RSS after; `extra` variables.
fn loaded_rss(
    client: &Runtime,
    telegram: &FakeTelegram,
    clients: usize,
    secs: f64,
    extra: &[(String, String)],
) -> Option<Loaded> {
    let dir = tempfile::tempdir().ok()?;
    let port = free_port()?;
    let mut child = spawn_binary(dir.path(), port, Some(telegram), extra)?;
    let ready = wait_ready(client, port);
    std::thread::sleep(Duration::from_secs(2));
    let idle = rss_of(child.id());
    let url = format!("http://127.0.0.1:{port}/telegram/webhook");
    let ids = Arc::new(Ids::default());
    let outcome = ready.then(|| client.block_on(load(&url, clients, secs, u64::MAX, &ids, true)));
    let after = rss_of(child.id());
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap_or_default();
    let field = |key: &str| -> u64 {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
            .unwrap_or(0)
    };
    let (after_anon_kib, after_file_kib, threads) = (field("RssAnon:"), field("RssFile:"), field("Threads:"));
    let _ = child.kill();
    let _ = child.wait();
    let ((idle_kib, _), (after_kib, peak_kib), outcome) = (idle?, after?, outcome?);
    Some(Loaded {
        idle_kib,
        peak_kib,
        after_kib,
        after_anon_kib,
        after_file_kib,
        threads,
        outcome,
    })
}

/// `E2E_RSS_VARIANTS`: `;`-separated sets of `KEY=VALUE` words passed to the binary, measured
/// one after the other (default: one set, empty: the binary as it ships).
fn rss_variants() -> Vec<Vec<(String, String)>> {
    std::env::var("E2E_RSS_VARIANTS")
        .unwrap_or_default()
        .split(';')
        .map(|set| {
            set.split_whitespace()
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

/// Peak RSS of the binary under load, per variant, `E2E_RSS_ROUNDS` rounds interleaved.
fn rss_under_load(client: &Runtime, telegram: &FakeTelegram) {
    let clients: usize = env_or("E2E_RSS_CLIENTS", 64);
    let secs: f64 = env_or("E2E_RSS_SECS", 5.0);
    let rounds: usize = env_or("E2E_RSS_ROUNDS", 1);
    println!(
        "\n== RSS of `pnp-live serve` under {clients} clients (new users' /start for {secs} s; targets: peak <= 25 MB, idle <= 20 MB)"
    );
    let variants = rss_variants();
    for round in 0..rounds {
        for variant in &variants {
            let label = if variant.is_empty() {
                "as built".to_owned()
            } else {
                variant
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            telegram.clear();
            match loaded_rss(client, telegram, clients, secs, variant) {
                Some(l) => println!(
                    "  [{round}] {label:<40} idle {:.1} MB, peak {:.1} MB, after {:.1} MB (anon {:.1}, files {:.1}; {} threads); {:.0} req/s, p99 {:.2} ms, {} failed",
                    l.idle_kib as f64 / 1024.0,
                    l.peak_kib as f64 / 1024.0,
                    l.after_kib as f64 / 1024.0,
                    l.after_anon_kib as f64 / 1024.0,
                    l.after_file_kib as f64 / 1024.0,
                    l.threads,
                    l.outcome.throughput(),
                    l.outcome.percentile_ms(0.99),
                    l.outcome.failed,
                ),
                None => println!("  [{round}] {label:<40} could not be measured"),
            }
        }
    }
}

/// `E2E_LONG_SECS` (default 0: skipped): new users' `/start` on SQLite for that long, with
/// `E2E_LONG_CLIENTS` (default 16) clients, the WAL file's size said every minute and at the end
/// (issue 18, item 4: it stays <= 64 MB), and the process's RSS (it does not grow with the
/// updates handled).
fn long_run(rig: &Rig) {
    let secs: f64 = env_or("E2E_LONG_SECS", 0.0);
    if secs <= 0.0 {
        return;
    }
    let clients: usize = env_or("E2E_LONG_CLIENTS", 16);
    println!("\n== long run: /start from new users on SQLite, {clients} clients, {secs} s");
    let db = rig.client.block_on(FreshDb::new(None, "e2e_long"));
    rig.telegram.clear();
    let app = start_app(rig.server, &db.config.url, &rig.telegram.url, true, &[]);
    let file = db.sqlite_file().expect("a SQLite file");
    let ids = Arc::new(Ids::default());
    let started = Instant::now();
    let (mut largest, mut done) = (0u64, 0u64);
    while started.elapsed().as_secs_f64() < secs {
        let chunk = (secs - started.elapsed().as_secs_f64()).min(60.0);
        let wal = WalWatch::start(Some(file.clone()));
        let outcome = rig
            .client
            .block_on(load(&app.url, clients, chunk, u64::MAX, &ids, true));
        let (most, now) = wal.finish().unwrap_or_default();
        largest = largest.max(most);
        done += outcome.ok;
        let db_size = std::fs::metadata(&file).map_or(0, |m| m.len());
        // The app runs in this process, beside the load: what grows here with the updates
        // handled is held by one of them.
        let (rss, _) = rss_of(std::process::id()).unwrap_or_default();
        println!(
            "  {:>4.0} s: {:.0} req/s, p99 {:.2} ms, {} failed; WAL largest {:.1} MB, now {:.1} MB; database {:.1} MB; RSS of app and load {:.1} MB",
            started.elapsed().as_secs_f64(),
            outcome.throughput(),
            outcome.percentile_ms(0.99),
            outcome.failed,
            most as f64 / 1e6,
            now as f64 / 1e6,
            db_size as f64 / 1e6,
            rss as f64 / 1024.0,
        );
        rig.telegram.clear();
    }
    app.stop(rig.server);
    println!(
        "  {done} updates; WAL file largest {:.1} MB over {:.0} s (target <= 64 MB: {})",
        largest as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        if largest <= 64 << 20 { "met" } else { "missed" }
    );
    rig.client.block_on(db.drop_database());
}

fn main() {
    if !support::invoked_by_cargo_bench() {
        println!("e2e: run with `cargo bench --bench e2e`");
        return;
    }
    let knobs = Knobs {
        secs: env_or("E2E_SECS", 3.0),
        warmup: env_or("E2E_WARMUP_SECS", 1.0),
        max: env_or("E2E_MAX", 200_000),
        clients: env_list("E2E_CLIENTS", "1,4,16"),
    };
    // The server side runs on its own multi-threaded runtime, as in `pnp-live serve`; the clients
    // on one thread of their own; the fake Bot API on one more.
    let server = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("server runtime");
    let client = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    let outside = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("fake Bot API runtime");
    // Log as the server does (RUST_LOG, default info), so logging costs what it costs there.
    pnp_live::telemetry::init(pnp_live::config::LogFormat::Text);
    let telegram = outside.block_on(FakeTelegram::start());

    println!(
        "\n== /start end to end vs a bare axum endpoint, {} s per case ({} cores)",
        knobs.secs,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    if std::env::var("E2E_ONLY_RSS").is_ok_and(|v| v == "1") {
        // The binary's memory alone (for tuning it): no in-process cases.
        rss_under_load(&client, &telegram);
        return;
    }
    header();
    let ceiling = if std::env::var("E2E_ONLY_APP").is_ok_and(|v| v == "1") {
        // For profiling the application alone: no ceiling, no idle RSS.
        Vec::new()
    } else {
        let bare = start_bare(&server);
        let ids = Arc::new(Ids::default());
        let rows = measure("bare axum 200", &client, &bare.url, &knobs, &ids);
        bare.stop(&server);
        rows
    };

    let rig = Rig {
        server: &server,
        client: &client,
        telegram: &telegram,
        knobs: &knobs,
    };
    database_cases(&rig, "SQLite", &ceiling, None);
    match postgres_admin_url() {
        Some(admin) => database_cases(&rig, "PostgreSQL", &ceiling, Some(&admin)),
        None => println!("(set TEST_DATABASE_URL=postgres://… to also measure PostgreSQL)"),
    }

    long_run(&rig);

    if ceiling.is_empty() {
        return;
    }
    rss_under_load(&client, &telegram);
    println!("\n== idle RSS of `pnp-live serve` (default SQLite in an empty directory; target < 25 MB)");
    for (label, telegram) in [("no token", None), ("token, fake Bot API", Some(&telegram))] {
        match idle_rss(&client, telegram) {
            Some((rss, peak)) => println!(
                "  {label:<22} VmRSS {:.1} MB (peak VmHWM {:.1} MB)",
                rss as f64 / 1024.0,
                peak as f64 / 1024.0
            ),
            None => println!("  {label:<22} could not be measured"),
        }
    }
}
