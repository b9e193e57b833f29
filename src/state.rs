//! The state every request handler and background job shares.

use std::sync::Arc;

use time::OffsetDateTime;

use crate::bot::limiter::UpdateLimiter;
use crate::clock::Clock;
use crate::config::Config;
use crate::services::availability::ScheduleCache;
use crate::services::booking::{BookingService, HoldLimits};
use crate::services::updates::Journal;
use crate::telegram::Telegram;
use crate::video::VideoProvider;

#[derive(Clone)]
pub struct AppState {
    pub db: crate::db::Db,
    pub telegram: Telegram,
    pub config: Arc<Config>,
    pub clock: Arc<dyn Clock>,
    pub video: Arc<dyn VideoProvider>,
    /// Performers' schedules, shared by every booking service of this process.
    pub schedules: ScheduleCache,
    /// Renews the claims of this process's updates in flight (`services::updates`).
    pub journal: Journal,
    /// The per-person limit on updates (`abuse.*`).
    pub limiter: Arc<UpdateLimiter>,
    /// Turns for webhook requests (`telegram.max_updates_in_flight`).
    pub updates_in_flight: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    pub fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    pub fn bookings(&self) -> BookingService {
        let payments = &self.config.payments;
        BookingService::new(self.db.clone(), payments.hold_minutes)
            .with_schedules(self.schedules.clone())
            .with_limits(HoldLimits {
                unpaid: payments.max_unpaid_holds,
                per_hour: payments.max_holds_per_hour,
            })
            .with_commission(payments.commission_percent)
            .with_start_now_acceptance(
                self.config
                    .bookings
                    .start_now_needs_acceptance
                    .then(|| time::Duration::seconds(i64::from(self.config.bookings.start_now_accept_secs))),
            )
    }
}
