//! `GET /healthz` (the process is up) and `GET /readyz` (the database answers and every
//! migration is applied, and Telegram has not refused the bot's token).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if state.telegram.token_rejected() {
        return (StatusCode::SERVICE_UNAVAILABLE, "telegram token rejected");
    }
    match crate::db::is_ready(state.db.pool()).await {
        Ok(true) => (StatusCode::OK, "ready"),
        Ok(false) => (StatusCode::SERVICE_UNAVAILABLE, "migrations pending"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unreachable"),
    }
}
