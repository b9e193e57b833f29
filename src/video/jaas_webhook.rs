//! JaaS (8x8 Jitsi as a Service) webhooks behind `POST /jaas/webhook`: signature check and
//! parsing as pure functions, into the same [`DailyEvent`] the Daily webhook yields, so JaaS calls
//! get the same automatic completion and no-show rules.
//!
//! What 8x8 documents (<https://developer.8x8.com/jaas/docs/webhooks-signatures>,
//! <https://developer.8x8.com/jaas/docs/webhooks-payload>):
//! - every event is signed in `X-Jaas-Signature: t=<unix seconds>,v1=<signature>[,v1=…]`, the
//!   signature being base64 HMAC-SHA256, keyed with the endpoint's secret (the console's "Reveal
//!   secret"), over `"<t>.<raw body>"`; schemes other than `v1` are ignored (no downgrade);
//! - the body has `idempotencyKey` (a redelivery repeats it), `eventType`, `sessionId`,
//!   `timestamp` (milliseconds, the source of truth: deliveries may come out of order), `fqn`
//!   (`<app id>/<room name>`) and `data`; `PARTICIPANT_JOINED` / `PARTICIPANT_LEFT` carry the
//!   participant's `id` (the `context.user.id` of their token: our Telegram id), `name`,
//!   `moderator` (a boolean or `"true"`/`"false"`; our performer's token is the moderator's) and
//!   `participantId`; `ROOM_DESTROYED` says the meeting is over.
//!
//! A `PARTICIPANT_LEFT` carries no duration: the time connected is counted from that person's
//! latest join (see `notify::calls`).

use base64::Engine;
use serde::Deserialize;
use subtle::ConstantTimeEq;

use super::webhook::{
    tag, unix_seconds, unix_time, DailyEvent, DailyEventKind, DailyParticipant, SignatureError, BASE64,
    MAX_CLOCK_SKEW_SECS,
};

/// The header carrying `t=<timestamp>,v1=<signature>`.
pub const SIGNATURE_HEADER: &str = "X-Jaas-Signature";

/// Why a JaaS delivery is refused or not understood.
#[derive(Debug, thiserror::Error)]
pub enum JaasWebhookError {
    #[error("PNP_JAAS_WEBHOOK_SECRET is not set")]
    NoSecret,
    #[error("the X-Jaas-Signature header is missing")]
    MissingSignature,
    #[error("the X-Jaas-Signature header has no t= or no v1=")]
    MalformedSignature,
    #[error(transparent)]
    Signature(SignatureError),
    #[error("the JaaS webhook body is not a JSON event: {0}")]
    NotJson(#[source] serde_json::Error),
    #[error("the {kind} event has no {field}")]
    Missing { kind: String, field: &'static str },
}

impl JaasWebhookError {
    /// Whether the delivery is refused as not coming from JaaS (401), rather than unreadable (400).
    pub fn is_unauthorized(&self) -> bool {
        !matches!(self, Self::NotJson(_) | Self::Missing { .. })
    }
}

/// Checks the signature (constant-time, any `v1` may match) and the timestamp's freshness, then
/// parses the event.
pub fn receive(
    secret: &str,
    signature_header: Option<&str>,
    raw_body: &[u8],
    now_unix: i64,
) -> Result<DailyEvent, JaasWebhookError> {
    if secret.trim().is_empty() {
        return Err(JaasWebhookError::NoSecret);
    }
    let header = signature_header.ok_or(JaasWebhookError::MissingSignature)?;
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for element in header.split(',') {
        // Base64 ends in `=`: only the first `=` separates the scheme from the value.
        match element.trim().split_once('=') {
            Some(("t", value)) => timestamp = Some(value.trim()),
            Some(("v1", value)) => signatures.push(value.trim()),
            _ => {}
        }
    }
    let (Some(timestamp), false) = (timestamp, signatures.is_empty()) else {
        return Err(JaasWebhookError::MalformedSignature);
    };
    let sent_at = unix_seconds(timestamp).map_err(JaasWebhookError::Signature)?;
    let skew_secs = now_unix.saturating_sub(sent_at);
    if skew_secs.abs() > MAX_CLOCK_SKEW_SECS {
        return Err(JaasWebhookError::Signature(SignatureError::StaleTimestamp {
            skew_secs,
        }));
    }
    let expected = tag(secret.trim().as_bytes(), timestamp, raw_body);
    let matches = signatures.iter().any(|given| {
        BASE64
            .decode(given)
            .is_ok_and(|given| bool::from(expected.as_slice().ct_eq(given.as_slice())))
    });
    if !matches {
        return Err(JaasWebhookError::Signature(SignatureError::Mismatch));
    }
    parse(raw_body)
}

/// The `X-Jaas-Signature` JaaS would send for `raw_body` at `timestamp`: for tests.
pub fn sign(secret: &str, timestamp: i64, raw_body: &[u8]) -> String {
    let t = timestamp.to_string();
    format!(
        "t={t},v1={}",
        BASE64.encode(tag(secret.trim().as_bytes(), &t, raw_body))
    )
}

/// Reads a JaaS event. Unknown event types parse as [`DailyEventKind::Other`].
pub fn parse(raw_body: &[u8]) -> Result<DailyEvent, JaasWebhookError> {
    let raw: RawEvent = serde_json::from_slice(raw_body).map_err(JaasWebhookError::NotJson)?;
    let name = raw.event_type.unwrap_or_default();
    let kind = match name.as_str() {
        "PARTICIPANT_JOINED" => DailyEventKind::ParticipantJoined,
        "PARTICIPANT_LEFT" => DailyEventKind::ParticipantLeft,
        "ROOM_DESTROYED" => DailyEventKind::MeetingEnded,
        _ => DailyEventKind::Other(name.clone()),
    };
    let missing = |field| JaasWebhookError::Missing {
        kind: name.clone(),
        field,
    };
    let id = raw.idempotency_key.ok_or_else(|| missing("idempotencyKey"))?;
    let watched = !matches!(kind, DailyEventKind::Other(_));
    // `<app id>/<room name>`; the room name is what `bookings.room_name` holds.
    let room = match raw
        .fqn
        .as_deref()
        .map(|fqn| fqn.rsplit_once('/').map_or(fqn, |(_, room)| room))
    {
        Some(room) => room.to_owned(),
        None if watched => return Err(missing("fqn")),
        None => String::new(),
    };
    let at = raw.timestamp.and_then(|ms| unix_time(ms / 1000.0));
    let data = raw.data.unwrap_or_default();
    let participant = match kind {
        DailyEventKind::ParticipantJoined | DailyEventKind::ParticipantLeft => {
            let session_id = data
                .participant_id
                .or(data.participant_jid)
                .or_else(|| data.id.clone())
                .ok_or_else(|| missing("data.participantId"))?;
            Some(DailyParticipant {
                session_id,
                user_id: data.id,
                user_name: data.name,
                joined_at: (kind == DailyEventKind::ParticipantJoined)
                    .then_some(at)
                    .flatten(),
                duration: None,
                owner: data.moderator.as_ref().and_then(flag),
            })
        }
        _ => None,
    };
    Ok(DailyEvent {
        id,
        version: None,
        event_ts: at,
        room,
        meeting_id: raw.session_id,
        start_ts: None,
        end_ts: (kind == DailyEventKind::MeetingEnded).then_some(at).flatten(),
        participant,
        kind,
    })
}

/// `true`, `"true"`, `false`, `"false"`.
fn flag(value: &serde_json::Value) -> Option<bool> {
    match value {
        serde_json::Value::Bool(b) => Some(*b),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawEvent {
    idempotency_key: Option<String>,
    event_type: Option<String>,
    session_id: Option<String>,
    timestamp: Option<f64>,
    fqn: Option<String>,
    data: Option<RawData>,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawData {
    id: Option<String>,
    name: Option<String>,
    moderator: Option<serde_json::Value>,
    participant_id: Option<String>,
    participant_jid: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test_jaas_endpoint";
    const NOW: i64 = 1_790_000_000;

    fn joined(moderator: serde_json::Value) -> Vec<u8> {
        serde_json::json!({
            "idempotencyKey": "d11f155d-ced5-4a7e-b6d9-aaa135c64f65",
            "customerId": "c2824d584eac4489a1e32e4e164d5a3c",
            "appId": "vpaas-magic-cookie-c2824d584eac4489a1e32e4e164d5a3c",
            "eventType": "PARTICIPANT_JOINED",
            "sessionId": "c3348153-1027-4382-afad-5ae91b433c26",
            "timestamp": 1_790_000_000_112_i64,
            "fqn": "vpaas-magic-cookie-c2824d584eac4489a1e32e4e164d5a3c/pnp-abc",
            "data": {"moderator": moderator, "name": "Maria", "id": "500", "participantId": "a1b2c3"}
        })
        .to_string()
        .into_bytes()
    }

    #[test]
    fn a_signed_join_is_read_with_its_room_person_and_side() {
        let body = joined(serde_json::json!("true"));
        let header = sign(SECRET, NOW, &body);
        let event = receive(SECRET, Some(&header), &body, NOW + 3).unwrap();
        assert_eq!(event.kind, DailyEventKind::ParticipantJoined);
        assert_eq!(event.room, "pnp-abc");
        assert_eq!(event.id, "d11f155d-ced5-4a7e-b6d9-aaa135c64f65");
        let p = event.participant.unwrap();
        assert_eq!((p.user_id.as_deref(), p.owner), (Some("500"), Some(true)));
        assert_eq!(p.joined_at.unwrap().unix_timestamp(), 1_790_000_000);
        let body = joined(serde_json::json!(false));
        let header = sign(SECRET, NOW, &body);
        let p = receive(SECRET, Some(&header), &body, NOW)
            .unwrap()
            .participant
            .unwrap();
        assert_eq!(p.owner, Some(false));
    }

    #[test]
    fn a_wrong_or_missing_or_stale_or_downgraded_signature_is_refused() {
        let body = joined(serde_json::json!("false"));
        let header = sign(SECRET, NOW, &body);
        let refused = |secret: &str, header: Option<&str>, body: &[u8], now: i64| {
            receive(secret, header, body, now).unwrap_err().is_unauthorized()
        };
        assert!(refused("another secret", Some(&header), &body, NOW));
        assert!(refused(SECRET, None, &body, NOW));
        assert!(refused(SECRET, Some(&header), &body, NOW + 301));
        assert!(refused(SECRET, Some(&header), b"{\"tampered\":1}", NOW));
        assert!(refused("", Some(&header), &body, NOW));
        let v0 = header.replace("v1=", "v0=");
        assert!(refused(SECRET, Some(&v0), &body, NOW), "only v1 counts");
        // Several v1 signatures (a secret being rolled): any one may match.
        let two = header.replace("v1=", "v1=AAAA,v1=");
        assert!(receive(SECRET, Some(&two), &body, NOW).is_ok());
    }

    #[test]
    fn an_unknown_event_is_kept_by_name_and_a_broken_body_is_not_unauthorized() {
        let body = br#"{"idempotencyKey":"k","eventType":"TRANSCRIPTION_UPLOADED","data":{}}"#;
        let event = parse(body).unwrap();
        assert_eq!(event.kind, DailyEventKind::Other("TRANSCRIPTION_UPLOADED".into()));
        let header = sign(SECRET, NOW, b"not json");
        let error = receive(SECRET, Some(&header), b"not json", NOW).unwrap_err();
        assert!(!error.is_unauthorized());
        let ended = br#"{"idempotencyKey":"e","eventType":"ROOM_DESTROYED","timestamp":1790000100000,"fqn":"app/pnp-abc","data":{"conference":"pnp-abc@conference"}}"#;
        let event = parse(ended).unwrap();
        assert_eq!(
            (event.kind, event.room.as_str()),
            (DailyEventKind::MeetingEnded, "pnp-abc")
        );
        assert_eq!(event.end_ts.unwrap().unix_timestamp(), 1_790_000_100);
    }
}
