//! Broadcast pacing benchmark: one performer goes online (through the webhook, as in
//! production) and the real server broadcasts to every user against a fake Bot API on
//! loopback. Reports the sustained rate (messages after the first ÷ time from first to last)
//! against the configured `PNP_BROADCAST_RATE`; the target is ≥ 0.97 of it.
//!
//! ```sh
//! cargo bench --bench broadcast                          # 20,000 users at 1000/s and at 30/s
//! BENCH_USERS_AT_30=3000 cargo bench --bench broadcast   # fewer users for the slow 30/s run
//! BENCH_RATES=1000 cargo bench --bench broadcast         # only the fast run
//! ```
//! Variables: `BENCH_USERS` (default 20000), `BENCH_USERS_AT_30` (default `BENCH_USERS`; at
//! 30/s, 20,000 users take 11 minutes), `BENCH_RATES` (default `1000,30`), `BENCH_DATABASE_URL`
//! (default: a fresh SQLite file; a `postgres://…` URL of an empty database also works).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::Uri;
use axum::Json;
use entity::users;
use pnp_live::bot::callback::Callback;
use pnp_live::bot::performer::callback::PerformerCb;
use pnp_live::config::Config;
use pnp_live::domain::money::Money;
use pnp_live::services::roles::{self, Role};
use pnp_live::services::{profiles, users as user_service};
use pnp_live::Application;
use sea_orm::{ActiveValue::Set, EntityTrait};
use serde_json::{json, Value};

const TOKEN: &str = "123456:BENCH-token";
const SECRET: &str = "bench-webhook-secret";
const PERFORMER: i64 = 1;

/// The fake Bot API: answers every method, records when each sendMessage arrived.
#[derive(Default)]
struct Fake {
    sends: Mutex<Vec<Instant>>,
}

async fn fake_bot_api(State(fake): State<Arc<Fake>>, uri: Uri, body: Bytes) -> Json<Value> {
    let method = uri.path().rsplit('/').next().unwrap_or_default().to_owned();
    let params: Value = serde_json::from_slice(&body).unwrap_or(json!({}));
    let result = match method.as_str() {
        "sendMessage" | "editMessageText" => {
            if method == "sendMessage" {
                fake.sends.lock().unwrap().push(Instant::now());
            }
            json!({
                "message_id": params["message_id"].as_i64().unwrap_or(1),
                "date": 1_790_000_000,
                "chat": {"id": params["chat_id"], "type": "private", "first_name": "U"},
                "text": params["text"],
            })
        }
        _ => json!(true),
    };
    Json(json!({"ok": true, "result": result}))
}

struct Run {
    users: usize,
    rate: u32,
    sent: usize,
    seconds: f64,
    sustained: f64,
}

async fn run(rate: u32, n_users: usize) -> Run {
    let fake = Arc::new(Fake::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let fake_url = format!("http://{}", listener.local_addr().unwrap());
    let app = axum::Router::new()
        .fallback(fake_bot_api)
        .with_state(fake.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let dir = tempfile::tempdir().unwrap();
    let db_url = std::env::var("BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}?mode=rwc", dir.path().join("bench.db").display()));
    let env: HashMap<String, String> = [
        ("PNP_HTTP_ADDR", "127.0.0.1:0".to_owned()),
        ("PNP_DATABASE_URL", db_url),
        ("PNP_TELEGRAM_API_URL", fake_url),
        ("PNP_TELEGRAM_TOKEN", TOKEN.to_owned()),
        ("PNP_TELEGRAM_WEBHOOK_SECRET", SECRET.to_owned()),
        ("PNP_BROADCAST_RATE", rate.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let config = Config::load(&env).expect("bench config");
    let application = Application::build(config).await.expect("app builds");
    let address = format!("http://127.0.0.1:{}", application.port());
    let db = application.state().db.clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(application.run_until(async {
        let _ = stopped.await;
    }));

    // The performer and the audience.
    let now = pnp_live::clock::now_utc();
    let performer = user_service::register(
        &db,
        &user_service::Profile {
            telegram_id: PERFORMER,
            username: Some("maria"),
            first_name: "Maria",
            last_name: None,
            language: "en",
        },
        now,
    )
    .await
    .unwrap();
    roles::grant(&db, performer.id, Role::Performer, None, now)
        .await
        .unwrap();
    let profile = profiles::ensure(&db, performer.id, "Maria", "America/Mexico_City", now)
        .await
        .unwrap();
    profiles::set_rate(&db, profile.id, 30, Money::stars(150), now)
        .await
        .unwrap();
    let ids: Vec<i64> = (0..n_users as i64).map(|i| 10_000_000 + i).collect();
    for chunk in ids.chunks(1000) {
        let rows = chunk.iter().map(|&telegram_id| users::ActiveModel {
            telegram_id: Set(telegram_id),
            username: Set(None),
            first_name: Set("User".into()),
            last_name: Set(None),
            language_code: Set(if telegram_id % 2 == 0 { "en" } else { "es" }.into()),
            timezone: Set(None),
            age_confirmed_at: Set(None),
            broadcast_opt_out: Set(false),
            bot_blocked_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
        users::Entity::insert_many(rows)
            .exec_without_returning(&db)
            .await
            .unwrap();
    }

    // Maria presses Go Online.
    let data = Callback::Performer(PerformerCb::GoOnline).data();
    let update = json!({"update_id": 1, "callback_query": {
        "id": "cb1",
        "from": {"id": PERFORMER, "is_bot": false, "first_name": "Maria", "language_code": "en"},
        "chat_instance": "ci",
        "data": data,
        "message": {
            "message_id": 1, "date": 1_790_000_000,
            "chat": {"id": PERFORMER, "type": "private", "first_name": "Maria"},
            "from": {"id": 123456, "is_bot": true, "first_name": "PNP Live"},
            "text": "menu",
        },
    }});
    let response = reqwest::Client::new()
        .post(format!("{address}/telegram/webhook"))
        .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
        .json(&update)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    // Wait for everyone (bounded: twice the time the pace allows, plus a margin).
    let limit = Duration::from_secs_f64(n_users as f64 / f64::from(rate) * 2.0 + 30.0);
    let started = Instant::now();
    loop {
        let sent = fake.sends.lock().unwrap().len();
        if sent >= n_users {
            break;
        }
        assert!(
            started.elapsed() < limit,
            "only {sent} of {n_users} sent after {:?}",
            started.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let sends = fake.sends.lock().unwrap().clone();
    let _ = stop.send(());
    let _ = server.await;
    let first = sends[0];
    let last = *sends.last().unwrap();
    let seconds = last.duration_since(first).as_secs_f64();
    Run {
        users: n_users,
        rate,
        sent: sends.len(),
        seconds,
        sustained: (sends.len() - 1) as f64 / seconds,
    }
}

fn env_number(name: &str) -> Option<usize> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn main() {
    let users = env_number("BENCH_USERS").unwrap_or(20_000);
    let users_at_30 = env_number("BENCH_USERS_AT_30").unwrap_or(users);
    let rates: Vec<u32> = std::env::var("BENCH_RATES")
        .unwrap_or_else(|_| "1000,30".into())
        .split(',')
        .filter_map(|r| r.trim().parse().ok())
        .collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut failed = false;
    println!("broadcast pacing: sustained rate ÷ configured rate, target ≥ 0.97");
    for rate in rates {
        let n = if rate <= 30 { users_at_30 } else { users };
        let run = runtime.block_on(run(rate, n));
        let ratio = run.sustained / f64::from(run.rate);
        let ok = ratio >= 0.97;
        failed |= !ok;
        println!(
            "  rate {:>5}/s  users {:>6}  sent {:>6}  in {:>8.2} s  sustained {:>8.2}/s  ratio {:.4}  {}",
            run.rate,
            run.users,
            run.sent,
            run.seconds,
            run.sustained,
            ratio,
            if ok { "ok" } else { "BELOW TARGET" }
        );
    }
    if failed {
        std::process::exit(1);
    }
}
