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
