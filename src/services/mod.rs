//! Services: the product's operations on the database. They never import `bot` or `http`.

pub mod chat_state;
pub mod roles;
pub mod updates;
pub mod users;
