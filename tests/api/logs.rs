//! The real binary's logs: JSON lines that carry the update id, and never a token or secret.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::fake_telegram::{FakeTelegram, TOKEN};
use crate::helpers::{TestDb, TgUser, WEBHOOK_SECRET};

const PROVIDER_TOKEN: &str = "284685063:TEST:provider-secret-xyz";
const DAILY_SECRET: &str = "ZGFpbHkgd2ViaG9vayBzZWNyZXQgZm9yIGxvZ3MhIQ==";

#[tokio::test]
async fn a_full_run_logs_json_lines_without_any_secret() {
    let telegram = FakeTelegram::start().await;
    let db = TestDb::fresh().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("run.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pnp-live"))
        .arg("serve")
        .env_clear()
        .env("PNP_HTTP_ADDR", format!("127.0.0.1:{port}"))
        .env("PNP_DATABASE_URL", &db.url)
        .env("PNP_TELEGRAM_API_URL", &telegram.url)
        .env("PNP_TELEGRAM_TOKEN", TOKEN)
        .env("PNP_TELEGRAM_WEBHOOK_SECRET", WEBHOOK_SECRET)
        .env("PNP_PAYMENT_CURRENCY", "USD")
        .env("PNP_PAYMENT_PROVIDER_TOKEN", PROVIDER_TOKEN)
        .env("PNP_DAILY_WEBHOOK_SECRET", DAILY_SECRET)
        .env("PNP_LOG_FORMAT", "json")
        .env("RUST_LOG", "debug")
        .stdout(Stdio::from(log.try_clone().unwrap()))
        .stderr(Stdio::from(log))
        .spawn()
        .expect("the binary starts");

    let client = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let mut ready = false;
    for _ in 0..200 {
        if let Ok(r) = client.get(format!("{base}/readyz")).send().await {
            if r.status() == 200 {
                ready = true;
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(ready, "the server became ready");
    let ana = TgUser::new(42, "Ana", Some("ana"));
    let post = |body: String, secret: &'static str| {
        client
            .post(format!("{base}/telegram/webhook"))
            .header("X-Telegram-Bot-Api-Secret-Token", secret)
            .body(body)
            .send()
    };
    post(ana.message("/start").to_string(), WEBHOOK_SECRET)
        .await
        .unwrap();
    post(ana.message("/start").to_string(), "wrong-secret")
        .await
        .unwrap();
    post("not json".into(), WEBHOOK_SECRET).await.unwrap();
    post(ana.callback("s", 5).to_string(), WEBHOOK_SECRET)
        .await
        .unwrap();
    client
        .post(format!("{base}/daily/webhook"))
        .body(r#"{"type":"meeting.started","id":"x","payload":{"room":"r"}}"#)
        .send()
        .await
        .unwrap();
    // Graceful stop, as a container runtime does.
    Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "stopped cleanly on SIGTERM: {status}");

    let logs = std::fs::read_to_string(&log_path).unwrap();
    assert!(logs.lines().count() > 5, "{logs}");
    for line in logs.lines() {
        let parsed: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}"));
        assert!(parsed.get("level").is_some(), "{line}");
    }
    for secret in [TOKEN, WEBHOOK_SECRET, PROVIDER_TOKEN, DAILY_SECRET, "TEST-token"] {
        assert!(!logs.contains(secret), "a secret leaked into the logs: {secret}");
    }
    assert!(logs.contains("\"update_id\""), "lines carry the update id");
}
