//! `POST /telegram/webhook`: Telegram's updates. The secret header is checked in an extractor;
//! the body is taken in through [`crate::bot::take_in`], the same path long polling uses.

use axum::body::Bytes;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use subtle::ConstantTimeEq;
use tracing::warn;

use super::{Error, Result};
use crate::bot;
use crate::state::AppState;
use crate::telegram::reply;

pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

pub fn router() -> Router<AppState> {
    Router::new().route("/telegram/webhook", post(webhook))
}

/// Proof that the request carries our `X-Telegram-Bot-Api-Secret-Token`, compared in constant
/// time. With no secret configured every request is refused.
pub struct TelegramSecret;

impl FromRequestParts<AppState> for TelegramSecret {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let expected = state.config.secrets.telegram_webhook_secret.expose().as_bytes();
        let given = parts
            .headers
            .get(SECRET_HEADER)
            .map(|v| v.as_bytes())
            .unwrap_or_default();
        if expected.is_empty() || !bool::from(given.ct_eq(expected)) {
            warn!("webhook request with a missing or wrong secret token");
            return Err(Error::Unauthorized);
        }
        Ok(TelegramSecret)
    }
}

/// A turn to be handled (`telegram.max_updates_in_flight` at once). Taken after the secret is
/// checked and before the body is read, so a request waiting for its turn holds no more than its
/// connection, and a stranger's requests never take one.
pub struct UpdateTurn(#[allow(dead_code)] tokio::sync::OwnedSemaphorePermit);

impl FromRequestParts<AppState> for UpdateTurn {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(_parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let permit = state.updates_in_flight.clone().acquire_owned().await;
        Ok(UpdateTurn(permit.expect("the turns are never closed")))
    }
}

async fn webhook(
    State(state): State<AppState>,
    _secret: TelegramSecret,
    _turn: UpdateTurn,
    body: Bytes,
) -> Result<Response> {
    let value: serde_json::Value = serde_json::from_slice(&body).map_err(|e| {
        warn!(error = %e, bytes = body.len(), "webhook body is not JSON");
        Error::BadRequest(format!("body is not JSON: {e}"))
    })?;
    let Some(update_id) = value.get("update_id").and_then(serde_json::Value::as_i64) else {
        warn!("webhook JSON has no numeric update_id");
        return Err(Error::BadRequest("not a Telegram update: no update_id".into()));
    };
    let enabled = state.config.telegram.reply_in_webhook;
    let (intake, reply) = reply::scope(enabled, bot::take_in(&state, update_id, value)).await;
    match intake? {
        bot::Intake::InFlight => Ok(StatusCode::SERVICE_UNAVAILABLE.into_response()),
        _ => Ok(match reply {
            Some(call) => Json(call).into_response(),
            None => StatusCode::OK.into_response(),
        }),
    }
}
