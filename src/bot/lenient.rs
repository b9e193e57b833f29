//! Reading an update the client library cannot parse whole. frankenstein types many of
//! Telegram's enum-like fields as closed enums (and a few as objects where Telegram sends
//! strings), so one value Telegram adds later — anywhere in the update, even in a part the bot
//! never reads — makes the whole update unparseable, and a private `/start` carrying it would get
//! no reply. When the full parse fails, the update is projected onto the fields the bot acts on
//! (update id, chat, sender, text and entities, photo, forward origin, callback id and data,
//! payment fields), each kept only if it parses on its own, and parsed again.

use frankenstein::types::{Chat, MessageEntity, MessageOrigin, PhotoSize, User};
use frankenstein::updates::Update;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};

/// The update, read whole or, failing that, through its projection. The error is the full
/// parse's, which says what was not understood.
pub fn parse(raw: &Value) -> Result<Update, serde_json::Error> {
    match Update::deserialize(raw) {
        Ok(update) => Ok(update),
        Err(full) => match project(raw).and_then(|p| Update::deserialize(&p).ok()) {
            Some(update) => {
                tracing::info!(error = %full, "update read through its projection: it carries values this build does not know");
                Ok(update)
            }
            None => Err(full),
        },
    }
}

/// The kinds the bot handles (see `bot::ALLOWED_UPDATES`), each with its projection.
fn project(raw: &Value) -> Option<Value> {
    let object = raw.as_object()?;
    let mut out = Map::new();
    out.insert("update_id".into(), object.get("update_id")?.clone());
    if let Some(message) = object.get("message") {
        out.insert("message".into(), message_projection(message)?);
    } else if let Some(query) = object.get("callback_query") {
        out.insert("callback_query".into(), callback_projection(query)?);
    } else if let Some(query) = object.get("pre_checkout_query") {
        let mut q = pick(
            query,
            &[
                "id",
                "currency",
                "total_amount",
                "invoice_payload",
                "shipping_option_id",
            ],
        )?;
        q.insert("from".into(), user_projection(query.get("from")?)?);
        out.insert("pre_checkout_query".into(), Value::Object(q));
    } else if let Some(member) = object.get("my_chat_member") {
        let mut m = pick(member, &["date", "old_chat_member", "new_chat_member"])?;
        m.insert("chat".into(), chat_projection(member.get("chat")?)?);
        m.insert("from".into(), user_projection(member.get("from")?)?);
        out.insert("my_chat_member".into(), Value::Object(m));
    } else {
        return None;
    }
    Some(Value::Object(out))
}

/// The listed keys of an object that it has.
fn pick(value: &Value, keys: &[&str]) -> Option<Map<String, Value>> {
    let object = value.as_object()?;
    Some(
        keys.iter()
            .filter_map(|k| object.get(*k).map(|v| ((*k).to_owned(), v.clone())))
            .collect(),
    )
}

/// `value` if it parses as `T` on its own.
fn parses<T: DeserializeOwned>(value: &Value) -> Option<Value> {
    T::deserialize(value).ok().map(|_: T| value.clone())
}

fn user_projection(user: &Value) -> Option<Value> {
    let picked = pick(
        user,
        &[
            "id",
            "is_bot",
            "first_name",
            "last_name",
            "username",
            "language_code",
            "is_premium",
        ],
    )?;
    parses::<User>(&Value::Object(picked))
}

/// A chat whose type this build does not know is kept as a channel: the bot only talks in
/// private chats, and cannot tell that an unknown kind of chat is one.
fn chat_projection(chat: &Value) -> Option<Value> {
    let mut picked = pick(
        chat,
        &["id", "type", "first_name", "last_name", "username", "title"],
    )?;
    if parses::<frankenstein::types::ChatType>(picked.get("type")?).is_none() {
        picked.insert("type".into(), Value::String("channel".into()));
    }
    parses::<Chat>(&Value::Object(picked))
}

/// Entities of kinds this build knows; the others are left out (a command is read from the
/// text itself).
fn entities_projection(entities: &Value) -> Value {
    Value::Array(
        entities
            .as_array()
            .map(|list| list.iter().filter_map(parses::<MessageEntity>).collect())
            .unwrap_or_default(),
    )
}

fn message_projection(message: &Value) -> Option<Value> {
    let mut m = pick(
        message,
        &["message_id", "date", "text", "caption", "successful_payment"],
    )?;
    m.insert("chat".into(), chat_projection(message.get("chat")?)?);
    if let Some(from) = message.get("from").and_then(user_projection) {
        m.insert("from".into(), from);
    }
    for key in ["entities", "caption_entities"] {
        if let Some(entities) = message.get(key) {
            m.insert(key.into(), entities_projection(entities));
        }
    }
    if let Some(photo) = message.get("photo").and_then(parses::<Vec<PhotoSize>>) {
        m.insert("photo".into(), photo);
    }
    if let Some(origin) = message.get("forward_origin").and_then(parses::<MessageOrigin>) {
        m.insert("forward_origin".into(), origin);
    }
    Some(Value::Object(m))
}

fn callback_projection(query: &Value) -> Option<Value> {
    let mut q = pick(query, &["id", "chat_instance", "data", "inline_message_id"])?;
    q.insert("from".into(), user_projection(query.get("from")?)?);
    if let Some(message) = query.get("message").and_then(message_projection) {
        q.insert("message".into(), message);
    }
    Some(Value::Object(q))
}

#[cfg(test)]
mod tests {
    use frankenstein::updates::UpdateContent;
    use serde_json::json;

    use super::*;

    fn user() -> Value {
        json!({"id": 42, "is_bot": false, "first_name": "Ana", "language_code": "pt-BR", "emoji_status_kind": "new"})
    }

    fn private_chat() -> Value {
        json!({"id": 42, "type": "private", "first_name": "Ana"})
    }

    /// Enum-like values Telegram might send one day, in every part of a message the bot
    /// does not act on, plus an unknown entity kind beside the command.
    fn future_message(text: &str) -> Value {
        json!({
            "message_id": 7,
            "date": 1_790_000_000,
            "chat": private_chat(),
            "from": user(),
            "text": text,
            "entities": [
                {"type": "bot_command", "offset": 0, "length": 6},
                {"type": "brand_new_entity", "offset": 0, "length": 1}
            ],
            "forward_origin": {"type": "brand_new_origin", "date": 1},
            "suggested_post_info": {"state": "pending"},
            "reply_to_message": {
                "message_id": 6, "date": 1, "chat": {"id": -5, "type": "brand_new_chat"},
                "sticker": {"file_id": "f", "file_unique_id": "u", "type": "brand_new_sticker",
                            "width": 1, "height": 1, "is_animated": false, "is_video": false},
                "poll": {"id": "p", "question": "?", "options": [], "total_voter_count": 0,
                         "is_closed": false, "is_anonymous": true, "type": "brand_new_poll",
                         "allows_multiple_answers": false}
            },
            "external_reply": {"origin": {"type": "brand_new_origin", "date": 1}},
            "chat_background_set": {"type": {"type": "brand_new_background"}},
            "link_preview_options": {"is_disabled": true},
            "reply_markup": {"inline_keyboard": [[{"text": "x", "brand_new_button": {}}]]}
        })
    }

    #[test]
    fn a_start_carrying_values_nobody_knows_yet_is_still_read() {
        let raw = json!({"update_id": 1, "message": future_message("/start")});
        assert!(
            Update::deserialize(&raw).is_err(),
            "the full parse must fail for this test to mean anything"
        );
        let update = parse(&raw).expect("read through the projection");
        let UpdateContent::Message(message) = update.content else {
            panic!("a message")
        };
        assert_eq!(message.text.as_deref(), Some("/start"));
        assert_eq!(message.chat.id, 42);
        assert_eq!(message.chat.type_field, frankenstein::types::ChatType::Private);
        assert_eq!(message.from.unwrap().language_code.as_deref(), Some("pt-BR"));
        let entities = message.entities.unwrap();
        assert_eq!(
            entities[0].type_field,
            frankenstein::types::MessageEntityType::BotCommand
        );
    }

    #[test]
    fn a_payment_carrying_unknown_values_keeps_every_payment_field() {
        let mut message = future_message("");
        message["successful_payment"] = json!({
            "currency": "XTR", "total_amount": 150, "invoice_payload": "b:abc",
            "telegram_payment_charge_id": "ch_1", "provider_payment_charge_id": "",
            "subscription_kind": "brand_new"
        });
        let update = parse(&json!({"update_id": 2, "message": message})).expect("read");
        let UpdateContent::Message(message) = update.content else {
            panic!("a message")
        };
        let payment = message.successful_payment.expect("payment kept");
        assert_eq!(payment.total_amount, 150);
        assert_eq!(payment.telegram_payment_charge_id, "ch_1");
        assert_eq!(payment.invoice_payload, "b:abc");
    }

    #[test]
    fn a_button_press_under_a_message_with_unknown_values_keeps_its_id_data_and_chat() {
        let raw = json!({"update_id": 3, "callback_query": {
            "id": "cb1", "from": user(), "chat_instance": "ci", "data": "m",
            "message": future_message("menu"),
            "brand_new_field": {"type": "brand_new"}
        }, "extra": {"type": "brand_new"}});
        let update = parse(&raw).expect("read");
        let UpdateContent::CallbackQuery(query) = update.content else {
            panic!("a callback query")
        };
        assert_eq!(query.id, "cb1");
        assert_eq!(query.data.as_deref(), Some("m"));
        assert!(query.message.is_some());
    }

    #[test]
    fn a_pre_checkout_query_with_unknown_order_info_is_read() {
        let raw = json!({"update_id": 4, "pre_checkout_query": {
            "id": "q1", "from": user(), "currency": "XTR", "total_amount": 150,
            "invoice_payload": "b:abc", "order_info": {"shipping_address": {"kind": "brand_new"}}
        }});
        let update = parse(&raw).expect("read");
        assert!(matches!(update.content, UpdateContent::PreCheckoutQuery(q) if q.id == "q1"));
    }

    #[test]
    fn a_chat_of_an_unknown_kind_is_not_taken_for_a_private_one() {
        let mut message = future_message("/start");
        message["chat"]["type"] = json!("brand_new_chat");
        let update = parse(&json!({"update_id": 5, "message": message})).expect("read");
        let UpdateContent::Message(message) = update.content else {
            panic!("a message")
        };
        assert_ne!(message.chat.type_field, frankenstein::types::ChatType::Private);
    }

    #[test]
    fn what_is_not_an_update_stays_refused() {
        assert!(parse(&json!({"update_id": 6})).is_err());
        assert!(parse(&json!({"update_id": 7, "message": {"text": "no chat"}})).is_err());
        assert!(parse(&json!({"message": future_message("/start")})).is_err());
    }
}
