//! The outbound Bot API client: 429 retries and 403 "blocked" bookkeeping.

use std::time::Duration;

use pnp_live::services::users;
use serde_json::json;

use crate::fake_telegram::Failure;
use crate::helpers::{next_update_id, spawn_app, TgUser};

#[tokio::test]
async fn a_429_is_retried_after_its_retry_after() {
    let app = spawn_app().await;
    app.telegram
        .fail_next("sendMessage", Failure::TooManyRequests { retry_after: 1 });
    let ana = TgUser::new(42, "Ana", None);
    app.send_text(&ana, "/start").await;

    let calls = app.telegram.calls_to("sendMessage");
    assert_eq!(calls.len(), 2, "one refused, one retried");
    let waited = calls[1].at.duration_since(calls[0].at);
    assert!(waited >= Duration::from_millis(950), "retried after {waited:?}");
    assert!(calls[1].text().contains("Welcome"));
}

#[tokio::test]
async fn a_403_marks_the_user_as_having_blocked_the_bot_and_a_new_message_clears_it() {
    let app = spawn_app().await;
    let ana = TgUser::new(42, "Ana", None);
    app.telegram.fail_next("sendMessage", Failure::Blocked);
    app.send_text(&ana, "/start").await;
    let row = users::find_by_telegram_id(&app.db, 42).await.unwrap().unwrap();
    assert!(row.bot_blocked_at.is_some());

    app.send_text(&ana, "/start").await;
    let row = users::find_by_telegram_id(&app.db, 42).await.unwrap().unwrap();
    assert!(row.bot_blocked_at.is_none());
}

#[tokio::test]
async fn blocking_and_unblocking_the_bot_is_recorded_from_my_chat_member() {
    let app = spawn_app().await;
    let ana = TgUser::new(42, "Ana", None);
    app.send_text(&ana, "/start").await;
    let member_update = |status: &str| {
        json!({"update_id": next_update_id(), "my_chat_member": {
            "chat": {"id": 42, "type": "private", "first_name": "Ana"},
            "from": ana.json(),
            "date": 1_790_000_000,
            "old_chat_member": {"status": "member", "user": {"id": 123456, "is_bot": true, "first_name": "PNP Live"}},
            "new_chat_member": {"status": status, "user": {"id": 123456, "is_bot": true, "first_name": "PNP Live"}, "until_date": 0},
        }})
    };
    app.post_update(member_update("kicked")).await;
    assert!(users::find_by_telegram_id(&app.db, 42)
        .await
        .unwrap()
        .unwrap()
        .bot_blocked_at
        .is_some());
    app.post_update(member_update("member")).await;
    assert!(users::find_by_telegram_id(&app.db, 42)
        .await
        .unwrap()
        .unwrap()
        .bot_blocked_at
        .is_none());
}
