//! `GET /metrics`: Prometheus text. Keep it internal (the reverse proxy does not forward it).

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use sea_orm::{ConnectionTrait, DatabaseBackend};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/metrics", get(render))
}

async fn render(State(state): State<AppState>) -> impl IntoResponse {
    // Pool use and the broadcast queue are read at scrape time.
    let (size, idle) = match state.db.get_database_backend() {
        DatabaseBackend::Sqlite => {
            let pool = state.db.pool().get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
        DatabaseBackend::Postgres => {
            let pool = state.db.pool().get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => (0, 0),
    };
    metrics::gauge!("pnp_db_pool_connections").set(f64::from(size));
    metrics::gauge!("pnp_db_pool_idle_connections").set(idle as f64);
    let (statements, in_statements) = crate::db::statements_run();
    metrics::counter!("pnp_db_statements_total").absolute(statements);
    metrics::counter!("pnp_db_statement_microseconds_total")
        .absolute(u64::try_from(in_statements.as_micros()).unwrap_or(u64::MAX));
    metrics::gauge!("pnp_db_pool_in_use_connections").set(f64::from(size).max(idle as f64) - idle as f64);
    // The broadcast queue lives in the database, shared by every replica: its depth is read
    // there, so each replica reports the same truth.
    match crate::services::broadcast::pending_count(&state.db).await {
        Ok(depth) => metrics::gauge!("pnp_broadcast_queue_depth").set(depth as f64),
        Err(e) => tracing::warn!(error = %e, "metrics: could not count pending broadcast deliveries"),
    }
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4")],
        crate::telemetry::metrics_handle().render(),
    )
}
