//! Daily webhooks: signature check and parsing as pure functions behind `POST /daily/webhook`.
//!
//! What Daily documents (<https://docs.daily.co/reference/rest-api/webhooks> and the event pages under
//! <https://docs.daily.co/reference/rest-api/webhooks/events/>): every event is a JSON object with the common
//! fields `version`, `type`, `id`, `payload` and `event_ts` (unix seconds, when the webhook was sent); the
//! payload fields are per event (`meeting.started`: `start_ts`, `meeting_id`, `room`; `meeting.ended`: adds
//! `end_ts`; `participant.joined`: `joined_at`, `session_id`, `room`, `user_id`, `user_name`, `owner`,
//! `will_eject_at`, `permissions`; `participant.left`: adds `duration`). Before accepting a webhook URL
//! Daily POSTs a test body and wants a 200; it is `{"test":"test"}`, and any body with `test` and no `type`
//! is taken as that probe. Creating a webhook returns `hmac`, a base64 secret "that can be used to verify
//! the signature of the webhook".
//!
//! The signature scheme itself is not spelled out in the part of Daily's docs we could read, so it follows
//! what Daily integrations in the wild verify: `X-Webhook-Signature` is
//! `base64(HMAC-SHA256(key = base64-decode(hmac), "<X-Webhook-Timestamp>.<raw body>"))`. The timestamp is
//! read as unix seconds, or as milliseconds when it is too large to be seconds, since its unit is not
//! documented either; either way a delivery more than five minutes away from our clock is refused, so a
//! captured request cannot be replayed later.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Deserializer};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use time::OffsetDateTime;

/// Header carrying the base64 HMAC of `"<timestamp>.<raw body>"`.
pub const SIGNATURE_HEADER: &str = "X-Webhook-Signature";
/// Header carrying the time the delivery was signed.
pub const TIMESTAMP_HEADER: &str = "X-Webhook-Timestamp";
/// How far a delivery's timestamp may be from our clock, either way.
pub const MAX_CLOCK_SKEW_SECS: i64 = 5 * 60;

/// Secrets and signatures are standard base64; padding is optional so a secret pasted without its `=`
/// still works.
pub(super) const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Why a delivery is not taken as coming from Daily.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("PNP_DAILY_WEBHOOK_SECRET is empty or not base64")]
    BadSecret,
    #[error("the {0} header is missing")]
    MissingHeader(&'static str),
    #[error("the X-Webhook-Timestamp header is not a unix time")]
    BadTimestamp,
    #[error("the webhook timestamp is {skew_secs} s away from our clock (more than 300 s)")]
    StaleTimestamp { skew_secs: i64 },
    #[error("the webhook signature does not match")]
    Mismatch,
}

/// Why a body from Daily could not be read as an event.
#[derive(Debug, thiserror::Error)]
pub enum EventError {
    #[error("the webhook body is not a JSON event: {0}")]
    NotJson(#[source] serde_json::Error),
    #[error("the {kind} event has no {field}")]
    Missing { kind: String, field: &'static str },
}

/// Either failure of [`receive`].
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error(transparent)]
    Signature(#[from] SignatureError),
    #[error(transparent)]
    Event(#[from] EventError),
}

/// What Daily POSTed.
// One value per request, consumed at once: boxing the event would only make matching on it clumsier.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DailyWebhook {
    /// The registration check (`{"test":"test"}`): answer 200 and do nothing else.
    Probe,
    Event(DailyEvent),
}

/// One event, with the fields named as Daily names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyEvent {
    /// Daily's event id, the key for de-duplication (`processed_video_events`): Daily retries deliveries.
    pub id: String,
    pub kind: DailyEventKind,
    pub version: Option<String>,
    /// When Daily sent the webhook, which is later than when the thing happened.
    pub event_ts: Option<OffsetDateTime>,
    /// The room name, as stored in `bookings.room_name`.
    pub room: String,
    pub meeting_id: Option<String>,
    /// `meeting.started` / `meeting.ended`: when the meeting started.
    pub start_ts: Option<OffsetDateTime>,
    /// `meeting.ended`: when the last participant left (Daily waits up to 20 s for reconnections).
    pub end_ts: Option<OffsetDateTime>,
    /// `participant.joined` / `participant.left`: who.
    pub participant: Option<DailyParticipant>,
}

/// The event types the booking state machine reacts to; everything else is kept by name and ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DailyEventKind {
    MeetingStarted,
    MeetingEnded,
    ParticipantJoined,
    ParticipantLeft,
    Other(String),
}

impl DailyEventKind {
    fn from_type(kind: &str) -> Self {
        match kind {
            "meeting.started" => Self::MeetingStarted,
            "meeting.ended" => Self::MeetingEnded,
            "participant.joined" => Self::ParticipantJoined,
            "participant.left" => Self::ParticipantLeft,
            other => Self::Other(other.to_owned()),
        }
    }

    /// Daily's name for the event type.
    pub fn as_str(&self) -> &str {
        match self {
            Self::MeetingStarted => "meeting.started",
            Self::MeetingEnded => "meeting.ended",
            Self::ParticipantJoined => "participant.joined",
            Self::ParticipantLeft => "participant.left",
            Self::Other(other) => other,
        }
    }
}

/// The participant of a `participant.joined` / `participant.left` event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyParticipant {
    /// Daily's id for this one join; a reconnect gets a new one.
    pub session_id: String,
    /// The Telegram user id we put in the meeting token (Daily falls back to the session id without one).
    pub user_id: Option<String>,
    pub user_name: Option<String>,
    pub joined_at: Option<OffsetDateTime>,
    /// `participant.left`: how long this session was in the call.
    pub duration: Option<time::Duration>,
    /// Daily's `owner` flag: set by the performer's token (`is_owner`), never by the user's.
    pub owner: Option<bool>,
}

/// Checks that `raw_body` was signed by Daily with the base64 `secret_b64` at `timestamp`, within
/// [`MAX_CLOCK_SKEW_SECS`] of `now_unix`. The comparison is constant-time.
pub fn verify_signature(
    secret_b64: &str,
    timestamp: &str,
    raw_body: &[u8],
    signature_b64: &str,
    now_unix: i64,
) -> Result<(), SignatureError> {
    let key = decode_secret(secret_b64)?;
    let sent_at = unix_seconds(timestamp)?;
    let skew_secs = now_unix.saturating_sub(sent_at);
    if skew_secs.abs() > MAX_CLOCK_SKEW_SECS {
        return Err(SignatureError::StaleTimestamp { skew_secs });
    }
    let expected = tag(&key, timestamp.trim(), raw_body);
    let given = BASE64
        .decode(signature_b64.trim())
        .map_err(|_| SignatureError::Mismatch)?;
    if bool::from(expected.as_slice().ct_eq(given.as_slice())) {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// The `X-Webhook-Signature` Daily would send for `raw_body` at `timestamp`: lets tests (here and in the
/// main crate's black-box tests) build signed deliveries.
pub fn sign(secret_b64: &str, timestamp: &str, raw_body: &[u8]) -> Result<String, SignatureError> {
    Ok(BASE64.encode(tag(&decode_secret(secret_b64)?, timestamp.trim(), raw_body)))
}

/// Reads a delivery: the probe is accepted unsigned (it arrives while the webhook is being created, before
/// the operator has its secret, and it changes nothing); every event must carry a valid signature.
/// `timestamp` and `signature` are the raw header values, `None` when absent.
///
/// Suggested answers: `Ok` → 200; `Signature` → 401; `Event` → 400, logged (Daily retries it).
pub fn receive(
    secret_b64: &str,
    timestamp: Option<&str>,
    signature: Option<&str>,
    raw_body: &[u8],
    now_unix: i64,
) -> Result<DailyWebhook, WebhookError> {
    let parsed = parse_event(raw_body);
    if let Ok(DailyWebhook::Probe) = parsed {
        return Ok(DailyWebhook::Probe);
    }
    // Authenticity before content: an unsigned body learns nothing about our parser.
    let timestamp = timestamp.ok_or(SignatureError::MissingHeader(TIMESTAMP_HEADER))?;
    let signature = signature.ok_or(SignatureError::MissingHeader(SIGNATURE_HEADER))?;
    verify_signature(secret_b64, timestamp, raw_body, signature, now_unix)?;
    Ok(parsed?)
}

/// Parses a delivery's body into the probe or a typed event. Unknown event types parse as
/// [`DailyEventKind::Other`], so a new Daily event never makes the endpoint fail.
pub fn parse_event(raw_body: &[u8]) -> Result<DailyWebhook, EventError> {
    let raw: RawDelivery = serde_json::from_slice(raw_body).map_err(EventError::NotJson)?;
    let Some(kind) = raw.kind else {
        if raw.test.is_some() {
            return Ok(DailyWebhook::Probe);
        }
        return Err(EventError::Missing {
            kind: "untyped".into(),
            field: "type",
        });
    };
    let kind = DailyEventKind::from_type(&kind);
    let missing = |field| EventError::Missing {
        kind: kind.as_str().to_owned(),
        field,
    };
    let id = raw.id.ok_or_else(|| missing("id"))?;
    let payload = raw.payload.unwrap_or_default();
    let watched = !matches!(kind, DailyEventKind::Other(_));
    let room = match payload.room {
        Some(room) => room,
        None if watched => return Err(missing("payload.room")),
        None => String::new(),
    };
    let participant = match kind {
        DailyEventKind::ParticipantJoined | DailyEventKind::ParticipantLeft => Some(DailyParticipant {
            session_id: payload.session_id.ok_or_else(|| missing("payload.session_id"))?,
            user_id: payload.user_id,
            user_name: payload.user_name,
            joined_at: payload.joined_at.and_then(unix_time),
            duration: payload.duration.and_then(time::Duration::checked_seconds_f64),
            owner: payload.owner,
        }),
        _ => None,
    };
    Ok(DailyWebhook::Event(DailyEvent {
        id,
        version: raw.version,
        event_ts: raw.event_ts.and_then(unix_time),
        room,
        meeting_id: payload.meeting_id,
        start_ts: payload.start_ts.and_then(unix_time),
        end_ts: payload.end_ts.and_then(unix_time),
        participant,
        kind,
    }))
}

#[derive(Deserialize)]
struct RawDelivery {
    #[serde(rename = "type")]
    kind: Option<String>,
    id: Option<String>,
    version: Option<String>,
    #[serde(default, deserialize_with = "number")]
    event_ts: Option<f64>,
    payload: Option<RawPayload>,
    test: Option<serde_json::Value>,
}

#[derive(Default, Deserialize)]
struct RawPayload {
    room: Option<String>,
    meeting_id: Option<String>,
    #[serde(default, deserialize_with = "number")]
    start_ts: Option<f64>,
    #[serde(default, deserialize_with = "number")]
    end_ts: Option<f64>,
    session_id: Option<String>,
    user_id: Option<String>,
    user_name: Option<String>,
    #[serde(default, deserialize_with = "number")]
    joined_at: Option<f64>,
    #[serde(default, deserialize_with = "number")]
    duration: Option<f64>,
    owner: Option<bool>,
}

/// Daily documents these as numbers; a numeric string or null is read too rather than failing the delivery.
fn number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(deserializer)? {
        Some(serde_json::Value::Number(n)) => n.as_f64(),
        Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    })
}

/// Daily sends fractional seconds with millisecond digits; rounding to the microsecond keeps
/// `1708972279.961` from becoming `…19.960999936`.
pub(super) fn unix_time(seconds: f64) -> Option<OffsetDateTime> {
    if !seconds.is_finite() {
        return None;
    }
    let whole = seconds.floor();
    let micros = ((seconds - whole) * 1e6).round() as i64;
    let at = OffsetDateTime::from_unix_timestamp(whole as i64).ok()?;
    Some(at + time::Duration::microseconds(micros))
}

fn decode_secret(secret_b64: &str) -> Result<Vec<u8>, SignatureError> {
    match BASE64.decode(secret_b64.trim()) {
        Ok(key) if !key.is_empty() => Ok(key),
        _ => Err(SignatureError::BadSecret),
    }
}

/// Unix seconds from the header; values past year 5138 in seconds can only be milliseconds.
pub(super) fn unix_seconds(timestamp: &str) -> Result<i64, SignatureError> {
    let value: i64 = timestamp
        .trim()
        .parse()
        .map_err(|_| SignatureError::BadTimestamp)?;
    Ok(if value.abs() >= 100_000_000_000 {
        value / 1000
    } else {
        value
    })
}

pub(super) fn tag(key: &[u8], timestamp: &str, raw_body: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(raw_body);
    mac.finalize().into_bytes().to_vec()
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    /// Shaped like the `hmac` Daily returns: 32 random bytes, base64.
    const SECRET: &str = "IDadt240r5u4q8GyLNZeaseQQVR3cJhDe097gmp+iog=";
    const NOW: i64 = 1_708_972_300;
    const BODY: &[u8] = br#"{"version":"1.0.0","type":"meeting.started","id":"met-sta-1","payload":{"start_ts":1708972279,"meeting_id":"m1","room":"pnp-a"},"event_ts":1708972280}"#;

    fn signed_now() -> (String, String) {
        let timestamp = NOW.to_string();
        let signature = sign(SECRET, &timestamp, BODY).unwrap();
        (timestamp, signature)
    }

    #[test]
    fn a_delivery_signed_with_the_secret_is_accepted() {
        let (timestamp, signature) = signed_now();
        assert_eq!(
            verify_signature(SECRET, &timestamp, BODY, &signature, NOW),
            Ok(())
        );
        // Clock drift inside the window is fine, both ways.
        assert_eq!(
            verify_signature(SECRET, &timestamp, BODY, &signature, NOW + 299),
            Ok(())
        );
        assert_eq!(
            verify_signature(SECRET, &timestamp, BODY, &signature, NOW - 299),
            Ok(())
        );
    }

    #[test]
    fn the_signature_is_an_hmac_sha256_of_timestamp_dot_body_keyed_with_the_decoded_secret() {
        // Computed independently with openssl: printf '1708972300.{}' | openssl dgst -sha256 -mac HMAC
        //   -macopt hexkey:$(echo -n "$SECRET" | base64 -d | xxd -p -c 64) -binary | base64
        assert_eq!(
            sign(SECRET, "1708972300", b"{}").unwrap(),
            "KhqTfKAdncTl7Rhuka23auPbQnsQnjAzwfd92S9VIsM="
        );
    }

    #[test]
    fn a_tampered_body_or_signature_is_refused() {
        let (timestamp, signature) = signed_now();
        let mut body = BODY.to_vec();
        body[10] ^= 1;
        assert_eq!(
            verify_signature(SECRET, &timestamp, &body, &signature, NOW),
            Err(SignatureError::Mismatch)
        );
        let mut bad = BASE64.decode(&signature).unwrap();
        bad[0] ^= 1;
        let bad = BASE64.encode(bad);
        assert_eq!(
            verify_signature(SECRET, &timestamp, BODY, &bad, NOW),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_signature(SECRET, &timestamp, BODY, "not base64!", NOW),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_signature(SECRET, &timestamp, BODY, "", NOW),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn a_signature_made_with_another_secret_is_refused() {
        let timestamp = NOW.to_string();
        let signature = sign("b3RoZXItc2VjcmV0LW9mLTMyLWJ5dGVzLWxvbmctLS0=", &timestamp, BODY).unwrap();
        assert_eq!(
            verify_signature(SECRET, &timestamp, BODY, &signature, NOW),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn the_timestamp_is_part_of_what_is_signed() {
        let (_, signature) = signed_now();
        let moved = (NOW + 1).to_string();
        assert_eq!(
            verify_signature(SECRET, &moved, BODY, &signature, NOW),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn a_stale_delivery_is_refused_even_with_a_good_signature() {
        let (timestamp, signature) = signed_now();
        assert_eq!(
            verify_signature(SECRET, &timestamp, BODY, &signature, NOW + 301),
            Err(SignatureError::StaleTimestamp { skew_secs: 301 })
        );
    }

    #[test]
    fn a_delivery_from_the_future_is_refused() {
        let (timestamp, signature) = signed_now();
        assert_eq!(
            verify_signature(SECRET, &timestamp, BODY, &signature, NOW - 301),
            Err(SignatureError::StaleTimestamp { skew_secs: -301 })
        );
    }

    #[test]
    fn a_millisecond_timestamp_is_read_as_such() {
        let timestamp = (NOW * 1000 + 250).to_string();
        let signature = sign(SECRET, &timestamp, BODY).unwrap();
        assert_eq!(
            verify_signature(SECRET, &timestamp, BODY, &signature, NOW),
            Ok(())
        );
        assert!(verify_signature(SECRET, &timestamp, BODY, &signature, NOW + 3600).is_err());
    }

    #[test]
    fn a_garbled_timestamp_or_secret_is_refused() {
        let (_, signature) = signed_now();
        assert_eq!(
            verify_signature(SECRET, "yesterday", BODY, &signature, NOW),
            Err(SignatureError::BadTimestamp)
        );
        assert_eq!(
            verify_signature("", "1", BODY, &signature, NOW),
            Err(SignatureError::BadSecret)
        );
        assert_eq!(
            verify_signature("%%%", "1", BODY, &signature, NOW),
            Err(SignatureError::BadSecret)
        );
    }

    #[test]
    fn the_registration_probe_is_recognised_and_accepted_unsigned() {
        assert_eq!(parse_event(br#"{"test":"test"}"#).unwrap(), DailyWebhook::Probe);
        assert_eq!(
            receive(SECRET, None, None, br#"{"test":"test"}"#, NOW).unwrap(),
            DailyWebhook::Probe
        );
    }

    #[test]
    fn events_need_a_signature_and_a_valid_one_yields_the_event() {
        let missing = receive(SECRET, None, None, BODY, NOW).unwrap_err();
        assert!(matches!(
            missing,
            WebhookError::Signature(SignatureError::MissingHeader("X-Webhook-Timestamp"))
        ));
        let (timestamp, signature) = signed_now();
        let forged = receive(SECRET, Some(&timestamp), Some("AAAA"), BODY, NOW).unwrap_err();
        assert!(matches!(
            forged,
            WebhookError::Signature(SignatureError::Mismatch)
        ));
        let garbage = receive(SECRET, None, None, b"not json", NOW).unwrap_err();
        assert!(
            matches!(garbage, WebhookError::Signature(_)),
            "unsigned garbage is a signature failure"
        );

        let DailyWebhook::Event(event) =
            receive(SECRET, Some(&timestamp), Some(&signature), BODY, NOW).unwrap()
        else {
            panic!("expected an event")
        };
        assert_eq!(
            (event.id.as_str(), event.kind, event.room.as_str()),
            ("met-sta-1", DailyEventKind::MeetingStarted, "pnp-a")
        );
    }

    #[test]
    fn meeting_started_is_parsed_from_daily_s_documented_shape() {
        let body = br#"{
            "version": "1.0.0",
            "type": "meeting.started",
            "id": "met-sta-f2aa1ade-ff80-464c-b46e-50ffa577d481",
            "payload": {
                "start_ts": 1708972279.961,
                "meeting_id": "6f3a7c1e-0c5b-4b8e-9d2f-1a2b3c4d5e6f",
                "room": "pnp-mzxw6ytboimzxw6ytboimzxw6y"
            },
            "event_ts": 1708972281.002
        }"#;
        let DailyWebhook::Event(event) = parse_event(body).unwrap() else {
            panic!("expected an event")
        };
        assert_eq!(
            event,
            DailyEvent {
                id: "met-sta-f2aa1ade-ff80-464c-b46e-50ffa577d481".into(),
                kind: DailyEventKind::MeetingStarted,
                version: Some("1.0.0".into()),
                event_ts: Some(datetime!(2024-02-26 18:31:21.002 UTC)),
                room: "pnp-mzxw6ytboimzxw6ytboimzxw6y".into(),
                meeting_id: Some("6f3a7c1e-0c5b-4b8e-9d2f-1a2b3c4d5e6f".into()),
                start_ts: Some(datetime!(2024-02-26 18:31:19.961 UTC)),
                end_ts: None,
                participant: None,
            }
        );
    }

    #[test]
    fn meeting_ended_carries_start_and_end() {
        let body = br#"{
            "version": "1.0.0",
            "type": "meeting.ended",
            "id": "met-end-5b1a4a5c-9f0e-4d8b-8a51-0e7f2d3c4b5a",
            "payload": {
                "start_ts": 1708972279,
                "end_ts": 1708974090,
                "meeting_id": "6f3a7c1e-0c5b-4b8e-9d2f-1a2b3c4d5e6f",
                "room": "pnp-mzxw6ytboimzxw6ytboimzxw6y"
            },
            "event_ts": 1708974110
        }"#;
        let DailyWebhook::Event(event) = parse_event(body).unwrap() else {
            panic!("expected an event")
        };
        assert_eq!(event.kind, DailyEventKind::MeetingEnded);
        assert_eq!(event.start_ts, Some(datetime!(2024-02-26 18:31:19 UTC)));
        assert_eq!(event.end_ts, Some(datetime!(2024-02-26 19:01:30 UTC)));
        assert_eq!(event.participant, None);
    }

    #[test]
    fn participant_joined_says_who_and_whether_they_own_the_room() {
        let body = br#"{
            "version": "1.0.0",
            "type": "participant.joined",
            "id": "ptcpt-join-6497c79b-f326-4942-aef8-c36a29140ad1-1708972279961",
            "payload": {
                "room": "pnp-mzxw6ytboimzxw6ytboimzxw6y",
                "user_id": "1001",
                "user_name": "Velvet",
                "session_id": "6497c79b-f326-4942-aef8-c36a29140ad1",
                "joined_at": 1708972279.961,
                "will_eject_at": 1708975500,
                "owner": true,
                "permissions": {"hasPresence": true, "canSend": true, "canAdmin": ["participants"]}
            },
            "event_ts": 1708972280.661
        }"#;
        let DailyWebhook::Event(event) = parse_event(body).unwrap() else {
            panic!("expected an event")
        };
        assert_eq!(event.kind, DailyEventKind::ParticipantJoined);
        assert_eq!(event.room, "pnp-mzxw6ytboimzxw6ytboimzxw6y");
        assert_eq!(
            event.participant,
            Some(DailyParticipant {
                session_id: "6497c79b-f326-4942-aef8-c36a29140ad1".into(),
                user_id: Some("1001".into()),
                user_name: Some("Velvet".into()),
                joined_at: Some(datetime!(2024-02-26 18:31:19.961 UTC)),
                duration: None,
                owner: Some(true),
            })
        );
    }

    #[test]
    fn participant_left_carries_how_long_they_stayed() {
        let body = br#"{
            "version": "1.0.0",
            "type": "participant.left",
            "id": "ptcpt-left-16168c97-f973-4eae-9642-020fe3fda5db-1708972302986",
            "payload": {
                "room": "pnp-mzxw6ytboimzxw6ytboimzxw6y",
                "user_id": "2002",
                "user_name": "Sam",
                "session_id": "16168c97-f973-4eae-9642-020fe3fda5db",
                "joined_at": 1708972291.567,
                "will_eject_at": null,
                "owner": false,
                "permissions": {"hasPresence": true, "canSend": true, "canAdmin": false},
                "duration": 11.419
            },
            "event_ts": 1708972303.213
        }"#;
        let DailyWebhook::Event(event) = parse_event(body).unwrap() else {
            panic!("expected an event")
        };
        assert_eq!(event.kind, DailyEventKind::ParticipantLeft);
        let who = event.participant.unwrap();
        assert_eq!((who.user_id.as_deref(), who.owner), (Some("2002"), Some(false)));
        assert_eq!(who.duration, Some(time::Duration::milliseconds(11_419)));
    }

    #[test]
    fn other_event_types_are_kept_by_name() {
        let body = br#"{"version":"1.0.0","type":"recording.ready-to-download","id":"rec-rtd-1","payload":{"room_name":"pnp-a"},"event_ts":1708972303}"#;
        let DailyWebhook::Event(event) = parse_event(body).unwrap() else {
            panic!("expected an event")
        };
        assert_eq!(
            event.kind,
            DailyEventKind::Other("recording.ready-to-download".into())
        );
        assert_eq!(event.kind.as_str(), "recording.ready-to-download");
        assert_eq!(event.room, "");
    }

    #[test]
    fn a_watched_event_without_its_room_or_session_is_an_error() {
        let err = parse_event(br#"{"type":"meeting.ended","id":"x","payload":{}}"#).unwrap_err();
        assert_eq!(err.to_string(), "the meeting.ended event has no payload.room");
        let err = parse_event(br#"{"type":"participant.left","id":"x","payload":{"room":"r"}}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the participant.left event has no payload.session_id"
        );
        assert!(matches!(parse_event(b"[1,2]"), Err(EventError::NotJson(_))));
        assert!(matches!(
            parse_event(br#"{"id":"x"}"#),
            Err(EventError::Missing { field: "type", .. })
        ));
    }
}
