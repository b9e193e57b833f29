//! Who is calling the Mini App API: Telegram's signed init data, checked on every request.
//!
//! Telegram hands the Mini App a query string (`Telegram.WebApp.initData`) signed with a key
//! derived from the bot token: `secret = HMAC-SHA256(key = "WebAppData", bot_token)`, then
//! `hash = hex(HMAC-SHA256(key = secret, data_check_string))`, where the data-check string is every
//! field but `hash`, as `key=value` sorted by key and joined with `\n`
//! (<https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app>). The page
//! sends it as `Authorization: tma <initData>`; the person is taken only from the verified `user`
//! field. Data signed for another bot, altered, older than `miniapp.init_data_max_age_secs` or
//! missing is refused with 401 and a JSON reason.

use std::collections::BTreeMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use entity::users;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::json;
use sha2::Sha256;
use subtle::ConstantTimeEq;
use time::OffsetDateTime;
use tracing::{error, warn};

use crate::i18n::Lang;
use crate::services::{roles, users as user_service};
use crate::state::AppState;

type HmacSha256 = Hmac<Sha256>;

/// The `user` object of init data (Telegram's `WebAppUser`), the fields we use.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct WebAppUser {
    pub id: i64,
    pub first_name: String,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub language_code: Option<String>,
}

/// Init data that passed the check.
#[derive(Debug, Clone)]
pub struct Verified {
    pub user: WebAppUser,
    pub auth_date: OffsetDateTime,
}

/// Why init data was refused; the `code` is what the page (and a test) can tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Missing,
    Malformed,
    BadSignature,
    Expired,
    NoUser,
    Banned,
    Forbidden,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Missing => "init_data_missing",
            Refusal::Malformed => "init_data_malformed",
            Refusal::BadSignature => "init_data_bad_signature",
            Refusal::Expired => "init_data_expired",
            Refusal::NoUser => "init_data_no_user",
            Refusal::Banned => "banned",
            Refusal::Forbidden => "forbidden",
        }
    }

    fn message(self) -> &'static str {
        match self {
            Refusal::Missing => "no Telegram init data: send it as `Authorization: tma <initData>`",
            Refusal::Malformed => "the init data is not a Telegram init data query string",
            Refusal::BadSignature => "the init data's signature does not match this bot",
            Refusal::Expired => "the init data is too old: reopen the Mini App from Telegram",
            Refusal::NoUser => "the init data names no user",
            Refusal::Banned => "this account is banned",
            Refusal::Forbidden => "this needs a role this account does not have",
        }
    }

    fn status(self) -> StatusCode {
        match self {
            Refusal::Banned | Refusal::Forbidden => StatusCode::FORBIDDEN,
            _ => StatusCode::UNAUTHORIZED,
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (
            self.status(),
            Json(json!({"error": self.message(), "code": self.code()})),
        )
            .into_response()
    }
}

fn secret_key(bot_token: &str) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(b"WebAppData").expect("HMAC takes any key");
    mac.update(bot_token.as_bytes());
    mac.finalize().into_bytes().into()
}

fn signature(bot_token: &str, check_string: &str) -> String {
    let mut mac = HmacSha256::new_from_slice(&secret_key(bot_token)).expect("HMAC takes any key");
    mac.update(check_string.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn check_string(fields: &BTreeMap<String, String>) -> String {
    fields
        .iter()
        .filter(|(key, _)| key.as_str() != "hash")
        .map(|(key, value)| format!("{key}={value}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Checks `init_data` for `bot_token` at `now`: signature (compared in constant time), age, user.
pub fn verify(
    init_data: &str,
    bot_token: &str,
    now: OffsetDateTime,
    max_age: time::Duration,
) -> Result<Verified, Refusal> {
    if init_data.is_empty() {
        return Err(Refusal::Missing);
    }
    let mut fields = BTreeMap::new();
    for (key, value) in form_urlencoded_pairs(init_data) {
        // A field given twice is not something Telegram sends; which copy was signed is unclear.
        if fields.insert(key, value).is_some() {
            return Err(Refusal::Malformed);
        }
    }
    let Some(given) = fields.get("hash") else {
        return Err(Refusal::Malformed);
    };
    if bot_token.is_empty() {
        return Err(Refusal::BadSignature);
    }
    let expected = signature(bot_token, &check_string(&fields));
    if !bool::from(expected.as_bytes().ct_eq(given.to_ascii_lowercase().as_bytes())) {
        return Err(Refusal::BadSignature);
    }
    let auth_date = fields
        .get("auth_date")
        .and_then(|d| d.parse::<i64>().ok())
        .and_then(|d| OffsetDateTime::from_unix_timestamp(d).ok())
        .ok_or(Refusal::Malformed)?;
    // A little slack for a client clock ahead of ours; anything further ahead is not Telegram's.
    if now - auth_date > max_age || auth_date - now > time::Duration::minutes(5) {
        return Err(Refusal::Expired);
    }
    let user: WebAppUser = fields
        .get("user")
        .ok_or(Refusal::NoUser)
        .and_then(|raw| serde_json::from_str(raw).map_err(|_| Refusal::Malformed))?;
    Ok(Verified { user, auth_date })
}

/// Init data as Telegram's clients make it: `fields` plus `auth_date` and `hash`, signed with
/// `bot_token`. For tests and benchmarks (the browser tests' stand-in for `Telegram.WebApp`).
pub fn sign(bot_token: &str, user: &serde_json::Value, auth_date: OffsetDateTime) -> String {
    let mut fields = BTreeMap::new();
    fields.insert("auth_date".to_owned(), auth_date.unix_timestamp().to_string());
    fields.insert(
        "query_id".to_owned(),
        format!("AAH{}", auth_date.unix_timestamp()),
    );
    fields.insert("user".to_owned(), user.to_string());
    let hash = signature(bot_token, &check_string(&fields));
    fields.insert("hash".to_owned(), hash);
    let mut out = String::new();
    for (key, value) in &fields {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        out.push_str(&percent_encode(value));
    }
    out
}

fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `a=1&b=x%20y` as decoded pairs (`+` is a space, as in a form).
fn form_urlencoded_pairs(query: &str) -> Vec<(String, String)> {
    fn hex(digit: u8) -> Option<u8> {
        (digit as char).to_digit(16).map(|d| d as u8)
    }
    fn decode(part: &str) -> String {
        let bytes = part.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(high), Some(low)) => {
                        out.push(high << 4 | low);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                },
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) => (decode(key), decode(value)),
            None => (decode(pair), String::new()),
        })
        .collect()
}

/// The person calling the API: verified init data, their stored user (registered on first
/// use, as a chat contact would), language and roles.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user: users::Model,
    pub lang: Lang,
    pub roles: Vec<roles::Role>,
    pub superadmin: bool,
}

impl Viewer {
    pub fn is_performer(&self) -> bool {
        self.roles.contains(&roles::Role::Performer)
    }

    pub fn is_admin(&self) -> bool {
        self.superadmin || self.roles.contains(&roles::Role::Admin)
    }
}

/// The init data of a request: `Authorization: tma <initData>`.
fn init_data_of(parts: &Parts) -> &str {
    parts
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("tma "))
        .unwrap_or_default()
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let max_age = time::Duration::seconds(state.config.miniapp.init_data_max_age_secs as i64);
        let verified = verify(
            init_data_of(parts),
            state.config.secrets.telegram_token.expose(),
            state.now(),
            max_age,
        )
        .map_err(|refusal| {
            warn!(code = refusal.code(), path = %parts.uri.path(), "Mini App request refused");
            refusal.into_response()
        })?;
        let web = &verified.user;
        let default = Lang::from_stored(&state.config.bot.default_language);
        let lang = Lang::from_telegram(web.language_code.as_deref(), default);
        let profile = user_service::Profile {
            telegram_id: web.id,
            username: web.username.as_deref(),
            first_name: &web.first_name,
            last_name: web.last_name.as_deref(),
            language: lang.code(),
        };
        let failed = |e: sea_orm::DbErr| {
            error!(error = %e, "Mini App: database failure");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"error": "temporarily unavailable, retry later", "code": "unavailable"})),
            )
                .into_response()
        };
        let user = user_service::register(&state.db, &profile, state.now())
            .await
            .map_err(failed)?;
        let superadmin = state.config.is_superadmin(user.telegram_id);
        if user.banned_at.is_some() && !superadmin {
            return Err(Refusal::Banned.into_response());
        }
        let roles = roles::active(&state.db, user.id).await.map_err(failed)?;
        Ok(Viewer {
            lang: Lang::from_stored(&user.language_code),
            user,
            roles,
            superadmin,
        })
    }
}

/// A [`Viewer`] who holds the Performer role (checked on the server; 403 otherwise).
#[derive(Debug, Clone)]
pub struct PerformerViewer(pub Viewer);

impl FromRequestParts<AppState> for PerformerViewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let viewer = Viewer::from_request_parts(parts, state).await?;
        if !viewer.is_performer() {
            return Err(Refusal::Forbidden.into_response());
        }
        Ok(PerformerViewer(viewer))
    }
}

/// A [`Viewer`] who is an admin or a superadmin (checked on the server; 403 otherwise).
#[derive(Debug, Clone)]
pub struct AdminViewer(pub Viewer);

impl FromRequestParts<AppState> for AdminViewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let viewer = Viewer::from_request_parts(parts, state).await?;
        if !viewer.is_admin() {
            return Err(Refusal::Forbidden.into_response());
        }
        Ok(AdminViewer(viewer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const TOKEN: &str = "123456:TEST-token";
    const NOW: OffsetDateTime = datetime!(2026-12-01 12:00 UTC);
    const DAY: time::Duration = time::Duration::days(1);

    fn user() -> serde_json::Value {
        json!({"id": 42, "first_name": "Ana", "username": "ana", "language_code": "pt-BR"})
    }

    #[test]
    fn data_signed_for_this_bot_is_accepted() {
        let data = sign(TOKEN, &user(), NOW - time::Duration::minutes(3));
        let verified = verify(&data, TOKEN, NOW, DAY).unwrap();
        assert_eq!(verified.user.id, 42);
        assert_eq!(verified.user.language_code.as_deref(), Some("pt-BR"));
    }

    #[test]
    fn telegrams_documented_example_shape_is_accepted() {
        // A query string as a client sends it: `user` percent-encoded JSON, fields in any order.
        let user = r#"{"id":279058397,"first_name":"Vladislav","last_name":"Kibenko","username":"vdkfrost","language_code":"ru","is_premium":true,"allows_write_to_pm":true}"#;
        let mut fields = BTreeMap::new();
        fields.insert("user".to_owned(), user.to_owned());
        fields.insert("chat_instance".to_owned(), "-3788475317572404878".to_owned());
        fields.insert("chat_type".to_owned(), "private".to_owned());
        fields.insert("auth_date".to_owned(), NOW.unix_timestamp().to_string());
        fields.insert("signature".to_owned(), "abc-def_1".to_owned());
        let hash = signature(TOKEN, &check_string(&fields));
        let data = format!(
            "user={}&chat_instance=-3788475317572404878&chat_type=private&auth_date={}&signature=abc-def_1&hash={hash}",
            percent_encode(user),
            NOW.unix_timestamp()
        );
        assert_eq!(
            verify(&data, TOKEN, NOW, DAY).unwrap().user.username.as_deref(),
            Some("vdkfrost")
        );
    }

    #[test]
    fn another_bots_data_is_refused() {
        let data = sign("999:OTHER", &user(), NOW);
        assert_eq!(verify(&data, TOKEN, NOW, DAY).unwrap_err(), Refusal::BadSignature);
    }

    #[test]
    fn altered_data_is_refused() {
        let data = sign(TOKEN, &user(), NOW)
            .replace("%2242%22", "%2243%22")
            .replace("42", "43");
        assert_eq!(verify(&data, TOKEN, NOW, DAY).unwrap_err(), Refusal::BadSignature);
    }

    #[test]
    fn old_data_is_refused() {
        let data = sign(TOKEN, &user(), NOW - DAY - time::Duration::seconds(1));
        assert_eq!(verify(&data, TOKEN, NOW, DAY).unwrap_err(), Refusal::Expired);
        let future = sign(TOKEN, &user(), NOW + time::Duration::hours(1));
        assert_eq!(verify(&future, TOKEN, NOW, DAY).unwrap_err(), Refusal::Expired);
    }

    #[test]
    fn missing_or_broken_data_is_refused() {
        assert_eq!(verify("", TOKEN, NOW, DAY).unwrap_err(), Refusal::Missing);
        assert_eq!(
            verify("user=x&auth_date=1", TOKEN, NOW, DAY).unwrap_err(),
            Refusal::Malformed
        );
        let data = sign(TOKEN, &user(), NOW);
        let doubled = format!("{data}&auth_date=1");
        assert_eq!(verify(&doubled, TOKEN, NOW, DAY).unwrap_err(), Refusal::Malformed);
        assert_eq!(verify(&data, "", NOW, DAY).unwrap_err(), Refusal::BadSignature);
    }
}
