//! How updates use the database's connections: on PostgreSQL, an update's commit begins the
//! next update's transaction on the same connection (`unit::Ahead`), and a transaction begun
//! so is never kept idle for long.

use std::time::{Duration, Instant};

use entity::users;
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, Statement};

use crate::helpers::{spawn_app_tweaked, TestApp, TgUser};

/// Less than `unit::ahead::KEPT_FOR` (1 s): a transaction begun ahead this recently is still kept.
/// On a machine so loaded that a step takes longer, what depends on it is not asserted.
const PROMPTLY: Duration = Duration::from_millis(800);

/// Whether `since` was less than [`PROMPTLY`] ago; says so when not.
fn prompt(since: Instant, what: &str) -> bool {
    let prompt = since.elapsed() < PROMPTLY;
    if !prompt {
        eprintln!(
            "{what} took {:?}: a transaction begun ahead may have been rolled back",
            since.elapsed()
        );
    }
    prompt
}

/// Connections of the app's database whose transaction waits with nothing run in it.
async fn idle_in_transaction(app: &TestApp) -> i64 {
    let row = app
        .db
        .pool()
        .query_one(Statement::from_string(
            DbBackend::Postgres,
            "SELECT count(*) FROM pg_stat_activity \
             WHERE datname = current_database() AND state = 'idle in transaction'",
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index(0).unwrap()
}

/// The app on PostgreSQL; `None` (said) on SQLite, whose units share a group's transaction
/// instead (`unit::group`'s tests). Its pool is the default's size, not the tests' 5: a commit
/// begins a transaction ahead only when the pool has a connection to spare, which at start-up
/// (its tasks each holding one for a moment) five often do not.
async fn app_on_postgresql() -> Option<TestApp> {
    let app = spawn_app_tweaked(&[], |config| config.database.max_connections = 10).await;
    if app.db.get_database_backend() != DbBackend::Postgres {
        eprintln!("PostgreSQL only (SQLite's units share a group's transaction: unit::group's tests)");
        return None;
    }
    Some(app)
}

/// The last message to `user` is the main menu's welcome.
fn assert_welcomed(app: &TestApp, user: &TgUser, name: &str) {
    let last = app.telegram.last_message_to(user.id);
    assert!(
        last.text().contains(&format!("Welcome to PNP Live, {name}")),
        "{}",
        last.text()
    );
}

#[tokio::test]
async fn on_postgresql_the_next_update_works_in_the_transaction_the_last_one_began_and_none_waits_long() {
    let Some(app) = app_on_postgresql().await else {
        return;
    };
    let ana = TgUser::new(42, "Ana", None);
    let sent = Instant::now();
    app.send_text(&ana, "/start").await;
    assert_welcomed(&app, &ana, "Ana");
    let idle = idle_in_transaction(&app).await;
    if prompt(sent, "the first update") {
        assert_eq!(idle, 1, "the commit began the next transaction");
    }

    // The next updates are claimed, handled and completed in it, and see what the first did.
    let bob = TgUser::new(43, "Bob", None);
    app.send_text(&bob, "/start").await;
    app.send_text(&ana, "/start").await;
    assert_welcomed(&app, &bob, "Bob");
    assert_eq!(app.telegram.messages_to(42).len(), 2);
    assert_eq!(users::Entity::find().count(&app.db).await.unwrap(), 2);
    let ana_again = ana.message("/start");
    app.post_update(ana_again.clone()).await;
    assert_eq!(app.telegram.messages_to(42).len(), 3);
    app.redeliver(&ana_again).await;
    let sent = Instant::now();
    app.redeliver(&ana_again).await;
    assert_eq!(users::Entity::find().count(&app.db).await.unwrap(), 2);
    assert_eq!(
        app.telegram.messages_to(42).len(),
        3,
        "its redeliveries are not handled again"
    );

    // A redelivery's commit begins the next transaction as well.
    let idle = idle_in_transaction(&app).await;
    if prompt(sent, "the redelivery") {
        assert_eq!(idle, 1);
    }

    // Nobody comes: within a few seconds it is rolled back and its connection given back.
    let since = Instant::now();
    while idle_in_transaction(&app).await > 0 {
        assert!(
            since.elapsed() < Duration::from_secs(10),
            "a connection stayed idle in transaction"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.send_text(&bob, "/start").await;
    assert_eq!(
        app.telegram.messages_to(43).len(),
        2,
        "and the next update begins afresh"
    );
}

#[tokio::test]
async fn on_postgresql_a_transaction_begun_ahead_whose_connection_died_costs_one_delivery_and_loses_nothing()
{
    let Some(app) = app_on_postgresql().await else {
        return;
    };
    let ana = TgUser::new(42, "Ana", None);
    let sent = Instant::now();
    app.send_text(&ana, "/start").await;
    // The server ends that backend (a restart, an operator, `idle_in_transaction_session_timeout`).
    app.db
        .pool()
        .execute_unprepared(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND state = 'idle in transaction'",
        )
        .await
        .unwrap();

    // The next update works in it and fails on the database: Telegram is told to deliver it
    // again, and the redelivery is handled on a live connection, once.
    let bob = TgUser::new(43, "Bob", None);
    let update = bob.message("/start");
    let first = app.post_raw(update.to_string()).await;
    if prompt(sent, "the first update and the next") {
        assert_eq!(first.status(), 503, "told to deliver it again");
    }
    if first.status() == 200 {
        app.perform_reply(first).await;
    } else {
        assert_eq!(first.status(), 503, "told to deliver it again");
        assert!(
            app.telegram.messages_to(43).is_empty(),
            "nothing of the failed delivery went out"
        );
        app.post_update(update.clone()).await;
    }
    app.redeliver(&update).await;
    assert_eq!(app.telegram.messages_to(43).len(), 1, "Bob is answered once");
    assert_welcomed(&app, &bob, "Bob");
    assert_eq!(users::Entity::find().count(&app.db).await.unwrap(), 2);
}
