//! Database migrations for PNP Live, applied by `pnp-live migrate` and at the start of `pnp-live serve`.

pub use sea_orm_migration::prelude::*;

mod m20261127_000001_create_users;
mod m20261127_000002_create_user_roles;
mod m20261127_000003_create_processed_updates;
mod m20261127_000004_create_chat_states;
mod m20261127_000005_create_performer_tables;
mod m20261127_000006_create_bookings;
mod m20261127_000010_create_call_tracking;
mod m20261128_000001_create_broadcasts;
mod m20261128_000002_schedule_version;
mod m20261201_000001_update_reply;
mod m20261201_000002_refund_lease;
mod m20261201_000003_booking_links;
mod m20261201_000004_create_outbox;
mod m20261201_000005_disputes;
mod m20261202_000001_cancel_requests;
mod m20261202_000101_ledger_and_reviews;
mod m20261202_000201_reschedule;
mod m20261202_000301_links_per_side;
mod m20261202_000401_awaiting_performer;
mod m20261202_000601_bans;
mod m20261202_000701_reports;
mod m20261203_000001_strikes_and_limit_hits;
mod m20261204_000001_flush_money_commits;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_create_users::Migration),
            Box::new(m20261127_000002_create_user_roles::Migration),
            Box::new(m20261127_000003_create_processed_updates::Migration),
            Box::new(m20261127_000004_create_chat_states::Migration),
            Box::new(m20261127_000005_create_performer_tables::Migration),
            Box::new(m20261127_000006_create_bookings::Migration),
            Box::new(m20261127_000010_create_call_tracking::Migration),
            Box::new(m20261128_000001_create_broadcasts::Migration),
            Box::new(m20261128_000002_schedule_version::Migration),
            Box::new(m20261201_000001_update_reply::Migration),
            Box::new(m20261201_000002_refund_lease::Migration),
            Box::new(m20261201_000003_booking_links::Migration),
            Box::new(m20261201_000004_create_outbox::Migration),
            Box::new(m20261201_000005_disputes::Migration),
            Box::new(m20261202_000001_cancel_requests::Migration),
            Box::new(m20261202_000101_ledger_and_reviews::Migration),
            Box::new(m20261202_000201_reschedule::Migration),
            Box::new(m20261202_000301_links_per_side::Migration),
            Box::new(m20261202_000401_awaiting_performer::Migration),
            Box::new(m20261202_000601_bans::Migration),
            Box::new(m20261202_000701_reports::Migration),
            Box::new(m20261203_000001_strikes_and_limit_hits::Migration),
            Box::new(m20261204_000001_flush_money_commits::Migration),
        ]
    }
}
