//! Self-hosted Jitsi Meet with token auth, and the room and link logic the whole Jitsi family shares.
//!
//! Claims as the Prosody token plugin reads them (lib-jitsi-meet `doc/tokens.md`): `iss` = the `app_id`,
//! `aud` = an audience Prosody accepts (`asap_accepted_audiences`, "jitsi" by default here), `sub` = the
//! lowercase domain for `/ROOM` URLs, `room` = the room name (not the MUC address), `exp`, and
//! `context.user` for display. Links carry that HS256 JWT, signed with the Prosody app secret.
//!
//! `meet`, `jaas` and `jitsi` are all Jitsi underneath: rooms are local names that Jitsi makes on first
//! join and drops when empty, so there is nothing to create remotely or delete, and no join events. Each of
//! them is a [`JitsiDeployment`] that knows only its room URL and its token; the [`VideoProvider`] they
//! share is written once, below.

use async_trait::async_trait;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;

use super::{new_room_name, Participant, Room, RoomRequest, VideoError, VideoProvider};

/// What sets one Jitsi deployment apart from the others; every one is a [`VideoProvider`] through it.
pub(super) trait JitsiDeployment: Send + Sync {
    /// The `PNP_VIDEO_PROVIDER` value, stored as `Room::provider`.
    const PROVIDER: &'static str;

    /// Where the room called `name` lives.
    fn room_url(&self, name: &str) -> String;

    /// The `?jwt=` for one participant's link to `room`, or `None` where the deployment takes no token
    /// (meet.jit.si).
    fn token(&self, room: &str, who: &Participant, req: &RoomRequest) -> Option<Result<String, VideoError>>;
}

#[async_trait]
impl<D: JitsiDeployment> VideoProvider for D {
    fn name(&self) -> &'static str {
        D::PROVIDER
    }

    /// Jitsi tells us nothing about who joined, so a no-show is never claimed.
    fn sends_events(&self) -> bool {
        false
    }

    async fn create_room(&self, _req: &RoomRequest) -> Result<Room, VideoError> {
        let name = new_room_name();
        Ok(Room {
            provider: D::PROVIDER.into(),
            url: self.room_url(&name),
            name,
        })
    }

    async fn participant_link(
        &self,
        room: &Room,
        who: &Participant,
        req: &RoomRequest,
    ) -> Result<String, VideoError> {
        match self.token(&room.name, who, req) {
            // No token: any provider's plain room URL works here; only tokens are provider-specific.
            None => Ok(room.url.clone()),
            // A token names this deployment and would not open another provider's room; that is the error
            // to report, whatever the signing came to.
            Some(_) if room.provider != D::PROVIDER => Err(super::foreign_room(room, D::PROVIDER)),
            Some(token) => Ok(format!("{}?jwt={}", room.url, token?)),
        }
    }

    async fn delete_room(&self, _room: &Room) -> Result<(), VideoError> {
        // Nothing to delete: the room lives only while someone is in it, and any token expires with it.
        Ok(())
    }
}

/// A JWT signing key that prints as `[redacted]`, so the providers holding one can derive `Debug` (the
/// key itself has none) without a secret reaching the logs.
#[derive(Clone)]
pub(super) struct SigningKey(EncodingKey);

impl SigningKey {
    pub(super) fn new(key: EncodingKey) -> Self {
        Self(key)
    }

    pub(super) fn sign(&self, header: &Header, claims: &impl Serialize) -> Result<String, VideoError> {
        jsonwebtoken::encode(header, claims, &self.0).map_err(|e| VideoError::Token(e.to_string()))
    }
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// The claims every Jitsi token carries after its `iss` and `aud` (JaaS runs the same Prosody token plugin):
/// the deployment's `sub` (domain or tenant), the room, the booking's window and the `context`. Each
/// deployment flattens it into its own claims behind `iss` and `aud`, which it writes in its own order, so
/// each payload keeps its exact layout.
#[derive(Serialize)]
pub(super) struct RoomGrant<'a, C> {
    sub: &'a str,
    room: &'a str,
    nbf: i64,
    exp: i64,
    context: C,
}

impl<'a, C> RoomGrant<'a, C> {
    /// Good for this room only, from when it opens to when it closes. The room's own name rather than "*":
    /// a leaked link opens this call only.
    pub(super) fn new(sub: &'a str, room: &'a str, req: &RoomRequest, context: C) -> Self {
        Self {
            sub,
            room,
            nbf: req.opens_at().unix_timestamp(),
            exp: req.closes_at().unix_timestamp(),
            context,
        }
    }
}

/// The `jitsi` [`VideoProvider`].
#[derive(Debug, Clone)]
pub struct JitsiProvider {
    base_url: String,
    domain: String,
    app_id: String,
    audience: String,
    key: SigningKey,
}

#[derive(Serialize)]
struct JitsiClaims<'a> {
    iss: &'a str,
    aud: &'a str,
    #[serde(flatten)]
    grant: RoomGrant<'a, Context<'a>>,
}

#[derive(Serialize)]
struct Context<'a> {
    user: User<'a>,
}

#[derive(Serialize)]
struct User<'a> {
    id: &'a str,
    name: &'a str,
    /// Read by deployments that grant moderator rights from the token (the JaaS convention, as a string).
    moderator: &'static str,
    /// Read by the jitsi-contrib `token_affiliation` plugin, the other common way to make the owner a moderator.
    affiliation: &'static str,
}

impl JitsiProvider {
    /// `url` is the deployment's base, `https://host` (a path prefix is kept, a trailing `/` dropped).
    pub fn new(url: &str, app_id: &str, app_secret: &str, audience: &str) -> Result<Self, VideoError> {
        let base_url = url.trim().trim_end_matches('/').to_owned();
        let parsed = reqwest::Url::parse(&base_url)
            .map_err(|e| VideoError::Config(format!("PNP_JITSI_URL {base_url:?} is not a URL: {e}")))?;
        if parsed.scheme() != "https" {
            return Err(VideoError::Config(format!(
                "PNP_JITSI_URL must be an https:// URL (got {base_url:?})"
            )));
        }
        let domain = match parsed.host_str() {
            Some(host) => host.to_ascii_lowercase(),
            None => {
                return Err(VideoError::Config(format!(
                    "PNP_JITSI_URL {base_url:?} has no host"
                )))
            }
        };
        Ok(Self {
            base_url,
            domain,
            app_id: app_id.trim().to_owned(),
            audience: audience.trim().to_owned(),
            key: SigningKey::new(EncodingKey::from_secret(app_secret.as_bytes())),
        })
    }
}

impl JitsiDeployment for JitsiProvider {
    const PROVIDER: &'static str = super::ProviderKind::Jitsi.as_str();

    fn room_url(&self, name: &str) -> String {
        format!("{}/{name}", self.base_url)
    }

    fn token(&self, room: &str, who: &Participant, req: &RoomRequest) -> Option<Result<String, VideoError>> {
        let context = Context {
            user: User {
                id: &who.id,
                name: &who.name,
                moderator: if who.is_performer { "true" } else { "false" },
                affiliation: if who.is_performer { "owner" } else { "member" },
            },
        };
        let claims = JitsiClaims {
            iss: &self.app_id,
            aud: &self.audience,
            grant: RoomGrant::new(&self.domain, room, req, context),
        };
        Some(self.key.sign(&Header::new(Algorithm::HS256), &claims))
    }
}

/// What the Jitsi family's tests share: a booking whose tokens are valid now, and its two sides.
#[cfg(test)]
pub(super) mod fixtures {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use time::OffsetDateTime;
    use uuid::Uuid;

    use super::JitsiDeployment;
    use crate::video::{Participant, RoomRequest};

    /// Starts now, so the token's nbf/exp pass a real validation.
    pub fn booking() -> RoomRequest {
        let starts_at = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
        RoomRequest {
            booking_id: Uuid::new_v4(),
            starts_at,
            ends_at: starts_at + time::Duration::minutes(30),
        }
    }

    /// The payload of the performer's token for room `pnp-fixed` of a fixed booking, as the JSON text that
    /// was signed: what a test compares to the byte.
    pub fn performer_payload(deployment: &impl JitsiDeployment) -> String {
        let req = RoomRequest {
            booking_id: Uuid::nil(),
            starts_at: time::macros::datetime!(2030-01-01 12:00 UTC),
            ends_at: time::macros::datetime!(2030-01-01 12:30 UTC),
        };
        let token = deployment
            .token("pnp-fixed", &performer(), &req)
            .expect("a signing deployment")
            .unwrap();
        let part = token.split('.').nth(1).expect("header.payload.signature");
        String::from_utf8(URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
    }

    /// The side that owns the room (moderator); [`user`] is the other.
    pub fn performer() -> Participant {
        Participant {
            id: "1001".into(),
            name: "Velvet".into(),
            is_performer: true,
        }
    }

    pub fn user() -> Participant {
        Participant {
            id: "2002".into(),
            name: "Sam".into(),
            is_performer: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use jsonwebtoken::{decode, decode_header, DecodingKey, Validation};
    use serde_json::{json, Value};

    use super::fixtures::{booking, performer, performer_payload, user};
    use super::*;

    const SECRET: &str = "prosody-app-secret";

    fn jitsi() -> JitsiProvider {
        JitsiProvider::new("https://Meet.Example.org/", "pnp-live", SECRET, "jitsi").unwrap()
    }

    fn verify(token: &str, secret: &str) -> Result<Value, jsonwebtoken::errors::Error> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&["jitsi"]);
        validation.set_issuer(&["pnp-live"]);
        validation.validate_nbf = true;
        validation.set_required_spec_claims(&["exp", "nbf", "aud", "iss", "sub"]);
        decode::<Value>(token, &DecodingKey::from_secret(secret.as_bytes()), &validation).map(|d| d.claims)
    }

    #[tokio::test]
    async fn links_point_at_the_deployment_with_a_token_for_that_room() {
        let provider = jitsi();
        let req = booking();
        let room = provider.create_room(&req).await.unwrap();
        assert_eq!(room.url, format!("https://Meet.Example.org/{}", room.name));

        let who = performer();
        let link = provider.participant_link(&room, &who, &req).await.unwrap();
        let token = link.strip_prefix(&format!("{}?jwt=", room.url)).unwrap();
        assert_eq!(decode_header(token).unwrap().alg, Algorithm::HS256);
        assert_eq!(
            verify(token, SECRET).unwrap(),
            json!({
                "iss": "pnp-live",
                "aud": "jitsi",
                "sub": "meet.example.org",
                "room": room.name,
                "nbf": req.opens_at().unix_timestamp(),
                "exp": req.closes_at().unix_timestamp(),
                "context": {"user": {"id": "1001", "name": "Velvet", "moderator": "true", "affiliation": "owner"}}
            })
        );
    }

    #[tokio::test]
    async fn the_user_is_a_plain_member_and_a_wrong_secret_does_not_verify() {
        let provider = jitsi();
        let req = booking();
        let room = provider.create_room(&req).await.unwrap();
        let who = user();
        let link = provider.participant_link(&room, &who, &req).await.unwrap();
        let token = link.split("?jwt=").nth(1).unwrap();
        let claims = verify(token, SECRET).unwrap();
        assert_eq!(claims["context"]["user"]["moderator"], "false");
        assert_eq!(claims["context"]["user"]["affiliation"], "member");
        assert!(verify(token, "another-secret").is_err());
    }

    #[test]
    fn the_audience_is_configurable() {
        let provider =
            JitsiProvider::new("https://meet.example.org", "pnp-live", SECRET, "my-jitsi").unwrap();
        assert_eq!(provider.audience, "my-jitsi");
    }

    #[test]
    fn only_https_urls_with_a_host_are_accepted() {
        for url in ["http://meet.example.org", "meet.example.org", "https://"] {
            let err = JitsiProvider::new(url, "a", "s", "jitsi").unwrap_err();
            assert!(
                matches!(&err, VideoError::Config(m) if m.contains("PNP_JITSI_URL")),
                "{url}: {err}"
            );
        }
    }

    #[tokio::test]
    async fn a_room_from_another_provider_gets_no_token() {
        let daily = Room {
            provider: "daily".into(),
            name: "pnp-daily".into(),
            url: "https://pnp.daily.co/pnp-daily".into(),
        };
        let err = jitsi()
            .participant_link(&daily, &user(), &booking())
            .await
            .unwrap_err();
        assert!(
            matches!(&err, VideoError::Config(m) if m.contains("made by the daily provider, not jitsi")),
            "{err}"
        );
    }

    #[tokio::test]
    async fn rooms_are_local_so_there_are_no_events_and_nothing_to_delete() {
        let provider = jitsi();
        assert_eq!(provider.name(), "jitsi");
        assert!(!provider.sends_events());
        let room = provider.create_room(&booking()).await.unwrap();
        assert_eq!(room.provider, "jitsi");
        provider.delete_room(&room).await.unwrap();
    }

    #[test]
    fn debug_output_hides_the_key() {
        let printed = format!("{:?}", jitsi());
        assert!(
            printed.contains("key: [redacted]") && printed.contains("meet.example.org"),
            "{printed}"
        );
        assert!(!printed.contains(SECRET), "{printed}");
    }

    /// Pins the payload to the byte: the claims, their order and the window for a fixed booking.
    #[test]
    fn the_claims_are_laid_out_as_prosody_reads_them() {
        assert_eq!(
            performer_payload(&jitsi()),
            concat!(
                r#"{"iss":"pnp-live","aud":"jitsi","sub":"meet.example.org","room":"pnp-fixed","nbf":1893498600,"exp":1893501900,"#,
                r#""context":{"user":{"id":"1001","name":"Velvet","moderator":"true","affiliation":"owner"}}}"#
            )
        );
    }
}
