//! `spawn_app()`: the real application on port 0 with a fresh database (SQLite file, or a fresh
//! PostgreSQL database when `TEST_DATABASE_URL` is set) and a fake Telegram on loopback.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use pnp_live::clock::ManualClock;
use pnp_live::config::Config;
use pnp_live::Application;
use sea_orm::{ConnectionTrait, Database};
use serde_json::{json, Value};
use tokio::sync::oneshot;

use crate::fake_telegram::{FakeTelegram, TOKEN};

pub const WEBHOOK_SECRET: &str = "test-webhook-secret_0123456789";
/// The superadmin of every test app.
pub const SUPERADMIN: i64 = 1_000_001;

static NEXT_UPDATE_ID: AtomicI64 = AtomicI64::new(1);

pub fn next_update_id() -> i64 {
    NEXT_UPDATE_ID.fetch_add(1, Ordering::Relaxed)
}

/// Where a test's database lives; kept alive for the test's duration. A PostgreSQL test
/// database is dropped when the test ends.
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.pg.take() else {
            return;
        };
        // Drop runs inside the test's runtime, which cannot block: use a thread of our own.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                if let Ok(admin) = Database::connect(&admin_url).await {
                    let _ = admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await;
                    let _ = admin.close().await;
                }
            });
        })
        .join();
    }
}

impl TestDb {
    pub async fn fresh() -> TestDb {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.is_empty() => {
                let name = format!("pnp_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(&admin_url)
                    .await
                    .expect("TEST_DATABASE_URL reachable");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let (base, _) = admin_url
                    .rsplit_once('/')
                    .expect("TEST_DATABASE_URL names a database");
                TestDb {
                    url: format!("{base}/{name}"),
                    _dir: None,
                    pg: Some((admin_url.clone(), name)),
                }
            }
            _ => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("pnp-live.db").display());
                TestDb {
                    url,
                    _dir: Some(dir),
                    pg: None,
                }
            }
        }
    }
}

#[allow(dead_code)] // each test uses the parts it needs
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub telegram: FakeTelegram,
    pub db: pnp_live::db::Db,
    pub clock: ManualClock,
    pub config: Config,
    pub test_db: Arc<TestDb>,
    pub state: pnp_live::state::AppState,
    /// The variables the app was started with, kept for a restart.
    env: Vec<(String, String)>,
    stop: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The configuration of a test app; `env` adds or overrides variables.
/// The real `pnp-live serve` binary on a free loopback port, started with only the environment
/// the tests share (database, fake Bot API, token, webhook secret) and `extra`; returns the
/// process and its base URL once `/readyz` answers 200.
pub async fn serve_binary(
    db_url: &str,
    telegram_url: &str,
    extra: &[(&str, &str)],
    stdout: std::process::Stdio,
    stderr: std::process::Stdio,
) -> (std::process::Child, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_pnp-live"))
        .arg("serve")
        .env_clear()
        .env("PNP_HTTP_ADDR", format!("127.0.0.1:{port}"))
        .env("PNP_DATABASE_URL", db_url)
        .env("PNP_TELEGRAM_API_URL", telegram_url)
        .env("PNP_TELEGRAM_TOKEN", TOKEN)
        .env("PNP_TELEGRAM_WEBHOOK_SECRET", WEBHOOK_SECRET)
        .envs(extra.iter().copied())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .expect("the binary starts");
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if let Ok(r) = client.get(format!("{base}/readyz")).send().await {
            if r.status() == 200 {
                return (child, base);
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("{base} did not become ready");
}

pub fn test_config(db_url: &str, telegram_url: &str, env: &[(&str, &str)]) -> Config {
    let mut vars: HashMap<String, String> = [
        ("PNP_HTTP_ADDR", "127.0.0.1:0"),
        ("PNP_DATABASE_URL", db_url),
        ("PNP_TELEGRAM_API_URL", telegram_url),
        ("PNP_TELEGRAM_TOKEN", TOKEN),
        ("PNP_TELEGRAM_WEBHOOK_SECRET", WEBHOOK_SECRET),
        ("PNP_SUPERADMINS", &SUPERADMIN.to_string()),
        // Start now sends the invoice at once in the scenarios written before the performer
        // was asked first; `start_now.rs` turns asking on (the product's default) and walks it.
        ("PNP_START_NOW_NEEDS_ACCEPTANCE", "false"),
        // Test users tap at machine speed (dozens of screens in a second); the per-person
        // limit is tested with its real defaults in `abuse.rs`.
        ("PNP_ABUSE__UPDATES_BURST", "1000"),
        ("PNP_ABUSE__UPDATES_PER_SECOND", "1000"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in env {
        vars.insert(k.to_string(), v.to_string());
    }
    let mut config = Config::load(&vars).expect("test config is valid");
    config.database.max_connections = 5;
    config.sqlite.max_connections = 5;
    // Tests run the background jobs themselves (`run_jobs`), with the manual clock.
    config.jobs.interval_secs = 3600;
    config
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

pub async fn spawn_app_with(env: &[(&str, &str)]) -> TestApp {
    spawn_app_tweaked(env, |_| {}).await
}

/// An app whose configuration is changed beyond what env vars reach.
pub async fn spawn_app_tweaked(env: &[(&str, &str)], tweak: impl FnOnce(&mut Config)) -> TestApp {
    let telegram = FakeTelegram::start().await;
    let test_db = Arc::new(TestDb::fresh().await);
    let mut config = test_config(&test_db.url, &telegram.url, env);
    tweak(&mut config);
    start(telegram, test_db, config, env).await
}

/// Starts an app on an existing database and fake Telegram (a restart).
pub async fn spawn_on(telegram: FakeTelegram, test_db: Arc<TestDb>, env: &[(&str, &str)]) -> TestApp {
    let config = test_config(&test_db.url, &telegram.url, env);
    start(telegram, test_db, config, env).await
}

/// Starts the app; `env` is kept so a restart starts it the same way (a `tweak` is not kept).
async fn start(
    telegram: FakeTelegram,
    test_db: Arc<TestDb>,
    config: Config,
    env: &[(&str, &str)],
) -> TestApp {
    let clock = ManualClock::new(time::OffsetDateTime::now_utc());
    let app = Application::build_with_clock(config.clone(), Arc::new(clock.clone()))
        .await
        .expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let db = app.state().db.clone();
    let state = app.state().clone();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        app.run_until(async {
            let _ = stopped.await;
        })
        .await
        .expect("server runs");
    });
    TestApp {
        address,
        client: reqwest::Client::new(),
        telegram,
        db,
        clock,
        config,
        test_db,
        state,
        env: env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        stop: Some(stop),
        server: Some(server),
    }
}

impl TestApp {
    /// Stops the server and its background workers (as a crash would: work in progress is
    /// abandoned, not finished).
    pub async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }

    /// Stops this app and starts a new one on the same database and fake Telegram, with the
    /// same environment.
    pub async fn restart(mut self) -> TestApp {
        self.stop().await;
        let env: Vec<(&str, &str)> = self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        spawn_on(self.telegram.clone(), self.test_db.clone(), &env).await
    }

    /// One pass of the background booking jobs, at the manual clock's time.
    pub async fn run_jobs(&self) {
        pnp_live::jobs::run_booking_jobs(&self.state).await;
    }

    /// Telegram's init data for `user` opening the Mini App now, signed with the test token.
    pub fn init_data(&self, user: &TgUser) -> String {
        use pnp_live::clock::Clock;
        pnp_live::miniapp::auth::sign(TOKEN, &user.json(), self.clock.now())
    }

    /// A Mini App API call (`/app/api` + `path`) from `user`, with their signed init data; `body`
    /// makes it a POST.
    pub async fn app_api(&self, user: &TgUser, path: &str, body: Option<Value>) -> reqwest::Response {
        let url = format!("{}/app/api{path}", self.address);
        let request = match body {
            Some(body) => self.client.post(url).json(&body),
            None => self.client.get(url),
        };
        request
            .header("Authorization", format!("tma {}", self.init_data(user)))
            .send()
            .await
            .expect("Mini App API request")
    }

    /// Posts a raw body to the webhook with the right secret.
    pub async fn post_raw(&self, body: impl Into<reqwest::Body>) -> reqwest::Response {
        self.client
            .post(format!("{}/telegram/webhook", self.address))
            .header("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET)
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .expect("webhook request")
    }

    /// Posts an update and expects 200, then performs the webhook reply, if any. A button press
    /// must have been answered exactly once by then (from the reply or directly), or the test
    /// fails: an unanswered press leaves the user's button spinning.
    pub async fn post_update(&self, update: Value) {
        let response = self.post_raw(update.to_string()).await;
        assert_eq!(response.status(), 200, "webhook answered {}", response.status());
        self.perform_reply(response).await;
        if let Some(id) = update.pointer("/callback_query/id").and_then(Value::as_str) {
            let answers = self.telegram.answers_to(id);
            assert_eq!(
                answers,
                1,
                "callback query {id} was answered {answers} times; calls: {:#?}",
                self.telegram.calls()
            );
        }
    }

    /// Telegram delivers `update` again and expects 200; returns the response body, which is not
    /// performed: Telegram redelivers only what it got no response for, so of all deliveries
    /// of one update it performs one response.
    pub async fn redeliver(&self, update: &Value) -> axum::body::Bytes {
        let response = self.post_raw(update.to_string()).await;
        assert_eq!(response.status(), 200, "webhook answered {}", response.status());
        response.bytes().await.unwrap()
    }

    /// Performs a Bot API call returned in a webhook response against the fake Telegram, as
    /// Telegram itself does.
    pub async fn perform_reply(&self, response: reqwest::Response) {
        let body = response.bytes().await.unwrap();
        self.perform_reply_body(&body).await;
    }

    /// Performs a webhook response body (empty: nothing to perform), as Telegram does.
    pub async fn perform_reply_body(&self, body: &[u8]) {
        if body.is_empty() {
            return;
        }
        let mut call: Value = serde_json::from_slice(body).expect("a webhook reply is JSON");
        let method = call["method"]
            .as_str()
            .expect("a webhook reply names its method")
            .to_owned();
        call.as_object_mut().unwrap().remove("method");
        let performed = self
            .client
            .post(format!(
                "{}/bot{}/{method}",
                self.telegram.url,
                crate::fake_telegram::TOKEN
            ))
            .json(&call)
            .send()
            .await
            .unwrap();
        assert!(
            performed.status().is_success(),
            "{method} from the webhook reply was refused"
        );
    }

    /// `user` sends `text` in their private chat.
    pub async fn send_text(&self, user: &TgUser, text: &str) {
        self.post_update(user.message(text)).await;
    }

    /// `user` presses a button with `data` on the last message the bot sent them, as that
    /// message stands (a photo card arrives as a photo message).
    pub async fn press(&self, user: &TgUser, data: &str) {
        let message = match self.telegram.last_sent(user.id) {
            Some(sent) => sent.as_pressed(user.chat()),
            None => user.pressed_message(1),
        };
        self.post_update(user.callback_on(data, message)).await;
    }

    /// `user` presses the button labelled `label` on the last message the bot sent them.
    pub async fn press_button(&self, user: &TgUser, label: &str) {
        let data = self.telegram.last_message_to(user.id).button_data(label);
        self.press(user, &data).await;
    }

    /// `user` presses `label` under the newest message to them that `pick` chooses (not the
    /// last one: a button under an older message, as people scroll up and tap).
    pub async fn press_under(
        &self,
        user: &TgUser,
        pick: impl Fn(&crate::fake_telegram::Call) -> bool,
        label: &str,
    ) {
        let call = self
            .telegram
            .messages_to(user.id)
            .into_iter()
            .rev()
            .find(|c| pick(c) && c.buttons().iter().any(|b| b.contains(label)))
            .unwrap_or_else(|| panic!("no message to {} with a button {label:?}", user.id));
        let sent = self
            .telegram
            .chat(user.id)
            .into_iter()
            .rev()
            .find(|m| {
                m.text.as_deref() == Some(call.text())
                    && m.reply_markup.as_ref() == call.body.get("reply_markup")
            })
            .expect("the message as it stands");
        self.post_update(user.callback_on(&call.button_data(label), sent.as_pressed(user.chat())))
            .await;
    }

    /// `user` deletes the last message the bot sent them, then presses its button labelled
    /// `label` (a client still showing it): Telegram sends such a message as inaccessible,
    /// with `date` 0.
    pub async fn press_button_on_deleted(&self, user: &TgUser, label: &str) {
        let sent = self.telegram.last_sent(user.id).expect("a message to press on");
        let data = self.telegram.last_message_to(user.id).button_data(label);
        self.telegram.delete(user.id, sent.message_id);
        let message = json!({"chat": user.chat(), "message_id": sent.message_id, "date": 0});
        self.post_update(user.callback_on(&data, message)).await;
    }
}

/// A Telegram user as tests play them.
#[derive(Debug, Clone)]
pub struct TgUser {
    pub id: i64,
    pub first_name: String,
    pub username: Option<String>,
    pub language_code: String,
}

impl TgUser {
    pub fn new(id: i64, first_name: &str, username: Option<&str>) -> Self {
        Self {
            id,
            first_name: first_name.to_owned(),
            username: username.map(str::to_owned),
            language_code: "en".to_owned(),
        }
    }

    pub fn spanish(mut self) -> Self {
        self.language_code = "es".to_owned();
        self
    }

    /// A Brazilian: Telegram reports `pt-br`.
    pub fn portuguese(mut self) -> Self {
        self.language_code = "pt-br".to_owned();
        self
    }

    pub fn superadmin() -> Self {
        Self::new(SUPERADMIN, "Root", Some("root_admin"))
    }

    pub fn json(&self) -> Value {
        let mut user = json!({
            "id": self.id,
            "is_bot": false,
            "first_name": self.first_name,
            "language_code": self.language_code,
        });
        if let Some(username) = &self.username {
            user["username"] = json!(username);
        }
        user
    }

    pub fn chat(&self) -> Value {
        json!({"id": self.id, "type": "private", "first_name": self.first_name})
    }

    pub fn message(&self, text: &str) -> Value {
        let mut message = json!({
            "message_id": 1,
            "date": 1_790_000_000,
            "chat": self.chat(),
            "from": self.json(),
            "text": text,
        });
        if text.starts_with('/') {
            let len = text
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .encode_utf16()
                .count();
            message["entities"] = json!([{"type": "bot_command", "offset": 0, "length": len}]);
        }
        json!({"update_id": next_update_id(), "message": message})
    }

    /// A message of `other`'s, forwarded by this user.
    pub fn forward_from(&self, other: &TgUser) -> Value {
        json!({"update_id": next_update_id(), "message": {
            "message_id": 2,
            "date": 1_790_000_000,
            "chat": self.chat(),
            "from": self.json(),
            "forward_origin": {"type": "user", "date": 1_789_000_000, "sender_user": other.json()},
            "text": "hello from them",
        }})
    }

    /// A press on message `message_id`, a text message this test does not track.
    pub fn callback(&self, data: &str, message_id: i64) -> Value {
        self.callback_on(data, self.pressed_message(message_id))
    }

    /// A text message of the bot's, as a callback query carries it.
    pub fn pressed_message(&self, message_id: i64) -> Value {
        json!({
            "message_id": message_id,
            "date": 1_790_000_000,
            "chat": self.chat(),
            "from": {"id": 123456, "is_bot": true, "first_name": "PNP Live"},
            "text": "menu",
        })
    }

    /// A press of the button with `data` under `message` (as the callback query carries it).
    pub fn callback_on(&self, data: &str, message: Value) -> Value {
        json!({"update_id": next_update_id(), "callback_query": {
            "id": format!("cb{}", next_update_id()),
            "from": self.json(),
            "chat_instance": "ci",
            "data": data,
            "message": message,
        }})
    }

    pub fn pre_checkout(&self, payload: &str, amount: i64, currency: &str) -> Value {
        json!({"update_id": next_update_id(), "pre_checkout_query": {
            "id": format!("pcq{}", next_update_id()),
            "from": self.json(),
            "currency": currency,
            "total_amount": amount,
            "invoice_payload": payload,
        }})
    }

    pub fn successful_payment(&self, payload: &str, amount: i64, currency: &str, charge_id: &str) -> Value {
        json!({"update_id": next_update_id(), "message": {
            "message_id": 3,
            "date": 1_790_000_000,
            "chat": self.chat(),
            "from": self.json(),
            "successful_payment": {
                "currency": currency,
                "total_amount": amount,
                "invoice_payload": payload,
                "telegram_payment_charge_id": charge_id,
                "provider_payment_charge_id": "",
            },
        }})
    }
}
