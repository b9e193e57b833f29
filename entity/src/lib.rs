//! SeaORM entities of PNP Live, one module per table (see `migration/` for the schema itself).

pub mod prelude;

pub mod chat_states;
pub mod processed_updates;
pub mod user_roles;
pub mod users;
