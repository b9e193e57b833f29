//! Self-hosted Jitsi Meet with token auth: links carry an HS256 JWT signed with the Prosody app secret.
//!
//! Claims as the Prosody token plugin reads them (lib-jitsi-meet `doc/tokens.md`): `iss` = the `app_id`,
//! `aud` = an audience Prosody accepts (`asap_accepted_audiences`, "jitsi" by default here), `sub` = the
//! lowercase domain for `/ROOM` URLs, `room` = the room name (not the MUC address), `exp`, and
//! `context.user` for display. Rooms are local names; Jitsi makes them on first join and drops them when
//! empty, so there is nothing to delete.

use async_trait::async_trait;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;

use super::{new_room_name, Participant, Room, RoomRequest, VideoError, VideoProvider};

const PROVIDER: &str = super::ProviderKind::Jitsi.as_str();

/// The `jitsi` [`VideoProvider`].
#[derive(Clone)]
pub struct JitsiProvider {
    base_url: String,
    domain: String,
    app_id: String,
    audience: String,
    key: EncodingKey,
}

impl std::fmt::Debug for JitsiProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JitsiProvider")
            .field("base_url", &self.base_url)
            .field("domain", &self.domain)
            .field("app_id", &self.app_id)
            .field("audience", &self.audience)
            .finish()
    }
}

#[derive(Serialize)]
struct JitsiClaims<'a> {
    iss: &'a str,
    aud: &'a str,
    sub: &'a str,
    room: &'a str,
    nbf: i64,
    exp: i64,
    context: Context<'a>,
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
            key: EncodingKey::from_secret(app_secret.as_bytes()),
        })
    }

    fn token(&self, room: &str, who: &Participant, req: &RoomRequest) -> Result<String, VideoError> {
        let claims = JitsiClaims {
            iss: &self.app_id,
            aud: &self.audience,
            sub: &self.domain,
            room,
            nbf: req.opens_at().unix_timestamp(),
            exp: req.closes_at().unix_timestamp(),
            context: Context {
                user: User {
                    id: &who.id,
                    name: &who.name,
                    moderator: if who.is_performer { "true" } else { "false" },
                    affiliation: if who.is_performer { "owner" } else { "member" },
                },
            },
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.key)
            .map_err(|e| VideoError::Token(e.to_string()))
    }
}

#[async_trait]
impl VideoProvider for JitsiProvider {
    fn name(&self) -> &'static str {
        PROVIDER
    }

    fn sends_events(&self) -> bool {
        false
    }

    async fn create_room(&self, _req: &RoomRequest) -> Result<Room, VideoError> {
        let name = new_room_name();
        Ok(Room {
            provider: PROVIDER.into(),
            url: format!("{}/{name}", self.base_url),
            name,
        })
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
        Ok(format!("{}?jwt={}", room.url, self.token(&room.name, who, req)?))
    }

    async fn delete_room(&self, _room: &Room) -> Result<(), VideoError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use jsonwebtoken::{decode, decode_header, DecodingKey, Validation};
    use serde_json::{json, Value};
    use time::OffsetDateTime;
    use uuid::Uuid;

    use super::*;

    const SECRET: &str = "prosody-app-secret";

    fn jitsi() -> JitsiProvider {
        JitsiProvider::new("https://Meet.Example.org/", "pnp-live", SECRET, "jitsi").unwrap()
    }

    fn booking() -> RoomRequest {
        let starts_at = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
        RoomRequest {
            booking_id: Uuid::new_v4(),
            starts_at,
            ends_at: starts_at + time::Duration::minutes(30),
        }
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

        let who = Participant {
            id: "1001".into(),
            name: "Velvet".into(),
            is_performer: true,
        };
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
        let who = Participant {
            id: "2002".into(),
            name: "Sam".into(),
            is_performer: false,
        };
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
}
