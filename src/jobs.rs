//! Background work of the server process. Each job is safe with several replicas on one
//! database: it only ever changes rows through conditional statements.

pub mod broadcast;

use tokio::task::JoinHandle;
use tracing::{debug, warn};

use crate::services::updates;
use crate::startup::HOUSEKEEPING_INTERVAL;
use crate::state::AppState;

/// Update ids are kept a little longer than Telegram's 24 h redelivery window.
const UPDATE_ID_RETENTION: time::Duration = time::Duration::hours(48);

/// Handles of the running workers; aborting stops them all.
pub struct Workers(Vec<JoinHandle<()>>);

impl Workers {
    pub fn abort(self) {
        for handle in self.0 {
            handle.abort();
        }
    }
}

pub fn spawn(state: AppState) -> Workers {
    let mut workers = Vec::new();
    if state.telegram.is_configured() {
        workers.push(broadcast::spawn(state.clone()));
    }
    let housekeeping = tokio::spawn(async move {
        let mut tick = tokio::time::interval(HOUSEKEEPING_INTERVAL);
        loop {
            tick.tick().await;
            match updates::prune(&state.db, state.now() - UPDATE_ID_RETENTION).await {
                Ok(n) => debug!(pruned = n, "old update ids pruned"),
                Err(e) => warn!(error = %e, "could not prune old update ids"),
            }
        }
    });
    workers.push(housekeeping);
    Workers(workers)
}
