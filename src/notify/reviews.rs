//! The review reminder: once, `reviews.reminder_hours` after the user was asked (or, for a call
//! whose provider saw no joins, after it completed), if they have neither reviewed nor disputed it.

use tracing::warn;

use crate::services::booking::Booking;
use crate::services::reviews;
use crate::state::AppState;

const BATCH: u64 = 100;

/// Notes a completed call whose user is asked for stars only after "did it take place?" — so
/// the reminder still comes if that question is never answered.
pub async fn asked_later(app: &AppState, booking: &Booking) {
    if let Err(e) = reviews::asked(&app.db, booking.id, booking.user_id, app.now()).await {
        warn!(booking_id = %booking.id, error = %e, "review request not recorded");
    }
}

/// Sends the reminders that are due; each is claimed first, so it goes out once.
pub async fn remind_due(app: &AppState) -> Result<(), sea_orm::DbErr> {
    let after = time::Duration::hours(i64::from(app.config.reviews.reminder_hours));
    for id in reviews::due_reminders(&app.db, app.now(), after, BATCH).await? {
        if !reviews::claim_reminder(&app.db, id, app.now()).await? {
            continue;
        }
        match app.bookings().get(id).await {
            Ok(booking) if booking.status == crate::domain::booking::BookingStatus::Completed => {
                crate::bot::user::review::remind(app, &booking).await;
            }
            Ok(_) => {}
            Err(e) => warn!(booking_id = %id, error = %e, "review reminder skipped"),
        }
    }
    Ok(())
}
