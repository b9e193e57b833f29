//! What an operator sees when `pnp-live serve` cannot start: one line that names the cause
//! (the address, the path), printed once, and nothing done before it.

use std::process::{Command, Output};

/// Runs the real binary with only `env` (plus `PATH`), and returns what it did.
fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pnp-live"))
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .output()
        .expect("the binary runs")
}

/// Everything the process printed, on either stream.
fn printed(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn an_address_in_use_is_named_and_checked_before_the_database_is_touched() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("pnp.db");
    let url = format!("sqlite://{}?mode=rwc", db_path.display());
    let output = run(
        &["serve"],
        &[("PNP_HTTP_ADDR", &addr), ("PNP_DATABASE_URL", &url)],
    );

    assert!(!output.status.success());
    let text = printed(&output);
    assert!(text.contains(&addr), "names the address: {text}");
    assert!(text.to_lowercase().contains("in use"), "says why: {text}");
    assert_eq!(text.matches(&addr).count(), 1, "printed once: {text}");
    assert!(
        !db_path.exists(),
        "no database was created or migrated before the bind failed"
    );
}

#[test]
fn an_unreachable_database_is_named_without_its_password() {
    // Nothing listens on port 1.
    let url = "postgres://pnp:hunter2-secret@127.0.0.1:1/pnp";
    let output = run(&["migrate"], &[("PNP_DATABASE_URL", url)]);
    assert!(!output.status.success());
    let text = printed(&output);
    assert!(text.contains("127.0.0.1:1/pnp"), "names the server: {text}");
    assert!(text.contains("PNP_DATABASE_URL"), "names the setting: {text}");
    assert!(!text.contains("hunter2"), "never the password: {text}");
    assert_eq!(text.lines().count(), 1, "one line: {text}");
}

#[test]
fn a_sqlite_url_without_a_mode_creates_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("fresh.db");
    let url = format!("sqlite://{}", db_path.display());
    let output = run(&["migrate"], &[("PNP_DATABASE_URL", &url)]);
    assert!(output.status.success(), "{}", printed(&output));
    assert!(db_path.exists());
}

#[test]
fn an_unwritable_data_folder_is_named() {
    // A file where the folder should be: no one, root included, can create a database in it.
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("data");
    std::fs::write(&blocker, b"not a folder").unwrap();
    let db_path = blocker.join("pnp.db");
    let url = format!("sqlite://{}?mode=rwc", db_path.display());
    let output = run(&["migrate"], &[("PNP_DATABASE_URL", &url)]);
    assert!(!output.status.success());
    let text = printed(&output);
    assert!(
        text.contains(&blocker.display().to_string()),
        "names the path: {text}"
    );
    assert_eq!(text.lines().count(), 1, "one line: {text}");
}

#[tokio::test]
async fn a_rejected_token_is_found_at_start_up_and_readyz_says_so() {
    let app = crate::helpers::spawn_app_with(&[("PNP_TELEGRAM_TOKEN", "999:revoked-token")]).await;
    let mut answer = (0, String::new());
    for _ in 0..100 {
        let r = app
            .client
            .get(format!("{}/readyz", app.address))
            .send()
            .await
            .unwrap();
        answer = (r.status().as_u16(), r.text().await.unwrap());
        if answer.0 == 503 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(answer, (503, "telegram token rejected".to_owned()));
}

#[tokio::test]
async fn poll_with_a_rejected_token_stops_at_once_and_says_why() {
    let telegram = crate::fake_telegram::FakeTelegram::start().await;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("poll.db").display());
    let api = telegram.url.clone();
    let started = std::time::Instant::now();
    let output = tokio::task::spawn_blocking(move || {
        run(
            &["poll"],
            &[
                ("PNP_DATABASE_URL", &url),
                ("PNP_TELEGRAM_API_URL", &api),
                ("PNP_TELEGRAM_TOKEN", "999:revoked-token"),
            ],
        )
    })
    .await
    .unwrap();
    assert!(!output.status.success());
    let text = printed(&output);
    assert!(text.contains("rejected the bot token"), "{text}");
    assert!(text.contains("PNP_TELEGRAM_TOKEN"), "{text}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "no retrying for ever"
    );
}

#[test]
fn every_bad_setting_is_one_line_naming_its_env_var_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("never.db").display());
    for (var, value) in [
        ("PNP_HOLD_MINUTES", "ten"),           // type
        ("PNP_HOLD_MINUTES", "0"),             // range
        ("PNP_BROADCAST_RATE", "-3"),          // out of the type's range
        ("PNP_DEFAULT_TIMEZONE", "Mars/Base"), // zone
        ("PNP_TELEGRAM_API_URL", "not a url"), // URL
        ("PNP_BOT__PAGE_SIZE", "50"),          // a key without a contract name
    ] {
        let output = run(&["migrate"], &[(var, value), ("PNP_DATABASE_URL", &url)]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{var}={value}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{var}={value}: {stderr}");
        assert!(stderr.starts_with(&format!("config error: {var} (")), "{stderr}");
        assert!(output.stdout.is_empty(), "{var}={value}");
    }
    assert!(!dir.path().join("never.db").exists(), "nothing done before");
}

#[test]
fn a_required_secret_missing_for_the_command_is_a_config_error() {
    let output = run(&["serve"], &[("PNP_TELEGRAM_TOKEN", "1:abc")]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("config error: PNP_TELEGRAM_WEBHOOK_SECRET is required"),
        "{stderr}"
    );
}
