//! The outbox sender: sends the calls updates queued in the `outbox` table
//! ([`crate::telegram::outbox`]) once their `not_before` has passed.
//!
//! Each chat's rows go in id order: a chat whose oldest open row is not due, is leased by
//! another sender or fails is left for a later pass, so nothing of it overtakes that row. A row
//! is claimed (a lease) before it is sent and marked sent after; a new 429 pushes its
//! `not_before` on by the `retry_after`; a 403 (the user blocked the bot) or a 400 gives it up;
//! other failures are tried again later, up to [`MAX_ATTEMPTS`] times.

use std::collections::{HashMap, HashSet};

use tracing::{debug, info, warn};

use crate::state::AppState;
use crate::telegram::{outbox, TelegramError};

/// Open rows read per pass.
const BATCH: u64 = 500;
/// Attempts of one row before it is given up (429s do not count towards giving up early: each
/// one pushes `not_before`, so they are bounded by Telegram's own waits).
const MAX_ATTEMPTS: i32 = 20;
/// The wait before a row that failed for another reason (a 5xx, the network) is tried again.
const RETRY_AFTER_FAILURE: time::Duration = time::Duration::seconds(30);

/// One pass over the due rows. Returns how many were sent.
pub async fn send_due(state: &AppState) -> usize {
    let rows = match outbox::open(&state.db, BATCH).await {
        Ok(rows) => rows,
        Err(e) => {
            warn!(error = %e, "could not read the outbox");
            return 0;
        }
    };
    let pacer = state.telegram.pacer();
    // Each chat's generation as this pass found it: a chat drained of every row read is open
    // to fresh calls again, unless one was queued meanwhile (see `Pacer::drained`).
    //
    // A row leased right now (an update making its calls after its commit, or another sender)
    // is being made: it holds back its chat's later rows below, but does not make the chat's
    // fresh calls wait for this sender.
    let now = state.now();
    let generations: HashMap<i64, u64> = rows
        .iter()
        .filter(|row| row.claimed_until.is_none_or(|until| until < now))
        .map(|row| (row.chat_id, pacer.seen_queued(row.chat_id)))
        .collect();
    let complete = (rows.len() as u64) < BATCH;
    let mut held_back: HashSet<i64> = HashSet::new();
    let mut sent = 0;
    for row in rows {
        if held_back.contains(&row.chat_id) {
            continue;
        }
        let now = state.now();
        let claimed = row.not_before <= now
            && match outbox::claim(&state.db, row.id, now).await {
                Ok(claimed) => claimed,
                Err(e) => {
                    warn!(outbox_id = row.id, error = %e, "could not claim an outbox row");
                    false
                }
            };
        if !claimed {
            held_back.insert(row.chat_id);
            continue;
        }
        if send_one(state, &row).await {
            sent += 1;
        } else {
            held_back.insert(row.chat_id);
        }
    }
    if complete {
        for (chat, generation) in generations {
            if !held_back.contains(&chat) {
                pacer.drained(chat, generation);
            }
        }
    }
    sent
}

/// Sends one claimed row and records the outcome; `true` when it is done with (sent or given
/// up), so the chat's next row may follow.
async fn send_one(state: &AppState, row: &entity::outbox::Model) -> bool {
    let body: serde_json::Value = match serde_json::from_str(&row.payload) {
        Ok(body) => body,
        Err(e) => {
            warn!(outbox_id = row.id, error = %e, "an outbox row's payload is not JSON; giving it up");
            record(
                outbox::give_up(&state.db, row.id, state.now(), "payload is not JSON").await,
                row.id,
            );
            return true;
        }
    };
    if row.method == "sendInvoice" && !still_payable(state, &body).await {
        info!(outbox_id = row.id, "queued invoice outlived its hold; not sent");
        record(
            outbox::give_up(&state.db, row.id, state.now(), "the hold is over").await,
            row.id,
        );
        return true;
    }
    let result = state.telegram.send_from_outbox(&row.method, &body).await;
    let now = state.now();
    match result {
        Ok(()) => {
            debug!(
                outbox_id = row.id,
                method = row.method,
                chat_id = row.chat_id,
                "outbox row sent"
            );
            record(outbox::sent(&state.db, row.id, now).await, row.id);
            true
        }
        Err(TelegramError::RateLimited(wait)) => {
            let wait = time::Duration::try_from(wait).unwrap_or(RETRY_AFTER_FAILURE);
            info!(
                outbox_id = row.id,
                retry_after = wait.whole_seconds(),
                "outbox row rate limited again"
            );
            record(
                outbox::retry_at(&state.db, row.id, now + wait, "429").await,
                row.id,
            );
            false
        }
        Err(e @ (TelegramError::Blocked(_) | TelegramError::Api { code: 400, .. })) => {
            warn!(outbox_id = row.id, method = row.method, chat_id = row.chat_id, error = %e, "outbox row refused; giving it up");
            record(
                outbox::give_up(&state.db, row.id, now, &e.to_string()).await,
                row.id,
            );
            true
        }
        Err(e) if row.attempts + 1 >= MAX_ATTEMPTS => {
            warn!(outbox_id = row.id, method = row.method, chat_id = row.chat_id, error = %e, "outbox row kept failing; giving it up");
            record(
                outbox::give_up(&state.db, row.id, now, &e.to_string()).await,
                row.id,
            );
            true
        }
        Err(e) => {
            warn!(outbox_id = row.id, error = %e, "outbox row not sent; will retry");
            record(
                outbox::retry_at(&state.db, row.id, now + RETRY_AFTER_FAILURE, &e.to_string()).await,
                row.id,
            );
            false
        }
    }
}

/// Whether a queued invoice's booking can still be paid: an invoice that waited out its hold is
/// not sent (pre-checkout would refuse it; the expiry notice tells the user instead).
async fn still_payable(state: &AppState, body: &serde_json::Value) -> bool {
    use crate::domain::booking::BookingStatus;
    let Some(payload) = body["payload"].as_str() else {
        return true;
    };
    match state.bookings().by_payload(payload).await {
        Ok(Some(booking)) => {
            matches!(
                booking.status,
                BookingStatus::Held | BookingStatus::AwaitingPayment
            ) && booking.hold_expires_at.is_none_or(|until| until > state.now())
        }
        Ok(None) => true,
        // Unknown: sending it is the safe side (pre-checkout checks again).
        Err(_) => true,
    }
}

/// A failed write leaves the row leased: it is taken up again when the lease runs out.
fn record(written: Result<(), sea_orm::DbErr>, id: i64) {
    if let Err(e) = written {
        warn!(outbox_id = id, error = %e, "could not record an outbox row's outcome");
    }
}
