//! The front door's errors: 4xx carry a reason for the caller; 5xx are logged with their cause
//! and answered with an opaque body.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tracing::error;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("missing or wrong secret token")]
    Unauthorized,
    #[error("{0}")]
    BadRequest(String),
    #[error("database unavailable: {0}")]
    Database(#[from] sea_orm::DbErr),
    /// An update could not be taken in for now ([`crate::bot::Disposition::Retry`]).
    #[error("update not taken in: {0}")]
    Update(#[from] crate::bot::BotError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        match self {
            Error::Unauthorized => (StatusCode::UNAUTHORIZED, self.to_string()).into_response(),
            Error::BadRequest(reason) => (StatusCode::BAD_REQUEST, reason).into_response(),
            Error::Database(e) => {
                error!(error = %e, "database failure; asking the sender to retry");
                retry_later()
            }
            Error::Update(e) => {
                error!(error = %e, "update not taken in; asking the sender to retry");
                retry_later()
            }
        }
    }
}

fn retry_later() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "temporarily unavailable, retry later",
    )
        .into_response()
}
