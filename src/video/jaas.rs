//! 8x8 Jitsi as a Service: rooms are names under the app on 8x8.vc, links carry a per-person RS256 JWT.
//!
//! Token format from <https://developer.8x8.com/jaas/docs/api-keys-jwt>: header `alg: RS256`,
//! `kid: <app id>/<key id>`, `typ: JWT`; claims `aud: "jitsi"`, `context.user {id, name, avatar, email,
//! moderator: "true"|"false"}` and `context.features` (string flags that only take effect for moderators).
//! `iss: "chat"`, `sub: <app id>`, `room`, `nbf` and `exp` are the claims of 8x8's sample tokens; the part
//! of that page we could read stops before them, so compare with the JWT the JaaS console's sample app
//! shows when adding a key. There is no REST call: a room exists once someone with a valid token joins,
//! so creating and deleting rooms are local.

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;

use super::jitsi::{JitsiDeployment, RoomGrant, SigningKey};
use super::{Participant, RoomRequest, VideoError};

const BASE_URL: &str = "https://8x8.vc";

/// The `jaas` [`VideoProvider`](super::VideoProvider).
#[derive(Debug, Clone)]
pub struct JaasProvider {
    app_id: String,
    kid: String,
    key: SigningKey,
}

#[derive(Serialize)]
struct JaasClaims<'a> {
    aud: &'static str,
    iss: &'static str,
    #[serde(flatten)]
    grant: RoomGrant<'a, Context<'a>>,
}

#[derive(Serialize)]
struct Context<'a> {
    user: User<'a>,
    features: Features,
}

#[derive(Serialize)]
struct User<'a> {
    id: &'a str,
    name: &'a str,
    avatar: &'static str,
    email: &'static str,
    /// A string, not a boolean: JaaS reads `"true"`/`"false"`.
    moderator: &'static str,
}

/// Everything off: calls are private and paid per minute, so no recording, streaming, transcription or
/// dial-out (which 8x8 bills separately), even for the performer, who is the moderator.
#[derive(Serialize)]
struct Features {
    livestreaming: &'static str,
    recording: &'static str,
    transcription: &'static str,
    #[serde(rename = "outbound-call")]
    outbound_call: &'static str,
    #[serde(rename = "sip-outbound-call")]
    sip_outbound_call: &'static str,
}

const FEATURES_OFF: Features = Features {
    livestreaming: "false",
    recording: "false",
    transcription: "false",
    outbound_call: "false",
    sip_outbound_call: "false",
};

impl JaasProvider {
    /// `key_id` is the key's id in the JaaS console; a full `kid` (`<app id>/<key id>`) is accepted too.
    /// `private_key_pem` is the RSA private key (PKCS#1 or PKCS#8 PEM) whose public half is uploaded there.
    pub fn new(app_id: &str, key_id: &str, private_key_pem: &str) -> Result<Self, VideoError> {
        let app_id = app_id.trim();
        let key_id = key_id.trim();
        let kid = if key_id.contains('/') {
            key_id.to_owned()
        } else {
            format!("{app_id}/{key_id}")
        };
        let key = EncodingKey::from_rsa_pem(private_key_pem.as_bytes()).map_err(|e| {
            VideoError::Config(format!(
                "PNP_JAAS_PRIVATE_KEY is not an RSA private key in PEM form: {e}"
            ))
        })?;
        Ok(Self {
            app_id: app_id.to_owned(),
            kid,
            key: SigningKey::new(key),
        })
    }
}

impl JitsiDeployment for JaasProvider {
    const PROVIDER: &'static str = super::ProviderKind::Jaas.as_str();

    /// Rooms live under the app: `https://8x8.vc/<app id>/<room>`.
    fn room_url(&self, name: &str) -> String {
        format!("{BASE_URL}/{}/{name}", self.app_id)
    }

    fn token(&self, room: &str, who: &Participant, req: &RoomRequest) -> Option<Result<String, VideoError>> {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid.clone());
        let context = Context {
            user: User {
                id: &who.id,
                name: &who.name,
                avatar: "",
                email: "",
                moderator: if who.is_performer { "true" } else { "false" },
            },
            features: FEATURES_OFF,
        };
        let claims = JaasClaims {
            aud: "jitsi",
            iss: "chat",
            grant: RoomGrant::new(&self.app_id, room, req, context),
        };
        Some(self.key.sign(&header, &claims))
    }
}

/// `PNP_JAAS_PRIVATE_KEY` holds the PEM itself or a path to it; env files often carry the PEM with its
/// newlines escaped as `\n`, which is undone here.
pub(super) fn read_private_key(setting: &str) -> Result<String, VideoError> {
    let setting = setting.trim();
    if setting.contains("-----BEGIN") {
        return Ok(if setting.contains('\n') {
            setting.to_owned()
        } else {
            setting.replace("\\n", "\n")
        });
    }
    std::fs::read_to_string(setting).map_err(|e| {
        // Echo the value only when it is short enough to be a path: a mangled PEM must not reach the logs.
        let shown = if setting.len() <= 200 {
            setting
        } else {
            "[long value hidden]"
        };
        VideoError::Config(format!(
            "PNP_JAAS_PRIVATE_KEY is neither PEM text nor a readable file ({shown}): {e}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use jsonwebtoken::{decode, decode_header, DecodingKey, Validation};
    use serde_json::{json, Value};
    use uuid::Uuid;

    use super::*;
    use crate::video::jitsi::fixtures::{booking, performer, performer_payload, user};
    use crate::video::{Room, VideoProvider};

    const PRIVATE_KEY: &str = include_str!("testdata/jaas-test-private.pem");
    const PUBLIC_KEY: &str = include_str!("testdata/jaas-test-public.pem");
    const APP_ID: &str = "vpaas-magic-cookie-1fc542a3e4414a44b2611668195e2bfe";

    fn jaas() -> JaasProvider {
        JaasProvider::new(APP_ID, "4f4910", PRIVATE_KEY).unwrap()
    }

    fn verify(link: &str, room: &Room) -> (jsonwebtoken::Header, Value) {
        let prefix = format!("{}?jwt=", room.url);
        let token = link
            .strip_prefix(&prefix)
            .unwrap_or_else(|| panic!("{link} does not start with {prefix}"));
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_audience(&["jitsi"]);
        validation.set_issuer(&["chat"]);
        validation.validate_nbf = true;
        validation.set_required_spec_claims(&["exp", "nbf", "aud", "iss", "sub"]);
        let key = DecodingKey::from_rsa_pem(PUBLIC_KEY.as_bytes()).unwrap();
        let data = decode::<Value>(token, &key, &validation).expect("signed with the JaaS private key");
        (decode_header(token).unwrap(), data.claims)
    }

    #[tokio::test]
    async fn rooms_live_under_the_app_on_8x8() {
        let room = jaas().create_room(&booking()).await.unwrap();
        assert_eq!(room.provider, "jaas");
        assert!(room.name.starts_with("pnp-"));
        assert_eq!(room.url, format!("https://8x8.vc/{APP_ID}/{}", room.name));
    }

    #[tokio::test]
    async fn the_performer_gets_a_moderator_token_signed_with_the_app_key() {
        let provider = jaas();
        let req = booking();
        let room = provider.create_room(&req).await.unwrap();
        let who = performer();
        let link = provider.participant_link(&room, &who, &req).await.unwrap();

        let (header, claims) = verify(&link, &room);
        assert_eq!(header.alg, Algorithm::RS256);
        assert_eq!(header.kid.as_deref(), Some(format!("{APP_ID}/4f4910").as_str()));
        assert_eq!(header.typ.as_deref(), Some("JWT"));
        assert_eq!(
            claims,
            json!({
                "aud": "jitsi",
                "iss": "chat",
                "sub": APP_ID,
                "room": room.name,
                "nbf": req.opens_at().unix_timestamp(),
                "exp": req.closes_at().unix_timestamp(),
                "context": {
                    "user": {"id": "1001", "name": "Velvet", "avatar": "", "email": "", "moderator": "true"},
                    "features": {"livestreaming": "false", "recording": "false", "transcription": "false",
                        "outbound-call": "false", "sip-outbound-call": "false"}
                }
            })
        );
    }

    #[tokio::test]
    async fn the_user_is_never_a_moderator() {
        let provider = jaas();
        let req = booking();
        let room = provider.create_room(&req).await.unwrap();
        let who = user();
        let (_, claims) = verify(
            &provider.participant_link(&room, &who, &req).await.unwrap(),
            &room,
        );
        assert_eq!(claims["context"]["user"]["moderator"], "false");
        assert_eq!(claims["context"]["user"]["id"], "2002");
    }

    #[tokio::test]
    async fn a_token_from_another_key_does_not_verify() {
        let other = JaasProvider::new(APP_ID, "4f4910", &other_private_key()).unwrap();
        let req = booking();
        let room = other.create_room(&req).await.unwrap();
        let who = user();
        let link = other.participant_link(&room, &who, &req).await.unwrap();
        let token = link.split("?jwt=").nth(1).unwrap();
        let key = DecodingKey::from_rsa_pem(PUBLIC_KEY.as_bytes()).unwrap();
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_audience(&["jitsi"]);
        assert!(decode::<Value>(token, &key, &validation).is_err());
    }

    #[test]
    fn a_full_kid_is_taken_as_is() {
        let provider = JaasProvider::new(APP_ID, &format!("{APP_ID}/abc123"), PRIVATE_KEY).unwrap();
        assert_eq!(provider.kid, format!("{APP_ID}/abc123"));
    }

    #[test]
    fn a_key_that_is_not_pem_is_a_config_error_naming_the_setting() {
        let err = JaasProvider::new(
            APP_ID,
            "k",
            "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----",
        )
        .unwrap_err();
        assert!(
            matches!(&err, VideoError::Config(m) if m.contains("PNP_JAAS_PRIVATE_KEY")),
            "{err}"
        );
    }

    #[test]
    fn the_key_setting_may_be_pem_text_escaped_pem_or_a_path() {
        assert_eq!(read_private_key(PRIVATE_KEY).unwrap(), PRIVATE_KEY.trim());
        let escaped = PRIVATE_KEY.trim().replace('\n', "\\n");
        assert_eq!(read_private_key(&escaped).unwrap(), PRIVATE_KEY.trim());
        let path = std::env::temp_dir().join(format!("pnp-jaas-{}.pem", Uuid::new_v4()));
        std::fs::write(&path, PRIVATE_KEY).unwrap();
        let read = read_private_key(path.to_str().unwrap());
        std::fs::remove_file(&path).unwrap();
        assert_eq!(read.unwrap(), PRIVATE_KEY);
        let err = read_private_key("/nonexistent/jaas.pem").unwrap_err().to_string();
        assert!(
            err.contains("PNP_JAAS_PRIVATE_KEY") && !err.contains("BEGIN"),
            "{err}"
        );
    }

    #[test]
    fn debug_output_hides_the_key() {
        let printed = format!("{:?}", jaas());
        assert!(
            printed.contains("key: [redacted]") && printed.contains("4f4910"),
            "{printed}"
        );
    }

    /// A second, unrelated key pair: "signed by someone else" must not verify.
    fn other_private_key() -> String {
        include_str!("testdata/other-test-private.pem").to_owned()
    }

    /// Pins the payload to the byte: the claims, their order and the window for a fixed booking.
    #[test]
    fn the_claims_are_laid_out_as_8x8_documents_them() {
        assert_eq!(
            performer_payload(&jaas()),
            concat!(
                r#"{"aud":"jitsi","iss":"chat","sub":"vpaas-magic-cookie-1fc542a3e4414a44b2611668195e2bfe","room":"pnp-fixed","nbf":1893498600,"exp":1893501900,"#,
                r#""context":{"user":{"id":"1001","name":"Velvet","avatar":"","email":"","moderator":"true"},"features":{"livestreaming":"false","recording":"false","transcription":"false","outbound-call":"false","sip-outbound-call":"false"}}}"#
            )
        );
    }
}
