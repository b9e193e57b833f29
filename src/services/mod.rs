//! Services: the product's operations on the database. They never import `bot` or `http`.

pub mod admin_stats;
pub mod audit;
pub mod availability;
pub mod bans;
pub mod booking;
pub mod broadcast;
pub mod calls;
pub mod chat_state;
pub mod disputes;
pub mod earnings;
pub mod limits;
pub mod payments;
pub mod privacy;
pub mod profile_edits;
pub mod profiles;
pub mod reports;
pub mod reschedule;
pub mod reviews;
pub mod roles;
pub mod updates;
pub mod users;
