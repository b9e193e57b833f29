//! Replying in the webhook response: an update's last Bot API call goes back as the webhook
//! response (`{"method": "sendMessage", …}`) and Telegram performs it, saving one outbound round
//! trip per update — the whole answer, when it is a single call. While an update is handled
//! inside [`scope`], each call of a replyable method is held back; the next call first sends the
//! held one (so order is kept), and whatever is held at the end rides in the response. A held
//! call's result is a placeholder — handlers never read the result of these methods — and its
//! failure (e.g. a 403) is not seen by us.

use std::cell::RefCell;
use std::future::Future;

use serde::Serialize;
use serde_json::{json, Value};

/// Methods whose result handlers ignore, so they can be answered in the webhook response.
const REPLYABLE: &[&str] = &[
    "sendMessage",
    "editMessageText",
    "answerCallbackQuery",
    "answerPreCheckoutQuery",
];

#[derive(Default)]
struct Slot {
    open: bool,
    held: Option<(&'static str, Option<i64>, Value)>,
}

tokio::task_local! {
    static SLOT: RefCell<Slot>;
}

/// Runs `handling` with webhook replies enabled (when `enabled`); returns its output and the
/// call to put in the webhook response, if the last call made was replyable.
pub async fn scope<F: Future>(enabled: bool, handling: F) -> (F::Output, Option<Value>) {
    let slot = RefCell::new(Slot {
        open: enabled,
        held: None,
    });
    SLOT.scope(slot, async move {
        let output = handling.await;
        let held = SLOT.with(|s| s.borrow_mut().held.take());
        (output, held.map(|(_, _, body)| body))
    })
    .await
}

/// Holds the call when replies are on and nothing is held (the caller sends any held call
/// first); returns the placeholder result to give the caller.
pub(super) fn try_hold<P: Serialize>(
    method: &'static str,
    chat_id: Option<i64>,
    params: &P,
) -> Option<Value> {
    if !REPLYABLE.contains(&method) {
        return None;
    }
    SLOT.try_with(|s| {
        let mut slot = s.borrow_mut();
        if !slot.open || slot.held.is_some() {
            return None;
        }
        let mut body = serde_json::to_value(params).ok()?;
        body.as_object_mut()?
            .insert("method".into(), Value::String(method.into()));
        slot.held = Some((method, chat_id, body));
        Some(match method {
            "sendMessage" | "editMessageText" => json!({
                "message_id": 0,
                "date": 0,
                "chat": {"id": chat_id.unwrap_or_default(), "type": "private"},
            }),
            _ => json!(true),
        })
    })
    .ok()
    .flatten()
}

/// A call is about to be made: the held one (if any) must go out first.
pub(super) fn take_held() -> Option<(&'static str, Option<i64>, Value)> {
    SLOT.try_with(|s| s.borrow_mut().held.take())
        .ok()
        .flatten()
        .map(|(method, chat_id, mut body)| {
            if let Some(o) = body.as_object_mut() {
                o.remove("method");
            }
            (method, chat_id, body)
        })
}
