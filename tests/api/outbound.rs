//! The outbound Bot API client: 429 retries and 403 "blocked" bookkeeping.

use std::time::Duration;

use pnp_live::services::users;
use serde_json::json;

use crate::fake_telegram::Failure;
use crate::helpers::{next_update_id, spawn_app, spawn_app_tweaked, TgUser};

/// An app that sends every reply through the Bot API (none in the webhook response), so the
/// client's own error handling is what is tested.
async fn spawn_app_calling() -> crate::helpers::TestApp {
    spawn_app_tweaked(&[], |c| c.telegram.reply_in_webhook = false).await
}

#[tokio::test]
async fn a_429_is_retried_after_its_retry_after() {
    let app = spawn_app_calling().await;
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
    let app = spawn_app_calling().await;
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

#[tokio::test]
async fn a_one_call_answer_comes_back_in_the_webhook_response() {
    let app = spawn_app().await;
    let ana = TgUser::new(42, "Ana", None);
    let response = app.post_raw(ana.message("/start").to_string()).await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["method"], "sendMessage");
    assert_eq!(body["chat_id"], 42);
    assert!(body["text"].as_str().unwrap().contains("Welcome"));
    assert!(
        app.telegram.calls_to("sendMessage").is_empty(),
        "no outbound call was made"
    );

    // Two calls (a redrawn menu, then the button's answer): the first goes out, and the last
    // rides in the response.
    let response = app.post_raw(ana.callback("u:h", 1).to_string()).await;
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["method"], "answerCallbackQuery");
    assert_eq!(app.telegram.calls_to("editMessageText").len(), 1);

    let app = spawn_app_calling().await;
    let response = app.post_raw(ana.message("/start").to_string()).await;
    assert!(response.bytes().await.unwrap().is_empty());
    assert_eq!(app.telegram.calls_to("sendMessage").len(), 1);
}
