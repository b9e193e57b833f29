//! Replying in the webhook response: an update's last Bot API call goes back as the webhook
//! response (`{"method": "sendMessage", …}`) and Telegram performs it, saving one outbound round
//! trip per update — the whole answer, when it is a single call. An update is handled inside
//! [`scope`]; its calls are kept until its commit ([`crate::unit`]), and the last one, when it is
//! of a replyable method, is held here ([`try_hold`]) to ride in the response. Its result is a
//! placeholder — handlers never read the result of these methods — and its failure (e.g. a 403)
//! is not seen by us.

use std::cell::RefCell;
use std::future::Future;

use serde_json::{json, Value};

/// Methods whose result handlers ignore, so they can be answered in the webhook response.
/// Edits are not among them: Telegram refuses many (a photo card has no text to edit, a deleted
/// message, "not modified"), and the handler must see that to send the screen anew instead.
const REPLYABLE: &[&str] = &["sendMessage", "answerCallbackQuery", "answerPreCheckoutQuery"];

/// A call held back to ride in the webhook response.
struct Held {
    method: String,
    /// Its parameters, without the `method` the webhook response adds.
    body: Value,
}

#[derive(Default)]
struct Slot {
    open: bool,
    held: Option<Held>,
    /// The response decided before the update was marked handled ([`seal`], [`replay`]): the
    /// one kept with the completion is the one given.
    sealed: Option<Value>,
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
        sealed: None,
    });
    SLOT.scope(slot, async move {
        let output = handling.await;
        let reply = SLOT.with(|s| {
            let mut slot = s.borrow_mut();
            let held = slot.held.take();
            slot.sealed.take().or_else(|| held.and_then(into_response))
        });
        (output, reply)
    })
    .await
}

/// The handling is over: the held call becomes the webhook response, returned to be kept with
/// the update's completion. Nothing is held after this.
pub fn seal() -> Option<Value> {
    SLOT.try_with(|s| {
        let mut slot = s.borrow_mut();
        slot.open = false;
        let reply = slot.held.take().and_then(into_response);
        slot.sealed.clone_from(&reply);
        reply
    })
    .ok()
    .flatten()
}

/// A redelivered update is answered with the response kept from its first delivery (when
/// replies are on: a poller has nobody to give it to).
pub fn replay(reply: Value) {
    let _ = SLOT.try_with(|s| {
        let mut slot = s.borrow_mut();
        if slot.open {
            slot.open = false;
            slot.sealed = Some(reply);
        }
    });
}

/// The webhook response of a held call: its parameters and `method`.
fn into_response(held: Held) -> Option<Value> {
    let mut body = held.body;
    body.as_object_mut()?
        .insert("method".into(), Value::String(held.method));
    Some(body)
}

/// Holds the call when replies are on and nothing is held; returns the placeholder response to give the caller, shaped as the method's real
/// one (`{"ok": true, "result": …}`) so it deserializes as the method's output type.
pub(crate) fn try_hold(method: &str, chat_id: Option<i64>, body: &Value) -> Option<Value> {
    if !REPLYABLE.contains(&method) || !body.is_object() {
        return None;
    }
    SLOT.try_with(|s| {
        let mut slot = s.borrow_mut();
        if !slot.open || slot.held.is_some() {
            return None;
        }
        slot.held = Some(Held {
            method: method.to_owned(),
            body: body.clone(),
        });
        Some(placeholder(method, chat_id))
    })
    .ok()
    .flatten()
}

/// The response given for a call that was not made now (held, queued or dropped), shaped as
/// the method's real one: a message for the methods that send one, else `true`.
pub(super) fn placeholder(method: &str, chat_id: Option<i64>) -> Value {
    let result = match method {
        "sendMessage" | "sendInvoice" | "sendPhoto" | "sendDocument" => json!({
            "message_id": 0,
            "date": 0,
            "chat": {"id": chat_id.unwrap_or_default(), "type": "private"},
        }),
        "sendMediaGroup" => json!([]),
        _ => json!(true),
    };
    json!({"ok": true, "result": result})
}

/// Whether an update is being handled here (inside [`scope`]), replies on or off: its calls
/// must not wait long, its webhook is to be answered in time.
pub fn in_update() -> bool {
    SLOT.try_with(|_| ()).is_ok()
}

#[cfg(test)]
mod tests {
    use frankenstein::response::MethodResponse;
    use frankenstein::types::Message;
    use serde::de::DeserializeOwned;

    use super::*;

    /// Holds one call of `method` in a fresh scope and reads its placeholder as `O`.
    async fn placeholder<O: DeserializeOwned>(method: &'static str) -> (O, Option<Value>) {
        scope(true, async move {
            let body = json!({"chat_id": 42, "text": "hi"});
            let placeholder = try_hold(method, Some(42), &body).expect("held");
            serde_json::from_value::<MethodResponse<O>>(placeholder)
                .expect("the placeholder reads as the method's output")
                .result
        })
        .await
    }

    #[tokio::test]
    async fn placeholders_read_as_each_methods_real_output() {
        let (message, reply) = placeholder::<Message>("sendMessage").await;
        assert_eq!((message.message_id, message.date, message.chat.id), (0, 0, 42));
        let reply = reply.expect("the held call is the webhook reply");
        assert_eq!(
            (reply["method"].as_str(), reply["chat_id"].as_i64()),
            (Some("sendMessage"), Some(42))
        );

        for method in ["answerCallbackQuery", "answerPreCheckoutQuery"] {
            assert!(placeholder::<bool>(method).await.0);
        }
    }

    #[tokio::test]
    async fn only_the_first_replyable_call_is_held_and_only_in_a_scope() {
        let body = json!({"chat_id": 42});
        assert!(try_hold("sendMessage", Some(42), &body).is_none(), "no scope");
        let ((), reply) = scope(true, async {
            for method in ["sendInvoice", "editMessageText"] {
                assert!(
                    try_hold(method, Some(42), &body).is_none(),
                    "{method} is not replyable"
                );
            }
            assert!(try_hold("sendMessage", Some(42), &body).is_some());
            assert!(
                try_hold("sendMessage", Some(42), &body).is_none(),
                "one is held already"
            );
        })
        .await;
        assert_eq!(reply.unwrap()["method"], "sendMessage", "the held call rides");
        let ((), reply) = scope(false, async {
            assert!(
                try_hold("sendMessage", Some(42), &body).is_none(),
                "replies are off"
            );
        })
        .await;
        assert!(reply.is_none());
    }

    #[tokio::test]
    async fn the_sealed_response_is_the_one_given_and_a_replay_is_given_as_it_was() {
        let body = json!({"chat_id": 42, "text": "hi"});
        let (sealed, reply) = scope(true, async {
            try_hold("sendMessage", Some(42), &body).expect("held");
            let sealed = seal();
            assert!(
                try_hold("sendMessage", Some(42), &body).is_none(),
                "nothing held after"
            );
            sealed
        })
        .await;
        assert_eq!(sealed, reply);
        assert_eq!(reply.unwrap()["method"], "sendMessage");

        let kept = json!({"method": "answerPreCheckoutQuery", "ok": true});
        let ((), reply) = scope(true, async { replay(kept.clone()) }).await;
        assert_eq!(reply, Some(kept.clone()));
        let ((), reply) = scope(false, async { replay(kept) }).await;
        assert!(reply.is_none(), "replies are off: nobody to give it to");
    }
}
