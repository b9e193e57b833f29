//! A fake Telegram Bot API server on loopback: the same paths (`/bot<token>/<method>`), the same
//! JSON envelopes (`{"ok":true,"result":…}`, `error_code`, `description`,
//! `parameters.retry_after`). It checks every call's parameters against the Bot API's own method
//! list (`tests/fixtures/bot-api-methods.json`, derived from the published spec), records the
//! calls, and answers 429 or 403 on demand, for any chat or for one chat only. It keeps every
//! chat's messages (id, kind, text or caption, keyboard, date) and refuses edits exactly as
//! Telegram does: no text to edit in a photo, "message is not modified", a message that is not
//! there. It keeps the command menus set per scope and language, and shows a chat the one
//! Telegram would ([`FakeTelegram::menu_of`]).

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

pub const TOKEN: &str = "123456:TEST-token_abcdefghijklmnop";

#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub body: Value,
    pub at: Instant,
    /// The fake answered it with an error (a canned failure, or a refusal Telegram would make).
    pub refused: bool,
}

impl Call {
    pub fn chat_id(&self) -> Option<i64> {
        let id = self.body.get("chat_id")?;
        id.as_i64().or_else(|| id.as_str().and_then(|s| s.parse().ok()))
    }

    pub fn text(&self) -> &str {
        self.body
            .get("text")
            .or_else(|| self.body.get("caption"))
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// The labels of the inline keyboard, row by row, flattened.
    pub fn buttons(&self) -> Vec<String> {
        self.keyboard().into_iter().map(|(label, _)| label).collect()
    }

    /// (label, callback_data) of every inline button.
    pub fn keyboard(&self) -> Vec<(String, String)> {
        let rows = self
            .body
            .pointer("/reply_markup/inline_keyboard")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        rows.iter()
            .flat_map(|row| row.as_array().cloned().unwrap_or_default())
            .map(|b| {
                (
                    b["text"].as_str().unwrap_or_default().to_owned(),
                    b["callback_data"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    /// The URL of the link button whose label contains `label` (a [▶️ Join call]).
    pub fn button_url(&self, label: &str) -> Option<String> {
        let rows = self
            .body
            .pointer("/reply_markup/inline_keyboard")?
            .as_array()?
            .clone();
        rows.iter()
            .flat_map(|row| row.as_array().cloned().unwrap_or_default())
            .find(|b| b["text"].as_str().is_some_and(|l| l.contains(label)))
            .and_then(|b| b["url"].as_str().map(str::to_owned))
    }

    /// The callback_data of the button whose label contains `label`.
    pub fn button_data(&self, label: &str) -> String {
        self.keyboard()
            .into_iter()
            .find(|(l, _)| l.contains(label))
            .map(|(_, data)| data)
            .unwrap_or_else(|| panic!("no button {label:?} in {:?}", self.buttons()))
    }
}

/// A canned failure for the next call of a method.
#[derive(Debug, Clone)]
#[allow(dead_code)] // each test uses the failures it needs
pub enum Failure {
    TooManyRequests {
        retry_after: u64,
    },
    Blocked,
    Status(u16, &'static str),
    /// Not a failure: the call is answered as usual, this many milliseconds late.
    Slow(u64),
}

/// What a message the bot sent is, as far as editing it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Photo,
    Document,
    Invoice,
}

/// A message the fake sent, as it stands now (edits applied).
#[derive(Debug, Clone)]
pub struct Sent {
    pub message_id: i64,
    pub kind: Kind,
    /// The text, or a photo's or document's caption.
    pub text: Option<String>,
    pub reply_markup: Option<Value>,
    pub date: u64,
}

impl Sent {
    /// The message as a callback query carries it when one of its buttons is pressed.
    pub fn as_pressed(&self, chat: Value) -> Value {
        let mut message = json!({
            "message_id": self.message_id,
            "date": self.date,
            "chat": chat,
            "from": {"id": 123456, "is_bot": true, "first_name": "PNP Live"},
        });
        let text = self.text.clone().unwrap_or_default();
        match self.kind {
            Kind::Text => message["text"] = json!(text),
            Kind::Photo => {
                message["photo"] =
                    json!([{"file_id": "photo", "file_unique_id": "p", "width": 90, "height": 90}]);
                message["caption"] = json!(text);
            }
            Kind::Document => {
                message["document"] = json!({"file_id": "document", "file_unique_id": "d"});
                message["caption"] = json!(text);
            }
            Kind::Invoice => {
                message["invoice"] = json!({"title": "t", "description": "d", "start_parameter": "", "currency": "XTR", "total_amount": 1});
            }
        }
        if let Some(markup) = &self.reply_markup {
            message["reply_markup"] = markup.clone();
        }
        message
    }
}

#[derive(Default)]
struct Inner {
    calls: Mutex<Vec<Call>>,
    /// Each chat's messages, in the order sent.
    chats: Mutex<HashMap<i64, Vec<Sent>>>,
    /// Callback queries answered so far (Telegram takes one answer per query).
    answered: Mutex<Vec<String>>,
    failures: Mutex<HashMap<String, VecDeque<Failure>>>,
    /// Failures for calls of a method addressed to one chat: (method, chat_id).
    chat_failures: Mutex<HashMap<(String, i64), VecDeque<Failure>>>,
    next_message_id: AtomicI32,
    refunded: Mutex<Vec<String>>,
    /// The command menus set: (scope, language_code) → command names, in order.
    menus: Mutex<HashMap<MenuKey, Vec<String>>>,
    /// Chats whose person has blocked the bot: every call to them is refused with 403.
    blocked: Mutex<std::collections::HashSet<i64>>,
    /// Files downloaded from `/file/bot<token>/…`.
    files_served: std::sync::atomic::AtomicUsize,
}

/// A file id whose file is a picture a browser can show (the browser tests' performer photo).
pub const REAL_PHOTO: &str = "real-photo";

/// The bytes of a stored file: a JPEG's first bytes, then its name (so each file differs); for
/// file ids starting with [`REAL_PHOTO`], a real 160×160 picture.
pub fn photo_bytes(name: &str) -> Vec<u8> {
    let name = name.rsplit('/').next().unwrap_or(name).trim_end_matches(".jpg");
    if name.starts_with(REAL_PHOTO) {
        return include_bytes!("../browser/performer-photo.png").to_vec();
    }
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend_from_slice(name.as_bytes());
    bytes
}

/// A command menu's scope and `language_code`.
type MenuKey = (MenuScope, Option<String>);

/// Where a command menu applies (the scopes the bot uses).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum MenuScope {
    Default,
    Chat(i64),
    /// Any other scope: kept, never shown by [`FakeTelegram::menu_of`].
    Other(String),
}

impl MenuScope {
    fn of(params: &Value) -> MenuScope {
        match params.get("scope") {
            None => MenuScope::Default,
            Some(scope) => match scope["type"].as_str() {
                Some("default") => MenuScope::Default,
                Some("chat") => match scope["chat_id"].as_i64() {
                    Some(id) => MenuScope::Chat(id),
                    None => MenuScope::Other(scope.to_string()),
                },
                _ => MenuScope::Other(scope.to_string()),
            },
        }
    }
}

/// Telegram's checks on `setMyCommands`: at most 100 commands, each named with 1-32 lowercase
/// letters, digits and underscores, and described in 1-256 characters.
fn menu_refusal(params: &Value) -> Option<&'static str> {
    let commands = params["commands"].as_array()?;
    if commands.len() > 100 {
        return Some("Bad Request: too many commands");
    }
    for command in commands {
        let name = command["command"].as_str().unwrap_or_default();
        let valid = (1..=32).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !valid {
            return Some("Bad Request: BOT_COMMAND_INVALID");
        }
        let description = command["description"].as_str().unwrap_or_default();
        if !(1..=256).contains(&description.chars().count()) {
            return Some("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID");
        }
    }
    None
}

#[derive(Clone)]
pub struct FakeTelegram {
    pub url: String,
    inner: Arc<Inner>,
}

/// A Bot API method's parameters: (all, required).
type MethodParams = (Vec<String>, Vec<String>);

fn methods() -> &'static HashMap<String, MethodParams> {
    static METHODS: OnceLock<HashMap<String, MethodParams>> = OnceLock::new();
    METHODS.get_or_init(|| {
        let spec: Value =
            serde_json::from_str(include_str!("../fixtures/bot-api-methods.json")).expect("spec fixture");
        spec["methods"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(name, m)| {
                let list = |k: &str| {
                    m[k].as_array()
                        .unwrap()
                        .iter()
                        .map(|v| v.as_str().unwrap().to_owned())
                        .collect()
                };
                (name.clone(), (list("fields"), list("required")))
            })
            .collect()
    })
}

impl FakeTelegram {
    pub async fn start() -> Self {
        let inner = Arc::new(Inner {
            next_message_id: AtomicI32::new(1000),
            ..Default::default()
        });
        let app = axum::Router::new().fallback(handle).with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { url, inner }
    }

    /// How many files were downloaded from the fake.
    pub fn files_served(&self) -> usize {
        self.inner.files_served.load(Ordering::Relaxed)
    }

    /// Every call so far.
    pub fn calls(&self) -> Vec<Call> {
        self.inner.calls.lock().unwrap().clone()
    }

    pub fn calls_to(&self, method: &str) -> Vec<Call> {
        self.calls().into_iter().filter(|c| c.method == method).collect()
    }

    /// Messages (sendMessage, editMessageText…) shown to `chat_id`, in order: not the calls
    /// that were refused, nor keyboards taken off old messages.
    pub fn messages_to(&self, chat_id: i64) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| {
                !c.refused
                    && !matches!(
                        c.method.as_str(),
                        "answerCallbackQuery" | "editMessageReplyMarkup"
                    )
                    && c.chat_id() == Some(chat_id)
            })
            .collect()
    }

    /// The message most recently sent to `chat_id`, as it stands now.
    pub fn last_sent(&self, chat_id: i64) -> Option<Sent> {
        self.inner.chats.lock().unwrap().get(&chat_id)?.last().cloned()
    }

    /// The messages of `chat_id`, as they stand now.
    pub fn chat(&self, chat_id: i64) -> Vec<Sent> {
        self.inner
            .chats
            .lock()
            .unwrap()
            .get(&chat_id)
            .cloned()
            .unwrap_or_default()
    }

    /// The user deletes message `message_id` in their chat with the bot.
    pub fn delete(&self, chat_id: i64, message_id: i64) {
        if let Some(messages) = self.inner.chats.lock().unwrap().get_mut(&chat_id) {
            messages.retain(|m| m.message_id != message_id);
        }
    }

    /// The command names Telegram's menu shows in the private chat `chat_id` of a person whose
    /// Telegram language is `language`: the chat's own list when one was set, else everyone's in
    /// that language, else everyone's (Telegram's order of scopes).
    pub fn menu_of(&self, chat_id: i64, language: &str) -> Vec<String> {
        let menus = self.inner.menus.lock().unwrap();
        let language = Some(language.to_owned());
        [
            (MenuScope::Chat(chat_id), language.clone()),
            (MenuScope::Chat(chat_id), None),
            (MenuScope::Default, language),
            (MenuScope::Default, None),
        ]
        .iter()
        .find_map(|key| menus.get(key).cloned())
        .unwrap_or_default()
    }

    /// How many times the callback query `id` was answered.
    pub fn answers_to(&self, id: &str) -> usize {
        self.calls_to("answerCallbackQuery")
            .iter()
            .filter(|c| c.body["callback_query_id"].as_str() == Some(id))
            .count()
    }

    /// The last message shown to `chat_id`.
    pub fn last_message_to(&self, chat_id: i64) -> Call {
        self.messages_to(chat_id)
            .pop()
            .unwrap_or_else(|| panic!("no message to {chat_id}; calls: {:#?}", self.calls()))
    }

    pub fn clear(&self) {
        self.inner.calls.lock().unwrap().clear();
    }

    /// The person of `chat_id` blocks the bot: from now on every call to their chat is refused
    /// with Telegram's 403, until [`Self::unblock`].
    pub fn block(&self, chat_id: i64) {
        self.inner.blocked.lock().unwrap().insert(chat_id);
    }

    pub fn unblock(&self, chat_id: i64) {
        self.inner.blocked.lock().unwrap().remove(&chat_id);
    }

    /// The next call of `method` fails with `failure`.
    pub fn fail_next(&self, method: &str, failure: Failure) {
        self.inner
            .failures
            .lock()
            .unwrap()
            .entry(method.to_owned())
            .or_default()
            .push_back(failure);
    }

    /// The next call of `method` addressed to `chat_id` fails with `failure` (as Telegram's
    /// per-chat limit refuses one chat while the others go through).
    pub fn fail_next_for(&self, method: &str, chat_id: i64, failure: Failure) {
        self.inner
            .chat_failures
            .lock()
            .unwrap()
            .entry((method.to_owned(), chat_id))
            .or_default()
            .push_back(failure);
    }

    /// Waits (up to 10 s) until `count` calls of `method` were made.
    pub async fn wait_for(&self, method: &str, count: usize) -> Vec<Call> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let calls = self.calls_to(method);
            if calls.len() >= count {
                return calls;
            }
            assert!(
                Instant::now() < deadline,
                "waited for {count} {method} calls, saw {}",
                calls.len()
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

fn error(status: StatusCode, description: &str, parameters: Option<Value>) -> Response {
    let mut body = json!({"ok": false, "error_code": status.as_u16(), "description": description});
    if let Some(p) = parameters {
        body["parameters"] = p;
    }
    (status, Json(body)).into_response()
}

/// A multipart body (file uploads) as a JSON object: text fields as strings, files as
/// `{"file_name", "content"}`.
async fn multipart_fields(content_type: &str, body: Bytes) -> Option<Value> {
    let boundary = multer::parse_boundary(content_type).ok()?;
    let stream = futures::stream::once(async move { Ok::<_, std::convert::Infallible>(body) });
    let mut form = multer::Multipart::new(stream, boundary);
    let mut object = serde_json::Map::new();
    while let Ok(Some(field)) = form.next_field().await {
        let name = field.name()?.to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let text = field.text().await.ok()?;
        let value = match file_name {
            Some(file_name) => json!({"file_name": file_name, "content": text}),
            None => serde_json::from_str::<Value>(&text)
                .ok()
                .filter(|v| v.is_object() || v.is_array() || v.is_boolean() || v.is_number())
                .unwrap_or(Value::String(text)),
        };
        object.insert(name, value);
    }
    Some(Value::Object(object))
}

async fn handle(
    State(inner): State<Arc<Inner>>,
    uri: Uri,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path();
    // A file's download (`getFile`'s `file_path`), as Telegram serves it: `/file/bot<token>/…`.
    if let Some((token, file)) = path
        .strip_prefix("/file/bot")
        .and_then(|rest| rest.split_once('/'))
    {
        if token != TOKEN {
            return error(StatusCode::UNAUTHORIZED, "Unauthorized", None);
        }
        inner.files_served.fetch_add(1, Ordering::Relaxed);
        return (StatusCode::OK, photo_bytes(file)).into_response();
    }
    let Some((token, method)) = path.strip_prefix("/bot").and_then(|rest| rest.split_once('/')) else {
        return error(StatusCode::NOT_FOUND, "Not Found", None);
    };
    if token != TOKEN {
        return error(StatusCode::UNAUTHORIZED, "Unauthorized", None);
    }
    let Some((fields, required)) = methods().get(method) else {
        return error(StatusCode::NOT_FOUND, "Not Found: method not found", None);
    };
    let content_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let params: Value = if body.is_empty() {
        json!({})
    } else if content_type.starts_with("multipart/form-data") {
        match multipart_fields(&content_type, body).await {
            Some(v) => v,
            None => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "Bad Request: can't parse multipart",
                    None,
                )
            }
        }
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(_) => return error(StatusCode::BAD_REQUEST, "Bad Request: can't parse JSON", None),
        }
    };
    let Some(object) = params.as_object() else {
        return error(
            StatusCode::BAD_REQUEST,
            "Bad Request: parameters must be an object",
            None,
        );
    };
    if let Some(missing) = required.iter().find(|r| !object.contains_key(r.as_str())) {
        return error(
            StatusCode::BAD_REQUEST,
            &format!("Bad Request: parameter \"{missing}\" is required"),
            None,
        );
    }
    if let Some(unknown) = object.keys().find(|k| !fields.contains(k)) {
        // Telegram ignores unknown parameters; the fake refuses them, so a misspelt field
        // fails the test that needed it instead of being silently dropped.
        eprintln!("fake Telegram: {method} has no parameter {unknown}");
        return error(
            StatusCode::BAD_REQUEST,
            &format!("Bad Request: unknown parameter \"{unknown}\""),
            None,
        );
    }
    let response = match refused_keyboard(&params) {
        Some(description) => error(StatusCode::BAD_REQUEST, description, None),
        None => respond(&inner, method, &params).await,
    };
    inner.calls.lock().unwrap().push(Call {
        method: method.to_owned(),
        body: params.clone(),
        at: Instant::now(),
        refused: !response.status().is_success(),
    });
    response
}

/// What Telegram says of an inline keyboard it refuses: a button must have exactly one action,
/// callback data of 1–64 bytes, a URL that is http(s) or tg.
fn refused_keyboard(params: &Value) -> Option<&'static str> {
    let rows = params.pointer("/reply_markup/inline_keyboard")?.as_array()?;
    for button in rows
        .iter()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
    {
        let actions = [
            "callback_data",
            "url",
            "web_app",
            "switch_inline_query",
            "pay",
            "login_url",
            "copy_text",
        ]
        .iter()
        .filter(|a| button.get(**a).is_some())
        .count();
        if actions != 1 {
            return Some("Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
        }
        if let Some(data) = button.get("callback_data").and_then(Value::as_str) {
            if data.is_empty() || data.len() > 64 {
                return Some("Bad Request: BUTTON_DATA_INVALID");
            }
        }
        if let Some(url) = button.get("url").and_then(Value::as_str) {
            if !(url.starts_with("https://") || url.starts_with("http://") || url.starts_with("tg://")) {
                return Some("Bad Request: BUTTON_URL_INVALID");
            }
        }
    }
    None
}

/// Telegram's answer to a well-formed call: a canned failure, a refusal, or the result.
async fn respond(inner: &Inner, method: &str, params: &Value) -> Response {
    let chat_id = params["chat_id"]
        .as_i64()
        .or_else(|| params["chat_id"].as_str().and_then(|s| s.parse().ok()));
    let for_chat = chat_id.and_then(|chat| {
        inner
            .chat_failures
            .lock()
            .unwrap()
            .get_mut(&(method.to_owned(), chat))
            .and_then(VecDeque::pop_front)
    });
    let blocked = chat_id.is_some_and(|chat| inner.blocked.lock().unwrap().contains(&chat));
    let for_chat = for_chat.or(blocked.then_some(Failure::Blocked));
    let failure = for_chat.or_else(|| {
        inner
            .failures
            .lock()
            .unwrap()
            .get_mut(method)
            .and_then(VecDeque::pop_front)
    });
    match failure {
        Some(Failure::TooManyRequests { retry_after }) => {
            return error(
                StatusCode::TOO_MANY_REQUESTS,
                &format!("Too Many Requests: retry after {retry_after}"),
                Some(json!({"retry_after": retry_after})),
            )
        }
        Some(Failure::Blocked) => {
            return error(
                StatusCode::FORBIDDEN,
                "Forbidden: bot was blocked by the user",
                None,
            )
        }
        Some(Failure::Status(code, description)) => {
            return error(StatusCode::from_u16(code).unwrap(), description, None)
        }
        Some(Failure::Slow(ms)) => tokio::time::sleep(Duration::from_millis(ms)).await,
        None => {}
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let chat_id = params["chat_id"]
        .as_i64()
        .or_else(|| params["chat_id"].as_str().and_then(|s| s.parse().ok()))
        .unwrap_or_default();
    let message = |sent: &Sent| {
        let mut message = json!({
            "message_id": sent.message_id,
            "date": sent.date,
            "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
        });
        if let (Kind::Text, Some(text)) = (sent.kind, &sent.text) {
            message["text"] = json!(text);
        }
        message
    };
    let result = match method {
        "sendMessage" | "sendPhoto" | "sendDocument" | "sendInvoice" => {
            let kind = match method {
                "sendMessage" => Kind::Text,
                "sendPhoto" => Kind::Photo,
                "sendDocument" => Kind::Document,
                _ => Kind::Invoice,
            };
            let sent = Sent {
                message_id: i64::from(inner.next_message_id.fetch_add(1, Ordering::Relaxed)),
                kind,
                text: params
                    .get("text")
                    .or_else(|| params.get("caption"))
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                reply_markup: keyboard_of(params),
                date: now,
            };
            let result = message(&sent);
            inner.chats.lock().unwrap().entry(chat_id).or_default().push(sent);
            result
        }
        // An album: one photo message per item, none with buttons (Telegram takes none).
        "sendMediaGroup" => {
            let items = params["media"].as_array().cloned().unwrap_or_default();
            if !(2..=10).contains(&items.len()) {
                return error(
                    StatusCode::BAD_REQUEST,
                    "Bad Request: wrong number of messages in a media group",
                    None,
                );
            }
            let mut chats = inner.chats.lock().unwrap();
            let chat = chats.entry(chat_id).or_default();
            let mut results = Vec::new();
            for item in items {
                let sent = Sent {
                    message_id: i64::from(inner.next_message_id.fetch_add(1, Ordering::Relaxed)),
                    kind: Kind::Photo,
                    text: item["caption"].as_str().map(str::to_owned),
                    reply_markup: None,
                    date: now,
                };
                let mut result = message(&sent);
                result["photo"] =
                    json!([{"file_id": item["media"], "file_unique_id": "p", "width": 90, "height": 90}]);
                results.push(result);
                chat.push(sent);
            }
            json!(results)
        }
        "editMessageText" | "editMessageReplyMarkup" => {
            let mut chats = inner.chats.lock().unwrap();
            let id = params["message_id"].as_i64();
            let Some(sent) = chats
                .get_mut(&chat_id)
                .and_then(|messages| messages.iter_mut().find(|m| Some(m.message_id) == id))
            else {
                return error(
                    StatusCode::BAD_REQUEST,
                    "Bad Request: message to edit not found",
                    None,
                );
            };
            let markup = keyboard_of(params);
            let text = match method {
                "editMessageText" if sent.kind != Kind::Text => {
                    return error(
                        StatusCode::BAD_REQUEST,
                        "Bad Request: there is no text in the message to edit",
                        None,
                    )
                }
                "editMessageText" => params["text"].as_str().map(str::to_owned),
                _ => sent.text.clone(),
            };
            if text == sent.text && markup == sent.reply_markup {
                return error(
                    StatusCode::BAD_REQUEST,
                    "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
                    None,
                );
            }
            sent.text = text;
            sent.reply_markup = markup;
            message(sent)
        }
        "answerCallbackQuery" => match first_time(
            &inner.answered,
            &params["callback_query_id"],
            "Bad Request: query is too old and response timeout expired or query ID is invalid",
        ) {
            Ok(()) => json!(true),
            Err(refused) => return *refused,
        },
        "refundStarPayment" => match first_time(
            &inner.refunded,
            &params["telegram_payment_charge_id"],
            "Bad Request: CHARGE_ALREADY_REFUNDED",
        ) {
            Ok(()) => json!(true),
            Err(refused) => return *refused,
        },
        "setMyCommands" => {
            if let Some(refusal) = menu_refusal(params) {
                return error(StatusCode::BAD_REQUEST, refusal, None);
            }
            let names = params["commands"]
                .as_array()
                .map(|commands| {
                    commands
                        .iter()
                        .map(|c| c["command"].as_str().unwrap_or_default().to_owned())
                        .collect()
                })
                .unwrap_or_default();
            let language = params["language_code"].as_str().map(str::to_owned);
            inner
                .menus
                .lock()
                .unwrap()
                .insert((MenuScope::of(params), language), names);
            json!(true)
        }
        "deleteMyCommands" => {
            let language = params["language_code"].as_str().map(str::to_owned);
            inner
                .menus
                .lock()
                .unwrap()
                .remove(&(MenuScope::of(params), language));
            json!(true)
        }
        "getFile" => {
            let id = params["file_id"].as_str().unwrap_or_default();
            json!({"file_id": id, "file_unique_id": format!("u{id}"), "file_size": photo_bytes(id).len(), "file_path": format!("photos/{id}.jpg")})
        }
        "createInvoiceLink" => {
            let n = inner.next_message_id.fetch_add(1, Ordering::Relaxed);
            json!(format!("https://t.me/$invoice{n}"))
        }
        "getUpdates" => json!([]),
        "getMe" => json!({"id": 123456, "is_bot": true, "first_name": "PNP Live", "username": "PnpLiveBot"}),
        "getWebhookInfo" => json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0}),
        _ => json!(true),
    };
    Json(json!({"ok": true, "result": result})).into_response()
}

/// The inline keyboard a call gives its message; none and an empty one are the same to Telegram
/// (an edit without `reply_markup` takes the keyboard off).
fn keyboard_of(params: &Value) -> Option<Value> {
    params
        .get("reply_markup")
        .filter(|m| {
            m["inline_keyboard"]
                .as_array()
                .is_some_and(|rows| !rows.is_empty())
        })
        .cloned()
}

/// Takes `key` the first time; a second time is refused with `refusal`, as Telegram refuses a
/// second answer to one callback query or a second refund of one charge.
fn first_time(seen: &Mutex<Vec<String>>, key: &Value, refusal: &str) -> Result<(), Box<Response>> {
    let key = key.as_str().unwrap_or_default().to_owned();
    let mut seen = seen.lock().unwrap();
    if seen.contains(&key) {
        return Err(Box::new(error(StatusCode::BAD_REQUEST, refusal, None)));
    }
    seen.push(key);
    Ok(())
}
