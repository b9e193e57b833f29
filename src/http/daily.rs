//! `POST /daily/webhook`: Daily.co room events. The signature (HMAC-SHA256 over
//! `"<X-Webhook-Timestamp>.<raw body>"`, keyed with the base64-decoded secret) and the
//! timestamp's freshness are checked in an extractor; each event id is taken in once; the answer
//! is quick (Daily turns off webhooks that keep failing), with slow effects done in the background.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use tracing::warn;

use super::{Error, Result};
use crate::notify::calls;
use crate::services::calls as call_service;
use crate::state::AppState;
use crate::video::webhook::{self, DailyWebhook, WebhookError};

pub fn router() -> Router<AppState> {
    Router::new().route("/daily/webhook", post(receive))
}

/// A Daily delivery whose signature and timestamp were verified (or Daily's registration probe).
pub struct VerifiedDaily(pub DailyWebhook);

impl FromRequest<AppState> for VerifiedDaily {
    type Rejection = Error;

    async fn from_request(req: Request, state: &AppState) -> Result<Self> {
        let headers = req.headers();
        let [timestamp, signature] = [webhook::TIMESTAMP_HEADER, webhook::SIGNATURE_HEADER]
            .map(|name| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned));
        let body = Bytes::from_request(req, state)
            .await
            .map_err(|e| Error::BadRequest(e.body_text()))?;
        let secret = state.config.secrets.daily_webhook_secret.expose();
        let now = state.now().unix_timestamp();
        match webhook::receive(secret, timestamp.as_deref(), signature.as_deref(), &body, now) {
            Ok(delivery) => Ok(VerifiedDaily(delivery)),
            Err(WebhookError::Signature(e)) => {
                warn!(error = %e, "Daily webhook refused");
                Err(Error::Unauthorized)
            }
            Err(WebhookError::Event(e)) => {
                warn!(error = %e, "Daily webhook body not understood");
                Err(Error::BadRequest(e.to_string()))
            }
        }
    }
}

async fn receive(
    State(state): State<AppState>,
    VerifiedDaily(delivery): VerifiedDaily,
) -> Result<StatusCode> {
    let DailyWebhook::Event(event) = delivery else {
        return Ok(StatusCode::OK); // The registration probe.
    };
    if !call_service::first_delivery(&state.db, &event.id, state.now()).await? {
        return Ok(StatusCode::OK);
    }
    // Only database work happens before the answer; notifications and room deletion run in
    // the background, so Daily gets its 200 quickly.
    if let Err(e) = calls::on_daily_event(&state, &event).await {
        call_service::forget_delivery(&state.db, &event.id).await.ok();
        return Err(e.into());
    }
    Ok(StatusCode::OK)
}
