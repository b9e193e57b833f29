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
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        match self {
            Error::Unauthorized => (StatusCode::UNAUTHORIZED, self.to_string()).into_response(),
            Error::BadRequest(reason) => (StatusCode::BAD_REQUEST, reason).into_response(),
            Error::Database(e) => {
                error!(error = %e, "database failure; asking the sender to retry");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "temporarily unavailable, retry later",
                )
                    .into_response()
            }
        }
    }
}
