//! `/app/api`: the JSON the Mini App's pages read and write. Every handler takes a [`Viewer`]
//! (or a role-checked one), so no call runs without verified init data.

use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::auth::Viewer;
use crate::i18n::Lang;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/app/api/me", get(me))
        .route("/app/api/texts", get(texts))
        .merge(super::user::router())
        .merge(super::performer::router())
        .merge(super::admin::router())
}

/// Who the page is talking to, in the bot's terms: name, language, zone and what they may open.
#[derive(Debug, Serialize)]
pub struct Me {
    pub id: i64,
    pub first_name: String,
    pub language: &'static str,
    pub timezone: Option<String>,
    pub performer: bool,
    pub admin: bool,
}

async fn me(State(_state): State<AppState>, viewer: Viewer) -> Json<Me> {
    Json(Me {
        id: viewer.user.id,
        first_name: viewer.user.first_name.clone(),
        language: viewer.lang.code(),
        timezone: viewer.user.timezone.as_ref().map(ToString::to_string),
        performer: viewer.is_performer(),
        admin: viewer.is_admin(),
    })
}

/// `?lang=`: the language the page asks for when its init data may not pass (Telegram's
/// unverified `language_code`).
#[derive(Debug, Deserialize)]
pub struct TextsQuery {
    #[serde(default)]
    lang: Option<String>,
}

/// The page's texts in the viewer's language: every message of the locale files whose id starts
/// with `app-`, so the Mini App reads from the same Fluent files as the chat (and the parity test
/// holds it to every language). Arguments stay as `{ $name }` for the page to fill in. The texts
/// are the same for everyone, so init data that does not pass still gets them, in the `lang`
/// the page asks for: the page can then say in the person's language that it must be reopened.
async fn texts(
    State(state): State<AppState>,
    viewer: Result<Viewer, Response>,
    Query(query): Query<TextsQuery>,
) -> Json<BTreeMap<String, String>> {
    let lang = match viewer {
        Ok(viewer) => viewer.lang,
        Err(_) => Lang::from_telegram(
            query.lang.as_deref(),
            Lang::from_stored(&state.config.bot.default_language),
        ),
    };
    Json(page_texts(lang))
}

pub fn page_texts(lang: crate::i18n::Lang) -> BTreeMap<String, String> {
    let loader = crate::i18n::Texts(lang).loader();
    let Some(language) = loader.current_languages().into_iter().next() else {
        return BTreeMap::new();
    };
    let ids: Vec<String> = loader.with_message_iter(&language, |messages| {
        messages
            .map(|m| m.id.name.to_owned())
            .filter(|id| id.starts_with("app-"))
            .collect()
    });
    ids.into_iter()
        .map(|id| {
            let text = loader.get(&id);
            (id, text)
        })
        .collect()
}
