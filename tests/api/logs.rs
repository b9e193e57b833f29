//! The real binary's logs: JSON lines that carry the update id, and never a token or secret.

use std::process::{Command, Stdio};

use crate::fake_telegram::{FakeTelegram, TOKEN};
use crate::helpers::{serve_binary, TestDb, TgUser, WEBHOOK_SECRET};

const PROVIDER_TOKEN: &str = "284685063:TEST:provider-secret-xyz";
const DAILY_SECRET: &str = "ZGFpbHkgd2ViaG9vayBzZWNyZXQgZm9yIGxvZ3MhIQ==";

#[tokio::test]
async fn a_full_run_logs_json_lines_without_any_secret() {
    let telegram = FakeTelegram::start().await;
    let db = TestDb::fresh().await;
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("run.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let (mut child, base) = serve_binary(
        &db.url,
        &telegram.url,
        &[
            ("PNP_PAYMENT_CURRENCY", "USD"),
            ("PNP_PAYMENT_PROVIDER_TOKEN", PROVIDER_TOKEN),
            ("PNP_DAILY_WEBHOOK_SECRET", DAILY_SECRET),
            ("PNP_LOG_FORMAT", "json"),
            ("RUST_LOG", "debug"),
        ],
        Stdio::from(log.try_clone().unwrap()),
        Stdio::from(log),
    )
    .await;
    let client = reqwest::Client::new();
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
    post(ana.callback("u:s:s", 5).to_string(), WEBHOOK_SECRET)
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
