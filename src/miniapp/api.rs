//! `/app/api`: the JSON the Mini App's pages read and write. Every handler takes a [`Viewer`]
//! (or a role-checked one), so no call runs without verified init data.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use super::auth::Viewer;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/app/api/me", get(me))
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
