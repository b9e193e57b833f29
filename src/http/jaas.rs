//! `POST /jaas/webhook`: JaaS (8x8) participant and room events, signed in `X-Jaas-Signature`
//! (HMAC-SHA256 over `"<t>.<raw body>"` with the endpoint's secret, `PNP_JAAS_WEBHOOK_SECRET`).
//! Each `idempotencyKey` is taken in once; the events then drive the same rules as Daily's
//! (`notify::calls::on_daily_event`): a call is started, completed or a no-show by who joined.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use tracing::warn;

use super::{Error, Result};
use crate::notify::calls;
use crate::services::calls as call_service;
use crate::state::AppState;
use crate::video::jaas_webhook;

pub fn router() -> Router<AppState> {
    Router::new().route("/jaas/webhook", post(receive))
}

async fn receive(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<StatusCode> {
    let signature = headers
        .get(jaas_webhook::SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok());
    let secret = state.config.secrets.jaas_webhook_secret.expose();
    let now = state.now().unix_timestamp();
    let event = match jaas_webhook::receive(secret, signature, &body, now) {
        Ok(event) => event,
        Err(e) if e.is_unauthorized() => {
            warn!(error = %e, "JaaS webhook refused");
            return Err(Error::Unauthorized);
        }
        Err(e) => {
            warn!(error = %e, "JaaS webhook body not understood");
            return Err(Error::BadRequest(e.to_string()));
        }
    };
    // The same table as Daily's event ids: JaaS's idempotency keys are GUIDs, kept apart by a prefix.
    let key = format!("jaas:{}", event.id);
    if !call_service::first_delivery(&state.db, &key, state.now()).await? {
        return Ok(StatusCode::OK);
    }
    if let Err(e) = calls::on_daily_event(&state, &event).await {
        call_service::forget_delivery(&state.db, &key).await.ok();
        return Err(e.into());
    }
    Ok(StatusCode::OK)
}
