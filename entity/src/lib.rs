//! SeaORM entities of PNP Live, one module per table (see `migration/` for the schema itself).

#[macro_use]
pub mod names;
pub mod prelude;

pub mod audit_log;
pub mod availability_blocks;
pub mod availability_overrides;
pub mod availability_rules;
pub mod booking_events;
pub mod bookings;
pub mod broadcast_deliveries;
pub mod broadcasts;
pub mod call_participants;
pub mod chat_states;
pub mod currency;
pub mod disputes;
pub mod ledger_entries;
pub mod limit_hits;
pub mod outbox;
pub mod payments;
pub mod performer_profiles;
pub mod performer_rates;
pub mod processed_updates;
pub mod processed_video_events;
pub mod reports;
pub mod reschedule_proposals;
pub mod review_requests;
pub mod reviews;
pub mod user_roles;
pub mod users;
pub mod zone;
