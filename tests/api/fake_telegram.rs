//! A fake Telegram Bot API server on loopback: the same paths (`/bot<token>/<method>`), the same
//! JSON envelopes (`{"ok":true,"result":…}`, `error_code`, `description`,
//! `parameters.retry_after`). It checks every call's parameters against the Bot API's own method
//! list (`tests/fixtures/bot-api-methods.json`, derived from the published spec), records the
//! calls, and answers 429 or 403 on demand, for any chat or for one chat only.

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

#[derive(Default)]
struct Inner {
    calls: Mutex<Vec<Call>>,
    failures: Mutex<HashMap<String, VecDeque<Failure>>>,
    /// Failures for calls of a method addressed to one chat: (method, chat_id).
    chat_failures: Mutex<HashMap<(String, i64), VecDeque<Failure>>>,
    next_message_id: AtomicI32,
    refunded: Mutex<Vec<String>>,
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

    /// Every call so far.
    pub fn calls(&self) -> Vec<Call> {
        self.inner.calls.lock().unwrap().clone()
    }

    pub fn calls_to(&self, method: &str) -> Vec<Call> {
        self.calls().into_iter().filter(|c| c.method == method).collect()
    }

    /// Messages (sendMessage, editMessageText…) addressed to `chat_id`, in order.
    pub fn messages_to(&self, chat_id: i64) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| c.method != "answerCallbackQuery" && c.chat_id() == Some(chat_id))
            .collect()
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
    inner.calls.lock().unwrap().push(Call {
        method: method.to_owned(),
        body: params.clone(),
        at: Instant::now(),
    });
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
    let result = match method {
        "sendMessage" | "editMessageText" | "sendPhoto" | "sendDocument" | "sendInvoice" => {
            let chat_id = params["chat_id"]
                .as_i64()
                .or_else(|| params["chat_id"].as_str().and_then(|s| s.parse().ok()))
                .unwrap_or_default();
            let message_id = params["message_id"]
                .as_i64()
                .unwrap_or_else(|| i64::from(inner.next_message_id.fetch_add(1, Ordering::Relaxed)));
            let mut message = json!({
                "message_id": message_id,
                "date": now,
                "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
            });
            if let Some(text) = params.get("text") {
                message["text"] = text.clone();
            }
            message
        }
        "refundStarPayment" => {
            let charge = params["telegram_payment_charge_id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let mut refunded = inner.refunded.lock().unwrap();
            if refunded.contains(&charge) {
                return error(
                    StatusCode::BAD_REQUEST,
                    "Bad Request: CHARGE_ALREADY_REFUNDED",
                    None,
                );
            }
            refunded.push(charge);
            json!(true)
        }
        "getUpdates" => json!([]),
        "getMe" => json!({"id": 123456, "is_bot": true, "first_name": "PNP Live", "username": "PnpLiveBot"}),
        "getWebhookInfo" => json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0}),
        _ => json!(true),
    };
    Json(json!({"ok": true, "result": result})).into_response()
}
