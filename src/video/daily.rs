//! Daily.co over REST: a private room per booking, a meeting token per participant, and the domain's webhook.
//!
//! Endpoints and fields as documented at <https://docs.daily.co/reference/rest-api> (rooms, meeting-tokens,
//! webhooks). Every call carries `Authorization: Bearer <key>` and a timeout; 429 and 5xx answers and
//! transport failures are retried with exponential backoff, 401/403 fail at once.

use std::time::Duration;

use async_trait::async_trait;
use rand::Rng;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

use super::{new_room_name, Participant, Room, RoomRequest, VideoError, VideoProvider};

/// The events the booking state machine listens to; `pnp-live daily-webhook set` subscribes to these only.
pub const WATCHED_EVENTS: [&str; 4] = [
    "meeting.started",
    "meeting.ended",
    "participant.joined",
    "participant.left",
];

const PROVIDER: &str = super::ProviderKind::Daily.as_str();
const DEFAULT_ATTEMPTS: u32 = 3;
const DEFAULT_BACKOFF: Duration = Duration::from_millis(200);
/// A `Retry-After` longer than this is not waited for inline: the background job retries on its next tick.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(5);
/// Error bodies end up in logs and admin messages; Daily's are short JSON, anything longer is noise.
const ERROR_BODY_LIMIT: usize = 500;

/// Daily REST client; also the `daily` [`VideoProvider`].
#[derive(Clone)]
pub struct DailyClient {
    http: reqwest::Client,
    api_url: String,
    api_key: String,
    attempts: u32,
    backoff: Duration,
}

impl std::fmt::Debug for DailyClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DailyClient")
            .field("api_url", &self.api_url)
            .field("api_key", &"[redacted]")
            .field("attempts", &self.attempts)
            .field("backoff", &self.backoff)
            .finish()
    }
}

/// The domain's webhook as Daily describes it (`GET /webhooks`, `POST /webhooks`).
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct DailyWebhookConfig {
    pub uuid: String,
    pub url: String,
    /// Base64 HMAC secret Daily signs deliveries with: the value of `PNP_DAILY_WEBHOOK_SECRET`.
    #[serde(default)]
    pub hmac: Option<String>,
    /// `ACTIVE`, or `FAILED` after repeated delivery failures (`set` re-activates it).
    #[serde(default)]
    pub state: Option<String>,
    #[serde(rename = "eventTypes", default)]
    pub event_types: Option<Vec<String>>,
    #[serde(rename = "failedCount", default)]
    pub failed_count: Option<u64>,
    /// Daily has documented this both as ISO 8601 text and as unix seconds; kept as text either way.
    #[serde(rename = "lastMomentPushed", default, deserialize_with = "text_or_number")]
    pub last_moment_pushed: Option<String>,
}

// The HMAC secret is printed by the CLI on purpose, once; it must not leak through `{:?}` in logs.
impl std::fmt::Debug for DailyWebhookConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DailyWebhookConfig")
            .field("uuid", &self.uuid)
            .field("url", &self.url)
            .field("hmac", &self.hmac.as_ref().map(|_| "[redacted]"))
            .field("state", &self.state)
            .field("event_types", &self.event_types)
            .field("failed_count", &self.failed_count)
            .field("last_moment_pushed", &self.last_moment_pushed)
            .finish()
    }
}

#[derive(Serialize)]
struct NewRoom<'a> {
    name: &'a str,
    privacy: &'static str,
    properties: RoomProperties,
}

#[derive(Serialize)]
struct RoomProperties {
    nbf: i64,
    exp: i64,
    max_participants: u32,
    eject_at_room_exp: bool,
    enable_prejoin_ui: bool,
}

#[derive(Serialize)]
struct MovedRoom {
    properties: MovedRoomProperties,
}

#[derive(Serialize)]
struct MovedRoomProperties {
    nbf: i64,
    exp: i64,
}

#[derive(Deserialize)]
struct DailyRoom {
    name: String,
    url: String,
}

#[derive(Serialize)]
struct NewMeetingToken<'a> {
    properties: MeetingTokenProperties<'a>,
}

#[derive(Serialize)]
struct MeetingTokenProperties<'a> {
    room_name: &'a str,
    user_name: &'a str,
    user_id: &'a str,
    is_owner: bool,
    nbf: i64,
    exp: i64,
}

#[derive(Deserialize)]
struct MeetingToken {
    token: String,
}

#[derive(Serialize)]
struct WebhookSettings<'a> {
    url: &'a str,
    #[serde(rename = "eventTypes")]
    event_types: &'a [&'a str],
}

/// What one HTTP attempt came to.
enum Attempt {
    Done(String),
    /// Worth another try after the given pause (or the usual backoff).
    Retry(VideoError, Option<Duration>),
    Fail(VideoError),
}

impl DailyClient {
    /// A client for `api_url` (e.g. `https://api.daily.co/v1`) with a per-call `timeout`.
    pub fn new(api_url: &str, api_key: &str, timeout: Duration) -> Result<Self, VideoError> {
        let api_url = api_url.trim().trim_end_matches('/').to_owned();
        reqwest::Url::parse(&api_url)
            .map_err(|e| VideoError::Config(format!("PNP_DAILY_API_URL {api_url:?} is not a URL: {e}")))?;
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .user_agent(concat!("pnp-live/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| VideoError::Config(format!("cannot build the HTTP client for Daily: {e}")))?;
        Ok(Self {
            http,
            api_url,
            api_key: api_key.trim().to_owned(),
            attempts: DEFAULT_ATTEMPTS,
            backoff: DEFAULT_BACKOFF,
        })
    }

    /// Tries each call up to `attempts` times, waiting `backoff`, 2×`backoff`, 4×… (plus jitter) in between.
    pub fn with_retries(mut self, attempts: u32, backoff: Duration) -> Self {
        self.attempts = attempts.max(1);
        self.backoff = backoff;
        self
    }

    /// `POST /rooms`: a private room for two, open from `opens_at` until `closes_at`, then everyone is
    /// ejected. The prejoin screen lets people check camera and microphone before the paid minutes run.
    pub async fn create_room(&self, req: &RoomRequest) -> Result<Room, VideoError> {
        let name = new_room_name();
        let body = NewRoom {
            name: &name,
            privacy: "private",
            properties: RoomProperties {
                nbf: req.opens_at().unix_timestamp(),
                exp: req.closes_at().unix_timestamp(),
                max_participants: 2,
                eject_at_room_exp: true,
                enable_prejoin_ui: true,
            },
        };
        let room: DailyRoom = match self.call(Method::POST, "/rooms", Some(&body)).await {
            Ok(text) => parse(&text)?,
            // A retried POST whose first answer was lost finds its own room: the name has 128 random bits,
            // so "already exists" can only mean our earlier attempt went through.
            Err(VideoError::Upstream { status: 400, body }) if body.contains("already exists") => parse(
                &self
                    .call(Method::GET, &format!("/rooms/{name}"), None::<&()>)
                    .await?,
            )?,
            Err(e) => return Err(e),
        };
        tracing::info!(booking_id = %req.booking_id, room = %room.name, "Daily room created");
        Ok(Room {
            provider: PROVIDER.into(),
            name: room.name,
            url: room.url,
        })
    }

    /// `POST /meeting-tokens`: a token for one participant of one room, valid while the room is open.
    ///
    /// Tokens come from the REST endpoint rather than being self-signed with the API key: self-signed
    /// tokens use abbreviated claim names and need the domain id (`d`), which the docs we checked do not
    /// spell out completely; one extra call per participant, made once per booking, is cheap.
    pub async fn meeting_token(
        &self,
        room_name: &str,
        who: &Participant,
        req: &RoomRequest,
    ) -> Result<String, VideoError> {
        let body = NewMeetingToken {
            properties: MeetingTokenProperties {
                // Always set: a token without room_name opens every room of the domain.
                room_name,
                user_name: &who.name,
                user_id: &who.id,
                is_owner: who.is_performer,
                nbf: req.opens_at().unix_timestamp(),
                exp: req.closes_at().unix_timestamp(),
            },
        };
        let token: MeetingToken = parse(&self.call(Method::POST, "/meeting-tokens", Some(&body)).await?)?;
        Ok(token.token)
    }

    /// `POST /rooms/<name>`: the room's `nbf` and `exp` moved to a booking's new time.
    pub async fn move_room(&self, name: &str, req: &RoomRequest) -> Result<(), VideoError> {
        let body = MovedRoom {
            properties: MovedRoomProperties {
                nbf: req.opens_at().unix_timestamp(),
                exp: req.closes_at().unix_timestamp(),
            },
        };
        self.call(Method::POST, &format!("/rooms/{name}"), Some(&body))
            .await?;
        tracing::info!(booking_id = %req.booking_id, room = %name, "Daily room moved");
        Ok(())
    }

    /// `DELETE /rooms/<name>`; a room Daily no longer knows (404) counts as deleted.
    pub async fn delete_room(&self, name: &str) -> Result<(), VideoError> {
        match self
            .call(Method::DELETE, &format!("/rooms/{name}"), None::<&()>)
            .await
        {
            Ok(_) | Err(VideoError::Upstream { status: 404, .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Points the domain's webhook at `url` for [`WATCHED_EVENTS`] (`pnp-live daily-webhook set`).
    ///
    /// Updates the existing webhook (`POST /webhooks/<uuid>`) rather than adding a second one, which also
    /// re-activates a webhook Daily marked FAILED; otherwise creates one (`POST /webhooks`). Daily first
    /// POSTs a test body to `url` and only accepts it if that answers 200, so the server must already be
    /// running there. The answer carries `hmac`, the secret for `PNP_DAILY_WEBHOOK_SECRET`. Daily unlocks
    /// webhooks only for accounts with a credit card on file; without one this call is refused.
    pub async fn set_webhook(&self, url: &str) -> Result<DailyWebhookConfig, VideoError> {
        let body = WebhookSettings {
            url,
            event_types: &WATCHED_EVENTS,
        };
        let text = match self.webhooks().await?.first() {
            Some(hook) => {
                self.call(Method::POST, &format!("/webhooks/{}", hook.uuid), Some(&body))
                    .await?
            }
            None => self.call(Method::POST, "/webhooks", Some(&body)).await?,
        };
        parse(&text)
    }

    /// `GET /webhooks` (`pnp-live daily-webhook info`).
    pub async fn webhooks(&self) -> Result<Vec<DailyWebhookConfig>, VideoError> {
        let value: serde_json::Value = parse(&self.call(Method::GET, "/webhooks", None::<&()>).await?)?;
        // Documented as a list; a `{"data": [...]}` page (like GET /rooms) or a bare object is accepted too.
        let list = match value {
            serde_json::Value::Object(mut map) if map.contains_key("data") => {
                map.remove("data").unwrap_or_default()
            }
            serde_json::Value::Object(map) => serde_json::Value::Array(vec![serde_json::Value::Object(map)]),
            other => other,
        };
        serde_json::from_value(list).map_err(|e| unexpected(200, &e, "GET /webhooks"))
    }

    /// One REST call with retries; any non-2xx answer becomes an error.
    async fn call<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<String, VideoError> {
        let url = format!("{}{path}", self.api_url);
        let mut attempt = 1;
        loop {
            let (error, pause) = match self.attempt(&method, &url, body).await {
                Attempt::Done(text) => return Ok(text),
                Attempt::Fail(error) => return Err(error),
                Attempt::Retry(error, pause) => (error, pause),
            };
            if attempt >= self.attempts {
                return Err(error);
            }
            let pause = pause.unwrap_or_else(|| self.backoff_before(attempt + 1));
            tracing::warn!(
                %method,
                path,
                attempt,
                error = %error,
                pause_ms = pause.as_millis() as u64,
                "Daily call failed, retrying"
            );
            tokio::time::sleep(pause).await;
            attempt += 1;
        }
    }

    async fn attempt<B: Serialize + ?Sized>(&self, method: &Method, url: &str, body: Option<&B>) -> Attempt {
        let mut request = self.http.request(method.clone(), url).bearer_auth(&self.api_key);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = match request.send().await {
            Ok(response) => response,
            Err(e) => return Attempt::Retry(VideoError::Transport(e), None),
        };
        let status = response.status();
        let retry_after = retry_after(&response);
        let text = match response.text().await {
            Ok(text) => text,
            Err(e) => return Attempt::Retry(VideoError::Transport(e), None),
        };
        match status {
            s if s.is_success() => Attempt::Done(text),
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => Attempt::Fail(VideoError::Unauthorized {
                status: status.as_u16(),
            }),
            StatusCode::TOO_MANY_REQUESTS => Attempt::Retry(VideoError::RateLimited, retry_after),
            s if s.is_server_error() => Attempt::Retry(
                VideoError::Upstream {
                    status: s.as_u16(),
                    body: clip(&text),
                },
                None,
            ),
            s => Attempt::Fail(VideoError::Upstream {
                status: s.as_u16(),
                body: clip(&text),
            }),
        }
    }

    /// Exponential backoff with up to 50 % jitter, so several replicas do not retry in lockstep.
    fn backoff_before(&self, attempt: u32) -> Duration {
        let base = self.backoff.saturating_mul(1 << (attempt - 2).min(16));
        let jitter_ms = (base.as_millis() as u64) / 2;
        base + Duration::from_millis(rand::rng().random_range(0..=jitter_ms))
    }
}

#[async_trait]
impl VideoProvider for DailyClient {
    fn over_the_network(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        PROVIDER
    }

    fn sends_events(&self) -> bool {
        true
    }

    async fn create_room(&self, req: &RoomRequest) -> Result<Room, VideoError> {
        DailyClient::create_room(self, req).await
    }

    async fn participant_link(
        &self,
        room: &Room,
        who: &Participant,
        req: &RoomRequest,
    ) -> Result<String, VideoError> {
        if room.provider != PROVIDER {
            return Err(super::foreign_room(room, PROVIDER));
        }
        let token = self.meeting_token(&room.name, who, req).await?;
        let separator = if room.url.contains('?') { '&' } else { '?' };
        Ok(format!("{}{separator}t={token}", room.url))
    }

    async fn delete_room(&self, room: &Room) -> Result<(), VideoError> {
        // A booking made before the operator switched providers keeps a room Daily never had.
        if room.provider != PROVIDER {
            return Ok(());
        }
        DailyClient::delete_room(self, &room.name).await
    }

    async fn move_room(&self, room: &Room, req: &RoomRequest) -> Result<(), VideoError> {
        if room.provider != PROVIDER {
            return Ok(());
        }
        DailyClient::move_room(self, &room.name, req).await
    }
}

fn parse<T: DeserializeOwned>(text: &str) -> Result<T, VideoError> {
    serde_json::from_str(text).map_err(|e| unexpected(200, &e, text))
}

fn unexpected(status: u16, error: &serde_json::Error, body: &str) -> VideoError {
    VideoError::Upstream {
        status,
        body: format!("unexpected answer ({error}): {}", clip(body)),
    }
}

fn clip(text: &str) -> String {
    match text.char_indices().nth(ERROR_BODY_LIMIT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    let seconds: u64 = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds).min(MAX_RETRY_AFTER))
}

fn text_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(deserializer)? {
        Some(serde_json::Value::String(text)) => Some(text),
        Some(serde_json::Value::Null) | None => None,
        Some(other) => Some(other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, VecDeque};
    use std::sync::{Arc, Mutex};

    use axum::body::Bytes;
    use axum::extract::State;
    use axum::http::{HeaderMap, Method, StatusCode, Uri};
    use axum::Json;
    use serde_json::{json, Value};
    use time::macros::datetime;
    use uuid::Uuid;

    use super::*;

    const KEY: &str = "test-daily-key";

    /// What the fake does to the next request instead of (or before) answering normally.
    #[derive(Clone, Copy)]
    enum Trouble {
        Status(u16),
        /// Do the work, then answer with this status as if the answer had been lost.
        ActThenStatus(u16),
        Stall(Duration),
    }

    #[derive(Debug, Clone)]
    struct Seen {
        method: Method,
        path: String,
        authorization: Option<String>,
        body: Value,
    }

    #[derive(Default)]
    struct FakeDaily {
        trouble: VecDeque<Trouble>,
        seen: Vec<Seen>,
        rooms: HashMap<String, Value>,
        webhook: Option<Value>,
    }

    type Shared = Arc<Mutex<FakeDaily>>;

    /// A Daily REST server on loopback: same paths and JSON, checks the bearer key, can misbehave on demand.
    async fn fake_daily() -> (String, Shared) {
        let state = Shared::default();
        let app = axum::Router::new().fallback(answer).with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/v1", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (url, state)
    }

    async fn answer(
        State(state): State<Shared>,
        method: Method,
        uri: Uri,
        headers: HeaderMap,
        body: Bytes,
    ) -> (StatusCode, Json<Value>) {
        let authorization = headers
            .get("authorization")
            .map(|v| v.to_str().unwrap().to_owned());
        let path = uri.path().trim_start_matches("/v1").to_owned();
        let body: Value = if body.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&body).unwrap()
        };
        let trouble = {
            let mut fake = state.lock().unwrap();
            fake.seen.push(Seen {
                method: method.clone(),
                path: path.clone(),
                authorization: authorization.clone(),
                body: body.clone(),
            });
            fake.trouble.pop_front()
        };
        if authorization.as_deref() != Some(&format!("Bearer {KEY}")) {
            return (
                StatusCode::UNAUTHORIZED,
                Json(json!({"error": "authentication-error"})),
            );
        }
        let (status_after_work, stall) = match trouble {
            Some(Trouble::Status(code)) => {
                return (
                    StatusCode::from_u16(code).unwrap(),
                    Json(json!({"error": "trouble on demand"})),
                )
            }
            Some(Trouble::ActThenStatus(code)) => (Some(code), None),
            Some(Trouble::Stall(pause)) => (None, Some(pause)),
            None => (None, None),
        };
        if let Some(pause) = stall {
            tokio::time::sleep(pause).await;
        }
        let (status, json) = work(&state, &method, &path, &body);
        match status_after_work {
            Some(code) => (
                StatusCode::from_u16(code).unwrap(),
                Json(json!({"error": "answer lost"})),
            ),
            None => (status, Json(json)),
        }
    }

    fn work(state: &Shared, method: &Method, path: &str, body: &Value) -> (StatusCode, Value) {
        let mut fake = state.lock().unwrap();
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        match (method.as_str(), segments.as_slice()) {
            ("POST", ["rooms"]) => {
                let name = body["name"].as_str().unwrap().to_owned();
                if fake.rooms.contains_key(&name) {
                    let info = format!("a room named {name} already exists");
                    return (
                        StatusCode::BAD_REQUEST,
                        json!({"error": "invalid-request-error", "info": info}),
                    );
                }
                let room = json!({
                    "id": Uuid::new_v4().to_string(),
                    "name": name,
                    "api_created": true,
                    "privacy": body["privacy"],
                    "url": format!("https://pnp.daily.co/{name}"),
                    "created_at": "2030-01-01T11:00:00.000Z",
                    "config": body["properties"],
                });
                fake.rooms.insert(name, room.clone());
                (StatusCode::OK, room)
            }
            ("GET", ["rooms", name]) => match fake.rooms.get(*name) {
                Some(room) => (StatusCode::OK, room.clone()),
                None => (
                    StatusCode::NOT_FOUND,
                    json!({"error": "not-found", "info": format!("room {name} was not found")}),
                ),
            },
            ("POST", ["rooms", name]) => match fake.rooms.get_mut(*name) {
                Some(room) => {
                    for (key, value) in body["properties"].as_object().cloned().unwrap_or_default() {
                        room["config"][key] = value;
                    }
                    (StatusCode::OK, room.clone())
                }
                None => (
                    StatusCode::NOT_FOUND,
                    json!({"error": "not-found", "info": format!("room {name} was not found")}),
                ),
            },
            ("DELETE", ["rooms", name]) => match fake.rooms.remove(*name) {
                Some(_) => (StatusCode::OK, json!({"deleted": true, "name": name})),
                None => (
                    StatusCode::NOT_FOUND,
                    json!({"error": "not-found", "info": format!("room {name} was not found")}),
                ),
            },
            ("POST", ["meeting-tokens"]) => {
                let p = &body["properties"];
                (
                    StatusCode::OK,
                    json!({"token": format!("tok.{}.{}", p["user_id"].as_str().unwrap(), p["is_owner"])}),
                )
            }
            ("GET", ["webhooks"]) => (
                StatusCode::OK,
                Value::Array(fake.webhook.iter().cloned().collect()),
            ),
            ("POST", ["webhooks"]) | ("POST", ["webhooks", _]) => {
                let uuid = segments
                    .get(1)
                    .map_or_else(|| Uuid::new_v4().to_string(), |s| s.to_string());
                let hook = json!({
                    "uuid": uuid,
                    "url": body["url"],
                    "hmac": "c2VjcmV0LWZvci10ZXN0cw==",
                    "basicAuth": null,
                    "retryType": "circuit-breaker",
                    "eventTypes": body["eventTypes"],
                    "state": "ACTIVE",
                    "failedCount": 0,
                    "lastMomentPushed": null,
                    "domainId": "5e3cf703-5547-47d6-a371-37b1f0b4427f",
                    "createdAt": "2030-01-01T11:00:00.000Z",
                    "updatedAt": "2030-01-01T11:00:00.000Z"
                });
                fake.webhook = Some(hook.clone());
                (StatusCode::OK, hook)
            }
            _ => (StatusCode::NOT_FOUND, json!({"error": "not-found"})),
        }
    }

    fn client(url: &str) -> DailyClient {
        DailyClient::new(url, KEY, Duration::from_secs(5))
            .unwrap()
            .with_retries(3, Duration::from_millis(1))
    }

    fn booking() -> RoomRequest {
        RoomRequest {
            booking_id: Uuid::new_v4(),
            starts_at: datetime!(2030-01-01 12:00 UTC),
            ends_at: datetime!(2030-01-01 12:30 UTC),
        }
    }

    fn performer() -> Participant {
        Participant {
            id: "1001".into(),
            name: "Velvet".into(),
            is_performer: true,
        }
    }

    fn user() -> Participant {
        Participant {
            id: "2002".into(),
            name: "Sam".into(),
            is_performer: false,
        }
    }

    fn seen(state: &Shared) -> Vec<Seen> {
        state.lock().unwrap().seen.clone()
    }

    fn trouble(state: &Shared, list: &[Trouble]) {
        state.lock().unwrap().trouble.extend(list.iter().copied());
    }

    #[tokio::test]
    async fn a_booking_gets_a_private_room_for_two_open_from_ten_minutes_early_to_fifteen_late() {
        let (url, state) = fake_daily().await;
        let room = VideoProvider::create_room(&client(&url), &booking())
            .await
            .unwrap();

        let requests = seen(&state);
        assert_eq!(requests.len(), 1);
        let request = &requests[0];
        assert_eq!(
            (request.method.as_str(), request.path.as_str()),
            ("POST", "/rooms")
        );
        assert_eq!(request.authorization.as_deref(), Some("Bearer test-daily-key"));
        let name = request.body["name"].as_str().unwrap();
        assert!(name.starts_with("pnp-") && name.len() == 30, "{name}");
        assert_eq!(
            request.body,
            json!({
                "name": name,
                "privacy": "private",
                "properties": {
                    "nbf": datetime!(2030-01-01 11:50 UTC).unix_timestamp(),
                    "exp": datetime!(2030-01-01 12:45 UTC).unix_timestamp(),
                    "max_participants": 2,
                    "eject_at_room_exp": true,
                    "enable_prejoin_ui": true
                }
            })
        );
        assert_eq!(
            room,
            Room {
                provider: "daily".into(),
                name: name.into(),
                url: format!("https://pnp.daily.co/{name}")
            }
        );
    }

    #[tokio::test]
    async fn a_moved_booking_moves_its_room_open_and_close_times() {
        let (url, state) = fake_daily().await;
        let daily = client(&url);
        let room = VideoProvider::create_room(&daily, &booking()).await.unwrap();
        let mut moved = booking();
        moved.starts_at += time::Duration::days(1);
        moved.ends_at += time::Duration::days(1);
        VideoProvider::move_room(&daily, &room, &moved).await.unwrap();
        let requests = seen(&state);
        let update = requests.last().unwrap();
        assert_eq!(
            (update.method.as_str(), update.path.as_str()),
            ("POST", format!("/rooms/{}", room.name).as_str())
        );
        assert_eq!(
            update.body,
            json!({"properties": {
                "nbf": datetime!(2030-01-02 11:50 UTC).unix_timestamp(),
                "exp": datetime!(2030-01-02 12:45 UTC).unix_timestamp()
            }})
        );
        // Another provider's room is left alone.
        let foreign = Room {
            provider: "meet".into(),
            ..room
        };
        VideoProvider::move_room(&daily, &foreign, &moved).await.unwrap();
        assert_eq!(seen(&state).len(), requests.len());
    }

    #[tokio::test]
    async fn two_bookings_never_share_a_room_name() {
        let (url, _state) = fake_daily().await;
        let daily = client(&url);
        let first = daily.create_room(&booking()).await.unwrap();
        let second = daily.create_room(&booking()).await.unwrap();
        assert_ne!(first.name, second.name);
    }

    #[tokio::test]
    async fn each_participant_gets_a_personal_token_and_only_the_performer_owns_the_room() {
        let (url, state) = fake_daily().await;
        let daily = client(&url);
        let req = booking();
        let room = daily.create_room(&req).await.unwrap();

        let performer_link = daily.participant_link(&room, &performer(), &req).await.unwrap();
        let user_link = daily.participant_link(&room, &user(), &req).await.unwrap();

        assert_eq!(performer_link, format!("{}?t=tok.1001.true", room.url));
        assert_eq!(user_link, format!("{}?t=tok.2002.false", room.url));
        let tokens: Vec<Seen> = seen(&state)
            .into_iter()
            .filter(|s| s.path == "/meeting-tokens")
            .collect();
        assert_eq!(tokens.len(), 2);
        let (nbf, exp) = (req.opens_at().unix_timestamp(), req.closes_at().unix_timestamp());
        assert_eq!(
            tokens[0].body,
            json!({"properties": {"room_name": room.name, "user_name": "Velvet", "user_id": "1001",
                "is_owner": true, "nbf": nbf, "exp": exp}})
        );
        assert_eq!(
            tokens[1].body,
            json!({"properties": {"room_name": room.name, "user_name": "Sam", "user_id": "2002",
                "is_owner": false, "nbf": nbf, "exp": exp}})
        );
        assert!(tokens
            .iter()
            .all(|t| t.authorization.as_deref() == Some("Bearer test-daily-key")));
    }

    #[tokio::test]
    async fn server_errors_are_retried_then_the_room_is_made() {
        let (url, state) = fake_daily().await;
        trouble(&state, &[Trouble::Status(500), Trouble::Status(503)]);
        let room = client(&url).create_room(&booking()).await.unwrap();
        assert_eq!(seen(&state).len(), 3);
        assert!(state.lock().unwrap().rooms.contains_key(&room.name));
    }

    #[tokio::test]
    async fn rate_limits_are_retried_then_the_token_is_issued() {
        let (url, state) = fake_daily().await;
        let daily = client(&url);
        let req = booking();
        let room = daily.create_room(&req).await.unwrap();
        trouble(&state, &[Trouble::Status(429)]);
        let link = daily.participant_link(&room, &user(), &req).await.unwrap();
        assert!(link.ends_with("?t=tok.2002.false"));
        assert_eq!(
            seen(&state)
                .iter()
                .filter(|s| s.path == "/meeting-tokens")
                .count(),
            2
        );
    }

    #[tokio::test]
    async fn retries_run_out_on_errors_that_persist() {
        let (url, state) = fake_daily().await;
        let daily = client(&url);
        trouble(&state, &[Trouble::Status(500); 3]);
        let err = daily.create_room(&booking()).await.unwrap_err();
        assert!(matches!(err, VideoError::Upstream { status: 500, .. }), "{err:?}");
        assert!(err.is_retryable());
        trouble(&state, &[Trouble::Status(429); 3]);
        let err = daily.create_room(&booking()).await.unwrap_err();
        assert!(matches!(err, VideoError::RateLimited), "{err:?}");
        assert!(err.is_retryable());
        assert_eq!(seen(&state).len(), 6);
    }

    #[tokio::test]
    async fn a_refused_key_fails_at_once_and_names_the_setting() {
        let (url, state) = fake_daily().await;
        let daily = DailyClient::new(&url, "wrong-key", Duration::from_secs(5)).unwrap();
        let err = daily.create_room(&booking()).await.unwrap_err();
        assert!(matches!(err, VideoError::Unauthorized { status: 401 }), "{err:?}");
        assert!(err.to_string().contains("PNP_DAILY_API_KEY"));
        assert!(!err.is_retryable());
        assert_eq!(seen(&state).len(), 1, "a refused key is not retried");
    }

    #[tokio::test]
    async fn a_forbidden_answer_is_not_retried_either() {
        let (url, state) = fake_daily().await;
        trouble(&state, &[Trouble::Status(403)]);
        let err = client(&url).create_room(&booking()).await.unwrap_err();
        assert!(matches!(err, VideoError::Unauthorized { status: 403 }), "{err:?}");
        assert_eq!(seen(&state).len(), 1);
    }

    #[tokio::test]
    async fn other_client_errors_are_reported_with_their_body_and_not_retried() {
        let (url, state) = fake_daily().await;
        trouble(&state, &[Trouble::Status(422)]);
        let err = client(&url).create_room(&booking()).await.unwrap_err();
        assert!(
            matches!(&err, VideoError::Upstream { status: 422, body } if body.contains("trouble on demand"))
        );
        assert!(!err.is_retryable());
        assert_eq!(seen(&state).len(), 1);
    }

    #[tokio::test]
    async fn a_retried_creation_whose_answer_was_lost_returns_the_room_it_made() {
        let (url, state) = fake_daily().await;
        trouble(&state, &[Trouble::ActThenStatus(502)]);
        let room = client(&url).create_room(&booking()).await.unwrap();
        let paths: Vec<String> = seen(&state)
            .iter()
            .map(|s| format!("{} {}", s.method, s.path))
            .collect();
        assert_eq!(
            paths,
            [
                "POST /rooms",
                "POST /rooms",
                format!("GET /rooms/{}", room.name).as_str()
            ]
        );
        assert_eq!(state.lock().unwrap().rooms.len(), 1);
    }

    #[tokio::test]
    async fn a_call_that_outlives_the_timeout_is_retried() {
        let (url, state) = fake_daily().await;
        trouble(&state, &[Trouble::Stall(Duration::from_millis(500))]);
        let daily = DailyClient::new(&url, KEY, Duration::from_millis(100))
            .unwrap()
            .with_retries(2, Duration::from_millis(1));
        daily.create_room(&booking()).await.unwrap();
        assert_eq!(seen(&state).iter().filter(|s| s.path == "/rooms").count(), 2);

        trouble(&state, &[Trouble::Stall(Duration::from_millis(500)); 2]);
        let err = daily.create_room(&booking()).await.unwrap_err();
        assert!(matches!(err, VideoError::Transport(_)), "{err:?}");
        assert!(err.is_retryable());
    }

    #[tokio::test]
    async fn cancelling_deletes_the_room_and_a_room_already_gone_is_fine() {
        let (url, state) = fake_daily().await;
        let daily = client(&url);
        let room = daily.create_room(&booking()).await.unwrap();

        VideoProvider::delete_room(&daily, &room).await.unwrap();
        assert!(state.lock().unwrap().rooms.is_empty());
        VideoProvider::delete_room(&daily, &room).await.unwrap();

        let deletes: Vec<Seen> = seen(&state)
            .into_iter()
            .filter(|s| s.method == Method::DELETE)
            .collect();
        assert_eq!(deletes.len(), 2);
        assert_eq!(deletes[0].path, format!("/rooms/{}", room.name));
        assert_eq!(deletes[0].authorization.as_deref(), Some("Bearer test-daily-key"));
    }

    #[tokio::test]
    async fn rooms_of_another_provider_are_left_alone() {
        let (url, state) = fake_daily().await;
        let daily = client(&url);
        let meet_room = Room {
            provider: "meet".into(),
            name: "pnp-x".into(),
            url: "https://meet.jit.si/pnp-x".into(),
        };
        VideoProvider::delete_room(&daily, &meet_room).await.unwrap();
        let err = daily
            .participant_link(&meet_room, &user(), &booking())
            .await
            .unwrap_err();
        assert!(matches!(err, VideoError::Config(_)));
        assert!(seen(&state).is_empty());
    }

    #[tokio::test]
    async fn the_webhook_is_created_once_then_updated_in_place() {
        let (url, state) = fake_daily().await;
        let daily = client(&url);
        assert!(daily.webhooks().await.unwrap().is_empty());

        let created = daily
            .set_webhook("https://bot.example/daily/webhook")
            .await
            .unwrap();
        assert_eq!(created.url, "https://bot.example/daily/webhook");
        assert_eq!(created.hmac.as_deref(), Some("c2VjcmV0LWZvci10ZXN0cw=="));
        assert_eq!(created.state.as_deref(), Some("ACTIVE"));
        assert_eq!(
            created.event_types.as_deref(),
            Some(&WATCHED_EVENTS.map(String::from)[..])
        );
        assert!(
            !format!("{created:?}").contains("c2VjcmV0"),
            "the HMAC secret stays out of Debug"
        );

        let moved = daily
            .set_webhook("https://bot2.example/daily/webhook")
            .await
            .unwrap();
        assert_eq!(moved.uuid, created.uuid);
        assert_eq!(daily.webhooks().await.unwrap(), vec![moved]);

        let writes: Vec<Seen> = seen(&state)
            .into_iter()
            .filter(|s| s.method == Method::POST)
            .collect();
        assert_eq!(writes[0].path, "/webhooks");
        assert_eq!(writes[1].path, format!("/webhooks/{}", created.uuid));
        assert_eq!(
            writes[1].body,
            json!({"url": "https://bot2.example/daily/webhook",
                "eventTypes": ["meeting.started", "meeting.ended", "participant.joined", "participant.left"]})
        );
    }

    #[test]
    fn a_bad_api_url_is_a_config_error() {
        let err = DailyClient::new("not a url", KEY, Duration::from_secs(1)).unwrap_err();
        assert!(err.to_string().contains("PNP_DAILY_API_URL"), "{err}");
    }

    #[test]
    fn the_client_never_prints_its_key() {
        let daily = DailyClient::new("https://api.daily.co/v1", KEY, Duration::from_secs(1)).unwrap();
        assert!(!format!("{daily:?}").contains(KEY));
    }

    #[test]
    fn backoff_doubles_with_jitter() {
        let daily = DailyClient::new("https://api.daily.co/v1", KEY, Duration::from_secs(1))
            .unwrap()
            .with_retries(5, Duration::from_millis(200));
        for (attempt, base) in [(2, 200), (3, 400), (4, 800)] {
            let pause = daily.backoff_before(attempt).as_millis() as u64;
            assert!(
                (base..=base + base / 2).contains(&pause),
                "attempt {attempt}: {pause} ms"
            );
        }
    }

    #[test]
    fn long_error_bodies_are_clipped() {
        assert_eq!(clip("short"), "short");
        assert_eq!(clip(&"é".repeat(600)).chars().count(), ERROR_BODY_LIMIT + 1);
    }
}
