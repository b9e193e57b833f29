//! The HTTP front door: one router per inbound source, merged here with the shared layers.

pub mod daily;
pub mod error;
pub mod health;
pub mod jaas;
pub mod metrics;
pub mod telegram;

use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::Router;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::state::AppState;

pub use error::{Error, Result};

pub fn router(state: AppState) -> Router {
    let config = &state.config.http;
    Router::new()
        .merge(telegram::router())
        .merge(daily::router())
        .merge(jaas::router())
        .merge(health::router())
        .merge(metrics::router())
        .merge(crate::miniapp::router())
        .layer(DefaultBodyLimit::max(config.body_limit_bytes))
        .layer(RequestBodyLimitLayer::new(config.body_limit_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(config.request_timeout_secs),
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
