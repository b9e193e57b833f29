//! Video rooms for booked calls: a private room per booking and a personal link per participant.
//!
//! The provider is chosen by `PNP_VIDEO_PROVIDER` (see [`provider_from_settings`]):
//!
//! | provider | room | link | reports joins/leaves |
//! | --- | --- | --- | --- |
//! | `meet` (default) | local name on meet.jit.si | the room URL, no token | no |
//! | `daily` | `POST /rooms` on Daily.co, private, open from start − 10 min to end + 15 min (moved with the booking by `POST /rooms/<name>`) | `<room url>?t=<meeting token>` | yes, by [`webhook`] |
//! | `jaas` | local name on 8x8.vc | `https://8x8.vc/<app id>/<room>?jwt=<RS256 JWT>` | no |
//! | `jitsi` | local name on a self-hosted Jitsi with token auth | `https://<host>/<room>?jwt=<HS256 JWT>` | no |

mod daily;
mod jaas;
pub mod jaas_webhook;
mod jitsi;
mod meet;
pub mod webhook;

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use rand::RngCore;
use time::OffsetDateTime;
use uuid::Uuid;

pub use daily::{DailyClient, DailyWebhookConfig, WATCHED_EVENTS};
pub use jaas::JaasProvider;
pub use jitsi::JitsiProvider;
pub use meet::MeetProvider;

/// How early a participant may enter the room: people open links a little before the hour.
pub const JOIN_EARLY: time::Duration = time::Duration::minutes(10);
/// How long the room stays usable after the booked end, so a call that started late is not cut mid-sentence.
pub const STAY_LATE: time::Duration = time::Duration::minutes(15);

/// The booked call a room is made for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomRequest {
    pub booking_id: Uuid,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
}

impl RoomRequest {
    /// When the room and the links start to work.
    pub fn opens_at(&self) -> OffsetDateTime {
        self.starts_at - JOIN_EARLY
    }

    /// When the room and the links stop working (Daily ejects whoever is still inside).
    pub fn closes_at(&self) -> OffsetDateTime {
        self.ends_at + STAY_LATE
    }
}

/// A room as stored on the booking row (`room_name`, `room_url`); `provider` says who can delete it later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    pub provider: String,
    pub name: String,
    pub url: String,
}

/// Someone who gets a personal link: the performer or the user who booked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    /// Telegram user id, so a provider's join event can be traced back to a person.
    pub id: String,
    /// Display name shown in the call.
    pub name: String,
    /// The performer owns the room (Daily owner, Jitsi moderator); the user never does.
    pub is_performer: bool,
}

/// A room made by another provider (the operator switched providers since) cannot get links
/// from this one.
fn foreign_room(room: &Room, provider: &str) -> VideoError {
    VideoError::Config(format!(
        "room {} was made by the {} provider, not {provider}; it cannot get {provider} links",
        room.name, room.provider
    ))
}

/// Makes rooms and personal links for booked calls.
#[async_trait]
pub trait VideoProvider: Send + Sync {
    /// The value of `PNP_VIDEO_PROVIDER` this provider answers to; also stored as `Room::provider`.
    fn name(&self) -> &'static str;
    /// Whether the provider reports joins/leaves by webhook (only daily): others never claim a no-show.
    fn sends_events(&self) -> bool;
    /// Whether making rooms and links asks a server over the network (daily's REST API): an
    /// update commits what it did before asking ([`crate::unit::commit_point`]). The others
    /// make them here (signed tokens), inside the update's transaction.
    fn over_the_network(&self) -> bool {
        false
    }
    /// Makes the room for one booking. Each call makes a new, unguessable room.
    async fn create_room(&self, req: &RoomRequest) -> Result<Room, VideoError>;
    /// The link one participant opens; it carries their name and whether they own the room.
    async fn participant_link(
        &self,
        room: &Room,
        who: &Participant,
        req: &RoomRequest,
    ) -> Result<String, VideoError>;
    /// Removes the room so its links stop working (on cancel); a room that is already gone is not an error.
    async fn delete_room(&self, room: &Room) -> Result<(), VideoError>;
    /// The booking moved: the room opens and closes around its new time. Rooms without times
    /// of their own (meet, jaas, jitsi: only the links' tokens carry times, and the links are made
    /// again for the new time) need nothing.
    async fn move_room(&self, _room: &Room, _req: &RoomRequest) -> Result<(), VideoError> {
        Ok(())
    }
}

/// Why a room or a link could not be made.
#[derive(Debug, thiserror::Error)]
pub enum VideoError {
    #[error("Daily refused the API key (HTTP {status}); check PNP_DAILY_API_KEY")]
    Unauthorized { status: u16 },
    #[error("Daily kept answering HTTP 429 (rate limited) after every retry")]
    RateLimited,
    #[error("Daily answered HTTP {status}: {body}")]
    Upstream { status: u16, body: String },
    #[error("could not reach Daily: {0}")]
    Transport(#[source] reqwest::Error),
    #[error("video settings: {0}")]
    Config(String),
    #[error("could not sign the meeting token: {0}")]
    Token(String),
}

impl VideoError {
    /// Whether trying the same call again later may succeed: the jobs that create rooms use this to
    /// decide between "retry on the next tick" and "tell an admin".
    pub fn is_retryable(&self) -> bool {
        match self {
            VideoError::RateLimited | VideoError::Transport(_) => true,
            VideoError::Upstream { status, .. } => *status >= 500 || *status == 408,
            VideoError::Unauthorized { .. } | VideoError::Config(_) | VideoError::Token(_) => false,
        }
    }
}

/// The providers `PNP_VIDEO_PROVIDER` can name (`video.provider`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub enum ProviderKind {
    Meet,
    Daily,
    Jaas,
    Jitsi,
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 4] = [
        ProviderKind::Meet,
        ProviderKind::Daily,
        ProviderKind::Jaas,
        ProviderKind::Jitsi,
    ];

    /// The configured name, also what [`VideoProvider::name`] answers.
    pub const fn as_str(self) -> &'static str {
        match self {
            ProviderKind::Meet => "meet",
            ProviderKind::Daily => "daily",
            ProviderKind::Jaas => "jaas",
            ProviderKind::Jitsi => "jitsi",
        }
    }
}

impl TryFrom<String> for ProviderKind {
    type Error = String;

    // By hand rather than serde's own variant names, to keep the message operators know.
    fn try_from(name: String) -> Result<Self, String> {
        ProviderKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
            .ok_or_else(|| "must be one of meet, daily, jaas, jitsi".to_owned())
    }
}

/// Everything the providers need, as read from config and the environment by the main crate.
#[derive(Clone)]
pub struct VideoSettings {
    /// `PNP_VIDEO_PROVIDER`.
    pub provider: ProviderKind,
    /// Daily REST base, `https://api.daily.co/v1` (`PNP_DAILY_API_URL`).
    pub daily_api_url: String,
    /// `PNP_DAILY_API_KEY`.
    pub daily_api_key: String,
    /// 8x8 JaaS app id, `vpaas-magic-cookie-…` (`PNP_JAAS_APP_ID`).
    pub jaas_app_id: String,
    /// JaaS API key id, the part after `<app id>/` in the console's `kid` (`PNP_JAAS_KEY_ID`).
    pub jaas_key_id: String,
    /// RSA private key as PEM text, or a path to a PEM file (`PNP_JAAS_PRIVATE_KEY`).
    pub jaas_private_key: String,
    /// Self-hosted Jitsi base URL, `https://host` (`PNP_JITSI_URL`).
    pub jitsi_url: String,
    /// Prosody `app_id` (`PNP_JITSI_APP_ID`).
    pub jitsi_app_id: String,
    /// Prosody `app_secret` (`PNP_JITSI_APP_SECRET`).
    pub jitsi_app_secret: String,
    /// Token audience Prosody accepts (`PNP_JITSI_AUDIENCE`), `jitsi` unless configured otherwise.
    pub jitsi_audience: String,
    /// Upper bound for one HTTP call to a provider.
    pub request_timeout: Duration,
}

impl Default for VideoSettings {
    fn default() -> Self {
        Self {
            provider: ProviderKind::Meet,
            daily_api_url: "https://api.daily.co/v1".into(),
            daily_api_key: String::new(),
            jaas_app_id: String::new(),
            jaas_key_id: String::new(),
            jaas_private_key: String::new(),
            jitsi_url: String::new(),
            jitsi_app_id: String::new(),
            jitsi_app_secret: String::new(),
            jitsi_audience: "jitsi".into(),
            request_timeout: Duration::from_secs(10),
        }
    }
}

// Secrets never reach logs: the settings are printed at start-up and in config errors.
impl std::fmt::Debug for VideoSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secret = |s: &str| if s.is_empty() { "[unset]" } else { "[redacted]" };
        f.debug_struct("VideoSettings")
            .field("provider", &self.provider)
            .field("daily_api_url", &self.daily_api_url)
            .field("daily_api_key", &format_args!("{}", secret(&self.daily_api_key)))
            .field("jaas_app_id", &self.jaas_app_id)
            .field("jaas_key_id", &self.jaas_key_id)
            .field(
                "jaas_private_key",
                &format_args!("{}", secret(&self.jaas_private_key)),
            )
            .field("jitsi_url", &self.jitsi_url)
            .field("jitsi_app_id", &self.jitsi_app_id)
            .field(
                "jitsi_app_secret",
                &format_args!("{}", secret(&self.jitsi_app_secret)),
            )
            .field("jitsi_audience", &self.jitsi_audience)
            .field("request_timeout", &self.request_timeout)
            .finish()
    }
}

/// Builds the provider `PNP_VIDEO_PROVIDER` names, failing at start-up (not at the first booking) when a
/// setting it needs is missing.
/// `user`'s personal link to `booking`'s call: the one kept when the links were sent, or, for a
/// booking from before links were kept, made again from its room.
pub async fn user_link(
    video: &dyn VideoProvider,
    booking: &entity::bookings::Model,
    user: &entity::users::Model,
) -> Option<String> {
    if let Some(link) = &booking.user_link {
        return Some(link.clone());
    }
    let room = Room {
        provider: booking.room_provider.clone()?,
        name: booking.room_name.clone()?,
        url: booking.room_url.clone()?,
    };
    let request = RoomRequest {
        booking_id: booking.id,
        starts_at: booking.starts_at?,
        ends_at: booking.ends_at?,
    };
    let me = Participant {
        id: user.telegram_id.to_string(),
        name: user.first_name.clone(),
        is_performer: false,
    };
    // A provider asked over the network is not asked inside an update's transaction.
    if video.over_the_network() {
        crate::unit::commit_point().await.ok()?;
    }
    video.participant_link(&room, &me, &request).await.ok()
}

pub fn provider_from_settings(s: &VideoSettings) -> Result<Arc<dyn VideoProvider>, VideoError> {
    let provider = s.provider.as_str();
    let require = |value: &str, var: &str| {
        if value.trim().is_empty() {
            Err(VideoError::Config(format!(
                "{var} is required for PNP_VIDEO_PROVIDER={provider}"
            )))
        } else {
            Ok(())
        }
    };
    match s.provider {
        ProviderKind::Meet => Ok(Arc::new(MeetProvider)),
        ProviderKind::Daily => {
            require(&s.daily_api_url, "PNP_DAILY_API_URL")?;
            require(&s.daily_api_key, "PNP_DAILY_API_KEY")?;
            Ok(Arc::new(DailyClient::new(
                &s.daily_api_url,
                &s.daily_api_key,
                s.request_timeout,
            )?))
        }
        ProviderKind::Jaas => {
            require(&s.jaas_app_id, "PNP_JAAS_APP_ID")?;
            require(&s.jaas_key_id, "PNP_JAAS_KEY_ID")?;
            require(&s.jaas_private_key, "PNP_JAAS_PRIVATE_KEY")?;
            let pem = jaas::read_private_key(&s.jaas_private_key)?;
            Ok(Arc::new(JaasProvider::new(&s.jaas_app_id, &s.jaas_key_id, &pem)?))
        }
        ProviderKind::Jitsi => {
            require(&s.jitsi_url, "PNP_JITSI_URL")?;
            require(&s.jitsi_app_id, "PNP_JITSI_APP_ID")?;
            require(&s.jitsi_app_secret, "PNP_JITSI_APP_SECRET")?;
            require(&s.jitsi_audience, "PNP_JITSI_AUDIENCE")?;
            Ok(Arc::new(JitsiProvider::new(
                &s.jitsi_url,
                &s.jitsi_app_id,
                &s.jitsi_app_secret,
                &s.jitsi_audience,
            )?))
        }
    }
}

/// A fresh room name, `pnp-` and 26 lowercase base32 characters carrying 128 random bits.
///
/// Never derived from the booking id: on meet.jit.si the name is the only lock, and booking ids show up
/// in logs and callback data. Lowercase because Jitsi lowercases room names and the JWT `room` claim must
/// match; base32 because it is URL-safe and unambiguous when read aloud.
pub fn new_room_name() -> String {
    let mut bytes = [0u8; 16];
    // ThreadRng is a CSPRNG (ChaCha, reseeded from the OS), which is what an unguessable name needs.
    rand::rng().fill_bytes(&mut bytes);
    format!("pnp-{}", base32_lower(&bytes))
}

/// RFC 4648 base32, lowercase, no padding.
fn base32_lower(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn settings(provider: ProviderKind) -> VideoSettings {
        VideoSettings {
            provider,
            ..VideoSettings::default()
        }
    }

    #[test]
    fn base32_matches_rfc_4648_vectors() {
        assert_eq!(base32_lower(b""), "");
        assert_eq!(base32_lower(b"f"), "my");
        assert_eq!(base32_lower(b"fo"), "mzxq");
        assert_eq!(base32_lower(b"foo"), "mzxw6");
        assert_eq!(base32_lower(b"foobar"), "mzxw6ytboi");
    }

    #[test]
    fn room_names_are_long_url_safe_and_distinct() {
        let names: HashSet<String> = (0..1000).map(|_| new_room_name()).collect();
        assert_eq!(names.len(), 1000);
        for name in &names {
            assert_eq!(name.len(), 30, "{name}");
            let body = name.strip_prefix("pnp-").unwrap();
            assert!(
                body.bytes()
                    .all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b)),
                "{name}"
            );
        }
    }

    #[test]
    fn the_room_opens_ten_minutes_early_and_closes_fifteen_minutes_late() {
        let starts_at = time::macros::datetime!(2030-01-01 12:00 UTC);
        let req = RoomRequest {
            booking_id: Uuid::new_v4(),
            starts_at,
            ends_at: starts_at + time::Duration::hours(1),
        };
        assert_eq!(req.opens_at(), time::macros::datetime!(2030-01-01 11:50 UTC));
        assert_eq!(req.closes_at(), time::macros::datetime!(2030-01-01 13:15 UTC));
    }

    #[test]
    fn meet_is_the_zero_config_default() {
        let provider = provider_from_settings(&VideoSettings::default()).unwrap();
        assert_eq!(provider.name(), "meet");
        assert!(!provider.sends_events());
    }

    #[test]
    fn daily_without_a_key_names_the_missing_setting() {
        let err = provider_from_settings(&settings(ProviderKind::Daily))
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            "video settings: PNP_DAILY_API_KEY is required for PNP_VIDEO_PROVIDER=daily"
        );
        assert!(!err.is_retryable());
    }

    #[test]
    fn daily_with_a_key_reports_events() {
        let s = VideoSettings {
            daily_api_key: "k".into(),
            ..settings(ProviderKind::Daily)
        };
        let provider = provider_from_settings(&s).unwrap();
        assert_eq!(provider.name(), "daily");
        assert!(provider.sends_events());
    }

    #[test]
    fn jaas_and_jitsi_name_their_missing_settings() {
        let err = provider_from_settings(&settings(ProviderKind::Jaas))
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("PNP_JAAS_APP_ID is required for PNP_VIDEO_PROVIDER=jaas"),
            "{err}"
        );
        let s = VideoSettings {
            jaas_app_id: "vpaas-magic-cookie-x".into(),
            ..settings(ProviderKind::Jaas)
        };
        let err = provider_from_settings(&s).err().unwrap().to_string();
        assert!(err.contains("PNP_JAAS_KEY_ID"), "{err}");
        let err = provider_from_settings(&settings(ProviderKind::Jitsi))
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("PNP_JITSI_URL is required for PNP_VIDEO_PROVIDER=jitsi"),
            "{err}"
        );
    }

    #[test]
    fn provider_names_round_trip_and_an_unknown_one_lists_the_known_ones() {
        for kind in ProviderKind::ALL {
            assert_eq!(ProviderKind::try_from(kind.as_str().to_owned()), Ok(kind));
        }
        assert_eq!(
            ProviderKind::try_from("zoom".to_owned()),
            Err("must be one of meet, daily, jaas, jitsi".to_owned())
        );
    }

    #[test]
    fn settings_never_print_secrets() {
        let s = VideoSettings {
            daily_api_key: "daily-secret".into(),
            jaas_private_key: "-----BEGIN PRIVATE KEY-----".into(),
            ..VideoSettings::default()
        };
        let printed = format!("{s:?}");
        assert!(
            !printed.contains("daily-secret") && !printed.contains("BEGIN"),
            "{printed}"
        );
        assert!(printed.contains("[redacted]") && printed.contains("[unset]"));
    }

    #[test]
    fn only_transient_failures_are_retryable() {
        assert!(VideoError::RateLimited.is_retryable());
        assert!(VideoError::Upstream {
            status: 503,
            body: String::new()
        }
        .is_retryable());
        assert!(!VideoError::Upstream {
            status: 400,
            body: String::new()
        }
        .is_retryable());
        assert!(!VideoError::Unauthorized { status: 401 }.is_retryable());
        assert!(!VideoError::Config(String::new()).is_retryable());
        assert!(!VideoError::Token(String::new()).is_retryable());
    }
}
