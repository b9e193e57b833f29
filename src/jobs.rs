//! Background work of the server process. Each job is safe with several replicas on one
//! database: it only ever changes rows through conditional statements or leases.

use std::time::Duration;

pub mod broadcast;
pub mod outbox;

use tokio::task::JoinHandle;
use tracing::{debug, warn};

use crate::domain::booking::Actor;
use crate::notify::fulfil;
use crate::services::{payments, updates};
use crate::startup::HOUSEKEEPING_INTERVAL;
use crate::state::AppState;

/// Update ids are kept a little longer than Telegram's 24 h redelivery window.
const UPDATE_ID_RETENTION: time::Duration = time::Duration::hours(48);
/// Outbox rows are kept this long after they were sent or given up (to look into).
const OUTBOX_RETENTION: time::Duration = time::Duration::days(7);
/// How much of each kind of work one tick takes on.
const BATCH: u64 = 100;

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
    let housekeeping = {
        let state = state.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(HOUSEKEEPING_INTERVAL);
            loop {
                tick.tick().await;
                match updates::prune(&state.db, state.now() - UPDATE_ID_RETENTION).await {
                    Ok(n) => debug!(pruned = n, "old update ids pruned"),
                    Err(e) => warn!(error = %e, "could not prune old update ids"),
                }
                match crate::telegram::outbox::prune(&state.db, state.now() - OUTBOX_RETENTION).await {
                    Ok(n) => debug!(pruned = n, "old outbox rows pruned"),
                    Err(e) => warn!(error = %e, "could not prune old outbox rows"),
                }
            }
        })
    };
    let bookings = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(state.config.jobs.interval_secs));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            run_booking_jobs(&state).await;
        }
    });
    workers.push(housekeeping);
    workers.push(bookings);
    Workers(workers)
}

/// One pass over the booking work that is due: expired holds, cancel requests unanswered at the
/// start of their call, meeting links not yet sent,
/// refunds not yet made, calls the outbox holds that may go now. Tests call it directly with a manual clock.
pub async fn run_booking_jobs(state: &AppState) {
    let service = state.bookings();
    match service.expire_due(state.now(), BATCH).await {
        Ok(expired) => {
            for done in expired {
                fulfil::perform(state, &done, Actor::System, None).await;
            }
        }
        Err(e) => warn!(error = %e, "hold expiry failed"),
    }
    match service.lapse_cancel_requests(state.now(), BATCH).await {
        Ok(lapsed) => {
            for done in lapsed {
                fulfil::perform(state, &done, Actor::System, None).await;
            }
        }
        Err(e) => warn!(error = %e, "cancel request lapse failed"),
    }
    match service.links_unsent(BATCH).await {
        Ok(unsent) => {
            for booking in unsent {
                if let Err(e) = fulfil::send_links(state, &booking).await {
                    warn!(booking_id = %booking.id, error = %e, "meeting links still not sent");
                }
            }
        }
        Err(e) => warn!(error = %e, "could not look for unsent links"),
    }
    match payments::pending_refunds(&state.db, BATCH).await {
        Ok(pending) => {
            for payment in pending {
                fulfil::refund(state, &payment).await;
            }
        }
        Err(e) => warn!(error = %e, "could not look for pending refunds"),
    }
    crate::notify::calls::run_call_jobs(state).await;
    if state.telegram.is_configured() {
        outbox::send_due(state).await;
    }
}
